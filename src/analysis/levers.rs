//! What each countermeasure and risk is worth: the model run again with one
//! thing changed (a countermeasure switched off, or on when the file has it off;
//! a risk removed), on the same random numbers as the run itself. Each sampled
//! iteration is paired with the same iteration of the unchanged model, so the
//! TCO change is a mean of paired differences with a small standard error, and a
//! change that alters nothing is worth exactly zero.

use crate::model::Model;
use crate::sample::dist::Dist;
use crate::stats::moments::Moments;

/// What is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A countermeasure the scenario enables, switched off.
    SwitchOff,
    /// A countermeasure the scenario has switched off, switched on.
    SwitchOn,
    /// A risk that can no longer occur.
    Remove,
}

impl Change {
    /// The change's name in summary.json: `switch off`, `switch on` or `remove`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::SwitchOff => "switch off",
            Change::SwitchOn => "switch on",
            Change::Remove => "remove",
        }
    }
}

/// A countermeasure or risk of one model.
pub struct Lever {
    /// Index of the model it belongs to.
    pub model: usize,
    /// Its index among that model's countermeasures, or risks.
    index: usize,
    /// `countermeasure` or `risk`.
    pub kind: &'static str,
    /// Countermeasure or risk id.
    pub id: String,
    /// Shown in reports.
    pub name: String,
    /// What is changed.
    pub change: Change,
}

impl Lever {
    /// A copy of `model` with this one change made (built when needed, so a
    /// scenario with many countermeasures holds one copy at a time).
    pub fn changed(&self, model: &Model) -> Model {
        let mut changed = model.clone();
        let om = &mut changed.models[self.model];
        match self.change {
            Change::SwitchOff | Change::SwitchOn => {
                let cm = &mut om.countermeasures[self.index];
                cm.enabled = !cm.enabled;
            }
            Change::Remove => {
                let occurs = om.risks[self.index].occurs;
                changed.inputs[occurs].dist = Dist::Constant(0.0);
            }
        }
        changed
    }
}

/// Every countermeasure and risk of every model, in model order.
pub fn levers(model: &Model) -> Vec<Lever> {
    let mut levers = Vec::new();
    for (m, om) in model.models.iter().enumerate() {
        for (c, cm) in om.countermeasures.iter().enumerate() {
            levers.push(Lever {
                model: m,
                index: c,
                kind: "countermeasure",
                id: cm.id.clone(),
                name: cm.name.clone(),
                change: if cm.enabled {
                    Change::SwitchOff
                } else {
                    Change::SwitchOn
                },
            });
        }
        for (r, risk) in om.risks.iter().enumerate() {
            levers.push(Lever {
                model: m,
                index: r,
                kind: "risk",
                id: risk.id.clone(),
                name: risk.name.clone(),
                change: Change::Remove,
            });
        }
    }
    levers
}

/// The effect of one change, measured on paired iterations.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverValue {
    /// Id of the model the countermeasure or risk belongs to.
    pub model: String,
    /// `countermeasure` or `risk`.
    pub kind: &'static str,
    /// Countermeasure or risk id.
    pub id: String,
    /// Shown in reports.
    pub name: String,
    /// What was changed.
    pub change: Change,
    /// The model's overall readiness P50 and P90 in weeks, as run and changed.
    pub readiness_p50_weeks: [f64; 2],
    /// The model's overall readiness P90 in weeks: as run, then changed.
    pub readiness_p90_weeks: [f64; 2],
    /// Mean change in the model's TCO (changed minus as run), and its standard error.
    pub tco_change: f64,
    /// Standard error of `tco_change`, from the paired differences.
    pub tco_change_se: f64,
}

impl LeverValue {
    /// Compares the changed model's sample with the run's, iteration by iteration.
    pub fn measure(
        lever: &Lever,
        model: &Model,
        reference: [&[f64]; 2],
        changed: [&[f64]; 2],
    ) -> LeverValue {
        let [tco, readiness] = reference;
        let [changed_tco, changed_readiness] = changed;
        let differences: Vec<f64> = changed_tco.iter().zip(tco).map(|(b, a)| b - a).collect();
        let moments = Moments::of(&differences);
        let (mean, se) = (moments.mean, moments.se());
        let quantiles = |values: &[f64]| {
            let mut sorted = values.to_vec();
            sorted.sort_by(f64::total_cmp);
            [0.5, 0.9].map(|q| super::sensitivity::type1_quantile(&sorted, q))
        };
        let (before, after) = (quantiles(readiness), quantiles(changed_readiness));
        LeverValue {
            model: model.models[lever.model].id.clone(),
            kind: lever.kind,
            id: lever.id.clone(),
            name: lever.name.clone(),
            change: lever.change,
            readiness_p50_weeks: [before[0], after[0]],
            readiness_p90_weeks: [before[1], after[1]],
            tco_change: mean,
            tco_change_se: se,
        }
    }
}
