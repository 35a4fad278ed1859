//! HTML for the report: scenario text is untrusted, so every piece of it goes
//! through [`escape`] before it reaches a page, amounts of money included
//! (their currency is scenario text: [`money`], [`money_with_se`]).

use super::format;

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if format::acts_on_screen(c) => {
                out.push_str(&format!("&lt;U+{:04X}&gt;", c as u32));
            }
            other => out.push(other),
        }
    }
    out
}

/// An amount to 3 significant figures, escaped: [`format::money_3sf`] for HTML.
pub(crate) fn money(currency: &str, value: f64) -> String {
    escape(&format::money_3sf(currency, value))
}

/// A mean and its standard error, escaped: [`format::money_with_se`] for HTML.
pub(crate) fn money_with_se(currency: &str, mean: f64, se: f64) -> (String, String) {
    let (mean, se) = format::money_with_se(currency, mean, se);
    (escape(&mean), escape(&se))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_currency_is_text_in_html() {
        assert!(
            !money("<script>", 1500.0).contains('<'),
            "{}",
            money("<script>", 1500.0)
        );
        let (mean, se) = money_with_se("<b>", 2.0e6, 1.0e4);
        assert!(!mean.contains('<') && !se.contains('<'), "{mean} {se}");
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape("a\u{202E}b\u{1b}"), "a&lt;U+202E&gt;b&lt;U+001B&gt;");
    }
}
