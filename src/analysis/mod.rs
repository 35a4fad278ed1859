//! What drives the answer: sensitivity of each compared model's TCO difference
//! and readiness to every uncertain input ([`sensitivity`]), and the value of each
//! countermeasure and risk ([`levers`]). Both are measured on the run's first
//! [`SAMPLE_ITERATIONS`] iterations (fewer when the run is shorter), kept value
//! by value by the run itself ([`keep`], [`crate::engine::keep`]) or else
//! simulated again with the run's own seeds ([`sample`]): the same values either
//! way, so they describe the same iterations the headline statistics start
//! with, and do not depend on the thread count. The paired runs of each
//! countermeasure and risk are always simulated. On the same sample: what
//! value of each top driver would flip the answer ([`flip`]), and the joint
//! confidence of each compared model's setup date and budget ([`joint`]).

pub mod compare;
pub mod flip;
pub mod joint;
pub mod levers;
pub mod sample;
pub(crate) mod sensitivity;

use std::sync::atomic::AtomicBool;

use crate::engine::PoolError;
use crate::engine::keep::Keep;
use crate::engine::record::{Headline, Layout};
use crate::engine::summary::Summary;
use crate::model::Model;
use crate::sample::dist::Dist;
use flip::FlipValue;
use joint::JointConfidence;
use levers::LeverValue;
use sample::Scope;
use sensitivity::InputEffect;

/// Everything a run found, as the exporters read it: the engine's summary and,
/// for a full run, the analysis of what drives it.
#[derive(Debug, Clone)]
pub struct Results {
    /// The engine's statistics of every iteration.
    pub summary: Summary,
    /// Sensitivity and the value of countermeasures and risks; None when not asked for.
    pub analysis: Option<Analysis>,
}

impl From<Summary> for Results {
    /// The results of a run with no analysis (`--summary-only`).
    fn from(summary: Summary) -> Results {
        Results {
            summary,
            analysis: None,
        }
    }
}

/// Iterations the analysis is measured on (at most). Rank correlations then
/// have a standard error of about 1/sqrt(20,000) = 0.007, and each decile of a
/// swing holds 2,000 iterations.
pub const SAMPLE_ITERATIONS: u64 = 20_000;

/// The unit of an analysed output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// An amount in the scenario's currency.
    Money,
    /// A number of weeks.
    Weeks,
}

/// Sensitivity of one output of one compared model.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputSensitivity {
    /// Id of the compared model.
    pub model: String,
    /// `tco_difference` or `readiness_all_weeks`.
    pub output: &'static str,
    /// Whether the output is money or weeks.
    pub unit: Unit,
    /// The output's mean over the sampled iterations.
    pub mean: f64,
    /// Every uncertain input that varied, largest swing first.
    pub effects: Vec<InputEffect>,
}

/// The analysis of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Iterations the analysis was measured on: the run's first.
    pub sample_iterations: u64,
    /// Sensitivity of each analysed output of each compared model.
    pub sensitivity: Vec<OutputSensitivity>,
    /// Countermeasures and risks in model order.
    pub levers: Vec<LeverValue>,
    /// For each compared model, its largest drivers of the TCO difference and
    /// the value of each that would flip the answer, largest driver first.
    pub flips: Vec<FlipValue>,
    /// Joint confidence of each compared model whose setup varies.
    pub joint: Vec<JointConfidence>,
}

/// Record columns kept for the analysis: each model's TCO and readiness, then
/// each compared model's TCO difference, then each model's setup cost.
struct Columns {
    indices: Vec<usize>,
    models: usize,
}

impl Columns {
    fn new(model: &Model) -> Columns {
        let layout = Layout::new(model);
        let mut indices = Vec::new();
        for m in 0..model.models.len() {
            indices.push(layout.headline(m, Headline::Tco));
            indices.push(layout.headline(m, Headline::ReadinessAllWeeks));
        }
        indices.extend(model.compared().map(|m| layout.difference(m, 0)));
        indices.extend((0..model.models.len()).map(|m| layout.headline(m, Headline::SetupCost)));
        Columns {
            indices,
            models: model.models.len(),
        }
    }

    fn tco(&self, m: usize) -> usize {
        2 * m
    }

    fn readiness(&self, m: usize) -> usize {
        2 * m + 1
    }

    fn tco_difference(&self, m: usize) -> usize {
        2 * self.models + m - 1
    }

    fn setup_cost(&self, m: usize) -> usize {
        3 * self.models - 1 + m
    }
}

/// What a run keeps for the analysis ([`crate::engine::keep`]): the record
/// columns of its reference sample, for the first [`SAMPLE_ITERATIONS`].
pub fn keep(model: &Model) -> Keep {
    Keep {
        columns: Columns::new(model).indices,
        iterations: SAMPLE_ITERATIONS,
    }
}

/// Analyses a model on the first `min(iterations, SAMPLE_ITERATIONS)` iterations
/// of a run with `seed`, on `threads` workers (0: one per core). `kept`: the
/// columns the run kept as [`keep`] asked, used instead of simulating those
/// iterations again (the same values); None or a sample of another size, and
/// they are simulated. `progress` gets the share done (0 to 1). `Ok(None)` when
/// `stop` was set.
#[allow(clippy::too_many_arguments)]
pub fn analyse(
    model: &Model,
    seed: u64,
    iterations: u64,
    threads: usize,
    kept: Option<Vec<Vec<f64>>>,
    progress: &(dyn Fn(f64) + Sync),
    stop: &AtomicBool,
) -> Result<Option<Analysis>, PoolError> {
    let pool = crate::engine::pool(threads)?;
    Ok(pool.install(|| analyse_in_pool(model, seed, iterations, kept, progress, stop)))
}

fn analyse_in_pool(
    model: &Model,
    seed: u64,
    iterations: u64,
    kept: Option<Vec<Vec<f64>>>,
    progress: &(dyn Fn(f64) + Sync),
    stop: &AtomicBool,
) -> Option<Analysis> {
    let n = iterations.min(SAMPLE_ITERATIONS);
    let columns = Columns::new(model);
    let fits = |k: &Vec<Vec<f64>>| {
        k.len() == columns.indices.len() && k.iter().all(|c| c.len() as u64 == n)
    };
    let reference = match kept.filter(fits) {
        Some(kept) => kept,
        None => sample::columns(model, seed, n, Scope::All, &columns.indices, stop)?,
    };
    let all_levers = levers::levers(model);
    let flip_steps = model.compared().len() * flip::DRIVERS_SEARCHED;
    let steps = 2 + all_levers.len() + flip_steps;
    progress(1.0 / steps as f64);
    let sensitivity = sensitivity(model, seed, n, &columns, &reference);
    progress(2.0 / steps as f64);
    let mut values = Vec::with_capacity(all_levers.len());
    for (k, lever) in all_levers.iter().enumerate() {
        let m = lever.model;
        let wanted = [
            columns.indices[columns.tco(m)],
            columns.indices[columns.readiness(m)],
        ];
        let changed_model = lever.changed(model);
        let changed = sample::columns(&changed_model, seed, n, Scope::Model(m), &wanted, stop)?;
        values.push(LeverValue::measure(
            lever,
            model,
            [&reference[columns.tco(m)], &reference[columns.readiness(m)]],
            [&changed[0], &changed[1]],
        ));
        progress((3 + k) as f64 / steps as f64);
    }
    let mut flips = Vec::new();
    for m in model.compared() {
        let column = columns.indices[columns.tco_difference(m)];
        for (k, input) in flip_drivers(model, &sensitivity, m).into_iter().enumerate() {
            flips.push(flip::search(model, seed, n, m, input, column, stop)?);
            let done = 2 + all_levers.len() + flips.len().max(k + 1);
            progress(done as f64 / steps as f64);
        }
    }
    let joint = model
        .compared()
        .filter_map(|m| {
            let readiness = &reference[columns.readiness(m)];
            let setup = &reference[columns.setup_cost(m)];
            (varies(readiness) || varies(setup))
                .then(|| joint::joint(m, readiness, setup))
                .flatten()
        })
        .collect();
    Some(Analysis {
        sample_iterations: n,
        sensitivity,
        levers: values,
        flips,
        joint,
    })
}

/// The inputs whose flip values are searched for compared model `m`: its
/// largest drivers of the TCO difference (by swing) that have a range of
/// values, at most [`flip::DRIVERS_SEARCHED`].
fn flip_drivers(model: &Model, sensitivity: &[OutputSensitivity], m: usize) -> Vec<usize> {
    let id = &model.models[m].id;
    let Some(tco) = sensitivity
        .iter()
        .find(|o| &o.model == id && o.output == "tco_difference")
    else {
        return Vec::new();
    };
    tco.effects
        .iter()
        .filter(|e| e.swing() != 0.0)
        .filter_map(|e| model.input_index(&e.path))
        .filter(|&i| flip::searchable(&model.inputs[i].dist))
        .take(flip::DRIVERS_SEARCHED)
        .collect()
}

/// Sensitivity of each compared model's TCO difference and readiness, leaving
/// out outputs that do not vary. Inputs are drawn again one at a time, so
/// memory holds one input's sample, however many inputs the scenario has.
fn sensitivity(
    model: &Model,
    seed: u64,
    n: u64,
    columns: &Columns,
    reference: &[Vec<f64>],
) -> Vec<OutputSensitivity> {
    let mut outputs: Vec<(OutputSensitivity, &[f64], Vec<f64>)> = Vec::new();
    for m in model.compared() {
        for (output, unit, column) in [
            ("tco_difference", Unit::Money, columns.tco_difference(m)),
            ("readiness_all_weeks", Unit::Weeks, columns.readiness(m)),
        ] {
            let values = &reference[column];
            if !varies(values) {
                continue;
            }
            let summary = OutputSensitivity {
                model: model.models[m].id.clone(),
                output,
                unit,
                mean: values.iter().sum::<f64>() / values.len() as f64,
                effects: Vec::new(),
            };
            outputs.push((summary, values, sensitivity::ranks(values)));
        }
    }
    let uncertain =
        (0..model.inputs.len()).filter(|&i| !matches!(model.inputs[i].dist, Dist::Constant(_)));
    for i in uncertain {
        let values = sample::input(model, seed, n, i);
        if !varies(&values) {
            continue;
        }
        let value_ranks = sensitivity::ranks(&values);
        for (o, output, output_ranks) in &mut outputs {
            o.effects.push(sensitivity::effect(
                &model.inputs[i],
                model.words(&model.inputs[i].path),
                (&values, &value_ranks),
                (output, output_ranks),
            ));
        }
    }
    outputs
        .into_iter()
        .map(|(mut o, _, _)| {
            o.effects = sensitivity::finish(std::mem::take(&mut o.effects));
            o
        })
        .collect()
}

fn varies(values: &[f64]) -> bool {
    values.iter().any(|&v| v != values[0])
}
