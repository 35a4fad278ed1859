//! `opsim fit`: scenario values fitted to an organisation's own data. An
//! incident export (opened, resolved, service) gives the incident rate per
//! service per month and the time to restore; a deployment export gives the
//! deployments per service per month. The module reads the CSV in one streamed
//! pass (`read`, with the layouts of `columns` and the times of `time`), fits
//! (`estimate`, `goodness`) and writes the TOML fragment or `--set` arguments
//! (`fragment`) and the text report (`report`). It never opens a file: the
//! command hands it a reader. docs/fit.md defines every estimator.

pub(crate) mod columns;
pub(crate) mod estimate;
pub(crate) mod fragment;
pub(crate) mod goodness;
pub(crate) mod read;
pub(crate) mod report;
pub(crate) mod time;

use std::fmt;
use std::io;

use crate::scenario::provenance::Confidence;
use columns::Role;
use estimate::{LogNormalFit, RateFit};
use read::Data;

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Incidents: opened, resolved, service.
    Incidents,
    /// Deployments: a time and a service.
    Deployments,
}

impl Kind {
    /// "incidents" or "deployments".
    pub(crate) fn noun_plural(self) -> &'static str {
        match self {
            Kind::Incidents => "incidents",
            Kind::Deployments => "deployments",
        }
    }

    /// The scenario path of the rate this kind of file gives.
    pub(crate) fn rate_path(self) -> &'static str {
        match self {
            Kind::Incidents => "organisation.incident_rate_per_service_per_month",
            Kind::Deployments => "organisation.wanted_deployments_per_service_per_month",
        }
    }
}

/// How to fit.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// What the file holds.
    pub(crate) kind: Kind,
    /// Columns named by `--columns`.
    pub(crate) columns: Vec<(Role, String)>,
    /// Skip bad rows (counted by reason) instead of stopping at the first.
    pub(crate) skip_bad_rows: bool,
    /// Write the time to restore as an empirical `discrete` table.
    pub(crate) empirical: bool,
    /// Services to share the rate among; None: the distinct services in the file.
    pub(crate) services: Option<u64>,
    /// The model whose time to restore the incidents measure.
    pub(crate) model: String,
}

/// A problem with the data file, naming its line and column and the fix.
#[derive(Debug, Clone)]
pub(crate) struct FitError {
    /// The file as named on the command line.
    pub(crate) file: String,
    /// The line of the file (1 is the header), when one line is at fault.
    pub(crate) line: Option<u64>,
    /// The column's header name, when one column is at fault.
    pub(crate) column: Option<String>,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: String,
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{}`", read::excerpt(column))?;
        }
        write!(f, ": {}\n  = help: {}", self.message, self.help)
    }
}

/// A fitted time to restore.
#[derive(Debug, Clone)]
pub(crate) struct RestoreFit {
    /// The lognormal, by maximum likelihood.
    pub(crate) lognormal: LogNormalFit,
    /// The empirical table, with `--empirical`.
    pub(crate) empirical: Option<Vec<(f64, u64)>>,
    /// Natural logarithms of the times, sorted (for the chart).
    pub(crate) sorted_logs: Vec<f64>,
    /// Per tier, when a tier column is mapped: name, times, fit (None when
    /// the tier has too few distinct times).
    pub(crate) by_tier: Vec<(String, usize, Option<LogNormalFit>)>,
    /// How much to trust it.
    pub(crate) confidence: Confidence,
}

/// Everything `opsim fit` found.
#[derive(Debug)]
pub(crate) struct Fit {
    /// The options it was fitted with.
    pub(crate) options: Options,
    /// The data read.
    pub(crate) data: Data,
    /// The rate per service per month.
    pub(crate) rate: RateFit,
    /// Whether the services were counted from the file (no `--services`).
    pub(crate) services_from_file: bool,
    /// How much to trust the rate.
    pub(crate) rate_confidence: Confidence,
    /// The time to restore (incidents with at least two distinct resolved times).
    pub(crate) restore: Option<RestoreFit>,
    /// What a reader must know before using the values.
    pub(crate) warnings: Vec<String>,
}

/// The fewest events (or times to restore) for medium confidence, and for
/// high; the shortest spans in weeks for each. Below the first pair a warning.
pub(crate) const MEDIUM_COUNT: u64 = 30;
/// See [`MEDIUM_COUNT`].
pub(crate) const HIGH_COUNT: u64 = 100;
/// See [`MEDIUM_COUNT`].
pub(crate) const MEDIUM_WEEKS: f64 = 12.0;
/// See [`MEDIUM_COUNT`].
pub(crate) const HIGH_WEEKS: f64 = 26.0;

/// Confidence from the amount of data: high with at least 100 and 26 weeks,
/// medium with at least 30 and 12 weeks, low below.
pub(crate) fn confidence(count: u64, weeks: f64) -> Confidence {
    if count >= HIGH_COUNT && weeks >= HIGH_WEEKS {
        Confidence::High
    } else if count >= MEDIUM_COUNT && weeks >= MEDIUM_WEEKS {
        Confidence::Medium
    } else {
        Confidence::Low
    }
}

/// Reads and fits an export.
pub(crate) fn fit<R: io::Read>(
    input: R,
    file_name: &str,
    options: Options,
) -> Result<Fit, FitError> {
    let mut data = read::read(
        input,
        file_name,
        options.kind,
        &options.columns,
        options.skip_bad_rows,
    )?;
    let noun = options.kind.noun_plural();
    let services_from_file = options.services.is_none();
    let services = options.services.unwrap_or(data.per_service.len() as u64);
    let rate = estimate::rate(&mut data.times_seconds, services).map_err(|message| FitError {
        file: file_name.to_string(),
        line: None,
        column: None,
        message,
        help: format!("fit needs {noun} spread over weeks; give a longer export"),
    })?;
    let weeks = rate.span_weeks;
    let rate_confidence = confidence(rate.events, weeks);
    let mut warnings = Vec::new();
    if rate.events < MEDIUM_COUNT || weeks < MEDIUM_WEEKS {
        warnings.push(format!(
            "too few data: {} {noun} over {:.1} weeks (fewer than {MEDIUM_COUNT}, or under \
             {MEDIUM_WEEKS} weeks); treat the values as a starting point",
            rate.events, weeks
        ));
    }
    if services_from_file {
        warnings.push(format!(
            "the rate is shared among the {} services that appear in the file; services \
             with no {noun} are not in an export: give --services N for the true count",
            fragment::grouped(services)
        ));
    }
    let in_file = data.per_service.len() as u64;
    if !services_from_file && services < in_file {
        warnings.push(format!(
            "--services {} is fewer than the {} services in the file: check the \
             count, or filter the export to the services the scenario models",
            fragment::grouped(services),
            fragment::grouped(in_file)
        ));
    }
    if rate.dispersion > 1.5 {
        warnings.push(format!(
            "{noun} are burstier than a steady (Poisson) process: month-to-month variance \
             is {:.1} times the mean; the interval is widened for it",
            rate.dispersion
        ));
    }
    let restore = match options.kind {
        Kind::Deployments => None,
        Kind::Incidents => restore_fit(&data, &options, weeks, &mut warnings),
    };
    if options.kind == Kind::Incidents && restore.is_none() {
        warnings
            .push("no time to restore was fitted: fewer than two different resolved times".into());
    }
    if data.zone == time::Zone::Local {
        warnings.push(
            "times have no offset from UTC: a daylight-saving change during an incident \
             moves its time to restore by an hour"
                .into(),
        );
    }
    Ok(Fit {
        options,
        data,
        rate,
        services_from_file,
        rate_confidence,
        restore,
        warnings,
    })
}

fn restore_fit(
    data: &Data,
    options: &Options,
    weeks: f64,
    warnings: &mut Vec<String>,
) -> Option<RestoreFit> {
    let mut sorted_logs = Vec::new();
    let lognormal = estimate::lognormal(&data.restore_hours, &mut sorted_logs)?;
    let n = lognormal.n as u64;
    if n < MEDIUM_COUNT {
        warnings.push(format!(
            "too few data: {n} resolved incidents (fewer than {MEDIUM_COUNT}) for the time to restore"
        ));
    }
    if lognormal.is_poor() {
        warnings.push(format!(
            "poor fit: the lognormal misses the data by up to {:.0} percentage points \
             (KS {:.3}); consider --empirical",
            lognormal.ks * 100.0,
            lognormal.ks
        ));
    }
    let empirical = options.empirical.then(|| {
        let sorted: Vec<f64> = sorted_logs.iter().map(|l| l.exp()).collect();
        estimate::empirical(&sorted)
    });
    let mut by_tier = Vec::new();
    if !data.tier_names.is_empty() {
        let mut scratch = Vec::new();
        for (t, name) in data.tier_names.iter().enumerate() {
            let hours: Vec<f64> = data
                .restore_hours
                .iter()
                .zip(&data.restore_tier)
                .filter(|(_, tier)| **tier as usize == t)
                .map(|(h, _)| *h)
                .collect();
            by_tier.push((
                name.clone(),
                hours.len(),
                estimate::lognormal(&hours, &mut scratch),
            ));
        }
    }
    Some(RestoreFit {
        confidence: confidence(n, weeks),
        lognormal,
        empirical,
        sorted_logs,
        by_tier,
    })
}
