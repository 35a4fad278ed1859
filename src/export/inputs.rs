//! The table `opsim validate` prints: every per-iteration input with its
//! distribution and its exact implied mean, P10, P50 and P90, then the per-event
//! distributions, so an analyst sees what a distribution means before a run.

use std::fmt::Write;

use super::format::figure;
use crate::model::Model;
use crate::sample::dist::Dist;

/// Renders the inputs table.
pub fn render(model: &Model) -> String {
    let mut out = String::new();
    let width = model
        .inputs
        .iter()
        .map(|i| i.path.len())
        .max()
        .unwrap_or(10)
        .max(10);
    let _ = writeln!(
        out,
        "Drawn once per iteration (shared by every model where they are organisation inputs):"
    );
    let _ = writeln!(
        out,
        "{:width$}  {:28} {:>10} {:>10} {:>10} {:>10}",
        "input", "distribution", "mean", "P10", "P50", "P90"
    );
    for input in model.inputs.iter().filter(|i| !i.dist.is_constant()) {
        line(&mut out, &input.path, &input.dist, width);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Drawn per incident:");
    for m in &model.models {
        let path = format!("models.{}.incidents.time_to_restore_hours", m.id);
        line(&mut out, &path, &m.arrangement.time_to_restore_hours, width);
    }
    let constants = model.inputs.iter().filter(|i| i.dist.is_constant()).count();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{constants} further inputs are constants (defaults included)."
    );
    out
}

fn line(out: &mut String, path: &str, dist: &Dist, width: usize) {
    let _ = writeln!(
        out,
        "{path:width$}  {:28} {:>10} {:>10} {:>10} {:>10}",
        dist.describe(),
        figure(dist.mean()),
        figure(dist.quantile(0.10)),
        figure(dist.quantile(0.50)),
        figure(dist.quantile(0.90)),
    );
}
