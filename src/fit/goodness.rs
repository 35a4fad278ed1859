//! Goodness of fit of the lognormal time to restore: the Kolmogorov-Smirnov
//! distance on the log scale (the largest gap between the share of the data
//! at or below a value and the share the fit puts there), and the points of a
//! Q-Q plot.

use crate::sample::special::{normal_cdf, normal_quantile};

/// D = max over i of max(i/n - F(x_i), F(x_i) - (i-1)/n) for the sorted
/// `xs` against Normal(mu, sigma).
pub(crate) fn ks_normal(sorted: &[f64], mu: f64, sigma: f64) -> f64 {
    let n = sorted.len() as f64;
    sorted
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let f = normal_cdf((x - mu) / sigma);
            ((i as f64 + 1.0) / n - f).max(f - i as f64 / n)
        })
        .fold(0.0, f64::max)
}

/// Up to `points` (theoretical, observed) pairs of a normal Q-Q plot of the
/// sorted `xs` against Normal(mu, sigma): at plotting positions (i - 0.5)/n,
/// thinned evenly by rank when there are more data than points.
pub(crate) fn qq_points(sorted: &[f64], mu: f64, sigma: f64, points: usize) -> Vec<(f64, f64)> {
    let n = sorted.len();
    if n == 0 {
        return Vec::new();
    }
    let take = n.min(points.max(2));
    (0..take)
        .map(|j| {
            let i = if take == n {
                j
            } else {
                j * (n - 1) / (take - 1)
            };
            let q = (i as f64 + 0.5) / n as f64;
            (mu + sigma * normal_quantile(q), sorted[i])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_of_exact_quantiles_is_half_a_step() {
        // The data at the fit's own (i - 0.5)/n quantiles: D = 1/(2n).
        let n = 50;
        let xs: Vec<f64> = (0..n)
            .map(|i| normal_quantile((i as f64 + 0.5) / n as f64))
            .collect();
        let d = ks_normal(&xs, 0.0, 1.0);
        assert!((d - 0.01).abs() < 1e-9, "{d}");
        // Shifted by one sd, the gap is at least Phi(0.5) - Phi(-0.5) minus a step.
        assert!(ks_normal(&xs, 1.0, 1.0) > 0.35);
    }

    #[test]
    fn qq_points_are_thinned_by_rank() {
        let xs: Vec<f64> = (0..1000).map(|i| i as f64).collect();
        let qq = qq_points(&xs, 0.0, 1.0, 101);
        assert_eq!(qq.len(), 101);
        assert_eq!(qq[0].1, 0.0);
        assert_eq!(qq[100].1, 999.0);
    }
}
