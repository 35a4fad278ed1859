//! `opsim compare A.toml B.toml` end to end: a file against itself differs by
//! exactly nothing; a known change moves TCO by what a hand calculation says;
//! the table, compare.csv, compare.json and `opsim run` agree; mistakes exit 2
//! and write nothing.

use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::{self, BENCH_40, bench_40_path as bench_40};

/// Iterations per run: enough for every statistic, quick for a test.
const ITERATIONS: &str = "4000";

/// A fixed cost added to the baseline in `with_extra_fixed_cost`, per month.
const EXTRA_FIXED_PER_MONTH: f64 = 10_000.0;

/// Weeks in a month (docs/scenario.md: a month is 52/12 weeks).
const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

/// Rounding allowed in sums of the same draws added in another order.
const ROUNDING: f64 = 1e-6;

fn opsim(dir: &Path, args: &[&str]) -> Output {
    common::opsim_in(dir, args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// bench-40 with one more constant monthly cost on the baseline, Ops Run It.
fn with_extra_fixed_cost() -> String {
    let line = BENCH_40
        .lines()
        .find(|l| l.starts_with("application-support-team = "))
        .expect("bench-40 still has the line");
    BENCH_40.replace(
        line,
        &format!("{line}\nextra-contractor = {EXTRA_FIXED_PER_MONTH}"),
    )
}

/// A row of the terminal table whose label starts with `label`: one line, or
/// (in 80 columns) the label's line and the figures' line below it, joined.
fn row_of(table: &str, label: &str) -> String {
    let lines: Vec<&str> = table.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no row `{label}` in\n{table}"));
    if lines[at].contains('£') {
        lines[at].to_string()
    } else {
        format!("{} {}", lines[at], lines.get(at + 1).unwrap_or(&""))
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn compare(dir: &Path, a: &str, b: &str, extra: &[&str]) -> Output {
    let mut args = vec!["compare", a, b, "-n", ITERATIONS, "--out", "cmp"];
    args.extend_from_slice(extra);
    let out = opsim(dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn compare_json(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("cmp/compare.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The row of compare.json for `model` and `statistic`.
fn row<'a>(json: &'a Value, model: &str, statistic: &str) -> &'a Value {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["model"] == model && r["statistic"] == statistic)
        .unwrap_or_else(|| panic!("row {model} {statistic}"))
}

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is a number"))
}

#[test]
fn a_file_compared_with_itself_differs_by_exactly_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = compare(dir.path(), &bench_40(), &bench_40(), &[]);
    let json = compare_json(dir.path());
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        2 * 10 + 5,
        "10 rows per model, 5 per comparison"
    );
    for r in rows {
        assert_eq!(r["a"], r["b"], "{r}");
        if !r["a"].is_null() {
            assert_eq!(number(&r["difference"]), 0.0, "{r}");
        }
    }
    assert_eq!(json["a"]["sha256"], json["b"]["sha256"]);
    let table = String::from_utf8_lossy(&out.stdout);
    let tco = row_of(&table, "TCO (cash), mean");
    assert!(tco.contains(" £0 ±"), "{tco}");
}

#[test]
fn a_constant_monthly_cost_on_the_baseline_moves_tco_by_what_a_hand_calculation_says() {
    let dir = tempfile::tempdir().unwrap();
    let b = write(dir.path(), "extra.toml", &with_extra_fixed_cost());
    compare(dir.path(), &bench_40(), &b, &[]);
    let json = compare_json(dir.path());

    // Ops Run It pays it in each of the 36 months of every iteration; common random
    // numbers keep every other draw as it was.
    let baseline = number(&row(&json, "ops-run-it", "tco.mean")["difference"]);
    let expected = 36.0 * EXTRA_FIXED_PER_MONTH;
    assert!((baseline - expected).abs() < ROUNDING, "{baseline}");
    let setup = &row(&json, "ybiyri", "setup_cost.mean")["difference"];
    assert_eq!(number(setup), 0.0);
    let readiness = &row(&json, "ybiyri", "readiness_weeks.all.p90")["difference"];
    assert_eq!(number(readiness), 0.0);

    // YBIYRI pays the baseline's fixed costs until service reliability is ready
    // (prorated), so B - A is the cost times its mean readiness in months.
    let run = common::opsim_in(
        dir.path(),
        &[
            "run",
            &bench_40(),
            "-n",
            ITERATIONS,
            "--summary-only",
            "-q",
            "--out",
            "run",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("run/summary.json")).unwrap())
            .unwrap();
    let weeks =
        number(&summary["models"]["ybiyri"]["readiness_weeks"]["service-reliability"]["mean"]);
    let ybiyri = number(&row(&json, "ybiyri", "tco.mean")["difference"]);
    let expected = EXTRA_FIXED_PER_MONTH * weeks / WEEKS_PER_MONTH;
    assert!(
        (ybiyri - expected).abs() < ROUNDING,
        "{ybiyri} vs {expected}"
    );

    // A's column is `opsim run` of A on the same seed and iterations.
    let a_tco = number(&row(&json, "ybiyri", "tco.mean")["a"]);
    assert_eq!(a_tco, number(&summary["models"]["ybiyri"]["tco"]["mean"]));
    let cheaper = number(&row(&json, "ybiyri", "probability_cheaper")["a"]);
    assert_eq!(
        cheaper,
        number(&summary["comparisons"]["ybiyri"]["probability_cheaper"])
    );
}

#[test]
fn the_table_csv_and_json_hold_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let b = write(dir.path(), "extra.toml", &with_extra_fixed_cost());
    let out = compare(dir.path(), &bench_40(), &b, &[]);
    let json = compare_json(dir.path());
    let csv = std::fs::read_to_string(dir.path().join("cmp/compare.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "section,model,statistic,unit,a,a_se,b,b_se,difference,difference_se,flag"
    );
    let rows = json["rows"].as_array().unwrap();
    let csv_rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(csv_rows.len(), rows.len());
    for (cells, r) in csv_rows.iter().zip(rows) {
        assert_eq!(cells[0], r["section"]);
        assert_eq!(cells[1], r["model"]);
        assert_eq!(cells[2], r["statistic"]);
        for (cell, key) in
            cells[4..]
                .iter()
                .zip(["a", "a_se", "b", "b_se", "difference", "difference_se"])
        {
            match &r[key] {
                Value::Null => assert_eq!(*cell, "", "{key} of {r}"),
                v => {
                    let (csv, json): (f64, f64) = (cell.parse().unwrap(), number(v));
                    let tolerance = json.abs() * 1e-11;
                    assert!(
                        (csv - json).abs() <= tolerance,
                        "{key} of {r}: {csv} vs {json}"
                    );
                }
            }
        }
    }
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("A: bench-40.toml") && table.contains("B: extra.toml"),
        "{table}"
    );
    let ops = table.split("Ops Run It (ops-run-it)").nth(1).unwrap();
    let tco = row_of(ops, "TCO (cash), mean");
    assert!(tco.contains("+£360,000 ±"), "{tco}");
    let se = number(&row(&json, "ops-run-it", "tco.mean")["difference_se"]);
    assert!(tco.ends_with(&opsim::export::format::grouped(se)), "{tco}");
}

#[test]
fn json_to_stdout_moves_the_table_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = compare(dir.path(), &bench_40(), &bench_40(), &["--json", "-"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON only");
    assert_eq!(json, compare_json(dir.path()));
    assert_eq!(json["simulation"]["iterations"], 4000);
    assert_eq!(json["simulation"]["seed"], 40);
    assert!(stderr(&out).contains("B − A"));
}

#[test]
fn models_and_comparisons_in_one_file_only_are_listed_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let b = write(
        dir.path(),
        "renamed.toml",
        &BENCH_40.replace("ybiyri", "ybiyri-2"),
    );
    let out = compare(dir.path(), &bench_40(), &b, &[]);
    let json = compare_json(dir.path());
    assert_eq!(json["only_in_a"]["models"], serde_json::json!(["ybiyri"]));
    assert_eq!(json["only_in_b"]["models"], serde_json::json!(["ybiyri-2"]));
    assert_eq!(
        json["only_in_a"]["comparisons"],
        serde_json::json!(["ybiyri vs ops-run-it"])
    );
    assert_eq!(
        json["rows"].as_array().unwrap().len(),
        10,
        "ops-run-it only"
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("Models only in A: ybiyri\n"), "{table}");
    assert!(table.contains("Models only in B: ybiyri-2\n"), "{table}");
}

#[test]
fn both_runs_use_as_iterations_and_seed_and_say_so_when_b_asks_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let settings = |iterations: u64, seed: u64| {
        BENCH_40
            .replace("iterations = 200000", &format!("iterations = {iterations}"))
            .replace("seed = 40", &format!("seed = {seed}"))
    };
    let a = write(dir.path(), "a.toml", &settings(3000, 5));
    let b = write(dir.path(), "b.toml", &settings(5000, 6));
    let out = opsim(dir.path(), &["compare", &a, &b, "--out", "cmp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("B's file asks for 5,000 iterations; both ran A's 3,000 (choose with -n)."),
        "{table}"
    );
    assert!(
        table.contains("B's file has seed 6; both ran with A's seed 5 (choose with --seed)."),
        "{table}"
    );
    let json = compare_json(dir.path());
    assert_eq!(
        json["simulation"],
        serde_json::json!({"iterations": 3000, "seed": 5})
    );
    assert_eq!(json["b"]["iterations_in_file"], 5000);
    // Same seed, same numbers: B is A with other simulation settings only.
    for r in json["rows"].as_array().unwrap() {
        assert_eq!(r["a"], r["b"], "{r}");
    }
}

#[test]
fn set_applies_to_both_files() {
    let dir = tempfile::tempdir().unwrap();
    compare(
        dir.path(),
        &bench_40(),
        &bench_40(),
        &["--set", "organisation.services=60"],
    );
    let json = compare_json(dir.path());
    assert_eq!(
        json["set"],
        serde_json::json!(["--set organisation.services=60"])
    );
    assert_eq!(number(&row(&json, "ybiyri", "tco.mean")["difference"]), 0.0);
    let as_written = tempfile::tempdir().unwrap();
    compare(as_written.path(), &bench_40(), &bench_40(), &[]);
    let tco = |json: &Value| number(&row(json, "ops-run-it", "tco.mean")["a"]);
    assert!(
        tco(&json) > tco(&compare_json(as_written.path())),
        "60 services cost more than 40"
    );
}

/// Runs a compare that must fail and returns its error text, checking that
/// nothing was written.
fn refused(dir: &Path, a: &str, b: &str) -> String {
    let out = opsim(dir, &["compare", a, b, "-n", ITERATIONS, "--out", "cmp"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(!dir.join("cmp").exists(), "nothing written");
    stderr(&out)
}

#[test]
fn different_currencies_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let b = write(
        dir.path(),
        "eur.toml",
        &BENCH_40.replace("\"GBP\"", "\"EUR\""),
    );
    let error = refused(dir.path(), &bench_40(), &b);
    assert_eq!(
        error,
        format!(
            "error: cannot compare `{}` with `{b}`: the currencies differ (GBP and EUR), so B − A \
             would subtract amounts in different units; opsim converts no currencies: restate one \
             file in the other's currency\n",
            bench_40()
        )
    );
}

#[test]
fn different_horizons_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let b = write(
        dir.path(),
        "48.toml",
        &BENCH_40.replace("horizon_months = 36", "horizon_months = 48"),
    );
    let error = refused(dir.path(), &bench_40(), &b);
    assert!(
        error.contains("the horizons differ (36 and 48 months)"),
        "{error}"
    );
}

#[test]
fn a_missing_file_or_a_broken_one_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let error = refused(dir.path(), &bench_40(), "missing.toml");
    assert!(
        error.starts_with("error: cannot read scenario `missing.toml`"),
        "{error}"
    );
    let broken = write(
        dir.path(),
        "broken.toml",
        &BENCH_40.replace("teams = 10", "teams = -1"),
    );
    let error = refused(dir.path(), &broken, &bench_40());
    assert!(error.contains("broken.toml:"), "{error}");
    assert!(error.contains("organisation.teams"), "{error}");
}

#[test]
fn an_interrupted_compare_leaves_earlier_outputs_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    compare(dir.path(), &bench_40(), &bench_40(), &["-q"]);
    let before = common::snapshot(&dir.path().join("cmp"));
    let child = common::opsim()
        .args(["compare", &bench_40(), &bench_40(), "-n", "100000000"])
        .args(["-q", "--out", "cmp"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = common::wait_with_timeout(child, Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(common::snapshot(&dir.path().join("cmp")) == before);
}
