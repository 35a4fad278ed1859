//! Number formatting for people: grouped thousands, currency symbols, no
//! spurious precision.

/// Symbol for common currency codes; other codes are written before the number.
pub fn currency_prefix(code: &str) -> String {
    match code {
        "GBP" => "£".into(),
        "EUR" => "€".into(),
        "USD" | "AUD" | "CAD" | "NZD" => "$".into(),
        other => format!("{other} "),
    }
}

/// 1234567.8 -> "1,234,568" (rounded to whole units).
pub fn grouped(value: f64) -> String {
    if !value.is_finite() {
        return "n/a".into();
    }
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A money amount with its currency: "£1,234,568" or "-£12,000".
pub fn money(code: &str, value: f64) -> String {
    let prefix = currency_prefix(code);
    let body = grouped(value.abs());
    if value.round() < 0.0 {
        format!("-{prefix}{body}")
    } else {
        format!("{prefix}{body}")
    }
}

/// A figure with about three significant digits, grouped when large.
pub fn figure(value: f64) -> String {
    if !value.is_finite() {
        "n/a".into()
    } else if value.abs() >= 1000.0 {
        grouped(value)
    } else if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// A share as a percentage, e.g. 0.8734 -> "87.3%".
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// `value` rounded to `digits` significant figures (0 and non-finite unchanged).
pub fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = value.abs().log10().floor() as i32;
    let step = 10f64.powi(magnitude + 1 - digits);
    (value / step).round() * step
}

/// What a statistic's JSON name means, for people: "incident_labour" ->
/// "Incident labour". Unknown names are returned as they are.
pub fn label(key: &str) -> &str {
    match key {
        "tco" => "TCO (setup + cash run cost)",
        "setup_cost" => "Setup cost",
        "run_cost" => "Cash run cost",
        "opportunity_cost" => "Opportunity cost",
        "economic_cost" => "Economic cost (TCO + opportunity)",
        "npv" => "NPV of TCO",
        "npv_economic" => "NPV of economic cost",
        "incidents" => "Incidents",
        "deployments" => "Deployments",
        "standby" => "Standby",
        "callouts" => "Callouts",
        "incident_labour" => "Incident labour",
        "escalation" => "Escalation to developers",
        "follow_up" => "Incident follow-up",
        "licences" => "Licences",
        "change_approval" => "Change approval",
        "fixed" => "Fixed monthly costs",
        "downtime" => "Downtime",
        "change_delay" => "Change delay",
        "tco_difference" => "TCO difference",
        "economic_difference" => "Economic cost difference",
        "npv_difference" => "NPV difference",
        other => other,
    }
}

/// A money amount to three significant figures: 2,791,762 -> "£2,790,000".
pub fn money_3sf(code: &str, value: f64) -> String {
    money(code, round_significant(value, 3))
}

/// A number with `decimals` places, thousands grouped: (1234.567, 1) -> "1,234.6".
pub fn grouped_decimals(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "n/a".into();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole = grouped(whole.parse::<f64>().unwrap_or(0.0));
    let sign = if text.bytes().any(|b| (b'1'..=b'9').contains(&b)) && value < 0.0 {
        "-"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// Decimal places that show a quantity measured with standard error `se` without
/// spurious precision: the error's first two significant digits, and never more
/// than `max_decimals`.
fn decimals_for_se(se: f64, max_decimals: usize) -> usize {
    if se <= 0.0 || !se.is_finite() {
        return max_decimals;
    }
    let place = se.log10().floor() as i32 - 1;
    (-place).clamp(0, max_decimals as i32) as usize
}

/// Rounds `value` to the same place as its standard error: the mean to the
/// precision that the error leaves meaningful, and the error to two digits.
fn round_to_se(value: f64, se: f64) -> f64 {
    if se <= 0.0 || !se.is_finite() {
        return value;
    }
    let step = 10f64.powi(se.log10().floor() as i32 - 1);
    if step <= 1.0 {
        value
    } else {
        (value / step).round() * step
    }
}

/// A mean and its standard error as text, rounded alike (the Monte Carlo standard
/// error of each headline mean, docs/output.md), at most two decimals:
/// (26.3417, 0.0412) -> ("26.34", "0.04"); (1220.4, 3.1) -> ("1,220.4", "3.1").
pub fn figure_with_se(mean: f64, se: f64) -> (String, String) {
    let decimals = decimals_for_se(se, 2);
    (
        grouped_decimals(round_to_se(mean, se), decimals),
        grouped_decimals(round_to_se(se, se), decimals),
    )
}

/// Money mean and standard error in whole units, rounded alike:
/// (2,791,762, 4,295) -> ("£2,791,800", "£4,300").
pub fn money_with_se(code: &str, mean: f64, se: f64) -> (String, String) {
    (
        money(code, round_to_se(mean, se)),
        money(code, round_to_se(se, se)),
    )
}

/// Money to three significant figures, short, for prose, tables and charts:
/// 152,854 -> "£153k", 2,791,439 -> "£2.79m", 25,359,082 -> "£25.4m",
/// 950.4 -> "£950", -4,503 -> "-£4.50k". The one money format people read
/// (docs/output.md, "Numbers for people").
pub fn money_short(code: &str, value: f64) -> String {
    if !value.is_finite() {
        return "n/a".into();
    }
    let rounded = round_significant(value.abs(), 3);
    let (scaled, suffix) = if rounded >= 1e9 {
        (rounded / 1e9, "bn")
    } else if rounded >= 1e6 {
        (rounded / 1e6, "m")
    } else if rounded >= 1e3 {
        (rounded / 1e3, "k")
    } else {
        (rounded, "")
    };
    let decimals = if scaled >= 100.0 || suffix.is_empty() {
        0
    } else if scaled >= 10.0 {
        1
    } else {
        2
    };
    let body = format!("{scaled:.decimals$}");
    let sign = if value < 0.0 && rounded != 0.0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{}{body}{suffix}", currency_prefix(code))
}

/// A probability or share for people: whole percent, with one decimal only near
/// the ends, and never rounded to a certainty: 0.612 -> "61%", 0.9963 ->
/// "99.6%", 0.99996 -> ">99.9%", 0 -> "0%".
pub fn chance(p: f64) -> String {
    match p {
        p if !p.is_finite() => "n/a".into(),
        p if p <= 0.0 => "0%".into(),
        p if p >= 1.0 => "100%".into(),
        p if p < 0.001 => "<0.1%".into(),
        p if p > 0.999 => ">99.9%".into(),
        p if !(0.01..=0.99).contains(&p) => format!("{:.1}%", p * 100.0),
        p => format!("{:.0}%", p * 100.0),
    }
}

/// A chance said as people say it: "about 6 in 10: close",
/// "about 97 in 100: very likely", "more than 999 in 1,000: almost certain".
pub fn chance_in_words(p: f64) -> String {
    let qualifier = match p {
        p if p >= 0.999 => "almost certain",
        p if p >= 0.95 => "very likely",
        p if p >= 0.8 => "likely",
        p if p > 0.65 => "more likely than not",
        p if p >= 0.35 => "close",
        p if p > 0.2 => "less likely than not",
        p if p > 0.05 => "unlikely",
        p if p > 0.001 => "very unlikely",
        _ => "almost never",
    };
    let count = if p >= 0.999 {
        "more than 999 in 1,000".to_string()
    } else if p <= 0.001 {
        "fewer than 1 in 1,000".to_string()
    } else if !(0.05..=0.95).contains(&p) {
        format!("about {} in 100", (p * 100.0).round().clamp(1.0, 99.0))
    } else {
        format!("about {} in 10", (p * 10.0).round())
    };
    format!("{count}: {qualifier}")
}

/// A short money label for chart axes: "£0", "£750k", "£1.25m", "-£2m".
pub fn money_compact(code: &str, value: f64) -> String {
    if !value.is_finite() {
        return "n/a".into();
    }
    let magnitude = value.abs();
    let (scaled, suffix) = if magnitude >= 999_999.5 {
        (magnitude / 1e6, "m")
    } else if magnitude >= 999.5 {
        (magnitude / 1e3, "k")
    } else {
        (magnitude, "")
    };
    let body = format!("{scaled:.2}");
    let body = body.trim_end_matches('0').trim_end_matches('.');
    let sign = if value < 0.0 && body != "0" { "-" } else { "" };
    format!("{sign}{}{body}{suffix}", currency_prefix(code))
}

/// Text cut to at most `max_chars` characters, ending in an ellipsis when cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Text cut to at most `max_chars` characters by dropping its start, for
/// dotted paths whose end names them: "…activities.x.duration_weeks".
pub fn shorten_keeping_end(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_string();
    }
    let tail: String = text.chars().skip(count + 1 - max_chars.max(1)).collect();
    format!("…{tail}")
}

/// `text` with every character that [acts on a screen](acts_on_screen) shown
/// as `<U+XXXX>`: how the terminal and the charts show scenario text (HTML
/// escapes the same characters in `html::escape`).
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(acts_on_screen) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acts_on_screen(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a character would act on a reader's screen instead of showing:
/// control characters other than newline and tab (C0, DEL, C1), and the
/// bidirectional formatting characters (marks, embeddings, overrides,
/// isolates). Scenario text is untrusted; terminal and HTML output show such a
/// character as `<U+XXXX>`.
pub fn acts_on_screen(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_short_with_three_significant_figures() {
        assert_eq!(money_short("GBP", 152_854.0), "£153k");
        assert_eq!(money_short("GBP", 2_791_439.0), "£2.79m");
        assert_eq!(money_short("GBP", 25_359_082.0), "£25.4m");
        assert_eq!(money_short("GBP", 950.4), "£950");
        assert_eq!(money_short("GBP", -4_503.0), "-£4.50k");
        assert_eq!(money_short("GBP", 999_600.0), "£1.00m");
        assert_eq!(money_short("GBP", 0.2), "£0");
        assert_eq!(money_short("CHF", 3.2e9), "CHF 3.20bn");
    }

    #[test]
    fn chances_are_never_rounded_to_certainty() {
        assert_eq!(chance(0.612), "61%");
        assert_eq!(chance(0.9996), ">99.9%");
        assert_eq!(chance(0.9963), "99.6%");
        assert_eq!(chance(0.0004), "<0.1%");
        assert_eq!(chance(1.0), "100%");
        assert_eq!(chance_in_words(0.612), "about 6 in 10: close");
        assert_eq!(chance_in_words(0.97), "about 97 in 100: very likely");
        assert_eq!(
            chance_in_words(0.9996),
            "more than 999 in 1,000: almost certain"
        );
        assert_eq!(chance_in_words(0.3), "about 3 in 10: less likely than not");
        assert_eq!(chance_in_words(0.36), "about 4 in 10: close");
    }

    #[test]
    fn groups_thousands_and_signs() {
        assert_eq!(grouped(1_234_567.4), "1,234,567");
        assert_eq!(grouped(999.5), "1,000");
        assert_eq!(grouped(-12_000.0), "-12,000");
        assert_eq!(money("GBP", -1500.0), "-£1,500");
        assert_eq!(money("CHF", 1500.0), "CHF 1,500");
        assert_eq!(figure(12.345), "12.3");
        assert_eq!(percent(0.8734), "87.3%");
    }

    #[test]
    fn rounds_to_what_the_standard_error_allows() {
        assert_eq!(money_3sf("GBP", 2_791_762.0), "£2,790,000");
        assert_eq!(money_3sf("GBP", -152_994.0), "-£153,000");
        assert_eq!(
            money_with_se("GBP", 2_791_762.0, 4_295.0),
            ("£2,791,800".into(), "£4,300".into())
        );
        assert_eq!(
            money_with_se("GBP", 230_614.0, 0.0),
            ("£230,614".into(), "£0".into())
        );
        assert_eq!(
            figure_with_se(26.3417, 0.0412),
            ("26.34".into(), "0.04".into())
        );
        assert_eq!(
            figure_with_se(1220.4, 3.1),
            ("1,220.4".into(), "3.1".into())
        );
        assert_eq!(grouped_decimals(-0.004, 2), "0.00");
    }

    #[test]
    fn compact_money_for_axes() {
        assert_eq!(money_compact("GBP", 0.0), "£0");
        assert_eq!(money_compact("GBP", 750_000.0), "£750k");
        assert_eq!(money_compact("GBP", 1_250_000.0), "£1.25m");
        assert_eq!(money_compact("USD", -2_000_000.0), "-$2m");
        assert_eq!(money_compact("CHF", 500.0), "CHF 500");
    }
}
