//! The cumulative net saving, one line per compared model: by the end of each
//! month of the horizon, the baseline's mean cumulative cash cost minus the
//! model's (means add up, so this is the mean of the saving itself). Above the
//! bold £0 line the model has saved money so far. At the end of the horizon a
//! whisker spans the saving's P10 to P90 over the whole horizon (the negated
//! TCO difference's P90 to P10); the month in which the P50 break-even falls is
//! marked and labelled, with the share of futures that never pay back within
//! the horizon. Month m's figure is plotted at the end of month m.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::Axis;
use super::finding::saving_title;
use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, INK, LABEL_PX, MARGIN_PX, OrMsg, header, house_style, model_colour, money_short,
    run_note, text,
};
use crate::engine::record::Difference;
use crate::engine::summary::Summary;
use crate::export::format::{chance, money_compact};
use crate::export::verdict::payback_when;

pub(crate) struct CumulativeSaving<'a> {
    summary: &'a Summary,
}

/// One compared model's line: its position in the scenario and (end of
/// month, mean cumulative saving) from month 0.
struct SavingLine {
    model: usize,
    points: Vec<(f64, f64)>,
}

impl<'a> CumulativeSaving<'a> {
    pub(crate) fn new(summary: &'a Summary) -> CumulativeSaving<'a> {
        CumulativeSaving { summary }
    }

    fn lines(&self) -> Vec<SavingLine> {
        let models = &self.summary.models;
        let Some(base) = models.first() else {
            return Vec::new();
        };
        (self.summary.comparisons.iter())
            .filter_map(|c| {
                let m = models.iter().position(|m| m.id == c.id)?;
                let points = std::iter::once((0.0, 0.0))
                    .chain(base.monthly.iter().zip(&models[m].monthly).map(|(b, x)| {
                        (
                            (b.month + 1) as f64,
                            b.cumulative_cost.mean - x.cumulative_cost.mean,
                        )
                    }))
                    .collect();
                Some(SavingLine { model: m, points })
            })
            .collect()
    }
}

impl Drawing for CumulativeSaving<'_> {
    fn stem(&self) -> String {
        "cumulative-saving".into()
    }

    fn title(&self) -> String {
        match self.summary.comparisons.as_slice() {
            [c] => saving_title(self.summary, c),
            _ => format!(
                "Cumulative saving against {} over {} months",
                self.summary
                    .models
                    .first()
                    .map_or(self.summary.baseline.as_str(), |m| m.name.as_str()),
                self.summary.horizon_months
            ),
        }
    }

    fn footnote(&self) -> Option<String> {
        Some(run_note(self.summary))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let cur = &self.summary.currency;
        let subtitle = format!(
            "Mean cash saved so far against {}; above {} the change has paid for itself",
            self.summary
                .models
                .first()
                .map_or(self.summary.baseline.as_str(), |m| m.name.as_str()),
            money_compact(cur, 0.0)
        );
        let body = header(root, &self.title(), &subtitle)?;
        let lines = self.lines();
        let mut items = Vec::new();
        for (line, c) in lines.iter().zip(&self.summary.comparisons) {
            let colour = model_colour(line.model);
            items.push(LegendItem::new(
                Swatch::Line {
                    colour,
                    width_px: 4,
                },
                format!("{}: mean saving so far", c.name),
            ));
            let d = c.difference(Difference::Tco);
            items.push(LegendItem::new(
                Swatch::Whisker(colour),
                format!(
                    "Saving over {} months, P10 {} to P90 {}",
                    self.summary.horizon_months,
                    money_short(cur, -d.p90),
                    money_short(cur, -d.p10)
                ),
            ));
        }
        let plot = legend::below(&body, &items)?;
        let horizon = self.summary.horizon_months as f64;
        let mut lo: f64 = 0.0;
        let mut hi: f64 = 0.0;
        for line in &lines {
            for p in &line.points {
                (lo, hi) = (lo.min(p.1), hi.max(p.1));
            }
        }
        for c in &self.summary.comparisons {
            let d = c.difference(Difference::Tco);
            (lo, hi) = (lo.min(-d.p90), hi.max(-d.p10));
        }
        let pad = ((hi - lo) * 0.08).max(1.0);
        let axis = Axis::months(
            self.summary.start_date.as_deref(),
            self.summary.horizon_months,
        );
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX * 3)
            .margin_top(10)
            .x_label_area_size(70)
            .y_label_area_size(100)
            .build_cartesian_2d(
                axis.coord(0.0, horizon + horizon * 0.04),
                lo - pad..hi + pad,
            )
            .or_msg()?;
        let money = |v: &f64| money_compact(cur, *v);
        let month_label = |v: &f64| axis.label(*v);
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc(&axis.description)
            .y_desc(format!("Cumulative saving ({cur})"))
            .x_label_formatter(&month_label)
            .y_label_formatter(&money)
            .y_labels(8)
            .draw()
            .or_msg()?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (horizon, 0.0)],
                INK.stroke_width(3),
            )))
            .or_msg()?;
        let count = lines.len().max(1) as f64;
        for (k, (line, c)) in lines.iter().zip(&self.summary.comparisons).enumerate() {
            let colour = model_colour(line.model);
            let area: Vec<(f64, f64)> = (line.points.iter().copied())
                .chain(line.points.iter().rev().map(|p| (p.0, 0.0)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(area, colour.mix(0.12))))
                .or_msg()?;
            chart
                .draw_series(LineSeries::new(
                    line.points.iter().copied(),
                    colour.stroke_width(4),
                ))
                .or_msg()?;
            let d = c.difference(Difference::Tco);
            let x = horizon + horizon * 0.01 * (1.0 + k as f64) / count * 2.0;
            let cap = horizon * 0.006;
            for path in [
                vec![(x, -d.p90), (x, -d.p10)],
                vec![(x - cap, -d.p90), (x + cap, -d.p90)],
                vec![(x - cap, -d.p10), (x + cap, -d.p10)],
            ] {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        path,
                        colour.stroke_width(3),
                    )))
                    .or_msg()?;
            }
            let base = plot.get_base_pixel();
            let b = &c.break_even_month;
            let label = match b.p50 {
                Some(month) => {
                    let at = line.points.get(month).map_or(0.0, |p| p.1);
                    chart
                        .draw_series(std::iter::once(Circle::new(
                            (month as f64, at),
                            9,
                            colour.stroke_width(3),
                        )))
                        .or_msg()?;
                    let (px, py) = chart.backend_coord(&(month as f64, at));
                    let (date, elapsed) = payback_when(self.summary, month);
                    let when = date.map_or(elapsed.clone(), |d| format!("{d} ({elapsed})"));
                    let label = format!(
                        "{} pays back by {when} in half of futures; {} never within {} months",
                        c.name,
                        chance(b.share_not_within_horizon),
                        self.summary.horizon_months
                    );
                    (label, px, py)
                }
                None => {
                    let (px, py) = chart.backend_coord(&(0.0, hi));
                    let label = format!(
                        "{}: no payback within {} months in half of futures ({} never pay back)",
                        c.name,
                        self.summary.horizon_months,
                        chance(b.share_not_within_horizon)
                    );
                    (label, px, py)
                }
            };
            let (words, px, py) = label;
            let style = text(LABEL_PX, INK);
            let width = plot.estimate_text_size(&words, &style).or_msg()?.0 as i32;
            let plot_right = chart.backend_coord(&(horizon, 0.0)).0;
            let (x, anchor) = if px + 14 + width <= plot_right {
                (px + 14, HPos::Left)
            } else {
                (px - 14, HPos::Right)
            };
            let style = style.pos(Pos::new(anchor, VPos::Bottom));
            plot.draw(&Text::new(
                words,
                (
                    x - base.0,
                    py - base.1 - 14 - k as i32 * (LABEL_PX as i32 + 8),
                ),
                style,
            ))
            .or_msg()?;
        }
        Ok(())
    }
}
