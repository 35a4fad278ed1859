//! `compare.csv`: one row per statistic of `opsim compare`, with A, B, their
//! standard errors and B − A (docs/output.md). Formats [`Comparison`] only.
//! Numbers are written to 12 significant figures, which drops the float noise
//! of a subtraction (0.38760000000000006) and nothing an estimate knows; a
//! break-even month outside the horizon is an empty cell, said in `flag`.

use super::csv::{num_significant, text_cell, write};
use crate::analysis::compare::{Comparison, Row, Unit};

/// The header of compare.csv.
pub(crate) const COLUMNS: [&str; 11] = [
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
    "flag",
];

/// Renders compare.csv.
pub(crate) fn render(c: &Comparison) -> String {
    let mut rows = vec![COLUMNS.map(String::from).to_vec()];
    rows.extend(c.rows.iter().map(|r| row(c, r)));
    write(rows)
}

fn row(c: &Comparison, r: &Row) -> Vec<String> {
    let optional = |v: Option<f64>| v.map_or_else(String::new, |v| num_significant(v, 12));
    let side = optional;
    let flag = match (r.unit, r.a, r.b) {
        (Unit::Month, None, None) => "a and b not within horizon",
        (Unit::Month, None, _) => "a not within horizon",
        (Unit::Month, _, None) => "b not within horizon",
        _ => "",
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
        flag.to_string(),
    ]
}
