//! report.xlsx and the CSV files as a spreadsheet reads them: the workbook's
//! sheets, headers, numbers and native charts (opened with calamine), and
//! every numeric CSV column holding only numbers or empty cells.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::common::{assert_success, bench_40_path, opsim_in};

/// Runs the example (or `scenario`) into `dir/out` and returns the folder.
fn run(dir: &Path, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["run", "-n", "2000", "-q", "--out", "out"];
    args.extend(extra);
    assert_success(&opsim_in(dir, &args));
    dir.join("out")
}

fn workbook(folder: &Path) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(folder.join("report.xlsx")).expect("report.xlsx written");
    open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine reads")
}

fn header(range: &calamine::Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn the_workbook_has_its_sheets_headers_numbers_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let folder = run(dir.path(), &[]);
    let mut book = workbook(&folder);
    assert_eq!(
        book.sheet_names(),
        ["Headline", "Monthly", "Charts", "Assumptions", "Drivers"]
    );
    let headline = book.worksheet_range("Headline").unwrap();
    let first = headline.get((0, 0)).unwrap().to_string();
    assert!(
        first.starts_with("You Build It You Run It ") && first.contains("over 36 months"),
        "the finding first: {first}"
    );
    let monthly = book.worksheet_range("Monthly").unwrap();
    let columns = header(&monthly);
    assert_eq!(&columns[..3], ["month", "start_date", "unit"]);
    for wanted in [
        "ops-run-it_run_cost_p10",
        "ops-run-it_run_cost_p50",
        "ops-run-it_run_cost_p90",
        "ybiyri_run_cost_p50",
        "ybiyri_saving_mean",
        "ybiyri_cumulative_saving_mean",
    ] {
        assert!(columns.iter().any(|c| c == wanted), "column {wanted}");
    }
    assert_eq!(monthly.height(), 1 + 36, "a row per month");
    let saving = columns
        .iter()
        .position(|c| c == "ybiyri_saving_mean")
        .unwrap();
    let cumulative = saving + 1;
    let mut sum = 0.0;
    for row in monthly.rows().skip(1) {
        let (Data::Float(s), Data::Float(c)) = (&row[saving], &row[cumulative]) else {
            panic!("numbers, not text: {row:?}");
        };
        sum += s;
        assert!((sum - c).abs() <= 1e-6 * c.abs().max(1.0), "savings add up");
        assert!(matches!(row[0], Data::Float(_)), "month is a number");
    }
    let assumptions = book.worksheet_range("Assumptions").unwrap();
    assert_eq!(
        header(&assumptions),
        [
            "label",
            "unit",
            "input",
            "distribution",
            "mean",
            "P10",
            "P50",
            "P90",
            "source",
            "confidence"
        ]
    );
    assert!(assumptions.height() > 10);
    for r in assumptions.rows().skip(1) {
        let (label, unit, path) = (r[0].to_string(), r[1].to_string(), r[2].to_string());
        assert!(
            !label.contains(&path)
                && !label.contains("models.")
                && !label.contains("organisation."),
            "a label, not a path: {label}"
        );
        assert!(!unit.is_empty(), "{label} has a unit");
    }
    let drivers = book.worksheet_range("Drivers").unwrap();
    let columns = header(&drivers);
    for wanted in ["input", "input_p10", "input_p90", "swing"] {
        assert!(
            columns.iter().any(|c| c == wanted),
            "drivers column {wanted}"
        );
    }
    assert!(drivers.height() > 5);
    // Native charts: calamine does not read them, so look for their parts in
    // the zip's directory (names are stored uncompressed).
    let bytes = std::fs::read(folder.join("report.xlsx")).unwrap();
    let has = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(has("xl/charts/chart1.xml") && has("xl/charts/chart2.xml"));
    assert!(
        !has("xl/charts/chart3.xml"),
        "two charts per compared model"
    );
}

#[test]
fn the_workbook_is_the_same_bytes_for_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::fs::read(run(dir.path(), &[]).join("report.xlsx")).unwrap();
    std::fs::rename(dir.path().join("out"), dir.path().join("first")).unwrap();
    let b = std::fs::read(run(dir.path(), &["-j", "1"]).join("report.xlsx")).unwrap();
    assert!(a == b, "report.xlsx differs between two identical runs");
}

/// Columns that hold text in each CSV; every other column must parse as a
/// number or be empty.
const TEXT_COLUMNS: [&str; 9] = [
    "model",
    "statistic",
    "unit",
    "flag",
    "start_date",
    "activity",
    "name",
    "capability",
    "section",
];

#[test]
fn csv_numeric_columns_hold_only_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let bench = bench_40_path();
    let folder = run(dir.path(), &[&bench]);
    for file in [
        "summary.csv",
        "monthly.csv",
        "monthly-wide.csv",
        "activities.csv",
    ] {
        let text = std::fs::read_to_string(folder.join(file)).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert!(
            headers.iter().any(|h| h == "unit"),
            "{file} has a unit column"
        );
        for record in reader.records() {
            let record = record.unwrap();
            for (column, cell) in headers.iter().zip(record.iter()) {
                if TEXT_COLUMNS.contains(&column) || cell.is_empty() {
                    continue;
                }
                let value: f64 = cell
                    .parse()
                    .unwrap_or_else(|_| panic!("{file}: {column} holds text {cell:?}"));
                assert!(value.is_finite());
                assert!(
                    cell.len() <= 16,
                    "{file}: {column} = {cell} is longer than its precision"
                );
            }
        }
    }
    let summary = std::fs::read_to_string(folder.join("summary.csv")).unwrap();
    assert!(
        !summary.contains("not within horizon,"),
        "no text in numbers"
    );
}

/// The starter writes sources and confidences beside its inputs: the
/// Assumptions sheet shows them.
#[test]
fn sources_and_confidences_reach_the_assumptions_sheet() {
    let dir = tempfile::tempdir().unwrap();
    assert_success(&opsim_in(dir.path(), &["init", "my.toml"]));
    let path = dir.path().join("my.toml");
    let starter = std::fs::read_to_string(&path).unwrap().replacen(
        "standby_pay_per_week = [150, 275, 500]",
        "standby_pay_per_week = { pert = [150, 275, 500], source = \"HR pay policy 2026\", confidence = \"judgement\" }",
        1,
    );
    assert!(starter.contains("HR pay policy 2026"));
    std::fs::write(&path, starter).unwrap();
    let folder = run(dir.path(), &["my.toml", "--summary-only"]);
    let mut book = workbook(&folder);
    let assumptions = book.worksheet_range("Assumptions").unwrap();
    let sourced = assumptions
        .rows()
        .skip(1)
        .filter(|r| !r[8].to_string().is_empty() && !r[9].to_string().is_empty())
        .count();
    assert!(
        sourced > 0,
        "the starter's sources and confidences reach the sheet"
    );
}
