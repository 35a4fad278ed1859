//! Poisson counts, for the engine's incident counts and for Poisson-distributed
//! inputs, exact in law and made only of deterministic IEEE-754 arithmetic, opsim's
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
//!
//! [`PoissonLanes`] draws many counts four at a time: by inversion in vector lanes
//! (written once over the lane types of [`super::simd`], the same recurrence per
//! lane on each, so the same counts) for means below [`INVERSION_IN_LANES_BELOW`],
//! each lane from its own Xoshiro256++ stream, and by [`poisson`] otherwise.
//! Several sets of four searches run side by side: four in 16 vector registers,
//! six where AVX-512's 32 hold them; each count is its own search from the same
//! lane output, so the counts do not depend on it.

use rand::{Rng, RngExt};

use super::exp::{exp, exp_in_fast_range_lanes};
use super::lanes::{LANES, XoshiroLanes};
use super::simd::{Build, Four, Kernel};

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
    invert(rng.random(), mean)
}

/// The smallest k with P(X <= k) > u (sequential search).
#[inline(always)]
fn invert(u: f64, mean: f64) -> u64 {
    let mut k = 0;
    let mut probability = exp(-mean);
    let mut cumulative = probability;
    // The probabilities shrink to 0 (underflow), which ends the search even if
    // rounding kept the cumulative sum below u.
    while u >= cumulative && probability > 0.0 {
        k += 1;
        probability *= mean * reciprocal(k);
        cumulative += probability;
    }
    k
}

/// Reciprocals 1/k, correctly rounded (as `1.0 / k as f64` gives them), for the
/// searches' steps: a multiplication by a table entry instead of a division per
/// step, which kept the lanes waiting on the divider.
const RECIPROCALS: [f64; 256] = {
    let mut table = [0.0; 256];
    let mut k = 1;
    while k < table.len() {
        table[k] = 1.0 / k as f64;
        k += 1;
    }
    table
};

/// 1/k, correctly rounded, for k >= 1.
#[inline(always)]
fn reciprocal(k: u64) -> f64 {
    match RECIPROCALS.get(k as usize) {
        Some(&r) => r,
        None => 1.0 / k as f64,
    }
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

/// Means below this are drawn by inversion in [`PoissonLanes`]: four searches side
/// by side cost less than PTRS's rejection loop up to about here.
pub const INVERSION_IN_LANES_BELOW: f64 = 30.0;

/// Poisson counts four at a time.
#[derive(Debug, Clone)]
pub struct PoissonLanes {
    lanes: XoshiroLanes,
}

/// Sets of four searches made side by side, by the lanes' build: several sets
/// keep the core busy while each set's chain of arithmetic waits, and end on one
/// mispredicted branch instead of one per set. Four fill AVX2's 16 vector
/// registers (each set keeps five); AVX-512's 32 hold six. More sets than fit
/// spill to memory, and fewer leave the core waiting (bench-40's counts: about
/// 1.2 µs with two sets, 1.0 µs with four, 0.92 µs with six and AVX-512).
const SETS: usize = 4;
const SETS_WIDE: usize = 6;

/// Lane outputs, means or counts of `SETS` steps of the lanes searched together.
type Together<T, const SETS: usize> = [[T; LANES]; SETS];

impl PoissonLanes {
    /// Lanes whose four streams are seeded from `seed`.
    pub fn new(seed: u64) -> PoissonLanes {
        PoissonLanes {
            lanes: XoshiroLanes::new(seed),
        }
    }

    /// `counts[i]`, a Poisson count with mean `means[i]`, for every i; means
    /// from [`INVERSION_IN_LANES_BELOW`] up by [`poisson`] from `rare`. The
    /// counts are the same whichever build of the lanes the CPU runs: each is
    /// its own search, from the same lane output. For callers outside the
    /// engine, which runs [`PoissonLanes::counts_in`] in its own build.
    pub fn counts<R: Rng + ?Sized>(&mut self, rare: &mut R, means: &[f64], counts: &mut [u64]) {
        struct Counts<'a, R: ?Sized> {
            lanes: &'a mut PoissonLanes,
            rare: &'a mut R,
            means: &'a [f64],
            counts: &'a mut [u64],
        }
        impl<R: Rng + ?Sized> Kernel for Counts<'_, R> {
            type Output = ();
            #[inline(always)]
            fn run<S: Four>(self, s: S) {
                self.lanes.counts_in(s, self.rare, self.means, self.counts);
            }
        }
        Build::detect().run(Counts {
            lanes: self,
            rare,
            means,
            counts,
        });
    }

    /// [`PoissonLanes::counts`] in the lanes of `S`, with as many sets of
    /// searches side by side as its registers hold.
    #[inline(always)]
    pub(crate) fn counts_in<S: Four, R: Rng + ?Sized>(
        &mut self,
        s: S,
        rare: &mut R,
        means: &[f64],
        counts: &mut [u64],
    ) {
        if S::WIDE_REGISTERS {
            self.counts_by::<SETS_WIDE, R>(rare, means, counts, |b, m| invert_lanes(s, b, m))
        } else {
            self.counts_by::<SETS, R>(rare, means, counts, |b, m| invert_lanes(s, b, m))
        }
    }

    /// [`PoissonLanes::counts`], `SETS` steps of the lanes (four means each) at
    /// a time, inverted by `invert`. One step of the lanes is taken per four
    /// means, in order, whatever `SETS` is: mean i takes lane i mod 4 of step
    /// i / 4.
    #[inline(always)]
    fn counts_by<const SETS: usize, R: Rng + ?Sized>(
        &mut self,
        rare: &mut R,
        means: &[f64],
        counts: &mut [u64],
        invert: impl Fn(&Together<u64, SETS>, &Together<f64, SETS>) -> Together<u64, SETS>,
    ) {
        let at_once = LANES * SETS;
        for (means, counts) in means.chunks(at_once).zip(counts.chunks_mut(at_once)) {
            let mut step_means = [[0.0; LANES]; SETS];
            step_means.as_flattened_mut()[..means.len()].copy_from_slice(means);
            // One step of the lanes per four means (or fewer, at the end).
            let mut bits = [[0; LANES]; SETS];
            for step_bits in bits.iter_mut().take(means.len().div_ceil(LANES)) {
                *step_bits = self.lanes.next_outputs();
            }
            let inverted = invert(&bits, &step_means);
            let inverted = inverted.as_flattened();
            for ((count, &mean), &k) in counts.iter_mut().zip(means).zip(inverted) {
                *count = if in_lanes(mean) {
                    k
                } else {
                    poisson(rare, mean)
                };
            }
        }
    }
}

/// True for the means [`PoissonLanes`] inverts in lanes.
#[inline(always)]
fn in_lanes(mean: f64) -> bool {
    mean > 0.0 && mean < INVERSION_IN_LANES_BELOW
}

/// A uniform on [0, 1) from the top 52 bits.
#[inline(always)]
fn uniform(bits: u64) -> f64 {
    f64::from_bits((bits >> 12) | 0x3ff0_0000_0000_0000) - 1.0
}

/// The inversion of each lane whose mean is below [`INVERSION_IN_LANES_BELOW`]
/// (0 elsewhere), one lane after another.
fn invert_lanes_portable<const SETS: usize>(
    bits: &Together<u64, SETS>,
    means: &Together<f64, SETS>,
) -> Together<u64, SETS> {
    std::array::from_fn(|s| {
        std::array::from_fn(|l| {
            if in_lanes(means[s][l]) {
                invert(uniform(bits[s][l]), means[s][l])
            } else {
                0
            }
        })
    })
}

/// Steps of the search the lanes make before leaving a set still searching to
/// [`invert_lanes_portable`]: for a mean below [`INVERSION_IN_LANES_BELOW`], a
/// count beyond it has a probability below 1e-30.
const STEPS_IN_LANES: u64 = 128;

/// [`invert_lanes_portable`] in the lanes of `S`: the sequential search's
/// recurrence in every lane at once, with the same arithmetic, so the same
/// counts.
///
/// The search stops at the first k with P(X <= k) > u or p(k) = 0; both tests
/// are false up to there and true from there on (the cumulative sum only grows,
/// and a probability that reaches 0 stays 0). So k is the number of steps at
/// which both are still false, and the lanes count those steps instead of
/// stopping one by one: the recurrence runs unmasked, two independent chains (a
/// multiplication and an addition) per step of the lanes, that the counting does
/// not hold up.
///
/// The lanes test only P(X <= k) > u, for at most [`STEPS_IN_LANES`] steps. A
/// lane whose cumulative sum passes u within them has the count the full test
/// gives: had its probability reached 0 first, its cumulative sum would have
/// stopped growing while still at or below u, and never passed it. Lanes still
/// searching after them (u within rounding of 1, or a probability underflowing
/// first, as for tiny means) are left to [`invert_lanes_portable`], which runs
/// the full test; for means below [`INVERSION_IN_LANES_BELOW`] a count beyond
/// the limit has a probability below 1e-30.
#[inline(always)]
fn invert_lanes<S: Four, const SETS: usize>(
    s: S,
    bits: &Together<u64, SETS>,
    means: &Together<f64, SETS>,
) -> Together<u64, SETS> {
    let mut u = [s.f(0.0); SETS];
    let mut mean = u;
    let mut probability = u;
    for set in 0..SETS {
        let uniforms: [f64; LANES] = std::array::from_fn(|l| uniform(bits[set][l]));
        // Lanes not inverted get a mean of 0: exp(0) = 1 > u ends their search at once.
        let inverted: [f64; LANES] = std::array::from_fn(|l| {
            if in_lanes(means[set][l]) {
                means[set][l]
            } else {
                0.0
            }
        });
        u[set] = s.load(&uniforms);
        mean[set] = s.load(&inverted);
        let minus_mean = s.sub(s.f(0.0), mean[set]);
        probability[set] = exp_in_fast_range_lanes(s, minus_mean);
    }
    let mut cumulative = probability;
    // Step k still searching: u >= P(X <= k), counted lane by lane.
    let mut k = [s.u(0); SETS];
    let mut any_searching = count_searching(s, &u, &cumulative, &mut k);
    let mut step = 0;
    while any_searching {
        if step == STEPS_IN_LANES {
            return invert_lanes_portable(bits, means);
        }
        step += 1;
        let reciprocal = s.f(reciprocal(step));
        for set in 0..SETS {
            let ratio = s.mul(mean[set], reciprocal);
            probability[set] = s.mul(probability[set], ratio);
            cumulative[set] = s.add(cumulative[set], probability[set]);
        }
        any_searching = count_searching(s, &u, &cumulative, &mut k);
    }
    let mut out = [[0; LANES]; SETS];
    for set in 0..SETS {
        s.store_u(k[set], &mut out[set]);
    }
    out
}

/// Counts in `k` the lanes still searching, u >= P(X <= k), and says whether
/// any is.
#[inline(always)]
fn count_searching<S: Four, const SETS: usize>(
    s: S,
    u: &[S::F; SETS],
    cumulative: &[S::F; SETS],
    k: &mut [S::U; SETS],
) -> bool {
    let mut any = s.ge(u[0], cumulative[0]);
    k[0] = s.count(k[0], any);
    for set in 1..SETS {
        let still = s.ge(u[set], cumulative[set]);
        k[set] = s.count(k[set], still);
        any = s.or_m(any, still);
    }
    s.bitmask(any) != 0
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::*;
    use crate::sample::simd::Portable;

    /// A vector inversion of `SETS` sets (`vector`) gives the counts of the
    /// portable one: means of every kind side by side (none, tiny, ordinary,
    /// near and past the switch to the scalar sampler), and now and then a
    /// uniform that is almost 1, which sends its set past the steps made in
    /// lanes.
    fn assert_same_counts_as_portable<const SETS: usize>(
        vector: impl Fn(&Together<u64, SETS>, &Together<f64, SETS>) -> Together<u64, SETS>,
    ) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let kinds = [0.0, -1.0, 1e-9, 0.3, 4.0, 14.8, 29.999, 30.0, 1e3];
        for _ in 0..20_000 {
            let mut bits: Together<u64, SETS> =
                std::array::from_fn(|_| std::array::from_fn(|_| rng.next_u64()));
            let means: Together<f64, SETS> = std::array::from_fn(|_| {
                std::array::from_fn(|_| kinds[rng.next_u64() as usize % kinds.len()])
            });
            if rng.next_u64() % 100 == 0 {
                bits[SETS - 1][2] = u64::MAX;
            }
            let portable = invert_lanes_portable(&bits, &means);
            assert_eq!(vector(&bits, &means), portable, "{means:?}");
        }
    }

    #[test]
    fn portable_lanes_invert_as_one_lane_at_a_time() {
        assert_same_counts_as_portable::<SETS>(|bits, means| invert_lanes(Portable, bits, means));
        assert_same_counts_as_portable::<SETS_WIDE>(|bits, means| {
            invert_lanes(Portable, bits, means)
        });
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx_lanes_invert_as_one_lane_at_a_time() {
        use crate::sample::simd::Avx;
        if let Some(avx) = Avx::<false>::here() {
            let avx2 = |bits: &_, means: &_| invert_lanes(avx, bits, means);
            assert_same_counts_as_portable::<SETS>(avx2);
        }
        if let Some(avx) = Avx::<true>::here() {
            let avx512 = |bits: &_, means: &_| invert_lanes(avx, bits, means);
            assert_same_counts_as_portable::<SETS_WIDE>(avx512);
        }
    }

    #[test]
    fn counts_are_the_same_whatever_the_sets_searched_together() {
        // A model's counts (bench-40: 74) in sets of one, four and six, and as
        // the CPU's build draws them: the same counts and the same draws left.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        let means: Vec<f64> = (0..74)
            .map(|i| match i % 9 {
                0 => 0.0,
                1 => 45.0,
                _ => 30.0 * (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64,
            })
            .collect();
        let draw = |by: &dyn Fn(&mut PoissonLanes, &mut Xoshiro256PlusPlus, &mut [u64])| {
            let (mut lanes, mut rare) =
                (PoissonLanes::new(5), Xoshiro256PlusPlus::seed_from_u64(6));
            let mut counts = vec![0; means.len()];
            by(&mut lanes, &mut rare, &mut counts);
            (counts, lanes.lanes.next_outputs(), rare.next_u64())
        };
        let by_one = draw(&|lanes, rare, counts| {
            lanes.counts_by::<1, _>(rare, &means, counts, invert_lanes_portable)
        });
        let by_four = draw(&|lanes, rare, counts| {
            lanes.counts_by::<4, _>(rare, &means, counts, invert_lanes_portable)
        });
        let by_six = draw(&|lanes, rare, counts| {
            lanes.counts_by::<6, _>(rare, &means, counts, invert_lanes_portable)
        });
        let as_built = draw(&|lanes, rare, counts| lanes.counts(rare, &means, counts));
        assert_eq!(by_four, by_one);
        assert_eq!(by_six, by_one);
        assert_eq!(as_built, by_one);
        assert!(by_one.0.iter().sum::<u64>() > 0);
    }

    #[test]
    fn the_reciprocals_are_the_correctly_rounded_quotients() {
        for k in 1..2 * RECIPROCALS.len() as u64 {
            assert_eq!(reciprocal(k).to_bits(), (1.0 / k as f64).to_bits(), "1/{k}");
        }
    }

    #[test]
    fn counts_of_mixed_means_take_each_from_its_sampler() {
        // Lanes for means below the switch, one step of the lanes per four means
        // (three steps for these ten); the scalar stream for the rest, in order.
        let means = [2.0, 500.0, 0.0, 7.0, 800.0, 3.0, 1.0, 5.0, 9.0, 4.0];
        let mut lanes = PoissonLanes::new(1);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(2);
        let mut counts = [0; 10];
        lanes.counts(&mut rare, &means, &mut counts);
        let mut scalar = Xoshiro256PlusPlus::seed_from_u64(2);
        assert_eq!(counts[1], poisson(&mut scalar, 500.0));
        assert_eq!(counts[4], poisson(&mut scalar, 800.0));
        assert_eq!(counts[2], 0);
        let mut steps = XoshiroLanes::new(1);
        for (four, counts) in means.chunks(LANES).zip(counts.chunks(LANES)) {
            let bits = steps.next_outputs();
            for l in 0..four.len() {
                if in_lanes(four[l]) {
                    assert_eq!(counts[l], invert(uniform(bits[l]), four[l]));
                }
            }
        }
        // No step of the lanes was taken beyond the third.
        assert_eq!(lanes.lanes.next_outputs(), steps.next_outputs());
    }
}
