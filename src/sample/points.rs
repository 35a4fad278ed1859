//! Where an iteration's once-per-iteration inputs come from: a uniform point in
//! (0, 1) for every (run seed, input, iteration index), drawn by one of three
//! sampling modes ([`Sampling`]). Iterations are grouped in blocks of
//! [`BLOCK_ITERATIONS`] (the engine's chunks); each block is an independent
//! randomised replicate of its design, so the spread of block means gives an
//! honest standard error (docs/scenario.md, "Sampling").
//!
//! - `random`: every point is independent (the input's own SplitMix64 stream).
//! - `lhs`: Latin hypercube per block: input k of iteration j of block b falls
//!   in stratum `permute(j, key(seed, b, k))` of the block's 2048 strata, at a
//!   uniform position inside it.
//! - `sobol`: the block's 2048 points are an Owen-scrambled Sobol net (Burley
//!   2020, the `sobol_burley` crate's direction numbers and hash scrambling),
//!   scrambled afresh for every block; input k is Sobol dimension k (its
//!   position in the model's inputs). The 32 scrambled bits are completed to
//!   a double by 32 more uniform bits; inputs beyond the table's
//!   [`SOBOL_DIMENSIONS`] fall back to `lhs`.
//!
//! Every point is a pure function of its arguments: no state, no order.

use rand::RngExt;
use sobol_burley::parts::{owen_scramble_rev, sobol_rev};

use super::rng::{input_stream, mix};

/// Iterations in one block: one randomised replicate of the design. Equal to
/// the engine's chunk, so a chunk is a replicate.
pub const BLOCK_ITERATIONS: u64 = 2048;

/// log2 of [`BLOCK_ITERATIONS`].
const BLOCK_BITS: u32 = 11;

/// Sobol dimensions the direction-number table holds.
pub const SOBOL_DIMENSIONS: usize = sobol_burley::NUM_DIMENSIONS as usize;

/// 2^-32, the weight of the bits below the scrambled 32.
const TWO_POW_MINUS_32: f64 = 1.0 / 4_294_967_296.0;

/// The largest double below 1.
const BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

/// How the once-per-iteration inputs are sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sampling {
    /// Independent draws (plain Monte Carlo).
    Random,
    /// Latin hypercube within each block.
    Lhs,
    /// Owen-scrambled Sobol points within each block.
    #[default]
    Sobol,
}

impl Sampling {
    /// Every mode, in the order documented.
    pub const ALL: [Sampling; 3] = [Sampling::Random, Sampling::Lhs, Sampling::Sobol];

    /// The mode's name in files, flags and summary.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Sampling::Random => "random",
            Sampling::Lhs => "lhs",
            Sampling::Sobol => "sobol",
        }
    }

    /// The mode with this name.
    pub fn parse(name: &str) -> Option<Sampling> {
        Sampling::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Where one iteration sits in its run: the run's seed and the iteration's
/// index, and the iteration seed derived from both ([`super::rng::iteration_seed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    /// The run's seed.
    pub run_seed: u64,
    /// The iteration's index in the run, from 0.
    pub index: u64,
    /// `iteration_seed(run_seed, index)`.
    pub iteration_seed: u64,
}

impl At {
    /// Iteration `index` of the run with seed `run_seed`.
    #[inline]
    pub fn new(run_seed: u64, index: u64) -> At {
        At {
            run_seed,
            index,
            iteration_seed: super::rng::iteration_seed(run_seed, index),
        }
    }

    /// The block (replicate) the iteration belongs to.
    #[inline]
    pub fn block(self) -> u64 {
        self.index / BLOCK_ITERATIONS
    }

    /// The iteration's position in its block.
    #[inline]
    fn in_block(self) -> u32 {
        (self.index % BLOCK_ITERATIONS) as u32
    }

    /// The seed of the iteration's block: scrambles and permutations come from it.
    #[inline]
    fn block_seed(self) -> u64 {
        mix(mix(self.run_seed ^ 0x5A3F_0C1E_D2B4_9687)
            .wrapping_add((self.block() + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)))
    }
}

/// The uniform point in (0, 1) of input `dimension` (its position among the
/// model's inputs), whose stream key is `key`, in iteration `at`.
#[inline]
pub fn uniform(sampling: Sampling, at: At, dimension: usize, key: u64) -> f64 {
    match sampling {
        Sampling::Random => random(at, key),
        Sampling::Lhs => lhs(at, key),
        Sampling::Sobol if dimension < SOBOL_DIMENSIONS => sobol(at, dimension as u32),
        Sampling::Sobol => lhs(at, key),
    }
}

/// An independent uniform from the input's own stream: the first number of
/// `input_stream(iteration seed, key)`, as 53 bits, at a cell's midpoint.
#[inline]
fn random(at: At, key: u64) -> f64 {
    let bits: u64 = input_stream(at.iteration_seed, key).random();
    ((bits >> 11) as f64 + 0.5) * (f64::EPSILON / 2.0)
}

/// A uniform in (0, 1) from 53 hashed bits of (iteration seed, key, salt).
#[inline]
fn jitter(at: At, key: u64) -> f64 {
    let bits = mix(at.iteration_seed ^ key ^ 0xC3A5_C85C_97CB_3127);
    ((bits >> 11) as f64 + 0.5) * (f64::EPSILON / 2.0)
}

/// Latin hypercube within the block: stratum `permute(j)` of 2048, jittered.
#[inline]
fn lhs(at: At, key: u64) -> f64 {
    let stratum = permute(at.in_block(), mix(at.block_seed() ^ key));
    (f64::from(stratum) + jitter(at, key)) / BLOCK_ITERATIONS as f64
}

/// A keyed bijection of the 11-bit numbers: four rounds of xor with a key,
/// multiplication by an odd key and an xor-shift, each invertible modulo 2^11.
#[inline]
pub fn permute(j: u32, key: u64) -> u32 {
    const MASK: u32 = (1 << BLOCK_BITS) - 1;
    let mut x = j & MASK;
    let mut k = key;
    for _ in 0..4 {
        k = mix(k.wrapping_add(0x9E37_79B9_7F4A_7C15));
        x ^= (k as u32) & MASK;
        x = x.wrapping_mul(((k >> 32) as u32) | 1) & MASK;
        x ^= x >> 6;
        x = x.wrapping_mul(((k >> 44) as u32) | 1) & MASK;
        x ^= x >> 5;
    }
    x
}

/// Dimension `dimension` of the block's Owen-scrambled Sobol point `j`: the
/// index shuffled by a nested uniform scramble (so the block is a whole net
/// at a random offset), the Sobol digits scrambled per dimension, 32 uniform
/// bits below them.
#[inline]
fn sobol(at: At, dimension: u32) -> f64 {
    let block_seed = at.block_seed();
    let index_scramble = mix(block_seed) as u32;
    let shuffled_rev = owen_scramble_rev(at.in_block().reverse_bits(), index_scramble);
    let digits_rev = sobol_rev(shuffled_rev, dimension);
    let digit_scramble = mix(block_seed ^ mix(u64::from(dimension) + 1)) as u32;
    let bits = owen_scramble_rev(digits_rev, digit_scramble).reverse_bits();
    let below = jitter(at, u64::from(dimension).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    ((f64::from(bits) + below) * TWO_POW_MINUS_32).min(BELOW_ONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_is_a_bijection_for_any_key() {
        for key in [0, 1, 42, u64::MAX, 0xDEAD_BEEF] {
            let mut seen = vec![false; BLOCK_ITERATIONS as usize];
            for j in 0..BLOCK_ITERATIONS as u32 {
                let p = permute(j, key) as usize;
                assert!(!seen[p], "key {key}: {p} twice");
                seen[p] = true;
            }
        }
    }

    /// Every stratum of width 1/2048 holds exactly one point of a block, in
    /// each of the first dimensions, for LHS and (a net) for Sobol.
    #[test]
    fn a_block_fills_every_stratum_once() {
        for sampling in [Sampling::Lhs, Sampling::Sobol] {
            for block in [0, 3] {
                for dimension in [0, 1, 7, 30] {
                    let mut seen = vec![0u32; BLOCK_ITERATIONS as usize];
                    for j in 0..BLOCK_ITERATIONS {
                        let at = At::new(9, block * BLOCK_ITERATIONS + j);
                        let u = uniform(sampling, at, dimension, 77 + dimension as u64);
                        assert!(u > 0.0 && u < 1.0);
                        seen[(u * BLOCK_ITERATIONS as f64) as usize] += 1;
                    }
                    assert!(seen.iter().all(|&n| n == 1), "{sampling:?} {dimension}");
                }
            }
        }
    }

    /// Sobol: the 64 points of a block's pairs of dimensions fall one in each
    /// cell of an 8 x 8 grid for the first 32 points (a (0, m, 2)-net in the
    /// first two dimensions), which independent points almost never do.
    #[test]
    fn sobol_pairs_are_stratified_in_two_dimensions() {
        let mut cells = [0u32; 64];
        for j in 0..64 {
            let at = At::new(5, j);
            let (x, y) = (
                uniform(Sampling::Sobol, at, 0, 0),
                uniform(Sampling::Sobol, at, 1, 0),
            );
            cells[(x * 8.0) as usize * 8 + (y * 8.0) as usize] += 1;
        }
        assert!(cells.iter().all(|&n| n == 1), "{cells:?}");
    }

    /// Blocks are independent replicates: the same position in two blocks
    /// gives unrelated points, and two runs' seeds give different blocks.
    #[test]
    fn blocks_and_seeds_scramble_afresh() {
        for sampling in [Sampling::Lhs, Sampling::Sobol] {
            let a = uniform(sampling, At::new(1, 5), 2, 11);
            let b = uniform(sampling, At::new(1, 5 + BLOCK_ITERATIONS), 2, 11);
            let c = uniform(sampling, At::new(2, 5), 2, 11);
            assert!(a != b && a != c && b != c);
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Sampling::ALL {
            assert_eq!(Sampling::parse(s.as_str()), Some(s));
        }
        assert_eq!(Sampling::parse("halton"), None);
    }
}
