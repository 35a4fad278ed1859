//! What every fuzz target does with a scenario text: parse, check and compile it
//! (`scenario::load`), render the error report or the `validate` table, and run a
//! few iterations when the compiled model is small enough for one exec to stay
//! fast. Any panic (or a hang past libFuzzer's `-timeout`) is a finding.
//!
//! The main crate's `tests/fuzz_regressions.rs` compiles this file as a module
//! and replays the crashes found with it: it may use only `opsim` and std.

use opsim::engine::{self, RunOptions};
use opsim::model::Model;
use opsim::sample::dist::Dist;
use opsim::scenario;

/// Iterations run per valid scenario.
pub const ITERATIONS: u64 = 3;

/// Expected incidents per iteration (all models) above which a run is skipped:
/// every incident is a draw, so a huge organisation makes one exec slow, not wrong.
pub const MAX_INCIDENTS: f64 = 2e5;
/// Months that setup spreading may walk per iteration, summed over activities.
pub const MAX_SPREAD_MONTHS: f64 = 1e6;
/// Largest compiled model run (inputs, models, tiers, activities).
pub const MAX_INPUTS: usize = 5_000;
pub const MAX_MODELS: usize = 16;
pub const MAX_TIERS: usize = 64;
pub const MAX_ACTIVITIES: usize = 256;

/// Loads `text`; on success shows its inputs as `opsim validate` does and, if the
/// model is small enough, runs [`ITERATIONS`] iterations on one thread.
pub fn exercise(text: &str) {
    match scenario::load("fuzz.toml", text) {
        Err(e) => {
            // The report an analyst sees: spans, line/column, caret lines.
            let _ = e.to_string();
        }
        Ok(model) => {
            let _ = opsim::export::inputs::render(&model, opsim::export::width::DEFAULT_COLUMNS);
            if small_enough(&model) {
                let options = RunOptions {
                    iterations: ITERATIONS,
                    seed: 1,
                    threads: 1,
                };
                engine::run(&model, options, &|_| {}).expect("engine::run on one thread");
            }
        }
    }
}

/// A value a draw exceeds with probability below 1e-6 (the support's end when finite).
pub fn upper(dist: &Dist) -> f64 {
    let (_, hi) = dist.support();
    if hi.is_finite() {
        hi
    } else {
        dist.quantile(1.0 - 1e-6)
    }
}

/// True when one run of [`ITERATIONS`] iterations of `model` stays fast.
pub fn small_enough(model: &Model) -> bool {
    let activities: usize = model.models.iter().map(|m| m.activities.len()).sum();
    if model.inputs.len() > MAX_INPUTS
        || model.models.len() > MAX_MODELS
        || model.tiers.len() > MAX_TIERS
        || activities > MAX_ACTIVITIES
    {
        return false;
    }
    let x = |id: usize| upper(&model.inputs[id].dist);
    let rate = x(model.organisation.incident_rate_per_service_per_month);
    let services: f64 = model.tiers.iter().map(|t| t.services).sum();
    let incidents = rate * services * model.meta.horizon_months as f64 * model.models.len() as f64;
    if incidents.is_nan() || incidents > MAX_INCIDENTS {
        return false;
    }
    let mut spread_months = 0.0;
    for om in &model.models {
        // Latest finish: every activity's longest duration, end to end.
        let mut latest = 0.0;
        for a in &om.activities {
            let mut duration = x(a.duration_weeks);
            for &c in &a.countermeasures {
                let cm = &om.countermeasures[c];
                if cm.enabled {
                    duration *= x(cm.duration_factor);
                }
            }
            duration += a.delays.iter().map(|&(_, d)| x(d)).sum::<f64>();
            latest += duration;
        }
        let spreads = om.activities.len()
            + om.countermeasures
                .iter()
                .map(|c| c.applies_to.len())
                .sum::<usize>();
        spread_months += spreads as f64 * (latest / (52.0 / 12.0) + 1.0);
    }
    spread_months <= MAX_SPREAD_MONTHS
}
