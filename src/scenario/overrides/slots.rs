//! The paths a command-line override may set in one scenario file, and where each
//! lives in the text: a value the file writes (its byte span, to be replaced), or
//! a field the format allows but the file leaves out (the table to insert it into).
//! Paths are the dotted keys of the file with array elements named by their `id`,
//! the same paths `opsim validate` prints (`models.ybiyri.activities.access.duration_weeks`).

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::scenario::format::{Field, ROOT, Shape};

/// A value an override may set.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub path: String,
    pub place: Place,
}

/// Where a slot's value is, or would go.
#[derive(Debug, Clone)]
pub(super) enum Place {
    /// The file writes the value at this byte span.
    Written(Range<usize>),
    /// The file leaves it out: insert `key = value` into this table.
    Missing { key: String, table: TablePlace },
    /// The file writes it in a way an override cannot edit (the reason says how).
    Closed(&'static str),
}

/// How a new key can be added to a table.
#[derive(Debug, Clone)]
pub(super) enum TablePlace {
    /// A `[header]` or `[[header]]` table: a new line after the header line, which
    /// ends at this offset.
    Header(usize),
    /// An inline table `{ ... }`: insert at `at` (after its last entry, with a
    /// comma first, or just inside the brace when it is empty).
    Inline { at: usize, comma: bool },
    /// The table is not written, or only implied by a deeper header: append
    /// `[header]` and the key at the end of the file.
    Absent { header: String },
    /// Written with dotted keys, or inside an array element: not extendable.
    Closed,
}

/// Every settable value of a file, and the paths of its tables (for messages).
#[derive(Debug, Default)]
pub(super) struct Slots {
    pub values: Vec<Slot>,
    pub tables: Vec<String>,
}

/// The settable values and tables of a parsed file.
pub(super) fn slots(source: &str, root: &DeTable<'_>) -> Slots {
    let mut out = Slots::default();
    let walk = Walk { source };
    walk.table(
        ROOT,
        Some(root),
        &TablePlace::Closed,
        "",
        Some(""),
        &mut out,
    );
    out
}

struct Walk<'s> {
    source: &'s str,
}

impl Walk<'_> {
    /// The fields of one table. `header` is the TOML key path a header for a
    /// missing sub-table would use (None where no header may be appended).
    fn table(
        &self,
        fields: &[Field],
        table: Option<&DeTable<'_>>,
        place: &TablePlace,
        prefix: &str,
        header: Option<&str>,
        out: &mut Slots,
    ) {
        for field in fields {
            let path = join(prefix, field.name);
            let written = table.and_then(|t| t.get(field.name));
            let child_header = header.map(|h| join(h, &toml_key(field.name)));
            match &field.shape {
                Shape::Value(_) => out.values.push(Slot {
                    place: self.value_place(written, field.name, place),
                    path,
                }),
                Shape::Table(sub) => {
                    out.tables.push(path.clone());
                    let (inner, sub_place) = match written {
                        Some(v) => match v.get_ref() {
                            DeValue::Table(t) => {
                                (Some(t), self.table_place(v, child_header.clone()))
                            }
                            _ => continue,
                        },
                        None => (None, absent(child_header.clone())),
                    };
                    let header = headed(&sub_place, child_header);
                    self.table(sub, inner, &sub_place, &path, header.as_deref(), out);
                }
                Shape::Named { entry, .. } => {
                    out.tables.push(path.clone());
                    let Some(DeValue::Table(t)) = written.map(|v| v.get_ref()) else {
                        continue;
                    };
                    self.named(entry, t, &path, child_header.as_deref(), out);
                }
                Shape::Array(sub) => {
                    out.tables.push(path.clone());
                    let Some(DeValue::Array(items)) = written.map(|v| v.get_ref()) else {
                        continue;
                    };
                    for item in items.iter() {
                        let DeValue::Table(t) = item.get_ref() else {
                            continue;
                        };
                        let Some(DeValue::String(id)) = t.get("id").map(|v| v.get_ref()) else {
                            continue;
                        };
                        let item_path = join(&path, id);
                        out.tables.push(item_path.clone());
                        let item_place = self.table_place(item, None);
                        self.table(sub, Some(t), &item_place, &item_path, None, out);
                    }
                }
            }
        }
    }

    /// The entries of a table whose keys the user chose (roles, models, costs).
    /// New keys are not settable: a typo would otherwise add an unused entry.
    fn named(
        &self,
        entry: &Shape,
        table: &DeTable<'_>,
        prefix: &str,
        header: Option<&str>,
        out: &mut Slots,
    ) {
        for (key, value) in table.iter() {
            let path = join(prefix, key.get_ref());
            match entry {
                Shape::Table(sub) => {
                    out.tables.push(path.clone());
                    let DeValue::Table(t) = value.get_ref() else {
                        continue;
                    };
                    let header = header.map(|h| join(h, &toml_key(key.get_ref())));
                    let place = self.table_place(value, header.clone());
                    let header = headed(&place, header);
                    self.table(sub, Some(t), &place, &path, header.as_deref(), out);
                }
                _ => out.values.push(Slot {
                    place: self.value_place(Some(value), key.get_ref(), &TablePlace::Closed),
                    path,
                }),
            }
        }
    }

    fn value_place(
        &self,
        written: Option<&Spanned<DeValue<'_>>>,
        key: &str,
        table: &TablePlace,
    ) -> Place {
        match written {
            Some(v)
                if self.text(v).starts_with('[') && matches!(v.get_ref(), DeValue::Table(_)) =>
            {
                Place::Closed("it is written as a [table] of its own in the file")
            }
            Some(v) => Place::Written(v.span()),
            None => Place::Missing {
                key: key.to_string(),
                table: table.clone(),
            },
        }
    }

    /// How keys can be added to a written table.
    fn table_place(&self, value: &Spanned<DeValue<'_>>, header: Option<String>) -> TablePlace {
        let text = self.text(value);
        if text.starts_with('{') {
            let last_end = match value.get_ref() {
                DeValue::Table(t) => t.iter().map(|(_, v)| v.span().end).max(),
                _ => None,
            };
            return match last_end {
                Some(at) => TablePlace::Inline { at, comma: true },
                None => TablePlace::Inline {
                    at: value.span().start + 1,
                    comma: false,
                },
            };
        }
        if text.starts_with('[') {
            return TablePlace::Header(line_end(self.source, value.span().end));
        }
        // A table implied by a deeper header (`[models.x.on_call]` without
        // `[models.x]`) may still get its own header; one made by dotted keys not.
        let line_start = self.source[..value.span().start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if self.source[line_start..].trim_start().starts_with('[') {
            return absent(header);
        }
        TablePlace::Closed
    }

    fn text(&self, value: &Spanned<DeValue<'_>>) -> &str {
        self.source.get(value.span()).unwrap_or("")
    }
}

/// The header path sub-tables of a table may be appended under: only a table
/// written with (or implied by) headers may get new sub-table headers.
fn headed(place: &TablePlace, header: Option<String>) -> Option<String> {
    match place {
        TablePlace::Header(_) | TablePlace::Absent { .. } => header,
        _ => None,
    }
}

fn absent(header: Option<String>) -> TablePlace {
    match header {
        Some(header) => TablePlace::Absent { header },
        None => TablePlace::Closed,
    }
}

/// Offset of the end of the line holding `at` (its `\n`, or the end of the text).
fn line_end(source: &str, at: usize) -> usize {
    source[at..].find('\n').map_or(source.len(), |i| at + i)
}

/// A dotted path or key path: `a` + `b` = `a.b` (`b` alone at the top).
pub(super) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A key as TOML writes it: bare when it may be, else in double quotes.
pub(super) fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}
