//! Helpers shared by the integration tests: the reference scenario and the
//! `opsim` binary. Each test module uses only some of them.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

/// The text of `scenarios/bench-40.toml`.
pub const BENCH_40: &str = include_str!("../../scenarios/bench-40.toml");

/// Absolute path of `scenarios/bench-40.toml`, for command lines.
pub fn bench_40_path() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench-40.toml").to_string()
}

/// The `opsim` binary built for these tests.
pub fn opsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_opsim"))
}

/// Runs `opsim` with `args` in `dir` and waits for it.
pub fn opsim_in(dir: &Path, args: &[&str]) -> Output {
    opsim()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("opsim runs")
}

/// Every file in `dir` with its bytes, sorted by name.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Waits for `child`, failing the test if it runs longer than `limit`.
pub fn wait_with_timeout(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < limit,
            "opsim did not stop within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// A scenario with every quantity constant and no incidents, two models.
pub fn constant_scenario(discount: f64, extra_activity_fields: &str) -> String {
    format!(
        r#"
[scenario]
name = "constant"
horizon_months = 36
hours_per_week = 37.5
discount_rate_per_year = {discount}
baseline = "ops"

[organisation]
services = 40
teams = 10
incident_rate_per_service_per_month = 0
wanted_deployments_per_service_per_month = 8

[organisation.day_rates]
developer = 600
change-manager = 450
product-manager = 650
support-analyst = 350

[models.ops.on_call]
rotas = 1
people_per_rota = 6
standby_pay_per_week = 200
role = "support-analyst"
[models.ops.incidents]
out_of_hours_probability = 0.35
time_to_restore_hours = 4
[models.ops.licences]
per_user_per_month = 25
[models.ops.changes]
deployments_cap_per_service_per_month = 2
approval_hours_per_change = 4
approval_role = "change-manager"
[models.ops.fixed_per_month]
support-team = 30000

[models.new]
transition_from = "ops"
[models.new.on_call]
rotas = 10
people_per_rota = 5
standby_pay_per_week = 200
role = "developer"
[models.new.incidents]
out_of_hours_probability = 0.35
time_to_restore_hours = 1
[models.new.licences]
per_user_per_month = 25
[models.new.changes]
approval_hours_per_change = 0.25
approval_role = "product-manager"
[models.new.fixed_per_month]
reduced-team = 10000

[[models.new.activities]]
id = "a"
capability = "deployment-throughput"
duration_weeks = 4
effort_fte = {{ developer = 1.0 }}
{extra_activity_fields}

[[models.new.activities]]
id = "b"
capability = "deployment-throughput"
duration_weeks = 6
after = ["a"]
effort_fte = {{ developer = 1.0 }}

[[models.new.activities]]
id = "c"
capability = "service-reliability"
duration_weeks = 13
effort_fte = {{ developer = 1.0 }}
one_off_cost = 5000
"#
    )
}

/// A one-model-plus-baseline scenario whose second model has the given activities.
pub fn activities_scenario(activities: &str) -> String {
    let base = constant_scenario(0.0, "");
    let cut = base.find("[[models.new.activities]]").unwrap();
    format!("{}{activities}", &base[..cut])
}

/// Writes the starter scenario into `dir` as `name`, with the first `from`
/// replaced by `to` (which must be there).
pub fn write_starter_with(dir: &Path, name: &str, from: &str, to: &str) {
    let starter = include_str!("../../scenarios/starter.toml");
    assert!(starter.contains(from), "the starter has no `{from}`");
    std::fs::write(dir.join(name), starter.replacen(from, to, 1)).unwrap();
}

/// The whole line of `text` that starts with `prefix` (e.g. a field of a shipped
/// scenario, whatever `source` and `confidence` it carries).
pub fn line_starting<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with `{prefix}`"))
}

/// Fails the test, showing opsim's standard error, unless the run exited 0.
pub fn assert_success(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
