//! The scenario format as data: every table and field a scenario file may hold,
//! its shape (value, table, table of named entries, array of tables), whether it
//! is required, its default and a one-line description with its unit.
//!
//! `written` is what the deserialiser accepts; this is the same format described
//! for tools. Command-line overrides (`overrides`) walk it to know which keys a
//! file may set that it does not write, and `schema` turns it into a JSON Schema
//! for editors. `tests/schema.rs` checks that the two agree field for field.

use Kind::*;

/// One field of a table.
#[derive(Debug)]
pub struct Field {
    /// Its key in the file.
    pub name: &'static str,
    /// What it holds.
    pub shape: Shape,
    /// Whether a file must write it.
    pub required: bool,
    /// What it means, with its unit.
    pub about: &'static str,
    /// The default as JSON text (`"GBP"`, `37.5`, `true`), when the format has one.
    pub default: Option<&'static str>,
}

/// What a field holds.
#[derive(Debug)]
pub enum Shape {
    /// A value (no sub-fields an override could address).
    Value(Kind),
    /// A table with fixed fields; unknown fields are rejected.
    Table(&'static [Field]),
    /// A table whose keys the user chooses (roles, models, cost names), each
    /// entry of the given shape; `entry_name` says what a key names.
    Named {
        /// What each key names, e.g. `role`.
        entry_name: &'static str,
        /// The shape of each entry.
        entry: &'static Shape,
    },
    /// An array of tables, each element addressed by its `id` in paths.
    Array(&'static [Field]),
}

/// The kinds of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A constant or a distribution (docs/scenario.md, "Uncertain quantities").
    Quantity,
    /// A quantity, or the text `"from-tiers"` (`on_call.rotas`).
    Rotas,
    /// A whole number.
    Integer,
    /// A plain number, never a distribution.
    Number,
    /// A string.
    Text,
    /// `true` or `false`.
    Bool,
    /// A TOML local date, e.g. 2027-01-04.
    Date,
    /// One of a closed set of words.
    Choice(&'static [&'static str]),
    /// An array of ids (activity ids).
    Ids,
}

const fn field(
    name: &'static str,
    shape: Shape,
    required: bool,
    about: &'static str,
    default: Option<&'static str>,
) -> Field {
    Field {
        name,
        shape,
        required,
        about,
        default,
    }
}

const fn required(name: &'static str, kind: Kind, about: &'static str) -> Field {
    field(name, Shape::Value(kind), true, about, None)
}

const fn optional(name: &'static str, kind: Kind, about: &'static str) -> Field {
    field(name, Shape::Value(kind), false, about, None)
}

const fn defaulted(
    name: &'static str,
    kind: Kind,
    default: &'static str,
    about: &'static str,
) -> Field {
    field(name, Shape::Value(kind), false, about, Some(default))
}

const QUANTITIES: Shape = Shape::Value(Kind::Quantity);

/// The on-call levels of a tier.
pub const ON_CALL_LEVELS: &[&str] = &["none", "domain", "team"];
/// Which services a model's rotas cover.
pub const COVERS: &[&str] = &["all-services", "by-tier"];

/// The top level of a scenario file.
pub const ROOT: &[Field] = &[
    field(
        "scenario",
        Shape::Table(SCENARIO),
        true,
        "Name, horizon, currency, working hours, start date, discount rate and baseline.",
        None,
    ),
    field(
        "simulation",
        Shape::Table(SIMULATION),
        false,
        "Iterations, seed and sampling mode (each may be given on the command line instead).",
        None,
    ),
    field(
        "organisation",
        Shape::Table(ORGANISATION),
        true,
        "The world every model shares: services, teams, day rates, incident rate, wanted deployments.",
        None,
    ),
    field(
        "tiers",
        Shape::Array(TIER),
        false,
        "Services grouped by availability target, with their exposure and out-of-hours on-call level. Without tiers all services form one tier on team rotas with no exposure.",
        None,
    ),
    field(
        "models",
        Shape::Named {
            entry_name: "model id",
            entry: &Shape::Table(MODEL),
        },
        true,
        "The operating models to compare, by id (at least two); scenario.baseline names one of them.",
        None,
    ),
    field(
        "correlations",
        Shape::Array(CORRELATION),
        false,
        "Rank correlations between once-per-iteration inputs, induced by a Gaussian copula (docs/scenario.md, \"Correlated inputs\").",
        None,
    ),
];

const SCENARIO: &[Field] = &[
    required("name", Text, "Scenario name, shown in reports."),
    defaulted("description", Text, "\"\"", "Free text."),
    defaulted(
        "currency",
        Text,
        "\"GBP\"",
        "Currency code or symbol (1-8 characters), a label for every amount; nothing is converted.",
    ),
    required(
        "horizon_months",
        Integer,
        "Months of run cost simulated, a whole number from 1 to 1200.",
    ),
    defaulted(
        "hours_per_week",
        Number,
        "37.5",
        "Working hours a week (1-168); hourly rate = day rate / (hours_per_week / 5).",
    ),
    optional(
        "start_date",
        Date,
        "Calendar date of week 0 as a TOML local date, e.g. 2027-01-04; reports then give readiness as dates too.",
    ),
    defaulted(
        "discount_rate_per_year",
        Number,
        "0",
        "Annual discount rate for NPV (fraction a year, -0.5 to 1), applied monthly.",
    ),
    required(
        "baseline",
        Text,
        "Id of the model the others are compared with (normally Ops Run It).",
    ),
];

const SIMULATION: &[Field] = &[
    defaulted(
        "iterations",
        Integer,
        "10000",
        "Monte Carlo iterations (1 to 1,000,000,000); --iterations overrides it.",
    ),
    defaulted(
        "seed",
        Integer,
        "1",
        "Seed of every random stream (0 to 2^63 - 1); --seed overrides it.",
    ),
    defaulted(
        "sampling",
        Choice(SAMPLING_MODES),
        "\"sobol\"",
        "How once-per-iteration inputs are sampled: sobol (scrambled Sobol points), lhs (Latin hypercube) or random (plain Monte Carlo); --sampling overrides it.",
    ),
];

/// The sampling modes of `simulation.sampling` and `--sampling`.
pub const SAMPLING_MODES: &[&str] = &["random", "lhs", "sobol"];

const CORRELATION: &[Field] = &[
    required(
        "inputs",
        Ids,
        "The two inputs' paths as `opsim validate` prints them, e.g. [\"organisation.day_rates.developer\", \"organisation.day_rates.operations\"].",
    ),
    required(
        "rank",
        Number,
        "Spearman rank correlation between them, -1 to 1; each input keeps its own distribution.",
    ),
];

const ORGANISATION: &[Field] = &[
    optional(
        "services",
        Integer,
        "Number of digital services (1 to 1e9). Required without [[tiers]]; with tiers it must equal their sum.",
    ),
    required(
        "teams",
        Integer,
        "Number of product teams (1 to 1,000,000).",
    ),
    optional(
        "domains",
        Integer,
        "Number of domains, groups of sibling teams (1 to 1,000,000). Needed for tiers on domain rotas.",
    ),
    field(
        "day_rates",
        Shape::Named {
            entry_name: "role",
            entry: &QUANTITIES,
        },
        true,
        "Fully loaded day rate per role (money / day), one entry per role name, e.g. developer = [500, 600, 750].",
        None,
    ),
    required(
        "incident_rate_per_service_per_month",
        Quantity,
        "Mean incidents per service per month before any improvement (incidents / service / month).",
    ),
    required(
        "wanted_deployments_per_service_per_month",
        Quantity,
        "Deployments the teams would make if nothing capped them (deployments / service / month).",
    ),
    defaulted(
        "out_of_hours_wait_hours",
        Quantity,
        "14",
        "Extra outage hours of an out-of-hours incident on a service with no rota (hours).",
    ),
    defaulted(
        "cost_of_delay_per_change_day",
        Quantity,
        "0",
        "Opportunity cost of one change waiting one day (money / change / day); 0 leaves change delay out.",
    ),
];

const TIER: &[Field] = &[
    required(
        "id",
        Text,
        "Tier id, unique among tiers; paths use it (tiers.<id>).",
    ),
    optional("name", Text, "Shown in reports; the id when left out."),
    optional(
        "availability_target_percent",
        Number,
        "Availability target in percent (0-100), a label such as 99.9; the engine does not use it.",
    ),
    required("services", Integer, "Services in the tier (0 to 1e9)."),
    defaulted(
        "exposure_per_hour",
        Quantity,
        "0",
        "Financial exposure per hour of an incident's outage on one of its services (money / hour).",
    ),
    required(
        "on_call",
        Choice(ON_CALL_LEVELS),
        "Out-of-hours on-call level under a model with cover = \"by-tier\": none (no rota; incidents wait for the next working day), domain (one rota per domain) or team (one rota per owning team).",
    ),
    optional(
        "owning_teams",
        Integer,
        "For a team tier: teams that own its services, i.e. its team rotas (default min(services, teams)).",
    ),
    optional(
        "owning_domains",
        Integer,
        "For a domain tier: domains that own its services, i.e. its domain rotas (default min(services, domains)).",
    ),
];

const MODEL: &[Field] = &[
    optional("name", Text, "Shown in reports; the id when left out."),
    defaulted("description", Text, "\"\"", "Free text."),
    optional(
        "transition_from",
        Text,
        "The baseline's id: the model runs the baseline's arrangement for each gated part of the run cost until the gating capability is ready.",
    ),
    optional(
        "incident_rate_improvement_per_year",
        Quantity,
        "Fall in the incident rate per year once learning-culture is ready (fraction / year, 0-1); no improvement when left out.",
    ),
    field(
        "on_call",
        Shape::Table(ON_CALL),
        true,
        "The out-of-hours arrangement and who responds to incidents.",
        None,
    ),
    field(
        "incidents",
        Shape::Table(INCIDENTS),
        true,
        "Out-of-hours share, time to restore, escalation and follow-up.",
        None,
    ),
    field(
        "licences",
        Shape::Table(LICENCES),
        false,
        "Monthly licence costs.",
        None,
    ),
    field(
        "changes",
        Shape::Table(CHANGES),
        false,
        "Deployment cap, change approval effort and lead time.",
        None,
    ),
    field(
        "fixed_per_month",
        Shape::Named {
            entry_name: "cost name",
            entry: &QUANTITIES,
        },
        false,
        "Named fixed monthly costs (money / month), e.g. application-support-team = [25000, 30000, 36000].",
        None,
    ),
    field(
        "activities",
        Shape::Array(ACTIVITY),
        false,
        "Setup activities; paths use their ids (models.<id>.activities.<activity>).",
        None,
    ),
    field(
        "risks",
        Shape::Array(RISK),
        false,
        "Risk register; paths use their ids (models.<id>.risks.<risk>).",
        None,
    ),
    field(
        "countermeasures",
        Shape::Array(COUNTERMEASURE),
        false,
        "Countermeasures that shorten activities at a cost; paths use their ids.",
        None,
    ),
];

const ON_CALL: &[Field] = &[
    required(
        "rotas",
        Rotas,
        "Number of out-of-hours rotas (rotas), or \"from-tiers\" to count them from the tiers' on-call levels.",
    ),
    defaulted(
        "on_call_at_once",
        Quantity,
        "1",
        "People on call at the same time in each rota (people / rota); drives standby.",
    ),
    required(
        "people_per_rota",
        Quantity,
        "Members of each rota (people / rota); drives per-user licences.",
    ),
    required(
        "standby_pay_per_week",
        Quantity,
        "Standby pay per person on call for one on-call week (money / person / week).",
    ),
    defaulted(
        "callout_fee",
        Quantity,
        "0",
        "Flat fee per responder per out-of-hours incident on a covered service (money / responder / incident).",
    ),
    defaulted(
        "minimum_paid_hours",
        Quantity,
        "0",
        "Minimum hours paid per out-of-hours callout (hours).",
    ),
    defaulted(
        "overtime_multiplier",
        Quantity,
        "1",
        "Multiplier on the hourly rate for callout hours (x hourly rate).",
    ),
    required(
        "role",
        Text,
        "Role (a key of organisation.day_rates) that is on call and responds to incidents.",
    ),
    defaulted(
        "responders_per_incident",
        Quantity,
        "1",
        "People working each incident, in or out of hours (people).",
    ),
    defaulted(
        "cover",
        Choice(COVERS),
        "\"all-services\"",
        "Which services the rotas answer for out of hours: all-services (a central rota) or by-tier (each tier's on_call level decides).",
    ),
];

const INCIDENTS: &[Field] = &[
    required(
        "out_of_hours_probability",
        Quantity,
        "Share of incidents that happen out of hours (fraction, 0-1).",
    ),
    required(
        "time_to_restore_hours",
        Quantity,
        "Hours from start to restore of one incident (hours), drawn per incident.",
    ),
    defaulted(
        "escalation_share",
        Quantity,
        "0",
        "Share of incidents escalated to third-line support (fraction, 0-1).",
    ),
    defaulted(
        "escalation_hours_per_incident",
        Quantity,
        "0",
        "Third-line hours per escalated incident (hours).",
    ),
    optional(
        "escalation_role",
        Text,
        "Whose time escalation is (a role); developer if that role exists, else the on-call role.",
    ),
    defaulted(
        "follow_up_hours_per_incident",
        Quantity,
        "0",
        "Hours per incident of review, analysis and fixes (hours).",
    ),
    optional(
        "follow_up_role",
        Text,
        "Whose time follow-up is (a role); the on-call role when left out.",
    ),
];

const LICENCES: &[Field] = &[
    defaulted(
        "per_user_per_month",
        Quantity,
        "0",
        "Price per rota member (money / user / month).",
    ),
    defaulted(
        "per_team_per_month",
        Quantity,
        "0",
        "Price per product team (money / team / month).",
    ),
    defaulted(
        "flat_per_month",
        Quantity,
        "0",
        "Any flat licence cost (money / month).",
    ),
];

const CHANGES: &[Field] = &[
    optional(
        "deployments_cap_per_service_per_month",
        Quantity,
        "Most deployments a service gets a month, e.g. change windows (deployments / service / month); no cap when left out.",
    ),
    defaulted(
        "approval_hours_per_change",
        Quantity,
        "0",
        "Approval effort per deployment (hours / deployment).",
    ),
    optional(
        "approval_role",
        Text,
        "Whose time approval is (a role); the on-call role when left out.",
    ),
    defaulted(
        "lead_time_days",
        Quantity,
        "0",
        "Days each wanted change waits for approval and the next change window (days).",
    ),
];

const ACTIVITY: &[Field] = &[
    required("id", Text, "Activity id, unique within the model."),
    optional("name", Text, "Shown in reports; the id when left out."),
    required(
        "capability",
        Text,
        "What the activity builds: deployment-throughput, service-reliability, learning-culture (these gate run cost), or any other name (timelines only).",
    ),
    required(
        "duration_weeks",
        Quantity,
        "Duration before countermeasures and risk delays (weeks).",
    ),
    defaulted(
        "after",
        Ids,
        "[]",
        "Ids of this model's activities that must finish first.",
    ),
    field(
        "effort_fte",
        Shape::Named {
            entry_name: "role",
            entry: &QUANTITIES,
        },
        false,
        "People of each role busy for the whole duration (FTE per role), e.g. { developer = 1.0 }.",
        None,
    ),
    defaulted(
        "one_off_cost",
        Quantity,
        "0",
        "One-off cost, spread over the activity's running weeks (money).",
    ),
];

const RISK: &[Field] = &[
    required("id", Text, "Risk id, unique within the model's risks."),
    optional("name", Text, "Shown in reports; the id when left out."),
    required(
        "probability",
        Quantity,
        "Chance the risk fires in an iteration (probability, 0-1); it fires with its mean.",
    ),
    required(
        "hits",
        Ids,
        "Ids of this model's activities delayed when it fires (at least one).",
    ),
    required(
        "delay_weeks",
        Quantity,
        "Weeks added to each hit activity's duration when it fires, drawn separately per activity (weeks).",
    ),
];

const COUNTERMEASURE: &[Field] = &[
    required(
        "id",
        Text,
        "Countermeasure id, unique within the model's countermeasures.",
    ),
    optional("name", Text, "Shown in reports; the id when left out."),
    defaulted(
        "enabled",
        Bool,
        "true",
        "Switched on or off for this run; a disabled countermeasure has no effect and no cost.",
    ),
    required(
        "applies_to",
        Ids,
        "Ids of this model's activities it shortens (at least one).",
    ),
    required(
        "duration_factor",
        Quantity,
        "Multiplies the duration of each activity it applies to (x duration).",
    ),
    defaulted("one_off_cost", Quantity, "0", "One-off cost (money)."),
    field(
        "effort_days",
        Shape::Named {
            entry_name: "role",
            entry: &QUANTITIES,
        },
        false,
        "Effort in person-days by role (days per role), priced at the role's day rate, e.g. { change-manager = 10 }.",
        None,
    ),
];
