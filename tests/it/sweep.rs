//! `opsim sweep`: every point on the same random numbers, so the headline
//! outputs move with the parameter exactly as the model implies, and nothing
//! runs or is written when a point is invalid.

use crate::common;

use std::sync::atomic::AtomicBool;

use opsim::engine::RunOptions;
use opsim::sweep::{self, Sweep, grid::parse_vary};

const EXAMPLE: &str = include_str!("../../scenarios/example.toml");

fn sweep_example(vary: &[&str], iterations: u64, threads: usize) -> Sweep {
    let varies: Vec<_> = vary.iter().map(|v| parse_vary(v).unwrap()).collect();
    let compiled = sweep::compile("example.toml", EXAMPLE, &[], &varies).expect("valid points");
    let never = AtomicBool::new(false);
    sweep::run(
        compiled,
        RunOptions {
            iterations,
            seed: 9,
            threads,
        },
        &|_| {},
        &never,
    )
    .unwrap()
    .unwrap()
}

#[test]
fn more_teams_make_ybiyri_dearer_by_the_same_amount_per_team() {
    // YBIYRI pays a licence per team (licences.per_team_per_month) and its team
    // rotas are capped by owning_teams = 5, so from 5 teams on each extra team
    // adds the same licence cost to every iteration: on common random numbers
    // the mean TCO difference rises in equal steps.
    let s = sweep_example(&["organisation.teams=5..25:5"], 400, 2);
    assert_eq!(s.parameters[0].0, "organisation.teams");
    let means: Vec<f64> = s
        .points
        .iter()
        .map(|(_, r)| r[0].tco_difference_mean)
        .collect();
    assert_eq!(means.len(), 5);
    let steps: Vec<f64> = means.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(steps[0] > 0.0, "more teams, dearer YBIYRI: {means:?}");
    for step in &steps {
        assert!(
            (step - steps[0]).abs() <= 1e-6 * steps[0],
            "equal steps on common random numbers: {steps:?}"
        );
    }
    let cheaper: Vec<f64> = s
        .points
        .iter()
        .map(|(_, r)| r[0].probability_cheaper)
        .collect();
    assert!(cheaper.windows(2).all(|w| w[1] <= w[0]), "{cheaper:?}");
    // Readiness does not depend on the number of teams.
    let ready: Vec<f64> = s
        .points
        .iter()
        .map(|(_, r)| r[0].readiness_p50_weeks)
        .collect();
    assert!(ready.iter().all(|r| *r == ready[0]));
}

#[test]
fn two_parameters_cross_into_a_grid_and_do_not_depend_on_threads() {
    let vary = [
        "organisation.teams=10..20:10",
        "ybiyri.on_call.standby_pay_per_week=100..300:100",
    ];
    let one = sweep_example(&vary, 300, 1);
    let two = sweep_example(&vary, 300, 2);
    assert_eq!(one, two);
    assert_eq!(one.points.len(), 6);
    assert_eq!(
        one.parameters[1].0,
        "models.ybiyri.on_call.standby_pay_per_week"
    );
    assert_eq!(
        one.points[1].0,
        vec![10.0, 200.0],
        "first parameter slowest"
    );
    let csv = opsim::export::sweep::csv(&one);
    assert_eq!(
        csv.lines().count(),
        1 + 6,
        "a header and a row per point and compared model"
    );
    assert!(
        csv.starts_with("organisation.teams,models.ybiyri.on_call.standby_pay_per_week,model,")
    );
    // Higher standby pay makes YBIYRI dearer at either team count.
    for k in [0, 3] {
        let d: Vec<f64> = (k..k + 3)
            .map(|i| one.points[i].1[0].tco_difference_mean)
            .collect();
        assert!(d[0] < d[1] && d[1] < d[2], "{d:?}");
    }
}

#[test]
fn an_invalid_point_stops_the_sweep_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::opsim_in(
        dir.path(),
        &[
            "sweep",
            &common::bench_40_path(),
            "--vary",
            "organisation.teams=0..10:5",
            "--out",
            "o",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("organisation.teams = 0"), "{stderr}");
    assert!(!dir.path().join("o").exists(), "nothing written");
}

#[test]
fn bad_vary_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for vary in [
        "organisation.teams=5..30",
        "organisation.teams=5..30:0",
        "organisation.tems=5..30:5",
        "organisation.teams=1..1000:1",
    ] {
        let mut args = vec![
            "sweep",
            "--vary",
            vary,
            "--vary",
            "organisation.services=1..100:1",
        ];
        let path = common::bench_40_path();
        args.insert(1, &path);
        let out = common::opsim_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{vary}");
        assert!(
            !dir.path().join("output").exists(),
            "{vary}: nothing written"
        );
    }
}

#[test]
fn the_cli_writes_the_csv_and_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::opsim_in(
        dir.path(),
        &[
            "sweep",
            &common::bench_40_path(),
            "--vary",
            "organisation.services=20..40:20",
            "-n",
            "300",
            "--out",
            "o",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in ["sweep.csv", "sweep.svg", "sweep.png"] {
        assert!(dir.path().join("o").join(file).is_file(), "{file}");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("2 points x 300 iterations"), "{stdout}");
}
