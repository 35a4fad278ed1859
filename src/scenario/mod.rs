//! Scenario files: reading the TOML (`written`), checking and resolving it into
//! the compiled model (`understand`), the distribution forms (`dist`), and the
//! errors that point back into the file (`error`).

pub mod dist;
pub mod error;
pub mod special;
pub mod understand;
pub mod written;

use crate::model::Model;
use error::{Problem, ScenarioError, field_path_at};
use written::ScenarioFile;

/// The example scenario shipped inside the binary (`opsim run` with no file).
pub const EXAMPLE: &str = include_str!("../../scenarios/example.toml");
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
    understand::understand(&file).map_err(fail)
}

/// Parses scenario text into its written form.
pub fn parse(source: &str) -> Result<ScenarioFile, Problem> {
    toml::from_str::<ScenarioFile>(source).map_err(|e| toml_problem(source, &e))
}

fn toml_problem(source: &str, e: &toml::de::Error) -> Problem {
    let span = e.span().unwrap_or(0..0);
    let message = e.message().trim().to_string();
    let field = if span.is_empty() {
        String::new()
    } else {
        field_path_at(source, &span)
    };
    let help = toml_help(&message);
    Problem::new(span, field, message, help)
}

/// A fix to suggest for a TOML or type error, based on its message.
fn toml_help(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected: Vec<String> = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .unwrap_or("")
            .split(", ")
            .map(|s| s.trim_matches('`').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        return match understand::closest(name, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "remove it, or use one of the fields listed (docs/scenario.md describes each)"
                .into(),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return format!("add `{name}` to this table (docs/scenario.md describes it)");
    }
    if message.starts_with("unknown variant") {
        return "use one of the names listed".into();
    }
    if message.starts_with("invalid type") || message.starts_with("invalid length") {
        return "see docs/scenario.md for the form this field takes".into();
    }
    if message.contains("duplicate key") {
        return "each key may appear once per table: remove or rename one".into();
    }
    "fix the TOML at this point (https://toml.io describes the syntax)".into()
}
