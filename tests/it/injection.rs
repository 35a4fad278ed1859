//! Hostile text in every string field of the format stays text: each string
//! of the shipped example (names, descriptions, ids and the references to
//! them, currency, ...) is replaced, one field at a time, by markup, comment
//! and style openers, terminal escapes and a bidi override; every replacement
//! the loader accepts is then applied at once, the scenario run with its
//! analysis, and report.html read with an HTML tokenizer: it must hold no kind
//! of element the clean report lacks and no more of the payloads' kinds, and
//! neither it nor the terminal output any raw control or bidi character.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use html5gum::{Token, Tokenizer};
use opsim::scenario::{self, EXAMPLE};
use toml::{Table, Value};

/// What each accepted field gets: markup, an unclosed comment and style, a
/// terminal escape sequence, a bell and a right-to-left override.
fn payload(i: usize) -> String {
    format!("<b>x{i}</b><script>alert({i})</script><!--<style>\u{1b}[31m\u{7}\u{202e}&amp;")
}

/// A short payload for fields that refuse the long one (e.g. length limits).
fn short_payload(i: usize) -> String {
    format!("<i>{i}")
}

fn strings(value: &Value, into: &mut BTreeSet<String>) {
    match value {
        Value::String(s) => {
            into.insert(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|v| strings(v, into)),
        Value::Table(table) => table.values().for_each(|v| strings(v, into)),
        _ => {}
    }
}

/// Replaces every string value equal to `from`, and every key equal to it (a
/// reference by id, such as a role's day rate), with `to`.
fn substitute(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::String(s) if s == from => *s = to.to_string(),
        Value::Array(items) => items.iter_mut().for_each(|v| substitute(v, from, to)),
        Value::Table(table) => substitute_table(table, from, to),
        _ => {}
    }
}

fn substitute_table(table: &mut Table, from: &str, to: &str) {
    if let Some(v) = table.remove(from) {
        table.insert(to.to_string(), v);
    }
    table.iter_mut().for_each(|(_, v)| substitute(v, from, to));
}

fn loads(text: &str) -> bool {
    scenario::load("injected.toml", text).is_ok()
}

/// Start tags by name, and comments, as an HTML tokenizer reads them.
fn elements(html: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for token in Tokenizer::new(html).flatten() {
        let name = match token {
            Token::StartTag(tag) => String::from_utf8_lossy(&tag.name).into_owned(),
            Token::Comment(_) => "<!-- comment -->".into(),
            _ => continue,
        };
        *counts.entry(name).or_default() += 1;
    }
    counts
}

fn run_report(dir: &Path, name: &str, text: &str) -> (String, String) {
    std::fs::write(dir.join(name), text).unwrap();
    let folder = format!("{name}.out");
    let out = crate::common::opsim_in(
        dir,
        &["run", name, "-n", "400", "--seed", "3", "--out", &folder],
    );
    crate::common::assert_success(&out);
    let report = std::fs::read_to_string(dir.join(folder).join("report.html")).unwrap();
    let terminal = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (report, terminal)
}

#[test]
fn hostile_text_in_every_string_field_stays_text() {
    let clean: Value = Value::Table(EXAMPLE.parse::<Table>().unwrap());
    let mut fields = BTreeSet::new();
    strings(&clean, &mut fields);
    let mut injected = clean.clone();
    let (mut accepted, mut refused) = (Vec::new(), Vec::new());
    for (i, field) in fields.iter().enumerate() {
        let taken = [payload(i), short_payload(i)].into_iter().find(|p| {
            let mut attempt = injected.clone();
            substitute(&mut attempt, field, &format!("{field}{p}"));
            loads(&toml::to_string(&attempt).unwrap())
        });
        match taken {
            Some(p) => {
                substitute(&mut injected, field, &format!("{field}{p}"));
                accepted.push(field.clone());
            }
            None => refused.push(field.clone()),
        }
    }
    // Every name and description takes the payload (the loader refuses it
    // only where a field is an enum or a checked code).
    let names = ["You Build It You Run It", "Ops Run It"];
    for name in names {
        assert!(accepted.iter().any(|f| f == name), "{name} refused");
    }
    assert!(
        accepted.len() > 40,
        "only {} of {} strings took a payload; refused: {refused:?}",
        accepted.len(),
        fields.len()
    );

    let dir = tempfile::tempdir().unwrap();
    let (clean_report, _) = run_report(dir.path(), "clean.toml", &toml::to_string(&clean).unwrap());
    let (hostile_report, terminal) = run_report(
        dir.path(),
        "hostile.toml",
        &toml::to_string(&injected).unwrap(),
    );
    // Ids key the random streams, so the two runs differ in their figures and
    // may differ in rows and chart lines; but no kind of element may appear
    // that the clean report lacks, and none of the payloads' kinds may grow.
    let (hostile, clean) = (elements(&hostile_report), elements(&clean_report));
    let unexpected: Vec<&String> = hostile.keys().filter(|k| !clean.contains_key(*k)).collect();
    assert!(
        unexpected.is_empty(),
        "elements only in the hostile report: {unexpected:?}"
    );
    for kind in ["b", "i", "script", "style", "<!-- comment -->"] {
        assert_eq!(
            hostile.get(kind),
            clean.get(kind),
            "`{kind}` elements in the hostile report against the clean one"
        );
    }
    assert!(hostile_report.contains("&lt;script&gt;alert("));
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        for (what, text) in [("report", &hostile_report), ("terminal", &terminal)] {
            if let Some(at) = text.find(raw) {
                let from = text[..at]
                    .char_indices()
                    .rev()
                    .nth(400)
                    .map_or(0, |(i, _)| i);
                eprintln!("{what}: …{}", &text[from..(at + 20).min(text.len())]);
            }
        }
        assert!(
            !hostile_report.contains(raw) && !terminal.contains(raw),
            "raw U+{:04X} reached the report or the terminal",
            raw as u32
        );
    }
    assert!(hostile_report.contains("&lt;U+202E&gt;") || hostile_report.contains("U+202E"));
    eprintln!(
        "{} of {} strings took a payload; refused (enums, codes): {refused:?}",
        accepted.len(),
        fields.len()
    );
}
