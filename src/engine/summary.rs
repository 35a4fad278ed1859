//! The summary of a run: every statistic docs/output.md lists,
//! per model and per comparison with the baseline, read off the merged
//! [`Accumulator`]. Exporters only format this (with the analysis, when a run
//! has one: `analysis::Results`).

use super::RunOptions;
use super::accumulator::{Accumulator, ChunkMoments};
use super::record::{
    COMPONENTS, DIFFERENCES, Difference, HEADLINES, Headline, Layout, OPPORTUNITY,
};
use crate::model::Model;
use crate::sample::points::Sampling;
use crate::stats::sketch::Sketch;
use crate::stats::stat::{Band, Stat};

/// TCO and readiness are also reported at every percent, P0 (the minimum) to
/// P100 (the maximum): fine distributions for the TCO chart and the readiness
/// S-curves, where the 20-bin histogram is too coarse.
pub const PERCENTILES: usize = 101;

/// One month's run-cost and cumulative-cost bands of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthBands {
    /// 0-based month of the horizon.
    pub month: usize,
    /// Cash run cost of the month.
    pub run_cost: Band,
    /// Cash cost to the end of the month: run cost plus the setup spread so far.
    pub cumulative_cost: Band,
}

/// Start, finish and criticality of one setup activity.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitySummary {
    /// Activity id.
    pub id: String,
    /// Shown in reports.
    pub name: String,
    /// Name of the capability it builds.
    pub capability: String,
    /// Start in weeks from week 0.
    pub start_weeks: Stat,
    /// Finish in weeks from week 0.
    pub finish_weeks: Stat,
    /// Share of iterations in which the activity lies on the longest path.
    pub criticality: f64,
}

/// Every statistic of one operating model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSummary {
    /// Model id.
    pub id: String,
    /// Shown in reports.
    pub name: String,
    /// Headline statistics by JSON name (`tco`, `setup_cost`, ...).
    pub headlines: Vec<(&'static str, Stat)>,
    /// TCO at each percent 0..=100 (entry p is the P`p`, type 1).
    pub tco_percentiles: Vec<f64>,
    /// Cash run cost over the horizon by component, in [`COMPONENTS`] order.
    pub run_cost_by_component: Vec<(&'static str, Stat)>,
    /// Opportunity cost over the horizon by component, in [`OPPORTUNITY`] order.
    pub opportunity_cost_by_component: Vec<(&'static str, Stat)>,
    /// Readiness in weeks per capability, then `all`.
    pub readiness_weeks: Vec<(String, Stat)>,
    /// Readiness in weeks at each percent 0..=100 (type-1 quantiles from the same
    /// sketches as `readiness_weeks`), in the same order: entry p of a capability's
    /// list is its P`p`, so the share of iterations ready by week w can be read off.
    pub readiness_percentiles_weeks: Vec<(String, Vec<f64>)>,
    /// Start and finish of each setup activity, in dependency order.
    pub activities: Vec<ActivitySummary>,
    /// Run-cost and cumulative-cost bands of each month of the horizon.
    pub monthly: Vec<MonthBands>,
}

impl ModelSummary {
    /// A headline figure's statistics; readiness of the whole model is the
    /// `all` entry of [`ModelSummary::readiness_weeks`].
    pub fn headline(&self, headline: Headline) -> &Stat {
        match headline {
            Headline::ReadinessAllWeeks => {
                &self
                    .readiness_weeks
                    .last()
                    .expect("readiness of the whole model comes last")
                    .1
            }
            other => &self.headlines[other as usize].1,
        }
    }

    /// Readiness in weeks of a capability by name (`all` for the whole model).
    pub fn readiness(&self, capability: &str) -> Option<&Stat> {
        self.readiness_weeks
            .iter()
            .find(|(c, _)| c == capability)
            .map(|(_, s)| s)
    }
}

/// When a compared model becomes cheaper than the baseline, over the iterations.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakEven {
    /// Iterations per break-even month, the last entry being "not within horizon".
    pub counts: Vec<u64>,
    /// Type-1 quantiles of the break-even month; None = not within horizon.
    pub p10: Option<usize>,
    /// Median break-even month; None = not within horizon.
    pub p50: Option<usize>,
    /// 90th-percentile break-even month; None = not within horizon.
    pub p90: Option<usize>,
    /// Share (0-1) of iterations that do not break even within the horizon.
    pub share_not_within_horizon: f64,
}

/// A compared model against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonSummary {
    /// Id of the compared model.
    pub id: String,
    /// Name of the compared model.
    pub name: String,
    /// `tco_difference`, `economic_difference`, `npv_difference`: model minus baseline.
    pub differences: Vec<(&'static str, Stat)>,
    /// Share (0-1) of iterations in which its TCO is strictly below the baseline's.
    pub probability_cheaper: f64,
    /// Binomial standard error of `probability_cheaper`.
    pub probability_cheaper_se: f64,
    /// When it breaks even with the baseline.
    pub break_even_month: BreakEven,
}

impl ComparisonSummary {
    /// The statistic of one difference from the baseline (model minus baseline).
    pub fn difference(&self, difference: Difference) -> &Stat {
        &self.differences[difference as usize].1
    }
}

/// Everything a run found, per model and per comparison with the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Currency code of every amount.
    pub currency: String,
    /// Months of run cost simulated.
    pub horizon_months: usize,
    /// Calendar date of week 0 (`YYYY-MM-DD`), when the scenario gives one.
    pub start_date: Option<String>,
    /// Annual discount rate used for the NPV figures.
    pub discount_rate_per_year: f64,
    /// Iterations run.
    pub iterations: u64,
    /// Seed of the run.
    pub seed: u64,
    /// Id of the baseline model.
    pub baseline: String,
    /// Every model, baseline first.
    pub models: Vec<ModelSummary>,
    /// Every model other than the baseline against it, in model order.
    pub comparisons: Vec<ComparisonSummary>,
    /// How a run to a target standard error ended (`--target-se`); None otherwise.
    pub convergence: Option<Convergence>,
    /// How the once-per-iteration inputs were sampled.
    pub sampling: Sampling,
    /// How the standard errors of means and probabilities were estimated.
    pub standard_errors: StandardErrors,
    /// The rank correlations asked between inputs: their paths and Spearman's rho.
    pub correlations: Vec<(String, String, f64)>,
}

/// How a summary's standard errors were estimated (docs/scenario.md, "Sampling").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardErrors {
    /// sd / sqrt(n) over iterations (binomial for probabilities): independent draws.
    Iid,
    /// The spread of this many chunk means, each chunk an independent replicate.
    Replicates(u64),
}

impl StandardErrors {
    /// The method's name in summary.json.
    pub fn as_str(self) -> &'static str {
        match self {
            StandardErrors::Iid => "iid",
            StandardErrors::Replicates(_) => "replicates",
        }
    }
}

/// The end of a run to a target relative standard error.
#[derive(Debug, Clone, PartialEq)]
pub struct Convergence {
    /// Relative standard error each headline mean had to reach (`--target-se`).
    pub target_relative_se: f64,
    /// Most iterations allowed (`--max-iterations`).
    pub max_iterations: u64,
    /// Whether every headline mean met the target (false: stopped at the cap).
    pub reached: bool,
    /// The headline (`model.headline`) with the largest relative standard error
    /// at the end, and that error; empty and 0 when no headline varies.
    pub worst: (String, f64),
}

impl Summary {
    /// The first statistic (as `models.<id>.<name>`) that is not a finite
    /// number, if any: a run must never report one, whoever started it.
    pub fn first_non_finite(&self) -> Option<String> {
        for m in &self.models {
            let stats = m
                .headlines
                .iter()
                .chain(&m.run_cost_by_component)
                .chain(&m.opportunity_cost_by_component)
                .map(|(n, s)| (n.to_string(), s))
                .chain(
                    m.readiness_weeks
                        .iter()
                        .map(|(c, s)| (format!("readiness_weeks.{c}"), s)),
                );
            for (name, s) in stats {
                let values = [s.mean, s.sd, s.min, s.max, s.p5, s.p50, s.p95];
                if values.iter().any(|v| !v.is_finite()) {
                    return Some(format!("models.{}.{name}", m.id));
                }
            }
        }
        None
    }

    /// Reads the summary off the merged accumulator of a run.
    pub fn new(model: &Model, options: RunOptions, mut acc: Accumulator) -> Summary {
        let layout = Layout::new(model);
        let moments = acc.moments.take().expect("at least one iteration");
        let stratified = model.sampling.mode != Sampling::Random;
        let stat = |i: usize| Stat {
            se: moments.standard_error(i, stratified),
            ..Stat::new(&moments.scalars[i], &acc.scalars[i])
        };
        let n = acc.iterations as f64;
        let models = (0..model.models.len())
            .map(|m| model_summary(model, &layout, m, &acc, &moments, &stat))
            .collect();
        let comparisons = model
            .compared()
            .map(|m| {
                let p = acc.cheaper[m - 1] as f64 / n;
                ComparisonSummary {
                    id: model.models[m].id.clone(),
                    name: model.models[m].name.clone(),
                    differences: DIFFERENCES
                        .iter()
                        .enumerate()
                        .map(|(d, name)| (*name, stat(layout.difference(m, d))))
                        .collect(),
                    probability_cheaper: p,
                    probability_cheaper_se: moments.cheaper_standard_error(
                        m - 1,
                        p,
                        acc.iterations,
                        stratified,
                    ),
                    break_even_month: break_even(&acc.break_even[m - 1]),
                }
            })
            .collect();
        Summary {
            scenario: model.meta.name.clone(),
            currency: model.meta.currency.clone(),
            horizon_months: model.meta.horizon_months,
            start_date: model.meta.start_date.clone(),
            discount_rate_per_year: model.meta.discount_rate_per_year,
            iterations: options.iterations,
            seed: options.seed,
            baseline: model.models[0].id.clone(),
            models,
            comparisons,
            convergence: None,
            sampling: model.sampling.mode,
            correlations: model
                .sampling
                .correlations
                .iter()
                .map(|c| {
                    let path = |k: usize| model.inputs[k].path.clone();
                    (path(c.inputs[0]), path(c.inputs[1]), c.spearman)
                })
                .collect(),
            standard_errors: if moments.by_replicates(stratified) {
                StandardErrors::Replicates(moments.replicate_count())
            } else {
                StandardErrors::Iid
            },
        }
    }

    /// A model's summary by id.
    pub fn model(&self, id: &str) -> Option<&ModelSummary> {
        self.models.iter().find(|m| m.id == id)
    }

    /// A compared model's comparison by id.
    pub fn comparison(&self, id: &str) -> Option<&ComparisonSummary> {
        self.comparisons.iter().find(|c| c.id == id)
    }
}

fn model_summary(
    model: &Model,
    layout: &Layout,
    m: usize,
    acc: &Accumulator,
    moments: &ChunkMoments,
    stat: &dyn Fn(usize) -> Stat,
) -> ModelSummary {
    let om = &model.models[m];
    let n = acc.iterations as f64;
    let mut readiness_weeks: Vec<(String, Stat)> = model
        .capabilities
        .iter()
        .enumerate()
        .map(|(c, name)| (name.clone(), stat(layout.readiness(m, c))))
        .collect();
    readiness_weeks.push((
        "all".into(),
        stat(layout.headline(m, Headline::ReadinessAllWeeks)),
    ));
    let readiness_sketches = (0..model.capabilities.len())
        .map(|c| layout.readiness(m, c))
        .chain([layout.headline(m, Headline::ReadinessAllWeeks)]);
    let readiness_percentiles_weeks = readiness_weeks
        .iter()
        .zip(readiness_sketches)
        .map(|((name, _), i)| (name.clone(), percentiles(&acc.scalars[i])))
        .collect();
    let activities = om
        .activities
        .iter()
        .enumerate()
        .map(|(k, a)| ActivitySummary {
            id: a.id.clone(),
            name: a.name.clone(),
            capability: model.capabilities[a.capability].clone(),
            start_weeks: stat(layout.activity_start(m, k)),
            finish_weeks: stat(layout.activity_finish(m, k)),
            criticality: acc.on_path[layout.path_base[m] + k] as f64 / n,
        })
        .collect();
    let monthly = (0..layout.horizon_months)
        .map(|month| {
            let i = layout.month(m, month);
            MonthBands {
                month,
                run_cost: Band::new(&moments.monthly_run_cost[i], &acc.monthly_run_cost[i]),
                cumulative_cost: Band::new(
                    &moments.monthly_cumulative_cost[i],
                    &acc.monthly_cumulative_cost[i],
                ),
            }
        })
        .collect();
    ModelSummary {
        id: om.id.clone(),
        name: om.name.clone(),
        headlines: HEADLINES
            .iter()
            .filter(|(h, _)| *h != Headline::ReadinessAllWeeks)
            .map(|(h, name)| (*name, stat(layout.headline(m, *h))))
            .collect(),
        tco_percentiles: percentiles(&acc.scalars[layout.headline(m, Headline::Tco)]),
        run_cost_by_component: COMPONENTS
            .iter()
            .enumerate()
            .map(|(c, name)| (*name, stat(layout.component(m, c))))
            .collect(),
        opportunity_cost_by_component: OPPORTUNITY
            .iter()
            .enumerate()
            .map(|(o, name)| (*name, stat(layout.opportunity(m, o))))
            .collect(),
        readiness_weeks,
        readiness_percentiles_weeks,
        activities,
        monthly,
    }
}

/// Quantiles at every percent from a sketch; P0 and P100 are the exact minimum
/// and maximum.
fn percentiles(sketch: &Sketch) -> Vec<f64> {
    let mut p: Vec<f64> = (0..PERCENTILES)
        .map(|p| sketch.quantile(p as f64 / 100.0))
        .collect();
    p[0] = sketch.min();
    p[PERCENTILES - 1] = sketch.max();
    p
}

fn break_even(counts: &[u64]) -> BreakEven {
    let total: u64 = counts.iter().sum();
    let horizon = counts.len() - 1;
    let quantile = |q: f64| {
        let rank = ((q * total as f64).ceil() as u64).clamp(1, total.max(1));
        let mut seen = 0;
        for (month, &c) in counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return (month < horizon).then_some(month);
            }
        }
        None
    };
    BreakEven {
        counts: counts.to_vec(),
        p10: quantile(0.10),
        p50: quantile(0.50),
        p90: quantile(0.90),
        share_not_within_horizon: counts[horizon] as f64 / total.max(1) as f64,
    }
}
