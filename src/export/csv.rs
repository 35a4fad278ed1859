//! The CSV files: `summary.csv` (one row per statistic), `monthly.csv` (monthly
//! bands) and `activities.csv` (per-activity bands and criticality). Text cells
//! that a spreadsheet would read as a formula are neutralised.

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

fn stat_row(model: &str, statistic: &str, s: &Stat) -> Vec<String> {
    let mut row = vec![text_cell(model), text_cell(statistic)];
    row.extend(
        [
            s.mean, s.se, s.sd, s.min, s.p5, s.p10, s.p50, s.p90, s.p95, s.max,
        ]
        .map(num),
    );
    row
}

/// `summary.csv`.
pub(crate) fn summary(s: &Summary) -> String {
    let mut rows = vec![
        [
            "model",
            "statistic",
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
        ]
        .map(String::from)
        .to_vec(),
    ];
    for m in &s.models {
        for (name, st) in &m.headlines {
            rows.push(stat_row(&m.id, name, st));
        }
        for (name, st) in &m.run_cost_by_component {
            rows.push(stat_row(&m.id, &format!("run_cost.{name}"), st));
        }
        for (name, st) in &m.opportunity_cost_by_component {
            rows.push(stat_row(&m.id, &format!("opportunity_cost.{name}"), st));
        }
        for (cap, st) in &m.readiness_weeks {
            rows.push(stat_row(&m.id, &format!("readiness_weeks.{cap}"), st));
        }
    }
    for c in &s.comparisons {
        for (name, st) in &c.differences {
            rows.push(stat_row(&c.id, name, st));
        }
        let mut row = vec![
            text_cell(&c.id),
            "probability_cheaper".into(),
            num(c.probability_cheaper),
            num(c.probability_cheaper_se),
        ];
        row.resize(12, String::new());
        rows.push(row);
        let b = &c.break_even_month;
        let month =
            |m: Option<usize>| m.map_or_else(|| "not within horizon".into(), |m| m.to_string());
        let mut row = vec![text_cell(&c.id), "break_even_month".into()];
        row.resize(7, String::new());
        row.extend([month(b.p10), month(b.p50), month(b.p90)]);
        row.resize(12, String::new());
        rows.push(row);
    }
    write(rows)
}

/// `monthly.csv`.
pub(crate) fn monthly(s: &Summary) -> String {
    let mut rows = vec![
        [
            "model",
            "month",
            "start_date",
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
            let date = s
                .start_date
                .as_deref()
                .and_then(|d| date_after_weeks(d, crate::engine::calendar::month_start(b.month)))
                .unwrap_or_default();
            let mut row = vec![text_cell(&m.id), b.month.to_string(), date];
            let (r, c) = (&b.run_cost, &b.cumulative_cost);
            row.extend([r.mean, r.p10, r.p50, r.p90, c.mean, c.p10, c.p50, c.p90].map(num));
            rows.push(row);
        }
    }
    write(rows)
}

/// `activities.csv`.
pub(crate) fn activities(s: &Summary) -> String {
    let mut rows = vec![
        [
            "model",
            "activity",
            "name",
            "capability",
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
            ];
            let (st, f) = (&a.start_weeks, &a.finish_weeks);
            row.extend(
                [
                    st.p10,
                    st.p50,
                    st.p90,
                    f.mean,
                    f.p10,
                    f.p50,
                    f.p90,
                    a.criticality,
                ]
                .map(num),
            );
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
}
