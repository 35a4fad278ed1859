//! Chart 5, readiness S-curves: for one model, the probability that each
//! capability, and the whole model, is ready by each week or date. Read from the
//! summary's readiness percentiles: the curve passes through (P`p`, p%) for
//! every percent p. The whole model's P50 and P90 are marked and dated; the
//! axis ends a little after the latest P99, so a far tail cannot squash it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Axis, when};
use super::legend::{self, LegendItem, Swatch, diamond};
use super::{
    Drawing, INK, LABEL_PX, MARGIN_PX, MUTED, OrMsg, TickedChart, capability_colour, header,
    house_style, run_note, text,
};
use crate::engine::summary::{ModelSummary, Summary};

const DIAMOND_PX: i32 = 9;

pub(crate) struct ReadinessCurves<'a> {
    summary: &'a Summary,
    model: &'a ModelSummary,
    stem: String,
}

/// One curve: its name, colour, line width and percentiles (P0..=P100, weeks).
struct Curve<'a> {
    name: String,
    colour: RGBColor,
    width_px: u32,
    percentiles: &'a [f64],
}

impl<'a> ReadinessCurves<'a> {
    pub(crate) fn new(summary: &'a Summary, model: &'a ModelSummary, stem: &str) -> Self {
        ReadinessCurves {
            summary,
            model,
            stem: stem.to_string(),
        }
    }

    /// Capabilities with activities in this model (colours as on the timeline),
    /// then the whole model.
    fn curves(&self) -> Vec<Curve<'a>> {
        let model = self.model;
        let with_activities = |c: &str| model.activities.iter().any(|a| a.capability == c);
        let mut curves: Vec<Curve> = (model.readiness_percentiles_weeks.iter())
            .filter(|(c, _)| with_activities(c))
            .enumerate()
            .map(|(i, (c, p))| Curve {
                name: c.clone(),
                colour: capability_colour(i),
                width_px: 3,
                percentiles: p,
            })
            .collect();
        if let Some((_, p)) = (model.readiness_percentiles_weeks.iter()).find(|(c, _)| c == "all") {
            curves.push(Curve {
                name: "Whole model ready".into(),
                colour: INK,
                width_px: 5,
                percentiles: p,
            });
        }
        curves
    }

    /// A little after the latest P99.
    fn max_weeks(&self) -> f64 {
        (self.curves().iter())
            .map(|c| c.percentiles[99])
            .fold(1.0, f64::max)
            * 1.1
    }

    fn legend_items(&self) -> Vec<LegendItem> {
        self.curves()
            .into_iter()
            .map(|c| {
                LegendItem::new(
                    Swatch::Line {
                        colour: c.colour,
                        width_px: c.width_px,
                    },
                    c.name,
                )
            })
            .collect()
    }
}

/// (weeks, %) points of a curve, cut at `max_weeks` where it leaves the axis.
fn points(percentiles: &[f64], max_weeks: f64) -> Vec<(f64, f64)> {
    let mut out = vec![(0.0, 0.0)];
    for (p, &weeks) in percentiles.iter().enumerate() {
        let point = (weeks, p as f64);
        if weeks > max_weeks {
            let &(w0, p0) = out.last().unwrap_or(&(0.0, 0.0));
            let share = if weeks > w0 {
                (max_weeks - w0) / (weeks - w0)
            } else {
                0.0
            };
            out.push((max_weeks, p0 + share * (point.1 - p0)));
            return out;
        }
        out.push(point);
    }
    out.push((max_weeks, 100.0));
    out
}

impl Drawing for ReadinessCurves<'_> {
    fn footnote(&self) -> Option<String> {
        Some(run_note(self.summary))
    }

    fn stem(&self) -> String {
        format!("readiness-s-curves-{}", self.stem)
    }

    fn title(&self) -> String {
        format!("Probability of being ready: {}", self.model.name)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let subtitle = "Share of iterations in which each capability is ready by each date";
        let body = header(root, &self.title(), subtitle)?;
        let plot = legend::below(&body, &self.legend_items())?;
        let max_weeks = self.max_weeks();
        let axis = Axis::weeks(self.summary.start_date.as_deref(), max_weeks, 10);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX * 2)
            .margin_top(10)
            .x_label_area_size(70)
            .y_label_area_size(100)
            .build_cartesian_2d(axis.coord(0.0, max_weeks), 0.0..100.0)
            .or_msg()?;
        let date = |v: &f64| axis.label(*v);
        let percent = |v: &f64| format!("{v:.0}%");
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc(&axis.description)
            .y_desc("Probability of being ready")
            .x_label_formatter(&date)
            .y_label_formatter(&percent)
            .y_labels(11)
            .draw()
            .or_msg()?;
        reference_lines(&mut chart, max_weeks)?;
        for curve in self.curves() {
            let style = curve.colour.stroke_width(curve.width_px);
            chart
                .draw_series(LineSeries::new(points(curve.percentiles, max_weeks), style))
                .or_msg()?;
        }
        if let Some(all) = self.curves().last() {
            self.mark(root, &chart, all.percentiles, 50)?;
            self.mark(root, &chart, all.percentiles, 90)?;
        }
        Ok(())
    }
}

impl ReadinessCurves<'_> {
    /// A diamond where the whole model's curve crosses `p`%, with its date.
    fn mark<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &TickedChart<'_, DB>,
        percentiles: &[f64],
        p: usize,
    ) -> Result<(), String> {
        let at = chart.backend_coord(&(percentiles[p], p as f64));
        root.draw(&Polygon::new(diamond(at, DIAMOND_PX), INK.filled()))
            .or_msg()?;
        let label = format!(
            "P{p}: {}",
            when(self.summary.start_date.as_deref(), percentiles[p])
        );
        let style = text(LABEL_PX, INK).pos(Pos::new(HPos::Left, VPos::Center));
        root.draw(&Text::new(label, (at.0 + 16, at.1 + 14), style))
            .or_msg()
    }
}

/// Dashed lines at 50% and 90%, the levels the report quotes.
fn reference_lines<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    max_weeks: f64,
) -> Result<(), String> {
    for level in [50.0, 90.0] {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, level), (max_weeks, level)],
                8,
                6,
                MUTED.stroke_width(2),
            ))
            .or_msg()?;
    }
    Ok(())
}
