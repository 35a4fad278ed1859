//! Month geometry and discounting. Month m (0-based) spans weeks
//! [m x 52/12, (m + 1) x 52/12). Cash flows of month m are discounted to the
//! start of month 0 at the end of the month: factor (1 + r)^(-(m + 1)/12) for an
//! annual rate r (monthly discounting of an annual rate). Transcendental
//! functions come from the pure-Rust `libm` crate, not the platform's C library,
//! so results are bit-identical on every machine.

use crate::model::WEEKS_PER_MONTH;

#[derive(Debug, Clone)]
pub struct Calendar {
    pub horizon_months: usize,
    /// Week at which each month starts; `horizon_months + 1` entries.
    pub month_start_weeks: Vec<f64>,
    /// Discount factor of each month within the horizon.
    pub discount: Vec<f64>,
    /// ln(1 + r) / 12, for months beyond the horizon.
    log_discount_per_month: f64,
}

impl Calendar {
    pub fn new(horizon_months: usize, discount_rate_per_year: f64) -> Calendar {
        let log_discount_per_month = libm::log(1.0 + discount_rate_per_year) / 12.0;
        Calendar {
            horizon_months,
            month_start_weeks: (0..=horizon_months).map(month_start).collect(),
            discount: (0..horizon_months)
                .map(|m| libm::exp(-(m as f64 + 1.0) * log_discount_per_month))
                .collect(),
            log_discount_per_month,
        }
    }

    /// Discount factor of month `m`, also beyond the horizon.
    #[inline]
    pub fn discount_factor(&self, m: usize) -> f64 {
        match self.discount.get(m) {
            Some(d) => *d,
            None => libm::exp(-(m as f64 + 1.0) * self.log_discount_per_month),
        }
    }

    /// The month that contains week `w` (may lie beyond the horizon).
    #[inline]
    pub fn month_of_week(&self, w: f64) -> usize {
        let guess = (w / WEEKS_PER_MONTH).floor().max(0.0) as usize;
        // Guard against rounding at a boundary: month m holds [start(m), start(m+1)).
        if month_start(guess + 1) <= w {
            guess + 1
        } else if guess > 0 && month_start(guess) > w {
            guess - 1
        } else {
            guess
        }
    }

    /// Share of month `m` that comes after readiness week `ready`, clamped to [0, 1]:
    /// f = (b - r) / (b - a) for the month [a, b).
    #[inline]
    pub fn share_after(&self, m: usize, ready_weeks: f64) -> f64 {
        let a = self.month_start_weeks[m];
        let b = self.month_start_weeks[m + 1];
        ((b - ready_weeks) / (b - a)).clamp(0.0, 1.0)
    }

    /// Midpoint week of month `m`.
    #[inline]
    pub fn midpoint_weeks(&self, m: usize) -> f64 {
        0.5 * (self.month_start_weeks[m] + self.month_start_weeks[m + 1])
    }
}

/// First week of month `m`: m x 52 / 12.
#[inline]
pub fn month_start(m: usize) -> f64 {
    (m as f64) * 52.0 / 12.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_52_twelfths_of_a_year() {
        let c = Calendar::new(36, 0.0);
        assert_eq!(c.month_start_weeks.len(), 37);
        assert!((c.month_start_weeks[12] - 52.0).abs() < 1e-12);
        assert!((c.month_start_weeks[36] - 156.0).abs() < 1e-12);
        assert_eq!(c.month_of_week(0.0), 0);
        assert_eq!(c.month_of_week(52.0), 12);
        assert_eq!(c.month_of_week(51.999), 11);
    }

    #[test]
    fn readiness_mid_month_prorates() {
        let c = Calendar::new(36, 0.0);
        let a = c.month_start_weeks[2];
        let b = c.month_start_weeks[3];
        let r = a + 0.25 * (b - a);
        assert!((c.share_after(2, r) - 0.75).abs() < 1e-12);
        assert_eq!(c.share_after(1, r), 0.0);
        assert_eq!(c.share_after(3, r), 1.0);
    }

    #[test]
    fn discounting_is_monthly_compounding_of_the_annual_rate() {
        let c = Calendar::new(24, 0.1);
        assert!((c.discount_factor(11) - 1.0 / 1.1).abs() < 1e-12);
        assert!((c.discount_factor(23) - 1.0 / 1.21).abs() < 1e-12);
        assert!((c.discount_factor(35) - 1.0 / 1.331).abs() < 1e-12);
    }
}
