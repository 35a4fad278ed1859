//! The run driver: splits iterations into fixed chunks of [`CHUNK_ITERATIONS`],
//! runs them on a rayon pool of the requested size, one [`Accumulator`] per
//! worker, and merges the results into a [`Summary`]. Iteration i always uses the
//! seed `rng::iteration_seed(seed, i)`, and moments are merged in chunk order, so
//! the numbers are bit-identical for any thread count. Chunk moments are merged
//! as soon as every earlier chunk is in, so memory does not grow with the
//! iteration count. A stop flag (set by a signal handler) is checked between
//! chunks, so an interrupted run stops within one chunk. A run can also keep
//! chosen record columns of its first iterations value by value ([`keep`]), for
//! the analysis.
//!
//! A [`Runner`] can be extended: [`run_to_target`] adds rounds of
//! [`ROUND_CHUNKS`] chunks until every headline mean's relative standard error
//! is at or below a target. Rounds are whole chunks merged in the same order, so the
//! stopping point and the numbers do not depend on the thread count either.
//!
//! A run can be split into [`shard`]s, each a contiguous range of chunks run
//! anywhere, and merged into exactly the output of the whole run. [`estimate`]
//! says how long a run will take before it starts.

pub mod accumulator;
pub mod calendar;
pub mod estimate;
pub mod iteration;
pub mod keep;
mod pricing;
pub mod record;
pub mod restore;
pub mod shard;
pub mod summary;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use calendar::Calendar;
use iteration::{Context, Scratch};
use keep::{Keep, Kept};
use record::{HEADLINES, Layout, Record};

use accumulator::{Accumulator, ChunkMoments};
use summary::{Convergence, Summary};

use crate::model::Model;
use crate::sample::points::At;

/// Iterations per chunk: the unit of parallel work and of ordered merging.
pub const CHUNK_ITERATIONS: u64 = 2048;

/// Chunks per round of a run to a target standard error: the convergence check
/// happens after every 16,384 iterations.
pub const ROUND_CHUNKS: u64 = 8;

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Iterations to run.
    pub iterations: u64,
    /// Seed of the run: iteration i's seed depends only on it and i.
    pub seed: u64,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
}

/// When a run to a target stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Largest acceptable standard error of a headline mean, relative to the mean.
    pub relative_se: f64,
    /// Iterations after which the run stops even if the target is not met.
    pub max_iterations: u64,
}

/// What a run gives back: its summary, and the record columns it was asked to
/// keep value by value for its first iterations ([`keep`]), column by column.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// The statistics of every iteration run.
    pub summary: Summary,
    /// The kept columns in the order asked for, each over the first iterations;
    /// None when none were asked for, or some are missing.
    pub kept: Option<Vec<Vec<f64>>>,
}

/// Called after each finished chunk with the number of iterations done so far.
pub type Progress<'a> = &'a (dyn Fn(u64) + Sync);

/// The worker threads of a run could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {threads} worker threads: {source}")]
pub struct PoolError {
    threads: usize,
    source: rayon::ThreadPoolBuildError,
}

/// A rayon pool of `threads` workers (0: one per core), or why it could not start.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool, PoolError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| PoolError { threads, source })
}

/// Runs the model and summarises it.
pub fn run(model: &Model, options: RunOptions, progress: Progress) -> Result<Summary, PoolError> {
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
) -> Result<Option<Summary>, PoolError> {
    Ok(run_keeping(model, options, None, progress, stop)?.map(|output| output.summary))
}

/// [`run_until`], keeping the columns `keep` asks for in the output's `kept`.
pub fn run_keeping(
    model: &Model,
    options: RunOptions,
    keep: Option<Keep>,
    progress: Progress,
    stop: &AtomicBool,
) -> Result<Option<RunOutput>, PoolError> {
    let mut runner = Runner::new(model, options.seed, options.threads)?;
    runner.keep = keep;
    if !runner.run_to(options.iterations, progress, stop) {
        return Ok(None);
    }
    Ok(Some(runner.finish(options)))
}

/// Runs rounds of [`ROUND_CHUNKS`] chunks until every headline mean's relative
/// standard error is at most `target.relative_se`, or `target.max_iterations`
/// are done; `Ok(None)` when stopped. The summary's `iterations` is the count
/// run; the output keeps the columns `keep` asks for in its `kept`.
#[allow(clippy::too_many_arguments)]
pub fn run_to_target(
    model: &Model,
    seed: u64,
    threads: usize,
    target: Target,
    keep: Option<Keep>,
    progress: Progress,
    stop: &AtomicBool,
) -> Result<Option<RunOutput>, PoolError> {
    run_to_target_projecting(model, seed, threads, target, keep, progress, &|_| {}, stop)
}

/// [`run_to_target`], also telling `projected` after each round how many
/// iterations the run will likely take in all: the standard error shrinks
/// with the square root of the count, so from the worst relative standard
/// error `w` after `n` iterations, about `n (w / target)^2`, in whole rounds,
/// at most the cap. It is for the progress bar's time left; the run itself
/// stops only on the standard errors it measures.
#[allow(clippy::too_many_arguments)]
pub fn run_to_target_projecting(
    model: &Model,
    seed: u64,
    threads: usize,
    target: Target,
    keep: Option<Keep>,
    progress: Progress,
    projected: &(dyn Fn(u64) + Sync),
    stop: &AtomicBool,
) -> Result<Option<RunOutput>, PoolError> {
    let mut runner = Runner::new(model, seed, threads)?;
    runner.keep = keep;
    let round = ROUND_CHUNKS * CHUNK_ITERATIONS;
    let mut worst = None;
    while runner.iterations < target.max_iterations {
        let next = (runner.iterations + round).min(target.max_iterations);
        if !runner.run_to(next, progress, stop) {
            return Ok(None);
        }
        worst = runner.worst_relative_se();
        match &worst {
            Some((_, se)) if *se > target.relative_se => {
                let n = runner.iterations as f64;
                let needed =
                    (n * (se / target.relative_se).powi(2)).min(target.max_iterations as f64);
                let rounds = (needed / round as f64).ceil().max(1.0) as u64;
                let total = (rounds * round).max(runner.iterations + round);
                projected(total.min(target.max_iterations));
            }
            _ => break,
        }
    }
    let options = RunOptions {
        iterations: runner.iterations,
        seed,
        threads,
    };
    let convergence = Convergence {
        target_relative_se: target.relative_se,
        max_iterations: target.max_iterations,
        reached: worst
            .as_ref()
            .is_none_or(|(_, se)| *se <= target.relative_se),
        worst: worst.unwrap_or_default(),
    };
    let mut output = runner.finish(options);
    output.summary.convergence = Some(convergence);
    Ok(Some(output))
}

/// Chunk moments waiting for their turn to be merged, in chunk order.
struct OrderedMoments {
    next: u64,
    waiting: BTreeMap<u64, ChunkMoments>,
    total: Option<ChunkMoments>,
    /// A shard's chunks, in order, when they are to be handed on unmerged
    /// ([`shard`]); None in a whole run, which merges them into `total`.
    chunks: Option<Vec<ChunkMoments>>,
}

impl OrderedMoments {
    fn add(&mut self, moments: ChunkMoments) {
        self.waiting.insert(moments.chunk, moments);
        while let Some(m) = self.waiting.remove(&self.next) {
            if let Some(chunks) = &mut self.chunks {
                chunks.push(m);
            } else {
                match &mut self.total {
                    Some(total) => total.merge(&m),
                    None => self.total = Some(m),
                }
            }
            self.next += 1;
        }
    }
}

/// A run in progress that can be extended chunk by chunk.
pub struct Runner<'m> {
    model: &'m Model,
    layout: Layout,
    calendar: Calendar,
    pool: rayon::ThreadPool,
    seed: u64,
    /// Iterations run so far (a whole number of chunks unless the run is over).
    iterations: u64,
    ordered: OrderedMoments,
    merged: Option<Accumulator>,
    /// Columns to keep value by value for the first iterations, and those kept.
    keep: Option<Keep>,
    kept: Kept,
}

impl<'m> Runner<'m> {
    /// A runner of `model` with seed `seed` on a new pool of `threads` workers (0: one per core).
    pub fn new(model: &'m Model, seed: u64, threads: usize) -> Result<Runner<'m>, PoolError> {
        let pool = pool(threads)?;
        Ok(Runner {
            model,
            layout: Layout::new(model),
            calendar: Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year),
            pool,
            seed,
            iterations: 0,
            ordered: OrderedMoments {
                next: 0,
                waiting: BTreeMap::new(),
                total: None,
                chunks: None,
            },
            merged: None,
            keep: None,
            kept: Kept::default(),
        })
    }

    /// Runs iterations `self.iterations..iterations`; false when stopped.
    pub fn run_to(&mut self, iterations: u64, progress: Progress, stop: &AtomicBool) -> bool {
        let first_chunk = self.iterations / CHUNK_ITERATIONS;
        let end_chunk = iterations.div_ceil(CHUNK_ITERATIONS);
        let next_chunk = AtomicU64::new(first_chunk);
        let done = AtomicU64::new(self.iterations);
        let ordered = Mutex::new(&mut self.ordered);
        let (model, layout, calendar, seed) = (self.model, &self.layout, &self.calendar, self.seed);
        let keep = self.keep.as_ref();
        let context = Context::new(model, calendar, layout);
        let worker = || {
            let mut acc = Accumulator::new(layout);
            let mut kept = Kept::default();
            let mut scratch = Scratch::new(model);
            let mut record = Record::new(layout);
            while !stop.load(Ordering::Relaxed) {
                let chunk = next_chunk.fetch_add(1, Ordering::Relaxed);
                if chunk >= end_chunk {
                    break;
                }
                let first = chunk * CHUNK_ITERATIONS;
                let last = (first + CHUNK_ITERATIONS).min(iterations);
                let keeping = keep.filter(|k| k.wants(first));
                let mut rows = Vec::new();
                for i in first..last {
                    context.simulate(At::new(seed, i), &mut scratch, &mut record);
                    acc.observe(layout, &record);
                    if let Some(keep) = keeping {
                        keep.row(&record, &mut rows);
                    }
                }
                if keeping.is_some() {
                    kept.add(first, rows);
                }
                let moments = acc.finish_chunk(layout, chunk);
                ordered
                    .lock()
                    .expect("no worker panics while holding it")
                    .add(moments);
                progress(done.fetch_add(last - first, Ordering::Relaxed) + (last - first));
            }
            (acc, kept)
        };
        let results = self.pool.broadcast(|_| worker());
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let mut accumulators = Vec::with_capacity(results.len());
        for (acc, kept) in results {
            accumulators.push(acc);
            self.kept.extend(kept);
        }
        let round = accumulators.into_iter().reduce(Accumulator::merge);
        self.merged = match (self.merged.take(), round) {
            (Some(a), Some(b)) => Some(a.merge(b)),
            (a, b) => a.or(b),
        };
        self.iterations = iterations;
        true
    }

    /// The headline mean with the largest standard error relative to its size,
    /// as (`model.headline`, relative SE); headlines that do not vary are skipped.
    /// None before the first chunk or when nothing varies.
    pub fn worst_relative_se(&self) -> Option<(String, f64)> {
        let moments = self.ordered.total.as_ref()?;
        let stratified = self.model.sampling.mode != crate::sample::points::Sampling::Random;
        let mut worst: Option<(String, f64)> = None;
        for (m, om) in self.model.models.iter().enumerate() {
            for (h, name) in HEADLINES {
                let i = self.layout.headline(m, h);
                let mo = &moments.scalars[i];
                if mo.sd() == 0.0 {
                    continue;
                }
                let relative = moments.standard_error(i, stratified) / mo.mean.abs();
                if worst.as_ref().is_none_or(|(_, w)| relative > *w) {
                    worst = Some((format!("{}.{name}", om.id), relative));
                }
            }
        }
        worst
    }

    /// The summary of every iteration run, with the columns kept (if asked).
    pub fn finish(self, options: RunOptions) -> RunOutput {
        let mut merged = self
            .merged
            .expect("run_to ran at least one round before finish");
        merged.moments = self.ordered.total;
        RunOutput {
            summary: Summary::new(self.model, options, merged),
            kept: self
                .keep
                .and_then(|keep| self.kept.columns(&keep, self.iterations)),
        }
    }
}
