//! Operating models: run-cost arrangement, setup activities, risks and
//! countermeasures, each checked and resolved to indices.

use toml::Spanned;

use super::builder::{
    Builder, COUNT, DAYS, FACTOR, FRACTION, HOURS, MONEY, RATE, WEEKS, closest, unknown_help,
};
use super::graph::{self, Node};
use crate::model::{
    Activity, Arrangement, Countermeasure, GATING_CAPABILITIES, InputId, OperatingModel,
    Organisation, Risk, Tier,
};
use crate::sample::dist::Dist;
use crate::sample::rng::stream_key;
use crate::scenario::written::{ActivitySection, ModelSection, Quantity, RotasSpec, ScenarioFile};

/// All models, baseline first, others in file order.
pub(super) fn models(
    b: &mut Builder,
    file: &ScenarioFile,
    org: &Organisation,
    tiers: &[Tier],
    capabilities: &mut Vec<String>,
) -> Vec<OperatingModel> {
    let written = &file.models;
    let ids: Vec<String> = written
        .get_ref()
        .iter()
        .map(|(k, _)| k.get_ref().clone())
        .collect();
    let baseline = file.scenario.baseline.get_ref();
    let baseline_at = ids.iter().position(|id| id == baseline);
    if baseline_at.is_none() {
        let help = unknown_help("model", baseline, &ids, "[models.<id>]");
        b.problem(
            file.scenario.baseline.span(),
            "scenario.baseline",
            format!("baseline `{baseline}` is not one of the models"),
            help,
        );
        // Go on in file order, so that problems inside the models are reported too.
    }
    if ids.len() < 2 {
        b.problem(
            written.span(),
            "models",
            "a scenario needs at least two operating models to compare",
            format!(
                "add a second model, e.g. [models.ybiyri] with transition_from = \"{baseline}\""
            ),
        );
    }
    let mut order: Vec<usize> = baseline_at.into_iter().collect();
    order.extend((0..ids.len()).filter(|&i| Some(i) != baseline_at));
    order
        .iter()
        .map(|&i| {
            let (id, section) = &written.get_ref().0[i];
            model(
                b,
                file,
                id,
                section,
                &ids,
                baseline_at,
                org,
                tiers,
                capabilities,
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn model(
    b: &mut Builder,
    file: &ScenarioFile,
    id: &Spanned<String>,
    m: &ModelSection,
    ids: &[String],
    baseline_at: Option<usize>,
    org: &Organisation,
    tiers: &[Tier],
    capabilities: &mut Vec<String>,
) -> OperatingModel {
    let id_str = id.get_ref().clone();
    let prefix = format!("models.{id_str}");
    let transition_from = transition(b, &prefix, m, ids, baseline_at, &id_str);
    let arrangement = arrangement(b, file, &prefix, m, org, tiers);
    let improvement_per_year = m.incident_rate_improvement_per_year.as_ref().map(|q| {
        b.input(
            format!("{prefix}.incident_rate_improvement_per_year"),
            q,
            FRACTION,
        )
    });
    let (activities, risks, countermeasures) = setup(b, &prefix, m, capabilities);
    OperatingModel {
        name: m.name.clone().unwrap_or_else(|| id_str.clone()),
        description: m.description.clone(),
        event_stream_key: stream_key(&format!("{prefix}#events")),
        id: id_str,
        transition_from,
        arrangement,
        improvement_per_year,
        activities,
        risks,
        countermeasures,
    }
}

/// The transition source, as an index into the final model order (baseline = 0).
fn transition(
    b: &mut Builder,
    prefix: &str,
    m: &ModelSection,
    ids: &[String],
    baseline_at: Option<usize>,
    own_id: &str,
) -> Option<usize> {
    let from = m.transition_from.as_ref()?;
    let field = format!("{prefix}.transition_from");
    let name = from.get_ref();
    // Without a valid baseline (reported already) only the id itself is checked.
    let Some(baseline) = baseline_at.map(|i| &ids[i]) else {
        if !ids.contains(name) {
            let help = unknown_help("model", name, ids, "[models.<id>]");
            b.problem(
                from.span(),
                field,
                format!("no model is called `{name}`"),
                help,
            );
        }
        return Some(0);
    };
    if !ids.contains(name) {
        b.problem(
            from.span(),
            field,
            format!("no model is called `{name}`"),
            format!("models transition from the baseline: write transition_from = \"{baseline}\""),
        );
    } else if name == own_id {
        b.problem(
            from.span(),
            field,
            format!("model `{own_id}` cannot transition from itself"),
            format!("transition from the baseline, `{baseline}`"),
        );
    } else if name != baseline {
        b.problem(
            from.span(),
            field,
            format!("models transition from the baseline, but `{name}` is not the baseline"),
            format!("write transition_from = \"{baseline}\""),
        );
    }
    Some(0)
}

fn arrangement(
    b: &mut Builder,
    file: &ScenarioFile,
    prefix: &str,
    m: &ModelSection,
    org: &Organisation,
    tiers: &[Tier],
) -> Arrangement {
    let oc = &m.on_call;
    let inc = &m.incidents;
    let p = |s: &str| format!("{prefix}.{s}");
    let on_call_role = b.role(p("on_call.role"), &oc.role);
    let rotas = rotas(b, file, prefix, &oc.rotas, org);
    let time_to_restore_hours = event_dist(
        b,
        p("incidents.time_to_restore_hours"),
        &inc.time_to_restore_hours,
    );
    let escalation_role = optional_role(
        b,
        p("incidents.escalation_role"),
        inc.escalation_role.as_ref(),
        "developer",
        on_call_role,
    );
    let follow_up_role = inc
        .follow_up_role
        .as_ref()
        .map_or(on_call_role, |r| b.role(p("incidents.follow_up_role"), r));
    let ch = &m.changes;
    let approval_role = approval_role(b, prefix, m, on_call_role);
    let fixed_per_month = m
        .fixed_per_month
        .iter()
        .map(|(name, q)| b.input(p(&format!("fixed_per_month.{}", name.get_ref())), q, MONEY))
        .collect();
    let _ = tiers;
    Arrangement {
        rotas,
        on_call_at_once: b.optional(
            p("on_call.on_call_at_once"),
            oc.on_call_at_once.as_ref(),
            1.0,
            COUNT,
        ),
        people_per_rota: b.input(p("on_call.people_per_rota"), &oc.people_per_rota, COUNT),
        standby_pay_per_week: b.input(
            p("on_call.standby_pay_per_week"),
            &oc.standby_pay_per_week,
            MONEY,
        ),
        callout_fee: b.optional(
            p("on_call.callout_fee"),
            oc.callout_fee.as_ref(),
            0.0,
            MONEY,
        ),
        minimum_paid_hours: b.optional(
            p("on_call.minimum_paid_hours"),
            oc.minimum_paid_hours.as_ref(),
            0.0,
            HOURS,
        ),
        overtime_multiplier: b.optional(
            p("on_call.overtime_multiplier"),
            oc.overtime_multiplier.as_ref(),
            1.0,
            FACTOR,
        ),
        on_call_role,
        responders_per_incident: b.optional(
            p("on_call.responders_per_incident"),
            oc.responders_per_incident.as_ref(),
            1.0,
            COUNT,
        ),
        cover: oc.cover.into(),
        out_of_hours_probability: b.input(
            p("incidents.out_of_hours_probability"),
            &inc.out_of_hours_probability,
            FRACTION,
        ),
        time_to_restore_hours,
        escalation_share: b.optional(
            p("incidents.escalation_share"),
            inc.escalation_share.as_ref(),
            0.0,
            FRACTION,
        ),
        escalation_hours_per_incident: b.optional(
            p("incidents.escalation_hours_per_incident"),
            inc.escalation_hours_per_incident.as_ref(),
            0.0,
            HOURS,
        ),
        escalation_role,
        follow_up_hours_per_incident: b.optional(
            p("incidents.follow_up_hours_per_incident"),
            inc.follow_up_hours_per_incident.as_ref(),
            0.0,
            HOURS,
        ),
        follow_up_role,
        licence_per_user_per_month: b.optional(
            p("licences.per_user_per_month"),
            m.licences.per_user_per_month.as_ref(),
            0.0,
            MONEY,
        ),
        licence_per_team_per_month: b.optional(
            p("licences.per_team_per_month"),
            m.licences.per_team_per_month.as_ref(),
            0.0,
            MONEY,
        ),
        licence_flat_per_month: b.optional(
            p("licences.flat_per_month"),
            m.licences.flat_per_month.as_ref(),
            0.0,
            MONEY,
        ),
        deployments_cap_per_service_per_month: ch
            .deployments_cap_per_service_per_month
            .as_ref()
            .map(|q| b.input(p("changes.deployments_cap_per_service_per_month"), q, RATE)),
        approval_hours_per_change: b.optional(
            p("changes.approval_hours_per_change"),
            ch.approval_hours_per_change.as_ref(),
            0.0,
            HOURS,
        ),
        approval_role,
        lead_time_days: b.optional(
            p("changes.lead_time_days"),
            ch.lead_time_days.as_ref(),
            0.0,
            DAYS,
        ),
        fixed_per_month,
    }
}

/// A per-event distribution: validated, but not an input (it is drawn per incident).
fn event_dist(b: &mut Builder, field: String, q: &Quantity) -> Dist {
    match Dist::new(q.get_ref(), HOURS) {
        Ok(d) => d,
        Err(e) => {
            b.problem(q.span(), field, e.message, e.help);
            Dist::Constant(0.0)
        }
    }
}

fn optional_role(
    b: &mut Builder,
    field: String,
    written: Option<&Spanned<String>>,
    preferred: &str,
    fallback: usize,
) -> usize {
    match written {
        Some(r) => b.role(field, r),
        None => b
            .roles
            .iter()
            .position(|r| r == preferred)
            .unwrap_or(fallback),
    }
}

fn approval_role(b: &mut Builder, prefix: &str, m: &ModelSection, fallback: usize) -> usize {
    let ch = &m.changes;
    match (&ch.approval_role, &ch.approval_hours_per_change) {
        (Some(r), _) => b.role(format!("{prefix}.changes.approval_role"), r),
        (None, Some(hours)) if !super::builder::is_constant(Some(hours), 0.0) => {
            let help = match b.roles.iter().find(|r| r.as_str() == "change-manager") {
                Some(role) => format!(
                    "add approval_role = \"{role}\" to [{prefix}.changes], naming the role from organisation.day_rates that approves changes"
                ),
                None => format!(
                    "add approval_role to [{prefix}.changes], naming one of the roles in organisation.day_rates: {}",
                    b.roles
                        .iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            b.problem(
                hours.span(),
                format!("{prefix}.changes.approval_hours_per_change"),
                "approval hours are given, but no approval_role says who spends them",
                help,
            );
            fallback
        }
        _ => fallback,
    }
}

fn rotas(
    b: &mut Builder,
    file: &ScenarioFile,
    prefix: &str,
    rotas: &Spanned<RotasSpec>,
    org: &Organisation,
) -> InputId {
    let field = format!("{prefix}.on_call.rotas");
    match rotas.get_ref() {
        RotasSpec::Count(spec) => {
            let q = Spanned::new(rotas.span(), spec.clone());
            b.input(field, &q, COUNT)
        }
        RotasSpec::FromTiers if file.tiers.is_empty() => {
            b.problem(
                rotas.span(),
                field.clone(),
                "rotas = \"from-tiers\" needs [[tiers]] with on-call levels",
                "add [[tiers]], or state the number of rotas, e.g. rotas = 10",
            );
            b.constant(field, 0.0)
        }
        RotasSpec::FromTiers => {
            let domains = file
                .organisation
                .get_ref()
                .domains
                .as_ref()
                .map(|d| *d.get_ref() as f64);
            match super::rotas_from_tiers(org.teams, domains, &file.tiers) {
                Ok(n) => b.constant(field, n),
                Err(message) => {
                    b.problem(
                        rotas.span(),
                        field.clone(),
                        message,
                        "add `domains = N` to [organisation]",
                    );
                    b.constant(field, 0.0)
                }
            }
        }
    }
}

type Setup = (Vec<Activity>, Vec<Risk>, Vec<Countermeasure>);

fn setup(b: &mut Builder, prefix: &str, m: &ModelSection, capabilities: &mut Vec<String>) -> Setup {
    let ids = activity_ids(b, prefix, &m.activities);
    // When the activities cannot be ordered (the problem is reported), check the
    // rest in file order so that every other problem is reported too.
    let order = activity_order(b, prefix, &m.activities, &ids)
        .unwrap_or_else(|| (0..m.activities.len()).collect());
    // position of each file index in the topological order
    let mut rank = vec![0; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let mut activities: Vec<Activity> = order
        .iter()
        .map(|&i| activity(b, prefix, i, &m.activities[i], &ids, &rank, capabilities))
        .collect();
    for k in 0..activities.len() {
        for p in activities[k].after.clone() {
            activities[p].followers.push(k);
        }
    }
    let risks = risks(b, prefix, m, &ids, &rank, &mut activities);
    let countermeasures = countermeasures(b, prefix, m, &ids, &rank, &mut activities);
    (activities, risks, countermeasures)
}

fn activity_ids(b: &mut Builder, prefix: &str, written: &[ActivitySection]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (i, a) in written.iter().enumerate() {
        let id = a.id.get_ref();
        if let Some(first) = ids.iter().position(|x| x == id) {
            b.problem(
                a.id.span(),
                format!("{prefix}.activities[{i}].id"),
                format!("duplicate activity id `{id}`: activities[{first}] has it too"),
                "give each activity its own id",
            );
        }
        ids.push(id.clone());
    }
    ids
}

fn activity_order(
    b: &mut Builder,
    prefix: &str,
    written: &[ActivitySection],
    ids: &[String],
) -> Option<Vec<usize>> {
    let mut nodes = Vec::with_capacity(written.len());
    let mut resolved = true;
    for (i, a) in written.iter().enumerate() {
        let mut after = Vec::new();
        for (j, dep) in a.after.iter().enumerate() {
            match ids.iter().position(|id| id == dep.get_ref()) {
                Some(k) if k == i => {
                    b.problem(
                        dep.span(),
                        format!("{prefix}.activities[{i}].after[{j}]"),
                        format!("activity `{}` waits for itself", dep.get_ref()),
                        "remove it from its own `after` list",
                    );
                    resolved = false;
                }
                Some(k) => after.push((k, dep.span())),
                None => {
                    let help = unknown_help(
                        "activity",
                        dep.get_ref(),
                        ids,
                        &format!("{prefix}.activities"),
                    );
                    b.problem(
                        dep.span(),
                        format!("{prefix}.activities[{i}].after[{j}]"),
                        format!("unknown activity `{}`", dep.get_ref()),
                        help,
                    );
                    resolved = false;
                }
            }
        }
        nodes.push(Node {
            id: a.id.get_ref().clone(),
            after,
        });
    }
    if !resolved {
        return None;
    }
    match graph::order(&nodes) {
        Ok(order) => Some(order),
        Err(cycle) => {
            // `ids` lists the cycle so that each waits for the one before it; read
            // backwards, each waits for the next, starting where the span points.
            let mut waits = cycle.ids.iter().rev().map(|id| format!("`{id}`"));
            let first = waits.next().unwrap_or_default();
            let rest: Vec<String> = waits.collect();
            let entry = written[cycle.at]
                .after
                .iter()
                .position(|dep| dep.span() == cycle.span)
                .map_or(String::new(), |j| format!("[{j}]"));
            b.problem(
                cycle.span,
                format!("{prefix}.activities[{}].after{entry}", cycle.at),
                format!(
                    "dependency cycle: {first} waits for {}",
                    rest.join(", which waits for ")
                ),
                "an activity cannot wait for itself, even indirectly: remove one `after` entry of the cycle",
            );
            None
        }
    }
}

fn activity(
    b: &mut Builder,
    prefix: &str,
    index: usize,
    a: &ActivitySection,
    ids: &[String],
    rank: &[usize],
    capabilities: &mut Vec<String>,
) -> Activity {
    let id = a.id.get_ref().clone();
    // Inputs are named by id (reports, random streams); problems by place in the file.
    let at = format!("{prefix}.activities.{id}");
    let field = format!("{prefix}.activities[{index}]");
    let capability = capability(b, &field, &a.capability, capabilities);
    let after = a
        .after
        .iter()
        .filter_map(|dep| ids.iter().position(|x| x == dep.get_ref()).map(|k| rank[k]))
        .collect();
    let effort_fte = a
        .effort_fte
        .iter()
        .map(|(role, fte)| {
            let r = b.role(format!("{field}.effort_fte.{}", role.get_ref()), role);
            (
                r,
                b.input_as(
                    format!("{field}.effort_fte.{}", role.get_ref()),
                    format!("{at}.effort_fte.{}", role.get_ref()),
                    fte,
                    COUNT,
                ),
            )
        })
        .collect();
    Activity {
        name: a.name.clone().unwrap_or_else(|| id.clone()),
        duration_weeks: b.input_as(
            format!("{field}.duration_weeks"),
            format!("{at}.duration_weeks"),
            &a.duration_weeks,
            WEEKS,
        ),
        one_off_cost: b.optional_as(
            format!("{field}.one_off_cost"),
            format!("{at}.one_off_cost"),
            a.one_off_cost.as_ref(),
            0.0,
            MONEY,
        ),
        id,
        capability,
        after,
        followers: Vec::new(),
        effort_fte,
        delays: Vec::new(),
        countermeasures: Vec::new(),
    }
}

fn capability(
    b: &mut Builder,
    at: &str,
    name: &Spanned<String>,
    capabilities: &mut Vec<String>,
) -> usize {
    let n = name.get_ref();
    if let Some(i) = capabilities.iter().position(|c| c == n) {
        return i;
    }
    let gating: Vec<String> = GATING_CAPABILITIES.iter().map(|s| s.to_string()).collect();
    if let Some(best) = closest(n, &gating) {
        b.problem(
            name.span(),
            format!("{at}.capability"),
            format!("unknown capability `{n}`"),
            format!("did you mean `{best}`? (other names are allowed but gate no cost)"),
        );
    }
    capabilities.push(n.clone());
    capabilities.len() - 1
}

/// Resolves a list of activity ids named by a risk or countermeasure.
fn targets(
    b: &mut Builder,
    field: &str,
    names: &Spanned<Vec<Spanned<String>>>,
    ids: &[String],
    rank: &[usize],
    prefix: &str,
) -> Vec<usize> {
    if names.get_ref().is_empty() {
        let help = match ids.first() {
            Some(id) => format!("list the ids of the activities it affects, e.g. [\"{id}\"]"),
            None => format!("add activities to {prefix}.activities first"),
        };
        b.problem(names.span(), field, "names no activity", help);
    }
    names
        .get_ref()
        .iter()
        .enumerate()
        .filter_map(
            |(j, name)| match ids.iter().position(|x| x == name.get_ref()) {
                Some(k) => Some(rank[k]),
                None => {
                    let help = unknown_help(
                        "activity",
                        name.get_ref(),
                        ids,
                        &format!("{prefix}.activities"),
                    );
                    b.problem(
                        name.span(),
                        format!("{field}[{j}]"),
                        format!("unknown activity `{}`", name.get_ref()),
                        help,
                    );
                    None
                }
            },
        )
        .collect()
}

fn unique_id(
    b: &mut Builder,
    field: String,
    id: &Spanned<String>,
    seen: &mut Vec<String>,
    kind: &str,
) {
    if let Some(first) = seen.iter().position(|x| x == id.get_ref()) {
        let list = field.rsplit_once('[').map_or("", |(head, _)| head);
        let list = list.rsplit('.').next().unwrap_or(list).to_string();
        b.problem(
            id.span(),
            field,
            format!(
                "duplicate {kind} id `{}`: {list}[{first}] has it too",
                id.get_ref()
            ),
            format!("give each {kind} its own id"),
        );
    }
    seen.push(id.get_ref().clone());
}

fn risks(
    b: &mut Builder,
    prefix: &str,
    m: &ModelSection,
    ids: &[String],
    rank: &[usize],
    activities: &mut [Activity],
) -> Vec<Risk> {
    let mut seen = Vec::new();
    let mut risks = Vec::new();
    for (i, r) in m.risks.iter().enumerate() {
        unique_id(
            b,
            format!("{prefix}.risks[{i}].id"),
            &r.id,
            &mut seen,
            "risk",
        );
        let at = format!("{prefix}.risks.{}", r.id.get_ref());
        // A fixed or uncertain probability p gives a Bernoulli(E[p]) event: p is used
        // nowhere else, so this has the same law for every output.
        let occurs = match Dist::new(r.probability.get_ref(), FRACTION) {
            Ok(p) => b.derived(
                format!("{at}.occurs"),
                Dist::Bernoulli { p: p.mean() },
                r.probability.span(),
            ),
            Err(e) => {
                b.problem(
                    r.probability.span(),
                    format!("{prefix}.risks[{i}].probability"),
                    e.message,
                    e.help,
                );
                b.constant(format!("{at}.occurs"), 0.0)
            }
        };
        let hit = targets(
            b,
            &format!("{prefix}.risks[{i}].hits"),
            &r.hits,
            ids,
            rank,
            prefix,
        );
        // One written delay, one input per hit activity: check it (and report it) once.
        let delay_ok = match Dist::new(r.delay_weeks.get_ref(), WEEKS) {
            Ok(_) => true,
            Err(e) => {
                b.problem(
                    r.delay_weeks.span(),
                    format!("{prefix}.risks[{i}].delay_weeks"),
                    e.message,
                    e.help,
                );
                false
            }
        };
        for &a in &hit {
            let path = format!("{at}.delay_weeks.{}", activities[a].id);
            let delay = if delay_ok {
                b.input(path, &r.delay_weeks, WEEKS)
            } else {
                b.constant(path, 0.0)
            };
            activities[a].delays.push((risks.len(), delay));
        }
        risks.push(Risk {
            id: r.id.get_ref().clone(),
            name: r.name.clone().unwrap_or_else(|| r.id.get_ref().clone()),
            occurs,
        });
    }
    risks
}

fn countermeasures(
    b: &mut Builder,
    prefix: &str,
    m: &ModelSection,
    ids: &[String],
    rank: &[usize],
    activities: &mut [Activity],
) -> Vec<Countermeasure> {
    let mut seen = Vec::new();
    let mut result = Vec::new();
    for (i, c) in m.countermeasures.iter().enumerate() {
        unique_id(
            b,
            format!("{prefix}.countermeasures[{i}].id"),
            &c.id,
            &mut seen,
            "countermeasure",
        );
        let at = format!("{prefix}.countermeasures.{}", c.id.get_ref());
        let field = format!("{prefix}.countermeasures[{i}]");
        let applies_to = targets(
            b,
            &format!("{prefix}.countermeasures[{i}].applies_to"),
            &c.applies_to,
            ids,
            rank,
            prefix,
        );
        for &a in &applies_to {
            activities[a].countermeasures.push(result.len());
        }
        let effort_days = c
            .effort_days
            .iter()
            .map(|(role, days)| {
                let key = format!("effort_days.{}", role.get_ref());
                let r = b.role(format!("{field}.{key}"), role);
                (
                    r,
                    b.input_as(format!("{field}.{key}"), format!("{at}.{key}"), days, DAYS),
                )
            })
            .collect();
        result.push(Countermeasure {
            id: c.id.get_ref().clone(),
            name: c.name.clone().unwrap_or_else(|| c.id.get_ref().clone()),
            enabled: c.enabled,
            duration_factor: b.input_as(
                format!("{field}.duration_factor"),
                format!("{at}.duration_factor"),
                &c.duration_factor,
                FACTOR,
            ),
            one_off_cost: b.optional_as(
                format!("{field}.one_off_cost"),
                format!("{at}.one_off_cost"),
                c.one_off_cost.as_ref(),
                0.0,
                MONEY,
            ),
            effort_days,
            applies_to,
        });
    }
    result
}
