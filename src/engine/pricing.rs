//! What an arrangement costs in one model's months. Everything that does not
//! change from month to month (standby, licences and fixed costs per month, pay
//! per hour of restoring, costs per incident, per deployment and per change) is
//! worked out once per arrangement and iteration ([`Rates`]). A month then costs
//! those rates times the arrangement's share of the month, plus its incidents
//! with their times to restore ([`Restore`]); the arrangement tallies its shares,
//! counts and hours as it goes ([`Tally`]), and its totals by component are the
//! tallies times the rates, taken once after the last month.

use rand_xoshiro::Xoshiro256PlusPlus;

use super::iteration::Scratch;
use super::record::{
    CALLOUTS, CHANGE_APPROVAL, CHANGE_DELAY, COMPONENTS, DOWNTIME, ESCALATION, FIXED, FOLLOW_UP,
    INCIDENT_LABOUR, LICENCES, OPPORTUNITY, STANDBY,
};
use super::restore::Restore;
use crate::model::{Arrangement, Cover, Model, OnCallLevel, Tier, WEEKS_PER_MONTH};
use crate::sample::lognormal::LognormalLanes;
use crate::sample::simd::Four;

/// A model's month: its cash cost and its opportunity cost, over the shares of
/// both arrangements.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct MonthCost {
    pub cash: f64,
    pub opportunity: f64,
}

/// A model's costs and counts over the horizon, by component.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Totals {
    pub cash: [f64; COMPONENTS.len()],
    pub opportunity: [f64; OPPORTUNITY.len()],
    pub incidents: f64,
    pub deployments: f64,
}

/// What an arrangement's months add up to in one model's iteration: the months
/// it ran (its shares, summed) and its incidents' counts and hours by what pays
/// for them. Its totals by component are these times its rates, taken once
/// after the last month ([`Priced::add_totals`]) rather than month by month.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    /// Months of on-call (standby, licences, fixed costs) and of changes.
    on_call_months: f64,
    change_months: f64,
    /// Hours of restoring paid at the responders' hourly rate.
    labour_hours: f64,
    /// Callouts out of hours where a rota covers the tier, and their paid hours.
    callouts: f64,
    paid_callout_hours: f64,
    incidents: f64,
    /// Hours down times each tier's exposure per hour.
    downtime_cost: f64,
}

/// An arrangement's costs per unit, in one iteration: the month's costs are
/// these times the arrangement's share of the month and its counts.
#[derive(Debug, Clone, Copy)]
struct Rates {
    standby_per_month: f64,
    licences_per_month: f64,
    fixed_per_month: f64,
    /// Standby, licences and fixed costs together, for a month's cash.
    on_call_per_month: f64,
    /// Responders' pay per hour of restoring, in hours.
    labour_per_hour: f64,
    /// Out of hours, where a rota covers the tier: the fee per callout and the
    /// overtime pay per hour paid (at least `minimum_paid_hours` per callout).
    callout_fee: f64,
    overtime_per_hour: f64,
    minimum_paid_hours: f64,
    escalation_per_incident: f64,
    follow_up_per_incident: f64,
    /// Escalation and follow-up together, for a month's cash.
    per_incident: f64,
    /// Where no rota covers the tier: the hours an out-of-hours incident waits.
    out_of_hours_wait_hours: f64,
    /// For the whole month: deployments made, their approval, and the delay borne
    /// by every change wanted.
    deployments_per_month: f64,
    approval_per_month: f64,
    change_delay_per_month: f64,
}

impl Rates {
    fn new(model: &Model, a: &Arrangement, s: &Scratch) -> Rates {
        let x = &s.inputs;
        let hourly = s.hourly_rate[a.on_call_role];
        let responders = x[a.responders_per_incident];
        let rotas = x[a.rotas];
        let organisation = &model.organisation;
        let wanted = x[organisation.wanted_deployments_per_service_per_month];
        let per_service = a
            .deployments_cap_per_service_per_month
            .map_or(wanted, |cap| wanted.min(x[cap]));
        let deployments_per_month = organisation.services * per_service;
        let standby_per_month =
            rotas * x[a.on_call_at_once] * x[a.standby_pay_per_week] * WEEKS_PER_MONTH;
        let licences_per_month = rotas * x[a.people_per_rota] * x[a.licence_per_user_per_month]
            + organisation.teams * x[a.licence_per_team_per_month]
            + x[a.licence_flat_per_month];
        let fixed_per_month = a.fixed_per_month.iter().map(|&f| x[f]).sum();
        let escalation_per_incident = x[a.escalation_share]
            * x[a.escalation_hours_per_incident]
            * s.hourly_rate[a.escalation_role];
        let follow_up_per_incident =
            x[a.follow_up_hours_per_incident] * s.hourly_rate[a.follow_up_role];
        Rates {
            standby_per_month,
            licences_per_month,
            fixed_per_month,
            on_call_per_month: standby_per_month + licences_per_month + fixed_per_month,
            labour_per_hour: responders * hourly,
            callout_fee: responders * x[a.callout_fee],
            overtime_per_hour: responders * hourly * x[a.overtime_multiplier],
            minimum_paid_hours: x[a.minimum_paid_hours],
            escalation_per_incident,
            follow_up_per_incident,
            per_incident: escalation_per_incident + follow_up_per_incident,
            out_of_hours_wait_hours: x[organisation.out_of_hours_wait_hours],
            deployments_per_month,
            approval_per_month: deployments_per_month
                * x[a.approval_hours_per_change]
                * s.hourly_rate[a.approval_role],
            // Every change the teams want waits, whether or not a change window batches it.
            change_delay_per_month: organisation.services
                * wanted
                * x[a.lead_time_days]
                * x[organisation.cost_of_delay_per_change_day],
        }
    }
}

/// An arrangement a model prices in one iteration: its rates, the source of its
/// times to restore, and what its months have added up to so far.
pub(super) struct Priced<'a> {
    arrangement: &'a Arrangement,
    rates: Rates,
    restore: Restore<'a>,
    tally: Tally,
}

impl<'a> Priced<'a> {
    /// `incidents`: how many it will price in the iteration (its draws ahead);
    /// `lanes`: lanes lent for its times to restore, if they are lognormal.
    pub(super) fn new(
        model: &Model,
        arrangement: &'a Arrangement,
        s: &Scratch,
        lanes_seed: u64,
        incidents: u64,
        lanes: &'a mut LognormalLanes,
    ) -> Priced<'a> {
        let dist = &arrangement.time_to_restore_hours;
        let rates = Rates::new(model, arrangement, s);
        // Floored sums only where callouts are paid.
        let paid_callouts = model.tiers.iter().any(|tier| covers(arrangement, tier));
        let floor_hours = paid_callouts.then_some(rates.minimum_paid_hours);
        Priced {
            arrangement,
            rates,
            restore: Restore::new(dist, floor_hours, lanes_seed, incidents, lanes),
            tally: Tally::default(),
        }
    }

    /// Adds the arrangement's costs and counts over all the months priced to
    /// `totals`: its tallies times its rates.
    pub(super) fn add_totals(&self, totals: &mut Totals) {
        let (r, t) = (&self.rates, &self.tally);
        let cash = &mut totals.cash;
        cash[STANDBY] += t.on_call_months * r.standby_per_month;
        cash[LICENCES] += t.on_call_months * r.licences_per_month;
        cash[FIXED] += t.on_call_months * r.fixed_per_month;
        cash[INCIDENT_LABOUR] += t.labour_hours * r.labour_per_hour;
        cash[CALLOUTS] += t.callouts * r.callout_fee + t.paid_callout_hours * r.overtime_per_hour;
        cash[ESCALATION] += t.incidents * r.escalation_per_incident;
        cash[FOLLOW_UP] += t.incidents * r.follow_up_per_incident;
        cash[CHANGE_APPROVAL] += t.change_months * r.approval_per_month;
        totals.opportunity[DOWNTIME] += t.downtime_cost;
        totals.opportunity[CHANGE_DELAY] += t.change_months * r.change_delay_per_month;
        totals.incidents += t.incidents;
        totals.deployments += t.change_months * r.deployments_per_month;
    }
}

/// The random draws of one model's months: its incident counts, drawn ahead
/// ([`crate::sample::poisson::PoissonLanes`]), the event stream for
/// everything drawn as it comes, and the lane type that sums times to restore.
pub(super) struct Draws<'a, S> {
    pub events: Xoshiro256PlusPlus,
    /// One count for every mean `count_means` wrote, in its order.
    pub counts: std::slice::Iter<'a, u64>,
    pub lanes: S,
}

/// Standby, licences, fixed cost and incidents of one arrangement for `weight`
/// of a month: added to the month's `cost` and to the arrangement's tally.
#[inline(always)]
pub(super) fn on_call_month<S: Four>(
    model: &Model,
    priced: &mut Priced,
    weight: f64,
    s: &Scratch,
    draws: &mut Draws<S>,
    cost: &mut MonthCost,
) {
    let (a, r, restore) = (priced.arrangement, &priced.rates, &mut priced.restore);
    let t = &mut priced.tally;
    let x = &s.inputs;
    t.on_call_months += weight;
    let mut cash = weight * r.on_call_per_month;
    let mut downtime_cost = 0.0;
    let Draws {
        events,
        counts,
        lanes,
    } = draws;
    for tier in &model.tiers {
        let mut next_count = || *counts.next().expect("count_means wrote one count per use");
        let (in_hours, out_of_hours) = (next_count(), next_count());
        let (n_in, n_out) = (in_hours as f64, out_of_hours as f64);
        let exposure = x[tier.exposure_per_hour];
        if covers(a, tier) {
            // Callouts pay at least the minimum hours: only they need the floored sum.
            let (restore_in, out) =
                restore.two_sums::<true, S, _>(*lanes, events, in_hours, out_of_hours);
            let paid_hours = out.sum_at_least_floor;
            t.labour_hours += restore_in;
            t.callouts += n_out;
            t.paid_callout_hours += paid_hours;
            cash += restore_in * r.labour_per_hour
                + n_out * r.callout_fee
                + paid_hours * r.overtime_per_hour;
            downtime_cost += (restore_in + out.sum) * exposure;
        } else {
            // No rota: the incident waits for the next working day, fixed in hours,
            // and is restored in working hours.
            let (restore_in, out) =
                restore.two_sums::<false, S, _>(*lanes, events, in_hours, out_of_hours);
            let restored = restore_in + out.sum;
            t.labour_hours += restored;
            cash += restored * r.labour_per_hour;
            downtime_cost += (restored + n_out * r.out_of_hours_wait_hours) * exposure;
        }
        let n = n_in + n_out;
        t.incidents += n;
        cash += n * r.per_incident;
    }
    t.downtime_cost += downtime_cost;
    cost.cash += cash;
    cost.opportunity += downtime_cost;
}

/// Whether the arrangement's rota covers the tier out of hours: its callouts are
/// paid, at least the minimum hours each.
fn covers(a: &Arrangement, tier: &Tier) -> bool {
    a.cover == Cover::AllServices || tier.on_call != OnCallLevel::None
}

/// Deployments, change approval and change delay of one arrangement for `weight`
/// of a month. Approval is paid per deployment made; delay is borne by every change wanted.
#[inline(always)]
pub(super) fn changes_month(priced: &mut Priced, weight: f64, cost: &mut MonthCost) {
    let r = &priced.rates;
    priced.tally.change_months += weight;
    cost.cash += weight * r.approval_per_month;
    cost.opportunity += weight * r.change_delay_per_month;
}
