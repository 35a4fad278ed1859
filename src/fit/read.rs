//! Reading an export: the CSV streamed record by record (never all rows in
//! memory), each row's times parsed and checked, and what a fit needs kept:
//! the event times (8 bytes each), the times to restore (8 bytes each, with a
//! tier number), counts per service, and every skipped row counted by reason.
//! A bad row is an error naming its line, column and value, or with
//! `--skip-bad-rows` a counted skip: never dropped silently.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io;

use super::columns::{self, Columns, Role};
use super::time::{self, Zone};
use super::{FitError, Kind};

/// The most distinct tiers a tier column may hold: more is the wrong column.
pub(crate) const MAX_TIERS: usize = 50;

/// Longest excerpt of a cell quoted in a message, in characters.
const EXCERPT_CHARS: usize = 40;

/// Why a row was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reason {
    /// A row with more or fewer fields than the header.
    FieldCount,
    /// A needed cell that is not UTF-8 text.
    NotText,
    /// An empty opened (or deployment) time.
    NoTime,
    /// A time that is not an ISO 8601 date and time.
    BadTime,
    /// A time with an offset in a file of times without, or the reverse.
    MixedZones,
    /// Resolved before it opened.
    ResolvedBeforeOpened,
    /// Resolved at the very second it opened (a zero time to restore).
    ZeroDuration,
    /// An empty service cell.
    NoService,
    /// The same id (or, without an id column, the same whole row) again.
    Duplicate,
}

impl Reason {
    /// How the report lists the reason.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Reason::FieldCount => "wrong number of fields",
            Reason::NotText => "not UTF-8 text",
            Reason::NoTime => "empty time",
            Reason::BadTime => "unparseable time",
            Reason::MixedZones => "time zone kind differs from the first row",
            Reason::ResolvedBeforeOpened => "resolved before opened",
            Reason::ZeroDuration => "resolved the second it opened",
            Reason::NoService => "empty service",
            Reason::Duplicate => "duplicate",
        }
    }
}

/// Rows skipped for one reason.
#[derive(Debug, Clone)]
pub(crate) struct Skipped {
    /// Why.
    pub(crate) reason: Reason,
    /// How many rows.
    pub(crate) rows: u64,
    /// The line of the first such row.
    pub(crate) first_line: u64,
}

/// What a fit needs from a file.
#[derive(Debug)]
pub(crate) struct Data {
    /// The file's name as shown (its last path component).
    pub(crate) file_name: String,
    /// The columns used.
    pub(crate) columns: Columns,
    /// Data rows in the file (the header not counted).
    pub(crate) rows: u64,
    /// Opened (or deployment) time of each row used, in seconds.
    pub(crate) times_seconds: Vec<i64>,
    /// Rows used per service.
    pub(crate) per_service: HashMap<String, u64>,
    /// Time to restore of each resolved incident used, in hours.
    pub(crate) restore_hours: Vec<f64>,
    /// Tier number of each entry of `restore_hours` (0 without a tier column).
    pub(crate) restore_tier: Vec<u16>,
    /// Names of the tiers, by number.
    pub(crate) tier_names: Vec<String>,
    /// Incidents used with no resolved time (counted in the rate only).
    pub(crate) unresolved: u64,
    /// Rows skipped, by reason, in the order of [`Reason`].
    pub(crate) skipped: Vec<Skipped>,
    /// The kind of the file's times.
    pub(crate) zone: Zone,
}

impl Data {
    /// Rows used.
    pub(crate) fn used(&self) -> u64 {
        self.times_seconds.len() as u64
    }

    /// Rows skipped, all reasons.
    pub(crate) fn skipped_rows(&self) -> u64 {
        self.skipped.iter().map(|s| s.rows).sum()
    }
}

/// A row's problem, before it becomes an error or a skip.
struct RowProblem {
    reason: Reason,
    column: Option<String>,
    message: String,
    help: String,
}

/// Reads an export of `kind` from `input`.
pub(crate) fn read<R: io::Read>(
    input: R,
    file_name: &str,
    kind: Kind,
    given: &[(Role, String)],
    skip_bad_rows: bool,
) -> Result<Data, FitError> {
    let fail =
        |line: Option<u64>, column: Option<String>, message: String, help: String| FitError {
            file: file_name.to_string(),
            line,
            column,
            message,
            help,
        };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(io::BufReader::with_capacity(1 << 16, input));
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| {
                String::from_utf8_lossy(f)
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect(),
        Err(e) => {
            return Err(fail(
                Some(1),
                None,
                format!("cannot read the header: {e}"),
                "give a CSV file whose first line names the columns".into(),
            ));
        }
    };
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(fail(
            None,
            None,
            "the file is empty: it has no header line".into(),
            format!(
                "export the {} with a header line naming the columns",
                kind.noun_plural()
            ),
        ));
    }
    let columns = columns::recognise(kind, &header, given).map_err(|(role, wanted)| {
        let shown: Vec<String> = header
            .iter()
            .take(30)
            .map(|h| format!("`{}`", excerpt(h)))
            .collect();
        fail(
            Some(1),
            Some(role.key(kind).to_string()),
            format!(
                "no {} column: looked for {wanted}; the header has {}",
                role.key(kind),
                shown.join(", ")
            ),
            match separator_hint(&header) {
                Some(hint) => hint,
                None => format!(
                    "name the column with --columns {}=COLUMN (e.g. {})",
                    role.key(kind),
                    columns::example(kind)
                ),
            },
        )
    })?;
    let time_col = columns.index(Role::Time).unwrap_or(0);
    let resolved_col = columns.index(Role::Resolved);
    let service_col = columns.index(Role::Service).unwrap_or(0);
    let id_col = columns.index(Role::Id);
    let tier_col = columns.index(Role::Tier);

    let mut data = Data {
        file_name: file_name.to_string(),
        columns: columns.clone(),
        rows: 0,
        times_seconds: Vec::new(),
        per_service: HashMap::new(),
        restore_hours: Vec::new(),
        restore_tier: Vec::new(),
        tier_names: Vec::new(),
        unresolved: 0,
        skipped: Vec::new(),
        zone: Zone::Offset,
    };
    let mut zone: Option<(Zone, u64)> = None;
    let mut seen: HashMap<u64, u64> = HashMap::new();
    let mut skips: Vec<Skipped> = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                return Err(fail(
                    line,
                    None,
                    format!("not readable as CSV: {e}"),
                    "check the file is a CSV export (comma-separated, quoted fields closed)".into(),
                ));
            }
        }
        data.rows += 1;
        let line = record.position().map_or(data.rows + 1, |p| p.line());
        let row = parse_row(
            &record,
            header.len(),
            &columns,
            kind,
            (time_col, resolved_col, service_col, tier_col),
            &mut zone,
            line,
        );
        let row = row.and_then(|row| {
            let key = {
                let mut h = DefaultHasher::new();
                match id_col {
                    Some(i) => record.get(i).unwrap_or_default().hash(&mut h),
                    None => record.iter().for_each(|f| f.hash(&mut h)),
                }
                h.finish()
            };
            if let Some(first) = seen.get(&key) {
                let what = match id_col {
                    Some(i) => format!(
                        "{} `{}`",
                        columns.name(Role::Id),
                        excerpt(&String::from_utf8_lossy(record.get(i).unwrap_or_default()))
                    ),
                    None => "the whole row".to_string(),
                };
                return Err(RowProblem {
                    reason: Reason::Duplicate,
                    column: id_col.map(|_| columns.name(Role::Id).to_string()),
                    message: format!("duplicate: {what} is the same as on line {first}"),
                    help: "remove the repeated row (an export run twice, or pages that overlap)"
                        .into(),
                });
            }
            seen.insert(key, line);
            Ok(row)
        });
        match row {
            Ok(row) => {
                data.times_seconds.push(row.time);
                match data.per_service.get_mut(&row.service) {
                    Some(n) => *n += 1,
                    None => {
                        data.per_service.insert(row.service, 1);
                    }
                }
                match row.restore_hours {
                    Some(h) => {
                        let tier = match row.tier {
                            None => 0,
                            Some(t) => match data.tier_names.iter().position(|n| *n == t) {
                                Some(i) => i as u16,
                                None if data.tier_names.len() < MAX_TIERS => {
                                    data.tier_names.push(t);
                                    (data.tier_names.len() - 1) as u16
                                }
                                None => {
                                    return Err(fail(
                                        Some(line),
                                        Some(columns.name(Role::Tier).to_string()),
                                        format!(
                                            "the tier column holds more than {MAX_TIERS} different values"
                                        ),
                                        "map tier= to a column of a few availability tiers".into(),
                                    ));
                                }
                            },
                        };
                        data.restore_hours.push(h);
                        data.restore_tier.push(tier);
                    }
                    None if kind == Kind::Incidents => data.unresolved += 1,
                    None => {}
                }
            }
            Err(p) if skip_bad_rows => match skips.iter_mut().find(|s| s.reason == p.reason) {
                Some(s) => s.rows += 1,
                None => skips.push(Skipped {
                    reason: p.reason,
                    rows: 1,
                    first_line: line,
                }),
            },
            Err(p) => {
                return Err(fail(
                    Some(line),
                    p.column,
                    p.message,
                    format!(
                        "{}; or pass --skip-bad-rows to skip such rows, counted by reason",
                        p.help
                    ),
                ));
            }
        }
    }
    if data.rows == 0 {
        return Err(fail(
            None,
            None,
            "the file has a header but no rows".into(),
            format!("export the {} with their rows", kind.noun_plural()),
        ));
    }
    if data.times_seconds.is_empty() {
        return Err(fail(
            None,
            None,
            format!("every one of the {} rows was skipped as bad", data.rows),
            "check the columns and the time format (see docs/fit.md)".into(),
        ));
    }
    skips.sort_by_key(|s| s.reason);
    data.skipped = skips;
    data.zone = zone.map_or(Zone::Offset, |z| z.0);
    Ok(data)
}

/// One good row.
struct Row {
    time: i64,
    restore_hours: Option<f64>,
    service: String,
    tier: Option<String>,
}

fn parse_row(
    record: &csv::ByteRecord,
    fields: usize,
    columns: &Columns,
    kind: Kind,
    (time_col, resolved_col, service_col, tier_col): (usize, Option<usize>, usize, Option<usize>),
    zone: &mut Option<(Zone, u64)>,
    line: u64,
) -> Result<Row, RowProblem> {
    if record.len() != fields {
        return Err(RowProblem {
            reason: Reason::FieldCount,
            column: None,
            message: format!(
                "the row has {} fields where the header has {fields}",
                record.len()
            ),
            help: "quote fields that hold commas, or remove the stray line".into(),
        });
    }
    let cell = |col: usize, role: Role| -> Result<&str, RowProblem> {
        std::str::from_utf8(record.get(col).unwrap_or_default()).map_err(|_| RowProblem {
            reason: Reason::NotText,
            column: Some(columns.name(role).to_string()),
            message: "the cell is not UTF-8 text".into(),
            help: "export the file as UTF-8".into(),
        })
    };
    let mut parse_time = |col: usize, role: Role| -> Result<Option<i64>, RowProblem> {
        let text = cell(col, role)?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        let Some((seconds, this)) = time::parse(text) else {
            return Err(RowProblem {
                reason: Reason::BadTime,
                column: Some(columns.name(role).to_string()),
                message: format!("`{}` is not a date and time opsim reads", excerpt(text)),
                help: "export times as ISO 8601, e.g. 2026-01-05 09:12:33 or 2026-01-05T09:12:33Z"
                    .into(),
            });
        };
        match zone {
            None => *zone = Some((this, line)),
            Some((first, first_line)) if *first != this => {
                return Err(RowProblem {
                    reason: Reason::MixedZones,
                    column: Some(columns.name(role).to_string()),
                    message: format!(
                        "mixed time zones: `{}` is {}, but line {first_line} has times {}",
                        excerpt(text),
                        this.describe(),
                        first.describe()
                    ),
                    help:
                        "export every time in one form, all with an offset (e.g. Z) or all without"
                            .into(),
                });
            }
            Some(_) => {}
        }
        Ok(Some(seconds))
    };
    let Some(time) = parse_time(time_col, Role::Time)? else {
        return Err(RowProblem {
            reason: Reason::NoTime,
            column: Some(columns.name(Role::Time).to_string()),
            message: format!("the {} time is empty", Role::Time.key(kind)),
            help: "every row needs its time".into(),
        });
    };
    let restore_hours = match resolved_col {
        Some(col) => match parse_time(col, Role::Resolved)? {
            None => None,
            Some(resolved) if resolved < time => {
                return Err(RowProblem {
                    reason: Reason::ResolvedBeforeOpened,
                    column: Some(columns.name(Role::Resolved).to_string()),
                    message: format!(
                        "resolved before opened: {} is {} before {}",
                        columns.name(Role::Resolved),
                        duration_text(time - resolved),
                        columns.name(Role::Time)
                    ),
                    help: "correct the row's times (swapped columns, or a time zone slip)".into(),
                });
            }
            Some(resolved) if resolved == time => {
                return Err(RowProblem {
                    reason: Reason::ZeroDuration,
                    column: Some(columns.name(Role::Resolved).to_string()),
                    message: "resolved the second it opened: a time to restore of zero".into(),
                    help:
                        "a zero time to restore is usually an auto-closed record, not an incident"
                            .into(),
                });
            }
            Some(resolved) => Some((resolved - time) as f64 / 3600.0),
        },
        None => None,
    };
    let service = cell(service_col, Role::Service)?.trim();
    if service.is_empty() {
        return Err(RowProblem {
            reason: Reason::NoService,
            column: Some(columns.name(Role::Service).to_string()),
            message: "the service is empty".into(),
            help: "every row needs its service".into(),
        });
    }
    let tier = match tier_col {
        Some(col) => Some(cell(col, Role::Tier)?.trim().to_string()),
        None => None,
    };
    Ok(Row {
        time,
        restore_hours,
        service: service.to_string(),
        tier,
    })
}

/// A header read as one column that holds `;` or a tab: the file is not
/// comma-separated (as a spreadsheet saves it in some locales).
fn separator_hint(header: &[String]) -> Option<String> {
    let only = match header {
        [only] => only,
        _ => return None,
    };
    let separator = [(';', "`;`"), ('\t', "tabs")]
        .into_iter()
        .find(|(c, _)| only.contains(*c))?;
    Some(format!(
        "the file seems to separate its columns with {}: save or export it comma-separated (CSV)",
        separator.1
    ))
}

/// `3 h 20 min` from seconds.
fn duration_text(seconds: i64) -> String {
    let minutes = seconds / 60;
    if minutes < 60 {
        format!("{minutes} min")
    } else {
        format!("{} h {} min", minutes / 60, minutes % 60)
    }
}

/// A cell's text cut to [`EXCERPT_CHARS`] characters (the terminal printer
/// shows any control character in it visibly).
pub(crate) fn excerpt(text: &str) -> String {
    let count = text.chars().count();
    if count <= EXCERPT_CHARS {
        text.to_string()
    } else {
        let kept: String = text.chars().take(EXCERPT_CHARS - 1).collect();
        format!("{kept}…")
    }
}
