//! The terminal table of `opsim compare`: for each paired model and comparison,
//! its rows with columns A, B and B − A (±se for means and shares), then the
//! models and comparisons only one file has. It formats [`Comparison`] only.

use std::fmt::Write;

use super::format::{figure, grouped, money, percent};
use super::width::{Align, Row as TableRow, abbreviate, fit_lines, table};
use crate::analysis::compare::{Comparison, Row, Section, Unit};

const COLUMN: usize = 24;

/// Renders the side-by-side table in at most `width` columns.
pub(crate) fn render(c: &Comparison, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "opsim compare: A = {} ({}), B = {} ({})",
        c.a.file, c.a.scenario, c.b.file, c.b.scenario
    );
    let _ = writeln!(
        out,
        "Both runs: {} iterations, seed {} | {} over {} months",
        grouped(c.iterations as f64),
        c.seed,
        c.currency,
        c.horizon_months
    );
    for set in &c.set {
        let _ = writeln!(out, "Both files: {set}");
    }
    for note in &c.notes {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out);
    let a_head = abbreviate(&format!("A: {}", c.a.label), COLUMN - 2);
    let b_head = abbreviate(&format!("B: {}", c.b.label), COLUMN - 2);
    let mut table_rows: Vec<TableRow> = Vec::new();
    for m in &c.models {
        table_rows.push(TableRow::Heading(format!("{} ({})", m.name, m.id)));
        rows(&mut table_rows, c, c.rows_of(Section::Model, &m.id));
    }
    for m in &c.models {
        let mut compared = c.rows_of(Section::Comparison, &m.id).peekable();
        if compared.peek().is_some() {
            table_rows.push(TableRow::Heading(format!("{} vs {}", m.name, c.a.baseline)));
            rows(&mut table_rows, c, compared);
        }
    }
    out.push_str(&table(
        &["", &a_head, &b_head, "B − A"],
        &[Align::Left, Align::Right, Align::Right, Align::Right],
        &table_rows,
        2,
        width,
    ));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "B − A is B's figure minus A's. Its ±se is sqrt(se_A² + se_B²), an upper bound: \
         both runs draw the same random numbers for inputs at the same path."
    );
    for (what, ids) in [
        ("Models only in A", &c.models_only_in_a),
        ("Models only in B", &c.models_only_in_b),
        ("Comparisons only in A", &c.comparisons_only_in_a),
        ("Comparisons only in B", &c.comparisons_only_in_b),
    ] {
        if !ids.is_empty() {
            let _ = writeln!(out, "{what}: {}", ids.join(", "));
        }
    }
    fit_lines(&out, width)
}

fn rows<'a>(out: &mut Vec<TableRow>, c: &Comparison, rows: impl Iterator<Item = &'a Row>) {
    for r in rows {
        out.push(TableRow::Cells(vec![
            r.label.to_string(),
            value(&c.currency, r.unit, r.a, r.a_se),
            value(&c.currency, r.unit, r.b, r.b_se),
            difference(&c.currency, r),
        ]));
    }
}

/// One side's cell: the value, with ±se when it has one.
fn value(currency: &str, unit: Unit, v: Option<f64>, se: Option<f64>) -> String {
    let Some(v) = v else {
        return "not within horizon".into();
    };
    let shown = match unit {
        Unit::Money => money(currency, v),
        Unit::Weeks => figure(v),
        Unit::Share => percent(v),
        Unit::Month => format!("month {v}"),
    };
    match (se, unit) {
        (Some(se), Unit::Share) => format!("{shown} ±{}", percent(se)),
        (Some(se), _) => format!("{shown} ±{}", grouped(se)),
        (None, _) => shown,
    }
}

/// The B − A cell: signed, shares in percentage points, with ±se when known.
fn difference(currency: &str, r: &Row) -> String {
    let Some(d) = r.difference() else {
        return "n/a".into();
    };
    let shown = match r.unit {
        Unit::Money => signed(money(currency, d), d),
        Unit::Weeks => signed(figure(d), d),
        Unit::Share => format!("{} pp", signed(format!("{:.1}", d * 100.0), d)),
        Unit::Month => signed(format!("{d}"), d),
    };
    match (r.difference_se(), r.unit) {
        (Some(se), Unit::Share) => format!("{shown} ±{:.1} pp", se * 100.0),
        (Some(se), _) => format!("{shown} ±{}", grouped(se)),
        (None, _) => shown,
    }
}

/// `text` with a `+` when `value` is positive and the text shows a non-zero
/// digit; a difference that rounds to nothing shows no sign at all.
fn signed(text: String, value: f64) -> String {
    let shows_digit = text.bytes().any(|b| (b'1'..=b'9').contains(&b));
    if !shows_digit {
        text.replace('-', "")
    } else if value > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_a_sign_unless_they_round_to_nothing() {
        assert_eq!(signed(money("GBP", 360_000.0), 360_000.0), "+£360,000");
        assert_eq!(signed(money("GBP", -1_500.0), -1_500.0), "-£1,500");
        assert_eq!(signed(money("GBP", 0.0), 0.0), "£0");
        assert_eq!(signed(figure(-0.001), -0.001), "0.00");
        assert_eq!(signed(format!("{:.1}", 1.25), 0.0125), "+1.2");
    }
}
