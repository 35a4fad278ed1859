//! Helpers shared by the integration tests: the reference scenario and the
//! `opsim` binary. Each test file uses only some of them.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

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
