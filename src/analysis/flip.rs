//! What would flip the decision: for a driver of a compared model's TCO
//! difference, the value of that input at which the expected difference
//! (compared model minus baseline) crosses zero.
//!
//! The input is held at a value `v` in every sampled iteration while every other
//! input, count and time keeps its own random stream, so `f(v)`, the mean
//! difference over the sample, is a smooth function of `v` with common random
//! numbers: two values are compared on the same futures. The crossing is
//! searched in the input's range (its distribution's minimum and maximum, or its
//! 0.1st and 99.9th percentiles where a side is unbounded): when `f` has the same
//! sign at both ends there is no value in its range that flips the answer.
//! Otherwise the Illinois variant of regula falsi narrows the bracket; it is
//! exact in one step when `f` is linear in `v` (as it is for prices and rates)
//! and stops when the bracket is under 0.1% of the range or after
//! [`MAX_EVALUATIONS`] evaluations. Yes/no inputs (risks) are left out: the
//! levers table gives the effect of removing each risk.

use std::cell::Cell;
use std::sync::atomic::AtomicBool;

use crate::model::Model;
use crate::model::words::Words;
use crate::sample::dist::Dist;

use super::sample::{Scope, columns};

/// At most this many sample runs per input, ends included.
pub const MAX_EVALUATIONS: usize = 8;

/// Inputs searched per compared model: its largest drivers of the TCO difference.
pub const DRIVERS_SEARCHED: usize = 3;

/// Iterations each evaluation simulates, at most: the first of the run's
/// sample. Held values are compared on the same futures, and the default
/// sampling (Sobol) makes the mean of this many precise.
pub const FLIP_ITERATIONS: u64 = 4_096;

/// Bracket width at which the search stops, as a share of the input's range.
const TOLERANCE_SHARE: f64 = 1e-3;

/// A mean difference this small against the larger end's counts as zero: the
/// search stops there (a linear effect is found in one step).
const ZERO_SHARE: f64 = 1e-9;

/// The flip value of one input for one compared model.
#[derive(Debug, Clone, PartialEq)]
pub struct FlipValue {
    /// Index of the compared model.
    pub model: usize,
    /// The input's path.
    pub path: String,
    /// The input in words.
    pub words: Words,
    /// The input's own P10 and P90 as the scenario assumes them.
    pub assumed: (f64, f64),
    /// The range searched: its lowest and highest value.
    pub range: (f64, f64),
    /// The mean TCO difference (compared minus baseline) with the input held at
    /// each end of its range.
    pub difference_at_ends: (f64, f64),
    /// The value at which the mean difference crosses zero; None when it keeps
    /// one sign across the range.
    pub crossing: Option<f64>,
    /// Sample runs made.
    pub evaluations: usize,
}

impl FlipValue {
    /// Whether the compared model is cheaper (difference below zero) on the low
    /// side of the crossing.
    pub fn cheaper_below(&self) -> bool {
        self.difference_at_ends.0 < 0.0
    }
}

/// The range an input's crossing is searched in.
pub fn search_range(dist: &Dist) -> (f64, f64) {
    let (lo, hi) = dist.support();
    let lo = if lo.is_finite() {
        lo
    } else {
        dist.quantile(0.001)
    };
    let hi = if hi.is_finite() {
        hi
    } else {
        dist.quantile(0.999)
    };
    (lo, hi)
}

/// Whether an input can be searched: it varies, over a range of values (not
/// yes/no).
pub fn searchable(dist: &Dist) -> bool {
    let (lo, hi) = search_range(dist);
    !dist.is_constant() && !matches!(dist, Dist::Bernoulli { .. }) && hi > lo
}

/// Searches the crossing of input `input` for compared model `m` on the first
/// `iterations` (at most [`FLIP_ITERATIONS`]) iterations of a run with `seed`; `difference_column` is the
/// record column of m's TCO difference. None when `stop` was set.
pub fn search(
    model: &Model,
    seed: u64,
    iterations: u64,
    m: usize,
    input: usize,
    difference_column: usize,
    stop: &AtomicBool,
) -> Option<FlipValue> {
    let iterations = iterations.min(FLIP_ITERATIONS);
    let range = search_range(&model.inputs[input].dist);
    let evaluations = Cell::new(0);
    let f = |v: f64| -> Option<f64> {
        evaluations.set(evaluations.get() + 1);
        let mut held = model.clone();
        held.inputs[input].dist = Dist::Constant(v);
        let sample = columns(
            &held,
            seed,
            iterations,
            Scope::All,
            &[difference_column],
            stop,
        )?;
        let values = &sample[0];
        Some(values.iter().sum::<f64>() / values.len().max(1) as f64)
    };
    let (mut a, mut b) = range;
    let (mut fa, mut fb) = (f(a)?, f(b)?);
    let ends = (fa, fb);
    let crossing = if fa == 0.0 {
        Some(a)
    } else if fb == 0.0 {
        Some(b)
    } else if fa.signum() == fb.signum() {
        None
    } else {
        let tolerance = (b - a) * TOLERANCE_SHARE;
        // Illinois: regula falsi, halving the weight of an end kept twice.
        let mut kept_side = 0i8;
        let mut best = a - fa * (b - a) / (fb - fa);
        while evaluations.get() < MAX_EVALUATIONS && b - a > tolerance {
            best = (a * fb - b * fa) / (fb - fa);
            let fc = f(best)?;
            if fc.abs() <= ZERO_SHARE * ends.0.abs().max(ends.1.abs()) {
                break;
            }
            if fc.signum() == fa.signum() {
                a = best;
                fa = fc;
                if kept_side == 1 {
                    fb /= 2.0;
                }
                kept_side = 1;
            } else {
                b = best;
                fb = fc;
                if kept_side == -1 {
                    fa /= 2.0;
                }
                kept_side = -1;
            }
        }
        Some(best)
    };
    Some(FlipValue {
        model: m,
        path: model.inputs[input].path.clone(),
        words: model.words(&model.inputs[input].path),
        assumed: (
            model.inputs[input].dist.quantile(0.1),
            model.inputs[input].dist.quantile(0.9),
        ),
        range,
        difference_at_ends: ends,
        crossing,
        evaluations: evaluations.get(),
    })
}
