//! The report's "What drives the answer" section: for each compared model, the
//! inputs that move its TCO difference and its readiness (rank correlation,
//! share of explained variance, the output's mean at the input's bottom and top
//! decile, and the swing between them), then what each countermeasure and risk
//! is worth. Every scenario string is escaped.

use std::fmt::Write;

use super::format::{figure, money_short, percent};
use super::html::escape;
use crate::analysis::{Analysis, OutputSensitivity, Results, Unit};
use crate::engine::summary::Summary;

/// Inputs listed per output in the report.
pub(crate) const REPORT_INPUTS: usize = 15;

/// The section; empty when the run has no analysis.
pub(crate) fn section(results: &Results) -> String {
    let s = &results.summary;
    let Some(a) = &results.analysis else {
        return String::new();
    };
    let mut out = format!(
        "<section id=\"drivers\">\n<h2>What drives the answer</h2>\n\
         <p class=\"note\">Measured on the run's first {} iterations. Rank r is Spearman's rank \
         correlation between the input and the output; the share is the input's squared rank \
         correlation over the sum of all inputs' (its share of the explained variance); the \
         swing is the output's mean when the input is in its top decile minus its mean when \
         the input is in its bottom decile.</p>\n",
        super::format::grouped(a.sample_iterations as f64)
    );
    for o in &a.sensitivity {
        out.push_str(&output_table(s, o));
    }
    if !a.levers.is_empty() {
        out.push_str(&levers_table(s, a));
    }
    out.push_str("</section>\n");
    out
}

fn output_table(s: &Summary, o: &OutputSensitivity) -> String {
    let value = |v: f64| match o.unit {
        Unit::Money => escape(&money_short(&s.currency, v)),
        Unit::Weeks => figure(v),
    };
    let name = s
        .model(&o.model)
        .map_or(o.model.as_str(), |m| m.name.as_str());
    let what = match o.unit {
        Unit::Money => format!(
            "cash difference from {}",
            s.model(&s.baseline)
                .map_or(s.baseline.as_str(), |m| m.name.as_str())
        ),
        Unit::Weeks => "readiness (weeks until every activity is done)".into(),
    };
    let mut rows = String::new();
    for e in o.effects.iter().take(REPORT_INPUTS) {
        let _ = writeln!(
            rows,
            "<tr><th>{}</th><td>{:.2}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&e.words.seen_from(name)),
            e.rank_correlation,
            percent(e.variance_share),
            value(e.low_mean),
            value(e.high_mean),
            value(e.swing())
        );
    }
    format!(
        "<h3>{}: {}</h3>\n<p class=\"note\">Mean {}. Largest swing first; {} of {} inputs shown.</p>\n\
         <table>\n<thead><tr><th>Input</th><th>Rank r</th><th>Share</th><th>Input low</th>\
         <th>Input high</th><th>Swing</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        escape(name),
        escape(&what),
        value(o.mean),
        o.effects.len().min(REPORT_INPUTS),
        o.effects.len()
    )
}

fn levers_table(s: &Summary, a: &Analysis) -> String {
    let mut rows = String::new();
    for l in &a.levers {
        let weeks = |p: [f64; 2]| format!("{} → {}", figure(p[0]), figure(p[1]));
        let sign = if l.tco_change > 0.0 { "+" } else { "" };
        let _ = writeln!(
            rows,
            "<tr><th>{} <small>({} of {})</small></th><td>{}</td><td>{}</td><td>{}</td>\
             <td>{sign}{}</td><td>{}</td></tr>",
            escape(&l.name),
            l.kind,
            escape(
                s.model(&l.model)
                    .map_or(l.model.as_str(), |m| m.name.as_str())
            ),
            l.change.as_str(),
            weeks(l.readiness_p50_weeks),
            weeks(l.readiness_p90_weeks),
            escape(&money_short(&s.currency, l.tco_change)),
            escape(&money_short(&s.currency, l.tco_change_se))
        );
    }
    format!(
        "<h3>Countermeasures and risks</h3>\n<p class=\"note\">Each row runs the model again with \
         one change, on the same random numbers, and pairs each iteration with its unchanged \
         twin: a countermeasure switched off (or on, when the scenario has it off), a risk \
         removed. Readiness is the whole model's; the TCO change is the mean paired difference, \
         changed minus as run.</p>\n<table>\n<thead><tr><th>Countermeasure or risk</th>\
         <th>Change</th><th>Ready P50 (weeks)</th><th>Ready P90 (weeks)</th><th>TCO change</th>\
         <th>&plusmn; SE</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    )
}
