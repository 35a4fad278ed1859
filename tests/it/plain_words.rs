//! What a director reads says things in words: no dotted input path in the
//! report outside its appendix, none in the terminal summary; the first page
//! has the verdict, the four figures and the caveats; opportunity cost is a
//! second view shown only when the scenario has some.

use std::path::Path;

use crate::common::{bench_40_path, opsim_in};
use opsim::scenario;

const EXAMPLE: &str = include_str!("../../scenarios/example.toml");

/// Runs `scenario` (None: the built-in example) into `dir/out` and returns the
/// terminal summary and report.html.
fn run(dir: &Path, scenario: Option<&str>) -> (String, String) {
    let mut args = vec!["run", "--iterations", "2000", "--out", "out"];
    if let Some(file) = scenario {
        args.insert(1, file);
    }
    let done = opsim_in(dir, &args);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let report = std::fs::read_to_string(dir.join("out/report.html")).expect("report");
    (String::from_utf8(done.stdout).expect("utf-8"), report)
}

fn paths_found_in(text: &str, model: &opsim::model::Model) -> Vec<String> {
    model
        .inputs
        .iter()
        .map(|i| i.path.clone())
        .filter(|p| text.contains(p.as_str()))
        .collect()
}

#[test]
fn no_dotted_input_path_outside_the_appendix_or_in_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (terminal, report) = run(dir.path(), None);
    let model = scenario::load("example.toml", EXAMPLE).unwrap();
    let appendix_start = report
        .find("<section id=\"appendix\">")
        .expect("an appendix");
    let appendix_end = appendix_start + report[appendix_start..].find("</section>").unwrap();
    let outside = format!("{}{}", &report[..appendix_start], &report[appendix_end..]);
    assert_eq!(paths_found_in(&outside, &model), Vec::<String>::new());
    let appendix = &report[appendix_start..appendix_end];
    assert!(
        !paths_found_in(appendix, &model).is_empty(),
        "the appendix lists paths"
    );
    assert_eq!(paths_found_in(&terminal, &model), Vec::<String>::new());
    // No model id where its name belongs.
    assert!(!terminal.contains("ybiyri's"), "{terminal}");
    assert!(!terminal.contains(" vs ops-run-it"), "{terminal}");
}

#[test]
fn the_first_page_answers_with_four_figures_and_caveats() {
    let dir = tempfile::tempdir().unwrap();
    let (terminal, report) = run(dir.path(), None);
    let answer_start = report.find("<section id=\"answer\">").expect("the answer");
    let answer_end = answer_start + report[answer_start..].find("</section>").unwrap();
    let answer = &report[answer_start..answer_end];
    assert_eq!(answer.matches("class=\"figure\"").count(), 4, "{answer}");
    for title in [
        "Cash saving over 36 months",
        "Chance it is cheaper",
        "Pays back",
        "Ready",
    ] {
        assert!(answer.contains(title), "the first page lacks {title}");
        assert!(terminal.contains(title), "the terminal lacks {title}");
    }
    assert!(answer.contains("class=\"caveats\""));
    assert!(answer.contains("What would flip the answer"));
    assert!(answer.contains("Setup date and budget together"));
    // The verdict comes before the charts, and first on the terminal.
    assert!(report.find("class=\"answer\"").unwrap() < report.find("id=\"charts\"").unwrap());
    let verdict_line = terminal.lines().nth(3).unwrap_or("");
    assert!(
        verdict_line.contains("more likely") || verdict_line.contains("cheaper"),
        "{terminal}"
    );
    // The example's opportunity cost is shown, apart and labelled.
    assert!(answer.contains("A second view: opportunity cost (not cash)"));
    assert!(terminal.contains("A second view, not cash"));
}

#[test]
fn opportunity_cost_is_not_shown_when_zero() {
    let dir = tempfile::tempdir().unwrap();
    let (terminal, report) = run(dir.path(), Some(&bench_40_path()));
    assert!(!report.contains("class=\"second-view\""));
    assert!(!terminal.contains("second view"));
    // bench-40 has no opportunity cost and no discounting: those rows are folded.
    assert!(!terminal.contains("Opportunity cost"), "{terminal}");
    assert!(!terminal.contains("NPV"), "{terminal}");
}

#[test]
fn the_terminal_summary_fits_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let done = crate::common::opsim()
        .args(["run", "--iterations", "2000", "--out", "out"])
        .env("COLUMNS", "80")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(done.status.success());
    let terminal = String::from_utf8(done.stdout).unwrap();
    let wide: Vec<&str> = terminal
        .lines()
        .filter(|l| l.chars().count() > 80)
        .collect();
    assert!(wide.is_empty(), "{wide:#?}");
}
