//! Dependencies between opsim's top-level modules run one way (docs/architecture.md):
//! `sample` and `stats` are leaves, `model` stands on `sample`, `scenario` on
//! `model`, `engine` on `model`, `sample` and `stats`, `analysis` on the engine,
//! `export` reads results, and `commands` sits on top. This test reads every
//! source file and fails on a `crate::` path against that direction, naming the
//! file and line. Comments do not count.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may use.
const ALLOWED: [(&str, &[&str]); 13] = [
    ("sample", &[]),
    ("stats", &[]),
    ("model", &["sample"]),
    ("scenario", &["model", "sample"]),
    ("engine", &["model", "sample", "stats"]),
    ("analysis", &["engine", "model", "sample", "stats"]),
    ("sweep", &["engine", "model", "sample", "scenario", "stats"]),
    (
        "export",
        &["analysis", "engine", "model", "sample", "stats", "sweep"],
    ),
    ("fit", &["sample", "scenario"]),
    ("cli", &["scenario", "sweep"]),
    (
        "serve",
        &[
            "analysis", "engine", "export", "model", "sample", "scenario", "stats",
        ],
    ),
    // Tests only (#[cfg(test)] in lib.rs): every build of an iteration on the shipped scenarios.
    ("build_identity", &["engine", "sample", "scenario"]),
    (
        "commands",
        &[
            "analysis", "cli", "engine", "export", "fit", "model", "sample", "scenario", "serve",
            "stats", "sweep",
        ],
    ),
];

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (None: lib.rs, main.rs).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The top-level modules a line of code names through `crate::`, including
/// grouped imports such as `use crate::{engine, model::Model};`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = true;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        start = true;
                        continue;
                    }
                    _ => {}
                }
                if start && depth == 0 {
                    if c.is_alphanumeric() || c == '_' {
                        name.push(c);
                        continue;
                    }
                    if !name.is_empty() {
                        found.insert(std::mem::take(&mut name));
                        start = false;
                    }
                }
            }
            if !name.is_empty() {
                found.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// Every import against the direction, as `file:line: a uses b`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in files {
        let Some(module) = module_of(src, &file) else {
            continue;
        };
        let allowed = ALLOWED
            .iter()
            .find(|(m, _)| *m == module)
            .unwrap_or_else(|| {
                panic!(
                    "{}: module `{module}` has no row in ALLOWED",
                    file.display()
                )
            })
            .1;
        let text = std::fs::read_to_string(&file).unwrap();
        // A `use` spread over lines is read whole; other code line by line.
        let mut statement = String::new();
        let mut first_line = 0;
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if statement.is_empty() {
                first_line = n + 1;
            }
            statement.push_str(code);
            statement.push(' ');
            let open_use = statement.trim_start().starts_with("use ") && !code.contains(';');
            if open_use {
                continue;
            }
            for used in named_modules(&statement) {
                if used != module && !allowed.contains(&used.as_str()) {
                    wrong.push(format!(
                        "{}:{first_line}: `{module}` uses `{used}`",
                        file.display()
                    ));
                }
            }
            statement.clear();
        }
    }
    wrong
}

#[test]
fn dependencies_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let wrong = violations(&src);
    assert!(
        wrong.is_empty(),
        "imports against the direction of docs/architecture.md:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn an_import_against_the_direction_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    std::fs::create_dir(&model).unwrap();
    std::fs::write(
        model.join("mod.rs"),
        "//! crate::scenario in a comment does not count\nuse crate::{\n    sample::dist::Dist,\n    scenario::written::Cover,\n};\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("stats.rs"),
        "fn f() { crate::engine::run(); }\n",
    )
    .unwrap();
    let wrong = violations(dir.path());
    assert_eq!(wrong.len(), 2, "{wrong:?}");
    assert!(
        wrong[0].ends_with("mod.rs:2: `model` uses `scenario`"),
        "{wrong:?}"
    );
    assert!(
        wrong[1].ends_with("stats.rs:1: `stats` uses `engine`"),
        "{wrong:?}"
    );
}
