//! The terminal's view of what drives the answer: the top inputs by swing for
//! each compared model's TCO difference and readiness, what each countermeasure
//! and risk is worth, and how precise the headline means are.

use std::fmt::Write;

use super::format::{figure, money, percent, shorten_keeping_end};
use crate::analysis::{Analysis, OutputSensitivity, Results, Unit};
use crate::engine::summary::Summary;

/// Inputs listed per output on the terminal (the JSON and report list all).
pub(crate) const TOP_INPUTS: usize = 5;

/// A headline mean whose standard error exceeds this share of it gets a warning.
pub(crate) const LARGE_RELATIVE_SE: f64 = 0.01;

/// Sensitivity and countermeasure and risk tables; empty without an analysis.
pub(crate) fn render(results: &Results) -> String {
    let s = &results.summary;
    let Some(a) = &results.analysis else {
        return String::new();
    };
    let mut out = String::new();
    for o in &a.sensitivity {
        sensitivity(&mut out, s, a, o);
    }
    if !a.levers.is_empty() {
        levers(&mut out, s, a);
    }
    out
}

fn sensitivity(out: &mut String, s: &Summary, a: &Analysis, o: &OutputSensitivity) {
    let what = match o.unit {
        Unit::Money => "TCO difference",
        Unit::Weeks => "readiness in weeks",
    };
    let value = |v: f64| match o.unit {
        Unit::Money => money(&s.currency, v),
        Unit::Weeks => figure(v),
    };
    let _ = writeln!(
        out,
        "\nWhat drives {}'s {what} (first {} iterations; swing = mean at the input's P90 minus at its P10)",
        o.model,
        super::format::grouped(a.sample_iterations as f64)
    );
    let _ = writeln!(
        out,
        "  {:<58} {:>8} {:>7} {:>14}",
        "input", "rank r", "share", "swing"
    );
    for e in o.effects.iter().take(TOP_INPUTS) {
        let _ = writeln!(
            out,
            "  {:<58} {:>8.2} {:>7} {:>14}",
            shorten_keeping_end(&e.path, 58),
            e.rank_correlation,
            percent(e.variance_share),
            value(e.swing())
        );
    }
}

fn levers(out: &mut String, s: &Summary, a: &Analysis) {
    let _ = writeln!(
        out,
        "\nCountermeasures and risks: the change each makes, paired on the first {} iterations",
        super::format::grouped(a.sample_iterations as f64)
    );
    let _ = writeln!(
        out,
        "  {:<40} {:<15} {:>10} {:>10} {:>10} {:>18}",
        "model.id", "kind", "change", "P50 weeks", "P90 weeks", "TCO ±se"
    );
    for l in &a.levers {
        let weeks = |p: [f64; 2]| format!("{:+.1}", p[1] - p[0]);
        let sign = if l.tco_change >= 0.5 { "+" } else { "" };
        let tco = format!(
            "{sign}{} ±{}",
            money(&s.currency, l.tco_change),
            super::format::grouped(l.tco_change_se)
        );
        let _ = writeln!(
            out,
            "  {:<40} {:<15} {:>10} {:>10} {:>10} {:>18}",
            shorten_keeping_end(&format!("{}.{}", l.model, l.id), 40),
            l.kind,
            l.change.as_str(),
            weeks(l.readiness_p50_weeks),
            weeks(l.readiness_p90_weeks),
            tco
        );
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
    for m in &s.models {
        for (name, st) in &m.headlines {
            let relative = st.se / st.mean.abs();
            if st.sd > 0.0 && relative > LARGE_RELATIVE_SE {
                let _ = writeln!(
                    out,
                    "warning: {}.{name}: the standard error is {} of the mean; run more iterations (e.g. --target-se 0.005).",
                    m.id,
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
