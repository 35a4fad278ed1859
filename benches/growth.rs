//! How the cost of one iteration grows with the work, and the raw-draw floor.
//!
//! - `floor/bench-40`: the random draws one bench-40 iteration makes (every
//!   per-iteration input, the Poisson counts and every incident's time to restore,
//!   at bench-40's mean counts) with the same generators and samplers as the engine
//!   (counts and times to restore in vector lanes: `PoissonLanes`,
//!   `engine::restore::Restore`) and nothing else. The
//!   engine's `bench-40/iteration` (benches/engine.rs) divided by this is how far
//!   the engine is from the sampling limit.
//! - `lognormal-1000/<way>`: 1,000 lognormal draws summed one at a time, in
//!   lanes in plain Rust, and in lanes as the engine makes them.
//! - `growth/<variant>`: one iteration of bench-40 scaled in services (10, 40,
//!   400, 1,000, 5,000: enterprise size), activities (13, 130, 1,001: bench-40's
//!   activities repeated in parallel copies) and horizon (36, 120 months).
//!
//! `cargo bench -p opsim-benches --bench growth`; docs/performance.md holds the figures.

use std::hint::black_box;

mod common;

use common::floor::{Floor, POISSON_DRAWS, count_means};
use common::load;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use opsim::sample::dist::Dist;
use opsim::sample::lognormal::LognormalLanes;
use opsim::sample::poisson::PoissonLanes;
use opsim::sample::rng::event_stream;

const BENCH_40: &str = include_str!("../scenarios/bench-40.toml");

/// bench-40 with `copies` parallel copies of its 13 activities (ids suffixed).
fn with_activity_copies(copies: usize) -> String {
    let start = BENCH_40
        .find("[[models.ybiyri.activities]]")
        .expect("activities");
    let end = BENCH_40.find("[[models.ybiyri.risks]]").expect("risks");
    let block = &BENCH_40[start..end];
    let mut extra = String::new();
    for c in 1..copies {
        let mut copy = block.to_string();
        for id in ids(block) {
            copy = copy.replace(&format!("\"{id}\""), &format!("\"{id}-{c}\""));
        }
        extra.push_str(&copy);
    }
    format!("{}{extra}{}", &BENCH_40[..end], &BENCH_40[end..])
}

fn ids(block: &str) -> Vec<String> {
    block
        .lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect()
}

fn iteration_time(c: &mut Criterion, group: &str, variants: Vec<(String, String)>) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(1));
    for (label, text) in variants {
        common::bench_iteration(&mut g, &label, &load(&text));
    }
    g.finish();
}

fn growth(c: &mut Criterion) {
    let services = [10, 40, 400, 1000, 5000]
        .map(|n| {
            (
                format!("services-{n}"),
                BENCH_40.replace("services = 40", &format!("services = {n}")),
            )
        })
        .to_vec();
    iteration_time(c, "growth-services", services);
    let activities = [1, 10, 77]
        .map(|k| (format!("activities-{}", 13 * k), with_activity_copies(k)))
        .to_vec();
    iteration_time(c, "growth-activities", activities);
    let horizon = [36, 120]
        .map(|h| {
            (
                format!("months-{h}"),
                BENCH_40.replace("horizon_months = 36", &format!("horizon_months = {h}")),
            )
        })
        .to_vec();
    iteration_time(c, "growth-horizon", horizon);
}

fn floor(c: &mut Criterion) {
    let model = load(BENCH_40);
    let mut floor = Floor::new(&model);
    let mut i = 0u64;
    let mut g = c.benchmark_group("floor");
    g.throughput(Throughput::Elements(1));
    g.bench_function("bench-40", |b| {
        b.iter(|| {
            i += 1;
            black_box(floor.draw(&model, i))
        })
    });
    g.finish();
}

/// 1,000 lognormal times to restore (bench-40's YBIYRI distribution) summed:
/// one at a time (`Dist::sum_of_draws`), in lanes in plain Rust, and in lanes as
/// the engine makes them (AVX2 where the CPU has it).
fn lognormal(c: &mut Criterion) {
    let model = load(BENCH_40);
    let dist = &model.models[1].arrangement.time_to_restore_hours;
    let Dist::LogNormal { mu, sigma } = *dist else {
        panic!("bench-40's times to restore are lognormal")
    };
    let mut events = event_stream(1, 2);
    let mut lanes = LognormalLanes::new(mu, sigma, None, 3, 0);
    let mut g = c.benchmark_group("lognormal-1000");
    g.throughput(Throughput::Elements(1000));
    g.bench_function("one-by-one", |b| {
        b.iter(|| black_box(dist.sum_of_draws(&mut events, 1000)))
    });
    g.bench_function("lanes-portable", |b| {
        b.iter(|| black_box(lanes.sums_portable::<false, _>(&mut events, 1000)))
    });
    g.bench_function("lanes", |b| {
        b.iter(|| black_box(lanes.sums::<false, _>(&mut events, 1000)))
    });
    g.finish();
}

/// Bench-40's incident counts of one iteration, both models' at their own
/// means (as the floor draws them), four at a time in lanes as the engine draws
/// them.
fn counts(c: &mut Criterion) {
    let means = count_means().concat();
    let mut counts = vec![0; means.len()];
    let mut events = event_stream(1, 2);
    let mut lanes = PoissonLanes::new(3);
    let mut g = c.benchmark_group("counts");
    g.throughput(Throughput::Elements(POISSON_DRAWS as u64));
    g.bench_function("bench-40", |b| {
        b.iter(|| {
            lanes.counts(&mut events, &means, &mut counts);
            black_box(counts[0])
        })
    });
    g.finish();
}

criterion_group!(benches, floor, lognormal, counts, growth);
criterion_main!(benches);
