//! Per-worker statistics of a run. Records are buffered column by column
//! ([`BATCH_ITERATIONS`] at a time) and folded in one column at a time, so each
//! sketch's buckets stay in cache. Order-free parts (sketches, counts) need no
//! order; moments, whose floating-point merge depends on order, are handed back
//! per chunk ([`Accumulator::finish_chunk`]) for the driver to merge in chunk
//! order. The result is therefore the same for any number of threads.

use super::moments::Moments;
use super::sketch::Sketch;
use crate::engine::record::{Layout, Record};

/// Iterations buffered before they are folded into the statistics.
pub const BATCH_ITERATIONS: usize = 256;

/// Moments of one chunk of iterations.
#[derive(Debug, Clone)]
pub struct ChunkMoments {
    pub chunk: u64,
    pub scalars: Vec<Moments>,
    pub monthly_run_cost: Vec<Moments>,
    pub monthly_cumulative_cost: Vec<Moments>,
}

impl ChunkMoments {
    pub fn new(layout: &Layout, chunk: u64) -> ChunkMoments {
        let months = layout.models() * layout.horizon_months;
        ChunkMoments {
            chunk,
            scalars: vec![Moments::default(); layout.scalars],
            monthly_run_cost: vec![Moments::default(); months],
            monthly_cumulative_cost: vec![Moments::default(); months],
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
    }
}

fn merge_all(into: &mut [Moments], from: &[Moments]) {
    for (a, b) in into.iter_mut().zip(from) {
        a.merge(b);
    }
}

/// Up to [`BATCH_ITERATIONS`] records of one series group, stored column-major:
/// value `i` of series `s` is at `s * BATCH_ITERATIONS + i`.
#[derive(Debug, Clone)]
struct Columns {
    values: Vec<f64>,
}

impl Columns {
    fn new(series: usize) -> Columns {
        Columns {
            values: vec![0.0; series * BATCH_ITERATIONS],
        }
    }

    #[inline]
    fn push(&mut self, row: usize, record: &[f64]) {
        for (s, &v) in record.iter().enumerate() {
            self.values[s * BATCH_ITERATIONS + row] = v;
        }
    }

    /// Folds the first `rows` values of every column into moments and sketches.
    fn fold(&self, rows: usize, moments: &mut [Moments], sketches: &mut [Sketch]) {
        for (s, (m, sketch)) in moments.iter_mut().zip(sketches.iter_mut()).enumerate() {
            let column = &self.values[s * BATCH_ITERATIONS..s * BATCH_ITERATIONS + rows];
            m.merge(&Moments::of(column));
            sketch.add_all(column);
        }
    }
}

/// Everything one worker has seen.
#[derive(Debug, Clone)]
pub struct Accumulator {
    pub iterations: u64,
    pub scalars: Vec<Sketch>,
    pub monthly_run_cost: Vec<Sketch>,
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
    batch: [Columns; 3],
    current: ChunkMoments,
}

impl Accumulator {
    pub fn new(layout: &Layout) -> Accumulator {
        let months = layout.models() * layout.horizon_months;
        let compared = layout.models().saturating_sub(1);
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
            batch: [
                Columns::new(layout.scalars),
                Columns::new(months),
                Columns::new(months),
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
            self.break_even[m - 1][record.break_even_month[m - 1]] += 1;
        }
        let row = self.batch_rows;
        self.batch[0].push(row, &record.scalars);
        self.batch[1].push(row, &record.monthly_run_cost);
        self.batch[2].push(row, &record.monthly_cumulative_cost);
        self.batch_rows += 1;
        if self.batch_rows == BATCH_ITERATIONS {
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
