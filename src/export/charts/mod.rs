//! Charts: pictures of a run, each drawn from the [`Summary`] alone and rendered
//! twice, as SVG (inlined in the report, scalable for documents) and as PNG (for
//! slides and the README). Each chart lives in its own file in this folder; this
//! module owns what they share: the embedded font (DejaVu Sans, registered as
//! `sans-serif`, so text renders on a machine with no system fonts or
//! fontconfig), the palette and text sizes, the title block, and rendering one
//! drawing to both formats. `axes.rs` holds the shared axis ticks and labels,
//! `legend.rs` the legend drawn under each chart, `glyphs.rs` the text drawing
//! for PNGs.
//!
//! Rendering is deterministic: the same summary gives byte-identical files.

pub(crate) mod axes;
pub mod compare;
pub(crate) mod cumulative_cost;
pub(crate) mod cumulative_saving;
pub(crate) mod finding;
pub(crate) mod fit;
pub(crate) mod glyphs;
pub(crate) mod joint_confidence;
pub(crate) mod legend;
pub(crate) mod readiness_curves;
pub(crate) mod readiness_timeline;
pub(crate) mod run_cost_components;
pub(crate) mod saving_distribution;
pub mod sweep;
pub(crate) mod tco_distribution;
pub(crate) mod tornado;

use std::fmt::Display;
use std::sync::OnceLock;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use rayon::prelude::*;

use super::format::{money_compact, round_significant, shorten};
use crate::analysis::Results;
use crate::engine::summary::{ModelSummary, Summary};

/// DejaVu Sans (Bitstream Vera licence, `assets/LICENSE-DejaVu.txt`).
const FONT_BYTES: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
/// The family every chart uses: the embedded font for PNGs, the viewer's own
/// sans-serif for SVGs.
pub const FONT: &str = "sans-serif";

/// Default drawing size in pixels (SVG user units and PNG pixels alike).
pub const WIDTH_PX: u32 = 1400;
/// Default drawing height in pixels.
pub const HEIGHT_PX: u32 = 800;
/// Space between the drawing's edge and its content.
pub const MARGIN_PX: i32 = 28;
/// Height of the title block drawn by [`header`].
pub const HEADER_PX: i32 = 108;

/// Font size of a chart's title, in pixels.
pub const TITLE_PX: u32 = 36;
/// Font size of the subtitle.
pub const SUBTITLE_PX: u32 = 22;
/// Font size of axis descriptions.
pub const AXIS_DESC_PX: u32 = 23;
/// Font size of tick labels.
pub const TICK_PX: u32 = 21;
/// Font size of labels drawn in the plot and legend.
pub const LABEL_PX: u32 = 21;
/// Font size of small notes at row ends.
pub const NOTE_PX: u32 = 19;

/// Colour of text and main lines.
pub const INK: RGBColor = RGBColor(33, 37, 41);
/// Colour of secondary text and axis lines.
pub const MUTED: RGBColor = RGBColor(90, 96, 104);
/// Colour of grid lines.
pub const GRID: RGBColor = RGBColor(226, 229, 233);

/// Okabe and Ito's colours, told apart with the common colour-vision
/// deficiencies: the models take them in the scenario's order, the baseline
/// first, in every chart, the sweep and the compare chart included, and
/// nothing else uses them. Ordered so the first four stay at least 20 ΔE
/// (CIE76) apart under deuteranopia, protanopia and tritanopia as well
/// (`tools/cvd/simulate.py` checks it).
pub const MODEL_COLOURS: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(230, 159, 0),
];

/// Paul Tol's "muted" colours without his blue and his orange-pink, for the
/// capabilities of one model: never mistaken for a model.
const CAPABILITY_COLOURS: [RGBColor; 6] = [
    RGBColor(51, 34, 136),
    RGBColor(68, 170, 153),
    RGBColor(153, 153, 51),
    RGBColor(136, 34, 85),
    RGBColor(17, 119, 51),
    RGBColor(170, 68, 153),
];

/// What a low and a high input are drawn in (the tornado): greys, so they
/// never read as a model.
pub const INPUT_LOW: RGBColor = RGBColor(215, 218, 222);
/// See [`INPUT_LOW`].
pub const INPUT_HIGH: RGBColor = RGBColor(70, 74, 80);

/// The colour of the model at position `i` of the scenario (0: the baseline).
pub fn model_colour(i: usize) -> RGBColor {
    MODEL_COLOURS[i % MODEL_COLOURS.len()]
}

/// The colour of capability `i` of a model (readiness charts).
pub fn capability_colour(i: usize) -> RGBColor {
    CAPABILITY_COLOURS[i % CAPABILITY_COLOURS.len()]
}

/// Width and height of the slide-size PNG every chart is also drawn at.
pub const SLIDE_PX: (u32, u32) = (1920, 1080);
/// How much larger text and the spacing around it are on a slide: a 1920-pixel
/// slide is shown about as wide as a 1400-pixel page chart, so text is scaled
/// by a little more than 1920 / 1400 to stay readable when projected.
pub const SLIDE_TEXT_SCALE: f64 = 1.4;

thread_local! {
    /// The text scale of the drawing being rendered on this thread.
    static TEXT_SCALE: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

/// `px` scaled by the text scale of the drawing being rendered: sizes of text
/// and of the spaces that hold text (title block, legend rows, footnote).
pub fn scaled(px: i32) -> i32 {
    (px as f64 * TEXT_SCALE.with(|s| s.get())).round() as i32
}

/// A text style of the embedded font.
pub fn text(size_px: u32, colour: RGBColor) -> TextStyle<'static> {
    (FONT, scaled(size_px as i32) as f64)
        .into_font()
        .color(&colour)
}

/// One chart, rendered.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File name without extension, e.g. `tco-distribution`.
    pub stem: String,
    /// The chart's title, for captions and alternative text.
    pub title: String,
    /// The drawing as SVG text.
    pub svg: String,
    /// The same drawing as PNG bytes.
    pub png: Vec<u8>,
    /// The drawing again at slide size ([`SLIDE_PX`]), text scaled by
    /// [`SLIDE_TEXT_SCALE`], as PNG bytes; None unless asked for.
    pub slide_png: Option<Vec<u8>>,
}

/// A chart with numbers on both axes.
pub type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
/// A chart whose x axis is ticked where an [`axes::Axis`] says.
pub type TickedChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<axes::Ticked, RangedCoordf64>>;

/// A chart before rendering: its data and how to draw it on any backend.
pub trait Drawing {
    /// File name without extension, e.g. `tco-distribution`.
    fn stem(&self) -> String;
    /// Title, for captions and alternative text.
    fn title(&self) -> String;
    /// Drawing size in pixels, width then height.
    fn size_px(&self) -> (u32, u32) {
        (WIDTH_PX, HEIGHT_PX)
    }
    /// The run's details (scenario, iterations, seed), drawn as a footnote
    /// under the chart unless [`ChartOptions::footnote`] is off.
    fn footnote(&self) -> Option<String> {
        None
    }
    /// Draws the chart on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// How charts are rendered, whatever they show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartOptions {
    /// Draw the run's details as a footnote under each chart (`--no-chart-footnote`
    /// turns it off, for pasting into slides).
    pub footnote: bool,
    /// Also draw each chart at slide size (`<stem>-slide.png`).
    pub slide: bool,
}

impl Default for ChartOptions {
    fn default() -> ChartOptions {
        ChartOptions {
            footnote: true,
            slide: true,
        }
    }
}

/// Height of the footnote line under a chart.
pub const FOOTNOTE_PX: i32 = 34;

/// Draws the footnote (when there is one and it is wanted) at the bottom of
/// `root` and returns the area above it.
fn with_footnote<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    footnote: Option<String>,
    options: &ChartOptions,
) -> Result<DrawingArea<DB, Shift>, String> {
    let Some(note) = footnote.filter(|_| options.footnote) else {
        return Ok(root.clone());
    };
    let (width, height) = root.dim_in_pixel();
    let (above, below) = root.split_vertically(height as i32 - scaled(FOOTNOTE_PX));
    let style = text(NOTE_PX, MUTED);
    let note = fit(root, &note, &style, width as i32 - 2 * MARGIN_PX)?;
    below
        .draw(&Text::new(note, (MARGIN_PX, scaled(4)), style))
        .or_msg()?;
    Ok(above)
}

/// `line` broken at spaces into at most `max_lines` lines each at most
/// `max_px` wide; only a single word wider than that, or text that needs more
/// lines, is shortened with an ellipsis.
pub fn wrap_words<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    line: &str,
    style: &TextStyle,
    max_px: i32,
    max_lines: usize,
) -> Result<Vec<String>, String> {
    let width = |s: &str| -> Result<i32, String> {
        Ok(area.estimate_text_size(s, style).or_msg()?.0 as i32)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || width(&candidate)? <= max_px {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(rest);
    }
    for l in &mut lines {
        *l = fit(area, l, style, max_px)?;
    }
    Ok(lines)
}

/// Every chart of a run: the difference charts (the cumulative saving, when
/// there is a compared model, and the saving's distribution for each compared
/// model), the three cost charts, then a readiness timeline and S-curves for
/// each model that has setup activities, then a tornado for each analysed
/// output (when the run has an analysis). Charts are rendered in parallel
/// (rayon's global pool) and returned in this order.
pub fn render_all(results: &Results, options: &ChartOptions) -> Result<Vec<Chart>, String> {
    let summary = &results.summary;
    let render = |d: &dyn DynDrawing| d.render_dyn(options);
    type Job<'a> = Box<dyn Fn() -> Result<Chart, String> + Send + Sync + 'a>;
    let stems = model_stems(summary);
    let mut jobs: Vec<Job> = Vec::new();
    if !summary.comparisons.is_empty() {
        jobs.push(Box::new(move || {
            render(&cumulative_saving::CumulativeSaving::new(summary))
        }));
    }
    for c in &summary.comparisons {
        let Some(m) = summary.models.iter().position(|m| m.id == c.id) else {
            continue;
        };
        let stem = stems[m].clone();
        jobs.push(Box::new(move || {
            render(&saving_distribution::SavingDistribution::new(
                summary, c, m, &stem,
            ))
        }));
    }
    jobs.push(Box::new(move || {
        render(&tco_distribution::TcoDistribution::new(summary))
    }));
    jobs.push(Box::new(move || {
        render(&cumulative_cost::CumulativeCost::new(summary))
    }));
    jobs.push(Box::new(move || {
        render(&run_cost_components::RunCostComponents::new(summary))
    }));
    for (m, stem) in summary.models.iter().zip(stems.iter().cloned()) {
        if !has_readiness_charts(m) {
            continue;
        }
        let timeline_stem = stem.clone();
        jobs.push(Box::new(move || {
            render(&readiness_timeline::ReadinessTimeline::new(
                summary,
                m,
                &timeline_stem,
            ))
        }));
        jobs.push(Box::new(move || {
            render(&readiness_curves::ReadinessCurves::new(summary, m, &stem))
        }));
    }
    let analysis = results.analysis.as_ref();
    for joint in analysis.iter().flat_map(|a| &a.joint) {
        let Some(stem) = stems.get(joint.model).cloned() else {
            continue;
        };
        jobs.push(Box::new(move || {
            render(&joint_confidence::JointChart::new(summary, joint, &stem))
        }));
    }
    let sample_iterations = analysis.map_or(0, |a| a.sample_iterations);
    for output in analysis.iter().flat_map(|a| &a.sensitivity) {
        let Some(k) = summary.models.iter().position(|m| m.id == output.model) else {
            continue;
        };
        let stem = stems[k].clone();
        jobs.push(Box::new(move || {
            render(&tornado::Tornado::new(
                summary,
                output,
                sample_iterations,
                &stem,
            ))
        }));
    }
    jobs.into_par_iter().map(|job| job()).collect()
}

/// Models that get readiness charts: those with setup activities.
pub fn has_readiness_charts(model: &ModelSummary) -> bool {
    !model.activities.is_empty()
}

/// A file-name-safe, unique stem per model: its id in lower case with anything
/// but letters, digits, `-` and `_` replaced by `-`; a clash gets the model's
/// position appended.
pub fn model_stems(summary: &Summary) -> Vec<String> {
    let slugs: Vec<String> = summary.models.iter().map(|m| slug(&m.id)).collect();
    slugs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if slugs.iter().filter(|t| *t == s).count() > 1 || s.is_empty() {
                format!("{s}-{}", i + 1)
            } else {
                s.clone()
            }
        })
        .collect()
}

fn slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A [`Drawing`] behind a reference of one type, so charts of every kind can
/// be queued as jobs.
trait DynDrawing: Sync {
    fn render_dyn(&self, options: &ChartOptions) -> Result<Chart, String>;
}

impl<T: Drawing + Sync> DynDrawing for T {
    fn render_dyn(&self, options: &ChartOptions) -> Result<Chart, String> {
        render_with(self, options)
    }
}

/// Renders a drawing to SVG text and PNG bytes with the default options.
pub fn render(drawing: &impl Drawing) -> Result<Chart, String> {
    render_with(drawing, &ChartOptions::default())
}

/// Renders a drawing to SVG text and PNG bytes.
pub fn render_with(drawing: &impl Drawing, options: &ChartOptions) -> Result<Chart, String> {
    register_embedded_font()?;
    let (width, height) = drawing.size_px();
    let mut svg = String::new();
    {
        let vector = SVGBackend::with_string(&mut svg, (width, height));
        let root = glyphs::GlyphText::measuring(vector, FONT_BYTES)?.into_drawing_area();
        root.fill(&WHITE).or_msg()?;
        drawing.draw(&with_footnote(&root, drawing.footnote(), options)?)?;
        root.present().or_msg()?;
    }
    let png = rasterise(drawing, options, (width, height))?;
    let slide_png = if options.slide {
        TEXT_SCALE.with(|s| s.set(SLIDE_TEXT_SCALE));
        let slide = rasterise(drawing, options, SLIDE_PX);
        TEXT_SCALE.with(|s| s.set(1.0));
        Some(slide?)
    } else {
        None
    };
    Ok(Chart {
        stem: drawing.stem(),
        title: drawing.title(),
        svg,
        png,
        slide_png,
    })
}

/// The drawing as a PNG of `size` pixels.
fn rasterise(
    drawing: &impl Drawing,
    options: &ChartOptions,
    (width, height): (u32, u32),
) -> Result<Vec<u8>, String> {
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    {
        let bitmap = BitMapBackend::with_buffer(&mut rgb, (width, height));
        let root = glyphs::GlyphText::rasterising(bitmap, FONT_BYTES)?.into_drawing_area();
        root.fill(&WHITE).or_msg()?;
        drawing.draw(&with_footnote(&root, drawing.footnote(), options)?)?;
        root.present().or_msg()?;
    }
    encode_png(&rgb, width, height)
}

/// PNG with fast deflate and adaptive row filters: half the encoding time of the
/// default compression for files about 45% larger (bench-40: 0.75 MB for all
/// charts instead of 0.51 MB); the pixels are the same.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Adaptive)
        .write_image(rgb, width, height, image::ColorType::Rgb8)
        .map_err(|e| format!("cannot encode a PNG: {e}"))?;
    Ok(png)
}

/// Registers the embedded font once per process.
fn register_embedded_font() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            register_font(FONT, FontStyle::Normal, FONT_BYTES)
                .map_err(|_| "the embedded chart font is not a valid TrueType font".to_string())
        })
        .clone()
}

/// Draws the title and a one-line subtitle, each cut to the drawing's width;
/// returns the area below them.
pub fn header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    let width = root.dim_in_pixel().0 as i32 - 2 * MARGIN_PX;
    // A long title is set smaller, down to 4/5 of its size, before it is cut.
    let mut title_px = TITLE_PX;
    while title_px > TITLE_PX * 4 / 5
        && root
            .estimate_text_size(title, &text(title_px, INK))
            .or_msg()?
            .0 as i32
            > width
    {
        title_px -= 1;
    }
    for (line, style, y) in [
        (title, text(title_px, INK), scaled(22)),
        (subtitle, text(SUBTITLE_PX, MUTED), scaled(68)),
    ] {
        let line = fit(root, line, &style, width)?;
        root.draw(&Text::new(line, (MARGIN_PX, y), style))
            .or_msg()?;
    }
    Ok(root.split_vertically(scaled(HEADER_PX)).1)
}

/// `line`, shortened with an ellipsis until it is at most `max_px` wide.
pub fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    line: &str,
    style: &TextStyle,
    max_px: i32,
) -> Result<String, String> {
    let mut keep = line.chars().count();
    let mut fitted = line.to_string();
    while keep > 1 && area.estimate_text_size(&fitted, style).or_msg()?.0 as i32 > max_px {
        keep -= 1;
        fitted = shorten(line, keep);
    }
    Ok(fitted)
}

/// Applies the house style to a chart's grid, axes and tick labels.
pub fn house_style<X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &mut MeshStyle<'_, '_, X, Y, DB>,
) {
    mesh.bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(1))
        .label_style(text(TICK_PX, INK))
        .axis_desc_style(text(AXIS_DESC_PX, INK))
        .set_all_tick_mark_size(6);
}

/// Money to three significant figures in the axes' compact form: "£2.12m".
pub fn money_short(currency: &str, value: f64) -> String {
    money_compact(currency, round_significant(value, 3))
}

/// "example: 20,000 iterations, seed 2027": what was run, for subtitles.
pub fn run_note(summary: &Summary) -> String {
    format!(
        "{}: {} iterations, seed {}",
        summary.scenario,
        super::format::grouped(summary.iterations as f64),
        summary.seed
    )
}

/// Turns any drawing error into a message.
pub trait OrMsg<T> {
    /// The result with its error turned into a message.
    fn or_msg(self) -> Result<T, String>;
}

impl<T, E: Display> OrMsg<T> for Result<T, E> {
    fn or_msg(self) -> Result<T, String> {
        self.map_err(|e| format!("cannot draw a chart: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(slug("ybiyri"), "ybiyri");
        assert_eq!(slug("My <b>model</b>"), "my--b-model--b-");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
