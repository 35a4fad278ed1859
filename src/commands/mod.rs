//! The commands, on top of the library: each reads what the user gave
//! ([`input`]), goes through the one pipeline ([`job`]: outputs checked and
//! locked before the run, progress, signals, the exporters, the atomic writer
//! in [`output`]) and prints. Every user mistake becomes a [`CommandError`]
//! with exit code 2, rendered once by the binary; nothing is written then.

mod compare;
mod error;
mod fit;
mod init;
mod input;
mod job;
#[cfg(test)]
mod limits_doc;
mod merge;
mod no_effect;
mod output;
mod partial;
mod run;
mod samples;
mod schema;
mod serve;
mod set;
mod signals;
mod sweep;
mod terminal;
mod validate;
mod verify;

pub use error::CommandError;
pub use output::OutputError;

use crate::cli::{Cli, Command};
use crate::export::OutputFile;

/// Runs a parsed command line.
pub fn execute(cli: Cli) -> Result<(), CommandError> {
    match cli.command {
        Command::Run(mut args) => {
            args.sampling.add_override(&mut args.set);
            run::run(&args)
        }
        Command::Merge(args) => merge::run(&args),
        Command::Sweep(mut args) => {
            args.sampling.add_override(&mut args.set);
            sweep::run(&args)
        }
        Command::Validate(args) => validate::run(&args),
        Command::Compare(mut args) => {
            args.sampling.add_override(&mut args.set);
            compare::run(&args)
        }
        Command::Init(args) => init::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Fit(args) => fit::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Schema => {
            schema::run();
            Ok(())
        }
    }
}

/// Prints why a command failed on standard error, made safe for a terminal;
/// a closed standard error is not a panic.
pub fn print_error(error: &CommandError) {
    terminal::print(&format!("{error}\n"), true);
}

/// The names of files written, as a person lists them: "a, b and c".
/// "Wrote A, B and C to DIR", wrapped to `width` columns: the line every
/// command that writes a set ends with.
fn wrote(listed: &str, out: &std::path::Path, width: usize) -> String {
    crate::export::width::fit_lines(&format!("\nWrote {listed} to {}\n", out.display()), width)
}

fn listed(files: &[OutputFile]) -> String {
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
