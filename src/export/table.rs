//! The readable summary printed on the terminal after a run (the analysis
//! tables and precision warnings at its end come from `analysis_table`).

use std::fmt::Write;

use super::format::{figure, money, percent, shorten};
use crate::analysis::Results;
use crate::engine::record::{Difference, Headline};
use crate::engine::summary::Summary;
use crate::stats::stat::Stat;

const LABEL: usize = 28;
const COLUMN: usize = 30;

/// Renders the headline table for every model and each comparison.
pub(crate) fn render(results: &Results) -> String {
    let s = &results.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "opsim: {} | {} iterations, seed {} | {} over {} months{}",
        s.scenario,
        super::format::grouped(s.iterations as f64),
        s.seed,
        s.currency,
        s.horizon_months,
        s.start_date
            .as_ref()
            .map_or(String::new(), |d| format!(" from {d}")),
    );
    let _ = writeln!(out);
    header(&mut out, s);
    let cur = &s.currency;
    let money_mean =
        |st: &Stat| format!("{} ±{}", money(cur, st.mean), super::format::grouped(st.se));
    let money_range = |st: &Stat| format!("{} – {}", money(cur, st.p10), money(cur, st.p90));
    for (key, label) in [
        (Headline::Tco, "TCO (cash)"),
        (Headline::SetupCost, "Setup cost"),
        (Headline::RunCost, "Run cost"),
        (Headline::OpportunityCost, "Opportunity cost"),
        (Headline::EconomicCost, "Economic cost"),
        (Headline::Npv, "NPV of TCO"),
    ] {
        row(
            &mut out,
            &format!("{label}, mean ±se"),
            s.models.iter().map(|m| money_mean(m.headline(key))),
        );
        row(
            &mut out,
            "  P10 – P90",
            s.models.iter().map(|m| money_range(m.headline(key))),
        );
    }
    for (key, label) in [
        (Headline::Incidents, "Incidents, mean"),
        (Headline::Deployments, "Deployments, mean"),
    ] {
        row(
            &mut out,
            label,
            s.models.iter().map(|m| figure(m.headline(key).mean)),
        );
    }
    let capabilities: Vec<String> = s
        .models
        .iter()
        .flat_map(|m| m.readiness_weeks.iter().map(|(c, _)| c.clone()))
        .fold(Vec::new(), |mut acc, c| {
            if !acc.contains(&c) {
                acc.push(c);
            }
            acc
        });
    let _ = writeln!(out, "Readiness, weeks P50 / P90");
    for cap in capabilities {
        row(
            &mut out,
            &format!("  {cap}"),
            s.models.iter().map(|m| {
                m.readiness(&cap).map_or("-".into(), |r| {
                    format!("{} / {}", figure(r.p50), figure(r.p90))
                })
            }),
        );
    }
    for c in &s.comparisons {
        let d = c.difference(Difference::Tco);
        let e = c.difference(Difference::Economic);
        let b = &c.break_even_month;
        let month =
            |m: Option<usize>| m.map_or("not within horizon".to_string(), |m| format!("month {m}"));
        let _ = writeln!(out);
        let _ = writeln!(out, "{} vs {}", c.name, s.baseline);
        for (label, stat) in [("TCO difference", d), ("Economic difference", e)] {
            let _ = writeln!(
                out,
                "  {label:<20} {} ±{}  (P10 {}, P90 {})",
                money(cur, stat.mean),
                super::format::grouped(stat.se),
                money(cur, stat.p10),
                money(cur, stat.p90)
            );
        }
        let _ = writeln!(
            out,
            "  Probability cheaper  {} ±{}",
            percent(c.probability_cheaper),
            percent(c.probability_cheaper_se)
        );
        let _ = writeln!(
            out,
            "  Break-even           P50 {}, P90 {}; not within horizon in {} of iterations",
            month(b.p50),
            month(b.p90),
            percent(b.share_not_within_horizon)
        );
    }
    out.push_str(&super::analysis_table::render(results));
    out.push_str(&super::analysis_table::precision_warnings(s));
    out
}

fn header(out: &mut String, s: &Summary) {
    let _ = write!(out, "{:LABEL$}", "");
    for m in &s.models {
        let _ = write!(out, "{:>COLUMN$}", shorten(&m.name, COLUMN - 2));
    }
    let _ = writeln!(out);
}

fn row(out: &mut String, label: &str, cells: impl Iterator<Item = String>) {
    let _ = write!(out, "{:LABEL$}", label);
    for cell in cells {
        let _ = write!(out, "{cell:>COLUMN$}");
    }
    let _ = writeln!(out);
}
