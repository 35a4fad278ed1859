//! What a comparison's charts say in their titles: the finding in words a
//! board reads ("YBIYRI saves about £153k over 36 months; cheaper in 6 of 10
//! futures"). The saving is the baseline's mean TCO minus the model's (the
//! negated mean TCO difference), to three significant figures; the chance of
//! being cheaper is rounded to whole tenths ("6 of 10"), or given as "fewer
//! than 1 in 10" and "more than 9 in 10" beyond them.

use super::money_short;
use crate::engine::record::Difference;
use crate::engine::summary::{ComparisonSummary, Summary};

/// Mean saving of a compared model over the horizon: baseline TCO minus its own.
pub(crate) fn mean_saving(c: &ComparisonSummary) -> f64 {
    -c.difference(Difference::Tco).mean
}

/// "6 of 10": a probability in tenths.
pub(crate) fn in_tenths(p: f64) -> String {
    let tenths = (p * 10.0).round() as i64;
    match tenths {
        _ if p < 0.05 => "fewer than 1 in 10".into(),
        _ if p > 0.95 => "more than 9 in 10".into(),
        t => format!("{t} of 10"),
    }
}

/// The finding of one comparison as a title.
pub(crate) fn saving_title(summary: &Summary, c: &ComparisonSummary) -> String {
    let saving = mean_saving(c);
    let months = summary.horizon_months;
    let cur = &summary.currency;
    let chance = in_tenths(c.probability_cheaper);
    if saving >= 0.0 {
        format!(
            "{} saves about {} over {months} months; cheaper in {chance} futures",
            c.name,
            money_short(cur, saving)
        )
    } else {
        format!(
            "{} costs about {} more over {months} months; cheaper in {chance} futures",
            c.name,
            money_short(cur, -saving)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_round_and_saturate() {
        assert_eq!(in_tenths(0.61), "6 of 10");
        assert_eq!(in_tenths(0.649), "6 of 10");
        assert_eq!(in_tenths(0.65), "7 of 10");
        assert_eq!(in_tenths(0.01), "fewer than 1 in 10");
        assert_eq!(in_tenths(0.999), "more than 9 in 10");
    }
}
