//! Times to restore of one arrangement in one model's iteration: lognormal ones
//! (the usual form) four at a time in vector lanes
//! ([`crate::sample::lognormal::LognormalLanes`]), any other form one draw at a
//! time from the model's event stream.

use rand::Rng;

use crate::sample::dist::{Dist, DrawSums};
use crate::sample::lognormal::LognormalLanes;
use crate::sample::simd::Four;

/// The source of one arrangement's times to restore: lognormal ones from lanes
/// the caller lends (kept from iteration to iteration, so that their reservoir,
/// about 4 KB, is neither cleared nor moved), others one by one.
#[derive(Debug)]
pub enum Restore<'a> {
    /// Lognormal times to restore, drawn four at a time in the lent lanes.
    Lanes(&'a mut LognormalLanes),
    /// Any other form, one draw at a time from the event stream.
    OneByOne {
        /// The distribution of a time to restore, in hours.
        dist: &'a Dist,
        /// Minimum paid hours for floored sums; None when none are asked for.
        floor_hours: Option<f64>,
    },
}

impl<'a> Restore<'a> {
    /// `lanes_seed` seeds the lanes of a lognormal (see `rng::restore_lanes_seed`),
    /// which make draws ahead for the `expected_draws` the caller will sum in all;
    /// `lanes` are reset for it. Floored sums raise every time to restore to
    /// `floor_hours`; none: the caller asks for no floored sums.
    pub fn new(
        dist: &'a Dist,
        floor_hours: Option<f64>,
        lanes_seed: u64,
        expected_draws: u64,
        lanes: &'a mut LognormalLanes,
    ) -> Restore<'a> {
        match dist {
            Dist::LogNormal { mu, sigma } => {
                lanes.reset(*mu, *sigma, floor_hours, lanes_seed, expected_draws);
                Restore::Lanes(lanes)
            }
            other => Restore::OneByOne {
                dist: other,
                floor_hours,
            },
        }
    }

    /// The sum of the next `n` times to restore.
    #[inline]
    pub fn sum<R: Rng>(&mut self, events: &mut R, n: u64) -> f64 {
        match self {
            Restore::Lanes(lanes) => lanes.sums::<false, R>(events, n).sum,
            Restore::OneByOne { dist, .. } => dist.sum_of_draws(events, n),
        }
    }

    /// The sum of the next `first` times to restore, and the sums of the
    /// `second` after them (floored when `FLOORED`), in the order they are
    /// drawn; lognormal ones in the lanes of `S`.
    ///
    /// # Panics
    /// When `FLOORED` and made with no floor: a caller's error.
    #[inline(always)]
    pub(crate) fn two_sums<const FLOORED: bool, S: Four, R: Rng>(
        &mut self,
        s: S,
        events: &mut R,
        first: u64,
        second: u64,
    ) -> (f64, DrawSums) {
        match self {
            Restore::Lanes(lanes) => lanes.two_sums::<FLOORED, S, R>(s, events, first, second),
            Restore::OneByOne { dist, floor_hours } => {
                let first = dist.sum_of_draws(events, first);
                let second = if FLOORED {
                    let floor = floor_hours.expect("floored sums from a restore without a floor");
                    dist.sums_of_draws_with_floor(events, second, floor)
                } else {
                    DrawSums {
                        sum: dist.sum_of_draws(events, second),
                        sum_at_least_floor: 0.0,
                    }
                };
                (first, second)
            }
        }
    }
}
