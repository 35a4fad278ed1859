//! The run driver: splits iterations into fixed chunks of [`CHUNK_ITERATIONS`],
//! runs them on a rayon pool of the requested size, one [`Accumulator`] per
//! worker, and merges the results into a [`Summary`]. Iteration i always uses the
//! seed `rng::iteration_seed(seed, i)`, and moments are merged in chunk order, so
//! the numbers are bit-identical for any thread count. Chunk moments are merged
//! as soon as every earlier chunk is in, so memory does not grow with the
//! iteration count. A stop flag (set by a signal handler) is checked between
//! chunks, so an interrupted run stops within one chunk.

pub mod calendar;
pub mod iteration;
pub mod record;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use calendar::Calendar;
use iteration::{Scratch, simulate};
use record::{Layout, Record};

use crate::model::Model;
use crate::model::rng::iteration_seed;
use crate::stats::accumulator::{Accumulator, ChunkMoments};
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
    let never = AtomicBool::new(false);
    let summary = run_until(model, options, progress, &never)?;
    Ok(summary.expect("a run that is never stopped finishes"))
}

/// Runs the model until done or until `stop` is set; `Ok(None)` when stopped.
pub fn run_until(
    model: &Model,
    options: RunOptions,
    progress: Progress,
    stop: &AtomicBool,
) -> Result<Option<Summary>, String> {
    let accumulator = run_accumulate(model, options, progress, stop)?;
    Ok(accumulator.map(|acc| Summary::new(model, options, acc)))
}

/// Chunk moments waiting for their turn to be merged, in chunk order.
struct OrderedMoments {
    next: u64,
    waiting: BTreeMap<u64, ChunkMoments>,
    total: Option<ChunkMoments>,
}

impl OrderedMoments {
    fn add(&mut self, moments: ChunkMoments) {
        self.waiting.insert(moments.chunk, moments);
        while let Some(m) = self.waiting.remove(&self.next) {
            match &mut self.total {
                Some(total) => total.merge(&m),
                None => self.total = Some(m),
            }
            self.next += 1;
        }
    }
}

/// Runs the model and returns the merged accumulator, or None when stopped.
pub fn run_accumulate(
    model: &Model,
    options: RunOptions,
    progress: Progress,
    stop: &AtomicBool,
) -> Result<Option<Accumulator>, String> {
    let layout = Layout::new(model);
    let calendar = Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year);
    let chunks = options.iterations.div_ceil(CHUNK_ITERATIONS);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| format!("cannot start {} worker threads: {e}", options.threads))?;
    let next_chunk = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let ordered = Mutex::new(OrderedMoments {
        next: 0,
        waiting: BTreeMap::new(),
        total: None,
    });
    let worker = || {
        let mut acc = Accumulator::new(&layout);
        let mut scratch = Scratch::new(model);
        let mut record = Record::new(&layout);
        while !stop.load(Ordering::Relaxed) {
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
            let moments = acc.finish_chunk(&layout, chunk);
            ordered
                .lock()
                .expect("no worker panics while holding it")
                .add(moments);
            progress(done.fetch_add(last - first, Ordering::Relaxed) + (last - first));
        }
        acc
    };
    let accumulators = pool.broadcast(|_| worker());
    if stop.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let mut merged = accumulators
        .into_iter()
        .reduce(Accumulator::merge)
        .expect("a pool has at least one thread");
    let ordered = ordered.into_inner().expect("workers are done");
    merged.moments = ordered.total;
    Ok(Some(merged))
}
