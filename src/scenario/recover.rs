//! Every mistake of a file in one pass. The deserialiser stops at the first
//! type error or unknown field, and references are checked only once the file
//! has parsed; so after each such problem the loader repairs a copy of the text
//! (an unknown field or table is blanked out, a value of the wrong type becomes a
//! placeholder of the expected type) and parses again, up to
//! [`MAX_REPAIRS`] times. Once the copy parses, its checks run too. Problems
//! that a repair could have caused (those at or about a repaired place) are
//! dropped, and every span is mapped back into the file as written, so what
//! the analyst sees is the file's own mistakes, each with its line, field and
//! fix, in file order.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::error::Problem;
use super::written::{HELP_SEPARATOR, ScenarioFile};

/// At most this many repairs are made; then what was found is reported.
/// More than `error::MAX_PROBLEMS_SHOWN`, so the bound on what is shown stays
/// the renderer's.
pub(crate) const MAX_REPAIRS: usize = 64;

/// One replacement in the repaired copy: bytes `start..start + old_len` of the
/// copy as it was became `new_len` bytes.
#[derive(Debug, Clone, Copy)]
struct Edit {
    start: usize,
    old_len: usize,
    new_len: usize,
}

/// A copy of the file being repaired, and how to map its offsets back.
pub(crate) struct Repaired {
    text: String,
    edits: Vec<Edit>,
    /// Field paths repaired, for dropping problems about them.
    fields: Vec<String>,
}

impl Repaired {
    fn new(source: &str) -> Repaired {
        Repaired {
            text: source.to_string(),
            edits: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// Replaces `range` of the copy with `with`.
    fn replace(&mut self, range: Range<usize>, with: &str) {
        self.text.replace_range(range.clone(), with);
        self.edits.push(Edit {
            start: range.start,
            old_len: range.len(),
            new_len: with.len(),
        });
    }

    /// The offset in the file as written of `offset` in the copy.
    fn original(&self, mut offset: usize) -> usize {
        for e in self.edits.iter().rev() {
            if offset >= e.start + e.new_len {
                offset = offset - e.new_len + e.old_len;
            } else if offset > e.start {
                offset = e.start + (offset - e.start).min(e.old_len);
            }
        }
        offset
    }

    fn original_span(&self, span: &Range<usize>) -> Range<usize> {
        let start = self.original(span.start);
        start..self.original(span.end).max(start)
    }

    /// Whether `span` (in the copy) touches a repaired place.
    fn touches_repair(&self, span: &Range<usize>) -> bool {
        // Each edit's place in the final copy: later edits shift earlier ones.
        let mut places: Vec<Range<usize>> = Vec::new();
        for e in &self.edits {
            for p in &mut places {
                if p.start >= e.start + e.old_len {
                    let shifted = p.start + e.new_len - e.old_len;
                    *p = shifted..shifted + p.len();
                }
            }
            places.push(e.start..e.start + e.new_len);
        }
        places
            .iter()
            .any(|p| span.start <= p.end && p.start <= span.end)
    }

    /// Whether a problem found in the copy may be about a repaired field.
    fn about_repair(&self, problem: &Problem) -> bool {
        // A required field missing from a table where a field was blanked out
        // is most likely that field misspelt: its problem says so already.
        let missing_beside_blanked = problem.message.starts_with("missing field")
            && self
                .fields
                .iter()
                .any(|f| f.rsplit_once('.').map_or("", |(parent, _)| parent) == problem.field);
        missing_beside_blanked
            || self.touches_repair(&problem.span)
            || self.fields.iter().any(|f| {
                let last = f.rsplit('.').next().unwrap_or(f);
                problem.field == *f
                    || problem.field.starts_with(&format!("{f}."))
                    || problem.message.contains(f.as_str())
                    || problem.message.contains(&format!("`{last}`"))
            })
    }
}

/// Parses `source`; when it fails on a type error or an unknown field, repairs
/// and parses again. Returns every problem found (spans into `source`) and,
/// when the repaired copy parses, the parsed copy for the later checks.
pub(crate) fn parse_all(
    source: &str,
    first: Problem,
    parse: impl Fn(&str) -> Result<ScenarioFile, Problem>,
) -> (Vec<Problem>, Option<(ScenarioFile, Repaired)>) {
    let mut problems = vec![first.clone()];
    // A syntax error leaves nothing to repair against.
    if DeTable::parse(source).is_err() {
        return (problems, None);
    }
    let mut copy = Repaired::new(source);
    let mut problem = first;
    for _ in 0..MAX_REPAIRS {
        if !repair(&mut copy, &problem) {
            return (problems, None);
        }
        match parse(&copy.text) {
            Ok(file) => return (problems, Some((file, copy))),
            Err(next) => {
                // A repair must not introduce a syntax error; if it did, stop.
                if DeTable::parse(&copy.text).is_err() {
                    return (problems, None);
                }
                let about_repair = copy.about_repair(&next);
                let mapped = Problem {
                    span: copy.original_span(&next.span),
                    ..next.clone()
                };
                if about_repair || problems.contains(&mapped) {
                    // Caused by a repair (e.g. a required field blanked): stop here.
                    return (problems, None);
                }
                problems.push(mapped);
                problem = next;
            }
        }
    }
    (problems, None)
}

/// The later checks' problems on a repaired copy, mapped back into the file as
/// written, without those a repair could have caused.
pub(crate) fn checked_problems(copy: &Repaired, found: Vec<Problem>) -> Vec<Problem> {
    found
        .into_iter()
        .filter(|p| p.argument.is_some() || !copy.about_repair(p))
        .map(|p| Problem {
            span: copy.original_span(&p.span),
            ..p
        })
        .collect()
}

/// Repairs the copy at `problem`; false when it cannot.
fn repair(copy: &mut Repaired, problem: &Problem) -> bool {
    let span = problem.span.clone();
    if span.is_empty() || span.end > copy.text.len() {
        return false;
    }
    let message = problem
        .message
        .split(HELP_SEPARATOR)
        .next()
        .unwrap_or_default();
    if message.starts_with("unknown field `") || message.starts_with("unknown table [") {
        return blank_entry(copy, &span, &problem.field);
    }
    if message.starts_with("missing field") || message.starts_with("the [") {
        return false;
    }
    let Some(placeholder) = placeholder(message, &problem.help) else {
        return false;
    };
    copy.fields.push(problem.field.clone());
    copy.replace(span, &placeholder);
    true
}

/// A value of the type the message expects.
fn placeholder(message: &str, help: &str) -> Option<String> {
    let expected = message.rsplit_once("expected ").map_or("", |(_, e)| e);
    if let Some(rest) = message.strip_prefix("unknown value `") {
        let first = rest
            .split_once("expected ")
            .map(|(_, a)| a.trim_start_matches("one of "))
            .and_then(|a| a.split(['`']).nth(1))?;
        return Some(format!("\"{first}\""));
    }
    let placeholder = if expected.starts_with("a whole number")
        || expected.starts_with("a number")
        || expected.starts_with("u8")
        || expected.starts_with("u32")
        || expected.starts_with("u64")
        || expected.starts_with("usize")
    {
        "1"
    } else if expected.starts_with("a string") {
        "\"?\""
    } else if expected.starts_with("a boolean") {
        "true"
    } else if expected.starts_with("an array") {
        "[]"
    } else if expected.starts_with("a date") {
        "2027-01-04"
    } else if !help.is_empty()
        && (message.contains("distribution")
            || message.contains("quantity")
            || message.contains("confidence")
            || message.contains("`source`")
            || message.contains(" needs ")
            || message.contains("form"))
    {
        // A quantity's own checks (scenario::written): any number will do.
        "1"
    } else {
        return None;
    };
    Some(placeholder.to_string())
}

/// Blanks out the entry whose key is at `span`: `key = value` (however many
/// lines the value spans), or a whole `[table]` with its body. Newlines are
/// kept, so every later line keeps its number.
fn blank_entry(copy: &mut Repaired, span: &Range<usize>, field: &str) -> bool {
    let text = &copy.text;
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let range = if text[line_start..].trim_start().starts_with('[') {
        // A table header: up to the next header (or the end).
        let mut end = text.len();
        let mut at = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i);
        while at < text.len() {
            let next = at + 1;
            if text[next..].trim_start().starts_with('[') {
                end = next;
                break;
            }
            at = text[next..].find('\n').map_or(text.len(), |i| next + i);
        }
        line_start..end
    } else {
        let Some(value) = value_span_of_key(text, span) else {
            return false;
        };
        span.start..value.end
    };
    // One space per byte (newlines kept), so offsets and line numbers stay put.
    let mut blank = String::with_capacity(range.len());
    for c in text[range.clone()].chars() {
        if c == '\n' {
            blank.push('\n');
        } else {
            blank.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    copy.fields.push(field.to_string());
    copy.replace(range, &blank);
    true
}

/// The span of the value of the key at `key_span`.
fn value_span_of_key(text: &str, key_span: &Range<usize>) -> Option<Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    find_in_table(root.get_ref(), key_span)
}

fn find_in_table(table: &DeTable<'_>, key_span: &Range<usize>) -> Option<Range<usize>> {
    for (key, value) in table.iter() {
        let k = key.span();
        if k.start <= key_span.start && key_span.end <= k.end {
            return Some(value.span());
        }
        let inner = match value.get_ref() {
            DeValue::Table(t) => find_in_table(t, key_span),
            DeValue::Array(items) => items.iter().find_map(|item| match item.get_ref() {
                DeValue::Table(t) => find_in_table(t, key_span),
                _ => None,
            }),
            _ => None,
        };
        if inner.is_some() {
            return inner;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_the_repaired_copy_map_back_to_the_file_as_written() {
        let source = "a = \"10\"\nb = 2\nc = x\n";
        let mut copy = Repaired::new(source);
        // `"10"` (4 bytes at 4) becomes `1`; then `x` (1 byte) becomes `"?"`.
        copy.replace(4..8, "1");
        let x = copy.text.find('x').unwrap();
        copy.replace(x..x + 1, "\"?\"");
        assert_eq!(copy.text, "a = 1\nb = 2\nc = \"?\"\n");
        let b = copy.text.find('b').unwrap();
        assert_eq!(copy.original(b), source.find('b').unwrap());
        let end = copy.text.len();
        assert_eq!(copy.original(end), source.len());
        assert!(copy.touches_repair(&(x..x + 3)));
        assert!(!copy.touches_repair(&(b..b + 1)));
    }

    #[test]
    fn placeholders_follow_what_the_message_expects() {
        let p = |m: &str| placeholder(m, "help");
        assert_eq!(
            p("invalid type: string \"10\", expected a whole number").as_deref(),
            Some("1")
        );
        assert_eq!(
            p("invalid type: integer `3`, expected a string").as_deref(),
            Some("\"?\"")
        );
        assert_eq!(
            p("unknown value `tem`, expected one of `none`, `domain`, `team`").as_deref(),
            Some("\"none\"")
        );
        assert_eq!(p("something else entirely"), None);
    }
}
