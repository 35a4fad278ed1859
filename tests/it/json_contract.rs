//! The JSON contract of docs/output.md: every documented path exists and holds
//! what it says, on a small seeded run of bench-40.

use crate::common;

use opsim::engine::{self, RunOptions};
use opsim::export::{RunInfo, json};
use opsim::scenario;
use serde_json::Value;

const STAT_FIELDS: [&str; 8] = ["mean", "se", "sd", "p5", "p10", "p50", "p90", "p95"];

fn bench_json() -> Value {
    let text = common::BENCH_40.to_string();
    let model = scenario::load("bench-40.toml", &text).unwrap();
    let summary = engine::run(
        &model,
        RunOptions {
            iterations: 3_000,
            seed: 3,
            threads: 2,
        },
        &|_| {},
    )
    .unwrap();
    let never = std::sync::atomic::AtomicBool::new(false);
    let results = opsim::analysis::Results {
        summary,
        analysis: opsim::analysis::analyse(&model, 3, 3_000, 2, None, &|_| {}, &never).unwrap(),
    };
    let info = RunInfo {
        opsim_version: "test".into(),
        scenario_file: "bench-40.toml".into(),
        scenario_sha256: "0".into(),
        overrides: Vec::new(),
    };
    serde_json::from_str(&json::render(&results, &info)).expect("valid JSON")
}

fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, key| {
        v.get(key)
            .unwrap_or_else(|| panic!("missing `{key}` in `{path}`"))
    })
}

fn assert_stat(v: &Value, path: &str) {
    let s = at(v, path);
    for f in STAT_FIELDS {
        assert!(
            s.get(f).and_then(Value::as_f64).is_some_and(f64::is_finite),
            "{path}.{f} must be a finite number"
        );
    }
    let q: Vec<f64> = ["p5", "p10", "p50", "p90", "p95"]
        .iter()
        .map(|f| s[f].as_f64().unwrap())
        .collect();
    assert!(
        q.windows(2).all(|w| w[0] <= w[1]),
        "{path}: quantiles must be ordered: {q:?}"
    );
    assert!(
        s["se"].as_f64().unwrap() <= s["sd"].as_f64().unwrap(),
        "{path}: se <= sd"
    );
}

#[test]
fn every_documented_path_is_present() {
    let v = bench_json();
    for model in ["ops-run-it", "ybiyri"] {
        for stat in [
            "tco",
            "setup_cost",
            "run_cost",
            "economic_cost",
            "npv",
            "incidents",
            "deployments",
        ] {
            assert_stat(&v, &format!("models.{model}.{stat}"));
        }
        for cap in [
            "deployment-throughput",
            "service-reliability",
            "learning-culture",
            "all",
        ] {
            assert_stat(&v, &format!("models.{model}.readiness_weeks.{cap}"));
        }
        assert_eq!(
            at(&v, &format!("models.{model}.monthly"))
                .as_array()
                .unwrap()
                .len(),
            36
        );
    }
    let c = at(
        &v,
        "models.ybiyri.activities.deployment-accountability.criticality",
    )
    .as_f64()
    .unwrap();
    assert!((0.0..=1.0).contains(&c));
    assert_stat(&v, "comparisons.ybiyri.tco_difference");
    let p = at(&v, "comparisons.ybiyri.probability_cheaper")
        .as_f64()
        .unwrap();
    assert!((0.0..=1.0).contains(&p));
    let b = at(&v, "comparisons.ybiyri.break_even_month");
    assert!(b["p50"].is_u64() || b["p50"].is_null());
    assert!(b["share_not_within_horizon"].as_f64().is_some());
}

#[test]
fn values_are_consistent_with_each_other() {
    let v = bench_json();
    let mean = |path: &str| at(&v, path)["mean"].as_f64().unwrap();
    for model in ["ops-run-it", "ybiyri"] {
        let tco = mean(&format!("models.{model}.tco"));
        let parts =
            mean(&format!("models.{model}.setup_cost")) + mean(&format!("models.{model}.run_cost"));
        assert!((tco - parts).abs() < 1e-6 * tco, "TCO = setup + run");
        let components: f64 = at(&v, &format!("models.{model}.run_cost_by_component"))
            .as_object()
            .unwrap()
            .values()
            .map(|s| s["mean"].as_f64().unwrap())
            .sum();
        assert!(
            (components - mean(&format!("models.{model}.run_cost"))).abs() < 1e-6 * tco,
            "components add up"
        );
    }
    let diff = mean("comparisons.ybiyri.tco_difference");
    assert!(
        (diff - (mean("models.ybiyri.tco") - mean("models.ops-run-it.tco"))).abs()
            < 1e-6 * diff.abs()
    );
    let ready_all = mean("models.ybiyri.readiness_weeks.all");
    for cap in [
        "deployment-throughput",
        "service-reliability",
        "learning-culture",
    ] {
        assert!(mean(&format!("models.ybiyri.readiness_weeks.{cap}")) <= ready_all);
    }
    // Percentiles run from the minimum to the maximum, in order, and agree with the
    // statistics' own quantiles.
    for (path, stat) in [
        ("models.ybiyri.tco_percentiles", "models.ybiyri.tco"),
        (
            "models.ybiyri.readiness_percentiles_weeks.all",
            "models.ybiyri.readiness_weeks.all",
        ),
        (
            "models.ybiyri.readiness_percentiles_weeks.learning-culture",
            "models.ybiyri.readiness_weeks.learning-culture",
        ),
    ] {
        let p: Vec<f64> = at(&v, path)
            .as_array()
            .unwrap_or_else(|| panic!("{path} is an array"))
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(p.len(), 101, "{path}: P0 to P100");
        assert!(p.windows(2).all(|w| w[0] <= w[1]), "{path} is ordered");
        let s = at(&v, stat);
        for (i, key) in [
            (0, "min"),
            (10, "p10"),
            (50, "p50"),
            (90, "p90"),
            (100, "max"),
        ] {
            assert_eq!(p[i], s[key].as_f64().unwrap(), "{path}[{i}] = {stat}.{key}");
        }
    }
    // The baseline has no setup: it is ready at once and costs nothing to set up.
    assert_eq!(mean("models.ops-run-it.readiness_weeks.all"), 0.0);
    assert_eq!(mean("models.ops-run-it.setup_cost"), 0.0);
}

#[test]
fn sensitivity_and_countermeasure_values_are_documented_and_consistent() {
    let v = bench_json();
    assert!(at(&v, "convergence").is_null(), "null without --target-se");
    assert_eq!(
        at(&v, "sensitivity.sample_iterations").as_u64(),
        Some(3_000)
    );
    for (output, unit) in [
        ("tco_difference", "currency"),
        ("readiness_all_weeks", "weeks"),
    ] {
        let o = at(&v, &format!("sensitivity.models.ybiyri.{output}"));
        assert_eq!(o["unit"], unit);
        assert!(o["mean"].as_f64().is_some_and(f64::is_finite));
        let inputs = o["inputs"].as_array().unwrap();
        assert!(!inputs.is_empty());
        let mut share = 0.0;
        let mut last_swing = f64::INFINITY;
        for i in inputs {
            let num = |k: &str| i[k].as_f64().unwrap_or_else(|| panic!("{output}: {k}"));
            assert!(i["path"].is_string());
            assert!((-1.0..=1.0).contains(&num("rank_correlation")));
            assert!(
                (num("swing") - (num("high_mean") - num("low_mean"))).abs()
                    < 1e-9 * num("swing").abs().max(1.0)
            );
            assert!(num("low_value") <= num("high_value"));
            assert!(num("swing").abs() <= last_swing, "largest swing first");
            last_swing = num("swing").abs();
            share += num("variance_share");
        }
        assert!((share - 1.0).abs() < 1e-9, "{output}: shares add up to 1");
    }
    let items = at(&v, "countermeasures_and_risks.items")
        .as_array()
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "change-approval-criteria",
            "automated-change-request-integration",
            "penetration-exercises"
        ]
    );
    for i in items {
        for key in ["readiness_p50_weeks", "readiness_p90_weeks"] {
            let p = &i[key];
            let change = p["changed"].as_f64().unwrap() - p["as_run"].as_f64().unwrap();
            // serde_json's default parser may be one ulp off.
            assert!(
                (p["change"].as_f64().unwrap() - change).abs() <= 1e-12 * change.abs().max(1.0)
            );
        }
        assert!(i["tco_change"]["se"].as_f64().unwrap() >= 0.0);
        assert!(["switch off", "switch on", "remove"].contains(&i["change"].as_str().unwrap()));
        assert!(["countermeasure", "risk"].contains(&i["kind"].as_str().unwrap()));
    }
}
