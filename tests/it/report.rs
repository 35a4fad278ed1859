//! `report.html`: every string from the scenario is escaped (names holding
//! `<script>`, `&` and quotes), every section is there in order, nothing is
//! fetched from elsewhere, and with `SOURCE_DATE_EPOCH` set the file is
//! byte-identical from run to run and for any thread count.

use std::path::Path;
use std::process::Command;

use opsim::engine::{self, RunOptions};
use opsim::export::{RunInfo, charts, report};
use opsim::scenario;

/// A small scenario whose every name tries to break out of HTML.
const HOSTILE: &str = r#"
[scenario]
name = "<script>alert(\"x\")</script> & Sons"
description = "Tries <img src=x onerror=alert(1)> & 'quotes'"
horizon_months = 12
start_date = 2027-01-04
baseline = "ops"

[organisation]
services = 10
teams = 2
incident_rate_per_service_per_month = [0.2, 0.5, 1.0]
wanted_deployments_per_service_per_month = 4
[organisation.day_rates]
developer = 600
support-analyst = 350
change-manager = 450
product-manager = 650

[[tiers]]
id = "gold"
name = "Gold <tier> & co"
services = 10
exposure_per_hour = [100, 200, 400]
on_call = "team"

[models.ops]
name = "Ops <b>&</b> Co"
[models.ops.on_call]
rotas = 1
people_per_rota = 6
standby_pay_per_week = 200
role = "support-analyst"
[models.ops.incidents]
out_of_hours_probability = 0.3
time_to_restore_hours = { lognormal = [1, 8] }
[models.ops.changes]
approval_hours_per_change = 4
approval_role = "change-manager"

[models.new]
name = "New \"model\" <script>"
transition_from = "ops"
[models.new.on_call]
rotas = 2
people_per_rota = 4
standby_pay_per_week = 250
role = "developer"
[models.new.incidents]
out_of_hours_probability = 0.3
time_to_restore_hours = { lognormal = [0.5, 4] }
[models.new.changes]
approval_hours_per_change = 0.5
approval_role = "product-manager"

[[models.new.activities]]
id = "build"
name = "Build <pipelines> & \"things\""
capability = "deployment-throughput"
duration_weeks = [2, 4, 8]
effort_fte = { developer = 1.0 }

[[models.new.activities]]
id = "run"
name = "Run </script><script>alert(2)</script>"
capability = "service-reliability"
duration_weeks = [2, 5, 9]
after = ["build"]
effort_fte = { developer = 0.5 }

[[models.new.risks]]
id = "audit"
name = "Audit <delays> & more"
probability = 0.2
hits = ["run"]
delay_weeks = [1, 2, 4]

[[models.new.countermeasures]]
id = "help"
name = "Help & <support>"
enabled = true
applies_to = ["build"]
duration_factor = [0.7, 0.8, 0.9]
"#;

const GENERATED: &str = "2030-01-02 03:04 UTC";

fn hostile_report() -> String {
    let model = scenario::load("hostile <&>.toml", HOSTILE).unwrap_or_else(|e| panic!("{e}"));
    let summary = engine::run(
        &model,
        RunOptions {
            iterations: 600,
            seed: 5,
            threads: 2,
        },
        &|_| {},
    )
    .unwrap();
    let info = RunInfo {
        opsim_version: "9.9.9".into(),
        scenario_file: "hostile <&>.toml".into(),
        scenario_sha256: "ab12".into(),
        overrides: Vec::new(),
    };
    let results = summary.into();
    let charts = charts::render_all(&results, &Default::default()).unwrap();
    report::render(&results, &model, &info, &charts, GENERATED)
}

#[test]
fn every_scenario_string_is_escaped() {
    let html = hostile_report();
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script element gets through");
    assert!(!lower.contains("<img"), "no image element gets through");
    assert!(!lower.contains("<b>&</b>"), "markup in names stays text");
    for escaped in [
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons",
        "Tries &lt;img src=x onerror=alert(1)&gt; &amp; &#39;quotes&#39;",
        "Ops &lt;b&gt;&amp;&lt;/b&gt; Co",
        "New &quot;model&quot; &lt;script&gt;",
        "Build &lt;pipelines&gt; &amp; &quot;things&quot;",
        "Run &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
        "Gold &lt;tier&gt; &amp; co",
        "Audit &lt;delays&gt; &amp; more",
        "Help &amp; &lt;support&gt;",
        "hostile &lt;&amp;&gt;.toml",
    ] {
        assert!(html.contains(escaped), "missing escaped text: {escaped}");
    }
    assert!(
        html.contains("aria-label=\"Readiness timeline: New &quot;model&quot; &lt;script&gt;\""),
        "chart labels are escaped in attributes"
    );
}

#[test]
fn every_section_is_there_in_order_and_nothing_is_fetched() {
    let html = hostile_report();
    let sections: Vec<&str> = html
        .split("<section id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(
        sections,
        [
            "answer",
            "charts",
            "statistics",
            "assumptions",
            "appendix",
            "reproducibility"
        ]
    );
    assert_eq!(
        html.matches("<p class=\"answer\">").count(),
        1,
        "one sentence per compared model"
    );
    let answer = html.split("<section id=\"answer\">").nth(1).unwrap();
    let answer = answer.split("</section>").next().unwrap();
    for part in [
        "cheaper than",
        "1 future in 10",
        "in half of futures",
        "in 9 in 10",
    ] {
        assert!(answer.contains(part), "the answer says {part}: {answer}");
    }
    assert_eq!(
        html.matches("<figure").count(),
        7,
        "two difference charts, three cost charts, two readiness charts"
    );
    assert_eq!(
        html.matches("<svg role=\"img\"").count(),
        7,
        "charts are inline SVG"
    );
    for heading in [
        "Headline statistics",
        "Uncertain inputs",
        "Fixed inputs",
        "Countermeasures",
        "Risks",
        "Service tiers",
        "setup activities",
    ] {
        assert!(html.contains(heading), "missing {heading}");
    }
    assert!(html.contains("&plusmn; SE"), "standard errors are reported");
    for fact in ["9.9.9", "ab12", GENERATED, "--seed 5 --iterations 600"] {
        assert!(html.contains(fact), "reproducibility: {fact}");
    }
    for external in [
        "src=\"",
        "href=\"http",
        "url(",
        "@import",
        "<link rel=\"stylesheet\"",
    ] {
        assert!(
            !html.contains(external),
            "nothing from elsewhere: {external}"
        );
    }
    assert!(html.contains("@media print"), "a print stylesheet");
}

fn opsim(args: &[&str], dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_opsim"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "86400")
        .output()
        .expect("opsim runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn source_date_epoch_pins_the_report_date_and_output_is_identical_across_threads() {
    let dir = tempfile::tempdir().unwrap();
    for threads in ["1", "2"] {
        opsim(
            &["run", "-n", "800", "-j", threads, "-q", "--out", threads],
            dir.path(),
        );
    }
    let one = std::fs::read_to_string(dir.path().join("1/report.html")).unwrap();
    let two = std::fs::read_to_string(dir.path().join("2/report.html")).unwrap();
    assert!(
        one.contains("1970-01-02 00:00 UTC"),
        "the date comes from SOURCE_DATE_EPOCH"
    );
    assert!(
        one == two,
        "report.html is byte-identical for 1 and 2 threads"
    );
    let charts: Vec<_> = std::fs::read_dir(dir.path().join("1"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "png" || x == "svg"))
        .collect();
    assert_eq!(
        charts.len(),
        30,
        "every chart (seven, the joint confidence chart and two tornadoes) is written as \
         SVG, PNG and slide PNG"
    );
    for path in charts {
        let name = path.file_name().unwrap();
        let other = std::fs::read(dir.path().join("2").join(name)).unwrap();
        let same = std::fs::read(&path).unwrap() == other;
        assert!(same, "{name:?} differs between 1 and 2 threads");
    }
}

#[test]
fn a_currency_that_looks_like_markup_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::write_starter_with(
        dir.path(),
        "hostile.toml",
        "currency = \"GBP\"",
        "currency = \"<script>\"",
    );
    let out = crate::common::opsim_in(
        dir.path(),
        &["run", "hostile.toml", "-n", "400", "-q", "--out", "o"],
    );
    crate::common::assert_success(&out);
    let report = std::fs::read_to_string(dir.path().join("o/report.html")).unwrap();
    assert!(
        !report.contains("<script"),
        "a <script> element reached the report"
    );
    assert!(report.contains("&lt;script&gt;"));
}
