//! `opsim run`: simulate one scenario, analyse what drives it (unless
//! `--summary-only`), write summary.json, the CSV files, the charts and the
//! report, and print the summary table. With `--shard K/N` it runs one shard
//! of the run and writes its partial result instead ([`super::partial`]);
//! `opsim merge` ([`super::merge`]) hands the merged shards to the same
//! [`write_run`] a whole run ends with, so both write the same files.

use super::CommandError;
use super::input::{Source, options_for};
use super::job::{Job, emit, progress_bar};
use super::no_effect;
use super::partial::{self, PartialMeta};
use super::samples;
use crate::analysis::{self, Results};
use crate::cli::RunArgs;
use crate::engine::estimate::{Load, describe_seconds, workers};
use crate::engine::shard::{self, ShardSpec};
use crate::engine::{self, RunOptions, RunOutput, Target};
use crate::export::charts::ChartOptions;
use crate::export::manifest::SetInfo;
use crate::export::{self, OutputFile, RunFound, RunInfo, SUMMARY_JSON, SummaryFiles, Visuals};
use crate::model::Model;
use crate::scenario::understand::MAX_ITERATIONS;

/// Estimated run times above this many seconds are said before the run starts.
const ANNOUNCE_SECONDS: f64 = 60.0;

pub(crate) fn run(args: &RunArgs) -> Result<(), CommandError> {
    let source = Source::read(args.scenario.as_deref())?;
    let model = source.load(&args.set)?;
    let options = options_for(&model, &args.sampling)?;
    let target = target(args)?;
    let shard = shard_spec(args, options, target.is_some())?;
    if let Some(path) = &args.samples {
        if shard.is_some() {
            return Err(CommandError::Usage(
                "--samples needs the whole run: leave out --shard".into(),
            ));
        }
        let most = target.map_or(options.iterations, |t| t.max_iterations);
        samples::check(path, most)?;
    }
    if !args.quiet {
        for warning in no_effect::of_sets(&source, &args.set, &model, options.seed) {
            emit(&format!("{warning}\n"), true);
        }
        announce(&model, options, target, shard);
    }
    let job = Job::start(&args.out, args.json.as_deref(), SUMMARY_JSON)?;
    if let Some(spec) = shard {
        return run_shard(job, &model, &source, args, options, spec);
    }
    // A full run keeps its first iterations' figures for the analysis.
    let keep = (!args.summary_only).then(|| analysis::keep(&model));
    let output = match target {
        None => job.simulate(&model, options, keep, "iterations")?,
        Some(target) => job.simulate_to_target(&model, options, target, keep)?,
    };
    let written = Written {
        info: source.run_info(&args.set),
        threads: options.threads,
        summary_only: args.summary_only,
        quiet: args.quiet,
        chart_footnote: !args.no_chart_footnote,
    };
    let ran = output.summary.iterations;
    write_run(job, &model, output, &written)?;
    if let Some(path) = &args.samples {
        let never = std::sync::atomic::AtomicBool::new(false);
        samples::write(&model, options.seed, ran, path, &never)?;
    }
    Ok(())
}

/// How a run's files are written, besides what it found.
pub(crate) struct Written {
    /// What produced the run.
    pub info: RunInfo,
    /// Threads for the analysis and charts (0: one per core).
    pub threads: usize,
    /// Only summary.json and the CSV files: no analysis, charts or report.
    pub summary_only: bool,
    /// No summary table printed.
    pub quiet: bool,
    /// The run's details drawn under each chart.
    pub chart_footnote: bool,
}

/// The end of a run, whole or merged from shards: the analysis (unless
/// summary-only), every file of the run written through the job, and the
/// summary table printed.
pub(crate) fn write_run(
    mut job: Job,
    model: &Model,
    output: RunOutput,
    written: &Written,
) -> Result<(), CommandError> {
    let RunOutput { summary, kept } = output;
    let analysis = if written.summary_only {
        None
    } else {
        Some(job.analyse(model, &summary, kept, written.threads)?)
    };
    let results = Results { summary, analysis };
    let generated = export::generated_utc();
    let found = RunFound {
        results: &results,
        model,
        info: &written.info,
        generated: &generated,
    };
    let data = job.export(&SummaryFiles, &found)?;
    let mut charts = 0;
    if !written.summary_only {
        // Charts render in parallel, on no more threads than --threads allows.
        let pool = engine::pool(written.threads)?;
        let visuals = pool.install(|| {
            job.export(
                &Visuals {
                    charts: ChartOptions {
                        footnote: written.chart_footnote,
                        slide: true,
                    },
                },
                &found,
            )
        })?;
        charts = visuals.iter().filter(|f| f.name.ends_with(".svg")).count();
    }
    let info = &written.info;
    job.land(&SetInfo {
        command: "run",
        scenarios: vec![(info.scenario_file.clone(), info.scenario_sha256.clone())],
        overrides: info.overrides.clone(),
        seed: results.summary.seed,
        iterations: results.summary.iterations,
    })?;
    job.write_json(&data, SUMMARY_JSON)?;
    if !written.quiet {
        let table = export::table::render(&results, model);
        let names: Vec<&str> = data.iter().map(|f| f.name.as_str()).collect();
        let listed = if written.summary_only {
            names.join(", ")
        } else {
            format!(
                "{}, {} and {charts} charts (SVG, PNG and slide PNG)",
                names.join(", "),
                export::REPORT_FILE
            )
        };
        let footer = super::wrote(&listed, job.out(), export::width::columns());
        emit(&format!("{table}{footer}"), job.json_to_stdout());
    }
    job.close()
}

/// The shard `--shard` asks for, checked against the run.
fn shard_spec(
    args: &RunArgs,
    options: RunOptions,
    to_target: bool,
) -> Result<Option<ShardSpec>, CommandError> {
    let Some(arg) = args.shard else {
        return Ok(None);
    };
    if to_target {
        return Err(CommandError::Usage(
            "--shard cannot be used with --target-se: every shard must know the run's iteration count in advance. \
             Run --target-se once on a few cores to learn the count it needs (summary.json, `iterations`), then shard a run of that many with --iterations"
                .into(),
        ));
    }
    if args.json.is_some() {
        return Err(CommandError::Usage(
            "--shard writes a partial result, not a summary: give --json to `opsim merge` instead"
                .into(),
        ));
    }
    let chunks = shard::total_chunks(options.iterations);
    if arg.count > chunks {
        return Err(CommandError::Usage(format!(
            "--shard {}/{}: a run of {} iterations has {chunks} chunks of {} iterations, so it splits into at most {chunks} shards; use fewer shards or more iterations",
            arg.index,
            arg.count,
            options.iterations,
            engine::CHUNK_ITERATIONS
        )));
    }
    Ok(Some(ShardSpec {
        index: arg.index,
        count: arg.count,
    }))
}

/// Runs one shard and writes its partial result.
fn run_shard(
    mut job: Job,
    model: &Model,
    source: &Source,
    args: &RunArgs,
    options: RunOptions,
    spec: ShardSpec,
) -> Result<(), CommandError> {
    // The shards holding the run's first iterations keep them for the analysis.
    let keep = (!args.summary_only).then(|| analysis::keep(model));
    let range = spec.iterations(options.iterations);
    let bar = progress_bar(range.end - range.start, "iterations");
    let output = shard::run_shard(
        model,
        options,
        spec,
        keep,
        &|done| bar.set_position(done),
        job.stop_flag(),
    );
    bar.finish_and_clear();
    let output = output?.ok_or_else(|| job.interrupted())?;
    let overrides: Vec<String> = args.set.iter().map(|o| o.argument.clone()).collect();
    let meta = PartialMeta {
        opsim_version: env!("CARGO_PKG_VERSION").into(),
        scenario_name: source.name.clone(),
        scenario_hash: partial::scenario_hash(&source.text, &overrides, &[]),
        scenario_text: source.text.clone(),
        overrides,
        varies: Vec::new(),
        seed: options.seed,
        iterations: options.iterations,
        shard: spec,
        summary_only: args.summary_only,
    };
    let name = partial::file_name(partial::Kind::Run, spec);
    job.write(&[OutputFile::new(
        name.clone(),
        partial::encode(&meta, &output),
    )])?;
    job.land(&source.set_info(
        "run (shard)",
        meta.overrides.clone(),
        options.seed,
        options.iterations,
    ))?;
    if !args.quiet {
        let chunks = output.chunks();
        emit(
            &format!(
                "Shard {} of {} (numbered from 0): iterations {} to {} of {} (chunks {} to {}).\n\
                 Wrote {name} to {}; `opsim merge` every shard's partial into the run's files.\n",
                spec.index,
                spec.count,
                range.start,
                range.end,
                options.iterations,
                chunks.start,
                chunks.end,
                job.out().display()
            ),
            false,
        );
    }
    job.close()
}

/// Says how long a long run will take, before it starts, on standard error.
fn announce(model: &Model, options: RunOptions, target: Option<Target>, shard: Option<ShardSpec>) {
    let load = Load::of(model);
    let (iterations, what) = match (target, shard) {
        (Some(t), _) => (t.max_iterations, "at most "),
        (None, Some(s)) => {
            let r = s.iterations(options.iterations);
            (r.end - r.start, "")
        }
        (None, None) => (options.iterations, ""),
    };
    let seconds = load.run_seconds(iterations, options.threads);
    if seconds <= ANNOUNCE_SECONDS {
        return;
    }
    emit(
        &format!(
            "note: about {:.2e} incidents and {} activities an iteration: {} iterations \
             will take {what}about {} on {} threads (an estimate from docs/performance.md; the \
             progress bar shows the time left{}). To spread a run over machines: --shard \
             (docs/scale-out.md).\n",
            load.incidents_per_iteration,
            load.activities,
            export::format::grouped(iterations as f64),
            describe_seconds(seconds),
            workers(options.threads),
            if target.is_some() {
                ", from the count the standard errors so far call for"
            } else {
                ""
            }
        ),
        true,
    );
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
