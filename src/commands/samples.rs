//! `opsim run --samples FILE`: every iteration of the run as one CSV row, for
//! an analyst's own analysis: the iteration's index, the value of every
//! uncertain once-per-iteration input (by path), then each model's headline
//! figures (`<model id>.<headline>`, as in summary.json). Every iteration is a
//! function of (seed, index), so the rows are drawn again after the run, in
//! iteration order, and are exactly the run's iterations. The file is written
//! atomically; its rows are held in memory first, so it is limited to
//! [`MAX_SAMPLE_ROWS`] iterations.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::CommandError;
use super::output;
use crate::analysis::sample::{self, Scope};
use crate::engine::record::{HEADLINES, Layout};
use crate::model::Model;

/// Most iterations `--samples` writes.
pub(crate) const MAX_SAMPLE_ROWS: u64 = 1_000_000;

/// Checks `--samples` before the run: a file name in a folder that exists,
/// and a run short enough.
pub(crate) fn check(path: &Path, iterations: u64) -> Result<(), CommandError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if path.is_dir() || !dir.is_dir() {
        return Err(CommandError::Usage(format!(
            "--samples `{}`: give a file name in a folder that exists",
            path.display()
        )));
    }
    if iterations > MAX_SAMPLE_ROWS {
        return Err(CommandError::Usage(format!(
            "--samples writes at most {MAX_SAMPLE_ROWS} iterations (it holds them in memory): \
             run with --iterations {MAX_SAMPLE_ROWS} or fewer"
        )));
    }
    Ok(())
}

/// The CSV text of iterations `0..iterations` of `model` with seed `seed`;
/// None when `stop` was set.
pub(crate) fn render(
    model: &Model,
    seed: u64,
    iterations: u64,
    stop: &AtomicBool,
) -> Option<Vec<u8>> {
    let layout = Layout::new(model);
    let uncertain: Vec<usize> = (0..model.inputs.len())
        .filter(|&k| !model.inputs[k].dist.is_constant())
        .collect();
    let mut header = vec!["iteration".to_string()];
    header.extend(uncertain.iter().map(|&k| model.inputs[k].path.clone()));
    let mut columns = Vec::new();
    for (m, om) in model.models.iter().enumerate() {
        for (h, name) in HEADLINES {
            header.push(format!("{}.{name}", om.id));
            columns.push(layout.headline(m, h));
        }
    }
    let inputs = sample::inputs(model, seed, iterations, &uncertain);
    let outputs = sample::columns(model, seed, iterations, Scope::All, &columns, stop)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).ok()?;
    let mut row = Vec::with_capacity(header.len());
    for i in 0..iterations as usize {
        row.clear();
        row.push(i.to_string());
        row.extend(inputs.iter().chain(&outputs).map(|c| c[i].to_string()));
        w.write_record(&row).ok()?;
    }
    w.into_inner().ok()
}

/// Writes the rows of the run to `path`, atomically.
pub(crate) fn write(
    model: &Model,
    seed: u64,
    iterations: u64,
    path: &Path,
    stop: &AtomicBool,
) -> Result<(), CommandError> {
    let text = render(model, seed, iterations, stop)
        .ok_or_else(|| CommandError::Internal("the samples could not be written".into()))?;
    Ok(output::write_atomic(path, &text)?)
}
