//! `opsim fit`: synthetic exports drawn from known parameters (a Poisson rate
//! per service, a lognormal time to restore) in the ServiceNow and PagerDuty
//! layouts must give back those parameters within their sampling error; each
//! kind of bad data gets its own message, exit code 2 and nothing written;
//! `--apply` writes a checked copy and never overwrites without `--force`;
//! provenance (`source`, `confidence`) changes no result.

use std::path::Path;
use std::process::Output;

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::common::{self, assert_success, opsim_in};

/// 52/12 weeks in seconds, opsim's month.
const MONTH_SECONDS: f64 = 52.0 / 12.0 * 7.0 * 86_400.0;
/// 2026-01-05T00:00:00Z.
const START: i64 = 1_767_571_200;
/// The 95th percentile of the standard normal, as the format uses it.
const Z_95: f64 = 1.6448536;

/// One synthetic incident.
struct Incident {
    opened: i64,
    resolved: i64,
    service: usize,
}

/// Incidents of `services` services, each a Poisson process of `rate` a month
/// for `months`, with lognormal(mu, sigma) hours to restore; sorted by time.
fn incidents(
    seed: u64,
    services: usize,
    rate: f64,
    months: f64,
    mu: f64,
    sigma: f64,
) -> Vec<Incident> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut out = Vec::new();
    for service in 0..services {
        let mut t = 0.0;
        loop {
            let u: f64 = rng.random();
            t += -(1.0 - u).ln() / rate;
            if t > months {
                break;
            }
            let opened = START + (t * MONTH_SECONDS) as i64;
            let hours = (mu + sigma * normal(&mut rng)).exp();
            let resolved = opened + ((hours * 3600.0) as i64).max(1);
            out.push(Incident {
                opened,
                resolved,
                service,
            });
        }
    }
    out.sort_by_key(|i| i.opened);
    out
}

/// A standard normal draw (Box-Muller).
fn normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let (u1, u2): (f64, f64) = (rng.random(), rng.random());
    (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// `2026-01-05 09:12:33` (`local`) or `2026-01-05T09:12:33Z`.
fn when(seconds: i64, local: bool) -> String {
    let utc = jiff::Timestamp::from_second(seconds).expect("a time in jiff's range");
    let format = if local {
        "%Y-%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%dT%H:%M:%SZ"
    };
    utc.strftime(format).to_string()
}

/// ServiceNow's incident list export (times without an offset).
fn servicenow(incidents: &[Incident]) -> String {
    let mut csv =
        String::from("number,short_description,opened_at,resolved_at,business_service,priority\n");
    for (i, inc) in incidents.iter().enumerate() {
        csv.push_str(&format!(
            "INC{:07},\"Disk full, again\",{},{},svc-{},3 - Moderate\n",
            i + 1,
            when(inc.opened, true),
            when(inc.resolved, true),
            inc.service
        ));
    }
    csv
}

/// PagerDuty's incident export (times with an offset).
fn pagerduty(incidents: &[Incident]) -> String {
    let mut csv = String::from(
        "id,incident_number,description,service_name,urgency,created_on,resolved_on\n",
    );
    for (i, inc) in incidents.iter().enumerate() {
        csv.push_str(&format!(
            "P{:06X},{},CPU high,svc-{},high,{},{}\n",
            i,
            i + 1,
            inc.service,
            when(inc.opened, false),
            when(inc.resolved, false)
        ));
    }
    csv
}

fn fit_in(dir: &Path, csv: &str, args: &[&str]) -> Output {
    std::fs::write(dir.join("export.csv"), csv).unwrap();
    let mut all = vec!["fit"];
    all.extend_from_slice(args);
    opsim_in(dir, &all)
}

/// The fragment's value at `path` as a TOML table.
fn value(stdout: &[u8], table: &str, key: &str) -> toml::Table {
    let text = String::from_utf8_lossy(stdout);
    let parsed: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut at = &parsed;
    for part in table.split('.') {
        at = at[part]
            .as_table()
            .unwrap_or_else(|| panic!("no [{table}] in\n{text}"));
    }
    at[key].as_table().unwrap().clone()
}

/// (mu, sigma) of a `{ lognormal = [p5, p95] }` value, as the loader reads it.
fn lognormal(v: &toml::Table) -> (f64, f64) {
    let pair = v["lognormal"].as_array().unwrap();
    let (p5, p95) = (pair[0].as_float().unwrap(), pair[1].as_float().unwrap());
    (
        (p5.ln() + p95.ln()) / 2.0,
        (p95.ln() - p5.ln()) / (2.0 * Z_95),
    )
}

/// Checks a fitted fragment against the parameters the data were drawn from.
fn check_recovery(stdout: &[u8], services: usize, rate: f64, months: f64, mu: f64, sigma: f64) {
    let r = value(
        stdout,
        "organisation",
        "incident_rate_per_service_per_month",
    );
    let (rm, rs) = lognormal(&r);
    let fitted_rate = (rm + rs * rs / 2.0).exp();
    let expected_events = rate * services as f64 * months;
    let se = rate / expected_events.sqrt();
    assert!(
        (fitted_rate - rate).abs() < 3.0 * se,
        "rate {fitted_rate} vs {rate} (se {se})"
    );
    // The interval's width is the estimate's own sampling error (Poisson: sd/mean 1/sqrt(n)).
    let cv = (rs * rs).exp_m1().sqrt();
    assert!((cv * expected_events.sqrt() - 1.0).abs() < 0.2, "cv {cv}");
    let t = value(
        stdout,
        "models.ops-run-it.incidents",
        "time_to_restore_hours",
    );
    let (m, s) = lognormal(&t);
    let n = expected_events;
    assert!((m - mu).abs() < 3.5 * sigma / n.sqrt(), "mu {m} vs {mu}");
    assert!(
        (s - sigma).abs() < 3.5 * sigma / (2.0 * n).sqrt(),
        "sigma {s} vs {sigma}"
    );
    assert_eq!(r["confidence"].as_str(), Some("high"));
    assert_eq!(t["confidence"].as_str(), Some("high"));
}

#[test]
fn a_servicenow_export_gives_back_its_rate_and_time_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (services, rate, months, mu, sigma) = (30, 0.8, 12.0, 1.0, 1.1);
    let data = incidents(1, services, rate, months, mu, sigma);
    let out = fit_in(
        dir.path(),
        &servicenow(&data),
        &["incidents", "export.csv", "--services", "30"],
    );
    assert_success(&out);
    check_recovery(&out.stdout, services, rate, months, mu, sigma);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("ServiceNow incident export"), "{report}");
    assert!(report.lines().all(|l| l.chars().count() <= 80), "{report}");
    let r = value(
        &out.stdout,
        "organisation",
        "incident_rate_per_service_per_month",
    );
    let source = r["source"].as_str().unwrap();
    assert!(
        source.starts_with(&format!(
            "export.csv: {} incidents on 30 services, 2026-01-",
            data.len()
        )) || source.starts_with(&format!("export.csv: {},", data.len() / 1000)),
        "{source}"
    );
}

#[test]
fn a_pagerduty_export_gives_back_its_rate_and_time_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (services, rate, months, mu, sigma) = (12, 2.5, 9.0, -0.3, 0.7);
    let data = incidents(2, services, rate, months, mu, sigma);
    let out = fit_in(dir.path(), &pagerduty(&data), &["incidents", "export.csv"]);
    assert_success(&out);
    check_recovery(&out.stdout, services, rate, months, mu, sigma);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("PagerDuty incident export"), "{report}");
    assert!(
        report.contains("services that appear in the file"),
        "{report}"
    );
    let fewer = fit_in(
        dir.path(),
        &pagerduty(&data),
        &["incidents", "export.csv", "--services", "5"],
    );
    assert_success(&fewer);
    let report = String::from_utf8_lossy(&fewer.stderr);
    assert!(
        report.contains("--services 5 is fewer than the 12 services"),
        "{report}"
    );
}

#[test]
fn tiers_and_other_layouts_are_fitted_through_columns() {
    let dir = tempfile::tempdir().unwrap();
    let gold = incidents(3, 10, 3.0, 6.0, 0.0, 0.5);
    let bronze = incidents(4, 10, 3.0, 6.0, 2.5, 0.5);
    let mut csv = String::from("Start,End,App,Tier\n");
    for (tier, data) in [("gold", &gold), ("bronze", &bronze)] {
        for inc in data.iter() {
            csv.push_str(&format!(
                "{},{},app-{},{tier}\n",
                when(inc.opened, false),
                when(inc.resolved, false),
                inc.service
            ));
        }
    }
    let out = fit_in(
        dir.path(),
        &csv,
        &[
            "incidents",
            "export.csv",
            "--columns",
            "opened=Start,resolved=End,service=App,tier=Tier",
        ],
    );
    assert_success(&out);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("by tier"), "{report}");
    let fragment = String::from_utf8_lossy(&out.stdout);
    // Each tier's lognormal recovers its own median (exp(0) = 1 h and exp(2.5) = 12.2 h).
    for (tier, median) in [("gold", 1.0_f64), ("bronze", 2.5_f64.exp())] {
        let line = fragment
            .lines()
            .find(|l| l.starts_with(&format!("#   {tier}:")))
            .unwrap_or_else(|| panic!("{fragment}"));
        let inner = &line[line.find('[').unwrap() + 1..line.find(']').unwrap()];
        let (p5, p95) = inner.split_once(", ").unwrap();
        let fitted = (p5.parse::<f64>().unwrap() * p95.parse::<f64>().unwrap()).sqrt();
        // se of ln median: sigma / sqrt(n), n about 180.
        assert!(
            (fitted.ln() - median.ln()).abs() < 3.5 * 0.5 / 150f64.sqrt(),
            "{line}"
        );
    }
}

#[test]
fn deployments_give_back_their_rate() {
    let dir = tempfile::tempdir().unwrap();
    let data = incidents(5, 8, 20.0, 6.0, 0.0, 1.0);
    let mut csv = String::from("deployment_id,service,deployed_at\n");
    for (i, d) in data.iter().enumerate() {
        csv.push_str(&format!(
            "d{i},svc-{},{}\n",
            d.service,
            when(d.opened, false)
        ));
    }
    let out = fit_in(dir.path(), &csv, &["deployments", "export.csv"]);
    assert_success(&out);
    let v = value(
        &out.stdout,
        "organisation",
        "wanted_deployments_per_service_per_month",
    );
    let (m, s) = lognormal(&v);
    let fitted = (m + s * s / 2.0).exp();
    let se = 20.0 / (20.0 * 8.0 * 6.0_f64).sqrt();
    assert!((fitted - 20.0).abs() < 3.0 * se, "{fitted}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("not\n# what the teams wanted"));
}

#[test]
fn the_empirical_table_keeps_the_data_mean_and_set_arguments_load() {
    let dir = tempfile::tempdir().unwrap();
    let data = incidents(6, 10, 2.0, 6.0, 0.5, 0.8);
    let mean = data
        .iter()
        .map(|i| (i.resolved - i.opened) as f64 / 3600.0)
        .sum::<f64>()
        / data.len() as f64;
    let out = fit_in(
        dir.path(),
        &servicenow(&data),
        &["incidents", "export.csv", "--empirical", "-q"],
    );
    assert_success(&out);
    let t = value(
        &out.stdout,
        "models.ops-run-it.incidents",
        "time_to_restore_hours",
    );
    let pairs = t["discrete"].as_array().unwrap();
    assert_eq!(pairs.len(), 20);
    let (mut sum, mut weight) = (0.0, 0.0);
    for p in pairs {
        let p = p.as_array().unwrap();
        let (v, w) = (p[0].as_float().unwrap(), p[1].as_integer().unwrap() as f64);
        sum += v * w;
        weight += w;
    }
    assert_eq!(weight as usize, data.len());
    // Values are written to four significant figures: 0.05% of the mean at most.
    assert!(
        (sum / weight - mean).abs() < 5e-4 * mean,
        "{} vs {mean}",
        sum / weight
    );

    // --format set: each argument is accepted by validate on the example.
    let out = fit_in(
        dir.path(),
        &servicenow(&data),
        &["incidents", "export.csv", "--format", "set", "-q"],
    );
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut args = vec!["validate".to_string(), "example.toml".to_string()];
    std::fs::write(dir.path().join("example.toml"), opsim::scenario::EXAMPLE).unwrap();
    for line in text.lines() {
        let value = line
            .strip_prefix("--set '")
            .and_then(|l| l.strip_suffix('\''))
            .unwrap_or_else(|| panic!("{line}"));
        args.push("--set".into());
        args.push(value.replace("'\\''", "'"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = opsim_in(dir.path(), &args);
    assert_success(&out);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("Where inputs came from"), "{shown}");
    assert!(shown.contains("source: export.csv:"), "{shown}");
}

/// Runs a fit of `csv` that must fail: exit 2, the message holds each of
/// `expected`, and the --out folder was not created.
fn fails_with(csv: &str, extra: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["incidents", "export.csv", "--out", "fitted"];
    args.extend_from_slice(extra);
    let out = fit_in(dir.path(), csv, &args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(out.stdout.is_empty());
    assert!(!dir.path().join("fitted").exists(), "nothing is written");
}

const HEADER: &str = "number,opened_at,resolved_at,business_service\n";

#[test]
fn each_kind_of_bad_data_is_named_with_its_line_and_column() {
    let good = "INC1,2026-01-05 09:00:00,2026-01-05 11:00:00,web\n";
    fails_with("", &[], &["export.csv: the file is empty"]);
    fails_with(HEADER, &[], &["has a header but no rows"]);
    fails_with(
        "number,opened_at,business_service\nINC1,2026-01-05 09:00:00,web\n",
        &[],
        &[
            "line 1, column `resolved`",
            "no resolved column: looked for `resolved_at`",
            "--columns resolved=COLUMN",
        ],
    );
    fails_with(
        &format!("{HEADER}{good}INC2,yesterday,2026-01-05 11:00:00,web\n"),
        &[],
        &[
            "line 3, column `opened_at`",
            "`yesterday` is not a date and time",
            "--skip-bad-rows",
        ],
    );
    fails_with(
        &format!("{HEADER}{good}INC2,2026-01-05 09:00:00,2026-01-05 08:00:00,web\n"),
        &[],
        &[
            "line 3, column `resolved_at`",
            "resolved before opened: resolved_at is 1 h 0 min before opened_at",
        ],
    );
    fails_with(
        &format!("{HEADER}{good}{good}"),
        &[],
        &[
            "line 3, column `number`",
            "duplicate: number `INC1` is the same as on line 2",
        ],
    );
    fails_with(
        &format!("{HEADER}{good}INC2,2026-01-06T09:00:00Z,2026-01-06T10:00:00Z,web\n"),
        &[],
        &[
            "line 3, column `opened_at`",
            "mixed time zones",
            "line 2 has times without an offset",
        ],
    );
    fails_with(
        &format!("{HEADER}{good}INC2,2026-01-06 09:00:00,2026-01-06 09:00:00,web\n"),
        &[],
        &[
            "line 3, column `resolved_at`",
            "resolved the second it opened",
        ],
    );
    fails_with(
        &format!("{HEADER}{good}INC2,2026-01-06 09:00:00,2026-01-06 10:00:00\n"),
        &[],
        &["line 3:", "the row has 3 fields where the header has 4"],
    );
    fails_with(
        &format!("{HEADER}{good}INC2,2026-01-06 09:00:00,2026-01-06 10:00:00,\n"),
        &[],
        &["line 3, column `business_service`", "the service is empty"],
    );
    fails_with(
        &format!("{HEADER}{good}"),
        &[],
        &["a rate needs at least two events"],
    );
    fails_with(
        "number;opened_at;resolved_at;business_service\nINC1;2026-01-05 09:00:00;2026-01-05 11:00:00;web\n",
        &[],
        &["no opened column", "separate its columns with `;`"],
    );
    fails_with(
        &format!("{HEADER}{good}"),
        &["--columns", "opened=start"],
        &["column `opened`", "`start` (given by --columns)"],
    );
}

#[test]
fn control_characters_in_a_cell_are_shown_and_long_cells_cut() {
    let long = format!("\u{1b}[31m{}", "x".repeat(500));
    let csv = format!("{HEADER}INC1,{long},2026-01-05 11:00:00,web\n");
    let dir = tempfile::tempdir().unwrap();
    let out = fit_in(dir.path(), &csv, &["incidents", "export.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\u{1b}'), "{err}");
    assert!(err.contains("<U+001B>[31m"), "{err}");
    assert!(!err.contains(&"x".repeat(100)), "{err}");
}

#[test]
fn skipped_rows_are_counted_by_reason() {
    let mut csv = String::from(HEADER);
    let data = incidents(7, 5, 4.0, 6.0, 0.0, 1.0);
    for (i, inc) in data.iter().enumerate() {
        csv.push_str(&format!(
            "INC{i},{},{},svc-{}\n",
            when(inc.opened, true),
            when(inc.resolved, true),
            inc.service
        ));
    }
    csv.push_str("INC0,2026-02-01 00:00:00,2026-02-01 01:00:00,web\n");
    csv.push_str("BAD1,not a time,2026-02-01 01:00:00,web\n");
    csv.push_str("BAD2,2026-02-01 03:00:00,2026-02-01 01:00:00,web\n");
    csv.push_str("BAD3,2026-02-02 03:00:00,2026-02-02 01:00:00,web\n");
    csv.push_str("OPEN1,2026-02-02 03:00:00,,web\n");
    let dir = tempfile::tempdir().unwrap();
    let out = fit_in(
        dir.path(),
        &csv,
        &[
            "incidents",
            "export.csv",
            "--skip-bad-rows",
            "--out",
            "fitted",
        ],
    );
    assert_success(&out);
    let report = String::from_utf8_lossy(&out.stderr);
    let rows = data.len() + 5;
    assert!(
        report.contains(&format!("{rows} read, {} used, 4 skipped", data.len() + 1)),
        "{report}"
    );
    assert!(
        report.contains("1 unparseable time (first on line"),
        "{report}"
    );
    assert!(report.contains("2 resolved before opened"), "{report}");
    assert!(report.contains("1 duplicate"), "{report}");
    assert!(
        report.contains("unresolved 1 incidents with no resolved time"),
        "{report}"
    );
    for name in ["fit.txt", "fit.toml", "fit.svg", "fit.png"] {
        assert!(dir.path().join("fitted").join(name).exists(), "{name}");
    }
}

#[test]
fn too_few_data_and_a_poor_fit_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = incidents(8, 2, 5.0, 2.0, 0.0, 1.0);
    // Half the incidents take 100 times longer: two humps, not one lognormal.
    for (i, inc) in data.iter_mut().enumerate() {
        if i % 2 == 0 {
            inc.resolved = inc.opened + (inc.resolved - inc.opened) * 100;
        }
    }
    let out = fit_in(dir.path(), &servicenow(&data), &["incidents", "export.csv"]);
    assert_success(&out);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("too few data"), "{report}");
    let fragment = String::from_utf8_lossy(&out.stdout);
    assert!(fragment.contains("confidence = \"low\""), "{fragment}");

    let mut data = incidents(9, 20, 5.0, 6.0, 0.0, 0.3);
    for (i, inc) in data.iter_mut().enumerate() {
        if i % 2 == 0 {
            inc.resolved = inc.opened + (inc.resolved - inc.opened) * 100;
        }
    }
    let out = fit_in(dir.path(), &servicenow(&data), &["incidents", "export.csv"]);
    assert_success(&out);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("poor fit"), "{report}");
}

#[test]
fn apply_writes_a_checked_copy_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("my.toml");
    std::fs::write(&scenario, opsim::scenario::EXAMPLE).unwrap();
    let data = incidents(10, 20, 1.0, 6.0, 1.0, 1.0);
    let out = fit_in(
        dir.path(),
        &servicenow(&data),
        &["incidents", "export.csv", "--apply", "my.toml", "-q"],
    );
    assert_success(&out);
    let written = std::fs::read_to_string(dir.path().join("my.fitted.toml")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&scenario).unwrap(),
        opsim::scenario::EXAMPLE
    );
    assert!(written.contains("incident_rate_per_service_per_month = { lognormal = ["));
    assert!(written.contains("source = \"export.csv: "));
    // The baseline gets the time to restore; the other model keeps its own.
    let model = opsim::scenario::load("my.fitted.toml", &written).unwrap();
    assert_eq!(model.models[0].id, "ops-run-it");
    assert_success(&opsim_in(dir.path(), &["validate", "my.fitted.toml"]));

    let again = opsim_in(
        dir.path(),
        &["fit", "incidents", "export.csv", "--apply", "my.toml"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists; nothing was written"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("my.fitted.toml")).unwrap(),
        written
    );
    let forced = opsim_in(
        dir.path(),
        &[
            "fit",
            "incidents",
            "export.csv",
            "--apply",
            "my.toml",
            "--force",
            "--services",
            "40",
            "-q",
        ],
    );
    assert_success(&forced);
    assert_ne!(
        std::fs::read_to_string(dir.path().join("my.fitted.toml")).unwrap(),
        written
    );

    let unknown = opsim_in(
        dir.path(),
        &[
            "fit",
            "incidents",
            "export.csv",
            "--apply",
            "my.toml",
            "--output",
            "x.toml",
            "--model",
            "nope",
        ],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("has no such model"));
    assert!(!dir.path().join("x.toml").exists());
}

/// `text` with every `, source = "..."` and `, confidence = "..."` removed: the
/// shipped scenarios as they were before their comments moved into the fields.
fn without_provenance(text: &str) -> String {
    let mut out = text.to_string();
    for key in [", source = \"", ", confidence = \""] {
        while let Some(at) = out.find(key) {
            let value = at + key.len();
            let close = value + out[value..].find('"').expect("closing quote");
            out.replace_range(at..=close, "");
        }
    }
    out
}

#[test]
fn provenance_changes_no_result() {
    // The shipped scenarios carry `source` and `confidence` on their uncertain
    // inputs; without them every output is the same, byte for byte, except where
    // the scenario file's name and hash are written.
    for (shipped, iterations) in [
        (common::BENCH_40, "2000"),
        (opsim::scenario::EXAMPLE, "500"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let plain = without_provenance(shipped);
        assert!(
            shipped.matches("confidence = ").count() >= 30,
            "the scenario carries provenance"
        );
        assert!(!plain.contains("confidence = "), "{plain}");
        std::fs::write(dir.path().join("plain.toml"), &plain).unwrap();
        std::fs::write(dir.path().join("sourced.toml"), shipped).unwrap();
        for name in ["plain", "sourced"] {
            let out = opsim_in(
                dir.path(),
                &[
                    "run",
                    &format!("{name}.toml"),
                    "-n",
                    iterations,
                    "--summary-only",
                    "-q",
                    "--out",
                    name,
                ],
            );
            assert_success(&out);
        }
        let (a, b) = (
            common::snapshot(&dir.path().join("plain")),
            common::snapshot(&dir.path().join("sourced")),
        );
        assert_eq!(a.len(), b.len());
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            if name == "manifest.json" || name == "report.xlsx" {
                // Lists the other files' hashes, and summary.json names the
                // scenario; the workbook's Assumptions sheet shows each input's
                // source and confidence, which is what differs (its figures are
                // the CSV files', checked here).
                continue;
            }
            // Only the file's name and hash may differ.
            let kept = |bytes: &[u8]| -> Vec<String> {
                String::from_utf8_lossy(bytes)
                    .lines()
                    .filter(|l| !l.contains("\"file\":") && !l.contains("\"sha256\":"))
                    .map(String::from)
                    .collect()
            };
            let (x, y) = (kept(x), kept(y));
            let first = x.iter().zip(&y).position(|(p, q)| p != q);
            assert!(
                first.is_none() && x.len() == y.len(),
                "{name} differs at line {first:?}"
            );
        }
    }
}

#[test]
fn a_bad_confidence_or_a_table_of_provenance_alone_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let line = common::line_starting(
        opsim::scenario::EXAMPLE,
        "incident_rate_per_service_per_month = ",
    );
    for (replacement, expected) in [
        (
            "incident_rate_per_service_per_month = { lognormal = [0.2, 1.2], confidence = \"sure\" }",
            "`confidence = \"sure\"` is not a confidence",
        ),
        (
            "incident_rate_per_service_per_month = { source = \"x\", confidence = \"low\" }",
            "the table has no distribution",
        ),
        (
            "incident_rate_per_service_per_month = { lognormal = [0.2, 1.2], source = 4 }",
            "`source` must be text",
        ),
    ] {
        let text = opsim::scenario::EXAMPLE.replace(line, replacement);
        assert_ne!(text, opsim::scenario::EXAMPLE);
        std::fs::write(dir.path().join("s.toml"), text).unwrap();
        let out = opsim_in(dir.path(), &["validate", "s.toml"]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{err}");
        assert!(err.contains("s.toml:"), "{err}");
    }
}
