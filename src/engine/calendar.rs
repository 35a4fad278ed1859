//! Month geometry and discounting. Month m (0-based) spans weeks
//! [m x 52/12, (m + 1) x 52/12). Cash flows of month m are discounted to the
//! start of month 0 at the end of the month: factor (1 + r)^(-(m + 1)/12) for an
//! annual rate r (monthly discounting of an annual rate). Transcendental
//! functions come from the pure-Rust `libm` crate, not the platform's C library,
//! so results are bit-identical on every machine.

use crate::model::WEEKS_PER_MONTH;

/// Month boundaries in weeks and discount factors of a run's horizon.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// Months in the horizon.
    pub horizon_months: usize,
    /// Week at which each month starts; `horizon_months + 1` entries.
    pub month_start_weeks: Vec<f64>,
    /// Discount factor of each month within the horizon.
    pub discount: Vec<f64>,
    /// ln(1 + r) / 12, for months beyond the horizon.
    log_discount_per_month: f64,
}

impl Calendar {
    /// The calendar of `horizon_months` months, discounted at
    /// `discount_rate_per_year` (a share a year, e.g. 0.035).
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

    /// Sum over weeks [from, to) of each week's discount factor (the factor of
    /// the month it falls in), in closed form: whole months form a geometric series.
    pub fn discounted_weeks(&self, from: f64, to: f64) -> f64 {
        if to <= from {
            return 0.0;
        }
        let (first, last) = (self.month_of_week(from), self.month_of_week(to));
        if first == last {
            return (to - from) * self.discount_factor(first);
        }
        let head = (month_start(first + 1) - from) * self.discount_factor(first);
        let tail = (to - month_start(last)) * self.discount_factor(last);
        head + WEEKS_PER_MONTH * self.discount_sum(first + 1, last) + tail
    }

    /// Sum of the discount factors of months [from, to): (1+r)^-(m+1)/12 summed.
    fn discount_sum(&self, from: usize, to: usize) -> f64 {
        let months = to.saturating_sub(from) as f64;
        let lr = self.log_discount_per_month;
        if lr == 0.0 {
            return months;
        }
        // q^(from+1) (1 - q^n) / (1 - q) with q = exp(-lr), written with expm1 for accuracy.
        libm::exp(-(from as f64 + 1.0) * lr) * libm::expm1(-months * lr) / libm::expm1(-lr)
    }

    /// [`month_start`] of month `m`, from the table within the horizon (no
    /// division): the same value.
    #[inline]
    pub fn start_weeks(&self, m: usize) -> f64 {
        match self.month_start_weeks.get(m) {
            Some(&weeks) => weeks,
            None => month_start(m),
        }
    }

    /// The month that contains week `w` (may lie beyond the horizon).
    #[inline]
    pub fn month_of_week(&self, w: f64) -> usize {
        // The conversion truncates towards zero and saturates (NaN and negative
        // weeks give 0): floor(max(0, w / WEEKS_PER_MONTH)), without the C
        // library's `floor` that x86-64's baseline instructions call for.
        let guess = (w / WEEKS_PER_MONTH) as usize;
        // Guard against rounding at a boundary: month m holds [start(m), start(m+1)).
        if self.start_weeks(guess.saturating_add(1)) <= w {
            guess.saturating_add(1)
        } else if guess > 0 && self.start_weeks(guess) > w {
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
    fn start_weeks_are_month_start_within_and_beyond_the_horizon() {
        let c = Calendar::new(36, 0.035);
        for m in 0..50 {
            assert_eq!(
                c.start_weeks(m).to_bits(),
                month_start(m).to_bits(),
                "month {m}"
            );
        }
    }

    #[test]
    fn the_month_of_a_week_is_the_floor_of_its_months_from_0() {
        let c = Calendar::new(36, 0.0);
        for w in [
            -5.0,
            -0.1,
            -0.0,
            0.0,
            4.3,
            4.34,
            4.4,
            51.99,
            52.0,
            1e6,
            f64::NAN,
        ] {
            let floor = (w / WEEKS_PER_MONTH).floor().max(0.0) as usize;
            let m = c.month_of_week(w);
            // The guess is corrected by a month either way at boundaries.
            assert!(m.abs_diff(floor) <= 1, "week {w}");
            assert!(w.is_nan() || w <= 0.0 || (month_start(m) <= w && w < month_start(m + 1)));
        }
        assert_eq!(c.month_of_week(f64::NAN), 0);
        assert_eq!(c.month_of_week(-3.0), 0);
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
    fn discounted_weeks_in_closed_form_match_a_month_by_month_sum() {
        for rate in [0.0, 0.035, 0.2] {
            let c = Calendar::new(36, rate);
            let (from, to) = (200.3, 1234.9);
            let mut by_month = 0.0;
            let mut m = c.month_of_week(from);
            while month_start(m) < to {
                let overlap = to.min(month_start(m + 1)) - from.max(month_start(m));
                by_month += overlap.max(0.0) * c.discount_factor(m);
                m += 1;
            }
            let closed = c.discounted_weeks(from, to);
            assert!(
                (closed - by_month).abs() < 1e-9 * by_month,
                "rate {rate}: {closed} vs {by_month}"
            );
        }
        // A preposterously long span is summed at once, not month by month.
        let c = Calendar::new(36, 0.035);
        assert!(c.discounted_weeks(200.0, 1e300).is_finite());
    }

    #[test]
    fn discounting_is_monthly_compounding_of_the_annual_rate() {
        let c = Calendar::new(24, 0.1);
        assert!((c.discount_factor(11) - 1.0 / 1.1).abs() < 1e-12);
        assert!((c.discount_factor(23) - 1.0 / 1.21).abs() < 1e-12);
        assert!((c.discount_factor(35) - 1.0 / 1.331).abs() < 1e-12);
    }
}
