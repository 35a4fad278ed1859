//! docs/limits.md against the code (tests only): every row of its tables is
//! checked against the constant that enforces it, so a limit changed in one
//! place and not the other fails here. A new row fails until it is given a
//! check below.

use super::input::{MAX_SCENARIO_BYTES, MAX_THREADS};
use crate::engine::CHUNK_ITERATIONS;
use crate::export::format::grouped;
use crate::export::manifest::MAX_MANIFEST_BYTES;
use crate::export::report::{MAX_INPUT_ROWS, MAX_NAMES_IN_CELL};
use crate::export::shown::MAX_ACTIVITIES_SHOWN;
use crate::fit::read::MAX_TIERS;
use crate::sample::dist::{FieldRange, NORMAL_SIGMAS_INSIDE};
use crate::scenario::error::{MAX_MESSAGE_CHARS, MAX_PROBLEMS_SHOWN, MAX_SNIPPET_CHARS};
use crate::scenario::nesting::MAX_KEY_PARTS;
use crate::scenario::understand::documented::*;
use crate::scenario::understand::{
    DISCOUNT_RATE_RANGE, MAX_CURRENCY_CHARS, MAX_HORIZON_MONTHS, MAX_HOURS_PER_WEEK,
    MAX_ITERATIONS, MAX_SERVICES, MAX_TEAMS,
};

const LIMITS_MD: &str = include_str!("../../docs/limits.md");

/// Every table row of docs/limits.md as (first cell, second cell).
fn rows() -> Vec<(String, String)> {
    LIMITS_MD
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("|---"))
        .filter_map(|l| {
            // Split on cell borders, not on `\|` inside a cell.
            let cells: Vec<String> = l
                .replace("\\|", "\u{0}")
                .split('|')
                .map(|c| c.trim().replace('\u{0}', "|"))
                .collect();
            (cells.len() > 3).then(|| (cells[1].clone(), cells[2].clone()))
        })
        .filter(|(what, _)| what != "what" && what != "situation")
        .collect()
}

/// "10^12" for 1e12, "10,000" for 1e4, "100" for 100: as the doc writes a
/// field's upper limit.
fn power_or_grouped(max: f64) -> String {
    let exponent = max.log10().round();
    if max >= 1e6 && 10f64.powf(exponent) == max {
        format!("10^{exponent}")
    } else {
        grouped(max)
    }
}

fn soft(range: FieldRange) -> String {
    assert!(!range.hard_max && range.min == 0.0);
    format!("at least 0; mean at most {}", power_or_grouped(range.max))
}

/// What the limit cell of the row that starts with `what` must say (a cell
/// that holds every string returned), or `None` for a row not known here.
fn expected(what: &str) -> Option<Vec<String>> {
    let g = |v: f64| grouped(v);
    let one = |s: String| Some(vec![s]);
    let starts = |p: &str| what.starts_with(p);
    if starts("scenario file") {
        one(format!("{} MiB", MAX_SCENARIO_BYTES >> 20))
    } else if starts("what an error shows") {
        Some(vec![
            format!("at most {MAX_PROBLEMS_SHOWN} problems (`MAX_PROBLEMS_SHOWN`"),
            format!("at most {MAX_MESSAGE_CHARS} characters (`MAX_MESSAGE_CHARS`)"),
            format!("a window of {MAX_SNIPPET_CHARS} characters"),
        ])
    } else if starts("parts of a table header") {
        one(MAX_KEY_PARTS.to_string())
    } else if starts("iterations") {
        one(format!("1 to {}", g(MAX_ITERATIONS as f64)))
    } else if starts("threads") {
        one(format!("0 (one per core) to {}", g(MAX_THREADS as f64)))
    } else if starts("horizon") {
        one(format!("1 to {} months", g(MAX_HORIZON_MONTHS as f64)))
    } else if starts("setup activities, all models together") {
        one(g(MAX_ACTIVITIES as f64))
    } else if starts("incidents per iteration") {
        one(g(MAX_INCIDENTS_PER_ITERATION))
    } else if starts("services") {
        one(g(MAX_SERVICES as f64))
    } else if starts("teams, domains") {
        one(format!("1 to {}", g(MAX_TEAMS as f64)))
    } else if starts("how long a run will take") {
        one("never refused".into())
    } else if starts("shards (`--shard K/N`)") {
        one(format!(
            "N at most the run's chunks (iterations / {}, rounded up)",
            g(CHUNK_ITERATIONS as f64)
        ))
    } else if starts("rows of an `opsim fit` export") {
        one("none: the file is streamed".into())
    } else if starts("distinct tiers in an `opsim fit` tier column") {
        one(MAX_TIERS.to_string())
    } else if starts("money fields") {
        one(soft(MONEY))
    } else if starts("day rates") {
        one(soft(RATE))
    } else if starts("fractions and probabilities") {
        const { assert!(FRACTION.hard_max && FRACTION.min == 0.0 && FRACTION.max == 1.0) };
        one("every draw in [0, 1]".into())
    } else if starts("weeks, hours, days") {
        const { assert!(WEEKS.max == HOURS.max && HOURS.max == DAYS.max) };
        one(soft(WEEKS))
    } else if starts("counts") {
        one(soft(COUNT))
    } else if starts("factors") {
        one(soft(FACTOR))
    } else if starts("rates per service per month") {
        one(soft(RATE))
    } else if starts("`normal [mean, sd]`") {
        one(format!("mean +/- {NORMAL_SIGMAS_INSIDE} sd"))
    } else if starts("NaN, `inf`") {
        one("never accepted".into())
    } else if starts("hours per week") {
        one(format!("1 to {MAX_HOURS_PER_WEEK}"))
    } else if starts("discount rate per year") {
        one(format!(
            "{} to {}",
            DISCOUNT_RATE_RANGE.0, DISCOUNT_RATE_RANGE.1
        ))
    } else if starts("seed") {
        assert_eq!(i64::MAX as u64, (1u64 << 63) - 1);
        one("0 to 2^63 - 1".into())
    } else if starts("currency") {
        one(format!("1 to {MAX_CURRENCY_CHARS} characters"))
    } else if starts("activity rows in the readiness timeline") {
        one(format!(
            "{MAX_ACTIVITIES_SHOWN} (`export::shown::MAX_ACTIVITIES_SHOWN`)"
        ))
    } else if starts("rows of each of the report's inputs tables") {
        one(format!(
            "{MAX_INPUT_ROWS} (`export::report::MAX_INPUT_ROWS`)"
        ))
    } else if starts("activity names in a cell") {
        one(format!(
            "{MAX_NAMES_IN_CELL} (`export::report::MAX_NAMES_IN_CELL`)"
        ))
    } else if starts("Ctrl-C (SIGINT) or SIGTERM during the run") {
        one(format!(
            "within one chunk ({} iterations)",
            g(CHUNK_ITERATIONS as f64)
        ))
    } else if starts("manifest read by `opsim verify`") {
        one(format!("at most {} MiB", MAX_MANIFEST_BYTES >> 20))
    } else if [
        "output folder cannot be created",
        "output folder holds files opsim did not write",
        "disk full",
        "SIGKILL or power loss",
        "two runs writing to the same folder",
        "`opsim validate x | head`",
    ]
    .iter()
    .any(|p| starts(p))
    {
        // Behaviour without a number, tested in tests/it/output_set.rs and
        // tests/it/robustness.rs.
        Some(Vec::new())
    } else {
        None
    }
}

#[test]
fn every_row_of_docs_limits_md_matches_the_code() {
    let rows = rows();
    assert!(rows.len() > 30, "only {} rows read", rows.len());
    for (what, limit) in rows {
        let wanted = expected(&what)
            .unwrap_or_else(|| panic!("docs/limits.md row `{what}` has no check in limits_doc.rs"));
        for text in wanted {
            assert!(
                limit.contains(&text),
                "docs/limits.md, row `{what}`: the limit says `{limit}`; the code says `{text}`"
            );
        }
    }
}

#[test]
fn a_changed_limit_would_fail() {
    // The check reads the number: another number in the doc's cell would not match.
    let wanted = expected("horizon (`scenario.horizon_months`)").unwrap();
    assert!(!"1 to 1,201 months".contains(&wanted[0]));
    assert_eq!(power_or_grouped(1e12), "10^12");
    assert_eq!(power_or_grouped(10_000.0), "10,000");
}
