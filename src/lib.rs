//! opsim: a Monte Carlo simulator of what moving from Ops Run It to You Build It
//! You Run It really costs and how long it really takes.
//!
//! Data flow, one module per stage:
//!
//! ```text
//! scenario file ──scenario::parse──▶ written (serde, spans)
//!               ──scenario::understand──▶ model::Model (checked, flat, indexed)
//!               ──engine::run──▶ stats::Summary (merged accumulators)
//!               ──export::*──▶ terminal table, summary.json, CSV files,
//!                              charts (SVG + PNG), report.html (+ the Model's inputs)
//! two files ──compare (two runs, one seed)──▶ compare::Comparison
//!           ──export::compare_*──▶ side-by-side table, compare.csv, compare.json
//! ```
//!
//! One iteration (`engine::iteration`) is a pure function of the model, the
//! iteration's seed and scratch space; the driver (`engine::run`) splits the work
//! into fixed chunks and merges per-chunk statistics in chunk order, so results
//! are bit-identical for any number of threads.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod compare;
pub mod engine;
pub mod export;
pub mod init;
pub mod model;
pub mod sample;
pub mod scenario;
pub mod signals;
pub mod stats;
pub mod sweep;
