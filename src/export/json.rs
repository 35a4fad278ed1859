//! `summary.json`: the documented JSON contract (docs/output.md). Keys keep a
//! fixed, readable order; numbers are written by serde_json (shortest round-trip
//! form), so equal summaries give byte-identical files.

use serde_json::{Map, Value, json};

use super::RunInfo;
use super::dates::date_after_weeks;
use super::format::chance_in_words;
use super::verdict::verdicts;
use crate::analysis::joint::JOINT_TARGET;
use crate::analysis::{Analysis, Results, Unit};
use crate::engine::CHUNK_ITERATIONS;
use crate::engine::record::{Difference, Headline};
use crate::engine::summary::{
    ActivitySummary, BreakEven, ComparisonSummary, Convergence, ModelSummary, Summary,
};
use crate::stats::sketch::RELATIVE_ERROR;
use crate::stats::stat::{Band, Stat};

/// Renders the whole summary as pretty JSON, ending in a newline.
pub fn render(results: &Results, info: &RunInfo) -> String {
    let mut text =
        serde_json::to_string_pretty(&document(results, info)).expect("JSON of plain values");
    text.push('\n');
    text
}

/// The JSON document as a value (used by tests and by `--json`).
pub fn document(results: &Results, info: &RunInfo) -> Value {
    let summary = &results.summary;
    json!({
        "opsim_version": info.opsim_version,
        "scenario": {
            "name": summary.scenario,
            "file": info.scenario_file,
            "sha256": info.scenario_sha256,
            "overrides": info.overrides,
            "currency": summary.currency,
            "horizon_months": summary.horizon_months,
            "start_date": summary.start_date,
            "discount_rate_per_year": summary.discount_rate_per_year,
            "baseline": summary.baseline,
        },
        "simulation": {
            "iterations": summary.iterations,
            "seed": summary.seed,
            "chunk_iterations": CHUNK_ITERATIONS,
            "quantile_estimator": "Hyndman-Fan type 1 (inverse empirical CDF) from a bucketed sketch",
            "quantile_relative_error": RELATIVE_ERROR,
        },
        "models": keyed(summary.models.iter().map(|m| (m.id.clone(), model(m, summary)))),
        "comparisons": keyed(summary.comparisons.iter().map(|c| (c.id.clone(), comparison(c, &summary.baseline)))),
        "convergence": summary.convergence.as_ref().map(convergence),
        "sensitivity": results.analysis.as_ref().map(|a| sensitivity(a, &summary.currency)),
        "countermeasures_and_risks": results.analysis.as_ref().map(levers),
        "decision": decision(results),
    })
}

/// The answer in words and the figures behind it, per compared model
/// (`export::verdict`); flip values and joint confidence need the analysis.
fn decision(results: &Results) -> Value {
    let summary = &results.summary;
    let verdicts = verdicts(results, None);
    let analysis = results.analysis.as_ref();
    keyed(verdicts.into_iter().filter_map(|v| {
        let c = summary.comparisons.iter().find(|c| c.id == v.model_id)?;
        let m = summary.model(&v.model_id)?;
        let index = summary.models.iter().position(|x| x.id == v.model_id)?;
        let base = summary
            .model(&summary.baseline)
            .map_or(0.0, |b| b.headline(Headline::Tco).mean);
        let d = c.difference(Difference::Tco);
        let all = m.readiness("all");
        let flips: Vec<Value> = analysis
            .map(|a| a.flips.iter().filter(|f| f.model == index).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .zip(&v.flips)
            .map(|(f, sentence)| {
                json!({
                    "path": f.path,
                    "label": f.words.with_model(),
                    "unit": f.words.unit.text(&summary.currency),
                    "range": [f.range.0, f.range.1],
                    "assumed_p10": f.assumed.0,
                    "assumed_p90": f.assumed.1,
                    "tco_difference_at_range_ends": [f.difference_at_ends.0, f.difference_at_ends.1],
                    "crossing": f.crossing,
                    "evaluations": f.evaluations,
                    "sentence": sentence,
                })
            })
            .collect();
        let joint = analysis
            .and_then(|a| a.joint.iter().find(|j| j.model == index))
            .map(|j| {
                json!({
                    "target": JOINT_TARGET,
                    "p80_readiness_weeks": j.p80_weeks,
                    "p80_setup_cost": j.p80_setup_cost,
                    "probability_within_both_p80s": j.at_each_p80,
                    "together_quantile": j.together_quantile,
                    "together_readiness_weeks": j.together_weeks,
                    "together_setup_cost": j.together_setup_cost,
                    "together_probability": j.together_share,
                    "sentence": v.joint,
                })
            });
        let figures: Vec<Value> = v
            .figures
            .iter()
            .map(|f| json!({ "title": f.title, "value": f.value, "note": f.note }))
            .collect();
        let value = json!({
            "verdict": v.headline,
            "detail": v.detail,
            "cash_saving": {
                "mean": -d.mean,
                "se": d.se,
                "share_of_baseline_tco": if base > 0.0 { Some(-d.mean / base) } else { None },
            },
            "probability_cheaper": c.probability_cheaper,
            "probability_cheaper_in_words": chance_in_words(c.probability_cheaper),
            "payback_month_p50": c.break_even_month.p50,
            "share_not_paying_back": c.break_even_month.share_not_within_horizon,
            "readiness_weeks_p50": all.map(|a| a.p50),
            "readiness_weeks_p90": all.map(|a| a.p90),
            "figures": figures,
            "flips": flips,
            "joint_confidence": joint,
            "opportunity_cost": v.opportunity.as_ref().map(|o| json!({ "sentence": o.sentence })),
            "caveats": v.caveats,
        });
        Some((v.model_id.clone(), value))
    }))
}

fn convergence(c: &Convergence) -> Value {
    json!({
        "target_relative_se": c.target_relative_se,
        "max_iterations": c.max_iterations,
        "reached": c.reached,
        "worst_headline": c.worst.0,
        "worst_relative_se": c.worst.1,
    })
}

fn sensitivity(a: &Analysis, summary_currency: &str) -> Value {
    let summary_currency = summary_currency.to_string();
    let mut by_model = Map::new();
    for o in &a.sensitivity {
        let entry = by_model
            .entry(o.model.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let inputs: Vec<Value> = o
            .effects
            .iter()
            .map(|e| {
                json!({
                    "path": e.path,
                    "label": e.words.with_model(),
                    "unit": e.words.unit.text(&summary_currency),
                    "source": e.source,
                    "confidence": e.confidence.map(|c| c.word()),
                    "rank_correlation": e.rank_correlation,
                    "variance_share": e.variance_share,
                    "swing": e.swing(),
                    "low_mean": e.low_mean,
                    "high_mean": e.high_mean,
                    "low_value": e.low_value,
                    "high_value": e.high_value,
                })
            })
            .collect();
        entry[o.output] = json!({
            "unit": match o.unit { Unit::Money => "currency", Unit::Weeks => "weeks" },
            "mean": o.mean,
            "inputs": inputs,
        });
    }
    json!({
        "sample_iterations": a.sample_iterations,
        "models": Value::Object(by_model),
    })
}

fn levers(a: &Analysis) -> Value {
    let items: Vec<Value> = a
        .levers
        .iter()
        .map(|l| {
            let pair =
                |p: [f64; 2]| json!({ "as_run": p[0], "changed": p[1], "change": p[1] - p[0] });
            json!({
                "model": l.model,
                "kind": l.kind,
                "id": l.id,
                "name": l.name,
                "change": l.change.as_str(),
                "readiness_p50_weeks": pair(l.readiness_p50_weeks),
                "readiness_p90_weeks": pair(l.readiness_p90_weeks),
                "tco_change": { "mean": l.tco_change, "se": l.tco_change_se },
            })
        })
        .collect();
    json!({ "sample_iterations": a.sample_iterations, "items": items })
}

fn keyed(entries: impl Iterator<Item = (String, Value)>) -> Value {
    Value::Object(entries.collect::<Map<String, Value>>())
}

/// A statistic: mean, its standard error, spread, quantiles and histogram.
pub fn stat(s: &Stat) -> Value {
    json!({
        "mean": s.mean, "se": s.se, "sd": s.sd, "min": s.min,
        "p5": s.p5, "p10": s.p10, "p50": s.p50, "p90": s.p90, "p95": s.p95, "max": s.max,
        "histogram": {
            "lower": s.histogram.lower,
            "bin_width": s.histogram.bin_width,
            "counts": s.histogram.counts,
        },
    })
}

fn band(b: &Band) -> Value {
    json!({ "mean": b.mean, "p10": b.p10, "p50": b.p50, "p90": b.p90 })
}

fn model(m: &ModelSummary, summary: &Summary) -> Value {
    let mut object = Map::new();
    object.insert("name".into(), json!(m.name));
    for (name, s) in &m.headlines {
        object.insert((*name).into(), stat(s));
    }
    object.insert("tco_percentiles".into(), json!(m.tco_percentiles));
    object.insert(
        "run_cost_by_component".into(),
        keyed(
            m.run_cost_by_component
                .iter()
                .map(|(n, s)| (n.to_string(), stat(s))),
        ),
    );
    object.insert(
        "opportunity_cost_by_component".into(),
        keyed(
            m.opportunity_cost_by_component
                .iter()
                .map(|(n, s)| (n.to_string(), stat(s))),
        ),
    );
    object.insert(
        "readiness_weeks".into(),
        keyed(m.readiness_weeks.iter().map(|(c, s)| (c.clone(), stat(s)))),
    );
    if let Some(start) = &summary.start_date {
        let date = |w: f64| date_after_weeks(start, w);
        object.insert(
            "readiness_dates".into(),
            keyed(m.readiness_weeks.iter().map(|(c, s)| {
                (
                    c.clone(),
                    json!({ "p10": date(s.p10), "p50": date(s.p50), "p90": date(s.p90) }),
                )
            })),
        );
    }
    object.insert(
        "readiness_percentiles_weeks".into(),
        keyed(
            m.readiness_percentiles_weeks
                .iter()
                .map(|(c, p)| (c.clone(), json!(p))),
        ),
    );
    object.insert(
        "activities".into(),
        keyed(m.activities.iter().map(|a| (a.id.clone(), activity(a)))),
    );
    object.insert(
        "monthly".into(),
        Value::Array(
            m.monthly
                .iter()
                .map(|b| json!({ "month": b.month, "run_cost": band(&b.run_cost), "cumulative_cost": band(&b.cumulative_cost) }))
                .collect(),
        ),
    );
    Value::Object(object)
}

fn activity(a: &ActivitySummary) -> Value {
    json!({
        "name": a.name,
        "capability": a.capability,
        "start_weeks": stat(&a.start_weeks),
        "finish_weeks": stat(&a.finish_weeks),
        "criticality": a.criticality,
    })
}

fn comparison(c: &ComparisonSummary, baseline: &str) -> Value {
    let mut object = Map::new();
    object.insert("name".into(), json!(c.name));
    object.insert("baseline".into(), json!(baseline));
    for (name, s) in &c.differences {
        object.insert((*name).into(), stat(s));
    }
    object.insert("probability_cheaper".into(), json!(c.probability_cheaper));
    object.insert(
        "probability_cheaper_se".into(),
        json!(c.probability_cheaper_se),
    );
    object.insert("break_even_month".into(), break_even(&c.break_even_month));
    Value::Object(object)
}

fn break_even(b: &BreakEven) -> Value {
    json!({
        "p10": b.p10, "p50": b.p50, "p90": b.p90,
        "share_not_within_horizon": b.share_not_within_horizon,
        "counts": b.counts,
    })
}
