//! What issue 4's features cost on bench-40 (2 threads):
//!
//! - `sweep/10x20k`: `opsim sweep` of 10 points at 20,000 iterations each (the
//!   points compiled from `--vary` overrides, then run), without writing files.
//! - `analysis/20k`: the sensitivity analysis and the countermeasure and risk
//!   values a run adds after its statistics (20,000 sampled iterations).
//!
//! `cargo bench -p opsim-benches --bench analysis`; docs/performance.md holds the figures.

use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use opsim::engine::RunOptions;
use opsim::sweep::{self, grid::parse_vary};

const BENCH_40: &str = include_str!("../scenarios/bench-40.toml");

fn sweep_10_points(c: &mut Criterion) {
    let vary = [parse_vary("ybiyri.on_call.standby_pay_per_week=100..550:50").unwrap()];
    let never = AtomicBool::new(false);
    let mut group = c.benchmark_group("sweep");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("10x20k", |b| {
        b.iter(|| {
            let compiled = sweep::compile("bench-40.toml", BENCH_40, &[], &vary).unwrap();
            assert_eq!(compiled.0.len(), 10);
            black_box(
                sweep::run(
                    compiled,
                    RunOptions {
                        iterations: 20_000,
                        seed: 40,
                        threads: 2,
                    },
                    &|_| {},
                    &never,
                )
                .unwrap(),
            )
        })
    });
    group.finish();
}

fn analysis(c: &mut Criterion) {
    let model = opsim::scenario::load("bench-40.toml", BENCH_40).unwrap();
    let never = AtomicBool::new(false);
    let mut group = c.benchmark_group("analysis");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("20k", |b| {
        b.iter(|| {
            black_box(opsim::analysis::analyse(
                &model,
                40,
                20_000,
                2,
                None,
                &|_| {},
                &never,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, sweep_10_points, analysis);
criterion_main!(benches);
