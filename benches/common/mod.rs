//! Shared by the benches: loading a scenario, running one iteration of it at a
//! time, timing that with criterion, and the raw-draw floor ([`floor`]).

// Each bench uses its own part of this module (as tests/it/common.rs does).
#![allow(dead_code)]

pub mod floor;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId};
use opsim::engine::calendar::Calendar;
use opsim::engine::iteration::{Context, Scratch};
use opsim::engine::record::{Layout, Record};
use opsim::model::Model;

/// Compiles scenario text, panicking with the rendered problems if it is invalid.
pub fn load(text: &str) -> Model {
    opsim::scenario::load("bench.toml", text).unwrap_or_else(|e| panic!("{e}"))
}

/// One iteration of a compiled scenario at a time, as a run makes them, with
/// the working memory made once.
pub struct Iterations<'m> {
    model: &'m Model,
    layout: Layout,
    calendar: Calendar,
    scratch: Scratch,
    record: Record,
}

impl<'m> Iterations<'m> {
    pub fn new(model: &'m Model) -> Iterations<'m> {
        let layout = Layout::new(model);
        Iterations {
            model,
            calendar: Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year),
            scratch: Scratch::new(model),
            record: Record::new(&layout),
            layout,
        }
    }

    /// Runs iteration `i` (seeded as iteration `i` of a run with seed 7) and
    /// returns a figure of it, so that none of it can be optimised away.
    pub fn run(&mut self, i: u64) -> f64 {
        let seed = opsim::sample::points::At::new(7, i);
        let context = Context::new(self.model, &self.calendar, &self.layout);
        context.simulate(seed, &mut self.scratch, &mut self.record);
        self.record.scalars[0]
    }
}

/// Benches one iteration of `model` at a time, each with a fresh seed.
pub fn bench_iteration(group: &mut BenchmarkGroup<'_, WallTime>, label: &str, model: &Model) {
    let mut iterations = Iterations::new(model);
    let mut i = 0u64;
    group.bench_function(BenchmarkId::from_parameter(label), |b| {
        b.iter(|| {
            i += 1;
            black_box(iterations.run(i))
        })
    });
}
