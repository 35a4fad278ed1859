//! Sampling: the distributions of docs/scenario.md behind one validating constructor
//! ([`dist::Dist::new`]), the random streams keyed by work ([`rng`]), and the
//! exact, bit-reproducible samplers the engine's hot path draws from (`exp`,
//! `normal`, `poisson`, `lognormal`, the four Xoshiro256++ generators of their
//! lanes in `lanes`, and the special functions behind exact quantiles), each
//! vector kernel written once over the lane types of `simd`, the one module that
//! touches CPU intrinsics and chooses the build for the CPU. This is the lowest
//! layer: it knows nothing of scenario files, models or runs.

pub mod copula;
pub mod dist;
pub(crate) mod exp;
pub mod inverse;
pub(crate) mod lanes;
pub mod lognormal;
pub mod normal;
pub mod points;
pub mod poisson;
pub mod rng;
pub(crate) mod simd;
pub mod special;
