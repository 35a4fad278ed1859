//! The run driver: splits iterations into fixed chunks of [`CHUNK_ITERATIONS`],
//! runs them on a rayon pool of the requested size, one [`Accumulator`] per
//! worker, and merges the results into a [`Summary`]. Iteration i always uses the
//! seed `rng::iteration_seed(seed, i)`, and moments are merged in chunk order, so
//! the numbers are bit-identical for any thread count.

pub mod calendar;
pub mod iteration;
pub mod record;

use std::sync::atomic::{AtomicU64, Ordering};

use calendar::Calendar;
use iteration::{Scratch, simulate};
use record::{Layout, Record};

use crate::model::Model;
use crate::model::rng::iteration_seed;
use crate::stats::accumulator::Accumulator;
use crate::stats::summary::Summary;

/// Iterations per chunk: the unit of parallel work and of ordered merging.
pub const CHUNK_ITERATIONS: u64 = 2048;

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub iterations: u64,
    pub seed: u64,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
}

/// Called after each finished chunk with the number of iterations done so far.
pub type Progress<'a> = &'a (dyn Fn(u64) + Sync);

/// Runs the model and summarises it.
pub fn run(model: &Model, options: RunOptions, progress: Progress) -> Result<Summary, String> {
    let accumulator = run_accumulate(model, options, progress)?;
    Ok(Summary::new(model, options, accumulator))
}

/// Runs the model and returns the merged accumulator (for callers that need raw counts).
pub fn run_accumulate(
    model: &Model,
    options: RunOptions,
    progress: Progress,
) -> Result<Accumulator, String> {
    let layout = Layout::new(model);
    let calendar = Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year);
    let chunks = options.iterations.div_ceil(CHUNK_ITERATIONS);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| format!("cannot start {} worker threads: {e}", options.threads))?;
    let next_chunk = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let worker = || {
        let mut acc = Accumulator::new(&layout);
        let mut scratch = Scratch::new(model);
        let mut record = Record::new(&layout);
        loop {
            let chunk = next_chunk.fetch_add(1, Ordering::Relaxed);
            if chunk >= chunks {
                break;
            }
            let first = chunk * CHUNK_ITERATIONS;
            let last = (first + CHUNK_ITERATIONS).min(options.iterations);
            for i in first..last {
                let seed = iteration_seed(options.seed, i);
                simulate(model, &calendar, &layout, seed, &mut scratch, &mut record);
                acc.observe(&layout, &record);
            }
            acc.finish_chunk(&layout, chunk);
            progress(done.fetch_add(last - first, Ordering::Relaxed) + (last - first));
        }
        acc
    };
    let accumulators = pool.broadcast(|_| worker());
    let merged = accumulators
        .into_iter()
        .reduce(Accumulator::merge)
        .expect("a pool has at least one thread");
    Ok(merged)
}
