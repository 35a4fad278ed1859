//! The points of a sweep: `--vary PATH=FROM..TO:STEP` parsed into the values
//! FROM, FROM + STEP, ... up to TO, and one or two of them crossed into a grid.
//! Values are rounded to the decimals FROM and STEP are written with, so
//! `0.1..0.5:0.1` gives 0.1, 0.2, 0.3, 0.4, 0.5 and not 0.30000000000000004.

/// Points one parameter may take.
pub const MAX_VALUES: usize = 1_000;
/// Points of the whole grid.
pub const MAX_POINTS: usize = 10_000;

/// One varied parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// The path as given (a full path or a unique ending, as for `--set`).
    pub path: String,
    /// Each value as TOML text, in order.
    pub values: Vec<String>,
    /// The same values as numbers.
    pub numbers: Vec<f64>,
    /// The argument as written.
    pub argument: String,
}

/// Parses `PATH=FROM..TO:STEP`.
pub fn parse_vary(argument: &str) -> Result<Vary, String> {
    let form = "write PATH=FROM..TO:STEP, e.g. organisation.teams=5..30:5";
    let (path, range) = argument
        .split_once('=')
        .ok_or_else(|| format!("`{argument}` has no `=`: {form}"))?;
    let path = path.trim();
    if path.is_empty() || path.split('.').any(|p| p.trim().is_empty()) {
        return Err(format!(
            "`{argument}` needs a dotted path before `=`: {form}"
        ));
    }
    let (span, step) = range
        .split_once(':')
        .ok_or_else(|| format!("`{argument}` has no `:STEP`: {form}"))?;
    let (from, to) = span
        .split_once("..")
        .ok_or_else(|| format!("`{argument}` has no `FROM..TO`: {form}"))?;
    let number = |text: &str, what: &str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                format!(
                    "`{argument}`: {what} `{}` is not a number: {form}",
                    text.trim()
                )
            })
    };
    let (from_n, to_n, step_n) = (
        number(from, "FROM")?,
        number(to, "TO")?,
        number(step, "STEP")?,
    );
    if step_n <= 0.0 {
        return Err(format!("`{argument}`: STEP must be above 0"));
    }
    if to_n < from_n {
        return Err(format!("`{argument}`: TO must be at least FROM"));
    }
    let count = ((to_n - from_n) / step_n * (1.0 + 1e-12)).floor() + 1.0;
    if count > MAX_VALUES as f64 {
        return Err(format!(
            "`{argument}` gives {count} values; at most {MAX_VALUES} per parameter: use a larger STEP"
        ));
    }
    let decimals = decimals(from.trim()).max(decimals(step.trim()));
    let scale = 10f64.powi(decimals as i32);
    let numbers: Vec<f64> = (0..count as usize)
        .map(|k| ((from_n + k as f64 * step_n) * scale).round() / scale)
        .collect();
    let values = numbers.iter().map(|v| value_text(*v, decimals)).collect();
    Ok(Vary {
        path: path.to_string(),
        values,
        numbers,
        argument: argument.to_string(),
    })
}

/// Decimal places a number is written with ("0.25" -> 2, "5" -> 0, "1e3" -> 0,
/// "1e-1" -> 1: in exponent form, those of the number it stands for).
fn decimals(text: &str) -> usize {
    let plain = match text.parse::<f64>() {
        Ok(value) if text.contains(['e', 'E']) => value.to_string(),
        _ => text.to_string(),
    };
    plain.split_once('.').map_or(0, |(_, d)| d.len()).min(12)
}

/// A value as TOML: a whole number without a point when written without one.
fn value_text(value: f64, decimals: usize) -> String {
    if decimals == 0 && value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value:?}")
    }
}

/// Every point of the grid of one or two parameters, first parameter varying
/// slowest: each point is the index of its value in each parameter.
pub fn points(varies: &[Vary]) -> Result<Vec<Vec<usize>>, String> {
    let total: usize = varies.iter().map(|v| v.values.len()).product();
    if total > MAX_POINTS {
        return Err(format!(
            "the sweep has {total} points; at most {MAX_POINTS}: use larger steps"
        ));
    }
    let mut points = vec![Vec::new()];
    for v in varies {
        points = points
            .into_iter()
            .flat_map(|p| {
                (0..v.values.len()).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_stay_whole() {
        let v = parse_vary("organisation.teams=5..30:5").unwrap();
        assert_eq!(v.values, ["5", "10", "15", "20", "25", "30"]);
        assert_eq!(v.path, "organisation.teams");
    }

    #[test]
    fn decimals_are_rounded_to_the_written_precision() {
        let v = parse_vary("x.y=0.1..0.5:0.1").unwrap();
        assert_eq!(v.values, ["0.1", "0.2", "0.3", "0.4", "0.5"]);
        let v = parse_vary("x.y=100..200:25.5").unwrap();
        assert_eq!(v.values, ["100.0", "125.5", "151.0", "176.5"]);
    }

    #[test]
    fn exponent_form_keeps_its_decimals() {
        let v = parse_vary("x.y=0..0.3:1e-1").unwrap();
        assert_eq!(v.values, ["0.0", "0.1", "0.2", "0.3"]);
        let v = parse_vary("x.y=0..2000:1e3").unwrap();
        assert_eq!(v.values, ["0", "1000", "2000"]);
    }

    #[test]
    fn bad_ranges_say_how_to_write_them() {
        for bad in [
            "x",
            "x=1..2",
            "x=1:2",
            "x=a..2:1",
            "x=1..2:0",
            "x=3..2:1",
            "=1..2:1",
            "x=0..1e9:1",
        ] {
            assert!(parse_vary(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn two_parameters_cross_first_slowest() {
        let a = parse_vary("a.b=1..2:1").unwrap();
        let b = parse_vary("c.d=1..3:1").unwrap();
        let p = points(&[a, b]).unwrap();
        assert_eq!(p.len(), 6);
        assert_eq!(p[0], [0, 0]);
        assert_eq!(p[1], [0, 1]);
        assert_eq!(p[3], [1, 0]);
    }
}
