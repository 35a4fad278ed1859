//! The corpus of broken scenarios in `tests/broken/`: each `NN-name.toml` is a
//! scenario with something wrong (a comment at its top says what), and
//! `NN-name.expected` is exactly what opsim must show for it: the Display text of
//! the `ScenarioError`, with the file named `tests/broken/NN-name.toml`, plus the
//! final newline that `opsim` prints after it (so the file is exactly the stderr
//! of `opsim validate tests/broken/NN-name.toml`, and editors leave it alone).
//!
//! To regenerate the `.expected` files after changing a message, run
//!
//!     OPSIM_BLESS=1 cargo test --test it broken_scenarios::
//!
//! and then read every changed file by eye (`git diff tests/broken/`): the
//! expected text is what a user should see, not merely what the code prints now.
//!
//! The other tests here run the real binary: a broken file exits 2 and writes
//! nothing, a missing file and a bad flag exit 2 too.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

const CORPUS: &str = "tests/broken";

/// The corpus files, sorted by name.
fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The name opsim shows for a corpus file: its path relative to the crate.
fn shown_name(path: &Path) -> String {
    let file = path.file_name().expect("a file name").to_string_lossy();
    format!("{CORPUS}/{file}")
}

/// A line diff of the expected and actual text (longest common subsequence):
/// common lines indented, expected-only lines marked `-`, actual-only lines `+`.
fn line_diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    // common[i][j]: length of the longest common subsequence of e[i..] and a[j..].
    let mut common = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            common[i][j] = if e[i] == a[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            out.push_str(&format!("    {}\n", e[i]));
            i += 1;
            j += 1;
        } else if i < e.len() && (j == a.len() || common[i + 1][j] >= common[i][j + 1]) {
            out.push_str(&format!("  - {}\n", e[i]));
            i += 1;
        } else {
            out.push_str(&format!("  + {}\n", a[j]));
            j += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("  (the two differ in a final newline)\n");
    }
    out
}

#[test]
fn every_broken_scenario_reports_exactly_the_expected_problems() {
    let bless = std::env::var_os("OPSIM_BLESS").is_some_and(|v| v == "1");
    let files = corpus();
    assert!(
        files.len() >= 26,
        "the corpus has only {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = shown_name(path);
        let text = fs::read_to_string(path).expect("a readable corpus file");
        let expected_path = path.with_extension("expected");
        let actual = match opsim::scenario::load(&name, &text) {
            Ok(_) => {
                failures.push(format!("{name}: loaded without error, but it is broken"));
                continue;
            }
            Err(e) => format!("{e}\n"),
        };
        if bless {
            fs::write(&expected_path, &actual).expect("a writable .expected file");
            continue;
        }
        match fs::read_to_string(&expected_path) {
            Err(e) => failures.push(format!(
                "{name}: cannot read {} ({e}); it prints:\n{actual}",
                expected_path.display()
            )),
            Ok(expected) if expected != actual => failures.push(format!(
                "{name}: the error text differs (- expected, + actual):\n{}",
                line_diff(&expected, &actual)
            )),
            Ok(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} broken scenarios failed (OPSIM_BLESS=1 rewrites the .expected files):\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

use crate::common;

fn opsim(args: &[&str], dir: &Path) -> Output {
    common::opsim_in(dir, args)
}

#[test]
fn running_a_broken_scenario_exits_2_and_writes_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = root.join(CORPUS).join("38-many-problems.toml");
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join("out");
    let output = opsim(
        &[
            "run",
            &shown_name(&case),
            "--out",
            out.to_str().expect("a UTF-8 path"),
            "--quiet",
        ],
        root,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    // Rendered here rather than read from the .expected file, so that this test
    // does not race with a blessing run of the corpus test.
    let text = fs::read_to_string(&case).expect("a readable corpus file");
    let expected = match opsim::scenario::load(&shown_name(&case), &text) {
        Ok(_) => panic!("{} loads without error", case.display()),
        Err(e) => e.to_string(),
    };
    assert!(
        stderr.contains(&expected),
        "stderr does not contain the rendered error.\nexpected:\n{expected}\nstderr:\n{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing is printed on stdout");
    let written: Vec<_> = fs::read_dir(&out)
        .map(|entries| entries.map(|e| e.expect("an entry").path()).collect())
        .unwrap_or_default();
    assert!(
        written.is_empty(),
        "the output folder must not be filled, found {written:?}"
    );
}

#[test]
fn a_missing_scenario_file_exits_2_and_names_the_file() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let output = opsim(&["run", "missing.toml"], temp.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(
        stderr.contains("missing.toml"),
        "the message names the file:\n{stderr}"
    );
    assert!(
        !temp.path().join("output").exists(),
        "no output folder is created"
    );
}

#[test]
fn zero_iterations_on_the_command_line_exits_2() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = temp.path().join("out");
    let output = opsim(
        &[
            "run",
            "scenarios/bench-40.toml",
            "--iterations",
            "0",
            "--out",
            out.to_str().expect("a UTF-8 path"),
        ],
        root,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(
        stderr.contains("--iterations"),
        "the message names the flag:\n{stderr}"
    );
    assert!(!out.exists(), "no output folder is created");
}
