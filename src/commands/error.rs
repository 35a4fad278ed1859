//! Why a command failed, rendered once, by the binary: the scenario's own
//! problems (with file:line:col), the user's other mistakes, opsim's faults,
//! and a stop by signal. Each kind has its exit code.

use std::path::Path;
use std::process::ExitCode;

use thiserror::Error;

use super::output::OutputError;
use super::signals::StopOnSignal;
use crate::engine::PoolError;
use crate::export::ExportError;
use crate::scenario::error::ScenarioError;

/// Why a command failed.
#[derive(Debug, Error)]
pub enum CommandError {
    /// The scenario file has problems (rendered with file:line:col).
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// Any other mistake in what the user asked for: a missing file, a bad argument,
    /// an output path that cannot be written.
    #[error("error: {0}")]
    Usage(String),
    /// An output folder or file that cannot be opened or written.
    #[error("error: {0}")]
    Output(#[from] OutputError),
    /// An output folder differs from its manifest (each difference listed).
    #[error("{0}")]
    NotVerified(String),
    /// A fault of opsim itself.
    #[error("internal error: {0}")]
    Internal(String),
    /// An output could not be rendered.
    #[error("internal error: {0}")]
    Export(#[from] ExportError),
    /// The machine would not start the run's worker threads.
    #[error("internal error: {0}")]
    Pool(#[from] PoolError),
    /// SIGINT or SIGTERM stopped the run before anything was written.
    #[error(
        "interrupted by {signal}: the run stopped before its files were complete; nothing was written and `{output}` holds the previous set as it was"
    )]
    Interrupted {
        /// `SIGINT` or `SIGTERM`.
        signal: &'static str,
        /// 128 + the signal's number (130 or 143).
        exit_code: u8,
        /// The output folder, left as it was.
        output: String,
    },
    /// SIGINT or SIGTERM came as the new set was landing or after: the new
    /// files are complete and in place.
    #[error(
        "interrupted by {signal} as the run finished: its files were already complete, and `{output}` holds the new set whole"
    )]
    InterruptedAfterLanding {
        /// `SIGINT` or `SIGTERM`.
        signal: &'static str,
        /// 128 + the signal's number (130 or 143).
        exit_code: u8,
        /// The output folder, holding the new set.
        output: String,
    },
}

impl CommandError {
    /// The error for a run a signal stopped; `output` is the untouched folder.
    pub(crate) fn interrupted(stop: &StopOnSignal, output: &Path) -> CommandError {
        let (signal, exit_code) = stop.received();
        CommandError::Interrupted {
            signal,
            exit_code,
            output: output.display().to_string(),
        }
    }

    /// 2 for the user's mistakes, 1 for opsim's (and for a folder that
    /// differs from its manifest), 128 + the signal's number
    /// for a stop by signal.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CommandError::Scenario(_) | CommandError::Usage(_) | CommandError::Output(_) => {
                ExitCode::from(2)
            }
            CommandError::Internal(_)
            | CommandError::Export(_)
            | CommandError::Pool(_)
            | CommandError::NotVerified(_) => ExitCode::from(1),
            CommandError::Interrupted { exit_code, .. }
            | CommandError::InterruptedAfterLanding { exit_code, .. } => ExitCode::from(*exit_code),
        }
    }
}
