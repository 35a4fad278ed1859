//! What the user gave a command: scenario files (or the built-in example),
//! read and loaded with their `--set` overrides, and the run options from the
//! command line, defaulting to the scenario's, checked.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::CommandError;
use crate::cli::Sampling;
use crate::engine::RunOptions;
use crate::export::RunInfo;
use crate::model::Model;
use crate::scenario::{
    self, EXAMPLE, EXAMPLE_NAME, overrides::Override, understand::MAX_ITERATIONS,
};

/// A scenario's text and the name to show for it.
pub(crate) struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    /// Reads a scenario file, or the built-in example when `path` is None.
    pub(crate) fn read(path: Option<&Path>) -> Result<Source, CommandError> {
        match path {
            None => Ok(Source {
                name: EXAMPLE_NAME.into(),
                text: EXAMPLE.into(),
            }),
            Some(p) => std::fs::read_to_string(p)
                .map(|text| Source {
                    name: p.display().to_string(),
                    text,
                })
                .map_err(|e| {
                    CommandError::Usage(format!("cannot read scenario `{}`: {e}", p.display()))
                }),
        }
    }

    /// Parses and compiles the scenario with `--set` overrides applied.
    pub(crate) fn load(&self, overrides: &[Override]) -> Result<Model, CommandError> {
        Ok(scenario::load_with_overrides(
            &self.name, &self.text, overrides,
        )?)
    }

    /// Lower-case hex SHA-256 of the text as written (before any overrides).
    pub(crate) fn sha256(&self) -> String {
        Sha256::digest(self.text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// What produced a run of this source, for its outputs.
    pub(crate) fn run_info(&self, overrides: &[Override]) -> RunInfo {
        RunInfo {
            opsim_version: env!("CARGO_PKG_VERSION").into(),
            scenario_file: self.name.clone(),
            scenario_sha256: self.sha256(),
            overrides: overrides.iter().map(|o| o.argument.clone()).collect(),
        }
    }
}

/// Run options from the command line, defaulting to the scenario's, checked.
pub(crate) fn options_for(model: &Model, sampling: &Sampling) -> Result<RunOptions, CommandError> {
    let iterations = sampling.iterations.unwrap_or(model.meta.iterations);
    let threads = sampling.threads;
    if iterations == 0 || iterations > MAX_ITERATIONS as u64 {
        return Err(CommandError::Usage(format!(
            "--iterations {iterations} is out of range: use 1 to {MAX_ITERATIONS} \
             (a billion iterations already takes hours; standard errors shrink only with the square root)"
        )));
    }
    if threads > 1024 {
        return Err(CommandError::Usage(format!(
            "--threads {threads} is out of range: use 0 (all cores) to 1024"
        )));
    }
    Ok(RunOptions {
        iterations,
        seed: sampling.seed.unwrap_or(model.meta.seed),
        threads,
    })
}
