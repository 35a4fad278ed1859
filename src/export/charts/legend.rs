//! The legend drawn below a chart: a swatch and a label per item, laid out left
//! to right and wrapped onto as many rows as the width needs. Drawn outside the
//! plot, so it never hides data.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{INK, LABEL_PX, MARGIN_PX, OrMsg, scaled, text};

const SWATCH_PX: i32 = 36;
const SWATCH_GAP_PX: i32 = 10;
const ITEM_GAP_PX: i32 = 30;
const ROW_PX: i32 = 32;
const PAD_PX: i32 = 10;

/// What an item looks like in the chart.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    Line { colour: RGBColor, width_px: u32 },
    Dashed(RGBColor),
    Block(RGBAColor),
    Diamond { colour: RGBColor, filled: bool },
    Whisker(RGBColor),
}

#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

impl LegendItem {
    pub(crate) fn new(swatch: Swatch, label: impl Into<String>) -> LegendItem {
        LegendItem {
            swatch,
            label: label.into(),
        }
    }
}

/// Top-left corner of each item, and the height all rows need.
fn layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
) -> Result<(Vec<(i32, i32)>, i32), String> {
    let width = area.dim_in_pixel().0 as i32 - 2 * MARGIN_PX;
    let style = text(LABEL_PX, INK);
    let (mut x, mut y) = (0, PAD_PX);
    let mut corners = Vec::with_capacity(items.len());
    for item in items {
        let label_px = area.estimate_text_size(&item.label, &style).or_msg()?.0 as i32;
        let item_px = SWATCH_PX + SWATCH_GAP_PX + label_px;
        if x > 0 && x + item_px > width {
            (x, y) = (0, y + scaled(ROW_PX));
        }
        corners.push((MARGIN_PX + x, y));
        x += item_px + ITEM_GAP_PX;
    }
    Ok((corners, y + scaled(ROW_PX) + PAD_PX))
}

/// Height in pixels the legend needs in an area as wide as `area`.
pub(crate) fn height_px<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
) -> Result<i32, String> {
    Ok(layout(area, items)?.1)
}

/// Splits `area` into the part above the legend and the legend, and draws it.
pub(crate) fn below<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
) -> Result<DrawingArea<DB, Shift>, String> {
    let height = area.dim_in_pixel().1 as i32;
    let (plot, legend) = area.split_vertically(height - height_px(area, items)?);
    draw(&legend, items)?;
    Ok(plot)
}

/// Draws the legend in `area`.
pub(crate) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
) -> Result<(), String> {
    let (corners, _) = layout(area, items)?;
    for (item, (x, y)) in items.iter().zip(corners) {
        let middle = y + scaled(ROW_PX) / 2;
        swatch(area, item.swatch, x, middle)?;
        let at = (x + SWATCH_PX + SWATCH_GAP_PX, middle);
        let style = text(LABEL_PX, INK).pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(item.label.clone(), at, style))
            .or_msg()?;
    }
    Ok(())
}

fn swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    x: i32,
    y: i32,
) -> Result<(), String> {
    let (left, right, mid) = (x, x + SWATCH_PX, x + SWATCH_PX / 2);
    match swatch {
        Swatch::Line { colour, width_px } => area.draw(&PathElement::new(
            vec![(left, y), (right, y)],
            colour.stroke_width(width_px),
        )),
        Swatch::Dashed(colour) => {
            for dash in [left, left + 14, left + 28] {
                area.draw(&PathElement::new(
                    vec![(dash, y), ((dash + 8).min(right), y)],
                    colour.stroke_width(3),
                ))
                .or_msg()?;
            }
            Ok(())
        }
        Swatch::Block(colour) => area.draw(&Rectangle::new(
            [(left, y - 10), (right, y + 10)],
            colour.filled(),
        )),
        Swatch::Diamond { colour, filled } => {
            let points = diamond((mid, y), 10);
            if filled {
                area.draw(&Polygon::new(points, colour.filled()))
            } else {
                let mut closed = points.clone();
                closed.push(points[0]);
                area.draw(&PathElement::new(closed, colour.stroke_width(3)))
            }
        }
        Swatch::Whisker(colour) => {
            let style = colour.stroke_width(3);
            area.draw(&PathElement::new(vec![(left, y), (right, y)], style))
                .and_then(|_| {
                    area.draw(&PathElement::new(vec![(left, y - 8), (left, y + 8)], style))
                })
                .and_then(|_| {
                    area.draw(&PathElement::new(
                        vec![(right, y - 8), (right, y + 8)],
                        style,
                    ))
                })
        }
    }
    .or_msg()
}

/// The corners of a diamond of half-width `r` pixels around `centre`.
pub(crate) fn diamond(centre: (i32, i32), r: i32) -> Vec<(i32, i32)> {
    let (x, y) = centre;
    vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
}
