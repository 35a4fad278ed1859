//! Chart 6, the tornado: which uncertain inputs move one output of one compared
//! model (its TCO difference from the baseline, or its readiness) the most. One
//! row per input, largest swing at the top: a bar from the output's mean when
//! the input is in its bottom decile to its mean when the input is in its top
//! decile, split at the output's overall mean, so the colour says which end of
//! the input pushes the output which way. The swing and the rank correlation
//! are printed at the row's end.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, HEADER_PX, INK, LABEL_PX, MARGIN_PX, MUTED, NOTE_PX, OrMsg, WIDTH_PX, fit, header,
    house_style, run_note, series_colour, text,
};
use crate::analysis::sensitivity::InputEffect;
use crate::analysis::{OutputSensitivity, Unit};
use crate::engine::summary::Summary;
use crate::export::format::{figure, money_compact};

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
            Unit::Money => money_compact(&self.summary.currency, v),
            Unit::Weeks => figure(v),
        }
    }

    fn signed(&self, v: f64) -> String {
        let sign = if v > 0.0 { "+" } else { "" };
        format!("{sign}{}", self.value(v))
    }

    /// The axis range: every bar end and the mean, padded.
    fn range(&self) -> (f64, f64) {
        let ends = self
            .rows()
            .iter()
            .flat_map(|e| [e.low_mean, e.high_mean])
            .filter(|v| v.is_finite());
        let (lo, hi) = ends.fold((self.output.mean, self.output.mean), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let pad = ((hi - lo) * 0.06)
            .max(lo.abs().max(hi.abs()) * 0.01)
            .max(1e-6);
        (lo - pad, hi + pad)
    }

    fn output_words(&self) -> String {
        match self.output.unit {
            Unit::Money => format!(
                "TCO difference from {} ({})",
                self.summary.baseline, self.summary.currency
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
        match self.output.unit {
            Unit::Money => format!("What drives the TCO difference: {}", self.model_name),
            Unit::Weeks => format!("What drives readiness: {}", self.model_name),
        }
    }

    fn size_px(&self) -> (u32, u32) {
        (
            WIDTH_PX,
            FRAME_PX + ROW_PX * self.rows().len().max(1) as u32,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let subtitle = format!(
            "{}. Mean when each input is in its bottom vs top decile (first {} iterations)",
            run_note(self.summary),
            crate::export::format::grouped(self.sample_iterations as f64)
        );
        let body = header(root, &self.title(), &subtitle)?;
        let low = series_colour(0);
        let high = series_colour(1);
        let items = [
            LegendItem::new(Swatch::Block(low.mix(0.85)), "Input low (bottom decile)"),
            LegendItem::new(Swatch::Block(high.mix(0.85)), "Input high (top decile)"),
            LegendItem::new(
                Swatch::Line {
                    colour: INK,
                    width_px: 2,
                },
                format!("Mean {}", self.value(self.output.mean)),
            ),
        ];
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
            for (end, colour) in [(e.low_mean, low), (e.high_mean, high)] {
                if end.is_finite() {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(mean.min(end), y - 0.32), (mean.max(end), y + 0.32)],
                            colour.mix(0.85).filled(),
                        )))
                        .or_msg()?;
                }
            }
            let row_y = chart.backend_coord(&(lo, y)).1;
            let name_style = text(LABEL_PX, INK).pos(Pos::new(HPos::Left, VPos::Center));
            let prefix = format!("models.{}.", self.output.model);
            let path = e.path.strip_prefix(&prefix).unwrap_or(&e.path);
            let label = fit(root, path, &name_style, NAMES_PX as i32 - 24)?;
            root.draw(&Text::new(label, (MARGIN_PX, row_y), name_style))
                .or_msg()?;
            let note = format!("{} · {:.2}", self.signed(e.swing()), e.rank_correlation);
            let note_style = text(NOTE_PX, INK).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(note, (swing_x, row_y), note_style))
                .or_msg()?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(mean, 0.0), (mean, count)],
                INK.stroke_width(2),
            )))
            .or_msg()?;
        Ok(())
    }
}
