//! The raw-draw floor of one bench-40 iteration: every per-iteration input, the
//! Poisson counts and every incident's time to restore, at bench-40's mean
//! counts, with the same generators and samplers as the engine (counts and times
//! to restore in vector lanes) and nothing else. Shared by `floor/bench-40`
//! (benches/growth.rs) and the interleaved ratio (benches/ratio.rs).

use opsim::engine::iteration::draw_inputs;
use opsim::engine::restore::Restore;
use opsim::model::Model;
use opsim::sample::lognormal::LognormalLanes;
use opsim::sample::poisson::PoissonLanes;
use opsim::sample::rng::{Arranged, event_stream, restore_lanes_seed};

/// Mean incidents per bench-40 iteration and model: 0.568 per service per month
/// (lognormal [0.2, 1.2]) x 40 services x 36 months, less YBIYRI's improvement
/// (measured: 820 and 697 per iteration at 200,000 iterations).
const INCIDENTS: [usize; 2] = [820, 697];
/// Poisson draws per iteration: 2 per month and arrangement; YBIYRI has both
/// arrangements in its readiness month.
pub const POISSON_DRAWS: usize = 2 * 36 * 2 + 4;

/// Each model's in-hours and out-of-hours count means of one bench-40
/// iteration, in the order the engine draws them ahead: Ops Run It's (14.8 and
/// 8.0 a month), and You Build It You Run It's at its fewer incidents
/// (`INCIDENTS`). Half of `POISSON_DRAWS` each.
pub fn count_means() -> [Vec<f64>; 2] {
    INCIDENTS.map(|incidents| {
        let scale = incidents as f64 / INCIDENTS[0] as f64;
        (0..POISSON_DRAWS / 2)
            .map(|k| scale * if k % 2 == 0 { 14.8 } else { 8.0 })
            .collect()
    })
}

/// The floor's working memory, made once.
pub struct Floor {
    inputs: Vec<f64>,
    /// Each model's count means ([`count_means`]).
    means: [Vec<f64>; 2],
    counts: Vec<u64>,
    /// Reset for each model, as the engine's are.
    restore_lanes: LognormalLanes,
}

impl Floor {
    pub fn new(model: &Model) -> Floor {
        Floor {
            inputs: vec![0.0; model.inputs.len()],
            counts: vec![0; POISSON_DRAWS / 2],
            means: count_means(),
            restore_lanes: LognormalLanes::new(0.0, 1.0, None, 0, 0),
        }
    }

    /// The draws of bench-40's iteration `i` (seeded as the engine benches seed
    /// it), summed so that none can be optimised away.
    pub fn draw(&mut self, model: &Model, i: u64) -> f64 {
        let at = opsim::sample::points::At::new(7, i);
        let seed = at.iteration_seed;
        draw_inputs(model, at, &mut self.inputs, &mut []);
        let mut sum = 0.0;
        for (m, om) in model.models.iter().enumerate() {
            let mut events = event_stream(seed, om.event_stream_key);
            let lanes_seed = |a| restore_lanes_seed(seed, om.event_stream_key, a);
            let mut lanes = PoissonLanes::new(lanes_seed(Arranged::Counts));
            lanes.counts(&mut events, &self.means[m], &mut self.counts);
            sum += self.counts.iter().sum::<u64>() as f64;
            let lanes_seed = lanes_seed(Arranged::Own);
            let incidents = INCIDENTS[m] as u64;
            let dist = &om.arrangement.time_to_restore_hours;
            let lanes = &mut self.restore_lanes;
            let mut restore = Restore::new(dist, None, lanes_seed, incidents, lanes);
            sum += restore.sum(&mut events, incidents);
        }
        sum + self.inputs[0]
    }
}
