//! The commands behind the CLI: read the scenario, apply overrides from the
//! command line, check outputs before the run, run, write, print. Every user
//! mistake becomes an [`AppError`] with exit code 2; nothing is written then.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::analysis::Results;
use crate::cli::{Cli, Command, RunArgs, Sampling, SweepArgs, ValidateArgs};
use crate::engine::summary::Summary;
use crate::engine::{self, RunOptions, RunOutput, Target};
use crate::export::{self, RunInfo};
use crate::model::Model;
use crate::scenario::{
    self, EXAMPLE, EXAMPLE_NAME,
    error::ScenarioError,
    overrides::{self, Override},
    understand::MAX_ITERATIONS,
};
use crate::sweep::SweepError;
use crate::{init, signals};

/// Why a command failed.
#[derive(Debug)]
pub enum AppError {
    /// The scenario file has problems (rendered with file:line:col).
    Scenario(ScenarioError),
    /// Any other mistake in what the user asked for: a missing file, a bad argument,
    /// an output path that cannot be written.
    Usage(String),
    /// A fault of opsim itself.
    Internal(String),
    /// SIGINT or SIGTERM stopped the run before anything was written.
    Interrupted {
        signal: &'static str,
        exit_code: u8,
        output: String,
    },
}

impl AppError {
    /// The error for a run a signal stopped; `output` is the untouched folder.
    pub fn interrupted(stop: &signals::StopOnSignal, output: &Path) -> AppError {
        let (signal, exit_code) = stop.received();
        AppError::Interrupted {
            signal,
            exit_code,
            output: output.display().to_string(),
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            AppError::Scenario(_) | AppError::Usage(_) => ExitCode::from(2),
            AppError::Internal(_) => ExitCode::from(1),
            AppError::Interrupted { exit_code, .. } => ExitCode::from(*exit_code),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Scenario(e) => write!(f, "{e}"),
            AppError::Usage(m) => write!(f, "error: {m}"),
            AppError::Internal(m) => write!(f, "internal error: {m}"),
            AppError::Interrupted { signal, output, .. } => write!(
                f,
                "interrupted by {signal}: the run stopped early; nothing was written and the files in `{output}` are as they were"
            ),
        }
    }
}

/// Runs a parsed command line.
pub fn execute(cli: Cli) -> Result<(), AppError> {
    match cli.command {
        Command::Run(args) => run(&args),
        Command::Sweep(args) => sweep(&args),
        Command::Validate(args) => validate(&args),
        Command::Compare(args) => crate::compare::run(&args),
        Command::Init(args) => init::write_starter(&args.path, args.force)
            .map(|next| emit(&next, false))
            .map_err(AppError::Usage),
        Command::Schema => {
            emit(&scenario::schema::json(), false);
            Ok(())
        }
    }
}

/// A scenario's text and the name to show for it.
pub struct Source {
    pub name: String,
    pub text: String,
}

/// Reads a scenario file, or the built-in example when `path` is None.
pub fn read_source(path: Option<&Path>) -> Result<Source, AppError> {
    match path {
        None => Ok(Source {
            name: EXAMPLE_NAME.into(),
            text: EXAMPLE.into(),
        }),
        Some(p) => std::fs::read_to_string(p)
            .map(|text| Source {
                name: p.display().to_string(),
                text,
            })
            .map_err(|e| AppError::Usage(format!("cannot read scenario `{}`: {e}", p.display()))),
    }
}

/// Parses and compiles a scenario with `--set` overrides applied.
pub fn load_with(source: &Source, overrides: &[Override]) -> Result<Model, AppError> {
    scenario::load_with_overrides(&source.name, &source.text, overrides).map_err(AppError::Scenario)
}

/// Run options from the command line, defaulting to the scenario's, checked.
pub fn options_for(model: &Model, sampling: &Sampling) -> Result<RunOptions, AppError> {
    checked_options(
        sampling.iterations.unwrap_or(model.meta.iterations),
        sampling.seed.unwrap_or(model.meta.seed),
        sampling.threads,
    )
}

/// Run options after checking the iteration count and the thread count.
fn checked_options(iterations: u64, seed: u64, threads: usize) -> Result<RunOptions, AppError> {
    if iterations == 0 || iterations > MAX_ITERATIONS as u64 {
        return Err(AppError::Usage(format!(
            "--iterations {iterations} is out of range: use 1 to {MAX_ITERATIONS} \
             (a billion iterations already takes hours; standard errors shrink only with the square root)"
        )));
    }
    if threads > 1024 {
        return Err(AppError::Usage(format!(
            "--threads {threads} is out of range: use 0 (all cores) to 1024"
        )));
    }
    Ok(RunOptions {
        iterations,
        seed,
        threads,
    })
}

/// `opsim sweep`: compiles every point first (nothing runs if one is invalid),
/// then runs them and writes sweep.csv and the sweep chart.
fn sweep(args: &SweepArgs) -> Result<(), AppError> {
    let source = read_source(Some(&args.scenario))?;
    let compiled = crate::sweep::compile(&source.name, &source.text, &args.set, &args.vary)
        .map_err(|e| match e {
            SweepError::Grid(message) => AppError::Usage(message),
            SweepError::Point { point, error } if point.is_empty() => AppError::Scenario(error),
            SweepError::Point { point, error } => AppError::Usage(format!(
                "the sweep point {point} is not a valid scenario:\n{error}"
            )),
        })?;
    let first = &compiled.0[0].1;
    let options = options_for(first, &args.sampling)?;
    export::prepare_output_dir(&args.out).map_err(AppError::Usage)?;
    let _lock = export::lock_output_dir(&args.out).map_err(AppError::Usage)?;
    let stop = signals::StopOnSignal::install().map_err(AppError::Internal)?;
    let total = compiled.0.len() as u64 * options.iterations;
    let bar = progress_bar(total, "iterations over all points");
    let sweep = crate::sweep::run(
        compiled,
        options,
        &|done| bar.set_position(done),
        stop.flag(),
    )
    .map_err(AppError::Internal)?;
    bar.finish_and_clear();
    let sweep = sweep.ok_or_else(|| AppError::interrupted(&stop, &args.out))?;
    let chart = export::charts::render(&export::charts::sweep::SweepChart::new(&sweep))
        .map_err(AppError::Internal)?;
    let files = vec![
        (
            export::sweep::SWEEP_CSV.to_string(),
            export::sweep::csv(&sweep).into_bytes(),
        ),
        ("sweep.svg".to_string(), chart.svg.into_bytes()),
        ("sweep.png".to_string(), chart.png),
    ];
    export::write_files(&args.out, &files).map_err(AppError::Usage)?;
    if !args.quiet {
        let footer = format!(
            "\nWrote sweep.csv, sweep.svg and sweep.png to {}\n",
            args.out.display()
        );
        emit(&format!("{}{footer}", export::sweep::table(&sweep)), false);
    }
    Ok(())
}

fn run(args: &RunArgs) -> Result<(), AppError> {
    let source = read_source(args.scenario.as_deref())?;
    let model = load_with(&source, &args.set)?;
    let options = options_for(&model, &args.sampling)?;
    let target = target(args)?;
    export::prepare_output_dir(&args.out).map_err(AppError::Usage)?;
    let _lock = export::lock_output_dir(&args.out).map_err(AppError::Usage)?;
    if let Some(path) = args.json.as_deref().filter(|p| *p != "-") {
        check_json_path(Path::new(path))?;
    }
    let stop = signals::StopOnSignal::install().map_err(AppError::Internal)?;
    let interrupted = || AppError::interrupted(&stop, &args.out);
    // A full run keeps its first iterations' figures for the analysis.
    let keep = (!args.summary_only).then(|| crate::analysis::keep(&model));
    let output = match target {
        None => simulate_keeping(&model, options, keep, "iterations", &stop)?,
        Some(target) => simulate_to_target(&model, options, target, keep, &stop)?,
    };
    let RunOutput { summary, kept } = output.ok_or_else(interrupted)?;
    let analysis = if args.summary_only {
        None
    } else {
        let analysis = analyse(&model, &summary, kept, options.threads, &stop)?;
        Some(analysis.ok_or_else(interrupted)?)
    };
    let results = Results { summary, analysis };
    let info = RunInfo {
        opsim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_file: source.name.clone(),
        scenario_sha256: sha256_hex(&source.text),
        overrides: args.set.iter().map(|o| o.argument.clone()).collect(),
    };
    let files = export::render_all(&results, &info);
    export::write_all(&args.out, &files).map_err(AppError::Usage)?;
    let mut charts = 0;
    if !args.summary_only {
        // Charts render in parallel, on no more threads than --threads allows.
        let pool = engine::pool(options.threads).map_err(AppError::Internal)?;
        let generated = export::generated_utc();
        let visuals = pool
            .install(|| export::render_visuals(&results, &model, &info, &generated))
            .map_err(AppError::Internal)?;
        export::write_files(&args.out, &visuals).map_err(AppError::Usage)?;
        charts = (visuals.len() - 1) / 2;
    }
    let json_to_stdout = args.json.as_deref() == Some("-");
    if let Some(path) = args.json.as_deref() {
        write_json(path, &files[0].1)?;
    }
    if !args.quiet {
        let table = export::table::render(&results);
        let written = if args.summary_only {
            export::OUTPUT_FILES.join(", ")
        } else {
            format!(
                "{}, {} and {charts} charts (SVG and PNG)",
                export::OUTPUT_FILES.join(", "),
                export::REPORT_FILE
            )
        };
        let footer = format!("\nWrote {written} to {}\n", args.out.display());
        emit(&format!("{table}{footer}"), json_to_stdout);
    }
    Ok(())
}

/// Runs a model with a progress bar labelled `what` and checks that every
/// figure is finite; None when a signal stopped it.
pub(crate) fn simulate(
    model: &Model,
    options: RunOptions,
    what: &str,
    stop: &signals::StopOnSignal,
) -> Result<Option<Summary>, AppError> {
    Ok(simulate_keeping(model, options, None, what, stop)?.map(|output| output.summary))
}

/// [`simulate`], keeping the columns `keep` asks for (see [`engine::keep`]).
fn simulate_keeping(
    model: &Model,
    options: RunOptions,
    keep: Option<engine::keep::Keep>,
    what: &str,
    stop: &signals::StopOnSignal,
) -> Result<Option<RunOutput>, AppError> {
    let bar = progress_bar(options.iterations, what);
    let progress = |done| bar.set_position(done);
    let summary = engine::run_keeping(model, options, keep, &progress, stop.flag());
    bar.finish_and_clear();
    finite(summary)
}

/// [`simulate`] for `--target-se`: rounds until the target or the cap.
fn simulate_to_target(
    model: &Model,
    options: RunOptions,
    target: Target,
    keep: Option<engine::keep::Keep>,
    stop: &signals::StopOnSignal,
) -> Result<Option<RunOutput>, AppError> {
    let bar = progress_bar(target.max_iterations, "iterations (at most)");
    let summary = engine::run_to_target(
        model,
        options.seed,
        options.threads,
        target,
        keep,
        &|done| bar.set_position(done),
        stop.flag(),
    );
    bar.finish_and_clear();
    finite(summary)
}

fn finite(output: Result<Option<RunOutput>, String>) -> Result<Option<RunOutput>, AppError> {
    let output = output.map_err(AppError::Internal)?;
    if let Some(o) = &output {
        check_finite(&o.summary)?;
    }
    Ok(output)
}

/// The target of `--target-se`, checked.
fn target(args: &RunArgs) -> Result<Option<Target>, AppError> {
    let Some(relative_se) = args.target_se else {
        return Ok(None);
    };
    if !(relative_se > 0.0 && relative_se < 1.0) {
        return Err(AppError::Usage(format!(
            "--target-se {relative_se} is out of range: give the largest acceptable standard error as a share of the mean, above 0 and below 1 (e.g. 0.005 for 0.5%)"
        )));
    }
    if args.max_iterations == 0 || args.max_iterations > MAX_ITERATIONS as u64 {
        return Err(AppError::Usage(format!(
            "--max-iterations {} is out of range: use 1 to {MAX_ITERATIONS}",
            args.max_iterations
        )));
    }
    Ok(Some(Target {
        relative_se,
        max_iterations: args.max_iterations,
    }))
}

/// Sensitivity and countermeasure and risk values, with their own progress bar,
/// from the columns the run kept (taken from the summary).
fn analyse(
    model: &Model,
    summary: &Summary,
    kept: Option<Vec<Vec<f64>>>,
    threads: usize,
    stop: &signals::StopOnSignal,
) -> Result<Option<crate::analysis::Analysis>, AppError> {
    let bar = progress_bar(1000, "analysis (sensitivity, countermeasures, risks)");
    let analysis = crate::analysis::analyse(
        model,
        summary.seed,
        summary.iterations,
        threads,
        kept,
        &|share| bar.set_position((share * 1000.0) as u64),
        stop.flag(),
    )
    .map_err(AppError::Internal);
    bar.finish_and_clear();
    analysis
}

pub(crate) fn write_json(path: &str, json: &str) -> Result<(), AppError> {
    if path == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(json.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| AppError::Usage(format!("cannot write JSON to standard output: {e}")));
    }
    export::write_atomic(Path::new(path), json.as_bytes()).map_err(AppError::Usage)
}

pub(crate) fn check_json_path(path: &Path) -> Result<(), AppError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if path.is_dir() {
        return Err(AppError::Usage(format!(
            "--json `{}` is a folder; give a file name",
            path.display()
        )));
    }
    if !dir.is_dir() {
        return Err(AppError::Usage(format!(
            "--json `{}`: folder `{}` does not exist",
            path.display(),
            dir.display()
        )));
    }
    export::prepare_output_dir(dir).map_err(AppError::Usage)
}

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

fn validate(args: &ValidateArgs) -> Result<(), AppError> {
    let source = read_source(Some(&args.scenario))?;
    let model = load_with(&source, &args.set)?;
    let activities: usize = model.models.iter().map(|m| m.activities.len()).sum();
    let header = format!(
        "{}: valid. {} models (baseline `{}`), {} services, {} teams, {} setup activities, {} months.\n\n",
        source.name,
        model.models.len(),
        model.models[0].id,
        model.organisation.services,
        model.organisation.teams,
        activities,
        model.meta.horizon_months
    );
    let set =
        overrides::describe(&source.name, &source.text, &args.set).map_err(AppError::Scenario)?;
    emit(&(header + &set + &export::inputs::render(&model)), false);
    Ok(())
}

/// Prints text for a person. A closed pipe (`opsim validate x | head`) is not an
/// error: the reader has seen what it wanted.
pub(crate) fn emit(text: &str, to_stderr: bool) {
    let result = if to_stderr {
        std::io::stderr().lock().write_all(text.as_bytes())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|_| out.flush())
    };
    if let Err(e) = result
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("warning: could not print the summary: {e}");
    }
}

/// Refuses to write a summary holding NaN or infinity: scenario checks should
/// make that impossible, so it is reported as opsim's fault, naming the figure.
pub(crate) fn check_finite(summary: &Summary) -> Result<(), AppError> {
    match summary.first_non_finite() {
        Some(path) => Err(AppError::Internal(format!(
            "{path} is not a finite number; please report this with the scenario"
        ))),
        None => Ok(()),
    }
}

/// Lower-case hex SHA-256 of a text.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
