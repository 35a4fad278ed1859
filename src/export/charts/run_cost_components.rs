//! Chart 3, run cost by component: for each model, the mean cash run cost over
//! the horizon stacked by component (standby, callouts, incident labour,
//! escalation, follow-up, licences, change approval, fixed), and beside it, on
//! its own scale, the mean opportunity cost stacked by component (downtime,
//! change delay). Means add up, so the stacks' heights are the mean totals; a
//! whisker on each stack spans the total's P10 to P90.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::Axis;
use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, INK, LABEL_PX, MARGIN_PX, MUTED, OrMsg, TickedChart, header, house_style, money_short,
    run_note, text,
};
use crate::engine::record::Headline;
use crate::engine::summary::{ModelSummary, Summary};
use crate::export::format::{label, money_compact};
use crate::stats::stat::Stat;

/// Tableau's ten colours: the eight cash components, then the two opportunity costs.
const COMPONENT_COLOURS: [RGBColor; 10] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(225, 87, 89),
    RGBColor(118, 183, 178),
    RGBColor(89, 161, 79),
    RGBColor(237, 201, 72),
    RGBColor(176, 122, 161),
    RGBColor(255, 157, 167),
    RGBColor(156, 117, 95),
    RGBColor(186, 176, 172),
];

/// Share of the left (cash) panel in the width.
const CASH_SHARE: f64 = 0.6;
const BAR_WIDTH: f64 = 0.5;

pub(crate) struct RunCostComponents<'a> {
    summary: &'a Summary,
}

/// One panel: which components, which headline total, what the axis says.
struct Panel<'p> {
    heading: &'p str,
    y_desc: String,
    components: fn(&ModelSummary) -> &[(&'static str, Stat)],
    total: Headline,
    first_colour: usize,
}

impl<'a> RunCostComponents<'a> {
    pub(crate) fn new(summary: &'a Summary) -> RunCostComponents<'a> {
        RunCostComponents { summary }
    }

    fn panels(&self) -> [Panel<'static>; 2] {
        let (cur, months) = (&self.summary.currency, self.summary.horizon_months);
        [
            Panel {
                heading: "Cash run cost",
                y_desc: format!("Mean cash run cost over {months} months ({cur})"),
                components: |m| &m.run_cost_by_component,
                total: Headline::RunCost,
                first_colour: 0,
            },
            Panel {
                heading: "Opportunity cost (not cash)",
                y_desc: format!("Mean opportunity cost over {months} months ({cur})"),
                components: |m| &m.opportunity_cost_by_component,
                total: Headline::OpportunityCost,
                first_colour: 8,
            },
        ]
    }

    fn legend_items(&self) -> Vec<LegendItem> {
        let Some(first) = self.summary.models.first() else {
            return Vec::new();
        };
        let names = (first.run_cost_by_component.iter())
            .chain(&first.opportunity_cost_by_component)
            .map(|(name, _)| label(name));
        let mut items: Vec<LegendItem> = names
            .enumerate()
            .map(|(i, name)| LegendItem::new(Swatch::Block(colour(i).to_rgba()), name))
            .collect();
        items.push(LegendItem::new(
            Swatch::Whisker(INK),
            "P10 to P90 of the total",
        ));
        items
    }

    fn draw_panel<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
        panel: &Panel,
    ) -> Result<(), String> {
        let models = &self.summary.models;
        let top = (models.iter())
            .map(|m| m.headline(panel.total).p90.max(stack_total(panel, m)))
            .fold(0.0, f64::max)
            * 1.12;
        if top <= 0.0 {
            return self.empty_panel(root, area, panel);
        }
        let names: Vec<String> = models.iter().map(|m| m.name.clone()).collect();
        let axis = Axis::categories(&names, "");
        let mut chart = ChartBuilder::on(area)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX * 2)
            .margin_top(46)
            .x_label_area_size(50)
            .y_label_area_size(100)
            .build_cartesian_2d(axis.coord(0.0, models.len() as f64), 0.0..top.max(1.0))
            .or_msg()?;
        let cur = &self.summary.currency;
        let money = |v: &f64| money_compact(cur, *v);
        let category = |v: &f64| axis.label(*v);
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.disable_x_mesh()
            .y_desc(&panel.y_desc)
            .x_label_formatter(&category)
            .y_label_formatter(&money)
            .y_labels(8)
            .draw()
            .or_msg()?;
        for (i, m) in models.iter().enumerate() {
            stack(&mut chart, panel, m, i as f64 + 0.5)?;
            whisker(&mut chart, m.headline(panel.total), i as f64 + 0.5)?;
        }
        for (i, m) in models.iter().enumerate() {
            let total = stack_total(panel, m);
            let at = chart.backend_coord(&(i as f64 + 0.5 + BAR_WIDTH / 2.0, total));
            let style = text(LABEL_PX, INK).pos(Pos::new(HPos::Left, VPos::Bottom));
            root.draw(&Text::new(
                money_short(cur, total),
                (at.0 + 8, at.1 - 4),
                style,
            ))
            .or_msg()?;
        }
        heading(root, area, panel)
    }

    /// A panel whose costs are all zero: its heading and a note, no axes.
    fn empty_panel<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
        panel: &Panel,
    ) -> Result<(), String> {
        let (x, y) = area.get_base_pixel();
        let (w, h) = area.dim_in_pixel();
        let centre = (x + w as i32 / 2, y + h as i32 / 2);
        let style = text(LABEL_PX, MUTED).pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new("None in this scenario", centre, style))
            .or_msg()?;
        heading(root, area, panel)
    }
}

/// The panel's heading, top left.
fn heading<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
) -> Result<(), String> {
    let (x, y) = area.get_base_pixel();
    let style = text(LABEL_PX + 3, INK);
    root.draw(&Text::new(panel.heading, (x + MARGIN_PX, y + 6), style))
        .or_msg()
}

fn colour(i: usize) -> RGBColor {
    COMPONENT_COLOURS[i % COMPONENT_COLOURS.len()]
}

/// The sum of a model's component means: the mean of the panel's total.
fn stack_total(panel: &Panel, m: &ModelSummary) -> f64 {
    (panel.components)(m).iter().map(|(_, s)| s.mean).sum()
}

/// One model's stack of component means, centred on `x`.
fn stack<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    panel: &Panel,
    m: &ModelSummary,
    x: f64,
) -> Result<(), String> {
    let (left, right) = (x - BAR_WIDTH / 2.0, x + BAR_WIDTH / 2.0);
    let mut base = 0.0;
    let mut bars = Vec::new();
    for (k, (_, s)) in (panel.components)(m).iter().enumerate() {
        let height = s.mean.max(0.0);
        let style = colour(panel.first_colour + k).filled();
        bars.push(Rectangle::new(
            [(left, base), (right, base + height)],
            style,
        ));
        base += height;
    }
    chart.draw_series(bars).or_msg()?;
    Ok(())
}

/// A whisker from P10 to P90 with caps, centred on `x`.
fn whisker<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    s: &Stat,
    x: f64,
) -> Result<(), String> {
    let cap = BAR_WIDTH / 6.0;
    let style = INK.stroke_width(3);
    let lines = [
        vec![(x, s.p10), (x, s.p90)],
        vec![(x - cap, s.p10), (x + cap, s.p10)],
        vec![(x - cap, s.p90), (x + cap, s.p90)],
    ];
    chart
        .draw_series(lines.into_iter().map(|l| PathElement::new(l, style)))
        .or_msg()?;
    Ok(())
}

impl Drawing for RunCostComponents<'_> {
    fn stem(&self) -> String {
        "run-cost-components".into()
    }

    fn title(&self) -> String {
        format!(
            "Run cost by component, and opportunity cost, over {} months",
            self.summary.horizon_months
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let subtitle = format!(
            "{}. Means per model; each panel has its own scale",
            run_note(self.summary)
        );
        let body = header(root, &self.title(), &subtitle)?;
        let plot = legend::below(&body, &self.legend_items())?;
        let width = plot.dim_in_pixel().0 as f64;
        let (cash, opportunity) = plot.split_horizontally((width * CASH_SHARE) as i32);
        let [cash_panel, opportunity_panel] = self.panels();
        self.draw_panel(root, &cash, &cash_panel)?;
        self.draw_panel(root, &opportunity, &opportunity_panel)
    }
}
