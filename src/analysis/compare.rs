//! Two scenario files run on the same seed and iteration count (`opsim
//! compare A.toml B.toml`), paired: their headline statistics matched by model
//! id into [`Row`]s of A, B and B − A. The command itself (checks before the
//! runs, the runs, writing) is `commands::compare`; `export::compare_*` only
//! format the [`Comparison`].
//!
//! Both runs use the same seed, so every input whose path is the same in both
//! files draws the same numbers in each iteration (common random numbers): a
//! change to one input moves the results by its own effect, not by fresh noise.
//! The standard error of a difference of means is given as
//! sqrt(se_A² + se_B²), the value for independent runs; shared random numbers
//! make the runs positively correlated, so the true one is smaller and this is
//! an upper bound.

use std::path::{Component, Path};

use crate::engine::RunOptions;
use crate::engine::record::{Difference, Headline};
use crate::engine::summary::{ComparisonSummary, ModelSummary, Summary};
use crate::stats::stat::Stat;

/// One of the two scenario files.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The path as given on the command line.
    pub file: String,
    /// A short name for column headers: the file name, or its last two path
    /// components when both files have the same name.
    pub label: String,
    /// SHA-256 of the file's text (before `--set`).
    pub sha256: String,
    /// `scenario.name` in the file.
    pub scenario: String,
    /// Id of the file's baseline model.
    pub baseline: String,
    /// `simulation.iterations` and `simulation.seed` as the file gives them.
    pub iterations_in_file: u64,
    /// `simulation.seed` as the file gives it.
    pub seed_in_file: u64,
}

/// What a row's numbers measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// An amount in the scenarios' currency.
    Money,
    /// A number of weeks.
    Weeks,
    /// A share of iterations, 0 to 1.
    Share,
    /// A 0-based month of the horizon; None is "not within horizon".
    Month,
}

impl Unit {
    /// The unit's name in compare.csv and compare.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Money => "currency",
            Unit::Weeks => "weeks",
            Unit::Share => "share",
            Unit::Month => "month",
        }
    }
}

/// Which part of the summaries a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// A model's own statistics (`models.<id>` of summary.json).
    Model,
    /// A model against the baseline (`comparisons.<id>`).
    Comparison,
}

impl Section {
    /// The section's name in compare.csv and compare.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Model => "model",
            Section::Comparison => "comparison",
        }
    }
}

/// One statistic of one model in both runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Whether it is a model's own statistic or a comparison's.
    pub section: Section,
    /// The model id (for a comparison: the model compared with the baseline).
    pub model: String,
    /// `<summary.json name>.<mean|p10|p50|p90>`, e.g. `tco.mean`.
    pub statistic: &'static str,
    /// How the table names the statistic.
    pub label: &'static str,
    /// What the numbers measure.
    pub unit: Unit,
    /// None only for a break-even month that is not within the horizon.
    pub a: Option<f64>,
    /// Standard error of `a`, for means and shares; None for quantiles.
    pub a_se: Option<f64>,
    /// The value in B's run; None as for `a`.
    pub b: Option<f64>,
    /// Standard error of `b`; None for quantiles.
    pub b_se: Option<f64>,
}

impl Row {
    /// B − A; None when either side has no value.
    pub fn difference(&self) -> Option<f64> {
        Some(self.b? - self.a?)
    }

    /// sqrt(se_A² + se_B²): exact for independent runs, an upper bound for
    /// these, which share random numbers (see the module documentation).
    pub fn difference_se(&self) -> Option<f64> {
        Some(self.a_se?.hypot(self.b_se?))
    }
}

/// A model present in both files.
#[derive(Debug, Clone, PartialEq)]
pub struct Paired {
    /// Model id.
    pub id: String,
    /// The name A gives it.
    pub name: String,
}

/// Both runs, paired.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The first file.
    pub a: Side,
    /// The second file.
    pub b: Side,
    /// Currency code, the same in both files.
    pub currency: String,
    /// Months of the horizon, the same in both files.
    pub horizon_months: usize,
    /// Iterations and seed of both runs.
    pub iterations: u64,
    /// Seed of both runs.
    pub seed: u64,
    /// The `--set` arguments applied to both files, as written.
    pub set: Vec<String>,
    /// Models present in both files, in A's order.
    pub models: Vec<Paired>,
    /// Model ids only one file defines.
    pub models_only_in_a: Vec<String>,
    /// Model ids only B defines.
    pub models_only_in_b: Vec<String>,
    /// `<model> vs <baseline>` comparisons only one file makes (a comparison is
    /// paired only when both files compare that model with the same baseline).
    pub comparisons_only_in_a: Vec<String>,
    /// Comparisons only B makes.
    pub comparisons_only_in_b: Vec<String>,
    /// Model rows for each paired model (in A's order), then comparison rows.
    pub rows: Vec<Row>,
    /// Sentences about settings the files disagree on (iterations, seed).
    pub notes: Vec<String>,
}

/// A statistic read from a summary: (value, standard error).
type Reading = (Option<f64>, Option<f64>);

/// One row's definition: its name, label, unit and how to read it.
struct Measure<T> {
    statistic: &'static str,
    label: &'static str,
    unit: Unit,
    read: fn(&T) -> Reading,
}

fn mean(s: &Stat) -> Reading {
    (Some(s.mean), Some(s.se))
}

fn quantile(value: f64) -> Reading {
    (Some(value), None)
}

fn readiness_all(m: &ModelSummary, q: fn(&Stat) -> f64) -> Reading {
    (m.readiness("all").map(q), None)
}

const MODEL_MEASURES: [Measure<ModelSummary>; 10] = [
    Measure {
        statistic: "tco.mean",
        label: "TCO (cash), mean ±se",
        unit: Unit::Money,
        read: |m| mean(m.headline(Headline::Tco)),
    },
    Measure {
        statistic: "tco.p10",
        label: "  TCO P10",
        unit: Unit::Money,
        read: |m| quantile(m.headline(Headline::Tco).p10),
    },
    Measure {
        statistic: "tco.p90",
        label: "  TCO P90",
        unit: Unit::Money,
        read: |m| quantile(m.headline(Headline::Tco).p90),
    },
    Measure {
        statistic: "setup_cost.mean",
        label: "Setup cost, mean ±se",
        unit: Unit::Money,
        read: |m| mean(m.headline(Headline::SetupCost)),
    },
    Measure {
        statistic: "run_cost.mean",
        label: "Run cost, mean ±se",
        unit: Unit::Money,
        read: |m| mean(m.headline(Headline::RunCost)),
    },
    Measure {
        statistic: "opportunity_cost.mean",
        label: "Opportunity cost, mean ±se",
        unit: Unit::Money,
        read: |m| mean(m.headline(Headline::OpportunityCost)),
    },
    Measure {
        statistic: "economic_cost.mean",
        label: "Economic cost, mean ±se",
        unit: Unit::Money,
        read: |m| mean(m.headline(Headline::EconomicCost)),
    },
    Measure {
        statistic: "npv.mean",
        label: "NPV of TCO, mean ±se",
        unit: Unit::Money,
        read: |m| mean(m.headline(Headline::Npv)),
    },
    Measure {
        statistic: "readiness_weeks.all.p50",
        label: "Readiness P50, weeks",
        unit: Unit::Weeks,
        read: |m| readiness_all(m, |s| s.p50),
    },
    Measure {
        statistic: "readiness_weeks.all.p90",
        label: "Readiness P90, weeks",
        unit: Unit::Weeks,
        read: |m| readiness_all(m, |s| s.p90),
    },
];

const COMPARISON_MEASURES: [Measure<ComparisonSummary>; 5] = [
    Measure {
        statistic: "tco_difference.mean",
        label: "TCO difference, mean ±se",
        unit: Unit::Money,
        read: |c| mean(c.difference(Difference::Tco)),
    },
    Measure {
        statistic: "tco_difference.p10",
        label: "  TCO difference P10",
        unit: Unit::Money,
        read: |c| quantile(c.difference(Difference::Tco).p10),
    },
    Measure {
        statistic: "tco_difference.p90",
        label: "  TCO difference P90",
        unit: Unit::Money,
        read: |c| quantile(c.difference(Difference::Tco).p90),
    },
    Measure {
        statistic: "probability_cheaper",
        label: "Probability cheaper ±se",
        unit: Unit::Share,
        read: |c| (Some(c.probability_cheaper), Some(c.probability_cheaper_se)),
    },
    Measure {
        statistic: "break_even_month.p50",
        label: "Break-even month P50",
        unit: Unit::Month,
        read: |c| (c.break_even_month.p50.map(|m| m as f64), None),
    },
];

fn rows<T>(section: Section, model: &str, measures: &[Measure<T>], a: &T, b: &T) -> Vec<Row> {
    measures
        .iter()
        .map(|m| {
            let ((a_value, a_se), (b_value, b_se)) = ((m.read)(a), (m.read)(b));
            Row {
                section,
                model: model.to_string(),
                statistic: m.statistic,
                label: m.label,
                unit: m.unit,
                a: a_value,
                a_se,
                b: b_value,
                b_se,
            }
        })
        .collect()
}

/// Ids in `ids` that are not in `others`, in order.
fn missing_from(ids: &[String], others: &[String]) -> Vec<String> {
    ids.iter()
        .filter(|id| !others.contains(id))
        .cloned()
        .collect()
}

fn comparison_keys(s: &Summary) -> Vec<String> {
    s.comparisons
        .iter()
        .map(|c| format!("{} vs {}", c.id, s.baseline))
        .collect()
}

impl Comparison {
    /// Pairs two runs' summaries by model id. Both ran with `options`.
    pub fn new(
        a: Side,
        b: Side,
        summaries: [&Summary; 2],
        options: RunOptions,
        set: Vec<String>,
        notes: Vec<String>,
    ) -> Comparison {
        let [sa, sb] = summaries;
        let mut rows = Vec::new();
        let mut models = Vec::new();
        for ma in &sa.models {
            if let Some(mb) = sb.model(&ma.id) {
                rows.extend(self::rows(Section::Model, &ma.id, &MODEL_MEASURES, ma, mb));
                models.push(Paired {
                    id: ma.id.clone(),
                    name: ma.name.clone(),
                });
            }
        }
        if sa.baseline == sb.baseline {
            for ca in &sa.comparisons {
                if let Some(cb) = sb.comparison(&ca.id) {
                    rows.extend(self::rows(
                        Section::Comparison,
                        &ca.id,
                        &COMPARISON_MEASURES,
                        ca,
                        cb,
                    ));
                }
            }
        }
        let ids = |s: &Summary| s.models.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        let (ids_a, ids_b) = (ids(sa), ids(sb));
        let (keys_a, keys_b) = (comparison_keys(sa), comparison_keys(sb));
        Comparison {
            a,
            b,
            currency: sa.currency.clone(),
            horizon_months: sa.horizon_months,
            iterations: options.iterations,
            seed: options.seed,
            set,
            models,
            models_only_in_a: missing_from(&ids_a, &ids_b),
            models_only_in_b: missing_from(&ids_b, &ids_a),
            comparisons_only_in_a: missing_from(&keys_a, &keys_b),
            comparisons_only_in_b: missing_from(&keys_b, &keys_a),
            rows,
            notes,
        }
    }

    /// The rows of one section and model, in order.
    pub fn rows_of<'a>(
        &'a self,
        section: Section,
        model: &'a str,
    ) -> impl Iterator<Item = &'a Row> {
        self.rows
            .iter()
            .filter(move |r| r.section == section && r.model == model)
    }
}

/// Column labels for two paths: their file names, or their last two components
/// when the file names are equal but the paths are not.
pub fn short_labels(a: &str, b: &str) -> (String, String) {
    let tail = |path: &str, parts: usize| {
        let components: Vec<String> = Path::new(path)
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        components[components.len().saturating_sub(parts)..].join("/")
    };
    let (name_a, name_b) = (tail(a, 1), tail(b, 1));
    if name_a == name_b && a != b {
        (tail(a, 2), tail(b, 2))
    } else {
        (name_a, name_b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_file_names_unless_those_are_equal() {
        assert_eq!(
            short_labels("scenarios/a.toml", "/tmp/b.toml"),
            ("a.toml".into(), "b.toml".into())
        );
        assert_eq!(
            short_labels("old/x.toml", "new/x.toml"),
            ("old/x.toml".into(), "new/x.toml".into())
        );
        assert_eq!(
            short_labels("x.toml", "x.toml"),
            ("x.toml".into(), "x.toml".into())
        );
    }

    #[test]
    fn a_difference_needs_both_values_and_its_se_both_errors() {
        let row = Row {
            section: Section::Comparison,
            model: "m".into(),
            statistic: "break_even_month.p50",
            label: "",
            unit: Unit::Month,
            a: Some(12.0),
            a_se: Some(3.0),
            b: None,
            b_se: Some(4.0),
        };
        assert_eq!(row.difference(), None);
        assert_eq!(row.difference_se(), Some(5.0));
        let row = Row {
            b: Some(10.0),
            a_se: None,
            ..row
        };
        assert_eq!(row.difference(), Some(-2.0));
        assert_eq!(row.difference_se(), None);
    }
}
