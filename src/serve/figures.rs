//! What the page says for one setting, per compared model: the verdict and
//! the four headline figures in the report's own words
//! ([`crate::export::verdict`], so the page and the report say the same thing),
//! the raw values behind the figures (which the browser test compares with
//! `opsim run`'s summary.json), the cumulative saving by month and the
//! readiness S-curve.

use serde_json::{Value, json};

use crate::analysis::Results;
use crate::engine::record::{Difference, Headline};
use crate::engine::summary::{ModelSummary, Summary};
use crate::export::verdict::{Verdict, verdicts};
use crate::model::Model;

/// Everything the page shows for one run, as JSON.
pub(crate) fn page_figures(summary: Summary, model: &Model) -> Value {
    let results = Results {
        summary,
        analysis: None,
    };
    let said = verdicts(&results, Some(model));
    let s = &results.summary;
    let baseline = s.model(&s.baseline);
    let models: Vec<Value> = said
        .iter()
        .filter_map(|v| Some((v, s.comparison(&v.model_id)?, s.model(&v.model_id)?)))
        .map(|(v, c, m)| {
            let d = c.difference(Difference::Tco);
            let all = m.headline(Headline::ReadinessAllWeeks);
            let b = &c.break_even_month;
            let raw = [
                json!({ "value": -d.mean, "se": d.se }),
                json!({ "value": c.probability_cheaper, "se": c.probability_cheaper_se }),
                json!({ "p50_month": b.p50, "never_share": b.share_not_within_horizon }),
                json!({ "p50_weeks": all.p50, "p90_weeks": all.p90 }),
            ];
            json!({
                "id": v.model_id,
                "name": v.model,
                "verdict": verdict_text(v),
                "opportunity": v.opportunity.as_ref().map(|o| o.sentence.clone()),
                "figures": figures(v, raw),
                "saving_se_text": crate::export::format::money_short(&s.currency, d.se),
                "cumulative_saving": baseline.map_or(Vec::new(), |b| cumulative_saving(b, m)),
                "readiness_curve": readiness_curve(m),
            })
        })
        .collect();
    json!({
        "scenario": s.scenario,
        "currency": s.currency,
        "horizon_months": s.horizon_months,
        "start_date": s.start_date,
        "iterations": s.iterations,
        "seed": s.seed,
        "baseline": baseline.map_or(s.baseline.clone(), |b| b.name.clone()),
        "models": models,
    })
}

/// The verdict as the report says it: the headline, then what it means.
pub(crate) fn verdict_text(v: &Verdict) -> String {
    format!("{} {}", v.headline, v.detail)
}

/// The four figures by name, each as the report words it (title, value,
/// note) with the raw values behind it.
fn figures(v: &Verdict, raw: [Value; 4]) -> Value {
    let names = ["saving", "probability_cheaper", "payback", "ready"];
    let mut out = serde_json::Map::new();
    for ((name, figure), mut value) in names.iter().zip(&v.figures).zip(raw) {
        value["title"] = figure.title.clone().into();
        value["text"] = figure.value.clone().into();
        value["note"] = figure.note.clone().into();
        out.insert(name.to_string(), value);
    }
    Value::Object(out)
}

/// Mean cumulative cash saving at the end of each month: the baseline's mean
/// cumulative cost minus the model's (means subtract exactly).
fn cumulative_saving(baseline: &ModelSummary, m: &ModelSummary) -> Vec<f64> {
    baseline
        .monthly
        .iter()
        .zip(&m.monthly)
        .map(|(b, x)| b.cumulative_cost.mean - x.cumulative_cost.mean)
        .collect()
}

/// Share of futures ready by each week: (weeks, share) at every percent.
fn readiness_curve(m: &ModelSummary) -> Vec<[f64; 2]> {
    m.readiness_percentiles_weeks
        .last()
        .map(|(_, p)| {
            p.iter()
                .enumerate()
                .map(|(i, &w)| [w, i as f64 / 100.0])
                .collect()
        })
        .unwrap_or_default()
}
