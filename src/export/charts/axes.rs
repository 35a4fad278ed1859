//! Axes shared by the charts: where the ticks go and what they say. With a
//! start date, readiness axes tick on the first day of calendar months and the
//! horizon axis labels each tick month by the calendar month it starts in;
//! without one, both count weeks or months from the start. Category axes (one
//! bar per model) tick at the middle of each unit-wide slot.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

use crate::engine::calendar::month_start;
use crate::export::dates::{
    day_month_year, days_after_weeks, month_starts, month_year, parse_days,
};

/// Average weeks in a calendar month (365.2425 / 7 / 12).
const WEEKS_PER_CALENDAR_MONTH: f64 = 4.348_125;

/// Ticks, their labels and the axis description.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    pub ticks: Vec<f64>,
    labels: Vec<String>,
    pub description: String,
}

impl Axis {
    /// An axis in weeks from 0 to `max_weeks`, with at most `max_ticks` ticks.
    pub(crate) fn weeks(start_date: Option<&str>, max_weeks: f64, max_ticks: usize) -> Axis {
        let max_ticks = max_ticks.max(2) as f64;
        match start_date.and_then(parse_days) {
            Some(start_days) => calendar_weeks(start_days, max_weeks, max_ticks),
            None => plain_weeks(max_weeks, max_ticks),
        }
    }

    /// An axis over the horizon in months, 0 to `horizon_months`.
    pub(crate) fn months(start_date: Option<&str>, horizon_months: usize) -> Axis {
        let step = match horizon_months {
            0..=12 => 1,
            13..=24 => 3,
            25..=72 => 6,
            _ => 12,
        };
        let months: Vec<usize> = (0..=horizon_months).step_by(step).collect();
        let ticks = months.iter().map(|&m| m as f64).collect();
        match start_date {
            Some(start) if parse_days(start).is_some() => Axis {
                ticks,
                labels: months
                    .iter()
                    .map(|&m| {
                        days_after_weeks(start, month_start(m)).map_or(String::new(), month_year)
                    })
                    .collect(),
                description: format!(
                    "Month of the horizon, labelled by the date it starts (month 0 starts {})",
                    days_after_weeks(start, 0.0).map_or(String::new(), day_month_year)
                ),
            },
            _ => Axis {
                ticks,
                labels: months.iter().map(|m| m.to_string()).collect(),
                description: "Months from the start of the horizon".into(),
            },
        }
    }

    /// Categories in unit-wide slots, ticked and labelled at their middles.
    pub(crate) fn categories(names: &[String], description: &str) -> Axis {
        Axis {
            ticks: (0..names.len()).map(|i| i as f64 + 0.5).collect(),
            labels: names.to_vec(),
            description: description.into(),
        }
    }

    /// A coordinate from `lo` to `hi` with this axis's ticks.
    pub(crate) fn coord(&self, lo: f64, hi: f64) -> Ticked {
        Ticked {
            inner: (lo..hi).into(),
            ticks: self.ticks.clone(),
        }
    }

    /// The label of the tick at `value` (empty between ticks).
    pub(crate) fn label(&self, value: f64) -> String {
        self.ticks
            .iter()
            .position(|t| (t - value).abs() < 1e-9)
            .map_or(String::new(), |i| self.labels[i].clone())
    }
}

/// A linear f64 coordinate whose ticks are given, not chosen by plotters.
#[derive(Clone)]
pub struct Ticked {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }
}

fn calendar_weeks(start_days: i64, max_weeks: f64, max_ticks: f64) -> Axis {
    let span_months = max_weeks / WEEKS_PER_CALENDAR_MONTH;
    let step = [1, 2, 3, 6, 12, 24]
        .into_iter()
        .find(|s| span_months / *s as f64 <= max_ticks)
        .unwrap_or(48);
    let end_days = start_days + (max_weeks * 7.0).floor() as i64;
    let firsts = month_starts(start_days, end_days, step);
    Axis {
        ticks: firsts
            .iter()
            .map(|d| (d - start_days) as f64 / 7.0)
            .collect(),
        labels: firsts.iter().map(|d| month_year(*d)).collect(),
        description: format!("Date (week 0 = {})", day_month_year(start_days)),
    }
}

fn plain_weeks(max_weeks: f64, max_ticks: f64) -> Axis {
    let step = [1.0, 2.0, 4.0, 8.0, 13.0, 26.0, 52.0, 104.0]
        .into_iter()
        .find(|s| max_weeks / s <= max_ticks)
        .unwrap_or(208.0);
    let count = (max_weeks / step).floor() as usize;
    let ticks: Vec<f64> = (0..=count).map(|k| k as f64 * step).collect();
    Axis {
        labels: ticks.iter().map(|t| format!("{t}")).collect(),
        ticks,
        description: "Weeks from the start of setup".into(),
    }
}

/// A readiness time in weeks as people read it: "5 Jul 2027" with a start date,
/// "week 26.3" without.
pub(crate) fn when(start_date: Option<&str>, weeks: f64) -> String {
    match start_date.and_then(|s| days_after_weeks(s, weeks)) {
        Some(days) => day_month_year(days),
        None => format!("week {}", crate::export::format::figure(weeks)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_ticks_fall_on_month_starts() {
        let axis = Axis::weeks(Some("2027-01-04"), 40.0, 10);
        assert_eq!(axis.label(axis.ticks[0]), "Feb 2027");
        assert!(axis.ticks.len() <= 10);
        assert!(axis.description.contains("4 Jan 2027"));
    }

    #[test]
    fn plain_ticks_count_weeks() {
        let axis = Axis::weeks(None, 35.0, 10);
        assert_eq!(
            axis.ticks,
            [0.0, 4.0, 8.0, 12.0, 16.0, 20.0, 24.0, 28.0, 32.0]
        );
        assert_eq!(axis.label(8.0), "8");
        assert_eq!(axis.label(9.0), "");
        let months = Axis::months(Some("2027-01-04"), 36);
        assert_eq!(months.label(12.0), "Jan 2028");
    }
}
