//! The table `opsim validate` prints: every per-iteration input with its
//! distribution and its exact implied mean, P10, P50 and P90, then the per-event
//! distributions, so an analyst sees what a distribution means before a run.

use std::fmt::Write;

use super::format::figure;
use super::width::{Align, Row, table};
use crate::model::Model;
use crate::sample::dist::Dist;

/// Renders the inputs table in at most `width` columns.
pub fn render(model: &Model, width: usize) -> String {
    let mut out = String::new();
    let headers = ["input", "distribution", "mean", "P10", "P50", "P90"];
    let aligns = [
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
    ];
    let _ = writeln!(
        out,
        "Drawn once per iteration (shared by every model where they are organisation inputs):"
    );
    let per_iteration: Vec<Row> = model
        .inputs
        .iter()
        .filter(|i| !i.dist.is_constant())
        .map(|i| row(&i.path, &i.dist))
        .collect();
    out.push_str(&table(&headers, &aligns, &per_iteration, 0, width));
    let _ = writeln!(out);
    let _ = writeln!(out, "Drawn per incident:");
    let per_incident: Vec<Row> = model
        .models
        .iter()
        .map(|m| {
            let path = format!("models.{}.incidents.time_to_restore_hours", m.id);
            row(&path, &m.arrangement.time_to_restore_hours)
        })
        .collect();
    out.push_str(&table(&headers, &aligns, &per_incident, 0, width));
    let constants = model.inputs.iter().filter(|i| i.dist.is_constant()).count();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{constants} further inputs are constants (defaults included)."
    );
    out
}

fn row(path: &str, dist: &Dist) -> Row {
    Row::Cells(vec![
        path.to_string(),
        dist.describe(),
        figure(dist.mean()),
        figure(dist.quantile(0.10)),
        figure(dist.quantile(0.50)),
        figure(dist.quantile(0.90)),
    ])
}
