//! The `opsim` binary end to end: the README's run command, JSON on standard
//! output, `validate`, help text, and identical files for any thread count.

use std::path::Path;
use std::process::Output;

use crate::common::{self, bench_40_path as bench_40};

fn opsim(args: &[&str], dir: &Path) -> Output {
    common::opsim_in(dir, args)
}

#[test]
fn run_without_a_file_runs_the_built_in_example_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim(&["run", "--iterations", "500"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("TCO (cash)") && stdout.contains("Chance it is cheaper"),
        "{stdout}"
    );
    for file in [
        "summary.json",
        "summary.csv",
        "monthly.csv",
        "activities.csv",
    ] {
        assert!(
            dir.path().join("output/run").join(file).is_file(),
            "{file} written"
        );
    }
    for folder in ["output", "output/run"] {
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join(folder))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(
            leftovers.is_empty(),
            "no lock, staging or temporary files are left in {folder}: {leftovers:?}"
        );
    }
}

#[test]
fn json_to_stdout_is_the_summary_and_the_table_moves_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim(
        &["run", &bench_40(), "-n", "300", "--json", "-", "--out", "o"],
        dir.path(),
    );
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON only");
    assert_eq!(json["simulation"]["iterations"], 300);
    assert_eq!(json["scenario"]["name"], "bench-40");
    assert!(String::from_utf8_lossy(&out.stderr).contains("TCO (cash)"));
    let file = std::fs::read(dir.path().join("o/summary.json")).unwrap();
    assert_eq!(file, out.stdout, "the file and stdout hold the same JSON");
}

#[test]
fn output_files_are_identical_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    for threads in ["1", "2"] {
        let out = opsim(
            &[
                "run",
                &bench_40(),
                "-n",
                "3000",
                "-j",
                threads,
                "-q",
                "--out",
                threads,
            ],
            dir.path(),
        );
        assert!(out.status.success());
    }
    for file in [
        "summary.json",
        "summary.csv",
        "monthly.csv",
        "activities.csv",
    ] {
        let a = std::fs::read(dir.path().join("1").join(file)).unwrap();
        let b = std::fs::read(dir.path().join("2").join(file)).unwrap();
        assert!(a == b, "{file} differs between 1 and 2 threads");
    }
}

#[test]
fn validate_shows_what_each_input_implies() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim(&["validate", &bench_40()], dir.path());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // lognormal [0.2, 1.2]: median sqrt(0.2 x 1.2) = 0.49, mean exp(mu + sigma^2/2) = 0.57.
    // A row is its path's line and, in 80 columns, the figures' line below.
    let row = |prefix: &str| -> String {
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains(prefix))
            .expect("listed");
        format!("{} {}", lines[at], lines.get(at + 1).unwrap_or(&""))
    };
    let line = row("organisation.incident_rate_per_service_per_month");
    assert!(
        line.contains("lognormal [0.2, 1.2]") && line.contains("0.57") && line.contains("0.49"),
        "{line}"
    );
    // pert [4, 8, 20]: mean (4 + 32 + 20) / 6 = 9.33.
    let line = row("incident-accountability.duration_weeks");
    assert!(line.contains("9.33"), "{line}");
    assert!(text.contains("Drawn per incident"));
    assert!(
        !dir.path().join("output").exists(),
        "validate writes nothing"
    );
}

#[test]
fn help_gives_examples_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim(&["run", "--help"], dir.path());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Examples:") && text.contains("Exit codes"),
        "{text}"
    );
    let out = opsim(&["run", "--bogus"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn summary_only_writes_the_data_files_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim(
        &[
            "run",
            &bench_40(),
            "-n",
            "300",
            "--summary-only",
            "--out",
            "o",
        ],
        dir.path(),
    );
    assert!(out.status.success());
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("o"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| !f.starts_with('.'))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "activities.csv",
            "manifest.json",
            "monthly-wide.csv",
            "monthly.csv",
            "report.xlsx",
            "summary.csv",
            "summary.json"
        ]
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("o/summary.json")).unwrap()).unwrap();
    assert!(json["sensitivity"].is_null() && json["countermeasures_and_risks"].is_null());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("What drives"), "{stdout}");
}

#[test]
fn a_full_run_prints_what_drives_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim(&["run", &bench_40(), "-n", "600", "--out", "o"], dir.path());
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("What drives the cash difference of You Build It You Run It")
            && stdout.contains("Change approval criteria that product")
            && stdout.contains("switch off"),
        "{stdout}"
    );
    assert!(
        dir.path()
            .join("o/tornado-tco-difference-ybiyri.svg")
            .is_file()
    );
    let report = std::fs::read_to_string(dir.path().join("o/report.html")).unwrap();
    assert!(
        report.contains("What drives the answer") && report.contains("Countermeasures and risks")
    );
}

#[test]
fn target_se_reports_how_many_iterations_it_took() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim(
        &[
            "run",
            &bench_40(),
            "--target-se",
            "0.5",
            "--summary-only",
            "--json",
            "-",
            "--out",
            "o",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["simulation"]["iterations"], 16_384,
        "one round is enough for 50%"
    );
    assert_eq!(json["convergence"]["reached"], true);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--target-se 0.5: reached after 16,384 iterations")
    );
}

#[test]
fn bad_target_se_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["run", "--target-se", "0"],
        vec!["run", "--target-se", "1.5"],
        vec!["run", "--target-se", "0.01", "-n", "1000"],
        vec!["run", "--max-iterations", "1000"],
        vec!["run", "--target-se", "0.01", "--max-iterations", "0"],
    ] {
        let out = opsim(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            !dir.path().join("output").exists(),
            "{args:?}: nothing written"
        );
    }
}

#[test]
fn overrides_are_recorded_for_reproducibility() {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim(
        &[
            "run",
            &bench_40(),
            "-n",
            "300",
            "--set",
            "organisation.teams=12",
            "--set",
            "models.ybiyri.incidents.time_to_restore_hours={ lognormal = [0.5, 7] }",
            "--out",
            "o",
            "-q",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("o/summary.json")).unwrap()).unwrap();
    assert_eq!(
        json["scenario"]["overrides"],
        serde_json::json!([
            "organisation.teams=12",
            "models.ybiyri.incidents.time_to_restore_hours={ lognormal = [0.5, 7] }"
        ])
    );
    let report = std::fs::read_to_string(dir.path().join("o/report.html")).unwrap();
    assert!(
        report.contains(
            "--set organisation.teams=12 --set &#39;models.ybiyri.incidents.time_to_restore_hours={ lognormal = [0.5, 7] }&#39;"
        ),
        "the report's command repeats the overrides, quoted for the shell"
    );
}
