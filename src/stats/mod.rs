//! Statistics, a leaf: mergeable moments, quantile sketches, counts, and the
//! [`stat::Stat`] and [`stat::Band`] read off them. It knows nothing of models,
//! runs or records; the engine feeds it plain columns of numbers. `wire` writes
//! moments and sketches in a compact binary form and reads them back exactly,
//! for runs split into shards.

pub(crate) mod counts;
pub(crate) mod moments;
pub(crate) mod sketch;
pub mod stat;
pub(crate) mod wire;
