//! Ctrl-C and SIGTERM during a run: the first signal sets a flag that the engine
//! checks between chunks, so the run stops within one chunk and nothing is
//! written; a second signal of the same kind ends the process at once. Exit
//! codes follow the shell convention, 128 + signal number (130, 143).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;

/// Flags raised by SIGINT and SIGTERM.
pub(crate) struct StopOnSignal {
    any: Arc<AtomicBool>,
    terminate: Arc<AtomicBool>,
}

impl StopOnSignal {
    /// Installs the handlers for the rest of the process.
    pub(crate) fn install() -> Result<StopOnSignal, String> {
        let any = Arc::new(AtomicBool::new(false));
        let terminate = Arc::new(AtomicBool::new(false));
        let fail = |e: std::io::Error| format!("cannot install signal handlers: {e}");
        for (signal, code) in [(SIGINT, 130), (SIGTERM, 143)] {
            // Registered first: exits only if the flag is already set (second signal).
            flag::register_conditional_shutdown(signal, code, Arc::clone(&any)).map_err(fail)?;
            flag::register(signal, Arc::clone(&any)).map_err(fail)?;
        }
        flag::register(SIGTERM, Arc::clone(&terminate)).map_err(fail)?;
        Ok(StopOnSignal { any, terminate })
    }

    /// The flag the engine polls.
    pub(crate) fn flag(&self) -> &AtomicBool {
        &self.any
    }

    /// Which signal arrived, and the exit code that reports it.
    pub(crate) fn received(&self) -> (&'static str, u8) {
        if self.terminate.load(Ordering::Relaxed) {
            ("SIGTERM", 143)
        } else {
            ("SIGINT", 130)
        }
    }
}
