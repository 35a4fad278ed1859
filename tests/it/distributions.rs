//! Every distribution form: sample mean and variance against the exact values,
//! and the empirical CDF against the exact CDF at the exact P10/P50/P90; for the
//! normal and lognormal samplers also Kolmogorov-Smirnov and chi-square tests
//! against the exact law (and a check that those tests catch a wrong law).

use opsim::sample::dist::{Dist, DistSpec, FieldRange};
use opsim::sample::lognormal::LognormalLanes;
use opsim::sample::normal::{TAIL_START, standard_normal};
use opsim::sample::special::{normal_cdf, normal_quantile};
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

/// Kolmogorov-Smirnov statistic sqrt(n) D of `draws` against `cdf`.
fn ks_statistic(mut draws: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
    draws.sort_by(f64::total_cmp);
    let n = draws.len() as f64;
    let d = draws
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            (f - i as f64 / n).max((i + 1) as f64 / n - f)
        })
        .fold(0.0, f64::max);
    d * n.sqrt()
}

/// sqrt(n) D exceeds this with probability 0.001 under the null (Kolmogorov's law).
const KS_CRITICAL_0_001: f64 = 1.949;

/// Pearson's chi-square of `draws` in `bins` bins of equal probability under the law
/// whose quantile function is `quantile`.
fn chi_square(draws: &[f64], bins: usize, quantile: impl Fn(f64) -> f64) -> f64 {
    let edges: Vec<f64> = (1..bins)
        .map(|b| quantile(b as f64 / bins as f64))
        .collect();
    let mut counts = vec![0u64; bins];
    for &x in draws {
        counts[edges.partition_point(|&e| e < x)] += 1;
    }
    let expected = draws.len() as f64 / bins as f64;
    counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum()
}

/// Chi-square with 199 degrees of freedom exceeds this with probability about 1e-4.
const CHI_SQUARE_199_CRITICAL: f64 = 282.0;

fn normal_draws(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n).map(|_| standard_normal(&mut rng)).collect()
}

#[test]
fn ziggurat_normal_follows_the_normal_law() {
    let n = 1_000_000;
    let draws = normal_draws(n, 5);
    let nf = n as f64;
    let mean = draws.iter().sum::<f64>() / nf;
    let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nf - 1.0);
    let fourth = draws.iter().map(|x| x.powi(4)).sum::<f64>() / nf;
    assert!(mean.abs() < Z / nf.sqrt(), "mean {mean}");
    assert!(
        (variance - 1.0).abs() < Z * (2.0 / nf).sqrt(),
        "variance {variance}"
    );
    assert!(
        (fourth - 3.0).abs() < Z * (96.0 / nf).sqrt(),
        "fourth moment {fourth}"
    );
    // The tail beyond the base layer is drawn by a separate method: check its mass.
    let beyond = draws.iter().filter(|x| x.abs() > TAIL_START).count() as f64 / nf;
    let exact = 2.0 * (1.0 - normal_cdf(TAIL_START));
    assert!(
        (beyond - exact).abs() < Z * (exact / nf).sqrt(),
        "P(|Z| > R) = {beyond}, exact {exact}"
    );
    let chi2 = chi_square(&draws, 200, normal_quantile);
    assert!(chi2 < CHI_SQUARE_199_CRITICAL, "chi-square {chi2}");
    let ks = ks_statistic(draws, normal_cdf);
    assert!(ks < KS_CRITICAL_0_001, "KS sqrt(n) D = {ks}");
}

#[test]
fn the_law_checks_can_fail() {
    // A normal 2% too wide must be caught by both checks.
    let draws: Vec<f64> = normal_draws(1_000_000, 6)
        .iter()
        .map(|x| x * 1.02)
        .collect();
    assert!(chi_square(&draws, 200, normal_quantile) > CHI_SQUARE_199_CRITICAL);
    assert!(ks_statistic(draws, normal_cdf) > KS_CRITICAL_0_001);
}

/// Draws of a continuous distribution against its law: chi-square on 200
/// equiprobable cells and Kolmogorov-Smirnov.
fn check_law(d: &Dist, draws: Vec<f64>, label: &str) {
    let chi2 = chi_square(&draws, 200, |q| d.quantile(q));
    assert!(chi2 < CHI_SQUARE_199_CRITICAL, "{label}: chi-square {chi2}");
    let ks = ks_statistic(draws, |x| d.cdf(x));
    assert!(ks < KS_CRITICAL_0_001, "{label}: KS sqrt(n) D = {ks}");
}

#[test]
fn lognormal_draws_follow_the_lognormal_law() {
    for [p5, p95] in [[1.0, 16.0], [0.5, 6.0], [1e-3, 1e3]] {
        let d = dist(DistSpec::LogNormal([p5, p95]));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let draws: Vec<f64> = (0..400_000).map(|_| d.sample(&mut rng)).collect();
        check_law(&d, draws, &format!("[{p5}, {p95}]"));
        // Sums of draws are the same draws, in the same order.
        let (mut a, mut b) = (
            Xoshiro256PlusPlus::seed_from_u64(8),
            Xoshiro256PlusPlus::seed_from_u64(8),
        );
        let sums = d.sums_of_draws_with_floor(&mut a, 1000, 2.0);
        let one_by_one: Vec<f64> = (0..1000).map(|_| d.sample(&mut b)).collect();
        assert_eq!(sums.sum, one_by_one.iter().sum::<f64>());
        assert_eq!(d.sum_of_draws(&mut a, 1000), {
            let more: Vec<f64> = (0..1000).map(|_| d.sample(&mut b)).collect();
            more.iter().sum::<f64>()
        });
        assert_eq!(
            sums.sum_at_least_floor,
            one_by_one.iter().map(|x| x.max(2.0)).sum::<f64>()
        );
    }
}

#[test]
fn lognormal_draws_in_lanes_follow_the_lognormal_law() {
    // The engine's times to restore: four lanes, two passes, AVX2 where the CPU
    // has it and plain Rust otherwise (both checked).
    for [p5, p95] in [[1.0, 16.0], [0.5, 6.0], [1e-3, 1e3]] {
        let d = dist(DistSpec::LogNormal([p5, p95]));
        let Dist::LogNormal { mu, sigma } = d else {
            panic!("not a lognormal")
        };
        for portable in [false, true] {
            let mut lanes = LognormalLanes::new(mu, sigma, None, 11, 0);
            let mut rare = Xoshiro256PlusPlus::seed_from_u64(12);
            // Sums of one draw are the draws; sums of 13 start at every offset
            // into the reservoir.
            let mut draws: Vec<f64> = Vec::with_capacity(400_000);
            while draws.len() < 400_000 {
                let sums = if portable {
                    lanes.sums_portable::<false, _>(&mut rare, 1)
                } else {
                    lanes.sums::<false, _>(&mut rare, 1)
                };
                draws.push(sums.sum);
            }
            check_law(&d, draws, &format!("[{p5}, {p95}], portable {portable}"));
            // Mean of sums of 13 draws: 13 exp(mu + sigma^2 / 2), within 5 SE.
            let n = 20_000;
            let sums: Vec<f64> = (0..n)
                .map(|_| lanes.sums::<false, _>(&mut rare, 13).sum)
                .collect();
            let mean = sums.iter().sum::<f64>() / n as f64;
            let sd = (sums.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
            let expected = 13.0 * d.mean();
            assert!(
                (mean - expected).abs() < 5.0 * sd / (n as f64).sqrt(),
                "[{p5}, {p95}]: mean of sums {mean}, expected {expected}"
            );
        }
    }
}

#[test]
fn pert_draws_follow_the_beta_law() {
    // Shapes from 1 (mode at an end) to 5 (mode at the other end), and skewed.
    for abc in [
        [0.0, 0.0, 1.0],
        [4.0, 8.0, 20.0],
        [0.1, 0.25, 0.5],
        [2.0, 2.0, 2.5],
    ] {
        let d = dist(DistSpec::Pert(abc));
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        let draws: Vec<f64> = (0..200_000).map(|_| d.sample(&mut rng)).collect();
        check_law(&d, draws, &format!("{abc:?}"));
    }
}

/// Chi-square of Poisson counts against the exact probabilities, cells with an
/// expected count below 5 pooled with their neighbour towards the mean; returns
/// the statistic and its degrees of freedom.
fn poisson_chi_square(counts: &[u64], mean: f64) -> (f64, usize) {
    let n: u64 = counts.iter().sum();
    let pmf = |k: usize| {
        let k = k as f64;
        (k * mean.ln() - mean - libm::lgamma(k + 1.0)).exp()
    };
    let (mut cells, mut expected, mut observed) = (Vec::new(), 0.0, 0u64);
    let top = counts
        .len()
        .max((mean + 20.0 * mean.sqrt() + 20.0) as usize);
    let mut below = 0.0;
    for k in 0..top {
        let p = pmf(k);
        expected += p * n as f64;
        below += p;
        observed += counts.get(k).copied().unwrap_or(0);
        if expected >= 5.0 && (1.0 - below) * n as f64 >= 5.0 {
            cells.push((observed, expected));
            (expected, observed) = (0.0, 0);
        }
    }
    // The rest of the upper tail, exactly 1 - P(X <= last).
    let rest = ((1.0 - below).max(0.0) * n as f64) + expected;
    cells.push((observed, rest));
    let chi2 = cells.iter().map(|&(o, e)| (o as f64 - e).powi(2) / e).sum();
    (chi2, cells.len() - 1)
}

#[test]
fn engine_poisson_counts_follow_the_poisson_law() {
    use opsim::sample::poisson::poisson;
    for mean in POISSON_MEANS {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(12);
        let draws: Vec<u64> = (0..400_000).map(|_| poisson(&mut rng, mean)).collect();
        check_poisson_law(mean, &draws);
    }
    assert_eq!(poisson(&mut Xoshiro256PlusPlus::seed_from_u64(1), 0.0), 0);
}

#[test]
fn poisson_counts_in_lanes_follow_the_poisson_law() {
    use opsim::sample::poisson::PoissonLanes;
    for mean in POISSON_MEANS {
        let mut lanes = PoissonLanes::new(13);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(14);
        let means = vec![mean; 400_000];
        let mut draws = vec![0; means.len()];
        lanes.counts(&mut rare, &means, &mut draws);
        check_poisson_law(mean, &draws);
    }
}

/// Means from tiny to huge, either side of each sampler's switch.
const POISSON_MEANS: [f64; 11] = [
    0.05,
    0.7,
    3.0,
    9.99,
    opsim::sample::poisson::INVERSION_BELOW,
    14.8,
    29.99,
    opsim::sample::poisson::INVERSION_IN_LANES_BELOW,
    40.0,
    1000.0,
    1e6,
];

/// The draws' mean within Z standard errors of `mean`, and their law by a
/// chi-square against the exact probabilities (a KS test for huge means).
fn check_poisson_law(mean: f64, draws: &[u64]) {
    let n = draws.len();
    let (lo, hi) = (
        *draws.iter().min().expect("draws"),
        *draws.iter().max().expect("draws"),
    );
    let sample_mean = draws.iter().sum::<u64>() as f64 / n as f64;
    assert!(
        (sample_mean - mean).abs() < Z * (mean / n as f64).sqrt(),
        "mean {mean}: sample mean {sample_mean}"
    );
    if mean > 1e5 {
        // Too many cells for a table: check the law through the standardised KS.
        let d = dist(DistSpec::Normal([mean, mean.sqrt()]));
        let ks = ks_statistic(draws.iter().map(|&k| k as f64 + 0.5).collect(), |x| {
            d.cdf(x)
        });
        assert!(ks < KS_CRITICAL_0_001 + 0.1, "mean {mean}: KS {ks}");
        return;
    }
    let mut counts = vec![0u64; hi as usize + 1];
    for &k in draws {
        counts[k as usize] += 1;
    }
    let (chi2, df) = poisson_chi_square(&counts, mean);
    // Chi-square's upper 1e-4 point, by the Wilson-Hilferty approximation.
    let dff = df as f64;
    let critical = dff * (1.0 - 2.0 / (9.0 * dff) + 3.719 * (2.0 / (9.0 * dff)).sqrt()).powi(3);
    assert!(
        chi2 < critical.max(18.4),
        "mean {mean}: chi-square {chi2} on {df} df (range {lo}..{hi})"
    );
}
