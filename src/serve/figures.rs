//! What the page says for one setting, per compared model: the verdict in
//! words, the four headline figures (cash saving and its share of the
//! baseline's TCO, the chance of being cheaper, payback, readiness), the
//! cumulative saving by month and the readiness S-curve. Each figure comes from
//! one small function over the run's [`Summary`], so the page says what the
//! report says; where the report gains its own wording, these functions call it.

use serde_json::{Value, json};

use crate::engine::record::Difference;
use crate::engine::summary::{ComparisonSummary, ModelSummary, Summary};
use crate::export::dates::{day_month_year, days_after_weeks, month_year};
use crate::export::format::{money_3sf, round_significant};

/// Weeks in a month of the horizon (docs/scenario.md: a month is 52/12 weeks).
const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

/// Everything the page shows for one run, as JSON.
pub(crate) fn page_figures(s: &Summary) -> Value {
    let baseline = s.model(&s.baseline);
    let models: Vec<Value> = s
        .comparisons
        .iter()
        .filter_map(|c| Some((c, s.model(&c.id)?)))
        .map(|(c, m)| {
            json!({
                "id": c.id,
                "name": c.name,
                "verdict": verdict(s, c, m),
                "figures": {
                    "saving": saving(s, c),
                    "saving_share": saving_share(s, c),
                    "probability_cheaper": probability_cheaper(c),
                    "payback": payback(s, c),
                    "ready": ready(s, m),
                },
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

/// The verdict in plain words: which model costs less in cash over the horizon
/// on average, how sure that is, and when it pays back and is ready.
pub(crate) fn verdict(s: &Summary, c: &ComparisonSummary, m: &ModelSummary) -> String {
    let baseline = s
        .model(&s.baseline)
        .map_or(s.baseline.as_str(), |b| &b.name);
    let d = c.difference(Difference::Tco).mean;
    let amount = money_3sf(&s.currency, d.abs());
    let cost = if d < 0.0 {
        format!("costs {amount} less than {baseline}")
    } else if d > 0.0 {
        format!("costs {amount} more than {baseline}")
    } else {
        format!("costs the same as {baseline}")
    };
    let payback = match c.break_even_month.p50 {
        Some(month) => format!("pays back in {} at the median", month_in_words(s, month)),
        None => format!(
            "does not pay back within {} months at the median",
            s.horizon_months
        ),
    };
    let ready = if m.activities.is_empty() {
        "needs no setup".to_string()
    } else {
        let all = m.headline(crate::engine::record::Headline::ReadinessAllWeeks);
        format!("is ready by {} at the median", when(s, all.p50))
    };
    format!(
        "{} {cost} in cash over {} months on average, is cheaper in {} of simulated futures ({}), {payback} and {ready}.",
        c.name,
        s.horizon_months,
        percent_words(c.probability_cheaper),
        chance_words(c.probability_cheaper),
    )
}

/// Cash saving over the horizon: the baseline's TCO minus the model's (mean),
/// with its standard error.
pub(crate) fn saving(s: &Summary, c: &ComparisonSummary) -> Value {
    let d = c.difference(Difference::Tco);
    json!({
        "value": -d.mean,
        "se": d.se,
        "text": money_3sf(&s.currency, -d.mean),
        "se_text": money_3sf(&s.currency, d.se),
    })
}

/// The saving as a share of the baseline's mean TCO.
pub(crate) fn saving_share(s: &Summary, c: &ComparisonSummary) -> Value {
    let base = s.model(&s.baseline).map_or(0.0, |b| {
        b.headline(crate::engine::record::Headline::Tco).mean
    });
    let d = c.difference(Difference::Tco).mean;
    let share = if base != 0.0 { -d / base } else { 0.0 };
    json!({
        "value": share,
        "text": format!("{}% of {}'s TCO", round_significant(share * 100.0, 2),
            s.model(&s.baseline).map_or(s.baseline.as_str(), |b| &b.name)),
    })
}

/// The share of iterations in which the model's TCO is below the baseline's.
pub(crate) fn probability_cheaper(c: &ComparisonSummary) -> Value {
    json!({
        "value": c.probability_cheaper,
        "se": c.probability_cheaper_se,
        "text": percent_words(c.probability_cheaper),
        "words": chance_words(c.probability_cheaper),
    })
}

/// Payback (break-even) month at P50, and the share of futures that never pay
/// back within the horizon.
pub(crate) fn payback(s: &Summary, c: &ComparisonSummary) -> Value {
    let b = &c.break_even_month;
    json!({
        "p50_month": b.p50,
        "never_share": b.share_not_within_horizon,
        "text": match b.p50 {
            Some(month) => month_in_words(s, month),
            None => format!("not within {} months", s.horizon_months),
        },
        "never_text": format!("{} never pay back", percent_words(b.share_not_within_horizon)),
    })
}

/// Readiness of the whole model (every capability ready), P50 and P90 in weeks.
pub(crate) fn ready(s: &Summary, m: &ModelSummary) -> Value {
    let all = m.headline(crate::engine::record::Headline::ReadinessAllWeeks);
    json!({
        "p50_weeks": all.p50,
        "p90_weeks": all.p90,
        "text": when(s, all.p50),
        "p90_text": format!("P90 {}", when(s, all.p90)),
    })
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

/// A share in whole percent, never rounded to a certainty: "61%", ">99%".
fn percent_words(p: f64) -> String {
    match p {
        p if p <= 0.0 => "0%".into(),
        p if p >= 1.0 => "100%".into(),
        p if p < 0.005 => "<1%".into(),
        p if p > 0.995 => ">99%".into(),
        p => format!("{:.0}%", p * 100.0),
    }
}

/// The chance said in words: "about 6 in 10: close".
fn chance_words(p: f64) -> String {
    let tenths = (p * 10.0).round() as i64;
    let how = match p {
        p if p >= 0.9 => "very likely",
        p if p >= 0.7 => "likely",
        p if p > 0.3 => "close",
        p if p > 0.1 => "unlikely",
        _ => "very unlikely",
    };
    match tenths {
        10 => format!("more than 9 in 10: {how}"),
        0 => format!("less than 1 in 10: {how}"),
        t => format!("about {t} in 10: {how}"),
    }
}

/// "Mar 2029 (month 26)" with a start date, "month 26" without.
fn month_in_words(s: &Summary, month: usize) -> String {
    match s
        .start_date
        .as_deref()
        .and_then(|d| days_after_weeks(d, month as f64 * WEEKS_PER_MONTH))
    {
        Some(days) => format!("{} (month {month})", month_year(days)),
        None => format!("month {month}"),
    }
}

/// A time in weeks from the start: a date with a start date, "week 26" without.
fn when(s: &Summary, weeks: f64) -> String {
    match s
        .start_date
        .as_deref()
        .and_then(|d| days_after_weeks(d, weeks))
    {
        Some(days) => day_month_year(days),
        None => format!("week {:.0}", weeks.ceil()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chances_in_words() {
        assert_eq!(chance_words(0.61), "about 6 in 10: close");
        assert_eq!(chance_words(0.97), "more than 9 in 10: very likely");
        assert_eq!(percent_words(0.9996), ">99%");
        assert_eq!(percent_words(0.004), "<1%");
    }
}
