//! Sampling modes and correlated inputs (docs/scenario.md, "Sampling" and
//! "Correlated inputs"): the same bits for any thread count in every mode,
//! correlations achieved within 0.02 at 100,000 iterations with every marginal
//! unchanged (two-sample Kolmogorov-Smirnov), exact means of PERT draws within
//! their standard errors, a constant scenario exact, and bad correlations refused.

use opsim::analysis::{correlations, sample};
use opsim::engine::record::Headline;
use opsim::engine::{self, RunOptions};
use opsim::model::Model;
use opsim::sample::points::Sampling;
use opsim::scenario;

use crate::common::{self, constant_scenario};

const EXAMPLE: &str = include_str!("../../scenarios/example.toml");

const CORRELATIONS: &str = r#"
[[correlations]]
inputs = ["organisation.day_rates.developer", "organisation.day_rates.product-manager"]
rank = 0.8

[[correlations]]
inputs = ["organisation.day_rates.developer", "organisation.day_rates.support-analyst"]
rank = 0.6

[[correlations]]
inputs = ["organisation.day_rates.product-manager", "organisation.day_rates.support-analyst"]
rank = 0.5

[[correlations]]
inputs = ["organisation.incident_rate_per_service_per_month", "tiers.tier-99.exposure_per_hour"]
rank = -0.4
"#;

fn load(text: &str, mode: Sampling) -> Model {
    let mut model = scenario::load("example.toml", text).unwrap();
    model.set_sampling(mode);
    model
}

fn correlated(mode: Sampling) -> Model {
    load(&format!("{EXAMPLE}{CORRELATIONS}"), mode)
}

#[test]
fn every_mode_with_correlations_gives_the_same_bits_on_one_and_two_threads() {
    for mode in Sampling::ALL {
        let model = correlated(mode);
        let run = |threads| {
            let options = RunOptions {
                iterations: 5000,
                seed: 3,
                threads,
            };
            engine::run(&model, options, &|_| {}).unwrap()
        };
        let (one, two) = (run(1), run(2));
        assert_eq!(one, two, "{mode:?}");
        assert_eq!(one.sampling, mode);
    }
}

#[test]
fn correlations_are_achieved_and_marginals_kept_in_every_mode() {
    let n = 100_000;
    for mode in Sampling::ALL {
        let model = correlated(mode);
        for a in correlations::achieved(&model, 9, n) {
            assert!(
                (a.achieved - a.asked).abs() < 0.02,
                "{mode:?}: {:?} asked {} achieved {}",
                a.inputs,
                a.asked,
                a.achieved
            );
        }
        // Each correlated input's draws against the same input uncorrelated.
        let plain = load(EXAMPLE, mode);
        for path in [
            "organisation.day_rates.developer",
            "organisation.day_rates.support-analyst",
            "tiers.tier-99.exposure_per_hour",
        ] {
            let k = model.input_index(path).unwrap();
            let with = sample::input(&model, 9, n, k);
            let without = sample::input(&plain, 10, n, k);
            let d = ks_statistic(with, without);
            // The 99.9% point of the two-sample statistic: 1.95 sqrt(2 / n).
            assert!(
                d < 1.95 * (2.0 / n as f64).sqrt(),
                "{mode:?} {path}: D = {d}"
            );
        }
    }
}

/// The largest gap between two samples' empirical CDFs.
fn ks_statistic(mut a: Vec<f64>, mut b: Vec<f64>) -> f64 {
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let (mut i, mut j, mut d) = (0, 0, 0.0_f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / a.len() as f64 - j as f64 / b.len() as f64).abs());
    }
    d
}

/// Every uncertain input's draws have its exact mean, within 5 standard errors
/// of plain Monte Carlo (stratified modes do far better).
#[test]
fn draws_have_their_exact_means_in_every_mode() {
    let n = 16_384;
    for mode in Sampling::ALL {
        let model = correlated(mode);
        for (k, input) in model.inputs.iter().enumerate() {
            if input.dist.is_constant() {
                continue;
            }
            let draws = sample::input(&model, 4, n, k);
            let mean = draws.iter().sum::<f64>() / n as f64;
            let se = (input.dist.variance() / n as f64).sqrt();
            assert!(
                (mean - input.dist.mean()).abs() <= 5.0 * se,
                "{mode:?} {}: {mean} vs {}",
                input.path,
                input.dist.mean()
            );
        }
    }
}

#[test]
fn a_constant_scenario_is_exact_in_every_mode() {
    let text = constant_scenario(0.0, "");
    let mut totals = Vec::new();
    for mode in Sampling::ALL {
        let mut model = scenario::load("constant.toml", &text).unwrap();
        model.set_sampling(mode);
        let options = RunOptions {
            iterations: 50,
            seed: 1,
            threads: 1,
        };
        let s = engine::run(&model, options, &|_| {}).unwrap();
        let tco = s.models[1].headline(Headline::Tco).clone();
        assert_eq!(tco.sd, 0.0, "{mode:?}");
        totals.push(tco.mean);
    }
    assert!(totals.windows(2).all(|w| w[0] == w[1]), "{totals:?}");
}

#[test]
fn inconsistent_correlations_are_refused_naming_the_inputs() {
    let text = format!(
        "{EXAMPLE}{}",
        r#"
[[correlations]]
inputs = ["organisation.day_rates.developer", "organisation.day_rates.product-manager"]
rank = 0.9

[[correlations]]
inputs = ["organisation.day_rates.product-manager", "organisation.day_rates.support-analyst"]
rank = 0.9

[[correlations]]
inputs = ["organisation.day_rates.developer", "organisation.day_rates.support-analyst"]
rank = -0.9
"#
    );
    let err = scenario::load("example.toml", &text)
        .unwrap_err()
        .to_string();
    assert!(err.contains("contradict each other"), "{err}");
    for name in ["developer", "product-manager", "support-analyst"] {
        assert!(
            err.contains(&format!("organisation.day_rates.{name}`")),
            "{err}"
        );
    }
}

#[test]
fn samples_csv_holds_every_iteration_with_its_inputs_and_headlines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.csv");
    let out = common::opsim_in(
        dir.path(),
        &[
            "run",
            "-n",
            "300",
            "--summary-only",
            "-q",
            "--out",
            "o",
            "--samples",
            path.to_str().unwrap(),
        ],
    );
    common::assert_success(&out);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[0], "iteration");
    assert!(header.contains(&"organisation.day_rates.developer"));
    assert!(header.contains(&"ybiyri.tco"));
    assert_eq!(lines.count(), 300);
}
