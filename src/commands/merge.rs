//! `opsim merge`: the partial results of every shard of a run
//! (`opsim run --shard K/N`) into exactly the files the single run writes, or
//! of a sweep (`opsim sweep --shard K/N`) into the sweep's files.
//! Every partial is read and checked, and the set checked to belong together
//! (one scenario, seed, iteration count, opsim version and kind of run; every
//! shard once), before anything is written; then the shards are merged in
//! chunk order ([`crate::engine::shard::merge`]) and handed to the same
//! [`super::run::write_run`] a whole run ends with.

use std::collections::BTreeMap;

use super::CommandError;
use super::input::{MAX_THREADS, Source};
use super::job::{Job, check_finite};
use super::partial::{Kind, Partial, scenario_hash};
use super::run::{Written, write_run};
use super::sweep as sweep_command;
use crate::analysis;
use crate::cli::MergeArgs;
use crate::engine::RunOptions;
use crate::engine::shard;
use crate::scenario::overrides::{Override, parse_override};
use crate::sweep::{self, grid::parse_vary};

pub(crate) fn run(args: &MergeArgs) -> Result<(), CommandError> {
    if args.threads > MAX_THREADS {
        return Err(CommandError::Usage(format!(
            "--threads {} is out of range: use 0 (all cores) to {MAX_THREADS}",
            args.threads
        )));
    }
    let partials = args
        .partials
        .iter()
        .map(|p| Partial::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    check_together(&partials)?;
    if partials[0].kind == Kind::Sweep {
        return merge_sweep(args, &partials);
    }
    let meta = &partials[0].meta;
    let overrides = meta
        .overrides
        .iter()
        .map(|o| parse_override(o))
        .collect::<Result<Vec<Override>, String>>()
        .map_err(|e| {
            CommandError::Usage(format!("partial `{}`: its --set {e}", partials[0].path))
        })?;
    let source = Source {
        name: meta.scenario_name.clone(),
        text: meta.scenario_text.clone(),
    };
    let model = source.load(&overrides)?;
    let options = RunOptions {
        iterations: meta.iterations,
        seed: meta.seed,
        threads: args.threads,
    };
    let shards = partials
        .iter()
        .map(|p| p.statistics(&model))
        .collect::<Result<Vec<_>, _>>()?;
    let keep = (!meta.summary_only).then(|| analysis::keep(&model));
    let output = shard::merge(&model, options, shards, keep)
        .map_err(|e| CommandError::Usage(format!("the partials do not make one run: {e}")))?;
    check_finite(&output.summary)?;
    let job = Job::start(&args.out, args.json.as_deref(), crate::export::SUMMARY_JSON)?;
    let written = Written {
        info: source.run_info(&overrides),
        threads: args.threads,
        summary_only: meta.summary_only,
        quiet: args.quiet,
        chart_footnote: true,
    };
    write_run(job, &model, output, &written)
}

/// The `--set` overrides of a partial, parsed again.
fn overrides(partial: &Partial) -> Result<Vec<Override>, CommandError> {
    partial
        .meta
        .overrides
        .iter()
        .map(|o| parse_override(o))
        .collect::<Result<Vec<Override>, String>>()
        .map_err(|e| CommandError::Usage(format!("partial `{}`: its --set {e}", partial.path)))
}

/// Rebuilds a sweep from every shard's points, checked against the grid the
/// partials' scenario and `--vary` give, and writes it as `opsim sweep` does.
fn merge_sweep(args: &MergeArgs, partials: &[Partial]) -> Result<(), CommandError> {
    if args.json.is_some() {
        return Err(CommandError::Usage(
            "a sweep has no JSON summary: leave out --json".into(),
        ));
    }
    let first = &partials[0];
    let meta = &first.meta;
    let overrides = overrides(first)?;
    let varies = meta
        .varies
        .iter()
        .map(|v| parse_vary(v))
        .collect::<Result<Vec<_>, String>>()
        .map_err(|e| CommandError::Usage(format!("partial `{}`: its --vary {e}", first.path)))?;
    let source = Source {
        name: meta.scenario_name.clone(),
        text: meta.scenario_text.clone(),
    };
    let (models, paths) = sweep_command::compile(&source, &overrides, &varies)?;
    let mut ordered: Vec<&Partial> = partials.iter().collect();
    ordered.sort_by_key(|p| p.meta.shard.index);
    let mut points = Vec::with_capacity(models.len());
    for p in ordered {
        let range = sweep_command::points_of(p.meta.shard, models.len() as u64);
        let found = p.points()?;
        let fits = found.len() == range.len()
            && found
                .iter()
                .zip(&models[range.clone()])
                .all(|((values, _), (expected, _))| values == expected);
        if !fits {
            return Err(CommandError::Usage(format!(
                "partial `{}`: its points are not points {} to {} of the sweep's grid; run its shard again",
                p.path, range.start, range.end
            )));
        }
        points.extend(found);
    }
    let first_model = &models[0].1;
    let options = RunOptions {
        iterations: meta.iterations,
        seed: meta.seed,
        threads: args.threads,
    };
    let swept = sweep::assemble(Some(first_model), options, paths, points);
    let job = Job::start(&args.out, None, "sweep.csv")?;
    let info = source.set_info("sweep", meta.overrides.clone(), meta.seed, meta.iterations);
    sweep_command::write_sweep(job, &swept, args.quiet, &info)
}

/// Refuses partials that are not every shard of one run, once each, naming
/// the files that differ and what to do.
fn check_together(partials: &[Partial]) -> Result<(), CommandError> {
    let first = &partials[0];
    let ours = env!("CARGO_PKG_VERSION");
    for p in partials {
        let m = &p.meta;
        if m.opsim_version != ours {
            return Err(CommandError::Usage(format!(
                "partial `{}` was made by opsim {}, and this is opsim {ours}: merge with the opsim that ran the shards, or run every shard again with this one",
                p.path, m.opsim_version
            )));
        }
        if scenario_hash(&m.scenario_text, &m.overrides, &m.varies) != m.scenario_hash {
            return Err(CommandError::Usage(format!(
                "partial `{}`: its scenario does not match its own hash; run its shard again",
                p.path
            )));
        }
    }
    let differ = |what: &str, a: String, b: String, p: &Partial| {
        CommandError::Usage(format!(
            "partials `{}` and `{}` are not shards of one run: {what} {a} and {b}. Merge only the partials of one run (one scenario, --set, seed, --iterations, --summary-only and shard count)",
            first.path, p.path
        ))
    };
    for p in &partials[1..] {
        let (a, b) = (&first.meta, &p.meta);
        if first.kind != p.kind {
            let kind = |k: Kind| match k {
                Kind::Run => "a run's (`opsim run --shard`)",
                Kind::Sweep => "a sweep's (`opsim sweep --shard`)",
            };
            return Err(differ(
                "one holds",
                kind(first.kind).into(),
                format!("the other {}", kind(p.kind)),
                p,
            ));
        }
        if a.scenario_hash != b.scenario_hash {
            let short = |h: &str| h.chars().take(12).collect::<String>();
            return Err(differ(
                "they ran different scenarios (text, --set and --vary), hashes",
                short(&a.scenario_hash),
                short(&b.scenario_hash),
                p,
            ));
        }
        if a.scenario_name != b.scenario_name {
            return Err(differ(
                "the same scenario named differently on the command line, as",
                format!("`{}`", a.scenario_name),
                format!(
                    "`{}`: run every shard with the same path, which the merged files name",
                    b.scenario_name
                ),
                p,
            ));
        }
        if a.seed != b.seed {
            return Err(differ("seeds", a.seed.to_string(), b.seed.to_string(), p));
        }
        if a.iterations != b.iterations {
            return Err(differ(
                "runs of iterations",
                a.iterations.to_string(),
                b.iterations.to_string(),
                p,
            ));
        }
        if a.shard.count != b.shard.count {
            return Err(differ(
                "splits into shards",
                a.shard.count.to_string(),
                b.shard.count.to_string(),
                p,
            ));
        }
        if a.summary_only != b.summary_only {
            let kind = |s: bool| {
                if s {
                    "--summary-only"
                } else {
                    "full (with the analysis)"
                }
            };
            return Err(differ(
                "kinds of run,",
                kind(a.summary_only).into(),
                kind(b.summary_only).into(),
                p,
            ));
        }
    }
    let count = first.meta.shard.count;
    let mut seen: BTreeMap<u64, &str> = BTreeMap::new();
    for p in partials {
        if let Some(other) = seen.insert(p.meta.shard.index, &p.path) {
            return Err(CommandError::Usage(format!(
                "shard {} of {count} is given twice: `{other}` and `{}`; give each shard's partial once",
                p.meta.shard.index, p.path
            )));
        }
    }
    let missing: Vec<String> = (0..count)
        .filter(|k| !seen.contains_key(k))
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        let shown = if missing.len() > 20 {
            format!(
                "{} and {} more",
                missing[..20].join(", "),
                missing.len() - 20
            )
        } else {
            missing.join(", ")
        };
        return Err(CommandError::Usage(format!(
            "{} of {count} shards missing (numbered from 0): {shown}; run them (`opsim run ... --shard K/{count}`) and give every shard's partial",
            missing.len()
        )));
    }
    Ok(())
}
