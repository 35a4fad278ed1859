//! Chart 1, the TCO distribution: each model's total cost of ownership over the
//! horizon (setup cost + cash run cost), overlaid. Drawn from the summary's TCO
//! percentiles as an equal-probability histogram: each bar holds the same share
//! of iterations (4% or more, at least about 800 iterations), its width the
//! distance between two percentiles, its height that share per band of a fixed,
//! round width; the curve joins the bars' midpoints (a frequency polygon). The axis spans P1 to P99 of all models; each model's
//! P10 and P90 are dashed lines, its P50 a solid line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{self, LegendItem, Swatch};
use super::{
    Chart2d, Drawing, INK, MARGIN_PX, OrMsg, header, house_style, model_colour, money_short,
    run_note,
};
use crate::engine::record::Headline;
use crate::engine::summary::Summary;
use crate::export::format::money_compact;
use crate::stats::stat::Stat;

pub(crate) struct TcoDistribution<'a> {
    summary: &'a Summary,
}

/// One model's bars: (start, end, % of iterations per band of the axis).
struct Density {
    bins: Vec<(f64, f64, f64)>,
}

impl<'a> TcoDistribution<'a> {
    pub(crate) fn new(summary: &'a Summary) -> TcoDistribution<'a> {
        TcoDistribution { summary }
    }

    fn tco(&self) -> impl Iterator<Item = &'a Stat> + 'a {
        self.summary
            .models
            .iter()
            .map(|m| m.headline(Headline::Tco))
    }

    /// P1 to P99 of every model, padded, and never empty.
    fn cost_range(&self) -> (f64, f64) {
        let models = &self.summary.models;
        let lo = models
            .iter()
            .map(|m| m.tco_percentiles[1])
            .fold(f64::INFINITY, f64::min);
        let hi = models
            .iter()
            .map(|m| m.tco_percentiles[99])
            .fold(f64::NEG_INFINITY, f64::max);
        let pad = ((hi - lo) * 0.04).max(lo.abs() * 0.02).max(1.0);
        (lo - pad, hi + pad)
    }

    /// Percent of iterations per bar: at least 4, and enough for about 800
    /// iterations, so heights are not noise.
    fn percent_per_bar(&self) -> usize {
        (80_000 / self.summary.iterations.max(1)).clamp(4, 10) as usize
    }

    /// A round band width near a typical bar width: 1, 2 or 5 x 10^k.
    fn band_width(&self, range: (f64, f64)) -> f64 {
        let typical = (range.1 - range.0) / 25.0;
        let power = 10f64.powf(typical.log10().floor());
        [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|k| k * power)
            .rfind(|w| *w <= typical)
            .unwrap_or(power)
    }

    /// Bars from P1 to P99, `percent_per_bar` percent each. A bar with no width
    /// (a constant TCO) is drawn 1/200 of the axis wide.
    fn density(&self, percentiles: &[f64], band: f64, range: (f64, f64)) -> Density {
        let step = self.percent_per_bar();
        let narrowest = (range.1 - range.0) / 200.0;
        let bins = (1..99)
            .step_by(step)
            .map(|p| (p, (p + step).min(99)))
            .map(|(a, b)| {
                let (start, end) = (percentiles[a], percentiles[b]);
                let width = (end - start).max(narrowest);
                let share = (b - a) as f64;
                (start, start + width, share * band / width)
            })
            .collect();
        Density { bins }
    }

    fn legend_items(&self) -> Vec<LegendItem> {
        let cur = &self.summary.currency;
        let mut items: Vec<LegendItem> = self
            .summary
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let s = m.headline(Headline::Tco);
                LegendItem::new(
                    Swatch::Block(model_colour(i).mix(0.45)),
                    format!(
                        "{}: P10 {}, P50 {}, P90 {}",
                        m.name,
                        money_short(cur, s.p10),
                        money_short(cur, s.p50),
                        money_short(cur, s.p90)
                    ),
                )
            })
            .collect();
        items.push(LegendItem::new(
            Swatch::Line {
                colour: INK,
                width_px: 3,
            },
            "P50",
        ));
        items.push(LegendItem::new(Swatch::Dashed(INK), "P10 and P90"));
        items
    }
}

impl Drawing for TcoDistribution<'_> {
    fn footnote(&self) -> Option<String> {
        Some(run_note(self.summary))
    }

    fn stem(&self) -> String {
        "tco-distribution".into()
    }

    fn title(&self) -> String {
        format!(
            "Total cost of ownership over {} months, by model",
            self.summary.horizon_months
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let subtitle = "TCO = setup cost + cash run cost. The higher the curve, the likelier that cost (P1 to P99 shown)";
        let body = header(root, &self.title(), subtitle)?;
        let plot = legend::below(&body, &self.legend_items())?;
        let range = self.cost_range();
        let band = self.band_width(range);
        let densities: Vec<Density> = (self.summary.models.iter())
            .map(|m| self.density(&m.tco_percentiles, band, range))
            .collect();
        let top = densities
            .iter()
            .flat_map(|d| d.bins.iter().map(|b| b.2))
            .fold(0.0, f64::max)
            * 1.08;
        let cur = &self.summary.currency;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX * 2)
            .margin_top(10)
            .x_label_area_size(70)
            .y_label_area_size(100)
            .build_cartesian_2d(range.0..range.1, 0.0..top.max(1e-9))
            .or_msg()?;
        let money = |v: &f64| money_compact(cur, *v);
        let decimals = if top >= 10.0 {
            0
        } else if top >= 1.0 {
            1
        } else {
            2
        };
        let percent = |v: &f64| format!("{v:.decimals$}%");
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc(format!(
            "TCO over {} months ({cur})",
            self.summary.horizon_months
        ))
        .y_desc(format!(
            "Share of iterations per {} of TCO",
            money_compact(cur, band)
        ))
        .x_label_formatter(&money)
        .y_label_formatter(&percent)
        .x_labels(8)
        .y_labels(6)
        .draw()
        .or_msg()?;
        for (i, d) in densities.iter().enumerate() {
            let colour = model_colour(i);
            chart
                .draw_series(
                    AreaSeries::new(outline(d), 0.0, colour.mix(0.1))
                        .border_style(colour.stroke_width(3)),
                )
                .or_msg()?;
        }
        for (i, s) in self.tco().enumerate() {
            quantile_lines(&mut chart, s, model_colour(i), top)?;
        }
        Ok(())
    }
}

/// The outline: a frequency polygon through the middle of each bar, held level
/// out to P1 and P99, where the axis stops.
fn outline(d: &Density) -> Vec<(f64, f64)> {
    let mut points = Vec::with_capacity(d.bins.len() + 4);
    if let Some(&(start, _, height)) = d.bins.first() {
        points.extend([(start, 0.0), (start, height)]);
    }
    points.extend(
        d.bins
            .iter()
            .map(|&(start, end, height)| ((start + end) / 2.0, height)),
    );
    if let Some(&(_, end, height)) = d.bins.last() {
        points.extend([(end, height), (end, 0.0)]);
    }
    points
}

/// Dashed lines at P10 and P90, a solid line at P50, full height.
fn quantile_lines<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    s: &Stat,
    colour: RGBColor,
    top: f64,
) -> Result<(), String> {
    let style = colour.stroke_width(3);
    for x in [s.p10, s.p90] {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(x, 0.0), (x, top)],
                10,
                7,
                style,
            ))
            .or_msg()?;
    }
    chart
        .draw_series(LineSeries::new(vec![(s.p50, 0.0), (s.p50, top)], style))
        .or_msg()?;
    Ok(())
}
