//! `opsim sweep`: compiles every point of the grid first (nothing runs if one
//! is invalid), then runs them on the same random numbers and writes sweep.csv
//! and the sweep chart. With `--shard K/N` it runs the K-th of N contiguous
//! ranges of the grid's points and writes their results as a partial
//! ([`super::partial`]); `opsim merge` rebuilds the sweep from every shard's
//! and writes it with the same [`write_sweep`].

use super::CommandError;
use super::input::{Source, options_for};
use super::job::{Job, emit, progress_bar};
use super::no_effect;
use super::partial::{self, Kind, PartialMeta};
use crate::cli::SweepArgs;
use crate::engine::shard::ShardSpec;
use crate::export::manifest::SetInfo;
use crate::export::{self, OutputFile, SweepFiles};
use crate::scenario::overrides::Override;
use crate::sweep::grid::Vary;
use crate::sweep::{self, Compiled, Sweep, SweepError};

pub(crate) fn run(args: &SweepArgs) -> Result<(), CommandError> {
    let source = Source::read(Some(&args.scenario))?;
    let mut compiled = compile(&source, &args.set, &args.vary)?;
    let first = &compiled.0[0].1;
    let options = options_for(first, &args.sampling)?;
    if !args.quiet {
        let mut warnings = no_effect::of_sets(&source, &args.set, first, options.seed);
        warnings.extend(no_effect::of_varies(&compiled, &args.vary, options.seed));
        for warning in warnings {
            emit(&format!("{warning}\n"), true);
        }
    }
    let shard = match args.shard {
        None => None,
        Some(arg) => {
            let points = compiled.0.len() as u64;
            if arg.count > points {
                return Err(CommandError::Usage(format!(
                    "--shard {}/{}: the grid has {points} points, so it splits into at most {points} shards",
                    arg.index, arg.count
                )));
            }
            let spec = ShardSpec {
                index: arg.index,
                count: arg.count,
            };
            let range = points_of(spec, points);
            compiled.0 = compiled.0.drain(range).collect();
            Some(spec)
        }
    };
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
    let Some(spec) = shard else {
        let overrides = args.set.iter().map(|o| o.argument.clone()).collect();
        let info = source.set_info("sweep", overrides, options.seed, options.iterations);
        return write_sweep(job, &swept, args.quiet, &info);
    };
    let overrides: Vec<String> = args.set.iter().map(|o| o.argument.clone()).collect();
    let varies: Vec<String> = args.vary.iter().map(|v| v.argument.clone()).collect();
    let meta = PartialMeta {
        opsim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_name: source.name.clone(),
        scenario_hash: partial::scenario_hash(&source.text, &overrides, &varies),
        scenario_text: source.text.clone(),
        overrides,
        varies,
        seed: options.seed,
        iterations: options.iterations,
        shard: spec,
        summary_only: false,
    };
    let name = partial::file_name(Kind::Sweep, spec);
    let bytes = partial::encode_with(Kind::Sweep, &meta, &|w| {
        sweep::write_points(&swept.points, w)
    });
    job.write(&[OutputFile::new(name.clone(), bytes)])?;
    job.land(&source.set_info(
        "sweep (shard)",
        meta.overrides.clone(),
        options.seed,
        options.iterations,
    ))?;
    if !args.quiet {
        emit(
            &format!(
                "Sweep shard {} of {} (numbered from 0): {} points.\n\
                 Wrote {name} to {}; `opsim merge` every shard's partial into the sweep's files.\n",
                spec.index,
                spec.count,
                swept.points.len(),
                job.out().display()
            ),
            false,
        );
    }
    job.close()
}

/// The points of the grid shard `spec` runs: the same split as a run's chunks.
pub(crate) fn points_of(spec: ShardSpec, points: u64) -> std::ops::Range<usize> {
    let at = |k: u64| (u128::from(k) * u128::from(points) / u128::from(spec.count)) as usize;
    at(spec.index)..at(spec.index + 1)
}

/// Compiles the scenario at every point of the grid, or says which point is wrong.
pub(crate) fn compile(
    source: &Source,
    set: &[Override],
    vary: &[Vary],
) -> Result<Compiled, CommandError> {
    sweep::compile(&source.name, &source.text, set, vary).map_err(|e| match e {
        SweepError::Grid(message) => CommandError::Usage(message),
        SweepError::Point { point, error } if point.is_empty() => CommandError::Scenario(error),
        SweepError::Point { point, error } => CommandError::Usage(format!(
            "the sweep point {point} is not a valid scenario:\n{error}"
        )),
    })
}

/// Writes a sweep's files and prints its table: the end of a whole sweep and
/// of one merged from shards.
pub(crate) fn write_sweep(
    mut job: Job,
    swept: &Sweep,
    quiet: bool,
    info: &SetInfo,
) -> Result<(), CommandError> {
    let files = job.export(&SweepFiles, swept)?;
    job.land(info)?;
    if !quiet {
        let width = export::width::columns();
        let footer = super::wrote(&super::listed(&files), job.out(), width);
        emit(
            &format!("{}{footer}", export::sweep::table(swept, width)),
            false,
        );
        if let Some(warning) = no_effect::all_points_alike(swept) {
            emit(&format!("{warning}\n"), true);
        }
    }
    job.close()
}
