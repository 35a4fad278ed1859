//! The terminal's view of what drives the answer: the top inputs by swing for
//! each compared model's TCO difference and readiness, what each countermeasure
//! and risk is worth, and how precise the headline means are.

use std::fmt::Write;

use super::format::{chance, money_short};
use super::width::wrap;
use crate::analysis::{Analysis, OutputSensitivity, Results, Unit};
use crate::engine::summary::Summary;

/// Inputs listed per output on the terminal (the JSON and report list all).
pub(crate) const TOP_INPUTS: usize = 5;

/// A headline mean whose standard error exceeds this share of it gets a warning.
pub(crate) const LARGE_RELATIVE_SE: f64 = 0.01;

/// Sensitivity and countermeasure and risk tables for `width` columns; empty
/// without an analysis.
pub(crate) fn render(results: &Results, width: usize) -> String {
    let s = &results.summary;
    let Some(a) = &results.analysis else {
        return String::new();
    };
    let mut out = String::new();
    for o in &a.sensitivity {
        sensitivity(&mut out, s, a, o, width);
    }
    if !a.levers.is_empty() {
        levers(&mut out, s, a, width);
    }
    out
}

/// A row: the label wrapped in `label_width` columns, the figures on its
/// first line.
fn row(out: &mut String, label: &str, label_width: usize, figures: &str) {
    let lines = wrap(label, label_width);
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "  {line:<label_width$}{figures}");
        } else {
            let _ = writeln!(out, "    {line}");
        }
    }
}

fn model_name<'a>(s: &'a Summary, id: &'a str) -> &'a str {
    s.model(id).map_or(id, |m| m.name.as_str())
}

fn sensitivity(out: &mut String, s: &Summary, a: &Analysis, o: &OutputSensitivity, width: usize) {
    let what = match o.unit {
        Unit::Money => "cash difference",
        Unit::Weeks => "ready date",
    };
    let value = |v: f64| match o.unit {
        Unit::Money => money_short(&s.currency, v),
        Unit::Weeks => format!("{v:.1} wk"),
    };
    let _ = writeln!(out);
    for line in wrap(
        &format!(
            "What drives the {what} of {} (swing: its mean with the input at its P90 minus at its P10, on the first {} futures)",
            model_name(s, &o.model),
            super::format::grouped(a.sample_iterations as f64)
        ),
        width,
    ) {
        let _ = writeln!(out, "{line}");
    }
    let label_width = width.saturating_sub(2 + FIGURES).max(20);
    let _ = writeln!(
        out,
        "  {:<label_width$}{:>7}{:>7}{:>10}",
        "input", "rank r", "share", "swing"
    );
    for e in o.effects.iter().take(TOP_INPUTS) {
        let figures = format!(
            "{:>7.2}{:>7}{:>10}",
            e.rank_correlation,
            chance(e.variance_share),
            value(e.swing())
        );
        row(
            out,
            &e.words.seen_from(model_name(s, &o.model)),
            label_width,
            &figures,
        );
    }
}

/// Columns the figures of a driver's row take.
const FIGURES: usize = 24;

fn levers(out: &mut String, s: &Summary, a: &Analysis, width: usize) {
    let _ = writeln!(out);
    for line in wrap(
        &format!(
            "Countermeasures and risks: the change each makes, paired on the first {} futures",
            super::format::grouped(a.sample_iterations as f64)
        ),
        width,
    ) {
        let _ = writeln!(out, "{line}");
    }
    const LEVER_FIGURES: usize = 36;
    let label_width = width.saturating_sub(2 + LEVER_FIGURES).max(20);
    let _ = writeln!(
        out,
        "  {:<label_width$}{:>11}{:>8}{:>17}",
        "countermeasure or risk", "change", "P50 wk", "cash ±se"
    );
    for l in &a.levers {
        let sign = if l.tco_change >= 0.5 { "+" } else { "" };
        let tco = format!(
            "{sign}{} ±{}",
            money_short(&s.currency, l.tco_change),
            money_short(&s.currency, l.tco_change_se)
        );
        let p50 = l.readiness_p50_weeks[1] - l.readiness_p50_weeks[0];
        let figures = format!(
            "{:>11}{:>8}{:>17}",
            l.change.as_str(),
            format!("{p50:+.1}"),
            tco
        );
        let label = if s.comparisons.len() > 1 {
            format!("{} ({})", l.name, model_name(s, &l.model))
        } else {
            l.name.clone()
        };
        row(out, &label, label_width, &figures);
    }
}

/// A warning for each headline mean whose standard error is large, and for a
/// run to a target that stopped at its cap; empty when all is well.
pub(crate) fn precision_warnings(s: &Summary) -> String {
    let mut out = String::new();
    if let Some(c) = &s.convergence {
        let _ = if c.reached {
            writeln!(
                out,
                "\n--target-se {}: reached after {} iterations (largest relative SE {}, {}).",
                c.target_relative_se,
                super::format::grouped(s.iterations as f64),
                percent_fine(c.worst.1),
                c.worst.0
            )
        } else {
            writeln!(
                out,
                "\nwarning: --target-se {} not reached within --max-iterations {}: {} still has a relative SE of {}.",
                c.target_relative_se,
                super::format::grouped(c.max_iterations as f64),
                c.worst.0,
                percent_fine(c.worst.1)
            )
        };
    }
    if s.iterations < 2 {
        let _ = writeln!(
            out,
            "warning: with {} iteration no standard error can be estimated: every ± above is unknown; run more iterations.",
            s.iterations
        );
        return out;
    }
    for m in &s.models {
        for (name, st) in &m.headlines {
            let relative = st.se / st.mean.abs();
            if st.sd > 0.0 && relative > LARGE_RELATIVE_SE {
                let _ = writeln!(
                    out,
                    "warning: {} of {}: the standard error is {} of the mean; run more iterations (e.g. --target-se 0.005).",
                    super::format::label(name),
                    m.name,
                    percent_fine(relative)
                );
            }
        }
    }
    out
}

/// A share with two decimals: "0.37%".
fn percent_fine(share: f64) -> String {
    format!("{:.2}%", share * 100.0)
}
