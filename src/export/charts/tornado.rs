//! Chart 6, the tornado: which uncertain inputs move one output of one compared
//! model (its TCO difference from the baseline, or its readiness) the most. One
//! row per input, largest swing at the top: a bar from the output's mean when
//! the input is in its bottom decile to its mean when the input is in its top
//! decile, split at the output's overall mean, so the shade says which end of
//! the input pushes the output which way (light grey low, dark grey high: never
//! a model's colour). The money axis always holds £0, drawn bold, since the
//! decision turns on the sign of the difference; the readiness axis is centred
//! on the mean readiness. Each bar end is labelled with the input's value there
//! (its P10 and P90); the swing and the rank correlation are printed at the
//! row's end. Money is written to three significant figures throughout.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, HEADER_PX, INK, INPUT_HIGH, INPUT_LOW, LABEL_PX, MARGIN_PX, MUTED, NOTE_PX, OrMsg,
    WIDTH_PX, header, house_style, money_short, run_note, text, wrap_words,
};
use crate::analysis::sensitivity::InputEffect;
use crate::analysis::{OutputSensitivity, Unit};
use crate::engine::summary::Summary;
use crate::export::format::{chance, figure, visible};
use crate::model::words::Unit as WordsUnit;

/// `text` with its first letter in lower case, for the middle of a sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Inputs shown: the ten with the largest swing.
pub(crate) const ROWS: usize = 10;
const ROW_PX: u32 = 46;
/// Width of the input names, left of the plot.
const NAMES_PX: u32 = 600;
/// Width of the swing column, right of the plot.
const SWING_PX: i32 = 230;
/// Height of everything but the rows: title, axis, legend.
const FRAME_PX: u32 = HEADER_PX as u32 + 130 + 80;

pub(crate) struct Tornado<'a> {
    summary: &'a Summary,
    output: &'a OutputSensitivity,
    /// Iterations the sensitivity was measured on.
    sample_iterations: u64,
    /// Display name of the compared model.
    model_name: String,
    stem: String,
}

impl<'a> Tornado<'a> {
    pub(crate) fn new(
        summary: &'a Summary,
        output: &'a OutputSensitivity,
        sample_iterations: u64,
        model_stem: &str,
    ) -> Self {
        let model_name = summary
            .model(&output.model)
            .map_or(output.model.clone(), |m| m.name.clone());
        let what = match output.unit {
            Unit::Money => "tco-difference",
            Unit::Weeks => "readiness",
        };
        Tornado {
            summary,
            output,
            sample_iterations,
            model_name,
            stem: format!("tornado-{what}-{model_stem}"),
        }
    }

    fn rows(&self) -> &'a [InputEffect] {
        &self.output.effects[..self.output.effects.len().min(ROWS)]
    }

    fn value(&self, v: f64) -> String {
        match self.output.unit {
            Unit::Money => money_short(&self.summary.currency, v),
            Unit::Weeks => figure(v),
        }
    }

    fn signed(&self, v: f64) -> String {
        let sign = if v > 0.0 { "+" } else { "" };
        format!("{sign}{}", self.value(v))
    }

    /// Where the axis is centred: £0 for money, the mean readiness for weeks.
    fn centre(&self) -> f64 {
        match self.output.unit {
            Unit::Money => 0.0,
            Unit::Weeks => self.output.mean,
        }
    }

    /// The axis range: every bar end, the mean and the centre, padded so the
    /// value labels at the bar ends fit, and symmetric about the centre.
    fn range(&self) -> (f64, f64) {
        let ends = self
            .rows()
            .iter()
            .flat_map(|e| [e.low_mean, e.high_mean])
            .filter(|v| v.is_finite());
        let c = self.centre();
        let reach = ends
            .chain([self.output.mean])
            .fold(0.0f64, |r, v| r.max((v - c).abs()));
        let reach = (reach * 1.6).max(c.abs() * 0.01).max(1e-6);
        (c - reach, c + reach)
    }

    /// An input's value with its unit, as the label at a bar end: "£150",
    /// "0.25 incidents", "35%".
    fn input_value(&self, v: f64, unit: WordsUnit) -> String {
        if !v.is_finite() {
            return String::new();
        }
        let cur = &self.summary.currency;
        match unit {
            WordsUnit::Money => money_short(cur, v),
            WordsUnit::Share | WordsUnit::Probability => chance(v),
            WordsUnit::Factor => format!("{}x", figure(v)),
            other => format!("{} {}", figure(v), other.text(cur)),
        }
    }

    /// What a row is called: the input's label, with the model it belongs to
    /// when that is not the compared model (whose chart this is).
    fn input_name(&self, e: &InputEffect) -> String {
        let name = visible(&e.words.label).into_owned();
        match &e.words.model {
            Some(model) if *model != self.model_name => {
                format!("{name} ({})", visible(model))
            }
            _ => name,
        }
    }

    fn output_words(&self) -> String {
        match self.output.unit {
            Unit::Money => format!(
                "TCO difference from {} ({})",
                visible(
                    self.summary
                        .models
                        .first()
                        .map_or(&self.summary.baseline, |m| &m.name)
                ),
                self.summary.currency
            ),
            Unit::Weeks => "Weeks until every activity is done".into(),
        }
    }
}

impl Drawing for Tornado<'_> {
    fn stem(&self) -> String {
        self.stem.clone()
    }

    fn title(&self) -> String {
        let top = self
            .rows()
            .first()
            .map(|e| lower_first(&self.input_name(e)));
        match (self.output.unit, top) {
            (Unit::Money, Some(top)) => {
                format!("{}'s saving depends most on the {top}", self.model_name)
            }
            (Unit::Weeks, Some(top)) => {
                format!("{}'s readiness depends most on the {top}", self.model_name)
            }
            (Unit::Money, None) => format!("What drives the TCO difference: {}", self.model_name),
            (Unit::Weeks, None) => format!("What drives readiness: {}", self.model_name),
        }
    }

    fn footnote(&self) -> Option<String> {
        Some(format!(
            "{}; sensitivity measured on the first {} iterations",
            run_note(self.summary),
            crate::export::format::grouped(self.sample_iterations as f64)
        ))
    }

    fn size_px(&self) -> (u32, u32) {
        (
            WIDTH_PX,
            FRAME_PX + ROW_PX * self.rows().len().max(1) as u32,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let subtitle = match self.output.unit {
            Unit::Money => "Mean TCO difference when each input is in its bottom vs top tenth; left of £0 the model is cheaper",
            Unit::Weeks => "Mean weeks to ready when each input is in its bottom vs top tenth; centred on the mean",
        }
        .replace('£', &crate::export::format::currency_prefix(&self.summary.currency));
        let body = header(root, &self.title(), &subtitle)?;
        let centre_words = match self.output.unit {
            Unit::Money => format!("{} (no difference)", self.value(0.0)),
            Unit::Weeks => format!("Mean {} weeks", self.value(self.output.mean)),
        };
        let mut items = vec![
            LegendItem::new(
                Swatch::Block(INPUT_LOW.to_rgba()),
                "Input low (its bottom tenth)",
            ),
            LegendItem::new(
                Swatch::Block(INPUT_HIGH.to_rgba()),
                "Input high (its top tenth)",
            ),
            LegendItem::new(
                Swatch::Line {
                    colour: INK,
                    width_px: 3,
                },
                centre_words,
            ),
        ];
        if self.output.unit == Unit::Money {
            items.push(LegendItem::new(
                Swatch::Dashed(MUTED),
                format!("Mean difference {}", self.value(self.output.mean)),
            ));
        }
        let plot = legend::below(&body, &items)?;
        let rows = self.rows();
        let count = rows.len().max(1) as f64;
        let (lo, hi) = self.range();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN_PX)
            .margin_right(SWING_PX)
            .margin_top(34)
            .x_label_area_size(70)
            .y_label_area_size(NAMES_PX)
            .build_cartesian_2d(lo..hi, 0.0..count)
            .or_msg()?;
        let format_x = |v: &f64| self.value(*v);
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.disable_y_mesh()
            .y_labels(0)
            .x_labels(7)
            .x_desc(self.output_words())
            .x_label_formatter(&format_x)
            .draw()
            .or_msg()?;
        let swing_x = chart.backend_coord(&(hi, 0.0)).0 + SWING_PX - MARGIN_PX;
        let heading_y = chart.backend_coord(&(lo, count)).1 - 8;
        let style = text(LABEL_PX, MUTED).pos(Pos::new(HPos::Right, VPos::Bottom));
        root.draw(&Text::new("Swing · rank r", (swing_x, heading_y), style))
            .or_msg()?;
        let mean = self.output.mean;
        for (i, e) in rows.iter().enumerate() {
            let y = count - i as f64 - 0.5;
            for (end, colour) in [(e.low_mean, INPUT_LOW), (e.high_mean, INPUT_HIGH)] {
                if end.is_finite() {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(mean.min(end), y - 0.32), (mean.max(end), y + 0.32)],
                            colour.filled(),
                        )))
                        .or_msg()?;
                }
            }
            for (end, value) in [(e.low_mean, e.low_value), (e.high_mean, e.high_value)] {
                if !end.is_finite() {
                    continue;
                }
                let (x, y_px) = chart.backend_coord(&(end, y));
                let (x, anchor) = if end >= mean {
                    (x + 8, HPos::Left)
                } else {
                    (x - 8, HPos::Right)
                };
                let style = text(NOTE_PX, INK).pos(Pos::new(anchor, VPos::Center));
                root.draw(&Text::new(
                    self.input_value(value, e.words.unit),
                    (x, y_px),
                    style,
                ))
                .or_msg()?;
            }
            let row_y = chart.backend_coord(&(lo, y)).1;
            let name_style = text(LABEL_PX, INK).pos(Pos::new(HPos::Left, VPos::Center));
            let name = self.input_name(e);
            let lines = wrap_words(root, &name, &name_style, NAMES_PX as i32 - 24, 2)?;
            let half = LABEL_PX as i32 / 2 + 1;
            for (k, line) in lines.iter().enumerate() {
                let offset = if lines.len() > 1 {
                    (k as i32 * 2 - 1) * half
                } else {
                    0
                };
                root.draw(&Text::new(
                    line.clone(),
                    (MARGIN_PX, row_y + offset),
                    name_style.clone(),
                ))
                .or_msg()?;
            }
            let note = format!("{} · {:.2}", self.signed(e.swing()), e.rank_correlation);
            let note_style = text(NOTE_PX, INK).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(note, (swing_x, row_y), note_style))
                .or_msg()?;
        }
        if self.output.unit == Unit::Money {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(mean, 0.0), (mean, count)],
                    8,
                    6,
                    MUTED.stroke_width(2),
                ))
                .or_msg()?;
        }
        let c = self.centre();
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(c, 0.0), (c, count)],
                INK.stroke_width(3),
            )))
            .or_msg()?;
        Ok(())
    }
}
