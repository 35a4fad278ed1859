//! `opsim verify DIR`: checks an output folder against its manifest.json:
//! every listed file present with its size and SHA-256, nothing else in the
//! folder, and says what killed runs left beside it. Reads only; bounded
//! (a manifest over [`MAX_MANIFEST_BYTES`] is refused before it is read).

use std::fs;
use std::io::Read;
use std::path::Path;

use super::CommandError;
use super::job::emit;
use super::output::{self, OLD_LOCK_FILE};
use super::set;
use crate::cli::VerifyArgs;
use crate::export::format::grouped;
use crate::export::manifest::{MANIFEST_FILE, MAX_MANIFEST_BYTES, Manifest, sha256_hex};

pub(crate) fn run(args: &VerifyArgs) -> Result<(), CommandError> {
    let dir = &args.dir;
    let manifest = read_manifest(dir)?;
    let mut problems = Vec::new();
    for file in &manifest.files {
        let path = dir.join(&file.name);
        if file.name.contains(['/', '\\']) || file.name.starts_with("..") {
            problems.push(format!("`{}` is not a plain file name", file.name));
            continue;
        }
        match fs::read(&path) {
            Err(e) => problems.push(format!("`{}` is missing ({e})", file.name)),
            Ok(bytes) if bytes.len() as u64 != file.bytes => problems.push(format!(
                "`{}` has {} bytes; the manifest says {}",
                file.name,
                grouped(bytes.len() as f64),
                grouped(file.bytes as f64)
            )),
            Ok(bytes) if sha256_hex(&bytes) != file.sha256 => problems.push(format!(
                "`{}` has other contents than the manifest's (SHA-256 differs)",
                file.name
            )),
            Ok(_) => {}
        }
    }
    let entries = fs::read_dir(dir)
        .map_err(|e| CommandError::Usage(format!("cannot read folder `{}`: {e}", dir.display())))?;
    let mut extra: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n != MANIFEST_FILE && n != OLD_LOCK_FILE && !manifest.files.iter().any(|f| &f.name == n)
        })
        .collect();
    extra.sort();
    problems.extend(
        extra
            .iter()
            .map(|n| format!("`{n}` is in the folder but not in the manifest")),
    );
    let leftovers = leftovers_beside(dir);
    let what = described(&manifest);
    if problems.is_empty() {
        let mut text = format!(
            "`{}` is one complete set: run {} ({what}), {} files as listed in {MANIFEST_FILE}.\n",
            dir.display(),
            manifest.run_id,
            manifest.files.len()
        );
        for name in leftovers {
            text.push_str(&format!(
                "note: `{name}` beside it belongs to a run writing now, or was left by one killed while writing (the next run there removes it)\n"
            ));
        }
        emit(&text, false);
        return Ok(());
    }
    let shown = 20;
    let mut text = format!(
        "`{}` differs from its manifest (run {}, {what}) in {} way{}:\n",
        dir.display(),
        manifest.run_id,
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for problem in problems.iter().take(shown) {
        text.push_str(&format!("  - {problem}\n"));
    }
    if problems.len() > shown {
        text.push_str(&format!("  ... and {} more\n", problems.len() - shown));
    }
    text.push_str("Run the command again to write a complete set.");
    Err(CommandError::NotVerified(text))
}

/// Reads and parses `dir`'s manifest, refusing one over the size limit.
fn read_manifest(dir: &Path) -> Result<Manifest, CommandError> {
    let path = dir.join(MANIFEST_FILE);
    let file = fs::File::open(&path).map_err(|e| {
        CommandError::Usage(if !dir.is_dir() {
            format!("`{}` is not a folder ({e})", dir.display())
        } else {
            format!(
                "`{}` has no {MANIFEST_FILE} ({e}): it was not written by opsim 0.1 or later, so there is nothing to check it against",
                dir.display()
            )
        })
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CommandError::Usage(format!("cannot read `{}`: {e}", path.display())))?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(CommandError::Usage(format!(
            "`{}` is over {} MiB, more than any manifest opsim writes: it is not one",
            path.display(),
            MAX_MANIFEST_BYTES / (1024 * 1024)
        )));
    }
    Manifest::parse(&bytes).map_err(|e| {
        CommandError::NotVerified(format!(
            "`{}` is not a manifest opsim can read: {}",
            path.display(),
            crate::export::format::shorten(&e, 200)
        ))
    })
}

/// "`opsim run` of example.toml, seed 2027, 20,000 iterations, opsim 0.1.0".
fn described(m: &Manifest) -> String {
    let files: Vec<&str> = m.scenarios.iter().map(|s| s.file.as_str()).collect();
    format!(
        "`opsim {}` of {}, seed {}, {} iterations, opsim {}",
        m.command,
        files.join(" and "),
        m.seed,
        grouped(m.iterations as f64),
        m.opsim_version
    )
}

/// Staging folders and set-aside old sets beside `dir`.
fn leftovers_beside(dir: &Path) -> Vec<String> {
    let Ok((parent, name)) = output::parent_and_name(dir) else {
        return Vec::new();
    };
    set::leftovers(&parent, &name)
        .into_iter()
        .map(|(_, file_name, _)| file_name)
        .collect()
}
