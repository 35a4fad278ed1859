//! Command-line overrides (`--set PATH=VALUE`): any value of a scenario file set
//! from the command line and checked exactly like the file.
//!
//! An override edits the scenario text itself: it replaces the value the file
//! writes at PATH, or inserts `key = value` into the right table when the file
//! leaves the field to its default (`slots` knows which paths exist and where,
//! `edits` applies the changes and remembers them). The edited text goes through
//! the ordinary loader; each problem it reports is then traced back: into the
//! original file (line and column as the analyst sees them), or, when it lies in
//! an overridden value, to the `--set` argument itself, with the same message,
//! field path and fix.

mod edits;
mod slots;

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::DeTable;

use crate::model::Model;
use crate::scenario::error::{Problem, ScenarioError};
use crate::scenario::understand::closest;

use edits::{Edit, Edited, Origin};
use slots::{Place, Slot, Slots, TablePlace};

/// One `--set PATH=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The path as given: full (`organisation.services`) or a unique suffix
    /// (`countermeasures.change-approval-criteria.enabled`).
    pub path: String,
    /// The value as TOML text (`60`, `"developer"`, `{ lognormal = [0.5, 6] }`).
    pub value: String,
    /// The argument as written, `PATH=VALUE`, shown in messages as `--set PATH=VALUE`.
    pub argument: String,
    /// The flag it came from: `--set`, or `--vary` for a sweep's point.
    pub flag: &'static str,
}

impl Override {
    /// One point of a sweep's `--vary PATH=...`: PATH set to `value`.
    pub fn vary(path: &str, value: &str) -> Override {
        Override {
            path: path.to_string(),
            value: value.to_string(),
            argument: format!("{path}={value}"),
            flag: "--vary",
        }
    }

    /// How messages show the argument.
    pub fn shown(&self) -> String {
        format!("{} {}", self.flag, self.argument)
    }

    /// Byte range of the value within [`Override::shown`].
    fn value_range(&self) -> Range<usize> {
        let start = self.flag.len() + 1 + self.argument.find('=').map_or(0, |i| i + 1);
        start..self.shown().len()
    }

    /// Byte range of the path within [`Override::shown`].
    fn path_range(&self) -> Range<usize> {
        let start = self.flag.len() + 1 + self.argument.find(&self.path).unwrap_or(0);
        start..start + self.path.len()
    }
}

/// Parses `PATH=VALUE`. VALUE is TOML value syntax (a number, true/false, a
/// date, "quoted text", an array or an inline table); a bare word such as
/// `developer` or `from-tiers` (a letter, then letters, digits, `-`, `_` or `.`)
/// is taken as text, since shells strip the quotes around it.
pub fn parse_override(argument: &str) -> Result<Override, String> {
    let Some((path, value)) = argument.split_once('=') else {
        return Err(format!(
            "`{argument}` has no `=`: write PATH=VALUE, e.g. organisation.services=60"
        ));
    };
    let path = path.trim();
    if path.is_empty() || path.split('.').any(|part| part.trim().is_empty()) {
        return Err(format!(
            "`{argument}` needs a dotted path before `=`, e.g. organisation.services=60"
        ));
    }
    Ok(Override {
        path: path.to_string(),
        value: value_text(value)?,
        argument: argument.to_string(),
        flag: "--set",
    })
}

/// The TOML text of an override's value.
fn value_text(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("no value after `=`: write e.g. organisation.services=60".into());
    }
    let document = format!("v = {value}");
    let parsed = DeTable::parse(&document);
    if let Ok(table) = &parsed
        && table.get_ref().len() == 1
        && let Some(v) = table.get_ref().get("v")
    {
        return Ok(document[v.span()].to_string());
    }
    if is_bare_word(value) {
        return Ok(format!("\"{value}\""));
    }
    let why = match &parsed {
        Err(e) => format!(" ({})", e.message().trim()),
        Ok(_) => String::new(),
    };
    Err(format!(
        "`{value}` is not one TOML value{why}: write a number (60), true or false, \
         \"text\", an array ([500, 600, 750]) or an inline table ({{ lognormal = [0.5, 6] }}), \
         and quote the whole argument for the shell"
    ))
}

fn is_bare_word(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Parses and compiles scenario text with overrides applied; the same as
/// [`crate::scenario::load`] when there are none. Problems are shown against the
/// original file, or against the `--set` argument whose value they are in.
pub fn load_with_overrides(
    file_name: &str,
    source: &str,
    overrides: &[Override],
) -> Result<Model, ScenarioError> {
    let edited = match apply(file_name, source, overrides)? {
        Some(edited) => edited,
        None => return super::load(file_name, source),
    };
    super::load(file_name, &edited.text)
        .map_err(|e| trace_back(file_name, source, overrides, &edited, e.problems))
}

/// The scenario text with overrides applied (the text itself when there are
/// none), checked: it must load. Used by `opsim fit --apply`, which writes it.
pub fn edited_text(
    file_name: &str,
    source: &str,
    overrides: &[Override],
) -> Result<String, ScenarioError> {
    match apply(file_name, source, overrides)? {
        None => super::load(file_name, source).map(|_| source.to_string()),
        Some(edited) => match super::load(file_name, &edited.text) {
            Ok(_) => Ok(edited.text),
            Err(e) => Err(trace_back(
                file_name, source, overrides, &edited, e.problems,
            )),
        },
    }
}

/// The full path each override sets, in order (for showing what was set).
pub fn resolve_paths(
    file_name: &str,
    source: &str,
    overrides: &[Override],
) -> Result<Vec<String>, ScenarioError> {
    let Ok(root) = DeTable::parse(source) else {
        return Err(file_error(file_name, source));
    };
    let slots = slots::slots(source, root.get_ref());
    resolve_all(file_name, source, overrides, &slots)
        .map(|found| found.into_iter().map(|slot| slot.path.clone()).collect())
}

/// What `opsim validate` shows of the overrides: one line per `--set` with the
/// full path it set and the value, then a blank line; empty without overrides.
pub fn describe(
    file_name: &str,
    source: &str,
    overrides: &[Override],
) -> Result<String, ScenarioError> {
    if overrides.is_empty() {
        return Ok(String::new());
    }
    let paths = resolve_paths(file_name, source, overrides)?;
    let mut text = String::from("Set on the command line:\n");
    for (o, path) in overrides.iter().zip(paths) {
        text.push_str(&format!("  {path} = {}\n", o.value));
    }
    text.push('\n');
    Ok(text)
}

/// Every path an override may set in this scenario text: the values it writes
/// and the fields it leaves to their defaults. Empty when the text is not TOML.
pub fn settable_paths(source: &str) -> Vec<String> {
    match DeTable::parse(source) {
        Ok(root) => slots::slots(source, root.get_ref())
            .values
            .into_iter()
            .filter(|slot| !matches!(slot.place, Place::Closed(_)))
            .map(|slot| slot.path)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The edited text, or None when there is nothing to apply (no overrides, or a
/// file that is not TOML: its own syntax error comes first).
fn apply(
    file_name: &str,
    source: &str,
    overrides: &[Override],
) -> Result<Option<Edited>, ScenarioError> {
    if overrides.is_empty() {
        return Ok(None);
    }
    let Ok(root) = DeTable::parse(source) else {
        return Ok(None);
    };
    let slots = slots::slots(source, root.get_ref());
    let found = resolve_all(file_name, source, overrides, &slots)?;
    let edits = plan_edits(source, overrides, &found)
        .map_err(|problems| error(file_name, source, problems))?;
    Ok(Some(Edited::apply(source, edits)))
}

fn file_error(file_name: &str, source: &str) -> ScenarioError {
    match super::load(file_name, source) {
        Err(e) => e,
        Ok(_) => error(file_name, source, Vec::new()),
    }
}

fn error(file_name: &str, source: &str, problems: Vec<Problem>) -> ScenarioError {
    ScenarioError {
        file_name: file_name.to_string(),
        source: source.to_string(),
        problems,
    }
}

/// The slot of every override, or a problem for each one that names none (or
/// names the same value as an earlier one).
fn resolve_all<'s>(
    file_name: &str,
    source: &str,
    overrides: &[Override],
    slots: &'s Slots,
) -> Result<Vec<&'s Slot>, ScenarioError> {
    let mut found: Vec<(usize, &Slot)> = Vec::new();
    let mut problems = Vec::new();
    for (index, o) in overrides.iter().enumerate() {
        match resolve(&o.path, slots, file_name) {
            Ok(slot) => {
                if let Some((first, _)) = found.iter().find(|(_, s)| s.path == slot.path) {
                    problems.push(
                        Problem::new(
                            o.path_range(),
                            slot.path.clone(),
                            format!("{} is set twice", slot.path),
                            format!(
                                "keep one of `{}` and `{}`",
                                overrides[*first].shown(),
                                o.shown()
                            ),
                        )
                        .in_argument(o.shown()),
                    );
                }
                found.push((index, slot));
            }
            Err((message, help)) => {
                problems
                    .push(Problem::new(o.path_range(), "", message, help).in_argument(o.shown()));
            }
        }
    }
    if problems.is_empty() {
        Ok(found.into_iter().map(|(_, slot)| slot).collect())
    } else {
        Err(error(file_name, source, problems))
    }
}

/// Most candidates listed for an ambiguous path.
const MAX_LISTED: usize = 8;

/// The slot a path names: exactly, through the input-path alias `occurs`, or as
/// the unique slot it is a suffix of.
fn resolve<'s>(
    path: &str,
    slots: &'s Slots,
    file_name: &str,
) -> Result<&'s Slot, (String, String)> {
    let path = path
        .strip_suffix(".occurs")
        .map_or(path.to_string(), |risk| format!("{risk}.probability"));
    if let Some(slot) = slots.values.iter().find(|s| s.path == path) {
        return Ok(slot);
    }
    let tail = format!(".{path}");
    let matches: Vec<&Slot> = slots
        .values
        .iter()
        .filter(|s| s.path.ends_with(&tail))
        .collect();
    match matches[..] {
        [one] => return Ok(one),
        [] => {}
        _ => {
            let listed: Vec<&str> = matches
                .iter()
                .take(MAX_LISTED)
                .map(|s| s.path.as_str())
                .collect();
            let more = matches.len().saturating_sub(MAX_LISTED);
            return Err((
                format!("`{path}` is ambiguous: it ends {} paths", matches.len()),
                format!(
                    "write one in full: {}{}",
                    listed.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
            ));
        }
    }
    Err(not_found(&path, slots, file_name))
}

/// Why a path names no value, and the nearest one that it might mean.
fn not_found(path: &str, slots: &Slots, file_name: &str) -> (String, String) {
    let tail = format!(".{path}");
    if let Some(table) = slots
        .tables
        .iter()
        .find(|t| **t == path || t.ends_with(&tail))
    {
        let example = slots
            .values
            .iter()
            .find(|s| s.path.starts_with(&format!("{table}.")))
            .map_or(String::new(), |s| format!(", e.g. {}", s.path));
        return (
            format!("`{table}` is a table, not a value"),
            format!("set one of its fields{example}"),
        );
    }
    if let Some(whole) = enclosing_value(path, slots) {
        return (
            format!("`{path}` lies inside `{}`, which is one value", whole.path),
            format!(
                "set it whole, e.g. --set '{}={{ pert = [2, 4, 8] }}'",
                whole.path
            ),
        );
    }
    let full: Vec<String> = slots.values.iter().map(|s| s.path.clone()).collect();
    let parts = path.split('.').count();
    let suffixes: Vec<String> = full
        .iter()
        .map(|p| last_parts(p, parts).to_string())
        .collect();
    let best = closest(path, &full).map(str::to_string).or_else(|| {
        closest(path, &suffixes)
            .and_then(|s| full.iter().find(|p| last_parts(p, parts) == s).cloned())
    });
    let message = format!("no field `{path}` in {file_name} or its format");
    let help = match best {
        Some(best) => format!("did you mean `{best}`?"),
        None => "`opsim validate FILE` lists the inputs' paths; docs/scenario.md lists every field"
            .into(),
    };
    (message, help)
}

/// The value a path reaches into (`...delay_weeks.production-access` lies
/// inside `...delay_weeks`), naming it in full or by a unique suffix.
fn enclosing_value<'s>(path: &str, slots: &'s Slots) -> Option<&'s Slot> {
    let cuts = path.match_indices('.').map(|(i, _)| i).rev();
    cuts.map(|i| &path[..i]).find_map(|head| {
        let tail = format!(".{head}");
        let mut matches = slots
            .values
            .iter()
            .filter(|s| s.path == head || s.path.ends_with(&tail));
        match (matches.next(), matches.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    })
}

/// The last `n` dot-separated parts of a path.
fn last_parts(path: &str, n: usize) -> &str {
    let mut cut = path.len();
    for _ in 0..n {
        match path[..cut].rfind('.') {
            Some(i) => cut = i,
            None => return path,
        }
    }
    &path[cut + 1..]
}

/// The text edits that make the overrides: replacements of written values,
/// insertions into written tables, and new tables appended at the end (one
/// header per table, however many of its fields are set).
fn plan_edits(
    source: &str,
    overrides: &[Override],
    found: &[&Slot],
) -> Result<Vec<Edit>, Vec<Problem>> {
    let mut edits = Vec::new();
    let mut appended: BTreeMap<&str, Edit> = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, (o, slot)) in overrides.iter().zip(found).enumerate() {
        match &slot.place {
            Place::Written(span) => edits.push(Edit::value(span.clone(), &o.value, index)),
            Place::Missing { key, table } => match table {
                TablePlace::Header(at) => edits.push(Edit::insert(
                    *at,
                    &format!("\n{key} = "),
                    &o.value,
                    "",
                    index,
                )),
                TablePlace::Inline { at, comma } => {
                    let before = if *comma {
                        format!(", {key} = ")
                    } else {
                        format!(" {key} = ")
                    };
                    edits.push(Edit::insert(*at, &before, &o.value, " ", index));
                }
                TablePlace::Absent { header } => {
                    let end = source.len();
                    let line = format!("{key} = ");
                    match appended.get_mut(header.as_str()) {
                        Some(edit) => edit.push(&line, &o.value, "\n", index),
                        None => {
                            let lead = if source.ends_with('\n') { "" } else { "\n" };
                            let before = format!("{lead}\n[{header}]\n{line}");
                            appended
                                .insert(header, Edit::insert(end, &before, &o.value, "\n", index));
                        }
                    }
                }
                TablePlace::Closed => problems.push(closed(
                    o,
                    slot,
                    "its table is written with dotted keys or inside an array",
                )),
            },
            Place::Closed(reason) => problems.push(closed(o, slot, reason)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    edits.extend(appended.into_values());
    Ok(edits)
}

fn closed(o: &Override, slot: &Slot, reason: &str) -> Problem {
    Problem::new(
        o.path_range(),
        slot.path.clone(),
        format!(
            "{} cannot be set from the command line: {reason}",
            slot.path
        ),
        "edit the value in the file instead",
    )
    .in_argument(o.shown())
}

/// The loader's problems with the edited text, shown against the original file
/// or the `--set` argument each one lies in: arguments first, then file order.
fn trace_back(
    file_name: &str,
    source: &str,
    overrides: &[Override],
    edited: &Edited,
    problems: Vec<Problem>,
) -> ScenarioError {
    let mut in_arguments: Vec<(usize, Problem)> = Vec::new();
    let mut in_file = Vec::new();
    for problem in problems {
        let at_start = edited.origin(problem.span.start, false);
        match at_start {
            Origin::Value { index, offset } => {
                let o = &overrides[index];
                let span = argument_span(o, offset, problem.span.len());
                in_arguments.push((index, Problem { span, ..problem }.in_argument(o.shown())));
            }
            Origin::File(start) => {
                let end = match edited.origin(problem.span.end, true) {
                    Origin::File(end) => end.max(start),
                    Origin::Value { .. } => start,
                };
                let written = !(problem.span.start == 0 && problem.span.end == 0);
                let span = if written { start..end } else { 0..0 };
                in_file.push(Problem { span, ..problem });
            }
        }
    }
    in_arguments.sort_by_key(|(index, _)| *index);
    in_file.sort_by_key(|p| (p.span.start, p.span.end));
    let problems = in_arguments
        .into_iter()
        .map(|(_, p)| p)
        .chain(in_file)
        .collect();
    error(file_name, source, problems)
}

/// The span within `--set PATH=VALUE` of a problem `len` bytes long at `offset`
/// in the value's TOML text; the whole value when that text is not the value as
/// typed (a bare word put in quotes).
fn argument_span(o: &Override, offset: usize, len: usize) -> Range<usize> {
    let range = o.value_range();
    let shown = o.shown();
    let typed = &shown[range.clone()];
    let lead = typed.len() - typed.trim_start().len();
    if typed.trim() == o.value {
        let start = range.start + lead + offset;
        start..(start + len.max(1)).min(range.start + lead + o.value.len())
    } else {
        range
    }
}
