//! `opsim schema`: the JSON Schema accepts the shipped scenarios, rejects what the
//! loader rejects, and lists exactly the fields the deserialiser accepts, table by
//! table (so the schema, built from `scenario::format`, cannot drift from
//! `scenario::written`).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common;

/// TOML as the JSON an editor validates: dates become their text.
fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

fn scenario_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).expect("a TOML file");
    to_json(&toml::Value::Table(table))
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&opsim::scenario::schema::schema()).expect("a valid JSON Schema")
}

fn errors(text: &str) -> Vec<String> {
    validator()
        .iter_errors(&scenario_json(text))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_shipped_scenarios_validate_against_the_schema() {
    for (name, text) in [
        ("bench-40", common::BENCH_40),
        ("example", opsim::scenario::EXAMPLE),
        ("starter", opsim::scenario::STARTER),
    ] {
        let found = errors(text);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

#[test]
fn the_schema_is_draft_2020_12_and_printed_as_json() {
    let schema = opsim::scenario::schema::schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let printed: Value =
        serde_json::from_str(&opsim::scenario::schema::json()).expect("the printed schema is JSON");
    assert_eq!(printed, schema);
    assert_eq!(
        schema["properties"]["tiers"]["items"]["properties"]["on_call"]["enum"],
        serde_json::json!(["none", "domain", "team"])
    );
    assert_eq!(
        schema["properties"]["scenario"]["properties"]["hours_per_week"]["default"],
        37.5
    );
}

#[test]
fn the_schema_rejects_an_unknown_field_and_a_wrong_type() {
    let unknown = common::BENCH_40.replace("[organisation]\n", "[organisation]\nservics = 3\n");
    let found = errors(&unknown);
    assert!(
        found
            .iter()
            .any(|e| e.contains("servics") && e.contains("/organisation")),
        "{found:#?}"
    );
    let wrong_type = common::BENCH_40.replace("teams = 10\n", "teams = \"ten\"\n");
    let found = errors(&wrong_type);
    assert!(
        found.iter().any(|e| e.contains("/organisation/teams")),
        "{found:#?}"
    );
    let bad_form = common::BENCH_40.replace(
        "time_to_restore_hours = { lognormal = [1, 16]",
        "time_to_restore_hours = { log-normal = [1, 16]",
    );
    assert_ne!(bad_form, common::BENCH_40);
    assert!(
        !errors(&bad_form).is_empty(),
        "an unknown distribution form is rejected"
    );
    let bad_level = common::BENCH_40.replace(
        "[[models.ybiyri.activities]]",
        "[[tiers]]\nid = \"t\"\nservices = 1\non_call = \"sometimes\"\n\n[[models.ybiyri.activities]]",
    );
    assert!(
        !errors(&bad_level).is_empty(),
        "an unknown on-call level is rejected"
    );
}

/// A scenario that writes every fixed-field table once, each under its own
/// header, so that an unknown field can be put into any of them. It only needs
/// to deserialise, not to make sense.
const EVERY_TABLE: &str = r#"
[scenario]
name = "x"
horizon_months = 12
baseline = "b"

[simulation]

[organisation]
teams = 1
incident_rate_per_service_per_month = 1
wanted_deployments_per_service_per_month = 1

[organisation.day_rates]
developer = 1

[[tiers]]
id = "t"
services = 1
on_call = "team"

[models.b]

[models.b.on_call]
rotas = 1
people_per_rota = 1
standby_pay_per_week = 1
role = "developer"

[models.b.incidents]
out_of_hours_probability = 0.1
time_to_restore_hours = 1

[models.b.licences]

[models.b.changes]

[[models.b.activities]]
id = "a"
capability = "c"
duration_weeks = 1

[[models.b.risks]]
id = "r"
probability = 0.1
hits = ["a"]
delay_weeks = 1

[[models.b.countermeasures]]
id = "m"
applies_to = ["a"]
duration_factor = 1
"#;

/// Each table with fixed fields: its header in `EVERY_TABLE` ("" for the top)
/// and its place in the schema.
const TABLES: &[(&str, &str)] = &[
    ("", ""),
    ("[scenario]", "/properties/scenario"),
    ("[simulation]", "/properties/simulation"),
    ("[organisation]", "/properties/organisation"),
    ("[[tiers]]", "/properties/tiers/items"),
    ("[models.b]", "/properties/models/additionalProperties"),
    (
        "[models.b.on_call]",
        "/properties/models/additionalProperties/properties/on_call",
    ),
    (
        "[models.b.incidents]",
        "/properties/models/additionalProperties/properties/incidents",
    ),
    (
        "[models.b.licences]",
        "/properties/models/additionalProperties/properties/licences",
    ),
    (
        "[models.b.changes]",
        "/properties/models/additionalProperties/properties/changes",
    ),
    (
        "[[models.b.activities]]",
        "/properties/models/additionalProperties/properties/activities/items",
    ),
    (
        "[[models.b.risks]]",
        "/properties/models/additionalProperties/properties/risks/items",
    ),
    (
        "[[models.b.countermeasures]]",
        "/properties/models/additionalProperties/properties/countermeasures/items",
    ),
];

/// The fields the deserialiser accepts in a table, read from its refusal of an
/// unknown one ("unknown field `x`, expected one of `a`, `b`").
fn accepted_fields(header: &str) -> BTreeSet<String> {
    const UNKNOWN: &str = "zz_not_a_field";
    let text = if header.is_empty() {
        format!("{UNKNOWN} = 1\n{EVERY_TABLE}")
    } else {
        EVERY_TABLE.replacen(
            &format!("{header}\n"),
            &format!("{header}\n{UNKNOWN} = 1\n"),
            1,
        )
    };
    assert_ne!(text, EVERY_TABLE, "{header} is in EVERY_TABLE");
    let problem = match opsim::scenario::parse(&text) {
        Ok(_) => panic!("{header}: an unknown field was accepted"),
        Err(p) => p,
    };
    let listed = problem
        .message
        .split_once("expected ")
        .map(|(_, names)| names)
        .unwrap_or_else(|| panic!("{header}: {}", problem.message));
    listed
        .trim_start_matches("one of ")
        .split(", ")
        .flat_map(|s| s.split(" or "))
        .map(|s| s.trim().trim_matches('`').to_string())
        .collect()
}

#[test]
fn every_table_lists_exactly_the_fields_the_deserialiser_accepts() {
    let base_parses = opsim::scenario::parse(EVERY_TABLE);
    assert!(base_parses.is_ok(), "{:?}", base_parses.err());
    let schema = opsim::scenario::schema::schema();
    for (header, pointer) in TABLES {
        let table = schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in the schema"));
        assert_eq!(table["additionalProperties"], false, "{pointer}");
        let in_schema: BTreeSet<String> = table["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{pointer} has no properties"))
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            in_schema,
            accepted_fields(header),
            "fields of {header:?}: schema (left) vs deserialiser (right)"
        );
    }
}

#[test]
fn tables_of_named_entries_accept_any_name_in_both() {
    let schema = opsim::scenario::schema::schema();
    for pointer in [
        "/properties/organisation/properties/day_rates",
        "/properties/models",
        "/properties/models/additionalProperties/properties/fixed_per_month",
        "/properties/models/additionalProperties/properties/activities/items/properties/effort_fte",
        "/properties/models/additionalProperties/properties/countermeasures/items/properties/effort_days",
    ] {
        let table = schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer}"));
        assert!(table["additionalProperties"].is_object(), "{pointer}");
    }
    let named = EVERY_TABLE
        .replace("developer = 1\n", "developer = 1\nany-role-name = 2\n")
        .replace(
            "duration_weeks = 1\n",
            "duration_weeks = 1\neffort_fte = { any-role-name = 1 }\n",
        );
    assert!(opsim::scenario::parse(&named).is_ok());
    assert!(errors(&named).iter().all(|e| !e.contains("any-role-name")));
}

#[test]
fn the_schema_accepts_provenance_beside_a_distribution_and_checks_confidence() {
    let with = |extra: &str| {
        opsim::scenario::EXAMPLE.replace(
            crate::common::line_starting(
                opsim::scenario::EXAMPLE,
                "incident_rate_per_service_per_month = ",
            ),
            &format!("incident_rate_per_service_per_month = {{ lognormal = [0.2, 1.2]{extra} }}"),
        )
    };
    let good = with(", source = \"incidents.csv: 340 incidents\", confidence = \"medium\"");
    assert_ne!(good, opsim::scenario::EXAMPLE, "the example's line changed");
    assert!(errors(&good).is_empty(), "{:#?}", errors(&good));
    assert!(!errors(&with(", confidence = \"certain\"")).is_empty());
    assert!(!errors(&with(", source = 3")).is_empty());
}
