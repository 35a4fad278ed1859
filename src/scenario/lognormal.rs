//! Lognormal draws made four at a time in vector lanes, for sums of many of them
//! (times to restore: about 1,500 per bench-40 iteration). Exact in law: the same
//! ziggurat and `exp` as one draw at a time, and the same bits on every machine.
//!
//! [`LognormalLanes`] holds four Xoshiro256++ generators, one per lane, seeded
//! from one SplitMix64 sequence. Each step takes one output from every lane. Draws
//! are made into a reservoir of up to `RESERVOIR_STEPS` (32) steps, and sums take
//! them from it in order. The caller says how many draws it expects to need in all,
//! so the reservoir is filled in long runs, yet never with more than a step beyond
//! what is used. A fill runs in blocks of `BLOCK_STEPS` (8) steps, each in two
//! passes of branch-free arithmetic: the ziggurat candidates and their arguments
//! mu + sigma z ([`normal::candidate`]), then the `exp` ([`exp_in_fast_range`]);
//! short passes let the CPU overlap many steps. A lane whose candidate is outside
//! its layer's box (about 1.2% of them) or whose argument is outside `exp`'s fast
//! range is finished alone, in step and lane order, from a scalar generator the
//! caller passes. Draws left in the reservoir when the lanes are dropped are never
//! used, which does not change the law of those that are.
//!
//! On x86-64 CPUs with AVX2 the passes run as AVX2 intrinsics, chosen at run
//! time; elsewhere as plain Rust. Both do the same IEEE-754 operations in the same
//! order (no FMA), so they give the same bits; tests check it.

use rand::Rng;

use super::dist::{DrawSums, raise};
#[cfg(target_arch = "x86_64")]
use super::exp::{FAST_LIMIT, exp_in_fast_range_avx2};
use super::exp::{exp, exp_in_fast_range, in_fast_range};
use super::lanes::{LANES, XoshiroLanes};
use super::normal;

/// Steps made together: the draws of a block are made in two passes (candidates
/// and arguments, then `exp`), short enough for the CPU to overlap many steps.
const BLOCK_STEPS: usize = 8;

/// Steps the reservoir holds: fills of up to four blocks.
const RESERVOIR_STEPS: usize = 4 * BLOCK_STEPS;

type Step = [f64; LANES];

/// Draws of exp(mu + sigma Z), Z standard normal, four at a time.
#[derive(Debug, Clone)]
pub struct LognormalLanes {
    maker: Maker,
    reservoir: [Step; RESERVOIR_STEPS],
    /// Draws in the reservoir (`made`) and the first not yet used (`next`),
    /// counted draw by draw.
    next: usize,
    made: usize,
    /// Draws the caller still expects to need beyond those in the reservoir.
    expected: u64,
}

/// What makes the draws: the parameters and the lanes' generators.
#[derive(Debug, Clone)]
struct Maker {
    mu: f64,
    sigma: f64,
    lanes: XoshiroLanes,
}

impl LognormalLanes {
    /// Lanes seeded by `seed`, for a caller expecting to need `expected_draws` in
    /// all. The expectation only sets how far ahead draws are made: sums are right
    /// whatever it is, and a low one makes short fills.
    pub fn new(mu: f64, sigma: f64, seed: u64, expected_draws: u64) -> LognormalLanes {
        LognormalLanes {
            maker: Maker {
                mu,
                sigma,
                lanes: XoshiroLanes::new(seed),
            },
            reservoir: [[0.0; LANES]; RESERVOIR_STEPS],
            next: 0,
            made: 0,
            expected: expected_draws,
        }
    }

    /// Sums of the next `n` draws; when `FLOORED`, also the sum of each draw raised
    /// to `floor` (otherwise that sum is 0). `rare` finishes the rare lanes.
    #[inline]
    pub fn sums<const FLOORED: bool, R: Rng + ?Sized>(
        &mut self,
        rare: &mut R,
        n: u64,
        floor: f64,
    ) -> DrawSums {
        // Most sums find all their draws made already: added here, inline, as
        // `sums_by` would, without a call into the fill's code.
        if n <= (self.made - self.next) as u64 {
            let mut sums = LaneSums::<FLOORED>::new(floor);
            self.take_made(&mut sums, n);
            return sums.finish();
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, the only requirement of `sums_avx2`.
            return unsafe { self.sums_avx2::<FLOORED, R>(rare, n, floor) };
        }
        self.sums_portable::<FLOORED, R>(rare, n, floor)
    }

    /// [`LognormalLanes::sums`] on any CPU: the lanes in plain Rust.
    pub fn sums_portable<const FLOORED: bool, R: Rng + ?Sized>(
        &mut self,
        rare: &mut R,
        n: u64,
        floor: f64,
    ) -> DrawSums {
        self.sums_by::<FLOORED, R>(rare, n, floor, Maker::fill)
    }

    /// [`LognormalLanes::sums`] with AVX2 intrinsics.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn sums_avx2<const FLOORED: bool, R: Rng + ?Sized>(
        &mut self,
        rare: &mut R,
        n: u64,
        floor: f64,
    ) -> DrawSums {
        // SAFETY: this function runs only on CPUs with AVX2.
        self.sums_by::<FLOORED, R>(rare, n, floor, |maker, rare, steps| unsafe {
            maker.fill_avx2(rare, steps)
        })
    }

    /// The sums, with `fill` making the next steps' draws.
    #[inline(always)]
    fn sums_by<const FLOORED: bool, R: Rng + ?Sized>(
        &mut self,
        rare: &mut R,
        n: u64,
        floor: f64,
        fill: impl Fn(&mut Maker, &mut R, &mut [Step]),
    ) -> DrawSums {
        let mut sums = LaneSums::<FLOORED>::new(floor);
        let mut wanted = n;
        loop {
            wanted -= self.take_made(&mut sums, wanted);
            if wanted == 0 {
                return sums.finish();
            }
            self.refill(rare, wanted, &fill);
        }
    }

    /// Adds to `sums` the next of the draws made, up to `wanted`; returns how many.
    #[inline(always)]
    fn take_made<const FLOORED: bool>(&mut self, sums: &mut LaneSums<FLOORED>, wanted: u64) -> u64 {
        let available = self.made - self.next;
        let taken = available.min(usize::try_from(wanted).unwrap_or(usize::MAX));
        sums.add_slice(&self.reservoir.as_flattened()[self.next..self.next + taken]);
        self.next += taken;
        taken as u64
    }

    /// Refills the used-up reservoir with the draws still `wanted` by the current
    /// sum or, if more, those expected: at most `RESERVOIR_STEPS` steps.
    #[inline(always)]
    fn refill<R: Rng + ?Sized>(
        &mut self,
        rare: &mut R,
        wanted: u64,
        fill: &impl Fn(&mut Maker, &mut R, &mut [Step]),
    ) {
        let draws = wanted.max(self.expected);
        let steps = draws.div_ceil(LANES as u64).min(RESERVOIR_STEPS as u64) as usize;
        for block in self.reservoir[..steps].chunks_mut(BLOCK_STEPS) {
            fill(&mut self.maker, rare, block);
        }
        self.made = steps * LANES;
        self.next = 0;
        self.expected = self.expected.saturating_sub(self.made as u64);
    }
}

impl Maker {
    /// The next draws of every lane, one [`Step`] after another, in plain Rust:
    /// at most `BLOCK_STEPS` steps.
    #[inline(always)]
    fn fill<R: Rng + ?Sized>(&mut self, rare: &mut R, steps: &mut [Step]) {
        let mut bits = [[0; LANES]; BLOCK_STEPS];
        let mut outside = [0u8; BLOCK_STEPS];
        // The arguments mu + sigma z, replaced by their `exp` in the second pass.
        for (s, step) in steps.iter_mut().enumerate() {
            bits[s] = self.lanes.next_outputs();
            for l in 0..LANES {
                let (z, inside) = normal::candidate(bits[s][l]);
                step[l] = self.mu + self.sigma * z;
                outside[s] |= u8::from(!inside) << l;
            }
        }
        if outside.iter().any(|&o| o != 0) {
            self.redraw_outside(rare, &bits, &outside, steps);
        }
        for step in steps.iter_mut() {
            if step.iter().all(|&argument| in_fast_range(argument)) {
                *step = step.map(exp_in_fast_range);
            } else {
                *step = exp_each(*step);
            }
        }
    }

    /// [`Maker::fill`] with AVX2 intrinsics: the same operations in the same
    /// order, so the same bits.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn fill_avx2<R: Rng + ?Sized>(&mut self, rare: &mut R, steps: &mut [Step]) {
        use std::arch::x86_64::*;
        let (mu, sigma) = (_mm256_set1_pd(self.mu), _mm256_set1_pd(self.sigma));
        let mut bits = [[0; LANES]; BLOCK_STEPS];
        let mut outside = [0u8; BLOCK_STEPS];
        let mut any_outside = 0;
        for (s, step) in steps.iter_mut().enumerate() {
            // SAFETY (each block): the CPU has AVX2; every load and store is of an
            // array of four 64-bit values.
            let next = unsafe { self.lanes.next_avx2() };
            unsafe { _mm256_storeu_si256(bits[s].as_mut_ptr().cast(), next) };
            let (z, inside) = unsafe { normal::candidate_avx2(next) };
            outside[s] = (!_mm256_movemask_pd(inside) & 0b1111) as u8;
            any_outside |= outside[s];
            let argument = _mm256_add_pd(mu, _mm256_mul_pd(sigma, z));
            unsafe { _mm256_storeu_pd(step.as_mut_ptr(), argument) };
        }
        if any_outside != 0 {
            self.redraw_outside(rare, &bits, &outside, steps);
        }
        let limit = _mm256_set1_pd(FAST_LIMIT);
        for step in steps.iter_mut() {
            // SAFETY: as above.
            let argument = unsafe { _mm256_loadu_pd(step.as_ptr()) };
            let magnitude = _mm256_andnot_pd(_mm256_set1_pd(-0.0), argument);
            let in_range = _mm256_cmp_pd::<_CMP_LE_OQ>(magnitude, limit);
            if _mm256_movemask_pd(in_range) == 0b1111 {
                let draws = unsafe { exp_in_fast_range_avx2(argument) };
                unsafe { _mm256_storeu_pd(step.as_mut_ptr(), draws) };
            } else {
                *step = exp_each(*step);
            }
        }
    }

    /// Replaces, step by step and lane by lane, each argument whose candidate was
    /// outside its layer's box (bit l of `outside[s]` for lane l of step s) by one
    /// from the rest of the ziggurat.
    #[cold]
    #[inline(never)]
    fn redraw_outside<R: Rng + ?Sized>(
        &self,
        rare: &mut R,
        bits: &[[u64; LANES]],
        outside: &[u8],
        arguments: &mut [Step],
    ) {
        for (s, step) in arguments.iter_mut().enumerate() {
            // The set bits of the step's mask, lowest (first lane) first.
            let mut lanes_outside = outside[s];
            while lanes_outside != 0 {
                let l = lanes_outside.trailing_zeros() as usize;
                lanes_outside &= lanes_outside - 1;
                step[l] = self.mu + self.sigma * normal::outside_the_box(rare, bits[s][l]);
            }
        }
    }
}
/// `exp` of each argument of a step some of whose arguments are outside `exp`'s
/// fast range: the same bits as the fast range gives for the others.
#[cold]
#[inline(never)]
fn exp_each(arguments: Step) -> Step {
    arguments.map(exp)
}

/// Running sums, one per lane, added in a fixed order at the end. Each slice of
/// the reservoir a sum takes is added four draws at a time, draw i of the four to
/// lane i, and its last (length mod 4) draws to lane 0.
struct LaneSums<const FLOORED: bool> {
    floor: f64,
    sum: [f64; LANES],
    at_least_floor: [f64; LANES],
}

impl<const FLOORED: bool> LaneSums<FLOORED> {
    #[inline(always)]
    fn new(floor: f64) -> Self {
        LaneSums {
            floor,
            sum: [0.0; LANES],
            at_least_floor: [0.0; LANES],
        }
    }

    /// Adds `draws` (a slice of the reservoir, at any offset).
    #[inline(always)]
    fn add_slice(&mut self, draws: &[f64]) {
        let (fours, rest) = draws.as_chunks::<LANES>();
        for four in fours {
            for (lane, &draw) in four.iter().enumerate() {
                self.add(lane, draw);
            }
        }
        for &draw in rest {
            self.add(0, draw);
        }
    }

    #[inline(always)]
    fn add(&mut self, lane: usize, draw: f64) {
        self.sum[lane] += draw;
        if FLOORED {
            self.at_least_floor[lane] += raise(draw, self.floor);
        }
    }

    #[inline(always)]
    fn finish(&self) -> DrawSums {
        let total = |s: &[f64; LANES]| (s[0] + s[1]) + (s[2] + s[3]);
        DrawSums {
            sum: total(&self.sum),
            sum_at_least_floor: total(&self.at_least_floor),
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::*;

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_lanes_give_the_same_bits_as_the_portable_ones() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        // Ordinary, wide (many arguments beyond exp's fast range) and tiny sigmas,
        // with sums of every length from 0 to 40 in turn, so sums start at every
        // offset into the reservoir and run across refills.
        // Expecting none (short fills) and many (full reservoirs).
        let parameters = [(0.9, 1.1), (700.0, 20.0), (-2.0, 1e-6), (0.0, 300.0)];
        for ((mu, sigma), expected) in parameters.into_iter().zip([0, 2000, 0, 2000]) {
            let mut avx2 = LognormalLanes::new(mu, sigma, 9, expected);
            let mut portable = avx2.clone();
            let mut rare_a = Xoshiro256PlusPlus::seed_from_u64(10);
            let mut rare_p = rare_a.clone();
            for n in (0..=40).chain([1000]) {
                // SAFETY: the CPU has AVX2.
                let a = unsafe { avx2.sums_avx2::<true, _>(&mut rare_a, n, 2.0) };
                let p = portable.sums_portable::<true, _>(&mut rare_p, n, 2.0);
                assert_eq!(
                    a.sum.to_bits(),
                    p.sum.to_bits(),
                    "mu {mu} sigma {sigma} n {n}"
                );
                let (fa, fp) = (a.sum_at_least_floor, p.sum_at_least_floor);
                assert_eq!(fa.to_bits(), fp.to_bits());
            }
            assert_eq!(rare_a.next_u64(), rare_p.next_u64());
        }
    }

    #[test]
    fn sums_use_every_draw_once_in_order_whatever_the_split() {
        let mut whole = LognormalLanes::new(0.5, 0.8, 3, 0);
        // Expecting all 1,000 draws: filled ahead, the same draws.
        let mut parts = LognormalLanes::new(0.5, 0.8, 3, 1000);
        let mut rare_w = Xoshiro256PlusPlus::seed_from_u64(4);
        let mut rare_p = rare_w.clone();
        let total = whole.sums::<true, _>(&mut rare_w, 1000, 1.5);
        let mut sum = 0.0;
        let mut floored = 0.0;
        let (mut used, mut n) = (0, 0);
        while used < 1000 {
            // Sums of 1, 2, 3, ... draws: every offset into a step.
            n = (n + 1).min(1000 - used);
            let part = parts.sums::<true, _>(&mut rare_p, n, 1.5);
            sum += part.sum;
            floored += part.sum_at_least_floor;
            used += n;
        }
        // The same draws, added in a different order.
        assert!((sum - total.sum).abs() < 1e-12 * total.sum);
        assert!((floored - total.sum_at_least_floor).abs() < 1e-12 * floored);
        assert!(floored >= sum);
        // Never made more than a step beyond what was used.
        assert!(parts.made - parts.next < LANES);
        assert_eq!(parts.expected, 0);
        // The rare lanes were finished from the same draws of the scalar stream.
        assert_eq!(rare_w.next_u64(), rare_p.next_u64());
    }

    #[test]
    fn sums_from_draws_made_already_give_the_same_bits_as_the_full_path() {
        // `sums` adds inline when the reservoir holds every draw a sum wants;
        // `sums_portable` always goes through `sums_by`.
        let mut inline = LognormalLanes::new(0.9, 1.1, 7, 5000);
        let mut full = inline.clone();
        let mut rare_i = Xoshiro256PlusPlus::seed_from_u64(8);
        let mut rare_f = rare_i.clone();
        for n in (0..60).cycle().take(200) {
            let a = inline.sums::<true, _>(&mut rare_i, n, 2.0);
            let b = full.sums_portable::<true, _>(&mut rare_f, n, 2.0);
            assert_eq!(a.sum.to_bits(), b.sum.to_bits(), "n {n}");
            let (fa, fb) = (a.sum_at_least_floor, b.sum_at_least_floor);
            assert_eq!(fa.to_bits(), fb.to_bits());
        }
    }

    #[test]
    fn draws_are_made_ahead_as_far_as_expected_and_no_further() {
        let mut lanes = LognormalLanes::new(0.5, 0.8, 3, 300);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(4);
        lanes.sums::<false, _>(&mut rare, 1, 0.0);
        assert_eq!(lanes.made, RESERVOIR_STEPS * LANES, "a full reservoir");
        assert_eq!(lanes.expected, 300 - lanes.made as u64);
        lanes.sums::<false, _>(&mut rare, 299, 0.0);
        assert_eq!(lanes.made - lanes.next, 0, "300 = 75 steps: none left over");
        // Beyond the expectation: only what the sum wants.
        lanes.sums::<false, _>(&mut rare, 5, 0.0);
        assert_eq!((lanes.made, lanes.next), (8, 5));
    }

    #[test]
    fn the_floored_sum_raises_every_draw_to_the_floor() {
        // A floor above every draw: the floored sum is n times the floor.
        let mut lanes = LognormalLanes::new(0.0, 0.1, 5, 0);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(6);
        let sums = lanes.sums::<true, _>(&mut rare, 37, 1e6);
        assert_eq!(sums.sum_at_least_floor, 37.0 * 1e6);
        let plain = lanes.sums::<false, _>(&mut rare, 37, 1e6);
        assert_eq!(plain.sum_at_least_floor, 0.0);
        assert!(plain.sum > 0.0);
    }
}
