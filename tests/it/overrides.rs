//! `--set PATH=VALUE`: overrides change the compiled model exactly as the same
//! edit of the file would, resolve suffixes, insert defaults, and every mistake
//! is reported against the argument or the original file line.

use std::path::Path;

use opsim::model::Model;
use opsim::scenario::{Override, load_with_overrides, parse_override};

use crate::common::{self, BENCH_40};

const BENCH: &str = "scenarios/bench-40.toml";

/// A small scenario with no [simulation] table, no licences, inline tables and a
/// model implied only by deeper headers, so that every way of inserting a
/// default is exercised.
const SMALL: &str = r#"[scenario]
name = "small"
horizon_months = 12
baseline = "ops"

[organisation]
services = 10
teams = 2
incident_rate_per_service_per_month = 0.5
wanted_deployments_per_service_per_month = 4

[organisation.day_rates]
developer = 500

[models.ops.on_call]
rotas = 1
people_per_rota = 4
standby_pay_per_week = 200
role = "developer"

[models.ops.incidents]
out_of_hours_probability = 0.3
time_to_restore_hours = 4

[models.new]
transition_from = "ops"
on_call = { rotas = 2, people_per_rota = 5, standby_pay_per_week = 250, role = "developer" }
incidents = { out_of_hours_probability = 0.3, time_to_restore_hours = 2 }
"#;

fn sets(args: &[&str]) -> Vec<Override> {
    args.iter()
        .map(|a| parse_override(a).unwrap_or_else(|e| panic!("{a}: {e}")))
        .collect()
}

fn load(source: &str, args: &[&str]) -> Model {
    load_with_overrides(BENCH, source, &sets(args)).unwrap_or_else(|e| panic!("{e}"))
}

fn error(source: &str, args: &[&str]) -> String {
    match load_with_overrides(BENCH, source, &sets(args)) {
        Ok(_) => panic!("{args:?} loaded without error"),
        Err(e) => e.to_string(),
    }
}

fn input(model: &Model, path: &str) -> String {
    model
        .inputs
        .iter()
        .find(|i| i.path == path)
        .map(|i| i.dist.describe())
        .unwrap_or_else(|| panic!("no input {path}"))
}

#[test]
fn no_overrides_is_the_plain_loader() {
    let plain = opsim::scenario::load(BENCH, BENCH_40).expect("bench-40 loads");
    let same = load(BENCH_40, &[]);
    assert_eq!(plain.inputs.len(), same.inputs.len());
    assert_eq!(plain.organisation.services, same.organisation.services);
}

#[test]
fn an_override_changes_the_compiled_inputs() {
    let model = load(
        BENCH_40,
        &[
            "organisation.services=60",
            "organisation.day_rates.developer=[400, 500, 900]",
            "models.ybiyri.incidents.time_to_restore_hours={ lognormal = [0.25, 8] }",
            "models.ybiyri.risks.penetration-exercises.occurs=0.5",
        ],
    );
    assert_eq!(model.organisation.services, 60.0);
    assert_eq!(
        input(&model, "organisation.day_rates.developer"),
        "pert [400, 500, 900]"
    );
    let ybiyri = &model.models[1];
    assert_eq!(
        ybiyri.arrangement.time_to_restore_hours.describe(),
        "lognormal [0.25, 8]"
    );
    assert_eq!(
        input(&model, "models.ybiyri.risks.penetration-exercises.occurs"),
        "bernoulli 0.5"
    );
    // Untouched inputs keep the file's values.
    assert_eq!(
        input(&model, "organisation.day_rates.support-analyst"),
        "pert [300, 350, 420]"
    );
}

#[test]
fn a_countermeasure_is_disabled_by_its_unique_suffix() {
    let on = load(BENCH_40, &[]);
    let off = load(
        BENCH_40,
        &["countermeasures.change-approval-criteria.enabled=false"],
    );
    let find = |m: &Model| {
        m.models[1]
            .countermeasures
            .iter()
            .find(|c| c.id == "change-approval-criteria")
            .map(|c| c.enabled)
            .expect("the countermeasure")
    };
    assert!(find(&on));
    assert!(!find(&off));
}

#[test]
fn defaults_the_file_leaves_out_are_inserted_wherever_the_table_is_written() {
    let model = load(
        SMALL,
        &[
            // [simulation] is not written: appended, both keys under one header.
            "simulation.iterations=123",
            "simulation.seed=9",
            // [models.new.licences] is not written either.
            "models.new.licences.per_user_per_month=30",
            // A [header] table.
            "organisation.out_of_hours_wait_hours=10",
            // A [header] table of a model, and inline tables.
            "models.ops.incidents.escalation_share=0.25",
            "models.new.on_call.callout_fee=50",
            "models.new.incidents.follow_up_hours_per_incident=2",
            // A table implied only by a deeper header ([models.ops.on_call]).
            "models.ops.name=Central",
        ],
    );
    assert_eq!(model.meta.iterations, 123);
    assert_eq!(model.meta.seed, 9);
    assert_eq!(
        input(&model, "models.new.licences.per_user_per_month"),
        "30"
    );
    assert_eq!(input(&model, "organisation.out_of_hours_wait_hours"), "10");
    assert_eq!(
        input(&model, "models.ops.incidents.escalation_share"),
        "0.25"
    );
    assert_eq!(input(&model, "models.new.on_call.callout_fee"), "50");
    assert_eq!(
        input(&model, "models.new.incidents.follow_up_hours_per_incident"),
        "2"
    );
    assert_eq!(model.models[0].name, "Central");
}

#[test]
fn an_ambiguous_suffix_lists_the_candidates() {
    assert_eq!(
        error(BENCH_40, &["licences.per_user_per_month=3"]),
        "\
error: --set licences.per_user_per_month=3: `licences.per_user_per_month` is ambiguous: it ends 2 paths
  |
  | --set licences.per_user_per_month=3
  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: write one in full: models.ops-run-it.licences.per_user_per_month, models.ybiyri.licences.per_user_per_month

scenarios/bench-40.toml: 1 problem found; nothing was run or written"
    );
}

#[test]
fn an_unknown_path_suggests_the_nearest_one() {
    assert_eq!(
        error(BENCH_40, &["organisation.servics=3"]),
        "\
error: --set organisation.servics=3: no field `organisation.servics` in scenarios/bench-40.toml or its format
  |
  | --set organisation.servics=3
  |       ^^^^^^^^^^^^^^^^^^^^
  = help: did you mean `organisation.services`?

scenarios/bench-40.toml: 1 problem found; nothing was run or written"
    );
    let suffix_typo = error(BENCH_40, &["change-approval-criteria.enabld=false"]);
    assert!(
        suffix_typo.contains(
            "did you mean `models.ybiyri.countermeasures.change-approval-criteria.enabled`?"
        ),
        "{suffix_typo}"
    );
    let table = error(BENCH_40, &["organisation.day_rates=3"]);
    assert!(
        table.contains("`organisation.day_rates` is a table, not a value"),
        "{table}"
    );
    // A new role is not added silently: only the roles the file names are settable.
    let new_role = error(BENCH_40, &["organisation.day_rates.developr=500"]);
    assert!(
        new_role.contains("did you mean `organisation.day_rates.developer`?"),
        "{new_role}"
    );
}

#[test]
fn bad_value_syntax_is_refused_when_the_argument_is_parsed() {
    for (argument, wanted) in [
        ("organisation.services", "has no `=`"),
        ("=3", "needs a dotted path"),
        ("organisation.services=", "no value after `=`"),
        (
            "organisation.day_rates.developer=[500, 600",
            "is not one TOML value",
        ),
        ("scenario.name=two words", "is not one TOML value"),
    ] {
        match parse_override(argument) {
            Ok(o) => panic!("{argument} parsed as {o:?}"),
            Err(e) => assert!(e.contains(wanted), "{argument}: {e}"),
        }
    }
    // A bare word is text; TOML values keep their own type.
    assert_eq!(
        parse_override("role=developer").map(|o| o.value),
        Ok("\"developer\"".into())
    );
    assert_eq!(
        parse_override("enabled=false").map(|o| o.value),
        Ok("false".into())
    );
    assert_eq!(
        parse_override("x = 2 # note").map(|o| o.value),
        Ok("2".into())
    );
}

#[test]
fn a_value_the_checks_reject_names_the_set_argument() {
    assert_eq!(
        error(BENCH_40, &["organisation.services=-5"]),
        "\
error: --set organisation.services=-5: organisation.services: -5 is out of range: it must be between 1 and 1000000000
  |
  | --set organisation.services=-5
  |                             ^^
  = help: write a whole number from 1 to 1000000000

scenarios/bench-40.toml: 1 problem found; nothing was run or written"
    );
    let swapped = error(
        BENCH_40,
        &["ybiyri.incidents.time_to_restore_hours={ lognormal = [6, 0.5] }"],
    );
    assert!(
        swapped.contains("--set ybiyri.incidents.time_to_restore_hours={ lognormal = [6, 0.5] }: models.ybiyri.incidents.time_to_restore_hours: lognormal [p5, p95] needs p5 < p95"),
        "{swapped}"
    );
    let inserted = error(SMALL, &["models.new.on_call.callout_fee=-1"]);
    assert!(
        inserted.contains("error: --set models.new.on_call.callout_fee=-1: models.new.on_call.callout_fee: -1 is out of range"),
        "{inserted}"
    );
}

#[test]
fn an_error_in_the_file_keeps_its_line_after_overrides_change_the_text() {
    let broken = BENCH_40.replace("rotas = 10\n", "rotas = -1\n");
    let line = broken
        .lines()
        .position(|l| l == "rotas = -1")
        .expect("the broken line")
        + 1;
    let text = error(
        &broken,
        &[
            // Longer than what it replaces, and on an earlier line.
            "organisation.incident_rate_per_service_per_month={ lognormal = [0.25, 1.5] }",
            // An inserted line before the error.
            "organisation.domains=3",
        ],
    );
    assert_eq!(
        text,
        format!(
            "\
error: scenarios/bench-40.toml:{line}:9: models.ybiyri.on_call.rotas: -1 is out of range: it must be at least 0
   |
{line} | rotas = -1
   |         ^^
  = help: write a number of 0 or more

scenarios/bench-40.toml: 1 problem found; nothing was run or written"
        )
    );
}

#[test]
fn the_same_value_set_twice_is_an_error() {
    // An unknown path before the pair must not shift which argument is named first.
    let text = error(
        BENCH_40,
        &["nothing.here=1", "organisation.services=50", "services=60"],
    );
    assert!(
        text.contains("organisation.services is set twice"),
        "{text}"
    );
    assert!(
        text.contains("keep one of `--set organisation.services=50` and `--set services=60`"),
        "{text}"
    );
}

#[test]
fn settable_paths_include_written_values_and_defaults() {
    let paths = opsim::scenario::overrides::settable_paths(BENCH_40);
    for path in [
        "organisation.services",
        "models.ybiyri.countermeasures.change-approval-criteria.enabled",
        "models.ybiyri.activities.production-access.duration_weeks",
        "models.ops-run-it.on_call.cover",
    ] {
        assert!(paths.iter().any(|p| p == path), "{path} missing");
    }
    assert!(!paths.iter().any(|p| p == "organisation.day_rates"));
}

#[test]
fn the_cli_exits_2_and_writes_nothing_for_a_bad_set() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join("out");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for set in [
        "organisation.services=-5",
        "organisation.servics=5",
        "x=[1,",
    ] {
        let output = common::opsim_in(
            root,
            &[
                "run",
                BENCH,
                "-n",
                "100",
                "--set",
                set,
                "--out",
                out.to_str().expect("a UTF-8 path"),
            ],
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{set}: {stderr}");
        assert!(
            stderr.contains(set.split('=').next().unwrap_or(set)),
            "{stderr}"
        );
        assert!(!out.exists(), "{set}: nothing is written");
    }
}

#[test]
fn validate_shows_what_was_set_and_the_resulting_input() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = common::opsim_in(
        root,
        &[
            "validate",
            BENCH,
            "--set",
            "services=55",
            "--set",
            "organisation.day_rates.developer=[400, 500, 900]",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("55 services"), "{stdout}");
    assert!(
        stdout.contains("  organisation.services = 55\n"),
        "{stdout}"
    );
    // The input's row: on one line, or (narrower than the table) its path on
    // one line and its figures on the next.
    let at = stdout
        .find("\norganisation.day_rates.developer")
        .expect("the developer rate row");
    let developer: String = stdout[at + 1..]
        .lines()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(developer.contains("pert [400, 500, 900]"), "{developer}");
}

#[test]
fn any_value_at_any_settable_path_loads_or_fails_cleanly() {
    let values = [
        "1",
        "-1",
        "0.5",
        "true",
        "\"text\"",
        "[1, 2, 3]",
        "{ pert = [1, 2, 3] }",
        "2027-01-04",
    ];
    let paths = opsim::scenario::overrides::settable_paths(BENCH_40);
    assert!(paths.len() > 100, "only {} paths", paths.len());
    // Each path gets three of the values, in turn, so every value meets every
    // kind of field without running all the combinations.
    for (i, path) in paths.iter().enumerate() {
        for value in [0, 3, 5].map(|k| values[(i + k) % values.len()]) {
            let argument = format!("{path}={value}");
            let set = parse_override(&argument).unwrap_or_else(|e| panic!("{argument}: {e}"));
            let Err(e) = load_with_overrides(BENCH, BENCH_40, &[set]) else {
                continue;
            };
            for problem in &e.problems {
                match &problem.argument {
                    Some(shown) => assert!(
                        problem.span.end <= shown.len() && shown.ends_with(&argument),
                        "{argument}: {problem:?}"
                    ),
                    None => assert!(
                        problem.span.end <= BENCH_40.len(),
                        "{argument}: a file problem outside the file: {problem:?}"
                    ),
                }
            }
            // Rendering never panics and names the file.
            assert!(e.to_string().contains(BENCH), "{argument}");
        }
    }
}
