//! From the scenario as written to the compiled [`Model`]: every field checked
//! against its range, every id resolved, defaults filled in, the baseline put
//! first. Problems are collected, not returned at the first, so an analyst sees
//! everything wrong with a file in one go.

mod builder;
mod correlations;
mod graph;
mod limits;
mod models;

use toml::Spanned;

use crate::model::{GATING_CAPABILITIES, Meta, Model, OnCallLevel, Organisation, Tier};
use crate::scenario::error::Problem;
use crate::scenario::written::{ScenarioFile, TierSection};

pub(crate) use builder::closest;
use builder::{Builder, HOURS, MONEY, RATE};

/// Largest horizon accepted, in months (100 years).
pub(crate) const MAX_HORIZON_MONTHS: i64 = 1200;

/// `scenario.hours_per_week`: 1 to this.
pub(crate) const MAX_HOURS_PER_WEEK: f64 = 168.0;

/// `scenario.discount_rate_per_year`: from the first to the second.
pub(crate) const DISCOUNT_RATE_RANGE: (f64, f64) = (-0.5, 1.0);

/// `scenario.currency`: 1 to this many characters.
pub(crate) const MAX_CURRENCY_CHARS: usize = 8;

/// `organisation.services` and a tier's `services`: at most this.
pub(crate) const MAX_SERVICES: i64 = 1_000_000_000;

/// `organisation.teams` and `organisation.domains`: 1 to this.
pub(crate) const MAX_TEAMS: i64 = 1_000_000;
/// Largest iteration count accepted from a file or the command line.
pub(crate) const MAX_ITERATIONS: i64 = 1_000_000_000;

/// Checks and compiles a parsed scenario file.
pub(crate) fn understand(file: &ScenarioFile) -> Result<Model, Vec<Problem>> {
    let mut b = Builder::new();
    if limits::too_many_activities(&mut b, file) {
        return Err(b.problems);
    }
    let meta = meta(&mut b, file);
    read_roles(&mut b, file);
    let tiers_written = &file.tiers;
    let services = services(&mut b, file);
    let organisation = organisation(&mut b, file, services);
    let tiers = tiers(&mut b, tiers_written, services);
    let mut capabilities: Vec<String> = GATING_CAPABILITIES.iter().map(|c| c.to_string()).collect();
    let models = models::models(&mut b, file, &organisation, &tiers, &mut capabilities);
    if b.problems.is_empty() {
        limits::check(&mut b, file, &meta, &organisation, &models);
    }
    let mode = correlations::sampling(&mut b, file);
    let sampling = if b.problems.is_empty() {
        let inputs = std::mem::take(&mut b.inputs);
        let plan = correlations::plan(&mut b, file, &inputs, mode);
        b.inputs = inputs;
        plan
    } else {
        Default::default()
    };
    if !b.problems.is_empty() {
        b.problems.sort_by_key(|p| (p.span.start, p.span.end));
        return Err(b.problems);
    }
    Ok(Model {
        meta,
        inputs: b.inputs,
        role_day_rate: (0..b.roles.len()).collect(),
        roles: b.roles,
        organisation,
        tiers,
        capabilities,
        models,
        sampling,
    })
}

fn meta(b: &mut Builder, file: &ScenarioFile) -> Meta {
    let s = &file.scenario;
    let horizon = b.count(
        "scenario.horizon_months",
        &s.horizon_months,
        1,
        MAX_HORIZON_MONTHS,
    );
    let hours_per_week = b.number(
        "scenario.hours_per_week",
        &s.hours_per_week,
        1.0,
        MAX_HOURS_PER_WEEK,
    );
    let discount = b.number(
        "scenario.discount_rate_per_year",
        &s.discount_rate_per_year,
        DISCOUNT_RATE_RANGE.0,
        DISCOUNT_RATE_RANGE.1,
    );
    let iterations = b.count(
        "simulation.iterations",
        &file.simulation.iterations,
        1,
        MAX_ITERATIONS,
    );
    let seed = b.count("simulation.seed", &file.simulation.seed, 0, i64::MAX);
    let currency = s.currency.get_ref().trim().to_string();
    if currency.is_empty() || currency.chars().count() > MAX_CURRENCY_CHARS {
        b.problem(
            s.currency.span(),
            "scenario.currency",
            "the currency must be a short code or symbol",
            "write an ISO 4217 code such as \"GBP\", \"EUR\" or \"USD\"",
        );
    }
    Meta {
        name: s.name.clone(),
        description: s.description.clone(),
        currency,
        horizon_months: horizon as usize,
        hours_per_week,
        start_date: start_date(b, s.start_date.as_ref()),
        discount_rate_per_year: discount,
        iterations: iterations as u64,
        seed: seed as u64,
    }
}

fn start_date(b: &mut Builder, date: Option<&Spanned<toml::value::Datetime>>) -> Option<String> {
    let date = date?;
    let value = date.get_ref();
    match (&value.date, &value.time, &value.offset) {
        (Some(d), None, None) => Some(d.to_string()),
        _ => {
            b.problem(
                date.span(),
                "scenario.start_date",
                format!("`{value}` is not a plain date"),
                "write a date without a time, e.g. start_date = 2027-01-04",
            );
            None
        }
    }
}

fn read_roles(b: &mut Builder, file: &ScenarioFile) {
    let rates = &file.organisation.get_ref().day_rates;
    if rates.get_ref().0.is_empty() {
        b.problem(
            rates.span(),
            "organisation.day_rates",
            "no roles are defined",
            "give each role a fully loaded day rate, e.g. developer = [500, 600, 750]",
        );
    }
    for (name, rate) in rates.get_ref().iter() {
        let path = format!("organisation.day_rates.{}", name.get_ref());
        b.input(path, rate, RATE);
        b.roles.push(name.get_ref().clone());
        b.role_spans.push(name.span());
    }
}

fn services(b: &mut Builder, file: &ScenarioFile) -> f64 {
    let org = file.organisation.get_ref();
    // Saturating: each tier's count is range-checked later; the sum must not overflow first.
    let from_tiers: i64 = file
        .tiers
        .iter()
        .fold(0, |sum, t| sum.saturating_add(*t.services.get_ref()));
    match (&org.services, file.tiers.is_empty()) {
        (Some(s), true) => b.count("organisation.services", s, 1, MAX_SERVICES) as f64,
        (None, true) => {
            b.problem(
                file.organisation.span(),
                "organisation.services",
                "the number of services is missing",
                "add `services = 40` to [organisation], or describe the services in [[tiers]]",
            );
            1.0
        }
        (Some(s), false) if *s.get_ref() != from_tiers => {
            b.problem(
                s.span(),
                "organisation.services",
                format!(
                    "services = {} but the tiers add up to {from_tiers}",
                    s.get_ref()
                ),
                "make them agree, or leave `services` out and let the tiers define it",
            );
            from_tiers as f64
        }
        (_, false) if from_tiers == 0 => {
            b.problem(
                file.tiers[0].services.span(),
                "tiers",
                "the tiers hold no services",
                "give at least one tier a number of services, e.g. services = 12",
            );
            1.0
        }
        _ => from_tiers as f64,
    }
}

fn organisation(b: &mut Builder, file: &ScenarioFile, services: f64) -> Organisation {
    let org = file.organisation.get_ref();
    let teams = b.count("organisation.teams", &org.teams, 1, MAX_TEAMS) as f64;
    if let Some(d) = &org.domains {
        b.count("organisation.domains", d, 1, MAX_TEAMS);
    }
    Organisation {
        services,
        teams,
        incident_rate_per_service_per_month: b.input(
            "organisation.incident_rate_per_service_per_month".into(),
            &org.incident_rate_per_service_per_month,
            RATE,
        ),
        wanted_deployments_per_service_per_month: b.input(
            "organisation.wanted_deployments_per_service_per_month".into(),
            &org.wanted_deployments_per_service_per_month,
            RATE,
        ),
        out_of_hours_wait_hours: b.optional(
            "organisation.out_of_hours_wait_hours".into(),
            org.out_of_hours_wait_hours.as_ref(),
            DEFAULT_OUT_OF_HOURS_WAIT_HOURS,
            HOURS,
        ),
        cost_of_delay_per_change_day: b.optional(
            "organisation.cost_of_delay_per_change_day".into(),
            org.cost_of_delay_per_change_day.as_ref(),
            0.0,
            MONEY,
        ),
    }
}

/// Hours an out-of-hours incident on a service with no rota waits, by default:
/// from a typical evening call to 09:00 the next working day.
pub(crate) const DEFAULT_OUT_OF_HOURS_WAIT_HOURS: f64 = 14.0;

fn tiers(b: &mut Builder, written: &[TierSection], services: f64) -> Vec<Tier> {
    if written.is_empty() {
        let exposure = b.constant("tiers.all.exposure_per_hour".into(), 0.0);
        return vec![Tier {
            id: "all".into(),
            name: "All services".into(),
            availability_target_percent: None,
            services,
            exposure_per_hour: exposure,
            on_call: OnCallLevel::Team,
        }];
    }
    let mut seen: Vec<String> = Vec::new();
    let mut tiers = Vec::new();
    for (i, t) in written.iter().enumerate() {
        let id = t.id.get_ref().clone();
        if let Some(first) = seen.iter().position(|x| *x == id) {
            b.problem(
                t.id.span(),
                format!("tiers[{i}].id"),
                format!("duplicate tier id `{id}`: tiers[{first}] has it too"),
                "give each tier its own id",
            );
        }
        seen.push(id.clone());
        let services = b.count(
            &format!("tiers[{i}].services"),
            &t.services,
            0,
            MAX_SERVICES,
        );
        if let Some(target) = &t.availability_target_percent {
            b.number(
                &format!("tiers[{i}].availability_target_percent"),
                target,
                0.0,
                100.0,
            );
        }
        owners(b, i, t);
        let exposure = b.optional_as(
            format!("tiers[{i}].exposure_per_hour"),
            format!("tiers.{id}.exposure_per_hour"),
            t.exposure_per_hour.as_ref(),
            0.0,
            MONEY,
        );
        tiers.push(Tier {
            name: t.name.clone().unwrap_or_else(|| id.clone()),
            id,
            availability_target_percent: t
                .availability_target_percent
                .as_ref()
                .map(|a| *a.get_ref()),
            services: services as f64,
            exposure_per_hour: exposure,
            on_call: t.on_call.into(),
        });
    }
    tiers
}

/// Checks `owning_teams` / `owning_domains`: each belongs to one on-call level and
/// cannot exceed the tier's services.
fn owners(b: &mut Builder, i: usize, t: &TierSection) {
    let services = (*t.services.get_ref()).max(1);
    for (field, value, level) in [
        ("owning_teams", &t.owning_teams, OnCallLevel::Team),
        ("owning_domains", &t.owning_domains, OnCallLevel::Domain),
    ] {
        let Some(value) = value else { continue };
        let path = format!("tiers[{i}].{field}");
        if OnCallLevel::from(t.on_call) != level {
            let wanted = if level == OnCallLevel::Team {
                "team"
            } else {
                "domain"
            };
            b.problem(
                value.span(),
                path,
                format!("`{field}` only counts for tiers with on_call = \"{wanted}\""),
                format!("remove it, or set on_call = \"{wanted}\""),
            );
        } else {
            b.count(&path, value, 1, services);
        }
    }
}

/// Number of out-of-hours rotas implied by the tiers: one per team that owns a
/// team-level service, plus one per domain that owns a domain-level service.
pub(crate) fn rotas_from_tiers(
    b_teams: f64,
    domains: Option<f64>,
    tiers: &[TierSection],
) -> Result<f64, String> {
    let mut team_rotas = 0.0;
    let mut domain_rotas = 0.0;
    for t in tiers {
        let services = *t.services.get_ref() as f64;
        match OnCallLevel::from(t.on_call) {
            OnCallLevel::None => {}
            OnCallLevel::Team => {
                let owning = t
                    .owning_teams
                    .as_ref()
                    .map_or(services.min(b_teams), |o| *o.get_ref() as f64);
                team_rotas += owning;
            }
            OnCallLevel::Domain => {
                let Some(domains) = domains else {
                    return Err(format!(
                        "tier `{}` is on domain rotas, but organisation.domains is not set",
                        t.id.get_ref()
                    ));
                };
                let owning = t
                    .owning_domains
                    .as_ref()
                    .map_or(services.min(domains), |o| *o.get_ref() as f64);
                domain_rotas += owning;
            }
        }
    }
    let domains = domains.unwrap_or(0.0);
    Ok(team_rotas.min(b_teams) + domain_rotas.min(domains))
}

/// The field ranges and size limits, for the test that checks docs/limits.md.
#[cfg(test)]
pub(crate) mod documented {
    pub(crate) use super::builder::{COUNT, DAYS, FACTOR, FRACTION, HOURS, MONEY, RATE, WEEKS};
    pub(crate) use super::limits::{MAX_ACTIVITIES, MAX_INCIDENTS_PER_ITERATION};
}
