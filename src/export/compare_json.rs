//! `compare.json`: the documented record of `opsim compare` (docs/output.md):
//! both files with the SHA-256 of their text, the shared seed and iterations,
//! and one object per row. Keys keep a fixed order; equal comparisons give
//! byte-identical files. Formats [`Comparison`] only.

use serde_json::{Value, json};

use crate::analysis::compare::{Comparison, Row, Side};

/// Renders compare.json as pretty JSON, ending in a newline.
pub(crate) fn render(c: &Comparison) -> String {
    let mut text = serde_json::to_string_pretty(&document(c)).expect("JSON of plain values");
    text.push('\n');
    text
}

/// The document as a value.
fn document(c: &Comparison) -> Value {
    json!({
        "opsim_version": env!("CARGO_PKG_VERSION"),
        "a": side(&c.a),
        "b": side(&c.b),
        "set": c.set,
        "currency": c.currency,
        "horizon_months": c.horizon_months,
        "simulation": { "iterations": c.iterations, "seed": c.seed },
        "difference_se": "sqrt(a_se^2 + b_se^2): exact for independent runs; an upper bound here, since both runs draw the same random numbers for inputs at the same path",
        "only_in_a": { "models": c.models_only_in_a, "comparisons": c.comparisons_only_in_a },
        "only_in_b": { "models": c.models_only_in_b, "comparisons": c.comparisons_only_in_b },
        "rows": c.rows.iter().map(row).collect::<Vec<_>>(),
    })
}

fn side(s: &Side) -> Value {
    json!({
        "file": s.file,
        "sha256": s.sha256,
        "scenario": s.scenario,
        "baseline": s.baseline,
        "iterations_in_file": s.iterations_in_file,
        "seed_in_file": s.seed_in_file,
    })
}

fn row(r: &Row) -> Value {
    json!({
        "section": r.section.as_str(),
        "model": r.model,
        "statistic": r.statistic,
        "unit": r.unit.as_str(),
        "a": r.a,
        "a_se": r.a_se,
        "b": r.b,
        "b_se": r.b_se,
        "difference": r.difference(),
        "difference_se": r.difference_se(),
    })
}
