//! `opsim sweep`: compiles every point of the grid first (nothing runs if one
//! is invalid), then runs them on the same random numbers and writes sweep.csv
//! and the sweep chart.

use super::CommandError;
use super::input::{Source, options_for};
use super::job::{Job, emit, progress_bar};
use crate::cli::SweepArgs;
use crate::export::manifest::SetInfo;
use crate::export::{self, SweepFiles};
use crate::sweep::{self, SweepError};

pub(crate) fn run(args: &SweepArgs) -> Result<(), CommandError> {
    let source = Source::read(Some(&args.scenario))?;
    let compiled =
        sweep::compile(&source.name, &source.text, &args.set, &args.vary).map_err(|e| match e {
            SweepError::Grid(message) => CommandError::Usage(message),
            SweepError::Point { point, error } if point.is_empty() => CommandError::Scenario(error),
            SweepError::Point { point, error } => CommandError::Usage(format!(
                "the sweep point {point} is not a valid scenario:\n{error}"
            )),
        })?;
    let first = &compiled.0[0].1;
    let options = options_for(first, &args.sampling)?;
    let mut job = Job::start(&args.out, None, "sweep.csv")?;
    let total = compiled.0.len() as u64 * options.iterations;
    let bar = progress_bar(total, "iterations over all points");
    let swept = sweep::run(
        compiled,
        options,
        &|done| bar.set_position(done),
        job.stop_flag(),
    );
    bar.finish_and_clear();
    let swept = swept.map_err(|e| CommandError::Internal(e.to_string()))?;
    let swept = swept.ok_or_else(|| job.interrupted())?;
    let files = job.export(&SweepFiles, &swept)?;
    job.land(&SetInfo {
        command: "sweep",
        scenarios: vec![(source.name.clone(), source.sha256())],
        overrides: args.set.iter().map(|o| o.argument.clone()).collect(),
        seed: options.seed,
        iterations: options.iterations,
    })?;
    if !args.quiet {
        let footer = format!(
            "\nWrote {} to {}\n",
            super::listed(&files),
            job.out().display()
        );
        emit(&format!("{}{footer}", export::sweep::table(&swept)), false);
    }
    job.close()
}
