//! The state shared while a written scenario is checked and compiled: problems
//! found so far, the input table being filled, and the role names. Every field is
//! checked through here so that each problem carries its path, span and fix.

use std::ops::Range;

use toml::Spanned;

use crate::model::{Input, InputId, RoleId};
use crate::sample::dist::{Dist, DistSpec, FieldRange, toml_spelling};
use crate::sample::rng::stream_key;
use crate::scenario::error::Problem;
use crate::scenario::written::Quantity;

const fn soft(max: f64) -> FieldRange {
    FieldRange {
        min: 0.0,
        max,
        hard_max: false,
    }
}

/// Field ranges; docs/scenario.md lists them ("Field ranges").
pub(crate) const MONEY: FieldRange = soft(1e12);
pub(crate) const FRACTION: FieldRange = FieldRange {
    min: 0.0,
    max: 1.0,
    hard_max: true,
};
pub(crate) const WEEKS: FieldRange = soft(10_000.0);
pub(crate) const HOURS: FieldRange = soft(10_000.0);
pub(crate) const DAYS: FieldRange = soft(10_000.0);
pub(crate) const COUNT: FieldRange = soft(1e6);
pub(crate) const FACTOR: FieldRange = soft(100.0);
pub(crate) const RATE: FieldRange = soft(1e6);

pub(super) struct Builder {
    pub problems: Vec<Problem>,
    pub inputs: Vec<Input>,
    pub roles: Vec<String>,
    pub role_spans: Vec<Range<usize>>,
}

impl Builder {
    pub(super) fn new() -> Builder {
        Builder {
            problems: Vec::new(),
            inputs: Vec::new(),
            roles: Vec::new(),
            role_spans: Vec::new(),
        }
    }

    pub(super) fn problem(
        &mut self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems.push(Problem::new(span, field, message, help));
    }

    /// Checks a written quantity against its field's range and adds it as an input.
    /// On a problem the input is still added (as 0) so that compilation can go on
    /// and report every other problem too.
    pub(super) fn input(
        &mut self,
        path: String,
        quantity: &Quantity,
        range: FieldRange,
    ) -> InputId {
        self.input_as(path.clone(), path, quantity, range)
    }

    /// Like [`Builder::input`], for an input whose path (named by id, e.g.
    /// `models.ybiyri.activities.access.duration_weeks`) differs from the field
    /// path a problem is reported at (`models.ybiyri.activities[0].duration_weeks`).
    pub(super) fn input_as(
        &mut self,
        field: String,
        path: String,
        quantity: &Quantity,
        range: FieldRange,
    ) -> InputId {
        let dist = match Dist::new(quantity.get_ref(), range) {
            Ok(dist) => dist,
            Err(e) => {
                self.problem(quantity.span(), field, e.message, e.help);
                Dist::Constant(0.0)
            }
        };
        self.push(path, dist, quantity.span())
    }

    /// An input that the file may leave out, with its documented default.
    pub(super) fn optional(
        &mut self,
        path: String,
        quantity: Option<&Quantity>,
        default: f64,
        range: FieldRange,
    ) -> InputId {
        self.optional_as(path.clone(), path, quantity, default, range)
    }

    /// [`Builder::optional`] with a field path distinct from the input path.
    pub(super) fn optional_as(
        &mut self,
        field: String,
        path: String,
        quantity: Option<&Quantity>,
        default: f64,
        range: FieldRange,
    ) -> InputId {
        match quantity {
            Some(q) => self.input_as(field, path, q, range),
            None => self.push(path, Dist::Constant(default), 0..0),
        }
    }

    /// A derived constant (e.g. rotas counted from tiers) recorded as an input so
    /// that reports show it.
    pub(super) fn constant(&mut self, path: String, value: f64) -> InputId {
        self.push(path, Dist::Constant(value), 0..0)
    }

    /// An input with a distribution built here rather than written.
    pub(super) fn derived(&mut self, path: String, dist: Dist, span: Range<usize>) -> InputId {
        self.push(path, dist, span)
    }

    fn push(&mut self, path: String, dist: Dist, span: Range<usize>) -> InputId {
        let stream_key = stream_key(&path);
        self.inputs.push(Input {
            path,
            dist,
            span,
            stream_key,
            source: None,
            confidence: None,
        });
        self.inputs.len() - 1
    }

    /// Resolves a role name written in `field`.
    pub(super) fn role(&mut self, field: String, name: &Spanned<String>) -> RoleId {
        match self.roles.iter().position(|r| r == name.get_ref()) {
            Some(i) => i,
            None => {
                let known = &self.roles;
                let help = match closest(name.get_ref(), known) {
                    None if !known.is_empty() => format!(
                        "give `{}` a day rate in organisation.day_rates, or use one of the roles defined there: {}",
                        name.get_ref(),
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    _ => unknown_help("role", name.get_ref(), known, "organisation.day_rates"),
                };
                self.problem(
                    name.span(),
                    field,
                    format!("unknown role `{}`", name.get_ref()),
                    help,
                );
                0
            }
        }
    }

    /// Checks a whole number written as an integer field.
    pub(super) fn count(&mut self, field: &str, value: &Spanned<i64>, min: i64, max: i64) -> i64 {
        let v = *value.get_ref();
        if v < min || v > max {
            self.problem(
                value.span(),
                field,
                format!("{v} is out of range: it must be between {min} and {max}"),
                format!("write a whole number from {min} to {max}"),
            );
            return min;
        }
        v
    }

    /// Checks a plain number field.
    pub(super) fn number(&mut self, field: &str, value: &Spanned<f64>, min: f64, max: f64) -> f64 {
        let v = *value.get_ref();
        if !v.is_finite() {
            self.problem(
                value.span(),
                field,
                format!("`{}` is not a finite number", toml_spelling(v)),
                format!("write a number from {min} to {max}"),
            );
            return min;
        }
        if v < min || v > max {
            self.problem(
                value.span(),
                field,
                format!("{v} is out of range: it must be between {min} and {max}"),
                format!("write a number from {min} to {max}"),
            );
            return min;
        }
        v
    }
}

/// "did you mean" help for a name that is not among `known`.
pub(super) fn unknown_help(
    kind: &str,
    name: &str,
    known: &[String],
    where_defined: &str,
) -> String {
    let kinds = plural(kind);
    match closest(name, known) {
        Some(best) => format!("did you mean `{best}`? ({kinds} are defined in {where_defined})"),
        None if known.is_empty() => format!("define the {kind} in {where_defined} first"),
        None => format!(
            "use one of the {kinds} defined in {where_defined}: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The plural of a kind of thing named in messages ("activity" -> "activities").
pub(super) fn plural(kind: &str) -> String {
    match kind.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{kind}s"),
    }
}

/// The known name nearest to `name` by edit distance, if it is near enough to be a typo.
pub(crate) fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 4) && *d < k.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

/// Levenshtein distance between two strings, by characters.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// True when a written quantity is a constant exactly equal to `value`.
pub(super) fn is_constant(q: Option<&Quantity>, value: f64) -> bool {
    matches!(q.map(|q| q.get_ref()), Some(DistSpec::Constant(v)) if *v == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("developer", "developer"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn plurals_read_as_english() {
        assert_eq!(plural("activity"), "activities");
        assert_eq!(plural("role"), "roles");
        assert_eq!(plural("day"), "days");
    }

    #[test]
    fn closest_suggests_typos_only() {
        let known = vec!["developer".to_string(), "support-analyst".to_string()];
        assert_eq!(closest("developer", &known), Some("developer"));
        assert_eq!(closest("accountant", &known), None);
    }
}
