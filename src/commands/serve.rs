//! `opsim serve`: reads the scenario (or the built-in example) once, checks it
//! and the arguments, and serves the workshop page ([`crate::serve`]) until
//! Ctrl-C or SIGTERM. It prints the page's address on standard output; a
//! non-loopback address is warned about on standard error.

use std::io::Write;
use std::net::SocketAddr;

use super::CommandError;
use super::input::Source;
use super::signals::StopOnSignal;
use crate::cli::ServeArgs;
use crate::serve::{self, Config, MAX_ITERATIONS, Served};

pub(crate) fn run(args: &ServeArgs) -> Result<(), CommandError> {
    let source = Source::read(args.scenario.as_deref())?;
    let model = source.load(&[])?;
    if args.iterations == 0 || args.iterations > MAX_ITERATIONS {
        return Err(CommandError::Usage(format!(
            "--iterations {} is out of range: use 1 to {MAX_ITERATIONS} (the page must answer within a moment; \"refine\" runs four times as many)",
            args.iterations
        )));
    }
    if args.threads > super::input::MAX_THREADS {
        return Err(CommandError::Usage(format!(
            "--threads {} is out of range: use 0 (all cores) to {}",
            args.threads,
            super::input::MAX_THREADS
        )));
    }
    if !args.address.is_loopback() {
        super::terminal::print(
            &format!(
                "warning: serving on {}: anyone who can reach this machine on port {} can use the page and run simulations on it. \
                 Leave out --address to serve this machine only (127.0.0.1).\n",
                args.address, args.port
            ),
            true,
        );
    }
    let config = Config {
        address: SocketAddr::new(args.address, args.port),
        iterations: args.iterations,
        seed: args.seed.unwrap_or(model.meta.seed),
        threads: args.threads,
    };
    let signals = StopOnSignal::install().map_err(CommandError::Internal)?;
    let served = Served {
        name: source.name.clone(),
        text: source.text.clone(),
        model,
    };
    let ready = |address: SocketAddr| {
        let shown = if address.ip().is_unspecified() {
            format!("http://127.0.0.1:{}/", address.port())
        } else {
            format!("http://{address}/")
        };
        let mut out = std::io::stdout().lock();
        // The address is the one line scripts read: flushed at once.
        let _ = writeln!(
            out,
            "opsim serve: {shown} ({}, {} iterations a run); Ctrl-C stops",
            crate::export::format::visible(&source.name),
            args.iterations
        );
        let _ = out.flush();
    };
    serve::serve(served, config, signals.flag(), &ready)
        .map_err(|e| CommandError::Usage(e.to_string()))?;
    Ok(())
}
