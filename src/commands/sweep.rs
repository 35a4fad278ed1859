//! `opsim sweep`: compiles every point of the grid first (nothing runs if one
//! is invalid), then runs them on the same random numbers and writes sweep.csv
//! and the sweep chart.

use super::CommandError;
use super::input::{Source, options_for};
use super::job::{Job, emit, progress_bar};
use crate::cli::SweepArgs;
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
    let job = Job::start(&args.out, None)?;
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
    if !args.quiet {
        let footer = format!(
            "\nWrote {} to {}\n",
            super::listed(&files),
            job.out().display()
        );
        emit(&format!("{}{footer}", export::sweep::table(&swept)), false);
    }
    Ok(())
}
