//! Which activities a chart or a table shows when a model has many: at most
//! [`MAX_ACTIVITIES_SHOWN`], the most critical (the largest share of
//! iterations on the longest path; ties to the later P90 finish, then to the
//! earlier in the file), listed in file order, with a count of the rest.
//! activities.csv and summary.json keep every activity.

use crate::engine::summary::{ActivitySummary, ModelSummary};

/// The most activity rows the readiness timeline and the report's activity
/// table show for one model.
pub const MAX_ACTIVITIES_SHOWN: usize = 40;

/// The activities to show, in file order, and how many are left out.
pub(crate) fn shown_activities(m: &ModelSummary) -> (Vec<&ActivitySummary>, usize) {
    let all = &m.activities;
    if all.len() <= MAX_ACTIVITIES_SHOWN {
        return (all.iter().collect(), 0);
    }
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&all[a], &all[b]);
        y.criticality
            .total_cmp(&x.criticality)
            .then(y.finish_weeks.p90.total_cmp(&x.finish_weeks.p90))
            .then(a.cmp(&b))
    });
    order.truncate(MAX_ACTIVITIES_SHOWN);
    order.sort_unstable();
    (
        order.into_iter().map(|i| &all[i]).collect(),
        all.len() - MAX_ACTIVITIES_SHOWN,
    )
}
