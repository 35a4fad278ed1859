//! Tests that every build of an iteration (portable, AVX2, AVX-512, as this
//! CPU runs them) gives the same bits on the shipped scenarios. They sit at the
//! top of the crate because they load scenario files, which the engine itself
//! never does (docs/architecture.md).

use crate::engine::calendar::Calendar;
use crate::engine::iteration::{Context, Scratch};
use crate::engine::record::{Layout, Record};
use crate::sample::points::At;
use crate::sample::simd::Build;
use crate::scenario;

/// Every output of `iterations` iterations of `source`, run in `build`
/// (and each model alone, too), as bits.
fn records_bits(source: &str, iterations: u64, build: Build) -> Vec<u64> {
    let model = scenario::load("test.toml", source).expect("a valid scenario");
    let layout = Layout::new(&model);
    let calendar = Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year);
    let context = Context::new(&model, &calendar, &layout).with_build(build);
    let (mut scratch, mut record) = (Scratch::new(&model), Record::new(&layout));
    let mut bits = Vec::new();
    let mut add = |r: &Record| {
        let values = r.scalars.iter().chain(&r.monthly_run_cost);
        bits.extend(
            values
                .chain(&r.monthly_cumulative_cost)
                .map(|v| v.to_bits()),
        );
        bits.extend(r.on_path.iter().map(|&on| u64::from(on)));
        bits.extend(r.break_even_month.iter().map(|&month| month as u64));
    };
    for i in 0..iterations {
        let seed = At::new(11, i);
        context.simulate(seed, &mut scratch, &mut record);
        add(&record);
        for m in 0..model.models.len() {
            context.simulate_model(seed, m, &mut scratch, &mut record);
            add(&record);
        }
    }
    bits
}

#[test]
fn every_build_of_an_iteration_gives_the_same_bits() {
    let scenarios = [
        include_str!("../scenarios/bench-40.toml"),
        include_str!("../scenarios/example.toml"),
        include_str!("../scenarios/starter.toml"),
    ];
    for source in scenarios {
        let portable = records_bits(source, 200, Build::PORTABLE);
        for build in Build::all_here().into_iter().skip(1) {
            let built = records_bits(source, 200, build);
            assert_eq!(portable.len(), built.len());
            assert!(
                portable == built,
                "the {build:?} build of an iteration differs"
            );
        }
    }
}
