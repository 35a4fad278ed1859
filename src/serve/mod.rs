//! `opsim serve`: a local web page on which a workshop moves a scenario's
//! assumptions and sees the answer change. The server holds one scenario (read
//! once, never written); each change the page asks for is a list of `--set`
//! overrides, checked exactly as `opsim run --set` checks them ([`settings`]),
//! and rerun on the same seed and iteration count (common random numbers), so
//! the change on screen is the effect of the question, not noise. What the page
//! shows for a run is computed in [`figures`]; its controls in [`controls`];
//! the page, its script and styles are embedded in the binary ([`page`]); the
//! HTTP side ([`http`]) bounds request size, rate and concurrency, answers a
//! malformed request with a 4xx and carries on, and lets a newer request from
//! the same page supersede an older one ([`limits`]). docs/serve.md is the
//! contract.

pub(crate) mod controls;
pub(crate) mod figures;
mod http;
mod limits;
mod page;
pub(crate) mod settings;

use std::net::SocketAddr;
use std::sync::atomic::AtomicBool;

use crate::analysis::{self, OutputSensitivity};
use crate::engine::PoolError;
use crate::model::Model;
use settings::ServicesShape;

pub use http::ServeError;

/// Iterations a page's run uses unless told otherwise: on 2 cores, bench-40 and
/// the example answer in well under 200 ms from input to redraw
/// (docs/performance.md).
pub const DEFAULT_ITERATIONS: u64 = 4096;

/// Most iterations one request may ask for ("refine" multiplies by 4 up to it).
pub const MAX_ITERATIONS: u64 = 262_144;

/// What the server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (loopback unless the user asked otherwise).
    pub address: SocketAddr,
    /// Iterations of a page's run.
    pub iterations: u64,
    /// Seed of every run.
    pub seed: u64,
    /// Worker threads of each run (0: one per core).
    pub threads: usize,
}

/// The scenario the server serves, as read and as understood.
pub struct Served {
    /// Name shown for the file (its path, or the built-in example's name).
    pub name: String,
    /// The file's text, as read once at start.
    pub text: String,
    /// The scenario compiled without overrides.
    pub model: Model,
}

/// What the server knows about its scenario: built once at start.
pub(crate) struct State {
    pub served: Served,
    pub config: Config,
    pub shape: ServicesShape,
    /// The controls and the scenario's facts, as the page asks for them (JSON text).
    pub controls_json: String,
}

impl State {
    /// Analyses the scenario once (which inputs drive the answer) and builds the
    /// page's controls.
    pub(crate) fn new(
        served: Served,
        config: Config,
        stop: &AtomicBool,
    ) -> Result<State, PoolError> {
        let analysis = analyse(&served.model, &config, stop)?;
        let shape = ServicesShape::of(&served.text, &served.model);
        let mut controls = controls::controls(&served.model, &served.text, analysis.as_deref());
        let model = &served.model;
        controls["scenario"] = model.meta.name.clone().into();
        controls["file"] = served.name.clone().into();
        controls["currency"] = model.meta.currency.clone().into();
        controls["iterations"] = config.iterations.into();
        controls["max_iterations"] = MAX_ITERATIONS.into();
        controls["seed"] = config.seed.into();
        Ok(State {
            controls_json: controls.to_string(),
            shape,
            served,
            config,
        })
    }
}

/// The sensitivity of the scenario as written, on the run's seed and the
/// analysis's iterations: the same ranking the report's drivers have.
fn analyse(
    model: &Model,
    config: &Config,
    stop: &AtomicBool,
) -> Result<Option<Vec<OutputSensitivity>>, PoolError> {
    analysis::sensitivity_only(
        model,
        config.seed,
        analysis::SAMPLE_ITERATIONS,
        config.threads,
        stop,
    )
}

/// Serves the page until `stop` is set: binds, then answers requests.
pub fn serve(
    served: Served,
    config: Config,
    stop: &AtomicBool,
    on_ready: &dyn Fn(SocketAddr),
) -> Result<(), ServeError> {
    let listener = http::Listener::bind(config.address)?;
    let state = State::new(served, config, stop).map_err(|e| ServeError::Start(e.to_string()))?;
    on_ready(listener.address());
    listener.run(&state, stop);
    Ok(())
}
