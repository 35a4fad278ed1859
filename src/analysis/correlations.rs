//! The rank correlations the sampled inputs actually have: for each
//! correlation a scenario asks for, Spearman's rho between the two inputs'
//! draws over the run's first iterations (the same draws the run makes).
//! `opsim validate` and the report show them beside the ones asked.

use super::sample;
use super::sensitivity::{pearson, ranks};
use crate::model::Model;

/// Draws `opsim validate` measures achieved correlations on.
pub const VALIDATE_DRAWS: u64 = 10_000;

/// One correlation asked, and the one the draws have.
#[derive(Debug, Clone, PartialEq)]
pub struct Achieved {
    /// The two inputs' paths.
    pub inputs: [String; 2],
    /// Spearman's rho asked for.
    pub asked: f64,
    /// Spearman's rho of the first `draws` iterations' values.
    pub achieved: f64,
}

/// Every correlation of `model`, asked and achieved over iterations
/// `0..draws` of a run with seed `seed`.
pub fn achieved(model: &Model, seed: u64, draws: u64) -> Vec<Achieved> {
    let asked = &model.sampling.correlations;
    if asked.is_empty() || draws == 0 {
        return Vec::new();
    }
    let mut wanted: Vec<usize> = asked.iter().flat_map(|c| c.inputs).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let drawn = sample::inputs(model, seed, draws, &wanted);
    let ranked: Vec<Vec<f64>> = drawn.iter().map(|v| ranks(v)).collect();
    let column = |k: usize| &ranked[wanted.binary_search(&k).expect("drawn above")];
    asked
        .iter()
        .map(|c| Achieved {
            inputs: c.inputs.map(|k| model.inputs[k].path.clone()),
            asked: c.spearman,
            achieved: pearson(column(c.inputs[0]), column(c.inputs[1])),
        })
        .collect()
}
