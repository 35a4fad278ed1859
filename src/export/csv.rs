//! The CSV files: `summary.csv` (one row per statistic), `monthly.csv` (monthly
//! bands, one row per model and month), `monthly-wide.csv` (one row per month,
//! every model side by side, with the saving) and `activities.csv`
//! (per-activity bands and criticality). Every file has a `unit` column; numeric
//! columns hold only numbers (an empty cell where there is none, with a flag
//! column saying why), rounded to what the estimate supports
//! ([`decimals_for_se`]). Text cells that a spreadsheet would read as a formula
//! are neutralised.

use super::dates::date_after_weeks;
use crate::engine::summary::Summary;
use crate::stats::stat::Stat;

/// A text cell safe for spreadsheets: a leading = + - @ (or tab/CR) gets a quote.
pub(crate) fn text_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// CSV text of `rows`, the first being the header.
pub(crate) fn write(rows: Vec<Vec<String>>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flush to memory")).expect("UTF-8 cells")
}

/// A number cell in shortest round-trip form; empty when not finite.
pub(crate) fn num(v: f64) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        String::new()
    }
}

/// Decimal places a statistic with standard error `se` supports: those that
/// give the standard error two significant figures (a mean of 2,117,376 with
/// an se of 3,012 is written 2117400, its se 3000); negative means rounding to
/// tens, hundreds and so on. None when the se is 0 or not finite (a constant,
/// or a single iteration): then [`num_significant`] keeps six figures.
pub(crate) fn decimals_for_se(se: f64) -> Option<i32> {
    (se.is_finite() && se > 0.0).then(|| (1 - se.log10().floor() as i32).clamp(-15, 12))
}

/// `v` rounded to `decimals` places (negative: to tens, hundreds...), with no
/// float noise: "2117400", "0.3876", "-12.5". Empty when not finite.
pub(crate) fn num_decimals(v: f64, decimals: i32) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if decimals > 0 {
        let fixed = format!("{v:.*}", decimals as usize);
        let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
        match trimmed {
            "-0" | "" => "0".into(),
            t => t.to_string(),
        }
    } else {
        let step = 10f64.powi(-decimals);
        let rounded = (v / step).round() * step;
        let text = format!("{rounded:.0}");
        if text == "-0" { "0".into() } else { text }
    }
}

/// `v` to `digits` significant figures, with no float noise.
pub(crate) fn num_significant(v: f64, digits: i32) -> String {
    if v == 0.0 || !v.is_finite() {
        return num(v);
    }
    let magnitude = v.abs().log10().floor() as i32;
    num_decimals(v, digits - 1 - magnitude)
}

/// A statistic's figures at the precision its standard error supports.
fn rounded(values: &[f64], se: f64) -> Vec<String> {
    match decimals_for_se(se) {
        Some(d) => values.iter().map(|&v| num_decimals(v, d)).collect(),
        None => values.iter().map(|&v| num_significant(v, 6)).collect(),
    }
}

fn stat_row(model: &str, statistic: &str, unit: &str, s: &Stat) -> Vec<String> {
    let mut row = vec![text_cell(model), text_cell(statistic), text_cell(unit)];
    row.extend(rounded(
        &[
            s.mean, s.se, s.sd, s.min, s.p5, s.p10, s.p50, s.p90, s.p95, s.max,
        ],
        s.se,
    ));
    row.push(String::new());
    row
}

/// Columns of summary.csv.
pub(crate) const SUMMARY_COLUMNS: [&str; 14] = [
    "model",
    "statistic",
    "unit",
    "mean",
    "se",
    "sd",
    "min",
    "p5",
    "p10",
    "p50",
    "p90",
    "p95",
    "max",
    "flag",
];

/// The unit of a headline statistic of summary.json: weeks for readiness, the
/// currency otherwise.
fn headline_unit<'a>(name: &str, currency: &'a str) -> &'a str {
    if name.starts_with("readiness") {
        "weeks"
    } else {
        currency
    }
}

/// `summary.csv`.
pub(crate) fn summary(s: &Summary) -> String {
    let cur = s.currency.as_str();
    let mut rows = vec![SUMMARY_COLUMNS.map(String::from).to_vec()];
    for m in &s.models {
        for (name, st) in &m.headlines {
            rows.push(stat_row(&m.id, name, headline_unit(name, cur), st));
        }
        for (name, st) in &m.run_cost_by_component {
            rows.push(stat_row(&m.id, &format!("run_cost.{name}"), cur, st));
        }
        for (name, st) in &m.opportunity_cost_by_component {
            rows.push(stat_row(
                &m.id,
                &format!("opportunity_cost.{name}"),
                cur,
                st,
            ));
        }
        for (cap, st) in &m.readiness_weeks {
            rows.push(stat_row(
                &m.id,
                &format!("readiness_weeks.{cap}"),
                "weeks",
                st,
            ));
        }
    }
    for c in &s.comparisons {
        for (name, st) in &c.differences {
            rows.push(stat_row(&c.id, name, cur, st));
        }
        let mut row = vec![
            text_cell(&c.id),
            "probability_cheaper".into(),
            "share".into(),
        ];
        row.extend(rounded(
            &[c.probability_cheaper, c.probability_cheaper_se],
            c.probability_cheaper_se,
        ));
        row.resize(SUMMARY_COLUMNS.len(), String::new());
        rows.push(row);
        let b = &c.break_even_month;
        let month = |m: Option<usize>| m.map_or_else(String::new, |m| m.to_string());
        let mut row = vec![text_cell(&c.id), "break_even_month".into(), "month".into()];
        row.resize(8, String::new());
        row.extend([month(b.p10), month(b.p50), month(b.p90)]);
        row.resize(SUMMARY_COLUMNS.len() - 1, String::new());
        let beyond: Vec<&str> = [("p10", b.p10), ("p50", b.p50), ("p90", b.p90)]
            .into_iter()
            .filter(|(_, m)| m.is_none())
            .map(|(name, _)| name)
            .collect();
        row.push(if beyond.is_empty() {
            String::new()
        } else {
            format!("not within horizon: {}", beyond.join(" "))
        });
        rows.push(row);
    }
    write(rows)
}

/// The first day of month `month` of the horizon, when the scenario has a start date.
fn month_date(s: &Summary, month: usize) -> String {
    s.start_date
        .as_deref()
        .and_then(|d| date_after_weeks(d, crate::engine::calendar::month_start(month)))
        .unwrap_or_default()
}

/// Money to whole units of the currency: pence are noise beside the spread.
fn money(v: f64) -> String {
    num_decimals(v, 0)
}

/// `monthly.csv`.
pub(crate) fn monthly(s: &Summary) -> String {
    let mut rows = vec![
        [
            "model",
            "month",
            "start_date",
            "unit",
            "run_cost_mean",
            "run_cost_p10",
            "run_cost_p50",
            "run_cost_p90",
            "cumulative_cost_mean",
            "cumulative_cost_p10",
            "cumulative_cost_p50",
            "cumulative_cost_p90",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for m in &s.models {
        for b in &m.monthly {
            let mut row = vec![
                text_cell(&m.id),
                b.month.to_string(),
                month_date(s, b.month),
                text_cell(&s.currency),
            ];
            let (r, c) = (&b.run_cost, &b.cumulative_cost);
            row.extend([r.mean, r.p10, r.p50, r.p90, c.mean, c.p10, c.p50, c.p90].map(money));
            rows.push(row);
        }
    }
    write(rows)
}

/// One month of the wide monthly table: its figures, in [`monthly_wide_columns`] order.
pub(crate) struct WideMonth {
    /// 0-based month of the horizon.
    pub month: usize,
    /// Its first day ("" without a start date).
    pub start_date: String,
    /// Each model's cash run cost P10, P50, P90 and mean cumulative cost, then
    /// each compared model's mean saving in the month and mean cumulative saving.
    pub values: Vec<f64>,
}

/// The columns of the wide monthly table after `month, start_date, unit`:
/// `<model>_run_cost_p10|p50|p90`, `<model>_cumulative_cost_mean` for every
/// model, then `<model>_saving_mean`, `<model>_cumulative_saving_mean` for
/// every compared model.
pub(crate) fn monthly_wide_columns(s: &Summary) -> Vec<String> {
    let mut columns = Vec::new();
    for m in &s.models {
        for part in [
            "run_cost_p10",
            "run_cost_p50",
            "run_cost_p90",
            "cumulative_cost_mean",
        ] {
            columns.push(format!("{}_{part}", m.id));
        }
    }
    for c in &s.comparisons {
        columns.push(format!("{}_saving_mean", c.id));
        columns.push(format!("{}_cumulative_saving_mean", c.id));
    }
    columns
}

/// The wide monthly table: the saving of a month is the baseline's mean
/// cumulative cost minus the model's at the month's end, less the same at the
/// previous month's end (so the months' savings add up to the cumulative
/// saving, setup spending included).
pub(crate) fn monthly_wide(s: &Summary) -> Vec<WideMonth> {
    let Some(base) = s.models.first() else {
        return Vec::new();
    };
    let compared: Vec<&crate::engine::summary::ModelSummary> = (s.comparisons.iter())
        .filter_map(|c| s.model(&c.id))
        .collect();
    let cumulative_saving = |m: &crate::engine::summary::ModelSummary, month: usize| {
        base.monthly[month].cumulative_cost.mean - m.monthly[month].cumulative_cost.mean
    };
    (0..s.horizon_months)
        .map(|month| {
            let mut values = Vec::new();
            for m in &s.models {
                let b = &m.monthly[month];
                values.extend([
                    b.run_cost.p10,
                    b.run_cost.p50,
                    b.run_cost.p90,
                    b.cumulative_cost.mean,
                ]);
            }
            for m in &compared {
                let now = cumulative_saving(m, month);
                let before = if month == 0 {
                    0.0
                } else {
                    cumulative_saving(m, month - 1)
                };
                values.extend([now - before, now]);
            }
            WideMonth {
                month,
                start_date: month_date(s, month),
                values,
            }
        })
        .collect()
}

/// `monthly-wide.csv`: [`monthly_wide`] as CSV, money to whole units.
pub(crate) fn monthly_wide_csv(s: &Summary) -> String {
    let mut header: Vec<String> = ["month", "start_date", "unit"].map(String::from).to_vec();
    header.extend(monthly_wide_columns(s).iter().map(|c| text_cell(c)));
    let mut rows = vec![header];
    for w in monthly_wide(s) {
        let mut row = vec![w.month.to_string(), w.start_date, text_cell(&s.currency)];
        row.extend(w.values.iter().map(|&v| money(v)));
        rows.push(row);
    }
    write(rows)
}

/// Weeks to a tenth: finer than a day says more than the estimate knows.
fn weeks(v: f64) -> String {
    num_decimals(v, 1)
}

/// `activities.csv`.
pub(crate) fn activities(s: &Summary) -> String {
    let mut rows = vec![
        [
            "model",
            "activity",
            "name",
            "capability",
            "unit",
            "start_weeks_p10",
            "start_weeks_p50",
            "start_weeks_p90",
            "finish_weeks_mean",
            "finish_weeks_p10",
            "finish_weeks_p50",
            "finish_weeks_p90",
            "criticality",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for m in &s.models {
        for a in &m.activities {
            let mut row = vec![
                text_cell(&m.id),
                text_cell(&a.id),
                text_cell(&a.name),
                text_cell(&a.capability),
                "weeks".into(),
            ];
            let (st, f) = (&a.start_weeks, &a.finish_weeks);
            row.extend([st.p10, st.p50, st.p90, f.mean, f.p10, f.p50, f.p90].map(weeks));
            row.push(num_decimals(a.criticality, 3));
            rows.push(row);
        }
    }
    write(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("ybiyri"), "ybiyri");
    }

    #[test]
    fn figures_keep_what_their_standard_error_supports() {
        assert_eq!(decimals_for_se(3012.0), Some(-2));
        assert_eq!(num_decimals(2_117_376.4, -2), "2117400");
        assert_eq!(decimals_for_se(0.0034), Some(4));
        assert_eq!(num_decimals(0.38760000000000006, 4), "0.3876");
        assert_eq!(num_decimals(4.22119140625, 1), "4.2");
        assert_eq!(num_decimals(-0.01, 1), "0");
        assert_eq!(num_decimals(-12.5, 1), "-12.5");
        assert_eq!(num_significant(1_234_567.89, 6), "1234570");
        assert_eq!(num_significant(0.000123456789, 3), "0.000123");
        assert_eq!(decimals_for_se(0.0), None);
        assert_eq!(num_decimals(f64::NAN, 2), "");
    }
}
