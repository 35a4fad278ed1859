//! `opsim schema`: a JSON Schema (draft 2020-12) of the scenario format, built
//! from `format` so that it cannot drift from it, for editors that complete and
//! check TOML against JSON Schema (Taplo / Even Better TOML). Every table rejects
//! unknown fields, as the loader does; quantities accept every distribution form.

use serde_json::{Map, Value, json};

use super::format::{Field, Kind, ROOT, Shape};
use super::provenance;

/// Where the schema says it lives (its `$id`); editors only use it as a name.
pub const SCHEMA_ID: &str = "https://opsim.invalid/scenario.schema.json";

/// The schema as pretty-printed JSON, ending in a newline.
pub fn json() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema as a JSON value.
pub fn schema() -> Value {
    let mut root = table(ROOT);
    let fields = root.as_object_mut().map(std::mem::take).unwrap_or_default();
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    out.insert("$id".into(), json!(SCHEMA_ID));
    out.insert("title".into(), json!("opsim scenario"));
    out.insert(
        "description".into(),
        json!(
            "An opsim scenario: an organisation and two or more operating models to compare \
             (docs/scenario.md describes every field)."
        ),
    );
    out.extend(fields);
    out.insert("$defs".into(), definitions());
    Value::Object(out)
}

fn table(fields: &[Field]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.to_string(), property(f)))
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut out = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        out["required"] = json!(required);
    }
    out
}

fn property(field: &Field) -> Value {
    let mut out = shape(&field.shape);
    out["description"] = json!(field.about);
    if let Some(default) = field
        .default
        .and_then(|d| serde_json::from_str::<Value>(d).ok())
    {
        out["default"] = default;
    }
    out
}

fn shape(shape: &Shape) -> Value {
    match shape {
        Shape::Value(kind) => value(*kind),
        Shape::Table(fields) => table(fields),
        Shape::Named { entry_name, entry } => json!({
            "type": "object",
            "propertyNames": { "description": entry_name },
            "additionalProperties": self::shape(entry),
        }),
        Shape::Array(fields) => json!({ "type": "array", "items": table(fields) }),
    }
}

fn value(kind: Kind) -> Value {
    match kind {
        Kind::Quantity => json!({ "$ref": "#/$defs/quantity" }),
        Kind::Rotas => json!({
            "anyOf": [{ "$ref": "#/$defs/quantity" }, { "const": "from-tiers" }]
        }),
        Kind::Integer => json!({ "type": "integer" }),
        Kind::Number => json!({ "type": "number" }),
        Kind::Text => json!({ "type": "string" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Date => json!({ "type": "string", "format": "date" }),
        Kind::Choice(words) => json!({ "type": "string", "enum": words }),
        Kind::Ids => json!({ "type": "array", "items": { "type": "string" } }),
    }
}

/// The quantity and its distribution forms (docs/scenario.md, "Uncertain quantities").
fn definitions() -> Value {
    let numbers = |n: usize, names: &str| {
        json!({
            "type": "array",
            "items": { "type": "number" },
            "minItems": n,
            "maxItems": n,
            "description": names,
        })
    };
    let form = |name: &str, about: &str, params: Value| {
        json!({
            "type": "object",
            "description": about,
            "properties": {
                name: params,
                provenance::SOURCE_KEY: {
                    "type": "string",
                    "description": "Where the value came from: a file, its row count and date range, or a person. Shown by opsim validate; never used by the simulation.",
                },
                provenance::CONFIDENCE_KEY: {
                    "type": "string",
                    "enum": provenance::CONFIDENCE_WORDS,
                    "description": "How far the value can be trusted: high, medium or low (fitted to much, some or little data; see docs/fit.md) or judgement (a person's estimate). Never used by the simulation.",
                },
            },
            "required": [name],
            "additionalProperties": false,
        })
    };
    let pair = numbers(2, "[value, weight]");
    json!({
        "quantity": {
            "description": "A constant or a distribution: a number, a bare [min, mode, max] (Beta-PERT), \
                            or a table with one form such as { lognormal = [p5, p95] }.",
            "anyOf": [
                { "type": "number", "description": "A constant." },
                numbers(3, "[min, mode, max]: a Beta-PERT estimate (lambda 4)."),
                form("constant", "A constant.", json!({ "type": "number" })),
                form("pert", "Beta-PERT (lambda 4).", numbers(3, "[min, mode, max]")),
                form("triangular", "Triangular.", numbers(3, "[min, mode, max]")),
                form("uniform", "Uniform.", numbers(2, "[min, max]")),
                form("normal", "Normal, clamped to the field's range.", numbers(2, "[mean, sd]")),
                form(
                    "lognormal",
                    "Lognormal fitted to a 90% interval.",
                    numbers(2, "[p5, p95]: the 5th and 95th percentiles"),
                ),
                form("poisson", "Poisson counts.", json!({ "type": "number", "minimum": 0 })),
                form(
                    "bernoulli",
                    "0 or 1, with probability p of 1.",
                    json!({ "type": "number", "minimum": 0, "maximum": 1 }),
                ),
                form(
                    "discrete",
                    "A weighted list of values.",
                    json!({ "type": "array", "items": pair, "minItems": 1 }),
                ),
            ],
        }
    })
}
