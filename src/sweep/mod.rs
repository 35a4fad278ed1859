//! `opsim sweep`: one scenario run at every point of a grid of one or two varied
//! parameters (`--vary PATH=FROM..TO:STEP`), each point with the same seed and
//! iteration count, so the points share their random numbers (every input draws
//! from a stream keyed by its path) and differences between points are the
//! parameter's effect, not noise. Every point is compiled and checked before the
//! first one runs. Each point keeps only its headline outputs ([`PointResult`]),
//! so memory does not grow with the grid beyond a few numbers per point.
//! A sweep can be split by points (`opsim sweep --shard K/N`): each shard runs
//! a contiguous range of the grid and writes its points' results
//! ([`write_points`]); [`assemble`] builds the whole sweep from them.

pub mod grid;

use std::sync::atomic::AtomicBool;

use crate::engine::record::Difference;
use crate::engine::summary::Summary;
use crate::engine::{self, PoolError, RunOptions};
use crate::model::Model;
use crate::scenario::error::ScenarioError;
use crate::scenario::overrides::{Override, load_with_overrides, resolve_paths};
use crate::stats::wire::{Reader, WireError, Writer};
use grid::Vary;

/// The headline outputs of one compared model at one point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    /// Id of the compared model.
    pub model: String,
    /// Mean TCO difference from the baseline (model minus baseline).
    pub tco_difference_mean: f64,
    /// Standard error of that mean.
    pub tco_difference_se: f64,
    /// 10th percentile of the TCO difference.
    pub tco_difference_p10: f64,
    /// 90th percentile of the TCO difference.
    pub tco_difference_p90: f64,
    /// Share (0-1) of iterations in which the model's TCO is below the baseline's.
    pub probability_cheaper: f64,
    /// The compared model's overall readiness.
    pub readiness_p50_weeks: f64,
    /// 90th percentile of the compared model's overall readiness, in weeks.
    pub readiness_p90_weeks: f64,
    /// None: not within the horizon.
    pub break_even_month_p50: Option<usize>,
}

impl PointResult {
    /// One result per compared model of a run.
    pub fn of(summary: &Summary) -> Vec<PointResult> {
        summary
            .comparisons
            .iter()
            .map(|c| {
                let d = c.difference(Difference::Tco);
                let ready = summary
                    .model(&c.id)
                    .and_then(|m| m.readiness("all"))
                    .map_or((0.0, 0.0), |r| (r.p50, r.p90));
                PointResult {
                    model: c.id.clone(),
                    tco_difference_mean: d.mean,
                    tco_difference_se: d.se,
                    tco_difference_p10: d.p10,
                    tco_difference_p90: d.p90,
                    probability_cheaper: c.probability_cheaper,
                    readiness_p50_weeks: ready.0,
                    readiness_p90_weeks: ready.1,
                    break_even_month_p50: c.break_even_month.p50,
                }
            })
            .collect()
    }
}

impl PointResult {
    /// Writes the result with its exact bits, for a shard's partial.
    pub fn write(&self, w: &mut Writer) {
        w.str(&self.model);
        for v in [
            self.tco_difference_mean,
            self.tco_difference_se,
            self.tco_difference_p10,
            self.tco_difference_p90,
            self.probability_cheaper,
            self.readiness_p50_weeks,
            self.readiness_p90_weeks,
        ] {
            w.f64(v);
        }
        w.varint(self.break_even_month_p50.map_or(0, |m| m as u64 + 1));
    }

    /// Reads a result written by [`PointResult::write`].
    pub fn read(r: &mut Reader) -> Result<PointResult, WireError> {
        Ok(PointResult {
            model: r.str()?,
            tco_difference_mean: r.f64()?,
            tco_difference_se: r.f64()?,
            tco_difference_p10: r.f64()?,
            tco_difference_p90: r.f64()?,
            probability_cheaper: r.f64()?,
            readiness_p50_weeks: r.f64()?,
            readiness_p90_weeks: r.f64()?,
            break_even_month_p50: match r.varint()? {
                0 => None,
                m => Some((m - 1) as usize),
            },
        })
    }
}

/// The points of a sweep, each with its parameters' values and its results.
pub type Points = Vec<(Vec<f64>, Vec<PointResult>)>;

/// Writes points for a shard's partial.
pub fn write_points(points: &Points, w: &mut Writer) {
    w.varint(points.len() as u64);
    for (values, results) in points {
        w.f64s(values);
        w.varint(results.len() as u64);
        results.iter().for_each(|r| r.write(w));
    }
}

/// Reads points written by [`write_points`].
pub fn read_points(r: &mut Reader) -> Result<Points, WireError> {
    (0..r.len(2)?)
        .map(|_| {
            let values = r.f64s()?;
            let results = (0..r.len(1)?)
                .map(|_| PointResult::read(r))
                .collect::<Result<_, _>>()?;
            Ok((values, results))
        })
        .collect()
}

/// A sweep, run.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// Scenario name (of the first point).
    pub scenario: String,
    /// Currency code of every amount.
    pub currency: String,
    /// Iterations run at each point.
    pub iterations: u64,
    /// Seed of every point's run.
    pub seed: u64,
    /// Each varied parameter's full path and values.
    pub parameters: Vec<(String, Vec<f64>)>,
    /// Each point's value of every parameter, and its results.
    pub points: Vec<(Vec<f64>, Vec<PointResult>)>,
    /// Each varied parameter in words, for people (`Model::words`: its
    /// label, with its model's name when it belongs to one).
    pub parameter_labels: Vec<String>,
    /// Each model's id and name, in the scenario's order (the baseline first).
    pub model_names: Vec<(String, String)>,
}

impl Sweep {
    /// A model's name by id (its id when the sweep does not know it).
    pub fn model_name<'a>(&'a self, id: &'a str) -> &'a str {
        (self.model_names.iter())
            .find(|(i, _)| i == id)
            .map_or(id, |(_, name)| name.as_str())
    }

    /// A model's position in the scenario (its colour in every chart).
    pub fn model_position(&self, id: &str) -> Option<usize> {
        self.model_names.iter().position(|(i, _)| i == id)
    }
}

/// Why a sweep cannot start.
#[derive(Debug)]
pub enum SweepError {
    /// The grid is too large.
    Grid(String),
    /// A path does not resolve, or a point's scenario does not load: the point
    /// (empty when no point is to blame) and the scenario's problems.
    Point {
        /// The point, as `path = value, ...`.
        point: String,
        /// The scenario's problems at that point.
        error: ScenarioError,
    },
}

/// The compiled model of every point, in grid order, and each parameter's full path.
pub type Compiled = (Vec<(Vec<f64>, Model)>, Vec<String>);

/// Compiles the scenario at every point of the grid, with the `--set`
/// overrides `base` applied first.
pub fn compile(
    file_name: &str,
    source: &str,
    base: &[Override],
    varies: &[Vary],
) -> Result<Compiled, SweepError> {
    let points = grid::points(varies).map_err(SweepError::Grid)?;
    let paths = resolve(file_name, source, varies)?;
    let mut compiled = Vec::new();
    for point in points {
        let mut overrides = base.to_vec();
        let mut values = Vec::with_capacity(varies.len());
        for (v, &i) in varies.iter().zip(&point) {
            overrides.push(Override::vary(&v.path, &v.values[i]));
            values.push(v.numbers[i]);
        }
        let model = load_with_overrides(file_name, source, &overrides).map_err(|error| {
            SweepError::Point {
                point: describe_point(&paths, &values),
                error,
            }
        })?;
        compiled.push((values, model));
    }
    Ok((compiled, paths))
}

/// Each varied path in full (a suffix such as `teams` becomes `organisation.teams`).
fn resolve(file_name: &str, source: &str, varies: &[Vary]) -> Result<Vec<String>, SweepError> {
    let probes: Vec<Override> = varies
        .iter()
        .map(|v| Override::vary(&v.path, &v.values[0]))
        .collect();
    resolve_paths(file_name, source, &probes).map_err(|error| SweepError::Point {
        point: String::new(),
        error,
    })
}

/// "organisation.teams = 5, models.ybiyri.on_call.standby_pay_per_week = 150"
pub fn describe_point(paths: &[String], values: &[f64]) -> String {
    paths
        .iter()
        .zip(values)
        .map(|(p, v)| format!("{p} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a sweep's run failed: opsim's faults, never the user's.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The worker pool failed.
    #[error(transparent)]
    Pool(#[from] PoolError),
    /// A point's summary holds NaN or infinity (1-based point number).
    #[error("point {point}: {path} is not a finite number; please report this with the scenario")]
    NotFinite {
        /// 1-based number of the point in grid order.
        point: usize,
        /// The statistic, as `models.<id>.<name>`.
        path: String,
    },
}

/// Runs every point with the same options; `progress` gets the iterations done
/// over the whole sweep. `Ok(None)` when `stop` was set.
pub fn run(
    compiled: Compiled,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    stop: &AtomicBool,
) -> Result<Option<Sweep>, RunError> {
    let (models, paths) = compiled;
    let mut points = Vec::with_capacity(models.len());
    let Some(first) = models.first().map(|(_, m)| m.clone()) else {
        return Ok(Some(assemble(None, options, paths, points)));
    };
    for (k, (values, model)) in models.into_iter().enumerate() {
        let done_before = k as u64 * options.iterations;
        let summary =
            engine::run_until(&model, options, &|done| progress(done_before + done), stop)?;
        let Some(summary) = summary else {
            return Ok(None);
        };
        if let Some(path) = summary.first_non_finite() {
            return Err(RunError::NotFinite { point: k + 1, path });
        }
        points.push((values, PointResult::of(&summary)));
    }
    Ok(Some(assemble(Some(&first), options, paths, points)))
}

/// The sweep of `points` (in grid order) over the parameters `paths`: what
/// a whole sweep gives, and what `opsim merge` rebuilds from shards.
pub fn assemble(
    first: Option<&Model>,
    options: RunOptions,
    paths: Vec<String>,
    points: Points,
) -> Sweep {
    let scenario = first.map_or(String::new(), |m| m.meta.name.clone());
    let currency = first.map_or(String::new(), |m| m.meta.currency.clone());
    let parameter_labels = paths
        .iter()
        .map(|p| first.map_or(p.clone(), |m| m.words(p).with_model()))
        .collect();
    let model_names = first.map_or(Vec::new(), |m| {
        (m.models.iter())
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect()
    });
    let parameters = paths
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let mut values: Vec<f64> = points.iter().map(|(v, _)| v[i]).collect();
            values.sort_by(f64::total_cmp);
            values.dedup();
            (p, values)
        })
        .collect();
    Sweep {
        scenario,
        currency,
        iterations: options.iterations,
        seed: options.seed,
        parameters,
        points,
        parameter_labels,
        model_names,
    }
}
