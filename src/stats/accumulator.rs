//! Per-worker statistics of a run. Order-free parts (sketches, counts) are added
//! as iterations arrive; moments, whose floating-point merge depends on order, are
//! kept per chunk and merged in chunk order at the end. The result is therefore
//! the same for any number of threads.

use super::moments::Moments;
use super::sketch::Sketch;
use crate::engine::record::{Layout, Record};

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

    #[inline]
    pub fn observe(&mut self, record: &Record) {
        add_all(&mut self.scalars, &record.scalars);
        add_all(&mut self.monthly_run_cost, &record.monthly_run_cost);
        add_all(
            &mut self.monthly_cumulative_cost,
            &record.monthly_cumulative_cost,
        );
    }

    fn merge(&mut self, other: &ChunkMoments) {
        merge_all(&mut self.scalars, &other.scalars);
        merge_all(&mut self.monthly_run_cost, &other.monthly_run_cost);
        merge_all(
            &mut self.monthly_cumulative_cost,
            &other.monthly_cumulative_cost,
        );
    }
}

#[inline]
fn add_all(moments: &mut [Moments], values: &[f64]) {
    for (m, &v) in moments.iter_mut().zip(values) {
        m.add(v);
    }
}

fn merge_all(into: &mut [Moments], from: &[Moments]) {
    for (a, b) in into.iter_mut().zip(from) {
        a.merge(b);
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
    pub chunks: Vec<ChunkMoments>,
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
            chunks: Vec::new(),
        }
    }

    /// Adds one iteration's record (moments go to `chunk`).
    #[inline]
    pub fn observe(&mut self, layout: &Layout, record: &Record, chunk: &mut ChunkMoments) {
        self.iterations += 1;
        chunk.observe(record);
        sketch_all(&mut self.scalars, &record.scalars);
        sketch_all(&mut self.monthly_run_cost, &record.monthly_run_cost);
        sketch_all(
            &mut self.monthly_cumulative_cost,
            &record.monthly_cumulative_cost,
        );
        for (count, &on) in self.on_path.iter_mut().zip(&record.on_path) {
            *count += u64::from(on);
        }
        for m in 1..layout.models() {
            let tco_difference = record.scalars[layout.difference(m, 0)];
            self.cheaper[m - 1] += u64::from(tco_difference < 0.0);
            self.break_even[m - 1][record.break_even_month[m - 1]] += 1;
        }
    }

    /// Combines another worker's statistics into this one.
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
        self.chunks.extend(other.chunks);
        self
    }

    /// Moments of the whole run, merged in chunk order.
    pub fn moments(&mut self) -> Option<ChunkMoments> {
        self.chunks.sort_by_key(|c| c.chunk);
        let mut chunks = self.chunks.iter();
        let mut total = chunks.next()?.clone();
        for c in chunks {
            total.merge(c);
        }
        Some(total)
    }
}

#[inline]
fn sketch_all(sketches: &mut [Sketch], values: &[f64]) {
    for (s, &v) in sketches.iter_mut().zip(values) {
        s.add(v);
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
