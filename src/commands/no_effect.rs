//! Saying when a `--set` or a sweep's `--vary` changes nothing: each is
//! checked by a short paired run with and without it on the same random
//! numbers ([`crate::analysis::no_effect`]); bit-identical records mean the
//! input has no effect on this scenario's results, and the user is told so,
//! with the likely reason, before the run's own output.

use super::input::Source;
use crate::analysis::no_effect::{PAIRED_ITERATIONS, identical_results};
use crate::model::Model;
use crate::scenario::load_with_overrides;
use crate::scenario::overrides::Override;
use crate::sweep::grid::Vary;
use crate::sweep::{Compiled, Sweep};

/// A warning for each of `set` that changes nothing in `model` (the scenario
/// with all of them applied), run with `seed`.
pub(crate) fn of_sets(source: &Source, set: &[Override], model: &Model, seed: u64) -> Vec<String> {
    let mut warnings = Vec::new();
    for (i, o) in set.iter().enumerate() {
        let others: Vec<Override> = set
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, o)| o.clone())
            .collect();
        // Without it the file may not load (it fixed a mistake): then it matters.
        let Ok(without) = load_with_overrides(&source.name, &source.text, &others) else {
            continue;
        };
        if identical_results(model, &without, seed, PAIRED_ITERATIONS) {
            warnings.push(warning(&o.shown(), &o.path, &model.meta.name));
        }
    }
    warnings
}

/// A warning for each `--vary` whose values change nothing: the grid's first
/// point against the point that differs from it in that parameter alone (its
/// last value).
pub(crate) fn of_varies(compiled: &Compiled, varies: &[Vary], seed: u64) -> Vec<String> {
    let (points, paths) = compiled;
    let Some((first_values, first)) = points.first() else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    for (d, vary) in varies.iter().enumerate() {
        let Some(last) = vary.numbers.last() else {
            continue;
        };
        let other = points.iter().find(|(values, _)| {
            values.iter().enumerate().all(|(k, v)| {
                if k == d {
                    v.to_bits() == last.to_bits()
                } else {
                    v.to_bits() == first_values[k].to_bits()
                }
            })
        });
        let Some((_, other)) = other else { continue };
        if vary.numbers.len() > 1 && identical_results(first, other, seed, PAIRED_ITERATIONS) {
            let path = paths.get(d).map_or(vary.path.as_str(), String::as_str);
            warnings.push(warning(
                &format!("--vary {}", vary.argument),
                path,
                &first.meta.name,
            ));
        }
    }
    warnings
}

/// A warning when every point of a sweep gave the same results.
pub(crate) fn all_points_alike(swept: &Sweep) -> Option<String> {
    let (_, first) = swept.points.first()?;
    let alike = swept.points.len() > 1 && swept.points.iter().all(|(_, r)| r == first);
    alike.then(|| {
        let names: Vec<&str> = swept.parameters.iter().map(|(p, _)| p.as_str()).collect();
        format!(
            "warning: all {} points of the sweep give the same results: {} changes nothing in {}.",
            swept.points.len(),
            names.join(" and "),
            swept.scenario
        )
    })
}

/// "warning: --set organisation.teams=8 changes nothing in bench-40: ..."
fn warning(shown: &str, path: &str, scenario: &str) -> String {
    format!(
        "warning: {shown} changes nothing in {scenario}: {}. \
         With and without it, {PAIRED_ITERATIONS} iterations on the same random numbers \
         give identical results.",
        reason(path)
    )
}

/// Why an input may have no effect, by what it is.
fn reason(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let why = match last {
        "teams" => "no rota and no cost in this scenario depends on the number of teams",
        "domains" => "no rota in this scenario depends on the number of domains",
        "owning_teams" | "owning_domains" => {
            "no rota count in this scenario comes from the tiers' owners"
        }
        "exposure_per_hour" | "cost_of_delay_per_change_day" | "out_of_hours_wait_hours" => {
            "it enters only an opportunity cost that does not differ with it here"
        }
        "name" | "description" => "it is a label: shown, never simulated",
        _ => "nothing this scenario simulates depends on it",
    };
    why.to_string()
}
