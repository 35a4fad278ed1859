//! Faults and hostile input at the command line: interrupted runs leave earlier
//! outputs untouched, unwritable or busy output folders fail fast, and absurd but
//! well-formed scenarios are refused with the limit and the reason.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, bench_40_path as bench_40, opsim, snapshot, wait_with_timeout};

fn interrupted_run_keeps_earlier_outputs(signal: &str, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = opsim()
        .args(["run", &bench_40(), "-n", "500", "-q", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(first.status.success());
    let before = snapshot(&out);
    let child = opsim()
        .args(["run", &bench_40(), "-n", "100000000", "-q", "--out"])
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let killed = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = wait_with_timeout(child, Duration::from_secs(20));
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("interrupted by SIG{signal}"))
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(
        snapshot(&out) == before,
        "the earlier outputs are byte-identical"
    );
}

#[test]
fn ctrl_c_stops_promptly_and_writes_nothing() {
    interrupted_run_keeps_earlier_outputs("INT", 130);
}

#[test]
fn sigterm_stops_promptly_and_writes_nothing() {
    interrupted_run_keeps_earlier_outputs("TERM", 143);
}

#[test]
fn an_unwritable_output_folder_fails_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("read-only");
    std::fs::create_dir(&locked).unwrap();
    let mut permissions = std::fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o555);
    std::fs::set_permissions(&locked, permissions).unwrap();
    // root ignores permission bits: use a place no one can write instead.
    let target = if File::create(locked.join("probe")).is_ok() {
        Path::new("/proc/self/opsim-cannot-write-here").to_path_buf()
    } else {
        locked.join("out")
    };
    let started = Instant::now();
    let output = opsim()
        .args(["run", &bench_40(), "-n", "100000000", "--out"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "fails before simulating"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot create output folder") || stderr.contains("cannot write"),
        "{stderr}"
    );
    assert!(!target.exists());
}

#[test]
fn two_runs_cannot_write_one_folder_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // A folder's lock is a file beside it, in its parent.
    let holder = File::create(dir.path().join(".out.opsim.lock")).unwrap();
    holder.try_lock().expect("the test takes the lock first");
    let output = opsim()
        .args(["run", &bench_40(), "-n", "100", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("another opsim run is writing to"));
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing was written into the folder"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "beside it, only the lock file: no staging folder"
    );
    drop(holder);
    let output = opsim()
        .args(["run", &bench_40(), "-n", "100", "-q", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "free again once the first run ends"
    );
}

fn refused(scenario_text: &str, args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("absurd.toml");
    std::fs::write(&file, scenario_text).unwrap();
    let started = Instant::now();
    let output = opsim()
        .arg("run")
        .arg(&file)
        .args(args)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "refused before starting"
    );
    for text in expected {
        assert!(stderr.contains(text), "expected `{text}` in:\n{stderr}");
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn absurd_iteration_counts_are_refused_with_the_limit() {
    refused(
        common::BENCH_40,
        &["--iterations", "1000000000000"],
        &["--iterations 1000000000000 is out of range", "1000000000"],
    );
}

#[test]
fn a_billion_services_are_refused_naming_the_input() {
    refused(
        &common::BENCH_40
            .to_string()
            .replace("services = 40", "services = 1000000000"),
        &[],
        &["organisation.services", "incidents per iteration", "limit"],
    );
}

#[test]
fn a_million_months_are_refused() {
    refused(
        &common::BENCH_40
            .to_string()
            .replace("horizon_months = 36", "horizon_months = 1000000"),
        &[],
        &["scenario.horizon_months", "1200"],
    );
}

#[test]
fn a_hundred_thousand_activities_are_refused() {
    let mut text = common::BENCH_40.to_string();
    for i in 0..100_000 {
        text.push_str(&format!(
            "[[models.ybiyri.activities]]\nid = \"a{i}\"\ncapability = \"learning-culture\"\nduration_weeks = 1\n"
        ));
    }
    refused(
        &text,
        &[],
        &["100013 setup activities are more than the limit of 5000"],
    );
}

#[test]
fn huge_rates_are_refused_naming_the_field() {
    refused(
        &common::BENCH_40
            .to_string()
            .replace("incident-manager = 500", "incident-manager = 1e300"),
        &[],
        &["organisation.day_rates.incident-manager", "limit"],
    );
}

#[test]
fn hostile_names_are_escaped_and_never_become_paths() {
    let text = common::BENCH_40.to_string()
        .replace("models.ybiyri", "models.\"../../evil\"")
        .replace(
            "id = \"change-approval-accountability\"\n",
            "id = \"change-approval-accountability\"\nname = \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"\n",
        )
        .replace("name = \"Ops Run It\"", "name = \"<script>alert(1)</script> & co\"");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.toml");
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("deep/out");
    let output = opsim()
        .arg("run")
        .arg(&file)
        .args(["-n", "200", "-q", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name();
        assert!(
            name == "hostile.toml" || name == "deep",
            "nothing escaped the output folder: {name:?}"
        );
    }
    assert!(!dir.path().join("evil").exists() && !out.join("../../evil").exists());
    for entry in std::fs::read_dir(&out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains("..") && !name.contains('/'),
            "file name {name}"
        );
    }
    let activities = std::fs::read_to_string(out.join("activities.csv")).unwrap();
    assert!(
        activities.contains("\"'=HYPERLINK("),
        "formula neutralised:\n{activities}"
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("'../../evil") || summary.contains("../../evil"),
        "model id kept as text"
    );
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!report.contains("<script>alert(1)"), "report escapes names");
    assert!(report.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
}

#[test]
fn a_heavy_tailed_incident_rate_is_refused_though_its_mean_is_modest() {
    // P99 of 0.5 per service per month, but a mean of about 1e5 (inside the
    // field's limit): one iteration in 10^8 would draw 10^13 incidents per
    // service per month, and the mean load is past the limit.
    refused(
        &common::BENCH_40.replace(
            common::line_starting(common::BENCH_40, "incident_rate_per_service_per_month = "),
            "incident_rate_per_service_per_month = { discrete = [[1e13, 1e-8], [0.5, 1]] }",
        ),
        &[],
        &["organisation.services", "incident rate's mean", "limit"],
    );
}

#[test]
fn scenario_text_reaches_the_terminal_as_visible_text() {
    let dir = tempfile::tempdir().unwrap();
    common::write_starter_with(
        dir.path(),
        "hostile.toml",
        "name = \"starter\"",
        "name = \"star\\u001b[31mter\\u0007 \\u202Edesrever\"",
    );
    let out = common::opsim_in(
        dir.path(),
        &[
            "run",
            "hostile.toml",
            "-n",
            "300",
            "--summary-only",
            "--out",
            "o",
        ],
    );
    common::assert_success(&out);
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.contains("star<U+001B>[31mter<U+0007> <U+202E>desrever"),
        "{printed}"
    );
    assert!(
        !printed.contains(['\u{1b}', '\u{7}', '\u{202E}']),
        "{printed}"
    );
}

#[test]
fn a_closed_standard_error_is_not_a_panic() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = common::opsim()
        .args(["run", "no-such-scenario.toml"])
        .stdout(std::process::Stdio::null())
        .stderr(writer)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

#[test]
fn a_scenario_file_past_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = include_str!("../../scenarios/starter.toml").to_string();
    text.push_str(&format!("# {}\n", "x".repeat(11 * 1024 * 1024)));
    std::fs::write(dir.path().join("huge.toml"), text).unwrap();
    let out = common::opsim_in(dir.path(), &["validate", "huge.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("it is 11.0 MiB") && stderr.contains("at most 10 MiB"),
        "{stderr}"
    );
    assert!(stderr.len() < 1000, "{stderr}");
}

#[test]
fn a_run_leaves_no_lock_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::opsim_in(
        dir.path(),
        &[
            "run",
            &bench_40(),
            "-n",
            "100",
            "-q",
            "--summary-only",
            "--out",
            "o",
        ],
    );
    common::assert_success(&out);
    assert!(dir.path().join("o/summary.json").exists());
    assert!(
        !dir.path().join("o/.opsim.lock").exists() && !dir.path().join(".o.opsim.lock").exists(),
        "the lock file is removed at exit"
    );
}

#[test]
fn a_bad_json_target_creates_no_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::opsim_in(
        dir.path(),
        &[
            "run",
            &bench_40(),
            "-n",
            "100",
            "--out",
            "new",
            "--json",
            "missing/summary.json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(
        !dir.path().join("new").exists(),
        "no --out folder was created"
    );
}

#[test]
fn the_lock_covers_the_json_target_folder() {
    let dir = tempfile::tempdir().unwrap();
    let held = dir.path().join("held");
    std::fs::create_dir(&held).unwrap();
    let holder = File::create(dir.path().join(".held.opsim.lock")).unwrap();
    holder.try_lock().expect("the test takes the lock first");
    let out = common::opsim_in(
        dir.path(),
        &[
            "run",
            &bench_40(),
            "-n",
            "100",
            "-q",
            "--summary-only",
            "--out",
            "elsewhere",
            "--json",
            "held/summary.json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("another opsim run is writing to") && stderr.contains("held"),
        "{stderr}"
    );
    assert!(!held.join("summary.json").exists());
    assert!(!dir.path().join("elsewhere/summary.json").exists());
}

#[test]
fn a_key_nested_thousands_deep_is_refused_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("# deep\n[{}]\n", vec!["a"; 5_000].join("."));
    std::fs::write(dir.path().join("deep.toml"), deep).unwrap();
    let out = common::opsim_in(dir.path(), &["validate", "deep.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("deep.toml:2:2: this key has 5000 dot-separated parts"),
        "{stderr}"
    );
}

#[test]
fn errors_quote_a_bounded_excerpt_of_a_huge_value() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "A".repeat(2_000_000);
    common::write_starter_with(
        dir.path(),
        "s.toml",
        "horizon_months = 36",
        &format!("horizon_months = \"{huge}\""),
    );
    let out = common::opsim_in(dir.path(), &["validate", "s.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("scenario.horizon_months") && stderr.contains("cut: 2000"),
        "{stderr}"
    );
    assert!(stderr.len() < 2_000, "{} bytes on stderr", stderr.len());
    // A command-line argument is at most 128 KiB on Linux.
    let argument = format!("--set=horizon_months=\"{}\"", &huge[..100_000]);
    let out = common::opsim_in(dir.path(), &["validate", "s.toml", &argument]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.len() < 2_000,
        "{} bytes on stderr",
        out.stderr.len()
    );
}

#[test]
fn a_bank_sized_organisation_runs_and_a_long_run_says_how_long_it_takes() {
    let dir = tempfile::tempdir().unwrap();
    // bench-40 at 4,000 services was refused at its rate's one-in-a-billion high.
    let out = opsim()
        .args([
            "run",
            &common::bench_40_path(),
            "-n",
            "50",
            "-q",
            "--summary-only",
        ])
        .args(["--set", "organisation.services=4000", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    common::assert_success(&out);
    // Ten million iterations of enterprise-5000: the estimate comes before the
    // run starts (here the output folder is a file, so it never does).
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let enterprise = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/enterprise-5000.toml"
    );
    let out = opsim()
        .args(["run", enterprise, "-n", "10000000", "-j", "2", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for expected in [
        "note: about 2.0",
        "e5 incidents",
        "will take about",
        "on 2 threads",
    ] {
        assert!(stderr.contains(expected), "`{expected}` not in {stderr}");
    }
}
