//! `opsim init` writes the starter scenario, which validates and runs, and never
//! replaces a file without --force; `opsim schema` prints the JSON Schema.

use std::fs;

use crate::common::opsim_in;

#[test]
fn init_writes_a_starter_that_validates_and_runs() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let output = opsim_in(dir.path(), &["init"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("opsim validate scenario.toml"), "{stdout}");
    assert!(stdout.contains("opsim run scenario.toml"), "{stdout}");
    let written = fs::read_to_string(dir.path().join("scenario.toml")).expect("scenario.toml");
    assert_eq!(written, opsim::scenario::STARTER);

    let validated = opsim_in(dir.path(), &["validate", "scenario.toml"]);
    assert!(
        validated.status.success(),
        "{}",
        String::from_utf8_lossy(&validated.stderr)
    );
    let ran = opsim_in(
        dir.path(),
        &["run", "scenario.toml", "-n", "300", "-q", "--out", "out"],
    );
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert!(dir.path().join("out/summary.json").is_file());
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("the folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file is left: {leftovers:?}"
    );
}

#[test]
fn init_refuses_to_replace_a_file_without_force() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("mine.toml");
    fs::write(&path, "my own work\n").expect("a file");
    let refused = opsim_in(dir.path(), &["init", "mine.toml"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("`mine.toml` already exists"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        fs::read_to_string(&path).expect("the file"),
        "my own work\n"
    );

    let forced = opsim_in(dir.path(), &["init", "mine.toml", "--force"]);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_eq!(
        fs::read_to_string(&path).expect("the file"),
        opsim::scenario::STARTER
    );
}

#[test]
fn init_into_a_missing_folder_or_onto_a_folder_exits_2() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for target in ["no/such/folder/s.toml", "."] {
        let output = opsim_in(dir.path(), &["init", target]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{target}: {stderr}");
    }
    assert!(!dir.path().join("scenario.toml").exists());
}

#[test]
fn schema_prints_the_json_schema() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let output = opsim_in(dir.path(), &["schema"]);
    assert!(output.status.success());
    let printed: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(printed, opsim::scenario::schema::schema());
}
