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

/// summary.csv of a quick run of `file` in `dir` with `sets`.
fn summary_with(dir: &std::path::Path, file: &str, sets: &[String], out: &str) -> String {
    let mut args = vec![
        "run",
        file,
        "-n",
        "2000",
        "-q",
        "--summary-only",
        "--out",
        out,
    ];
    for set in sets {
        args.push("--set");
        args.push(set);
    }
    let output = opsim_in(dir, &args);
    crate::common::assert_success(&output);
    fs::read_to_string(dir.join(out).join("summary.csv")).unwrap()
}

/// Every `--set` that `opsim init` and the starter's comments suggest runs on
/// the starter and changes its results (a suggestion that changes nothing
/// teaches a new user that the tool ignores them).
#[test]
fn every_change_init_and_the_starter_suggest_changes_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let output = opsim_in(dir.path(), &["init", "my.toml"]);
    crate::common::assert_success(&output);
    let said = String::from_utf8_lossy(&output.stdout).into_owned();
    let starter = fs::read_to_string(dir.path().join("my.toml")).unwrap();
    let suggested: Vec<String> = said
        .lines()
        .chain(starter.lines())
        .flat_map(|line| line.split("--set ").skip(1).map(str::to_string))
        .map(|rest| {
            let word = rest.split_whitespace().next().unwrap_or_default();
            word.trim_matches('\'').to_string()
        })
        .collect();
    assert!(suggested.len() >= 2, "{suggested:?}");
    let plain = summary_with(dir.path(), "my.toml", &[], "plain");
    for (i, set) in suggested.iter().enumerate() {
        let changed = summary_with(
            dir.path(),
            "my.toml",
            std::slice::from_ref(set),
            &format!("s{i}"),
        );
        assert_ne!(changed, plain, "--set {set} changes nothing in the starter");
    }
}

#[test]
fn a_missing_scenario_file_suggests_opsim_init() {
    let dir = tempfile::tempdir().unwrap();
    let output = opsim_in(dir.path(), &["run", "mine.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("run `opsim init mine.toml`"), "{said}");
}

#[test]
fn each_command_shows_its_own_examples() {
    let dir = tempfile::tempdir().unwrap();
    for (command, own, foreign) in [
        ("run", "opsim run my.toml --target-se", "opsim compare"),
        (
            "validate",
            "opsim validate my.toml",
            "opsim run my.toml --target-se",
        ),
        ("compare", "opsim compare a.toml b.toml", "opsim init"),
        ("init", "opsim init my.toml --force", "opsim compare"),
        ("sweep", "opsim sweep", "opsim compare"),
    ] {
        let output = opsim_in(dir.path(), &[command, "--help"]);
        let help = String::from_utf8_lossy(&output.stdout);
        let examples = help.split("Examples:").nth(1).unwrap_or_default();
        assert!(examples.contains(own), "{command} --help lacks {own:?}");
        assert!(
            !examples.contains(foreign),
            "{command} --help shows another command's example {foreign:?}"
        );
    }
}
