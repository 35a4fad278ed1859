//! The engine against the sampling floor (issue 5, target 2), measured so that
//! the host's noise cancels: blocks of bench-40 iterations (`simulate`, as in
//! `bench-40/iteration`) and blocks of the floor's draws (as in
//! `floor/bench-40`) alternate many times in one process, each block a few
//! milliseconds, the order swapped every round. A slowdown of the host then
//! falls on both sides alike, and each round gives one ratio of the two blocks'
//! times; the median of the rounds is the figure to quote.
//!
//! `cargo bench -p opsim-benches --bench ratio` (about 7 s). Set `OPSIM_RATIO_ROUNDS` for more
//! or fewer rounds (default 600).

use std::hint::black_box;
use std::time::{Duration, Instant};

mod common;

use common::floor::Floor;
use common::{Iterations, load};

/// Iterations per block: about 5 ms of the engine, 3.5 ms of the floor.
const BLOCK_ITERATIONS: u64 = 500;
const DEFAULT_ROUNDS: usize = 600;

/// Times `BLOCK_ITERATIONS` calls of `step` on iterations `first..`.
fn block(first: u64, mut step: impl FnMut(u64) -> f64) -> Duration {
    let start = Instant::now();
    for i in first..first + BLOCK_ITERATIONS {
        black_box(step(i));
    }
    start.elapsed()
}

fn rounds() -> usize {
    match std::env::var("OPSIM_RATIO_ROUNDS") {
        Err(_) => DEFAULT_ROUNDS,
        Ok(text) => match text.parse::<usize>() {
            Ok(rounds) if rounds > 0 => rounds,
            _ => {
                eprintln!("OPSIM_RATIO_ROUNDS must be a whole number of at least 1, not {text:?}");
                std::process::exit(2);
            }
        },
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then
    // one round is enough to show that it runs.
    let benching = std::env::args().any(|a| a == "--bench");
    let rounds = if benching { rounds() } else { 1 };
    let model = load(include_str!("../scenarios/bench-40.toml"));
    let mut engine = Iterations::new(&model);
    let mut floor = Floor::new(&model);
    // Warm-up: caches, branch predictors, the CPU's clock.
    let mut next = 1u64;
    for _ in 0..if benching { 20 } else { 1 } {
        block(next, |i| engine.run(i));
        block(next, |i| floor.draw(&model, i));
        next += BLOCK_ITERATIONS;
    }
    let (mut ratios, mut engine_total, mut floor_total) =
        (Vec::new(), Duration::ZERO, Duration::ZERO);
    for round in 0..rounds {
        let mut engine_block = || block(next, |i| engine.run(i));
        let mut floor_block = || block(next, |i| floor.draw(&model, i));
        let (engine_time, floor_time) = if round % 2 == 0 {
            let e = engine_block();
            (e, floor_block())
        } else {
            let f = floor_block();
            (engine_block(), f)
        };
        next += BLOCK_ITERATIONS;
        ratios.push(engine_time.as_secs_f64() / floor_time.as_secs_f64());
        engine_total += engine_time;
        floor_total += floor_time;
    }
    let per_iteration =
        |total: Duration| total.as_secs_f64() * 1e6 / (rounds as f64 * BLOCK_ITERATIONS as f64);
    let (engine_us, floor_us) = (per_iteration(engine_total), per_iteration(floor_total));
    let middle = median(&mut ratios);
    let sorted = ratios;
    let quartile = |q: usize| sorted[(sorted.len() - 1) * q / 4];
    println!(
        "engine/floor, bench-40, {rounds} rounds of {BLOCK_ITERATIONS} iterations each side, interleaved:"
    );
    println!(
        "  median ratio {middle:.3} (quartiles {:.3}-{:.3}, range {:.3}-{:.3})",
        quartile(1),
        quartile(3),
        sorted[0],
        sorted[sorted.len() - 1]
    );
    println!(
        "  per iteration: engine {engine_us:.2} µs, floor {floor_us:.2} µs, ratio of totals {:.3}",
        engine_us / floor_us
    );
}
