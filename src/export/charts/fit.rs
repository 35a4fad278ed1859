//! The fit chart of `opsim fit incidents`: the times to restore against the
//! fitted lognormal, twice. Left, a histogram of the times on a log axis (the
//! share of incidents in each bin) with the share the fit puts in each bin
//! drawn as a curve; right, a Q-Q plot (each observed quantile against the
//! fit's quantile at the same rank, on the same log axes): points on the
//! diagonal are a perfect fit, a bend at the ends is a tail the fit misses.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{self, LegendItem, Swatch};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    Drawing, GRID, INK, MARGIN_PX, OrMsg, TICK_PX, capability_colour, header, house_style, text,
};
use crate::sample::special::normal_cdf;

/// What the fit chart shows: the data and the fit, already computed.
#[derive(Debug, Clone)]
pub(crate) struct FitChart<'a> {
    /// The subtitle: the file, counts, date range and goodness of fit.
    pub subtitle: String,
    /// Natural logarithms of the times to restore in hours, sorted.
    pub sorted_logs: &'a [f64],
    /// The fitted lognormal's mu (of ln hours).
    pub mu: f64,
    /// The fitted lognormal's sigma (of ln hours).
    pub sigma: f64,
    /// The Q-Q plot's (fitted, observed) quantiles of ln hours.
    pub qq: Vec<(f64, f64)>,
}

/// Bins of the histogram.
const BINS: usize = 40;

impl FitChart<'_> {
    /// The axis range in log10 hours: the data's 0.5th to 99.5th percentile,
    /// widened to the fit's p1 and p99 and padded.
    fn range(&self) -> (f64, f64) {
        let n = self.sorted_logs.len();
        let at = |q: f64| self.sorted_logs[((q * (n - 1) as f64).round() as usize).min(n - 1)];
        let lo = at(0.005).min(self.mu - 2.3263 * self.sigma) / std::f64::consts::LN_10;
        let hi = at(0.995).max(self.mu + 2.3263 * self.sigma) / std::f64::consts::LN_10;
        let pad = ((hi - lo) * 0.03).max(0.05);
        (lo - pad, hi + pad)
    }

    /// Percent of the data in each of [`BINS`] equal bins of log10 hours;
    /// data outside the range are counted in the end bins.
    fn histogram(&self, (lo, hi): (f64, f64)) -> Vec<f64> {
        let width = (hi - lo) / BINS as f64;
        let mut counts = vec![0u64; BINS];
        for l in self.sorted_logs {
            let x = l / std::f64::consts::LN_10;
            let b = (((x - lo) / width).floor().max(0.0) as usize).min(BINS - 1);
            counts[b] += 1;
        }
        let n = self.sorted_logs.len() as f64;
        counts.iter().map(|&c| 100.0 * c as f64 / n).collect()
    }
}

/// "0.1 h", "2 h", "1,000 h" for a tick at log10 hours `x`.
fn hours_label(x: f64) -> String {
    let h = 10f64.powf(x);
    let rounded = super::super::format::round_significant(h, 2);
    if rounded >= 1.0 {
        format!("{} h", super::super::format::grouped(rounded))
    } else {
        format!("{rounded} h")
    }
}

/// Ticks at 1, 2 and 5 times powers of ten within the range, in log10 hours.
fn ticks((lo, hi): (f64, f64)) -> Vec<f64> {
    let mut out = Vec::new();
    let steps: &[f64] = if hi - lo > 3.0 {
        &[1.0]
    } else {
        &[1.0, 2.0, 5.0]
    };
    for power in (lo.floor() as i32)..=(hi.ceil() as i32) {
        for s in steps {
            let x = power as f64 + s.log10();
            if x >= lo && x <= hi {
                out.push(x);
            }
        }
    }
    out
}

impl Drawing for FitChart<'_> {
    fn stem(&self) -> String {
        "fit".into()
    }

    fn title(&self) -> String {
        "Time to restore: the incidents against the fitted lognormal".into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = header(root, &self.title(), &self.subtitle)?;
        let data_colour = capability_colour(0);
        let fit_colour = capability_colour(1);
        let plot = legend::below(
            &body,
            &[
                LegendItem::new(
                    Swatch::Block(data_colour.mix(0.45)),
                    "Incidents: share in each bin of time to restore",
                ),
                LegendItem::new(
                    Swatch::Line {
                        colour: fit_colour,
                        width_px: 3,
                    },
                    "Fitted lognormal (left: share per bin; right: perfect fit)",
                ),
                LegendItem::new(
                    Swatch::Diamond {
                        colour: data_colour,
                        filled: true,
                    },
                    "Observed quantile against fitted quantile",
                ),
            ],
        )?;
        let (width, _) = plot.dim_in_pixel();
        let (left, right) = plot.split_horizontally(width * 11 / 20);
        let range = self.range();
        let tick_list = ticks(range);
        let bin = (range.1 - range.0) / BINS as f64;
        let shares = self.histogram(range);
        let (m10, s10) = (
            self.mu / std::f64::consts::LN_10,
            self.sigma / std::f64::consts::LN_10,
        );
        let expected = |x: f64| {
            100.0
                * (normal_cdf((x + bin / 2.0 - m10) / s10)
                    - normal_cdf((x - bin / 2.0 - m10) / s10))
        };
        let curve: Vec<(f64, f64)> = (0..=400)
            .map(|i| range.0 + (range.1 - range.0) * i as f64 / 400.0)
            .map(|x| (x, expected(x)))
            .collect();
        let top = shares
            .iter()
            .copied()
            .chain(curve.iter().map(|p| p.1))
            .fold(0.0, f64::max)
            * 1.1;

        let mut chart = ChartBuilder::on(&left)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX)
            .margin_top(10)
            .x_label_area_size(70)
            .y_label_area_size(90)
            .build_cartesian_2d(range.0..range.1, 0.0..top.max(1e-9))
            .or_msg()?;
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc("Time to restore (log scale)")
            .y_desc(format!(
                "Share of incidents per bin (1/{} of the axis)",
                BINS
            ))
            .x_labels(0)
            .y_label_formatter(&|v: &f64| format!("{v:.0}%"))
            .y_labels(6)
            .disable_x_mesh()
            .draw()
            .or_msg()?;
        for t in &tick_list {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*t, 0.0), (*t, top)],
                    GRID.stroke_width(1),
                )))
                .or_msg()?;
        }
        chart
            .draw_series(shares.iter().enumerate().map(|(i, s)| {
                let x0 = range.0 + i as f64 * bin;
                Rectangle::new([(x0, 0.0), (x0 + bin, *s)], data_colour.mix(0.45).filled())
            }))
            .or_msg()?;
        chart
            .draw_series(LineSeries::new(curve, fit_colour.stroke_width(3)))
            .or_msg()?;

        let mut qq = ChartBuilder::on(&right)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX * 2)
            .margin_top(10)
            .x_label_area_size(70)
            .y_label_area_size(90)
            .build_cartesian_2d(range.0..range.1, range.0..range.1)
            .or_msg()?;
        let mut mesh = qq.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc("Fitted quantile (log scale)")
            .y_desc("Observed quantile (log scale)")
            .x_labels(0)
            .y_labels(0)
            .disable_mesh()
            .draw()
            .or_msg()?;
        for t in &tick_list {
            qq.draw_series([
                PathElement::new(vec![(*t, range.0), (*t, range.1)], GRID.stroke_width(1)),
                PathElement::new(vec![(range.0, *t), (range.1, *t)], GRID.stroke_width(1)),
            ])
            .or_msg()?;
        }
        qq.draw_series(LineSeries::new(
            vec![(range.0, range.0), (range.1, range.1)],
            fit_colour.stroke_width(3),
        ))
        .or_msg()?;
        let ln10 = std::f64::consts::LN_10;
        let points: Vec<(f64, f64)> = self
            .qq
            .iter()
            .map(|(f, o)| {
                (
                    (f / ln10).clamp(range.0, range.1),
                    (o / ln10).clamp(range.0, range.1),
                )
            })
            .collect();
        qq.draw_series(points.iter().map(|p| {
            EmptyElement::at(*p)
                + Polygon::new(vec![(0, -5), (5, 0), (0, 5), (-5, 0)], data_colour.filled())
        }))
        .or_msg()?;
        // Tick labels at round hours, drawn by hand: the axes are in log10 hours.
        let below = text(TICK_PX, INK).pos(Pos::new(HPos::Center, VPos::Top));
        let beside = text(TICK_PX, INK).pos(Pos::new(HPos::Right, VPos::Center));
        for t in &tick_list {
            for at in [
                chart.backend_coord(&(*t, 0.0)),
                qq.backend_coord(&(*t, range.0)),
            ] {
                root.draw(&Text::new(
                    hours_label(*t),
                    (at.0, at.1 + 10),
                    below.clone(),
                ))
                .or_msg()?;
            }
            let at = qq.backend_coord(&(range.0, *t));
            root.draw(&Text::new(
                hours_label(*t),
                (at.0 - 10, at.1),
                beside.clone(),
            ))
            .or_msg()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_fall_on_round_hours() {
        let t = ticks((-1.2, 1.4));
        assert!(t.contains(&0.0) && t.contains(&1.0) && t.contains(&-1.0));
        assert_eq!(hours_label(0.0), "1 h");
        assert_eq!(hours_label(1.0), "10 h");
        assert_eq!(hours_label(-1.0), "0.1 h");
    }
}
