//! A page's settings: the `PATH=VALUE` pairs its controls set, turned into the
//! `--set` overrides they stand for and checked exactly as `opsim run --set`
//! checks them (same parser, same loader, same messages). One pair is special:
//! `organisation.services` on a scenario with `[[tiers]]`, where the tiers must
//! add up to the services. There the page's services control scales every
//! tier's services in proportion, whole numbers by the largest remainder
//! (docs/serve.md), and sets each tier (and `organisation.services`, when the
//! file writes it) as separate `--set` arguments, the same a person would write.

use crate::model::Model;
use crate::scenario::error::ScenarioError;
use crate::scenario::overrides::{Override, edited_text, parse_override};
use crate::scenario::{load_with_overrides, overrides::settable_paths};

/// Most settings one request may carry.
pub(crate) const MAX_SETTINGS: usize = 64;

/// Longest path or value of one setting, in bytes.
pub(crate) const MAX_SETTING_BYTES: usize = 400;

/// What the services control needs to know about the scenario.
#[derive(Debug, Clone)]
pub(crate) struct ServicesShape {
    /// Each tier's id and services, in file order; empty without `[[tiers]]`.
    pub tiers: Vec<(String, u64)>,
    /// Whether the file writes `organisation.services` (with tiers it may not).
    pub written: bool,
}

impl ServicesShape {
    /// Reads the tiers and whether `organisation.services` is written.
    pub(crate) fn of(source: &str, model: &Model) -> ServicesShape {
        let settable = settable_paths(source);
        let tiers = model
            .tiers
            .iter()
            .filter(|t| settable.contains(&format!("tiers.{}.services", t.id)))
            .map(|t| (t.id.clone(), t.services.round() as u64))
            .collect();
        let written = toml::from_str::<toml::Table>(source)
            .ok()
            .and_then(|t| t.get("organisation")?.get("services").cloned())
            .is_some();
        ServicesShape { tiers, written }
    }
}

/// A setting's problem, shown next to its control.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct SettingError {
    /// The setting's path, as the page sent it (the control it belongs to).
    pub path: String,
    /// The message, exactly as `opsim run --set` gives it.
    pub message: String,
}

/// The overrides a page's settings stand for, each with the index of the
/// setting it came from; or every problem found in parsing them.
pub(crate) fn overrides(
    shape: &ServicesShape,
    settings: &[(String, String)],
) -> Result<Vec<(usize, Override)>, Vec<SettingError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (k, (path, value)) in settings.iter().enumerate() {
        let argument = format!("{path}={value}");
        let parsed = match parse_override(&argument) {
            Ok(o) => o,
            Err(message) => {
                errors.push(SettingError {
                    path: path.clone(),
                    message: format!("--set {argument}: {message}"),
                });
                continue;
            }
        };
        let services = (parsed.path == "organisation.services" && !shape.tiers.is_empty())
            .then(|| parsed.value.parse::<u64>().ok())
            .flatten()
            .filter(|&n| n >= 1);
        match services {
            Some(n) => {
                if shape.written {
                    out.push((k, parsed));
                }
                for (id, count) in scale_tiers(&shape.tiers, n) {
                    let arg = format!("tiers.{id}.services={count}");
                    match parse_override(&arg) {
                        Ok(o) => out.push((k, o)),
                        Err(message) => errors.push(SettingError {
                            path: path.clone(),
                            message: format!("--set {arg}: {message}"),
                        }),
                    }
                }
            }
            // Anything else, a bad services value included, goes to the
            // loader as written, which says what is wrong with it.
            None => out.push((k, parsed)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Tiers' services scaled to add up to `total`: tier t gets
/// floor(total x n_t / N), and the units left over go one each to the tiers
/// with the largest remainders (the first in file order on a tie).
pub(crate) fn scale_tiers(tiers: &[(String, u64)], total: u64) -> Vec<(String, u64)> {
    let sum: u64 = tiers.iter().map(|(_, n)| n).sum();
    if sum == 0 {
        // No services to scale by: all of them in the first tier.
        return tiers
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), if i == 0 { total } else { 0 }))
            .collect();
    }
    let mut counts: Vec<(usize, u64, u128)> = tiers
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            let exact = u128::from(total) * u128::from(*n);
            (i, (exact / u128::from(sum)) as u64, exact % u128::from(sum))
        })
        .collect();
    let given: u64 = counts.iter().map(|c| c.1).sum();
    let mut by_remainder: Vec<usize> = (0..counts.len()).collect();
    by_remainder.sort_by(|&a, &b| counts[b].2.cmp(&counts[a].2).then(a.cmp(&b)));
    for &i in by_remainder.iter().take((total - given) as usize) {
        counts[i].1 += 1;
    }
    counts
        .into_iter()
        .map(|(i, n, _)| (tiers[i].0.clone(), n))
        .collect()
}

/// The `--set` arguments the overrides stand for, as a shell takes them.
pub(crate) fn set_arguments(overrides: &[(usize, Override)]) -> Vec<String> {
    overrides
        .iter()
        .map(|(_, o)| format!("--set {}", shell_quote(&o.argument)))
        .collect()
}

/// A word quoted for a POSIX shell when it needs it.
fn shell_quote(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.=/:,+".contains(c));
    if plain && !word.is_empty() {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The scenario compiled with the overrides, or each problem placed next to
/// the setting it comes from (a problem in the file itself under the path "").
pub(crate) fn load(
    file_name: &str,
    source: &str,
    settings: &[(String, String)],
    overrides: &[(usize, Override)],
) -> Result<Model, Vec<SettingError>> {
    let plain: Vec<Override> = overrides.iter().map(|(_, o)| o.clone()).collect();
    load_with_overrides(file_name, source, &plain).map_err(|e| placed(&e, settings, overrides))
}

/// The scenario text with the overrides applied, keeping the file's comments
/// (the same edit `--set` makes), or the problems as [`load`] places them.
pub(crate) fn edited(
    file_name: &str,
    source: &str,
    settings: &[(String, String)],
    overrides: &[(usize, Override)],
) -> Result<String, Vec<SettingError>> {
    let plain: Vec<Override> = overrides.iter().map(|(_, o)| o.clone()).collect();
    edited_text(file_name, source, &plain).map_err(|e| placed(&e, settings, overrides))
}

/// Each problem of a scenario error with the path of the setting it lies in.
fn placed(
    error: &ScenarioError,
    settings: &[(String, String)],
    overrides: &[(usize, Override)],
) -> Vec<SettingError> {
    error
        .problems
        .iter()
        .map(|p| {
            let owner = p.argument.as_ref().and_then(|arg| {
                overrides
                    .iter()
                    .find(|(_, o)| &o.shown() == arg)
                    .map(|(k, _)| settings[*k].0.clone())
            });
            let shown = ScenarioError {
                file_name: error.file_name.clone(),
                source: error.source.clone(),
                problems: vec![p.clone()],
            };
            let text = shown.to_string();
            // The last line is the count ("1 problem found"): not wanted beside a control.
            let message = text
                .rsplit_once('\n')
                .map_or(text.as_str(), |(body, _)| body)
                .trim_end()
                .to_string();
            SettingError {
                path: owner.unwrap_or_default(),
                message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers(n: &[u64]) -> Vec<(String, u64)> {
        n.iter()
            .enumerate()
            .map(|(i, &n)| (format!("t{i}"), n))
            .collect()
    }

    #[test]
    fn scaled_tiers_add_up_and_keep_their_proportions() {
        let scaled = scale_tiers(&tiers(&[4, 16, 20]), 60);
        let counts: Vec<u64> = scaled.iter().map(|t| t.1).collect();
        assert_eq!(counts, [6, 24, 30]);
        // 10 x (1/3 each): 3.33 each, the one left over to the first tier.
        let counts: Vec<u64> = scale_tiers(&tiers(&[1, 1, 1]), 10)
            .iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(counts, [4, 3, 3]);
        for total in 1..200 {
            let s: u64 = scale_tiers(&tiers(&[3, 7, 11, 0]), total)
                .iter()
                .map(|t| t.1)
                .sum();
            assert_eq!(s, total);
        }
    }

    #[test]
    fn arguments_are_quoted_for_the_shell_when_needed() {
        assert_eq!(shell_quote("organisation.teams=8"), "organisation.teams=8");
        assert_eq!(shell_quote("a.b=[1, 2, 3]"), "'a.b=[1, 2, 3]'");
        assert_eq!(shell_quote("x='y'"), r"'x='\''y'\'''");
    }
}
