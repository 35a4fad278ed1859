//! Poisson counts for the engine's per-event draws (incidents of a tier in a
//! month), exact in law and made only of deterministic IEEE-754 arithmetic, opsim's
//! `exp` and the pure-Rust `libm` (`log`, `lgamma`), so counts are the same on every
//! machine.
//!
//! - Mean below [`INVERSION_BELOW`]: inversion by sequential search, one uniform u
//!   and the smallest k with P(X <= k) > u, the probabilities built up by
//!   p(k) = p(k-1) mean / k from p(0) = exp(-mean).
//! - Otherwise: Hörmann's transformed rejection with squeeze, PTRS (Hörmann 1993,
//!   "The transformed rejection method for generating Poisson random variables",
//!   Insurance: Mathematics and Economics 12), two uniforms per proposal, about 86%
//!   of proposals accepted by the squeeze alone, the rest checked against the exact
//!   log-probability.

use rand::{Rng, RngExt};

use super::exp::exp;

/// Means below this are drawn by inversion, at or above it by PTRS (valid for means >= 10).
pub const INVERSION_BELOW: f64 = 10.0;

/// The largest mean a Poisson input may have: its counts must fit in a u64
/// (about 1.8e19, the limit rand_distr's sampler had before this one).
pub const MAX_MEAN: f64 = 1.844e19;

/// A Poisson count with the given mean; 0 for a mean of 0 or below.
#[inline]
pub fn poisson<R: Rng + ?Sized>(rng: &mut R, mean: f64) -> u64 {
    if mean <= 0.0 {
        0
    } else if mean < INVERSION_BELOW {
        by_inversion(rng, mean)
    } else {
        by_transformed_rejection(rng, mean)
    }
}

fn by_inversion<R: Rng + ?Sized>(rng: &mut R, mean: f64) -> u64 {
    let u: f64 = rng.random();
    let mut k = 0;
    let mut probability = exp(-mean);
    let mut cumulative = probability;
    // The probabilities shrink to 0 (underflow), which ends the search even if
    // rounding kept the cumulative sum below u.
    while u >= cumulative && probability > 0.0 {
        k += 1;
        probability *= mean / k as f64;
        cumulative += probability;
    }
    k
}

fn by_transformed_rejection<R: Rng + ?Sized>(rng: &mut R, mean: f64) -> u64 {
    let b = 0.931 + 2.53 * mean.sqrt();
    let a = -0.059 + 0.02483 * b;
    let v_squeeze = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = rng.random::<f64>() - 0.5;
        let v: f64 = rng.random();
        let us = 0.5 - u.abs();
        let k = libm::floor((2.0 * a / us + b) * u + mean + 0.43);
        if us >= 0.07 && v <= v_squeeze {
            return k as u64;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        if accepted_by_the_exact_test(mean, a, b, us, v, k) {
            return k as u64;
        }
    }
}

/// PTRS's exact acceptance test, for the about 14% of proposals the squeeze
/// leaves: its logarithms are computed only here, not for every count.
#[cold]
#[inline(never)]
fn accepted_by_the_exact_test(mean: f64, a: f64, b: f64, us: f64, v: f64, k: f64) -> bool {
    let inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let log_accept = libm::log(v * inverse_alpha / (a / (us * us) + b));
    log_accept <= -mean + k * libm::log(mean) - libm::lgamma(k + 1.0)
}
