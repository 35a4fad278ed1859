//! Calendar dates from week offsets, for scenarios with a start date
//! (proleptic Gregorian calendar; days-from-civil after Howard Hinnant).

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, or None if it is not one.
pub(crate) fn parse_days(date: &str) -> Option<i64> {
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of a day count since 1970-01-01.
pub(crate) fn format_days(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// (year, month 1-12, day 1-31) of a day count since 1970-01-01.
pub(crate) fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Mar 2029": the month and year of a day count.
pub(crate) fn month_year(days: i64) -> String {
    let (y, m, _) = civil(days);
    format!("{} {y}", MONTHS[(m - 1) as usize])
}

/// "5 Jul 2027": a date for people, unambiguous in every country.
pub(crate) fn day_month_year(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{d} {} {y}", MONTHS[(m - 1) as usize])
}

/// Days since 1970-01-01 of the date `weeks` after `start` (rounded to the day).
pub(crate) fn days_after_weeks(start: &str, weeks: f64) -> Option<i64> {
    let days = parse_days(start)?;
    if !weeks.is_finite() || weeks.abs() > 1e6 {
        return None;
    }
    Some(days + (weeks * 7.0).round() as i64)
}

/// Day counts of the first day of every `step_months`-th calendar month (January
/// always among them) from `from_days` to `to_days` inclusive.
pub(crate) fn month_starts(from_days: i64, to_days: i64, step_months: i64) -> Vec<i64> {
    let (mut y, mut m, d) = civil(from_days);
    if d > 1 {
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let mut out = Vec::new();
    loop {
        let first = parse_days(&format!("{y:04}-{m:02}-01")).unwrap_or(i64::MAX);
        if first > to_days {
            return out;
        }
        if (m - 1) % step_months.max(1) == 0 {
            out.push(first);
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
}

/// The date `weeks` after `start` (rounded to the day).
pub(crate) fn date_after_weeks(start: &str, weeks: f64) -> Option<String> {
    days_after_weeks(start, weeks).map(format_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_adds_weeks() {
        assert_eq!(parse_days("1970-01-01"), Some(0));
        assert_eq!(format_days(parse_days("2024-02-29").unwrap()), "2024-02-29");
        assert_eq!(
            date_after_weeks("2027-01-04", 52.0).as_deref(),
            Some("2028-01-03")
        );
        assert_eq!(
            date_after_weeks("2026-12-28", 1.0).as_deref(),
            Some("2027-01-04")
        );
    }

    #[test]
    fn labels_and_month_starts() {
        let start = parse_days("2027-01-04").unwrap();
        assert_eq!(month_year(start), "Jan 2027");
        assert_eq!(day_month_year(start), "4 Jan 2027");
        let firsts: Vec<String> = month_starts(start, start + 200, 3)
            .into_iter()
            .map(format_days)
            .collect();
        assert_eq!(firsts, ["2027-04-01", "2027-07-01"]);
        assert_eq!(month_starts(start - 3, start, 1).len(), 1);
    }
}
