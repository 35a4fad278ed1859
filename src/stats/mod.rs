//! Statistics: mergeable moments and quantile sketches, the per-worker
//! accumulator, and the run summary that every exporter reads.

pub mod accumulator;
pub mod counts;
pub mod moments;
pub mod sketch;
pub mod summary;
