//! Times to restore of one arrangement in one model's iteration: lognormal ones
//! (the usual form) four at a time in vector lanes
//! ([`crate::scenario::lognormal::LognormalLanes`]), any other form one draw at a
//! time from the model's event stream.

use rand::Rng;

use crate::scenario::dist::{Dist, DrawSums};
use crate::scenario::lognormal::LognormalLanes;

/// The source of one arrangement's times to restore. The lanes' reservoir makes
/// the enum large (about 1 KB); it lives on the stack of one model's iteration,
/// where boxing it would allocate in the hot path.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Restore<'m> {
    Lanes(LognormalLanes),
    OneByOne(&'m Dist),
}

impl<'m> Restore<'m> {
    /// `lanes_seed` seeds the lanes of a lognormal (see `rng::restore_lanes_seed`),
    /// which make draws ahead for the `expected_draws` the caller will sum in all.
    pub fn new(dist: &'m Dist, lanes_seed: u64, expected_draws: u64) -> Restore<'m> {
        match dist {
            Dist::LogNormal { mu, sigma } => {
                Restore::Lanes(LognormalLanes::new(*mu, *sigma, lanes_seed, expected_draws))
            }
            other => Restore::OneByOne(other),
        }
    }

    /// The sum of the next `n` times to restore.
    #[inline]
    pub fn sum<R: Rng>(&mut self, events: &mut R, n: u64) -> f64 {
        match self {
            Restore::Lanes(lanes) => lanes.sums::<false, R>(events, n, 0.0).sum,
            Restore::OneByOne(dist) => dist.sum_of_draws(events, n),
        }
    }

    /// The sum of the next `n` times to restore, and of each raised to `floor`.
    #[inline]
    pub fn sums_with_floor<R: Rng>(&mut self, events: &mut R, n: u64, floor: f64) -> DrawSums {
        match self {
            Restore::Lanes(lanes) => lanes.sums::<true, R>(events, n, floor),
            Restore::OneByOne(dist) => dist.sums_of_draws_with_floor(events, n, floor),
        }
    }
}
