//! The compiled model: the scenario as understood (checked, references resolved)
//! laid out as flat, index-based arrays for the engine. Names and spans live in
//! side tables used only for reporting; the per-iteration code reads indices.
//!
//! Every per-iteration quantity, defaults included, is an [`Input`]: the engine
//! draws all of them at the start of an iteration into one `f64` array, each from
//! its own random stream keyed by its path, so the same input gets the same draw
//! whatever else the scenario contains (common random numbers across models,
//! overrides, sweeps and paired countermeasure runs).

use std::ops::Range;

use crate::sample::dist::Dist;

/// Index of an input in [`Model::inputs`].
pub type InputId = usize;
/// Index of a role in [`Model::roles`].
pub type RoleId = usize;

/// A month is 52/12 weeks (MODEL.md).
pub const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;
/// Working days in a week: hourly rate = day rate / (hours per week / 5).
pub const DAYS_PER_WEEK: f64 = 5.0;

/// Capabilities that gate run cost, at fixed indices in [`Model::capabilities`].
pub const DEPLOYMENT_THROUGHPUT: usize = 0;
pub const SERVICE_RELIABILITY: usize = 1;
pub const LEARNING_CULTURE: usize = 2;
pub const GATING_CAPABILITIES: [&str; 3] = [
    "deployment-throughput",
    "service-reliability",
    "learning-culture",
];

/// Out-of-hours on-call level of a tier under a model that covers services by tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnCallLevel {
    /// No rota: an out-of-hours incident waits for the next working day.
    None,
    /// One rota shared by the sibling teams of a domain.
    Domain,
    /// One rota per owning team.
    Team,
}

/// Which services a model's out-of-hours rotas answer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    /// Every service, whatever its tier (a central rota: Ops Run It).
    AllServices,
    /// Each tier's on-call level decides (YBIYRI): `none` tiers wait for the next working day.
    ByTier,
}

/// A quantity drawn once per iteration.
#[derive(Debug, Clone)]
pub struct Input {
    /// Dotted path in the scenario, e.g. `organisation.day_rates.developer`.
    pub path: String,
    pub dist: Dist,
    /// Where it was written (empty for defaults).
    pub span: Range<usize>,
    /// Key of its random stream, derived from `path`.
    pub stream_key: u64,
}

/// Scenario-wide settings.
#[derive(Debug, Clone)]
pub struct Meta {
    pub name: String,
    pub description: String,
    pub currency: String,
    pub horizon_months: usize,
    pub hours_per_week: f64,
    /// Calendar date of week 0, `YYYY-MM-DD`, when the scenario gives one.
    pub start_date: Option<String>,
    pub discount_rate_per_year: f64,
    pub iterations: u64,
    pub seed: u64,
}

/// A group of services with one availability target.
#[derive(Debug, Clone)]
pub struct Tier {
    pub id: String,
    pub name: String,
    pub availability_target_percent: Option<f64>,
    pub services: f64,
    pub exposure_per_hour: InputId,
    pub on_call: OnCallLevel,
}

/// Organisation quantities: the world, shared by every model in an iteration.
#[derive(Debug, Clone)]
pub struct Organisation {
    pub services: f64,
    pub teams: f64,
    pub incident_rate_per_service_per_month: InputId,
    pub wanted_deployments_per_service_per_month: InputId,
    pub out_of_hours_wait_hours: InputId,
    pub cost_of_delay_per_change_day: InputId,
}

/// How a model runs its services: everything a month's run cost depends on.
#[derive(Debug, Clone)]
pub struct Arrangement {
    pub rotas: InputId,
    pub on_call_at_once: InputId,
    pub people_per_rota: InputId,
    pub standby_pay_per_week: InputId,
    pub callout_fee: InputId,
    pub minimum_paid_hours: InputId,
    pub overtime_multiplier: InputId,
    pub on_call_role: RoleId,
    pub responders_per_incident: InputId,
    pub cover: Cover,
    pub out_of_hours_probability: InputId,
    /// Drawn per incident.
    pub time_to_restore_hours: Dist,
    pub escalation_share: InputId,
    pub escalation_hours_per_incident: InputId,
    pub escalation_role: RoleId,
    pub follow_up_hours_per_incident: InputId,
    pub follow_up_role: RoleId,
    pub licence_per_user_per_month: InputId,
    pub licence_per_team_per_month: InputId,
    pub licence_flat_per_month: InputId,
    pub deployments_cap_per_service_per_month: Option<InputId>,
    pub approval_hours_per_change: InputId,
    pub approval_role: RoleId,
    pub lead_time_days: InputId,
    pub fixed_per_month: Vec<InputId>,
}

/// A setup activity. Activities are stored in topological order: every
/// predecessor index is smaller than the activity's own.
#[derive(Debug, Clone)]
pub struct Activity {
    pub id: String,
    pub name: String,
    pub capability: usize,
    pub duration_weeks: InputId,
    pub after: Vec<usize>,
    /// Activities that wait for this one (the inverse of `after`).
    pub followers: Vec<usize>,
    pub effort_fte: Vec<(RoleId, InputId)>,
    pub one_off_cost: InputId,
    /// (risk index, delay input) for each risk that hits this activity.
    pub delays: Vec<(usize, InputId)>,
    /// Countermeasures that multiply this activity's duration.
    pub countermeasures: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Risk {
    pub id: String,
    pub name: String,
    /// Bernoulli: 1 when the risk fires in an iteration.
    pub occurs: InputId,
}

#[derive(Debug, Clone)]
pub struct Countermeasure {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub duration_factor: InputId,
    pub one_off_cost: InputId,
    pub effort_days: Vec<(RoleId, InputId)>,
    /// Activities it shortens; its cost is spread over their running weeks.
    pub applies_to: Vec<usize>,
}

/// An operating model.
#[derive(Debug, Clone)]
pub struct OperatingModel {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The model whose arrangement runs until each gating capability is ready.
    pub transition_from: Option<usize>,
    pub arrangement: Arrangement,
    pub improvement_per_year: Option<InputId>,
    pub activities: Vec<Activity>,
    pub risks: Vec<Risk>,
    pub countermeasures: Vec<Countermeasure>,
    /// Key of this model's per-event random stream.
    pub event_stream_key: u64,
}

/// The whole compiled scenario.
#[derive(Debug, Clone)]
pub struct Model {
    pub meta: Meta,
    pub inputs: Vec<Input>,
    pub roles: Vec<String>,
    pub role_day_rate: Vec<InputId>,
    pub organisation: Organisation,
    pub tiers: Vec<Tier>,
    pub capabilities: Vec<String>,
    /// Operating models; the baseline is first.
    pub models: Vec<OperatingModel>,
}

impl Model {
    pub const BASELINE: usize = 0;

    /// Hours in a working day.
    pub fn hours_per_day(&self) -> f64 {
        self.meta.hours_per_week / DAYS_PER_WEEK
    }

    /// Number of scalar outputs written per iteration (see `engine::record`).
    pub fn input_index(&self, path: &str) -> Option<InputId> {
        self.inputs.iter().position(|i| i.path == path)
    }

    /// Models compared with the baseline (all but the first).
    pub fn compared(&self) -> std::ops::Range<usize> {
        1..self.models.len()
    }
}
