//! Reading a dataset (TOML; JSON with the same schema; or JSON Lines: a metadata line, then
//! one event per line) and validating it whole: every problem is reported at once, each
//! naming its place, and a bad file yields no dataset.

mod json;
mod jsonl;
mod pipeline;
mod raw;
mod validate;

pub use validate::MAX_HEADLINE_CHARS;

use crate::model::{Dataset, Event, EventParts, EventsBuilder};
use raw::RawDataset;
use std::fmt;
use std::path::Path;
use validate::{At, Checker, Place, Tables};

/// The curated dataset, compiled into the binary so it works from any directory.
pub const BUILTIN: &str = include_str!("../../data/central-asia.toml");
/// The name the built-in dataset goes by in messages.
pub const BUILTIN_NAME: &str = "central-asia.toml (built in)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
    /// `.jsonl` / `.ndjson`: the first line holds title, description, sources and actors.
    JsonLines,
}

impl Format {
    /// By extension: `.json`, `.jsonl`/`.ndjson`, otherwise TOML.
    pub fn for_path(path: &Path) -> Format {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext.to_ascii_lowercase().as_str() {
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            _ => Format::Toml,
        }
    }
}

/// Why a dataset could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    Io {
        file: String,
        error: std::io::Error,
    },
    /// The file is not well-formed, or does not have the dataset's shape.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed, but some values are wrong (or, in JSON Lines, some lines malformed).
    Invalid(Vec<Problem>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// Each problem on its own line: one for I/O or syntax, one per invalid value.
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoadError::Io { file, error } => vec![format!("{file}: cannot read: {error}")],
            LoadError::Syntax {
                file,
                line,
                column,
                message,
            } => vec![format!("{file}:{line}:{column}: {message}")],
            LoadError::Invalid(problems) => problems.iter().map(Problem::to_string).collect(),
        }
    }
}

/// One invalid value, with where it is and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The line of the entry (`[[events]]` header, or the JSON Lines line) when known.
    pub line: Option<usize>,
    /// For a malformed JSON Lines line: where on it the parser stopped.
    pub column: Option<usize>,
    /// The entry: what it is ("event", "source", "dataset"; empty for a malformed line),
    /// its id (may be empty), and its position in its list when the format has one.
    pub what: &'static str,
    pub id: String,
    pub number: Option<usize>,
    pub field: String,
    pub message: String,
}

impl Problem {
    /// "event 'kz-spief' (#3)", "source #2", "event 'x'", "dataset".
    pub fn entry(&self) -> String {
        let what = self.what;
        match (self.id.is_empty(), self.number) {
            (true, Some(n)) => format!("{what} #{n}"),
            (true, None) => what.to_string(),
            (false, Some(n)) => format!("{what} '{}' (#{n})", self.id),
            (false, None) => format!("{what} '{}'", self.id),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file)?;
        if let Some(line) = self.line {
            write!(f, "{line}:")?;
        }
        if let Some(column) = self.column {
            write!(f, "{column}:")?;
        }
        if self.what.is_empty() {
            write!(f, " {}", self.message)
        } else {
            let (entry, field) = (self.entry(), &self.field);
            write!(f, " {entry}, field '{field}': {}", self.message)
        }
    }
}

/// Which valid events to build. A one-shot command builds only those it could show (see
/// `query::Filter::could_match`); every event is still read and checked, and ids are
/// checked across all of them, so a file is accepted or refused whatever is kept.
pub type Keep<'k> = &'k (dyn Fn(&EventParts) -> bool + Sync);

/// Keeps every event.
pub const ALL: Keep = &|_| true;

/// The built-in curated dataset.
pub fn builtin() -> Result<Dataset, LoadError> {
    builtin_keeping(ALL)
}

/// [`builtin`], building only the events `keep` accepts.
pub fn builtin_keeping(keep: Keep) -> Result<Dataset, LoadError> {
    from_str_keeping(BUILTIN, BUILTIN_NAME, Format::Toml, keep)
}

/// Reads and validates a file, choosing the format by its extension.
pub fn from_path(path: &Path) -> Result<Dataset, LoadError> {
    from_path_keeping(path, ALL)
}

/// [`from_path`], building only the events `keep` accepts.
pub fn from_path_keeping(path: &Path, keep: Keep) -> Result<Dataset, LoadError> {
    let file = path.display().to_string();
    match Format::for_path(path) {
        Format::JsonLines => return jsonl::from_path(path, &file, keep),
        Format::Json => return json::from_path(path, &file, keep),
        Format::Toml => {}
    }
    let text = std::fs::read_to_string(path).map_err(|error| LoadError::Io {
        file: file.clone(),
        error,
    })?;
    from_str_keeping(&text, &file, Format::for_path(path), keep)
}

/// Parses and validates `text`; `file` names it in messages.
pub fn from_str(text: &str, file: &str, format: Format) -> Result<Dataset, LoadError> {
    from_str_keeping(text, file, format, ALL)
}

/// [`from_str`], building only the events `keep` accepts.
pub fn from_str_keeping(
    text: &str,
    file: &str,
    format: Format,
    keep: Keep,
) -> Result<Dataset, LoadError> {
    match format {
        Format::Toml => {
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
            whole(raw, file, &TableLines::find(text), keep)
        }
        Format::Json => json::from_str(text, file, keep),
        Format::JsonLines => jsonl::from_str(text, file, keep),
    }
}

/// A JSON document parsed in one piece: for shapes the streaming reader does not follow,
/// and for the parser's own account of a document that does not parse.
fn whole_json(text: &str, file: &str, keep: Keep) -> Result<Dataset, LoadError> {
    let syntax = |line, column, message| LoadError::Syntax {
        file: file.to_string(),
        line,
        column,
        message,
    };
    if text.trim().is_empty() {
        let message = "the file is empty; a JSON dataset is one object with a title, and \
                       lists of sources, actors and events";
        return Err(syntax(1, 1, message.to_string()));
    }
    let raw: RawDataset = serde_json::from_str(text).map_err(|e| {
        let mut message = strip_json_position(&e.to_string());
        if e.is_eof() {
            message.push_str("; the file ends before the document does (is it cut short?)");
        }
        // serde_json counts columns from 0 at the start of a line; ours count from 1.
        syntax(e.line(), e.column().max(1), message)
    })?;
    whole(raw, file, &TableLines::default(), keep)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// serde_json appends " at line L column C"; we print the position ourselves.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Where each `[[sources]]`, `[[actors]]` and `[[events]]` entry starts in a TOML file.
#[derive(Default)]
struct TableLines {
    sources: Vec<usize>,
    actors: Vec<usize>,
    events: Vec<usize>,
}

impl TableLines {
    fn find(text: &str) -> TableLines {
        let mut lines = TableLines::default();
        for (i, line) in text.lines().enumerate() {
            let code = line.split('#').next().unwrap_or("");
            let compact: String = code.split_whitespace().collect();
            match compact.as_str() {
                "[[sources]]" => lines.sources.push(i + 1),
                "[[actors]]" => lines.actors.push(i + 1),
                "[[events]]" => lines.events.push(i + 1),
                _ => {}
            }
        }
        lines
    }
}

/// Validates a dataset parsed in one piece (TOML or JSON).
fn whole(
    raw: RawDataset,
    file: &str,
    lines: &TableLines,
    keep: Keep,
) -> Result<Dataset, LoadError> {
    let mut check = Checker {
        file,
        problems: Vec::new(),
    };
    let (title, description) = check_header(&mut check, &raw.title, &raw.description);
    let tables = validate::tables(
        &mut check,
        raw.sources,
        raw.actors,
        &lines.sources,
        &lines.actors,
    );
    let place = |i: usize| Place::new(Some(i + 1), lines.events.get(i).copied());
    let id = |i: usize| (&*raw.events[i].id, place(i));
    let hash = |i: usize| validate::hash_id(&raw.events[i].id);
    validate::duplicates(&mut check, "event", raw.events.len(), id, hash);
    let text: usize = raw
        .events
        .iter()
        .map(|e| e.headline.len() + e.summary.len())
        .sum();
    let mut events = EventsBuilder::with_capacity(raw.events.len(), text);
    let mut scratch = validate::Scratch::default();
    for (i, e) in raw.events.iter().enumerate() {
        let at = At::new("event", &e.id, Some(i + 1), lines.events.get(i).copied());
        if let Some(parts) = validate::event(&mut check, &at, e, &tables, &mut scratch)
            && keep(&parts)
        {
            events.push(parts);
        }
    }
    let events = events.finish();
    finish(check, title, description, tables, events)
}

fn check_header(check: &mut Checker, title: &str, description: &str) -> (String, String) {
    let top = At::new("dataset", "", None, None);
    check.text(&top, "title", title, false);
    check.safe(&top, "description", description, true);
    (title.to_string(), description.to_string())
}

fn finish(
    check: Checker,
    title: String,
    description: String,
    tables: Tables,
    events: Vec<Event>,
) -> Result<Dataset, LoadError> {
    if !check.problems.is_empty() {
        return Err(LoadError::Invalid(check.problems));
    }
    Ok(Dataset::new(
        title,
        description,
        tables.sources,
        tables.actors,
        events,
    ))
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

    #[test]
    fn an_empty_or_cut_short_json_document_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.json");
        let error = |text: &str| {
            std::fs::write(&path, text).unwrap();
            from_path_keeping(&path, ALL)
                .unwrap_err()
                .lines()
                .join("\n")
        };
        let empty = error(" \n");
        assert!(empty.ends_with(":1:1: the file is empty; a JSON dataset is one object with a title, and lists of sources, actors and events"), "{empty}");
        let cut = error("{\"title\": \"t\", \"events\": [{\"id\": \"e");
        assert!(cut.contains("EOF while parsing"), "{cut}");
        assert!(cut.ends_with("(is it cut short?)"), "{cut}");
        // Columns count from 1, also where the parser says 0.
        let at_line_start = error("{\"title\": \"t\",\n");
        assert!(!at_line_start.contains(":0:"), "{at_line_start}");
    }

    #[test]
    fn the_builtin_dataset_is_valid() {
        let dataset = builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(!dataset.events.is_empty());
    }
}
