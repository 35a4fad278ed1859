//! Terminal output that fits its width: how wide the terminal is ([`columns`]:
//! `COLUMNS`, else the terminal's own width, else 80), tables that keep one
//! line per row when they fit and otherwise put each row's label on a line of
//! its own with its figures below ([`table`]), and prose wrapped by words
//! ([`wrap`], [`fit_lines`]). A label is never cut at its front: a long word
//! (a dotted path) breaks after a `.`, `_`, `-` or `/`, so every part of it is
//! still shown, in order. Widths are counted in characters.

use std::fmt::Write;

/// The width used when neither `COLUMNS` nor the terminal says.
pub const DEFAULT_COLUMNS: usize = 80;

/// Narrower than this, output is laid out as if it were this wide.
pub const MIN_COLUMNS: usize = 40;

/// Columns to fit: `COLUMNS` when set to a number, else the width of the
/// terminal standard output is, else [`DEFAULT_COLUMNS`]; at least
/// [`MIN_COLUMNS`].
pub fn columns() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    from_env
        .or_else(terminal_columns)
        .unwrap_or(DEFAULT_COLUMNS)
        .max(MIN_COLUMNS)
}

#[cfg(target_os = "linux")]
fn terminal_columns() -> Option<usize> {
    let out = std::io::stdout();
    if !rustix::termios::isatty(&out) {
        return None;
    }
    let size = rustix::termios::tcgetwinsize(&out).ok()?;
    (size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(target_os = "linux"))]
fn terminal_columns() -> Option<usize> {
    None
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// `text` wrapped by words into lines of at most `width` characters. A word
/// longer than `width` is broken after a `.`, `_`, `-` or `/` (or, with none
/// near enough, at `width`), so nothing is dropped.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        for (k, piece) in break_word(word, width).into_iter().enumerate() {
            // Pieces of one broken word join without a space.
            let gap = usize::from(!line.is_empty() && k == 0);
            if !line.is_empty() && chars(&line) + gap + chars(&piece) > width {
                lines.push(std::mem::take(&mut line));
            } else if gap == 1 {
                line.push(' ');
            }
            line.push_str(&piece);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `word` in pieces of at most `width` characters, each but the last ending
/// just after a `.`, `_`, `-` or `/` where there is one.
fn break_word(word: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = word.chars().collect();
    while rest.len() > width {
        let cut = rest[..width]
            .iter()
            .rposition(|c| matches!(c, '.' | '_' | '-' | '/'))
            .map(|i| i + 1)
            .filter(|&i| i > width / 3)
            .unwrap_or(width);
        pieces.push(rest[..cut].iter().collect());
        rest.drain(..cut);
    }
    pieces.push(rest.into_iter().collect());
    pieces
}

/// Every line of `text` longer than `width` wrapped by words; continuation
/// lines keep the line's indentation plus two spaces.
pub fn fit_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if chars(body) <= width {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        let lead = &body[..indent];
        // Continuation lines are indented two more: wrap to fit them.
        let room = width.saturating_sub(indent + 2).max(MIN_COLUMNS / 2);
        let wrapped = wrap(body.trim_start(), room);
        for (i, piece) in wrapped.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "{lead}{piece}");
            } else {
                let _ = write!(out, "\n{lead}  {piece}");
            }
        }
        out.push_str(newline);
    }
    out
}

/// `text` in at most `width` characters: whole if it fits, else its first
/// words that fit and `…`. The front is always kept.
pub fn abbreviate(text: &str, width: usize) -> String {
    if chars(text) <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(1).max(1);
    let mut kept = String::new();
    for piece in wrap(text, room).first().into_iter() {
        kept.push_str(piece);
    }
    let kept: String = kept.chars().take(room).collect();
    format!("{}…", kept.trim_end())
}

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: padded on the right.
    Left,
    /// Figures: padded on the left.
    Right,
}

/// One row of a [`table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A label and its cells, one per column after the first.
    Cells(Vec<String>),
    /// A heading line between groups of rows (not indented).
    Heading(String),
}

/// A table in at most `width` columns. The first column is the label. When
/// every row fits on one line (indented by `indent`), each row is one line;
/// otherwise each row's label stands on its own line(s), wrapped by words,
/// and the other cells follow on the next line, indented four more. Cells
/// are never cut; a row of cells too wide even then wraps between cells.
pub fn table(
    headers: &[&str],
    aligns: &[Align],
    rows: &[Row],
    indent: usize,
    width: usize,
) -> String {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| chars(h)).collect();
    for row in rows {
        if let Row::Cells(cells) = row {
            for (w, c) in widths.iter_mut().zip(cells) {
                *w = (*w).max(chars(c));
            }
        }
    }
    let align = |i: usize| aligns.get(i).copied().unwrap_or(Align::Right);
    let cell = |text: &str, i: usize, w: usize| match align(i) {
        Align::Left => format!("{text:<w$}"),
        Align::Right => format!("{text:>w$}"),
    };
    let join = |cells: &[String], from: usize, widths: &[usize]| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(k, c)| cell(c, from + k, widths[from + k]))
            .collect::<Vec<_>>()
            .join("  ")
    };
    let one_line = indent + widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
    let mut out = String::new();
    let pad = " ".repeat(indent);
    if one_line <= width {
        let head: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let _ = writeln!(out, "{pad}{}", join(&head, 0, &widths).trim_end());
        for row in rows {
            match row {
                Row::Heading(h) => {
                    for line in wrap(h, width) {
                        let _ = writeln!(out, "{line}");
                    }
                }
                Row::Cells(cells) => {
                    let _ = writeln!(out, "{pad}{}", join(cells, 0, &widths).trim_end());
                }
            }
        }
        return out;
    }
    // Stacked: the label, then the figures below it.
    let below = indent + 4;
    let label_width = width.saturating_sub(indent).max(MIN_COLUMNS / 2);
    let rest_widths = &widths[1.min(n)..];
    let rest_line =
        below + rest_widths.iter().sum::<usize>() + 2 * rest_widths.len().saturating_sub(1);
    let figures = |cells: &[String]| -> Vec<String> {
        if rest_line <= width {
            return vec![join(cells, 1, &widths).trim_end().to_string()];
        }
        // Still too wide: as many cells on a line as fit.
        let mut lines = Vec::new();
        let mut line = String::new();
        for (k, c) in cells.iter().enumerate() {
            let text = cell(c, 1 + k, widths[1 + k]);
            if !line.is_empty() && below + chars(&line) + 2 + chars(&text) > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push_str("  ");
            }
            line.push_str(&text);
        }
        lines.push(line);
        lines
    };
    let under = " ".repeat(below);
    let _ = writeln!(out, "{pad}{}", headers.first().copied().unwrap_or(""));
    let head: Vec<String> = headers.iter().skip(1).map(|h| h.to_string()).collect();
    for line in figures(&head) {
        let _ = writeln!(out, "{under}{}", line.trim_end());
    }
    for row in rows {
        match row {
            Row::Heading(h) => {
                for line in wrap(h, width) {
                    let _ = writeln!(out, "{line}");
                }
            }
            Row::Cells(cells) => {
                for line in wrap(cells.first().map_or("", String::as_str), label_width) {
                    let _ = writeln!(out, "{pad}{line}");
                }
                let rest: Vec<String> = cells.iter().skip(1).cloned().collect();
                for line in figures(&rest) {
                    let _ = writeln!(out, "{under}{}", line.trim_end());
                }
            }
        }
    }
    out
}

/// The widest line of `text`, in characters.
pub fn widest(text: &str) -> usize {
    text.lines().map(chars).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "models.ops-run-it.changes.deployments_cap_per_service_per_month";

    #[test]
    fn prose_wraps_by_words_within_the_width() {
        let text = "A month of the horizon is 52/12 weeks, so dates drift against the calendar.";
        let lines = wrap(text, 30);
        assert!(lines.iter().all(|l| chars(l) <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_long_path_breaks_after_its_dots_and_keeps_its_front() {
        let lines = wrap(PATH, 30);
        assert!(lines.iter().all(|l| chars(l) <= 30), "{lines:?}");
        assert_eq!(lines.concat(), PATH, "every part, in order");
        assert!(lines[0].starts_with("models."));
        assert!(lines[0].ends_with(['.', '-', '_']), "{lines:?}");
    }

    #[test]
    fn abbreviating_keeps_the_front() {
        assert_eq!(abbreviate("Ops Run It", 20), "Ops Run It");
        let short = abbreviate("You Build It You Run It (ybiyri)", 16);
        assert!(short.starts_with("You Build It"), "{short}");
        assert!(short.ends_with('…') && chars(&short) <= 16, "{short}");
    }

    fn rows() -> Vec<Row> {
        vec![
            Row::Heading("Ops Run It".into()),
            Row::Cells(vec![PATH.into(), "pert [1, 2, 4]".into(), "2.17".into()]),
            Row::Cells(vec![
                "organisation.teams".into(),
                "10".into(),
                "10.0".into(),
            ]),
        ]
    }

    #[test]
    fn a_table_that_fits_keeps_one_line_per_row() {
        let text = table(
            &["input", "distribution", "mean"],
            &[Align::Left, Align::Left, Align::Right],
            &rows(),
            2,
            120,
        );
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(
            text.lines()
                .any(|l| l.contains(PATH) && l.ends_with("2.17")),
            "{text}"
        );
    }

    #[test]
    fn a_table_too_wide_puts_each_label_above_its_figures() {
        for width in [40, 60, 80] {
            let text = table(
                &["input", "distribution", "mean"],
                &[Align::Left, Align::Left, Align::Right],
                &rows(),
                2,
                width,
            );
            assert!(widest(&text) <= width, "{width}:\n{text}");
            let joined: String = text.lines().map(str::trim).collect();
            assert!(joined.contains(PATH), "the whole label is there:\n{text}");
        }
    }

    #[test]
    fn long_lines_wrap_with_their_indent() {
        let text = format!("short\n      source: {}\n", "word ".repeat(30));
        let fitted = fit_lines(&text, 50);
        assert!(widest(&fitted) <= 50, "{fitted}");
        assert!(
            fitted.lines().skip(2).all(|l| l.starts_with("        ")),
            "{fitted}"
        );
        assert_eq!(
            fitted.split_whitespace().count(),
            text.split_whitespace().count()
        );
    }
}
