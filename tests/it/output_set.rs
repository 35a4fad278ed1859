//! A command's output folder is one set of files: replaced whole, listed in
//! manifest.json, checked by `opsim verify`, never mixed with another run's
//! files whatever stops the writing (SIGKILL, SIGINT, a full disk), never
//! holding what opsim did not write.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, bench_40_path as bench_40, opsim, snapshot, wait_with_timeout};

/// `opsim run` of bench-40 with numbers only, into `out`.
fn run_into(out: &Path, seed: &str) -> Output {
    opsim()
        .args(["run", &bench_40(), "-n", "300", "-q", "--summary-only"])
        .args(["--seed", seed, "--out"])
        .arg(out)
        .output()
        .unwrap()
}

fn verify(dir: &Path) -> Output {
    opsim().arg("verify").arg(dir).output().unwrap()
}

/// The run id of the set in `dir`, read from its manifest.
fn run_id(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["run_id"].as_str().unwrap().to_string()
}

/// Entries beside `out` in its parent, but for `out` itself and `keep`.
fn beside(out: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != out.file_name().unwrap().to_str().unwrap() && !keep.contains(&n.as_str()))
        .collect()
}

#[test]
fn a_run_replaces_the_folder_whole_and_verify_passes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::assert_success(&run_into(&out, "1"));
    let first = run_id(&out);
    let verified = verify(&out);
    common::assert_success(&verified);
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(
        said.contains("is one complete set") && said.contains(&first),
        "{said}"
    );
    common::assert_success(&run_into(&out, "2"));
    assert_ne!(run_id(&out), first, "the new set replaced the old");
    common::assert_success(&verify(&out));
    assert!(
        beside(&out, &[]).is_empty(),
        "no lock or staging folder is left"
    );
    // The same scenario, seed and iterations: the same bytes, the same id.
    let again = dir.path().join("again");
    common::assert_success(&run_into(&again, "2"));
    assert_eq!(snapshot(&again), snapshot(&out));
}

#[test]
fn verify_names_every_difference_from_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::assert_success(&run_into(&out, "1"));
    std::fs::write(out.join("summary.csv"), "changed").unwrap();
    std::fs::remove_file(out.join("monthly.csv")).unwrap();
    std::fs::write(out.join("stray.txt"), "x").unwrap();
    let checked = verify(&out);
    assert_eq!(checked.status.code(), Some(1));
    let said = String::from_utf8_lossy(&checked.stderr);
    for expected in [
        "differs from its manifest",
        "in 3 ways",
        "`summary.csv` has 7 bytes",
        "`monthly.csv` is missing",
        "`stray.txt` is in the folder but not in the manifest",
    ] {
        assert!(said.contains(expected), "{expected:?} in {said}");
    }
    let same_size = std::fs::read(out.join("activities.csv")).unwrap();
    let mut flipped = same_size.clone();
    flipped[0] ^= 1;
    std::fs::write(out.join("activities.csv"), flipped).unwrap();
    let said = String::from_utf8_lossy(&verify(&out).stderr).into_owned();
    assert!(
        said.contains("`activities.csv` has other contents"),
        "{said}"
    );

    let no_manifest = verify(dir.path());
    assert_eq!(no_manifest.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_manifest.stderr).contains("has no manifest.json"));
    std::fs::write(out.join("manifest.json"), "{ \"manifest_format\": 1 ").unwrap();
    let broken = verify(&out);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("not a manifest opsim can read"));
}

#[test]
fn a_folder_holding_files_opsim_did_not_write_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("board-notes.md"), "mine").unwrap();
    let refused = run_into(&out, "1");
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("`board-notes.md`, which opsim did not write") && said.contains("--out"),
        "{said}"
    );
    assert_eq!(
        snapshot(&out),
        [("board-notes.md".to_string(), b"mine".to_vec())]
    );
    assert!(beside(&out, &[]).is_empty());
    // An output folder cannot be a file either.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let refused = run_into(&file, "1");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is a file"));
}

#[test]
fn a_folder_from_before_manifests_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for name in [
        "summary.json",
        "summary.csv",
        "tco-distribution.png",
        ".opsim.lock",
    ] {
        std::fs::write(out.join(name), "old").unwrap();
    }
    std::fs::write(out.join(".report.html.4242.tmp"), "orphan").unwrap();
    common::assert_success(&run_into(&out, "1"));
    common::assert_success(&verify(&out));
    assert!(
        !out.join("tco-distribution.png").exists(),
        "the old set went whole"
    );
}

#[test]
fn the_next_run_clears_what_a_killed_run_left_beside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::assert_success(&run_into(&out, "1"));
    let staging = dir.path().join(".out.opsim-staging-999999");
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("summary.json"), "half").unwrap();
    let said = String::from_utf8_lossy(&verify(&out).stdout).into_owned();
    assert!(said.contains(".out.opsim-staging-999999"), "{said}");
    let second = run_into(&out, "2");
    common::assert_success(&second);
    let note = String::from_utf8_lossy(&second.stderr);
    assert!(
        note.contains("removed `.out.opsim-staging-999999`") && note.contains("killed"),
        "{note}"
    );
    assert!(!staging.exists());
    // A two-step swap killed between its steps: the old set is put back.
    let aside = dir.path().join(".out.opsim-old-999999");
    std::fs::rename(&out, &aside).unwrap();
    let third = run_into(&out, "3");
    common::assert_success(&third);
    assert!(String::from_utf8_lossy(&third.stderr).contains("put back the previous files"));
    assert!(!aside.exists());
    common::assert_success(&verify(&out));
}

#[test]
fn a_json_copy_inside_the_folder_must_be_the_sets_own() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::assert_success(&run_into(&out, "1"));
    let with_json = |json: &str| {
        opsim()
            .args([
                "run",
                &bench_40(),
                "-n",
                "300",
                "-q",
                "--summary-only",
                "--out",
            ])
            .arg(&out)
            .arg("--json")
            .arg(out.join(json))
            .output()
            .unwrap()
    };
    common::assert_success(&with_json("summary.json"));
    common::assert_success(&verify(&out));
    let other = with_json("copy.json");
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("is inside --out"));
}

/// A small deterministic generator for the moments of the kill tests.
fn moments(count: usize, up_to_ms: u64) -> Vec<u64> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % up_to_ms
        })
        .collect()
}

/// Starts a run of seed `seed` into `out` whose writing is slowed down, so
/// that a signal at a random moment often lands while files are written.
fn slow_writer(out: &Path, seed: &str) -> std::process::Child {
    opsim()
        .args(["run", &bench_40(), "-n", "300", "-q", "--summary-only"])
        .args(["--seed", seed, "--out"])
        .arg(out)
        .env("OPSIM_TEST_WRITE_DELAY_MS", "30")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn fifty_kills_while_writing_leave_exactly_the_old_set_or_the_new() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::assert_success(&run_into(&out, "1"));
    let old = snapshot(&out);
    let started = Instant::now();
    common::assert_success(&wait_with_timeout(
        slow_writer(&dir.path().join("new"), "2"),
        Duration::from_secs(30),
    ));
    let full_ms = started.elapsed().as_millis() as u64;
    let new = snapshot(&dir.path().join("new"));
    let (mut kept_old, mut landed) = (0, 0);
    for (n, ms) in moments(50, full_ms + full_ms / 10).into_iter().enumerate() {
        let child = slow_writer(&out, "2");
        std::thread::sleep(Duration::from_millis(ms));
        Command::new("kill")
            .args(["-KILL", &child.id().to_string()])
            .status()
            .unwrap();
        wait_with_timeout(child, Duration::from_secs(30));
        let now = snapshot(&out);
        assert!(
            now == old || now == new,
            "kill {n} at {ms} ms left a folder that is neither set: {:?}",
            now.iter().map(|(name, _)| name).collect::<Vec<_>>()
        );
        let checked = verify(&out);
        assert!(
            checked.status.success(),
            "kill {n} at {ms} ms: {}",
            String::from_utf8_lossy(&checked.stderr)
        );
        if now == old {
            kept_old += 1;
        } else {
            landed += 1;
            // Back to the old set for the next kill.
            common::assert_success(&run_into(&out, "1"));
        }
    }
    // The next run clears every staging folder the kills left.
    common::assert_success(&run_into(&out, "1"));
    assert!(
        beside(&out, &["new"]).is_empty(),
        "{:?}",
        beside(&out, &["new"])
    );
    eprintln!("50 kills: {kept_old} left the old set, {landed} the new one");
    assert!(kept_old > 0, "some kills came before the set was complete");
}

#[test]
fn ctrl_c_while_writing_says_which_set_the_folder_holds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::assert_success(&run_into(&out, "1"));
    let old = snapshot(&out);
    let (mut before, mut after) = (0, 0);
    for ms in moments(12, 400) {
        let child = slow_writer(&out, "2");
        std::thread::sleep(Duration::from_millis(ms));
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        let output = wait_with_timeout(child, Duration::from_secs(30));
        let said = String::from_utf8_lossy(&output.stderr);
        common::assert_success(&verify(&out));
        match output.status.code() {
            Some(130) if said.contains("holds the previous set as it was") => {
                assert!(snapshot(&out) == old, "{said}");
                before += 1;
            }
            Some(130) if said.contains("holds the new set whole") => {
                assert!(snapshot(&out) != old, "{said}");
                after += 1;
                common::assert_success(&run_into(&out, "1"));
            }
            // The signal came after the run had finished everything.
            Some(0) => {
                after += 1;
                common::assert_success(&run_into(&out, "1"));
            }
            // The signal came before opsim had set its handlers: the default
            // action ended it, before anything was written.
            None => {
                assert!(snapshot(&out) == old);
                before += 1;
            }
            other => panic!("exit {other:?} after SIGINT at {ms} ms: {said}"),
        }
    }
    eprintln!("12 SIGINTs: {before} kept the old set, {after} let the new one land");
    assert!(before > 0);
    assert!(beside(&out, &[]).is_empty());
}

/// A disk that fills while the set is written: a 1 MiB tmpfs where this
/// process may mount one (root on Linux), else the writer's fault seam.
#[test]
fn a_full_disk_leaves_the_old_set_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let out = mount.join("out");
    // The old set is small (numbers only); the new one, with charts, does not fit.
    common::assert_success(&run_into(&out, "1"));
    let old = snapshot(&out);
    let mut full = opsim();
    full.args([
        "run",
        &bench_40(),
        "-n",
        "300",
        "-q",
        "--seed",
        "2",
        "--out",
    ])
    .arg(&out);
    if !mounted {
        full.env("OPSIM_TEST_FAIL_WRITE_AFTER_BYTES", "400000");
    }
    let output = full.output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    let left_old = snapshot(&out) == old;
    let clean = beside(&out, &[]).is_empty();
    if mounted {
        let _ = Command::new("umount").arg(&mount).status();
    }
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("No space left on device"), "{said}");
    assert!(left_old, "the old set is whole");
    assert!(clean, "the staging folder is removed");
}
