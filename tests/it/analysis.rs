//! Sensitivity, countermeasure and risk values, and runs to a target standard
//! error, on scenarios whose answers are known: an input that does not enter the
//! output, an input that alone drives it, a countermeasure that changes nothing.

use std::sync::atomic::AtomicBool;

use crate::common::{BENCH_40, activities_scenario, constant_scenario};
use opsim::analysis::{self, Analysis, levers::Change};
use opsim::engine::record::Headline;
use opsim::engine::{self, RunOptions, Target};
use opsim::export::{RunInfo, json};
use opsim::model::Model;
use opsim::scenario;

fn load(text: &str) -> Model {
    scenario::load("test.toml", text).expect("valid scenario")
}

fn analyse(model: &Model, iterations: u64, threads: usize) -> Analysis {
    let never = AtomicBool::new(false);
    analysis::analyse(model, 11, iterations, threads, None, &|_| {}, &never)
        .expect("analysis runs")
        .expect("not stopped")
}

/// The constant scenario with the new model's standby pay uncertain (it alone
/// moves the TCO difference) and the cost of delay uncertain (it enters only the
/// opportunity cost, never the TCO).
fn one_driver_scenario() -> String {
    constant_scenario(0.0, "")
        .replace(
            "rotas = 10\npeople_per_rota = 5\nstandby_pay_per_week = 200",
            "rotas = 10\npeople_per_rota = 5\nstandby_pay_per_week = [150, 200, 300]",
        )
        .replace(
            "wanted_deployments_per_service_per_month = 8",
            "wanted_deployments_per_service_per_month = 8\ncost_of_delay_per_change_day = [10, 50, 100]",
        )
}

#[test]
fn an_input_that_alone_drives_the_output_ranks_first_with_correlation_one() {
    let model = load(&one_driver_scenario());
    let a = analyse(&model, 5_000, 2);
    assert_eq!(a.sample_iterations, 5_000);
    assert_eq!(
        a.sensitivity.len(),
        1,
        "readiness is constant here, so only the TCO difference is analysed"
    );
    let tco = &a.sensitivity[0];
    assert_eq!((tco.model.as_str(), tco.output), ("new", "tco_difference"));
    let first = &tco.effects[0];
    assert_eq!(first.path, "models.new.on_call.standby_pay_per_week");
    assert!(first.rank_correlation > 0.999, "{first:?}");
    assert!(first.variance_share > 0.99, "{first:?}");
    // Standby for 10 rotas x 1 person at once, 52 weeks a year for 3 years: the
    // swing is that many weeks times the pay's P90 - P10 spread in the deciles.
    assert!(first.swing() > 0.0);
}

#[test]
fn an_input_that_does_not_enter_the_output_has_no_correlation_and_the_smallest_swing() {
    let model = load(&one_driver_scenario());
    let n = 5_000;
    let a = analyse(&model, n, 2);
    let effects = &a.sensitivity[0].effects;
    let last = effects.last().unwrap();
    assert_eq!(last.path, "organisation.cost_of_delay_per_change_day");
    // Four standard errors of a zero rank correlation.
    assert!(
        last.rank_correlation.abs() < 4.0 / (n as f64).sqrt(),
        "{last:?}"
    );
    assert!(last.swing().abs() < 0.05 * effects[0].swing().abs());
}

#[test]
fn a_countermeasure_that_changes_nothing_is_worth_exactly_zero() {
    let text = activities_scenario(
        r#"
[[models.new.activities]]
id = "x"
capability = "service-reliability"
duration_weeks = [4, 8, 20]
effort_fte = { developer = 1.0 }
[[models.new.countermeasures]]
id = "neutral"
applies_to = ["x"]
duration_factor = 1
"#,
    )
    .replace(
        "incident_rate_per_service_per_month = 0",
        "incident_rate_per_service_per_month = { lognormal = [0.2, 1.2] }",
    );
    let a = analyse(&load(&text), 3_000, 2);
    let neutral = &a.levers[0];
    assert_eq!(neutral.change, Change::SwitchOff);
    assert_eq!(neutral.tco_change, 0.0);
    assert_eq!(neutral.tco_change_se, 0.0);
    assert_eq!(
        neutral.readiness_p50_weeks[0],
        neutral.readiness_p50_weeks[1]
    );
    assert_eq!(
        neutral.readiness_p90_weeks[0],
        neutral.readiness_p90_weeks[1]
    );
}

#[test]
fn paired_values_match_two_separate_runs_on_the_same_seeds() {
    let model = load(BENCH_40);
    let n = 2_048;
    let a = analyse(&model, n, 2);
    let levers = analysis::levers::levers(&model);
    assert_eq!(levers.len(), a.levers.len());
    let options = RunOptions {
        iterations: n,
        seed: 11,
        threads: 2,
    };
    let as_run = engine::run(&model, options, &|_| {}).unwrap();
    for (lever, value) in levers.iter().zip(&a.levers) {
        let changed = engine::run(&lever.changed(&model), options, &|_| {}).unwrap();
        let id = &model.models[lever.model].id;
        let (before, after) = (as_run.model(id).unwrap(), changed.model(id).unwrap());
        let expected = after.headline(Headline::Tco).mean - before.headline(Headline::Tco).mean;
        assert!(
            (value.tco_change - expected).abs() <= 1e-9 * before.headline(Headline::Tco).mean,
            "{}: paired {} vs runs {expected}",
            value.id,
            value.tco_change
        );
        // The sketch's quantiles are within 2^-13 of the exact ones.
        let p50 = after.readiness("all").unwrap().p50;
        assert!((value.readiness_p50_weeks[1] - p50).abs() <= 2e-4 * p50);
    }
    let off = a
        .levers
        .iter()
        .find(|l| l.id == "change-approval-criteria")
        .unwrap();
    assert!(
        off.readiness_p50_weeks[1] >= off.readiness_p50_weeks[0],
        "switching a countermeasure off cannot make readiness earlier"
    );
}

#[test]
fn an_analysis_from_the_columns_a_run_kept_is_the_analysis_simulated_again() {
    // Runs shorter and longer than the sample, and not whole chunks.
    let model = small_bench();
    let never = AtomicBool::new(false);
    for (iterations, threads) in [(3_001, 2), (analysis::SAMPLE_ITERATIONS + 2_049, 1)] {
        let options = RunOptions {
            iterations,
            seed: 11,
            threads,
        };
        let keep = Some(analysis::keep(&model));
        let mut summary = engine::run_keeping(&model, options, keep, &|_| {}, &never)
            .unwrap()
            .unwrap();
        let kept = summary.kept.take().expect("the run kept its columns");
        assert_eq!(
            kept[0].len() as u64,
            iterations.min(analysis::SAMPLE_ITERATIONS)
        );
        let from_run = analysis::analyse(&model, 11, iterations, 2, Some(kept), &|_| {}, &never);
        assert_eq!(from_run.unwrap().unwrap(), analyse(&model, iterations, 2));
    }
    // A run to a target keeps them too.
    let target = Target {
        relative_se: 0.5,
        max_iterations: 5_000,
    };
    let keep = Some(analysis::keep(&model));
    let output = engine::run_to_target(&model, 5, 2, target, keep, &|_| {}, &never)
        .unwrap()
        .unwrap();
    assert_eq!(
        output.kept.unwrap()[0].len() as u64,
        output.summary.iterations
    );
}

#[test]
fn analysis_does_not_depend_on_the_thread_count() {
    let model = load(BENCH_40);
    assert_eq!(analyse(&model, 1_500, 1), analyse(&model, 1_500, 2));
}

fn run_to(
    model: &Model,
    relative_se: f64,
    max_iterations: u64,
    threads: usize,
) -> opsim::engine::summary::Summary {
    let never = AtomicBool::new(false);
    let target = Target {
        relative_se,
        max_iterations,
    };
    engine::run_to_target(model, 5, threads, target, None, &|_| {}, &never)
        .unwrap()
        .unwrap()
        .summary
}

fn json_of(summary: &opsim::engine::summary::Summary) -> String {
    let info = RunInfo {
        opsim_version: "test".into(),
        scenario_file: "bench-40.toml".into(),
        scenario_sha256: "0".into(),
        overrides: Vec::new(),
    };
    json::render(&summary.clone().into(), &info)
}

/// bench-40 with 10 services: a quarter of the incidents, so runs are quick.
fn small_bench() -> Model {
    load(&BENCH_40.replace("services = 40", "services = 10"))
}

#[test]
fn a_run_to_a_target_stops_at_the_same_count_for_any_thread_count() {
    // Sobol (the default) reaches it in a round: the same count and bits anyway.
    let model = small_bench();
    let (one, two) = (
        run_to(&model, 0.004, 1_000_000, 1),
        run_to(&model, 0.004, 1_000_000, 2),
    );
    assert_eq!(one.iterations, two.iterations);
    assert_eq!(json_of(&one), json_of(&two));
    // Plain Monte Carlo needs several rounds.
    let mut model = small_bench();
    model.set_sampling(opsim::sample::points::Sampling::Random);
    let one = run_to(&model, 0.004, 1_000_000, 1);
    let two = run_to(&model, 0.004, 1_000_000, 2);
    assert_eq!(one.iterations, two.iterations);
    assert_eq!(json_of(&one), json_of(&two));
    let c = one.convergence.as_ref().unwrap();
    assert!(c.reached && c.worst.1 <= 0.004, "{c:?}");
    assert_eq!(
        one.iterations % (engine::ROUND_CHUNKS * engine::CHUNK_ITERATIONS),
        0
    );
    // Every headline that varies is within the target; one round fewer was not.
    for m in &one.models {
        for (name, st) in &m.headlines {
            if st.sd > 0.0 {
                assert!(st.se / st.mean.abs() <= 0.004, "{}.{name}", m.id);
            }
        }
    }
    let round = engine::ROUND_CHUNKS * engine::CHUNK_ITERATIONS;
    assert!(
        one.iterations > round,
        "the target needs more than one round"
    );
    let shorter = run_to(&model, 0.004, one.iterations - round, 2);
    assert!(!shorter.convergence.unwrap().reached);
}

#[test]
fn a_run_to_a_target_gives_the_same_numbers_as_a_run_of_that_length() {
    let model = small_bench();
    let mut target = run_to(&model, 0.01, 1_000_000, 2);
    let options = RunOptions {
        iterations: target.iterations,
        seed: 5,
        threads: 2,
    };
    let plain = engine::run(&model, options, &|_| {}).unwrap();
    target.convergence = None;
    assert_eq!(json_of(&target), json_of(&plain));
}

#[test]
fn a_target_beyond_reach_stops_at_the_cap_and_says_so() {
    let model = small_bench();
    let s = run_to(&model, 1e-6, 5_000, 2);
    assert_eq!(s.iterations, 5_000);
    let c = s.convergence.unwrap();
    assert!(!c.reached);
    assert!(c.worst.1 > 1e-6 && !c.worst.0.is_empty());
}

#[test]
fn an_input_drawn_again_alone_takes_the_value_it_had_in_the_run() {
    use opsim::engine::iteration::draw_inputs;
    use opsim::sample::points::At;
    let model = load(BENCH_40);
    let n = 40;
    let mut all = vec![0.0; model.inputs.len()];
    let alone: Vec<Vec<f64>> = (0..model.inputs.len())
        .map(|i| analysis::sample::input(&model, 11, n, i))
        .collect();
    for k in 0..n {
        draw_inputs(&model, At::new(11, k), &mut all, &mut []);
        for (i, value) in all.iter().enumerate() {
            assert_eq!(alone[i][k as usize], *value, "{}", model.inputs[i].path);
        }
    }
}

#[test]
fn a_run_to_a_target_projects_its_length_from_the_standard_errors_so_far() {
    // Plain Monte Carlo, so that it takes several rounds.
    let mut model = load(BENCH_40);
    model.set_sampling(opsim::sample::points::Sampling::Random);
    let never = AtomicBool::new(false);
    let target = Target {
        relative_se: 0.002,
        max_iterations: 1_000_000,
    };
    let projections = std::sync::Mutex::new(Vec::new());
    let output = engine::run_to_target_projecting(
        &model,
        5,
        2,
        target,
        None,
        &|_| {},
        &|p| projections.lock().unwrap().push(p),
        &never,
    )
    .unwrap()
    .unwrap();
    let n = output.summary.iterations;
    let projections = projections.into_inner().unwrap();
    let round = engine::ROUND_CHUNKS * engine::CHUNK_ITERATIONS;
    // One projection after every round that missed the target, each in whole
    // rounds, beyond what was done, within the cap; the last one is where the
    // run stopped, give or take a round of noise in the standard error.
    assert_eq!(projections.len() as u64, n / round - 1, "{projections:?}");
    for (k, &p) in projections.iter().enumerate() {
        assert!(p % round == 0 && p > (k as u64 + 1) * round && p <= target.max_iterations);
    }
    let last = *projections
        .last()
        .expect("bench-40 needs more than a round");
    assert!(last.abs_diff(n) <= round, "projected {last}, ran {n}");
    // The same run as without projections.
    assert_eq!(output.summary, run_to(&model, 0.002, 1_000_000, 1));
}
