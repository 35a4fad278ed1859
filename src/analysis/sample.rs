//! A run's first iterations kept value by value: the chosen record columns of
//! each iteration, in iteration order, for statistics that need every value
//! (rank correlations, paired differences, exact quantiles). Iteration i uses the
//! same seed as in the main run, so a sample is the main run's first iterations
//! exactly, and a variant's sample pairs with the reference's iteration by
//! iteration. Chunks run in parallel and are collected in order: the sample does
//! not depend on the thread count.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::engine::CHUNK_ITERATIONS;
use crate::engine::calendar::Calendar;
use crate::engine::iteration::{Context, Scratch, draw_inputs};
use crate::engine::record::{Layout, Record};
use crate::model::Model;
use crate::sample::points::At;

/// What to simulate for each sampled iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every model and the comparisons.
    All,
    /// One model alone (`Context::simulate_model`).
    Model(usize),
}

/// Values of `columns` (indices into the record's scalars) for iterations
/// `0..iterations`, column by column; None when `stop` was set.
pub fn columns(
    model: &Model,
    seed: u64,
    iterations: u64,
    scope: Scope,
    columns: &[usize],
    stop: &AtomicBool,
) -> Option<Vec<Vec<f64>>> {
    let layout = Layout::new(model);
    let calendar = Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year);
    let context = Context::new(model, &calendar, &layout);
    let chunks: Vec<Option<Vec<f64>>> = (0..iterations.div_ceil(CHUNK_ITERATIONS))
        .into_par_iter()
        .map_init(
            || (Scratch::new(model), Record::new(&layout)),
            |(scratch, record), chunk| {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                let first = chunk * CHUNK_ITERATIONS;
                let last = (first + CHUNK_ITERATIONS).min(iterations);
                let mut rows = Vec::with_capacity((last - first) as usize * columns.len());
                for i in first..last {
                    let at = At::new(seed, i);
                    match scope {
                        Scope::All => context.simulate(at, scratch, record),
                        Scope::Model(m) => context.simulate_model(at, m, scratch, record),
                    }
                    rows.extend(columns.iter().map(|&c| record.scalars[c]));
                }
                Some(rows)
            },
        )
        .collect();
    let mut out = vec![Vec::with_capacity(iterations as usize); columns.len()];
    for rows in chunks {
        for row in rows?.chunks_exact(columns.len().max(1)) {
            for (column, &v) in out.iter_mut().zip(row) {
                column.push(v);
            }
        }
    }
    Some(out)
}

/// One input's draws for iterations `0..iterations`: the values it took in the
/// run, drawn again (with the others, as correlations tie them).
pub fn input(model: &Model, seed: u64, iterations: u64, input: usize) -> Vec<f64> {
    inputs(model, seed, iterations, &[input]).remove(0)
}

/// Some inputs' draws for iterations `0..iterations`, input by input.
pub fn inputs(model: &Model, seed: u64, iterations: u64, wanted: &[usize]) -> Vec<Vec<f64>> {
    let mut values = vec![0.0; model.inputs.len()];
    let mut normals = vec![
        0.0;
        model
            .sampling
            .correlated
            .as_ref()
            .map_or(0, |c| c.inputs.len())
    ];
    let mut out = vec![Vec::with_capacity(iterations as usize); wanted.len()];
    for i in 0..iterations {
        draw_inputs(model, At::new(seed, i), &mut values, &mut normals);
        for (column, &k) in out.iter_mut().zip(wanted) {
            column.push(values[k]);
        }
    }
    out
}
