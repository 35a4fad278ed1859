//! Limits on the size of a run, checked before it starts so that absurd but
//! well-formed scenarios are refused with the limit and the reason, instead of
//! running for days or exhausting memory. docs/limits.md lists every limit.

use super::builder::Builder;
use crate::model::{Meta, OperatingModel, Organisation};
use crate::scenario::written::ScenarioFile;

/// Setup activities across all models. Each adds two statistics (start and
/// finish) to every worker's accumulator.
pub(crate) const MAX_ACTIVITIES: usize = 5_000;

/// Incidents drawn one by one in one iteration, over all models, at the
/// incident rate's [`RATE_QUANTILE`] (or its mean, when a heavy tail puts the
/// mean above that): the load a run will meet in one
/// iteration in a hundred. At about 2.5 ns per incident (docs/performance.md)
/// this is a quarter of a second per iteration on one core: a 5,000-service
/// organisation meets about 1% of it, and only a mistake in the number of
/// services or the rate's unit reaches it. How long a run of a large but
/// realistic organisation takes is said before it starts (`engine::estimate`),
/// never refused.
pub(crate) const MAX_INCIDENTS_PER_ITERATION: f64 = 100_000_000.0;

/// The quantile of the incident rate the limit is checked at: a high the run
/// will meet (one iteration in a hundred), not a tail it never will. The rate
/// is drawn once per iteration, so an iteration past it costs that iteration
/// alone more time, never memory.
const RATE_QUANTILE: f64 = 0.99;

/// Checked on the file as written, before any work that grows with the number
/// of activities: true when the scenario has too many.
pub(super) fn too_many_activities(b: &mut Builder, file: &ScenarioFile) -> bool {
    let activities: usize = file
        .models
        .get_ref()
        .iter()
        .map(|(_, m)| m.activities.len())
        .sum();
    if activities <= MAX_ACTIVITIES {
        return false;
    }
    b.problem(
        file.models.span(),
        "models",
        format!("{activities} setup activities are more than the limit of {MAX_ACTIVITIES}"),
        "each activity adds statistics to every worker; group fine-grained tasks into activities of a week or more",
    );
    true
}

/// Refuses scenarios whose iterations would take too long.
pub(super) fn check(
    b: &mut Builder,
    file: &ScenarioFile,
    meta: &Meta,
    org: &Organisation,
    models: &[OperatingModel],
) {
    // The larger of the rate's mean and its P99: a heavy tail's rare draws
    // raise the mean though they stay above the P99.
    let dist = &b.inputs[org.incident_rate_per_service_per_month].dist;
    let (high, mean) = (dist.quantile(RATE_QUANTILE), dist.mean());
    let (rate, which) = if mean > high {
        (mean, "mean")
    } else {
        (high, "P99")
    };
    let incidents = rate * org.services * meta.horizon_months as f64 * models.len() as f64;
    if incidents > MAX_INCIDENTS_PER_ITERATION {
        let written = file.organisation.get_ref();
        let span = written
            .services
            .as_ref()
            .map_or_else(|| file.organisation.span(), |s| s.span());
        b.problem(
            span,
            "organisation.services",
            format!(
                "{incidents:.2e} incidents per iteration at the incident rate's {which} ({} services x {rate:.3} per service per month x {} months x {} models) is more than the limit of {MAX_INCIDENTS_PER_ITERATION:.0e} (a quarter of a second per iteration on one core)",
                org.services,
                meta.horizon_months,
                models.len()
            ),
            "each incident is drawn one by one; check the number of services, and the incident rate's unit (per service per month) and upper tail (docs/limits.md)",
        );
    }
}
