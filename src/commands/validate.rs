//! `opsim validate`: checks a scenario (with any `--set` overrides) and prints
//! what each uncertain input implies, without running it.

use super::CommandError;
use super::input::Source;
use super::job::emit;
use crate::cli::ValidateArgs;
use crate::export;
use crate::scenario::overrides;

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
    emit(&(header + &set + &export::inputs::render(&model)), false);
    Ok(())
}
