//! `opsim validate`: checks a scenario (with any `--set` overrides) and prints
//! what each uncertain input implies, without running it.

use super::CommandError;
use super::input::Source;
use super::job::emit;
use crate::analysis::correlations::{self, VALIDATE_DRAWS};
use crate::cli::ValidateArgs;
use crate::export;
use crate::export::width;
use crate::scenario::overrides;
use crate::scenario::provenance::{self, Provenance};

pub(crate) fn run(args: &ValidateArgs) -> Result<(), CommandError> {
    let source = Source::read(Some(&args.scenario))?;
    let model = source.load(&args.set)?;
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
    let set = overrides::describe(&source.name, &source.text, &args.set)?;
    let edited = overrides::edited_text(&source.name, &source.text, &args.set)?;
    let sourced = provenance_lines(&provenance::collect(&edited));
    let width = width::columns();
    let draws = VALIDATE_DRAWS;
    let achieved = correlations::achieved(&model, model.meta.seed, draws);
    let correlated = export::correlations::text(&achieved, draws);
    let sampling = format!(
        "\nSampling: {} (simulation.sampling or --sampling).\n",
        model.sampling.mode.as_str()
    );
    let text =
        header + &set + &export::inputs::render(&model, width) + &correlated + &sampling + &sourced;
    emit(&width::fit_lines(&text, width), false);
    Ok(())
}

/// The inputs that say where they came from: path, then confidence and
/// source indented below; empty when none does.
fn provenance_lines(found: &[Provenance]) -> String {
    if found.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nWhere inputs came from (source and confidence as written):\n");
    for p in found {
        out.push_str(&format!("  {}\n", p.path));
        let confidence = p.confidence.map_or("not given", |c| c.word());
        out.push_str(&format!("      confidence: {confidence}\n"));
        if let Some(source) = &p.source {
            out.push_str(&format!("      source: {source}\n"));
        }
    }
    out
}
