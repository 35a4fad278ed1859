//! The page's controls, built once when the server starts: the top drivers of
//! the TCO difference from the sensitivity analysis (each with its label, unit
//! and a range around the scenario's value), the organisation's size (services,
//! teams), each model's standby pay, every countermeasure on or off and every
//! risk in or out. A control names the `--set` path it sets; the page sends
//! path and value, and the server checks them as `--set` would.

use serde_json::{Value, json};

use crate::analysis::OutputSensitivity;
use crate::export::verdict::value_in_unit;
use crate::model::Model;
use crate::model::words::Unit;
use crate::sample::dist::Dist;
use crate::scenario::overrides::settable_paths;

/// Drivers shown, largest swing first.
pub(crate) const TOP_DRIVERS: usize = 6;

/// Every control of the page, in groups, as JSON.
pub(crate) fn controls(
    model: &Model,
    source: &str,
    analysis: Option<&[OutputSensitivity]>,
) -> Value {
    let settable = settable_paths(source);
    let is_settable = |p: &str| settable.iter().any(|s| s == p);
    let mut groups = Vec::new();

    // Standby pay and the organisation's size have controls of their own.
    let own: Vec<&str> = model
        .models
        .iter()
        .map(|om| {
            model.inputs[om.arrangement.standby_pay_per_week]
                .path
                .as_str()
        })
        .collect();
    let mut drivers = Vec::new();
    for path in driver_paths(analysis) {
        let Some(set_path) = override_path(&path).filter(|p| is_settable(p)) else {
            continue;
        };
        if own.contains(&set_path.as_str()) {
            continue;
        }
        if drivers.len() == TOP_DRIVERS
            || drivers
                .iter()
                .any(|d: &Value| d["path"] == set_path.as_str())
        {
            continue;
        }
        if let Some(input) = model.inputs.iter().find(|i| i.path == path) {
            drivers.push(number_control(model, &set_path, &input.path, &input.dist));
        }
    }
    groups.push(json!({"title": "What drives the answer", "controls": drivers}));

    let org = &model.organisation;
    let mut size = Vec::new();
    for (path, label, unit, now) in [
        (
            "organisation.services",
            "Digital services",
            "services",
            org.services,
        ),
        ("organisation.teams", "Product teams", "teams", org.teams),
    ] {
        size.push(json!({
            "kind": "number", "path": path, "label": label, "unit": unit,
            "min": 1, "max": (now * 3.0).max(10.0).round(), "step": 1, "value": now,
            "assumes": format!("the scenario has {now}"),
        }));
    }
    groups.push(json!({"title": "The organisation", "controls": size}));

    let mut pay = Vec::new();
    for om in &model.models {
        let input = &model.inputs[om.arrangement.standby_pay_per_week];
        if is_settable(&input.path) {
            pay.push(number_control(model, &input.path, &input.path, &input.dist));
        }
    }
    groups.push(json!({"title": "On-call pay", "controls": pay}));

    let mut switches = Vec::new();
    let mut risks = Vec::new();
    for om in &model.models {
        for cm in &om.countermeasures {
            let path = format!("models.{}.countermeasures.{}.enabled", om.id, cm.id);
            switches.push(json!({
                "kind": "switch", "path": path,
                "label": format!("{} ({})", cm.name, om.name),
                "default": cm.enabled,
                "on": "true", "off": "false",
            }));
        }
        for risk in &om.risks {
            let path = format!("models.{}.risks.{}.probability", om.id, risk.id);
            risks.push(json!({
                "kind": "switch", "path": path,
                "label": format!("{} ({})", risk.name, om.name),
                "default": true,
                "on": Value::Null, "off": "0",
            }));
        }
    }
    groups.push(json!({"title": "Countermeasures (on or off)", "controls": switches}));
    groups.push(json!({"title": "Risks (in or out)", "controls": risks}));
    json!({ "groups": groups })
}

/// Paths of the uncertain inputs that drive the TCO difference most, largest
/// swing first, over every compared model.
fn driver_paths(analysis: Option<&[OutputSensitivity]>) -> Vec<String> {
    let Some(sensitivity) = analysis else {
        return Vec::new();
    };
    let mut effects: Vec<(f64, String)> = sensitivity
        .iter()
        .filter(|o| o.output == "tco_difference")
        .flat_map(|o| o.effects.iter().map(|e| (e.swing().abs(), e.path.clone())))
        .collect();
    effects.sort_by(|a, b| b.0.total_cmp(&a.0));
    effects.into_iter().map(|(_, p)| p).collect()
}

/// The `--set` path of an input path: a risk's `occurs` is its `probability`;
/// a risk's delay is one value for every activity it hits.
fn override_path(input_path: &str) -> Option<String> {
    if let Some(risk) = input_path.strip_suffix(".occurs") {
        return Some(format!("{risk}.probability"));
    }
    if let Some((risk, _)) = input_path.split_once(".delay_weeks.") {
        return Some(format!("{risk}.delay_weeks"));
    }
    Some(input_path.to_string())
}

/// A slider for one quantity (`path` sets it, `input_path` names its words):
/// from below the scenario's P10 to above its P90, starting at its P50.
fn number_control(model: &Model, path: &str, input_path: &str, dist: &Dist) -> Value {
    let (p10, p50, p90) = (dist.quantile(0.1), dist.quantile(0.5), dist.quantile(0.9));
    let words = model.words(input_path);
    let fraction = matches!(words.unit, Unit::Share | Unit::Probability) || is_fraction(path);
    let spread = (p90 - p10)
        .max(p50.abs() * 0.5)
        .max(if fraction { 0.1 } else { 1.0 });
    let min = (p10 - spread).max(0.0);
    let mut max = p90 + spread;
    if fraction {
        max = max.min(1.0);
    }
    let step = nice_step((max - min) / 200.0);
    let (label, unit) = label(model, input_path);
    let shown = |v: f64| value_in_unit(&model.meta.currency, words.unit, v);
    let assumes = if p10 == p90 {
        format!("the scenario assumes {}", shown(p50))
    } else {
        format!(
            "the scenario assumes {} to {} (P10 to P90)",
            shown(p10),
            shown(p90)
        )
    };
    json!({
        "kind": "number", "path": path, "label": label, "unit": unit,
        "min": snap(min, step), "max": snap(max, step).max(snap(min, step) + step),
        "step": step, "value": snap(p50, step), "assumes": assumes,
    })
}

fn is_fraction(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.contains("probability") || last.contains("share")
}

/// A round step of about `raw`: 1, 2 or 5 times a power of ten.
fn nice_step(raw: f64) -> f64 {
    if !(raw > 0.0 && raw.is_finite()) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let m = raw / power;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

fn snap(value: f64, step: f64) -> f64 {
    let snapped = (value / step).round() * step;
    // Printed through a decimal so that 0.1 + 0.2 style noise does not show.
    format!("{snapped:.10}").parse().unwrap_or(snapped)
}

/// A control's label and unit, as the report words the input: its label with
/// the operating model it belongs to, and its unit.
pub(crate) fn label(model: &Model, input_path: &str) -> (String, String) {
    let words = model.words(input_path);
    (words.with_model(), words.unit.text(&model.meta.currency))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(33.0), 50.0);
        assert_eq!(nice_step(0.004), 0.005);
    }

    #[test]
    fn risk_inputs_are_set_by_their_probability() {
        assert_eq!(
            override_path("models.y.risks.r.occurs").as_deref(),
            Some("models.y.risks.r.probability")
        );
        assert_eq!(
            override_path("models.y.risks.r.delay_weeks.a").as_deref(),
            Some("models.y.risks.r.delay_weeks")
        );
    }
}
