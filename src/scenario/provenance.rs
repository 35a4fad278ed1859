//! Where an uncertain input's value came from: any quantity written as an
//! inline table may carry `source` (free text: a file, a row count, a date
//! range, a person) and `confidence` (`high`, `medium`, `low` or
//! `judgement`) beside its distribution, e.g.
//! `{ lognormal = [0.5, 4], source = "incidents.csv: 1,234 incidents, 2026-01-05 to 2026-06-28", confidence = "medium" }`.
//! They are checked by the loader and shown by `opsim validate`; the
//! simulation never reads them, so adding them changes no result.

use toml::{Table, Value};

/// The key of an input's source in its inline table.
pub const SOURCE_KEY: &str = "source";
/// The key of an input's confidence in its inline table.
pub const CONFIDENCE_KEY: &str = "confidence";

pub use crate::model::Confidence;

/// The words `confidence` takes, in order.
pub const CONFIDENCE_WORDS: [&str; 4] = ["high", "medium", "low", "judgement"];

/// An input's provenance as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The file's path of the value, e.g. `organisation.incident_rate_per_service_per_month`
    /// (elements of arrays of tables by their `id`).
    pub path: String,
    /// `source`, if given.
    pub source: Option<String>,
    /// `confidence`, if given (and valid: the loader has checked it).
    pub confidence: Option<Confidence>,
}

/// Writes each input's `source` and `confidence` from the text into the model.
/// A risk's written `probability` is its input `occurs`.
pub(crate) fn attach(model: &mut crate::model::Model, source: &str) {
    for found in collect(source) {
        let path = match found.path.strip_suffix(".probability") {
            Some(risk) if found.path.contains(".risks.") => format!("{risk}.occurs"),
            _ => found.path.clone(),
        };
        if let Some(i) = model.input_index(&path) {
            model.inputs[i].source = found.source;
            model.inputs[i].confidence = found.confidence;
        }
    }
}

/// Every value of a scenario's text that carries provenance, sorted by path.
/// Empty when the text is not TOML (the loader reports that).
pub fn collect(source: &str) -> Vec<Provenance> {
    let Ok(table) = source.parse::<Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&table, "", &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn walk(table: &Table, prefix: &str, out: &mut Vec<Provenance>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Table(t) if is_quantity(t) => {
                let source = t.get(SOURCE_KEY).and_then(Value::as_str).map(String::from);
                let confidence = t
                    .get(CONFIDENCE_KEY)
                    .and_then(Value::as_str)
                    .and_then(Confidence::from_word);
                if source.is_some() || confidence.is_some() {
                    out.push(Provenance {
                        path,
                        source,
                        confidence,
                    });
                }
            }
            Value::Table(t) => walk(t, &path, out),
            Value::Array(items) => {
                for item in items {
                    if let Value::Table(t) = item {
                        let id = t.get("id").and_then(Value::as_str).unwrap_or("?");
                        walk(t, &format!("{path}.{id}"), out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A table that is a quantity: it names one of the distribution forms.
fn is_quantity(t: &Table) -> bool {
    super::written::DIST_FORMS
        .iter()
        .any(|f| t.contains_key(*f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provenance_is_collected_by_path() {
        let text = r#"
[organisation]
incident_rate_per_service_per_month = { lognormal = [0.2, 1.2], source = "incidents.csv", confidence = "medium" }
teams = 3
[[models.x.activities]]
id = "a"
duration_weeks = { pert = [1, 2, 3], confidence = "judgement" }
"#;
        let found = collect(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path, "models.x.activities.a.duration_weeks");
        assert_eq!(found[0].source, None);
        assert_eq!(found[0].confidence, Some(Confidence::Judgement));
        let rate = "organisation.incident_rate_per_service_per_month";
        assert_eq!(found[1].path, rate);
        assert_eq!(found[1].source.as_deref(), Some("incidents.csv"));
        assert_eq!(found[1].confidence, Some(Confidence::Medium));
    }
}
