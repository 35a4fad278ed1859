//! The joint confidence chart, one per compared model whose setup varies:
//! readiness (when every activity is done) against setup cost, one point per
//! sampled iteration (every k-th of the analysis sample, at most 2,000), in the
//! model's colour. The date and budget that are met together in 80% of futures
//! (`analysis::joint`) are drawn as dashed lines, and the region within both
//! is shaded; the points inside it are 80% of the sample. Each figure's own
//! P80 is marked on its axis with a tick, since meeting both P80s together is
//! less likely than 80% (written on the chart).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Axis, when};
use super::legend::{self, LegendItem, Swatch};
use super::{
    Drawing, INK, LABEL_PX, MARGIN_PX, MUTED, OrMsg, header, house_style, model_colour,
    money_short, run_note, text,
};
use crate::analysis::joint::{JOINT_TARGET, JointConfidence};
use crate::engine::summary::Summary;
use crate::export::format::{chance, money_compact, visible};

pub(crate) struct JointChart<'a> {
    summary: &'a Summary,
    joint: &'a JointConfidence,
    stem: String,
}

impl<'a> JointChart<'a> {
    pub(crate) fn new(
        summary: &'a Summary,
        joint: &'a JointConfidence,
        model_stem: &str,
    ) -> JointChart<'a> {
        JointChart {
            summary,
            joint,
            stem: format!("joint-confidence-{model_stem}"),
        }
    }

    fn name(&self) -> String {
        (self.summary.models.get(self.joint.model))
            .map_or_else(String::new, |m| visible(&m.name).into_owned())
    }

    fn date(&self, weeks: f64) -> String {
        when(self.summary.start_date.as_deref(), weeks)
    }
}

impl Drawing for JointChart<'_> {
    fn stem(&self) -> String {
        self.stem.clone()
    }

    fn title(&self) -> String {
        let j = self.joint;
        format!(
            "{}: ready by {} and within {} in {} of futures",
            self.name(),
            self.date(j.together_weeks),
            money_short(&self.summary.currency, j.together_setup_cost),
            chance(JOINT_TARGET)
        )
    }

    fn footnote(&self) -> Option<String> {
        Some(run_note(self.summary))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let j = self.joint;
        let cur = &self.summary.currency;
        let subtitle = format!(
            "Each point is one future: when setup is done and what it cost. Each P80 alone is met together in only {}",
            chance(j.at_each_p80)
        );
        let body = header(root, &self.title(), &subtitle)?;
        let colour = model_colour(j.model);
        let items = vec![
            LegendItem::new(Swatch::Block(colour.mix(0.5)), "One future (iteration)"),
            LegendItem::new(
                Swatch::Block(colour.mix(0.12)),
                format!("Within both: {} of futures", chance(j.together_share)),
            ),
            LegendItem::new(Swatch::Dashed(INK), "Date and budget met together in 80%"),
        ];
        let plot = legend::below(&body, &items)?;
        let max_weeks = (j.points.iter().map(|p| p.0))
            .fold(j.together_weeks, f64::max)
            .max(1.0)
            * 1.05;
        let max_cost = (j.points.iter().map(|p| p.1))
            .fold(j.together_setup_cost, f64::max)
            .max(1.0)
            * 1.05;
        let axis = Axis::weeks(self.summary.start_date.as_deref(), max_weeks, 8);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(MARGIN_PX)
            .margin_right(MARGIN_PX * 2)
            .margin_top(10)
            .x_label_area_size(70)
            .y_label_area_size(100)
            .build_cartesian_2d(axis.coord(0.0, max_weeks), 0.0..max_cost)
            .or_msg()?;
        let date = |v: &f64| axis.label(*v);
        let money = |v: &f64| money_compact(cur, *v);
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh);
        mesh.x_desc(format!("Fully set up: {}", axis.description))
            .y_desc(format!("Setup cost ({cur})"))
            .x_label_formatter(&date)
            .y_label_formatter(&money)
            .y_labels(8)
            .draw()
            .or_msg()?;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, 0.0), (j.together_weeks, j.together_setup_cost)],
                colour.mix(0.12).filled(),
            )))
            .or_msg()?;
        chart
            .draw_series(
                j.points
                    .iter()
                    .map(|&p| Circle::new(p, 3, colour.mix(0.5).filled())),
            )
            .or_msg()?;
        for line in [
            vec![(j.together_weeks, 0.0), (j.together_weeks, max_cost)],
            vec![
                (0.0, j.together_setup_cost),
                (max_weeks, j.together_setup_cost),
            ],
        ] {
            chart
                .draw_series(DashedLineSeries::new(line, 10, 7, INK.stroke_width(2)))
                .or_msg()?;
        }
        let base = plot.get_base_pixel();
        let (x, y) = chart.backend_coord(&(j.together_weeks, max_cost));
        plot.draw(&Text::new(
            format!("by {}", self.date(j.together_weeks)),
            (x - base.0 + 8, y - base.1 + 8),
            text(LABEL_PX, INK).pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .or_msg()?;
        let (x, y) = chart.backend_coord(&(max_weeks, j.together_setup_cost));
        plot.draw(&Text::new(
            format!("within {}", money_short(cur, j.together_setup_cost)),
            (x - base.0 - 8, y - base.1 - 6),
            text(LABEL_PX, INK).pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))
        .or_msg()?;
        let (x, y) = chart.backend_coord(&(0.0, 0.0));
        plot.draw(&Text::new(
            format!(
                "P80s alone: {} and {}",
                self.date(j.p80_weeks),
                money_short(cur, j.p80_setup_cost)
            ),
            (x - base.0 + 12, y - base.1 - 10),
            text(LABEL_PX - 2, MUTED).pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))
        .or_msg()?;
        Ok(())
    }
}
