//! The one place opsim writes files: an output folder proved writable before a
//! long run, its lock (a second run writing the same folder is refused instead
//! of interleaving files; the lock file is removed when the run ends), and the atomic writer (a temporary file in the same
//! folder, then a rename), so a reader never sees a half-written file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::export::OutputFile;

/// Why an output could not be opened or written: the user's to fix (a folder
/// they cannot write, a full disk, another run holding the folder).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output folder could not be created.
    #[error("cannot create output folder `{}`: {source}", dir.display())]
    CreateFolder {
        /// The output folder.
        dir: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// A test file could not be written into the output folder.
    #[error("cannot write to output folder `{}`: {source}", dir.display())]
    FolderNotWritable {
        /// The output folder.
        dir: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The lock file could not be created or opened.
    #[error("cannot create lock file `{}`: {source}", path.display())]
    CreateLock {
        /// The lock file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// Another process holds the folder's lock.
    #[error(
        "another opsim run is writing to `{}`: wait for it to finish, or choose another folder with --out",
        dir.display()
    )]
    Locked {
        /// The output folder.
        dir: PathBuf,
    },
    /// Taking the lock failed for a reason other than another run holding it.
    #[error("cannot lock `{}`: {source}", path.display())]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// An output file could not be written or renamed into place.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
}

/// Creates the output folder if needed and proves it writable, before a long run.
pub(crate) fn prepare_dir(dir: &Path) -> Result<(), OutputError> {
    fs::create_dir_all(dir).map_err(|source| OutputError::CreateFolder {
        dir: dir.to_path_buf(),
        source,
    })?;
    let probe = dir.join(format!(".opsim-write-test-{}", std::process::id()));
    let result = fs::File::create(&probe).and_then(|mut f| f.write_all(b"ok"));
    let _ = fs::remove_file(&probe);
    result.map_err(|source| OutputError::FolderNotWritable {
        dir: dir.to_path_buf(),
        source,
    })
}

/// Name of the lock file that keeps two runs from writing one folder at once.
pub(crate) const LOCK_FILE: &str = ".opsim.lock";

/// A folder's lock, held while the guard lives. The lock file is removed when
/// the guard is dropped; the operating system releases the lock itself when
/// the process ends, however it ends.
pub(crate) struct FolderLock {
    path: PathBuf,
    file: fs::File,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked: a run that opened the old file before the
        // removal sees, once it gets the lock, that the path no longer names its
        // file, and tries again (`lock_dir`).
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Takes `dir`'s lock, or says which run holds it.
pub(crate) fn lock_dir(dir: &Path) -> Result<FolderLock, OutputError> {
    let path = dir.join(LOCK_FILE);
    loop {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| OutputError::CreateLock {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) if still_named(&path, &file) => return Ok(FolderLock { path, file }),
            Ok(()) => continue,
            Err(fs::TryLockError::WouldBlock) => {
                return Err(OutputError::Locked {
                    dir: dir.to_path_buf(),
                });
            }
            Err(fs::TryLockError::Error(source)) => {
                return Err(OutputError::Lock { path, source });
            }
        }
    }
}

/// Whether `path` still names the open `file` (another run may have removed
/// the lock file between our open and our lock).
#[cfg(unix)]
fn still_named(path: &Path, file: &fs::File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(path), file.metadata()) {
        (Ok(named), Ok(open)) => named.dev() == open.dev() && named.ino() == open.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(path: &Path, _file: &fs::File) -> bool {
    path.exists()
}

/// Writes `contents` to `path` through a temporary file in the same folder.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), OutputError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = fs::File::create(&temp)
        .and_then(|mut f| f.write_all(contents).and_then(|_| f.sync_all()))
        .and_then(|_| fs::rename(&temp, path));
    written.map_err(|source| {
        let _ = fs::remove_file(&temp);
        OutputError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// Writes files, each by its name, into `dir`.
pub(crate) fn write_files(dir: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    files
        .iter()
        .try_for_each(|f| write_atomic(&dir.join(&f.name), &f.contents))
}
