//! What the user gave a command: scenario files (or the built-in example),
//! read and loaded with their `--set` overrides, and the run options from the
//! command line, defaulting to the scenario's, checked.

use std::path::Path;

use super::CommandError;
use crate::cli::Sampling;
use crate::engine::RunOptions;
use crate::export::RunInfo;
use crate::export::manifest::{SetInfo, sha256_hex};
use crate::model::Model;
use crate::scenario::{
    self, EXAMPLE, EXAMPLE_NAME, overrides::Override, understand::MAX_ITERATIONS,
};

/// The largest scenario file opsim reads, in bytes (docs/limits.md): a
/// 5,000-service scenario with a thousand activities is well under 1 MiB, and
/// a file far past this is a mistake whose parse would take memory in
/// proportion.
pub(crate) const MAX_SCENARIO_BYTES: u64 = 10 * 1024 * 1024;

/// `--threads`: 0 (one per core) to this.
pub(crate) const MAX_THREADS: usize = 1024;

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
            Some(p) => check_size(p)
                .and_then(|()| std::fs::read_to_string(p))
                .map(|text| Source {
                    name: p.display().to_string(),
                    text,
                })
                .map_err(|e| {
                    let start = if e.kind() == std::io::ErrorKind::NotFound {
                        format!(
                            "\n  = help: to start a scenario there, run `opsim init {}`; \
                             `opsim run` with no file runs the built-in example",
                            p.display()
                        )
                    } else {
                        String::new()
                    };
                    CommandError::Usage(format!(
                        "cannot read scenario `{}`: {e}{start}",
                        p.display()
                    ))
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
        sha256_hex(self.text.as_bytes())
    }

    /// What produced a run of this source, for its outputs.
    /// What made a set of files from this one scenario, for its manifest.
    pub(crate) fn set_info(
        &self,
        command: &'static str,
        overrides: Vec<String>,
        seed: u64,
        iterations: u64,
    ) -> SetInfo {
        SetInfo {
            command,
            scenarios: vec![(self.name.clone(), self.sha256())],
            overrides,
            seed,
            iterations,
        }
    }

    pub(crate) fn run_info(&self, overrides: &[Override]) -> RunInfo {
        RunInfo {
            opsim_version: env!("CARGO_PKG_VERSION").into(),
            scenario_file: self.name.clone(),
            scenario_sha256: self.sha256(),
            overrides: overrides.iter().map(|o| o.argument.clone()).collect(),
        }
    }
}

/// Refuses a file above [`MAX_SCENARIO_BYTES`] before reading it.
fn check_size(path: &Path) -> std::io::Result<()> {
    let bytes = std::fs::metadata(path)?.len();
    if bytes > MAX_SCENARIO_BYTES {
        return Err(std::io::Error::other(format!(
            "it is {:.1} MiB, and opsim reads scenario files of at most {} MiB \
             (docs/limits.md): check that this is the scenario you meant",
            bytes as f64 / (1024.0 * 1024.0),
            MAX_SCENARIO_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
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
    if threads > MAX_THREADS {
        return Err(CommandError::Usage(format!(
            "--threads {threads} is out of range: use 0 (all cores) to {MAX_THREADS}"
        )));
    }
    Ok(RunOptions {
        iterations,
        seed: sampling.seed.unwrap_or(model.meta.seed),
        threads,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_size_limit_is_the_one_docs_limits_md_gives() {
        let doc = include_str!("../../docs/limits.md");
        let row = doc
            .lines()
            .find(|l| l.starts_with("| scenario file |"))
            .expect("docs/limits.md has a row for the scenario file");
        let mib: u64 = row
            .split('|')
            .nth(2)
            .unwrap()
            .trim()
            .trim_end_matches(" MiB")
            .parse()
            .unwrap();
        assert_eq!(mib * 1024 * 1024, MAX_SCENARIO_BYTES);
    }
}
