//! Joint confidence of a compared model's setup: the probability that it is both
//! ready by a date and within a budget, as schedule-cost risk analysis states it
//! (the joint confidence level). Counted on the run's sampled iterations.
//!
//! - `at_each_p80`: the share of iterations ready by the P80 of readiness *and*
//!   within the P80 of setup cost. It is below 80% unless the two move together.
//! - `together`: the date and budget that reach [`JOINT_TARGET`] together. They
//!   are the same quantile q of each (readiness at its q-quantile, setup cost at
//!   its q-quantile), with the smallest q whose joint share reaches the target,
//!   found by bisection on q to 1e-4. Quantiles here are of the sample: the
//!   value at rank ceil(q n) of the sorted values.

/// The joint probability the dates and budgets are chosen to reach.
pub const JOINT_TARGET: f64 = 0.8;

/// Joint confidence of one compared model.
#[derive(Debug, Clone, PartialEq)]
pub struct JointConfidence {
    /// Index of the compared model.
    pub model: usize,
    /// Readiness (all capabilities) at its own P80, weeks.
    pub p80_weeks: f64,
    /// Setup cost at its own P80.
    pub p80_setup_cost: f64,
    /// Share of iterations within both P80s.
    pub at_each_p80: f64,
    /// The quantile of each that reaches the target together.
    pub together_quantile: f64,
    /// The date (weeks from the start) that reaches the target together.
    pub together_weeks: f64,
    /// The budget (setup cost) that reaches the target together.
    pub together_setup_cost: f64,
    /// The share of iterations within both (at least the target).
    pub together_share: f64,
    /// (readiness weeks, setup cost) of every k-th sampled iteration, at most
    /// [`JOINT_POINTS`] of them, for the joint confidence chart.
    pub points: Vec<(f64, f64)>,
}

/// Most iterations the joint confidence chart draws.
pub const JOINT_POINTS: usize = 2_000;

/// The value at rank ceil(q n) (1-based) of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    sorted[rank - 1]
}

/// The share of iterations with readiness at most `weeks` and setup cost at
/// most `cost`.
pub fn share_within(readiness: &[f64], setup: &[f64], weeks: f64, cost: f64) -> f64 {
    let within = readiness
        .iter()
        .zip(setup)
        .filter(|&(&r, &s)| r <= weeks && s <= cost)
        .count();
    within as f64 / readiness.len().max(1) as f64
}

/// Joint confidence from each sampled iteration's readiness (weeks) and setup
/// cost; None when the sample is empty.
pub fn joint(model: usize, readiness: &[f64], setup: &[f64]) -> Option<JointConfidence> {
    if readiness.is_empty() || readiness.len() != setup.len() {
        return None;
    }
    let mut r = readiness.to_vec();
    let mut s = setup.to_vec();
    r.sort_by(f64::total_cmp);
    s.sort_by(f64::total_cmp);
    let at = |q: f64| (quantile(&r, q), quantile(&s, q));
    let share_at = |q: f64| {
        let (weeks, cost) = at(q);
        share_within(readiness, setup, weeks, cost)
    };
    let (p80_weeks, p80_setup_cost) = at(JOINT_TARGET);
    // The share is non-decreasing in q and 1 at q = 1: bisect for the smallest
    // q that reaches the target.
    let (mut lo, mut hi) = (JOINT_TARGET, 1.0);
    if share_at(lo) >= JOINT_TARGET {
        hi = lo;
    }
    while hi - lo > 1e-4 {
        let mid = 0.5 * (lo + hi);
        if share_at(mid) >= JOINT_TARGET {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let (together_weeks, together_setup_cost) = at(hi);
    Some(JointConfidence {
        model,
        p80_weeks,
        p80_setup_cost,
        at_each_p80: share_at(JOINT_TARGET),
        together_quantile: hi,
        together_weeks,
        together_setup_cost,
        together_share: share_at(hi),
        points: readiness
            .iter()
            .zip(setup)
            .step_by(readiness.len().div_ceil(JOINT_POINTS).max(1))
            .map(|(&r, &c)| (r, c))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfectly_dependent_outputs_reach_the_target_at_their_own_p80() {
        let readiness: Vec<f64> = (1..=1000).map(f64::from).collect();
        let setup: Vec<f64> = readiness.iter().map(|w| 100.0 * w).collect();
        let j = joint(1, &readiness, &setup).unwrap();
        assert_eq!(j.p80_weeks, 800.0);
        assert_eq!(j.at_each_p80, 0.8);
        assert!((j.together_quantile - 0.8).abs() < 1e-4);
    }

    #[test]
    fn independent_outputs_need_about_the_square_root() {
        // A 100 x 100 grid of (readiness, cost) pairs is independent exactly:
        // within both q-quantiles holds q^2 of it, so 80% together needs q = 0.9
        // (the 90th of 100 values reaches 0.81).
        let mut readiness = Vec::new();
        let mut setup = Vec::new();
        for i in 1..=100 {
            for j in 1..=100 {
                readiness.push(f64::from(i));
                setup.push(f64::from(j));
            }
        }
        let j = joint(1, &readiness, &setup).unwrap();
        assert!((j.at_each_p80 - 0.64).abs() < 1e-12);
        assert_eq!(j.together_weeks, 90.0);
        assert_eq!(j.together_setup_cost, 90.0);
        assert!((j.together_share - 0.81).abs() < 1e-12);
        assert!(j.together_share >= JOINT_TARGET);
        assert!(share_within(&readiness, &setup, 89.0, 89.0) < JOINT_TARGET);
    }
}
