//! Exporters: each turns the [`Summary`] into one output, without computing
//! anything new. Files are written atomically (temporary file in the same folder,
//! then rename), so a reader never sees a half-written file.

pub mod csv;
pub mod dates;
pub mod format;
pub mod inputs;
pub mod json;
pub mod table;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::stats::summary::Summary;

/// Facts about the run that are not statistics: what produced it, from what.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub opsim_version: String,
    pub scenario_file: String,
    pub scenario_sha256: String,
}

/// The files a run writes into its output folder, in order.
pub const OUTPUT_FILES: [&str; 4] = [
    "summary.json",
    "summary.csv",
    "monthly.csv",
    "activities.csv",
];

/// Renders every output file's contents.
pub fn render_all(summary: &Summary, info: &RunInfo) -> Vec<(&'static str, String)> {
    vec![
        (OUTPUT_FILES[0], json::render(summary, info)),
        (OUTPUT_FILES[1], csv::summary(summary)),
        (OUTPUT_FILES[2], csv::monthly(summary)),
        (OUTPUT_FILES[3], csv::activities(summary)),
    ]
}

/// Creates the output folder if needed and proves it writable, before a long run.
pub fn prepare_output_dir(dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create output folder `{}`: {e}", dir.display()))?;
    let probe = dir.join(format!(".opsim-write-test-{}", std::process::id()));
    let result = fs::File::create(&probe).and_then(|mut f| f.write_all(b"ok"));
    let _ = fs::remove_file(&probe);
    result.map_err(|e| format!("cannot write to output folder `{}`: {e}", dir.display()))
}

/// Writes `contents` to `path` through a temporary file in the same folder.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), String> {
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
    written.map_err(|e| {
        let _ = fs::remove_file(&temp);
        format!("cannot write `{}`: {e}", path.display())
    })
}

/// Writes every output file into `dir`.
pub fn write_all(dir: &Path, files: &[(&'static str, String)]) -> Result<(), String> {
    files
        .iter()
        .try_for_each(|(name, contents)| write_atomic(&dir.join(name), contents.as_bytes()))
}
