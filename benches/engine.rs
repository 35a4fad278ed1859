//! Benches on the reference scenario `scenarios/bench-40.toml`:
//! - `iteration`: one bench-40 iteration (both models), the hot path alone;
//! - `run_200k/threads/N`: a whole 200,000-iteration run, statistics included,
//!   on 1 and 2 threads. Compare the two as a ratio from the same `cargo bench` run.
//!
//! `cargo bench --bench engine` runs them all; add a filter such as `iteration`
//! to run one.

use std::hint::black_box;
use std::time::Duration;

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use opsim::engine::{self, RunOptions};
use opsim::model::Model;

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
    group.finish();
}

criterion_group!(benches, one_iteration, full_run);
criterion_main!(benches);
