//! Engine tests with answers known in advance: hand-computed TCO of a constant
//! scenario, sums and maxima of activity durations, Poisson counts, proration,
//! incident-rate improvement, callouts, paired countermeasures and determinism.

use opsim::engine::summary::Summary;
use opsim::engine::{self, RunOptions};
use opsim::export::{RunInfo, json};
use opsim::scenario;

use opsim::engine::record::{Difference, Headline};

use crate::common::{self, activities_scenario, constant_scenario};

/// How many standard errors a Monte Carlo mean may stray from its exact value.
const Z: f64 = 5.0;
/// Relative tolerance for figures that are exact up to floating-point rounding.
const EXACT: f64 = 1e-9;

const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

fn run(text: &str, iterations: u64, threads: usize) -> Summary {
    let model = scenario::load("test.toml", text).unwrap_or_else(|e| panic!("{e}"));
    engine::run(
        &model,
        RunOptions {
            iterations,
            seed: 7,
            threads,
        },
        &|_| {},
    )
    .expect("run")
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= EXACT * expected.abs().max(1.0),
        "{what}: got {actual}, expected {expected}"
    );
}

fn within_se(mean: f64, se: f64, expected: f64, what: &str) {
    assert!(
        (mean - expected).abs() <= Z * se.max(1e-12),
        "{what}: mean {mean} ± {se} is more than {Z} se from {expected}"
    );
}

/// Monthly costs of the constant scenario, computed by hand from its numbers.
struct HandMonths {
    ops: Vec<f64>,
    new_run: Vec<f64>,
    new_setup: Vec<f64>,
}

fn hand_months() -> HandMonths {
    let hourly = |day_rate: f64| day_rate / 7.5;
    let ops_reliability = 200.0 * WEEKS_PER_MONTH + 6.0 * 25.0 + 30000.0;
    let new_reliability = 10.0 * 200.0 * WEEKS_PER_MONTH + 10.0 * 5.0 * 25.0 + 10000.0;
    let ops_approval = 40.0 * 2.0 * 4.0 * hourly(450.0);
    let new_approval = 40.0 * 8.0 * 0.25 * hourly(650.0);
    // deployment-throughput ready at week 10 (month 2); service-reliability at week 13,
    // exactly the start of month 3.
    let share_deploy_month2 = (3.0 * WEEKS_PER_MONTH - 10.0) / WEEKS_PER_MONTH;
    let ops = vec![ops_reliability + ops_approval; 36];
    let new_run = (0..36)
        .map(|m| {
            let reliability = if m < 3 {
                ops_reliability
            } else {
                new_reliability
            };
            let approval = match m {
                0 | 1 => ops_approval,
                2 => {
                    (1.0 - share_deploy_month2) * ops_approval + share_deploy_month2 * new_approval
                }
                _ => new_approval,
            };
            reliability + approval
        })
        .collect();
    // Setup: 3,000 a week for each running activity (developer 600/day x 5 days).
    // a: weeks [0,4); b: [4,10); c: [0,13) plus 5,000 spread over its 13 weeks.
    let weekly = 3000.0;
    let week_overlap = |m: usize, start: f64, finish: f64| {
        let (a, b) = (m as f64 * WEEKS_PER_MONTH, (m + 1) as f64 * WEEKS_PER_MONTH);
        (finish.min(b) - start.max(a)).max(0.0)
    };
    let new_setup = (0..36)
        .map(|m| {
            weekly * (week_overlap(m, 0.0, 4.0) + week_overlap(m, 4.0, 10.0))
                + (weekly + 5000.0 / 13.0) * week_overlap(m, 0.0, 13.0)
        })
        .collect();
    HandMonths {
        ops,
        new_run,
        new_setup,
    }
}

#[test]
fn constant_scenario_tco_matches_hand_calculation() {
    let s = run(&constant_scenario(0.0, ""), 50, 1);
    let hand = hand_months();
    let ops_tco: f64 = hand.ops.iter().sum();
    let new_setup: f64 = (4.0 + 6.0 + 13.0) * 3000.0 + 5000.0;
    let new_tco = new_setup + hand.new_run.iter().sum::<f64>();
    let ops = s.model("ops").unwrap();
    let new = s.model("new").unwrap();
    close(ops.headline(Headline::Tco).mean, ops_tco, "ops TCO");
    close(
        new.headline(Headline::SetupCost).mean,
        new_setup,
        "new setup cost",
    );
    close(new.headline(Headline::Tco).mean, new_tco, "new TCO");
    close(
        s.comparison("new")
            .unwrap()
            .difference(Difference::Tco)
            .mean,
        new_tco - ops_tco,
        "difference",
    );
    assert_eq!(
        ops.headline(Headline::Tco).sd,
        0.0,
        "a constant scenario has no spread"
    );
    close(
        new.readiness("deployment-throughput").unwrap().mean,
        10.0,
        "chain a -> b",
    );
    close(
        new.readiness("service-reliability").unwrap().mean,
        13.0,
        "c",
    );
    close(new.readiness("all").unwrap().mean, 13.0, "overall");
    let deployments = 2.0 * 80.0
        + (1.0 - 3.0 / WEEKS_PER_MONTH) * 80.0
        + (3.0 / WEEKS_PER_MONTH) * 320.0
        + 33.0 * 320.0;
    close(
        new.headline(Headline::Deployments).mean,
        deployments,
        "deployments",
    );
    for (m, band) in new.monthly.iter().enumerate() {
        close(
            band.run_cost.mean,
            hand.new_run[m],
            &format!("run cost of month {m}"),
        );
    }
    let cumulative_35: f64 = hand.new_run.iter().sum::<f64>() + hand.new_setup.iter().sum::<f64>();
    close(
        new.monthly[35].cumulative_cost.mean,
        cumulative_35,
        "cumulative cost",
    );
}

#[test]
fn break_even_month_is_the_first_month_that_stays_cheaper() {
    let s = run(&constant_scenario(0.0, ""), 20, 1);
    let hand = hand_months();
    let (mut ops_cum, mut new_cum) = (0.0, 0.0);
    let mut last_above = None;
    for m in 0..36 {
        ops_cum += hand.ops[m];
        new_cum += hand.new_run[m] + hand.new_setup[m];
        if new_cum > ops_cum {
            last_above = Some(m);
        }
    }
    let expected = last_above.map_or(0, |m| m + 1);
    assert!(
        expected > 0 && expected < 36,
        "the hand case breaks even inside the horizon"
    );
    let b = &s.comparison("new").unwrap().break_even_month;
    assert_eq!(b.p50, Some(expected));
    assert_eq!(b.share_not_within_horizon, 0.0);
}

#[test]
fn npv_discounts_each_month_at_the_annual_rate() {
    let rate: f64 = 0.05;
    let s = run(&constant_scenario(rate, ""), 10, 1);
    let hand = hand_months();
    let factor = |m: usize| (1.0 + rate).powf(-((m + 1) as f64) / 12.0);
    let ops_npv: f64 = hand
        .ops
        .iter()
        .enumerate()
        .map(|(m, c)| c * factor(m))
        .sum();
    let new_npv: f64 = (0..36)
        .map(|m| (hand.new_run[m] + hand.new_setup[m]) * factor(m))
        .sum();
    close(
        s.model("ops").unwrap().headline(Headline::Npv).mean,
        ops_npv,
        "ops NPV",
    );
    close(
        s.model("new").unwrap().headline(Headline::Npv).mean,
        new_npv,
        "new NPV",
    );
    close(
        s.model("ops").unwrap().headline(Headline::Tco).mean,
        hand.ops.iter().sum(),
        "TCO stays undiscounted",
    );
}

#[test]
fn readiness_of_a_chain_is_the_sum_of_its_durations() {
    let s = run(
        &activities_scenario(
            r#"
[[models.new.activities]]
id = "one"
capability = "service-reliability"
duration_weeks = [2, 4, 9]
[[models.new.activities]]
id = "two"
capability = "service-reliability"
duration_weeks = { pert = [4, 8, 20] }
after = ["one"]
[[models.new.activities]]
id = "three"
capability = "service-reliability"
duration_weeks = { triangular = [1, 2, 6] }
after = ["two"]
"#,
        ),
        20_000,
        2,
    );
    let r = s
        .model("new")
        .unwrap()
        .readiness("service-reliability")
        .unwrap();
    let expected = (2.0 + 16.0 + 9.0) / 6.0 + (4.0 + 32.0 + 20.0) / 6.0 + (1.0 + 2.0 + 6.0) / 3.0;
    within_se(r.mean, r.se, expected, "chain readiness");
    let activities = &s.model("new").unwrap().activities;
    assert!(
        activities.iter().all(|a| a.criticality == 1.0),
        "every link of a single chain is critical"
    );
}

#[test]
fn parallel_paths_have_merge_bias() {
    let s = run(
        &activities_scenario(
            r#"
[[models.new.activities]]
id = "left"
capability = "service-reliability"
duration_weeks = [4, 8, 20]
[[models.new.activities]]
id = "right"
capability = "service-reliability"
duration_weeks = [4, 8, 20]
"#,
        ),
        20_000,
        2,
    );
    let model = s.model("new").unwrap();
    let r = model.readiness("service-reliability").unwrap();
    let path_mean = (4.0 + 32.0 + 20.0) / 6.0;
    assert!(
        r.mean > path_mean + Z * r.se,
        "max of two paths {} ± {} should exceed {path_mean}",
        r.mean,
        r.se
    );
    for a in &model.activities {
        within_se(
            a.finish_weeks.mean,
            a.finish_weeks.se,
            path_mean,
            "each path alone",
        );
        assert!(
            (a.criticality - 0.5).abs() < 0.03,
            "symmetric paths are each critical half the time"
        );
    }
}

/// A scenario with incidents: constant rate per service, one model besides the baseline.
fn incident_scenario(rate: f64, improvement: &str, ttr: &str) -> String {
    constant_scenario(0.0, "")
        .replace(
            "incident_rate_per_service_per_month = 0",
            &format!("incident_rate_per_service_per_month = {rate}"),
        )
        .replace(
            "transition_from = \"ops\"",
            &format!("transition_from = \"ops\"\n{improvement}"),
        )
        .replace(
            "time_to_restore_hours = 4",
            &format!("time_to_restore_hours = {ttr}"),
        )
}

#[test]
fn incident_counts_are_poisson() {
    let s = run(&incident_scenario(0.5, "", "4"), 20_000, 2);
    let incidents = s.model("ops").unwrap().headline(Headline::Incidents);
    let mean = 0.5 * 40.0 * 36.0;
    within_se(incidents.mean, incidents.se, mean, "incident count");
    // A sum of independent Poisson counts is Poisson: variance equals mean.
    let variance = incidents.sd * incidents.sd;
    let se_of_variance = mean * (2.0f64 / 20_000.0).sqrt();
    assert!(
        (variance - mean).abs() < Z * se_of_variance,
        "variance {variance} vs mean {mean}"
    );
}

#[test]
fn callouts_and_labour_match_their_expected_values() {
    // ops: support analyst 350/day = 46.67/h, 1 responder, TTR 1 h but 2 paid hours.
    let text = incident_scenario(0.5, "", "1").replace(
        "role = \"support-analyst\"",
        "role = \"support-analyst\"\ncallout_fee = 40\nminimum_paid_hours = 2\novertime_multiplier = 1.5",
    );
    let s = run(&text, 20_000, 2);
    let ops = s.model("ops").unwrap();
    let hourly = 350.0 / 7.5;
    let incidents = 0.5 * 40.0 * 36.0;
    let callouts = ops
        .run_cost_by_component
        .iter()
        .find(|(n, _)| *n == "callouts")
        .unwrap()
        .1
        .clone();
    let labour = ops
        .run_cost_by_component
        .iter()
        .find(|(n, _)| *n == "incident_labour")
        .unwrap()
        .1
        .clone();
    within_se(
        callouts.mean,
        callouts.se,
        incidents * 0.35 * (40.0 + 2.0 * hourly * 1.5),
        "callouts",
    );
    within_se(
        labour.mean,
        labour.se,
        incidents * 0.65 * 1.0 * hourly,
        "in-hours labour",
    );
}

#[test]
fn learning_culture_improvement_compounds_from_readiness() {
    // No learning-culture activities: improvement starts at week 0.
    let s = run(
        &incident_scenario(0.5, "incident_rate_improvement_per_year = 0.2", "4"),
        20_000,
        2,
    );
    let expected: f64 = (0..36)
        .map(|m| {
            let midpoint = (m as f64 + 0.5) * WEEKS_PER_MONTH;
            0.5 * 40.0 * 0.8f64.powf(midpoint / 52.0)
        })
        .sum();
    let incidents = s.model("new").unwrap().headline(Headline::Incidents);
    within_se(
        incidents.mean,
        incidents.se,
        expected,
        "improved incident count",
    );
}

#[test]
fn readiness_mid_month_prorates_the_gated_costs() {
    // c finishes a quarter into month 3: standby, licences and fixed cost are 3/4 new.
    let quarter = 3.25 * WEEKS_PER_MONTH;
    let s = run(
        &constant_scenario(0.0, "").replace(
            "duration_weeks = 13",
            &format!("duration_weeks = {quarter}"),
        ),
        10,
        1,
    );
    let hand = hand_months();
    let ops_month = hand.ops[0] - 40.0 * 2.0 * 4.0 * 60.0;
    let new_month = hand.new_run[10] - 40.0 * 8.0 * 0.25 * (650.0 / 7.5);
    let approval = 40.0 * 8.0 * 0.25 * (650.0 / 7.5);
    let month3 = &s.model("new").unwrap().monthly[3];
    close(
        month3.run_cost.mean,
        0.25 * ops_month + 0.75 * new_month + approval,
        "prorated month",
    );
}

#[test]
fn a_neutral_countermeasure_is_worth_exactly_nothing() {
    let with_uncertainty = |enabled: bool| {
        activities_scenario(&format!(
            r#"
[[models.new.activities]]
id = "x"
capability = "service-reliability"
duration_weeks = [4, 8, 20]
effort_fte = {{ developer = 1.0 }}
[[models.new.countermeasures]]
id = "neutral"
enabled = {enabled}
applies_to = ["x"]
duration_factor = 1
"#
        ))
        .replace(
            "incident_rate_per_service_per_month = 0",
            "incident_rate_per_service_per_month = { lognormal = [0.2, 1.2] }",
        )
    };
    let on = run(&with_uncertainty(true), 2_000, 2);
    let off = run(&with_uncertainty(false), 2_000, 2);
    let (a, b) = (on.model("new").unwrap(), off.model("new").unwrap());
    assert_eq!(
        a.headline(Headline::Tco),
        b.headline(Headline::Tco),
        "paired runs: identical TCO statistics"
    );
    assert_eq!(a.readiness("all"), b.readiness("all"));
}

#[test]
fn a_certain_risk_adds_its_delay() {
    let s = run(
        &activities_scenario(
            r#"
[[models.new.activities]]
id = "x"
capability = "service-reliability"
duration_weeks = 10
[[models.new.countermeasures]]
id = "halve"
applies_to = ["x"]
duration_factor = 0.5
[[models.new.risks]]
id = "late"
probability = 1
hits = ["x"]
delay_weeks = 3
"#,
        ),
        10,
        1,
    );
    // The factor applies before the delay: 10 x 0.5 + 3.
    close(
        s.model("new").unwrap().readiness("all").unwrap().mean,
        8.0,
        "delayed readiness",
    );
}

#[test]
fn json_is_bit_identical_for_one_and_two_threads() {
    let text = common::BENCH_40.to_string();
    let info = RunInfo {
        opsim_version: "test".into(),
        scenario_file: "bench-40.toml".into(),
        scenario_sha256: "x".into(),
        overrides: Vec::new(),
    };
    let one = json::render(&run(&text, 5_000, 1).into(), &info);
    let two = json::render(&run(&text, 5_000, 2).into(), &info);
    assert!(one == two, "1 and 2 threads must give byte-identical JSON");
    let other_seed = {
        let model = scenario::load("b.toml", &text).unwrap();
        let s = engine::run(
            &model,
            RunOptions {
                iterations: 5_000,
                seed: 8,
                threads: 2,
            },
            &|_| {},
        )
        .unwrap();
        json::render(&s.into(), &info)
    };
    assert!(
        one != other_seed,
        "a different seed gives different numbers"
    );
}

#[test]
fn the_first_iterations_do_not_depend_on_the_total() {
    // Iteration i's random numbers depend only on (seed, i): a longer run's
    // minimum can only be lower or equal.
    let text = common::BENCH_40.to_string();
    let short = run(&text, 1_000, 2);
    let long = run(&text, 3_000, 1);
    let (a, b) = (
        short.model("ybiyri").unwrap().headline(Headline::Tco),
        long.model("ybiyri").unwrap().headline(Headline::Tco),
    );
    assert!(b.min <= a.min && b.max >= a.max);
}

#[test]
fn change_delay_is_borne_by_every_wanted_change() {
    // ops caps deployments at 2 per service per month, but all 8 wanted changes wait 5 days.
    let text = constant_scenario(0.0, "")
        .replace(
            "wanted_deployments_per_service_per_month = 8",
            "wanted_deployments_per_service_per_month = 8\ncost_of_delay_per_change_day = 100",
        )
        .replace(
            "approval_role = \"change-manager\"",
            "approval_role = \"change-manager\"\nlead_time_days = 5",
        );
    let s = run(&text, 10, 1);
    let ops = s.model("ops").unwrap();
    let delay = &ops
        .opportunity_cost_by_component
        .iter()
        .find(|(n, _)| *n == "change_delay")
        .unwrap()
        .1;
    close(delay.mean, 36.0 * 40.0 * 8.0 * 5.0 * 100.0, "change delay");
    close(
        ops.headline(Headline::Deployments).mean,
        36.0 * 40.0 * 2.0,
        "capped deployments",
    );
    close(
        ops.headline(Headline::EconomicCost).mean,
        ops.headline(Headline::Tco).mean + delay.mean,
        "economic cost = TCO + opportunity",
    );
}

/// Two tiers; the new model covers by tier and the low tier has no rota, so its
/// out-of-hours incidents wait 14 hours, pay no callout and are fixed in hours.
/// Incidents at 0.5 per service a month, each restored in exactly 2 hours;
/// `durations` replaces the new model's activities' `duration_weeks = 13`.
fn tiered_scenario(durations: &str) -> String {
    let tiers = r#"
[[tiers]]
id = "low"
services = 10
exposure_per_hour = 100
on_call = "none"
[[tiers]]
id = "high"
services = 30
exposure_per_hour = 1000
on_call = "team"
"#;
    incident_scenario(0.5, "", "2")
        .replace(
            "[organisation.day_rates]",
            &format!("out_of_hours_wait_hours = 14\n{tiers}\n[organisation.day_rates]"),
        )
        .replace("services = 40\n", "")
        .replace("time_to_restore_hours = 1", "time_to_restore_hours = 2")
        .replace(
            "rotas = 10",
            "rotas = 10\ncover = \"by-tier\"\ncallout_fee = 50",
        )
        .replace("duration_weeks = 13", durations)
}

#[test]
fn downtime_prices_outage_hours_by_tier_and_uncovered_tiers_wait() {
    let s = run(&tiered_scenario("duration_weeks = 0"), 20_000, 2);
    let per_month = |services: f64| 0.5 * services;
    // ops covers everything: outage = 2 h per incident.
    let ops_downtime = 36.0 * (per_month(10.0) * 100.0 + per_month(30.0) * 1000.0) * 2.0;
    let d = &s.model("ops").unwrap().opportunity_cost_by_component[0].1;
    within_se(d.mean, d.se, ops_downtime, "ops downtime");
    // new: service-reliability ready at week 0; low-tier OOH incidents add 14 h.
    let new_downtime =
        36.0 * (per_month(10.0) * 100.0 * (2.0 + 0.35 * 14.0) + per_month(30.0) * 1000.0 * 2.0);
    let d = &s.model("new").unwrap().opportunity_cost_by_component[0].1;
    within_se(d.mean, d.se, new_downtime, "new downtime");
    // Callouts only for the covered tier: 0.35 of its incidents, fee 50 + 2 h x 80/h.
    let callouts = &s.model("new").unwrap().run_cost_by_component[1].1;
    within_se(
        callouts.mean,
        callouts.se,
        36.0 * per_month(30.0) * 0.35 * (50.0 + 2.0 * 80.0),
        "new callouts",
    );
    // Labour at 80/h: the covered tier's incidents in hours, and all of the low
    // tier's, out-of-hours ones included.
    let labour = &s.model("new").unwrap().run_cost_by_component[2].1;
    within_se(
        labour.mean,
        labour.se,
        36.0 * (per_month(30.0) * 0.65 + per_month(10.0)) * 2.0 * 80.0,
        "new incident labour",
    );
}

#[test]
fn monthly_run_costs_add_up_to_the_run_cost_and_its_components() {
    // The months price both arrangements by their shares while the move is under
    // way, across two tiers, one with no rota; each iteration's months must add up
    // to its run cost, and so must the components, in every model.
    let s = run(
        &tiered_scenario("duration_weeks = { pert = [10, 30, 60] }"),
        5_000,
        2,
    );
    for id in ["ops", "new"] {
        let model = s.model(id).unwrap();
        let months: f64 = model.monthly.iter().map(|m| m.run_cost.mean).sum();
        let components: f64 = model
            .run_cost_by_component
            .iter()
            .map(|(_, c)| c.mean)
            .sum();
        let run_cost = model.headline(Headline::RunCost).mean;
        close(months, run_cost, &format!("{id}: months against run cost"));
        close(
            components,
            run_cost,
            &format!("{id}: components against run cost"),
        );
    }
}

#[test]
fn reported_standard_errors_match_the_scatter_of_independent_runs() {
    // 24 runs with different seeds: sum of ((mean_i - grand mean) / se_i)^2 follows
    // chi-square with 23 degrees of freedom when the standard errors are honest.
    // Its 0.1% and 99.9% points are 8.1 and 49.7.
    // Plain Monte Carlo: 300 iterations are less than the 8 blocks whose spread
    // gives stratified sampling's standard errors (tools/perf/precision.py checks those).
    let text = common::BENCH_40.to_string();
    let mut model = scenario::load("bench-40.toml", &text).unwrap();
    model.set_sampling(opsim::sample::points::Sampling::Random);
    let runs: Vec<(f64, f64, f64, f64)> = (0..24)
        .map(|seed| {
            let s = engine::run(
                &model,
                RunOptions {
                    iterations: 300,
                    seed: 1000 + seed,
                    threads: 2,
                },
                &|_| {},
            )
            .unwrap();
            let tco = s.model("ybiyri").unwrap().headline(Headline::Tco).clone();
            let ready = s.model("ybiyri").unwrap().readiness("all").unwrap().clone();
            (tco.mean, tco.se, ready.mean, ready.se)
        })
        .collect();
    for (name, pick) in [("TCO", 0usize), ("readiness", 2usize)] {
        let means: Vec<f64> = runs
            .iter()
            .map(|r| if pick == 0 { r.0 } else { r.2 })
            .collect();
        let ses: Vec<f64> = runs
            .iter()
            .map(|r| if pick == 0 { r.1 } else { r.3 })
            .collect();
        let grand = means.iter().sum::<f64>() / means.len() as f64;
        let chi2: f64 = means
            .iter()
            .zip(&ses)
            .map(|(m, se)| ((m - grand) / se).powi(2))
            .sum();
        assert!(
            (8.1..=49.7).contains(&chi2),
            "{name}: chi-square {chi2} says the standard errors are off"
        );
    }
}

#[test]
fn setup_past_the_horizon_counts_in_tco_and_npv_but_not_the_monthly_series() {
    // One 200-week activity at 3,000 a week; the horizon ends at week 156.
    let rate: f64 = 0.05;
    let text = activities_scenario(
        r#"
[[models.new.activities]]
id = "long"
capability = "learning-culture"
duration_weeks = 200
effort_fte = { developer = 1.0 }
"#,
    )
    .replace(
        "discount_rate_per_year = 0",
        &format!("discount_rate_per_year = {rate}"),
    );
    let s = run(&text, 5, 1);
    let new = s.model("new").unwrap();
    close(
        new.headline(Headline::SetupCost).mean,
        600_000.0,
        "all of the setup cost",
    );
    let factor = |m: usize| (1.0 + rate).powf(-((m + 1) as f64) / 12.0);
    let mut setup_npv = 0.0;
    let mut within = 0.0;
    for m in 0..47 {
        let (a, b) = (m as f64 * WEEKS_PER_MONTH, (m + 1) as f64 * WEEKS_PER_MONTH);
        let weeks = (b.min(200.0) - a.max(0.0)).max(0.0);
        setup_npv += 3000.0 * weeks * factor(m);
        if m < 36 {
            within += 3000.0 * weeks;
        }
    }
    let run_npv: f64 = new
        .monthly
        .iter()
        .enumerate()
        .map(|(m, b)| b.run_cost.mean * factor(m))
        .sum();
    close(
        new.headline(Headline::Npv).mean,
        setup_npv + run_npv,
        "NPV with setup beyond the horizon",
    );
    let run_total: f64 = new.monthly.iter().map(|b| b.run_cost.mean).sum();
    close(
        new.monthly[35].cumulative_cost.mean,
        run_total + within,
        "monthly series stops at the horizon",
    );
}
