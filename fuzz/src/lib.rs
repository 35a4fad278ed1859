//! Shared code of the fuzz targets: what is done with a scenario text
//! (`exercise`, also compiled into the main crate's `tests/fuzz_regressions.rs`)
//! and the structure-aware target's edits (`structured`).

pub mod exercise;
pub mod structured;

pub use exercise::exercise;
