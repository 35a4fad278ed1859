//! The sweep chart: the headline outputs against the first varied parameter,
//! in four panels: TCO difference from the baseline (mean, with its P10-P90
//! band when one parameter is varied), probability of being cheaper, and
//! readiness P50 and P90. One line per compared model and, with two varied
//! parameters, per value of the second.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{self, LegendItem, Swatch};
use super::{Drawing, INK, LABEL_PX, MARGIN_PX, OrMsg, header, house_style, series_colour, text};
use crate::export::format::{grouped, money_compact};
use crate::sweep::{PointResult, Sweep};

/// The sweep chart of one sweep (`sweep.svg`, `sweep.png`).
pub struct SweepChart<'a> {
    sweep: &'a Sweep,
}

/// One line: its label and its points (x, result).
struct Line<'a> {
    label: String,
    points: Vec<(f64, &'a PointResult)>,
}

/// Reads a (low, high) band from a result.
type BandOf = fn(&PointResult) -> (f64, f64);

/// One panel: heading, axis words, and what it reads from a result.
struct Panel {
    heading: &'static str,
    y_desc: String,
    value: fn(&PointResult) -> f64,
    band: Option<BandOf>,
    money: bool,
}

impl<'a> SweepChart<'a> {
    /// The chart of `sweep`.
    pub fn new(sweep: &'a Sweep) -> SweepChart<'a> {
        SweepChart { sweep }
    }

    fn lines(&self) -> Vec<Line<'a>> {
        let s = self.sweep;
        let models: Vec<&str> = s
            .points
            .first()
            .map(|(_, r)| r.iter().map(|r| r.model.as_str()).collect())
            .unwrap_or_default();
        let seconds: Vec<Option<f64>> = match s.parameters.get(1) {
            Some((_, values)) => values.iter().map(|v| Some(*v)).collect(),
            None => vec![None],
        };
        let mut lines = Vec::new();
        for (k, model) in models.iter().enumerate() {
            for second in &seconds {
                let points = s
                    .points
                    .iter()
                    .filter(|(v, _)| second.is_none_or(|w| v.get(1) == Some(&w)))
                    .filter_map(|(v, r)| r.get(k).map(|r| (v[0], r)))
                    .collect();
                let label = match (second, &s.parameters.get(1)) {
                    (Some(w), Some((path, _))) => format!("{model}, {} = {w}", last_part(path)),
                    _ => (*model).to_string(),
                };
                lines.push(Line { label, points });
            }
        }
        lines
    }

    fn panels(&self) -> [Panel; 4] {
        let cur = &self.sweep.currency;
        let one_parameter = self.sweep.parameters.len() == 1;
        [
            Panel {
                heading: "TCO difference from the baseline",
                y_desc: format!("Mean ({cur})"),
                value: |r| r.tco_difference_mean,
                band: one_parameter
                    .then_some(|r: &PointResult| (r.tco_difference_p10, r.tco_difference_p90)),
                money: true,
            },
            Panel {
                heading: "Probability of a lower TCO",
                y_desc: "Share of iterations (%)".into(),
                value: |r| r.probability_cheaper * 100.0,
                band: None,
                money: false,
            },
            Panel {
                heading: "Ready (P50)",
                y_desc: "Weeks until every activity is done".into(),
                value: |r| r.readiness_p50_weeks,
                band: None,
                money: false,
            },
            Panel {
                heading: "Ready (P90)",
                y_desc: "Weeks until every activity is done".into(),
                value: |r| r.readiness_p90_weeks,
                band: None,
                money: false,
            },
        ]
    }

    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        panel: &Panel,
        lines: &[Line],
    ) -> Result<(), String> {
        let xs = &self.sweep.parameters[0].1;
        let (x_lo, x_hi) = (xs[0], xs[xs.len() - 1]);
        let x_pad = ((x_hi - x_lo) * 0.03).max(0.5);
        let mut ys: Vec<f64> = Vec::new();
        for line in lines {
            for (_, r) in &line.points {
                ys.push((panel.value)(r));
                if let Some(band) = panel.band {
                    let (lo, hi) = band(r);
                    ys.extend([lo, hi]);
                }
            }
        }
        let (y_lo, y_hi) = ys
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let y_pad = ((y_hi - y_lo) * 0.08).max(y_hi.abs().max(1.0) * 0.01);
        let (y_lo, y_hi) = if y_lo.is_finite() {
            (y_lo - y_pad, y_hi + y_pad)
        } else {
            (0.0, 1.0)
        };
        let mut chart = ChartBuilder::on(area)
            .caption(panel.heading, text(LABEL_PX + 2, INK))
            .margin(MARGIN_PX / 2)
            .x_label_area_size(60)
            .y_label_area_size(110)
            .build_cartesian_2d(x_lo - x_pad..x_hi + x_pad, y_lo..y_hi)
            .or_msg()?;
        let cur = self.sweep.currency.clone();
        let money = panel.money;
        let y_format = move |v: &f64| {
            if money {
                money_compact(&cur, *v)
            } else if v.abs() >= 1000.0 {
                grouped(*v)
            } else {
                format!("{v:.1}")
            }
        };
        let x_format = |v: &f64| {
            if v.fract() == 0.0 {
                grouped(*v)
            } else {
                format!("{v:.2}")
            }
        };
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc(last_part(&self.sweep.parameters[0].0))
            .y_desc(panel.y_desc.as_str())
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format)
            .draw()
            .or_msg()?;
        for (i, line) in lines.iter().enumerate() {
            let colour = series_colour(i);
            if let Some(band) = panel.band {
                let upper = line.points.iter().map(|(x, r)| (*x, band(r).1));
                let lower = line.points.iter().rev().map(|(x, r)| (*x, band(r).0));
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        upper.chain(lower).collect::<Vec<_>>(),
                        colour.mix(0.18).filled(),
                    )))
                    .or_msg()?;
            }
            let points: Vec<(f64, f64)> = line
                .points
                .iter()
                .map(|(x, r)| (*x, (panel.value)(r)))
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))
                .or_msg()?;
            chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 5, colour.filled())),
                )
                .or_msg()?;
        }
        Ok(())
    }
}

/// The last part of a dotted path: what a person calls the parameter.
fn last_part(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

impl Drawing for SweepChart<'_> {
    fn stem(&self) -> String {
        "sweep".into()
    }

    fn title(&self) -> String {
        format!(
            "Sweep: {}",
            self.sweep
                .parameters
                .iter()
                .map(|(p, _)| p.as_str())
                .collect::<Vec<_>>()
                .join(" × ")
        )
    }

    fn size_px(&self) -> (u32, u32) {
        (1600, 1100)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let s = self.sweep;
        let subtitle = format!(
            "{}: {} points × {} iterations, seed {}, every point on the same random numbers",
            s.scenario,
            s.points.len(),
            grouped(s.iterations as f64),
            s.seed
        );
        let body = header(root, &self.title(), &subtitle)?;
        let lines = self.lines();
        let mut items: Vec<LegendItem> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                LegendItem::new(
                    Swatch::Line {
                        colour: series_colour(i),
                        width_px: 3,
                    },
                    l.label.clone(),
                )
            })
            .collect();
        if s.parameters.len() == 1 {
            items.push(LegendItem::new(
                Swatch::Block(series_colour(0).mix(0.18)),
                "TCO difference P10 to P90",
            ));
        }
        let plot = legend::below(&body, &items)?;
        let panels = self.panels();
        for (area, panel) in plot.split_evenly((2, 2)).iter().zip(&panels) {
            self.draw_panel(area, panel, &lines)?;
        }
        Ok(())
    }
}
