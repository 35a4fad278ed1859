//! The estimators (docs/fit.md states each exactly): the rate of events per
//! service per month with its uncertainty as a lognormal 90% interval, the
//! lognormal time to restore by maximum likelihood, and the empirical
//! (`discrete`) alternative. Pure functions of the data, so each is checked
//! against synthetic data drawn from known parameters.

use crate::sample::dist::Z_95;

/// Weeks in a month, as everywhere in opsim (docs/scenario.md): 52/12.
pub(crate) const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

/// Hours in a month: 52/12 weeks of 168 hours, 728 hours.
pub(crate) const HOURS_PER_MONTH: f64 = WEEKS_PER_MONTH * 7.0 * 24.0;

/// Seconds in a month.
const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

/// Groups of the empirical table (fewer when there are fewer times).
pub(crate) const EMPIRICAL_GROUPS: usize = 20;

/// A rate of events per service per month, fitted.
#[derive(Debug, Clone)]
pub(crate) struct RateFit {
    /// Events used.
    pub(crate) events: u64,
    /// Services the rate is shared among.
    pub(crate) services: u64,
    /// First and last event, seconds.
    pub(crate) first_seconds: i64,
    /// Last event, seconds.
    pub(crate) last_seconds: i64,
    /// Observed span (first to last event) in weeks.
    pub(crate) span_weeks: f64,
    /// The estimate: (events - 1) / span in months / services.
    pub(crate) per_service_per_month: f64,
    /// Whole months in the span, over which the dispersion is measured.
    pub(crate) whole_months: usize,
    /// Events in each whole month.
    pub(crate) monthly_counts: Vec<u64>,
    /// Variance / mean of the monthly counts, at least 1 (1 when fewer than
    /// two whole months).
    pub(crate) dispersion: f64,
    /// Sigma of the lognormal that carries the estimate's uncertainty.
    pub(crate) sigma_log: f64,
    /// Its 5th percentile.
    pub(crate) p5: f64,
    /// Its 95th percentile.
    pub(crate) p95: f64,
}

/// Fits the rate per service per month from event times (sorted in place).
/// Err when there are fewer than two events or they span no time.
pub(crate) fn rate(times_seconds: &mut [i64], services: u64) -> Result<RateFit, String> {
    times_seconds.sort_unstable();
    let n = times_seconds.len();
    if n < 2 {
        return Err(format!(
            "{n} usable row(s): a rate needs at least two events some time apart"
        ));
    }
    let (first, last) = (times_seconds[0], times_seconds[n - 1]);
    if last <= first {
        return Err("every event has the same time: the data span no time".into());
    }
    let span_months = (last - first) as f64 / SECONDS_PER_MONTH;
    let gaps = (n - 1) as f64;
    let per_month = gaps / span_months;
    let services = services.max(1);
    let rate = per_month / services as f64;

    let whole_months = span_months.floor() as usize;
    let mut monthly_counts = vec![0u64; whole_months];
    for t in times_seconds.iter() {
        let m = ((t - first) as f64 / SECONDS_PER_MONTH).floor() as usize;
        if m < whole_months {
            monthly_counts[m] += 1;
        }
    }
    let dispersion = dispersion(&monthly_counts);
    let cv2 = dispersion / gaps;
    let sigma_log = (1.0 + cv2).ln().sqrt();
    let mu = rate.ln() - sigma_log * sigma_log / 2.0;
    Ok(RateFit {
        events: n as u64,
        services,
        first_seconds: first,
        last_seconds: last,
        span_weeks: (last - first) as f64 / (7.0 * 86_400.0),
        per_service_per_month: rate,
        whole_months,
        monthly_counts,
        dispersion,
        sigma_log,
        p5: (mu - Z_95 * sigma_log).exp(),
        p95: (mu + Z_95 * sigma_log).exp(),
    })
}

/// Sample variance (n - 1) over mean of counts, at least 1; 1 for fewer than
/// two counts or a zero mean.
pub(crate) fn dispersion(counts: &[u64]) -> f64 {
    let k = counts.len();
    if k < 2 {
        return 1.0;
    }
    let mean = counts.iter().sum::<u64>() as f64 / k as f64;
    if mean <= 0.0 {
        return 1.0;
    }
    let ss: f64 = counts.iter().map(|&c| (c as f64 - mean).powi(2)).sum();
    (ss / (k as f64 - 1.0) / mean).max(1.0)
}

/// A lognormal fitted by maximum likelihood.
#[derive(Debug, Clone)]
pub(crate) struct LogNormalFit {
    /// Times used.
    pub(crate) n: usize,
    /// Mean of the natural logarithms.
    pub(crate) mu: f64,
    /// Population standard deviation of the natural logarithms (divisor n).
    pub(crate) sigma: f64,
    /// exp(mu - 1.6448536 sigma).
    pub(crate) p5: f64,
    /// exp(mu + 1.6448536 sigma).
    pub(crate) p95: f64,
    /// Kolmogorov-Smirnov distance between the data and the fit.
    pub(crate) ks: f64,
    /// The distance above which a lognormal is rejected at the 5% level
    /// (Lilliefors, parameters estimated from the data): 0.886 / sqrt(n).
    pub(crate) ks_critical: f64,
}

impl LogNormalFit {
    /// A fit worth a warning: the distance is both statistically detectable
    /// (above the Lilliefors critical value) and large in practice (above 0.05).
    pub(crate) fn is_poor(&self) -> bool {
        self.ks > self.ks_critical && self.ks > POOR_KS
    }
}

/// A KS distance (largest gap between cumulative shares) that matters in practice.
pub(crate) const POOR_KS: f64 = 0.05;

/// Fits a lognormal to positive times; `sorted_logs` receives their natural
/// logarithms in increasing order (for the report and chart). None for fewer
/// than two times or times that are all equal.
pub(crate) fn lognormal(hours: &[f64], sorted_logs: &mut Vec<f64>) -> Option<LogNormalFit> {
    sorted_logs.clear();
    sorted_logs.extend(hours.iter().map(|h| h.ln()));
    sorted_logs.sort_unstable_by(f64::total_cmp);
    let n = sorted_logs.len();
    if n < 2 {
        return None;
    }
    let mu = sorted_logs.iter().sum::<f64>() / n as f64;
    let var = sorted_logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / n as f64;
    let sigma = var.sqrt();
    if sigma <= 0.0 || !sigma.is_finite() {
        return None;
    }
    let ks = super::goodness::ks_normal(sorted_logs, mu, sigma);
    Some(LogNormalFit {
        n,
        mu,
        sigma,
        p5: (mu - Z_95 * sigma).exp(),
        p95: (mu + Z_95 * sigma).exp(),
        ks,
        ks_critical: 0.886 / (n as f64).sqrt(),
    })
}

/// The empirical table: the sorted times cut by rank into `min(n, 20)` groups
/// of (nearly) equal size (group j holds ranks floor(j n / k) to
/// floor((j + 1) n / k) - 1); each group is one (mean of the group, size of
/// the group) pair, so the table's weighted mean is the data's mean.
pub(crate) fn empirical(sorted_hours: &[f64]) -> Vec<(f64, u64)> {
    let n = sorted_hours.len();
    let k = n.min(EMPIRICAL_GROUPS);
    (0..k)
        .map(|j| {
            let (a, b) = (j * n / k, (j + 1) * n / k);
            let group = &sorted_hours[a..b];
            (
                group.iter().sum::<f64>() / group.len() as f64,
                group.len() as u64,
            )
        })
        .collect()
}

/// Rounds to four significant figures, as the fragment writes numbers.
pub(crate) fn four_figures(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(3 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::normal::standard_normal;
    use rand::{RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// A Poisson process of `rate_per_month` events over `months`, as seconds.
    fn poisson_process(rng: &mut Xoshiro256PlusPlus, rate_per_month: f64, months: f64) -> Vec<i64> {
        let mut t = 0.0;
        let mut out = Vec::new();
        loop {
            let u: f64 = rng.random();
            t += -(1.0 - u).ln() / rate_per_month;
            if t > months {
                return out;
            }
            out.push((t * SECONDS_PER_MONTH) as i64);
        }
    }

    #[test]
    fn the_rate_is_recovered_within_its_sampling_error() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(23);
        // 40 services at 0.7 incidents each a month, for 12 months: about 336 events.
        let (services, rate, months) = (40u64, 0.7, 12.0);
        let mut times = poisson_process(&mut rng, rate * services as f64, months);
        let fit = rate_fit(&mut times, services);
        let se = rate / (rate * services as f64 * months).sqrt();
        assert!(
            (fit.per_service_per_month - rate).abs() < 3.0 * se,
            "{} vs {rate} (se {se})",
            fit.per_service_per_month
        );
        assert!(fit.p5 < fit.per_service_per_month && fit.per_service_per_month < fit.p95);
        assert_eq!(fit.whole_months, 11);
    }

    fn rate_fit(times: &mut [i64], services: u64) -> RateFit {
        rate(times, services).unwrap()
    }

    /// The 90% interval covers the true rate about 90% of the time: 400 data
    /// sets of about 60 events; binomial(400, 0.9) lies in [342, 378] with
    /// probability above 99.9%.
    #[test]
    fn the_interval_covers_the_true_rate_nine_times_in_ten() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let (services, rate, months) = (10u64, 0.5, 12.0);
        let covered = (0..400)
            .filter(|_| {
                let mut times = poisson_process(&mut rng, rate * services as f64, months);
                let fit = rate_fit(&mut times, services);
                fit.p5 <= rate && rate <= fit.p95
            })
            .count();
        assert!((342..=378).contains(&covered), "covered {covered} of 400");
    }

    /// The definitions of docs/fit.md on data worked by hand: 41 events a
    /// quarter of a 728-hour month apart span exactly 10 months, so 40 gaps
    /// over 10 months on 2 services is 2 a service a month; every whole month
    /// holds 4 events (dispersion 1); cv^2 = 1/40.
    #[test]
    fn the_rate_follows_its_definition_exactly() {
        let quarter = (728.0 * 3600.0 / 4.0) as i64;
        let mut times: Vec<i64> = (0..=40).rev().map(|j| 1_000 + j * quarter).collect();
        let fit = rate(&mut times, 2).unwrap();
        assert_eq!(fit.events, 41);
        assert!((fit.per_service_per_month - 2.0).abs() < 1e-12);
        assert_eq!(fit.whole_months, 10);
        assert_eq!(fit.monthly_counts, vec![4; 10]);
        assert_eq!(fit.dispersion, 1.0);
        let sigma = (1.0f64 + 1.0 / 40.0).ln().sqrt();
        let mu = 2.0f64.ln() - sigma * sigma / 2.0;
        assert!((fit.p5 - (mu - Z_95 * sigma).exp()).abs() < 1e-12);
        assert!((fit.p95 - (mu + Z_95 * sigma).exp()).abs() < 1e-12);
        // The lognormal's mean is the observed rate.
        assert!(((mu + sigma * sigma / 2.0).exp() - 2.0).abs() < 1e-12);
        assert!((fit.span_weeks - 10.0 * 52.0 / 12.0).abs() < 1e-9);
    }

    #[test]
    fn the_lognormal_follows_its_definition_exactly() {
        // ln times -1, 1, -1, 1: mu 0, population sd 1.
        let e = std::f64::consts::E;
        let mut logs = Vec::new();
        let fit = lognormal(&[1.0 / e, e, 1.0 / e, e], &mut logs).unwrap();
        assert!(fit.mu.abs() < 1e-12 && (fit.sigma - 1.0).abs() < 1e-12);
        assert!((fit.p5 - (-Z_95).exp()).abs() < 1e-12);
        assert!((fit.p95 - Z_95.exp()).abs() < 1e-12);
        assert!(lognormal(&[3.0, 3.0], &mut logs).is_none());
        assert!(rate(&mut [5, 5], 1).is_err());
        assert!(rate(&mut [5], 1).is_err());
    }

    #[test]
    fn bursty_months_widen_the_interval() {
        assert_eq!(dispersion(&[10, 10, 10, 10]), 1.0);
        // mean 10, sample variance 200/3: dispersion 6.67
        assert!((dispersion(&[0, 20, 10, 10]) - 200.0 / 3.0 / 10.0).abs() < 1e-12);
        assert_eq!(dispersion(&[5]), 1.0);
    }

    #[test]
    fn the_lognormal_is_recovered_within_its_sampling_error() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let (mu, sigma, n) = (1.2_f64, 0.9_f64, 5_000);
        let hours: Vec<f64> = (0..n)
            .map(|_| (mu + sigma * standard_normal(&mut rng)).exp())
            .collect();
        let mut logs = Vec::new();
        let fit = lognormal(&hours, &mut logs).unwrap();
        // se(mu hat) = sigma / sqrt(n); se(sigma hat) ~ sigma / sqrt(2n).
        assert!(
            (fit.mu - mu).abs() < 3.5 * sigma / (n as f64).sqrt(),
            "{}",
            fit.mu
        );
        assert!(
            (fit.sigma - sigma).abs() < 3.5 * sigma / (2.0 * n as f64).sqrt(),
            "{}",
            fit.sigma
        );
        assert!(!fit.is_poor(), "ks {}", fit.ks);
        assert!((fit.p5 * fit.p95).sqrt() - fit.mu.exp() < 1e-9);
    }

    #[test]
    fn a_bimodal_sample_is_a_poor_fit() {
        let hours: Vec<f64> = (0..2000)
            .map(|i| {
                if i % 2 == 0 {
                    0.1 + i as f64 * 1e-5
                } else {
                    50.0 + i as f64 * 1e-3
                }
            })
            .collect();
        let mut logs = Vec::new();
        assert!(lognormal(&hours, &mut logs).unwrap().is_poor());
    }

    #[test]
    fn the_empirical_table_keeps_the_mean() {
        let hours: Vec<f64> = (1..=103).map(|i| i as f64 * 0.5).collect();
        let table = empirical(&hours);
        assert_eq!(table.len(), 20);
        assert_eq!(table.iter().map(|t| t.1).sum::<u64>(), 103);
        let mean = table.iter().map(|(v, w)| v * *w as f64).sum::<f64>() / 103.0;
        assert!((mean - 26.0).abs() < 1e-9, "{mean}");
        assert_eq!(empirical(&[2.0, 4.0]), vec![(2.0, 1), (4.0, 1)]);
    }

    #[test]
    fn four_figures_rounds() {
        assert_eq!(four_figures(0.123456), 0.1235);
        assert_eq!(four_figures(12345.6), 12350.0);
        assert_eq!(four_figures(1.0), 1.0);
    }
}
