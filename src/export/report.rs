//! `report.html`: one self-contained file a consultant can attach to a business
//! case unchanged. It opens with the answer, one sentence per compared model;
//! then the charts (inline SVG, no scripts, nothing fetched); then every
//! headline statistic with its standard error; then the assumptions (every
//! input with its distribution and implied P10/P50/P90, countermeasures,
//! risks); and ends with what makes the run reproducible. It reads the
//! [`Summary`] for results and the [`Model`] for assumptions, and computes
//! nothing new. Every string from the scenario is escaped for HTML. A print
//! stylesheet fits A4 and US Letter alike.

use std::fmt::Write;

use super::RunInfo;
use super::charts::Chart;
use super::dates::{day_month_year, days_after_weeks, month_year};
use super::format::{figure, figure_with_se, grouped, label, percent};
use super::html::{escape, money, money_with_se};
use super::shown::{MAX_ACTIVITIES_SHOWN, shown_activities};
use crate::analysis::Results;
use crate::analysis::correlations::VALIDATE_DRAWS;
use crate::engine::CHUNK_ITERATIONS;
use crate::engine::calendar::month_start;
use crate::engine::record::Headline;
use crate::engine::summary::{ComparisonSummary, ModelSummary, Summary};
use crate::model::{Confidence, Input, Model, OnCallLevel, OperatingModel};
use crate::sample::dist::Dist;
use crate::stats::stat::Stat;

/// Renders the report. `generated` is the date line ("2026-05-01 14:03 UTC").
pub fn render(
    results: &Results,
    model: &Model,
    info: &RunInfo,
    charts: &[Chart],
    generated: &str,
) -> String {
    let summary = &results.summary;
    let mut sections = vec![("charts", "Charts"), ("statistics", "Headline statistics")];
    if results.analysis.is_some() {
        sections.push(("drivers", "What drives the answer"));
    }
    sections.extend([
        ("assumptions", "Assumptions"),
        ("appendix", "Appendix: input paths"),
        ("reproducibility", "Reproducibility"),
    ]);
    let body = [
        intro(summary, model),
        super::report_first_page::answer(results, model),
        super::report_first_page::contents(&sections),
        charts_section(charts),
        statistics(summary),
        super::report_analysis::section(results),
        assumptions(summary, model),
        appendix(model),
        reproducibility(summary, info, generated),
    ]
    .concat();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"opsim {}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title>{}: opsim report</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(&info.opsim_version),
        escape(&summary.scenario),
    )
}

fn intro(s: &Summary, model: &Model) -> String {
    let names: Vec<String> = s.models.iter().map(|m| escape(&m.name)).collect();
    let start = s
        .start_date
        .as_deref()
        .and_then(|d| days_after_weeks(d, 0.0))
        .map_or(String::new(), |d| format!(", from {}", day_month_year(d)));
    let mut out = String::from("<header>\n");
    let _ = writeln!(
        out,
        "<p class=\"kicker\">opsim report &middot; scenario <b>{}</b></p>",
        escape(&s.scenario)
    );
    let _ = writeln!(out, "<h1>{}</h1>", names.join(" <span>vs</span> "));
    if !model.meta.description.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"lede\">{}</p>",
            escape(&model.meta.description)
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} simulated futures &middot; {} months{start} &middot; money in {} &middot; \
         compared with {}</p>\n</header>",
        grouped(s.iterations as f64),
        s.horizon_months,
        escape(&s.currency),
        escape(&baseline_name(s)),
    );
    out
}

/// A count as a whole number when it is one: 60 -> "60", 2.5 -> "2.50".
fn count(value: f64) -> String {
    if value.fract() == 0.0 {
        grouped(value)
    } else {
        figure(value)
    }
}

fn baseline_name(s: &Summary) -> String {
    s.model(&s.baseline)
        .map_or(s.baseline.clone(), |m| m.name.clone())
}

/// "Mar 2029 (month 26)", or "month 26" without a start date.
fn month_in_words(s: &Summary, month: usize) -> String {
    match s
        .start_date
        .as_deref()
        .and_then(|d| days_after_weeks(d, month_start(month)))
    {
        Some(days) => format!("{} (month {month})", month_year(days)),
        None => format!("month {month}"),
    }
}

fn charts_section(charts: &[Chart]) -> String {
    let mut out = String::from("<section id=\"charts\">\n<h2>Charts</h2>\n");
    for (i, chart) in charts.iter().enumerate() {
        let _ = writeln!(
            out,
            "<figure id=\"{}\">\n{}<figcaption><b>Figure {}.</b> {}. {}</figcaption>\n</figure>",
            escape(&chart.stem),
            inline_svg(chart),
            i + 1,
            escape(&chart.title),
            caption(&chart.stem),
        );
    }
    out.push_str("</section>\n");
    out
}

/// The chart's SVG, labelled for screen readers.
fn inline_svg(chart: &Chart) -> String {
    let label = format!("<svg role=\"img\" aria-label=\"{}\" ", escape(&chart.title));
    chart.svg.replacen("<svg ", &label, 1)
}

fn caption(stem: &str) -> &'static str {
    match stem {
        "cumulative-saving" => {
            "Cash saved against the baseline so far, month by month (mean). Below £0 the change \
             has cost more than it saved; where the line crosses £0 it has paid for itself. The \
             whisker at the end spans the saving over the whole horizon from P10 to P90."
        }
        s if s.starts_with("saving-distribution") => {
            "How likely each saving over the horizon is. Coloured bars are futures in which the \
             model is cheaper, grey ones futures in which it costs more."
        }
        "tco-distribution" => {
            "How likely each total cost of ownership is: the higher the curve, the likelier that \
             cost. Where the curves overlap, either model could turn out cheaper."
        }
        "cumulative-cost" => {
            "Cash spent from the start to the end of each month. The shaded column is the month \
             in which the P50 break-even falls; the bands show how uncertain the path is."
        }
        "run-cost-components" => {
            "Where the run cost goes (means), with opportunity cost beside it on its own scale. \
             Opportunity cost is not cash: it is what downtime and waiting changes cost the \
             business."
        }
        s if s.starts_with("tornado") => {
            "The inputs that move this figure most. Each bar runs from the figure's mean when \
             the input is low (bottom decile) to its mean when the input is high (top decile); \
             the longer the bar, the more narrowing that input's range would sharpen the answer."
        }
        s if s.starts_with("readiness-timeline") => {
            "The setup plan as simulated. Criticality is the share of simulations in which an \
             activity is on the longest path: shortening a critical activity shortens the setup."
        }
        _ => {
            "The probability that each capability, and the whole model, is ready by each date. \
             Read across at 50% and 90% for the P50 and P90 dates."
        }
    }
}

fn statistics(s: &Summary) -> String {
    let mut out = String::from(
        "<section id=\"statistics\">\n<h2>Headline statistics</h2>\n\
         <p class=\"note\">Mean &plusmn; its Monte Carlo standard error (SE), and quantiles. \
         Means are rounded to the precision their standard error allows; quantiles to three \
         significant figures.</p>\n",
    );
    for c in &s.comparisons {
        out.push_str(&comparison_table(s, c));
    }
    for m in &s.models {
        out.push_str(&model_table(s, m));
    }
    for m in s.models.iter().filter(|m| !m.activities.is_empty()) {
        out.push_str(&activities_table(s, m));
    }
    out.push_str("</section>\n");
    out
}

const STAT_HEADER: &str = "<thead><tr><th>Statistic</th><th>Mean</th><th>&plusmn; SE</th>\
                           <th>P10</th><th>P50</th><th>P90</th></tr></thead>\n";

/// How a statistic's numbers are written.
#[derive(Clone, Copy)]
enum Kind<'a> {
    Money(&'a str),
    Count,
    Weeks(Option<&'a str>),
}

fn stat_row(name: &str, st: &Stat, kind: Kind, class: &str) -> String {
    let (mean, se, quantiles) = match kind {
        Kind::Money(cur) => {
            let (mean, se) = money_with_se(cur, st.mean, st.se);
            let q = [st.p10, st.p50, st.p90].map(|v| money(cur, v));
            (mean, se, q)
        }
        Kind::Count => {
            let (mean, se) = figure_with_se(st.mean, st.se);
            (mean, se, [st.p10, st.p50, st.p90].map(figure))
        }
        Kind::Weeks(start) => {
            let (mean, se) = figure_with_se(st.mean, st.se);
            let q = [st.p10, st.p50, st.p90].map(|w| weeks_cell(start, w));
            (format!("{mean} wk"), format!("{se} wk"), q)
        }
    };
    format!(
        "<tr class=\"{class}\"><th>{}</th><td>{mean}</td><td>{se}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        escape(name),
        quantiles[0],
        quantiles[1],
        quantiles[2]
    )
}

/// "26.3 wk" with its date beneath when there is a start date.
fn weeks_cell(start: Option<&str>, weeks: f64) -> String {
    match start.and_then(|d| days_after_weeks(d, weeks)) {
        Some(days) => format!(
            "{} wk<br><small>{}</small>",
            figure(weeks),
            day_month_year(days)
        ),
        None => format!("{} wk", figure(weeks)),
    }
}

fn comparison_table(s: &Summary, c: &ComparisonSummary) -> String {
    let cur = &s.currency;
    let mut rows = String::new();
    for (name, st) in &c.differences {
        rows.push_str(&stat_row(label(name), st, Kind::Money(cur), ""));
    }
    let _ = writeln!(
        rows,
        "<tr><th>Probability of a lower TCO</th><td>{}</td><td>{}</td><td></td><td></td><td></td></tr>",
        percent(c.probability_cheaper),
        percent(c.probability_cheaper_se)
    );
    let b = &c.break_even_month;
    let month = |m: Option<usize>| m.map_or("not within horizon".into(), |m| month_in_words(s, m));
    let _ = writeln!(
        rows,
        "<tr><th>Break-even month<br><small>not within horizon in {} of simulations</small></th>\
         <td></td><td></td><td>{}</td><td>{}</td><td>{}</td></tr>",
        percent(b.share_not_within_horizon),
        month(b.p10),
        month(b.p50),
        month(b.p90)
    );
    format!(
        "<h3>{} compared with {}</h3>\n<p class=\"note\">Differences are {} minus {}: \
         negative means {} is cheaper.</p>\n<table>\n{STAT_HEADER}<tbody>\n{rows}</tbody>\n</table>\n",
        escape(&c.name),
        escape(&baseline_name(s)),
        escape(&c.name),
        escape(&baseline_name(s)),
        escape(&c.name),
    )
}

fn model_table(s: &Summary, m: &ModelSummary) -> String {
    let cur = &s.currency;
    let money_row =
        |h: Headline, class: &str| stat_row(label(h.key()), m.headline(h), Kind::Money(cur), class);
    let mut rows = String::new();
    rows.push_str(&money_row(Headline::Tco, "total"));
    rows.push_str(&money_row(Headline::SetupCost, ""));
    rows.push_str(&money_row(Headline::RunCost, ""));
    for (name, st) in &m.run_cost_by_component {
        rows.push_str(&stat_row(label(name), st, Kind::Money(cur), "part"));
    }
    rows.push_str(&money_row(Headline::OpportunityCost, ""));
    for (name, st) in &m.opportunity_cost_by_component {
        rows.push_str(&stat_row(label(name), st, Kind::Money(cur), "part"));
    }
    for h in [Headline::EconomicCost, Headline::Npv, Headline::NpvEconomic] {
        rows.push_str(&money_row(h, ""));
    }
    for h in [Headline::Incidents, Headline::Deployments] {
        rows.push_str(&stat_row(label(h.key()), m.headline(h), Kind::Count, ""));
    }
    if !m.activities.is_empty() {
        for (capability, st) in &m.readiness_weeks {
            let name = if capability == "all" {
                "Ready: whole model".to_string()
            } else {
                format!("Ready: {}", super::table::capability_words(capability))
            };
            rows.push_str(&stat_row(
                &name,
                st,
                Kind::Weeks(s.start_date.as_deref()),
                "",
            ));
        }
    }
    let note = if m.activities.is_empty() {
        "<p class=\"note\">No setup activities: ready from the start.</p>\n"
    } else {
        ""
    };
    format!(
        "<h3>{}</h3>\n{note}<table>\n{STAT_HEADER}<tbody>\n{rows}</tbody>\n</table>\n",
        escape(&m.name)
    )
}

fn activities_table(s: &Summary, m: &ModelSummary) -> String {
    let start = s.start_date.as_deref();
    let mut rows = String::new();
    let (shown, hidden) = shown_activities(m);
    for a in shown {
        let _ = writeln!(
            rows,
            "<tr><th>{}<br><small>{}</small></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.name),
            escape(&super::table::capability_words(&a.capability)),
            weeks_cell(start, a.start_weeks.p50),
            weeks_cell(start, a.finish_weeks.p10),
            weeks_cell(start, a.finish_weeks.p50),
            weeks_cell(start, a.finish_weeks.p90),
            percent(a.criticality),
        );
    }
    format!(
        "<h3>{}: setup activities</h3>\n<table>\n<thead><tr><th>Activity<br><small>capability</small></th>\
         <th>Start P50</th><th>Finish P10</th><th>Finish P50</th><th>Finish P90</th>\
         <th>Critical</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n{more}",
        escape(&m.name),
        more = if hidden > 0 {
            format!(
                "<p class=\"note\">The {} most critical of {} activities; the other {} are in activities.csv.</p>\n",
                MAX_ACTIVITIES_SHOWN,
                grouped(m.activities.len() as f64),
                grouped(hidden as f64)
            )
        } else {
            String::new()
        }
    )
}

fn assumptions(s: &Summary, model: &Model) -> String {
    [
        "<section id=\"assumptions\">\n<h2>Assumptions</h2>\n".to_string(),
        organisation(s, model),
        tiers(model),
        inputs(model),
        super::correlations::html(
            &crate::analysis::correlations::achieved(model, s.seed, VALIDATE_DRAWS),
            VALIDATE_DRAWS,
            |path| model.words(path).with_model(),
        ),
        constants(model),
        countermeasures(model),
        risks(model),
        "</section>\n".to_string(),
    ]
    .concat()
}

fn organisation(s: &Summary, model: &Model) -> String {
    let meta = &model.meta;
    let org = &model.organisation;
    let start = meta
        .start_date
        .as_deref()
        .unwrap_or("none (timelines in weeks)");
    let rows = [
        ("Digital services", count(org.services)),
        ("Product teams", count(org.teams)),
        ("Horizon", format!("{} months", meta.horizon_months)),
        ("Start date", escape(start)),
        ("Working hours per week", figure(meta.hours_per_week)),
        ("Currency", escape(&meta.currency)),
        (
            "Discount rate (NPV)",
            format!("{} a year", percent(meta.discount_rate_per_year)),
        ),
        ("Baseline", escape(&baseline_name(s))),
    ];
    let body: String = rows
        .iter()
        .map(|(k, v)| format!("<tr><th>{k}</th><td>{v}</td></tr>\n"))
        .collect();
    format!("<h3>Organisation</h3>\n<table class=\"pairs\">\n<tbody>\n{body}</tbody>\n</table>\n")
}

fn tiers(model: &Model) -> String {
    if model.tiers.is_empty() {
        return String::new();
    }
    let mut rows = String::new();
    for t in &model.tiers {
        let target = t
            .availability_target_percent
            .map_or("-".into(), |p| format!("{p}%"));
        let level = match t.on_call {
            OnCallLevel::None => "none: waits for the next working day",
            OnCallLevel::Domain => "one rota per domain",
            OnCallLevel::Team => "one rota per team",
        };
        let _ = writeln!(
            rows,
            "<tr><th>{}</th><td>{target}</td><td>{}</td><td>{level}</td><td>{}</td></tr>",
            escape(&t.name),
            count(t.services),
            escape(&model.inputs[t.exposure_per_hour].dist.describe()),
        );
    }
    format!(
        "<h3>Service tiers</h3>\n<table class=\"text\">\n<thead><tr><th>Tier</th><th>Availability target</th>\
         <th>Services</th><th>Out-of-hours on call (YBIYRI)</th><th>Exposure per hour</th></tr></thead>\n\
         <tbody>\n{rows}</tbody>\n</table>\n"
    )
}

/// The most rows each of the report's two inputs tables shows (uncertain,
/// fixed); the rest are counted.
pub const MAX_INPUT_ROWS: usize = 200;

/// The most activity names a cell of the countermeasures or risks table shows.
pub const MAX_NAMES_IN_CELL: usize = 12;

/// An uncertain input's row: its label and unit, distribution, mean and
/// quantiles, and where its value came from.
fn dist_row(model: &Model, input: &Input, label: &str, dist: &Dist) -> String {
    let words = model.words(&input.path);
    let trust = input
        .confidence
        .map_or("not given".to_string(), |c| c.word().to_string());
    let source = input.source.as_deref().map_or(String::new(), escape);
    format!(
        "<tr><th>{}</th><td>{}</td><td class=\"dist\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
         <td class=\"{}\">{}</td><td class=\"source\">{}</td></tr>\n",
        escape(label),
        escape(&words.unit.text(&model.meta.currency)),
        escape(&dist.describe()),
        figure(dist.mean()),
        figure(dist.quantile(0.10)),
        figure(dist.quantile(0.50)),
        figure(dist.quantile(0.90)),
        confidence_class(input.confidence),
        trust,
        source,
    )
}

fn confidence_class(confidence: Option<Confidence>) -> &'static str {
    match confidence {
        Some(Confidence::High) | Some(Confidence::Medium) => "firm",
        _ => "weak",
    }
}

/// "… and 4,960 more: `opsim validate` lists every input." when rows were
/// left out of an inputs table.
fn more_inputs(hidden: usize) -> String {
    if hidden == 0 {
        return String::new();
    }
    format!(
        "<p class=\"note\">… and {} more, in file order: <code>opsim validate</code> lists every input.</p>\n",
        grouped(hidden as f64)
    )
}

fn inputs(model: &Model) -> String {
    let uncertain = || model.inputs.iter().filter(|i| !i.dist.is_constant());
    let hidden = uncertain().count().saturating_sub(MAX_INPUT_ROWS);
    let mut rows: String = uncertain()
        .take(MAX_INPUT_ROWS)
        .map(|i| dist_row(model, i, &model.words(&i.path).with_model(), &i.dist))
        .collect();
    for m in &model.models {
        let path = format!("models.{}.incidents.time_to_restore_hours", m.id);
        let label = format!("{}, per incident", model.words(&path).with_model());
        let written = Input {
            path,
            dist: m.arrangement.time_to_restore_hours.clone(),
            span: 0..0,
            stream_key: 0,
            source: None,
            confidence: None,
        };
        rows.push_str(&dist_row(model, &written, &label, &written.dist));
    }
    format!(
        "<h3>Uncertain inputs</h3>\n<p class=\"note\">Drawn once per simulated future (organisation \
         inputs are shared by every model), except those marked per incident. Notation as in the \
         scenario file: <code>pert [min, mode, max]</code>, <code>lognormal [p5, p95]</code>, ...</p>\n\
         <table class=\"inputs\">\n<thead><tr><th>Input</th><th>Unit</th><th>Distribution</th><th>Mean</th><th>P10</th>\
         <th>P50</th><th>P90</th><th>Confidence</th><th>Source</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n{}",
        more_inputs(hidden)
    )
}

fn constants(model: &Model) -> String {
    let fixed = || model.inputs.iter().filter(|i| i.dist.is_constant());
    let hidden = fixed().count().saturating_sub(MAX_INPUT_ROWS);
    let rows: String = fixed()
        .take(MAX_INPUT_ROWS)
        .map(|i| {
            format!(
                "<tr><th>{}</th><td>{}</td><td>{}</td></tr>\n",
                escape(&model.words(&i.path).with_model()),
                escape(&i.dist.describe()),
                escape(&model.words(&i.path).unit.text(&model.meta.currency)),
            )
        })
        .collect();
    format!(
        "<h3>Fixed inputs</h3>\n<p class=\"note\">Constants, defaults included.</p>\n\
         <table class=\"pairs inputs\">\n<tbody>\n{rows}</tbody>\n</table>\n{}",
        more_inputs(hidden)
    )
}

/// The names of the activities a countermeasure or risk acts on, at most
/// [`MAX_NAMES_IN_CELL`] of them and a count of the rest.
fn activity_names(m: &OperatingModel, indices: impl Iterator<Item = usize>) -> String {
    let indices: Vec<usize> = indices.collect();
    let names: Vec<String> = (indices.iter().take(MAX_NAMES_IN_CELL))
        .map(|&a| escape(&m.activities[a].name))
        .collect();
    let mut text = names.join("; ");
    if indices.len() > MAX_NAMES_IN_CELL {
        let _ = write!(
            text,
            "; and {} more",
            grouped((indices.len() - MAX_NAMES_IN_CELL) as f64)
        );
    }
    text
}

fn countermeasures(model: &Model) -> String {
    let mut rows = String::new();
    for m in &model.models {
        for c in &m.countermeasures {
            let effort: Vec<String> = (c.effort_days.iter())
                .map(|(role, days)| {
                    format!(
                        "{} {} days",
                        escape(&model.roles[*role]),
                        escape(&model.inputs[*days].dist.describe())
                    )
                })
                .collect();
            let _ = writeln!(
                rows,
                "<tr><th>{}<br><small>{} &middot; {}</small></th><td class=\"{}\">{}</td><td>{}</td>\
                 <td class=\"dist\">{}</td><td class=\"dist\">{}</td><td>{}</td></tr>",
                escape(&c.name),
                escape(&m.name),
                escape(&c.id),
                if c.enabled { "on" } else { "off" },
                if c.enabled { "on" } else { "off" },
                activity_names(m, c.applies_to.iter().copied()),
                escape(&model.inputs[c.duration_factor].dist.describe()),
                escape(&model.inputs[c.one_off_cost].dist.describe()),
                effort.join("; "),
            );
        }
    }
    if rows.is_empty() {
        return "<h3>Countermeasures</h3>\n<p>None.</p>\n".into();
    }
    format!(
        "<h3>Countermeasures</h3>\n<table class=\"text\">\n<thead><tr><th>Countermeasure</th><th>In this run</th>\
         <th>Shortens</th><th>Duration factor</th><th>One-off cost</th><th>Effort</th></tr></thead>\n\
         <tbody>\n{rows}</tbody>\n</table>\n"
    )
}

fn risks(model: &Model) -> String {
    let mut rows = String::new();
    for m in &model.models {
        for (r, risk) in m.risks.iter().enumerate() {
            let hits = (m.activities.iter().enumerate())
                .filter(|(_, a)| a.delays.iter().any(|(k, _)| *k == r))
                .map(|(i, _)| i);
            let delay = (m.activities.iter())
                .flat_map(|a| a.delays.iter())
                .find(|(k, _)| *k == r)
                .map_or("-".into(), |(_, d)| model.inputs[*d].dist.describe());
            let _ = writeln!(
                rows,
                "<tr><th>{}<br><small>{} &middot; {}</small></th><td>{}</td><td>{}</td><td class=\"dist\">{}</td></tr>",
                escape(&risk.name),
                escape(&m.name),
                escape(&risk.id),
                percent(model.inputs[risk.occurs].dist.mean()),
                activity_names(m, hits),
                escape(&delay),
            );
        }
    }
    if rows.is_empty() {
        return "<h3>Risks</h3>\n<p>None.</p>\n".into();
    }
    format!(
        "<h3>Risks</h3>\n<table class=\"text\">\n<thead><tr><th>Risk</th><th>Probability</th><th>Delays</th>\
         <th>Delay (weeks, each activity)</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    )
}

/// The one place the report shows dotted input paths: each input's label and
/// the path `--set`, `--vary` and summary.json know it by.
fn appendix(model: &Model) -> String {
    let hidden = model.inputs.len().saturating_sub(2 * MAX_INPUT_ROWS);
    let rows: String = (model.inputs.iter().take(2 * MAX_INPUT_ROWS))
        .map(|i| {
            format!(
                "<tr><th>{}</th><td><code>{}</code></td></tr>\n",
                escape(&model.words(&i.path).with_model()),
                escape(&i.path)
            )
        })
        .collect();
    format!(
        "<section id=\"appendix\">\n<h2>Appendix: input paths</h2>\n<p class=\"note\">The path of each \
         input, for <code>--set</code>, <code>--vary</code> and <code>summary.json</code>.</p>\n\
         <table class=\"pairs inputs\">\n<tbody>\n{rows}</tbody>\n</table>\n{}</section>\n",
        more_inputs(hidden)
    )
}

/// A word for a POSIX shell: as it is when it holds only safe characters,
/// otherwise in single quotes.
fn shell_quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./=,:+@%".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn reproducibility(s: &Summary, info: &RunInfo, generated: &str) -> String {
    let file = info
        .scenario_file
        .strip_suffix(" (built in)")
        .map_or(info.scenario_file.as_str(), |_| "");
    let sets: String = info
        .overrides
        .iter()
        .map(|o| format!(" --set {}", shell_quote(o)))
        .collect();
    let command = format!(
        "opsim run {}--seed {} --iterations {}{sets}",
        if file.is_empty() {
            String::new()
        } else {
            format!("{} ", shell_quote(file))
        },
        s.seed,
        s.iterations
    );
    let overrides = if info.overrides.is_empty() {
        "none".to_string()
    } else {
        info.overrides
            .iter()
            .map(|o| format!("<code>{}</code>", escape(o)))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let rows = [
        ("opsim version", escape(&info.opsim_version)),
        ("Scenario file", escape(&info.scenario_file)),
        (
            "Scenario SHA-256",
            format!("<code>{}</code>", escape(&info.scenario_sha256)),
        ),
        ("Overrides (<code>--set</code>)", overrides),
        ("Seed", s.seed.to_string()),
        ("Iterations", grouped(s.iterations as f64)),
        (
            "Chunk size",
            format!("{CHUNK_ITERATIONS} iterations (results do not depend on the thread count)"),
        ),
        ("Generated", escape(generated)),
        ("Command", format!("<code>{}</code>", escape(&command))),
    ];
    let body: String = rows
        .iter()
        .map(|(k, v)| format!("<tr><th>{k}</th><td>{v}</td></tr>\n"))
        .collect();
    format!(
        "<section id=\"reproducibility\">\n<h2>Reproducibility</h2>\n<p class=\"note\">The same \
         scenario, seed and iterations give the same numbers on any machine.</p>\n\
         <table class=\"pairs\">\n<tbody>\n{body}</tbody>\n</table>\n</section>\n"
    )
}

/// The report's stylesheet: screen first, then print (A4 and US Letter).
pub(crate) const STYLE: &str = r#"
:root { --ink: #212529; --muted: #5a6068; --rule: #d9dde2; --accent: #0072b2; --band: #f4f5f7; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0.25rem 0 0.75rem; }
h1 span { color: var(--muted); font-weight: normal; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.75rem 0 0.5rem; }
.kicker { color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; margin: 0; }
.lede { font-size: 1.1rem; margin: 0 0 0.5rem; }
.meta, .note, small, figcaption { color: var(--muted); }
.note { font-size: 0.9rem; }
.answer { font-size: 1.15rem; padding: 0.9rem 1.1rem; background: var(--band);
  border-left: 5px solid var(--accent); margin: 0.75rem 0; }
figure { margin: 1.5rem 0 2rem; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); }
svg text { font-family: "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; }
figcaption { font-size: 0.9rem; margin-top: 0.4rem; }
table { width: 100%; border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem;
  font-variant-numeric: tabular-nums; }
th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { text-align: right; border-bottom: 2px solid var(--ink); font-size: 0.8rem; }
thead th:first-child, tbody th { text-align: left; font-weight: normal; }
td { text-align: right; white-space: nowrap; }
table.text td, table.pairs td, td.dist { text-align: left; white-space: normal; }
table.text thead th { text-align: left; }
tr.total th, tr.total td { font-weight: bold; }
tr.part th { padding-left: 1.5rem; color: var(--muted); }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; overflow-wrap: anywhere; }
table.inputs th { overflow-wrap: anywhere; }
td.on { color: #00734f; font-weight: bold; }
td.off { color: var(--muted); }
td.weak { color: #a0522d; }
td.source { text-align: left; white-space: normal; font-size: 0.8rem; color: var(--muted); }
h4 { font-size: 1rem; margin: 1.1rem 0 0.35rem; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.6rem; margin: 0.9rem 0; }
.figure { border: 1px solid var(--rule); border-top: 4px solid var(--accent); padding: 0.5rem 0.7rem; }
.figure p { margin: 0; }
.figure .title { font-size: 0.8rem; color: var(--muted); }
.figure .value { font-size: 1.3rem; font-weight: bold; line-height: 1.3; }
.figure .note { font-size: 0.8rem; }
ul.flips li { margin: 0.2rem 0; }
.caveats { background: #fff8e6; border: 1px solid #e8c872; padding: 0.2rem 1rem 0.4rem; margin: 1rem 0; }
.caveats ul { margin: 0.2rem 0; padding-left: 1.2rem; font-size: 0.9rem; }
.second-view { border: 1px dashed var(--muted); padding: 0.2rem 1rem 0.4rem; margin: 1rem 0; }
nav#contents ol { columns: 2; font-size: 0.95rem; }
@media (max-width: 40rem) { .figures { grid-template-columns: repeat(2, 1fr); } }
@page { margin: 15mm 14mm 18mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #5a6068; } }
@media print {
  body { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 18pt; }
  h2 { font-size: 14pt; break-after: avoid; }
  h3 { break-after: avoid; }
  h4, .figure .title { break-after: avoid; }
  .figures { gap: 3mm; }
  .figure .value { font-size: 13pt; }
  .caveats ul, .second-view p, ul.flips { font-size: 8.5pt; }
  .caveats h4 { margin-top: 2mm; }
  .caveats, .second-view, .figures, ul.flips li { break-inside: avoid; }
  .answer { font-size: 11pt; border: 1px solid var(--rule); border-left: 4pt solid var(--accent); }
  figure { break-inside: avoid; margin: 0 0 8mm; }
  figure svg { border: none; max-height: 105mm; width: auto; max-width: 100%; margin: 0 auto; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr, figure, .answer { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;
