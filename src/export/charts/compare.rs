//! The compare chart (`compare.svg`, `compare.png`): what changes from file A to
//! file B. One row per money mean of each model both files define (TCO, setup,
//! run, opportunity and economic cost, NPV) and per comparison (TCO difference
//! from the baseline): a bar from £0 to B − A in the model's colour (models in
//! A's order, as in a run's charts), with a whisker of ±2 standard errors of
//! the difference (sqrt(se_A² + se_B²), an upper bound for these paired runs).
//! Rows with no difference in either file are left out. The title says which
//! row moved most.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, HEADER_PX, INK, LABEL_PX, MARGIN_PX, MUTED, NOTE_PX, OrMsg, WIDTH_PX, header,
    house_style, model_colour, money_short, text, wrap_words,
};
use crate::analysis::compare::{Comparison, Section, Unit};
use crate::export::format::{grouped, money_compact};

const ROW_PX: u32 = 44;
const NAMES_PX: u32 = 520;
const FRAME_PX: u32 = HEADER_PX as u32 + 130 + 90;

/// The compare chart of one comparison.
pub struct CompareChart<'a> {
    comparison: &'a Comparison,
}

/// One bar: its label, what it measures, model position (colour), B − A and
/// its standard error.
struct Bar {
    label: String,
    what: String,
    model: usize,
    difference: f64,
    se: f64,
}

impl<'a> CompareChart<'a> {
    /// The chart of `comparison`.
    pub fn new(comparison: &'a Comparison) -> CompareChart<'a> {
        CompareChart { comparison }
    }

    fn bars(&self) -> Vec<Bar> {
        let c = self.comparison;
        c.rows
            .iter()
            .filter(|r| r.unit == Unit::Money && r.statistic.ends_with(".mean"))
            .filter_map(|r| {
                let difference = r.difference()?;
                let model = c.models.iter().position(|m| m.id == r.model)?;
                if difference == 0.0 {
                    return None;
                }
                let name = &c.models[model].name;
                let what = r.label.trim().trim_end_matches(", mean ±se");
                let what = match r.section {
                    Section::Model => what.to_string(),
                    Section::Comparison => format!("{what} from the baseline"),
                };
                Some(Bar {
                    label: format!("{name}: {what}"),
                    what: format!(
                        "{name}'s {}",
                        what.to_lowercase()
                            .replace("tco", "TCO")
                            .replace("npv", "NPV")
                    ),
                    model,
                    difference,
                    se: r.difference_se().unwrap_or(0.0),
                })
            })
            .collect()
    }
}

impl Drawing for CompareChart<'_> {
    fn stem(&self) -> String {
        "compare".into()
    }

    fn title(&self) -> String {
        let c = self.comparison;
        let bars = self.bars();
        let largest = bars
            .iter()
            .max_by(|a, b| a.difference.abs().total_cmp(&b.difference.abs()));
        match largest {
            Some(bar) => {
                let verb = if bar.difference > 0.0 {
                    "rises"
                } else {
                    "falls"
                };
                format!(
                    "{} {verb} most from {} to {}, by {}",
                    bar.what,
                    c.a.label,
                    c.b.label,
                    money_short(&c.currency, bar.difference.abs())
                )
            }
            None => format!("{} and {} give the same costs", c.a.label, c.b.label),
        }
    }

    fn footnote(&self) -> Option<String> {
        let c = self.comparison;
        Some(format!(
            "{} vs {}: {} iterations each, seed {}, the same random numbers",
            c.a.file,
            c.b.file,
            grouped(c.iterations as f64),
            c.seed
        ))
    }

    fn size_px(&self) -> (u32, u32) {
        (
            WIDTH_PX,
            FRAME_PX + ROW_PX * self.bars().len().max(1) as u32,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let c = self.comparison;
        let cur = &c.currency;
        let subtitle = format!(
            "Change in each mean over {} months, B − A; right of {} B costs more",
            c.horizon_months,
            money_compact(cur, 0.0)
        );
        let body = header(root, &self.title(), &subtitle)?;
        let mut items: Vec<LegendItem> = c
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| LegendItem::new(Swatch::Block(model_colour(i).to_rgba()), m.name.clone()))
            .collect();
        items.push(LegendItem::new(
            Swatch::Whisker(INK),
            "±2 standard errors of the change",
        ));
        let plot = legend::below(&body, &items)?;
        let bars = self.bars();
        let count = bars.len().max(1) as f64;
        let reach = bars
            .iter()
            .map(|b| b.difference.abs() + 2.0 * b.se)
            .fold(0.0, f64::max)
            .max(1.0)
            * 1.25;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX * 2)
            .margin_top(10)
            .x_label_area_size(70)
            .y_label_area_size(NAMES_PX)
            .build_cartesian_2d(-reach..reach, 0.0..count)
            .or_msg()?;
        let money = |v: &f64| money_compact(cur, *v);
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.disable_y_mesh()
            .y_labels(0)
            .x_labels(7)
            .x_desc(format!("B − A ({cur})"))
            .x_label_formatter(&money)
            .draw()
            .or_msg()?;
        let base = plot.get_base_pixel();
        for (i, bar) in bars.iter().enumerate() {
            let y = count - i as f64 - 0.5;
            let colour = model_colour(bar.model);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - 0.3), (bar.difference, y + 0.3)],
                    colour.filled(),
                )))
                .or_msg()?;
            if bar.se > 0.0 {
                let (lo, hi) = (bar.difference - 2.0 * bar.se, bar.difference + 2.0 * bar.se);
                for path in [
                    vec![(lo, y), (hi, y)],
                    vec![(lo, y - 0.15), (lo, y + 0.15)],
                    vec![(hi, y - 0.15), (hi, y + 0.15)],
                ] {
                    chart
                        .draw_series(std::iter::once(PathElement::new(path, INK.stroke_width(2))))
                        .or_msg()?;
                }
            }
            let end = bar.difference + 2.0 * bar.se * bar.difference.signum();
            let (x, y_px) = chart.backend_coord(&(end, y));
            let (x, anchor) = if bar.difference >= 0.0 {
                (x + 8, HPos::Left)
            } else {
                (x - 8, HPos::Right)
            };
            let sign = if bar.difference > 0.0 { "+" } else { "−" };
            plot.draw(&Text::new(
                format!("{sign}{}", money_short(cur, bar.difference.abs())),
                (x - base.0, y_px - base.1),
                text(NOTE_PX, INK).pos(Pos::new(anchor, VPos::Center)),
            ))
            .or_msg()?;
            let name_style = text(LABEL_PX, INK).pos(Pos::new(HPos::Left, VPos::Center));
            let lines = wrap_words(root, &bar.label, &name_style, NAMES_PX as i32 - 24, 2)?;
            let half = LABEL_PX as i32 / 2 + 1;
            for (k, line) in lines.iter().enumerate() {
                let offset = if lines.len() > 1 {
                    (k as i32 * 2 - 1) * half
                } else {
                    0
                };
                root.draw(&Text::new(
                    line.clone(),
                    (MARGIN_PX, y_px + offset),
                    name_style.clone(),
                ))
                .or_msg()?;
            }
        }
        if bars.is_empty() {
            let (x, y) = chart.backend_coord(&(0.0, count / 2.0));
            plot.draw(&Text::new(
                "No mean differs between the two files",
                (x - base.0, y - base.1),
                text(LABEL_PX, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .or_msg()?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, count)],
                INK.stroke_width(3),
            )))
            .or_msg()?;
        Ok(())
    }
}
