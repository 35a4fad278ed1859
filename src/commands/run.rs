//! `opsim run`: simulate one scenario, analyse what drives it (unless
//! `--summary-only`), write summary.json, the CSV files, the charts and the
//! report, and print the summary table.

use super::CommandError;
use super::input::{Source, options_for};
use super::job::{Job, emit};
use crate::analysis::{self, Results};
use crate::cli::RunArgs;
use crate::engine::{self, RunOutput, Target};
use crate::export::manifest::SetInfo;
use crate::export::{self, RunFound, SUMMARY_JSON, SummaryFiles, Visuals};
use crate::scenario::understand::MAX_ITERATIONS;

pub(crate) fn run(args: &RunArgs) -> Result<(), CommandError> {
    let source = Source::read(args.scenario.as_deref())?;
    let model = source.load(&args.set)?;
    let options = options_for(&model, &args.sampling)?;
    let target = target(args)?;
    let mut job = Job::start(&args.out, args.json.as_deref(), SUMMARY_JSON)?;
    // A full run keeps its first iterations' figures for the analysis.
    let keep = (!args.summary_only).then(|| analysis::keep(&model));
    let RunOutput { summary, kept } = match target {
        None => job.simulate(&model, options, keep, "iterations")?,
        Some(target) => job.simulate_to_target(&model, options, target, keep)?,
    };
    let analysis = if args.summary_only {
        None
    } else {
        Some(job.analyse(&model, &summary, kept, options.threads)?)
    };
    let results = Results { summary, analysis };
    let info = source.run_info(&args.set);
    let generated = export::generated_utc();
    let found = RunFound {
        results: &results,
        model: &model,
        info: &info,
        generated: &generated,
    };
    let data = job.export(&SummaryFiles, &found)?;
    let mut charts = 0;
    if !args.summary_only {
        // Charts render in parallel, on no more threads than --threads allows.
        let pool = engine::pool(options.threads)?;
        let visuals = pool.install(|| job.export(&Visuals, &found))?;
        charts = (visuals.len() - 1) / 2;
    }
    job.land(&SetInfo {
        command: "run",
        scenarios: vec![(info.scenario_file.clone(), info.scenario_sha256.clone())],
        overrides: info.overrides.clone(),
        seed: results.summary.seed,
        iterations: results.summary.iterations,
    })?;
    job.write_json(&data, SUMMARY_JSON)?;
    if !args.quiet {
        let table = export::table::render(&results);
        let names: Vec<&str> = data.iter().map(|f| f.name.as_str()).collect();
        let written = if args.summary_only {
            names.join(", ")
        } else {
            format!(
                "{}, {} and {charts} charts (SVG and PNG)",
                names.join(", "),
                export::REPORT_FILE
            )
        };
        let footer = format!("\nWrote {written} to {}\n", job.out().display());
        emit(&format!("{table}{footer}"), job.json_to_stdout());
    }
    job.close()
}

/// The target of `--target-se`, checked.
fn target(args: &RunArgs) -> Result<Option<Target>, CommandError> {
    let Some(relative_se) = args.target_se else {
        return Ok(None);
    };
    if !(relative_se > 0.0 && relative_se < 1.0) {
        return Err(CommandError::Usage(format!(
            "--target-se {relative_se} is out of range: give the largest acceptable standard error as a share of the mean, above 0 and below 1 (e.g. 0.005 for 0.5%)"
        )));
    }
    if args.max_iterations == 0 || args.max_iterations > MAX_ITERATIONS as u64 {
        return Err(CommandError::Usage(format!(
            "--max-iterations {} is out of range: use 1 to {MAX_ITERATIONS}",
            args.max_iterations
        )));
    }
    Ok(Some(Target {
        relative_se,
        max_iterations: args.max_iterations,
    }))
}
