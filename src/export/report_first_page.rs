//! The report's first page: the answer to the question, per compared model, in
//! the words of `verdict` (the terminal summary and summary.json say the same):
//! the verdict, the four figures, what would flip the answer, the setup's date
//! and budget met together, the caveats, and opportunity cost as a separate,
//! labelled second view. Then the contents list. Every string is escaped.

use std::fmt::Write;

use super::html::escape;
use super::verdict::{Verdict, verdicts};
use crate::analysis::Results;
use crate::model::Model;

/// The answer section: one block per compared model.
pub(crate) fn answer(results: &Results, model: &Model) -> String {
    let mut out = String::from("<section id=\"answer\">\n<h2>The answer</h2>\n");
    let found = verdicts(results, Some(model));
    if found.is_empty() {
        out.push_str("<p>The scenario has one model only: there is nothing to compare.</p>\n");
    }
    for v in &found {
        out.push_str(&verdict_block(v, found.len() > 1));
    }
    out.push_str("</section>\n");
    out
}

fn verdict_block(v: &Verdict, several: bool) -> String {
    let mut out = String::from("<div class=\"verdict\">\n");
    if several {
        let _ = writeln!(
            out,
            "<h3>{} against {}</h3>",
            escape(&v.model),
            escape(&v.baseline)
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"answer\"><b>{}</b></p>",
        escape(&v.headline)
    );
    let _ = writeln!(out, "<p>{}</p>", escape(&v.detail));
    out.push_str("<div class=\"figures\">\n");
    for f in &v.figures {
        let _ = writeln!(
            out,
            "<div class=\"figure\"><p class=\"title\">{}</p><p class=\"value\">{}</p><p class=\"note\">{}</p></div>",
            escape(&f.title),
            escape(&f.value),
            escape(&f.note)
        );
    }
    out.push_str("</div>\n");
    out.push_str("<div class=\"caveats\">\n<h4>Caveats</h4>\n<ul>\n");
    for caveat in &v.caveats {
        let _ = writeln!(out, "<li>{}</li>", escape(caveat));
    }
    out.push_str("</ul>\n</div>\n");
    if !v.flips.is_empty() {
        out.push_str("<h4>What would flip the answer</h4>\n<ul class=\"flips\">\n");
        for flip in &v.flips {
            let _ = writeln!(out, "<li>{}</li>", escape(flip));
        }
        out.push_str("</ul>\n");
    }
    if let Some(joint) = &v.joint {
        let _ = writeln!(
            out,
            "<h4>Setup date and budget together</h4>\n<p>{}</p>",
            escape(joint)
        );
    }
    if let Some(o) = &v.opportunity {
        out.push_str(
            "<div class=\"second-view\">\n<h4>A second view: opportunity cost (not cash)</h4>\n",
        );
        let _ = writeln!(out, "<p>{}</p>", escape(&o.sentence));
        if !o.rests_on.is_empty() {
            let names: Vec<String> = o.rests_on.iter().map(|r| escape(r)).collect();
            let _ = writeln!(
                out,
                "<p class=\"note\">It rests on: {}.</p>",
                names.join("; ")
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
    out
}

/// The contents list, linking each section by its id.
pub(crate) fn contents(sections: &[(&str, &str)]) -> String {
    let mut out = String::from("<nav id=\"contents\">\n<h2>Contents</h2>\n<ol>\n");
    for (id, title) in sections {
        let _ = writeln!(out, "<li><a href=\"#{id}\">{title}</a></li>");
    }
    out.push_str("</ol>\n</nav>\n");
    out
}
