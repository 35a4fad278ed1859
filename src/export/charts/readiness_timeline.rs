//! Chart 4, the readiness timeline: a probabilistic Gantt chart of one model's
//! setup. One row per activity, grouped under its capability: a bar from the
//! activity's P50 start to its P50 finish, a whisker over its finish from P10
//! to P90, and its criticality index (the share of iterations in which it lies
//! on the longest path) printed at the row's end. Each capability's row marks
//! when it is ready at P50 (filled diamond) and P90 (hollow diamond), and a last
//! row does the same for the whole model. The time axis shows calendar dates
//! when the scenario has a start date, weeks otherwise. A model with more than
//! [`crate::export::shown::MAX_ACTIVITIES_SHOWN`] activities shows the most critical of them and a
//! row counting the rest ([`crate::export::shown`]), so the chart's size stays
//! bounded.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Axis, when};
use super::legend::{self, LegendItem, Swatch, diamond};
use super::{
    Drawing, HEADER_PX, INK, LABEL_PX, MARGIN_PX, MUTED, NOTE_PX, OrMsg, TickedChart, WIDTH_PX,
    capability_colour, fit, header, house_style, run_note, text,
};
use crate::engine::summary::{ActivitySummary, ModelSummary, Summary};
use crate::export::format::grouped;
use crate::export::shown::shown_activities;
use crate::stats::stat::Stat;

const ROW_PX: u32 = 36;
/// Width of the activity names, left of the plot.
const NAMES_PX: u32 = 670;
/// The timeline is wider than the other charts: activity names are long.
const TIMELINE_WIDTH_PX: u32 = WIDTH_PX + 100;
/// Width of the criticality column, right of the plot.
const CRITICALITY_PX: i32 = 110;
/// Height of everything but the rows: title, axis, legend.
const FRAME_PX: u32 = HEADER_PX as u32 + 150 + 110;
const DIAMOND_PX: i32 = 9;

pub(crate) struct ReadinessTimeline<'a> {
    summary: &'a Summary,
    model: &'a ModelSummary,
    stem: String,
}

/// A row of the chart, top to bottom.
enum Row<'a> {
    Capability {
        index: usize,
        name: &'a str,
        ready: &'a Stat,
    },
    Activity {
        capability: usize,
        activity: &'a ActivitySummary,
    },
    Model {
        ready: &'a Stat,
    },
    /// Activities left out (only the most critical are drawn).
    More {
        count: usize,
    },
}

impl<'a> ReadinessTimeline<'a> {
    pub(crate) fn new(summary: &'a Summary, model: &'a ModelSummary, stem: &str) -> Self {
        ReadinessTimeline {
            summary,
            model,
            stem: stem.to_string(),
        }
    }

    /// Capabilities with at least one activity in this model, in summary order.
    fn capabilities(&self) -> Vec<(&'a str, &'a Stat)> {
        let model = self.model;
        (model.readiness_weeks.iter())
            .filter(|(c, _)| model.activities.iter().any(|a| &a.capability == c))
            .map(|(c, s)| (c.as_str(), s))
            .collect()
    }

    fn rows(&self) -> Vec<Row<'a>> {
        let (shown, hidden) = shown_activities(self.model);
        let mut rows = Vec::new();
        for (index, (name, ready)) in self.capabilities().into_iter().enumerate() {
            let mut activities = shown.iter().filter(|a| a.capability == name).peekable();
            if activities.peek().is_none() {
                continue;
            }
            rows.push(Row::Capability { index, name, ready });
            rows.extend(activities.map(|activity| Row::Activity {
                capability: index,
                activity,
            }));
        }
        if hidden > 0 {
            rows.push(Row::More { count: hidden });
        }
        if let Some(ready) = self.model.readiness("all") {
            rows.push(Row::Model { ready });
        }
        rows
    }

    /// The last week worth showing: the latest P90, with room for labels.
    fn max_weeks(&self) -> f64 {
        let (shown, _) = shown_activities(self.model);
        let finishes = shown.into_iter().map(|a| a.finish_weeks.p90);
        let ready = self.model.readiness_weeks.iter().map(|(_, s)| s.p90);
        finishes.chain(ready).fold(1.0, f64::max) * 1.08
    }

    fn legend_items(&self) -> Vec<LegendItem> {
        let first = capability_colour(0);
        vec![
            LegendItem::new(
                Swatch::Block(first.mix(0.8)),
                "Activity: P50 start to P50 finish",
            ),
            LegendItem::new(Swatch::Whisker(INK), "Finish: P10 to P90"),
            LegendItem::new(
                Swatch::Diamond {
                    colour: INK,
                    filled: true,
                },
                "Ready (P50)",
            ),
            LegendItem::new(
                Swatch::Diamond {
                    colour: INK,
                    filled: false,
                },
                "Ready (P90)",
            ),
            LegendItem::new(
                Swatch::Block(RGBAColor(0, 0, 0, 0.0)),
                "Critical: share of iterations on the longest path",
            ),
        ]
    }
}

impl Drawing for ReadinessTimeline<'_> {
    fn footnote(&self) -> Option<String> {
        Some(run_note(self.summary))
    }

    fn stem(&self) -> String {
        format!("readiness-timeline-{}", self.stem)
    }

    fn title(&self) -> String {
        format!("Readiness timeline: {}", self.model.name)
    }

    fn size_px(&self) -> (u32, u32) {
        (
            TIMELINE_WIDTH_PX,
            FRAME_PX + ROW_PX * self.rows().len() as u32,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let subtitle = "Setup activities grouped by the capability they build";
        let body = header(root, &self.title(), subtitle)?;
        let plot = legend::below(&body, &self.legend_items())?;
        let rows = self.rows();
        let count = rows.len() as f64;
        let axis = Axis::weeks(self.summary.start_date.as_deref(), self.max_weeks(), 6);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN_PX)
            .margin_right(CRITICALITY_PX)
            .margin_top(34)
            .x_label_area_size(70)
            .y_label_area_size(NAMES_PX)
            .build_cartesian_2d(axis.coord(0.0, self.max_weeks()), 0.0..count)
            .or_msg()?;
        let date = |v: &f64| axis.label(*v);
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.disable_y_mesh()
            .y_labels(0)
            .x_desc(&axis.description)
            .x_label_formatter(&date)
            .draw()
            .or_msg()?;
        let criticality_x = chart.backend_coord(&(self.max_weeks(), 0.0)).0 + CRITICALITY_PX - 12;
        let heading_y = chart.backend_coord(&(0.0, count)).1 - 8;
        let style = text(LABEL_PX, MUTED).pos(Pos::new(HPos::Right, VPos::Bottom));
        root.draw(&Text::new("Critical", (criticality_x, heading_y), style))
            .or_msg()?;
        for (i, row) in rows.iter().enumerate() {
            let y = count - i as f64 - 0.5;
            match row {
                Row::Capability { index, name, ready } => {
                    group_band(&mut chart, y)?;
                    let taken = self.milestone_px(root, ready)? + 16;
                    self.name(root, &chart, name, y, 0, taken, capability_colour(*index))?;
                    self.milestones(root, &chart, ready, y, capability_colour(*index))?;
                }
                Row::Activity {
                    capability,
                    activity,
                } => {
                    activity_bar(&mut chart, activity, y, capability_colour(*capability))?;
                    self.name(root, &chart, &activity.name, y, 24, 0, INK)?;
                    let at = (criticality_x, chart.backend_coord(&(0.0, y)).1);
                    let style = text(LABEL_PX, INK).pos(Pos::new(HPos::Right, VPos::Center));
                    root.draw(&Text::new(percent_whole(activity.criticality), at, style))
                        .or_msg()?;
                }
                Row::More { count } => {
                    let label = format!(
                        "… and {} less critical activities, not drawn (all in activities.csv)",
                        grouped(*count as f64)
                    );
                    self.name(root, &chart, &label, y, 24, 0, MUTED)?;
                }
                Row::Model { ready } => {
                    group_band(&mut chart, y)?;
                    let taken = self.milestone_px(root, ready)? + 16;
                    self.name(root, &chart, "Whole model ready", y, 0, taken, INK)?;
                    self.milestones(root, &chart, ready, y, INK)?;
                }
            }
        }
        Ok(())
    }
}

/// "42%": criticality in whole percent, "<1%" when rare but not never.
fn percent_whole(share: f64) -> String {
    if share > 0.0 && share < 0.005 {
        "<1%".into()
    } else {
        format!("{:.0}%", share * 100.0)
    }
}

impl ReadinessTimeline<'_> {
    /// A row's name in the column left of the plot, cut to fit.
    #[allow(clippy::too_many_arguments)]
    fn name<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &TickedChart<'_, DB>,
        name: &str,
        y: f64,
        indent_px: i32,
        taken_px: i32,
        colour: RGBColor,
    ) -> Result<(), String> {
        let style = text(LABEL_PX, colour).pos(Pos::new(HPos::Left, VPos::Center));
        let room = NAMES_PX as i32 - indent_px - taken_px - 28;
        let label = fit(root, name, &style, room)?;
        let at = (MARGIN_PX + indent_px, chart.backend_coord(&(0.0, y)).1);
        root.draw(&Text::new(label, at, style)).or_msg()
    }

    /// P50 and P90 diamonds on a capability's (or the model's) row, with dates.
    fn milestones<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &TickedChart<'_, DB>,
        ready: &Stat,
        y: f64,
        colour: RGBColor,
    ) -> Result<(), String> {
        let p50 = chart.backend_coord(&(ready.p50, y));
        let p90 = chart.backend_coord(&(ready.p90, y));
        root.draw(&Polygon::new(diamond(p50, DIAMOND_PX), colour.filled()))
            .or_msg()?;
        let mut outline = diamond(p90, DIAMOND_PX);
        outline.push(outline[0]);
        root.draw(&PathElement::new(outline, colour.stroke_width(3)))
            .or_msg()?;
        let start = self.summary.start_date.as_deref();
        let label = format!(
            "P50 {} · P90 {}",
            when(start, ready.p50),
            when(start, ready.p90)
        );
        // Right-aligned at the end of the names column, beside the heading.
        let x = chart.backend_coord(&(0.0, y)).0 - 16;
        let style = text(NOTE_PX, colour).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(label, (x, p90.1), style)).or_msg()
    }

    /// Width in pixels of a heading row's milestone dates.
    fn milestone_px<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ready: &Stat,
    ) -> Result<i32, String> {
        let start = self.summary.start_date.as_deref();
        let label = format!(
            "P50 {} · P90 {}",
            when(start, ready.p50),
            when(start, ready.p90)
        );
        Ok(root
            .estimate_text_size(&label, &text(NOTE_PX, INK))
            .or_msg()?
            .0 as i32)
    }
}

/// A light band behind a group's heading row.
fn group_band<DB: DrawingBackend>(chart: &mut TickedChart<'_, DB>, y: f64) -> Result<(), String> {
    let (lo, hi) = (chart.x_range().start, chart.x_range().end);
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(lo, y - 0.5), (hi, y + 0.5)],
            RGBColor(244, 245, 247).filled(),
        )))
        .or_msg()?;
    Ok(())
}

/// The P50 bar and the P10-P90 whisker of an activity's finish.
fn activity_bar<DB: DrawingBackend>(
    chart: &mut TickedChart<'_, DB>,
    a: &ActivitySummary,
    y: f64,
    colour: RGBColor,
) -> Result<(), String> {
    let (start, finish) = (a.start_weeks.p50, a.finish_weeks.p50.max(a.start_weeks.p50));
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(start, y - 0.3), (finish, y + 0.3)],
            colour.mix(0.8).filled(),
        )))
        .or_msg()?;
    let (p10, p90) = (a.finish_weeks.p10, a.finish_weeks.p90);
    let style = INK.stroke_width(2);
    let lines = [
        vec![(p10, y), (p90, y)],
        vec![(p10, y - 0.18), (p10, y + 0.18)],
        vec![(p90, y - 0.18), (p90, y + 0.18)],
    ];
    chart
        .draw_series(lines.into_iter().map(|l| PathElement::new(l, style)))
        .or_msg()?;
    Ok(())
}
