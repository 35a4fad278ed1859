//! `compare.html`: `opsim compare` as a page in the report's style. The
//! finding (the compare chart's title) first, the chart inline, then each
//! paired model's and comparison's rows with A, B and B − A, the models and
//! comparisons only one file has, and what makes it reproducible. Every string
//! from the scenarios goes through [`escape`]. Formats [`Comparison`] only.

use std::fmt::Write;

use super::charts::Chart;
use super::format::{figure, grouped, percent};
use super::html::{escape, money};
use crate::analysis::compare::{Comparison, Row, Unit};

/// The page's file name in the output folder.
pub(crate) const COMPARE_HTML: &str = "compare.html";

/// Renders compare.html around the compare chart.
pub(crate) fn render(c: &Comparison, chart: &Chart, opsim_version: &str) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<p class=\"kicker\">opsim compare</p>\n<h1>{} <span>vs</span> {}</h1>",
        escape(&c.a.label),
        escape(&c.b.label)
    );
    let _ = writeln!(body, "<p class=\"answer\">{}.</p>", escape(&chart.title));
    let _ = writeln!(
        body,
        "<p class=\"lede\">A is <code>{}</code> ({}), B is <code>{}</code> ({}). Both ran {} \
         iterations on seed {}, on the same random numbers, over {} months in {}.</p>",
        escape(&c.a.file),
        escape(&c.a.scenario),
        escape(&c.b.file),
        escape(&c.b.scenario),
        grouped(c.iterations as f64),
        c.seed,
        c.horizon_months,
        escape(&c.currency)
    );
    for note in c.notes.iter().chain(&c.set) {
        let _ = writeln!(body, "<p class=\"note\">{}</p>", escape(note));
    }
    let label = format!("<svg role=\"img\" aria-label=\"{}\" ", escape(&chart.title));
    let _ = writeln!(
        body,
        "<figure id=\"compare\">\n{}<figcaption><b>Figure 1.</b> {}. Each bar is the change in \
         a mean from A to B; the whisker spans two standard errors either side.</figcaption>\n\
         </figure>",
        chart.svg.replacen("<svg ", &label, 1),
        escape(&chart.title)
    );
    body.push_str("<section id=\"statistics\">\n<h2>Side by side</h2>\n");
    for m in &c.models {
        let rows: Vec<&Row> = c.rows.iter().filter(|r| r.model == m.id).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(body, "<h3>{}</h3>", escape(&m.name));
        body.push_str(
            "<table>\n<thead><tr><th>Statistic</th><th>A</th><th>B</th><th>B &minus; A</th>\
             </tr></thead>\n<tbody>\n",
        );
        for r in rows {
            let _ = writeln!(
                body,
                "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(r.label.trim().trim_end_matches(" ±se")),
                value(c, r.unit, r.a),
                value(c, r.unit, r.b),
                difference(c, r)
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    let only = [
        ("Models only A defines", &c.models_only_in_a),
        ("Models only B defines", &c.models_only_in_b),
        ("Comparisons only A makes", &c.comparisons_only_in_a),
        ("Comparisons only B makes", &c.comparisons_only_in_b),
    ];
    for (words, ids) in only.iter().filter(|(_, ids)| !ids.is_empty()) {
        let ids: Vec<String> = ids.iter().map(|i| escape(i)).collect();
        let _ = writeln!(body, "<p class=\"note\">{words}: {}.</p>", ids.join(", "));
    }
    body.push_str("</section>\n");
    let _ = writeln!(
        body,
        "<section id=\"reproducibility\">\n<h2>Reproducibility</h2>\n<table class=\"pairs\">\
         \n<tbody>\n<tr><th>A</th><td><code>{}</code>, SHA-256 <code>{}</code></td></tr>\n\
         <tr><th>B</th><td><code>{}</code>, SHA-256 <code>{}</code></td></tr>\n\
         <tr><th>Iterations, seed</th><td>{}, {}</td></tr>\n\
         <tr><th>opsim</th><td>{}</td></tr>\n</tbody>\n</table>\n</section>",
        escape(&c.a.file),
        escape(&c.a.sha256),
        escape(&c.b.file),
        escape(&c.b.sha256),
        grouped(c.iterations as f64),
        c.seed,
        escape(opsim_version)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"opsim {}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>{} vs {}: opsim compare</title>\n\
         <style>{}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(opsim_version),
        escape(&c.a.label),
        escape(&c.b.label),
        super::report::STYLE,
    )
}

/// One side's value as the page shows it.
fn value(c: &Comparison, unit: Unit, v: Option<f64>) -> String {
    match (unit, v) {
        (Unit::Month, None) => "not within horizon".into(),
        (_, None) => String::new(),
        (Unit::Money, Some(v)) => money(&c.currency, v),
        (Unit::Weeks, Some(v)) => figure(v),
        (Unit::Share, Some(v)) => percent(v),
        (Unit::Month, Some(v)) => format!("{v:.0}"),
    }
}

/// B − A as the page shows it, signed; empty when either side has none.
fn difference(c: &Comparison, r: &Row) -> String {
    let Some(d) = r.difference() else {
        return String::new();
    };
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "&minus;"
    } else {
        ""
    };
    let magnitude = match r.unit {
        Unit::Money => money(&c.currency, d.abs()),
        Unit::Weeks => figure(d.abs()),
        Unit::Share => format!("{:.1} points", d.abs() * 100.0),
        Unit::Month => format!("{:.0}", d.abs()),
    };
    format!("{sign}{magnitude}")
}
