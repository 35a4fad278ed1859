//! A command's output folder as one set of files. The files are written into a
//! staging folder beside the target (`.NAME.opsim-staging-PID`, same parent,
//! so the same file system), with manifest.json last; then the staging folder
//! and the target are exchanged in one step (Linux `renameat2` with
//! `RENAME_EXCHANGE`), and the old set, now at the staging path, is deleted.
//! Whatever stops the process, the target holds exactly the old set or
//! exactly the new one. Where the file system cannot exchange, the old set is
//! renamed aside (`.NAME.opsim-old-PID`) and the new one renamed in: two
//! steps, and the next run puts the old set back if a kill came between them.
//! A folder that holds anything but a previous set is refused, never deleted.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::output::{self, FolderLock, OLD_LOCK_FILE, OutputError};
use crate::export::OutputFile;
use crate::export::manifest::{MANIFEST_FILE, Manifest, ManifestFile, SetInfo};

/// Where a command's set is going, held while it is written.
pub(crate) struct OutputSet {
    /// The folder as the user named it (for messages).
    target: PathBuf,
    /// The folder, as its canonical parent joined with its name.
    resolved: PathBuf,
    /// The staging folder, removed unless the set lands.
    staging: PathBuf,
    /// The files written so far.
    written: Mutex<Vec<ManifestFile>>,
    landed: bool,
}

/// What [`OutputSet::clear_leftovers`] found beside the target.
pub(crate) type Notes = Vec<String>;

/// Checks that `target` may be replaced: missing, empty, or holding a set.
pub(crate) fn check_target(target: &Path) -> Result<(), OutputError> {
    let entries = match fs::read_dir(target) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory || target.is_file() => {
            return Err(OutputError::NotAFolder {
                dir: target.to_path_buf(),
            });
        }
        Err(source) => {
            return Err(OutputError::CreateFolder {
                dir: target.to_path_buf(),
                source,
            });
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| OutputError::CreateFolder {
            dir: target.to_path_buf(),
            source,
        })?;
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        names.push((entry.file_name().to_string_lossy().into_owned(), is_file));
    }
    let foreign = foreign_entries(target, &names);
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = foreign.iter().take(3).map(|n| format!("`{}`", n)).collect();
    let what = match foreign.len() {
        1 => format!("{}, which opsim did not write", shown[0]),
        n if n <= 3 => format!("{}, which opsim did not write", shown.join(", ")),
        n => format!(
            "{} and {} other entries opsim did not write",
            shown.join(", "),
            n - 3
        ),
    };
    Err(OutputError::NotASet {
        dir: target.to_path_buf(),
        what,
    })
}

/// The entries of an existing output folder that are not part of a set:
/// with a manifest, anything it does not list; without one (a folder written
/// before opsim wrote manifests), anything but files of the kinds opsim
/// writes, and then only if a summary of a run, sweep or comparison is there.
fn foreign_entries(target: &Path, names: &[(String, bool)]) -> Vec<String> {
    if names.is_empty() {
        return Vec::new();
    }
    let manifest = fs::read(target.join(MANIFEST_FILE))
        .ok()
        .and_then(|bytes| Manifest::parse(&bytes).ok());
    let summary = names.iter().any(|(n, is_file)| {
        *is_file && ["summary.json", "sweep.csv", "compare.json"].contains(&n.as_str())
    });
    let belongs = |name: &str, is_file: bool| match &manifest {
        Some(m) => {
            is_file
                && (name == MANIFEST_FILE
                    || name == OLD_LOCK_FILE
                    || m.files.iter().any(|f| f.name == name))
        }
        None => {
            summary
                && is_file
                && (name == OLD_LOCK_FILE
                    || (name.starts_with('.') && name.ends_with(".tmp"))
                    || [".json", ".csv", ".svg", ".png", ".html"]
                        .iter()
                        .any(|ext| name.ends_with(ext)))
        }
    };
    let mut foreign: Vec<String> = names
        .iter()
        .filter(|(name, is_file)| !belongs(name, *is_file))
        .map(|(name, _)| name.clone())
        .collect();
    foreign.sort();
    foreign
}

/// Opens a set for `target`: checked, its parent made, locked, and begun
/// ([`OutputSet::begin`]). The lock is held until the returned guard drops;
/// drop the set first.
pub(crate) fn open(target: &Path) -> Result<(FolderLock, OutputSet, Notes), OutputError> {
    check_target(target)?;
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        output::prepare_dir(parent)?;
    }
    let lock = output::lock_dir(target)?;
    let (set, notes) = OutputSet::begin(target)?;
    Ok((lock, set, notes))
}

/// Writes `files` as one set into `target` for a command that runs nothing
/// long (no signals to watch): opened, written and swapped in.
pub(crate) fn write_set(
    target: &Path,
    files: &[OutputFile],
    info: &SetInfo,
) -> Result<(Manifest, Notes), OutputError> {
    let (_lock, set, notes) = open(target)?;
    set.write(files)?;
    Ok((set.land(info)?, notes))
}

impl OutputSet {
    /// Starts a set for `target` (checked with [`check_target`] and locked by
    /// the caller): clears what killed runs left beside it, then creates the
    /// staging folder. Returns the set and what was cleared, for the user.
    pub(crate) fn begin(target: &Path) -> Result<(OutputSet, Notes), OutputError> {
        let (parent, name) = output::parent_and_name(target)?;
        let resolved = parent.join(&name);
        // Checked again now that the lock is held: nothing can change it now.
        check_target(&resolved)?;
        let notes = clear_leftovers(&parent, &name, &resolved)?;
        let staging = parent.join(format!(".{name}.opsim-staging-{}", std::process::id()));
        if staging.exists() {
            let _ = fs::remove_dir_all(&staging);
        }
        fs::create_dir(&staging).map_err(|source| OutputError::FolderNotWritable {
            dir: parent.clone(),
            source,
        })?;
        Ok((
            OutputSet {
                target: target.to_path_buf(),
                resolved,
                staging,
                written: Mutex::new(Vec::new()),
                landed: false,
            },
            notes,
        ))
    }

    /// Writes files into the staging folder.
    pub(crate) fn write(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        for file in files {
            let path = self.staging.join(&file.name);
            write_new(&path, &file.contents).map_err(|source| OutputError::Write {
                path: self.target.join(&file.name),
                source,
            })?;
            self.written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(ManifestFile::of(file));
        }
        Ok(())
    }

    /// Writes the manifest and puts the set in place of the target in one
    /// step. Returns the manifest.
    pub(crate) fn land(mut self, info: &SetInfo) -> Result<Manifest, OutputError> {
        let files = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let manifest = Manifest::new(info, files);
        let rendered = manifest.render();
        let fail = |source| OutputError::Write {
            path: self.target.join(MANIFEST_FILE),
            source,
        };
        write_new(&self.staging.join(MANIFEST_FILE), &rendered.contents).map_err(fail)?;
        sync_dir(&self.staging).map_err(fail)?;
        swap_in(&self.staging, &self.resolved).map_err(|source| OutputError::Write {
            path: self.target.clone(),
            source,
        })?;
        self.landed = true;
        Ok(manifest)
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        // Not landed: an error or a signal stopped the command; the target is
        // as it was. Landed: the staging path now holds the old set (or nothing).
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Writes a new file and flushes it to disk.
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    fault::check(contents.len())?;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Flushes a folder's entries to disk.
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// Puts the complete set at `staging` in place of `target`; the old set, if
/// any, ends at the staging path (exchange) and is deleted by the caller's drop.
fn swap_in(staging: &Path, target: &Path) -> io::Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    if !target.exists() {
        fs::rename(staging, target)?;
        return sync_dir(parent);
    }
    match exchange(staging, target) {
        Ok(()) => {}
        Err(e) if exchange_unsupported(&e) => {
            let aside = aside_path(target);
            fs::rename(target, &aside)?;
            fs::rename(staging, target)?;
            let _ = fs::remove_dir_all(&aside);
        }
        Err(e) => return Err(e),
    }
    sync_dir(parent)
}

/// Where the two-step swap puts the old set for a moment.
fn aside_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.opsim-old-{}", std::process::id()))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether the file system or kernel cannot exchange two folders (EINVAL,
/// ENOSYS, or not Linux).
fn exchange_unsupported(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::Unsupported | io::ErrorKind::InvalidInput
    )
}

/// What a killed run can leave beside a folder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Leftover {
    /// A staging folder: a set that never landed.
    Staging,
    /// An old set put aside by a two-step swap.
    Aside,
}

/// The staging folders and set-aside old sets beside `NAME` in `parent`:
/// a killed run's, or those of a run writing now.
pub(crate) fn leftovers(parent: &Path, name: &str) -> Vec<(PathBuf, String, Leftover)> {
    let staging = format!(".{name}.opsim-staging-");
    let aside = format!(".{name}.opsim-old-");
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, String, Leftover)> = entries
        .flatten()
        .filter_map(|entry| {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let kind = if file_name.starts_with(&staging) {
                Leftover::Staging
            } else if file_name.starts_with(&aside) {
                Leftover::Aside
            } else {
                return None;
            };
            Some((entry.path(), file_name, kind))
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

/// Removes what killed runs left beside `target` (their lock is not held, or
/// we could not hold it now): staging folders, and an old set put aside by a
/// two-step swap, which goes back in place if the target is missing.
fn clear_leftovers(parent: &Path, name: &str, target: &Path) -> Result<Notes, OutputError> {
    let mut notes = Vec::new();
    for (path, file_name, kind) in leftovers(parent, name) {
        if kind == Leftover::Aside && !target.exists() {
            fs::rename(&path, target).map_err(|source| OutputError::Write {
                path: target.to_path_buf(),
                source,
            })?;
            notes.push(format!(
                "put back the previous files of `{}`, which a run killed while replacing them had set aside",
                target.display()
            ));
        } else {
            fs::remove_dir_all(&path).map_err(|source| OutputError::Write { path, source })?;
            notes.push(format!(
                "removed `{file_name}`, left beside the output folder by a run that was killed while writing"
            ));
        }
    }
    Ok(notes)
}

/// Faults on demand, for tests of kills and full disks, in debug builds only:
/// `OPSIM_TEST_FAIL_WRITE_AFTER_BYTES=N` makes a set's writes fail with "no
/// space left on device" once N bytes have been written, and
/// `OPSIM_TEST_WRITE_DELAY_MS=M` waits M milliseconds before each file, so
/// that a test's kill lands while the set is being written.
mod fault {
    use std::io;

    #[cfg(debug_assertions)]
    pub(super) fn check(bytes: usize) -> io::Result<()> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static WRITTEN: AtomicU64 = AtomicU64::new(0);
        let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        if let Some(ms) = number("OPSIM_TEST_WRITE_DELAY_MS") {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        let Some(limit) = number("OPSIM_TEST_FAIL_WRITE_AFTER_BYTES") else {
            return Ok(());
        };
        let total = WRITTEN.fetch_add(bytes as u64, Ordering::Relaxed) + bytes as u64;
        if total > limit {
            return Err(io::Error::from_raw_os_error(28)); // ENOSPC
        }
        Ok(())
    }

    #[cfg(not(debug_assertions))]
    pub(super) fn check(_bytes: usize) -> io::Result<()> {
        Ok(())
    }
}
