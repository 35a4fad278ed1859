//! `opsim init`: writes the commented starter scenario (`scenarios/starter.toml`,
//! built into the binary) to a new file, never over an existing one unless asked,
//! and says what to do next.

use std::path::Path;

use super::CommandError;
use super::job::emit;
use super::output::write_atomic;
use crate::cli::InitArgs;
use crate::scenario::STARTER;

pub(crate) fn run(args: &InitArgs) -> Result<(), CommandError> {
    let next = write_starter(&args.path, args.force).map_err(CommandError::Usage)?;
    emit(&next, false);
    Ok(())
}

/// Writes the starter scenario to `path` (atomically: a temporary file, then a
/// rename) and returns what to tell the user. Refuses an existing file unless
/// `force`, and a folder always.
fn write_starter(path: &Path, force: bool) -> Result<String, String> {
    if path.is_dir() {
        return Err(format!(
            "`{}` is a folder: give a file name, e.g. opsim init {}",
            path.display(),
            path.join(crate::cli::DEFAULT_SCENARIO_PATH).display()
        ));
    }
    if path.exists() && !force {
        return Err(format!(
            "`{}` already exists; nothing was written. Choose another name, or add --force to replace it",
            path.display()
        ));
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|f| !f.is_dir()) {
        return Err(format!(
            "cannot write `{}`: folder `{}` does not exist",
            path.display(),
            folder.display()
        ));
    }
    write_atomic(path, STARTER.as_bytes()).map_err(|e| e.to_string())?;
    Ok(next_steps(path))
}

/// What to do after `opsim init`.
fn next_steps(path: &Path) -> String {
    let file = path.display();
    format!(
        "Wrote a starter scenario to {file}.\n\
         \n\
         Next:\n\
         \x20 1. edit {file}: each section says what it holds (docs/scenario.md has every field)\n\
         \x20 2. opsim validate {file}      check it and see what each uncertain input implies\n\
         \x20 3. opsim run {file}           simulate, and write the summary, CSV files, charts and report\n\
         \n\
         Try a change without editing the file: opsim run {file} --set ybiyri.on_call.standby_pay_per_week=300\n"
    )
}
