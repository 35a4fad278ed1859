//! Scenario files: reading the TOML (`written`), checking and resolving it into
//! the compiled model (`understand`), the `--set` overrides (`overrides`), and the
//! errors that point back into the file (`error`).

pub mod error;
pub mod format;
pub(crate) mod nesting;
pub mod overrides;
pub mod provenance;
pub mod schema;
pub(crate) mod understand;
pub(crate) mod written;

use crate::model::Model;
pub use overrides::{Override, load_with_overrides, parse_override};
pub use written::DIST_FORMS;

use error::{Problem, ScenarioError, field_path_at};
use written::ScenarioFile;

/// The example scenario shipped inside the binary (`opsim run` with no file).
pub const EXAMPLE: &str = include_str!("../../scenarios/example.toml");
/// The commented starter scenario `opsim init` writes.
pub const STARTER: &str = include_str!("../../scenarios/starter.toml");

/// Name shown for the embedded example.
pub const EXAMPLE_NAME: &str = "scenarios/example.toml (built in)";

/// Parses and compiles scenario text; `file_name` is used in error messages.
pub fn load(file_name: &str, source: &str) -> Result<Model, ScenarioError> {
    let fail = |problems: Vec<Problem>| ScenarioError {
        file_name: file_name.to_string(),
        source: source.to_string(),
        problems,
    };
    let file = parse(source).map_err(|p| fail(vec![p]))?;
    let mut model = understand::understand(&file).map_err(fail)?;
    provenance::attach(&mut model, source);
    Ok(model)
}

/// Parses scenario text into its written form.
pub fn parse(source: &str) -> Result<ScenarioFile, Problem> {
    if let Some((span, parts)) = nesting::too_deep(source) {
        return Err(Problem::new(
            span,
            String::new(),
            format!(
                "this key has {parts} dot-separated parts; a scenario's keys have at most {}",
                nesting::MAX_KEY_PARTS
            ),
            "opsim's tables nest a few levels (docs/scenario.md lists them): remove the extra parts",
        ));
    }
    toml::from_str::<ScenarioFile>(source).map_err(|e| toml_problem(source, &e))
}

fn toml_problem(source: &str, e: &toml::de::Error) -> Problem {
    let span = e.span().unwrap_or(0..0);
    let raw = e.message().trim();
    let field = if span.is_empty() {
        String::new()
    } else {
        field_path_at(source, &span)
    };
    // Custom errors from `written` carry their own fix.
    if let Some((message, help)) = raw.split_once(written::HELP_SEPARATOR) {
        return Problem::new(span, field, message, help);
    }
    let mut message = top_level_tables(source, &span, &field, plain_message(raw));
    // TOML hands a date or time over as a one-entry table: say what was written.
    let written = source.get(span.clone()).unwrap_or("");
    if message.starts_with("invalid type: table")
        && written.starts_with(|c: char| c.is_ascii_digit())
    {
        message = message.replacen("invalid type: table", "invalid type: date or time", 1);
    }
    if message == "duplicate key"
        && let Some(key) = source.get(span.clone()).filter(|k| !k.is_empty())
    {
        message = format!("duplicate key `{key}`");
    }
    let help = if message == "text must be in quotes" {
        quote_help(source, span.start)
    } else {
        toml_help(&message, &field)
    };
    Problem::new(span, field, message, help)
}

/// The fix for an unquoted string: the same line with the value in quotes.
fn quote_help(source: &str, at: usize) -> String {
    let start = source[..at.min(source.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = source[start..].lines().next().unwrap_or("");
    let line = line.split(" #").next().unwrap_or(line);
    match line.split_once('=') {
        Some((key, value)) if !value.trim().is_empty() && !value.contains(['"', '[', '{']) => {
            format!(
                "put text in double quotes: {} = \"{}\"",
                key.trim(),
                value.trim()
            )
        }
        _ => "put text in double quotes, e.g. role = \"developer\"".into(),
    }
}

/// At the top of the file the fields are tables: say so (`[simulation]`, not
/// "field `simulation`").
fn top_level_tables(
    source: &str,
    span: &std::ops::Range<usize>,
    field: &str,
    message: String,
) -> String {
    if let Some(rest) = message.strip_prefix("missing field `")
        && field.is_empty()
    {
        let name = rest.split('`').next().unwrap_or("");
        return format!("the [{name}] table is missing");
    }
    let in_header = source[..span.start.min(source.len())].ends_with('[');
    if let Some(rest) = message.strip_prefix("unknown field `")
        && in_header
        && !field.contains('.')
    {
        return format!("unknown table [{}", rest.replacen('`', "]", 1));
    }
    message
}

/// Serde and TOML messages with Rust's type names replaced by the words an
/// analyst uses (`i64` is a whole number, a sequence is an array, ...).
fn plain_message(message: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected an array"),
        (
            "expected a TOML datetime",
            "expected a date such as 2027-01-04",
        ),
        ("invalid type: sequence", "invalid type: array"),
        ("invalid type: map", "invalid type: table"),
        (
            "string \"$__toml_private_datetime\", expected a spanned value",
            "date or time, expected a table",
        ),
        (" as i128", ""),
        ("unknown variant", "unknown value"),
        (
            "string values must be quoted, expected literal string",
            "text must be in quotes",
        ),
    ];
    WORDS
        .iter()
        .fold(message.to_string(), |m, (from, to)| m.replace(from, to))
}

/// A fix to suggest for a TOML or type error, based on its message.
fn toml_help(message: &str, field: &str) -> String {
    let key = field.rsplit('.').next().unwrap_or(field);
    if let Some(rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown table ["))
    {
        let name = rest.split(['`', ']']).next().unwrap_or("");
        return match understand::closest(name, &listed_names(rest)) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "remove it, or use one of the fields listed (docs/scenario.md describes each)"
                .into(),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return format!("add `{name}` to this table (docs/scenario.md describes it)");
    }
    if let Some(rest) = message.strip_prefix("the [") {
        let name = rest.split(']').next().unwrap_or("");
        return format!("add the [{name}] table to the file (docs/scenario.md describes it)");
    }
    if let Some(rest) = message.strip_prefix("unknown value `") {
        let name = rest.split('`').next().unwrap_or("");
        let names = listed_names(rest);
        return match understand::closest(name, &names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "write one of {}",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid type: string \"") {
        let text = rest.rsplit_once("\", expected").map_or("", |(t, _)| t);
        let expected = rest.rsplit_once("\", expected ").map_or("", |(_, e)| e);
        if expected.starts_with("a date") {
            return format!("write the date without quotes, e.g. {key} = 2027-01-04");
        }
        if expected.starts_with("a whole number") || expected.starts_with("a number") {
            return match text.trim().parse::<f64>() {
                Ok(_) if key.ends_with(']') => "write the number without quotes".into(),
                Ok(_) => format!("write the number without quotes: {key} = {}", text.trim()),
                Err(_) if key.ends_with(']') => "write a number here, not text".into(),
                Err(_) => format!("write {key} as a number, e.g. {key} = 10"),
            };
        }
    }
    if message.starts_with("invalid type: floating point") && message.contains("a whole number") {
        return format!("{key} is a count: write a whole number, without a decimal point");
    }
    if message.starts_with("invalid type") && message.ends_with("expected a string") {
        return format!("write it in double quotes, e.g. {key} = \"name\"");
    }
    if message.starts_with("invalid type") || message.starts_with("invalid length") {
        return "see docs/scenario.md for the form this field takes".into();
    }
    if message.starts_with("duplicate key") {
        return "each key may appear once per table: remove or rename one".into();
    }
    for (start, help) in SYNTAX_HELP {
        if message.starts_with(start) {
            return help.to_string();
        }
    }
    "fix the TOML at this point (https://toml.io describes the syntax)".into()
}

/// Fixes for the TOML syntax errors analysts make most often.
const SYNTAX_HELP: &[(&str, &str)] = &[
    (
        "missing comma between array elements",
        "separate the values with `,` and close the array with `]`",
    ),
    ("unclosed array", "close the array with `]`"),
    (
        "unclosed inline table",
        "close the table with `}` on the same line",
    ),
    (
        "unclosed table",
        "close the table header with `]`, e.g. [organisation]",
    ),
    (
        "invalid basic string",
        "close the text with `\"` on the same line",
    ),
    (
        "key with no value",
        "write the key, `=` and a value, e.g. teams = 10",
    ),
    ("missing value", "write a value after `=`, e.g. teams = 10"),
];

/// The names serde lists after "expected" (`expected one of `a`, `b``, or
/// `expected `a` or `b``).
fn listed_names(rest: &str) -> Vec<String> {
    let Some(after) = rest.split_once("expected ").map(|(_, a)| a) else {
        return Vec::new();
    };
    after
        .trim_start_matches("one of ")
        .split(", ")
        .flat_map(|s| s.split(" or "))
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}
