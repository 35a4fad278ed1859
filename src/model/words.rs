//! What every input is called in words a board reads: a label and a unit for
//! each field of the scenario format ("Standby pay per person per week", £), with
//! the names of the operating model, tier, activity, risk or countermeasure it
//! belongs to in place of their ids. Dotted paths stay the interface (`--set`,
//! JSON keys, validate's path column, the report's appendix); everything else a
//! person reads is said through [`Model::words`].
//!
//! Names come from the scenario file: callers escape them for where they show
//! them (HTML, terminal, chart text).

use super::Model;

/// The unit of an input's value, shown beside its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// An amount in the scenario's currency.
    Money,
    /// Hours.
    Hours,
    /// Weeks.
    Weeks,
    /// Days.
    Days,
    /// A share between 0 and 1, shown as a percentage.
    Share,
    /// A probability between 0 and 1, shown as a percentage.
    Probability,
    /// A multiplier (x).
    Factor,
    /// A count of things, named (incidents, deployments, people, rotas...).
    Count(&'static str),
    /// Full-time equivalents of a role.
    Fte,
}

impl Unit {
    /// The unit in words, for a table's unit column: "£", "weeks", "people".
    pub fn text(self, currency: &str) -> String {
        match self {
            Unit::Money => currency_symbol(currency),
            Unit::Hours => "hours".into(),
            Unit::Weeks => "weeks".into(),
            Unit::Days => "days".into(),
            Unit::Share => "share (%)".into(),
            Unit::Probability => "probability (%)".into(),
            Unit::Factor => "x".into(),
            Unit::Count(what) => what.into(),
            Unit::Fte => "FTE".into(),
        }
    }
}

/// The symbol a currency code is shown with (£ for GBP); other codes as written.
fn currency_symbol(code: &str) -> String {
    match code {
        "GBP" => "£".into(),
        "EUR" => "€".into(),
        "USD" | "AUD" | "CAD" | "NZD" => "$".into(),
        other => other.into(),
    }
}

/// An input in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// What it is, e.g. "Standby pay per person per week" or
    /// "Psychological safety: duration".
    pub label: String,
    /// Its unit.
    pub unit: Unit,
    /// The name of the operating model it belongs to; None for organisation
    /// and tier inputs, which every model shares.
    pub model: Option<String>,
    /// Whether the label came from the format's table (false: spelled from
    /// the path's last word, for a field this table does not know).
    pub known: bool,
}

impl Words {
    /// The label with its model: "Standby pay per person per week
    /// (You Build It You Run It)".
    pub fn with_model(&self) -> String {
        match &self.model {
            Some(model) => format!("{} ({model})", self.label),
            None => self.label.clone(),
        }
    }

    /// The label with its model and unit, for a line that has no unit column:
    /// "Standby pay per person per week, £ (You Build It You Run It)".
    pub fn full(&self, currency: &str) -> String {
        let unit = self.unit.text(currency);
        match &self.model {
            Some(model) => format!("{}, {unit} ({model})", self.label),
            None => format!("{}, {unit}", self.label),
        }
    }
}

impl Model {
    /// The words for the input at `path` (as `opsim validate` prints it). Ids
    /// the model knows are replaced by their names; an unknown path is spelled
    /// from its words rather than refused, so that a label is always there.
    pub fn words(&self, path: &str) -> Words {
        let parts: Vec<&str> = path.split('.').collect();
        let described = match parts.as_slice() {
            ["organisation", rest @ ..] => {
                organisation(rest).map(|(label, unit)| (label, unit, None))
            }
            ["tiers", tier, field] => tier_field(field)
                .map(|(label, unit)| (format!("{}: {label}", self.tier_name(tier)), unit, None)),
            ["models", id, rest @ ..] => {
                let model = self.models.iter().find(|m| m.id == *id);
                let name = model.map_or_else(|| id.to_string(), |m| m.name.clone());
                self.model_field(model, rest)
                    .map(|(label, unit)| (label, unit, Some(name)))
            }
            _ => None,
        };
        match described {
            Some((label, unit, model)) => Words {
                label,
                unit,
                model,
                known: true,
            },
            None => Words {
                label: spelled(parts.last().copied().unwrap_or(path)),
                unit: Unit::Count("value"),
                model: None,
                known: false,
            },
        }
    }

    fn tier_name(&self, id: &str) -> String {
        self.tiers
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_string(), |t| t.name.clone())
    }

    fn model_field(
        &self,
        model: Option<&super::OperatingModel>,
        rest: &[&str],
    ) -> Option<(String, Unit)> {
        let activity = |id: &str| {
            model
                .and_then(|m| m.activities.iter().find(|a| a.id == id))
                .map_or_else(|| id.to_string(), |a| a.name.clone())
        };
        let risk = |id: &str| {
            model
                .and_then(|m| m.risks.iter().find(|r| r.id == id))
                .map_or_else(|| id.to_string(), |r| r.name.clone())
        };
        let countermeasure = |id: &str| {
            model
                .and_then(|m| m.countermeasures.iter().find(|c| c.id == id))
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        };
        let role = |r: &str| spelled(r);
        Some(match rest {
            ["incident_rate_improvement_per_year"] => (
                "Fall in the incident rate per year once learning culture is ready".into(),
                Unit::Share,
            ),
            ["fixed_per_month", name] => (
                format!("Fixed cost per month: {}", spelled(name)),
                Unit::Money,
            ),
            ["on_call", field] => on_call(field)?,
            ["incidents", field] => incidents(field)?,
            ["licences", field] => licences(field)?,
            ["changes", field] => changes(field)?,
            ["activities", id, "duration_weeks"] => {
                (format!("{}: duration", activity(id)), Unit::Weeks)
            }
            ["activities", id, "one_off_cost"] => {
                (format!("{}: one-off cost", activity(id)), Unit::Money)
            }
            ["activities", id, "effort_fte", r] => {
                (format!("{}: {} effort", activity(id), role(r)), Unit::Fte)
            }
            ["risks", id, "occurs"] => (format!("{}: happens", risk(id)), Unit::Probability),
            ["risks", id, "probability"] => (
                format!("{}: chance it happens", risk(id)),
                Unit::Probability,
            ),
            ["risks", id, "delay_weeks", a] => (
                format!("{}: delay to {}", risk(id), activity(a)),
                Unit::Weeks,
            ),
            ["countermeasures", id, "duration_factor"] => (
                format!("{}: duration factor", countermeasure(id)),
                Unit::Factor,
            ),
            ["countermeasures", id, "one_off_cost"] => {
                (format!("{}: one-off cost", countermeasure(id)), Unit::Money)
            }
            ["countermeasures", id, "effort_days", r] => (
                format!("{}: {} effort", countermeasure(id), role(r)),
                Unit::Days,
            ),
            _ => return None,
        })
    }
}

fn organisation(rest: &[&str]) -> Option<(String, Unit)> {
    Some(match rest {
        ["services"] => ("Digital services".into(), Unit::Count("services")),
        ["teams"] => ("Product teams".into(), Unit::Count("teams")),
        ["domains"] => ("Domains".into(), Unit::Count("domains")),
        ["day_rates", role] => (
            format!("Day rate of a {}", spelled(role).to_lowercase()),
            Unit::Money,
        ),
        ["incident_rate_per_service_per_month"] => (
            "Incidents per service per month".into(),
            Unit::Count("incidents"),
        ),
        ["wanted_deployments_per_service_per_month"] => (
            "Deployments wanted per service per month".into(),
            Unit::Count("deployments"),
        ),
        ["out_of_hours_wait_hours"] => (
            "Extra outage of an out-of-hours incident with no rota".into(),
            Unit::Hours,
        ),
        ["cost_of_delay_per_change_day"] => {
            ("Cost of a change waiting one day".into(), Unit::Money)
        }
        _ => return None,
    })
}

fn tier_field(field: &str) -> Option<(String, Unit)> {
    Some(match field {
        "exposure_per_hour" => ("exposure per hour of outage".into(), Unit::Money),
        "services" => ("services".into(), Unit::Count("services")),
        "owning_teams" => ("teams owning its services".into(), Unit::Count("teams")),
        "owning_domains" => ("domains owning its services".into(), Unit::Count("domains")),
        _ => return None,
    })
}

fn on_call(field: &str) -> Option<(String, Unit)> {
    Some(match field {
        "rotas" => ("Out-of-hours rotas".into(), Unit::Count("rotas")),
        "on_call_at_once" => (
            "People on call at once per rota".into(),
            Unit::Count("people"),
        ),
        "people_per_rota" => ("People in each rota".into(), Unit::Count("people")),
        "standby_pay_per_week" => ("Standby pay per person per week".into(), Unit::Money),
        "callout_fee" => ("Callout fee per responder per incident".into(), Unit::Money),
        "minimum_paid_hours" => ("Minimum paid hours per callout".into(), Unit::Hours),
        "overtime_multiplier" => ("Overtime multiplier on callout hours".into(), Unit::Factor),
        "responders_per_incident" => ("People working each incident".into(), Unit::Count("people")),
        _ => return None,
    })
}

fn incidents(field: &str) -> Option<(String, Unit)> {
    Some(match field {
        "out_of_hours_probability" => ("Share of incidents out of hours".into(), Unit::Share),
        "time_to_restore_hours" => ("Time to restore an incident".into(), Unit::Hours),
        "escalation_share" => ("Share of incidents escalated".into(), Unit::Share),
        "escalation_hours_per_incident" => (
            "Escalation effort per escalated incident".into(),
            Unit::Hours,
        ),
        "follow_up_hours_per_incident" => ("Follow-up effort per incident".into(), Unit::Hours),
        _ => return None,
    })
}

fn licences(field: &str) -> Option<(String, Unit)> {
    Some(match field {
        "per_user_per_month" => ("Licence per on-call user per month".into(), Unit::Money),
        "per_team_per_month" => ("Licence per team per month".into(), Unit::Money),
        "flat_per_month" => ("Flat licence fee per month".into(), Unit::Money),
        _ => return None,
    })
}

fn changes(field: &str) -> Option<(String, Unit)> {
    Some(match field {
        "deployments_cap_per_service_per_month" => (
            "Deployments allowed per service per month".into(),
            Unit::Count("deployments"),
        ),
        "approval_hours_per_change" => ("Approval effort per change".into(), Unit::Hours),
        "lead_time_days" => ("Approval lead time per change".into(), Unit::Days),
        _ => return None,
    })
}

/// An id or key in words: "change-manager" -> "Change manager".
fn spelled(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_spelled_as_words() {
        assert_eq!(spelled("change-manager"), "Change manager");
        assert_eq!(spelled("product_team_toil"), "Product team toil");
        assert_eq!(spelled(""), "");
    }

    #[test]
    fn money_units_take_the_currency_symbol() {
        assert_eq!(Unit::Money.text("GBP"), "£");
        assert_eq!(Unit::Money.text("CHF"), "CHF");
        assert_eq!(Unit::Weeks.text("GBP"), "weeks");
    }
}
