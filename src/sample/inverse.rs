//! Fast inverse CDFs: each distribution's quantile at a uniform point, for
//! the stratified and correlated draws of once-per-iteration inputs
//! ([`super::points`]). Closed forms where they exist; the standard normal's by
//! a rational start (Abramowitz and Stegun 26.2.23) polished by two Halley steps
//! on `erfc`, to the last bits; PERT's (a scaled Beta(alpha, beta)) by a table
//! built once per input ([`BetaTable`]), whose interpolation error is bounded by
//! [`BETA_TABLE_MAX_ERROR`] (tested against bisection on the exact CDF).

use super::dist::{Dist, poisson_quantile};
use super::exp::exp;
use super::special::{beta_cdf, normal_cdf};

/// The largest error of a [`BetaTable`] quantile, on the Beta's [0, 1] scale
/// (a PERT's error is this times its width), checked by the tests.
pub const BETA_TABLE_MAX_ERROR: f64 = 1e-14;

/// Intervals of each half of a [`BetaTable`].
const BETA_TABLE_INTERVALS: usize = 256;

/// A distribution's quantile function, ready to evaluate fast.
#[derive(Debug, Clone)]
pub struct Inverse {
    law: Law,
}

/// The quantile functions, by law.
#[derive(Debug, Clone)]
enum Law {
    /// Every quantile is this value.
    Constant(f64),
    /// `min + width u`.
    Uniform { min: f64, width: f64 },
    /// Triangular on [min, max] with its peak at mode.
    Triangular { min: f64, mode: f64, max: f64 },
    /// `mean + sd z`, clamped to [lo, hi].
    Normal {
        mean: f64,
        sd: f64,
        lo: f64,
        hi: f64,
    },
    /// `exp(mu + sigma z)`.
    LogNormal { mu: f64, sigma: f64 },
    /// `min + width x` with x from a Beta table.
    Pert {
        min: f64,
        width: f64,
        table: Box<BetaTable>,
    },
    /// The smallest count whose CDF reaches u.
    Poisson { mean: f64 },
    /// 1 when u > 1 - p.
    Bernoulli { p: f64 },
    /// Values in increasing order with their cumulative probabilities.
    Discrete {
        values: Box<[f64]>,
        cumulative: Box<[f64]>,
    },
}

impl Inverse {
    /// The quantile function of `dist`; PERT builds its table here (about a
    /// millisecond).
    pub fn new(dist: &Dist) -> Inverse {
        let law = match dist {
            Dist::Constant(c) => Law::Constant(*c),
            Dist::Uniform { min, max } => Law::Uniform {
                min: *min,
                width: max - min,
            },
            Dist::Triangular { min, mode, max } => Law::Triangular {
                min: *min,
                mode: *mode,
                max: *max,
            },
            Dist::Normal { mean, sd, lo, hi } => Law::Normal {
                mean: *mean,
                sd: *sd,
                lo: *lo,
                hi: *hi,
            },
            Dist::LogNormal { mu, sigma } => Law::LogNormal {
                mu: *mu,
                sigma: *sigma,
            },
            Dist::Pert(p) => {
                let (alpha, beta) = p.shape();
                Law::Pert {
                    min: p.min,
                    width: p.max - p.min,
                    table: Box::new(BetaTable::new(alpha, beta)),
                }
            }
            Dist::Poisson { mean } => Law::Poisson { mean: *mean },
            Dist::Bernoulli { p } => Law::Bernoulli { p: *p },
            Dist::Discrete { values, .. } => {
                let mut pairs: Vec<(f64, f64)> = (0..values.len())
                    .map(|i| (values[i], dist.probability_of(i)))
                    .collect();
                pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut total = 0.0;
                let cumulative: Vec<f64> = pairs
                    .iter()
                    .map(|(_, p)| {
                        total += p;
                        total
                    })
                    .collect();
                Law::Discrete {
                    values: pairs.iter().map(|(v, _)| *v).collect(),
                    cumulative: cumulative.into(),
                }
            }
        };
        Inverse { law }
    }

    /// The quantile at `u` in (0, 1).
    #[inline]
    pub fn at(&self, u: f64) -> f64 {
        match &self.law {
            Law::Constant(c) => *c,
            Law::Uniform { min, width } => min + width * u,
            Law::Triangular { min, mode, max } => {
                super::dist::triangular_inverse(*min, *mode, *max, u)
            }
            Law::Normal { mean, sd, lo, hi } => (mean + sd * normal_quantile(u)).clamp(*lo, *hi),
            Law::LogNormal { mu, sigma } => exp(mu + sigma * normal_quantile(u)),
            Law::Pert { min, width, table } => min + width * table.at(u),
            Law::Poisson { mean } => poisson_quantile(*mean, u),
            Law::Bernoulli { p } => f64::from(u8::from(u > 1.0 - p)),
            Law::Discrete { values, cumulative } => {
                let total = cumulative[cumulative.len() - 1];
                let i = cumulative.partition_point(|&c| c < u * total);
                values[i.min(values.len() - 1)]
            }
        }
    }
}

/// The standard normal quantile at `u` in (0, 1), to within a few units in
/// the last place: t = sqrt(-2 ln p) for the smaller tail p, the rational
/// start of Abramowitz and Stegun 26.2.23 (error below 4.5e-4), then two
/// Halley steps on Phi(x) - p, each cubing the error.
#[inline]
pub fn normal_quantile(u: f64) -> f64 {
    let (p, sign) = if u < 0.5 { (u, -1.0) } else { (1.0 - u, 1.0) };
    if p <= 0.0 {
        return sign * f64::INFINITY;
    }
    let t = libm::sqrt(-2.0 * libm::log(p));
    let start = t
        - (2.515517 + t * (0.802853 + t * 0.010328))
            / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
    // x is the lower-tail quantile (x <= 0) of p.
    let mut x = -start;
    for _ in 0..2 {
        let density = exp(-0.5 * x * x) * FRAC_1_SQRT_2PI;
        let e = (normal_cdf(x) - p) / density;
        x -= e / (1.0 + 0.5 * x * e);
    }
    -sign * x
}

const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

/// The quantile function of Beta(a, b) (a, b >= 1, as PERT's are) from two
/// tables, each a quintic Hermite interpolant on a uniform grid of
/// [`BETA_TABLE_INTERVALS`] intervals: below the median, x as a function of
/// s = u^(1/a) (smooth in s, as u ~ x^a near 0); above it, 1 - x as a function
/// of (1 - u)^(1/b), the same table of Beta(b, a). Knots are exact quantiles
/// (safeguarded Newton on the exact CDF, [`beta_cdf`]) with their exact first
/// and second derivatives. A table is small (12 KiB), so it stays in cache.
#[derive(Debug, Clone)]
pub struct BetaTable {
    lower: HalfTable,
    upper: HalfTable,
}

impl BetaTable {
    /// The table of Beta(`a`, `b`).
    pub fn new(a: f64, b: f64) -> BetaTable {
        BetaTable {
            lower: HalfTable::new(a, b),
            upper: HalfTable::new(b, a),
        }
    }

    /// The quantile at `u` in (0, 1).
    #[inline]
    pub fn at(&self, u: f64) -> f64 {
        if u <= 0.5 {
            self.lower.at(u)
        } else {
            1.0 - self.upper.at(1.0 - u)
        }
    }
}

/// Quantiles of Beta(a, b) for u in (0, 1/2], against s = u^(1/a).
#[derive(Debug, Clone)]
struct HalfTable {
    inverse_a: f64,
    /// 1 / grid step in s.
    per_step: f64,
    /// At each knot: x, dx/ds times the step, d2x/ds2 times the step squared.
    knots: Box<[[f64; 3]]>,
}

impl HalfTable {
    fn new(a: f64, b: f64) -> HalfTable {
        let ln_beta = libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b);
        let s_max = libm::pow(0.5, 1.0 / a);
        let step = s_max / BETA_TABLE_INTERVALS as f64;
        // Near 0, u = x^a / (a B) (1 + a (1 - b) x / (a + 1) + ...), so
        // x = c s + (b - 1) c^2 s^2 / (a + 1) + ... with c = (a B)^(1/a).
        let c = libm::exp((libm::log(a) + ln_beta) / a);
        let mut knots = Vec::with_capacity(BETA_TABLE_INTERVALS + 1);
        knots.push([
            0.0,
            c * step,
            2.0 * (b - 1.0) * c * c / (a + 1.0) * step * step,
        ]);
        let mut x = 0.0;
        for i in 1..=BETA_TABLE_INTERVALS {
            let s = step * i as f64;
            let u = libm::pow(s, a);
            x = solve_beta(a, b, ln_beta, u, x);
            let density =
                libm::exp((a - 1.0) * libm::log(x) + (b - 1.0) * libm::log1p(-x) - ln_beta);
            // dx/ds = (dx/du)(du/ds) = a s^(a-1) / density; differentiating again,
            // x'' = x' ((a - 1)/s - x' ((a - 1)/x - (b - 1)/(1 - x))).
            let d1 = a * libm::pow(s, a - 1.0) / density;
            let d2 = d1 * ((a - 1.0) / s - d1 * ((a - 1.0) / x - (b - 1.0) / (1.0 - x)));
            knots.push([x, d1 * step, d2 * step * step]);
        }
        HalfTable {
            inverse_a: 1.0 / a,
            per_step: 1.0 / step,
            knots: knots.into(),
        }
    }

    #[inline]
    fn at(&self, u: f64) -> f64 {
        let s = if self.inverse_a == 1.0 {
            u
        } else {
            exp(libm::log(u) * self.inverse_a)
        };
        let t = s * self.per_step;
        let i = (t as usize).min(BETA_TABLE_INTERVALS - 1);
        let f = t - i as f64;
        let ([x0, d0, e0], [x1, d1, e1]) = (self.knots[i], self.knots[i + 1]);
        // Quintic Hermite on [0, 1] in f; derivatives already scaled by the step.
        let (f2, f3) = (f * f, f * f * f);
        let (f4, f5) = (f3 * f, f3 * f2);
        let h5 = 10.0 * f3 - 15.0 * f4 + 6.0 * f5;
        let h0 = 1.0 - h5;
        let h1 = f - 6.0 * f3 + 8.0 * f4 - 3.0 * f5;
        let h2 = 0.5 * (f2 - 3.0 * f3 + 3.0 * f4 - f5);
        let h3 = 0.5 * (f3 - 2.0 * f4 + f5);
        let h4 = -4.0 * f3 + 7.0 * f4 - 3.0 * f5;
        h0 * x0 + h1 * d0 + h2 * e0 + h3 * e1 + h4 * d1 + h5 * x1
    }
}

/// The x in (0, 1) with I_x(a, b) = u, by Newton's method kept inside a
/// shrinking bracket (bisection when a step leaves it), from `from` <= x.
fn solve_beta(a: f64, b: f64, ln_beta: f64, u: f64, from: f64) -> f64 {
    let (mut lo, mut hi) = (from, 1.0);
    let mut x = if from > 0.0 { from } else { 0.5 * u.min(0.5) };
    for _ in 0..200 {
        let f = beta_cdf(x, a, b) - u;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let density = libm::exp((a - 1.0) * libm::log(x) + (b - 1.0) * libm::log1p(-x) - ln_beta);
        let mut next = x - f / density;
        if !(next > lo && next < hi && next.is_finite()) {
            next = 0.5 * (lo + hi);
        }
        if (next - x).abs() <= 2.0 * f64::EPSILON * x || next == lo || next == hi {
            return next;
        }
        x = next;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::dist::{DistSpec, FieldRange};
    use crate::sample::special::{normal_quantile as bisected_normal, solve_increasing};

    fn grid() -> impl Iterator<Item = f64> {
        let tails = [1e-15, 1e-12, 1e-9, 1e-6, 1e-4, 1e-3, 0.01];
        (1..2000)
            .map(|i| i as f64 / 2000.0)
            .chain(tails)
            .chain(tails.map(|t| 1.0 - t))
    }

    #[test]
    fn normal_quantile_is_exact_to_the_last_bits() {
        // Bisection on Phi is exact below the median only (above it Phi(x)
        // rounds near 1): check the lower half, and the symmetry.
        let mut worst: f64 = 0.0;
        for u in grid().filter(|&u| u <= 0.5) {
            let exact = bisected_normal(u);
            worst = worst.max((normal_quantile(u) - exact).abs() / exact.abs().max(1.0));
            if u < 0.5 {
                assert_eq!(normal_quantile(1.0 - u), -normal_quantile(1.0 - (1.0 - u)));
            }
        }
        assert!(worst < 1e-14, "worst {worst:e}");
        assert!(normal_quantile(0.5).abs() < 1e-17);
    }

    #[test]
    fn beta_tables_are_within_their_error_bound() {
        for (a, b) in [
            (1.0, 5.0),
            (5.0, 1.0),
            (3.0, 3.0),
            (1.4, 4.6),
            (2.2, 1.0),
            (1.0, 1.0),
        ] {
            let table = BetaTable::new(a, b);
            let mut worst: f64 = 0.0;
            for u in grid().chain((0..1000).map(|i| (i as f64 + 0.37) / 1000.0)) {
                // Exact by bisection in the tail where the CDF is far from 1.
                let exact = if u <= 0.5 {
                    solve_increasing(|x| beta_cdf(x, a, b), u, 0.0, 1.0)
                } else {
                    1.0 - solve_increasing(|y| beta_cdf(y, b, a), 1.0 - u, 0.0, 1.0)
                };
                worst = worst.max((table.at(u) - exact).abs());
            }
            assert!(
                worst < BETA_TABLE_MAX_ERROR,
                "Beta({a}, {b}): worst {worst:e}"
            );
        }
    }

    /// Every closed form agrees with the exact quantile of [`Dist`].
    #[test]
    fn inverses_agree_with_exact_quantiles() {
        let range = FieldRange {
            min: 0.0,
            max: 1e9,
            hard_max: false,
        };
        let specs = [
            DistSpec::Pert([2.0, 3.0, 9.0]),
            DistSpec::Triangular([1.0, 2.0, 4.0]),
            DistSpec::Uniform([3.0, 5.0]),
            DistSpec::LogNormal([2.0, 30.0]),
            DistSpec::Poisson(3.5),
        ];
        for spec in &specs {
            let dist = Dist::new(spec, range).unwrap();
            let inverse = Inverse::new(&dist);
            for u in (1..100).map(|i| i as f64 / 100.0 - 0.003) {
                let (fast, exact) = (inverse.at(u), dist.quantile(u));
                assert!(
                    (fast - exact).abs() <= 1e-9 * exact.abs().max(1.0),
                    "{spec:?} at {u}: {fast} vs {exact}"
                );
            }
        }
    }
}
