//! The statistics of one quantity over all iterations, as every exporter reads
//! them: mean and its standard error, spread, the quantiles docs/output.md reports and
//! a histogram ([`Stat`]); the P10/P50/P90 band of a monthly figure ([`Band`]).
//! Both are read off mergeable [`Moments`] and a quantile [`Sketch`].

use super::moments::Moments;
use super::sketch::Sketch;

/// Bins in each reported histogram.
pub const HISTOGRAM_BINS: usize = 20;

/// The statistics of one quantity over all iterations.
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    /// Mean over all iterations.
    pub mean: f64,
    /// Monte Carlo standard error of the mean.
    pub se: f64,
    /// Sample standard deviation (n - 1).
    pub sd: f64,
    /// Exact minimum.
    pub min: f64,
    /// Exact maximum.
    pub max: f64,
    /// 5th percentile (type 1, from the sketch).
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Equal-width histogram from `min` to `max`.
    pub histogram: Histogram,
}

/// Counts of equal-width bins ([`HISTOGRAM_BINS`] of them).
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Lower edge of the first bin.
    pub lower: f64,
    /// Width of each bin.
    pub bin_width: f64,
    /// Iterations in each bin, lowest first.
    pub counts: Vec<u64>,
}

impl Stat {
    /// Reads the statistics off a quantity's merged moments and sketch.
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
    /// Mean over all iterations.
    pub mean: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

impl Band {
    /// Reads the band off a monthly figure's merged moments and sketch.
    pub fn new(moments: &Moments, sketch: &Sketch) -> Band {
        Band {
            mean: moments.mean,
            p10: sketch.quantile(0.10),
            p50: sketch.quantile(0.50),
            p90: sketch.quantile(0.90),
        }
    }
}
