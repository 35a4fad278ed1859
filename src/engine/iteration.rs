//! One iteration: a pure function of the run's compiled [`Context`] (model,
//! calendar, record layout), the iteration's seed and scratch space, writing
//! into a preallocated [`Record`]. No I/O, locks, strings, maps or allocation
//! happen here.
//!
//! Order of work: draw every per-iteration input; for each model, schedule its
//! setup activities (readiness, setup cost, criticality), plan its months (the
//! new arrangement's shares and the incident rate, and all its incident counts
//! drawn at once, four at a time, [`PoissonLanes`]), then price them: walk the
//! horizon month by month, pricing the old and the new arrangement by their
//! shares of the month (`super::pricing`), with times to restore drawn as they
//! are needed, ahead as far as the counts say ([`super::restore::Restore`]),
//! each arrangement tallying what it priced; its totals by component come from
//! the tallies after the last month. Finally compare each model with the
//! baseline.
//!
//! The models' part runs as one [`Iteration`] in the build of the lane
//! samplers the context chose once for the run: monomorphised for its lane
//! type and compiled with its CPU features, all the way down to the sums of
//! times to restore (see `crate::sample::simd`).

use std::ops::Range;

use rand_xoshiro::Xoshiro256PlusPlus;

use super::calendar::Calendar;
use super::pricing::{Draws, MonthCost, Priced, Totals, changes_month, on_call_month};
use super::record::{Headline, Layout, Record};
use crate::model::{
    Arrangement, DAYS_PER_WEEK, DEPLOYMENT_THROUGHPUT, LEARNING_CULTURE, Model, SERVICE_RELIABILITY,
};
use crate::sample::dist::Dist;
use crate::sample::exp::exp;
use crate::sample::inverse::normal_quantile;
use crate::sample::lognormal::LognormalLanes;
use crate::sample::points::{At, uniform};
use crate::sample::poisson::PoissonLanes;
use crate::sample::rng::{Arranged, event_stream, input_stream, restore_lanes_seed};
use crate::sample::simd::{Build, Four, Kernel};
use crate::sample::special::normal_cdf;

/// What every iteration of a run reads: the compiled model, its calendar and
/// record layout, and the build of the lane samplers for this CPU, chosen once
/// when the context is made.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The compiled scenario.
    pub model: &'a Model,
    /// Month boundaries in weeks, and discount factors.
    pub calendar: &'a Calendar,
    /// Where each output goes in the record.
    pub layout: &'a Layout,
    build: Build,
}

impl<'a> Context<'a> {
    /// The same context run in another build (tests compare builds).
    #[cfg(test)]
    pub(crate) fn with_build(self, build: Build) -> Context<'a> {
        Context { build, ..self }
    }

    /// A context for `model`, with the lane build chosen for this CPU.
    pub fn new(model: &'a Model, calendar: &'a Calendar, layout: &'a Layout) -> Context<'a> {
        Context {
            model,
            calendar,
            layout,
            build: Build::detect(),
        }
    }

    /// Runs one iteration.
    pub fn simulate(&self, at: At, scratch: &mut Scratch, record: &mut Record) {
        self.run_models(at, 0..self.model.models.len(), scratch, record);
        compare(self.model, self.layout, record);
    }

    /// Runs one iteration of model `m` alone, with no comparison: the same
    /// numbers for `m` as [`Context::simulate`] writes, at a fraction of the
    /// cost. Paired runs of a variant of one model (a countermeasure switched
    /// off) need nothing more.
    pub fn simulate_model(&self, at: At, m: usize, scratch: &mut Scratch, record: &mut Record) {
        self.run_models(at, m..m + 1, scratch, record);
    }

    /// Draws the inputs, then runs `models` in the context's build.
    fn run_models(&self, at: At, models: Range<usize>, scratch: &mut Scratch, record: &mut Record) {
        prepare(self.model, at, scratch);
        self.build.run(Models {
            context: self,
            iteration_seed: at.iteration_seed,
            models,
            scratch,
            record,
        });
    }
}

/// Working memory for iterations, sized once per chunk.
#[derive(Debug, Clone)]
pub struct Scratch {
    /// This iteration's draw of every input, by [`InputId`](crate::model::InputId).
    pub inputs: Vec<f64>,
    /// The correlated inputs' normals, in the copula's order.
    pub normals: Vec<f64>,
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
    /// Scratch space big enough for any model of `model`.
    pub fn new(model: &Model) -> Scratch {
        let activities = model
            .models
            .iter()
            .map(|m| m.activities.len())
            .max()
            .unwrap_or(0);
        Scratch {
            inputs: vec![0.0; model.inputs.len()],
            normals: vec![
                0.0;
                model
                    .sampling
                    .correlated
                    .as_ref()
                    .map_or(0, |c| c.inputs.len())
            ],
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

/// Draws the inputs and derives the hourly rates every model shares.
fn prepare(model: &Model, at: At, scratch: &mut Scratch) {
    draw_inputs(model, at, &mut scratch.inputs, &mut scratch.normals);
    let hours_per_day = model.hours_per_day();
    for (role, &input) in model.role_day_rate.iter().enumerate() {
        scratch.hourly_rate[role] = scratch.inputs[input] / hours_per_day;
    }
}

/// The models of one iteration, run in a build's lanes ([`Build::run`]).
struct Models<'c, 's> {
    context: &'c Context<'c>,
    iteration_seed: u64,
    models: Range<usize>,
    scratch: &'s mut Scratch,
    record: &'s mut Record,
}

impl Kernel for Models<'_, '_> {
    type Output = ();

    #[inline(always)]
    fn run<S: Four>(self, lanes: S) {
        let mut iteration = Iteration {
            context: self.context,
            iteration_seed: self.iteration_seed,
            scratch: self.scratch,
            record: self.record,
            lanes,
        };
        for m in self.models {
            iteration.model(m);
        }
    }
}

/// One iteration in progress, in the lanes of `S`: the run's context, the
/// iteration's seed, its working memory and the record it writes.
struct Iteration<'c, 's, S> {
    context: &'c Context<'c>,
    iteration_seed: u64,
    scratch: &'s mut Scratch,
    record: &'s mut Record,
    lanes: S,
}

/// A model's months as planned: the event stream, after the counts' rare
/// draws, and how many counts were drawn.
struct Plan {
    events: Xoshiro256PlusPlus,
    counts: usize,
}

/// Draws every input of iteration `at` (constants cost nothing): in `random`
/// mode an uncorrelated input samples its law from its own stream; otherwise its
/// inverse CDF takes the mode's uniform point ([`uniform`]). Correlated inputs
/// go through the copula: their points to normals in `normals`, correlated,
/// back to uniforms, then their inverse CDFs (docs/scenario.md, "Sampling").
pub fn draw_inputs(model: &Model, at: At, inputs: &mut [f64], normals: &mut [f64]) {
    let plan = &model.sampling;
    let correlated = plan.correlated.as_ref();
    for (k, (value, input)) in inputs.iter_mut().zip(&model.inputs).enumerate() {
        let slot = correlated.and_then(|c| c.slot[k]);
        if let Some(slot) = slot {
            // Drawn even for a constant, so the others do not change with it.
            let u = uniform(plan.mode, at, plan.dimension[k], input.stream_key);
            normals[slot] = normal_quantile(u);
        }
        *value = match (&input.dist, plan.inverse.get(k)) {
            (Dist::Constant(c), _) => *c,
            (dist, None | Some(None)) => {
                dist.sample(&mut input_stream(at.iteration_seed, input.stream_key))
            }
            (_, Some(Some(inverse))) if slot.is_none() => {
                inverse.at(uniform(plan.mode, at, plan.dimension[k], input.stream_key))
            }
            (_, Some(Some(_))) => continue,
        };
    }
    if let Some(c) = correlated {
        c.copula.correlate(&mut normals[..c.inputs.len()]);
        for (&k, &z) in c.inputs.iter().zip(normals.iter()) {
            if let (false, Some(Some(inverse))) =
                (model.inputs[k].dist.is_constant(), plan.inverse.get(k))
            {
                inputs[k] = inverse.at(normal_cdf(z).clamp(f64::MIN_POSITIVE, BELOW_ONE));
            }
        }
    }
}

/// The largest double below 1.
const BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

/// Setup cost of a model in one iteration: its total and its present value.
#[derive(Debug, Clone, Copy, Default)]
struct SetupCost {
    total: f64,
    npv: f64,
}

impl<'c, S: Four> Iteration<'c, '_, S> {
    /// Model `m`'s part of the iteration: its setup scheduled, its months
    /// planned and priced.
    #[inline(always)]
    fn model(&mut self, m: usize) {
        let setup = self.schedule(m);
        let plan = self.plan(m);
        self.price(m, setup, plan);
    }

    /// Schedules model `m`'s activities; writes readiness, starts, finishes and
    /// on-path flags; spreads setup cost over the running weeks into
    /// `scratch.setup_monthly`.
    #[inline(always)]
    fn schedule(&mut self, m: usize) -> SetupCost {
        let Context { model, layout, .. } = *self.context;
        let (s, record) = (&mut *self.scratch, &mut *self.record);
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
        self.mark_longest_path(m, overall);
        self.setup_cost(m)
    }

    /// An activity is on the longest path if it finishes at overall readiness, or it
    /// precedes an on-path activity whose start equals its finish.
    #[inline(always)]
    fn mark_longest_path(&mut self, m: usize, overall: f64) {
        let Context { model, layout, .. } = *self.context;
        let (s, record) = (&*self.scratch, &mut *self.record);
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

    /// Model `m`'s setup cost, spread over its months into `scratch.setup_monthly`.
    #[inline(always)]
    fn setup_cost(&mut self, m: usize) -> SetupCost {
        let Context {
            model, calendar, ..
        } = *self.context;
        let s = &mut *self.scratch;
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

    /// Plans model `m`'s months (the new arrangement's shares and the incident
    /// rate) and draws all their incident counts at once.
    #[inline(always)]
    fn plan(&mut self, m: usize) -> Plan {
        let Context {
            model, calendar, ..
        } = *self.context;
        let (s, record, layout) = (&mut *self.scratch, &*self.record, self.context.layout);
        let om = &model.models[m];
        let x = &s.inputs;
        let has_old = om.transition_from.is_some();
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
            let share_after = |ready_weeks| match has_old {
                true => calendar.share_after(month, ready_weeks),
                false => 1.0,
            };
            let factor = improvement_factor(calendar, month, ready_learning, log_keep_per_year);
            *plan = MonthPlan {
                new_reliability: share_after(ready_reliability),
                new_deploy: share_after(ready_deploy),
                incident_rate_per_service: incident_rate * factor,
            };
        }
        let mut events = event_stream(self.iteration_seed, om.event_stream_key);
        let counts = self.count_means(m);
        let s = &mut *self.scratch;
        let seed = restore_lanes_seed(self.iteration_seed, om.event_stream_key, Arranged::Counts);
        PoissonLanes::new(seed).counts_in(
            self.lanes,
            &mut events,
            &s.count_means[..counts],
            &mut s.counts[..counts],
        );
        Plan { events, counts }
    }

    /// Writes the means of model `m`'s incident counts into
    /// `scratch.count_means`, in the order [`on_call_month`] uses the counts
    /// (month, arrangement, tier, in hours then out of hours), and into
    /// `scratch.count_is_new` whether each is the new arrangement's; returns how
    /// many.
    #[inline(always)]
    fn count_means(&mut self, m: usize) -> usize {
        let model = self.context.model;
        let om = &model.models[m];
        let (new, old) = (&om.arrangement, self.old_arrangement(m));
        let s = &mut *self.scratch;
        let (x, means, is_new) = (&s.inputs, &mut s.count_means, &mut s.count_is_new);
        let mut written = 0;
        for plan in &s.month_plans {
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

    /// The arrangement model `m` moves from, if any.
    #[inline(always)]
    fn old_arrangement(&self, m: usize) -> Option<&'c Arrangement> {
        let model = self.context.model;
        model.models[m]
            .transition_from
            .map(|b| &model.models[b].arrangement)
    }

    /// Prices model `m`'s months, old and new arrangement by their shares, and
    /// writes its monthly and total costs.
    #[inline(always)]
    fn price(&mut self, m: usize, setup: SetupCost, plan: Plan) {
        let Context {
            model,
            calendar,
            layout,
            ..
        } = *self.context;
        let om = &model.models[m];
        let old = self.old_arrangement(m);
        let lanes_seed =
            |arranged| restore_lanes_seed(self.iteration_seed, om.event_stream_key, arranged);
        let (s, record) = (&mut *self.scratch, &mut *self.record);
        // The lanes leave the scratch space while it is read (taking a Vec moves no
        // element and allocates nothing), and return to it after.
        let mut restore_lanes = std::mem::take(&mut s.restore_lanes);
        let [lanes_old, lanes_new] = &mut restore_lanes[..] else {
            unreachable!("Scratch::new makes two lanes")
        };
        let s_read = &*s;
        let counts = &s_read.counts[..plan.counts];
        let (incidents_old, incidents_new) = incidents(counts, &s_read.count_is_new);
        let mut draws = Draws {
            events: plan.events,
            counts: counts.iter(),
            lanes: self.lanes,
        };
        let priced = |a, arranged, incidents, lanes| {
            Priced::new(model, a, s_read, lanes_seed(arranged), incidents, lanes)
        };
        let mut old = old.map(|a| priced(a, Arranged::From, incidents_old, lanes_old));
        let mut new = priced(&om.arrangement, Arranged::Own, incidents_new, lanes_new);
        let (mut npv_run, mut npv_opportunity, mut cumulative) = (0.0, 0.0, 0.0);
        for (month, plan) in s_read.month_plans.iter().enumerate() {
            let mut cost = MonthCost::default();
            for (priced, weight) in shares(old.as_mut(), &mut new, plan.new_reliability) {
                on_call_month(model, priced, weight, s_read, &mut draws, &mut cost);
            }
            for (priced, weight) in shares(old.as_mut(), &mut new, plan.new_deploy) {
                changes_month(priced, weight, &mut cost);
            }
            let discount = calendar.discount[month];
            npv_run += cost.cash * discount;
            npv_opportunity += cost.opportunity * discount;
            cumulative += cost.cash + s_read.setup_monthly[month];
            record.monthly_run_cost[layout.month(m, month)] = cost.cash;
            record.monthly_cumulative_cost[layout.month(m, month)] = cumulative;
        }
        let mut totals = Totals::default();
        for priced in old.iter().chain([&new]) {
            priced.add_totals(&mut totals);
        }
        write_totals(layout, m, record, &totals, setup, npv_run, npv_opportunity);
        s.restore_lanes = restore_lanes;
    }
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
#[inline(always)]
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
