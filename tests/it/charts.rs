//! Chart snapshots: the SVG structure of every chart on a small seeded run of
//! the example scenario (titles, axis labels, legend entries, and the elements
//! of every series, counted by kind and colour, so a missing series fails), the
//! same on a scenario without a start date (week and month axes), PNGs that are
//! the SVG's size and not blank, glyphs for every character drawn, and
//! byte-identical output for the same summary.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use opsim::analysis::Results;
use opsim::engine::summary::Summary;
use opsim::engine::{self, RunOptions};
use opsim::export::charts::{self, Chart};
use opsim::scenario::{self, EXAMPLE};

const ITERATIONS: u64 = 3_000;
/// Okabe-Ito colours of the first three series (models or capabilities).
const BLUE: &str = "#0072B2";
const VERMILLION: &str = "#D55E00";
/// Paul Tol's muted colours of the first three capabilities of a model.
const CAP1: &str = "#332288";
const CAP2: &str = "#44AA99";
const CAP3: &str = "#999933";
/// Text colour, used for the whole model's curves and the whiskers.
const INK: &str = "#212529";

fn run(text: &str, name: &str) -> Summary {
    let model = scenario::load(name, text).unwrap_or_else(|e| panic!("{e}"));
    engine::run(
        &model,
        RunOptions {
            iterations: ITERATIONS,
            seed: 11,
            threads: 2,
        },
        &|_| {},
    )
    .expect("run")
}

/// A run's results with no analysis, as `--summary-only` gives (no tornado charts).
fn without_analysis(summary: &Summary) -> Results {
    Results::from(summary.clone())
}

fn example() -> &'static Summary {
    static SUMMARY: OnceLock<Summary> = OnceLock::new();
    SUMMARY.get_or_init(|| run(EXAMPLE, "example.toml"))
}

fn example_charts() -> &'static [Chart] {
    static CHARTS: OnceLock<Vec<Chart>> = OnceLock::new();
    CHARTS.get_or_init(|| {
        charts::render_all(&without_analysis(example()), &Default::default())
            .expect("charts render")
    })
}

fn bench_charts() -> &'static [Chart] {
    static CHARTS: OnceLock<Vec<Chart>> = OnceLock::new();
    CHARTS.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench-40.toml");
        let text = std::fs::read_to_string(path).unwrap();
        charts::render_all(
            &without_analysis(&run(&text, "bench-40.toml")),
            &Default::default(),
        )
        .expect("charts render")
    })
}

fn chart<'a>(charts: &'a [Chart], stem: &str) -> &'a Chart {
    charts
        .iter()
        .find(|c| c.stem == stem)
        .unwrap_or_else(|| panic!("no chart `{stem}`"))
}

/// The text of every `<text>` element, unescaped.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| {
            let body = t.split_once('>')?.1;
            let body = body.split_once("</text>")?.0.trim();
            Some(
                body.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

fn has_text(svg: &str, wanted: &str) -> bool {
    texts(svg).iter().any(|t| t == wanted)
}

fn has_text_starting(svg: &str, prefix: &str) -> bool {
    texts(svg).iter().any(|t| t.starts_with(prefix))
}

/// Elements of a tag (`polygon`, `polyline`, `rect`) whose opening tag holds every fragment.
fn count(svg: &str, tag: &str, fragments: &[&str]) -> usize {
    svg.split(&format!("<{tag} "))
        .skip(1)
        .filter(|e| {
            let open = e.split_once('>').map_or(*e, |(o, _)| o);
            fragments.iter().all(|f| open.contains(f))
        })
        .count()
}

fn stroke(colour: &str, width: u32) -> [String; 2] {
    [
        format!("stroke=\"{colour}\""),
        format!("stroke-width=\"{width}\""),
    ]
}

fn count_stroke(svg: &str, colour: &str, width: u32) -> usize {
    let [s, w] = stroke(colour, width);
    count(svg, "polyline", &[&s, &w])
}

/// The number of points of each polyline of a stroke colour and width.
fn polyline_lengths(svg: &str, colour: &str, width: u32) -> Vec<usize> {
    let [s, w] = stroke(colour, width);
    svg.split("<polyline ")
        .skip(1)
        .filter(|e| e.contains(&s) && e.contains(&w))
        .filter_map(|e| e.split("points=\"").nth(1)?.split('"').next())
        .map(|points| points.split_whitespace().count())
        .collect()
}

fn fill(colour: &str) -> String {
    format!("fill=\"{colour}\"")
}

#[test]
fn the_example_gets_three_cost_charts_and_readiness_charts_for_the_model_with_setup() {
    let stems: Vec<&str> = example_charts().iter().map(|c| c.stem.as_str()).collect();
    assert_eq!(
        stems,
        [
            "cumulative-saving",
            "saving-distribution-ybiyri",
            "tco-distribution",
            "cumulative-cost",
            "run-cost-components",
            "readiness-timeline-ybiyri",
            "readiness-s-curves-ybiyri",
        ],
        "Ops Run It has no setup activities, so no readiness charts"
    );
}

#[test]
fn tco_distribution_has_an_area_an_outline_and_quantile_lines_per_model() {
    let svg = &chart(example_charts(), "tco-distribution").svg;
    assert!(has_text(
        svg,
        "Total cost of ownership over 36 months, by model"
    ));
    assert!(has_text(svg, "TCO over 36 months (GBP)"), "x axis label");
    assert!(
        has_text_starting(svg, "Share of iterations per £"),
        "y axis label"
    );
    for (name, colour) in [
        ("Ops Run It", BLUE),
        ("You Build It You Run It", VERMILLION),
    ] {
        assert!(
            has_text_starting(svg, &format!("{name}: P10 £")),
            "legend of {name}"
        );
        assert_eq!(
            count(svg, "polygon", &[&fill(colour), "opacity=\"0.1\""]),
            1,
            "one lightly shaded distribution for {name}"
        );
        assert!(
            count_stroke(svg, colour, 3) >= 4,
            "its outline, a solid P50 line and dashed P10 and P90 lines for {name}"
        );
    }
    assert!(has_text(svg, "P50") && has_text(svg, "P10 and P90"));
    assert!(has_text(svg, "£2.5m"), "money ticks in the currency");
}

#[test]
fn cumulative_cost_has_a_band_and_a_p50_line_per_model_and_the_break_even_month() {
    let svg = &chart(example_charts(), "cumulative-cost").svg;
    assert!(has_text(
        svg,
        "Cumulative cash cost over 36 months, by model"
    ));
    assert!(has_text(svg, "Cumulative cash cost (GBP)"));
    assert!(has_text(
        svg,
        "Month of the horizon, labelled by the date it starts (month 0 starts 4 Jan 2027)"
    ));
    for tick in ["Jan 2027", "Jul 2027", "Jan 2028", "Jul 2029"] {
        assert!(has_text(svg, tick), "calendar tick {tick}");
    }
    for (name, colour) in [
        ("Ops Run It", BLUE),
        ("You Build It You Run It", VERMILLION),
    ] {
        assert_eq!(
            count(svg, "polygon", &[&fill(colour), "opacity=\"0.12\""]),
            1,
            "P10-P90 band of {name}"
        );
        assert!(
            count_stroke(svg, colour, 2) >= 2,
            "the band's dashed edges for {name}"
        );
        assert_eq!(
            count_stroke(svg, colour, 4),
            2,
            "P50 line of {name}, and its legend swatch"
        );
        assert!(has_text(svg, &format!("{name}: P50")));
        assert!(has_text(svg, &format!("{name}: P10 to P90")));
    }
    let longest = polyline_lengths(svg, BLUE, 4).into_iter().max().unwrap();
    assert_eq!(longest, 37, "month 0 and the end of each of 36 months");
    let p50 = example().comparisons[0].break_even_month.p50;
    match p50 {
        Some(_) => {
            assert!(has_text_starting(
                svg,
                "You Build It You Run It: P50 break-even in "
            ));
            assert_eq!(
                count(svg, "rect", &[&fill(VERMILLION), "opacity=\"0.12\""]),
                1,
                "the break-even month is shaded"
            );
        }
        None => assert!(has_text_starting(
            svg,
            "You Build It You Run It: no P50 break-even"
        )),
    }
}

#[test]
fn run_cost_components_stack_every_component_for_every_model_beside_opportunity_cost() {
    let svg = &chart(example_charts(), "run-cost-components").svg;
    assert!(has_text_starting(svg, "Largest run cost over 36 months: "));
    assert!(has_text(svg, "Mean cash run cost over 36 months (GBP)"));
    assert!(has_text(svg, "Mean opportunity cost over 36 months (GBP)"));
    assert!(has_text(svg, "Cash run cost") && has_text(svg, "Opportunity cost (not cash)"));
    let groups = [
        ("On-call pay (standby, callouts)", "#332288"),
        ("Incident work (labour, escalation, follow-up)", "#44AA99"),
        ("Change approval", "#999933"),
        ("Fixed costs and licences", "#882255"),
        ("Downtime (not cash)", "#DDCC77"),
        ("Change delay (not cash)", "#CC6677"),
    ];
    for (label, colour) in groups {
        assert!(has_text(svg, label), "legend entry {label}");
        assert_eq!(
            count(svg, "rect", &[&fill(colour)]),
            3,
            "{label}: one segment per model, and the legend swatch"
        );
    }
    assert_eq!(
        count_stroke(svg, INK, 3),
        2 * 2 * 3 + 3,
        "P10-P90 whiskers (3 strokes) per model per panel, and the legend's"
    );
    assert!(has_text(svg, "Ops Run It") && has_text(svg, "You Build It You Run It"));
    assert!(
        texts(svg).iter().filter(|t| t.starts_with('£')).count() > 2 * 6,
        "values on the segments and the totals"
    );
}

/// bench-40 has no opportunity cost: no panel, no legend entries for it, and
/// no "None in this scenario".
#[test]
fn an_empty_panel_and_its_legend_entries_are_not_drawn() {
    let svg = &chart(bench_charts(), "run-cost-components").svg;
    for absent in [
        "Opportunity cost (not cash)",
        "Downtime (not cash)",
        "Change delay (not cash)",
        "None in this scenario",
    ] {
        assert!(!has_text(svg, absent), "{absent} drawn");
    }
    assert!(count(svg, "rect", &[&fill("#DDCC77")]) == 0);
}

#[test]
fn readiness_timeline_has_a_row_per_activity_grouped_by_capability_with_milestones() {
    let summary = example();
    let model = summary.model("ybiyri").unwrap();
    let svg = &chart(example_charts(), "readiness-timeline-ybiyri").svg;
    assert!(has_text(svg, "Readiness timeline: You Build It You Run It"));
    assert!(has_text(svg, "Date (week 0 = 4 Jan 2027)"), "calendar axis");
    assert!(has_text(svg, "Critical"));
    for (capability, colour) in [
        ("deployment-throughput", CAP1),
        ("service-reliability", CAP2),
        ("learning-culture", CAP3),
    ] {
        let activities = model
            .activities
            .iter()
            .filter(|a| a.capability == capability)
            .count();
        let legend = usize::from(colour == CAP1);
        assert!(has_text(svg, capability), "heading row of {capability}");
        assert_eq!(
            count(svg, "rect", &[&fill(colour), "opacity=\"0.8\""]),
            activities + legend,
            "one P50 bar per {capability} activity"
        );
        assert_eq!(
            count(svg, "polygon", &[&fill(colour)]),
            1,
            "{capability}'s P50 milestone"
        );
        assert_eq!(
            count_stroke(svg, colour, 3),
            1,
            "{capability}'s P90 milestone"
        );
    }
    assert_eq!(
        count_stroke(svg, INK, 2),
        3 * model.activities.len(),
        "a P10-P90 whisker with two caps per activity"
    );
    let criticality = texts(svg)
        .iter()
        .filter(|t| t.ends_with('%') && !t.contains(' '))
        .count();
    assert_eq!(
        criticality,
        model.activities.len(),
        "criticality on every row"
    );
    assert!(has_text(
        svg,
        "Move incident management accountability to on-call product teams"
    ));
    assert!(has_text(svg, "Whole model ready"));
    assert!(has_text_starting(svg, "P50 "), "milestone dates");
}

#[test]
fn readiness_s_curves_have_a_curve_per_capability_and_the_whole_model() {
    let svg = &chart(example_charts(), "readiness-s-curves-ybiyri").svg;
    assert!(has_text(
        svg,
        "Probability of being ready: You Build It You Run It"
    ));
    assert!(has_text(svg, "Probability of being ready"));
    assert!(has_text(svg, "Date (week 0 = 4 Jan 2027)"));
    assert!(has_text(svg, "50%") && has_text(svg, "100%"));
    for colour in [CAP1, CAP2, CAP3] {
        assert_eq!(count_stroke(svg, colour, 3), 2, "curve and legend swatch");
    }
    assert_eq!(
        count_stroke(svg, INK, 5),
        2,
        "whole model: curve and swatch"
    );
    for name in [
        "deployment-throughput",
        "service-reliability",
        "learning-culture",
        "Whole model ready",
    ] {
        assert!(has_text(svg, name), "legend entry {name}");
    }
    assert!(has_text_starting(svg, "P50: ") && has_text_starting(svg, "P90: "));
    let whole = polyline_lengths(svg, INK, 5).into_iter().max().unwrap();
    assert!(whole > 90, "a point per percentile, got {whole}");
}

#[test]
fn without_a_start_date_time_axes_count_weeks_and_months() {
    let charts = bench_charts();
    let timeline = &chart(charts, "readiness-timeline-ybiyri").svg;
    assert!(has_text(timeline, "Weeks from the start of setup"));
    assert!(has_text(timeline, "0") && has_text(timeline, "8"));
    let curves = &chart(charts, "readiness-s-curves-ybiyri").svg;
    assert!(has_text(curves, "Weeks from the start of setup"));
    let cumulative = &chart(charts, "cumulative-cost").svg;
    assert!(has_text(cumulative, "Months from the start of the horizon"));
    assert!(has_text(cumulative, "36"));
}

#[test]
fn pngs_match_their_svgs_in_size_and_are_not_blank() {
    for chart in example_charts() {
        let width: u32 = attribute(&chart.svg, "width").parse().unwrap();
        let height: u32 = attribute(&chart.svg, "height").parse().unwrap();
        let image = image::load_from_memory(&chart.png)
            .expect("a valid PNG")
            .to_rgb8();
        assert_eq!(image.dimensions(), (width, height), "{}", chart.stem);
        let pixels = image.pixels().count();
        let inked = image.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        assert!(
            inked * 20 > pixels,
            "{}: only {inked} of {pixels} pixels are not white",
            chart.stem
        );
        let dark = image
            .pixels()
            .filter(|p| p.0.iter().all(|c| *c < 80))
            .count();
        assert!(
            dark > 2_000,
            "{}: text and axes are drawn ({dark} dark pixels)",
            chart.stem
        );
    }
}

fn attribute<'a>(svg: &'a str, name: &str) -> &'a str {
    let open = svg.split_once('>').unwrap().0;
    open.split(&format!(" {name}=\""))
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap()
}

#[test]
fn every_character_drawn_has_a_glyph_in_the_embedded_font() {
    let font = FontRef::try_from_slice(include_bytes!("../../assets/DejaVuSans.ttf")).unwrap();
    for chart in example_charts().iter().chain(bench_charts()) {
        for text in texts(&chart.svg) {
            for c in text.chars() {
                assert!(
                    font.glyph_id(c).0 != 0,
                    "{}: no glyph for {c:?} in {text:?}",
                    chart.stem
                );
            }
        }
    }
}

#[test]
fn the_same_summary_gives_byte_identical_charts() {
    let again = charts::render_all(&without_analysis(example()), &Default::default()).unwrap();
    for (a, b) in example_charts().iter().zip(&again) {
        assert_eq!(a.svg, b.svg, "{} SVG", a.stem);
        assert!(a.png == b.png, "{} PNG", a.stem);
    }
}

#[test]
fn a_model_with_hundreds_of_activities_draws_the_most_critical_and_counts_the_rest() {
    let mut text = EXAMPLE.to_string();
    for i in 0..300 {
        text.push_str(&format!(
            "\n[[models.ybiyri.activities]]\nid = \"extra-{i}\"\nname = \"Extra {i}\"\n\
             capability = \"learning-culture\"\nduration_weeks = [1, 2, 4]\n"
        ));
    }
    let model = scenario::load("many.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let summary = engine::run(
        &model,
        RunOptions {
            iterations: 300,
            seed: 1,
            threads: 2,
        },
        &|_| {},
    )
    .expect("run");
    let results = without_analysis(&summary);
    let charts = charts::render_all(&results, &Default::default()).expect("charts render");
    let timeline = chart(&charts, "readiness-timeline-ybiyri");
    let shown = opsim::export::shown::MAX_ACTIVITIES_SHOWN;
    let activities = summary.models[1].activities.len();
    assert!(
        has_text_starting(
            &timeline.svg,
            &format!("… and {} less critical activities", activities - shown)
        ),
        "{:?}",
        texts(&timeline.svg)
    );
    let rows = texts(&timeline.svg)
        .iter()
        .filter(|t| t.starts_with("Extra ") || t.starts_with("Move "))
        .count();
    assert!(rows <= shown, "{rows} activity rows drawn");
    let height: u32 = attribute(&timeline.svg, "height").parse().unwrap();
    assert!(height < 2_600, "the timeline is {height} px tall");
    let info = opsim::export::RunInfo {
        opsim_version: "0".into(),
        scenario_file: "many.toml".into(),
        scenario_sha256: "0".into(),
        overrides: Vec::new(),
    };
    let html = opsim::export::report::render(&results, &model, &info, &charts, "now");
    assert!(
        html.contains(&format!(
            "The {shown} most critical of {activities} activities; the other {} are in activities.csv.",
            activities - shown
        )),
        "the report's activity table says what it left out"
    );
    assert!(
        html.contains("more, in file order"),
        "the inputs tables are cut too"
    );
}

/// Every `#RRGGBB` colour an SVG draws with.
fn colours(svg: &str) -> std::collections::BTreeSet<String> {
    svg.match_indices('#')
        .filter_map(|(i, _)| svg.get(i..i + 7))
        .filter(|c| c[1..].chars().all(|ch| ch.is_ascii_hexdigit()))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The example's charts with an analysis (so with its tornados).
fn analysed_charts() -> &'static [Chart] {
    static CHARTS: OnceLock<Vec<Chart>> = OnceLock::new();
    CHARTS.get_or_init(|| {
        let model = scenario::load("example.toml", EXAMPLE).unwrap();
        let stop = std::sync::atomic::AtomicBool::new(false);
        let analysis = opsim::analysis::analyse(&model, 11, ITERATIONS, 2, None, &|_| {}, &stop)
            .unwrap()
            .unwrap();
        let results = Results {
            summary: example().clone(),
            analysis: Some(analysis),
        };
        charts::render_all(&results, &Default::default()).expect("charts render")
    })
}

/// A sweep of one parameter over which YBIYRI's mean difference rises
/// through zero between x = 20 (−£100k) and x = 30 (+£100k): it crosses at 25.
fn rising_sweep() -> opsim::sweep::Sweep {
    let point = |x: f64, mean: f64| {
        (
            vec![x],
            vec![opsim::sweep::PointResult {
                model: "ybiyri".into(),
                tco_difference_mean: mean,
                tco_difference_se: 1000.0,
                tco_difference_p10: mean - 50_000.0,
                tco_difference_p90: mean + 50_000.0,
                probability_cheaper: if mean < 0.0 { 0.7 } else { 0.3 },
                readiness_p50_weeks: 20.0,
                readiness_p90_weeks: 30.0,
                break_even_month_p50: None,
            }],
        )
    };
    opsim::sweep::Sweep {
        scenario: "example".into(),
        currency: "GBP".into(),
        iterations: 1000,
        seed: 1,
        parameters: vec![("organisation.teams".into(), vec![10.0, 20.0, 30.0])],
        points: vec![
            point(10.0, -300_000.0),
            point(20.0, -100_000.0),
            point(30.0, 100_000.0),
        ],
        parameter_labels: vec!["Product teams".into()],
        model_names: vec![
            ("ops-run-it".into(), "Ops Run It".into()),
            ("ybiyri".into(), "You Build It You Run It".into()),
        ],
    }
}

/// The sweep's title answers its question with the crossover, written on the
/// chart too; flat panels (readiness here) are left out; YBIYRI keeps its
/// colour; the probability axis runs from 0 to 100%.
#[test]
fn the_sweep_says_where_the_answer_flips_in_the_models_colour() {
    let sweep = rising_sweep();
    let chart = charts::render(&charts::sweep::SweepChart::new(&sweep)).unwrap();
    assert_eq!(
        chart.title,
        "You Build It You Run It stops paying off above 25 product teams"
    );
    assert!(
        has_text(&chart.svg, "crosses £0 at 25"),
        "{:?}",
        texts(&chart.svg)
    );
    assert!(!has_text(&chart.svg, "Ready (P50)"), "flat panel left out");
    assert!(has_text(&chart.svg, "Chance of a lower TCO"));
    assert!(
        has_text(&chart.svg, "100%") && has_text(&chart.svg, "0%"),
        "{:?}",
        texts(&chart.svg)
    );
    let used = colours(&chart.svg);
    assert!(
        used.contains(VERMILLION) && !used.contains(BLUE),
        "{used:?}"
    );
}

/// A model keeps its colour in every chart: the example's two models are
/// blue (the baseline) and vermillion; no chart draws a model colour that is
/// not one of its models' (capabilities, inputs and bars of no model use
/// colours of their own), and the charts of the comparison draw YBIYRI in
/// vermillion, the baseline's blue nowhere.
#[test]
fn model_colours_are_the_same_in_every_chart() {
    let all: Vec<String> = charts::MODEL_COLOURS.iter().map(|c| hex(*c)).collect();
    assert_eq!(all[0], BLUE);
    assert_eq!(all[1], VERMILLION);
    assert_eq!(hex(charts::model_colour(1)), VERMILLION);
    let charts = analysed_charts();
    assert!(charts.iter().any(|c| c.stem.starts_with("tornado")));
    for c in charts {
        let used = colours(&c.svg);
        for other in &all[2..] {
            assert!(
                !used.contains(other),
                "{} draws {other}, no model's colour",
                c.stem
            );
        }
        let expected: &[&str] = match c.stem.as_str() {
            "tco-distribution" | "cumulative-cost" => &[BLUE, VERMILLION],
            "cumulative-saving" | "saving-distribution-ybiyri" | "joint-confidence-ybiyri" => {
                &[VERMILLION]
            }
            _ => &[],
        };
        for model in [BLUE, VERMILLION] {
            assert_eq!(
                used.contains(model),
                expected.contains(&model),
                "{}: {model} drawn only where its model is",
                c.stem
            );
        }
    }
}

/// Whether `text` holds a dotted input path (`organisation.teams`,
/// `changes.approval_hours_per_change`): a word of letters and underscores,
/// a dot, another such word, where the path starts with a section of the
/// scenario or a part has an underscore. "example.toml" and "0.27" are not.
fn dotted_path(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .map(|t| t.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
        .find(|t| {
            let parts: Vec<&str> = t.split('.').collect();
            parts.len() >= 2
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-')
                })
                && (["organisation", "models", "tiers", "simulation", "scenario"]
                    .contains(&parts[0])
                    || parts.iter().any(|p| p.contains('_')))
        })
        .map(String::from)
}

#[test]
fn the_path_finder_finds_paths_and_nothing_else() {
    assert!(dotted_path("Sweep: organisation.teams").is_some());
    assert!(dotted_path("changes.approval_hours_per_change").is_some());
    assert!(dotted_path("…ps-run-it.changes.deployments_cap_per_service…").is_some());
    assert!(dotted_path("example.toml: 0.27 incidents, e.g. P10").is_none());
    assert!(dotted_path("Standby pay per person per week").is_none());
}

/// No chart says a dotted input path: inputs are named in words.
#[test]
fn no_chart_text_holds_a_dotted_input_path() {
    let sweep = rising_sweep();
    let sweep_chart = charts::render(&charts::sweep::SweepChart::new(&sweep)).unwrap();
    let all = analysed_charts()
        .iter()
        .chain(bench_charts())
        .chain(std::iter::once(&sweep_chart));
    for c in all {
        for t in texts(&c.svg).iter().chain(std::iter::once(&c.title)) {
            assert!(
                dotted_path(t).is_none(),
                "{}: {t:?} holds a dotted path",
                c.stem
            );
        }
    }
}
