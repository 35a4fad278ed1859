//! Inputs that once made opsim panic, found by the fuzz targets in `fuzz/`: each
//! file in `tests/fuzz_regressions/` is loaded, its error report or inputs table
//! rendered, and (when valid and small) run for 3 iterations, exactly as the fuzz
//! targets do (`fuzz/src/lib.rs`, shared here). A panic fails the test, naming
//! the file. README.md ("For contributors") says how to add one.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[path = "../fuzz/src/exercise.rs"]
mod fuzz;

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Names of the files whose replay panics, with the panic message.
fn panics(dir: &str) -> Vec<String> {
    let mut failed = Vec::new();
    for path in files(dir) {
        let bytes = fs::read(&path).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        if let Err(payload) = catch_unwind(AssertUnwindSafe(|| fuzz::exercise(&text))) {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            failed.push(format!("{}: {message}", path.display()));
        }
    }
    failed
}

#[test]
fn no_fuzz_regression_panics() {
    assert!(
        !files("tests/fuzz_regressions").is_empty(),
        "the regression corpus is there"
    );
    let failed = panics("tests/fuzz_regressions");
    assert!(failed.is_empty(), "panicked:\n{}", failed.join("\n"));
}

/// Peak resident memory of this process so far, in bytes (Linux).
fn peak_memory() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Fixed: sketches keep at most MAX_BUCKETS buckets per sign (src/stats/sketch.rs);
/// before that this input needed 5.6 GB for 20 iterations.
#[test]
fn wide_ranging_inputs_keep_sketch_memory_bounded() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions/memory/sketch-memory.toml");
    let text = fs::read_to_string(path).expect("readable");
    let model = opsim::scenario::load("sketch-memory.toml", &text).expect("valid");
    let options = opsim::engine::RunOptions {
        iterations: 20,
        seed: 1,
        threads: 1,
    };
    opsim::engine::run(&model, options, &|_| {}).expect("run");
    let peak = peak_memory().unwrap_or(0);
    assert!(peak < 1 << 30, "peak memory {} MB", peak >> 20);
}
