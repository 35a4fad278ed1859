//! Limits on the size of a run, checked before it starts so that absurd but
//! well-formed scenarios are refused with the limit and the reason, instead of
//! running for days or exhausting memory. docs/limits.md lists every limit.

use super::builder::Builder;
use crate::model::{Meta, OperatingModel, Organisation};
use crate::scenario::written::ScenarioFile;

/// Setup activities across all models. Each adds two statistics (start and
/// finish) to every worker's accumulator.
pub(crate) const MAX_ACTIVITIES: usize = 5_000;

/// Incidents drawn one by one in one iteration, over all models, at the incident
/// rate's one-in-a-billion high (so that a heavy tail cannot slip past a modest
/// mean). At about 10 ns per draw this is 10 ms per iteration.
pub(crate) const MAX_INCIDENTS_PER_ITERATION: f64 = 1_000_000.0;

/// The quantile of the incident rate the limit is checked at.
const RATE_QUANTILE: f64 = 1.0 - 1e-9;

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
    let rate = b.inputs[org.incident_rate_per_service_per_month]
        .dist
        .quantile(RATE_QUANTILE);
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
                "up to {incidents:.2e} incidents per iteration ({} services x {rate:.3} per service per month, the incident rate's one-in-a-billion high, x {} months x {} models) is more than the limit of {MAX_INCIDENTS_PER_ITERATION:.0e}",
                org.services,
                meta.horizon_months,
                models.len()
            ),
            "each incident is drawn one by one; check the number of services, and the incident rate's unit (per service per month) and upper tail",
        );
    }
}
