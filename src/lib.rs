//! opsim: a Monte Carlo simulator of what moving from Ops Run It to You Build It
//! You Run It really costs and how long it really takes.
//!
//! Data flow, one module per stage (docs/architecture.md has the whole map):
//!
//! ```text
//! scenario file ──scenario (written ─▶ understood)──▶ model::Model (checked, flat, indexed)
//!               ──engine::run──▶ engine::RunOutput { summary, kept }
//!               ──analysis──▶ analysis::Results { summary, analysis }
//!               ──export::Exporter──▶ summary.json, CSV files, charts (SVG + PNG),
//!                                     report.html, terminal tables
//! two files ──analysis::compare──▶ Comparison ──export──▶ compare.csv, compare.json
//! ```
//!
//! `sample` (distributions, samplers, random streams) and `stats` (moments,
//! sketches) are leaves under everything; `commands` sits on top and is the only
//! module that touches the file system. One iteration (`engine::iteration`) is a
//! pure function of the model, the iteration's seed and scratch space; the driver
//! (`engine::run`) splits the work into fixed chunks and merges per-chunk
//! statistics in chunk order, so results are bit-identical for any number of
//! threads.

#![warn(unreachable_pub, missing_docs)]

pub mod analysis;
#[cfg(test)]
mod build_identity;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod export;
pub(crate) mod fit;
pub mod model;
pub mod sample;
pub mod scenario;
pub mod serve;
pub mod stats;
pub mod sweep;
