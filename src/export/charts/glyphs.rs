//! Text in PNG charts. plotters' own ab_glyph path drops each glyph's side
//! bearing, so letters sit unevenly ("mon ths"). [`GlyphText`] wraps a drawing
//! backend and draws text itself with the embedded font: glyphs at their
//! advances, kerned, side bearings kept, at the same em size as the SVG
//! (plotters writes `font-size = size / 1.24`), anchored and rotated as asked.
//! Every other drawing call goes straight to the wrapped backend. Wrapped around
//! the SVG backend it only measures text (the viewer draws it), so both formats
//! lay a chart out alike.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

/// plotters' ratio of a text style's size to its em size (see the SVG backend).
const SIZE_PER_EM: f64 = 1.24;

/// A backend whose text is laid out and rasterised with the embedded font.
pub(crate) struct GlyphText<'f, B> {
    inner: B,
    font: FontRef<'f>,
    /// Draw text as pixels (bitmaps), or pass it on as text (SVG).
    rasterise: bool,
}

impl<'f, B: DrawingBackend> GlyphText<'f, B> {
    /// Measures and draws text (for bitmap backends).
    pub(crate) fn rasterising(inner: B, font_bytes: &'f [u8]) -> Result<GlyphText<'f, B>, String> {
        Self::new(inner, font_bytes, true)
    }

    /// Measures text but lets the wrapped backend draw it (for SVG).
    pub(crate) fn measuring(inner: B, font_bytes: &'f [u8]) -> Result<GlyphText<'f, B>, String> {
        Self::new(inner, font_bytes, false)
    }

    fn new(inner: B, font_bytes: &'f [u8], rasterise: bool) -> Result<GlyphText<'f, B>, String> {
        let font = FontRef::try_from_slice(font_bytes)
            .map_err(|_| "the embedded chart font is not a valid TrueType font".to_string())?;
        Ok(GlyphText {
            inner,
            font,
            rasterise,
        })
    }

    /// The scale at which one em is `size / 1.24` pixels.
    fn scale(&self, size: f64) -> PxScale {
        let em_px = (size / SIZE_PER_EM) as f32;
        let units = self.font.units_per_em().unwrap_or(2048.0);
        PxScale::from(em_px * self.font.height_unscaled() / units)
    }

    /// Glyphs with their pen positions, and the line's width in pixels.
    fn layout(&self, text: &str, scale: PxScale) -> (Vec<(GlyphId, f32)>, f32) {
        let font = self.font.as_scaled(scale);
        let mut caret = 0.0f32;
        let mut previous: Option<GlyphId> = None;
        let mut glyphs = Vec::with_capacity(text.len());
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                caret += font.kern(p, id);
            }
            glyphs.push((id, caret));
            caret += font.h_advance(id);
            previous = Some(id);
        }
        (glyphs, caret)
    }
}

impl<B: DrawingBackend> DrawingBackend for GlyphText<'_, B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let text = &*crate::export::format::visible(text);
        let scale = self.scale(style.size());
        let (_, width) = self.layout(text, scale);
        Ok((width.ceil() as u32, scale.y.ceil() as u32))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        // Scenario text: control and bidi characters drawn as `<U+XXXX>`.
        let text = &*crate::export::format::visible(text);
        if !self.rasterise {
            return self.inner.draw_text(text, style, pos);
        }
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let scale = self.scale(style.size());
        let (glyphs, width) = self.layout(text, scale);
        let scaled = self.font.as_scaled(scale);
        let (ascent, height) = (scaled.ascent(), scaled.height());
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        let mut coverage = Vec::new();
        for (id, x) in glyphs {
            let glyph = id.with_scale_and_position(scale, point(x + dx, ascent + dy));
            let Some(outline) = self.font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, c| {
                coverage.push((
                    bounds.min.x as i32 + gx as i32,
                    bounds.min.y as i32 + gy as i32,
                    c,
                ))
            });
        }
        for (x, y, c) in coverage {
            let (x, y) = transform.transform(x, y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if c > 0.0 && x >= 0 && y >= 0 && x < w as i32 && y < h as i32 {
                let alpha = color.alpha * f64::from(c.min(1.0));
                self.inner.draw_pixel(
                    (x, y),
                    BackendColor {
                        alpha,
                        rgb: color.rgb,
                    },
                )?;
            }
        }
        Ok(())
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }
}
