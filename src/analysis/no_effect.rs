//! Whether a change to a scenario changes anything: two compiled variants run
//! side by side for a few hundred iterations on the same random numbers (each
//! input path keeps its stream, so the pairs differ only by the change), and
//! compared bit for bit, record by record: every headline figure, component,
//! readiness, activity time, month and break-even month. Identical records on
//! every paired iteration mean the change has no effect on the scenario's
//! results (to within what that many iterations can show: an effect confined
//! to rarer draws than one in [`PAIRED_ITERATIONS`] would be missed).

use crate::engine::calendar::Calendar;
use crate::engine::iteration::{Context, Scratch};
use crate::engine::record::{Layout, Record};
use crate::model::Model;
use crate::sample::points::At;

/// Paired iterations compared.
pub const PAIRED_ITERATIONS: u64 = 512;

/// True when `a` and `b` give bit-identical records for iterations
/// `0..iterations` of the run with `seed`.
pub fn identical_results(a: &Model, b: &Model, seed: u64, iterations: u64) -> bool {
    let (layout_a, layout_b) = (Layout::new(a), Layout::new(b));
    let shape = |l: &Layout| {
        (
            l.horizon_months,
            l.capabilities,
            l.model_base.clone(),
            l.model_activities.clone(),
            l.path_base.clone(),
            l.comparison_base,
            l.scalars,
            l.flags,
        )
    };
    if shape(&layout_a) != shape(&layout_b) {
        return false;
    }
    let calendar_a = Calendar::new(a.meta.horizon_months, a.meta.discount_rate_per_year);
    let calendar_b = Calendar::new(b.meta.horizon_months, b.meta.discount_rate_per_year);
    let context_a = Context::new(a, &calendar_a, &layout_a);
    let context_b = Context::new(b, &calendar_b, &layout_b);
    let (mut scratch_a, mut scratch_b) = (Scratch::new(a), Scratch::new(b));
    let (mut record_a, mut record_b) = (Record::new(&layout_a), Record::new(&layout_b));
    (0..iterations).all(|i| {
        let at = At::new(seed, i);
        context_a.simulate(at, &mut scratch_a, &mut record_a);
        context_b.simulate(at, &mut scratch_b, &mut record_b);
        same_record(&record_a, &record_b)
    })
}

fn same_record(a: &Record, b: &Record) -> bool {
    let bits = |x: &[f64], y: &[f64]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits())
    };
    bits(&a.scalars, &b.scalars)
        && bits(&a.monthly_run_cost, &b.monthly_run_cost)
        && bits(&a.monthly_cumulative_cost, &b.monthly_cumulative_cost)
        && a.on_path == b.on_path
        && a.break_even_month == b.break_even_month
}
