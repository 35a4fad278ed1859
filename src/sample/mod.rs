//! Sampling: the distributions of MODEL.md behind one validating constructor
//! ([`dist::Dist::new`]), the random streams keyed by work ([`rng`]), and the
//! exact, bit-reproducible samplers the engine's hot path draws from (`exp`,
//! `normal`, `poisson`, `lognormal`, their four-lane builds in `lanes`, and the
//! special functions behind exact quantiles). This is the lowest layer: it knows
//! nothing of scenario files, models or runs.

pub mod dist;
pub mod exp;
pub mod lanes;
pub mod lognormal;
pub mod normal;
pub mod poisson;
pub mod rng;
pub mod special;
