//! Property tests over generated valid scenarios (proptest). Each case writes a
//! random scenario as TOML text (1-200 services, day rates and incident rates
//! constant or uncertain, 0-12 setup activities forming a random DAG with edges
//! from earlier to later activities only, risks, countermeasures, optional tiers,
//! with or without a transition), loads it and runs 48 iterations (4,099 for
//! the determinism check).
//!
//! Properties: every statistic is finite and every cost and count is >= 0;
//! readiness is never earlier than the longest chain of minimum durations; a
//! countermeasure with factor <= 1 never delays readiness; more standby pay never
//! lowers TCO; the same seed gives the same summary on 1 and 2 threads.
//!
//! Case counts are small so that the file runs in seconds in debug mode;
//! `PROPTEST_CASES=500 cargo test --release --test it properties::` searches
//! harder. A failing case is shrunk and saved in
//! `tests/proptest-regressions/properties.txt` (proptest's place for a module of
//! a test crate whose folder holds a `main.rs`), which is replayed first on every
//! later run: commit it with the fix.

use std::fmt::Write;

use opsim::engine::record::Headline;
use opsim::engine::summary::Summary;
use opsim::engine::{self, RunOptions};
use opsim::scenario;
use opsim::stats::stat::Stat;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

/// Relative tolerance for comparisons that are exact up to floating-point rounding.
const ROUNDING: f64 = 1e-9;

const GATING: [&str; 3] = [
    "deployment-throughput",
    "service-reliability",
    "learning-culture",
];

/// `cases` unless PROPTEST_CASES asks for another number.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

// ---------------------------------------------------------------- quantities

/// A quantity as generated: its TOML form and the ends of its support.
#[derive(Debug, Clone, PartialEq)]
enum Q {
    Const(f64),
    Pert(f64, f64, f64),
    Uniform(f64, f64),
    LogNormal(f64, f64),
}

impl Q {
    fn toml(&self) -> String {
        match self {
            Q::Const(c) => format!("{c:?}"),
            Q::Pert(a, b, c) => format!("[{a:?}, {b:?}, {c:?}]"),
            Q::Uniform(a, b) => format!("{{ uniform = [{a:?}, {b:?}] }}"),
            Q::LogNormal(p5, p95) => format!("{{ lognormal = [{p5:?}, {p95:?}] }}"),
        }
    }

    /// The smallest value a draw can take.
    fn min(&self) -> f64 {
        match self {
            Q::Const(c) => *c,
            Q::Pert(a, _, _) | Q::Uniform(a, _) => *a,
            Q::LogNormal(..) => 0.0,
        }
    }

    /// The largest value a draw can take.
    fn max(&self) -> f64 {
        match self {
            Q::Const(c) => *c,
            Q::Pert(_, _, c) | Q::Uniform(_, c) => *c,
            Q::LogNormal(..) => f64::INFINITY,
        }
    }
}

/// Round to 4 significant-ish decimals so the TOML stays readable in failures.
fn r(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// A constant or a PERT within [lo, hi].
fn bounded(lo: f64, hi: f64) -> impl Strategy<Value = Q> {
    prop_oneof![
        (lo..=hi).prop_map(|c| Q::Const(r(c))),
        (lo..=hi, lo..=hi, lo..=hi).prop_map(|(a, b, c)| {
            let mut v = [r(a), r(b), r(c)];
            v.sort_by(f64::total_cmp);
            Q::Pert(v[0], v[1], v[2])
        }),
    ]
}

/// A constant, a PERT, a uniform or a lognormal, all within [lo, hi] (a
/// lognormal's 90% interval).
fn any_quantity(lo: f64, hi: f64) -> impl Strategy<Value = Q> {
    let lo_positive = lo.max(hi * 1e-3);
    prop_oneof![
        bounded(lo, hi),
        (lo..=hi, lo..=hi).prop_map(|(a, b)| Q::Uniform(r(a.min(b)), r(a.max(b)))),
        (lo_positive..=hi, 1.1..4.0f64).prop_map(|(p5, spread)| {
            let p5 = r(p5).max(1e-4);
            Q::LogNormal(p5, r(p5 * spread).max(p5 + 1e-4))
        }),
    ]
}

/// A PERT duration with min > 0, or a constant > 0.
fn duration() -> impl Strategy<Value = Q> {
    prop_oneof![
        (0.5..20.0f64).prop_map(|c| Q::Const(r(c))),
        (0.5..10.0f64, 0.0..10.0f64, 0.0..20.0f64).prop_map(|(a, d1, d2)| {
            let (a, b) = (r(a), r(a + d1));
            Q::Pert(a, b, r(b + d2).max(b))
        }),
    ]
}

// ---------------------------------------------------------------- scenarios

#[derive(Debug, Clone)]
struct Activity {
    capability: usize,
    duration: Q,
    after: Vec<usize>,
    effort_fte: f64,
    one_off_cost: f64,
}

#[derive(Debug, Clone)]
struct Risk {
    probability: f64,
    hits: Vec<usize>,
    delay: Q,
}

#[derive(Debug, Clone)]
struct Countermeasure {
    enabled: bool,
    applies_to: Vec<usize>,
    factor: Q,
    one_off_cost: f64,
    effort_days: f64,
}

#[derive(Debug, Clone)]
struct Arrangement {
    rotas: Q,
    on_call_at_once: f64,
    people_per_rota: f64,
    standby_pay: Q,
    callout_fee: f64,
    minimum_paid_hours: f64,
    responders: f64,
    out_of_hours: f64,
    time_to_restore: Q,
    follow_up_hours: f64,
    licence_per_user: f64,
    fixed: Q,
    deployment_cap: Option<Q>,
    approval_hours: Q,
    lead_time_days: Q,
    by_tier: bool,
}

#[derive(Debug, Clone)]
struct Tier {
    services: u32,
    on_call: &'static str,
    exposure: Q,
}

#[derive(Debug, Clone)]
struct Spec {
    horizon_months: u32,
    discount: f64,
    services: u32,
    teams: u32,
    domains: u32,
    tiers: Vec<Tier>,
    developer_rate: Q,
    analyst_rate: Q,
    incident_rate: Q,
    wanted_deployments: Q,
    cost_of_delay: f64,
    ops: Arrangement,
    new: Arrangement,
    transition: bool,
    improvement: Option<Q>,
    activities: Vec<Activity>,
    risks: Vec<Risk>,
    countermeasures: Vec<Countermeasure>,
}

fn arrangement() -> impl Strategy<Value = Arrangement> {
    (
        (
            bounded(0.0, 12.0),
            1.0..3.0f64,
            1.0..10.0f64,
            bounded(0.0, 600.0),
            0.0..100.0f64,
            0.0..3.0f64,
            1.0..3.0f64,
            0.0..1.0f64,
        ),
        (
            any_quantity(0.1, 24.0),
            0.0..8.0f64,
            0.0..50.0f64,
            bounded(0.0, 40_000.0),
            prop::option::of(bounded(0.0, 8.0)),
            bounded(0.0, 6.0),
            bounded(0.0, 10.0),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (rotas, at_once, people, standby, fee, minimum, responders, ooh),
                (ttr, follow_up, per_user, fixed, cap, approval, lead, by_tier),
            )| Arrangement {
                rotas,
                on_call_at_once: r(at_once),
                people_per_rota: r(people),
                standby_pay: standby,
                callout_fee: r(fee),
                minimum_paid_hours: r(minimum),
                responders: r(responders),
                out_of_hours: r(ooh),
                time_to_restore: ttr,
                follow_up_hours: r(follow_up),
                licence_per_user: r(per_user),
                fixed,
                deployment_cap: cap,
                approval_hours: approval,
                lead_time_days: lead,
                by_tier,
            },
        )
}

fn tiers() -> impl Strategy<Value = Vec<Tier>> {
    prop_oneof![
        Just(Vec::new()),
        prop::collection::vec(
            (
                0u32..80,
                prop::sample::select(vec!["none", "domain", "team"]),
                bounded(0.0, 2000.0),
            )
                .prop_map(|(services, on_call, exposure)| Tier {
                    services,
                    on_call,
                    exposure,
                }),
            1..4,
        )
        .prop_map(|mut tiers| {
            if tiers.iter().all(|t| t.services == 0) {
                tiers[0].services = 1;
            }
            tiers
        }),
    ]
}

/// Indices below `n` whose bit is set in `mask`.
fn subset(mask: u32, n: usize) -> Vec<usize> {
    (0..n).filter(|&j| mask & (1 << j) != 0).collect()
}

/// A non-empty subset of 0..n (n > 0).
fn non_empty_subset(mask: u32, n: usize) -> Vec<usize> {
    let s = subset(mask, n);
    if s.is_empty() {
        vec![mask as usize % n]
    } else {
        s
    }
}

fn activities(n: usize) -> impl Strategy<Value = Vec<Activity>> {
    prop::collection::vec(
        (
            0..GATING.len(),
            duration(),
            any::<u32>(),
            any::<u32>(),
            0.0..3.0f64,
            0.0..20_000.0f64,
        ),
        n,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(
                |(k, (capability, duration, m1, m2, effort, cost))| Activity {
                    capability,
                    duration,
                    // About one earlier activity in four.
                    after: subset(m1 & m2, k),
                    effort_fte: r(effort),
                    one_off_cost: r(cost),
                },
            )
            .collect()
    })
}

fn risks(n: usize) -> impl Strategy<Value = Vec<Risk>> {
    let count = if n == 0 { 0..1 } else { 0..3 };
    prop::collection::vec(
        (0.0..=1.0f64, any::<u32>(), bounded(0.0, 10.0)).prop_map(move |(p, mask, delay)| Risk {
            probability: r(p),
            hits: non_empty_subset(mask, n.max(1)),
            delay,
        }),
        count,
    )
}

/// A duration factor: mostly below 1 (a speed-up), sometimes above.
fn factor() -> impl Strategy<Value = Q> {
    prop_oneof![3 => bounded(0.05, 1.0), 1 => bounded(0.05, 2.0)]
}

fn countermeasures(n: usize) -> impl Strategy<Value = Vec<Countermeasure>> {
    let count = if n == 0 { 0..1 } else { 0..3 };
    prop::collection::vec(
        (
            any::<bool>(),
            any::<u32>(),
            factor(),
            0.0..10_000.0f64,
            0.0..20.0f64,
        )
            .prop_map(move |(enabled, mask, factor, cost, days)| Countermeasure {
                enabled,
                applies_to: non_empty_subset(mask, n.max(1)),
                factor,
                one_off_cost: r(cost),
                effort_days: r(days),
            }),
        count,
    )
}

fn spec() -> impl Strategy<Value = Spec> {
    spec_within(36, 2.0)
}

/// Scenarios of at most `horizon` months and `rate` incidents per service per month.
fn spec_within(horizon: u32, rate: f64) -> impl Strategy<Value = Spec> {
    let organisation = (
        1u32..=horizon,
        prop_oneof![Just(0.0), -0.2..0.3f64],
        1u32..=200,
        1u32..=40,
        1u32..=6,
        tiers(),
        bounded(300.0, 900.0),
        bounded(150.0, 500.0),
        prop_oneof![bounded(0.0, rate), any_quantity(rate / 100.0, rate * 0.75)],
        bounded(0.0, 20.0),
        0.0..200.0f64,
    );
    let models = (
        arrangement(),
        arrangement(),
        any::<bool>(),
        prop::option::of(bounded(0.0, 0.5)),
    );
    let setup = (0usize..=12).prop_flat_map(|n| (activities(n), risks(n), countermeasures(n)));
    (organisation, models, setup).prop_map(
        |(
            (horizon, discount, services, teams, domains, tiers, dev, analyst, rate, wanted, delay),
            (ops, new, transition, improvement),
            (activities, risks, countermeasures),
        )| Spec {
            horizon_months: horizon,
            discount: r(discount),
            services,
            teams,
            domains,
            tiers,
            developer_rate: dev,
            analyst_rate: analyst,
            incident_rate: rate,
            wanted_deployments: wanted,
            cost_of_delay: r(delay),
            ops,
            new,
            transition,
            improvement,
            activities,
            risks,
            countermeasures,
        },
    )
}

fn write_arrangement(out: &mut String, id: &str, a: &Arrangement, role: &str, tiers: bool) {
    let _ = writeln!(out, "[models.{id}.on_call]");
    let _ = writeln!(out, "rotas = {}", a.rotas.toml());
    let _ = writeln!(out, "on_call_at_once = {:?}", a.on_call_at_once);
    let _ = writeln!(out, "people_per_rota = {:?}", a.people_per_rota);
    let _ = writeln!(out, "standby_pay_per_week = {}", a.standby_pay.toml());
    let _ = writeln!(out, "callout_fee = {:?}", a.callout_fee);
    let _ = writeln!(out, "minimum_paid_hours = {:?}", a.minimum_paid_hours);
    let _ = writeln!(out, "role = \"{role}\"");
    let _ = writeln!(out, "responders_per_incident = {:?}", a.responders);
    if tiers && a.by_tier {
        let _ = writeln!(out, "cover = \"by-tier\"");
    }
    let _ = writeln!(out, "[models.{id}.incidents]");
    let _ = writeln!(out, "out_of_hours_probability = {:?}", a.out_of_hours);
    let _ = writeln!(out, "time_to_restore_hours = {}", a.time_to_restore.toml());
    let _ = writeln!(
        out,
        "follow_up_hours_per_incident = {:?}",
        a.follow_up_hours
    );
    let _ = writeln!(out, "[models.{id}.licences]");
    let _ = writeln!(out, "per_user_per_month = {:?}", a.licence_per_user);
    let _ = writeln!(out, "[models.{id}.changes]");
    if let Some(cap) = &a.deployment_cap {
        let _ = writeln!(
            out,
            "deployments_cap_per_service_per_month = {}",
            cap.toml()
        );
    }
    let _ = writeln!(
        out,
        "approval_hours_per_change = {}",
        a.approval_hours.toml()
    );
    let _ = writeln!(out, "approval_role = \"analyst\"");
    let _ = writeln!(out, "lead_time_days = {}", a.lead_time_days.toml());
    let _ = writeln!(out, "[models.{id}.fixed_per_month]");
    let _ = writeln!(out, "team = {}", a.fixed.toml());
}

impl Spec {
    fn toml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "[scenario]");
        let _ = writeln!(out, "name = \"generated\"");
        let _ = writeln!(out, "horizon_months = {}", self.horizon_months);
        let _ = writeln!(out, "discount_rate_per_year = {:?}", self.discount);
        let _ = writeln!(out, "baseline = \"ops\"");
        let _ = writeln!(out, "[organisation]");
        if self.tiers.is_empty() {
            let _ = writeln!(out, "services = {}", self.services);
        }
        let _ = writeln!(out, "teams = {}", self.teams);
        let _ = writeln!(out, "domains = {}", self.domains);
        let _ = writeln!(
            out,
            "incident_rate_per_service_per_month = {}",
            self.incident_rate.toml()
        );
        let _ = writeln!(
            out,
            "wanted_deployments_per_service_per_month = {}",
            self.wanted_deployments.toml()
        );
        let _ = writeln!(
            out,
            "cost_of_delay_per_change_day = {:?}",
            self.cost_of_delay
        );
        let _ = writeln!(out, "[organisation.day_rates]");
        let _ = writeln!(out, "developer = {}", self.developer_rate.toml());
        let _ = writeln!(out, "analyst = {}", self.analyst_rate.toml());
        for (i, t) in self.tiers.iter().enumerate() {
            let _ = writeln!(out, "[[tiers]]");
            let _ = writeln!(out, "id = \"t{i}\"");
            let _ = writeln!(out, "services = {}", t.services);
            let _ = writeln!(out, "on_call = \"{}\"", t.on_call);
            let _ = writeln!(out, "exposure_per_hour = {}", t.exposure.toml());
        }
        let tiers = !self.tiers.is_empty();
        write_arrangement(&mut out, "ops", &self.ops, "analyst", tiers);
        let _ = writeln!(out, "[models.new]");
        if self.transition {
            let _ = writeln!(out, "transition_from = \"ops\"");
        }
        if let Some(i) = &self.improvement {
            let _ = writeln!(out, "incident_rate_improvement_per_year = {}", i.toml());
        }
        write_arrangement(&mut out, "new", &self.new, "developer", tiers);
        for (k, a) in self.activities.iter().enumerate() {
            let _ = writeln!(out, "[[models.new.activities]]");
            let _ = writeln!(out, "id = \"a{k}\"");
            let _ = writeln!(out, "capability = \"{}\"", GATING[a.capability]);
            let _ = writeln!(out, "duration_weeks = {}", a.duration.toml());
            let _ = writeln!(out, "after = [{}]", ids("a", &a.after));
            let _ = writeln!(out, "effort_fte = {{ developer = {:?} }}", a.effort_fte);
            let _ = writeln!(out, "one_off_cost = {:?}", a.one_off_cost);
        }
        for (i, risk) in self.risks.iter().enumerate() {
            let _ = writeln!(out, "[[models.new.risks]]");
            let _ = writeln!(out, "id = \"r{i}\"");
            let _ = writeln!(out, "probability = {:?}", risk.probability);
            let _ = writeln!(out, "hits = [{}]", ids("a", &risk.hits));
            let _ = writeln!(out, "delay_weeks = {}", risk.delay.toml());
        }
        for (i, c) in self.countermeasures.iter().enumerate() {
            let _ = writeln!(out, "[[models.new.countermeasures]]");
            let _ = writeln!(out, "id = \"c{i}\"");
            let _ = writeln!(out, "enabled = {}", c.enabled);
            let _ = writeln!(out, "applies_to = [{}]", ids("a", &c.applies_to));
            let _ = writeln!(out, "duration_factor = {}", c.factor.toml());
            let _ = writeln!(out, "one_off_cost = {:?}", c.one_off_cost);
            let _ = writeln!(out, "effort_days = {{ analyst = {:?} }}", c.effort_days);
        }
        out
    }

    /// Earliest possible finish of each activity: every duration at its minimum,
    /// times the minimum factor of each enabled countermeasure applying to it;
    /// risk delays (>= 0) left out. Activities come in dependency order.
    fn earliest_finishes(&self) -> Vec<f64> {
        let mut finish: Vec<f64> = Vec::with_capacity(self.activities.len());
        for (k, a) in self.activities.iter().enumerate() {
            let mut duration = a.duration.min();
            for c in &self.countermeasures {
                if c.enabled && c.applies_to.contains(&k) {
                    duration *= c.factor.min();
                }
            }
            let start = a.after.iter().map(|&j| finish[j]).fold(0.0, f64::max);
            finish.push(start + duration);
        }
        finish
    }
}

fn ids(prefix: &str, indices: &[usize]) -> String {
    indices
        .iter()
        .map(|i| format!("\"{prefix}{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn run(text: &str, iterations: u64, seed: u64, threads: usize) -> Summary {
    let model = scenario::load("generated.toml", text)
        .unwrap_or_else(|e| panic!("a generated scenario is valid:\n{e}\n{text}"));
    engine::run(
        &model,
        RunOptions {
            iterations,
            seed,
            threads,
        },
        &|_| {},
    )
    .expect("run")
}

// ---------------------------------------------------------------- checks

fn stat_finite(s: &Stat, what: &str) -> Result<(), TestCaseError> {
    let values = [
        s.mean,
        s.se,
        s.sd,
        s.min,
        s.max,
        s.p5,
        s.p10,
        s.p50,
        s.p90,
        s.p95,
        s.histogram.lower,
        s.histogram.bin_width,
    ];
    prop_assert!(
        values.iter().all(|v| v.is_finite()),
        "{what}: a statistic is not finite: {s:?}"
    );
    prop_assert!(s.se >= 0.0 && s.sd >= 0.0, "{what}: negative spread: {s:?}");
    prop_assert!(
        s.min <= s.p5 && s.p5 <= s.p10 && s.p10 <= s.p50 && s.p50 <= s.p90,
        "{what}: quantiles out of order: {s:?}"
    );
    prop_assert!(
        s.p90 <= s.p95 && s.p95 <= s.max,
        "{what}: quantiles out of order: {s:?}"
    );
    prop_assert!(
        s.min <= s.mean * (1.0 + ROUNDING) + 1e-9 && s.mean <= s.max * (1.0 + ROUNDING) + 1e-9,
        "{what}: mean outside [min, max]: {s:?}"
    );
    Ok(())
}

fn stat_non_negative(s: &Stat, what: &str) -> Result<(), TestCaseError> {
    stat_finite(s, what)?;
    prop_assert!(s.min >= 0.0, "{what}: negative minimum: {s:?}");
    Ok(())
}

fn check_summary(summary: &Summary) -> Result<(), TestCaseError> {
    for m in &summary.models {
        for (name, s) in &m.headlines {
            stat_non_negative(s, &format!("{}.{name}", m.id))?;
        }
        for (name, s) in m
            .run_cost_by_component
            .iter()
            .chain(&m.opportunity_cost_by_component)
        {
            stat_non_negative(s, &format!("{}.{name}", m.id))?;
        }
        for (name, s) in &m.readiness_weeks {
            stat_non_negative(s, &format!("{}.readiness.{name}", m.id))?;
        }
        for a in &m.activities {
            stat_non_negative(&a.start_weeks, &format!("{}.{}.start", m.id, a.id))?;
            stat_non_negative(&a.finish_weeks, &format!("{}.{}.finish", m.id, a.id))?;
            prop_assert!(
                (0.0..=1.0).contains(&a.criticality),
                "{}.{}: criticality {}",
                m.id,
                a.id,
                a.criticality
            );
        }
        for month in &m.monthly {
            for (what, band) in [
                ("run_cost", &month.run_cost),
                ("cumulative_cost", &month.cumulative_cost),
            ] {
                let values = [band.mean, band.p10, band.p50, band.p90];
                prop_assert!(
                    values.iter().all(|v| v.is_finite() && *v >= 0.0),
                    "{}.monthly[{}].{what}: {band:?}",
                    m.id,
                    month.month
                );
            }
        }
    }
    for c in &summary.comparisons {
        for (name, s) in &c.differences {
            stat_finite(s, &format!("{}.{name}", c.id))?;
        }
        prop_assert!((0.0..=1.0).contains(&c.probability_cheaper));
        prop_assert!(c.probability_cheaper_se.is_finite());
    }
    Ok(())
}

/// `a <= b` up to rounding.
fn at_most(a: f64, b: f64) -> bool {
    a <= b + ROUNDING * b.abs().max(a.abs()).max(1.0)
}

fn readiness<'a>(summary: &'a Summary, model: &str, capability: &str) -> &'a Stat {
    summary
        .model(model)
        .and_then(|m| m.readiness(capability))
        .expect("readiness is reported")
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(config(24))]

    /// Every statistic is finite; costs, counts, readiness and times are >= 0.
    #[test]
    fn statistics_are_finite_and_costs_non_negative(spec in spec(), seed in any::<u32>()) {
        let summary = run(&spec.toml(), 48, u64::from(seed), 1);
        check_summary(&summary)?;
    }

    /// Each capability's readiness, and overall readiness, is never earlier than
    /// the longest chain of minimum durations leading to its activities.
    #[test]
    fn readiness_is_at_least_the_longest_chain_of_minimum_durations(
        spec in spec(),
        seed in any::<u32>(),
    ) {
        let summary = run(&spec.toml(), 48, u64::from(seed), 1);
        let finish = spec.earliest_finishes();
        let all = finish.iter().copied().fold(0.0, f64::max);
        let got = readiness(&summary, "new", "all").min;
        prop_assert!(at_most(all, got), "overall readiness min {got} < bound {all}");
        for (c, name) in GATING.iter().enumerate() {
            let bound = spec
                .activities
                .iter()
                .zip(&finish)
                .filter(|(a, _)| a.capability == c)
                .map(|(_, f)| *f)
                .fold(0.0, f64::max);
            let got = readiness(&summary, "new", name).min;
            prop_assert!(at_most(bound, got), "{name} readiness min {got} < bound {bound}");
        }
    }

    /// Switching on a countermeasure whose factor never exceeds 1 never delays
    /// any readiness (paired runs: same scenario, same seed, same draws).
    #[test]
    fn a_countermeasure_with_factor_at_most_one_never_delays_readiness(
        mut spec in spec().prop_filter("has activities", |s| !s.activities.is_empty()),
        mask in any::<u32>(),
        factor in bounded(0.0, 1.0),
        seed in any::<u32>(),
    ) {
        prop_assert!(factor.max() <= 1.0);
        let applies_to = non_empty_subset(mask, spec.activities.len());
        spec.countermeasures.push(Countermeasure {
            enabled: false,
            applies_to,
            factor,
            one_off_cost: 1000.0,
            effort_days: 2.0,
        });
        let off = run(&spec.toml(), 48, u64::from(seed), 1);
        spec.countermeasures.last_mut().expect("pushed").enabled = true;
        let on = run(&spec.toml(), 48, u64::from(seed), 1);
        for name in GATING.iter().chain(["all"].iter()) {
            let (a, b) = (readiness(&on, "new", name), readiness(&off, "new", name));
            prop_assert!(at_most(a.min, b.min), "{name} min: on {} > off {}", a.min, b.min);
            prop_assert!(at_most(a.mean, b.mean), "{name} mean: on {} > off {}", a.mean, b.mean);
            prop_assert!(at_most(a.max, b.max), "{name} max: on {} > off {}", a.max, b.max);
        }
    }

    /// Paying more for standby never lowers any model's TCO (paired runs: a
    /// constant standby pay s against s + delta for one model, same seed).
    #[test]
    fn more_standby_pay_never_lowers_tco(
        mut spec in spec(),
        baseline in any::<bool>(),
        s in 0.0..600.0f64,
        delta in 0.01..300.0f64,
        seed in any::<u32>(),
    ) {
        let standby = |spec: &mut Spec, pay: f64| {
            let model = if baseline { &mut spec.ops } else { &mut spec.new };
            model.standby_pay = Q::Const(pay);
        };
        standby(&mut spec, r(s));
        let low = run(&spec.toml(), 48, u64::from(seed), 1);
        standby(&mut spec, r(s) + r(delta).max(1e-4));
        let high = run(&spec.toml(), 48, u64::from(seed), 1);
        for (lo, hi) in low.models.iter().zip(&high.models) {
            let (a, b) = (lo.headline(Headline::Tco), hi.headline(Headline::Tco));
            prop_assert!(at_most(a.min, b.min), "{} TCO min {} -> {}", lo.id, a.min, b.min);
            prop_assert!(at_most(a.mean, b.mean), "{} TCO mean {} -> {}", lo.id, a.mean, b.mean);
            prop_assert!(at_most(a.max, b.max), "{} TCO max {} -> {}", lo.id, a.max, b.max);
        }
    }
}

proptest! {
    #![proptest_config(config(4))]

    /// The same seed gives the same summary, on 1 thread and on 2 (more than two
    /// chunks of iterations, so the chunks are split between the threads). Short
    /// horizons and few incidents keep the 4,099 iterations quick.
    #[test]
    fn the_same_seed_gives_the_same_summary(spec in spec_within(6, 0.1), seed in any::<u64>()) {
        let text = spec.toml();
        let iterations = 2 * engine::CHUNK_ITERATIONS + 3;
        let one = run(&text, iterations, seed, 1);
        let two = run(&text, iterations, seed, 2);
        prop_assert!(one == two, "1 and 2 threads differ for seed {seed}");
        prop_assert_eq!(one.seed, seed);
    }
}
