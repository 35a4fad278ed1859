//! What one iteration writes: a flat record whose layout is fixed by the model.
//! Per model a block of scalars (headline figures, cost components, readiness per
//! capability, activity start and finish), then per compared model its differences
//! from the baseline; monthly run and cumulative cost; on-path flags; break-even months.

use crate::model::Model;

/// Headline scalars of a model, in record order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headline {
    /// Effort, one-off and countermeasure costs, in full even past the horizon.
    SetupCost,
    /// Cash run cost over the horizon.
    RunCost,
    /// Total cost of ownership: setup cost plus run cost.
    Tco,
    /// Downtime plus change delay over the horizon.
    OpportunityCost,
    /// TCO plus opportunity cost.
    EconomicCost,
    /// Present value of the TCO stream (monthly discounting).
    Npv,
    /// Present value of the economic-cost stream.
    NpvEconomic,
    /// Incidents over the horizon.
    Incidents,
    /// Deployments over the horizon.
    Deployments,
    /// Weeks until every activity is done (0 with none).
    ReadinessAllWeeks,
}

impl Headline {
    /// Its name in summary.json and the CSV files, e.g. `setup_cost`.
    pub fn key(self) -> &'static str {
        HEADLINES[self as usize].1
    }
}

/// Every headline with its name, in record order.
pub const HEADLINES: [(Headline, &str); 10] = [
    (Headline::SetupCost, "setup_cost"),
    (Headline::RunCost, "run_cost"),
    (Headline::Tco, "tco"),
    (Headline::OpportunityCost, "opportunity_cost"),
    (Headline::EconomicCost, "economic_cost"),
    (Headline::Npv, "npv"),
    (Headline::NpvEconomic, "npv_economic"),
    (Headline::Incidents, "incidents"),
    (Headline::Deployments, "deployments"),
    (Headline::ReadinessAllWeeks, "readiness_all_weeks"),
];

/// Cash run-cost components, in record order.
pub const COMPONENTS: [&str; 8] = [
    "standby",
    "callouts",
    "incident_labour",
    "escalation",
    "follow_up",
    "licences",
    "change_approval",
    "fixed",
];
/// Index of standby pay in [`COMPONENTS`].
pub const STANDBY: usize = 0;
/// Index of callout fees and paid callout hours in [`COMPONENTS`].
pub const CALLOUTS: usize = 1;
/// Index of hours spent working incidents in [`COMPONENTS`].
pub const INCIDENT_LABOUR: usize = 2;
/// Index of third-line escalation time in [`COMPONENTS`].
pub const ESCALATION: usize = 3;
/// Index of follow-up time in [`COMPONENTS`].
pub const FOLLOW_UP: usize = 4;
/// Index of licences in [`COMPONENTS`].
pub const LICENCES: usize = 5;
/// Index of change-approval time in [`COMPONENTS`].
pub const CHANGE_APPROVAL: usize = 6;
/// Index of the fixed monthly costs in [`COMPONENTS`].
pub const FIXED: usize = 7;

/// Opportunity-cost components, in record order.
pub const OPPORTUNITY: [&str; 2] = ["downtime", "change_delay"];
/// Index of downtime (exposure per outage hour) in [`OPPORTUNITY`].
pub const DOWNTIME: usize = 0;
/// Index of change delay in [`OPPORTUNITY`].
pub const CHANGE_DELAY: usize = 1;

/// Differences from the baseline, per compared model, in record order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// TCO of the model minus the baseline's.
    Tco,
    /// Economic cost of the model minus the baseline's.
    Economic,
    /// NPV of the model minus the baseline's.
    Npv,
}

/// The differences' names (JSON keys), indexed by [`Difference`].
pub const DIFFERENCES: [&str; 3] = ["tco_difference", "economic_difference", "npv_difference"];

/// Offsets of each part of the record.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Months in the horizon.
    pub horizon_months: usize,
    /// Number of capabilities, gating ones included.
    pub capabilities: usize,
    /// Start of each model's scalar block.
    pub model_base: Vec<usize>,
    /// Number of activities of each model.
    pub model_activities: Vec<usize>,
    /// Start of each model's on-path flags in `Record::on_path`.
    pub path_base: Vec<usize>,
    /// Start of the comparison block.
    pub comparison_base: usize,
    /// Length of `Record::scalars`.
    pub scalars: usize,
    /// Length of `Record::on_path`: activities over all models.
    pub flags: usize,
}

impl Layout {
    /// The layout of `model`'s record.
    pub fn new(model: &Model) -> Layout {
        let capabilities = model.capabilities.len();
        let mut model_base = Vec::new();
        let mut model_activities = Vec::new();
        let mut path_base = Vec::new();
        let (mut next, mut flags) = (0, 0);
        for m in &model.models {
            model_base.push(next);
            path_base.push(flags);
            model_activities.push(m.activities.len());
            next += HEADLINES.len()
                + COMPONENTS.len()
                + OPPORTUNITY.len()
                + capabilities
                + 2 * m.activities.len();
            flags += m.activities.len();
        }
        let comparison_base = next;
        let scalars = next + DIFFERENCES.len() * (model.models.len() - 1);
        Layout {
            horizon_months: model.meta.horizon_months,
            capabilities,
            model_base,
            model_activities,
            path_base,
            comparison_base,
            scalars,
            flags,
        }
    }

    /// Index in `Record::scalars` of headline `h` of model `model`.
    pub fn headline(&self, model: usize, h: Headline) -> usize {
        self.model_base[model] + h as usize
    }

    /// Index in `Record::scalars` of run-cost component `c` (see [`COMPONENTS`]) of model `model`.
    pub fn component(&self, model: usize, c: usize) -> usize {
        self.model_base[model] + HEADLINES.len() + c
    }

    /// Index in `Record::scalars` of opportunity-cost component `o` (see
    /// [`OPPORTUNITY`]) of model `model`.
    pub fn opportunity(&self, model: usize, o: usize) -> usize {
        self.model_base[model] + HEADLINES.len() + COMPONENTS.len() + o
    }

    /// Index in `Record::scalars` of the readiness in weeks of a capability of model `model`.
    pub fn readiness(&self, model: usize, capability: usize) -> usize {
        self.model_base[model] + HEADLINES.len() + COMPONENTS.len() + OPPORTUNITY.len() + capability
    }

    /// Index in `Record::scalars` of an activity's start, in weeks.
    pub fn activity_start(&self, model: usize, activity: usize) -> usize {
        self.readiness(model, self.capabilities) + activity
    }

    /// Index in `Record::scalars` of an activity's finish, in weeks.
    pub fn activity_finish(&self, model: usize, activity: usize) -> usize {
        self.activity_start(model, self.model_activities[model]) + activity
    }

    /// Difference `d` (index into [`DIFFERENCES`]) of compared model `model` (>= 1).
    pub fn difference(&self, model: usize, d: usize) -> usize {
        self.comparison_base + (model - 1) * DIFFERENCES.len() + d
    }

    /// Index of a month of model `model` in the monthly cost vectors.
    pub fn month(&self, model: usize, month: usize) -> usize {
        model * self.horizon_months + month
    }

    /// Number of operating models.
    pub fn models(&self) -> usize {
        self.model_base.len()
    }
}

/// One iteration's outputs. Allocated once per chunk and overwritten.
#[derive(Debug, Clone)]
pub struct Record {
    /// Headline figures, components, readiness, activity times and differences (see [`Layout`]).
    pub scalars: Vec<f64>,
    /// Cash run cost of each month, per model (`Layout::month`).
    pub monthly_run_cost: Vec<f64>,
    /// Cumulative cash cost (run cost plus setup spread) to the end of each month.
    pub monthly_cumulative_cost: Vec<f64>,
    /// Whether each activity lies on the longest path (`Layout::path_base`).
    pub on_path: Vec<bool>,
    /// Break-even month per compared model; `horizon_months` = not within horizon.
    pub break_even_month: Vec<usize>,
}

impl Record {
    /// A zeroed record for `layout`.
    pub fn new(layout: &Layout) -> Record {
        let months = layout.models() * layout.horizon_months;
        Record {
            scalars: vec![0.0; layout.scalars],
            monthly_run_cost: vec![0.0; months],
            monthly_cumulative_cost: vec![0.0; months],
            on_path: vec![false; layout.flags],
            break_even_month: vec![0; layout.models().saturating_sub(1)],
        }
    }
}
