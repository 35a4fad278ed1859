//! How deep a scenario's keys nest, checked before the TOML is parsed. A table
//! header or a dotted key with hundreds of parts (`[a.a.a...]`) makes the
//! deserialiser stop with "recursion limit" and no place in the file; opsim's
//! own tables nest a few levels, so a key of more than [`MAX_KEY_PARTS`] parts
//! is refused here, pointing at it.

use std::ops::Range;

/// The most parts a table header or dotted key may have (docs/limits.md).
pub(crate) const MAX_KEY_PARTS: usize = 32;

/// The first header or dotted key with more than [`MAX_KEY_PARTS`] parts: its
/// byte range and its number of parts.
pub(crate) fn too_deep(source: &str) -> Option<(Range<usize>, usize)> {
    let mut offset = 0;
    let mut in_multiline: Option<&str> = None;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some(delimiter) = in_multiline {
            if line.matches(delimiter).count() % 2 == 1 {
                in_multiline = None;
            }
            continue;
        }
        for delimiter in ["\"\"\"", "'''"] {
            if line.matches(delimiter).count() % 2 == 1 {
                in_multiline = Some(delimiter);
            }
        }
        let indent = line.len() - line.trim_start().len();
        let body = &line[indent..];
        let key = if let Some(header) = body.strip_prefix('[') {
            key_before(header.trim_start_matches('['), ']')
        } else {
            key_before(body, '=')
        };
        let Some(key) = key else { continue };
        let parts = parts_of(key);
        if parts > MAX_KEY_PARTS {
            let key_start = start + indent + body.find(key.trim_start()).unwrap_or(0);
            return Some((key_start..key_start + key.trim().len(), parts));
        }
    }
    None
}

/// The text before the first `end` outside quotes, if `end` is there.
fn key_before(text: &str, end: char) -> Option<&str> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') => return None,
            (None, c) if c == end => return Some(&text[..i]),
            _ => {}
        }
    }
    None
}

/// The number of dot-separated parts of a key, dots in quotes aside.
fn parts_of(key: &str) -> usize {
    let mut quote = None;
    let mut parts = 1;
    for c in key.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '.') => parts += 1,
            _ => {}
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_of_too_many_parts_is_found_where_it_stands() {
        let deep = format!("x = 1\n\n  [{}]\n", vec!["a"; 40].join("."));
        let (span, parts) = too_deep(&deep).unwrap();
        assert_eq!(parts, 40);
        assert_eq!(&deep[span], vec!["a"; 40].join("."));
        let dotted = format!("{} = 1\n", vec!["b"; 33].join("."));
        assert_eq!(too_deep(&dotted).map(|(_, p)| p), Some(33));
    }

    #[test]
    fn the_limit_is_the_one_docs_limits_md_gives() {
        let doc = include_str!("../../docs/limits.md");
        let row = doc
            .lines()
            .find(|l| l.starts_with("| parts of a table header or dotted key"))
            .expect("docs/limits.md has a row for key parts");
        let limit: usize = row.split('|').nth(2).unwrap().trim().parse().unwrap();
        assert_eq!(limit, MAX_KEY_PARTS);
    }

    #[test]
    fn ordinary_keys_quotes_comments_and_strings_pass() {
        let fine = format!(
            "[models.ybiyri.on_call]\n\"a.b.c\" = 1 # x.y\nname = \"{}\"\ntext = \"\"\"\n{} = 1\n\"\"\"\n[[a.b]]\n[{}]\n",
            "d.".repeat(50),
            vec!["c"; 50].join("."),
            vec!["e"; 32].join(".")
        );
        assert_eq!(too_deep(&fine), None);
        for shipped in [
            include_str!("../../scenarios/bench-40.toml"),
            include_str!("../../scenarios/example.toml"),
            include_str!("../../scenarios/starter.toml"),
        ] {
            assert_eq!(too_deep(shipped), None);
        }
    }
}
