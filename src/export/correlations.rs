//! The rank correlations a scenario asks for between inputs, with those the
//! draws achieved ([`crate::analysis::correlations`]): as text for `opsim
//! validate`, and as an HTML fragment for the report's assumptions. Input
//! paths come from the scenario file: escaped for HTML, made visible for the
//! terminal.

use super::format::visible;
use super::html::escape;
use crate::analysis::correlations::Achieved;

/// The lines `opsim validate` prints; empty when nothing is correlated.
pub fn text(achieved: &[Achieved], draws: u64) -> String {
    if achieved.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\nRank correlations (Spearman's rho asked, and achieved on the first {} iterations):\n",
        group(draws)
    );
    for a in achieved {
        out.push_str(&format!(
            "  {:+.2} asked, {:+.3} achieved: {} and {}\n",
            a.asked,
            a.achieved,
            visible(&a.inputs[0]),
            visible(&a.inputs[1])
        ));
    }
    out
}

/// An HTML fragment for the report's assumptions: a heading and a table of
/// the correlations asked and achieved, each input by its `label` (its words:
/// the report shows paths only in its appendix); empty when nothing is
/// correlated.
pub fn html(achieved: &[Achieved], draws: u64, label: impl Fn(&str) -> String) -> String {
    if achieved.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<h3>Inputs that move together</h3>\n<p>Each pair is drawn with the rank correlation asked \
         (a Gaussian copula); each input keeps its own distribution.</p>\n<table>\n\
         <tr><th>Input</th><th>Input</th><th>Asked</th><th>Achieved</th></tr>\n",
    );
    for a in achieved {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{:+.2}</td><td>{:+.3}</td></tr>\n",
            escape(&label(&a.inputs[0])),
            escape(&label(&a.inputs[1])),
            a.asked,
            a.achieved
        ));
    }
    out.push_str(&format!(
        "</table>\n<p>Achieved: Spearman's rho of the first {} iterations' draws.</p>\n",
        group(draws)
    ));
    out
}

fn group(n: u64) -> String {
    super::format::grouped(n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_escaped_in_html_and_nothing_shows_without_correlations() {
        let a = Achieved {
            inputs: ["a.<b>".into(), "c&d".into()],
            asked: 0.5,
            achieved: 0.497,
        };
        let html = html(std::slice::from_ref(&a), 10_000, |p| format!("{p}!"));
        assert!(html.contains("a.&lt;b&gt;!") && html.contains("c&amp;d!"));
        assert!(html.contains("10,000"));
        assert!(text(&[a], 10_000).contains("+0.50 asked, +0.497 achieved"));
        assert_eq!(html_empty(), "");
    }

    fn html_empty() -> String {
        html(&[], 1, str::to_string)
    }
}
