//! Exporters: each turns the [`Summary`] into one output, without computing
//! anything new: the terminal table, JSON, CSV, the charts (SVG and PNG) and the
//! HTML report (which also reads the [`Model`] for its assumptions).
//! Files are written atomically (temporary file in the same folder, then
//! rename), so a reader never sees a half-written file.

pub mod analysis_table;
pub mod charts;
pub mod compare_csv;
pub mod compare_json;
pub mod compare_table;
pub mod csv;
pub mod dates;
pub mod format;
pub mod inputs;
pub mod json;
pub mod report;
pub mod report_analysis;
pub mod sweep;
pub mod table;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::Results;
use crate::model::Model;

/// Facts about the run that are not statistics: what produced it, from what.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub opsim_version: String,
    pub scenario_file: String,
    /// SHA-256 of the scenario file as written (before any overrides).
    pub scenario_sha256: String,
    /// The `--set` overrides applied, as `PATH=VALUE`, in order.
    pub overrides: Vec<String>,
}

/// The files a run writes into its output folder, in order.
pub const OUTPUT_FILES: [&str; 4] = [
    "summary.json",
    "summary.csv",
    "monthly.csv",
    "activities.csv",
];

/// Renders every output file's contents.
pub fn render_all(results: &Results, info: &RunInfo) -> Vec<(&'static str, String)> {
    let summary = &results.summary;
    vec![
        (OUTPUT_FILES[0], json::render(results, info)),
        (OUTPUT_FILES[1], csv::summary(summary)),
        (OUTPUT_FILES[2], csv::monthly(summary)),
        (OUTPUT_FILES[3], csv::activities(summary)),
    ]
}

/// The report's file name in the output folder.
pub const REPORT_FILE: &str = "report.html";

/// Renders the report and the charts (each as `<stem>.svg` and `<stem>.png`), as
/// (file name in the output folder, contents). `generated` is the report's date
/// line.
pub fn render_visuals(
    results: &Results,
    model: &Model,
    info: &RunInfo,
    generated: &str,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let charts = charts::render_all(results)?;
    let html = report::render(results, model, info, &charts, generated);
    let mut files = vec![(REPORT_FILE.to_string(), html.into_bytes())];
    for chart in charts {
        files.push((format!("{}.svg", chart.stem), chart.svg.into_bytes()));
        files.push((format!("{}.png", chart.stem), chart.png));
    }
    Ok(files)
}

/// When the report was made, "2026-05-01 14:03 UTC": the time in the
/// `SOURCE_DATE_EPOCH` environment variable (seconds since 1970) when it is set,
/// so tests and reproducible builds can pin it; the clock otherwise.
pub fn generated_utc() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    format!(
        "{} {:02}:{:02} UTC",
        dates::format_days(days),
        rest / 3600,
        rest % 3600 / 60
    )
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

/// Name of the lock file that keeps two runs from writing one folder at once.
pub const LOCK_FILE: &str = ".opsim.lock";

/// Takes the output folder's lock for as long as the returned file is open; a
/// second run writing to the same folder is refused instead of interleaving files.
/// The operating system releases the lock when the process ends, however it ends.
pub fn lock_output_dir(dir: &Path) -> Result<fs::File, String> {
    let path = dir.join(LOCK_FILE);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot create lock file `{}`: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(format!(
            "another opsim run is writing to `{}`: wait for it to finish, or choose another folder with --out",
            dir.display()
        )),
        Err(fs::TryLockError::Error(e)) => Err(format!("cannot lock `{}`: {e}", path.display())),
    }
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

/// Writes files, given by name, into `dir`.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    files
        .iter()
        .try_for_each(|(name, contents)| write_atomic(&dir.join(name), contents))
}

/// Writes every output file into `dir`.
pub fn write_all(dir: &Path, files: &[(&'static str, String)]) -> Result<(), String> {
    files
        .iter()
        .try_for_each(|(name, contents)| write_atomic(&dir.join(name), contents.as_bytes()))
}
