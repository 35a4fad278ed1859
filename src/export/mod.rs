//! Exporters: each turns what a command found into files, without computing
//! anything new: the terminal tables, JSON, CSV, the charts (SVG and PNG) and
//! the HTML report (which also reads the [`Model`] for its assumptions). Every
//! exporter is an [`Exporter`] and returns [`OutputFile`]s; writing them (one
//! atomic writer, the folder's lock) is the commands' job, so nothing here
//! touches the file system.

pub(crate) mod analysis_table;
pub mod charts;
pub(crate) mod compare_csv;
pub(crate) mod compare_html;
pub(crate) mod compare_json;
pub(crate) mod compare_table;
pub mod correlations;
pub(crate) mod csv;
pub(crate) mod dates;
pub mod format;
pub(crate) mod html;
pub mod inputs;
pub mod json;
pub mod manifest;
pub mod report;
pub(crate) mod report_analysis;
pub(crate) mod report_first_page;
pub mod shown;
pub mod sweep;
pub(crate) mod table;
pub mod verdict;
pub mod width;
pub(crate) mod xlsx;

use crate::analysis::Results;
use crate::analysis::compare::Comparison;
use crate::model::Model;

/// One file a command writes: its name in the output folder and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    /// File name in the output folder, e.g. `summary.json`.
    pub name: String,
    /// The file's bytes.
    pub contents: Vec<u8>,
}

impl OutputFile {
    /// A file named `name` holding `contents`.
    pub fn new(name: impl Into<String>, contents: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            name: name.into(),
            contents: contents.into(),
        }
    }
}

/// An output that could not be rendered (a chart the drawing library refused):
/// opsim's fault, never the user's.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ExportError(String);

impl From<String> for ExportError {
    fn from(message: String) -> ExportError {
        ExportError(message)
    }
}

/// Turns what a command found (`T`) into the files of one output, computing
/// nothing new.
pub trait Exporter<T: ?Sized> {
    /// The files of this output, or a message saying why they cannot be made.
    fn render(&self, found: &T) -> Result<Vec<OutputFile>, ExportError>;
}

/// Facts about the run that are not statistics: what produced it, from what.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// Version of opsim that made the run.
    pub opsim_version: String,
    /// The scenario file as given on the command line, or the built-in example's name.
    pub scenario_file: String,
    /// SHA-256 of the scenario file as written (before any overrides).
    pub scenario_sha256: String,
    /// The `--set` overrides applied, as `PATH=VALUE`, in order.
    pub overrides: Vec<String>,
}

/// What one run found, with what the run's exporters need besides.
pub struct RunFound<'a> {
    /// Everything the run found.
    pub results: &'a Results,
    /// The compiled scenario, for the report's assumptions.
    pub model: &'a Model,
    /// What produced the run.
    pub info: &'a RunInfo,
    /// The report's date line ("2026-05-01 14:03 UTC").
    pub generated: &'a str,
}

/// summary.json, the CSV files and report.xlsx: every run writes these.
pub struct SummaryFiles;

/// The name of the JSON summary in the output folder.
pub const SUMMARY_JSON: &str = "summary.json";

impl Exporter<RunFound<'_>> for SummaryFiles {
    fn render(&self, found: &RunFound) -> Result<Vec<OutputFile>, ExportError> {
        let summary = &found.results.summary;
        Ok(vec![
            OutputFile::new(SUMMARY_JSON, json::render(found.results, found.info)),
            OutputFile::new("summary.csv", csv::summary(summary)),
            OutputFile::new("monthly.csv", csv::monthly(summary)),
            OutputFile::new("monthly-wide.csv", csv::monthly_wide_csv(summary)),
            OutputFile::new("activities.csv", csv::activities(summary)),
            OutputFile::new(xlsx::XLSX_FILE, xlsx::render(found)?),
        ])
    }
}

/// The report and the charts (each as `<stem>.svg`, `<stem>.png` and, at
/// slide size, `<stem>-slide.png`), report first. Charts render in parallel on the rayon pool this is called in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Visuals {
    /// How the charts are drawn (their footnote).
    pub charts: charts::ChartOptions,
}

/// The report's file name in the output folder.
pub const REPORT_FILE: &str = "report.html";

impl Exporter<RunFound<'_>> for Visuals {
    fn render(&self, found: &RunFound) -> Result<Vec<OutputFile>, ExportError> {
        let charts = charts::render_all(found.results, &self.charts)?;
        let html = report::render(
            found.results,
            found.model,
            found.info,
            &charts,
            found.generated,
        );
        let mut files = vec![OutputFile::new(REPORT_FILE, html)];
        for chart in charts {
            files.push(OutputFile::new(format!("{}.svg", chart.stem), chart.svg));
            files.push(OutputFile::new(format!("{}.png", chart.stem), chart.png));
            if let Some(slide) = chart.slide_png {
                files.push(OutputFile::new(format!("{}-slide.png", chart.stem), slide));
            }
        }
        Ok(files)
    }
}

/// compare.csv, compare.json, the compare chart (`compare.svg`,
/// `compare.png`) and compare.html, for `opsim compare`.
pub struct CompareFiles;

/// The name of the comparison's JSON in the output folder.
pub const COMPARE_JSON: &str = "compare.json";

impl Exporter<Comparison> for CompareFiles {
    fn render(&self, found: &Comparison) -> Result<Vec<OutputFile>, ExportError> {
        let chart = charts::render(&charts::compare::CompareChart::new(found))?;
        let page = compare_html::render(found, &chart, env!("CARGO_PKG_VERSION"));
        Ok(vec![
            OutputFile::new("compare.csv", compare_csv::render(found)),
            OutputFile::new(COMPARE_JSON, compare_json::render(found)),
            OutputFile::new(compare_html::COMPARE_HTML, page),
            OutputFile::new("compare.svg", chart.svg),
            OutputFile::new("compare.png", chart.png),
        ]
        .into_iter()
        .chain(
            chart
                .slide_png
                .map(|p| OutputFile::new("compare-slide.png", p)),
        )
        .collect())
    }
}

/// sweep.csv and the sweep chart, for `opsim sweep`.
pub struct SweepFiles;

impl Exporter<crate::sweep::Sweep> for SweepFiles {
    fn render(&self, found: &crate::sweep::Sweep) -> Result<Vec<OutputFile>, ExportError> {
        let chart = charts::render(&charts::sweep::SweepChart::new(found))?;
        Ok(vec![
            OutputFile::new(sweep::SWEEP_CSV, sweep::csv(found)),
            OutputFile::new("sweep.svg", chart.svg),
            OutputFile::new("sweep.png", chart.png),
        ]
        .into_iter()
        .chain(
            chart
                .slide_png
                .map(|p| OutputFile::new("sweep-slide.png", p)),
        )
        .collect())
    }
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
