//! `[[correlations]]` and `simulation.sampling`: each correlation names two
//! once-per-iteration inputs by path (as `opsim validate` prints them) and a
//! Spearman rank correlation in [-1, 1]; the set of them must be one a joint
//! distribution can have (the Gaussian copula's matrix positive
//! semi-definite), or the inputs that contradict each other are named.

use toml::Spanned;

use super::builder::{Builder, closest};
use crate::model::Input;
use crate::model::sampling::{Correlation, SamplingPlan};
use crate::sample::points::Sampling;
use crate::scenario::format::SAMPLING_MODES;
use crate::scenario::written::{CorrelationSection, ScenarioFile};

/// The sampling mode the file asks for (the default when it says nothing).
pub(super) fn sampling(b: &mut Builder, file: &ScenarioFile) -> Sampling {
    let Some(written) = &file.simulation.sampling else {
        return Sampling::default();
    };
    match Sampling::parse(written.get_ref()) {
        Some(mode) => mode,
        None => {
            b.problem(
                written.span(),
                "simulation.sampling",
                format!("`{}` is not a sampling mode", written.get_ref()),
                format!("write one of {}", quoted(SAMPLING_MODES)),
            );
            Sampling::default()
        }
    }
}

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sampling plan: the mode and the correlations, every problem reported.
pub(super) fn plan(
    b: &mut Builder,
    file: &ScenarioFile,
    inputs: &[Input],
    mode: Sampling,
) -> SamplingPlan {
    let mut correlations = Vec::new();
    let mut spans = Vec::new();
    for (n, written) in file.correlations.iter().enumerate() {
        if let Some(c) = correlation(b, written, n, inputs, &correlations) {
            correlations.push(c);
            spans.push((n, written.inputs.span()));
        }
    }
    match SamplingPlan::new(inputs, mode, correlations.clone()) {
        Ok(plan) => plan,
        Err(bad) => {
            let names: Vec<String> = bad
                .inputs
                .iter()
                .map(|&k| format!("`{}`", inputs[k].path))
                .collect();
            // Point at the last correlation between two of the named inputs.
            let (n, span) = correlations
                .iter()
                .zip(&spans)
                .rev()
                .find(|(c, _)| c.inputs.iter().all(|k| bad.inputs.contains(k)))
                .map(|(_, s)| s.clone())
                .unwrap_or((0, 0..0));
            b.problem(
                span,
                format!("correlations[{n}]"),
                format!(
                    "these correlations contradict each other: no joint distribution has them between {}",
                    names.join(", ")
                ),
                "make them consistent (if a moves with b and b with c, a cannot move against c): weaken one of them",
            );
            SamplingPlan::new(inputs, mode, Vec::new()).expect("no correlations is always valid")
        }
    }
}

/// One written correlation, checked; None after a problem.
fn correlation(
    b: &mut Builder,
    written: &CorrelationSection,
    n: usize,
    inputs: &[Input],
    earlier: &[Correlation],
) -> Option<Correlation> {
    let field = format!("correlations[{n}]");
    let paths = written.inputs.get_ref();
    if paths.len() != 2 {
        b.problem(
            written.inputs.span(),
            format!("{field}.inputs"),
            format!("a correlation is between two inputs, not {}", paths.len()),
            "write two paths, e.g. inputs = [\"organisation.day_rates.developer\", \"organisation.day_rates.operations\"]",
        );
        return None;
    }
    let ids: Vec<Option<usize>> = paths
        .iter()
        .map(|p| input(b, p, &format!("{field}.inputs"), inputs))
        .collect();
    let rank = *written.rank.get_ref();
    let rank_ok = (-1.0..=1.0).contains(&rank);
    if !rank_ok {
        b.problem(
            written.rank.span(),
            format!("{field}.rank"),
            format!("a rank correlation of {rank} is outside -1 to 1"),
            "write a number from -1 (opposite orders) through 0 (unrelated) to 1 (same order)",
        );
    }
    let (Some(a), Some(c)) = (ids[0], ids[1]) else {
        return None;
    };
    if a == c {
        b.problem(
            written.inputs.span(),
            format!("{field}.inputs"),
            "an input is correlated with itself",
            "name two different inputs",
        );
        return None;
    }
    if earlier
        .iter()
        .any(|e| e.inputs == [a, c] || e.inputs == [c, a])
    {
        b.problem(
            written.inputs.span(),
            format!("{field}.inputs"),
            "these two inputs are already correlated by an earlier entry",
            "keep one entry per pair of inputs",
        );
        return None;
    }
    rank_ok.then_some(Correlation {
        inputs: [a, c],
        spearman: rank,
    })
}

/// The input at a written path: an uncertain once-per-iteration input.
fn input(b: &mut Builder, path: &Spanned<String>, field: &str, inputs: &[Input]) -> Option<usize> {
    let name = path.get_ref();
    let Some(k) = inputs.iter().position(|i| &i.path == name) else {
        let (message, help) = if name.ends_with("time_to_restore_hours") {
            (
                format!("`{name}` is drawn once per incident, not once per iteration"),
                "only once-per-iteration inputs can be correlated: see the list `opsim validate` prints".to_string(),
            )
        } else {
            let known: Vec<String> = inputs.iter().map(|i| i.path.clone()).collect();
            (
                format!("there is no input `{name}`"),
                match closest(name, &known) {
                    Some(c) => format!("did you mean `{c}`? (`opsim validate` lists every input)"),
                    None => "write an input's path as `opsim validate` prints it".to_string(),
                },
            )
        };
        b.problem(path.span(), field, message, help);
        return None;
    };
    if inputs[k].dist.is_constant() {
        b.problem(
            path.span(),
            field,
            format!("`{name}` is a constant here: it has nothing to correlate"),
            "give it a distribution, e.g. [4, 6, 10], or leave it out of the correlation",
        );
        return None;
    }
    Some(k)
}
