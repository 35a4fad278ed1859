//! The answer in words a board reads, per compared model: a verdict, four
//! figures (the cash saving over the horizon and its share of the baseline's
//! TCO; the chance it is cheaper; payback; readiness), what would flip the
//! answer, the joint confidence of its setup date and budget, the caveats, and
//! opportunity cost as a separate, labelled second view. The report's first
//! page, the terminal summary, summary.json's `decision` and the charts' titles
//! all say it through here, so they say the same thing. Plain text: callers
//! escape it for where they show it (it holds names from the scenario).

use super::dates::{day_month_year, days_after_weeks, month_year};
use super::format::{chance, chance_in_words, money_short};
use crate::analysis::Results;
use crate::analysis::flip::FlipValue;
use crate::analysis::joint::{JOINT_TARGET, JointConfidence};
use crate::analysis::sensitivity::InputEffect;
use crate::engine::calendar::month_start;
use crate::engine::record::{Difference, Headline};
use crate::engine::summary::{ComparisonSummary, ModelSummary, Summary};
use crate::model::words::Unit;
use crate::model::{Confidence, Model};

/// Drivers named in a caveat: those with at least this share of the explained
/// variance, at most [`CAVEAT_DRIVERS`] of them.
const CAVEAT_SHARE: f64 = 0.05;
const CAVEAT_DRIVERS: usize = 3;

/// One of the four headline figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What it is: "Cash saving over 36 months".
    pub title: String,
    /// The figure: "£153k".
    pub value: String,
    /// What to read with it: "5.5% of Ops Run It's £2.79m".
    pub note: String,
}

/// Opportunity cost, the second view.
#[derive(Debug, Clone, PartialEq)]
pub struct Opportunity {
    /// "Counting opportunity cost as well ..., ... saves £25.4m ...".
    pub sentence: String,
    /// The inputs it rests on, each with its confidence in words.
    pub rests_on: Vec<String>,
}

/// The answer for one compared model.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The compared model's id.
    pub model_id: String,
    /// Its name.
    pub model: String,
    /// The baseline's name.
    pub baseline: String,
    /// The verdict in one sentence.
    pub headline: String,
    /// What it means in money and time, one or two sentences.
    pub detail: String,
    /// Cash saving, chance cheaper, payback, ready.
    pub figures: Vec<Figure>,
    /// What would flip the answer, one sentence per top driver.
    pub flips: Vec<String>,
    /// The setup's date and budget that are met together in 80% of futures.
    pub joint: Option<String>,
    /// Opportunity cost as a second view; None when the scenario has none.
    pub opportunity: Option<Opportunity>,
    /// What to keep in mind reading the figures.
    pub caveats: Vec<String>,
}

/// The verdict of every compared model, in model order. `model` adds the
/// inputs opportunity cost rests on (None: left out).
pub fn verdicts(results: &Results, model: Option<&Model>) -> Vec<Verdict> {
    let s = &results.summary;
    s.comparisons
        .iter()
        .filter_map(|c| Some((c, s.model(&c.id)?)))
        .map(|(c, m)| verdict(results, model, c, m))
        .collect()
}

fn verdict(
    results: &Results,
    model: Option<&Model>,
    c: &ComparisonSummary,
    m: &ModelSummary,
) -> Verdict {
    let s = &results.summary;
    let baseline = baseline_name(s);
    let analysis = results.analysis.as_ref();
    let index = s.models.iter().position(|x| x.id == c.id).unwrap_or(0);
    let flips: Vec<&FlipValue> = analysis
        .map(|a| a.flips.iter().filter(|f| f.model == index).collect())
        .unwrap_or_default();
    let joint = analysis.and_then(|a| a.joint.iter().find(|j| j.model == index));
    let drivers = |output: &str| -> Vec<&InputEffect> {
        analysis
            .and_then(|a| {
                a.sensitivity
                    .iter()
                    .find(|o| o.model == c.id && o.output == output)
            })
            .map(|o| {
                let mut top: Vec<&InputEffect> = o.effects.iter().collect();
                top.sort_by(|a, b| b.variance_share.total_cmp(&a.variance_share));
                top.into_iter()
                    .filter(|e| e.variance_share >= CAVEAT_SHARE)
                    .take(CAVEAT_DRIVERS)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut caveats = Vec::new();
    caveats.extend(confidence_caveat(
        "The cash saving",
        &c.name,
        &drivers("tco_difference"),
    ));
    caveats.extend(confidence_caveat(
        "The ready date",
        &c.name,
        &drivers("readiness_all_weeks"),
    ));
    caveats.extend(standard_caveats(s));
    Verdict {
        model_id: c.id.clone(),
        model: c.name.clone(),
        baseline: baseline.clone(),
        headline: headline(&c.name, &baseline, c.probability_cheaper),
        detail: detail(s, c, m),
        figures: figures(s, c, m, &baseline),
        flips: flips
            .iter()
            .map(|f| flip_sentence(s, &c.name, c, f))
            .collect(),
        joint: joint.map(|j| joint_sentence(s, j)),
        opportunity: opportunity(s, c, model, index),
        caveats,
    }
}

fn baseline_name(s: &Summary) -> String {
    s.model(&s.baseline)
        .map_or(s.baseline.clone(), |m| m.name.clone())
}

/// The verdict, by the chance the compared model is cheaper.
fn headline(model: &str, baseline: &str, p: f64) -> String {
    match p {
        p if p >= 0.95 => format!("{model} is cheaper than {baseline} in almost every future."),
        p if p >= 0.8 => format!("{model} is likely to be cheaper than {baseline}."),
        p if p > 0.65 => format!(
            "{model} is more likely than not to be cheaper than {baseline}, but it is not certain."
        ),
        p if p > 0.5 => format!(
            "{model} is slightly more likely to be cheaper than {baseline}, but it is close to a coin toss."
        ),
        p if p >= 0.35 => format!(
            "{model} is slightly more likely to cost more than {baseline}, but it is close to a coin toss."
        ),
        p if p > 0.2 => format!("{model} is more likely than not to cost more than {baseline}."),
        p if p > 0.05 => format!("{model} is likely to cost more than {baseline}."),
        _ => format!("{model} costs more than {baseline} in almost every future."),
    }
}

/// "Over 36 months it saves £153k on average (5.5% of Ops Run It's £2.79m);
/// in 1 future in 10 it costs £440k more, in 1 in 10 it saves £775k or more."
fn detail(s: &Summary, c: &ComparisonSummary, m: &ModelSummary) -> String {
    let cur = &s.currency;
    let d = c.difference(Difference::Tco);
    let base = s
        .model(&s.baseline)
        .map_or(0.0, |b| b.headline(Headline::Tco).mean);
    let share = if base > 0.0 {
        format!(
            " ({:.1}% of {}'s {})",
            100.0 * d.mean.abs() / base,
            baseline_name(s),
            money_short(cur, base)
        )
    } else {
        String::new()
    };
    let average = if d.mean <= 0.0 {
        format!(
            "it saves {} in cash on average{share}",
            money_short(cur, -d.mean)
        )
    } else {
        format!(
            "it costs {} more in cash on average{share}",
            money_short(cur, d.mean)
        )
    };
    let ends = format!(
        "the best 1 future in 10 {}, the worst 1 in 10 {}",
        best_tenth(cur, d.p10),
        worst_tenth(cur, d.p90),
    );
    let ready = match m.readiness("all") {
        Some(all) if !m.activities.is_empty() && all.p90 > 0.0 => format!(
            " It is fully set up by {} in half of futures and by {} in 9 in 10.",
            when(s, all.p50),
            when(s, all.p90)
        ),
        _ => " It needs no setup.".into(),
    };
    format!("Over {} months {average}; {ends}.{ready}", s.horizon_months)
}

/// What the best 1 future in 10 does at least: difference at or below `p10`.
fn best_tenth(cur: &str, p10: f64) -> String {
    if p10 < 0.0 {
        format!("saves {} or more", money_short(cur, -p10))
    } else {
        format!("costs at most {} more", money_short(cur, p10))
    }
}

/// What the worst 1 future in 10 does at least: difference at or above `p90`.
fn worst_tenth(cur: &str, p90: f64) -> String {
    if p90 > 0.0 {
        format!("costs {} more or worse", money_short(cur, p90))
    } else {
        format!("still saves up to {}", money_short(cur, -p90))
    }
}

fn figures(s: &Summary, c: &ComparisonSummary, m: &ModelSummary, baseline: &str) -> Vec<Figure> {
    let cur = &s.currency;
    let d = c.difference(Difference::Tco);
    let base = s
        .model(&s.baseline)
        .map_or(0.0, |b| b.headline(Headline::Tco).mean);
    let saving = Figure {
        title: format!("Cash saving over {} months", s.horizon_months),
        value: money_short(cur, -d.mean),
        note: if base > 0.0 {
            format!(
                "{:.1}% of {baseline}'s {} (mean of all futures)",
                -100.0 * d.mean / base,
                money_short(cur, base)
            )
        } else {
            "mean of all futures".into()
        },
    };
    let cheaper = Figure {
        title: format!("Chance it is cheaper than {baseline}"),
        value: chance(c.probability_cheaper),
        note: chance_in_words(c.probability_cheaper),
    };
    let b = &c.break_even_month;
    let never = |share: f64| {
        if share <= 0.0 {
            "every future pays back".to_string()
        } else {
            format!(
                "{} never pay back within {} months",
                chance(share),
                s.horizon_months
            )
        }
    };
    let payback = match b.p50 {
        Some(month) => {
            let (date, elapsed) = payback_when(s, month);
            Figure {
                title: "Pays back".into(),
                value: date.unwrap_or_else(|| elapsed.clone()),
                note: format!(
                    "{} in half of futures; {}",
                    if s.start_date.is_some() {
                        elapsed
                    } else {
                        "by then".into()
                    },
                    never(b.share_not_within_horizon)
                ),
            }
        }
        None => Figure {
            title: "Pays back".into(),
            value: format!("not within {} months", s.horizon_months),
            note: format!(
                "in half of futures or more; {}",
                never(b.share_not_within_horizon)
            ),
        },
    };
    let ready = match m.readiness("all") {
        Some(all) if !m.activities.is_empty() && all.p90 > 0.0 => Figure {
            title: "Ready".into(),
            value: date_or_weeks(s, all.p50),
            note: format!(
                "{:.0} weeks in half of futures; by {} in 9 in 10",
                all.p50.round(),
                when(s, all.p90)
            ),
        },
        _ => Figure {
            title: "Ready".into(),
            value: "ready from the start".into(),
            note: "no setup activities".into(),
        },
    };
    vec![saving, cheaper, payback, ready]
}

/// The month payback falls in ("Mar 2029", with a start date) and the
/// months it takes ("after 27 months"): month index m ends m + 1 months after
/// the start.
pub(crate) fn payback_when(s: &Summary, month: usize) -> (Option<String>, String) {
    let date = s
        .start_date
        .as_deref()
        .and_then(|d| days_after_weeks(d, month_start(month)))
        .map(month_year);
    (date, format!("after {} months", month + 1))
}

/// "5 Jul 2027" with a start date, else "26 weeks".
fn date_or_weeks(s: &Summary, weeks: f64) -> String {
    match s
        .start_date
        .as_deref()
        .and_then(|d| days_after_weeks(d, weeks))
    {
        Some(days) => day_month_year(days),
        None => format!("{:.0} weeks", weeks.round()),
    }
}

/// "5 Jul 2027 (26 weeks)" or "26 weeks": whole weeks.
fn when(s: &Summary, weeks: f64) -> String {
    let whole = weeks.round();
    let w = if whole == 1.0 { "week" } else { "weeks" };
    match s
        .start_date
        .as_deref()
        .and_then(|d| days_after_weeks(d, weeks))
    {
        Some(days) => format!("{} ({whole:.0} {w})", day_month_year(days)),
        None => format!("{whole:.0} {w}"),
    }
}

/// A value of an input in its unit: "£410", "4.4 hours", "35%".
pub fn value_in_unit(currency: &str, unit: Unit, value: f64) -> String {
    let three = |v: f64| {
        let r = super::format::round_significant(v, 3);
        if r.abs() >= 1000.0 {
            super::format::grouped(r)
        } else {
            let text = format!("{r:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    match unit {
        Unit::Money => money_short(currency, value),
        Unit::Share | Unit::Probability => format!("{}%", three(100.0 * value)),
        Unit::Factor => format!("{}x", three(value)),
        Unit::Hours => format!("{} hours", three(value)),
        Unit::Weeks => format!("{} weeks", three(value)),
        Unit::Days => format!("{} days", three(value)),
        Unit::Fte => format!("{} FTE", three(value)),
        Unit::Count(what) => format!("{} {what}", three(value)),
    }
}

/// Two values in one unit: "£150 to £300", "2.9 to 6.27 hours", "20% to 45%".
pub fn range_in_unit(currency: &str, unit: Unit, low: f64, high: f64) -> String {
    let high_text = value_in_unit(currency, unit, high);
    let low_text = value_in_unit(currency, unit, low);
    match unit {
        Unit::Money | Unit::Share | Unit::Probability | Unit::Factor => {
            format!("{low_text} to {high_text}")
        }
        _ => {
            let number = low_text.split(' ').next().unwrap_or(&low_text);
            format!("{number} to {high_text}")
        }
    }
}

/// "You Build It You Run It stays cheaper unless approval effort per change
/// (Ops Run It) falls below 2.1 hours; the scenario assumes 2.9-6.3 hours."
fn flip_sentence(s: &Summary, model: &str, c: &ComparisonSummary, f: &FlipValue) -> String {
    let cur = &s.currency;
    let v = |x: f64| value_in_unit(cur, f.words.unit, x);
    let label = lower_first(&f.words.seen_from(model));
    let assumed = format!(
        "the scenario assumes {} (P10 to P90)",
        range_in_unit(cur, f.words.unit, f.assumed.0, f.assumed.1)
    );
    let cheaper_now = c.difference(Difference::Tco).mean < 0.0;
    match f.crossing {
        None => {
            let which = if f.difference_at_ends.0 < 0.0 {
                "stays cheaper"
            } else {
                "stays dearer"
            };
            format!(
                "{model} {which} whatever the {label}, across its range of {}: no value in its range flips the answer.",
                range_in_unit(cur, f.words.unit, f.range.0, f.range.1)
            )
        }
        Some(x) => {
            // Below the crossing the model is cheaper when the difference at the
            // low end is negative.
            let cheaper_below = f.cheaper_below();
            match (cheaper_now, cheaper_below) {
                (true, true) => format!(
                    "{model} stays cheaper unless the {label} rises above {}; {assumed}.",
                    v(x)
                ),
                (true, false) => format!(
                    "{model} stays cheaper unless the {label} falls below {}; {assumed}.",
                    v(x)
                ),
                (false, true) => format!(
                    "{model} becomes cheaper if the {label} falls below {}; {assumed}.",
                    v(x)
                ),
                (false, false) => format!(
                    "{model} becomes cheaper if the {label} rises above {}; {assumed}.",
                    v(x)
                ),
            }
        }
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep an acronym or a name's capital ("YBIYRI", "Ops Run It").
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

/// "Ready by 3 Sep 2027 with setup within £270k: both in 80% of futures (each
/// at its own P80 gives 68% together)."
fn joint_sentence(s: &Summary, j: &JointConfidence) -> String {
    format!(
        "Ready by {} with setup cost within {}: both together in {} of futures. \
         The P80 of each alone ({:.0} weeks, {}) is met together in only {}.",
        when(s, j.together_weeks),
        money_short(&s.currency, j.together_setup_cost),
        chance(j.together_share.max(JOINT_TARGET)),
        j.p80_weeks.round(),
        money_short(&s.currency, j.p80_setup_cost),
        chance(j.at_each_p80),
    )
}

/// Which figure rests on inputs of low or judgement confidence, or none given.
fn confidence_caveat(figure: &str, model: &str, drivers: &[&InputEffect]) -> Option<String> {
    if drivers.is_empty() {
        return None;
    }
    let weak: Vec<String> = drivers
        .iter()
        .filter(|e| {
            matches!(
                e.confidence,
                None | Some(Confidence::Low) | Some(Confidence::Judgement)
            )
        })
        .map(|e| {
            let trust = match e.confidence {
                Some(c) => format!("{c} confidence"),
                None => "no confidence given".into(),
            };
            format!("{} ({trust})", e.words.seen_from(model))
        })
        .collect();
    Some(if weak.is_empty() {
        format!("{figure} rests mostly on inputs of medium or high confidence.")
    } else {
        format!(
            "{figure} rests mostly on inputs of low or judgement confidence: {}.",
            weak.join("; ")
        )
    })
}

fn standard_caveats(s: &Summary) -> Vec<String> {
    let mut out = vec![
        "Illustrative: every figure is only as good as the scenario's inputs; firm up the \
         low-confidence inputs that drive it before relying on it."
            .to_string(),
        "P10, P50 and P90: 1 in 10 simulated futures come out below the P10, half below \
         the P50, and 9 in 10 below the P90."
            .to_string(),
        "Left out: benefits other than cost and time (revenue, staff retention, speed to \
         market), hiring or people leaving during the change, inflation and exchange \
         rates, and any cost the scenario does not write."
            .to_string(),
    ];
    if s.iterations < 2 {
        out.push(format!(
            "With {} iteration the uncertainty of the figures cannot be estimated: run more.",
            s.iterations
        ));
    }
    out
}

/// Opportunity cost as a second view, when any model has some.
fn opportunity(
    s: &Summary,
    c: &ComparisonSummary,
    model: Option<&Model>,
    _index: usize,
) -> Option<Opportunity> {
    let any = s
        .models
        .iter()
        .any(|m| m.headline(Headline::OpportunityCost).mean != 0.0);
    if !any {
        return None;
    }
    let cur = &s.currency;
    let e = c.difference(Difference::Economic);
    let verb = if e.mean <= 0.0 {
        format!("saves {}", money_short(cur, -e.mean))
    } else {
        format!("costs {} more", money_short(cur, e.mean))
    };
    let sentence = format!(
        "Counting opportunity cost as well (outage exposure and changes waiting for \
         approval, which are not cash), {} {verb} over {} months on average; the best 1 \
         future in 10 {}, the worst 1 in 10 {}.",
        c.name,
        s.horizon_months,
        best_tenth(cur, e.p10),
        worst_tenth(cur, e.p90),
    );
    let rests_on = model.map(opportunity_inputs).unwrap_or_default();
    Some(Opportunity { sentence, rests_on })
}

/// The uncertain or non-zero inputs that price opportunity cost, with their
/// confidence: outage exposure, outage waits and times to restore, the cost
/// of delay and approval lead times.
fn opportunity_inputs(model: &Model) -> Vec<String> {
    const PRICED_BY: [&str; 5] = [
        "exposure_per_hour",
        "cost_of_delay_per_change_day",
        "lead_time_days",
        "out_of_hours_wait_hours",
        "time_to_restore_hours",
    ];
    model
        .inputs
        .iter()
        .filter(|i| PRICED_BY.iter().any(|k| i.path.ends_with(k)))
        .filter(|i| !matches!(i.dist, crate::sample::dist::Dist::Constant(v) if v == 0.0))
        .map(|i| {
            let trust = match i.confidence {
                Some(c) => format!("{c} confidence"),
                None => "no confidence given".into(),
            };
            format!("{} ({trust})", model.words(&i.path).with_model())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_the_chance() {
        assert!(headline("A", "B", 0.61).contains("slightly more likely to be cheaper"));
        assert!(headline("A", "B", 0.61).contains("coin toss"));
        assert!(headline("A", "B", 0.7).contains("more likely than not to be cheaper"));
        assert!(headline("A", "B", 0.5).contains("cost more"));
        assert!(headline("A", "B", 0.9994).contains("almost every future"));
        assert!(headline("A", "B", 0.1).contains("likely to cost more"));
    }

    #[test]
    fn labels_keep_capitals_of_names() {
        assert_eq!(
            lower_first("Standby pay per person"),
            "standby pay per person"
        );
        assert_eq!(lower_first("YBIYRI pay"), "YBIYRI pay");
    }

    #[test]
    fn values_carry_their_units() {
        assert_eq!(value_in_unit("GBP", Unit::Money, 410.2), "£410");
        assert_eq!(value_in_unit("GBP", Unit::Hours, 4.375), "4.38 hours");
        assert_eq!(value_in_unit("GBP", Unit::Share, 0.33), "33%");
        assert_eq!(value_in_unit("GBP", Unit::Count("teams"), 22.0), "22 teams");
        assert_eq!(
            range_in_unit("GBP", Unit::Hours, 2.9, 6.27),
            "2.9 to 6.27 hours"
        );
        assert_eq!(
            range_in_unit("GBP", Unit::Money, 150.0, 300.0),
            "£150 to £300"
        );
    }
}
