//! The readable summary printed on the terminal after a run. It opens with the
//! answer, as the report's first page says it (`verdict`): per compared model
//! the verdict, the four figures, what would flip it and the setup's joint
//! confidence; then each model's figures side by side; the analysis tables and
//! precision warnings at its end come from `analysis_table`. Everything fits
//! the terminal's width (`width::columns`, `COLUMNS`), wrapped by words.

use std::fmt::Write;

use super::format::{money_short, shorten};
use super::verdict::{Verdict, verdicts};
use super::width::{columns, wrap};
use crate::analysis::Results;
use crate::engine::record::Headline;
use crate::engine::summary::Summary;
use crate::model::Model;
use crate::stats::stat::Stat;

/// The label column of the per-model table.
const LABEL: usize = 24;

/// Renders the whole summary for a terminal `columns()` wide.
pub(crate) fn render(results: &Results, model: &Model) -> String {
    render_at(results, model, columns())
}

/// Renders the whole summary for `width` columns.
pub(crate) fn render_at(results: &Results, model: &Model, width: usize) -> String {
    let s = &results.summary;
    let mut out = String::new();
    let from = s
        .start_date
        .as_ref()
        .map_or(String::new(), |d| format!(" from {d}"));
    paragraph(
        &mut out,
        &format!(
            "opsim: {} | {} iterations, seed {} | {}, {} months{from}",
            s.scenario,
            super::format::grouped(s.iterations as f64),
            s.seed,
            s.currency,
            s.horizon_months,
        ),
        "",
        width,
    );
    for v in verdicts(results, Some(model)) {
        answer(&mut out, &v, width);
    }
    models_table(&mut out, s, width);
    out.push_str(&super::analysis_table::render(results, width));
    out.push_str(&super::width::fit_lines(
        &super::analysis_table::precision_warnings(s),
        width,
    ));
    out
}

/// `text` wrapped to `width`, each line after `indent`.
fn paragraph(out: &mut String, text: &str, indent: &str, width: usize) {
    for line in wrap(text, width.saturating_sub(indent.chars().count()).max(20)) {
        let _ = writeln!(out, "{indent}{line}");
    }
}

/// A bullet: `- ` and `text` wrapped after `indent`, continuation lines under
/// the text.
fn bullet(out: &mut String, text: &str, indent: &str, width: usize) {
    let room = width.saturating_sub(indent.chars().count() + 2).max(20);
    for (i, line) in wrap(text, room).iter().enumerate() {
        let mark = if i == 0 { "- " } else { "  " };
        let _ = writeln!(out, "{indent}{mark}{line}");
    }
}

fn answer(out: &mut String, v: &Verdict, width: usize) {
    let _ = writeln!(out);
    let _ = writeln!(out, "{} against {}", v.model, v.baseline);
    paragraph(out, &v.headline, "  ", width);
    paragraph(out, &v.detail, "  ", width);
    for f in &v.figures {
        bullet(
            out,
            &format!("{}: {}, {}", f.title, f.value, f.note),
            "  ",
            width,
        );
    }
    if !v.flips.is_empty() {
        let _ = writeln!(out, "  What would flip it:");
        for flip in &v.flips {
            bullet(out, flip, "  ", width);
        }
    }
    if let Some(joint) = &v.joint {
        paragraph(
            out,
            &format!("Setup date and budget together: {joint}"),
            "  ",
            width,
        );
    }
    if let Some(o) = &v.opportunity {
        paragraph(
            out,
            &format!("A second view, not cash: {}", o.sentence),
            "  ",
            width,
        );
    }
    for caveat in v.caveats.iter().filter(|c| c.contains("confidence")) {
        paragraph(out, &format!("Caveat: {caveat}"), "  ", width);
    }
}

/// Each model's figures side by side: mean ±se, then P10 to P90. Rows that
/// would repeat another for this scenario are folded: no opportunity cost
/// leaves out opportunity and economic cost; no discounting leaves out NPV.
fn models_table(out: &mut String, s: &Summary, width: usize) {
    let cur = &s.currency;
    let cell_width = ((width.saturating_sub(LABEL)) / s.models.len().max(1)).max(14);
    let _ = writeln!(out);
    let _ = write!(out, "{:LABEL$}", "Each model");
    for m in &s.models {
        let _ = write!(out, "{:>cell_width$}", shorten(&m.name, cell_width - 2));
    }
    let _ = writeln!(out);
    let row = |out: &mut String, label: &str, cells: Vec<String>| {
        let _ = write!(out, "{label:LABEL$}");
        for cell in cells {
            let _ = write!(out, "{cell:>cell_width$}");
        }
        let _ = writeln!(out);
    };
    let no_opportunity = s
        .models
        .iter()
        .all(|m| m.headline(Headline::OpportunityCost).mean == 0.0);
    let mut rows = vec![
        (Headline::Tco, "TCO (cash)"),
        (Headline::SetupCost, "Setup cost"),
        (Headline::RunCost, "Run cost"),
    ];
    if !no_opportunity {
        rows.push((Headline::OpportunityCost, "Opportunity cost"));
        rows.push((Headline::EconomicCost, "Economic cost"));
    }
    if s.discount_rate_per_year != 0.0 {
        rows.push((Headline::Npv, "NPV of TCO"));
    }
    let mean = |st: &Stat| format!("{} ±{}", money_short(cur, st.mean), money_short(cur, st.se));
    let range = |st: &Stat| {
        if st.p10 == st.p90 {
            money_short(cur, st.p10)
        } else {
            format!(
                "{} to {}",
                money_short(cur, st.p10),
                money_short(cur, st.p90)
            )
        }
    };
    for (key, label) in rows {
        row(
            out,
            &format!("{label}, mean"),
            s.models.iter().map(|m| mean(m.headline(key))).collect(),
        );
        row(
            out,
            "  P10 to P90",
            s.models.iter().map(|m| range(m.headline(key))).collect(),
        );
    }
    for (key, label) in [
        (Headline::Incidents, "Incidents, mean"),
        (Headline::Deployments, "Deployments, mean"),
    ] {
        let cells = s
            .models
            .iter()
            .map(|m| {
                super::format::grouped(super::format::round_significant(m.headline(key).mean, 3))
            })
            .collect();
        row(out, label, cells);
    }
    let mut capabilities: Vec<&str> = Vec::new();
    for m in &s.models {
        for (c, _) in &m.readiness_weeks {
            if !capabilities.contains(&c.as_str()) {
                capabilities.push(c);
            }
        }
    }
    let _ = writeln!(out, "Ready, weeks (P50 / P90)");
    for cap in capabilities {
        let cells = s
            .models
            .iter()
            .map(|m| match m.readiness(cap) {
                None => "-".into(),
                Some(r) if r.p90 == 0.0 => "from the start".into(),
                Some(r) => format!("{:.0} / {:.0}", r.p50, r.p90),
            })
            .collect();
        row(out, &format!("  {}", capability_words(cap)), cells);
    }
}

/// "deployment-throughput" -> "Deployment throughput", "all" -> "Everything".
pub(crate) fn capability_words(capability: &str) -> String {
    if capability == "all" {
        return "Everything".into();
    }
    let words = capability.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
