//! `opsim compare A.toml B.toml`: everything is checked before the first run,
//! both files run on A's seed and iteration count, and nothing is written
//! unless both runs finish. The pairing itself is `analysis::compare`.

use super::CommandError;
use super::input::{Source, options_for};
use super::job::{Job, emit};
use crate::analysis::compare::{Comparison, Side, short_labels};
use crate::cli::CompareArgs;
use crate::engine::RunOptions;
use crate::export::manifest::SetInfo;
use crate::export::{self, COMPARE_JSON, CompareFiles, compare_table};
use crate::model::Model;

pub(crate) fn run(args: &CompareArgs) -> Result<(), CommandError> {
    let sources = [Source::read(Some(&args.a))?, Source::read(Some(&args.b))?];
    let models = [sources[0].load(&args.set)?, sources[1].load(&args.set)?];
    check_comparable([&sources[0], &sources[1]], [&models[0], &models[1]])?;
    let options = options_for(&models[0], &args.sampling)?;
    let mut job = Job::start(&args.out, args.json.as_deref(), COMPARE_JSON)?;
    let summary_a = job.simulate(&models[0], options, None, "iterations of A")?;
    let summary_b = job.simulate(&models[1], options, None, "iterations of B")?;
    let (label_a, label_b) = short_labels(&sources[0].name, &sources[1].name);
    let comparison = Comparison::new(
        side(&sources[0], &models[0], label_a),
        side(&sources[1], &models[1], label_b),
        [&summary_a.summary, &summary_b.summary],
        options,
        args.set.iter().map(|o| o.shown()).collect(),
        setting_notes(args, [&models[0], &models[1]], options),
    );
    let files = job.export(&CompareFiles, &comparison)?;
    job.land(&SetInfo {
        command: "compare",
        scenarios: sources
            .iter()
            .map(|s| (s.name.clone(), s.sha256()))
            .collect(),
        overrides: args.set.iter().map(|o| o.argument.clone()).collect(),
        seed: options.seed,
        iterations: options.iterations,
    })?;
    job.write_json(&files, COMPARE_JSON)?;
    if !args.quiet {
        let width = export::width::columns();
        let footer = super::wrote(&super::listed(&files), job.out(), width);
        let table = compare_table::render(&comparison, width);
        emit(&format!("{table}{footer}"), job.json_to_stdout());
    }
    job.close()
}

/// Refuses two scenarios whose differences would mean nothing: amounts in
/// different currencies, or totals over different horizons.
fn check_comparable(sources: [&Source; 2], models: [&Model; 2]) -> Result<(), CommandError> {
    let [(sa, ma), (sb, mb)] = [(sources[0], models[0]), (sources[1], models[1])];
    let (a, b) = (&ma.meta, &mb.meta);
    let problem = if a.currency != b.currency {
        format!(
            "the currencies differ ({} and {}), so B − A would subtract amounts in different units; \
             opsim converts no currencies: restate one file in the other's currency",
            a.currency, b.currency
        )
    } else if a.horizon_months != b.horizon_months {
        format!(
            "the horizons differ ({} and {} months), so TCO, run cost and NPV would add up different \
             periods; set the same scenario.horizon_months in both (or --set horizon_months=N for both)",
            a.horizon_months, b.horizon_months
        )
    } else {
        return Ok(());
    };
    Err(CommandError::Usage(format!(
        "cannot compare `{}` with `{}`: {problem}",
        sa.name, sb.name
    )))
}

/// What the table says when the files ask for other iterations or seeds than
/// the ones both runs used.
fn setting_notes(args: &CompareArgs, models: [&Model; 2], options: RunOptions) -> Vec<String> {
    let (a, b) = (&models[0].meta, &models[1].meta);
    let mut notes = Vec::new();
    if args.sampling.iterations.is_none() && a.iterations != b.iterations {
        notes.push(format!(
            "B's file asks for {} iterations; both ran A's {} (choose with -n).",
            export::format::grouped(b.iterations as f64),
            export::format::grouped(options.iterations as f64),
        ));
    }
    if args.sampling.seed.is_none() && a.seed != b.seed {
        notes.push(format!(
            "B's file has seed {}; both ran with A's seed {} (choose with --seed).",
            b.seed, options.seed
        ));
    }
    notes
}

fn side(source: &Source, model: &Model, label: String) -> Side {
    Side {
        file: source.name.clone(),
        label,
        sha256: source.sha256(),
        scenario: model.meta.name.clone(),
        baseline: model.models[0].id.clone(),
        iterations_in_file: model.meta.iterations,
        seed_in_file: model.meta.seed,
    }
}
