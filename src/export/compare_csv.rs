//! `compare.csv`: one row per statistic of `opsim compare`, with A, B, their
//! standard errors and B − A (docs/output.md). Formats [`Comparison`] only.

use super::csv::{num, text_cell, write};
use crate::analysis::compare::{Comparison, Row, Unit};

/// The header of compare.csv.
pub(crate) const COLUMNS: [&str; 10] = [
    "section",
    "model",
    "statistic",
    "unit",
    "a",
    "a_se",
    "b",
    "b_se",
    "difference",
    "difference_se",
];

/// Renders compare.csv.
pub(crate) fn render(c: &Comparison) -> String {
    let mut rows = vec![COLUMNS.map(String::from).to_vec()];
    rows.extend(c.rows.iter().map(|r| row(c, r)));
    write(rows)
}

fn row(c: &Comparison, r: &Row) -> Vec<String> {
    let optional = |v: Option<f64>| v.map_or_else(String::new, num);
    let side = |v: Option<f64>| match (v, r.unit) {
        (None, Unit::Month) => "not within horizon".to_string(),
        (v, _) => optional(v),
    };
    let unit = match r.unit {
        Unit::Money => text_cell(&c.currency),
        other => other.as_str().to_string(),
    };
    vec![
        r.section.as_str().to_string(),
        text_cell(&r.model),
        r.statistic.to_string(),
        unit,
        side(r.a),
        optional(r.a_se),
        side(r.b),
        optional(r.b_se),
        optional(r.difference()),
        optional(r.difference_se()),
    ]
}
