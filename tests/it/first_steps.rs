//! First steps that work: every command opsim suggests is run, as a new user
//! would type it, and must succeed and change something. The suggestions come
//! from the README's shell blocks, every subcommand's `--help` examples,
//! what `opsim init` prints, and the shipped scenarios' comments.
//!
//! Each source's commands run in order in one folder of their own that holds
//! the files the examples name (`my.toml`, `a.toml`, `incidents.csv`, ...).
//! Iterations are cut to a few thousand and a run writes its figures alone
//! (`--summary-only`): the test checks that a command works and changes
//! something, not its precision or its charts. A `--shard K/N` example runs
//! every shard, as its text says to. A command with `--set` must give a different `summary.csv` (or, for
//! `validate`, different output) from the same command without it; a sweep's
//! points must not all give the same results.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::opsim_in;

/// Iterations for each suggested run (shards: one chunk of 2,048 each).
const ITERATIONS: &str = "2000";
/// Iterations per shard of a sharded example: one chunk.
const CHUNK: usize = 2048;

/// One suggested command, and where it was suggested.
#[derive(Debug, Clone)]
struct Suggestion {
    from: String,
    words: Vec<String>,
}

/// Splits a shell line into words (quotes and backslashes as sh reads them),
/// stopping at the first unquoted `#`, `|`, `>`, `&&` or `;`: what follows is a
/// comment, a pipe or a redirection, not part of the opsim command.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        _ => word.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            '#' | '|' | '>' | ';' if !in_word => break,
            '&' if !in_word && chars.peek() == Some(&'&') => break,
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The opsim command in a line of text, if it is one: `opsim ...` or
/// `cargo run --release -- ...`, without a description after two or more
/// spaces (help and comments put one there).
fn command_in(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    let rest = line
        .strip_prefix("cargo run --release -- ")
        .or_else(|| line.strip_prefix("opsim "))
        .or_else(|| (line == "opsim" || line == "cargo run --release --").then_some(""))?;
    let command = rest.split("  ").next().unwrap_or("");
    Some(shell_words(command))
}

/// `for k in 0 1 2 3; do opsim ... $k ... & done; wait`: the command for the
/// first value (every shard runs anyway, see `expand_shards`).
fn for_loop_command(line: &str) -> Option<Vec<String>> {
    let (head, body) = line.trim().strip_prefix("for ")?.split_once("; do ")?;
    let (var, values) = head.split_once(" in ")?;
    let first = values.split_whitespace().next()?;
    let body = body
        .split(" & done")
        .next()?
        .split("; done")
        .next()?
        .replace(&format!("${var}"), first);
    command_in(&body)
}

fn readme_suggestions() -> Vec<Suggestion> {
    let readme = include_str!("../../README.md");
    let mut out = Vec::new();
    let mut in_shell = false;
    let mut pending = String::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_shell = line.trim() == "```sh";
            continue;
        }
        if !in_shell {
            continue;
        }
        // A line ending in `\` continues on the next.
        let code = line.split(" #").next().unwrap_or(line).trim_end();
        if let Some(head) = code.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        let whole = format!("{pending}{line}");
        pending.clear();
        if let Some(words) = command_in(&whole) {
            out.push(Suggestion {
                from: format!("README.md: {}", whole.trim()),
                words,
            });
        }
    }
    out
}

/// Examples in `opsim [COMMAND] --help`.
fn help_suggestions(command: &[&str]) -> Vec<Suggestion> {
    let dir = tempfile::tempdir().unwrap();
    let mut args = command.to_vec();
    args.push("--help");
    let out = opsim_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .filter_map(|line| {
            let words = command_in(line).or_else(|| for_loop_command(line))?;
            Some(Suggestion {
                from: format!("opsim {} --help: {}", command.join(" "), line.trim()),
                words,
            })
        })
        .collect()
}

fn init_suggestions() -> Vec<Suggestion> {
    let dir = tempfile::tempdir().unwrap();
    let out = opsim_in(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Vec<Suggestion> = text
        .lines()
        .filter_map(|line| {
            let at = line.find("opsim ")?;
            Some(Suggestion {
                from: format!("opsim init: {}", line.trim()),
                words: command_in(&line[at..])?,
            })
        })
        .collect();
    assert!(found.len() >= 2, "{text}");
    found
}

fn scenario_suggestions(name: &str, text: &str) -> Vec<Suggestion> {
    text.lines()
        .filter_map(|line| {
            let comment = line.trim_start().strip_prefix('#')?;
            Some(Suggestion {
                from: format!("scenarios/{name}: {}", line.trim()),
                words: command_in(comment)?,
            })
        })
        .collect()
}

/// A short incident history in ServiceNow's layout, and the same in the
/// layouts the `fit` examples name (`export.csv` with its own column names,
/// `deploys.csv`).
fn write_histories(dir: &Path) {
    let mut incidents = String::from("number,opened_at,resolved_at,business_service,priority\n");
    let mut export = String::from("ref,start,end,app,tier\n");
    let mut deploys = String::from("id,repo,finished\n");
    let day = 86_400_i64;
    let start = 1_767_571_200_i64; // 2026-01-05T00:00:00Z
    let mut n = 0;
    for service in 0..12_i64 {
        for k in 0..(6 + service % 5) {
            // Spread over six months, restore times from minutes to a day.
            let opened = start + (k * 29 + service * 7 + (k * k) % 11) * day / 2 + service * 3_613;
            let hours = [0.3, 1.0, 2.5, 6.0, 0.7, 14.0, 3.0][((k + service) % 7) as usize];
            let resolved = opened + (hours * 3_600.0) as i64;
            let when = |t: i64| {
                jiff::Timestamp::from_second(t)
                    .unwrap()
                    .strftime("%Y-%m-%d %H:%M:%S")
                    .to_string()
            };
            n += 1;
            incidents.push_str(&format!(
                "INC{n:07},{},{},svc-{service},3 - Moderate\n",
                when(opened),
                when(resolved)
            ));
            export.push_str(&format!(
                "R{n},{},{},svc-{service},tier-{}\n",
                when(opened),
                when(resolved),
                service % 3
            ));
            for d in 0..3 {
                deploys.push_str(&format!(
                    "D{n}-{d},svc-{service},{}\n",
                    when(opened + d * 5 * day)
                ));
            }
        }
    }
    fs::write(dir.join("incidents.csv"), incidents).unwrap();
    fs::write(dir.join("export.csv"), export).unwrap();
    fs::write(dir.join("deploys.csv"), deploys).unwrap();
}

/// A folder with every file the suggestions name.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir(p.join("scenarios")).unwrap();
    for (name, text) in SHIPPED {
        fs::write(p.join("scenarios").join(name), text).unwrap();
    }
    let starter = opsim::scenario::STARTER;
    for name in [
        "my.toml",
        "scenario.toml",
        "a.toml",
        "before.toml",
        "big.toml",
    ] {
        fs::write(p.join(name), starter).unwrap();
    }
    // The second file of a comparison: the same organisation with dearer standby.
    let line = crate::common::line_starting(starter, "standby_pay_per_week = ");
    let changed = starter.replacen(line, "standby_pay_per_week = [300, 450, 800]", 1);
    assert_ne!(changed, starter);
    for name in ["b.toml", "after.toml"] {
        fs::write(p.join(name), &changed).unwrap();
    }
    write_histories(p);
    dir
}

const SHIPPED: [(&str, &str); 4] = [
    ("example.toml", include_str!("../../scenarios/example.toml")),
    (
        "bench-40.toml",
        include_str!("../../scenarios/bench-40.toml"),
    ),
    ("starter.toml", include_str!("../../scenarios/starter.toml")),
    (
        "enterprise-5000.toml",
        include_str!("../../scenarios/enterprise-5000.toml"),
    ),
];

/// The value of `flag` in `words`, if given.
fn flag_value<'a>(words: &'a [String], flags: &[&str]) -> Option<&'a str> {
    words
        .windows(2)
        .find(|w| flags.contains(&w[0].as_str()))
        .map(|w| w[1].as_str())
}

/// The command with its iterations cut to a few thousand.
fn quick(words: &[String]) -> Vec<String> {
    let simulates = matches!(
        words.first().map(String::as_str),
        None | Some("run" | "compare" | "sweep")
    );
    let mut out = words.to_vec();
    if out.is_empty() {
        out.push("run".into());
    }
    if !simulates {
        return out;
    }
    let mut has_n = false;
    for i in 0..out.len().saturating_sub(1) {
        if out[i] == "-n" || out[i] == "--iterations" {
            out[i + 1] = ITERATIONS.into();
            has_n = true;
        }
        if out[i] == "--target-se" {
            // Stopped at --max-iterations below: the command's form is what is tested.
            has_n = true;
        }
    }
    if out.iter().any(|w| w == "--target-se") && !out.iter().any(|w| w == "--max-iterations") {
        out.extend(["--max-iterations".into(), CHUNK.to_string()]);
    }
    // A run's figures alone: the analysis, charts and report are checked by
    // their own tests (tests/it/analysis.rs, charts.rs, report.rs), and here
    // would take minutes (5,000 services in 10 shards).
    if out[0] == "run" && !out.iter().any(|w| w == "--summary-only") {
        out.push("--summary-only".into());
    }
    if !has_n {
        out.extend(["-n".into(), ITERATIONS.into()]);
    }
    out
}

/// A `--shard K/N` command stands for all N shards: one command per shard,
/// with `parts/K` (its folder) following K.
fn expand_shards(words: &[String]) -> Vec<Vec<String>> {
    let Some(pos) = words.iter().position(|w| w == "--shard") else {
        return vec![words.to_vec()];
    };
    let Some((k, n)) = words.get(pos + 1).and_then(|s| s.split_once('/')) else {
        return vec![words.to_vec()];
    };
    let n: usize = n.parse().expect("N of --shard K/N");
    (0..n)
        .map(|shard| {
            let mut w = words.to_vec();
            w[pos + 1] = format!("{shard}/{n}");
            for i in 0..w.len() - 1 {
                if (w[i] == "-n" || w[i] == "--iterations") && w[0] == "run" {
                    w[i + 1] = (CHUNK * n).to_string();
                }
                if w[i] == "--out" && w[i + 1].ends_with(&format!("/{k}")) {
                    let base = w[i + 1].rsplit_once('/').unwrap().0.to_string();
                    w[i + 1] = format!("{base}/{shard}");
                }
            }
            w
        })
        .collect()
}

/// Shell globs (`parts/*/partial-*.opsim`) expanded as sh would, relative to `dir`.
fn expand_globs(dir: &Path, words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for w in words {
        if !w.contains('*') {
            out.push(w.clone());
            continue;
        }
        let mut matches: Vec<String> = vec![String::new()];
        for part in w.split('/') {
            let mut next = Vec::new();
            for base in &matches {
                if !part.contains('*') {
                    next.push(join(base, part));
                    continue;
                }
                let (prefix, suffix) = part.split_once('*').unwrap();
                let folder = if base.is_empty() {
                    dir.to_path_buf()
                } else {
                    dir.join(base)
                };
                let Ok(entries) = fs::read_dir(folder) else {
                    continue;
                };
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|n| {
                        n.starts_with(prefix) && n.ends_with(suffix.trim_start_matches('*'))
                    })
                    .collect();
                names.sort();
                next.extend(names.iter().map(|n| join(base, n)));
            }
            matches = next;
        }
        if matches.is_empty() {
            out.push(w.clone()); // as sh does when nothing matches
        } else {
            out.extend(matches);
        }
    }
    out
}

fn join(base: &str, part: &str) -> String {
    if base.is_empty() {
        part.to_string()
    } else {
        format!("{base}/{part}")
    }
}

/// The words without every `--set X`.
fn without_sets(words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in words {
        if skip {
            skip = false;
        } else if w == "--set" {
            skip = true;
        } else {
            out.push(w.clone());
        }
    }
    out
}

/// The folder a run or compare writes, as the command sets it or by default.
fn out_dir(words: &[String]) -> String {
    let default = match words.first().map(String::as_str) {
        Some("compare") => "output/compare",
        Some("sweep") => "output/sweep",
        _ => "output/run",
    };
    flag_value(words, &["--out"]).unwrap_or(default).to_string()
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout)
            .chars()
            .take(3000)
            .collect::<String>(),
        String::from_utf8_lossy(&out.stderr)
            .chars()
            .take(3000)
            .collect::<String>()
    )
}

fn run(dir: &Path, words: &[String]) -> Output {
    let words = expand_globs(dir, words);
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    opsim_in(dir, &args)
}

/// What a command produced that a `--set` must change.
fn result_of(dir: &Path, words: &[String], out: &Output) -> Vec<u8> {
    match words.first().map(String::as_str) {
        Some("validate") => out.stdout.clone(),
        _ => fs::read(dir.join(out_dir(words)).join("summary.csv")).unwrap_or_default(),
    }
}

/// Problems with one suggestion, run in `dir`; empty when it works.
fn check(dir: &Path, s: &Suggestion) -> Vec<String> {
    let mut problems = Vec::new();
    let words = quick(&s.words);
    // `opsim serve` runs until it is stopped: tests/it/serve.rs and
    // .ci/check-serve start it, use it and stop it.
    if words[0] == "serve" {
        return problems;
    }
    // `opsim init PATH` writes a new file: the example assumes it is not there yet.
    if words[0] == "init" && !words.iter().any(|w| w == "--force") {
        let target = words.get(1).filter(|w| !w.starts_with('-'));
        let _ = fs::remove_file(dir.join(target.map_or("scenario.toml", String::as_str)));
    }
    // `opsim verify DIR` checks what a run wrote there.
    if words[0] == "verify"
        && let Some(folder) = words.get(1)
        && !dir.join(folder).exists()
    {
        let prepared = run(dir, &quick(&["run".into(), "--out".into(), folder.clone()]));
        assert_eq!(prepared.status.code(), Some(0), "{}", show(&prepared));
    }
    let mut last = None;
    for shard in expand_shards(&words) {
        let out = run(dir, &shard);
        if out.status.code() != Some(0) {
            problems.push(format!(
                "{}\n  ran: opsim {}\n  {}",
                s.from,
                shard.join(" "),
                show(&out).replace('\n', "\n  ")
            ));
            return problems;
        }
        last = Some(out);
    }
    let out = last.expect("a command ran");
    if words.iter().any(|w| w == "--set") {
        let with = result_of(dir, &words, &out);
        let plain = without_sets(&words);
        let base = run(dir, &plain);
        let without = result_of(dir, &plain, &base);
        if with.is_empty() || with == without {
            problems.push(format!(
                "{}\n  changes nothing: opsim {} gives the same result as without --set",
                s.from,
                words.join(" ")
            ));
        }
    }
    if words[0] == "sweep" && !words.iter().any(|w| w == "--shard") {
        let csv =
            fs::read_to_string(dir.join(out_dir(&words)).join("sweep.csv")).unwrap_or_default();
        if let Some(why) = identical_points(&csv) {
            problems.push(format!("{}\n  {why}", s.from));
        }
    }
    problems
}

/// Why a sweep's points are all the same, if they are: every row of
/// `sweep.csv` equal in every column but the varied parameters'.
fn identical_points(csv: &str) -> Option<String> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next()?.split(',').collect();
    // The varied parameters are the leading columns whose name is a path.
    let varied = header.iter().take_while(|h| h.contains('.')).count();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').skip(varied).collect()).collect();
    if rows.len() > 1 && rows.iter().all(|r| *r == rows[0]) {
        Some(format!(
            "all {} points of the sweep give the same results",
            rows.len()
        ))
    } else {
        None
    }
}

fn check_all(suggestions: &[Suggestion]) -> Vec<String> {
    let dir = workspace();
    suggestions
        .iter()
        .flat_map(|s| {
            let started = std::time::Instant::now();
            let problems = check(dir.path(), s);
            eprintln!("{:6.1} s  {}", started.elapsed().as_secs_f64(), s.from);
            problems
        })
        .collect()
}

fn assert_all_work(what: &str, suggestions: Vec<Suggestion>) {
    assert!(!suggestions.is_empty(), "{what} suggests no command");
    let problems = check_all(&suggestions);
    assert!(
        problems.is_empty(),
        "{} of {} commands that {what} suggests fail or change nothing:\n\n{}",
        problems.len(),
        suggestions.len(),
        problems.join("\n\n")
    );
}

#[test]
fn the_readme_commands_work() {
    assert_all_work("the README", readme_suggestions());
}

#[test]
fn the_help_examples_work() {
    for command in [
        &[][..],
        &["run"],
        &["validate"],
        &["compare"],
        &["sweep"],
        &["init"],
        &["schema"],
        &["verify"],
        &["fit"],
        &["merge"],
    ] {
        assert_all_work(
            &format!("opsim {} --help", command.join(" ")),
            help_suggestions(command),
        );
    }
}

#[test]
fn what_init_prints_works() {
    assert_all_work("opsim init", init_suggestions());
}

#[test]
fn the_shipped_scenarios_comments_work() {
    let mut all = Vec::new();
    for (name, text) in SHIPPED {
        all.extend(scenario_suggestions(name, text));
    }
    assert_all_work("the shipped scenarios' comments", all);
}

#[test]
fn the_checker_finds_a_suggestion_that_changes_nothing() {
    // A test that can fail: teams on the starter change nothing at all
    // (no tier is on team rotas by count of teams, no cost per team) ...
    let dir = workspace();
    let sweep = Suggestion {
        from: "test".into(),
        words: shell_words("sweep scenarios/bench-40.toml --vary organisation.teams=5..20:5"),
    };
    let problems = check(dir.path(), &sweep);
    assert!(
        problems.iter().any(|p| p.contains("same results")),
        "{problems:?}"
    );
    // ... and a suggestion that fails is reported with its output.
    let broken = Suggestion {
        from: "test".into(),
        words: shell_words("run my.toml --set organisation.services=40"),
    };
    let problems = check(dir.path(), &broken);
    assert!(
        problems.iter().any(|p| p.contains("exit Some(2)")),
        "{problems:?}"
    );
}

#[test]
fn shell_lines_are_split_as_sh_splits_them() {
    assert_eq!(
        shell_words("run my.toml --set 'a.b={ x = 1 }' | less -S"),
        ["run", "my.toml", "--set", "a.b={ x = 1 }"]
    );
    assert_eq!(
        command_in("  opsim schema > scenario.schema.json         JSON Schema"),
        Some(vec!["schema".to_string()])
    );
    assert_eq!(
        command_in("cargo run --release -- run            # run the example"),
        Some(vec!["run".to_string()])
    );
    assert_eq!(
        for_loop_command(
            "for k in 0 1 2 3; do opsim run big.toml -n 100 --shard $k/4 --out parts/$k & done; wait"
        ),
        Some(
            [
                "run", "big.toml", "-n", "100", "--shard", "0/4", "--out", "parts/0"
            ]
            .map(String::from)
            .to_vec()
        )
    );
}

#[test]
fn paired_runs_tell_a_change_that_matters_from_one_that_does_not() {
    use opsim::analysis::no_effect::identical_results;
    use opsim::scenario::{STARTER, load_with_overrides, parse_override};
    let with = |set: &[&str]| {
        let overrides: Vec<_> = set.iter().map(|s| parse_override(s).unwrap()).collect();
        load_with_overrides("starter.toml", STARTER, &overrides).unwrap()
    };
    let base = with(&[]);
    assert!(identical_results(&base, &with(&[]), 1, 64));
    let dearer = with(&["ybiyri.on_call.standby_pay_per_week=900"]);
    assert!(!identical_results(&base, &dearer, 1, 64));
    // The starter's team rotas have a set number of owning teams.
    assert!(identical_results(
        &base,
        &with(&["organisation.teams=8"]),
        1,
        64
    ));
}

#[test]
fn a_set_that_changes_nothing_is_said_and_one_that_matters_is_not() {
    let dir = workspace();
    let run = |set: &str| {
        let out = opsim_in(
            dir.path(),
            &[
                "run",
                "my.toml",
                "--set",
                set,
                "-n",
                "500",
                "--summary-only",
                "--out",
                "o",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", show(&out));
        String::from_utf8(out.stderr).unwrap()
    };
    let teams = run("organisation.teams=8");
    assert!(
        teams.contains("warning: --set organisation.teams=8 changes nothing in starter"),
        "{teams}"
    );
    let pay = run("ybiyri.on_call.standby_pay_per_week=300");
    assert!(!pay.contains("changes nothing"), "{pay}");
}
