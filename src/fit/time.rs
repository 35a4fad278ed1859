//! Timestamps in an export: ISO 8601 / RFC 3339 times with an offset (`Z`,
//! `+01:00`: PagerDuty) or without one (`2026-01-05 09:12:33`: ServiceNow
//! exports times in the exporting user's time zone, with no offset). Both are
//! turned into whole seconds on one line; a file must not mix the two kinds,
//! because times without an offset cannot be placed against times with one.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;

/// Whether a timestamp carried its offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// `2026-01-05T09:12:33Z`, `...+01:00`, `... UTC`: an instant.
    Offset,
    /// `2026-01-05 09:12:33`: a wall-clock time in some unstated zone.
    Local,
}

impl Zone {
    /// How the report names the kind.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Zone::Offset => "with an offset from UTC",
            Zone::Local => "without an offset (local wall-clock times)",
        }
    }
}

/// A parsed time: seconds since 1970-01-01T00:00:00 (UTC for [`Zone::Offset`],
/// the same wall-clock reading for [`Zone::Local`]), and its kind.
pub(crate) fn parse(text: &str) -> Option<(i64, Zone)> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let utc_word = text
        .strip_suffix(" UTC")
        .or_else(|| text.strip_suffix(" GMT"));
    if let Some(rest) = utc_word {
        let civil: DateTime = rest.trim().parse().ok()?;
        return Some((seconds_of(civil), Zone::Offset));
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some((ts.as_second(), Zone::Offset));
    }
    // `2026-01-05 09:12:33 -0500`: an offset after a space.
    if let Some((time, offset)) = text.rsplit_once(' ')
        && offset.len() >= 3
        && offset.starts_with(['+', '-'])
        && offset[1..].chars().all(|c| c.is_ascii_digit() || c == ':')
        && let Ok(ts) = format!("{}{offset}", time.trim()).parse::<Timestamp>()
    {
        return Some((ts.as_second(), Zone::Offset));
    }
    let civil: DateTime = text.parse().ok()?;
    Some((seconds_of(civil), Zone::Local))
}

/// Seconds of a wall-clock reading as if it were UTC.
fn seconds_of(civil: DateTime) -> i64 {
    Offset::UTC
        .to_timestamp(civil)
        .map(|ts| ts.as_second())
        .unwrap_or(0)
}

/// `2026-01-05`: the calendar date of a time from [`parse`].
pub(crate) fn date(seconds: i64) -> String {
    match Timestamp::from_second(seconds) {
        Ok(ts) => Offset::UTC.to_datetime(ts).date().to_string(),
        Err(_) => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_local_times_are_told_apart() {
        assert_eq!(
            parse("2026-01-05T09:00:00Z"),
            Some((1_767_603_600, Zone::Offset))
        );
        assert_eq!(
            parse("2026-01-05T10:00:00+01:00"),
            Some((1_767_603_600, Zone::Offset))
        );
        assert_eq!(
            parse("2026-01-05 09:00:00 UTC"),
            Some((1_767_603_600, Zone::Offset))
        );
        assert_eq!(
            parse("2026-01-05 09:00:00"),
            Some((1_767_603_600, Zone::Local))
        );
        assert_eq!(
            parse("2026-01-05T09:00"),
            Some((1_767_603_600, Zone::Local))
        );
        assert_eq!(
            parse("2026-01-05 04:00:00 -0500"),
            Some((1_767_603_600, Zone::Offset))
        );
        assert_eq!(
            parse("2026-01-05 10:00:00 +01:00"),
            Some((1_767_603_600, Zone::Offset))
        );
        assert_eq!(parse("05/01/2026 09:00"), None);
        assert_eq!(parse(""), None);
        assert_eq!(date(1_767_603_600), "2026-01-05");
    }
}
