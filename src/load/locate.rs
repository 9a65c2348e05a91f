//! Where in its entry a problem's field is written: validation knows the entry (the line
//! of its `[[events]]` header, its `{`, or its JSON Lines line) and the field's name; this
//! finds the line and column of the field's value, so a message reads
//! `bad.toml:28:8: event 'x' (#2), field 'date': …` as editors' quickfix lists want.
//! It runs only when a file has problems, on the problems alone.

use super::{Format, Limits, LoadError, Problem};
use std::path::Path;

/// Files larger than this are not read again to place fields: their problems keep the
/// entry's line.
const REREAD: u64 = 64 << 20;

/// The error with each problem's field placed, where the text shows it.
pub fn in_text(error: LoadError, text: &str, format: Format) -> LoadError {
    match error {
        LoadError::Invalid { mut problems, more } => {
            let lines = LineStarts::of(text);
            for problem in &mut problems {
                place(problem, text, &lines, format);
            }
            LoadError::Invalid { problems, more }
        }
        other => other,
    }
}

/// [`in_text`] for a file that was streamed: read again (when not too large) to place
/// the fields.
pub fn in_file(error: LoadError, path: &Path, format: Format, limits: &Limits) -> LoadError {
    if !matches!(error, LoadError::Invalid { .. }) {
        return error;
    }
    let most = REREAD.min(limits.file as u64);
    let small = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= most);
    if !small {
        return error;
    }
    match std::fs::read_to_string(path) {
        Ok(text) => in_text(error, &text, format),
        Err(_) => error,
    }
}

/// Where each line starts, by byte.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn of(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts(starts)
    }

    /// The byte where line `line` (from 1) starts.
    fn start(&self, line: usize) -> Option<usize> {
        self.0.get(line.checked_sub(1)?).copied()
    }

    /// The line (from 1) and column (in characters, from 1) of byte `offset`.
    fn place(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&s| s <= offset);
        let start = self.0[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

fn place(problem: &mut Problem, text: &str, lines: &LineStarts, format: Format) {
    if problem.column.is_some() || problem.what.is_empty() || problem.field.is_empty() {
        return;
    }
    // "aliases #2" is written under "aliases".
    let field = problem.field.split(" #").next().unwrap_or(&problem.field);
    let found = match (format, problem.line) {
        (Format::Toml, Some(line)) => toml_field(text, lines, line, field),
        (Format::Toml, None) => toml_top_field(text, field),
        // The dataset's own fields are in the document's (or the first line's) object,
        // whichever line names the entry.
        (Format::Json | Format::JsonLines, _) if problem.what == "dataset" => {
            json_field(text, lines, 1, field)
        }
        (Format::Json | Format::JsonLines, Some(line)) if alone_on_its_line(text, lines, line) => {
            json_field(text, lines, line, field)
        }
        (Format::Json | Format::JsonLines, Some(_)) => None,
        (Format::Json | Format::JsonLines, None) => None,
        // Imported rows place their own problems.
        _ => None,
    };
    if let Some(offset) = found {
        let (line, column) = lines.place(text, offset);
        problem.line = Some(line);
        problem.column = Some(column);
    }
}

/// In the TOML table whose header is on `line`: the value of `field = …`.
fn toml_field(text: &str, lines: &LineStarts, line: usize, field: &str) -> Option<usize> {
    let start = lines.start(line)?;
    // The header's own line is not the table's.
    let first = text[start..]
        .find('\n')
        .map_or(text.len(), |n| start + n + 1);
    toml_key_in(text, first, field)
}

/// Before the first table: the value of a top-level `field = …` (the dataset's title).
fn toml_top_field(text: &str, field: &str) -> Option<usize> {
    toml_key_in(text, 0, field)
}

/// From byte `from` to the next table header: where the value of `field = …` starts.
/// Lines inside a multi-line string (`\"\"\"…\"\"\"`, `'''…'''`) are text, not keys or
/// headers, whatever they hold.
fn toml_key_in(text: &str, from: usize, field: &str) -> Option<usize> {
    let mut offset = from;
    let mut open: Option<&str> = None;
    for row in text[from..].split_inclusive('\n') {
        match open {
            Some(delimiter) => {
                if row.contains(delimiter) {
                    open = None;
                }
            }
            None => {
                if row.trim_start().starts_with('[') {
                    return None;
                }
                if let Some(value) = toml_value_at(row, field) {
                    return Some(offset + value);
                }
                // A multi-line string opened on this line and not closed on it.
                open = ["\"\"\"", "'''"]
                    .into_iter()
                    .find(|d| row.matches(d).count() % 2 == 1);
            }
        }
        offset += row.len();
    }
    None
}

/// In one TOML line `field = value` (the key bare or quoted), where the value starts.
fn toml_value_at(row: &str, field: &str) -> Option<usize> {
    let indent = row.len() - row.trim_start().len();
    let rest = &row[indent..];
    let after = [
        field.to_string(),
        format!("\"{field}\""),
        format!("'{field}'"),
    ]
    .into_iter()
    .find_map(|key| rest.strip_prefix(key.as_str()).map(|r| (key.len(), r)))?;
    let (key_len, after_key) = after;
    let spaces = after_key.len() - after_key.trim_start().len();
    let after_eq = after_key.trim_start().strip_prefix('=')?;
    let gap = after_eq.len() - after_eq.trim_start().len();
    Some(indent + key_len + spaces + 1 + gap)
}

/// In the JSON object that starts on `line`: the value of the key `field` at its top
/// level (not a key of an object inside it).
fn json_field(text: &str, lines: &LineStarts, line: usize, field: &str) -> Option<usize> {
    let start = lines.start(line)?;
    let open = start + text[start..].find('{')?;
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            b'"' => {
                let end = string_end(bytes, i)?;
                if depth == 1 && &text[i + 1..end] == field {
                    let rest = &text[end + 1..];
                    let colon = rest.len() - rest.trim_start().len();
                    if rest.trim_start().starts_with(':') {
                        let value = &rest[colon + 1..];
                        let gap = value.len() - value.trim_start().len();
                        return Some(end + 1 + colon + 1 + gap);
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the object starting on `line` is the only one to start there: with several
/// (minified JSON), the line does not say which entry is which.
fn alone_on_its_line(text: &str, lines: &LineStarts, line: usize) -> bool {
    let Some(start) = lines.start(line) else {
        return false;
    };
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let bytes = &text.as_bytes()[start..end];
    // Objects that open on the line at its shallowest depth: more than one is ambiguous.
    let (mut depth, mut least, mut opened) = (0i32, i32::MAX, 0);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_end(bytes, i) {
                Some(end) => i = end,
                None => break,
            },
            b'{' => {
                if depth < least {
                    least = depth;
                    opened = 0;
                }
                if depth == least {
                    opened += 1;
                }
                depth += 1;
            }
            b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    opened <= 1
}

/// The closing quote of the JSON string opening at `open`.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(line: Option<usize>, field: &str) -> Problem {
        Problem {
            file: "f".into(),
            line,
            column: None,
            what: "event",
            id: "e".into(),
            number: Some(1),
            field: field.into(),
            message: "m".into(),
        }
    }

    fn placed(
        text: &str,
        format: Format,
        line: Option<usize>,
        field: &str,
    ) -> (Option<usize>, Option<usize>) {
        let error = LoadError::Invalid {
            problems: vec![problem(line, field)],
            more: 0,
        };
        match in_text(error, text, format) {
            LoadError::Invalid { problems, .. } => (problems[0].line, problems[0].column),
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_toml_field_is_found_in_its_own_table() {
        let text = "title = \"t\"\n\n[[events]]\nid = \"a\"\n  date =  \"2022-13\"\n\n[[events]]\nid = \"b\"\ndate = \"x\"\n";
        assert_eq!(
            placed(text, Format::Toml, Some(3), "date"),
            (Some(5), Some(11))
        );
        assert_eq!(
            placed(text, Format::Toml, Some(7), "date"),
            (Some(9), Some(8))
        );
        // A field the table does not give stays at the table.
        assert_eq!(placed(text, Format::Toml, Some(3), "kind"), (Some(3), None));
        assert_eq!(
            placed(text, Format::Toml, None, "title"),
            (Some(1), Some(9))
        );
        assert_eq!(
            placed(text, Format::Toml, Some(3), "aliases #2"),
            (Some(3), None)
        );
    }

    #[test]
    fn a_toml_multi_line_string_holds_no_keys() {
        let text = "[[events]]\nid = \"a\"\nnotes = \"\"\"\ndate = \"in the text\"\n[a bracket]\n\"\"\"\ndate = \"2022-13\"\n";
        assert_eq!(
            placed(text, Format::Toml, Some(1), "date"),
            (Some(7), Some(8))
        );
    }

    #[test]
    fn two_json_entries_on_one_line_keep_the_entry_s_line() {
        let text = "{\"events\": [\n{\"id\": \"a\", \"date\": \"x\"}, {\"id\": \"b\", \"date\": \"y\"}\n]}";
        assert_eq!(placed(text, Format::Json, Some(2), "date"), (Some(2), None));
    }

    #[test]
    fn a_json_field_is_found_at_its_object_s_top_level() {
        let text = "{\"events\": [\n  {\"id\": \"a\", \"note\": \"a \\\"date\\\": x\", \"inner\": {\"date\": 1},\n   \"date\": \"2022-13\"},\n  {\"id\": \"b\"}\n]}";
        assert_eq!(
            placed(text, Format::Json, Some(2), "date"),
            (Some(3), Some(12))
        );
        // Not the next object's.
        assert_eq!(placed(text, Format::Json, Some(4), "date"), (Some(4), None));
        let line = "{\"title\":\"t\"}\n{\"id\":\"e\",\"kind\":\"parade\"}\n";
        assert_eq!(
            placed(line, Format::JsonLines, Some(2), "kind"),
            (Some(2), Some(18))
        );
    }
}
