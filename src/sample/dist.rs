//! Uncertain quantities: the distribution forms of docs/scenario.md as written in a
//! scenario file (`DistSpec`), their validating constructor, and the validated
//! `Dist` that the engine samples without re-checking.
//!
//! Formulas (cited once here, tested in `tests/`):
//! - Beta-PERT, lambda 4: alpha = 1 + 4(mode-min)/(max-min), beta = 1 + 4(max-mode)/(max-min),
//!   value = min + (max-min) X/(X+Y) with X ~ Gamma(alpha), Y ~ Gamma(beta) (the gamma-ratio
//!   construction of a Beta variate; gammas by Marsaglia and Tsang's method with
//!   opsim's ziggurat normal); mean (min + 4 mode + max)/6.
//! - lognormal [p5, p95]: mu = (ln p5 + ln p95)/2, sigma = (ln p95 - ln p5)/(2 x 1.6448536).
//! - Normal and lognormal draws use opsim's own ziggurat ([`super::normal`]) and
//!   `exp` ([`super::exp`], within 1 ulp); other `exp`/`log` calls use the pure-Rust
//!   `libm` crate, never the platform's C library, so those draws are bit-identical
//!   on every machine.
//! - Quantiles are exact (inverse CDF, Hyndman-Fan type 1 for discrete forms): `validate`
//!   prints them so an analyst sees what a distribution implies before running.

use rand::{Rng, RngExt};

use super::exp::exp;
use super::normal::standard_normal;

use super::special::{beta_cdf, normal_cdf, normal_quantile, solve_increasing};

/// z such that P(Z <= z) = 0.95 for a standard normal: the 90% interval's half-width.
pub const Z_95: f64 = 1.6448536;

/// How far (in standard deviations) a normal's mean must sit inside its field's range
/// for the normal to be accepted; the clamped tail has probability below 3e-7.
pub const NORMAL_SIGMAS_INSIDE: f64 = 5.0;

/// The values a field may take: at least `min`; at most `max`, either for every
/// draw (`hard_max`, e.g. a probability) or as a limit on the mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldRange {
    /// Smallest value allowed.
    pub min: f64,
    /// Largest value allowed: for every draw when `hard_max`, else for the mean.
    pub max: f64,
    /// Whether `max` binds every draw (fractions) rather than only the mean.
    pub hard_max: bool,
}

/// A distribution as written in the scenario file, before validation.
#[derive(Debug, Clone, PartialEq)]
pub enum DistSpec {
    /// `4` or `{ constant = 4 }`: always this value.
    Constant(f64),
    /// `[min, mode, max]` or `{ pert = [...] }`: Beta-PERT with lambda 4.
    Pert([f64; 3]),
    /// `{ triangular = [min, mode, max] }`.
    Triangular([f64; 3]),
    /// `{ uniform = [min, max] }`.
    Uniform([f64; 2]),
    /// `{ normal = [mean, sd] }`, clamped to the field's range.
    Normal([f64; 2]),
    /// `{ lognormal = [p5, p95] }`: the 5th and 95th percentiles.
    LogNormal([f64; 2]),
    /// `{ poisson = mean }`: whole-number draws.
    Poisson(f64),
    /// `{ bernoulli = p }`: draws 0 or 1.
    Bernoulli(f64),
    /// `{ discrete = [[value, weight], ...] }`; weights are relative.
    Discrete(Vec<[f64; 2]>),
}

/// Why a `DistSpec` is invalid, with the fix in words an analyst understands.
#[derive(Debug, Clone, PartialEq)]
pub struct DistError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

fn err(message: impl Into<String>, help: impl Into<String>) -> DistError {
    DistError {
        message: message.into(),
        help: help.into(),
    }
}

/// A validated distribution, ready to sample. Built only by [`Dist::new`].
#[derive(Debug, Clone)]
pub enum Dist {
    /// Always this value.
    Constant(f64),
    /// Beta-PERT on `[min, max]`.
    Pert(Pert),
    /// Triangular on `[min, max]` with its peak at `mode`, sampled by inverse CDF.
    Triangular {
        /// Lower end.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        max: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower end.
        min: f64,
        /// Upper end.
        max: f64,
    },
    /// Normal, each draw clamped to `[lo, hi]` (the field's range).
    Normal {
        /// Mean before clamping.
        mean: f64,
        /// Standard deviation before clamping.
        sd: f64,
        /// Lower clamp: the field's minimum.
        lo: f64,
        /// Upper clamp: the field's maximum (1 for fractions, infinity otherwise).
        hi: f64,
    },
    /// exp(mu + sigma Z) with Z standard normal.
    LogNormal {
        /// Mean of the logarithm.
        mu: f64,
        /// Standard deviation of the logarithm.
        sigma: f64,
    },
    /// Poisson count.
    Poisson {
        /// Mean count.
        mean: f64,
    },
    /// 0 or 1.
    Bernoulli {
        /// Probability of 1.
        p: f64,
    },
    /// One of `values`, with probability proportional to its weight.
    Discrete {
        /// The values, in the file's order.
        values: Box<[f64]>,
        /// Running totals of the weights (not normalised); the last is the total.
        cumulative_weights: Box<[f64]>,
    },
}

/// Sums of draws: of the values, and of the values raised to a floor
/// (e.g. a minimum number of paid hours).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DrawSums {
    /// Sum of the draws.
    pub sum: f64,
    /// Sum of the draws, each raised to at least the floor.
    pub sum_at_least_floor: f64,
}

impl DrawSums {
    #[inline(always)]
    fn add(&mut self, value: f64, floor: f64) {
        self.sum += value;
        self.sum_at_least_floor += raise(value, floor);
    }
}

/// `draw` raised to `floor`. Draws are never NaN: a plain comparison, cheaper
/// than `f64::max`.
#[inline(always)]
pub(crate) fn raise(draw: f64, floor: f64) -> f64 {
    if draw < floor { floor } else { draw }
}

/// Beta-PERT as a scaled ratio of two gamma variates.
#[derive(Debug, Clone)]
pub struct Pert {
    /// Lower end.
    pub min: f64,
    /// Most likely value.
    pub mode: f64,
    /// Upper end.
    pub max: f64,
    alpha: f64,
    beta: f64,
    gamma_alpha: GammaAtLeastOne,
    gamma_beta: GammaAtLeastOne,
}

impl Pert {
    fn new(min: f64, mode: f64, max: f64) -> Pert {
        let range = max - min;
        let alpha = 1.0 + 4.0 * (mode - min) / range;
        let beta = 1.0 + 4.0 * (max - mode) / range;
        Pert {
            min,
            mode,
            max,
            alpha,
            beta,
            gamma_alpha: GammaAtLeastOne::new(alpha),
            gamma_beta: GammaAtLeastOne::new(beta),
        }
    }

    /// The Beta shape parameters (alpha, beta) of the PERT.
    pub fn shape(&self) -> (f64, f64) {
        (self.alpha, self.beta)
    }

    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = self.gamma_alpha.sample(rng);
        let y = self.gamma_beta.sample(rng);
        self.min + (self.max - self.min) * (x / (x + y))
    }
}

/// Gamma(shape, 1) for shape >= 1 (PERT's alpha and beta always are), by the
/// method of Marsaglia and Tsang (2000), exact in law: d = shape - 1/3,
/// c = 1/sqrt(9d); with z standard normal and v = (1 + cz)^3 > 0, accept d v when
/// a uniform u < 1 - 0.0331 z^4 (a cheap inner bound) or ln u < z^2/2 + d(1 - v + ln v).
/// About 98% of proposals are accepted for shapes >= 1.
#[derive(Debug, Clone)]
pub struct GammaAtLeastOne {
    d: f64,
    c: f64,
}

impl GammaAtLeastOne {
    /// Sampler for Gamma(`shape`, 1); panics if `shape` < 1.
    pub fn new(shape: f64) -> GammaAtLeastOne {
        assert!(shape >= 1.0, "shape {shape} < 1");
        let d = shape - 1.0 / 3.0;
        GammaAtLeastOne {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
        }
    }

    /// One Gamma(shape, 1) draw.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        loop {
            let z = standard_normal(rng);
            let cube_root = 1.0 + self.c * z;
            if cube_root <= 0.0 {
                continue;
            }
            let v = cube_root * cube_root * cube_root;
            let u: f64 = rng.random();
            let z2 = z * z;
            if u < 1.0 - 0.0331 * z2 * z2 {
                return self.d * v;
            }
            if libm::log(u) < 0.5 * z2 + self.d * (1.0 - v + libm::log(v)) {
                return self.d * v;
            }
        }
    }
}

impl Dist {
    /// Validates a written distribution for a field whose values lie in `range`.
    /// The support must start at or above `range.min`. When `range.hard_max` is set
    /// (fractions) the support must also end at or below `range.max`; otherwise
    /// `range.max` is a sanity limit on the distribution's mean (absurd values).
    pub fn new(spec: &DistSpec, range: FieldRange) -> Result<Dist, DistError> {
        let bounds = (
            range.min,
            if range.hard_max {
                range.max
            } else {
                f64::INFINITY
            },
        );
        let dist = Self::new_unbounded(spec, bounds)?;
        check_support(spec, &dist, bounds)?;
        if dist.mean().is_nan() || dist.mean() > range.max {
            let what = if dist.is_constant() {
                show(dist.mean())
            } else {
                format!("a mean of {}", show(dist.mean()))
            };
            return Err(err(
                format!("{what} is beyond this field's limit of {}", show(range.max)),
                "check the unit and the number of digits (docs/scenario.md lists every field's range)",
            ));
        }
        Ok(dist)
    }

    fn new_unbounded(spec: &DistSpec, range: (f64, f64)) -> Result<Dist, DistError> {
        match spec {
            DistSpec::Constant(c) => finite(&[*c]).map(|_| Dist::Constant(*c)),
            DistSpec::Pert([min, mode, max]) => {
                three_point("pert", *min, *mode, *max)?;
                Ok(if min == max {
                    Dist::Constant(*min)
                } else {
                    Dist::Pert(Pert::new(*min, *mode, *max))
                })
            }
            DistSpec::Triangular([min, mode, max]) => {
                three_point("triangular", *min, *mode, *max)?;
                Ok(if min == max {
                    Dist::Constant(*min)
                } else {
                    Dist::Triangular {
                        min: *min,
                        mode: *mode,
                        max: *max,
                    }
                })
            }
            DistSpec::Uniform([min, max]) => {
                finite(&[*min, *max])?;
                if min > max {
                    return Err(err(
                        format!("uniform needs min <= max, got [{min}, {max}]"),
                        format!("swap the bounds: {{ uniform = [{max}, {min}] }}"),
                    ));
                }
                Ok(Dist::Uniform {
                    min: *min,
                    max: *max,
                })
            }
            DistSpec::Normal([mean, sd]) => normal(*mean, *sd, range),
            DistSpec::LogNormal([p5, p95]) => lognormal(*p5, *p95),
            DistSpec::Poisson(mean) => {
                finite(&[*mean])?;
                if *mean < 0.0 {
                    return Err(err(
                        format!("poisson needs a mean >= 0, got {mean}"),
                        "give the expected count, e.g. { poisson = 3 }",
                    ));
                }
                if *mean >= super::poisson::MAX_MEAN {
                    return Err(err(
                        format!("poisson mean {} is too large to draw from", show(*mean)),
                        "check the unit and the number of digits (docs/scenario.md lists every field's range)",
                    ));
                }
                Ok(Dist::Poisson { mean: *mean })
            }
            DistSpec::Bernoulli(p) => {
                finite(&[*p])?;
                if !(0.0..=1.0).contains(p) {
                    return Err(err(
                        format!("bernoulli needs a probability p in [0, 1], got {p}"),
                        "write the probability as a fraction, e.g. { bernoulli = 0.3 } for 30%",
                    ));
                }
                Ok(Dist::Bernoulli { p: *p })
            }
            DistSpec::Discrete(pairs) => discrete(pairs),
        }
    }

    /// Draws one value. Never fails: all checks were done by [`Dist::new`].
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Constant(c) => *c,
            Dist::Pert(p) => p.sample(rng),
            Dist::Triangular { min, mode, max } => {
                triangular_inverse(*min, *mode, *max, rng.random())
            }
            Dist::Uniform { min, max } => min + (max - min) * rng.random::<f64>(),
            Dist::Normal { mean, sd, lo, hi } => (mean + sd * standard_normal(rng)).clamp(*lo, *hi),
            Dist::LogNormal { mu, sigma } => exp(mu + sigma * standard_normal(rng)),
            Dist::Poisson { mean } => super::poisson::poisson(rng, *mean) as f64,
            Dist::Bernoulli { p } => f64::from(u8::from(rng.random::<f64>() < *p)),
            Dist::Discrete {
                values,
                cumulative_weights,
            } => {
                let total = cumulative_weights[cumulative_weights.len() - 1];
                let u = rng.random::<f64>() * total;
                let i = cumulative_weights.partition_point(|&c| c <= u);
                values[i.min(values.len() - 1)]
            }
        }
    }

    /// The sum of `n` draws: those of `n` calls of [`Dist::sample`], in order.
    /// (The engine draws lognormal times to restore in vector lanes instead:
    /// [`super::lognormal`].)
    pub fn sum_of_draws<R: Rng + ?Sized>(&self, rng: &mut R, n: u64) -> f64 {
        (0..n).fold(0.0, |sum, _| sum + self.sample(rng))
    }

    /// Like [`Dist::sum_of_draws`], also summing each draw raised to `floor`.
    pub fn sums_of_draws_with_floor<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        n: u64,
        floor: f64,
    ) -> DrawSums {
        let mut sums = DrawSums::default();
        for _ in 0..n {
            sums.add(self.sample(rng), floor);
        }
        sums
    }

    /// The distribution in the file's notation, e.g. `pert [4, 8, 20]`.
    pub fn describe(&self) -> String {
        let g = |v: f64| format!("{}", (v * 1e6).round() / 1e6);
        match self {
            Dist::Constant(c) => g(*c),
            Dist::Pert(p) => format!("pert [{}, {}, {}]", g(p.min), g(p.mode), g(p.max)),
            Dist::Triangular { min, mode, max } => {
                format!("triangular [{}, {}, {}]", g(*min), g(*mode), g(*max))
            }
            Dist::Uniform { min, max } => format!("uniform [{}, {}]", g(*min), g(*max)),
            Dist::Normal { mean, sd, .. } => format!("normal [{}, {}]", g(*mean), g(*sd)),
            Dist::LogNormal { mu, sigma } => format!(
                "lognormal [{}, {}]",
                g((mu - Z_95 * sigma).exp()),
                g((mu + Z_95 * sigma).exp())
            ),
            Dist::Poisson { mean, .. } => format!("poisson {}", g(*mean)),
            Dist::Bernoulli { p } => format!("bernoulli {}", g(*p)),
            Dist::Discrete { values, .. } => format!("discrete ({} values)", values.len()),
        }
    }

    /// The probability of a discrete law's `i`th value in the file's order (0 for other laws).
    pub fn probability_of(&self, i: usize) -> f64 {
        match self {
            Dist::Discrete {
                cumulative_weights, ..
            } => {
                let total = cumulative_weights[cumulative_weights.len() - 1];
                discrete_weights(cumulative_weights).nth(i).unwrap_or(0.0) / total
            }
            _ => 0.0,
        }
    }

    /// True when every draw is the same number.
    pub fn is_constant(&self) -> bool {
        matches!(self, Dist::Constant(_))
    }

    /// The smallest and largest value a draw can take (infinite where unbounded).
    pub fn support(&self) -> (f64, f64) {
        match self {
            Dist::Constant(c) => (*c, *c),
            Dist::Pert(p) => (p.min, p.max),
            Dist::Triangular { min, max, .. } | Dist::Uniform { min, max } => (*min, *max),
            Dist::Normal { lo, hi, .. } => (*lo, *hi),
            Dist::LogNormal { .. } => (0.0, f64::INFINITY),
            Dist::Poisson { mean, .. } => (0.0, if *mean == 0.0 { 0.0 } else { f64::INFINITY }),
            Dist::Bernoulli { p } => (
                if *p == 1.0 { 1.0 } else { 0.0 },
                if *p == 0.0 { 0.0 } else { 1.0 },
            ),
            Dist::Discrete { values, .. } => values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                    (lo.min(*v), hi.max(*v))
                }),
        }
    }

    /// Exact mean.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Constant(c) => *c,
            Dist::Pert(p) => (p.min + 4.0 * p.mode + p.max) / 6.0,
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Uniform { min, max } => (min + max) / 2.0,
            Dist::Normal { mean, .. } => *mean,
            Dist::LogNormal { mu, sigma } => libm::exp(mu + sigma * sigma / 2.0),
            Dist::Poisson { mean, .. } => *mean,
            Dist::Bernoulli { p } => *p,
            Dist::Discrete {
                values,
                cumulative_weights,
            } => {
                let total = cumulative_weights[cumulative_weights.len() - 1];
                discrete_weights(cumulative_weights)
                    .zip(values.iter())
                    .map(|(w, v)| w * v)
                    .sum::<f64>()
                    / total
            }
        }
    }

    /// Exact variance.
    pub fn variance(&self) -> f64 {
        match self {
            Dist::Constant(_) => 0.0,
            Dist::Pert(p) => {
                let mean = self.mean();
                (mean - p.min) * (p.max - mean) / 7.0
            }
            Dist::Triangular {
                min: a,
                mode: c,
                max: b,
            } => (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0,
            Dist::Uniform { min, max } => (max - min).powi(2) / 12.0,
            Dist::Normal { sd, .. } => sd * sd,
            Dist::LogNormal { mu, sigma } => {
                let s2 = sigma * sigma;
                (s2.exp() - 1.0) * (2.0 * mu + s2).exp()
            }
            Dist::Poisson { mean, .. } => *mean,
            Dist::Bernoulli { p } => p * (1.0 - p),
            Dist::Discrete {
                values,
                cumulative_weights,
            } => {
                let total = cumulative_weights[cumulative_weights.len() - 1];
                let mean = self.mean();
                discrete_weights(cumulative_weights)
                    .zip(values.iter())
                    .map(|(w, v)| w * (v - mean).powi(2))
                    .sum::<f64>()
                    / total
            }
        }
    }

    /// Exact quantile: the smallest x with P(X <= x) >= q, for q in (0, 1).
    pub fn quantile(&self, q: f64) -> f64 {
        match self {
            Dist::Constant(c) => *c,
            Dist::Pert(p) => {
                let (a, b) = (p.alpha, p.beta);
                let x = solve_increasing(|x| beta_cdf(x, a, b), q, 0.0, 1.0);
                p.min + (p.max - p.min) * x
            }
            Dist::Triangular { min, mode, max } => triangular_inverse(*min, *mode, *max, q),
            Dist::Uniform { min, max } => min + (max - min) * q,
            Dist::Normal { mean, sd, lo, hi } => (mean + sd * normal_quantile(q)).clamp(*lo, *hi),
            Dist::LogNormal { mu, sigma } => (mu + sigma * normal_quantile(q)).exp(),
            Dist::Poisson { mean, .. } => poisson_quantile(*mean, q),
            Dist::Bernoulli { p } => f64::from(u8::from(q > 1.0 - p)),
            Dist::Discrete {
                values,
                cumulative_weights,
            } => {
                let total = cumulative_weights[cumulative_weights.len() - 1];
                let mut order: Vec<usize> = (0..values.len()).collect();
                order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
                let weights: Vec<f64> = discrete_weights(cumulative_weights).collect();
                let mut acc = 0.0;
                for &i in &order {
                    acc += weights[i] / total;
                    if acc >= q - 1e-12 {
                        return values[i];
                    }
                }
                values[order[order.len() - 1]]
            }
        }
    }

    /// P(X <= x): used by tests to check samplers against the law.
    pub fn cdf(&self, x: f64) -> f64 {
        match self {
            Dist::Constant(c) => f64::from(u8::from(x >= *c)),
            Dist::Pert(p) => beta_cdf(
                ((x - p.min) / (p.max - p.min)).clamp(0.0, 1.0),
                p.alpha,
                p.beta,
            ),
            Dist::Triangular { min, mode, max } => triangular_cdf(*min, *mode, *max, x),
            Dist::Uniform { min, max } => ((x - min) / (max - min)).clamp(0.0, 1.0),
            Dist::Normal { mean, sd, .. } => normal_cdf((x - mean) / sd),
            Dist::LogNormal { mu, sigma } if x > 0.0 => normal_cdf((x.ln() - mu) / sigma),
            Dist::LogNormal { .. } => 0.0,
            Dist::Poisson { .. } | Dist::Bernoulli { .. } | Dist::Discrete { .. } => {
                // Discrete laws: a step function, evaluated through the quantile.
                let mut lo = 0.0;
                let mut hi = 1.0;
                for _ in 0..60 {
                    let mid = (lo + hi) / 2.0;
                    if self.quantile(mid) <= x {
                        lo = mid
                    } else {
                        hi = mid
                    }
                }
                lo
            }
        }
    }
}

fn discrete_weights(cumulative: &[f64]) -> impl Iterator<Item = f64> + '_ {
    cumulative.iter().scan(0.0, |prev, &c| {
        let w = c - *prev;
        *prev = c;
        Some(w)
    })
}

fn finite(values: &[f64]) -> Result<(), DistError> {
    match values.iter().find(|v| !v.is_finite()) {
        None => Ok(()),
        Some(bad) => Err(err(
            format!("`{}` is not a finite number", toml_spelling(*bad)),
            "nan and inf are not allowed here: write a finite number",
        )),
    }
}

/// How TOML spells a number that is not finite (`nan`, `inf`, `-inf`).
pub fn toml_spelling(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        v.to_string()
    }
}

/// A number as shown in messages: plain, or in e-notation when very large or small.
pub fn show(v: f64) -> String {
    let a = v.abs();
    if a.is_finite() && a != 0.0 && !(1e-4..1e9).contains(&a) {
        let e = format!("{v:.2e}");
        let (mantissa, exponent) = e.split_once('e').unwrap_or((&e, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        format!("{mantissa}e{exponent}")
    } else {
        v.to_string()
    }
}

fn three_point(form: &str, min: f64, mode: f64, max: f64) -> Result<(), DistError> {
    finite(&[min, mode, max])?;
    if min <= mode && mode <= max {
        if !(max - min).is_finite() {
            return Err(err(
                format!(
                    "{form} [{}, {}, {}] spans more than the largest number",
                    show(min),
                    show(mode),
                    show(max)
                ),
                "check the unit and the number of digits (docs/scenario.md lists every field's range)",
            ));
        }
        return Ok(());
    }
    let mut sorted = [min, mode, max];
    sorted.sort_by(f64::total_cmp);
    Err(err(
        format!("{form} needs min <= mode <= max, got [{min}, {mode}, {max}]"),
        format!(
            "order the three values as [min, most likely, max], e.g. {{ {form} = [{}, {}, {}] }}",
            sorted[0], sorted[1], sorted[2]
        ),
    ))
}

fn normal(mean: f64, sd: f64, range: (f64, f64)) -> Result<Dist, DistError> {
    finite(&[mean, sd])?;
    if sd <= 0.0 {
        return Err(err(
            format!("normal needs a standard deviation > 0, got {sd}"),
            format!("give a positive spread, or write the constant {mean}"),
        ));
    }
    let (lo, hi) = range;
    let margin = NORMAL_SIGMAS_INSIDE * sd;
    let outside = if mean - margin < lo {
        Some(format!(
            "fall below {lo}, which this field does not allow: its mean must be at least {NORMAL_SIGMAS_INSIDE} standard deviations ({}) above {lo}",
            show(margin)
        ))
    } else if mean + margin > hi {
        Some(format!(
            "rise above {hi}, which this field does not allow: its mean must be at least {NORMAL_SIGMAS_INSIDE} standard deviations ({}) below {hi}",
            show(margin)
        ))
    } else {
        None
    };
    if let Some(outside) = outside {
        return Err(err(
            format!("normal [{mean}, {sd}] can {outside}"),
            "use a bounded form such as { pert = [min, mode, max] }, or { lognormal = [p5, p95] } for a positive quantity",
        ));
    }
    Ok(Dist::Normal { mean, sd, lo, hi })
}

fn lognormal(p5: f64, p95: f64) -> Result<Dist, DistError> {
    finite(&[p5, p95])?;
    if p5 <= 0.0 || p95 <= 0.0 {
        return Err(err(
            format!("lognormal needs positive bounds, got [{p5}, {p95}]"),
            "give the 90% interval of a quantity that is always above 0, e.g. { lognormal = [1, 16] }; for one that can be 0 use { pert = [min, mode, max] }",
        ));
    }
    if p5 >= p95 {
        return Err(err(
            format!("lognormal [p5, p95] needs p5 < p95, got [{p5}, {p95}]"),
            if p5 == p95 {
                format!("for a fixed value write the constant {p5}")
            } else {
                format!("swap them: {{ lognormal = [{p95}, {p5}] }}")
            },
        ));
    }
    let mu = (libm::log(p5) + libm::log(p95)) / 2.0;
    let sigma = (libm::log(p95) - libm::log(p5)) / (2.0 * Z_95);
    Ok(Dist::LogNormal { mu, sigma })
}

fn discrete(pairs: &[[f64; 2]]) -> Result<Dist, DistError> {
    if pairs.is_empty() {
        return Err(err(
            "discrete needs at least one [value, weight] pair",
            "list [value, weight] pairs, e.g. { discrete = [[1, 0.7], [2, 0.3]] }",
        ));
    }
    let mut cumulative = Vec::with_capacity(pairs.len());
    let mut total = 0.0;
    for [value, weight] in pairs {
        finite(&[*value, *weight])?;
        if *weight < 0.0 {
            return Err(err(
                format!("discrete weights must be >= 0, got {weight} for value {value}"),
                "weights are relative likelihoods; use 0 to exclude a value",
            ));
        }
        total += weight;
        cumulative.push(total);
    }
    if total <= 0.0 {
        return Err(err(
            "discrete weights add up to 0",
            "give at least one value a positive weight",
        ));
    }
    if !total.is_finite() {
        return Err(err(
            "discrete weights add up to more than the largest number",
            "weights are relative: divide them all by the same number, e.g. { discrete = [[1, 0.7], [2, 0.3]] }",
        ));
    }
    Ok(Dist::Discrete {
        values: pairs.iter().map(|p| p[0]).collect(),
        cumulative_weights: cumulative.into_boxed_slice(),
    })
}

fn check_support(spec: &DistSpec, dist: &Dist, range: (f64, f64)) -> Result<(), DistError> {
    if matches!(spec, DistSpec::Normal(_)) {
        return Ok(()); // checked (and clamped) by `normal`
    }
    let (lo, hi) = dist.support();
    let (min, max) = range;
    if lo >= min && hi <= max {
        return Ok(());
    }
    let fraction = min == 0.0 && max == 1.0;
    let bounds = if max.is_infinite() {
        format!("it must be at least {min}")
    } else {
        format!("it must be between {min} and {max}")
    };
    let message = match spec {
        DistSpec::Constant(c) => format!("{} is out of range: {bounds}", show(*c)),
        _ if lo < min => format!(
            "the distribution reaches down to {}, out of range: {bounds}",
            show(lo)
        ),
        _ if hi.is_infinite() => {
            format!("the distribution has no upper bound, out of range: {bounds}")
        }
        _ => format!(
            "the distribution reaches up to {}, out of range: {bounds}",
            show(hi)
        ),
    };
    let help = match (fraction, spec) {
        (true, DistSpec::Constant(_)) => {
            "write a fraction between 0 and 1 (e.g. 0.35 for 35%)".to_string()
        }
        (true, _) if hi.is_infinite() => {
            "use a form bounded by 0 and 1, e.g. { pert = [0.2, 0.35, 0.5] }".to_string()
        }
        (true, _) => "keep every value between 0 and 1 (e.g. 0.35 for 35%)".to_string(),
        (false, DistSpec::Constant(_)) => format!("write a number of {min} or more"),
        (false, _) => format!("keep every value at {min} or more"),
    };
    Err(err(message, help))
}

pub(crate) fn triangular_inverse(min: f64, mode: f64, max: f64, u: f64) -> f64 {
    let range = max - min;
    let split = (mode - min) / range;
    if u < split {
        min + (u * range * (mode - min)).sqrt()
    } else {
        max - ((1.0 - u) * range * (max - mode)).sqrt()
    }
}

fn triangular_cdf(min: f64, mode: f64, max: f64, x: f64) -> f64 {
    if x <= min {
        0.0
    } else if x >= max {
        1.0
    } else if x <= mode {
        (x - min).powi(2) / ((max - min) * (mode - min))
    } else {
        1.0 - (max - x).powi(2) / ((max - min) * (max - mode))
    }
}

pub(crate) fn poisson_quantile(mean: f64, q: f64) -> f64 {
    if mean == 0.0 {
        return 0.0;
    }
    let mut k = 0.0_f64;
    let mut pmf = libm::exp(-mean);
    let mut cdf = pmf;
    // For large means exp(-mean) underflows: start from the normal approximation's
    // neighbourhood via logs instead.
    if pmf == 0.0 {
        let start = (mean - 10.0 * mean.sqrt()).floor().max(0.0);
        k = start;
        pmf = libm::exp(k * libm::log(mean) - mean - libm::lgamma(k + 1.0));
        cdf = 0.0;
        let mut j = k;
        let mut p = pmf;
        while j > 0.0 && p > 1e-300 {
            cdf += p;
            p *= j / mean;
            j -= 1.0;
        }
    }
    while cdf < q - 1e-12 {
        k += 1.0;
        pmf *= mean / k;
        cdf += pmf;
    }
    k
}
