//! The sweep chart: the headline outputs against the first varied parameter,
//! in up to four panels: TCO difference from the baseline (mean, with its
//! P10-P90 band when one parameter is varied, a bold £0 line and the value at
//! which the first line crosses it), probability of being cheaper (on a full 0
//! to 100% axis), and readiness P50 and P90. A panel whose lines are flat over
//! the whole sweep is left out. One line per compared model, in the model's
//! colour, and, with two varied parameters, per value of the second (dashed
//! lines for values after the first). The title answers the sweep's question:
//! where the model stops (or starts) paying off, found by linear
//! interpolation between the two points whose mean difference changes sign.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{self, LegendItem, Swatch};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    Drawing, INK, LABEL_PX, MARGIN_PX, MUTED, NOTE_PX, OrMsg, header, house_style, model_colour,
    text,
};
use crate::export::format::{figure, grouped, money_compact, visible};

/// `text` with its first letter in lower case, for the middle of a sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
use crate::sweep::{PointResult, Sweep};

/// The sweep chart of one sweep (`sweep.svg`, `sweep.png`).
pub struct SweepChart<'a> {
    sweep: &'a Sweep,
}

/// One line: its label, its model's position in the scenario (its colour),
/// whether it is dashed, and its points (x, result).
struct Line<'a> {
    label: String,
    model: usize,
    dashed: bool,
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
    percent: bool,
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
            for (j, second) in seconds.iter().enumerate() {
                let points = s
                    .points
                    .iter()
                    .filter(|(v, _)| second.is_none_or(|w| v.get(1) == Some(&w)))
                    .filter_map(|(v, r)| r.get(k).map(|r| (v[0], r)))
                    .collect();
                let name = visible(s.model_name(model)).into_owned();
                let label = match (second, s.parameter_labels.get(1)) {
                    (Some(w), Some(words)) => format!("{name}, {} = {w}", visible(words)),
                    _ => name,
                };
                lines.push(Line {
                    label,
                    model: s.model_position(model).unwrap_or(k + 1),
                    dashed: j > 0,
                    points,
                });
            }
        }
        lines
    }

    /// Where the first line's mean TCO difference crosses zero: (x, whether
    /// the model is cheaper below it), or None when it does not cross.
    fn crossover(&self) -> Option<(f64, bool)> {
        let lines = self.lines();
        let line = lines.first()?;
        line.points.windows(2).find_map(|w| {
            let ((x0, r0), (x1, r1)) = (w[0], w[1]);
            let (y0, y1) = (r0.tco_difference_mean, r1.tco_difference_mean);
            if (y0 < 0.0) == (y1 < 0.0) || !(y0.is_finite() && y1.is_finite()) {
                return None;
            }
            let x = x0 + (x1 - x0) * (0.0 - y0) / (y1 - y0);
            Some((x, y0 < 0.0))
        })
    }

    /// The varied parameter as a person calls it.
    fn parameter_words(&self) -> String {
        match self.sweep.parameter_labels.first() {
            Some(words) => visible(words).into_owned(),
            None => last_part(&self.sweep.parameters[0].0).replace('_', " "),
        }
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
                percent: false,
            },
            Panel {
                heading: "Chance of a lower TCO",
                y_desc: "Share of futures".into(),
                value: |r| r.probability_cheaper * 100.0,
                band: None,
                money: false,
                percent: true,
            },
            Panel {
                heading: "Ready (P50)",
                y_desc: "Weeks until every activity is done".into(),
                value: |r| r.readiness_p50_weeks,
                band: None,
                money: false,
                percent: false,
            },
            Panel {
                heading: "Ready (P90)",
                y_desc: "Weeks until every activity is done".into(),
                value: |r| r.readiness_p90_weeks,
                band: None,
                money: false,
                percent: false,
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
        // Money always shows £0; a probability its whole 0 to 100% range.
        let (y_lo, y_hi) = if panel.money {
            (y_lo.min(0.0), y_hi.max(0.0))
        } else {
            (y_lo, y_hi)
        };
        let y_pad = ((y_hi - y_lo) * 0.08).max(y_hi.abs().max(1.0) * 0.01);
        let (y_lo, y_hi) = if panel.percent {
            (0.0, 100.0)
        } else if y_lo.is_finite() {
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
        let percent = panel.percent;
        let y_format = move |v: &f64| {
            if money {
                money_compact(&cur, *v)
            } else if percent {
                format!("{v:.0}%")
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
        mesh.x_desc(self.parameter_words())
            .y_desc(panel.y_desc.as_str())
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format)
            .draw()
            .or_msg()?;
        if panel.money {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x_lo - x_pad, 0.0), (x_hi + x_pad, 0.0)],
                    INK.stroke_width(2),
                )))
                .or_msg()?;
            if let Some((x, _)) = self.crossover() {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(x, y_lo), (x, y_hi)],
                        8,
                        6,
                        MUTED.stroke_width(2),
                    ))
                    .or_msg()?;
                let (px, py) = chart.backend_coord(&(x, y_hi));
                let style = text(NOTE_PX, INK).pos(Pos::new(HPos::Left, VPos::Top));
                let anchor_right = px > chart.backend_coord(&(x_hi, y_hi)).0 - 220;
                let (px, style) = if anchor_right {
                    (px - 8, style.pos(Pos::new(HPos::Right, VPos::Top)))
                } else {
                    (px + 8, style)
                };
                area.draw(&Text::new(
                    format!(
                        "crosses {} at {}",
                        money_compact(&self.sweep.currency, 0.0),
                        crossing(x)
                    ),
                    (
                        px - area.get_base_pixel().0,
                        py - area.get_base_pixel().1 + 6,
                    ),
                    style,
                ))
                .or_msg()?;
            }
        }
        for line in lines {
            let colour = model_colour(line.model);
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
            if line.dashed {
                chart
                    .draw_series(DashedLineSeries::new(
                        points.clone(),
                        10,
                        6,
                        colour.stroke_width(3),
                    ))
                    .or_msg()?;
            } else {
                chart
                    .draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))
                    .or_msg()?;
            }
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

/// A crossover value as written: whole when within 0.05 of a whole number
/// ("25 teams"), else as [`figure`] writes it.
fn crossing(x: f64) -> String {
    if (x - x.round()).abs() < 0.05 {
        format!("{:.0}", x.round())
    } else {
        figure(x)
    }
}

/// Whether every line of `panel` is flat over the sweep: nothing to show.
fn flat(panel: &Panel, lines: &[Line]) -> bool {
    let values: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|(_, r)| (panel.value)(r)))
        .filter(|v| v.is_finite())
        .collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    values.is_empty() || hi - lo <= 1e-9 * hi.abs().max(lo.abs()).max(1.0)
}

impl Drawing for SweepChart<'_> {
    fn stem(&self) -> String {
        "sweep".into()
    }

    fn title(&self) -> String {
        let lines = self.lines();
        let Some(line) = lines.first() else {
            return format!("Sweep of {}", self.parameter_words());
        };
        let model = &line.label;
        let words = lower_first(&self.parameter_words());
        match self.crossover() {
            Some((x, true)) => format!("{model} stops paying off above {} {words}", crossing(x)),
            Some((x, false)) => format!("{model} pays off above {} {words}", crossing(x)),
            None => {
                let cheaper = line.points.iter().all(|(_, r)| r.tco_difference_mean < 0.0);
                let verb = if cheaper { "is cheaper" } else { "costs more" };
                format!("{model} {verb} on average at every {words} swept")
            }
        }
    }

    fn footnote(&self) -> Option<String> {
        let s = self.sweep;
        Some(format!(
            "{}: {} points × {} iterations, seed {}, every point on the same random numbers",
            s.scenario,
            s.points.len(),
            grouped(s.iterations as f64),
            s.seed
        ))
    }

    fn size_px(&self) -> (u32, u32) {
        (1600, 1100)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let s = self.sweep;
        let subtitle = format!(
            "Mean TCO difference from the baseline (below {} the model is cheaper), chance of being cheaper, readiness",
            money_compact(&s.currency, 0.0)
        );
        let body = header(root, &self.title(), &subtitle)?;
        let lines = self.lines();
        let mut items: Vec<LegendItem> = lines
            .iter()
            .map(|l| {
                let colour = model_colour(l.model);
                let swatch = if l.dashed {
                    Swatch::Dashed(colour)
                } else {
                    Swatch::Line {
                        colour,
                        width_px: 3,
                    }
                };
                LegendItem::new(swatch, l.label.clone())
            })
            .collect();
        let panels: Vec<Panel> = self
            .panels()
            .into_iter()
            .filter(|p| !flat(p, &lines))
            .collect();
        if s.parameters.len() == 1 && panels.iter().any(|p| p.band.is_some()) {
            items.push(LegendItem::new(
                Swatch::Block(model_colour(lines.first().map_or(1, |l| l.model)).mix(0.18)),
                "TCO difference P10 to P90",
            ));
        }
        let plot = legend::below(&body, &items)?;
        let grid = match panels.len() {
            0 | 1 => (1, 1),
            2 => (1, 2),
            _ => (2, 2),
        };
        for (area, panel) in plot.split_evenly(grid).iter().zip(&panels) {
            self.draw_panel(area, panel, &lines)?;
        }
        Ok(())
    }
}
