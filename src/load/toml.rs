//! TOML datasets, the curated format: parsed in one piece, then validated whole. Each
//! problem names the line of its `[[sources]]`, `[[actors]]` or `[[events]]` entry.

use super::document::{EntryLines, whole};
use super::raw::RawDataset;
use super::{LoadError, Loader};
use crate::model::Dataset;

/// Parses and validates TOML `text`; `file` names it in messages.
pub(super) fn read_text(text: &str, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let text = text.strip_prefix(super::pipeline::BOM).unwrap_or(text);
    // Windows line ends (a checkout with core.autocrlf) read as the same file: within a
    // multi-line string a CR would be a control character the checks refuse.
    let unix;
    let text = if text.contains('\r') {
        unix = text.replace("\r\n", "\n");
        unix.as_str()
    } else {
        text
    };
    let raw: RawDataset = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, column) = line_column(text, offset);
        let mut message = e.message().trim().to_string();
        // Files are read as TOML unless named .json/.jsonl; say so when that is why.
        if text.trim_start().starts_with(['{', '[']) {
            message.push_str(
                "; this looks like JSON, which demarche reads from files named .json \
                 (one document) or .jsonl (a metadata line, then one event per line)",
            );
        }
        LoadError::Syntax {
            file: file.to_string(),
            line,
            column,
            message,
        }
    })?;
    whole(raw, file, &entry_lines(text), loader.keep)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Where each `[[sources]]`, `[[actors]]`, `[[countries]]` and `[[events]]` entry starts.
fn entry_lines(text: &str) -> EntryLines {
    let mut lines = EntryLines::default();
    for (i, line) in text.lines().enumerate() {
        let code = line.split('#').next().unwrap_or("");
        let compact: String = code.split_whitespace().collect();
        match compact.as_str() {
            "[[sources]]" => lines.sources.push(i + 1),
            "[[actors]]" => lines.actors.push(i + 1),
            "[[countries]]" => lines.countries.push(i + 1),
            // The dataset's own keys come before the first table.
            _ if lines.sources.is_empty()
                && lines.actors.is_empty()
                && lines.countries.is_empty()
                && lines.events.is_empty() =>
            {
                let key = compact.split('=').next().unwrap_or("");
                if key == "title" && lines.title.is_none() {
                    lines.title = Some(i + 1);
                } else if key == "description" && lines.description.is_none() {
                    lines.description = Some(i + 1);
                }
            }
            "[[events]]" => lines.events.push(i + 1),
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 6));
    }
}
