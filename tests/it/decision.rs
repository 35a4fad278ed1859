//! The decision in words (summary.json's `decision`, docs/output.md): flip values
//! checked against crossings worked out by hand from runs with the input held
//! fixed; "no value in its range" checked at both ends; joint confidence counted
//! again on the run's own sampled iterations; opportunity cost left out when zero.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use serde_json::Value;

use crate::common::{bench_40_path, opsim_in};
use opsim::analysis::sample::{Scope, columns};
use opsim::engine::record::{Headline, Layout};
use opsim::sample::points::Sampling;
use opsim::scenario;

const STARTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/starter.toml");
const ITERATIONS: &str = "3000";
const PAY: &str = "models.ybiyri.on_call.standby_pay_per_week";

fn run(dir: &Path, name: &str, scenario: &str, extra: &[&str]) -> Value {
    let out = dir.join(name);
    let out = out.to_str().expect("utf-8 path");
    // Plain sampling: holding an input with --set makes it a constant, which
    // under Sobol moves the later inputs to other dimensions (docs/scenario.md,
    // "Sampling"); a flip search holds it without moving them.
    let mut args = vec![
        "run",
        scenario,
        "--iterations",
        ITERATIONS,
        "--out",
        out,
        "-q",
        "--sampling",
        "random",
    ];
    args.extend_from_slice(extra);
    let done = opsim_in(dir, &args);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let text = std::fs::read_to_string(Path::new(out).join("summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("valid JSON")
}

fn mean_difference(summary: &Value) -> f64 {
    summary["comparisons"]["ybiyri"]["tco_difference"]["mean"]
        .as_f64()
        .expect("a mean")
}

#[test]
fn a_linear_crossing_is_found_where_held_runs_put_it() {
    let dir = tempfile::tempdir().unwrap();
    // Standby pay over a wide range: the largest driver, with a linear effect.
    let wide = format!("{PAY}=[0, 300, 6000]");
    let found = run(dir.path(), "wide", STARTER, &["--set", &wide]);
    let flips = found["decision"]["ybiyri"]["flips"]
        .as_array()
        .expect("flips");
    let flip = flips
        .iter()
        .find(|f| f["path"] == PAY)
        .expect("standby pay is among the top drivers");
    assert_eq!(
        flip["label"],
        "Standby pay per person per week (You Build It You Run It)"
    );
    let crossing = flip["crossing"].as_f64().expect("it crosses");

    // By hand: the mean difference with the pay held at two values, and the
    // straight line through them.
    let held = |v: f64, name: &str| {
        let set = format!("{PAY}={v}");
        mean_difference(&run(
            dir.path(),
            name,
            STARTER,
            &["--set", &set, "--summary-only"],
        ))
    };
    let (v1, v2) = (0.0, 6000.0);
    let (f1, f2) = (held(v1, "low"), held(v2, "high"));
    let ends = &flip["tco_difference_at_range_ends"];
    let close = |a: f64, b: f64, scale: f64| (a - b).abs() <= 1e-6 * scale;
    assert!(
        close(ends[0].as_f64().unwrap(), f1, f1.abs()),
        "{ends} vs {f1}"
    );
    assert!(
        close(ends[1].as_f64().unwrap(), f2, f2.abs()),
        "{ends} vs {f2}"
    );
    assert!(f1 < 0.0 && f2 > 0.0, "the example must cross: {f1} {f2}");
    let by_hand = v1 - f1 * (v2 - v1) / (f2 - f1);
    assert!(close(crossing, by_hand, v2 - v1), "{crossing} vs {by_hand}");
    // At the crossing the held run's mean difference is (about) zero.
    let at = held(by_hand, "at");
    assert!(at.abs() <= 1e-6 * f1.abs().max(f2.abs()), "{at}");

    // Cheaper at low pay (f1 < 0): with the run's mean difference above zero
    // the sentence says when it becomes cheaper, else when it stops being so.
    let sentence = flip["sentence"].as_str().unwrap();
    if mean_difference(&found) > 0.0 {
        assert!(sentence.contains("becomes cheaper if"), "{sentence}");
        assert!(sentence.contains("falls below"), "{sentence}");
    } else {
        assert!(sentence.contains("stays cheaper unless"), "{sentence}");
        assert!(sentence.contains("rises above"), "{sentence}");
    }
}

#[test]
fn no_value_in_range_means_the_same_sign_at_both_ends() {
    let dir = tempfile::tempdir().unwrap();
    let bench = bench_40_path();
    let found = run(dir.path(), "bench", &bench, &[]);
    let flips = found["decision"]["ybiyri"]["flips"]
        .as_array()
        .expect("flips");
    assert!(!flips.is_empty());
    let mut checked = 0;
    for flip in flips.iter().filter(|f| f["crossing"].is_null()) {
        let path = flip["path"].as_str().unwrap();
        let range = &flip["range"];
        let ends: Vec<f64> = (0..2)
            .map(|k| {
                let set = format!("{path}={}", range[k].as_f64().unwrap());
                let name = format!("end{checked}-{k}");
                mean_difference(&run(
                    dir.path(),
                    &name,
                    &bench,
                    &["--set", &set, "--summary-only"],
                ))
            })
            .collect();
        assert_eq!(ends[0].signum(), ends[1].signum(), "{path}: {ends:?}");
        let sentence = flip["sentence"].as_str().unwrap();
        assert!(sentence.contains("no value in its range"), "{sentence}");
        checked += 1;
    }
    assert!(
        checked > 0,
        "bench-40 has a driver that cannot flip the answer"
    );
}

#[test]
fn joint_confidence_is_the_share_counted_in_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let found = run(dir.path(), "joint", STARTER, &[]);
    let joint = &found["decision"]["ybiyri"]["joint_confidence"];
    let weeks = joint["together_readiness_weeks"].as_f64().expect("weeks");
    let budget = joint["together_setup_cost"].as_f64().expect("budget");
    let share = joint["together_probability"].as_f64().expect("share");
    let p80_weeks = joint["p80_readiness_weeks"].as_f64().unwrap();
    let p80_budget = joint["p80_setup_cost"].as_f64().unwrap();
    let at_p80 = joint["probability_within_both_p80s"].as_f64().unwrap();

    // The same iterations, simulated again through the library.
    let text = std::fs::read_to_string(STARTER).unwrap();
    let mut model = scenario::load("starter.toml", &text).expect("loads");
    model.set_sampling(Sampling::Random);
    let layout = Layout::new(&model);
    let m = 1;
    let wanted = [
        layout.headline(m, Headline::ReadinessAllWeeks),
        layout.headline(m, Headline::SetupCost),
    ];
    let seed = found["simulation"]["seed"].as_u64().unwrap();
    let n: u64 = ITERATIONS.parse().unwrap();
    let sample = columns(
        &model,
        seed,
        n,
        Scope::All,
        &wanted,
        &AtomicBool::new(false),
    )
    .unwrap();
    let within = |w: f64, b: f64| {
        let count = (0..n as usize)
            .filter(|&i| sample[0][i] <= w && sample[1][i] <= b)
            .count();
        count as f64 / n as f64
    };
    assert_eq!(within(weeks, budget), share);
    assert!(share >= 0.8);
    assert_eq!(within(p80_weeks, p80_budget), at_p80);
    assert!(
        at_p80 < 0.8,
        "readiness and setup cost are not perfectly dependent"
    );
}

#[test]
fn opportunity_cost_is_left_out_when_zero() {
    let dir = tempfile::tempdir().unwrap();
    let found = run(dir.path(), "bench", &bench_40_path(), &["--summary-only"]);
    assert!(found["decision"]["ybiyri"]["opportunity_cost"].is_null());
    let found = run(dir.path(), "starter", STARTER, &["--summary-only"]);
    let sentence = found["decision"]["ybiyri"]["opportunity_cost"]["sentence"]
        .as_str()
        .expect("the starter prices opportunity cost");
    assert!(sentence.starts_with("Counting opportunity cost as well"));
}
