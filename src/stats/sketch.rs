//! A mergeable quantile sketch with a guaranteed relative error.
//!
//! Each value goes into a bucket given by the top bits of its IEEE-754 pattern:
//! sign, exponent and the first [`MANTISSA_BITS`] mantissa bits. For positive
//! doubles the bit pattern is monotone in the value, so buckets are contiguous,
//! ordered intervals [lo, hi) with hi/lo <= 1 + 2^-12. A quantile is reported as
//! the midpoint of the bucket holding the wanted order statistic, so
//! |reported - exact| <= 2^-13 x |exact| (relative error below 1.23e-4), and it is
//! clamped to the exact minimum and maximum. Counts are integers: merging sketches
//! is exact and order-independent, whatever the number of threads.
//!
//! Memory is bounded: each sign keeps at most [`MAX_BUCKETS`] buckets, the 32
//! binades (a factor of 4.3e9) below the largest magnitude seen. Smaller
//! magnitudes of that sign are counted in the lowest kept bucket, so a quantile
//! that falls among them is off by at most 2^-31 of the largest magnitude. Real
//! business figures rarely span that range; the bound matters only for
//! pathological inputs (a fuzzed scenario spanning 1e-200 to 1e11 used 23 MB per
//! sketch before the cap).
//!
//! Quantile estimator: Hyndman and Fan's type 1 (inverse of the empirical CDF),
//! the k-th smallest value with k = max(1, ceil(q n)), within the bound above.

use super::counts::Counts;
use super::wire::{Reader, WireError, Writer};

/// Mantissa bits kept in a bucket index.
pub(crate) const MANTISSA_BITS: u32 = 12;
const SHIFT: u32 = 52 - MANTISSA_BITS;
/// Bound on the relative error of a reported quantile.
pub(crate) const RELATIVE_ERROR: f64 = 1.0 / (1u64 << (MANTISSA_BITS + 1)) as f64;

/// Most buckets one store keeps: 32 binades (a factor of 4.3e9) at full
/// resolution, 640 KiB at most (five bytes a bucket). Magnitudes more than 32
/// binades below the largest seen are counted in the lowest kept bucket (see
/// the module doc).
pub(crate) const MAX_BUCKETS: u64 = 1 << 17;

/// Counts per bucket for one sign, stored densely from `first` on, never more
/// than [`MAX_BUCKETS`] wide ([`Counts`]: a byte per bucket is touched as values
/// are added).
#[derive(Debug, Clone, Default)]
struct Store {
    first: u64,
    counts: Counts,
}

impl Store {
    fn top(&self) -> u64 {
        self.first + self.counts.len() as u64 - 1
    }

    #[inline]
    fn add(&mut self, index: u64, count: u64) {
        // Inside the window nothing moves: the common case, kept short.
        if !self.counts.is_empty() && index >= self.first && index <= self.top() {
            self.counts.add((index - self.first) as usize, count);
            return;
        }
        self.add_outside(index, count);
    }

    /// Adds one to the bucket of each index, in the order given: the same as
    /// [`Store::add`] on each in turn. Indices inside the window are independent
    /// increments in a short loop, so the core overlaps their cache misses.
    fn add_each(&mut self, indices: &[u64]) {
        let mut first = self.first;
        let mut width = self.counts.len() as u64;
        for &index in indices {
            let offset = index.wrapping_sub(first);
            if offset < width {
                self.counts.increment(offset as usize);
            } else {
                self.add_outside(index, 1);
                first = self.first;
                width = self.counts.len() as u64;
            }
        }
    }

    /// [`Store::add`] for an index outside the window: grows or collapses it.
    #[cold]
    fn add_outside(&mut self, index: u64, count: u64) {
        if self.counts.is_empty() {
            self.first = index;
            self.counts.resize(1);
        }
        // The window ends at the largest index seen and is at most MAX_BUCKETS wide.
        // The largest only grows, so which buckets end up collapsed does not depend
        // on the order of additions: merging stays exact and order-free.
        let lowest = self.top().max(index).saturating_sub(MAX_BUCKETS - 1);
        if lowest > self.first {
            self.collapse_below(lowest);
        }
        let index = index.max(lowest);
        if index < self.first {
            let grow = (self.first - index) as usize;
            self.counts.prepend_empty(grow);
            self.first = index;
        } else if index > self.top() {
            self.counts.resize((index - self.first) as usize + 1);
        }
        self.counts.add((index - self.first) as usize, count);
    }

    /// Moves the counts of every bucket below `lowest` into bucket `lowest`.
    #[cold]
    fn collapse_below(&mut self, lowest: u64) {
        let cut = ((lowest - self.first) as usize).min(self.counts.len());
        let moved = self.counts.remove_first(cut);
        if self.counts.is_empty() {
            self.counts.resize(1);
        }
        self.first = lowest;
        self.counts.add(0, moved);
    }

    fn merge(&mut self, other: &Store) {
        for (i, c) in other.counts.iter().enumerate() {
            if c > 0 {
                self.add(other.first + i as u64, c);
            }
        }
    }

    /// (bucket index, count) in increasing index order.
    fn buckets(&self) -> impl DoubleEndedIterator<Item = (u64, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|&(_, c)| c > 0)
            .map(|(i, c)| (self.first + i as u64, c))
    }
}

impl Store {
    /// The window's first index, its width, then each count (variable length).
    fn write(&self, w: &mut Writer) {
        w.u64(self.first);
        w.varint(self.counts.len() as u64);
        self.counts.iter().for_each(|c| w.varint(c));
    }

    fn read(r: &mut Reader) -> Result<Store, WireError> {
        let first = r.u64()?;
        let len = r.len(1)?;
        if len as u64 > MAX_BUCKETS || first.checked_add(len as u64).is_none() {
            return Err(WireError(format!(
                "a sketch of {len} buckets from {first}: at most {MAX_BUCKETS} are kept"
            )));
        }
        let mut counts = Counts::default();
        counts.resize(len);
        for i in 0..len {
            let c = r.varint()?;
            if c >= 1 << 40 {
                return Err(WireError(format!("a bucket count of {c}")));
            }
            counts.add(i, c);
        }
        Ok(Store { first, counts })
    }

    fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

#[inline]
fn index_of(magnitude: f64) -> u64 {
    magnitude.to_bits() >> SHIFT
}

/// Midpoint of bucket `index` (a positive value).
fn midpoint(index: u64) -> f64 {
    let lo = f64::from_bits(index << SHIFT);
    let hi = f64::from_bits((index + 1) << SHIFT);
    if hi.is_finite() { 0.5 * (lo + hi) } else { lo }
}

#[derive(Debug, Clone)]
pub struct Sketch {
    positive: Store,
    negative: Store,
    zeros: u64,
    n: u64,
    min: f64,
    max: f64,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch {
            positive: Store::default(),
            negative: Store::default(),
            zeros: 0,
            n: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Sketch {
    /// Values this close to zero count as zero (their relative error is meaningless).
    pub const ZERO: f64 = 1e-300;

    #[inline]
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        if x > Self::ZERO {
            self.positive.add(index_of(x), 1);
        } else if x < -Self::ZERO {
            self.negative.add(index_of(-x), 1);
        } else {
            self.zeros += 1;
        }
    }

    /// [`Sketch::add`] of each value in turn, with the same result, faster for
    /// many values: the bucket indices of a block of values are found first and
    /// the buckets incremented after, each sign's in the original order (the two
    /// stores are independent, so only the order within a store matters, and it
    /// is kept: growth and collapse see exactly what they would one by one).
    pub fn add_all(&mut self, values: &[f64]) {
        const BLOCK: usize = 256;
        let mut positive = [0u64; BLOCK];
        let mut negative = [0u64; BLOCK];
        for block in values.chunks(BLOCK) {
            let (mut p, mut q) = (0, 0);
            for &x in block {
                self.min = self.min.min(x);
                self.max = self.max.max(x);
                // Both slots written, the count moved only for the value's sign:
                // no branch on data.
                positive[p] = index_of(x);
                negative[q] = index_of(-x);
                p += usize::from(x > Self::ZERO);
                q += usize::from(x < -Self::ZERO);
            }
            self.n += block.len() as u64;
            self.zeros += (block.len() - p - q) as u64;
            self.positive.add_each(&positive[..p]);
            self.negative.add_each(&negative[..q]);
        }
    }

    pub fn merge(&mut self, other: &Sketch) {
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zeros += other.zeros;
        self.n += other.n;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Writes the sketch so that [`Sketch::read`] gives one that reports the
    /// same quantiles, histogram, minimum and maximum, and merges the same.
    pub fn write(&self, w: &mut Writer) {
        self.positive.write(w);
        self.negative.write(w);
        w.u64(self.zeros);
        w.u64(self.n);
        w.f64(self.min);
        w.f64(self.max);
    }

    /// Reads a sketch written by [`Sketch::write`], checking that its counts add up.
    pub fn read(r: &mut Reader) -> Result<Sketch, WireError> {
        let sketch = Sketch {
            positive: Store::read(r)?,
            negative: Store::read(r)?,
            zeros: r.u64()?,
            n: r.u64()?,
            min: r.f64()?,
            max: r.f64()?,
        };
        let counted = sketch
            .positive
            .total()
            .checked_add(sketch.negative.total())
            .and_then(|t| t.checked_add(sketch.zeros));
        if counted != Some(sketch.n) {
            return Err(WireError(format!(
                "a sketch of {} values whose buckets do not add up to it",
                sketch.n
            )));
        }
        Ok(sketch)
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    pub fn min(&self) -> f64 {
        self.min
    }

    pub fn max(&self) -> f64 {
        self.max
    }

    /// Buckets as (representative value, count), from the smallest value up.
    fn ordered(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        let negative = self
            .negative
            .buckets()
            .rev()
            .map(|(i, c)| (-midpoint(i), c));
        let zero = (self.zeros > 0).then_some((0.0, self.zeros));
        let positive = self.positive.buckets().map(|(i, c)| (midpoint(i), c));
        negative.chain(zero).chain(positive)
    }

    /// The type-1 quantile q in [0, 1], within [`RELATIVE_ERROR`]; NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for (value, count) in self.ordered() {
            seen += count;
            if seen >= rank {
                return value.clamp(self.min, self.max);
            }
        }
        self.max
    }

    /// Counts in `bins` equal-width bins over [min, max], each bucket placed by
    /// its representative value.
    pub fn histogram(&self, bins: usize) -> (f64, f64, Vec<u64>) {
        let mut counts = vec![0; bins];
        if self.n == 0 {
            return (0.0, 0.0, counts);
        }
        let width = (self.max - self.min) / bins as f64;
        for (value, count) in self.ordered() {
            let bin = if width > 0.0 {
                (((value.clamp(self.min, self.max) - self.min) / width) as usize).min(bins - 1)
            } else {
                0
            };
            counts[bin] += count;
        }
        (self.min, width, counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_type1(sorted: &[f64], q: f64) -> f64 {
        let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[k - 1]
    }

    #[test]
    fn quantiles_within_the_stated_bound() {
        // A deterministic spread of values over six orders of magnitude, both signs.
        let mut values: Vec<f64> = (1..=20_000)
            .map(|i| {
                let u = ((i as u64 * 2_654_435_761) % 1_000_003) as f64 / 1_000_003.0;
                let sign = if i % 7 == 0 { -1.0 } else { 1.0 };
                sign * 10f64.powf(6.0 * u)
            })
            .collect();
        values.push(0.0);
        let mut sketch = Sketch::default();
        values.iter().for_each(|&v| sketch.add(v));
        values.sort_by(f64::total_cmp);
        for q in [0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0] {
            let exact = exact_type1(&values, q);
            let got = sketch.quantile(q);
            assert!(
                (got - exact).abs() <= RELATIVE_ERROR * exact.abs(),
                "q={q}: got {got}, exact {exact}"
            );
        }
    }

    #[test]
    fn merging_is_exact_and_order_free() {
        let mut whole = Sketch::default();
        let mut a = Sketch::default();
        let mut b = Sketch::default();
        for i in 0..5000 {
            let x = (i as f64 * 0.37).sin() * 1000.0;
            whole.add(x);
            if i % 3 == 0 { a.add(x) } else { b.add(x) }
        }
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        for q in [0.05, 0.5, 0.95] {
            assert_eq!(ab.quantile(q).to_bits(), whole.quantile(q).to_bits());
            assert_eq!(ba.quantile(q).to_bits(), whole.quantile(q).to_bits());
        }
    }

    #[test]
    fn a_huge_range_keeps_memory_bounded_and_the_upper_quantiles_exact() {
        let mut sketch = Sketch::default();
        let mut values: Vec<f64> = (0..4000)
            .map(|i| 10f64.powf(-200.0 + 211.0 * i as f64 / 3999.0))
            .collect();
        values.iter().for_each(|&v| sketch.add(v));
        assert!(sketch.positive.counts.len() as u64 <= MAX_BUCKETS);
        values.sort_by(f64::total_cmp);
        let largest = values[values.len() - 1];
        for q in [0.0, 0.01, 0.5, 0.9, 0.99, 1.0] {
            let exact = exact_type1(&values, q);
            let got = sketch.quantile(q);
            let bound = (RELATIVE_ERROR * exact).max(largest / 2f64.powi(31));
            assert!(
                (got - exact).abs() <= bound,
                "q={q}: got {got}, exact {exact}"
            );
        }
        // Collapsing depends only on the largest value: any order gives the same sketch.
        let mut reversed = Sketch::default();
        values.iter().rev().for_each(|&v| reversed.add(v));
        for q in [0.0, 0.3, 0.97] {
            assert_eq!(reversed.quantile(q).to_bits(), sketch.quantile(q).to_bits());
        }
    }

    fn assert_same_state(a: &Sketch, b: &Sketch) {
        for (x, y) in [(&a.positive, &b.positive), (&a.negative, &b.negative)] {
            assert_eq!(x.first, y.first);
            assert_eq!(x.counts, y.counts);
        }
        assert_eq!((a.zeros, a.n), (b.zeros, b.n));
        assert_eq!(a.min.to_bits(), b.min.to_bits());
        assert_eq!(a.max.to_bits(), b.max.to_bits());
    }

    #[test]
    fn adding_a_column_is_adding_each_value_in_turn() {
        // Both signs, zeros of both signs, values counted as zero, a NaN, a window
        // that grows both ways and collapses (a range beyond MAX_BUCKETS), and
        // lengths around the block of 256.
        let mut values: Vec<f64> = (0..3000)
            .map(|i| {
                let u = ((i as u64 * 2_654_435_761) % 1_000_003) as f64 / 1_000_003.0;
                let sign = if i % 5 == 0 { -1.0 } else { 1.0 };
                sign * 10f64.powf(-250.0 + 260.0 * u)
            })
            .collect();
        values.extend([0.0, -0.0, 1e-301, -1e-301, f64::NAN, 3.0, -0.0, 0.0]);
        values.rotate_right(700);
        for len in [0, 1, 255, 256, 257, 1000, values.len()] {
            for start in [0, 3] {
                let column = &values[start.min(len)..len];
                let mut one_by_one = Sketch::default();
                column.iter().for_each(|&v| one_by_one.add(v));
                let mut at_once = Sketch::default();
                at_once.add_all(column);
                assert_same_state(&one_by_one, &at_once);
                // Into a sketch that already holds values, in two parts.
                let (head, tail) = column.split_at(column.len() / 3);
                let mut parts = Sketch::default();
                parts.add_all(tail);
                parts.add_all(head);
                let mut reference = Sketch::default();
                tail.iter().chain(head).for_each(|&v| reference.add(v));
                assert_same_state(&reference, &parts);
            }
        }
    }

    #[test]
    fn buckets_count_past_a_byte_when_added_and_merged() {
        // 1,000 ones and 300 twos: each bucket's low byte wraps several times.
        let mut values = vec![1.0; 1000];
        values.extend([2.0; 300]);
        let mut one = Sketch::default();
        one.add_all(&values);
        let mut both = one.clone();
        both.merge(&one);
        assert_eq!(both.count(), 2600);
        // 2,000 of 2,600 are ones: rank 2,000 is 1, rank 2,001 is 2.
        // (A bucket's midpoint, within the bound; the maximum is exact.)
        assert!((both.quantile(2000.0 / 2600.0) - 1.0).abs() <= RELATIVE_ERROR);
        assert_eq!(both.quantile(2001.0 / 2600.0), 2.0);
        let (_, _, bins) = both.histogram(2);
        assert_eq!(bins, [2000, 600]);
    }

    #[test]
    fn histogram_counts_everything() {
        let mut s = Sketch::default();
        (0..1000).for_each(|i| s.add(i as f64));
        let (lo, width, counts) = s.histogram(10);
        assert_eq!(lo, 0.0);
        assert!((width - 99.9).abs() < 1e-9);
        assert_eq!(counts.iter().sum::<u64>(), 1000);
        assert!(counts.iter().all(|&c| (95..=105).contains(&c)));
    }

    #[test]
    fn a_sketch_written_and_read_reports_and_merges_the_same() {
        let mut a = Sketch::default();
        let mut b = Sketch::default();
        for i in 0..50_000u64 {
            let x = ((i * 2_654_435_761) % 1_000_003) as f64 - 300_000.0;
            // Counts past a byte, both signs, zeros, and one far magnitude.
            a.add(if i % 11 == 0 { 0.0 } else { x.round() / 7.0 });
            b.add(x * 1e3);
        }
        a.add(1e30);
        let mut w = Writer::default();
        a.write(&mut w);
        b.write(&mut w);
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes);
        let (ra, rb) = (Sketch::read(&mut r).unwrap(), Sketch::read(&mut r).unwrap());
        r.finish().unwrap();
        let report = |s: &Sketch| {
            let q: Vec<u64> = (0..=200)
                .map(|k| s.quantile(k as f64 / 200.0).to_bits())
                .collect();
            (s.count(), s.min(), s.max(), q, s.histogram(20))
        };
        assert_eq!(report(&ra), report(&a));
        let (mut merged, mut read_merged) = (a.clone(), ra.clone());
        merged.merge(&b);
        read_merged.merge(&rb);
        assert_eq!(report(&read_merged), report(&merged));
        // A cut or a count that does not add up is an error, not a panic.
        for cut in [0, 5, bytes.len() / 3] {
            assert!(Sketch::read(&mut Reader::new(&bytes[..cut])).is_err());
        }
        let mut bad = Writer::default();
        let mut lying = a.clone();
        lying.n += 1;
        lying.write(&mut bad);
        let bad = bad.into_bytes();
        assert!(Sketch::read(&mut Reader::new(&bad)).is_err());
    }
}
