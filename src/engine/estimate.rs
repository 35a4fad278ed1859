//! What a run will cost before it starts: the load of one iteration (its
//! expected incidents, each drawn one by one, and its setup activities) and,
//! from the per-unit costs measured by the growth bench on the project's
//! machines (docs/performance.md), the wall time of a run. It is an estimate
//! to tell a person how long to wait, never a reason to refuse a run; the
//! limits that refuse a runaway scenario are the scenario's
//! (`scenario::understand::limits`, docs/limits.md).

use crate::model::Model;

/// Seconds of one core for one iteration's fixed work (bench-40 with no
/// incidents and no activities, rounded up from the growth bench).
pub const BASE_SECONDS_PER_ITERATION: f64 = 4e-6;

/// Seconds of one core per incident drawn (growth bench, services 40 to 5,000:
/// about 2.4 ns; rounded up).
pub const SECONDS_PER_INCIDENT: f64 = 2.5e-9;

/// Seconds of one core per setup activity (growth bench, activities 13 to
/// 1,300: about 40 ns; rounded up).
pub const SECONDS_PER_ACTIVITY: f64 = 45e-9;

/// The work of one iteration, on average.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    /// Incidents drawn in one iteration at the incident rate's mean, over all
    /// models and months (before any improvement, so a little high).
    pub incidents_per_iteration: f64,
    /// Setup activities over all models.
    pub activities: usize,
}

impl Load {
    /// The load of one iteration of `model`.
    pub fn of(model: &Model) -> Load {
        let rate = model.inputs[model.organisation.incident_rate_per_service_per_month]
            .dist
            .mean();
        Load {
            incidents_per_iteration: rate
                * model.organisation.services
                * model.meta.horizon_months as f64
                * model.models.len() as f64,
            activities: model.models.iter().map(|m| m.activities.len()).sum(),
        }
    }

    /// Estimated seconds of one core for one iteration.
    pub fn seconds_per_iteration(&self) -> f64 {
        BASE_SECONDS_PER_ITERATION
            + SECONDS_PER_INCIDENT * self.incidents_per_iteration
            + SECONDS_PER_ACTIVITY * self.activities as f64
    }

    /// Estimated wall seconds for `iterations` on `threads` workers (0: one
    /// per core), assuming the workers scale as measured (1.95x on two).
    pub fn run_seconds(&self, iterations: u64, threads: usize) -> f64 {
        let workers = workers(threads) as f64;
        iterations as f64 * self.seconds_per_iteration() / (0.975 * workers).max(1.0)
    }
}

/// The workers a pool of `threads` has (0: one per core).
pub fn workers(threads: usize) -> usize {
    if threads > 0 {
        return threads;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A duration for a person: "40 s", "12 min", "3.5 h", "2.1 days".
pub fn describe_seconds(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{:.0} s", seconds.max(1.0))
    } else if seconds < 90.0 * 60.0 {
        format!("{:.0} min", seconds / 60.0)
    } else if seconds < 48.0 * 3600.0 {
        format!("{:.1} h", seconds / 3600.0)
    } else {
        format!("{:.1} days", seconds / 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_person_says_them() {
        assert_eq!(describe_seconds(0.2), "1 s");
        assert_eq!(describe_seconds(40.0), "40 s");
        assert_eq!(describe_seconds(720.0), "12 min");
        assert_eq!(describe_seconds(3.5 * 3600.0), "3.5 h");
        assert_eq!(describe_seconds(3.0 * 86_400.0), "3.0 days");
    }

    #[test]
    fn more_workers_take_less_time_and_never_less_than_one_counts() {
        let load = Load {
            incidents_per_iteration: 1e5,
            activities: 13,
        };
        let one = load.run_seconds(1000, 1);
        assert!((one - 1000.0 * load.seconds_per_iteration()).abs() < 1e-12);
        assert!(load.run_seconds(1000, 2) < one);
    }
}
