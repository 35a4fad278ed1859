//! Every distribution form: sample mean and variance against the exact values,
//! and the empirical CDF against the exact CDF at the exact P10/P50/P90.

use opsim::scenario::dist::{Dist, DistSpec, FieldRange};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const DRAWS: usize = 200_000;
/// Standard errors a sample statistic may stray from its exact value.
const Z: f64 = 5.0;
const ANY: FieldRange = FieldRange {
    min: f64::NEG_INFINITY,
    max: f64::INFINITY,
    hard_max: false,
};

fn dist(spec: DistSpec) -> Dist {
    Dist::new(&spec, ANY).expect("valid")
}

fn samples(d: &Dist) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    (0..DRAWS).map(|_| d.sample(&mut rng)).collect()
}

fn check(name: &str, spec: DistSpec, exact_mean: f64, exact_variance: f64) {
    let d = dist(spec);
    assert!(
        (d.mean() - exact_mean).abs() < 1e-12 * exact_mean.abs().max(1.0),
        "{name}: analytic mean"
    );
    assert!(
        (d.variance() - exact_variance).abs() < 1e-9 * exact_variance.max(1.0),
        "{name}: analytic variance"
    );
    let xs = samples(&d);
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let variance = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let se_mean = (exact_variance / n).sqrt();
    assert!(
        (mean - exact_mean).abs() <= Z * se_mean.max(1e-12),
        "{name}: sample mean {mean} vs {exact_mean}"
    );
    let fourth: f64 = xs.iter().map(|x| (x - exact_mean).powi(4)).sum::<f64>() / n;
    let se_variance = ((fourth - exact_variance.powi(2)) / n).sqrt();
    assert!(
        (variance - exact_variance).abs() <= Z * se_variance.max(1e-12),
        "{name}: sample variance {variance} vs {exact_variance}"
    );
    for q in [0.1, 0.5, 0.9] {
        let x = d.quantile(q);
        let below = xs.iter().filter(|&&v| v <= x).count() as f64 / n;
        let cdf = d.cdf(x);
        assert!(cdf >= q - 1e-9, "{name}: cdf(quantile({q})) = {cdf}");
        let se = (cdf * (1.0 - cdf) / n).sqrt();
        assert!(
            (below - cdf).abs() <= Z * se.max(1e-6),
            "{name}: P(X <= {x}) = {below}, exact {cdf}"
        );
    }
}

#[test]
fn pert_mean_is_a_plus_4m_plus_b_over_6() {
    let (a, m, b) = (4.0, 8.0, 20.0);
    let mean = (a + 4.0 * m + b) / 6.0;
    check(
        "pert",
        DistSpec::Pert([a, m, b]),
        mean,
        (mean - a) * (b - mean) / 7.0,
    );
    check(
        "pert skewed",
        DistSpec::Pert([0.05, 0.15, 0.3]),
        (0.05 + 0.6 + 0.3) / 6.0,
        {
            let mu = (0.05 + 0.6 + 0.3) / 6.0;
            (mu - 0.05) * (0.3 - mu) / 7.0
        },
    );
}

#[test]
fn pert_quantiles_come_from_the_beta_law() {
    // Symmetric PERT [0, 5, 10] is 10 x Beta(3, 3): median 5; P10 from tables 2.8617...
    let d = dist(DistSpec::Pert([0.0, 5.0, 10.0]));
    assert!((d.quantile(0.5) - 5.0).abs() < 1e-9);
    // I_0.28617(3,3) = 0.1: computed from the closed form of the Beta(3,3) CDF.
    let x: f64 = d.quantile(0.1) / 10.0;
    let cdf = 10.0 * x.powi(3) - 15.0 * x.powi(4) + 6.0 * x.powi(5);
    assert!((cdf - 0.1).abs() < 1e-9);
}

#[test]
fn triangular_uniform_normal() {
    let (a, c, b) = (1.0, 2.0, 6.0);
    check(
        "triangular",
        DistSpec::Triangular([a, c, b]),
        (a + b + c) / 3.0,
        (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0,
    );
    check("uniform", DistSpec::Uniform([2.0, 10.0]), 6.0, 64.0 / 12.0);
    check("normal", DistSpec::Normal([100.0, 15.0]), 100.0, 225.0);
}

#[test]
fn lognormal_from_a_90_percent_interval() {
    let (p5, p95) = (1.0f64, 16.0f64);
    let mu = (p5.ln() + p95.ln()) / 2.0;
    let sigma = (p95.ln() - p5.ln()) / (2.0 * 1.6448536);
    let mean = (mu + sigma * sigma / 2.0).exp();
    let variance = ((sigma * sigma).exp() - 1.0) * (2.0 * mu + sigma * sigma).exp();
    check("lognormal", DistSpec::LogNormal([p5, p95]), mean, variance);
    let d = dist(DistSpec::LogNormal([p5, p95]));
    assert!(
        (d.quantile(0.05) - p5).abs() < 1e-6 && (d.quantile(0.95) - p95).abs() < 1e-5,
        "the interval is the 90% interval"
    );
}

#[test]
fn counts_and_choices() {
    check("poisson small", DistSpec::Poisson(3.5), 3.5, 3.5);
    check("poisson large", DistSpec::Poisson(40.0), 40.0, 40.0);
    check("bernoulli", DistSpec::Bernoulli(0.3), 0.3, 0.21);
    let discrete = DistSpec::Discrete(vec![[1.0, 0.5], [2.0, 0.3], [10.0, 0.2]]);
    let mean = 0.5 + 0.6 + 2.0;
    let variance = 0.5 * (1.0f64 - mean).powi(2)
        + 0.3 * (2.0f64 - mean).powi(2)
        + 0.2 * (10.0f64 - mean).powi(2);
    check("discrete", discrete, mean, variance);
}

#[test]
fn constants_and_degenerate_forms_never_vary() {
    for spec in [
        DistSpec::Constant(3.0),
        DistSpec::Pert([3.0, 3.0, 3.0]),
        DistSpec::Triangular([3.0, 3.0, 3.0]),
    ] {
        let d = dist(spec);
        assert!(samples(&d).iter().all(|&x| x == 3.0));
    }
    assert!(
        samples(&dist(DistSpec::Poisson(0.0)))
            .iter()
            .all(|&x| x == 0.0)
    );
}

#[test]
fn invalid_parameters_are_refused_with_a_fix() {
    let bad = [
        DistSpec::Pert([5.0, 4.0, 10.0]),
        DistSpec::Triangular([1.0, 7.0, 6.0]),
        DistSpec::Uniform([3.0, 1.0]),
        DistSpec::Normal([1.0, 0.0]),
        DistSpec::LogNormal([0.0, 4.0]),
        DistSpec::LogNormal([4.0, 2.0]),
        DistSpec::Poisson(-1.0),
        DistSpec::Bernoulli(1.5),
        DistSpec::Discrete(vec![]),
        DistSpec::Constant(f64::NAN),
        DistSpec::Pert([1.0, f64::INFINITY, 3.0]),
    ];
    for spec in bad {
        let e = Dist::new(&spec, ANY).expect_err("invalid");
        assert!(!e.message.is_empty() && !e.help.is_empty(), "{spec:?}");
    }
    let fraction = FieldRange {
        min: 0.0,
        max: 1.0,
        hard_max: true,
    };
    assert!(
        Dist::new(&DistSpec::Uniform([0.5, 1.2]), fraction).is_err(),
        "support must lie in a hard range"
    );
    let cost = FieldRange {
        min: 0.0,
        max: 1e12,
        hard_max: false,
    };
    assert!(
        Dist::new(&DistSpec::Normal([10.0, 5.0]), cost).is_err(),
        "a normal that can go negative is refused for a cost"
    );
    assert!(Dist::new(&DistSpec::Normal([100.0, 5.0]), cost).is_ok());
}
