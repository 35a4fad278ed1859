//! Terminal output fits its width: `opsim validate`, `compare`, `sweep` and
//! `fit` read `COLUMNS` (80 when it is not set and standard output is not a
//! terminal) and wrap by words; a long label breaks after a `.`, `_` or `-`,
//! never losing its front.

use std::path::Path;
use std::process::Output;

use crate::common::{assert_success, opsim};

fn opsim_with_columns(dir: &Path, columns: Option<&str>, args: &[&str]) -> Output {
    let mut command = opsim();
    command.args(args).current_dir(dir).env_remove("COLUMNS");
    if let Some(c) = columns {
        command.env("COLUMNS", c);
    }
    command.output().expect("opsim runs")
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("example.toml"), opsim::scenario::EXAMPLE).unwrap();
    std::fs::write(dir.path().join("bench.toml"), crate::common::BENCH_40).unwrap();
    dir
}

#[test]
fn validate_fits_80_columns_by_default_and_follows_columns() {
    let dir = setup();
    for (columns, limit) in [
        (None, 80),
        (Some("80"), 80),
        (Some("60"), 60),
        (Some("200"), 200),
    ] {
        let out = opsim_with_columns(dir.path(), columns, &["validate", "example.toml"]);
        assert_success(&out);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(widest(&text) <= limit, "COLUMNS={columns:?}:\n{text}");
        // Every input's path is there whole, though it may be broken over lines.
        let joined: String = text.lines().map(str::trim).collect();
        assert!(
            joined.contains(
                "models.ybiyri.activities.on-call-schedules-and-training.effort_fte.developer"
            ),
            "{text}"
        );
    }
    // Wide enough, a row is one line again.
    let out = opsim_with_columns(dir.path(), Some("200"), &["validate", "example.toml"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("organisation.day_rates.developer")
                && l.contains("pert [240, 310, 460]")),
        "{text}"
    );
}

#[test]
fn compare_and_sweep_fit_80_columns() {
    let dir = setup();
    let out = opsim_with_columns(
        dir.path(),
        None,
        &[
            "compare",
            "example.toml",
            "bench.toml",
            "-n",
            "500",
            "--out",
            "c",
        ],
    );
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(widest(&text) <= 80, "{text}");
    assert!(
        text.lines().all(|l| !l.trim_start().starts_with('…')),
        "no label cut at its front:\n{text}"
    );
    let out = opsim_with_columns(
        dir.path(),
        Some("80"),
        &[
            "sweep",
            "bench.toml",
            "--vary",
            "ybiyri.on_call.standby_pay_per_week=100..300:100",
            "-n",
            "500",
            "--out",
            "s",
        ],
    );
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(widest(&text) <= 80, "{text}");
    assert!(
        text.contains("models.ybiyri.on_call.standby_pay_per_week = 100"),
        "the parameter's whole path, front included:\n{text}"
    );
}
