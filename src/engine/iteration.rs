//! One iteration: a pure function of the compiled model, the iteration's seed and
//! scratch space, writing into a preallocated [`Record`]. No I/O, locks, strings,
//! maps or allocation happen here.
//!
//! Order of work: draw every per-iteration input; for each model, schedule its
//! setup activities (readiness, setup cost, criticality), plan its months (the
//! new arrangement's shares and the incident rate), draw all its incident counts
//! at once (four at a time, [`PoissonLanes`]), then walk the horizon month by
//! month, pricing the old and the new arrangement by their shares of the month
//! (`super::pricing`), with times to restore drawn as they are needed,
//! ahead as far as the counts say ([`super::restore::Restore`]), each
//! arrangement tallying what it priced; its totals by component come from the
//! tallies after the last month. Finally compare each model with the baseline.

use super::calendar::Calendar;
use super::pricing::{Draws, MonthCost, Priced, Totals, changes_month, on_call_month};
use super::record::{Headline, Layout, Record};
use crate::model::{
    Arrangement, DAYS_PER_WEEK, DEPLOYMENT_THROUGHPUT, Input, LEARNING_CULTURE, Model,
    SERVICE_RELIABILITY,
};
use crate::sample::dist::Dist;
use crate::sample::exp::exp;
use crate::sample::lanes::has_avx2;
use crate::sample::lognormal::LognormalLanes;
use crate::sample::poisson::PoissonLanes;
use crate::sample::rng::{Arranged, event_stream, input_stream, restore_lanes_seed};

/// Working memory for iterations, sized once per chunk.
#[derive(Debug, Clone)]
pub struct Scratch {
    pub inputs: Vec<f64>,
    pub(super) hourly_rate: Vec<f64>,
    duration_weeks: Vec<f64>,
    start_weeks: Vec<f64>,
    finish_weeks: Vec<f64>,
    setup_monthly: Vec<f64>,
    month_plans: Vec<MonthPlan>,
    /// Means of a model's incident counts, in the order its months use them,
    /// whether each is the new arrangement's, and the counts drawn for them.
    count_means: Vec<f64>,
    count_is_new: Vec<bool>,
    counts: Vec<u64>,
    /// Lanes for the times to restore of a model's old and new arrangement,
    /// reset for each (see [`super::restore::Restore`]).
    restore_lanes: Vec<LognormalLanes>,
}

impl Scratch {
    pub fn new(model: &Model) -> Scratch {
        let activities = model
            .models
            .iter()
            .map(|m| m.activities.len())
            .max()
            .unwrap_or(0);
        Scratch {
            inputs: vec![0.0; model.inputs.len()],
            hourly_rate: vec![0.0; model.roles.len()],
            duration_weeks: vec![0.0; activities],
            start_weeks: vec![0.0; activities],
            finish_weeks: vec![0.0; activities],
            setup_monthly: vec![0.0; model.meta.horizon_months],
            month_plans: vec![MonthPlan::default(); model.meta.horizon_months],
            count_means: vec![0.0; counts_per_model(model)],
            count_is_new: vec![false; counts_per_model(model)],
            counts: vec![0; counts_per_model(model)],
            restore_lanes: vec![LognormalLanes::new(0.0, 1.0, None, 0, 0); 2],
        }
    }
}

/// The most incident counts a model draws in an iteration: in and out of hours,
/// per tier, for up to two arrangements a month.
fn counts_per_model(model: &Model) -> usize {
    model.meta.horizon_months * 2 * model.tiers.len() * 2
}

/// Runs one iteration.
pub fn simulate(
    model: &Model,
    calendar: &Calendar,
    layout: &Layout,
    iteration_seed: u64,
    scratch: &mut Scratch,
    record: &mut Record,
) {
    prepare(model, iteration_seed, scratch);
    for m in 0..model.models.len() {
        simulate_one(model, calendar, layout, iteration_seed, m, scratch, record);
    }
    compare(model, layout, record);
}

/// Runs one iteration of model `m` alone, with no comparison: the same numbers
/// for `m` as [`simulate`] writes, at a fraction of the cost. Paired runs of a
/// variant of one model (a countermeasure switched off) need nothing more.
pub fn simulate_model(
    model: &Model,
    calendar: &Calendar,
    layout: &Layout,
    iteration_seed: u64,
    m: usize,
    scratch: &mut Scratch,
    record: &mut Record,
) {
    prepare(model, iteration_seed, scratch);
    simulate_one(model, calendar, layout, iteration_seed, m, scratch, record);
}

/// Draws the inputs and derives the hourly rates every model shares.
fn prepare(model: &Model, iteration_seed: u64, scratch: &mut Scratch) {
    draw_inputs(model, iteration_seed, &mut scratch.inputs);
    let hours_per_day = model.hours_per_day();
    for (role, &input) in model.role_day_rate.iter().enumerate() {
        scratch.hourly_rate[role] = scratch.inputs[input] / hours_per_day;
    }
}

/// Schedules model `m`'s setup and prices its months: compiled for AVX2 as
/// well, which runs where the CPU has it (see [`simulate_one_avx2`]).
fn simulate_one(
    model: &Model,
    calendar: &Calendar,
    layout: &Layout,
    iteration_seed: u64,
    m: usize,
    scratch: &mut Scratch,
    record: &mut Record,
) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has AVX2, the only requirement of `simulate_one_avx2`.
        unsafe { simulate_one_avx2(model, calendar, layout, iteration_seed, m, scratch, record) };
        return;
    }
    simulate_one_here(model, calendar, layout, iteration_seed, m, scratch, record);
}

/// [`simulate_one_here`] compiled for AVX2: the same operations on the same
/// values (Rust fuses no multiply and add unless asked), so the same bits, in
/// fewer instructions; and the sums' reading of the lognormal lanes' totals
/// (`LognormalLanes::two_sums`) inlined with AVX2's permutation.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn simulate_one_avx2(
    model: &Model,
    calendar: &Calendar,
    layout: &Layout,
    iteration_seed: u64,
    m: usize,
    scratch: &mut Scratch,
    record: &mut Record,
) {
    simulate_one_here(model, calendar, layout, iteration_seed, m, scratch, record);
}

/// Schedules model `m`'s setup and prices its months, compiled for the
/// caller's CPU features: everything down to the month's sums is inlined.
#[inline(always)]
fn simulate_one_here(
    model: &Model,
    calendar: &Calendar,
    layout: &Layout,
    iteration_seed: u64,
    m: usize,
    scratch: &mut Scratch,
    record: &mut Record,
) {
    let setup = schedule(model, m, calendar, layout, scratch, record);
    run_months(
        model,
        m,
        calendar,
        layout,
        iteration_seed,
        scratch,
        record,
        setup,
    );
}

/// Draws every input from its own stream (constants cost nothing).
pub fn draw_inputs(model: &Model, iteration_seed: u64, inputs: &mut [f64]) {
    for (value, input) in inputs.iter_mut().zip(&model.inputs) {
        *value = draw_input(input, iteration_seed);
    }
}

/// One input's value in the iteration with this seed: the same number
/// [`draw_inputs`] gives it, whatever the other inputs are.
#[inline]
pub fn draw_input(input: &Input, iteration_seed: u64) -> f64 {
    match &input.dist {
        Dist::Constant(c) => *c,
        dist => dist.sample(&mut input_stream(iteration_seed, input.stream_key)),
    }
}

/// Setup cost of a model in one iteration: its total and its present value.
#[derive(Debug, Clone, Copy, Default)]
struct SetupCost {
    total: f64,
    npv: f64,
}

/// Schedules a model's activities; writes readiness, starts, finishes and on-path
/// flags; spreads setup cost over the running weeks into `scratch.setup_monthly`.
#[inline(always)]
fn schedule(
    model: &Model,
    m: usize,
    calendar: &Calendar,
    layout: &Layout,
    s: &mut Scratch,
    record: &mut Record,
) -> SetupCost {
    let om = &model.models[m];
    let x = &s.inputs;
    for c in 0..layout.capabilities {
        record.scalars[layout.readiness(m, c)] = 0.0;
    }
    let mut overall = 0.0_f64;
    for (k, a) in om.activities.iter().enumerate() {
        let mut duration = x[a.duration_weeks];
        for &c in &a.countermeasures {
            let cm = &om.countermeasures[c];
            if cm.enabled {
                duration *= x[cm.duration_factor];
            }
        }
        for &(risk, delay) in &a.delays {
            if x[om.risks[risk].occurs] > 0.5 {
                duration += x[delay];
            }
        }
        let start = a
            .after
            .iter()
            .map(|&p| s.finish_weeks[p])
            .fold(0.0, f64::max);
        s.duration_weeks[k] = duration;
        s.start_weeks[k] = start;
        s.finish_weeks[k] = start + duration;
        let ready = &mut record.scalars[layout.readiness(m, a.capability)];
        *ready = ready.max(start + duration);
        overall = overall.max(start + duration);
        record.scalars[layout.activity_start(m, k)] = start;
        record.scalars[layout.activity_finish(m, k)] = start + duration;
    }
    record.scalars[layout.headline(m, Headline::ReadinessAllWeeks)] = overall;
    mark_longest_path(model, m, layout, s, record, overall);
    setup_cost(model, m, calendar, s)
}

/// An activity is on the longest path if it finishes at overall readiness, or it
/// precedes an on-path activity whose start equals its finish.
#[inline(always)]
fn mark_longest_path(
    model: &Model,
    m: usize,
    layout: &Layout,
    s: &Scratch,
    record: &mut Record,
    overall: f64,
) {
    let om = &model.models[m];
    let base = layout.path_base[m];
    for k in (0..om.activities.len()).rev() {
        let finish = s.finish_weeks[k];
        let on = finish == overall
            || om.activities[k]
                .followers
                .iter()
                .any(|&j| record.on_path[base + j] && s.start_weeks[j] == finish);
        record.on_path[base + k] = on;
    }
}

#[inline(always)]
fn setup_cost(model: &Model, m: usize, calendar: &Calendar, s: &mut Scratch) -> SetupCost {
    let om = &model.models[m];
    let x = &s.inputs;
    s.setup_monthly.fill(0.0);
    let mut cost = SetupCost::default();
    for (k, a) in om.activities.iter().enumerate() {
        let weekly: f64 = a
            .effort_fte
            .iter()
            .map(|&(role, fte)| x[fte] * DAYS_PER_WEEK * x[model.role_day_rate[role]])
            .sum();
        let activity_cost = s.duration_weeks[k] * weekly + x[a.one_off_cost];
        spread(
            calendar,
            s.start_weeks[k],
            s.finish_weeks[k],
            activity_cost,
            &mut s.setup_monthly,
            &mut cost,
        );
    }
    for cm in om.countermeasures.iter().filter(|c| c.enabled) {
        let effort: f64 = cm
            .effort_days
            .iter()
            .map(|&(role, days)| x[days] * x[model.role_day_rate[role]])
            .sum();
        let share = (x[cm.one_off_cost] + effort) / cm.applies_to.len().max(1) as f64;
        for &k in &cm.applies_to {
            spread(
                calendar,
                s.start_weeks[k],
                s.finish_weeks[k],
                share,
                &mut s.setup_monthly,
                &mut cost,
            );
        }
    }
    cost
}

/// Spreads `amount` evenly over weeks [start, finish) into months; months beyond
/// the horizon count in the total and the NPV but not in the monthly series, and
/// are summed in closed form so that a very long activity costs no more time.
fn spread(
    calendar: &Calendar,
    start: f64,
    finish: f64,
    amount: f64,
    monthly: &mut [f64],
    cost: &mut SetupCost,
) {
    if amount == 0.0 {
        return;
    }
    let mut add = |month: usize, value: f64| {
        if let Some(slot) = monthly.get_mut(month) {
            *slot += value;
        }
        cost.total += value;
        cost.npv += value * calendar.discount_factor(month);
    };
    let first = calendar.month_of_week(start);
    if finish <= start {
        add(first, amount);
        return;
    }
    let per_week = amount / (finish - start);
    let horizon_end = calendar.month_start_weeks[calendar.horizon_months];
    let mut month = first;
    while month < calendar.horizon_months {
        let (a, b) = (calendar.start_weeks(month), calendar.start_weeks(month + 1));
        let overlap = finish.min(b) - start.max(a);
        if overlap > 0.0 {
            add(month, overlap * per_week);
        }
        if b >= finish {
            return;
        }
        month += 1;
    }
    let beyond = start.max(horizon_end);
    cost.total += (finish - beyond) * per_week;
    cost.npv += per_week * calendar.discounted_weeks(beyond, finish);
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn run_months(
    model: &Model,
    m: usize,
    calendar: &Calendar,
    layout: &Layout,
    iteration_seed: u64,
    s: &mut Scratch,
    record: &mut Record,
    setup: SetupCost,
) {
    let om = &model.models[m];
    let x = &s.inputs;
    let new = &om.arrangement;
    let old = om.transition_from.map(|b| &model.models[b].arrangement);
    let ready = |c: usize| record.scalars[layout.readiness(m, c)];
    let (ready_deploy, ready_reliability, ready_learning) = (
        ready(DEPLOYMENT_THROUGHPUT),
        ready(SERVICE_RELIABILITY),
        ready(LEARNING_CULTURE),
    );
    let improvement = om.improvement_per_year.map_or(0.0, |i| x[i]);
    // ln(1 - improvement), once: each month's factor is then one `exp`.
    let log_keep_per_year = libm::log1p(-improvement);
    let incident_rate = x[model.organisation.incident_rate_per_service_per_month];
    for (month, plan) in s.month_plans.iter_mut().enumerate() {
        let share_after = |ready_weeks| match old {
            Some(_) => calendar.share_after(month, ready_weeks),
            None => 1.0,
        };
        let factor = improvement_factor(calendar, month, ready_learning, log_keep_per_year);
        *plan = MonthPlan {
            new_reliability: share_after(ready_reliability),
            new_deploy: share_after(ready_deploy),
            incident_rate_per_service: incident_rate * factor,
        };
    }
    let mut events = event_stream(iteration_seed, om.event_stream_key);
    let lanes_seed = |arranged| restore_lanes_seed(iteration_seed, om.event_stream_key, arranged);
    let counts = count_means(
        model,
        old,
        new,
        &s.month_plans,
        x,
        &mut s.count_means,
        &mut s.count_is_new,
    );
    PoissonLanes::new(lanes_seed(Arranged::Counts)).counts(
        &mut events,
        &s.count_means[..counts],
        &mut s.counts[..counts],
    );
    // The lanes leave the scratch space while it is read (taking a Vec moves no
    // element and allocates nothing), and return to it after.
    let mut restore_lanes = std::mem::take(&mut s.restore_lanes);
    let [lanes_old, lanes_new] = &mut restore_lanes[..] else {
        unreachable!("Scratch::new makes two lanes")
    };
    let s_read = &*s;
    let (incidents_old, incidents_new) = incidents(&s_read.counts[..counts], &s_read.count_is_new);
    let draws = Draws {
        events,
        counts: s_read.counts[..counts].iter(),
    };
    let priced = |a, arranged, incidents, lanes| {
        Priced::new(model, a, s_read, lanes_seed(arranged), incidents, lanes)
    };
    let old = old.map(|a| priced(a, Arranged::From, incidents_old, lanes_old));
    let new = priced(new, Arranged::Own, incidents_new, lanes_new);
    price_months(
        model, m, calendar, layout, s_read, record, setup, old, new, draws,
    );
    s.restore_lanes = restore_lanes;
}

/// Prices a model's months, old and new arrangement by their shares, and writes
/// its monthly and total costs.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn price_months<'a>(
    model: &Model,
    m: usize,
    calendar: &Calendar,
    layout: &Layout,
    s: &Scratch,
    record: &mut Record,
    setup: SetupCost,
    mut old: Option<Priced<'a>>,
    mut new: Priced<'a>,
    mut draws: Draws,
) {
    let (mut npv_run, mut npv_opportunity, mut cumulative) = (0.0, 0.0, 0.0);
    for (month, plan) in s.month_plans.iter().enumerate() {
        let mut cost = MonthCost::default();
        for (priced, weight) in shares(old.as_mut(), &mut new, plan.new_reliability) {
            on_call_month(model, priced, weight, s, &mut draws, &mut cost);
        }
        for (priced, weight) in shares(old.as_mut(), &mut new, plan.new_deploy) {
            changes_month(priced, weight, &mut cost);
        }
        let discount = calendar.discount[month];
        npv_run += cost.cash * discount;
        npv_opportunity += cost.opportunity * discount;
        cumulative += cost.cash + s.setup_monthly[month];
        record.monthly_run_cost[layout.month(m, month)] = cost.cash;
        record.monthly_cumulative_cost[layout.month(m, month)] = cumulative;
    }
    let mut totals = Totals::default();
    for priced in old.iter().chain([&new]) {
        priced.add_totals(&mut totals);
    }
    write_totals(layout, m, record, &totals, setup, npv_run, npv_opportunity);
}

/// What a model's month needs before its incidents are drawn: the shares of the
/// new arrangement and the incident rate.
#[derive(Debug, Clone, Copy, Default)]
struct MonthPlan {
    new_reliability: f64,
    new_deploy: f64,
    incident_rate_per_service: f64,
}

/// The arrangements a month prices and their weights: the old one for the share
/// not yet moved to the new one, the new one for the rest; none with no share.
/// The counts' means ([`count_means`]) and the pricing take them from here alike.
fn shares<T>(old: Option<T>, new: T, new_share: f64) -> impl Iterator<Item = (T, f64)> {
    [(old, 1.0 - new_share), (Some(new), new_share)]
        .into_iter()
        .filter_map(|(arrangement, weight)| Some((arrangement?, weight)).filter(|_| weight > 0.0))
}

/// Writes the means of a model's incident counts into `means`, in the order
/// [`on_call_month`] uses the counts (month, arrangement, tier, in hours then out
/// of hours), and into `is_new` whether each is the new arrangement's; returns
/// how many.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn count_means(
    model: &Model,
    old: Option<&Arrangement>,
    new: &Arrangement,
    plans: &[MonthPlan],
    x: &[f64],
    means: &mut [f64],
    is_new: &mut [bool],
) -> usize {
    let mut written = 0;
    for plan in plans {
        let arrangements = shares(old.map(|a| (a, false)), (new, true), plan.new_reliability);
        for ((a, new), weight) in arrangements {
            let p_out = x[a.out_of_hours_probability];
            for tier in &model.tiers {
                let mean = plan.incident_rate_per_service * tier.services * weight;
                means[written] = mean * (1.0 - p_out);
                means[written + 1] = mean * p_out;
                is_new[written..written + 2].fill(new);
                written += 2;
            }
        }
    }
    written
}

/// The old and the new arrangement's incidents in all: every incident draws one
/// time to restore from its arrangement's lanes. Only how far ahead the lanes
/// draw depends on it, so it saturates rather than overflow.
#[inline(always)]
fn incidents(counts: &[u64], is_new: &[bool]) -> (u64, u64) {
    let (mut old, mut new) = (0u64, 0u64);
    for (&count, &is_new) in counts.iter().zip(is_new) {
        let total = if is_new { &mut new } else { &mut old };
        *total = total.saturating_add(count);
    }
    (old, new)
}

/// Incident-rate factor of a month: (1 - improvement)^y with y the years from
/// learning-culture readiness to the month's midpoint (0 before it), computed as
/// exp(y ln(1 - improvement)) from `log_keep_per_year` = ln(1 - improvement).
#[inline]
fn improvement_factor(
    calendar: &Calendar,
    month: usize,
    ready_weeks: f64,
    log_keep_per_year: f64,
) -> f64 {
    let years = (calendar.midpoint_weeks(month) - ready_weeks).max(0.0) / 52.0;
    if years == 0.0 || log_keep_per_year == 0.0 {
        1.0
    } else {
        exp(years * log_keep_per_year)
    }
}

#[inline(always)]
fn write_totals(
    layout: &Layout,
    m: usize,
    record: &mut Record,
    total: &Totals,
    setup: SetupCost,
    npv_run: f64,
    npv_opportunity: f64,
) {
    let run: f64 = total.cash.iter().sum();
    let opportunity: f64 = total.opportunity.iter().sum();
    let tco = setup.total + run;
    let r = &mut record.scalars;
    r[layout.headline(m, Headline::SetupCost)] = setup.total;
    r[layout.headline(m, Headline::RunCost)] = run;
    r[layout.headline(m, Headline::Tco)] = tco;
    r[layout.headline(m, Headline::OpportunityCost)] = opportunity;
    r[layout.headline(m, Headline::EconomicCost)] = tco + opportunity;
    r[layout.headline(m, Headline::Npv)] = setup.npv + npv_run;
    r[layout.headline(m, Headline::NpvEconomic)] = setup.npv + npv_run + npv_opportunity;
    r[layout.headline(m, Headline::Incidents)] = total.incidents;
    r[layout.headline(m, Headline::Deployments)] = total.deployments;
    for (c, value) in total.cash.iter().enumerate() {
        r[layout.component(m, c)] = *value;
    }
    for (o, value) in total.opportunity.iter().enumerate() {
        r[layout.opportunity(m, o)] = *value;
    }
}

/// Differences from the baseline and break-even months.
fn compare(model: &Model, layout: &Layout, record: &mut Record) {
    let horizon = layout.horizon_months;
    for m in model.compared() {
        for (d, headline) in [Headline::Tco, Headline::EconomicCost, Headline::Npv]
            .into_iter()
            .enumerate()
        {
            record.scalars[layout.difference(m, d)] = record.scalars[layout.headline(m, headline)]
                - record.scalars[layout.headline(0, headline)];
        }
        // First month from which the model's cumulative cost stays at or below the baseline's.
        let last_above = (0..horizon).rev().find(|&k| {
            record.monthly_cumulative_cost[layout.month(m, k)]
                > record.monthly_cumulative_cost[layout.month(0, k)]
        });
        record.break_even_month[m - 1] = last_above.map_or(0, |k| k + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "x86_64")]
    use crate::sample::lanes::{Build, lacks};
    use crate::sample::rng::iteration_seed;

    /// Every output of `iterations` iterations of each model of `source`, as bits.
    fn records_bits(
        source: &str,
        iterations: u64,
        one: impl Fn(&Model, &Calendar, &Layout, u64, usize, &mut Scratch, &mut Record),
    ) -> Vec<u64> {
        let model = crate::scenario::load("test.toml", source).expect("a valid scenario");
        let layout = Layout::new(&model);
        let calendar = Calendar::new(model.meta.horizon_months, model.meta.discount_rate_per_year);
        let (mut scratch, mut record) = (Scratch::new(&model), Record::new(&layout));
        let mut bits = Vec::new();
        for i in 0..iterations {
            let seed = iteration_seed(11, i);
            prepare(&model, seed, &mut scratch);
            for m in 0..model.models.len() {
                one(
                    &model,
                    &calendar,
                    &layout,
                    seed,
                    m,
                    &mut scratch,
                    &mut record,
                );
            }
            let r = &record;
            let values = r.scalars.iter().chain(&r.monthly_run_cost);
            bits.extend(
                values
                    .chain(&r.monthly_cumulative_cost)
                    .map(|v| v.to_bits()),
            );
            bits.extend(r.on_path.iter().map(|&on| u64::from(on)));
        }
        bits
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_avx2_build_of_an_iteration_gives_the_same_bits() {
        if lacks(Build::Avx2) {
            return;
        }
        let scenarios = [
            include_str!("../../scenarios/bench-40.toml"),
            include_str!("../../scenarios/example.toml"),
            include_str!("../../scenarios/starter.toml"),
        ];
        for source in scenarios {
            let here = records_bits(source, 200, simulate_one_here);
            // SAFETY: the CPU has AVX2 (checked above).
            let avx2 = records_bits(source, 200, |model, c, l, seed, m, s, r| unsafe {
                simulate_one_avx2(model, c, l, seed, m, s, r)
            });
            assert_eq!(here.len(), avx2.len());
            assert!(here == avx2, "the AVX2 build of simulate_one differs");
        }
    }

    #[test]
    fn incidents_are_told_apart_by_arrangement() {
        // Months interleave the old arrangement's counts with the new one's.
        let counts = [3, 4, 10, 20, 5, 6];
        let is_new = [false, false, true, true, false, true];
        assert_eq!(incidents(&counts, &is_new), (12, 36));
        assert_eq!(incidents(&[], &[]), (0, 0));
        // Totals past a u64 saturate.
        let (counts, is_new) = ([u64::MAX, 1, 5], [false, false, true]);
        assert_eq!(incidents(&counts, &is_new), (u64::MAX, 5));
    }
}
