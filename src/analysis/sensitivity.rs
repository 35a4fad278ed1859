//! Which inputs drive an output: for each uncertain input, its Spearman rank
//! correlation with the output, its share of the explained variance, and its
//! swing, all from the same sampled iterations.
//!
//! - Rank correlation: Pearson's correlation of the two samples' ranks, ties
//!   given their average rank (so a yes/no risk is handled exactly).
//! - Share of explained variance: the input's squared rank correlation divided by
//!   the sum of every input's, the usual "contribution to variance" of
//!   spreadsheet Monte Carlo tools. It is exact when the output is a sum of
//!   independent monotone effects, and an approximation otherwise.
//! - Swing: the output's mean over the iterations where the input is at or below
//!   its own P10, and over those at or above its P90, in the output's units. An
//!   input that takes one value across its middle 80% (a rare risk) is split at
//!   that value instead: at it, versus above it.

use crate::model::words::Words;
use crate::model::{Confidence, Input};

/// How one input moves one output.
#[derive(Debug, Clone, PartialEq)]
pub struct InputEffect {
    /// The input's path in the scenario.
    pub path: String,
    /// The input in words: its label, unit and model ([`crate::model::Model::words`]).
    pub words: Words,
    /// Where its value came from and how far it can be trusted, as written.
    pub source: Option<String>,
    /// How far its value can be trusted, as written.
    pub confidence: Option<Confidence>,
    pub rank_correlation: f64,
    pub variance_share: f64,
    /// The output's mean when the input is low (bottom decile).
    pub low_mean: f64,
    /// The output's mean when the input is high (top decile).
    pub high_mean: f64,
    /// The input's values bounding the two groups (its P10 and P90).
    pub low_value: f64,
    pub high_value: f64,
}

impl InputEffect {
    /// The output's change from the input's bottom to its top decile.
    pub fn swing(&self) -> f64 {
        self.high_mean - self.low_mean
    }
}

/// How one input moves one output; `variance_share` is left at 0 for
/// [`finish`] to fill in once every input is known.
/// `ranks` of the input and of the output come from [`ranks`].
pub(crate) fn effect(
    input: &Input,
    words: Words,
    (values, value_ranks): (&[f64], &[f64]),
    (output, output_ranks): (&[f64], &[f64]),
) -> InputEffect {
    let (low_value, high_value, low_mean, high_mean) = decile_means(values, output);
    InputEffect {
        path: input.path.clone(),
        words,
        source: input.source.clone(),
        confidence: input.confidence,
        rank_correlation: pearson(value_ranks, output_ranks),
        variance_share: 0.0,
        low_mean,
        high_mean,
        low_value,
        high_value,
    }
}

/// Fills in each input's share of the explained variance and orders the
/// effects largest swing first (ties: by path).
pub(crate) fn finish(mut effects: Vec<InputEffect>) -> Vec<InputEffect> {
    let explained: f64 = effects.iter().map(|e| e.rank_correlation.powi(2)).sum();
    if explained > 0.0 {
        for e in &mut effects {
            e.variance_share = e.rank_correlation.powi(2) / explained;
        }
    }
    effects.sort_by(|a, b| {
        b.swing()
            .abs()
            .total_cmp(&a.swing().abs())
            .then_with(|| a.path.cmp(&b.path))
    });
    effects
}

/// Ranks 1..=n, ties sharing their average rank.
pub(crate) fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let average = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = average;
        }
        start = end;
    }
    ranks
}

/// Pearson's correlation; 0 when either sample does not vary.
pub(crate) fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    if a.len() < 2 {
        return 0.0;
    }
    let (mean_a, mean_b) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (dx, dy) = (x - mean_a, y - mean_b);
        ab += dx * dy;
        aa += dx * dx;
        bb += dy * dy;
    }
    if aa == 0.0 || bb == 0.0 {
        return 0.0;
    }
    (ab / (aa * bb).sqrt()).clamp(-1.0, 1.0)
}

/// (P10, P90, output mean at or below P10, output mean at or above P90).
fn decile_means(input: &[f64], output: &[f64]) -> (f64, f64, f64, f64) {
    let mut sorted = input.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (low, high) = (type1_quantile(&sorted, 0.1), type1_quantile(&sorted, 0.9));
    let mean_where = |keep: &dyn Fn(f64) -> bool| {
        let (mut sum, mut count) = (0.0, 0usize);
        for (&x, &y) in input.iter().zip(output) {
            if keep(x) {
                sum += y;
                count += 1;
            }
        }
        if count == 0 {
            f64::NAN
        } else {
            sum / count as f64
        }
    };
    if low < high {
        return (
            low,
            high,
            mean_where(&|x| x <= low),
            mean_where(&|x| x >= high),
        );
    }
    // One value across the middle 80%: at it versus beyond it.
    let above = mean_where(&|x| x > low);
    if !above.is_nan() {
        return (low, low, mean_where(&|x| x <= low), above);
    }
    let below = mean_where(&|x| x < low);
    if !below.is_nan() {
        return (low, low, below, mean_where(&|x| x >= low));
    }
    let all = mean_where(&|_| true);
    (low, low, all, all)
}

/// The type-1 (inverse empirical CDF) quantile of sorted values.
pub(crate) fn type1_quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn a_monotone_transform_has_rank_correlation_one() {
        let x: Vec<f64> = (0..100).map(|i| f64::from(i) * 0.37).collect();
        let y: Vec<f64> = x.iter().map(|v| v.exp()).collect();
        assert!((pearson(&ranks(&x), &ranks(&y)) - 1.0).abs() < 1e-12);
        let reversed: Vec<f64> = x.iter().map(|v| -v * v).collect();
        assert!((pearson(&ranks(&x), &ranks(&reversed)) + 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_yes_no_input_splits_at_its_value() {
        // 95% zeros: P10 = P90 = 0, so the groups are "0" and "1".
        let input: Vec<f64> = (0..100).map(|i| f64::from(u8::from(i >= 95))).collect();
        let output: Vec<f64> = input.iter().map(|x| 10.0 + 5.0 * x).collect();
        let (low, high, low_mean, high_mean) = decile_means(&input, &output);
        assert_eq!((low, high, low_mean, high_mean), (0.0, 0.0, 10.0, 15.0));
    }

    #[test]
    fn deciles_of_a_linear_output() {
        let input: Vec<f64> = (1..=100).map(f64::from).collect();
        let (low, high, low_mean, high_mean) = decile_means(&input, &input);
        assert_eq!((low, high), (10.0, 90.0));
        assert_eq!(low_mean, 5.5); // mean of 1..=10
        assert_eq!(high_mean, 95.0); // mean of 90..=100
    }
}
