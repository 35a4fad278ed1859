//! What an arrangement costs in one model's month. Everything that does not
//! change from month to month (standby, licences and fixed costs per month, pay
//! per hour of restoring, costs per incident, per deployment and per change) is
//! worked out once per arrangement and iteration ([`Rates`]); a month then adds
//! those rates times the arrangement's share of the month, and its incidents with
//! their times to restore ([`Restore`]).

use rand_xoshiro::Xoshiro256PlusPlus;

use super::iteration::Scratch;
use super::record::{
    CALLOUTS, CHANGE_APPROVAL, CHANGE_DELAY, COMPONENTS, DOWNTIME, ESCALATION, FIXED, FOLLOW_UP,
    INCIDENT_LABOUR, LICENCES, OPPORTUNITY, STANDBY,
};
use super::restore::Restore;
use crate::model::{Arrangement, Model, OnCallLevel, Tier, WEEKS_PER_MONTH};
use crate::scenario::lognormal::LognormalLanes;
use crate::scenario::written::Cover;

/// Costs and counts of one model in one month.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Month {
    pub cash: [f64; COMPONENTS.len()],
    pub opportunity: [f64; OPPORTUNITY.len()],
    pub incidents: f64,
    pub deployments: f64,
}

impl Month {
    pub fn add(&mut self, month: &Month) {
        for (t, c) in self.cash.iter_mut().zip(month.cash) {
            *t += c;
        }
        for (t, c) in self.opportunity.iter_mut().zip(month.opportunity) {
            *t += c;
        }
        self.incidents += month.incidents;
        self.deployments += month.deployments;
    }
}

/// An arrangement's costs per unit, in one iteration: the month's costs are
/// these times the arrangement's share of the month and its counts.
#[derive(Debug, Clone, Copy)]
struct Rates {
    standby_per_month: f64,
    licences_per_month: f64,
    fixed_per_month: f64,
    /// Responders' pay per hour of restoring, in hours.
    labour_per_hour: f64,
    /// Out of hours, where a rota covers the tier: the fee per callout and the
    /// overtime pay per hour paid (at least `minimum_paid_hours` per callout).
    callout_fee: f64,
    overtime_per_hour: f64,
    minimum_paid_hours: f64,
    escalation_per_incident: f64,
    follow_up_per_incident: f64,
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
        Rates {
            standby_per_month: rotas
                * x[a.on_call_at_once]
                * x[a.standby_pay_per_week]
                * WEEKS_PER_MONTH,
            licences_per_month: rotas * x[a.people_per_rota] * x[a.licence_per_user_per_month]
                + organisation.teams * x[a.licence_per_team_per_month]
                + x[a.licence_flat_per_month],
            fixed_per_month: a.fixed_per_month.iter().map(|&f| x[f]).sum(),
            labour_per_hour: responders * hourly,
            callout_fee: responders * x[a.callout_fee],
            overtime_per_hour: responders * hourly * x[a.overtime_multiplier],
            minimum_paid_hours: x[a.minimum_paid_hours],
            escalation_per_incident: x[a.escalation_share]
                * x[a.escalation_hours_per_incident]
                * s.hourly_rate[a.escalation_role],
            follow_up_per_incident: x[a.follow_up_hours_per_incident]
                * s.hourly_rate[a.follow_up_role],
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

/// An arrangement a model prices in one iteration: its rates and the source of
/// its times to restore.
pub(super) struct Priced<'a> {
    arrangement: &'a Arrangement,
    rates: Rates,
    restore: Restore<'a>,
}

impl<'a> Priced<'a> {
    /// `incidents`: how many it will price in the iteration (its draws ahead);
    /// `lanes`: lanes lent for its times to restore, if they are lognormal.
    pub fn new(
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
        }
    }
}

/// The random draws of one model's months: its incident counts, drawn ahead
/// ([`crate::scenario::poisson::PoissonLanes`]), and the event stream for
/// everything drawn as it comes.
pub(super) struct Draws<'a> {
    pub events: Xoshiro256PlusPlus,
    /// One count for every mean `count_means` wrote, in its order.
    pub counts: std::slice::Iter<'a, u64>,
}

/// Standby, licences, fixed cost and incidents of one arrangement for `weight` of a month.
pub(super) fn on_call_month(
    model: &Model,
    priced: &mut Priced,
    weight: f64,
    s: &Scratch,
    draws: &mut Draws,
    cost: &mut Month,
) {
    let (a, r, restore) = (priced.arrangement, &priced.rates, &mut priced.restore);
    let x = &s.inputs;
    cost.cash[STANDBY] += weight * r.standby_per_month;
    cost.cash[LICENCES] += weight * r.licences_per_month;
    cost.cash[FIXED] += weight * r.fixed_per_month;
    let Draws { events, counts } = draws;
    for tier in &model.tiers {
        let mut next_count = || *counts.next().expect("count_means wrote one count per use");
        let (in_hours, out_of_hours) = (next_count(), next_count());
        let (n_in, n_out) = (in_hours as f64, out_of_hours as f64);
        let exposure = x[tier.exposure_per_hour];
        let covered = covers(a, tier);
        // Callouts pay at least the minimum hours: only they need the floored sum.
        let (restore_in, out) = if covered {
            restore.two_sums::<true, _>(events, in_hours, out_of_hours)
        } else {
            restore.two_sums::<false, _>(events, in_hours, out_of_hours)
        };
        let restore_out = out.sum;
        cost.cash[INCIDENT_LABOUR] += restore_in * r.labour_per_hour;
        if covered {
            let paid_out = out.sum_at_least_floor;
            cost.cash[CALLOUTS] += n_out * r.callout_fee + paid_out * r.overtime_per_hour;
            cost.opportunity[DOWNTIME] += (restore_in + restore_out) * exposure;
        } else {
            // No rota: the incident waits for the next working day, fixed in hours.
            cost.cash[INCIDENT_LABOUR] += restore_out * r.labour_per_hour;
            let wait = r.out_of_hours_wait_hours;
            cost.opportunity[DOWNTIME] += (restore_in + restore_out + n_out * wait) * exposure;
        }
        let n = n_in + n_out;
        cost.cash[ESCALATION] += n * r.escalation_per_incident;
        cost.cash[FOLLOW_UP] += n * r.follow_up_per_incident;
        cost.incidents += n;
    }
}

/// Whether the arrangement's rota covers the tier out of hours: its callouts are
/// paid, at least the minimum hours each.
fn covers(a: &Arrangement, tier: &Tier) -> bool {
    a.cover == Cover::AllServices || tier.on_call != OnCallLevel::None
}

/// Deployments, change approval and change delay of one arrangement for `weight`
/// of a month. Approval is paid per deployment made; delay is borne by every change wanted.
pub(super) fn changes_month(priced: &Priced, weight: f64, cost: &mut Month) {
    let r = &priced.rates;
    cost.deployments += weight * r.deployments_per_month;
    cost.cash[CHANGE_APPROVAL] += weight * r.approval_per_month;
    cost.opportunity[CHANGE_DELAY] += weight * r.change_delay_per_month;
}
