//! The scenario file as written: serde structs that mirror the TOML one to one,
//! with spans kept on every value that a later check may need to point at.
//! Nothing here is validated beyond types and field names (`deny_unknown_fields`);
//! `scenario::understand` turns this into checked, resolved values.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use crate::model;
use crate::sample::dist::DistSpec;
use crate::scenario::provenance::{self, CONFIDENCE_WORDS, Confidence};

/// An uncertain quantity as written, with its place in the file.
pub(crate) type Quantity = Spanned<DistSpec>;

/// Names of the distribution forms, as accepted in the file.
pub const DIST_FORMS: &[&str] = &[
    "constant",
    "pert",
    "triangular",
    "uniform",
    "normal",
    "lognormal",
    "poisson",
    "bernoulli",
    "discrete",
];

impl<'de> Deserialize<'de> for DistSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DistSpecVisitor)
    }
}

struct DistSpecVisitor;

impl<'de> Visitor<'de> for DistSpecVisitor {
    type Value = DistSpec;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a number, [min, mode, max] (PERT), or a distribution such as { lognormal = [p5, p95] }",
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DistSpec, E> {
        Ok(DistSpec::Constant(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DistSpec, E> {
        Ok(DistSpec::Constant(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DistSpec, E> {
        Ok(DistSpec::Constant(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<DistSpec, A::Error> {
        let mut values = Vec::with_capacity(3);
        while let Some(v) = seq.next_element::<f64>()? {
            values.push(v);
        }
        match values[..] {
            [min, mode, max] => Ok(DistSpec::Pert([min, mode, max])),
            _ => Err(bare_array_error(&values)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DistSpec, A::Error> {
        // `source` and `confidence` (scenario::provenance) may stand anywhere
        // beside the form; they are checked here and the simulation never reads them.
        let mut spec: Option<(String, DistSpec)> = None;
        let mut provenance_only = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == TOML_DATETIME_KEY {
                let date: String = map.next_value().unwrap_or_default();
                return Err(with_help(
                    format!("expected a number or a distribution, found the date or time {date}"),
                    "write a number, e.g. 10, or a distribution such as [2, 4, 8]",
                ));
            }
            if key == provenance::SOURCE_KEY {
                if map.next_value::<String>().is_err() {
                    return Err(with_help(
                        "`source` must be text",
                        "write where the value came from in quotes, e.g. source = \"incidents.csv, 2026\"",
                    ));
                }
                provenance_only = true;
                continue;
            }
            if key == provenance::CONFIDENCE_KEY {
                let word = map.next_value::<String>().unwrap_or_default();
                if Confidence::from_word(&word).is_none() {
                    return Err(with_help(
                        format!("`confidence = \"{word}\"` is not a confidence"),
                        format!(
                            "write one of {}",
                            CONFIDENCE_WORDS.map(|w| format!("\"{w}\"")).join(", ")
                        ),
                    ));
                }
                provenance_only = true;
                continue;
            }
            if let Some((form, _)) = &spec {
                return Err(with_help(
                    format!("a quantity has one distribution, but `{key}` follows `{form}`"),
                    format!("keep either `{form}` or `{key}` and remove the other"),
                ));
            }
            let value = form_value(&mut map, &key)?;
            spec = Some((key, value));
        }
        match spec {
            Some((_, spec)) => Ok(spec),
            None if provenance_only => Err(with_help(
                "`source` and `confidence` describe a value, but the table has no distribution",
                "add the value beside them, e.g. { lognormal = [1, 16], source = \"...\" }",
            )),
            None => Err(with_help(
                "empty table: a quantity needs a number or one distribution",
                "write one distribution, e.g. { pert = [2, 4, 8] }",
            )),
        }
    }
}

/// Reads the value of distribution form `form`.
fn form_value<'de, A: MapAccess<'de>>(map: &mut A, form: &str) -> Result<DistSpec, A::Error> {
    Ok(match form {
        "constant" => DistSpec::Constant(map.next_value()?),
        "pert" => DistSpec::Pert(form_array(map, "pert", PARAMS_MIN_MODE_MAX)?),
        "triangular" => DistSpec::Triangular(form_array(map, "triangular", PARAMS_MIN_MODE_MAX)?),
        "uniform" => DistSpec::Uniform(form_array(map, "uniform", ["min", "max"])?),
        "normal" => DistSpec::Normal(form_array(map, "normal", ["mean", "sd"])?),
        "lognormal" => DistSpec::LogNormal(form_array(map, "lognormal", ["p5", "p95"])?),
        "poisson" => DistSpec::Poisson(map.next_value()?),
        "bernoulli" => DistSpec::Bernoulli(map.next_value()?),
        "discrete" => DistSpec::Discrete(map.next_value()?),
        other => return Err(unknown_form(other)),
    })
}

/// The key under which the TOML deserialiser hands a date or time to a visitor
/// that accepts any type (a quantity), as a one-entry table.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// Separates the message from the help in custom deserialisation errors; the
/// scenario loader splits them again (see `scenario::toml_problem`).
pub(crate) const HELP_SEPARATOR: &str = " | help: ";

/// A custom deserialisation error that carries its own fix.
fn with_help<E: de::Error>(message: impl fmt::Display, help: impl fmt::Display) -> E {
    E::custom(format!("{message}{HELP_SEPARATOR}{help}"))
}

const PARAMS_MIN_MODE_MAX: [&str; 3] = ["min", "mode", "max"];

/// Reads the array of a distribution form (`pert = [2, 4, 8]`) with a message
/// that names the form's parameters when the count is wrong.
fn form_array<'de, A: MapAccess<'de>, const N: usize>(
    map: &mut A,
    form: &str,
    params: [&str; N],
) -> Result<[f64; N], A::Error> {
    let values: Vec<f64> = map.next_value()?;
    let names = params.join(", ");
    values.as_slice().try_into().map_err(|_| {
        with_help(
            format!("{form} needs {N} numbers [{names}], got {}", values.len()),
            format!("write {form} = [{names}], e.g. {}", form_example(form)),
        )
    })
}

fn form_example(form: &str) -> &'static str {
    match form {
        "pert" => "{ pert = [2, 4, 8] }",
        "triangular" => "{ triangular = [2, 4, 8] }",
        "uniform" => "{ uniform = [2, 8] }",
        "normal" => "{ normal = [10, 2] }",
        "lognormal" => "{ lognormal = [1, 16] }",
        "poisson" => "{ poisson = 3 }",
        "bernoulli" => "{ bernoulli = 0.3 }",
        "discrete" => "{ discrete = [[1, 0.7], [2, 0.3]] }",
        _ => "{ constant = 4 }",
    }
}

/// Other names people give to the forms, mapped to opsim's.
const FORM_ALIASES: &[(&str, &str)] = &[
    ("gauss", "normal"),
    ("gaussian", "normal"),
    ("log-normal", "lognormal"),
    ("beta-pert", "pert"),
    ("betapert", "pert"),
    ("triangle", "triangular"),
    ("fixed", "constant"),
    ("choice", "discrete"),
];

fn unknown_form<E: de::Error>(name: &str) -> E {
    let forms: Vec<String> = DIST_FORMS.iter().map(|s| s.to_string()).collect();
    let lower = name.to_lowercase();
    let best = FORM_ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map(|(_, form)| *form)
        .or_else(|| super::understand::closest(&lower, &forms));
    let listed = DIST_FORMS
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match best {
        Some(form) => format!("did you mean `{form}`? e.g. {}", form_example(form)),
        None => "write one of the forms listed, e.g. { pert = [2, 4, 8] }".to_string(),
    };
    with_help(
        format!("unknown distribution `{name}`: the forms are {listed}"),
        help,
    )
}

/// Why a bare array is not a quantity: a bare array is a PERT estimate.
fn bare_array_error<E: de::Error>(values: &[f64]) -> E {
    let n = values.len();
    let message = format!(
        "a bare array is a PERT estimate and needs three numbers [min, mode, max], got {n}"
    );
    let help = match values {
        [] => "write a number, or [min, most likely, max] such as [2, 4, 8]".to_string(),
        [v] => format!("for a fixed value write the number without brackets: {v}"),
        [a, b] => format!(
            "add the most likely value, e.g. [{a}, {}, {b}], or write {{ uniform = [{a}, {b}] }} for a flat range",
            (a + b) / 2.0
        ),
        _ => "for several possible values write { discrete = [[value, weight], ...] }".to_string(),
    };
    with_help(message, help)
}

/// A table whose keys are ids chosen by the user (`[models.ybiyri]`, `day_rates`),
/// kept in file order with each key's span.
#[derive(Debug, Clone)]
pub struct Keyed<T>(pub Vec<(Spanned<String>, T)>);

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<T> Keyed<T> {
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<String>, &T)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Keyed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for KeyedVisitor<T> {
            type Value = Keyed<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of named entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keyed<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Keyed(entries))
            }
        }
        deserializer.deserialize_map(KeyedVisitor(std::marker::PhantomData))
    }
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub scenario: ScenarioSection,
    #[serde(default)]
    pub simulation: SimulationSection,
    pub organisation: Spanned<OrganisationSection>,
    #[serde(default)]
    pub tiers: Vec<TierSection>,
    pub models: Spanned<Keyed<ModelSection>>,
    #[serde(default)]
    pub correlations: Vec<CorrelationSection>,
}

/// One `[[correlations]]` entry: a rank correlation between two inputs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrelationSection {
    /// The two inputs' paths, as `opsim validate` prints them.
    pub inputs: Spanned<Vec<Spanned<String>>>,
    /// Spearman rank correlation, -1 to 1.
    pub rank: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSection {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_currency")]
    pub currency: Spanned<String>,
    pub horizon_months: Spanned<i64>,
    #[serde(default = "default_hours_per_week")]
    pub hours_per_week: Spanned<f64>,
    pub start_date: Option<Spanned<toml::value::Datetime>>,
    #[serde(default = "default_discount_rate")]
    pub discount_rate_per_year: Spanned<f64>,
    pub baseline: Spanned<String>,
}

fn default_currency() -> Spanned<String> {
    Spanned::new(0..0, "GBP".to_string())
}

fn default_discount_rate() -> Spanned<f64> {
    Spanned::new(0..0, 0.0)
}

fn default_hours_per_week() -> Spanned<f64> {
    Spanned::new(0..0, 37.5)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulationSection {
    #[serde(default = "default_iterations")]
    pub iterations: Spanned<i64>,
    #[serde(default = "default_seed")]
    pub seed: Spanned<i64>,
    pub sampling: Option<Spanned<String>>,
}

/// Default iteration count when neither the file nor `--iterations` gives one.
pub(crate) const DEFAULT_ITERATIONS: i64 = 10_000;
/// Default seed when neither the file nor `--seed` gives one.
pub(crate) const DEFAULT_SEED: i64 = 1;

fn default_iterations() -> Spanned<i64> {
    Spanned::new(0..0, DEFAULT_ITERATIONS)
}

fn default_seed() -> Spanned<i64> {
    Spanned::new(0..0, DEFAULT_SEED)
}

impl Default for SimulationSection {
    fn default() -> Self {
        SimulationSection {
            iterations: default_iterations(),
            seed: default_seed(),
            sampling: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationSection {
    pub services: Option<Spanned<i64>>,
    pub teams: Spanned<i64>,
    pub domains: Option<Spanned<i64>>,
    pub day_rates: Spanned<Keyed<Quantity>>,
    pub incident_rate_per_service_per_month: Quantity,
    pub wanted_deployments_per_service_per_month: Quantity,
    pub out_of_hours_wait_hours: Option<Quantity>,
    pub cost_of_delay_per_change_day: Option<Quantity>,
}

/// Out-of-hours on-call level of a tier under a model that covers services by tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnCallLevel {
    None,
    Domain,
    Team,
}

impl From<OnCallLevel> for model::OnCallLevel {
    fn from(level: OnCallLevel) -> model::OnCallLevel {
        match level {
            OnCallLevel::None => model::OnCallLevel::None,
            OnCallLevel::Domain => model::OnCallLevel::Domain,
            OnCallLevel::Team => model::OnCallLevel::Team,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierSection {
    pub id: Spanned<String>,
    pub name: Option<String>,
    pub availability_target_percent: Option<Spanned<f64>>,
    pub services: Spanned<i64>,
    pub exposure_per_hour: Option<Quantity>,
    pub on_call: OnCallLevel,
    pub owning_teams: Option<Spanned<i64>>,
    pub owning_domains: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSection {
    pub name: Option<String>,
    #[serde(default)]
    pub description: String,
    pub transition_from: Option<Spanned<String>>,
    pub incident_rate_improvement_per_year: Option<Quantity>,
    pub on_call: OnCallSection,
    pub incidents: IncidentsSection,
    #[serde(default)]
    pub licences: LicencesSection,
    #[serde(default)]
    pub changes: ChangesSection,
    #[serde(default)]
    pub fixed_per_month: Keyed<Quantity>,
    #[serde(default)]
    pub activities: Vec<ActivitySection>,
    #[serde(default)]
    pub risks: Vec<RiskSection>,
    #[serde(default)]
    pub countermeasures: Vec<CountermeasureSection>,
}

/// How many out-of-hours rotas a model runs.
#[derive(Debug, Clone)]
pub enum RotasSpec {
    /// A number (or distribution) stated directly.
    Count(DistSpec),
    /// Derived from the tiers' on-call levels (`"from-tiers"`).
    FromTiers,
}

impl<'de> Deserialize<'de> for RotasSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RotasVisitor;
        impl<'de> Visitor<'de> for RotasVisitor {
            type Value = RotasSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of rotas or \"from-tiers\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RotasSpec, E> {
                if v == "from-tiers" {
                    Ok(RotasSpec::FromTiers)
                } else {
                    Err(with_help(
                        format!("rotas must be a number or \"from-tiers\", got \"{v}\""),
                        "state the number of rotas, e.g. rotas = 10, or write rotas = \"from-tiers\"",
                    ))
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RotasSpec, E> {
                DistSpecVisitor.visit_i64(v).map(RotasSpec::Count)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RotasSpec, E> {
                DistSpecVisitor.visit_u64(v).map(RotasSpec::Count)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RotasSpec, E> {
                DistSpecVisitor.visit_f64(v).map(RotasSpec::Count)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RotasSpec, A::Error> {
                DistSpecVisitor.visit_seq(seq).map(RotasSpec::Count)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RotasSpec, A::Error> {
                DistSpecVisitor.visit_map(map).map(RotasSpec::Count)
            }
        }
        deserializer.deserialize_any(RotasVisitor)
    }
}

/// Which services a model's out-of-hours rotas answer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cover {
    /// Every service, whatever its tier (a central rota: Ops Run It).
    #[default]
    AllServices,
    /// Each tier's on-call level decides (YBIYRI): `none` tiers wait for the next working day.
    ByTier,
}

impl From<Cover> for model::Cover {
    fn from(cover: Cover) -> model::Cover {
        match cover {
            Cover::AllServices => model::Cover::AllServices,
            Cover::ByTier => model::Cover::ByTier,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnCallSection {
    pub rotas: Spanned<RotasSpec>,
    pub on_call_at_once: Option<Quantity>,
    pub people_per_rota: Quantity,
    pub standby_pay_per_week: Quantity,
    pub callout_fee: Option<Quantity>,
    pub minimum_paid_hours: Option<Quantity>,
    pub overtime_multiplier: Option<Quantity>,
    pub role: Spanned<String>,
    pub responders_per_incident: Option<Quantity>,
    #[serde(default)]
    pub cover: Cover,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentsSection {
    pub out_of_hours_probability: Quantity,
    pub time_to_restore_hours: Quantity,
    pub escalation_share: Option<Quantity>,
    pub escalation_hours_per_incident: Option<Quantity>,
    pub escalation_role: Option<Spanned<String>>,
    pub follow_up_hours_per_incident: Option<Quantity>,
    pub follow_up_role: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicencesSection {
    pub per_user_per_month: Option<Quantity>,
    pub per_team_per_month: Option<Quantity>,
    pub flat_per_month: Option<Quantity>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesSection {
    pub deployments_cap_per_service_per_month: Option<Quantity>,
    pub approval_hours_per_change: Option<Quantity>,
    pub approval_role: Option<Spanned<String>>,
    pub lead_time_days: Option<Quantity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivitySection {
    pub id: Spanned<String>,
    pub name: Option<String>,
    pub capability: Spanned<String>,
    pub duration_weeks: Quantity,
    #[serde(default)]
    pub after: Vec<Spanned<String>>,
    #[serde(default)]
    pub effort_fte: Keyed<Quantity>,
    pub one_off_cost: Option<Quantity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskSection {
    pub id: Spanned<String>,
    pub name: Option<String>,
    pub probability: Quantity,
    pub hits: Spanned<Vec<Spanned<String>>>,
    pub delay_weeks: Quantity,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountermeasureSection {
    pub id: Spanned<String>,
    pub name: Option<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    pub applies_to: Spanned<Vec<Spanned<String>>>,
    pub duration_factor: Quantity,
    pub one_off_cost: Option<Quantity>,
    #[serde(default)]
    pub effort_days: Keyed<Quantity>,
}

fn enabled_by_default() -> bool {
    true
}
