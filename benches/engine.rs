//! Benches on the reference scenario `scenarios/bench-40.toml`:
//! - `iteration`: one bench-40 iteration (both models), the hot path alone;
//! - `run_200k/threads/N`: a whole 200,000-iteration run, statistics included,
//!   on 1 and 2 threads. Compare the two as a ratio from the same `cargo bench` run.
//!
//! `cargo bench --bench engine` runs them all; add a filter such as `iteration`
//! to run one.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use opsim::engine::calendar::Calendar;
use opsim::engine::iteration::{Scratch, simulate};
use opsim::engine::record::{Layout, Record};
use opsim::engine::{self, RunOptions};
use opsim::model::Model;
use opsim::model::rng::iteration_seed;

fn bench_40() -> Model {
    let text = include_str!("../scenarios/bench-40.toml");
    opsim::scenario::load("bench-40.toml", text).expect("bench-40 is valid")
}

fn one_iteration(c: &mut Criterion) {
    let model = bench_40();
    let layout = Layout::new(&model);
    let calendar = Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year);
    let mut scratch = Scratch::new(&model);
    let mut record = Record::new(&layout);
    let mut i = 0u64;
    let mut group = c.benchmark_group("bench-40");
    group.throughput(Throughput::Elements(1));
    group.bench_function("iteration", |b| {
        b.iter(|| {
            i += 1;
            simulate(
                &model,
                &calendar,
                &layout,
                iteration_seed(40, i),
                &mut scratch,
                &mut record,
            );
            black_box(record.scalars[0])
        })
    });
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
