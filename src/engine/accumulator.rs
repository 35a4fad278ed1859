//! Per-worker statistics of a run. Records are buffered column by column, a
//! whole chunk's worth ([`BATCH_ITERATIONS`]), and folded in one column at a
//! time, so a sketch's buckets are brought into cache once for many values: the
//! sketches of bench-40 hold about 2 million buckets in all, far more than stays
//! cached from one fold to the next. Each column's moments are taken
//! [`MOMENTS_BLOCK`] values at a time and merged in order. Order-free parts
//! (sketches, counts) need no order; moments, whose floating-point merge depends
//! on order, are handed back per chunk ([`Accumulator::finish_chunk`]) for the
//! driver to merge in chunk order. The result is therefore the same for any
//! number of threads.

use super::CHUNK_ITERATIONS;
use super::record::{Layout, Record};
use crate::stats::moments::Moments;
use crate::stats::sketch::Sketch;
use crate::stats::wire::{Reader, WireError, Writer};

/// Iterations buffered before they are folded into the statistics: a chunk.
pub const BATCH_ITERATIONS: usize = CHUNK_ITERATIONS as usize;

/// Values of a column whose moments are taken together ([`Moments::of`])
/// before being merged, in order, into the chunk's.
pub const MOMENTS_BLOCK: usize = 256;

/// The most a worker's batch buffer may take, in bytes. A record of thousands
/// of activities (two figures each) would otherwise take 165 MB a worker.
pub const MAX_BATCH_BYTES: usize = 16 << 20;

/// Iterations a worker buffers before folding them: [`BATCH_ITERATIONS`], or,
/// for a record too wide for [`MAX_BATCH_BYTES`], the largest power of two
/// that fits, down to [`MOMENTS_BLOCK`]. A batch is a whole number of moment
/// blocks that starts with its chunk, so the blocks, and so every result, are
/// the same whatever the batch's size.
pub fn batch_rows_for(series: usize) -> usize {
    let mut rows = BATCH_ITERATIONS;
    while rows > MOMENTS_BLOCK && series * column_stride(rows) * 8 > MAX_BATCH_BYTES {
        rows /= 2;
    }
    rows
}

/// Distance between columns in the buffer, in values: a batch and one cache
/// line more. Columns a whole number of 4 KiB pages apart would make the
/// stores of one record alias in the CPU's store buffer.
const fn column_stride(rows: usize) -> usize {
    rows + 8
}

/// Moments of one chunk of iterations.
#[derive(Debug, Clone)]
pub struct ChunkMoments {
    /// Index of the chunk in the run, which fixes its place in the merge order.
    pub chunk: u64,
    /// Moments of each record scalar, by [`Layout`] index.
    pub scalars: Vec<Moments>,
    /// Moments of each model's monthly cash run cost (`Layout::month`).
    pub monthly_run_cost: Vec<Moments>,
    /// Moments of each model's monthly cumulative cash cost (`Layout::month`).
    pub monthly_cumulative_cost: Vec<Moments>,
    /// Per compared model: iterations of these chunks in which its TCO was
    /// below the baseline's.
    pub cheaper: Vec<u64>,
    /// The chunks as independent replicates ([`Replicates`]).
    pub replicates: Replicates,
}

/// Each chunk is a randomised replicate of the sampling design
/// ([`crate::sample::points`]): the moments, over chunks, of each chunk's mean
/// of every record scalar and of each compared model's share of iterations
/// cheaper than the baseline. Their spread gives the standard errors of
/// stratified sampling ([`ChunkMoments::standard_error`]).
#[derive(Debug, Clone, Default)]
pub struct Replicates {
    /// Over chunks: the chunk's mean of each record scalar.
    pub scalars: Vec<Moments>,
    /// Over chunks: the chunk's share of cheaper iterations, per compared model.
    pub cheaper: Vec<Moments>,
}

/// Fewest chunks whose spread gives a standard error; fewer use the iid formula.
pub const MIN_REPLICATES: u64 = 8;

impl ChunkMoments {
    /// Empty moments for chunk `chunk` of a run laid out as `layout`.
    pub fn new(layout: &Layout, chunk: u64) -> ChunkMoments {
        let months = layout.models() * layout.horizon_months;
        ChunkMoments {
            chunk,
            scalars: vec![Moments::default(); layout.scalars],
            monthly_run_cost: vec![Moments::default(); months],
            monthly_cumulative_cost: vec![Moments::default(); months],
            cheaper: vec![0; layout.models().saturating_sub(1)],
            replicates: Replicates::default(),
        }
    }

    /// Merges the moments of the chunk that follows this one.
    pub fn merge(&mut self, other: &ChunkMoments) {
        merge_all(&mut self.scalars, &other.scalars);
        merge_all(&mut self.monthly_run_cost, &other.monthly_run_cost);
        merge_all(
            &mut self.monthly_cumulative_cost,
            &other.monthly_cumulative_cost,
        );
        add_counts(&mut self.cheaper, &other.cheaper);
        merge_all(&mut self.replicates.scalars, &other.replicates.scalars);
        merge_all(&mut self.replicates.cheaper, &other.replicates.cheaper);
    }

    /// Makes one finished chunk its own replicate.
    fn seal(&mut self) {
        let one = |mean: f64| Moments {
            n: 1,
            mean,
            m2: 0.0,
        };
        let n = self.scalars.first().map_or(0, |m| m.n);
        self.replicates = Replicates {
            scalars: self.scalars.iter().map(|m| one(m.mean)).collect(),
            cheaper: self
                .cheaper
                .iter()
                .map(|&c| one(if n == 0 { 0.0 } else { c as f64 / n as f64 }))
                .collect(),
        };
    }

    /// Chunks merged here, as replicates.
    pub fn replicate_count(&self) -> u64 {
        self.replicates.scalars.first().map_or(0, |m| m.n)
    }

    /// Whether standard errors come from the spread of chunk means: under
    /// stratified sampling with at least [`MIN_REPLICATES`] chunks.
    pub fn by_replicates(&self, stratified: bool) -> bool {
        stratified && self.replicate_count() >= MIN_REPLICATES
    }

    /// The standard error of the mean of record scalar `i`: the standard
    /// deviation of the chunk means over the square root of the chunk count
    /// when [`ChunkMoments::by_replicates`], else the iid sd / sqrt(n).
    pub fn standard_error(&self, i: usize, stratified: bool) -> f64 {
        if self.by_replicates(stratified) {
            self.replicates.scalars[i].se()
        } else {
            self.scalars[i].se()
        }
    }

    /// The standard error of compared model `c`'s probability `p` of being
    /// cheaper: from the chunks' shares as [`ChunkMoments::standard_error`],
    /// else binomial, sqrt(p (1 - p) / n).
    pub fn cheaper_standard_error(&self, c: usize, p: f64, n: u64, stratified: bool) -> f64 {
        if self.by_replicates(stratified) {
            self.replicates.cheaper[c].se()
        } else {
            (p * (1.0 - p) / n as f64).sqrt()
        }
    }
}

impl ChunkMoments {
    /// Writes the chunk's moments with their exact bits, for a shard's partial.
    pub fn write(&self, w: &mut Writer) {
        w.u64(self.chunk);
        for list in [
            &self.scalars,
            &self.monthly_run_cost,
            &self.monthly_cumulative_cost,
        ] {
            w.varint(list.len() as u64);
            list.iter().for_each(|m| m.write(w));
        }
        w.varint(self.cheaper.len() as u64);
        self.cheaper.iter().for_each(|&c| w.varint(c));
    }

    /// Reads a chunk's moments written by [`ChunkMoments::write`] for a run
    /// laid out as `layout`.
    pub fn read(r: &mut Reader, layout: &Layout) -> Result<ChunkMoments, WireError> {
        let mut moments = ChunkMoments::new(layout, r.u64()?);
        for (list, what) in [
            (&mut moments.scalars, "figures per iteration"),
            (&mut moments.monthly_run_cost, "monthly run costs"),
            (
                &mut moments.monthly_cumulative_cost,
                "monthly cumulative costs",
            ),
        ] {
            r.expect_len(list.len(), what)?;
            for m in list.iter_mut() {
                *m = Moments::read(r)?;
            }
        }
        r.expect_len(moments.cheaper.len(), "counts")?;
        for c in moments.cheaper.iter_mut() {
            *c = r.varint()?;
        }
        moments.seal();
        Ok(moments)
    }
}

fn merge_all(into: &mut [Moments], from: &[Moments]) {
    for (a, b) in into.iter_mut().zip(from) {
        a.merge(b);
    }
}

/// Up to a batch of records of one series group, stored column-major: value
/// `i` of series `s` is at `s * stride + i`.
#[derive(Debug, Clone)]
struct Columns {
    values: Vec<f64>,
    stride: usize,
}

impl Columns {
    fn new(series: usize, rows: usize) -> Columns {
        let stride = column_stride(rows);
        Columns {
            values: vec![0.0; series * stride],
            stride,
        }
    }

    #[inline]
    fn push(&mut self, row: usize, record: &[f64]) {
        let stride = self.stride;
        for (s, &v) in record.iter().enumerate() {
            self.values[s * stride + row] = v;
        }
    }

    /// Folds the first `rows` values of every column into moments and sketches.
    fn fold(&self, rows: usize, moments: &mut [Moments], sketches: &mut [Sketch]) {
        for (s, (m, sketch)) in moments.iter_mut().zip(sketches.iter_mut()).enumerate() {
            let column = &self.values[s * self.stride..s * self.stride + rows];
            for block in column.chunks(MOMENTS_BLOCK) {
                m.merge(&Moments::of(block));
            }
            sketch.add_all(column);
        }
    }
}

/// Everything one worker has seen.
#[derive(Debug, Clone)]
pub struct Accumulator {
    /// Iterations observed.
    pub iterations: u64,
    /// Sketch of each record scalar, by [`Layout`] index.
    pub scalars: Vec<Sketch>,
    /// Sketch of each model's monthly cash run cost (`Layout::month`).
    pub monthly_run_cost: Vec<Sketch>,
    /// Sketch of each model's monthly cumulative cash cost (`Layout::month`).
    pub monthly_cumulative_cost: Vec<Sketch>,
    /// Iterations in which each activity was on the longest path.
    pub on_path: Vec<u64>,
    /// Per compared model: iterations in which its TCO was below the baseline's.
    pub cheaper: Vec<u64>,
    /// Per compared model: iterations per break-even month (last bin: not within horizon).
    pub break_even: Vec<Vec<u64>>,
    /// Moments of the whole run, merged in chunk order by the driver
    /// (`engine::Runner::finish`), which alone sees every chunk.
    pub moments: Option<ChunkMoments>,
    batch_rows: usize,
    /// Rows a batch holds ([`batch_rows_for`]).
    batch_capacity: usize,
    batch: [Columns; 3],
    current: ChunkMoments,
}

impl Accumulator {
    /// An empty accumulator for records laid out as `layout`.
    pub fn new(layout: &Layout) -> Accumulator {
        let months = layout.models() * layout.horizon_months;
        let compared = layout.models().saturating_sub(1);
        let capacity = batch_rows_for(layout.scalars + 2 * months);
        Accumulator {
            iterations: 0,
            scalars: vec![Sketch::default(); layout.scalars],
            monthly_run_cost: vec![Sketch::default(); months],
            monthly_cumulative_cost: vec![Sketch::default(); months],
            on_path: vec![0; layout.flags],
            cheaper: vec![0; compared],
            break_even: vec![vec![0; layout.horizon_months + 1]; compared],
            moments: None,
            batch_rows: 0,
            batch_capacity: capacity,
            batch: [
                Columns::new(layout.scalars, capacity),
                Columns::new(months, capacity),
                Columns::new(months, capacity),
            ],
            current: ChunkMoments::new(layout, 0),
        }
    }

    /// Adds one iteration's record to the chunk in progress.
    #[inline]
    pub fn observe(&mut self, layout: &Layout, record: &Record) {
        self.iterations += 1;
        for (count, &on) in self.on_path.iter_mut().zip(&record.on_path) {
            *count += u64::from(on);
        }
        for m in 1..layout.models() {
            let tco_difference = record.scalars[layout.difference(m, 0)];
            self.cheaper[m - 1] += u64::from(tco_difference < 0.0);
            self.current.cheaper[m - 1] += u64::from(tco_difference < 0.0);
            self.break_even[m - 1][record.break_even_month[m - 1]] += 1;
        }
        let row = self.batch_rows;
        self.batch[0].push(row, &record.scalars);
        self.batch[1].push(row, &record.monthly_run_cost);
        self.batch[2].push(row, &record.monthly_cumulative_cost);
        self.batch_rows += 1;
        if self.batch_rows == self.batch_capacity {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let rows = self.batch_rows;
        self.batch[0].fold(rows, &mut self.current.scalars, &mut self.scalars);
        self.batch[1].fold(
            rows,
            &mut self.current.monthly_run_cost,
            &mut self.monthly_run_cost,
        );
        self.batch[2].fold(
            rows,
            &mut self.current.monthly_cumulative_cost,
            &mut self.monthly_cumulative_cost,
        );
        self.batch_rows = 0;
    }

    /// Closes the chunk in progress under index `chunk`, returns its moments and
    /// starts the next.
    pub fn finish_chunk(&mut self, layout: &Layout, chunk: u64) -> ChunkMoments {
        self.flush();
        let mut done = std::mem::replace(&mut self.current, ChunkMoments::new(layout, 0));
        done.chunk = chunk;
        done.seal();
        done
    }

    /// Combines another worker's statistics into this one (both with no chunk in progress).
    pub fn merge(mut self, other: Accumulator) -> Accumulator {
        self.iterations += other.iterations;
        merge_sketches(&mut self.scalars, &other.scalars);
        merge_sketches(&mut self.monthly_run_cost, &other.monthly_run_cost);
        merge_sketches(
            &mut self.monthly_cumulative_cost,
            &other.monthly_cumulative_cost,
        );
        add_counts(&mut self.on_path, &other.on_path);
        add_counts(&mut self.cheaper, &other.cheaper);
        for (a, b) in self.break_even.iter_mut().zip(&other.break_even) {
            add_counts(a, b);
        }
        self
    }
}

impl Accumulator {
    /// Writes the order-free statistics (sketches and counts; not the moments,
    /// which a shard hands over chunk by chunk), for a shard's partial.
    pub fn write(&self, w: &mut Writer) {
        w.u64(self.iterations);
        for list in [
            &self.scalars,
            &self.monthly_run_cost,
            &self.monthly_cumulative_cost,
        ] {
            w.varint(list.len() as u64);
            list.iter().for_each(|s| s.write(w));
        }
        for counts in [&self.on_path, &self.cheaper]
            .into_iter()
            .chain(&self.break_even)
        {
            w.varint(counts.len() as u64);
            counts.iter().for_each(|&c| w.varint(c));
        }
    }

    /// Reads what [`Accumulator::write`] wrote, for a run laid out as `layout`.
    pub fn read(r: &mut Reader, layout: &Layout) -> Result<Accumulator, WireError> {
        let mut acc = Accumulator::new(layout);
        acc.iterations = r.u64()?;
        for (list, what) in [
            (&mut acc.scalars, "figures per iteration"),
            (&mut acc.monthly_run_cost, "monthly run costs"),
            (&mut acc.monthly_cumulative_cost, "monthly cumulative costs"),
        ] {
            r.expect_len(list.len(), what)?;
            for s in list.iter_mut() {
                *s = Sketch::read(r)?;
            }
        }
        let lists = [&mut acc.on_path, &mut acc.cheaper]
            .into_iter()
            .chain(acc.break_even.iter_mut());
        for counts in lists {
            r.expect_len(counts.len(), "counts")?;
            for c in counts.iter_mut() {
                *c = r.varint()?;
            }
        }
        Ok(acc)
    }
}

fn merge_sketches(into: &mut [Sketch], from: &[Sketch]) {
    for (a, b) in into.iter_mut().zip(from) {
        a.merge(b);
    }
}

fn add_counts(into: &mut [u64], from: &[u64]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One model, no activities or flags: `scalars` series and three months.
    fn layout(scalars: usize) -> Layout {
        Layout {
            horizon_months: 3,
            capabilities: 0,
            model_base: vec![0],
            model_activities: vec![0],
            path_base: vec![0],
            comparison_base: scalars,
            scalars,
            flags: 0,
        }
    }

    /// A value of series `s` in iteration `i`: spread over decades, of both
    /// signs, and sometimes zero.
    fn value(i: usize, s: usize) -> f64 {
        let h = (i as u64 * 31 + s as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(17);
        let magnitude = (h % 1_000_003) as f64 * 10f64.powi((h >> 40) as i32 % 5);
        match h % 7 {
            0 => 0.0,
            1 => -magnitude,
            _ => magnitude,
        }
    }

    #[test]
    fn folding_in_batches_keeps_every_value_and_the_moments_order() {
        for capacity in [BATCH_ITERATIONS, 512, MOMENTS_BLOCK] {
            fold_and_check(capacity);
        }
    }

    #[test]
    fn a_wide_record_gets_a_smaller_batch() {
        assert_eq!(batch_rows_for(300), BATCH_ITERATIONS);
        let wide = 5_000;
        let rows = batch_rows_for(wide);
        assert!(
            (MOMENTS_BLOCK..BATCH_ITERATIONS).contains(&rows) && rows.is_multiple_of(MOMENTS_BLOCK)
        );
        assert!(wide * column_stride(rows) * 8 <= MAX_BATCH_BYTES);
        assert_eq!(
            batch_rows_for(10_000_000),
            MOMENTS_BLOCK,
            "never below a block"
        );
    }

    /// Folds three chunks through batches of `capacity` rows and checks the
    /// moments (blocks from each chunk's start, in order) and the sketches.
    fn fold_and_check(capacity: usize) {
        let layout = layout(11);
        let chunks = [2048, 2048, 904];
        let mut acc = Accumulator::new(&layout);
        let months = layout.models() * layout.horizon_months;
        acc.batch_capacity = capacity;
        acc.batch = [
            Columns::new(layout.scalars, capacity),
            Columns::new(months, capacity),
            Columns::new(months, capacity),
        ];
        let mut record = Record::new(&layout);
        let (mut i, mut chunk_moments) = (0, Vec::new());
        for (chunk, &len) in chunks.iter().enumerate() {
            for _ in 0..len {
                for (s, v) in record.scalars.iter_mut().enumerate() {
                    *v = value(i, s);
                }
                acc.observe(&layout, &record);
                i += 1;
            }
            chunk_moments.push(acc.finish_chunk(&layout, chunk as u64));
        }
        for s in 0..layout.scalars {
            let mut one_by_one = Sketch::default();
            let mut first = 0;
            for (&len, moments) in chunks.iter().zip(&chunk_moments) {
                // Blocks of MOMENTS_BLOCK values from the chunk's start, merged in order.
                let mut expected = Moments::default();
                let column: Vec<f64> = (first..first + len).map(|i| value(i, s)).collect();
                for block in column.chunks(MOMENTS_BLOCK) {
                    expected.merge(&Moments::of(block));
                }
                assert_eq!(moments.scalars[s], expected, "series {s} from {first}");
                column.iter().for_each(|&v| one_by_one.add(v));
                first += len;
            }
            let sketch = &acc.scalars[s];
            assert_eq!(sketch.count(), i as u64);
            assert_eq!(
                (sketch.min(), sketch.max()),
                (one_by_one.min(), one_by_one.max())
            );
            for q in [0.0, 0.01, 0.1, 0.25, 0.5, 0.9, 0.999, 1.0] {
                assert_eq!(
                    sketch.quantile(q),
                    one_by_one.quantile(q),
                    "series {s}, q {q}"
                );
            }
        }
    }
}
