//! Lognormal draws made four at a time in vector lanes, for sums of many of them
//! (times to restore: about 1,500 per bench-40 iteration). Exact in law: the same
//! ziggurat and `exp` as one draw at a time, and the same bits on every machine.
//!
//! [`LognormalLanes`] holds four Xoshiro256++ generators, one per lane, seeded
//! from one SplitMix64 sequence. Each step takes one output from every lane. Draws
//! are made into a reservoir of up to `RESERVOIR_STEPS` (64) steps, kept as
//! running totals lane by lane: each lane's total of its draws so far, and, when
//! the lanes have a floor, of its draws each raised to the floor. Draws are used
//! in step order, lane 0 to 3 within a step. The sum of the next n draws is, lane
//! by lane, the total before the last of them less the total before the first,
//! the four differences added in a fixed order: no loop and no branch on n. The
//! caller says how many draws it expects to need in all, so the reservoir is
//! filled in long runs, yet never with more than a step beyond what is used. A
//! fill runs in blocks of `BLOCK_STEPS` (8) steps, each in two passes of
//! branch-free arithmetic: the ziggurat candidates and their arguments
//! mu + sigma z ([`normal::candidate`]), then the `exp` ([`exp_in_fast_range`])
//! and the running totals; short passes let the CPU overlap many steps. A lane
//! whose candidate is outside its layer's box (about 1.2% of them) or whose
//! argument is outside `exp`'s fast range is finished alone, in step and lane
//! order, from a scalar generator the caller passes. Draws left in the reservoir
//! when the lanes are reset or dropped are never used, which does not change the
//! law of those that are.
//!
//! A difference of running totals carries their rounding: a lane's total of up
//! to 64 draws is within 63 units of rounding (2^-53 each) of itself, so a sum is
//! within 2e-14 of the total of the draws made together (at most 256),
//! where adding the draws one by one would be within a few units in the last
//! place of the sum (tested against compensated sums of the same draws). Each
//! lane's difference is never negative, so neither is a sum.
//!
//! The fill and the readings of the totals are written once over the lane
//! types of [`super::simd`]: the engine runs them in the build it chose for the
//! run, other callers in the one [`Build::detect`] finds. Every build does the
//! same IEEE-754 operations in the same order (no FMA), so they give the same
//! bits; tests check it.

use rand::Rng;

use super::dist::DrawSums;
use super::exp::{FAST_LIMIT, exp, exp_in_fast_range_lanes};
use super::lanes::{LANES, XoshiroLanes};
use super::normal;
use super::simd::{Build, Four, Kernel, Portable};

/// Steps made together: the draws of a block are made in two passes (candidates
/// and arguments, then `exp` and the running totals), short enough for the CPU
/// to overlap many steps.
const BLOCK_STEPS: usize = 8;

/// Steps the reservoir holds: fills of up to eight blocks. Fewer, longer fills
/// mean fewer sums that wait on one (bench-40: about 7 fills per model).
const RESERVOIR_STEPS: usize = 8 * BLOCK_STEPS;

type Step = [f64; LANES];

/// The lanes of a block whose candidates are outside their layer's box: bit
/// `LANES s + l` for lane l of step s.
type Outside = u32;
const _: () = assert!(LANES * BLOCK_STEPS <= Outside::BITS as usize);

/// Draws of exp(mu + sigma Z), Z standard normal, four at a time.
#[derive(Debug, Clone)]
pub struct LognormalLanes {
    maker: Maker,
    /// Running totals of the reservoir's draws, lane by lane.
    totals: Totals,
    /// Draws in the reservoir (`made`) and the first not yet used (`next`),
    /// counted draw by draw.
    next: usize,
    made: usize,
    /// Draws the caller still expects to need beyond those in the reservoir.
    expected: u64,
}

/// Running totals lane by lane, of the draws and of the draws raised to the
/// floor: row s holds each lane's total of its draws in the fill's steps before
/// step s (row 0 is zeros).
#[derive(Debug, Clone)]
struct Totals {
    sum: [Step; RESERVOIR_STEPS + 1],
    at_least_floor: [Step; RESERVOIR_STEPS + 1],
}

/// The rows of running totals of one block: row 0 of each slice holds the
/// totals before the block, and the fill writes the rows after each of its steps.
struct BlockTotals<'t> {
    sum: &'t mut [Step],
    at_least_floor: &'t mut [Step],
}

/// What makes the draws: the parameters and the lanes' generators.
#[derive(Debug, Clone)]
struct Maker {
    mu: f64,
    sigma: f64,
    /// The floor of the floored sums; none if they are not wanted, when the
    /// draws' floored totals are not kept.
    floor: Option<f64>,
    lanes: XoshiroLanes,
    /// The generators' outputs of a block's steps, for the rare lanes.
    bits: [[u64; LANES]; BLOCK_STEPS],
}

impl LognormalLanes {
    /// Lanes seeded by `seed`, whose floored sums raise every draw to `floor`
    /// (none: no floored sums), for a caller expecting to need `expected_draws`
    /// in all. The expectation only sets how far ahead draws are made: sums are
    /// right whatever it is, and a low one makes short fills.
    pub fn new(
        mu: f64,
        sigma: f64,
        floor: Option<f64>,
        seed: u64,
        expected_draws: u64,
    ) -> LognormalLanes {
        let mut lanes = LognormalLanes {
            maker: Maker {
                mu,
                sigma,
                floor,
                lanes: XoshiroLanes::new(seed),
                bits: [[0; LANES]; BLOCK_STEPS],
            },
            totals: Totals {
                sum: [[0.0; LANES]; RESERVOIR_STEPS + 1],
                at_least_floor: [[0.0; LANES]; RESERVOIR_STEPS + 1],
            },
            next: 0,
            made: 0,
            expected: 0,
        };
        lanes.reset(mu, sigma, floor, seed, expected_draws);
        lanes
    }

    /// Makes these lanes what [`LognormalLanes::new`] with the same arguments
    /// makes, reusing their memory: the reservoir is emptied, not cleared (row 0
    /// of the totals, the only one read before it is written, stays zeros).
    pub fn reset(
        &mut self,
        mu: f64,
        sigma: f64,
        floor: Option<f64>,
        seed: u64,
        expected_draws: u64,
    ) {
        let maker = &mut self.maker;
        (maker.mu, maker.sigma, maker.floor) = (mu, sigma, floor);
        maker.lanes = XoshiroLanes::new(seed);
        (self.next, self.made, self.expected) = (0, 0, expected_draws);
    }

    /// The sum of the next `n` draws and, when `FLOORED`, of each of them raised
    /// to the floor (otherwise that sum is 0). `rare` finishes the rare lanes.
    /// For callers outside the engine, which runs [`LognormalLanes::sums_in`]
    /// in its own build.
    ///
    /// # Panics
    /// When `FLOORED` and the lanes have no floor: a caller's error.
    pub fn sums<const FLOORED: bool, R: Rng + ?Sized>(&mut self, rare: &mut R, n: u64) -> DrawSums {
        struct Sums<'a, R: ?Sized, const FLOORED: bool> {
            lanes: &'a mut LognormalLanes,
            rare: &'a mut R,
            n: u64,
        }
        impl<R: Rng + ?Sized, const FLOORED: bool> Kernel for Sums<'_, R, FLOORED> {
            type Output = DrawSums;
            #[inline(always)]
            fn run<S: Four>(self, s: S) -> DrawSums {
                self.lanes.sums_in::<FLOORED, S, R>(s, self.rare, self.n)
            }
        }
        let kernel = Sums::<R, FLOORED> {
            lanes: self,
            rare,
            n,
        };
        Build::detect().run(kernel)
    }

    /// [`LognormalLanes::sums`] in the lanes of `S`.
    #[inline(always)]
    pub(crate) fn sums_in<const FLOORED: bool, S: Four, R: Rng + ?Sized>(
        &mut self,
        s: S,
        rare: &mut R,
        n: u64,
    ) -> DrawSums {
        // Most sums find all their draws made already: taken here, inline.
        if n <= (self.made - self.next) as u64 {
            let mut sums = DrawSums::default();
            self.take_made::<FLOORED, S>(s, &mut sums, n);
            return sums;
        }
        self.sums_by::<FLOORED, S, R>(s, rare, n)
    }

    /// Floored sums need a floor: asking lanes without one is a caller's error.
    #[inline(always)]
    fn check_floor<const FLOORED: bool>(&self) {
        assert!(
            !FLOORED || self.maker.floor.is_some(),
            "floored sums from lanes without a floor"
        );
    }

    /// The sum of the next `first` draws, and the sums of the `second` after them
    /// (floored when `FLOORED`), in the lanes of `S`: the same bits as two calls
    /// of [`LognormalLanes::sums`]. When the reservoir holds them all, the
    /// totals between the two are read once.
    ///
    /// # Panics
    /// When `FLOORED` and the lanes have no floor: a caller's error.
    #[inline(always)]
    pub(crate) fn two_sums<const FLOORED: bool, S: Four, R: Rng + ?Sized>(
        &mut self,
        s: S,
        rare: &mut R,
        first: u64,
        second: u64,
    ) -> (f64, DrawSums) {
        let available = (self.made - self.next) as u64;
        if first > available || second > available - first {
            let first = self.sums_in::<false, S, R>(s, rare, first).sum;
            return (first, self.sums_in::<FLOORED, S, R>(s, rare, second));
        }
        self.check_floor::<FLOORED>();
        let (from, middle) = (self.next, self.next + first as usize);
        let to = middle + second as usize;
        self.next = to;
        self.made_sums::<FLOORED, S>(s, from, middle, to)
    }

    /// The sums of the reservoir's draws `from..middle` and `middle..to`, and
    /// when `FLOORED` the floored sum of `middle..to`.
    #[inline(always)]
    fn made_sums<const FLOORED: bool, S: Four>(
        &self,
        s: S,
        from: usize,
        middle: usize,
        to: usize,
    ) -> (f64, DrawSums) {
        let totals = self.totals.sum.as_flattened();
        let at_middle = s.totals_before(totals, middle);
        let first = s.difference(at_middle, s.totals_before(totals, from));
        let mut second = DrawSums {
            sum: s.difference(s.totals_before(totals, to), at_middle),
            sum_at_least_floor: 0.0,
        };
        if FLOORED {
            let floored = self.totals.at_least_floor.as_flattened();
            second.sum_at_least_floor = s.difference(
                s.totals_before(floored, to),
                s.totals_before(floored, middle),
            );
        }
        (first, second)
    }

    /// [`LognormalLanes::sums`] on any CPU, the lanes in plain Rust, always by
    /// the full path (no sum taken inline).
    pub fn sums_portable<const FLOORED: bool, R: Rng + ?Sized>(
        &mut self,
        rare: &mut R,
        n: u64,
    ) -> DrawSums {
        self.sums_by::<FLOORED, Portable, R>(Portable, rare, n)
    }

    /// The sums, refilling the used-up reservoir as often as they need.
    #[inline(always)]
    fn sums_by<const FLOORED: bool, S: Four, R: Rng + ?Sized>(
        &mut self,
        s: S,
        rare: &mut R,
        n: u64,
    ) -> DrawSums {
        let mut sums = DrawSums::default();
        let mut wanted = n;
        loop {
            wanted -= self.take_made::<FLOORED, S>(s, &mut sums, wanted);
            if wanted == 0 {
                return sums;
            }
            self.refill(s, rare, wanted);
        }
    }

    /// Adds to `sums` the sums of the next of the draws made, up to `wanted`:
    /// differences of running totals. Returns how many draws it took.
    #[inline(always)]
    fn take_made<const FLOORED: bool, S: Four>(
        &mut self,
        s: S,
        sums: &mut DrawSums,
        wanted: u64,
    ) -> u64 {
        // Every sum takes its draws here first, whichever way it was called
        // (before any fill), so the check covers them all.
        self.check_floor::<FLOORED>();
        let available = self.made - self.next;
        let taken = available.min(usize::try_from(wanted).unwrap_or(usize::MAX));
        let (from, to) = (self.next, self.next + taken);
        let Totals {
            sum,
            at_least_floor,
        } = &self.totals;
        sums.sum += range_total(s, sum.as_flattened(), from, to);
        if FLOORED {
            sums.sum_at_least_floor += range_total(s, at_least_floor.as_flattened(), from, to);
        }
        self.next = to;
        taken as u64
    }

    /// Refills the used-up reservoir in the lanes of `S`, compiled with their
    /// CPU features. Not generic over the kind of sum, and never inlined: one
    /// copy of the fill serves every sum, which keeps the engine's hot code
    /// small.
    #[inline(never)]
    fn refill<S: Four, R: Rng + ?Sized>(&mut self, s: S, rare: &mut R, wanted: u64) {
        struct Refill<'a, R: ?Sized> {
            lanes: &'a mut LognormalLanes,
            rare: &'a mut R,
            wanted: u64,
        }
        impl<R: Rng + ?Sized> Kernel for Refill<'_, R> {
            type Output = ();
            #[inline(always)]
            fn run<S: Four>(self, s: S) {
                self.lanes.refill_by(s, self.rare, self.wanted);
            }
        }
        s.vectorize(Refill {
            lanes: self,
            rare,
            wanted,
        });
    }

    /// Refills the used-up reservoir with the draws still `wanted` by the current
    /// sum or, if more, those expected: at most `RESERVOIR_STEPS` steps.
    #[inline(always)]
    fn refill_by<S: Four, R: Rng + ?Sized>(&mut self, s: S, rare: &mut R, wanted: u64) {
        let draws = wanted.max(self.expected);
        let steps = draws.div_ceil(LANES as u64).min(RESERVOIR_STEPS as u64) as usize;
        let mut start = 0;
        while start < steps {
            let block = (steps - start).min(BLOCK_STEPS);
            let span = start..=start + block;
            let totals = BlockTotals {
                sum: &mut self.totals.sum[span.clone()],
                at_least_floor: &mut self.totals.at_least_floor[span],
            };
            self.maker.fill(s, rare, block, totals);
            start += block;
        }
        self.made = steps * LANES;
        self.next = 0;
        self.expected = self.expected.saturating_sub(self.made as u64);
    }
}

impl Maker {
    /// The next `steps` steps of every lane's draws (at most `BLOCK_STEPS`), in
    /// the lanes of `S`, as rows of running totals. The arguments of the first
    /// pass are kept in the rows the totals will take.
    #[inline(always)]
    fn fill<S: Four, R: Rng + ?Sized>(
        &mut self,
        s: S,
        rare: &mut R,
        steps: usize,
        totals: BlockTotals,
    ) {
        let (mu, sigma) = (s.f(self.mu), s.f(self.sigma));
        let mut outside: Outside = 0;
        let arguments = &mut totals.sum[1..=steps];
        // The generators' state stays in registers for the block.
        let mut state = self.lanes.load(s);
        for (step, (argument, bits)) in arguments.iter_mut().zip(&mut self.bits).enumerate() {
            let next = XoshiroLanes::advance(s, &mut state);
            s.store_u(next, bits);
            let (z, inside) = normal::candidate_lanes(s, next);
            let step_outside = !s.bitmask(inside) & 0b1111;
            outside |= (step_outside as Outside) << (LANES * step);
            s.store(s.add(mu, s.mul(sigma, z)), argument);
        }
        self.lanes.store(s, state);
        if outside != 0 {
            self.redraw_outside(rare, outside, arguments);
        }
        let limit = s.f(FAST_LIMIT);
        let floor = self.floor.map(|floor| s.f(floor));
        let mut sum = s.load(&totals.sum[0]);
        let mut at_least_floor = s.load(&totals.at_least_floor[0]);
        for step in 1..=steps {
            // The row holds the step's arguments and takes its running totals.
            let row = &mut totals.sum[step];
            let argument = s.load(row);
            let in_range = s.le(s.abs(argument), limit);
            let draws = if s.bitmask(in_range) == 0b1111 {
                exp_in_fast_range_lanes(s, argument)
            } else {
                s.load(&exp_each(*row))
            };
            sum = s.add(sum, draws);
            s.store(sum, row);
            if let Some(floor) = floor {
                // raise(draw, floor): the draw unless it is below the floor.
                at_least_floor = s.add(at_least_floor, s.max(floor, draws));
                s.store(at_least_floor, &mut totals.at_least_floor[step]);
            }
        }
    }

    /// Replaces, in step and lane order, each argument whose candidate was
    /// outside its layer's box (bit `LANES s + l` of `outside` for lane l of step
    /// s) by one from the rest of the ziggurat. One loop over the set bits of
    /// the whole block, rather than one per step, ends on one mispredicted
    /// branch instead of one per step with a lane outside.
    #[cold]
    #[inline(never)]
    fn redraw_outside<R: Rng + ?Sized>(
        &self,
        rare: &mut R,
        mut outside: Outside,
        arguments: &mut [Step],
    ) {
        while outside != 0 {
            let bit = outside.trailing_zeros() as usize;
            outside &= outside - 1;
            let (s, l) = (bit / LANES, bit % LANES);
            let z = normal::outside_the_box(rare, self.bits[s][l]);
            arguments[s][l] = self.mu + self.sigma * z;
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

/// The total of draws `from..to` (counted draw by draw, draw i of a fill in lane
/// i mod 4 of step i / 4) from rows of running totals lane by lane, flattened:
/// for each lane, its total before draw `to` less its total before draw `from`,
/// and the four differences added as (d0 + d1) + (d2 + d3). Each lane's
/// difference is never negative, so neither is the sum.
#[inline(always)]
fn range_total<S: Four>(s: S, totals: &[f64], from: usize, to: usize) -> f64 {
    s.difference(s.totals_before(totals, to), s.totals_before(totals, from))
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::*;
    use crate::sample::dist::raise;

    /// Both sums of `a` and `b` are the same bits.
    fn assert_same_bits(a: DrawSums, b: DrawSums, context: &str) {
        assert_eq!(a.sum.to_bits(), b.sum.to_bits(), "sum, {context}");
        let (fa, fb) = (a.sum_at_least_floor, b.sum_at_least_floor);
        assert_eq!(fa.to_bits(), fb.to_bits(), "floored sum, {context}");
    }

    /// A vector build of the lanes' sums (`vector`) gives the same bits as the
    /// portable one: ordinary, wide (many arguments beyond exp's fast range) and
    /// tiny sigmas, expecting none (short fills) and many draws (full
    /// reservoirs), with sums of every length from 0 to 40 in turn, so that sums
    /// start at every offset into the reservoir and run across refills.
    fn assert_same_bits_as_portable(
        vector: impl Fn(&mut LognormalLanes, &mut Xoshiro256PlusPlus, u64) -> DrawSums,
    ) {
        let parameters = [(0.9, 1.1), (700.0, 20.0), (-2.0, 1e-6), (0.0, 300.0)];
        for ((mu, sigma), expected) in parameters.into_iter().zip([0, 2000, 0, 2000]) {
            let mut lanes = LognormalLanes::new(mu, sigma, Some(2.0), 9, expected);
            let mut portable = lanes.clone();
            let mut rare_v = Xoshiro256PlusPlus::seed_from_u64(10);
            let mut rare_p = rare_v.clone();
            for n in (0..=40).chain([1000]) {
                let v = vector(&mut lanes, &mut rare_v, n);
                let p = portable.sums_portable::<true, _>(&mut rare_p, n);
                assert_same_bits(v, p, &format!("mu {mu} sigma {sigma} n {n}"));
            }
            assert_eq!(rare_v.next_u64(), rare_p.next_u64());
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx_lanes_give_the_same_bits_as_the_portable_ones() {
        use crate::sample::simd::Avx;
        if let Some(avx) = Avx::<false>::here() {
            assert_same_bits_as_portable(|lanes, rare, n| {
                lanes.sums_by::<true, _, _>(avx, rare, n)
            });
        }
        if let Some(avx) = Avx::<true>::here() {
            assert_same_bits_as_portable(|lanes, rare, n| {
                lanes.sums_by::<true, _, _>(avx, rare, n)
            });
        }
    }

    #[test]
    fn the_lanes_of_every_build_here_give_the_same_bits_as_the_portable_ones() {
        // As `sums` runs them: the build's features on, the fill inlined.
        struct Sums<'a>(&'a mut LognormalLanes, &'a mut Xoshiro256PlusPlus, u64);
        impl Kernel for Sums<'_> {
            type Output = DrawSums;
            #[inline(always)]
            fn run<S: Four>(self, s: S) -> DrawSums {
                self.0.sums_by::<true, S, _>(s, self.1, self.2)
            }
        }
        for build in Build::all_here() {
            assert_same_bits_as_portable(|lanes, rare, n| build.run(Sums(lanes, rare, n)));
        }
    }

    /// The draws the lanes make, one by one in step and lane order: each lane's
    /// candidate, finished from `rare` where it falls outside its box.
    fn draws_one_by_one(mu: f64, sigma: f64, seed: u64, rare_seed: u64, n: usize) -> Vec<f64> {
        let mut lanes = XoshiroLanes::new(seed);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(rare_seed);
        let mut draws = Vec::with_capacity(n);
        while draws.len() < n {
            for bits in lanes.next_outputs() {
                let (z, inside) = normal::candidate(bits);
                let z = if inside {
                    z
                } else {
                    normal::outside_the_box(&mut rare, bits)
                };
                draws.push(exp(mu + sigma * z));
            }
        }
        draws.truncate(n);
        draws
    }

    /// A sum with an error of at most one unit in the last place.
    fn accurate_sum(values: impl Iterator<Item = f64>) -> f64 {
        // Neumaier's compensated summation.
        let (mut sum, mut compensation) = (0.0_f64, 0.0_f64);
        for v in values {
            let t = sum + v;
            compensation += if sum.abs() >= v.abs() {
                (sum - t) + v
            } else {
                (v - t) + sum
            };
            sum = t;
        }
        sum + compensation
    }

    #[test]
    fn sums_are_the_draws_sums_within_the_documented_rounding() {
        // Full reservoirs: sums of 0 to 40 draws start at every offset into a
        // fill and some run across refills.
        let fill = RESERVOIR_STEPS * LANES;
        let (mu, sigma, floor, total) = (0.9, 1.1, 2.0, fill * 40);
        let draws = draws_one_by_one(mu, sigma, 3, 4, total);
        let mut lanes = LognormalLanes::new(mu, sigma, Some(floor), 3, total as u64);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(4);
        let (mut from, mut n) = (0, 0);
        while from < total {
            n = (n + 7) % 41;
            let to = (from + n).min(total);
            let sums = lanes.sums::<true, _>(&mut rare, (to - from) as u64);
            let range = &draws[from..to];
            // The error bound: under 2e-14 of the totals of the fills the sum
            // takes its draws from.
            let fills = &draws[from / fill * fill..to.div_ceil(fill).max(1) * fill];
            let bound = |raised: bool| {
                let values = fills
                    .iter()
                    .map(|&d| if raised { raise(d, floor) } else { d });
                2e-14 * values.sum::<f64>()
            };
            let exact = accurate_sum(range.iter().copied());
            assert!((sums.sum - exact).abs() <= bound(false), "{from}..{to}");
            let raised = accurate_sum(range.iter().map(|&d| raise(d, floor)));
            assert!((sums.sum_at_least_floor - raised).abs() <= bound(true));
            assert!(sums.sum >= 0.0);
            let floors = floor * (to - from) as f64;
            assert!(sums.sum_at_least_floor >= floors - bound(true));
            from = to;
        }
    }

    #[test]
    fn sums_use_every_draw_once_in_order_whatever_the_split() {
        let mut whole = LognormalLanes::new(0.5, 0.8, Some(1.5), 3, 0);
        // Expecting all 1,000 draws: filled ahead, the same draws.
        let mut parts = LognormalLanes::new(0.5, 0.8, Some(1.5), 3, 1000);
        let mut rare_w = Xoshiro256PlusPlus::seed_from_u64(4);
        let mut rare_p = rare_w.clone();
        let total = whole.sums::<true, _>(&mut rare_w, 1000);
        let mut sum = 0.0;
        let mut floored = 0.0;
        let (mut used, mut n) = (0, 0);
        while used < 1000 {
            // Sums of 1, 2, 3, ... draws: every offset into a step.
            n = (n + 1).min(1000 - used);
            let part = parts.sums::<true, _>(&mut rare_p, n);
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
        // `sums` takes inline the sums whose draws the reservoir holds;
        // `sums_portable` always goes through `sums_by`.
        let mut inline = LognormalLanes::new(0.9, 1.1, Some(2.0), 7, 5000);
        let mut full = inline.clone();
        let mut rare_i = Xoshiro256PlusPlus::seed_from_u64(8);
        let mut rare_f = rare_i.clone();
        for n in (0..60).cycle().take(200) {
            let a = inline.sums::<true, _>(&mut rare_i, n);
            let b = full.sums_portable::<true, _>(&mut rare_f, n);
            assert_same_bits(a, b, &format!("n {n}"));
        }
    }

    #[test]
    fn reset_lanes_give_the_same_sums_as_new_ones() {
        let mut used = LognormalLanes::new(3.0, 0.2, Some(9.0), 1, 500);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(2);
        used.sums::<true, _>(&mut rare, 77);
        used.reset(0.9, 1.1, Some(2.0), 7, 300);
        let mut fresh = LognormalLanes::new(0.9, 1.1, Some(2.0), 7, 300);
        let (mut rare_u, mut rare_f) = (rare.clone(), rare);
        for n in [5, 0, 130, 1, 60, 200] {
            let u = used.sums::<true, _>(&mut rare_u, n);
            let f = fresh.sums::<true, _>(&mut rare_f, n);
            assert_same_bits(u, f, &format!("n {n}"));
        }
    }

    #[test]
    fn two_sums_give_the_same_bits_as_two_calls() {
        let mut together = LognormalLanes::new(0.9, 1.1, Some(2.0), 7, 3000);
        let mut apart = together.clone();
        let mut rare_t = Xoshiro256PlusPlus::seed_from_u64(8);
        let mut rare_a = rare_t.clone();
        // Pairs within the reservoir, across refills and beyond the expectation.
        let lengths = (0..25).flat_map(|first| [(first, (first * 7) % 13), (first, 0), (0, first)]);
        for (k, (first, second)) in lengths.cycle().take(400).enumerate() {
            let (t_first, t_second) = if k % 2 == 0 {
                together.two_sums::<true, _, _>(Portable, &mut rare_t, first, second)
            } else {
                together.two_sums::<false, _, _>(Portable, &mut rare_t, first, second)
            };
            let a_first = apart.sums::<false, _>(&mut rare_a, first).sum;
            let a_second = if k % 2 == 0 {
                apart.sums::<true, _>(&mut rare_a, second)
            } else {
                apart.sums::<false, _>(&mut rare_a, second)
            };
            assert_eq!(t_first.to_bits(), a_first.to_bits(), "{first} {second}");
            assert_same_bits(t_second, a_second, &format!("{first} {second}"));
        }
        assert_eq!(rare_t.next_u64(), rare_a.next_u64());
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn reading_the_totals_with_avx_gives_the_same_bits() {
        let Some(avx) = crate::sample::simd::Avx::<false>::here() else {
            return;
        };
        let mut lanes = LognormalLanes::new(0.9, 1.1, Some(2.0), 7, 3000);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(8);
        lanes.sums::<true, _>(&mut rare, 1);
        assert_eq!(lanes.made, RESERVOIR_STEPS * LANES, "a full reservoir");
        let made = lanes.made;
        let lengths = [0, 1, 2, 3, 4, 5, 7, 13, 64, 101];
        for from in 0..=made {
            for (&a, &b) in lengths.iter().zip(lengths.iter().rev()) {
                let (middle, to) = (from + a, from + a + b);
                if to > made {
                    continue;
                }
                let portable = lanes.made_sums::<true, _>(Portable, from, middle, to);
                let avx2 = lanes.made_sums::<true, _>(avx, from, middle, to);
                let context = format!("{from} {middle} {to}");
                assert_eq!(portable.0.to_bits(), avx2.0.to_bits(), "{context}");
                assert_same_bits(portable.1, avx2.1, &context);
            }
        }
    }

    #[test]
    fn a_floor_changes_no_draw() {
        let mut floored = LognormalLanes::new(0.9, 1.1, Some(2.0), 7, 300);
        let mut plain = LognormalLanes::new(0.9, 1.1, None, 7, 300);
        let mut rare_f = Xoshiro256PlusPlus::seed_from_u64(8);
        let mut rare_p = rare_f.clone();
        for n in [5, 0, 130, 1, 60, 200] {
            let f = floored.sums::<true, _>(&mut rare_f, n).sum;
            let p = plain.sums::<false, _>(&mut rare_p, n).sum;
            assert_eq!(f.to_bits(), p.to_bits(), "n {n}");
        }
    }

    #[test]
    #[should_panic(expected = "floored sums from lanes without a floor")]
    fn floored_sums_need_a_floor() {
        let mut plain = LognormalLanes::new(0.9, 1.1, None, 7, 300);
        plain.sums::<true, _>(&mut Xoshiro256PlusPlus::seed_from_u64(8), 3);
    }

    #[test]
    #[should_panic(expected = "floored sums from lanes without a floor")]
    fn floored_sums_need_a_floor_on_the_full_path_too() {
        let mut plain = LognormalLanes::new(0.9, 1.1, None, 7, 300);
        plain.sums_portable::<true, _>(&mut Xoshiro256PlusPlus::seed_from_u64(8), 3);
    }

    #[test]
    fn draws_are_made_ahead_as_far_as_expected_and_no_further() {
        let mut lanes = LognormalLanes::new(0.5, 0.8, None, 3, 300);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(4);
        lanes.sums::<false, _>(&mut rare, 1);
        assert_eq!(lanes.made, RESERVOIR_STEPS * LANES, "a full reservoir");
        assert_eq!(lanes.expected, 300 - lanes.made as u64);
        lanes.sums::<false, _>(&mut rare, 299);
        assert_eq!(lanes.made - lanes.next, 0, "300 = 75 steps: none left over");
        // Beyond the expectation: only what the sum wants.
        lanes.sums::<false, _>(&mut rare, 5);
        assert_eq!((lanes.made, lanes.next), (8, 5));
    }

    #[test]
    fn the_floored_sum_raises_every_draw_to_the_floor() {
        // A floor above every draw: the floored sum is n times the floor.
        let mut lanes = LognormalLanes::new(0.0, 0.1, Some(1e6), 5, 0);
        let mut rare = Xoshiro256PlusPlus::seed_from_u64(6);
        let sums = lanes.sums::<true, _>(&mut rare, 37);
        assert_eq!(sums.sum_at_least_floor, 37.0 * 1e6);
        // The draws themselves are near exp(0) = 1.
        assert!(sums.sum > 37.0 * 0.5 && sums.sum < 37.0 * 2.0);
        assert_eq!(lanes.sums::<true, _>(&mut rare, 0), DrawSums::default());
        // Unfloored sums leave the floored one at 0.
        let plain = lanes.sums::<false, _>(&mut rare, 37);
        assert!(plain.sum > 0.0 && plain.sum_at_least_floor == 0.0);
    }

    #[test]
    fn range_totals_take_each_lane_from_the_row_before_its_draw() {
        // Two steps of draws 1, 2, 4, 8 and 16, 32, 64, 128: rows of totals,
        // whose sums of powers of two are exact, so any wrong pairing shows.
        let rows = [[0.0; 4], [1.0, 2.0, 4.0, 8.0], [17.0, 34.0, 68.0, 136.0]];
        let draws = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0];
        for from in 0..=8 {
            for to in from..=8 {
                let exact: f64 = draws[from..to].iter().sum();
                let total = range_total(Portable, rows.as_flattened(), from, to);
                assert_eq!(total, exact, "{from}..{to}");
            }
        }
    }
}
