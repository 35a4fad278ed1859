//! The one pipeline every command that simulates goes through (`run`, `sweep`,
//! `compare`). [`Job::start`] checks and opens every output before the first
//! iteration: the output folder checked (missing, empty or a previous set),
//! the `--json` target checked; only then is every folder the run writes
//! locked, what killed runs left cleared, and the staging folder of the new
//! set made ([`super::set`]), and the signal handlers installed. Then the job
//! simulates with a progress bar, turns a stop by signal into
//! [`CommandError::Interrupted`], refuses figures that are not finite, writes
//! what the exporters render into the staging folder, and [`Job::land`]s the
//! set in one step. A signal before that step leaves the old set; after it,
//! the new set is complete and stays, and the message says so.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use std::sync::atomic::Ordering;

use super::CommandError;
use super::output::{self, FolderLock};
use super::set::{self, OutputSet};
use super::signals::StopOnSignal;
use crate::analysis::{self, Analysis};
use crate::engine::keep::Keep;
use crate::engine::summary::Summary;
use crate::engine::{self, PoolError, RunOptions, RunOutput, Target};
use crate::export::manifest::{Manifest, SetInfo};
use crate::export::{Exporter, OutputFile};
use crate::model::Model;

/// A command's outputs, held open for the length of its run.
pub(crate) struct Job<'a> {
    out: &'a Path,
    /// Where `--json` sends a copy of the JSON: a path, or "-" for standard
    /// output; `None` too when the path is the set's own copy in `out`.
    json: Option<&'a str>,
    /// The set being written; `None` once it has landed.
    set: Option<OutputSet>,
    /// One lock for every folder the run writes: `out`, and the `--json`
    /// file's folder when that is another. Dropped after `set`.
    _locks: Vec<FolderLock>,
    stop: StopOnSignal,
}

impl<'a> Job<'a> {
    /// Checks and opens the outputs: the `--json` target checked, `out`
    /// created and proved writable; only then is every folder the run writes
    /// locked, and the signal handlers installed.
    pub(crate) fn start(
        out: &'a Path,
        json: Option<&'a str>,
        json_name: &str,
    ) -> Result<Job<'a>, CommandError> {
        let json_dir = match json.filter(|p| *p != "-") {
            Some(path) => Some(check_json_path(Path::new(path))?),
            None => None,
        };
        // A --json copy into the output folder itself is the set's own file.
        let json_in_out = json_dir.as_ref().is_some_and(|dir| same_folder(dir, out));
        if json_in_out {
            let path = Path::new(json.unwrap_or_default());
            if path.file_name().is_none_or(|n| n != json_name) {
                return Err(CommandError::Usage(format!(
                    "--json `{}` is inside --out `{}`, whose files are one set: name it {json_name} \
                     there (the set's own copy), or write it outside the folder",
                    path.display(),
                    out.display()
                )));
            }
        }
        let (lock, set, notes) = set::open(out)?;
        let mut locks = vec![lock];
        if let Some(dir) = json_dir.filter(|_| !json_in_out) {
            locks.push(output::lock_dir(&dir)?);
        }
        for note in notes {
            emit(&format!("note: {note}\n"), true);
        }
        let stop = StopOnSignal::install().map_err(CommandError::Internal)?;
        Ok(Job {
            out,
            json: if json_in_out { None } else { json },
            set: Some(set),
            _locks: locks,
            stop,
        })
    }

    /// The output folder.
    pub(crate) fn out(&self) -> &Path {
        self.out
    }

    /// The flag a signal raises, for work the job does not run itself.
    pub(crate) fn stop_flag(&self) -> &AtomicBool {
        self.stop.flag()
    }

    /// The error for a run a signal stopped.
    pub(crate) fn interrupted(&self) -> CommandError {
        CommandError::interrupted(&self.stop, self.out)
    }

    /// Runs a model with a progress bar labelled `what`, keeping the columns
    /// `keep` asks for, and checks that every figure is finite.
    pub(crate) fn simulate(
        &self,
        model: &Model,
        options: RunOptions,
        keep: Option<Keep>,
        what: &str,
    ) -> Result<RunOutput, CommandError> {
        let bar = progress_bar(options.iterations, what);
        let progress = |done| bar.set_position(done);
        let output = engine::run_keeping(model, options, keep, &progress, self.stop.flag());
        bar.finish_and_clear();
        self.finished(output)
    }

    /// [`Job::simulate`] for `--target-se`: rounds until the target or the cap.
    pub(crate) fn simulate_to_target(
        &self,
        model: &Model,
        options: RunOptions,
        target: Target,
        keep: Option<Keep>,
    ) -> Result<RunOutput, CommandError> {
        let bar = progress_bar(target.max_iterations, "iterations (projected)");
        let output = engine::run_to_target_projecting(
            model,
            options.seed,
            options.threads,
            target,
            keep,
            &|done| bar.set_position(done),
            &|likely| bar.set_length(likely),
            self.stop.flag(),
        );
        bar.finish_and_clear();
        self.finished(output)
    }

    fn finished(
        &self,
        output: Result<Option<RunOutput>, PoolError>,
    ) -> Result<RunOutput, CommandError> {
        let output = output?.ok_or_else(|| self.interrupted())?;
        check_finite(&output.summary)?;
        Ok(output)
    }

    /// Sensitivity and countermeasure and risk values, with their own progress
    /// bar, from the columns the run kept.
    pub(crate) fn analyse(
        &self,
        model: &Model,
        summary: &Summary,
        kept: Option<Vec<Vec<f64>>>,
        threads: usize,
    ) -> Result<Analysis, CommandError> {
        let bar = progress_bar(1000, "analysis (sensitivity, countermeasures, risks)");
        let analysis = analysis::analyse(
            model,
            summary.seed,
            summary.iterations,
            threads,
            kept,
            &|share| bar.set_position((share * 1000.0) as u64),
            self.stop.flag(),
        );
        bar.finish_and_clear();
        analysis?.ok_or_else(|| self.interrupted())
    }

    /// Renders `found` with `exporter` and writes its files into the folder;
    /// returns them for the caller's summary of what was written.
    pub(crate) fn export<T: ?Sized>(
        &self,
        exporter: &dyn Exporter<T>,
        found: &T,
    ) -> Result<Vec<OutputFile>, CommandError> {
        let files = exporter.render(found)?;
        self.write(&files)?;
        Ok(files)
    }

    /// Writes files into the new set.
    pub(crate) fn write(&self, files: &[OutputFile]) -> Result<(), CommandError> {
        let set = self
            .set
            .as_ref()
            .ok_or_else(|| CommandError::Internal("files written after the set landed".into()))?;
        Ok(set.write(files)?)
    }

    /// Puts the written files in place of the output folder's, as one set with
    /// its manifest. A signal that came before leaves the old set as it was.
    pub(crate) fn land(&mut self, info: &SetInfo) -> Result<Manifest, CommandError> {
        if self.stop.flag().load(Ordering::Relaxed) {
            return Err(self.interrupted());
        }
        let set = self
            .set
            .take()
            .ok_or_else(|| CommandError::Internal("a set landed twice".into()))?;
        Ok(set.land(info)?)
    }

    /// Ends a job whose set has landed: a signal that came while it landed
    /// or since is reported, saying that the new set is complete.
    pub(crate) fn close(self) -> Result<(), CommandError> {
        if self.stop.flag().load(Ordering::Relaxed) {
            let (signal, exit_code) = self.stop.received();
            return Err(CommandError::InterruptedAfterLanding {
                signal,
                exit_code,
                output: self.out.display().to_string(),
            });
        }
        Ok(())
    }

    /// Whether `--json -` sends the JSON to standard output (the table then
    /// goes to standard error).
    pub(crate) fn json_to_stdout(&self) -> bool {
        self.json == Some("-")
    }

    /// Writes the `--json` copy, if one was asked for, among `files`.
    pub(crate) fn write_json(&self, files: &[OutputFile], name: &str) -> Result<(), CommandError> {
        let Some(path) = self.json else {
            return Ok(());
        };
        let json = &files
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| CommandError::Internal(format!("no {name} was rendered")))?
            .contents;
        if path == "-" {
            let mut out = std::io::stdout().lock();
            return out.write_all(json).and_then(|_| out.flush()).map_err(|e| {
                CommandError::Usage(format!("cannot write JSON to standard output: {e}"))
            });
        }
        Ok(output::write_atomic(Path::new(path), json)?)
    }
}

/// Checks a `--json` path before the run: a file name in a folder that exists
/// and can be written. Returns that folder.
fn check_json_path(path: &Path) -> Result<PathBuf, CommandError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if path.is_dir() {
        return Err(CommandError::Usage(format!(
            "--json `{}` is a folder; give a file name",
            path.display()
        )));
    }
    if !dir.is_dir() {
        return Err(CommandError::Usage(format!(
            "--json `{}`: folder `{}` does not exist",
            path.display(),
            dir.display()
        )));
    }
    output::prepare_dir(dir)?;
    Ok(dir.to_path_buf())
}

/// Whether two paths name one folder (both exist when this is asked).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Refuses to write a summary holding NaN or infinity: scenario checks should
/// make that impossible, so it is reported as opsim's fault, naming the figure.
pub(crate) fn check_finite(summary: &Summary) -> Result<(), CommandError> {
    match summary.first_non_finite() {
        Some(path) => Err(CommandError::Internal(format!(
            "{path} is not a finite number; please report this with the scenario"
        ))),
        None => Ok(()),
    }
}

/// A progress bar on standard error, shown only on a terminal.
pub(crate) fn progress_bar(length: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
    let template = if what.starts_with("iterations") {
        format!(
            "{{spinner}} {{bar:40}} {{human_pos}}/{{human_len}} {what}, {{per_sec}}, eta {{eta}}"
        )
    } else {
        format!("{{spinner}} {{bar:40}} {what}, eta {{eta}}")
    };
    bar.set_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Prints text for a person, made safe for a terminal ([`super::terminal`]).
pub(crate) fn emit(text: &str, to_stderr: bool) {
    super::terminal::print(text, to_stderr);
}
