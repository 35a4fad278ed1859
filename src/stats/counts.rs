//! A sketch's bucket counts, kept in two arrays so that the one a run touches
//! for every value is small: the low byte of each count in one (`low`), the rest
//! in another (`high`), which is touched only when a low byte wraps past 255.
//! bench-40's sketches hold about 2 million buckets; at one byte each rather
//! than four, four times as many of them stay in cache, which is where most of
//! a run's statistics time went. A count is `high * 256 + low`. `high` is
//! allocated only once some count reaches 256: a sketch whose buckets each hold
//! few values (a scenario's thousands of activities, a short run) takes one
//! byte a bucket, not five. Equality compares the counts, not the arrays.

/// Counts of a run of buckets, indexed from 0.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    low: Vec<u8>,
    /// Empty, or as long as `low`.
    high: Vec<u32>,
}

impl PartialEq for Counts {
    fn eq(&self, other: &Counts) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Counts {}

impl Counts {
    pub(crate) fn len(&self) -> usize {
        self.low.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.low.is_empty()
    }

    /// The count of bucket `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> u64 {
        let high = self.high.get(i).copied().unwrap_or(0);
        u64::from(high) << 8 | u64::from(self.low[i])
    }

    /// Allocates `high` when a count first reaches 256.
    fn with_high(&mut self) -> &mut Vec<u32> {
        if self.high.is_empty() {
            self.high = vec![0; self.low.len()];
        }
        &mut self.high
    }

    /// Adds one to bucket `i`: one byte written, and the high part only when
    /// the byte wraps.
    #[inline(always)]
    pub(crate) fn increment(&mut self, i: usize) {
        let low = self.low[i].wrapping_add(1);
        self.low[i] = low;
        if low == 0 {
            self.carry(i);
        }
    }

    #[cold]
    fn carry(&mut self, i: usize) {
        self.with_high()[i] += 1;
    }

    /// Adds `count` to bucket `i`.
    pub(crate) fn add(&mut self, i: usize, count: u64) {
        let total = self.get(i) + count;
        self.low[i] = total as u8;
        let high = u32::try_from(total >> 8).expect("a bucket counts under 2^40 values");
        if high > 0 || !self.high.is_empty() {
            self.with_high()[i] = high;
        }
    }

    /// Adds `n` empty buckets before the first.
    pub(crate) fn prepend_empty(&mut self, n: usize) {
        self.low.splice(0..0, std::iter::repeat_n(0, n));
        if !self.high.is_empty() {
            self.high.splice(0..0, std::iter::repeat_n(0, n));
        }
    }

    /// Makes the run `len` buckets long, new buckets empty.
    pub(crate) fn resize(&mut self, len: usize) {
        self.low.resize(len, 0);
        if !self.high.is_empty() {
            self.high.resize(len, 0);
        }
    }

    /// Removes the first `n` buckets and returns their total count.
    pub(crate) fn remove_first(&mut self, n: usize) -> u64 {
        let total = (0..n).map(|i| self.get(i)).sum();
        self.low.drain(..n);
        if !self.high.is_empty() {
            self.high.drain(..n);
        }
        total
    }

    /// The counts in order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = u64> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_carry_past_a_byte_and_stay_in_one_form() {
        let mut by_one = Counts::default();
        by_one.resize(3);
        for _ in 0..70_000 {
            by_one.increment(1);
        }
        by_one.increment(2);
        assert_eq!(by_one.iter().collect::<Vec<_>>(), [0, 70_000, 1]);
        let mut at_once = Counts::default();
        at_once.resize(3);
        at_once.add(1, 69_999);
        at_once.add(1, 1);
        at_once.add(2, 1);
        assert_eq!(by_one, at_once);
        // 255 + 1 wraps the byte into the high part, exactly as 256 added at once.
        let mut wrap = Counts::default();
        wrap.resize(1);
        wrap.add(0, 255);
        wrap.increment(0);
        let mut whole = Counts::default();
        whole.resize(1);
        whole.add(0, 256);
        assert_eq!(wrap, whole);
        assert_eq!(wrap.get(0), 256);
    }

    #[test]
    fn the_high_part_is_allocated_only_when_a_count_reaches_256() {
        let mut c = Counts::default();
        c.resize(1000);
        for i in 0..1000 {
            c.add(i, 255);
        }
        c.prepend_empty(5);
        assert!(c.high.is_empty(), "counts under 256 take one byte each");
        c.increment(7);
        assert_eq!(c.high.len(), c.len(), "allocated whole at the first carry");
        assert_eq!(c.get(7), 256);
        assert_eq!(c.get(8), 255);
        let mut small = Counts::default();
        small.resize(1005);
        for i in 5..1005 {
            small.add(i, if i == 7 { 256 } else { 255 });
        }
        assert_eq!(c, small, "equal counts are equal however they were stored");
    }

    #[test]
    fn buckets_move_with_their_counts() {
        let mut c = Counts::default();
        c.resize(2);
        c.add(0, 300);
        c.add(1, 5);
        c.prepend_empty(2);
        c.resize(5);
        c.increment(4);
        assert_eq!(c.iter().collect::<Vec<_>>(), [0, 0, 300, 5, 1]);
        assert_eq!(c.remove_first(3), 300);
        assert_eq!(c.iter().collect::<Vec<_>>(), [5, 1]);
        assert_eq!(c.len(), 2);
    }
}
