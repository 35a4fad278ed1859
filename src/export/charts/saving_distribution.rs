//! The saving's distribution, one chart per compared model: how many futures
//! (iterations) end with each saving over the horizon, the saving being the
//! baseline's TCO minus the model's. Drawn from the 20-bin histogram of the TCO
//! difference (docs/output.md), mirrored so that saving grows to the right;
//! bars whose middle lies above £0 (the model is cheaper) are filled in the
//! model's colour, the others in grey, and the share of futures in which the
//! model is cheaper is written on the cheaper side. P10, P50 and P90 of the
//! saving are marked with dashed lines and a bold line marks £0.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::finding::saving_title;
use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, INK, LABEL_PX, MARGIN_PX, MUTED, OrMsg, header, house_style, model_colour,
    money_short, run_note, text,
};
use crate::engine::record::Difference;
use crate::engine::summary::{ComparisonSummary, Summary};
use crate::export::format::{chance, chance_in_words, money_compact};

/// Grey of the bars where the model costs more.
const DEARER: RGBColor = RGBColor(190, 194, 200);

pub(crate) struct SavingDistribution<'a> {
    summary: &'a Summary,
    comparison: &'a ComparisonSummary,
    /// Position of the compared model in the scenario (its colour).
    model: usize,
    stem: String,
}

impl<'a> SavingDistribution<'a> {
    pub(crate) fn new(
        summary: &'a Summary,
        comparison: &'a ComparisonSummary,
        model: usize,
        model_stem: &str,
    ) -> SavingDistribution<'a> {
        SavingDistribution {
            summary,
            comparison,
            model,
            stem: format!("saving-distribution-{model_stem}"),
        }
    }

    /// The baseline model's name.
    fn baseline_name(&self) -> &str {
        (self.summary.models.first()).map_or(self.summary.baseline.as_str(), |m| m.name.as_str())
    }

    /// (start, end, share of futures in %) of each bar, in saving.
    fn bars(&self) -> Vec<(f64, f64, f64)> {
        let h = &self.comparison.difference(Difference::Tco).histogram;
        let total = h.counts.iter().sum::<u64>().max(1) as f64;
        let width = if h.bin_width > 0.0 { h.bin_width } else { 1.0 };
        h.counts
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let lower = h.lower + i as f64 * width;
                (-(lower + width), -lower, n as f64 / total * 100.0)
            })
            .collect()
    }
}

impl Drawing for SavingDistribution<'_> {
    fn stem(&self) -> String {
        self.stem.clone()
    }

    fn title(&self) -> String {
        saving_title(self.summary, self.comparison)
    }

    fn footnote(&self) -> Option<String> {
        Some(run_note(self.summary))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let cur = &self.summary.currency;
        let zero = money_compact(cur, 0.0);
        let subtitle = format!(
            "Saving over {} months against {}: right of {zero} {} is cheaper",
            self.summary.horizon_months,
            self.baseline_name(),
            self.comparison.name
        );
        let body = header(root, &self.title(), &subtitle)?;
        let colour = model_colour(self.model);
        let d = self.comparison.difference(Difference::Tco);
        let (p10, p50, p90) = (-d.p90, -d.p50, -d.p10);
        let items = vec![
            LegendItem::new(
                Swatch::Block(colour.to_rgba()),
                format!("{} cheaper", self.comparison.name),
            ),
            LegendItem::new(
                Swatch::Block(DEARER.to_rgba()),
                format!("{} dearer", self.comparison.name),
            ),
            LegendItem::new(
                Swatch::Dashed(INK),
                format!(
                    "Saving P10 {}, P50 {}, P90 {}",
                    money_short(cur, p10),
                    money_short(cur, p50),
                    money_short(cur, p90)
                ),
            ),
        ];
        let plot = legend::below(&body, &items)?;
        let bars = self.bars();
        let lo = bars.iter().map(|b| b.0).fold(0.0, f64::min);
        let hi = bars.iter().map(|b| b.1).fold(0.0, f64::max);
        let pad = ((hi - lo) * 0.04).max(1.0);
        let top = bars.iter().map(|b| b.2).fold(0.0, f64::max) * 1.25;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX * 2)
            .margin_top(10)
            .x_label_area_size(70)
            .y_label_area_size(100)
            .build_cartesian_2d(lo - pad..hi + pad, 0.0..top.max(1.0))
            .or_msg()?;
        let money = |v: &f64| money_compact(cur, *v);
        let percent = |v: &f64| format!("{v:.0}%");
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc(format!(
            "Saving over {} months ({cur}): {} TCO minus {} TCO",
            self.summary.horizon_months,
            self.baseline_name(),
            self.comparison.name
        ))
        .y_desc("Share of futures")
        .x_label_formatter(&money)
        .y_label_formatter(&percent)
        .x_labels(8)
        .y_labels(6)
        .draw()
        .or_msg()?;
        chart
            .draw_series(bars.iter().map(|&(a, b, share)| {
                let fill = if (a + b) / 2.0 > 0.0 { colour } else { DEARER };
                Rectangle::new([(a, 0.0), (b, share)], fill.filled())
            }))
            .or_msg()?;
        chart
            .draw_series(bars.iter().map(|&(a, b, share)| {
                Rectangle::new([(a, 0.0), (b, share)], WHITE.stroke_width(1))
            }))
            .or_msg()?;
        for x in [p10, p50, p90] {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, 0.0), (x, top)],
                    10,
                    7,
                    INK.stroke_width(2),
                ))
                .or_msg()?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, top)],
                INK.stroke_width(3),
            )))
            .or_msg()?;
        let p = self.comparison.probability_cheaper;
        let share = format!(
            "Cheaper in {} of futures ({})",
            chance(p),
            chance_in_words(p)
        );
        let dearer = format!("Dearer in {}", chance(1.0 - p));
        // The shares go beside the outermost dashed line on each side of £0,
        // so no line crosses them.
        let right = [p10, p50, p90, 0.0].into_iter().fold(0.0, f64::max);
        let left = [p10, p50, p90, 0.0].into_iter().fold(0.0, f64::min);
        let base = plot.get_base_pixel();
        let (right_x, top_y) = chart.backend_coord(&(right, top));
        let left_x = chart.backend_coord(&(left, top)).0;
        let y = top_y - base.1 + 12;
        plot.draw(&Text::new(
            share,
            (right_x - base.0 + 14, y),
            text(LABEL_PX + 4, INK).pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .or_msg()?;
        plot.draw(&Text::new(
            dearer,
            (left_x - base.0 - 14, y),
            text(LABEL_PX, MUTED).pos(Pos::new(HPos::Right, VPos::Top)),
        ))
        .or_msg()?;
        Ok(())
    }
}
