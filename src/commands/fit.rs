//! `opsim fit`: reads an incident or deployment export, fits the scenario
//! values (`crate::fit`), prints the report on standard error and the values
//! on standard output, and with `--out` writes the report, the values and the
//! chart, with `--apply` a copy of a scenario with the values in place. Every
//! check that can fail runs before anything is written.

use crate::export::width;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::CommandError;
use super::input::Source;
use super::job::emit;
use super::output::write_atomic;
use super::set;
use crate::cli::{FitArgs, FitFormat, FitKind};
use crate::export::OutputFile;
use crate::export::charts::{self, fit::FitChart};
use crate::export::manifest::SetInfo;
use crate::fit::estimate::four_figures;
use crate::fit::{self, Kind, Options, columns, fragment, goodness, report, time};
use crate::scenario::{self, overrides};

/// The model a time to restore goes to when nothing says otherwise.
const DEFAULT_MODEL: &str = "ops-run-it";

/// Most points of the chart's Q-Q plot.
const QQ_POINTS: usize = 300;

pub(crate) fn run(args: &FitArgs) -> Result<(), CommandError> {
    let kind = match args.kind {
        FitKind::Incidents => Kind::Incidents,
        FitKind::Deployments => Kind::Deployments,
    };
    let given = match &args.columns {
        Some(spec) => columns::parse_spec(kind, spec).map_err(CommandError::Usage)?,
        None => Vec::new(),
    };
    // --apply: the scenario read and checked, and the target refused if it
    // exists, before the (possibly long) read of the data.
    let apply = match &args.apply {
        Some(path) => Some(prepare_apply(path, args)?),
        None => None,
    };
    let model = match (&args.model, &apply) {
        (Some(m), _) => m.clone(),
        (None, Some(a)) => a.baseline.clone(),
        (None, None) => DEFAULT_MODEL.to_string(),
    };
    if let Some(a) = &apply
        && kind == Kind::Incidents
        && !a.models.contains(&model)
    {
        return Err(CommandError::Usage(format!(
            "--model {model}: `{}` has no such model; its models are {}",
            a.source.name,
            a.models.join(", ")
        )));
    }
    let file = File::open(&args.file)
        .map_err(|e| CommandError::Usage(format!("cannot read `{}`: {e}", args.file.display())))?;
    let shown_name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = Options {
        kind,
        columns: given,
        skip_bad_rows: args.skip_bad_rows,
        empirical: args.empirical,
        services: args.services,
        model,
    };
    let fitted = fit::fit(file, &shown_name, options).map_err(|e| {
        let mut e = e;
        e.file = args.file.display().to_string();
        CommandError::Usage(e.to_string())
    })?;
    let text = report::render(&fitted);
    let values = match args.format {
        FitFormat::Toml => fragment::toml(&fitted),
        FitFormat::Set => fragment::set_arguments(&fitted),
    };

    if let Some(dir) = &args.out {
        let mut files = vec![
            OutputFile::new("fit.txt", text.clone()),
            OutputFile::new("fit.toml", fragment::toml(&fitted)),
        ];
        if let Some(restore) = &fitted.restore {
            let f = &restore.lognormal;
            let chart = charts::render(&FitChart {
                subtitle: format!(
                    "{}: {} resolved incidents, {} to {}. Lognormal p5 {} h, p95 {} h; KS {:.3} (5% critical {:.3}){}",
                    fitted.data.file_name,
                    fragment::grouped(f.n as u64),
                    time::date(fitted.rate.first_seconds),
                    time::date(fitted.rate.last_seconds),
                    four_figures(f.p5),
                    four_figures(f.p95),
                    f.ks,
                    f.ks_critical,
                    if f.is_poor() { ": a poor fit" } else { "" }
                ),
                sorted_logs: &restore.sorted_logs,
                mu: f.mu,
                sigma: f.sigma,
                qq: goodness::qq_points(&restore.sorted_logs, f.mu, f.sigma, QQ_POINTS),
            })
            .map_err(CommandError::Internal)?;
            files.push(OutputFile::new("fit.svg", chart.svg));
            files.push(OutputFile::new("fit.png", chart.png));
        }
        let info = SetInfo {
            command: "fit",
            scenarios: vec![(args.file.display().to_string(), file_sha256(&args.file)?)],
            overrides: Vec::new(),
            seed: 0,
            iterations: 0,
        };
        let (_, notes) = set::write_set(dir, &files, &info)?;
        for note in notes {
            emit(&format!("note: {note}\n"), true);
        }
    }

    if !args.quiet {
        emit(&width::fit_lines(&text, width::columns()), true);
    }
    match apply {
        Some(a) => {
            let sets: Vec<scenario::Override> = fragment::values(&fitted)
                .iter()
                .map(|v| scenario::parse_override(&format!("{}={}", v.path, v.toml)))
                .collect::<Result<_, _>>()
                .map_err(CommandError::Internal)?;
            let edited = overrides::edited_text(&a.source.name, &a.source.text, &sets)?;
            write_atomic(&a.target, edited.as_bytes())?;
            let paths: Vec<String> = fragment::values(&fitted)
                .into_iter()
                .map(|v| v.path)
                .collect();
            let wrote = format!(
                "Wrote {}: {} with {} set from {}.\n",
                a.target.display(),
                a.source.name,
                paths.join(" and "),
                fitted.data.file_name
            );
            emit(&width::fit_lines(&wrote, width::columns()), false);
        }
        None => emit(&values, false),
    }
    Ok(())
}

/// A scenario to write the fitted values into.
struct Apply {
    source: Source,
    models: Vec<String>,
    baseline: String,
    target: PathBuf,
}

fn prepare_apply(path: &Path, args: &FitArgs) -> Result<Apply, CommandError> {
    let source = Source::read(Some(path))?;
    let model = source.load(&[])?;
    let target = match &args.output {
        Some(p) => p.clone(),
        None => {
            let stem = path
                .file_stem()
                .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
            path.with_file_name(format!("{stem}.fitted.toml"))
        }
    };
    if target.is_dir() {
        return Err(CommandError::Usage(format!(
            "--output `{}` is a folder: give a file name",
            target.display()
        )));
    }
    if target.exists() && !args.force {
        return Err(CommandError::Usage(format!(
            "`{}` already exists; nothing was written. Choose another name with --output, \
             or add --force to replace it",
            target.display()
        )));
    }
    Ok(Apply {
        baseline: model.models[0].id.clone(),
        models: model.models.iter().map(|m| m.id.clone()).collect(),
        source,
        target,
    })
}

/// SHA-256 of a data file, read in pieces, for the set's manifest.
fn file_sha256(path: &Path) -> Result<String, CommandError> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    File::open(path)
        .and_then(|mut f| std::io::copy(&mut f, &mut hasher))
        .map_err(|e| CommandError::Usage(format!("cannot read `{}`: {e}", path.display())))?;
    Ok(crate::export::manifest::hex(&hasher.finalize()))
}
