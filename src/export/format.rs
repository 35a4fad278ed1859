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

#[cfg(test)]
mod tests {
    use super::*;

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
}
