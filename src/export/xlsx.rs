//! `report.xlsx`: the run as a workbook a consultant can paste from and rebuild
//! numbers in. Sheets: `Headline` (the finding, then each model's headline
//! figures and each compared model's saving), `Monthly` (one row per month of
//! the horizon, every model side by side: run cost P10/P50/P90, cumulative
//! cost, the saving and the cumulative saving, as `monthly-wide.csv`), `Charts`
//! (native Excel charts of the monthly and the cumulative saving, drawn from
//! the Monthly sheet, so they follow any edit), `Assumptions` (every uncertain
//! input: label, unit, path, distribution, mean, P10/P50/P90, source and
//! confidence) and `Drivers` (each analysed output's inputs, largest swing
//! first, then what would flip the decision). Every number is a number cell, never
//! text; a missing value is an empty cell. The file is the same bytes for the
//! same run: its creation date is fixed (2000-01-01) and the zip entries carry
//! no time.

use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::RunFound;
use super::charts::finding::saving_title;
use super::csv::{monthly_wide, monthly_wide_columns};
use crate::analysis::Unit;
use crate::engine::record::{Difference, Headline};

/// The workbook's file name in the output folder.
pub(crate) const XLSX_FILE: &str = "report.xlsx";

/// The sheets, in order.
pub(crate) const SHEETS: [&str; 5] = ["Headline", "Monthly", "Charts", "Assumptions", "Drivers"];

/// Renders report.xlsx.
pub(crate) fn render(found: &RunFound) -> Result<Vec<u8>, String> {
    build(found).map_err(|e| format!("cannot write report.xlsx: {e}"))
}

struct Formats {
    bold: Format,
    money: Format,
    weeks: Format,
    share: Format,
    plain: Format,
}

fn build(found: &RunFound) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("opsim: {}", found.results.summary.scenario))
            .set_creation_datetime(&created),
    );
    let f = Formats {
        bold: Format::new().set_bold(),
        money: Format::new().set_num_format("#,##0"),
        weeks: Format::new().set_num_format("0.0"),
        share: Format::new().set_num_format("0.0%"),
        plain: Format::new().set_num_format("General"),
    };
    headline(workbook.add_worksheet().set_name(SHEETS[0])?, found, &f)?;
    let months = monthly(workbook.add_worksheet().set_name(SHEETS[1])?, found, &f)?;
    charts(workbook.add_worksheet().set_name(SHEETS[2])?, found, months)?;
    assumptions(workbook.add_worksheet().set_name(SHEETS[3])?, found, &f)?;
    drivers(workbook.add_worksheet().set_name(SHEETS[4])?, found, &f)?;
    workbook.save_to_buffer()
}

/// Writes a header row in bold.
fn header(sheet: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, *name, &f.bold)?;
    }
    Ok(())
}

/// A number cell, or nothing when not finite.
fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    v: f64,
    format: &Format,
) -> Result<(), XlsxError> {
    if v.is_finite() {
        sheet.write_number_with_format(row, col, v, format)?;
    }
    Ok(())
}

fn headline(sheet: &mut Worksheet, found: &RunFound, f: &Formats) -> Result<(), XlsxError> {
    let s = &found.results.summary;
    let cur = s.currency.as_str();
    let mut row = 0;
    for c in &s.comparisons {
        sheet.write_string_with_format(row, 0, saving_title(s, c), &f.bold)?;
        row += 1;
    }
    row += 1;
    header(
        sheet,
        row,
        &["Model", "Figure", "Unit", "Mean", "P10", "P50", "P90"],
        f,
    )?;
    row += 1;
    let figures = [
        (Headline::Tco, "Total cost of ownership"),
        (Headline::SetupCost, "Setup cost"),
        (Headline::RunCost, "Run cost (cash)"),
        (Headline::OpportunityCost, "Opportunity cost"),
        (Headline::ReadinessAllWeeks, "Ready (every activity done)"),
    ];
    for m in &s.models {
        for (h, words) in figures {
            let st = m.headline(h);
            let weeks = h == Headline::ReadinessAllWeeks;
            let (unit, format) = if weeks {
                ("weeks", &f.weeks)
            } else {
                (cur, &f.money)
            };
            sheet.write_string(row, 0, &m.name)?;
            sheet.write_string(row, 1, words)?;
            sheet.write_string(row, 2, unit)?;
            for (k, v) in [st.mean, st.p10, st.p50, st.p90].into_iter().enumerate() {
                number(sheet, row, 3 + k as u16, v, format)?;
            }
            row += 1;
        }
    }
    for c in &s.comparisons {
        let d = c.difference(Difference::Tco);
        sheet.write_string(row, 0, &c.name)?;
        sheet.write_string(row, 1, format!("Saving against {}", s.baseline))?;
        sheet.write_string(row, 2, cur)?;
        // The saving is the negated difference: its P10 is the difference's P90.
        for (k, v) in [-d.mean, -d.p90, -d.p50, -d.p10].into_iter().enumerate() {
            number(sheet, row, 3 + k as u16, v, &f.money)?;
        }
        row += 1;
        sheet.write_string(row, 0, &c.name)?;
        sheet.write_string(row, 1, "Chance of a lower TCO")?;
        sheet.write_string(row, 2, "share")?;
        number(sheet, row, 3, c.probability_cheaper, &f.share)?;
        row += 1;
        let b = &c.break_even_month;
        sheet.write_string(row, 0, &c.name)?;
        sheet.write_string(row, 1, "Pays back (month of the horizon)")?;
        sheet.write_string(row, 2, "month")?;
        for (k, m) in [b.p10, b.p50, b.p90].into_iter().enumerate() {
            if let Some(m) = m {
                number(sheet, row, 4 + k as u16, m as f64, &f.plain)?;
            }
        }
        row += 1;
        sheet.write_string(row, 0, &c.name)?;
        sheet.write_string(row, 1, "Never pays back within the horizon")?;
        sheet.write_string(row, 2, "share")?;
        number(sheet, row, 3, b.share_not_within_horizon, &f.share)?;
        row += 1;
    }
    row += 1;
    sheet.write_string(
        row,
        0,
        format!(
            "{}: {} iterations, seed {}, {} months",
            s.scenario, s.iterations, s.seed, s.horizon_months
        ),
    )?;
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 34)?;
    Ok(())
}

/// Writes the Monthly sheet; returns the number of months.
fn monthly(sheet: &mut Worksheet, found: &RunFound, f: &Formats) -> Result<u32, XlsxError> {
    let s = &found.results.summary;
    let columns = monthly_wide_columns(s);
    let mut names: Vec<&str> = vec!["month", "start_date", "unit"];
    names.extend(columns.iter().map(String::as_str));
    header(sheet, 0, &names, f)?;
    let months = monthly_wide(s);
    for (r, w) in months.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_number(row, 0, w.month as f64)?;
        if !w.start_date.is_empty() {
            sheet.write_string(row, 1, &w.start_date)?;
        }
        sheet.write_string(row, 2, &s.currency)?;
        for (k, &v) in w.values.iter().enumerate() {
            number(sheet, row, 3 + k as u16, v, &f.money)?;
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_column_width(1, 12)?;
    Ok(months.len() as u32)
}

/// The Charts sheet: for each compared model, its monthly saving (columns)
/// and its cumulative saving (a line), both read from the Monthly sheet.
/// A chart's text as text: the library reads a name that starts with `=` as a
/// cell reference, so a scenario's name could point a title anywhere.
fn plain(text: String) -> String {
    text.trim_start_matches('=').to_string()
}

fn charts(sheet: &mut Worksheet, found: &RunFound, months: u32) -> Result<(), XlsxError> {
    let s = &found.results.summary;
    if months == 0 {
        return Ok(());
    }
    let first_saving_col = 3 + 4 * s.models.len() as u16;
    for (k, c) in s.comparisons.iter().enumerate() {
        let col = first_saving_col + 2 * k as u16;
        let mut saving = Chart::new(ChartType::Column);
        saving.title().set_name(&plain(format!(
            "{}: saving each month against {} ({})",
            c.name, s.baseline, s.currency
        )));
        saving
            .add_series()
            .set_name(&plain(format!("{} saving", c.name)))
            .set_categories((SHEETS[1], 1, 0, months, 0))
            .set_values((SHEETS[1], 1, col, months, col));
        saving.x_axis().set_name("Month of the horizon");
        saving.y_axis().set_name(s.currency.as_str());
        saving.legend().set_hidden();
        let mut cumulative = Chart::new(ChartType::Line);
        cumulative.title().set_name(&plain(format!(
            "{}: cumulative saving against {} ({})",
            c.name, s.baseline, s.currency
        )));
        cumulative
            .add_series()
            .set_name(&plain(format!("{} cumulative saving", c.name)))
            .set_categories((SHEETS[1], 1, 0, months, 0))
            .set_values((SHEETS[1], 1, col + 1, months, col + 1));
        cumulative.x_axis().set_name("Month of the horizon");
        cumulative.y_axis().set_name(s.currency.as_str());
        cumulative.legend().set_hidden();
        let row = 1 + 36 * k as u32;
        sheet.insert_chart(row, 0, &saving)?;
        sheet.insert_chart(row + 17, 0, &cumulative)?;
    }
    Ok(())
}

fn assumptions(sheet: &mut Worksheet, found: &RunFound, f: &Formats) -> Result<(), XlsxError> {
    header(
        sheet,
        0,
        &[
            "label",
            "unit",
            "input",
            "distribution",
            "mean",
            "P10",
            "P50",
            "P90",
            "source",
            "confidence",
        ],
        f,
    )?;
    let cur = &found.results.summary.currency;
    let inputs = found.model.inputs.iter().filter(|i| !i.dist.is_constant());
    for (r, input) in inputs.enumerate() {
        let row = r as u32 + 1;
        let words = found.model.words(&input.path);
        sheet.write_string(row, 0, words.with_model())?;
        sheet.write_string(row, 1, words.unit.text(cur))?;
        sheet.write_string(row, 2, &input.path)?;
        sheet.write_string(row, 3, input.dist.describe())?;
        let d = &input.dist;
        for (k, v) in [d.mean(), d.quantile(0.1), d.quantile(0.5), d.quantile(0.9)]
            .into_iter()
            .enumerate()
        {
            number(sheet, row, 4 + k as u16, v, &f.plain)?;
        }
        if let Some(source) = &input.source {
            sheet.write_string(row, 8, source)?;
        }
        if let Some(confidence) = input.confidence {
            sheet.write_string(row, 9, confidence.word())?;
        }
    }
    sheet.set_column_width(0, 50)?;
    sheet.set_column_width(2, 40)?;
    sheet.set_column_width(3, 26)?;
    sheet.set_column_width(8, 50)?;
    Ok(())
}

fn drivers(sheet: &mut Worksheet, found: &RunFound, f: &Formats) -> Result<(), XlsxError> {
    let Some(analysis) = &found.results.analysis else {
        sheet.write_string(
            0,
            0,
            "No sensitivity analysis in this run (--summary-only).",
        )?;
        return Ok(());
    };
    header(
        sheet,
        0,
        &[
            "model",
            "output",
            "unit",
            "input",
            "label",
            "input_unit",
            "input_p10",
            "input_p90",
            "output_when_input_low",
            "output_when_input_high",
            "swing",
            "rank_correlation",
            "variance_share",
        ],
        f,
    )?;
    let cur = &found.results.summary.currency;
    let mut row = 1;
    for output in &analysis.sensitivity {
        let (unit, format) = match output.unit {
            Unit::Money => (cur.as_str(), &f.money),
            Unit::Weeks => ("weeks", &f.weeks),
        };
        for e in &output.effects {
            sheet.write_string(row, 0, &output.model)?;
            sheet.write_string(row, 1, output.output)?;
            sheet.write_string(row, 2, unit)?;
            sheet.write_string(row, 3, &e.path)?;
            sheet.write_string(row, 4, e.words.with_model())?;
            sheet.write_string(row, 5, e.words.unit.text(cur))?;
            number(sheet, row, 6, e.low_value, &f.plain)?;
            number(sheet, row, 7, e.high_value, &f.plain)?;
            number(sheet, row, 8, e.low_mean, format)?;
            number(sheet, row, 9, e.high_mean, format)?;
            number(sheet, row, 10, e.swing(), format)?;
            number(sheet, row, 11, e.rank_correlation, &f.plain)?;
            number(sheet, row, 12, e.variance_share, &f.plain)?;
            row += 1;
        }
    }
    sheet.set_column_width(3, 40)?;
    sheet.set_column_width(4, 50)?;
    flips(sheet, row + 2, found, f)
}

/// Below the drivers: for each compared model's largest drivers of the TCO
/// difference, the value at which the mean difference crosses zero (empty,
/// with `no value in its range` in `flag`, when it does not), and the
/// verdict's sentence.
fn flips(
    sheet: &mut Worksheet,
    first_row: u32,
    found: &RunFound,
    f: &Formats,
) -> Result<(), XlsxError> {
    let Some(analysis) = &found.results.analysis else {
        return Ok(());
    };
    sheet.write_string_with_format(first_row, 0, "What would flip the decision", &f.bold)?;
    header(
        sheet,
        first_row + 1,
        &[
            "model",
            "input",
            "label",
            "unit",
            "assumed_p10",
            "assumed_p90",
            "searched_from",
            "searched_to",
            "flip_value",
            "flag",
            "in_words",
        ],
        f,
    )?;
    let s = &found.results.summary;
    let verdicts = super::verdict::verdicts(found.results, Some(found.model));
    let mut row = first_row + 2;
    for (m, model) in s.models.iter().enumerate() {
        let sentences = verdicts
            .iter()
            .find(|v| v.model_id == model.id)
            .map(|v| v.flips.clone())
            .unwrap_or_default();
        for (k, flip) in analysis.flips.iter().filter(|x| x.model == m).enumerate() {
            sheet.write_string(row, 0, &model.id)?;
            sheet.write_string(row, 1, &flip.path)?;
            sheet.write_string(row, 2, flip.words.with_model())?;
            sheet.write_string(row, 3, flip.words.unit.text(&s.currency))?;
            number(sheet, row, 4, flip.assumed.0, &f.plain)?;
            number(sheet, row, 5, flip.assumed.1, &f.plain)?;
            number(sheet, row, 6, flip.range.0, &f.plain)?;
            number(sheet, row, 7, flip.range.1, &f.plain)?;
            match flip.crossing {
                Some(v) => number(sheet, row, 8, v, &f.plain)?,
                None => {
                    sheet.write_string(row, 9, "no value in its range")?;
                }
            }
            if let Some(sentence) = sentences.get(k) {
                sheet.write_string(row, 10, sentence)?;
            }
            row += 1;
        }
    }
    Ok(())
}
