//! What a comparison's charts say in their titles: the finding in the
//! verdict's words and numbers (`export::verdict`): "You Build It You Run It
//! saves about £153k over 36 months; cheaper in 61% of futures". The saving is
//! the baseline's mean TCO minus the model's (the negated mean TCO
//! difference), to three significant figures (`format::money_short`); the
//! chance of being cheaper as `format::chance` writes it.

use crate::engine::record::Difference;
use crate::engine::summary::{ComparisonSummary, Summary};
use crate::export::format::{chance, money_short};

/// Mean saving of a compared model over the horizon: baseline TCO minus its own.
pub(crate) fn mean_saving(c: &ComparisonSummary) -> f64 {
    -c.difference(Difference::Tco).mean
}

/// The finding of one comparison as a title.
pub(crate) fn saving_title(summary: &Summary, c: &ComparisonSummary) -> String {
    let saving = mean_saving(c);
    let months = summary.horizon_months;
    let cur = &summary.currency;
    let chance = chance(c.probability_cheaper);
    if saving >= 0.0 {
        format!(
            "{} saves about {} over {months} months; cheaper in {chance} of futures",
            c.name,
            money_short(cur, saving)
        )
    } else {
        format!(
            "{} costs about {} more over {months} months; cheaper in {chance} of futures",
            c.name,
            money_short(cur, -saving)
        )
    }
}
