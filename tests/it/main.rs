//! opsim's integration tests, compiled as one test binary (`cargo test --test it`):
//! one module per area, so `cargo test` builds and links a single executable
//! instead of one per file. Run one area with a filter on its module path, e.g.
//! `cargo test --test it properties::`. The fuzz-regression replay
//! (`tests/fuzz_regressions.rs`) stays a binary of its own because it checks the
//! peak memory of its whole process.

mod common;

mod analysis;
mod architecture;
mod broken_scenarios;
mod charts;
mod cli;
mod compare;
mod decision;
mod distributions;
mod engine;
mod first_steps;
mod fit;
mod init;
mod injection;
mod json_contract;
mod output_set;
mod overrides;
mod plain_words;
mod properties;
mod report;
mod robustness;
mod sampling;
mod schema;
mod serve;
mod shard;
mod sweep;
mod width;
mod words;
mod workbook;
