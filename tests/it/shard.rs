//! Sharded runs (`opsim run --shard K/N`) merged with `opsim merge`: the
//! merged folder must hold exactly the files of the single run, byte for byte,
//! for 1, 3 and 7 shards (uneven: the last chunk is short and 7 does not
//! divide the chunks), and every set of partials that is not one whole run
//! must be refused with exit code 2 and nothing written.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{self, assert_success, snapshot};

/// 13 chunks, the last one short; the analysis's 20,000 kept iterations span
/// the first 10, so several shards hold some of them.
const ITERATIONS: &str = "25000";

/// Runs opsim in `dir` with the report's date pinned, so two runs' reports
/// can be compared byte for byte.
fn opsim(dir: &Path, args: &[&str]) -> Output {
    common::opsim()
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("opsim runs")
}

/// The shards of a run of `scenario` with `extra` arguments, split in
/// `count`, each in `parts/<name>/K`; returns the partials' paths in order.
fn shards(dir: &Path, scenario: &str, name: &str, count: u64, extra: &[&str]) -> Vec<PathBuf> {
    (0..count)
        .map(|k| {
            let out = format!("parts/{name}/{k}");
            let shard = format!("{k}/{count}");
            let mut args = vec!["run", scenario, "-n", ITERATIONS, "-j", "2"];
            args.extend_from_slice(&["--shard", &shard, "--out", &out, "-q"]);
            args.extend_from_slice(extra);
            assert_success(&opsim(dir, &args));
            dir.join(out).join(format!("partial-{k}-of-{count}.opsim"))
        })
        .collect()
}

fn merge(dir: &Path, partials: &[PathBuf], out: &str) -> Output {
    let mut args = vec!["merge".to_string()];
    args.extend(partials.iter().map(|p| p.display().to_string()));
    args.extend(["--out".into(), out.into(), "-q".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    opsim(dir, &args)
}

#[test]
fn merged_shards_write_the_single_runs_files_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::bench_40_path();
    let single = opsim(
        dir.path(),
        &[
            "run", &scenario, "-n", ITERATIONS, "-j", "2", "--out", "single", "-q",
        ],
    );
    assert_success(&single);
    let expected = snapshot(&dir.path().join("single"));
    assert!(expected.len() > 10, "a full run: data, report and charts");
    for count in [1, 3, 7] {
        let name = format!("n{count}");
        let mut partials = shards(dir.path(), &scenario, &name, count, &[]);
        // The order the partials are given in does not matter.
        partials.reverse();
        let out = format!("merged-{count}");
        assert_success(&merge(dir.path(), &partials, &out));
        let merged = snapshot(&dir.path().join(&out));
        assert_eq!(
            merged.iter().map(|f| &f.0).collect::<Vec<_>>(),
            expected.iter().map(|f| &f.0).collect::<Vec<_>>(),
            "{count} shards: the same files"
        );
        for ((name, bytes), (_, want)) in merged.iter().zip(&expected) {
            assert!(
                bytes == want,
                "{count} shards: {name} differs from the single run's"
            );
        }
    }
}

#[test]
fn merged_summary_only_shards_match_a_summary_only_run_with_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::bench_40_path();
    let set = [
        "--set",
        "organisation.services=90",
        "--seed",
        "7",
        "--summary-only",
    ];
    let mut args = vec![
        "run",
        scenario.as_str(),
        "-n",
        ITERATIONS,
        "--out",
        "single",
        "-q",
    ];
    args.extend_from_slice(&set);
    assert_success(&opsim(dir.path(), &args));
    let partials = shards(dir.path(), &scenario, "s", 4, &set);
    assert_success(&merge(dir.path(), &partials, "merged"));
    assert_eq!(
        snapshot(&dir.path().join("merged")),
        snapshot(&dir.path().join("single"))
    );
}

/// Asserts a merge was refused with exit 2, a message holding every one of
/// `expected`, and no output folder.
fn assert_refused(dir: &Path, partials: &[PathBuf], expected: &[&str]) {
    let out = merge(dir, partials, "refused");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "`{e}` not in: {stderr}");
    }
    assert!(!dir.join("refused").exists(), "nothing written");
}

/// Three shards of bench-40, and the parts to make bad sets from.
struct Fixture {
    dir: tempfile::TempDir,
    good: Vec<PathBuf>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::bench_40_path();
    let good = shards(dir.path(), &scenario, "good", 3, &["--summary-only"]);
    Fixture { dir, good }
}

#[test]
fn every_merge_that_is_not_one_whole_run_is_refused() {
    let f = fixture();
    let (dir, good) = (f.dir.path(), &f.good);
    let scenario = common::bench_40_path();
    let one = |name: &str, k: u64, count: u64, extra: &[&str]| {
        let out = format!("parts/{name}");
        let shard = format!("{k}/{count}");
        let mut args = vec!["run", scenario.as_str(), "-n", ITERATIONS, "--summary-only"];
        args.extend_from_slice(&["--shard", &shard, "--out", &out, "-q"]);
        args.extend_from_slice(extra);
        assert_success(&opsim(dir, &args));
        dir.join(out).join(format!("partial-{k}-of-{count}.opsim"))
    };
    // A missing shard.
    assert_refused(dir, &good[..2], &["1 of 3 shards missing", ": 2;"]);
    // A duplicated shard.
    let twice = [
        good[0].clone(),
        good[1].clone(),
        good[1].clone(),
        good[2].clone(),
    ];
    assert_refused(dir, &twice, &["shard 1 of 3 is given twice"]);
    // Another scenario: the same file with a --set.
    let other = one("other-set", 2, 3, &["--set", "organisation.services=41"]);
    assert_refused(
        dir,
        &[good[0].clone(), good[1].clone(), other],
        &["not shards of one run", "different scenarios"],
    );
    // Another seed.
    let seed = one("seed", 2, 3, &["--seed", "99"]);
    assert_refused(
        dir,
        &[good[0].clone(), good[1].clone(), seed],
        &["seeds 40 and 99"],
    );
    // Another iteration count.
    let n = {
        let out = "parts/n";
        let args = [
            "run",
            &scenario,
            "-n",
            "30000",
            "--summary-only",
            "--shard",
            "2/3",
            "--out",
            out,
            "-q",
        ];
        assert_success(&opsim(dir, &args));
        dir.join(out).join("partial-2-of-3.opsim")
    };
    assert_refused(
        dir,
        &[good[0].clone(), good[1].clone(), n],
        &["runs of iterations 25000 and 30000"],
    );
    // Another split.
    let split = one("split", 2, 4, &[]);
    assert_refused(
        dir,
        &[good[0].clone(), good[1].clone(), split],
        &["splits into shards 3 and 4"],
    );
    // A full run's shard among summary-only ones.
    let full = {
        let out = "parts/full";
        let args = [
            "run", &scenario, "-n", ITERATIONS, "--shard", "2/3", "--out", out, "-q",
        ];
        assert_success(&opsim(dir, &args));
        dir.join(out).join("partial-2-of-3.opsim")
    };
    assert_refused(
        dir,
        &[good[0].clone(), good[1].clone(), full],
        &["kinds of run"],
    );
}

/// Writes a copy of partial `from` changed by `change` as `name`.
fn altered(dir: &Path, from: &Path, name: &str, change: impl Fn(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = std::fs::read(from).unwrap();
    change(&mut bytes);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn truncated_damaged_foreign_and_other_version_partials_are_refused() {
    let f = fixture();
    let (dir, good) = (f.dir.path(), &f.good);
    let with = |bad: PathBuf| vec![good[0].clone(), good[1].clone(), bad];
    for cut in [0, 10, 60, 500] {
        let t = altered(dir, &good[2], &format!("cut-{cut}.opsim"), |b| {
            let len = b.len();
            b.truncate(if cut < 100 { cut } else { len - cut });
        });
        let expected: &[&str] = if cut < 21 {
            &["cut-", "not a partial result"]
        } else {
            &["cut-", "truncated"]
        };
        assert_refused(dir, &with(t), expected);
    }
    let damaged = altered(dir, &good[2], "damaged.opsim", |b| {
        let at = b.len() - 100;
        b[at] ^= 1;
    });
    assert_refused(
        dir,
        &with(damaged),
        &["damaged.opsim", "damaged", "checksum"],
    );
    let foreign = altered(dir, &good[2], "foreign.opsim", |b| {
        *b = b"[scenario]\n".to_vec()
    });
    assert_refused(
        dir,
        &with(foreign),
        &["foreign.opsim", "not a partial result"],
    );
    let format = altered(dir, &good[2], "format.opsim", |b| b[21] = 9);
    assert_refused(dir, &with(format), &["format 9"]);
    // Another opsim version: the version text is the body's first field, so
    // change it and write a new checksum, as another build would have.
    let version = altered(dir, &good[2], "version.opsim", |b| {
        let body = 21 + 8 + 8 + 32;
        let at = body + 1; // after the text's one-byte length
        let len = b[body] as usize;
        b[at..at + len].fill(b'9');
        use sha2::Digest;
        let sum = sha2::Sha256::digest(&b[body..]);
        b[body - 32..body].copy_from_slice(&sum);
    });
    assert_refused(
        dir,
        &with(version),
        &["version.opsim", "was made by opsim 9", "this is opsim"],
    );
    let missing = dir.join("no-such.opsim");
    assert_refused(dir, &with(missing), &["no-such.opsim", "cannot read"]);
}

#[test]
fn a_shard_refuses_target_se_json_and_more_shards_than_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::bench_40_path();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--target-se", "0.01", "--shard", "0/2"],
            "--shard cannot be used with --target-se",
        ),
        (&["-n", "4096", "--shard", "0/3"], "at most 2 shards"),
        (
            &["-n", "4096", "--shard", "2/2"],
            "shard 2 of 2 does not exist",
        ),
        (&["-n", "4096", "--shard", "1-2"], "is not K/N"),
        (
            &["-n", "4096", "--shard", "0/2", "--json", "x.json"],
            "give --json to `opsim merge`",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["run", scenario.as_str(), "--out", "o"];
        all.extend_from_slice(args);
        let out = opsim(dir.path(), &all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!dir.path().join("o").exists(), "{args:?}: nothing written");
    }
}

#[test]
fn a_sweep_sharded_by_points_merges_into_the_sweeps_files() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::bench_40_path();
    let grid = [
        "--vary",
        "services=20..60:20",
        "--vary",
        "teams=5..20:5",
        "-n",
        "2000",
    ];
    let sweep = |extra: &[&str]| {
        let mut args = vec!["sweep", scenario.as_str(), "-q"];
        args.extend_from_slice(&grid);
        args.extend_from_slice(extra);
        assert_success(&opsim(dir.path(), &args));
    };
    sweep(&["--out", "single"]);
    // 12 points in 5 shards: 2, 2, 3, 2, 3.
    let mut partials = Vec::new();
    for k in 0..5 {
        let (shard, out) = (format!("{k}/5"), format!("parts/{k}"));
        sweep(&["--shard", &shard, "--out", &out]);
        partials.push(
            dir.path()
                .join(out)
                .join(format!("sweep-partial-{k}-of-5.opsim")),
        );
    }
    assert_success(&merge(dir.path(), &partials, "merged"));
    assert_eq!(
        snapshot(&dir.path().join("merged")),
        snapshot(&dir.path().join("single"))
    );
    // Another grid's shard, or a run's partial among a sweep's: refused.
    let other = {
        let args = [
            "sweep",
            &scenario,
            "--vary",
            "services=20..60:20",
            "--vary",
            "teams=5..25:5",
            "-n",
            "2000",
            "--shard",
            "4/5",
            "--out",
            "other",
            "-q",
        ];
        assert_success(&opsim(dir.path(), &args));
        dir.path().join("other/sweep-partial-4-of-5.opsim")
    };
    let mut mixed = partials[..4].to_vec();
    mixed.push(other);
    assert_refused(
        dir.path(),
        &mixed,
        &["different scenarios (text, --set and --vary)"],
    );
    let run = shards(dir.path(), &scenario, "run", 5, &["--summary-only"]);
    let mut mixed = partials[..4].to_vec();
    mixed.push(run[4].clone());
    assert_refused(
        dir.path(),
        &mixed,
        &["a sweep's (`opsim sweep --shard`)", "a run's"],
    );
}
