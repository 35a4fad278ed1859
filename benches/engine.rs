//! Benches on the reference scenario `scenarios/bench-40.toml`:
//! - `iteration`: one bench-40 iteration (both models), the hot path alone;
//! - `run_200k/threads/N`: a whole 200,000-iteration run, statistics included,
//!   on 1 and 2 threads. Compare the two as a ratio from the same `cargo bench` run;
//! - `run_200k/floor/N`: the raw-draw floor (`common::floor`) of 200,000
//!   iterations on N threads, in chunks of the engine's size, and nothing else:
//!   no pricing, no statistics, no output. The least time any exact run of
//!   bench-40 with these samplers can take, to set against NumPy's;
//! - `statistics/chunk`: what a run adds to a chunk's 2,048 iterations: each
//!   record into one worker's statistics (moments, sketches, counts) and the
//!   chunk closed, on records made beforehand.
//!
//! `cargo bench -p opsim-benches --bench engine` runs them all; add a filter such as `iteration`
//! to run one.

use std::hint::black_box;
use std::time::Duration;

mod common;

use common::floor::Floor;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use opsim::engine::accumulator::Accumulator;
use opsim::engine::calendar::Calendar;
use opsim::engine::iteration::{Context, Scratch};
use opsim::engine::record::{Layout, Record};
use opsim::engine::{self, CHUNK_ITERATIONS, RunOptions};
use opsim::model::Model;
use rayon::prelude::*;

fn bench_40() -> Model {
    common::load(include_str!("../scenarios/bench-40.toml"))
}

fn one_iteration(c: &mut Criterion) {
    let model = bench_40();
    let mut group = c.benchmark_group("bench-40");
    group.throughput(Throughput::Elements(1));
    common::bench_iteration(&mut group, "iteration", &model);
    group.finish();
}

fn full_run(c: &mut Criterion) {
    let model = bench_40();
    let iterations = 200_000;
    let mut group = c.benchmark_group("run_200k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .throughput(Throughput::Elements(iterations));
    for threads in [1, 2] {
        group.bench_with_input(
            BenchmarkId::new("threads", threads),
            &threads,
            |b, &threads| {
                b.iter(|| {
                    let options = RunOptions {
                        iterations,
                        seed: 40,
                        threads,
                    };
                    black_box(engine::run(&model, options, &|_| {}).expect("run"))
                })
            },
        );
    }
    for threads in [1, 2] {
        let pool = engine::pool(threads).expect("pool");
        group.bench_with_input(BenchmarkId::new("floor", threads), &pool, |b, pool| {
            b.iter(|| black_box(floor_run(&model, iterations, pool)))
        });
    }
    group.finish();
}

/// The floor's draws of iterations `0..iterations` on `pool`, a chunk of
/// `CHUNK_ITERATIONS` at a time as a run deals them out, with working memory
/// made once per rayon job (`map_init`), not per chunk, much as a run's workers
/// keep theirs; their total, so that none is optimised away.
fn floor_run(model: &Model, iterations: u64, pool: &rayon::ThreadPool) -> f64 {
    let chunks = iterations.div_ceil(CHUNK_ITERATIONS);
    pool.install(|| {
        (0..chunks)
            .into_par_iter()
            .map_init(
                || Floor::new(model),
                |floor, chunk| {
                    let first = chunk * CHUNK_ITERATIONS;
                    let last = iterations.min(first + CHUNK_ITERATIONS);
                    (first..last).map(|i| floor.draw(model, i)).sum::<f64>()
                },
            )
            .sum()
    })
}

fn statistics(c: &mut Criterion) {
    let model = bench_40();
    let layout = Layout::new(&model);
    let calendar = Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year);
    let context = Context::new(&model, &calendar, &layout);
    let mut scratch = Scratch::new(&model);
    let records: Vec<Record> = (0..CHUNK_ITERATIONS)
        .map(|i| {
            let mut record = Record::new(&layout);
            let seed = opsim::sample::points::At::new(40, i);
            context.simulate(seed, &mut scratch, &mut record);
            record
        })
        .collect();
    let mut acc = Accumulator::new(&layout);
    let mut group = c.benchmark_group("statistics");
    group.throughput(Throughput::Elements(CHUNK_ITERATIONS));
    group.bench_function("chunk", |b| {
        b.iter(|| {
            for record in &records {
                acc.observe(&layout, record);
            }
            black_box(acc.finish_chunk(&layout, 0))
        })
    });
    group.finish();
}

criterion_group!(benches, one_iteration, full_run, statistics);
criterion_main!(benches);
