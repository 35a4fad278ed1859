//! The `opsim` binary: parse arguments, run the command, report the error.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match opsim::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match opsim::commands::execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            opsim::commands::print_error(&e);
            e.exit_code()
        }
    }
}
