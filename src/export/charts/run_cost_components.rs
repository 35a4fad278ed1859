//! Chart 3, run cost by component: for each model, the mean cash run cost over
//! the horizon stacked in at most four groups (on-call pay: standby and
//! callouts; incident work: incident labour, escalation and follow-up; change
//! approval; fixed costs and licences), and beside it, on its own scale, the
//! mean opportunity cost (downtime, change delay): six groups in all, each
//! segment labelled with its mean where it is tall enough. Means add up, so the
//! stacks' heights are the mean totals; a whisker beside each stack spans the
//! total's P10 to P90. A group that is zero for every model is left out of the
//! stacks and the legend, and a panel with nothing in it is not drawn: the
//! other takes the whole width.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::Axis;
use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, INK, LABEL_PX, MARGIN_PX, NOTE_PX, OrMsg, TickedChart, header, house_style,
    money_short, run_note, text,
};
use crate::engine::record::{CALLOUTS, CHANGE_DELAY, DOWNTIME, Headline, STANDBY};
use crate::engine::summary::{ModelSummary, Summary};
use crate::export::format::money_compact;
use crate::stats::stat::Stat;

/// One stacked group: its name, its components (indices into the panel's
/// list) and its colour (Paul Tol's muted scheme: apart from the model
/// colours, and from each other under the common colour-vision deficiencies).
struct Group {
    name: &'static str,
    members: &'static [usize],
    colour: RGBColor,
}

/// The cash groups, by index into `COMPONENTS`.
const CASH_GROUPS: [Group; 4] = [
    Group {
        name: "On-call pay (standby, callouts)",
        members: &[STANDBY, CALLOUTS],
        colour: RGBColor(51, 34, 136),
    },
    Group {
        name: "Incident work (labour, escalation, follow-up)",
        members: &[2, 3, 4],
        colour: RGBColor(68, 170, 153),
    },
    Group {
        name: "Change approval",
        members: &[6],
        colour: RGBColor(153, 153, 51),
    },
    Group {
        name: "Fixed costs and licences",
        members: &[7, 5],
        colour: RGBColor(136, 34, 85),
    },
];

/// The opportunity-cost groups, by index into `OPPORTUNITY`.
const OPPORTUNITY_GROUPS: [Group; 2] = [
    Group {
        name: "Downtime (not cash)",
        members: &[DOWNTIME],
        colour: RGBColor(221, 204, 119),
    },
    Group {
        name: "Change delay (not cash)",
        members: &[CHANGE_DELAY],
        colour: RGBColor(204, 102, 119),
    },
];

/// Narrowest segment, in pixels, that gets its value written on it.
const MIN_LABELLED_PX: i32 = 26;

/// Share of the left (cash) panel in the width.
const CASH_SHARE: f64 = 0.6;
const BAR_WIDTH: f64 = 0.5;

pub(crate) struct RunCostComponents<'a> {
    summary: &'a Summary,
}

/// One panel: which components, how they group, which headline total, what
/// the axis says.
struct Panel<'p> {
    heading: &'p str,
    y_desc: String,
    components: fn(&ModelSummary) -> &[(&'static str, Stat)],
    groups: &'static [Group],
    total: Headline,
}

impl Panel<'_> {
    /// Mean of group `g` for model `m`.
    fn group_mean(&self, m: &ModelSummary, g: &Group) -> f64 {
        let components = (self.components)(m);
        g.members
            .iter()
            .filter_map(|&k| components.get(k))
            .map(|(_, s)| s.mean)
            .sum()
    }

    /// The groups that are not zero for every model.
    fn shown<'g>(&'g self, models: &[ModelSummary]) -> Vec<&'g Group> {
        (self.groups.iter())
            .filter(|g| models.iter().any(|m| self.group_mean(m, g) != 0.0))
            .collect()
    }
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
                groups: &CASH_GROUPS,
                total: Headline::RunCost,
            },
            Panel {
                heading: "Opportunity cost (not cash)",
                y_desc: format!("Mean opportunity cost over {months} months ({cur})"),
                components: |m| &m.opportunity_cost_by_component,
                groups: &OPPORTUNITY_GROUPS,
                total: Headline::OpportunityCost,
            },
        ]
    }

    fn legend_items(&self, panels: &[&Panel]) -> Vec<LegendItem> {
        let models = &self.summary.models;
        let mut items: Vec<LegendItem> = panels
            .iter()
            .flat_map(|p| p.shown(models))
            .map(|g| LegendItem::new(Swatch::Block(g.colour.to_rgba()), g.name))
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
        let groups = panel.shown(models);
        for (i, m) in models.iter().enumerate() {
            let x = i as f64 + 0.5;
            stack(root, &mut chart, panel, &groups, m, x, cur)?;
            whisker(
                &mut chart,
                m.headline(panel.total),
                x + BAR_WIDTH / 2.0 + 0.06,
            )?;
            let total = stack_total(panel, m);
            let at = chart.backend_coord(&(x, total));
            let style = text(LABEL_PX, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
            root.draw(&Text::new(money_short(cur, total), (at.0, at.1 - 6), style))
                .or_msg()?;
        }
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

/// The sum of a model's component means: the mean of the panel's total.
fn stack_total(panel: &Panel, m: &ModelSummary) -> f64 {
    (panel.components)(m).iter().map(|(_, s)| s.mean).sum()
}

/// Black or white, whichever reads better on `fill`.
fn ink_on(fill: RGBColor) -> RGBColor {
    let luminance = 0.299 * fill.0 as f64 + 0.587 * fill.1 as f64 + 0.114 * fill.2 as f64;
    if luminance > 140.0 { INK } else { WHITE }
}

/// One model's stack of group means, centred on `x`, each segment labelled
/// with its mean when it is at least [`MIN_LABELLED_PX`] tall.
fn stack<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut TickedChart<'_, DB>,
    panel: &Panel,
    groups: &[&Group],
    m: &ModelSummary,
    x: f64,
    currency: &str,
) -> Result<(), String> {
    let (left, right) = (x - BAR_WIDTH / 2.0, x + BAR_WIDTH / 2.0);
    let mut base = 0.0;
    for g in groups {
        let height = panel.group_mean(m, g).max(0.0);
        if height <= 0.0 {
            continue;
        }
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(left, base), (right, base + height)],
                g.colour.filled(),
            )))
            .or_msg()?;
        let bottom = chart.backend_coord(&(x, base));
        let top = chart.backend_coord(&(x, base + height));
        if bottom.1 - top.1 >= MIN_LABELLED_PX {
            let style = text(NOTE_PX, ink_on(g.colour)).pos(Pos::new(HPos::Center, VPos::Center));
            root.draw(&Text::new(
                money_short(currency, height),
                (bottom.0, (bottom.1 + top.1) / 2),
                style,
            ))
            .or_msg()?;
        }
        base += height;
    }
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
    fn footnote(&self) -> Option<String> {
        Some(run_note(self.summary))
    }

    fn stem(&self) -> String {
        "run-cost-components".into()
    }

    fn title(&self) -> String {
        let models = &self.summary.models;
        let [cash, _] = self.panels();
        // The group that costs most, summed over the models, names the title.
        let largest = cash.shown(models).into_iter().max_by(|a, b| {
            let sum = |g: &Group| models.iter().map(|m| cash.group_mean(m, g)).sum::<f64>();
            sum(a).total_cmp(&sum(b))
        });
        match largest {
            Some(g) => format!(
                "Largest run cost over {} months: {}",
                self.summary.horizon_months,
                g.name.split(" (").next().unwrap_or(g.name).to_lowercase()
            ),
            None => format!(
                "Run cost by component over {} months",
                self.summary.horizon_months
            ),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let subtitle = "Means per model; each panel has its own scale";
        let body = header(root, &self.title(), subtitle)?;
        let all = self.panels();
        let panels: Vec<&Panel> = all
            .iter()
            .filter(|p| !p.shown(&self.summary.models).is_empty())
            .collect();
        let plot = legend::below(&body, &self.legend_items(&panels))?;
        match panels.as_slice() {
            [one] => self.draw_panel(root, &plot, one),
            [cash, opportunity] => {
                let width = plot.dim_in_pixel().0 as f64;
                let (left, right) = plot.split_horizontally((width * CASH_SHARE) as i32);
                self.draw_panel(root, &left, cash)?;
                self.draw_panel(root, &right, opportunity)
            }
            _ => Ok(()),
        }
    }
}
