//! What `opsim fit` hands the analyst: the fitted values as a TOML fragment
//! (each line under the table it belongs in), as `--set` arguments, or as
//! (path, value) pairs for `--apply`. Every value is an inline table with its
//! distribution, `source` (file, row count, date range) and `confidence`.
//! Numbers are written to four significant figures.

use super::estimate::four_figures;
use super::{Fit, Kind, time};

/// One fitted value: its scenario path and its TOML value.
#[derive(Debug, Clone)]
pub(crate) struct Value {
    /// e.g. `organisation.incident_rate_per_service_per_month`.
    pub(crate) path: String,
    /// e.g. `{ lognormal = [0.41, 0.5], source = "...", confidence = "high" }`.
    pub(crate) toml: String,
}

/// `1,234`.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number as the fragment writes it: four significant figures, shortest form.
fn number(v: f64) -> String {
    format!("{}", four_figures(v))
}

/// `[p5, p95]` with enough figures that p5 < p95.
fn interval(p5: f64, p95: f64) -> String {
    let (a, b) = (four_figures(p5), four_figures(p95));
    if a < b {
        format!("[{a}, {b}]")
    } else {
        format!("[{p5}, {p95}]")
    }
}

/// A TOML basic string, escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The fitted values, in the order the fragment lists them.
pub(crate) fn values(fit: &Fit) -> Vec<Value> {
    let data = &fit.data;
    let noun = fit.options.kind.noun_plural();
    let dates = format!(
        "{} to {}",
        time::date(fit.rate.first_seconds),
        time::date(fit.rate.last_seconds)
    );
    let rate_source = format!(
        "{}: {} {noun} on {} services, {dates}",
        data.file_name,
        grouped(fit.rate.events),
        grouped(fit.rate.services)
    );
    let mut out = vec![Value {
        path: fit.options.kind.rate_path().to_string(),
        toml: format!(
            "{{ lognormal = {}, source = {}, confidence = \"{}\" }}",
            interval(fit.rate.p5, fit.rate.p95),
            quoted(&rate_source),
            fit.rate_confidence
        ),
    }];
    if let Some(restore) = &fit.restore {
        let source = format!(
            "{}: {} resolved incidents, {dates}",
            data.file_name,
            grouped(restore.lognormal.n as u64)
        );
        let form = match &restore.empirical {
            Some(table) => {
                let pairs: Vec<String> = table
                    .iter()
                    .map(|(v, w)| format!("[{}, {w}]", number(*v)))
                    .collect();
                format!("discrete = [{}]", pairs.join(", "))
            }
            None => format!(
                "lognormal = {}",
                interval(restore.lognormal.p5, restore.lognormal.p95)
            ),
        };
        out.push(Value {
            path: format!(
                "models.{}.incidents.time_to_restore_hours",
                fit.options.model
            ),
            toml: format!(
                "{{ {form}, source = {}, confidence = \"{}\" }}",
                quoted(&source),
                restore.confidence
            ),
        });
    }
    out
}

/// The TOML fragment: a comment saying where it came from, then each value
/// under its table.
pub(crate) fn toml(fit: &Fit) -> String {
    let mut out = format!(
        "# opsim fit {} {} ({}): docs/fit.md says how each value is estimated.\n\
         # Put each line under its table in the scenario, or use --apply SCENARIO.\n",
        fit.options.kind.noun_plural(),
        fit.data.file_name,
        fit.data.columns.layout
    );
    for v in values(fit) {
        let (table, key) = v.path.rsplit_once('.').unwrap_or(("", &v.path));
        out.push_str(&format!("\n[{table}]\n{key} = {}\n", v.toml));
    }
    if let Some(restore) = &fit.restore
        && !restore.by_tier.is_empty()
    {
        out.push_str(
            "# Time to restore by tier (the scenario has one per model; for reference):\n",
        );
        for (name, n, tier_fit) in &restore.by_tier {
            let name = name.replace(['\n', '\r'], " ");
            match tier_fit {
                Some(f) => out.push_str(&format!(
                    "#   {}: {{ lognormal = {} }} from {} incidents\n",
                    super::read::excerpt(&name),
                    interval(f.p5, f.p95),
                    grouped(*n as u64)
                )),
                None => out.push_str(&format!(
                    "#   {}: {} incidents, too few to fit\n",
                    super::read::excerpt(&name),
                    grouped(*n as u64)
                )),
            }
        }
    }
    if fit.options.kind == Kind::Deployments {
        out.push_str(
            "# Deployments made under a cap (change windows) measure what was made, not\n\
             # what the teams wanted: see docs/fit.md.\n",
        );
    }
    out
}

/// The values as `--set` arguments, one per line, quoted for a POSIX shell.
pub(crate) fn set_arguments(fit: &Fit) -> String {
    values(fit)
        .iter()
        .map(|v| format!("--set '{}={}'\n", v.path, v.toml.replace('\'', "'\\''")))
        .collect()
}
