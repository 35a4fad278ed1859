//! How a compiled model's once-per-iteration inputs are drawn: the sampling
//! mode ([`Sampling`]), each input's fast inverse CDF where the mode or a
//! correlation needs one, and the rank correlations asked between inputs with
//! the Gaussian copula that induces them ([`crate::sample::copula`]).

use crate::sample::copula::{Copula, pearson_for_spearman};
use crate::sample::inverse::Inverse;
use crate::sample::points::Sampling;

use super::{Input, InputId};

/// One rank correlation the scenario asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    /// The two inputs, by [`InputId`].
    pub inputs: [InputId; 2],
    /// The Spearman rank correlation asked, in [-1, 1].
    pub spearman: f64,
}

/// The inputs the copula correlates, and the copula.
#[derive(Debug, Clone)]
pub struct Correlated {
    /// Inputs in the copula's order: of the first correlation's, then the next new ones.
    pub inputs: Vec<InputId>,
    /// Position of each input of the model in `inputs`, if correlated.
    pub slot: Vec<Option<usize>>,
    /// The factor of their Pearson matrix.
    pub copula: Copula,
}

/// Everything about how inputs are drawn, beyond their distributions.
#[derive(Debug, Clone, Default)]
pub struct SamplingPlan {
    /// The mode of the once-per-iteration inputs.
    pub mode: Sampling,
    /// Each input's inverse CDF, when it is drawn through one (every uncertain
    /// input under `lhs` or `sobol`, correlated inputs always); by [`InputId`].
    pub inverse: Vec<Option<Inverse>>,
    /// Each input's Sobol dimension: uncertain inputs at compilation are
    /// numbered in order from 0, so a constant added or removed moves no
    /// other input's dimension; constants get `usize::MAX` (never drawn).
    pub dimension: Vec<usize>,
    /// Rank correlations as asked, in the file's order.
    pub correlations: Vec<Correlation>,
    /// None when no correlation is asked.
    pub correlated: Option<Correlated>,
}

/// Why a set of correlations cannot be induced.
#[derive(Debug, Clone, PartialEq)]
pub struct NotPositiveSemiDefinite {
    /// The inputs whose correlations with each other are inconsistent.
    pub inputs: Vec<InputId>,
}

impl SamplingPlan {
    /// The plan for `inputs` in `mode` with `correlations`; an error naming the
    /// inputs whose correlations no joint distribution can have.
    pub fn new(
        inputs: &[Input],
        mode: Sampling,
        correlations: Vec<Correlation>,
    ) -> Result<SamplingPlan, NotPositiveSemiDefinite> {
        let correlated = correlated(inputs.len(), &correlations)?;
        let mut next = 0;
        let dimension = inputs
            .iter()
            .map(|input| match input.dist.is_constant() {
                true => usize::MAX,
                false => {
                    next += 1;
                    next - 1
                }
            })
            .collect();
        let mut plan = SamplingPlan {
            mode,
            inverse: Vec::new(),
            dimension,
            correlations,
            correlated,
        };
        plan.build_inverses(inputs);
        Ok(plan)
    }

    /// The same plan in another mode.
    pub fn set_mode(&mut self, inputs: &[Input], mode: Sampling) {
        self.mode = mode;
        self.build_inverses(inputs);
    }

    /// Rebuilds the inverse CDFs the mode and the correlations need (after an
    /// input's distribution changed).
    pub fn build_inverses(&mut self, inputs: &[Input]) {
        let slot = self.correlated.as_ref().map(|c| &c.slot);
        self.inverse = inputs
            .iter()
            .enumerate()
            .map(|(k, input)| {
                let correlated = slot.is_some_and(|s| s[k].is_some());
                let needed =
                    correlated || (self.mode != Sampling::Random && !input.dist.is_constant());
                needed.then(|| Inverse::new(&input.dist))
            })
            .collect();
    }
}

fn correlated(
    inputs: usize,
    correlations: &[Correlation],
) -> Result<Option<Correlated>, NotPositiveSemiDefinite> {
    if correlations.is_empty() {
        return Ok(None);
    }
    let mut order: Vec<InputId> = Vec::new();
    let mut slot = vec![None; inputs];
    for c in correlations {
        for k in c.inputs {
            if slot[k].is_none() {
                slot[k] = Some(order.len());
                order.push(k);
            }
        }
    }
    let n = order.len();
    let mut pearson = vec![0.0; n * n];
    for i in 0..n {
        pearson[i * n + i] = 1.0;
    }
    for c in correlations {
        let (i, j) = (slot[c.inputs[0]].unwrap(), slot[c.inputs[1]].unwrap());
        let r = pearson_for_spearman(c.spearman);
        pearson[i * n + j] = r;
        pearson[j * n + i] = r;
    }
    match Copula::new(n, &pearson) {
        Ok(copula) => Ok(Some(Correlated {
            inputs: order,
            slot,
            copula,
        })),
        Err(row) => {
            // The row's input and every earlier input linked to it by correlations.
            let mut named = vec![order[row]];
            let mut grew = true;
            while grew {
                grew = false;
                for c in correlations {
                    let [a, b] = c.inputs;
                    let early = |k: InputId| slot[k].is_some_and(|s| s <= row);
                    for (x, y) in [(a, b), (b, a)] {
                        if named.contains(&x) && early(y) && !named.contains(&y) {
                            named.push(y);
                            grew = true;
                        }
                    }
                }
            }
            named.sort_by_key(|k| slot[*k]);
            Err(NotPositiveSemiDefinite { inputs: named })
        }
    }
}
