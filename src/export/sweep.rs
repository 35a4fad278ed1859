//! What `opsim sweep` writes and prints: `sweep.csv` (one row per point and
//! compared model) and the terminal table of the same numbers.

use super::csv::{num, text_cell, write};
use super::format::{figure, money, percent};
use super::width::{self, Align, Row, fit_lines};
use crate::sweep::Sweep;

/// The sweep's data file in the output folder.
pub const SWEEP_CSV: &str = "sweep.csv";

/// Output columns after the parameters and the model.
const COLUMNS: [&str; 8] = [
    "tco_difference_mean",
    "tco_difference_se",
    "tco_difference_p10",
    "tco_difference_p90",
    "probability_cheaper",
    "readiness_p50_weeks",
    "readiness_p90_weeks",
    "break_even_month_p50",
];

/// `sweep.csv`: a column per parameter (its full path), then `model` and the outputs.
pub fn csv(s: &Sweep) -> String {
    let mut header: Vec<String> = s.parameters.iter().map(|(p, _)| text_cell(p)).collect();
    header.push("model".into());
    header.extend(COLUMNS.map(String::from));
    let mut rows = vec![header];
    for (values, results) in &s.points {
        for r in results {
            let mut row: Vec<String> = values.iter().map(|v| num(*v)).collect();
            row.push(text_cell(&r.model));
            row.extend(
                [
                    r.tco_difference_mean,
                    r.tco_difference_se,
                    r.tco_difference_p10,
                    r.tco_difference_p90,
                    r.probability_cheaper,
                    r.readiness_p50_weeks,
                    r.readiness_p90_weeks,
                ]
                .map(num),
            );
            row.push(
                r.break_even_month_p50
                    .map_or("not within horizon".into(), |m| m.to_string()),
            );
            rows.push(row);
        }
    }
    write(rows)
}

/// The table printed after a sweep, in at most `width` columns: each point as
/// a heading (its parameters in full), then a row per compared model.
pub fn table(s: &Sweep, width: usize) -> String {
    let mut out = format!(
        "opsim sweep: {} | {} points x {} iterations, seed {} (every point on the same random numbers)\n\n",
        s.scenario,
        s.points.len(),
        super::format::grouped(s.iterations as f64),
        s.seed
    );
    let mut rows = Vec::new();
    for (values, results) in &s.points {
        let point: Vec<String> = s
            .parameters
            .iter()
            .zip(values)
            .map(|((p, _), v)| format!("{p} = {}", figure_exact(*v)))
            .collect();
        rows.push(Row::Heading(point.join(", ")));
        for r in results {
            rows.push(Row::Cells(vec![
                r.model.clone(),
                format!(
                    "{} ±{}",
                    money(&s.currency, r.tco_difference_mean),
                    super::format::grouped(r.tco_difference_se)
                ),
                percent(r.probability_cheaper),
                format!(
                    "{} / {}",
                    figure(r.readiness_p50_weeks),
                    figure(r.readiness_p90_weeks)
                ),
                r.break_even_month_p50
                    .map_or("none".into(), |m| format!("month {m}")),
            ]));
        }
    }
    out.push_str(&width::table(
        &[
            "model",
            "TCO difference ±se",
            "P(cheaper)",
            "ready P50/P90",
            "break-even",
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
        2,
        width,
    ));
    fit_lines(&out, width)
}

/// A parameter value as written: no rounding to three figures.
fn figure_exact(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
