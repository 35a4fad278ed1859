//! The compiled model: the scenario as understood (checked, references resolved)
//! laid out as flat, index-based arrays for the engine. Names and spans live in
//! side tables used only for reporting; the per-iteration code reads indices.
//!
//! Every per-iteration quantity, defaults included, is an [`Input`]: the engine
//! draws all of them at the start of an iteration into one `f64` array, each from
//! its own random stream keyed by its path, so the same input gets the same draw
//! whatever else the scenario contains (common random numbers across models,
//! overrides, sweeps and paired countermeasure runs).

use std::fmt;
use std::ops::Range;

use crate::sample::dist::Dist;

pub mod words;

/// Index of an input in [`Model::inputs`].
pub type InputId = usize;
/// Index of a role in [`Model::roles`].
pub type RoleId = usize;

/// A month is 52/12 weeks (docs/scenario.md).
pub const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;
/// Working days in a week: hourly rate = day rate / (hours per week / 5).
pub const DAYS_PER_WEEK: f64 = 5.0;

/// Capabilities that gate run cost, at fixed indices in [`Model::capabilities`].
///
/// Index of the deployment-throughput capability.
pub const DEPLOYMENT_THROUGHPUT: usize = 0;
/// Index of the service-reliability capability.
pub const SERVICE_RELIABILITY: usize = 1;
/// Index of the learning-culture capability.
pub const LEARNING_CULTURE: usize = 2;
/// Names of the gating capabilities, in index order.
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
    /// Its distribution.
    pub dist: Dist,
    /// Where it was written (empty for defaults).
    pub span: Range<usize>,
    /// Key of its random stream, derived from `path`.
    pub stream_key: u64,
    /// Where its value came from (`source` in the file), if written.
    pub source: Option<String>,
    /// How far its value can be trusted (`confidence` in the file), if written.
    pub confidence: Option<Confidence>,
}

/// How far a value can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// Fitted to plenty of the organisation's own data.
    High,
    /// Fitted to some data.
    Medium,
    /// Fitted to little data.
    Low,
    /// A person's estimate, not fitted to data.
    Judgement,
}

impl Confidence {
    /// The word as written in the file.
    pub fn word(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
            Confidence::Judgement => "judgement",
        }
    }

    /// Reads the word (exactly, lower case).
    pub fn from_word(word: &str) -> Option<Confidence> {
        match word {
            "high" => Some(Confidence::High),
            "medium" => Some(Confidence::Medium),
            "low" => Some(Confidence::Low),
            "judgement" => Some(Confidence::Judgement),
            _ => None,
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// Scenario-wide settings.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Shown in reports.
    pub name: String,
    /// Free text from the file.
    pub description: String,
    /// Currency code or symbol that labels every amount; no conversion is done.
    pub currency: String,
    /// Months of run cost simulated.
    pub horizon_months: usize,
    /// Working hours in a week (1-168).
    pub hours_per_week: f64,
    /// Calendar date of week 0, `YYYY-MM-DD`, when the scenario gives one.
    pub start_date: Option<String>,
    /// Annual discount rate for the NPV figures, applied monthly (0 = none).
    pub discount_rate_per_year: f64,
    /// Iterations the file asks for; the command line may override it.
    pub iterations: u64,
    /// Seed the file asks for; the command line may override it.
    pub seed: u64,
}

/// A group of services with one availability target.
#[derive(Debug, Clone)]
pub struct Tier {
    /// Tier id from the file.
    pub id: String,
    /// Shown in reports; the id when the file gives none.
    pub name: String,
    /// A label only (e.g. 99.9); the engine does not use it.
    pub availability_target_percent: Option<f64>,
    /// Number of services in the tier.
    pub services: f64,
    /// Cost of an hour of outage on one of its services (currency amount per hour).
    pub exposure_per_hour: InputId,
    /// On-call level that decides its out-of-hours cover under `Cover::ByTier`.
    pub on_call: OnCallLevel,
}

/// Organisation quantities: the world, shared by every model in an iteration.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// Number of digital services (the tiers' sum when tiers are given).
    pub services: f64,
    /// Number of product teams.
    pub teams: f64,
    /// Mean incidents per service per month, before any improvement.
    pub incident_rate_per_service_per_month: InputId,
    /// Deployments per service per month the teams would make if nothing capped them.
    pub wanted_deployments_per_service_per_month: InputId,
    /// Extra outage hours of an out-of-hours incident on an uncovered service.
    pub out_of_hours_wait_hours: InputId,
    /// Opportunity cost of one change waiting one day (currency amount per change per day).
    pub cost_of_delay_per_change_day: InputId,
}

/// How a model runs its services: everything a month's run cost depends on.
#[derive(Debug, Clone)]
pub struct Arrangement {
    /// Number of out-of-hours rotas (a constant when counted from the tiers).
    pub rotas: InputId,
    /// People on call at the same time in each rota; drives standby.
    pub on_call_at_once: InputId,
    /// Members of each rota; drives per-user licences.
    pub people_per_rota: InputId,
    /// Standby pay per person on call per week (currency amount).
    pub standby_pay_per_week: InputId,
    /// Flat fee per responder per out-of-hours incident on a covered service.
    pub callout_fee: InputId,
    /// Minimum hours paid per out-of-hours callout.
    pub minimum_paid_hours: InputId,
    /// Multiplier on the hourly rate for callout hours.
    pub overtime_multiplier: InputId,
    /// Role that is on call; prices callouts and incident labour.
    pub on_call_role: RoleId,
    /// People working each incident.
    pub responders_per_incident: InputId,
    /// Which services the rotas answer for out of hours.
    pub cover: Cover,
    /// Share (0-1) of incidents that happen out of hours.
    pub out_of_hours_probability: InputId,
    /// Drawn per incident.
    pub time_to_restore_hours: Dist,
    /// Share (0-1) of incidents escalated to third-line support.
    pub escalation_share: InputId,
    /// Hours of third-line time per escalated incident.
    pub escalation_hours_per_incident: InputId,
    /// Role whose time escalation is.
    pub escalation_role: RoleId,
    /// Hours of review and fixes per incident.
    pub follow_up_hours_per_incident: InputId,
    /// Role whose time follow-up is.
    pub follow_up_role: RoleId,
    /// Licence price per rota member per month (currency amount).
    pub licence_per_user_per_month: InputId,
    /// Licence price per product team per month (currency amount).
    pub licence_per_team_per_month: InputId,
    /// Flat licence cost per month (currency amount).
    pub licence_flat_per_month: InputId,
    /// Most deployments a service gets a month; `None` means no cap.
    pub deployments_cap_per_service_per_month: Option<InputId>,
    /// Approval hours per deployment.
    pub approval_hours_per_change: InputId,
    /// Role whose time approval is.
    pub approval_role: RoleId,
    /// Days each wanted change waits, for the change-delay cost.
    pub lead_time_days: InputId,
    /// Named fixed costs per month (currency amounts), summed into the `fixed` component.
    pub fixed_per_month: Vec<InputId>,
}

/// A setup activity. Activities are stored in topological order: every
/// predecessor index is smaller than the activity's own.
#[derive(Debug, Clone)]
pub struct Activity {
    /// Activity id from the file.
    pub id: String,
    /// Shown in reports; the id when the file gives none.
    pub name: String,
    /// Index of the capability it builds in [`Model::capabilities`].
    pub capability: usize,
    /// Duration in weeks before countermeasures and risk delays.
    pub duration_weeks: InputId,
    /// Indices of the activities it waits for.
    pub after: Vec<usize>,
    /// Activities that wait for this one (the inverse of `after`).
    pub followers: Vec<usize>,
    /// People of each role busy for the whole duration (role, FTE input).
    pub effort_fte: Vec<(RoleId, InputId)>,
    /// One-off cost, spread over its running weeks (currency amount).
    pub one_off_cost: InputId,
    /// (risk index, delay input) for each risk that hits this activity.
    pub delays: Vec<(usize, InputId)>,
    /// Countermeasures that multiply this activity's duration.
    pub countermeasures: Vec<usize>,
}

/// An entry of a model's risk register: a chance of delaying some activities.
#[derive(Debug, Clone)]
pub struct Risk {
    /// Risk id from the file.
    pub id: String,
    /// Shown in reports; the id when the file gives none.
    pub name: String,
    /// Bernoulli: 1 when the risk fires in an iteration.
    pub occurs: InputId,
}

/// A lever that shortens activities at a cost.
#[derive(Debug, Clone)]
pub struct Countermeasure {
    /// Countermeasure id from the file.
    pub id: String,
    /// Shown in reports; the id when the file gives none.
    pub name: String,
    /// Whether it is switched on for this run; a disabled one has no effect and no cost.
    pub enabled: bool,
    /// Factor on the duration of each activity it applies to (one draw shared by all).
    pub duration_factor: InputId,
    /// One-off cost (currency amount).
    pub one_off_cost: InputId,
    /// Effort in person-days by role (role, days input), priced at the role's day rate.
    pub effort_days: Vec<(RoleId, InputId)>,
    /// Activities it shortens; its cost is spread over their running weeks.
    pub applies_to: Vec<usize>,
}

/// An operating model.
#[derive(Debug, Clone)]
pub struct OperatingModel {
    /// Model id from the file.
    pub id: String,
    /// Shown in reports; the id when the file gives none.
    pub name: String,
    /// Free text from the file.
    pub description: String,
    /// The model whose arrangement runs until each gating capability is ready.
    pub transition_from: Option<usize>,
    /// How it runs its services once each gating capability is ready.
    pub arrangement: Arrangement,
    /// Fall (share 0-1) in the incident rate per year once learning-culture is ready.
    pub improvement_per_year: Option<InputId>,
    /// Setup activities, in dependency order.
    pub activities: Vec<Activity>,
    /// Its risk register.
    pub risks: Vec<Risk>,
    /// Its countermeasures.
    pub countermeasures: Vec<Countermeasure>,
    /// Key of this model's per-event random stream.
    pub event_stream_key: u64,
}

/// The whole compiled scenario.
#[derive(Debug, Clone)]
pub struct Model {
    /// Scenario-wide settings.
    pub meta: Meta,
    /// Every per-iteration quantity; an [`InputId`] indexes it.
    pub inputs: Vec<Input>,
    /// Role names from `organisation.day_rates`; a [`RoleId`] indexes it.
    pub roles: Vec<String>,
    /// Day-rate input of each role (currency amount per day), by [`RoleId`].
    pub role_day_rate: Vec<InputId>,
    /// Organisation quantities shared by every model.
    pub organisation: Organisation,
    /// Tiers in file order; one implicit tier `all` when the file has none.
    pub tiers: Vec<Tier>,
    /// Capability names: the three gating ones first, then others as first met.
    pub capabilities: Vec<String>,
    /// Operating models; the baseline is first.
    pub models: Vec<OperatingModel>,
}

impl Model {
    /// Index of the baseline in [`Model::models`].
    pub const BASELINE: usize = 0;

    /// Hours in a working day.
    pub fn hours_per_day(&self) -> f64 {
        self.meta.hours_per_week / DAYS_PER_WEEK
    }

    /// The index of the input at a dotted path, e.g. `organisation.teams`.
    pub fn input_index(&self, path: &str) -> Option<InputId> {
        self.inputs.iter().position(|i| i.path == path)
    }

    /// Models compared with the baseline (all but the first).
    pub fn compared(&self) -> std::ops::Range<usize> {
        1..self.models.len()
    }
}
