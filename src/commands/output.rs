//! Where opsim writes files: a folder proved writable before a long run, the
//! lock on a folder (a second run writing the same folder is refused instead
//! of interleaving files; the lock file sits beside the folder, in its parent,
//! and is removed when the run ends), and the atomic writer for single files
//! (a temporary file in the same folder, then a rename), so a reader never sees
//! a half-written file. A command's output folder is written whole, as one
//! set, by [`super::set`].

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
    /// The folder has no parent to hold its lock and staging folder (`/`).
    #[error("cannot write a run's files into `{}`: choose a folder inside it with --out", dir.display())]
    NoParent {
        /// The output folder.
        dir: PathBuf,
    },
    /// The output folder holds files that are not a previous run's set, which
    /// replacing the folder would delete.
    #[error(
        "`{}` holds {what}; a run replaces its output folder whole and would delete them. \
         Choose another folder with --out, or move them out of it",
        dir.display()
    )]
    NotASet {
        /// The output folder.
        dir: PathBuf,
        /// What is in it, e.g. "`notes.md`, which opsim did not write".
        what: String,
    },
    /// The output path names a file.
    #[error("`{}` is a file; --out takes a folder", dir.display())]
    NotAFolder {
        /// The path given.
        dir: PathBuf,
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

/// The lock file of folder `name`, in its parent: `.NAME.opsim.lock`.
pub(crate) fn lock_file_name(name: &str) -> String {
    format!(".{name}.opsim.lock")
}

/// The name opsim versions before sets left inside an output folder.
pub(crate) const OLD_LOCK_FILE: &str = ".opsim.lock";

/// A folder as its parent and its name, for what opsim keeps beside it (its
/// lock, the staging folder of a set). The folder need not exist yet.
pub(crate) fn parent_and_name(dir: &Path) -> Result<(PathBuf, String), OutputError> {
    let absolute = dir
        .canonicalize()
        .or_else(|_| std::path::absolute(dir))
        .map_err(|source| OutputError::CreateFolder {
            dir: dir.to_path_buf(),
            source,
        })?;
    let normal: PathBuf = absolute.components().collect();
    match (normal.parent(), normal.file_name()) {
        (Some(parent), Some(name)) => {
            // One spelling of the parent, so that every run finds the same lock.
            let parent = parent
                .canonicalize()
                .unwrap_or_else(|_| parent.to_path_buf());
            Ok((parent, name.to_string_lossy().into_owned()))
        }
        _ => Err(OutputError::NoParent {
            dir: dir.to_path_buf(),
        }),
    }
}

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

/// Takes `dir`'s lock (a file beside it, in its parent, which must exist), or
/// says that another run holds it.
pub(crate) fn lock_dir(dir: &Path) -> Result<FolderLock, OutputError> {
    let (parent, name) = parent_and_name(dir)?;
    let path = parent.join(lock_file_name(&name));
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
