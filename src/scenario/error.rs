//! Problems in a scenario file, and how they are shown: each problem carries the
//! byte span it is about, the field path (`models.ybiyri.activities[2].after`), what
//! is wrong and what would fix it. `ScenarioError` renders them all, in file order,
//! as `file:line:col`, the offending line and a caret, the way compilers do.

use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Byte range of the text it is about, in the file (or in `argument`).
    pub span: Range<usize>,
    /// Dotted path of the field, e.g. `models.ybiyri.on_call.rotas`.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    pub help: String,
    /// The command-line argument the problem lies in (e.g. `--set services=-5`),
    /// with `span` into that text; None for a problem in the file.
    pub argument: Option<String>,
}

impl Problem {
    /// A problem in the file, at `span`.
    pub fn new(
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        Problem {
            span,
            field: field.into(),
            message: message.into(),
            help: help.into(),
            argument: None,
        }
    }

    /// The same problem, placed in a command-line argument (`span` is into it).
    pub fn in_argument(self, argument: impl Into<String>) -> Problem {
        Problem {
            argument: Some(argument.into()),
            ..self
        }
    }
}

/// Every problem found in one scenario file, with the text needed to show them.
#[derive(Debug, Clone)]
pub struct ScenarioError {
    /// Name of the file, as shown before `:line:col`.
    pub file_name: String,
    /// The file's text, for showing the offending lines.
    pub source: String,
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
}

impl std::error::Error for ScenarioError {}

/// At most this many problems are shown; the rest are counted.
pub const MAX_PROBLEMS_SHOWN: usize = 50;

/// A message or help text longer than this many characters is cut, saying so.
pub const MAX_MESSAGE_CHARS: usize = 240;

/// A file's line (or an argument) longer than this many characters is shown as
/// a window of this width around the problem.
pub const MAX_SNIPPET_CHARS: usize = 100;

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in self.problems.iter().take(MAX_PROBLEMS_SHOWN) {
            render_problem(f, &self.file_name, &self.source, problem)?;
        }
        let n = self.problems.len();
        if n > MAX_PROBLEMS_SHOWN {
            writeln!(
                f,
                "... and {} more problems, not shown: fix these and check again\n",
                n - MAX_PROBLEMS_SHOWN
            )?;
        }
        write!(
            f,
            "{}: {n} problem{} found; nothing was run or written",
            self.file_name,
            if n == 1 { "" } else { "s" }
        )
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn render_problem(
    f: &mut fmt::Formatter<'_>,
    file: &str,
    source: &str,
    problem: &Problem,
) -> fmt::Result {
    let field = if problem.field.is_empty() {
        String::new()
    } else {
        format!("{}: ", bounded(&problem.field, MAX_SNIPPET_CHARS))
    };
    let message = bounded(&problem.message, MAX_MESSAGE_CHARS);
    let written = problem.span.end > problem.span.start || problem.span.start > 0;
    if let Some(argument) = &problem.argument {
        let shown = bounded(argument, MAX_SNIPPET_CHARS);
        writeln!(f, "error: {shown}: {field}{message}")?;
        render_argument(f, argument, &problem.span)?;
    } else if !written {
        writeln!(f, "error: {file}: {field}{message}")?;
    } else {
        let (line, col) = line_col(source, problem.span.start);
        writeln!(f, "error: {file}:{line}:{col}: {field}{message}")?;
        render_snippet(f, source, &problem.span, line, col)?;
    }
    if !problem.help.is_empty() {
        writeln!(f, "  = help: {}", bounded(&problem.help, MAX_MESSAGE_CHARS))?;
    }
    writeln!(f)
}

/// `text` whole if it has at most `max_chars` characters; else its start, cut
/// with a note of its length, so that an error never grows with the input.
pub fn bounded(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    let count = text.chars().count();
    if count <= max_chars {
        return std::borrow::Cow::Borrowed(text);
    }
    let keep: String = text.chars().take(max_chars.saturating_sub(40)).collect();
    std::borrow::Cow::Owned(format!("{keep}… (cut: {count} characters in all)"))
}

/// The window of a line shown under a problem: the whole line when short,
/// else [`MAX_SNIPPET_CHARS`] characters starting a little before the
/// problem's column (0-based, in characters), marked with `…` where cut.
/// Returns the text and the column of the problem within it.
fn window(text: &str, col: usize) -> (String, usize) {
    let count = text.chars().count();
    if count <= MAX_SNIPPET_CHARS {
        return (text.to_string(), col);
    }
    let start = col
        .saturating_sub(20)
        .min(count.saturating_sub(MAX_SNIPPET_CHARS));
    let end = (start + MAX_SNIPPET_CHARS).min(count);
    let mut shown = String::new();
    let mut offset = 0;
    if start > 0 {
        shown.push('…');
        offset = 1;
    }
    shown.extend(text.chars().skip(start).take(end - start));
    if end < count {
        shown.push('…');
    }
    (shown, col - start + offset)
}

/// The argument on a line of its own, with a caret under the span.
fn render_argument(f: &mut fmt::Formatter<'_>, argument: &str, span: &Range<usize>) -> fmt::Result {
    let start = floor_char_boundary(argument, span.start.min(argument.len()));
    let end = floor_char_boundary(argument, span.end.min(argument.len())).max(start);
    let col = argument[..start].chars().count();
    let (shown, col) = window(argument, col);
    let room = shown.chars().count().saturating_sub(col).max(1);
    let width = argument[start..end].chars().count().clamp(1, room);
    writeln!(f, "  |")?;
    writeln!(f, "  | {shown}")?;
    writeln!(f, "  | {}{}", " ".repeat(col), "^".repeat(width))
}

fn render_snippet(
    f: &mut fmt::Formatter<'_>,
    source: &str,
    span: &Range<usize>,
    line: usize,
    col: usize,
) -> fmt::Result {
    let text = source.lines().nth(line - 1).unwrap_or("");
    let gutter = " ".repeat(line.to_string().len());
    let (shown, col) = window(text, col - 1);
    let width_on_line = shown.chars().count().saturating_sub(col).max(1);
    let span_chars = source
        .get(span.start..span.end.min(source.len()))
        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count())
        .clamp(1, width_on_line);
    writeln!(f, "{gutter} |")?;
    writeln!(f, "{line} | {shown}")?;
    writeln!(
        f,
        "{gutter} | {}{}",
        " ".repeat(col),
        "^".repeat(span_chars)
    )
}

/// The dotted field path of the deepest key or value in `source` that contains
/// `span`, e.g. `models.ybiyri.activities[3].duration_weeks`. Empty when the file
/// does not parse or nothing contains the span.
pub fn field_path_at(source: &str, span: &Range<usize>) -> String {
    match DeTable::parse(source) {
        Ok(root) => path_in_table(root.get_ref(), span).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer.end > outer.start
}

fn path_in_table(table: &DeTable<'_>, span: &Range<usize>) -> Option<String> {
    for (key, value) in table.iter() {
        let name = key.get_ref().to_string();
        if contains(&key.span(), span) {
            return Some(name);
        }
        if let Some(rest) = path_in_value(value, span) {
            return Some(join(&name, &rest));
        }
    }
    None
}

fn path_in_value(value: &Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<String> {
    let inner = match value.get_ref() {
        DeValue::Table(table) => path_in_table(table, span),
        DeValue::Array(array) => array.iter().enumerate().find_map(|(i, item)| {
            path_in_value(item, span).map(|rest| join(&format!("[{i}]"), &rest))
        }),
        _ => None,
    };
    inner.or_else(|| contains(&value.span(), span).then(String::new))
}

fn join(head: &str, rest: &str) -> String {
    match (head, rest) {
        (h, "") => h.to_string(),
        (h, r) if r.starts_with('[') => format!("{h}{r}"),
        (h, r) if h.starts_with('[') => format!("{h}.{r}"),
        (h, r) => format!("{h}.{r}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_fifty_problems_are_shown_and_the_rest_counted() {
        let source = "x = 1\n".repeat(80);
        let problems = (0..80)
            .map(|i| Problem::new(i * 6..i * 6 + 1, "x", "bad", "fix it"))
            .collect();
        let error = ScenarioError {
            file_name: "s.toml".into(),
            source,
            problems,
        };
        let text = error.to_string();
        assert_eq!(text.matches("error: s.toml:").count(), MAX_PROBLEMS_SHOWN);
        assert!(
            text.contains("... and 30 more problems, not shown"),
            "{text}"
        );
        assert!(text.ends_with("80 problems found; nothing was run or written"));
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_with_the_caret_under_the_problem() {
        let line = format!("{}bad{}", "a".repeat(500), "b".repeat(500));
        let (shown, col) = window(&line, 500);
        assert_eq!(shown.chars().count(), MAX_SNIPPET_CHARS + 2, "two ellipses");
        assert_eq!(shown.chars().skip(col).take(3).collect::<String>(), "bad");
        assert_eq!(window("short", 2), ("short".to_string(), 2));
        assert_eq!(bounded("abc", 3), "abc");
        assert!(bounded(&"z".repeat(1000), 100).ends_with("(cut: 1000 characters in all)"));
    }
}
