//! The statistics of one quantity over all iterations, as every exporter reads
//! them: mean and its standard error, spread, the quantiles MODEL.md asks for and
//! a histogram ([`Stat`]); the P10/P50/P90 band of a monthly figure ([`Band`]).
//! Both are read off mergeable [`Moments`] and a quantile [`Sketch`].

use super::moments::Moments;
use super::sketch::Sketch;

/// Bins in each reported histogram.
pub const HISTOGRAM_BINS: usize = 20;

/// The statistics of one quantity over all iterations.
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub mean: f64,
    /// Monte Carlo standard error of the mean.
    pub se: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
    pub p5: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
    pub histogram: Histogram,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub lower: f64,
    pub bin_width: f64,
    pub counts: Vec<u64>,
}

impl Stat {
    pub fn new(moments: &Moments, sketch: &Sketch) -> Stat {
        let (lower, bin_width, counts) = sketch.histogram(HISTOGRAM_BINS);
        Stat {
            mean: moments.mean,
            se: moments.se(),
            sd: moments.sd(),
            min: sketch.min(),
            max: sketch.max(),
            p5: sketch.quantile(0.05),
            p10: sketch.quantile(0.10),
            p50: sketch.quantile(0.50),
            p90: sketch.quantile(0.90),
            p95: sketch.quantile(0.95),
            histogram: Histogram {
                lower,
                bin_width,
                counts,
            },
        }
    }
}

/// P10 / P50 / P90 and mean of a monthly figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

impl Band {
    pub fn new(moments: &Moments, sketch: &Sketch) -> Band {
        Band {
            mean: moments.mean,
            p10: sketch.quantile(0.10),
            p50: sketch.quantile(0.50),
            p90: sketch.quantile(0.90),
        }
    }
}
