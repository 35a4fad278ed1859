//! Text edits of a scenario file and the way back: each edit replaces a byte range
//! of the original text (empty for an insertion) and remembers which parts of its
//! new text are the values of which override, so that an offset in the edited
//! text can be traced to the original file or into an override's value.

use std::ops::Range;

/// One change to the original text.
#[derive(Debug, Clone)]
pub(super) struct Edit {
    /// The range of the original text it replaces (empty: an insertion).
    pub at: Range<usize>,
    pub text: String,
    /// Parts of `text` that are override values: (range in `text`, override index).
    pub values: Vec<(Range<usize>, usize)>,
}

impl Edit {
    /// An edit whose whole text is one override's value.
    pub(super) fn value(at: Range<usize>, value: &str, index: usize) -> Edit {
        Edit {
            at,
            text: value.to_string(),
            values: vec![(0..value.len(), index)],
        }
    }

    /// An insertion of `before`, the value, then `after`.
    pub(super) fn insert(at: usize, before: &str, value: &str, after: &str, index: usize) -> Edit {
        let start = before.len();
        Edit {
            at: at..at,
            text: format!("{before}{value}{after}"),
            values: vec![(start..start + value.len(), index)],
        }
    }

    /// Appends `before`, the value, then `after` to this edit's text.
    pub(super) fn push(&mut self, before: &str, value: &str, after: &str, index: usize) {
        self.text.push_str(before);
        let start = self.text.len();
        self.text.push_str(value);
        self.values.push((start..start + value.len(), index));
        self.text.push_str(after);
    }
}

/// Where an offset of the edited text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// This offset of the original file.
    File(usize),
    /// This offset within the value of override number `index`.
    Value { index: usize, offset: usize },
}

/// The edited text, with the edits (in text order) and where each one starts in it.
#[derive(Debug)]
pub(super) struct Edited {
    pub text: String,
    edits: Vec<(Edit, usize)>,
}

impl Edited {
    /// Applies edits that do not overlap (insertions at one place keep their order).
    pub(super) fn apply(source: &str, mut edits: Vec<Edit>) -> Edited {
        edits.sort_by_key(|e| (e.at.start, e.at.end));
        let mut text = String::with_capacity(source.len() + 256);
        let mut cursor = 0;
        let mut placed = Vec::with_capacity(edits.len());
        for edit in edits {
            text.push_str(&source[cursor..edit.at.start]);
            placed.push((edit.clone(), text.len()));
            text.push_str(&edit.text);
            cursor = edit.at.end;
        }
        text.push_str(&source[cursor..]);
        Edited {
            text,
            edits: placed,
        }
    }

    /// Where offset `at` of the edited text comes from. An offset inside an edit
    /// but outside its values (a key, a header) is the edit's place in the file:
    /// its start, or its end when `is_end`.
    pub(super) fn origin(&self, at: usize, is_end: bool) -> Origin {
        let mut shift: isize = 0;
        for (edit, start) in &self.edits {
            if at < *start {
                break;
            }
            let inside = at - start;
            if inside < edit.text.len() || (is_end && inside == edit.text.len()) {
                let value = edit.values.iter().find(|(r, _)| {
                    r.start <= inside && (inside < r.end || (is_end && inside == r.end))
                });
                return match value {
                    Some((r, index)) => Origin::Value {
                        index: *index,
                        offset: inside - r.start,
                    },
                    None if is_end => Origin::File(edit.at.end),
                    None => Origin::File(edit.at.start),
                };
            }
            shift += edit.text.len() as isize - edit.at.len() as isize;
        }
        Origin::File((at as isize - shift).max(0) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_a_replacement_and_an_insertion() {
        let source = "a = 1\nb = 22\n";
        let edits = vec![
            Edit::value(4..5, "333", 0),
            Edit::insert(12, "\nc = ", "4", "", 1),
        ];
        let edited = Edited::apply(source, edits);
        assert_eq!(edited.text, "a = 333\nb = 22\nc = 4\n");
        assert_eq!(edited.origin(0, false), Origin::File(0));
        assert_eq!(
            edited.origin(5, false),
            Origin::Value {
                index: 0,
                offset: 1
            }
        );
        // `b` is at 6 in the original and 8 in the edited text.
        assert_eq!(edited.origin(8, false), Origin::File(6));
        assert_eq!(edited.origin(12, false), Origin::File(10));
        assert_eq!(
            edited.origin(19, false),
            Origin::Value {
                index: 1,
                offset: 0
            }
        );
        // The key `c` lies in the inserted text: it is the insertion point.
        assert_eq!(edited.origin(15, false), Origin::File(12));
        assert_eq!(edited.origin(21, false), Origin::File(13));
    }
}
