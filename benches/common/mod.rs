//! Shared by the benches: timing one iteration of a compiled scenario.

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId};
use opsim::engine::calendar::Calendar;
use opsim::engine::iteration::{Scratch, simulate};
use opsim::engine::record::{Layout, Record};
use opsim::model::Model;
use opsim::model::rng::iteration_seed;

/// Compiles scenario text, panicking with the rendered problems if it is invalid.
pub fn load(text: &str) -> Model {
    opsim::scenario::load("bench.toml", text).unwrap_or_else(|e| panic!("{e}"))
}

/// Benches one iteration of `model` at a time, each with a fresh seed.
pub fn bench_iteration(group: &mut BenchmarkGroup<'_, WallTime>, label: &str, model: &Model) {
    let layout = Layout::new(model);
    let calendar = Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year);
    let mut scratch = Scratch::new(model);
    let mut record = Record::new(&layout);
    let mut i = 0u64;
    group.bench_function(BenchmarkId::from_parameter(label), |b| {
        b.iter(|| {
            i += 1;
            simulate(
                model,
                &calendar,
                &layout,
                iteration_seed(7, i),
                &mut scratch,
                &mut record,
            );
            black_box(record.scalars[0])
        })
    });
}
