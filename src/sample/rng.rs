//! Random streams keyed by work, never by thread. Iteration `i` of a run gets the
//! seed `mix(base + (i + 1) * GOLDEN)` (the SplitMix64 sequence of the run's seed),
//! so its numbers do not depend on chunking or thread count. Within an iteration,
//! each input draws from a SplitMix64 stream seeded with `iteration seed ^ key`,
//! and each model's per-event draws come from a Xoshiro256++ stream seeded the same
//! way, where keys are FNV-1a hashes of stable names. Both generators are the
//! named, version-stable ones of `rand_xoshiro`. A model's incident counts, and
//! each arrangement's lognormal times to restore, come from four Xoshiro256++
//! lanes each ([`restore_lanes_seed`]), the same generator four times over.

use rand::SeedableRng;
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function (Steele, Lea and Flood, 2014).
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable 64-bit key for a name (FNV-1a, then mixed).
pub fn stream_key(name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(hash)
}

/// Seed of iteration `index` of a run with seed `seed`.
#[inline]
pub fn iteration_seed(seed: u64, index: u64) -> u64 {
    mix(mix(seed).wrapping_add(index.wrapping_add(1).wrapping_mul(GOLDEN)))
}

/// The stream one input draws from in one iteration.
#[inline]
pub fn input_stream(iteration_seed: u64, key: u64) -> SplitMix64 {
    SplitMix64::seed_from_u64(iteration_seed ^ key)
}

/// The stream of one model's per-event draws in one iteration.
#[inline]
pub fn event_stream(iteration_seed: u64, key: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(iteration_seed ^ key)
}

/// What a model's lane seed is for: an arrangement's times to restore, or the counts.
#[derive(Debug, Clone, Copy)]
pub enum Arranged {
    /// The model's own arrangement.
    Own = 1,
    /// The arrangement it moves from.
    From = 2,
    /// Not an arrangement: the model's incident counts ([`crate::sample::poisson::PoissonLanes`]).
    Counts = 3,
}

/// The seed of the four lane streams ([`crate::sample::lanes::XoshiroLanes`])
/// of one arrangement's times to restore, or of the incident counts, in one
/// model's iteration: mixed, so that its SplitMix64 sequence does not overlap
/// the event stream's.
#[inline]
pub fn restore_lanes_seed(iteration_seed: u64, key: u64, arranged: Arranged) -> u64 {
    mix(iteration_seed ^ key ^ mix(arranged as u64))
}
