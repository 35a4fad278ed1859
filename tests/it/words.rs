//! Every input of the shipped scenarios has a label and unit in words
//! (`Model::words`), with the names of the models, tiers, activities, risks and
//! countermeasures in place of their ids; and the `source` and `confidence`
//! written beside a value reach the compiled model.

use opsim::model::words::Unit;
use opsim::scenario;

const SHIPPED: [(&str, &str); 4] = [
    ("example", include_str!("../../scenarios/example.toml")),
    ("bench-40", include_str!("../../scenarios/bench-40.toml")),
    ("starter", include_str!("../../scenarios/starter.toml")),
    (
        "enterprise-5000",
        include_str!("../../scenarios/enterprise-5000.toml"),
    ),
];

#[test]
fn every_shipped_input_has_words() {
    for (name, text) in SHIPPED {
        let model = scenario::load(name, text).expect("a shipped scenario loads");
        for input in &model.inputs {
            let words = model.words(&input.path);
            assert!(words.known, "{name}: no words for {}", input.path);
            assert!(
                !words.label.is_empty(),
                "{name}: empty label for {}",
                input.path
            );
            assert!(
                !words.label.contains("models.") && !words.label.contains("organisation."),
                "{name}: a dotted path in the label of {}: {}",
                input.path,
                words.label
            );
        }
    }
}

#[test]
fn ids_are_replaced_by_names() {
    // Helper D may move the starter's comments into fields: replace whole lines.
    let mut text = String::new();
    for line in scenario::STARTER.lines() {
        let line = if line.starts_with("standby_pay_per_week = [150, 275, 500]") {
            "standby_pay_per_week = { pert = [150, 275, 500], source = \"HR pay policy 2026\", confidence = \"high\" }"
        } else if line.starts_with("duration_weeks = [1, 3, 8]") {
            "duration_weeks = { pert = [1, 3, 8], confidence = \"judgement\" }"
        } else if line.starts_with("probability = 0.3") {
            "probability = { constant = 0.3, source = \"risk log\", confidence = \"low\" }"
        } else {
            line
        };
        text.push_str(line);
        text.push('\n');
    }
    let model = scenario::load("words.toml", &text).expect("loads");
    let pay = model.words("models.ops-run-it.on_call.standby_pay_per_week");
    assert_eq!(pay.label, "Standby pay per person per week");
    assert_eq!(pay.unit, Unit::Money);
    assert_eq!(pay.model.as_deref(), Some("Ops Run It"));
    assert_eq!(
        pay.full("GBP"),
        "Standby pay per person per week, £ (Ops Run It)"
    );
    let duration =
        model.words("models.ybiyri.activities.on-call-schedules-and-training.duration_weeks");
    assert_eq!(
        duration.label,
        "Establish out-of-hours schedules and operational training: duration"
    );
    assert_eq!(duration.unit, Unit::Weeks);
    let delay = model
        .words("models.ybiyri.risks.security-review.delay_weeks.on-call-schedules-and-training");
    assert_eq!(
        delay.label,
        "A security review of production access delays go-live: delay to Establish out-of-hours schedules and operational training"
    );
    let rate = model.words("organisation.day_rates.developer");
    assert_eq!(rate.label, "Day rate of a developer");
    assert_eq!(rate.model, None);
    let unknown = model.words("models.ybiyri.nonsense_field");
    assert!(!unknown.known);
    assert_eq!(unknown.label, "Nonsense field");

    let input = |path: &str| &model.inputs[model.input_index(path).expect(path)];
    let pay = input("models.ops-run-it.on_call.standby_pay_per_week");
    assert_eq!(pay.source.as_deref(), Some("HR pay policy 2026"));
    assert_eq!(pay.confidence.map(|c| c.word()), Some("high"));
    let duration = input("models.ybiyri.activities.on-call-schedules-and-training.duration_weeks");
    assert_eq!(duration.source, None);
    assert_eq!(duration.confidence.map(|c| c.word()), Some("judgement"));
    let occurs = input("models.ybiyri.risks.security-review.occurs");
    assert_eq!(occurs.confidence.map(|c| c.word()), Some("low"));
    assert_eq!(
        input("models.ybiyri.on_call.standby_pay_per_week").confidence,
        None
    );
}
