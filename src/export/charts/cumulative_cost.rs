//! Chart 2, the cumulative cost fan chart: for every model, cash spent from the
//! start to the end of each month of the horizon (run cost plus setup cost as
//! it is paid), its P10 to P90 band shaded and its P50 drawn as a line. The
//! month in which each compared model's P50 break-even falls is shaded in the
//! model's colour and labelled. Month m's figure is plotted at the end of month
//! m, so the month that starts at tick m spans m to m + 1.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::Axis;
use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, INK, LABEL_PX, MARGIN_PX, OrMsg, TickedChart, header, house_style, model_colour,
    run_note, text,
};
use crate::engine::calendar::month_start;
use crate::engine::summary::{ModelSummary, Summary};
use crate::export::dates::{days_after_weeks, month_year};
use crate::export::format::money_compact;

pub(crate) struct CumulativeCost<'a> {
    summary: &'a Summary,
}

impl<'a> CumulativeCost<'a> {
    pub(crate) fn new(summary: &'a Summary) -> CumulativeCost<'a> {
        CumulativeCost { summary }
    }

    /// (index of the model, P50 break-even month) for each compared model that has one.
    fn break_evens(&self) -> Vec<(usize, usize)> {
        self.summary
            .comparisons
            .iter()
            .filter_map(|c| {
                let m = self.summary.models.iter().position(|m| m.id == c.id)?;
                Some((m, c.break_even_month.p50?))
            })
            .collect()
    }

    /// "month 26 (Mar 2029)", or "month 26" without a start date.
    fn month_name(&self, month: usize) -> String {
        let date = self
            .summary
            .start_date
            .as_deref()
            .and_then(|s| days_after_weeks(s, month_start(month)));
        match date {
            Some(days) => format!("{} (month {month})", month_year(days)),
            None => format!("month {month}"),
        }
    }

    fn legend_items(&self) -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = (self.summary.models.iter().enumerate())
            .map(|(i, m)| {
                LegendItem::new(
                    Swatch::Line {
                        colour: model_colour(i),
                        width_px: 4,
                    },
                    format!("{}: P50", m.name),
                )
            })
            .collect();
        items.extend((self.summary.models.iter().enumerate()).map(|(i, m)| {
            LegendItem::new(
                Swatch::Block(model_colour(i).mix(0.2)),
                format!("{}: P10 to P90", m.name),
            )
        }));
        // A break-even is labelled in the plot; only its absence needs the legend.
        for c in (self.summary.comparisons.iter()).filter(|c| c.break_even_month.p50.is_none()) {
            let i = (self.summary.models.iter().position(|m| m.id == c.id)).unwrap_or(0);
            items.push(LegendItem::new(
                Swatch::Line {
                    colour: model_colour(i),
                    width_px: 4,
                },
                format!(
                    "{}: no P50 break-even within {} months",
                    c.name, self.summary.horizon_months
                ),
            ));
        }
        items
    }
}

/// (end of month, P10, P50, P90), starting from nothing spent at month 0.
fn fan(m: &ModelSummary) -> Vec<(f64, f64, f64, f64)> {
    let start = std::iter::once((0.0, 0.0, 0.0, 0.0));
    let months = m.monthly.iter().map(|b| {
        let c = &b.cumulative_cost;
        ((b.month + 1) as f64, c.p10, c.p50, c.p90)
    });
    start.chain(months).collect()
}

impl Drawing for CumulativeCost<'_> {
    fn footnote(&self) -> Option<String> {
        Some(run_note(self.summary))
    }

    fn stem(&self) -> String {
        "cumulative-cost".into()
    }

    fn title(&self) -> String {
        format!(
            "Cumulative cash cost over {} months, by model",
            self.summary.horizon_months
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let subtitle = "Run cost plus setup cost as it is paid; bands hold 80% of iterations";
        let body = header(root, &self.title(), subtitle)?;
        let plot = legend::below(&body, &self.legend_items())?;
        let fans: Vec<_> = self.summary.models.iter().map(fan).collect();
        let top = (fans.iter().flatten().map(|p| p.3)).fold(0.0, f64::max) * 1.05;
        let horizon = self.summary.horizon_months as f64;
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
            .build_cartesian_2d(axis.coord(0.0, horizon), 0.0..top.max(1.0))
            .or_msg()?;
        let cur = &self.summary.currency;
        let money = |v: &f64| money_compact(cur, *v);
        let month_label = |v: &f64| axis.label(*v);
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc(&axis.description)
            .y_desc(format!("Cumulative cash cost ({cur})"))
            .x_label_formatter(&month_label)
            .y_label_formatter(&money)
            .y_labels(8)
            .draw()
            .or_msg()?;
        for (m, month) in self.break_evens() {
            break_even_column(&mut chart, month, model_colour(m), top)?;
        }
        for (i, points) in fans.iter().enumerate() {
            band(&mut chart, points, model_colour(i))?;
        }
        for (i, points) in fans.iter().enumerate() {
            let p50 = points.iter().map(|p| (p.0, p.2));
            chart
                .draw_series(LineSeries::new(p50, model_colour(i).stroke_width(4)))
                .or_msg()?;
        }
        // One label per line from the top, so labels of models that break even
        // in the same or nearby months never overlap.
        for (line, (m, month)) in self.break_evens().into_iter().enumerate() {
            let name = &self.summary.models[m].name;
            let label = format!("{name}: P50 break-even in {}", self.month_name(month));
            break_even_label(root, &chart, label, month, line as i32)?;
        }
        Ok(())
    }
}

/// The break-even label on line `line` from the top of its column: left of the
/// column when it fits inside the plot, right of it otherwise.
fn break_even_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &TickedChart<'_, DB>,
    label: String,
    month: usize,
    line: i32,
) -> Result<(), String> {
    let style = text(LABEL_PX, INK);
    let width = root.estimate_text_size(&label, &style).or_msg()?.0 as i32;
    let top = chart.y_range().end;
    let shift = 12 + line * (LABEL_PX as i32 + 10);
    let left = chart.backend_coord(&(month as f64, top));
    let right = chart.backend_coord(&(month as f64 + 1.0, top));
    let plot_left = chart.backend_coord(&(0.0, 0.0)).0;
    let (x, anchor) = if left.0 - 10 - width >= plot_left {
        (left.0 - 10, HPos::Right)
    } else {
        (right.0 + 10, HPos::Left)
    };
    let style = style.pos(Pos::new(anchor, VPos::Top));
    root.draw(&Text::new(label, (x, left.1 + shift), style))
        .or_msg()
}

/// The shaded P10 to P90 band.
fn band<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    points: &[(f64, f64, f64, f64)],
    colour: RGBColor,
) -> Result<(), String> {
    let outline: Vec<(f64, f64)> = (points.iter().map(|p| (p.0, p.3)))
        .chain(points.iter().rev().map(|p| (p.0, p.1)))
        .collect();
    chart
        .draw_series(std::iter::once(Polygon::new(outline, colour.mix(0.12))))
        .or_msg()?;
    // The band's edges, thin and dashed, so two overlapping bands stay readable.
    for edge in [
        points.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
        points.iter().map(|p| (p.0, p.3)).collect(),
    ] {
        chart
            .draw_series(DashedLineSeries::new(edge, 8, 6, colour.stroke_width(2)))
            .or_msg()?;
    }
    Ok(())
}

/// The break-even month, shaded from its start to its end.
fn break_even_column<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    month: usize,
    colour: RGBColor,
    top: f64,
) -> Result<(), String> {
    let (start, end) = (month as f64, month as f64 + 1.0);
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(start, 0.0), (end, top)],
            colour.mix(0.12).filled(),
        )))
        .or_msg()?;
    Ok(())
}
