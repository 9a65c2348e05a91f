//! Reading a dataset and validating it whole: every problem is reported at once, each
//! naming its place, and a bad file yields no dataset. One file per input format (`toml`,
//! `json`, `jsonl`) over the shared parts: the raw shapes serde reads (`raw`), the checks
//! (`validate`), whole-document validation (`document`) and the parallel block pipeline
//! (`pipeline`). A `Loader` holds the options and reads from a path, a text or the
//! built-in dataset.
//!
//! Other people's event data is imported, one file per layout (`gdelt`, `acled`,
//! `sheet` for TimelineJS sheets, `mapped` for any CSV with a mapping file), over the
//! rows reader (`rows`), the code tables (`codes`) and the builder that puts rows
//! through the same checks (`import`).
//!
//! To add a format: a file here that reads it (`read_text`, `read_path` or, for a table,
//! `read` from a stream), a `Format` variant, and its arm in `Loader::text` and
//! `Loader::path`.

mod acled;
pub mod codes;
mod document;
mod error;
mod event_line;
mod gdelt;
mod ids;
mod import;
mod json;
mod jsonl;
mod locate;
pub mod mapped;
mod mapping;
mod pipeline;
mod raw;
mod rows;
mod sheet;
mod toml;
mod validate;

pub use error::{LoadError, Problem, ProblemRecord};
pub use import::{ImportOptions, Report};
pub use validate::{MAX_HEADLINE_CHARS, MAX_PROBLEMS};

use crate::model::{Counted, Dataset, EventParts};
use std::path::Path;

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
    /// GDELT 2.0 or 1.0 events (tab-separated, no header), plain or zipped.
    Gdelt,
    /// An ACLED CSV export (columns named in its header).
    Acled,
    /// A TimelineJS Google Sheets template, saved as CSV.
    TimelineSheet,
    /// Any other CSV (or TSV), read through a mapping file (`--map`).
    Csv,
}

/// How messages name standard input.
pub const STDIN_NAME: &str = "<stdin>";

impl Format {
    /// By what the text starts with, for data with no file name: an object whose first
    /// line is complete and is followed by more lines is JSON Lines, another object a JSON
    /// document, and anything else TOML.
    pub fn sniff(text: &str) -> Format {
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if !text.starts_with('{') {
            let first = text.lines().next().unwrap_or("");
            return match Format::sniff_table(first) {
                Format::Csv => Format::Toml,
                table => table,
            };
        }
        let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
        let complete = serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok();
        match complete && !rest.trim().is_empty() {
            true => Format::JsonLines,
            false => Format::Json,
        }
    }

    /// By extension: `.json`, `.jsonl`/`.ndjson`; a `.zip` is GDELT's; a `.csv`, `.tsv`
    /// or `.txt` by its first line (see [`Format::sniff_table`]); otherwise TOML.
    pub fn for_path(path: &Path) -> Format {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        // A zip, whatever its name, is read as GDELT publishes them. (Only a regular
        // file is looked into: reading a pipe would take its first bytes.)
        let mut magic = [0u8; 4];
        let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        let zipped = regular
            && std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
                .is_ok_and(|_| magic == *b"PK\x03\x04");
        if zipped {
            return Format::Gdelt;
        }
        match ext.to_ascii_lowercase().as_str() {
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "zip" => Format::Gdelt,
            "csv" | "tsv" | "txt" | "tab" if regular => {
                use std::io::{BufRead, Read};
                let mut first = String::new();
                let read = std::fs::File::open(path).map(|f| {
                    let mut reader = std::io::BufReader::new(f).take(1 << 20);
                    reader.read_line(&mut first)
                });
                match read {
                    Ok(_) => Format::sniff_table(&first),
                    Err(_) => Format::Csv,
                }
            }
            "csv" | "tsv" | "txt" | "tab" => Format::Csv,
            _ => Format::Toml,
        }
    }

    /// A table's layout by its first line: a GDELT row (a number, then 56 tabs or more),
    /// an ACLED header (`event_id_cnty`, `event_date`), a TimelineJS sheet's header
    /// (`Year`, `Headline`), or another CSV, which needs a mapping file.
    pub fn sniff_table(first_line: &str) -> Format {
        let first_line = first_line.trim_start_matches('\u{feff}');
        if gdelt::looks_like(first_line) {
            return Format::Gdelt;
        }
        let names: Vec<String> = (first_line.split([',', '\t', ';']))
            .map(|n| n.trim().trim_matches('"').trim().to_ascii_lowercase())
            .collect();
        let has = |name: &str| names.iter().any(|n| n == name);
        if has("event_id_cnty") && has("event_date") {
            Format::Acled
        } else if has("year") && has("headline") {
            Format::TimelineSheet
        } else {
            Format::Csv
        }
    }

    /// Whether demarche writes this format itself (and a person edits it): TOML, JSON
    /// and JSON Lines. The others are imported.
    pub fn is_own(self) -> bool {
        matches!(self, Format::Toml | Format::Json | Format::JsonLines)
    }

    /// How a person names the format.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Toml => "a TOML dataset",
            Format::Json => "a JSON dataset",
            Format::JsonLines => "a JSON Lines dataset",
            Format::Gdelt => "a GDELT event file",
            Format::Acled => "an ACLED export",
            Format::TimelineSheet => "a TimelineJS sheet",
            Format::Csv => "a CSV read through a mapping",
        }
    }
}

/// Which valid events to build, and how much of each. A one-shot command builds only those
/// it could show (see `query::Filter::could_match`); every event is still read and
/// checked, and ids are checked across all of them, so a file is accepted or refused
/// whatever is kept.
#[derive(Clone, Copy)]
pub struct Keep<'k> {
    /// Whether to build an event.
    pub events: &'k (dyn Fn(&EventParts) -> bool + Sync),
    /// Whether events keep their text (headline, summary, notes, date note): a command
    /// that only counts needs none of it, and leaving it out is most of their memory.
    pub text: bool,
    /// Where the file is read on all cores (JSON Lines, JSON), the events kept are
    /// counted instead of built. Other readers build them, for the caller to count.
    pub count: Option<Counting<'k>>,
}

/// Counting the events kept instead of building them: each worker counts its share with
/// `add`, and the shares are merged into `into` once the whole file is read and
/// accepted (a file refused leaves it as it was).
#[derive(Clone, Copy)]
pub struct Counting<'k> {
    pub add: &'k (dyn Fn(&mut Counted, &EventParts) + Sync),
    pub into: &'k std::sync::Mutex<Counted>,
}

impl Keep<'_> {
    /// The parts to build of a valid event, if it is kept.
    pub(crate) fn build<'p>(&self, parts: EventParts<'p>) -> Option<EventParts<'p>> {
        match ((self.events)(&parts), self.text) {
            (false, _) => None,
            (true, true) => Some(parts),
            (true, false) => Some(EventParts {
                headline: "",
                summary: "",
                notes: None,
                date_note: None,
                ..parts
            }),
        }
    }
}

/// How much of a large file goes to one worker at a time.
const BLOCK: usize = 4 << 20;

/// How much the loader reads before it refuses, so that an endless or runaway input (a
/// pipe that never ends, a line with no end) is an error, not memory run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest entry: a line of JSON Lines, or one event (or the metadata) of a JSON
    /// document. `DEMARCHE_MAX_ENTRY_MB`, 1024 MB by default.
    pub entry: usize,
    /// The largest file read whole: TOML, and JSON when it cannot be streamed (from a
    /// pipe, or to explain a syntax error). `DEMARCHE_MAX_FILE_MB`, 4096 MB by default.
    pub file: usize,
}

const MB: usize = 1_000_000;

impl Limits {
    /// The limits, from the environment where it sets them (a value that is not a
    /// whole number of megabytes leaves the default).
    pub fn from_env() -> Limits {
        let megabytes = |name: &str, default: usize| {
            let set = std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok());
            set.unwrap_or(default).saturating_mul(MB)
        };
        Limits {
            entry: megabytes("DEMARCHE_MAX_ENTRY_MB", 1024),
            file: megabytes("DEMARCHE_MAX_FILE_MB", 4096),
        }
    }

    /// "line 3 is longer than 1024 MB, …": the message for an entry past the limit.
    pub(crate) fn entry_message(&self, what: &str) -> String {
        format!(
            "{what} is longer than {} MB, the limit for one entry; if the data is right, \
             raise the limit with DEMARCHE_MAX_ENTRY_MB=<megabytes>",
            self.entry.div_ceil(MB)
        )
    }

    pub(crate) fn file_message(&self) -> String {
        format!(
            "larger than {} MB, the limit for a file read whole (TOML, or JSON from a \
             pipe); use JSON Lines for large data, or raise the limit with \
             DEMARCHE_MAX_FILE_MB=<megabytes>",
            self.file.div_ceil(MB)
        )
    }
}

/// How to load: which events to build, and how the parallel readers cut their work.
///
/// ```no_run
/// # use demarche::load::Loader;
/// let everything = Loader::new().path("events.jsonl".as_ref())?;
/// let visits = Loader::new()
///     .keep(&|e| e.kind == demarche::model::Kind::Visit)
///     .builtin()?;
/// # Ok::<(), demarche::load::LoadError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Loader<'k> {
    keep: Keep<'k>,
    block: usize,
    workers: usize,
    limits: Limits,
    import: &'k ImportOptions,
    progress: Option<&'k crate::progress::Progress>,
}

/// The importers' defaults.
static DEFAULT_IMPORT: ImportOptions = ImportOptions {
    skip_bad: false,
    map: None,
    cameo: Vec::new(),
    any_actors: false,
    keep_duplicates: false,
};

impl Default for Loader<'static> {
    fn default() -> Self {
        Loader {
            keep: Keep {
                events: &|_| true,
                text: true,
                count: None,
            },
            block: BLOCK,
            workers: crate::parallel::cores(),
            limits: Limits::from_env(),
            import: &DEFAULT_IMPORT,
            progress: None,
        }
    }
}

impl Loader<'static> {
    /// Builds every event, with blocks of 4 MiB parsed on every core.
    pub fn new() -> Self {
        Loader::default()
    }
}

impl<'k> Loader<'k> {
    /// Builds only the events `keep` accepts (all are still checked).
    pub fn keep<'j>(self, keep: &'j (dyn Fn(&EventParts) -> bool + Sync)) -> Loader<'j>
    where
        'k: 'j,
    {
        Loader {
            keep: Keep {
                events: keep,
                text: self.keep.text,
                count: None,
            },
            block: self.block,
            workers: self.workers,
            limits: self.limits,
            import: self.import,
            progress: self.progress,
        }
    }

    /// Builds events without their text (headline, summary, notes, date note), for a
    /// command that only counts them: every text is still checked.
    pub fn without_text(self) -> Self {
        let keep = Keep {
            text: false,
            ..self.keep
        };
        Loader { keep, ..self }
    }

    /// Counts the events kept instead of building them, where the file is read on all
    /// cores (see [`Counting`]); `keep` still says which are kept.
    pub fn count<'j>(
        self,
        keep: &'j (dyn Fn(&EventParts) -> bool + Sync),
        counting: Counting<'j>,
    ) -> Loader<'j>
    where
        'k: 'j,
    {
        let loader = self.keep(keep);
        let keep = Keep {
            count: Some(counting),
            ..loader.keep
        };
        Loader { keep, ..loader }
    }

    /// Moves `progress` on as a JSON Lines or JSON file is read, for a progress bar.
    pub fn progress<'j>(self, progress: &'j crate::progress::Progress) -> Loader<'j>
    where
        'k: 'j,
    {
        Loader {
            progress: Some(progress),
            ..self
        }
    }

    /// How the importers read other layouts (see [`ImportOptions`]).
    pub fn import(self, import: &'k ImportOptions) -> Loader<'k> {
        Loader { import, ..self }
    }

    /// About how many bytes of a JSON or JSON Lines file one job parses.
    pub fn block(self, bytes: usize) -> Self {
        Loader {
            block: bytes.max(1),
            ..self
        }
    }

    /// How many threads parse while one reads.
    pub fn workers(self, workers: usize) -> Self {
        Loader {
            workers: workers.max(1),
            ..self
        }
    }

    /// How much to read before refusing (see [`Limits`]).
    pub fn limits(self, limits: Limits) -> Self {
        Loader { limits, ..self }
    }

    /// The built-in curated dataset.
    pub fn builtin(&self) -> Result<Dataset, LoadError> {
        self.text(BUILTIN, BUILTIN_NAME, Format::Toml)
    }

    /// Reads and validates a file, choosing the format by its extension.
    pub fn path(&self, path: &Path) -> Result<Dataset, LoadError> {
        self.path_as(path, Format::for_path(path))
    }

    /// Reads and validates a file in `format`, whatever its name.
    pub fn path_as(&self, path: &Path, format: Format) -> Result<Dataset, LoadError> {
        let file = path.display().to_string();
        let streamed = match format {
            Format::JsonLines => jsonl::read_path(path, &file, self),
            Format::Json => json::read_path(path, &file, self),
            Format::Gdelt => return gdelt::read_path(path, &file, self),
            Format::Acled | Format::TimelineSheet | Format::Csv => {
                let input = std::fs::File::open(path).map_err(|error| LoadError::Io {
                    file: file.clone(),
                    error,
                })?;
                if let (Some(progress), Ok(meta)) = (self.progress, input.metadata()) {
                    progress.start(meta.len());
                }
                let input = std::io::BufReader::with_capacity(1 << 20, input);
                return self.table(input, &file, format);
            }
            Format::Toml => {
                let text = pipeline::read_whole(path, &file, &self.limits)?;
                return (toml::read_text(&text, &file, self))
                    .map_err(|e| locate::in_text(e, &text, format));
            }
        };
        streamed.map_err(|e| locate::in_file(e, path, format, &self.limits))
    }

    /// Reads standard input to its end (within the file limit) and validates it, in
    /// `format` or, without one, in the format its first line shows (see
    /// [`Format::sniff`]). Messages name it `<stdin>`.
    pub fn stdin(&self, format: Option<Format>) -> Result<Dataset, LoadError> {
        let text = pipeline::read_to_limit(std::io::stdin().lock(), 0, STDIN_NAME, &self.limits)?;
        self.text(
            &text,
            STDIN_NAME,
            format.unwrap_or_else(|| Format::sniff(&text)),
        )
    }

    /// Parses and validates `text` in `format`; `name` names it in messages.
    pub fn text(&self, text: &str, name: &str, format: Format) -> Result<Dataset, LoadError> {
        let loaded = match format {
            Format::Toml => toml::read_text(text, name, self),
            Format::Json => json::read_text(text, name, self),
            Format::JsonLines => jsonl::read_text(text, name, self),
            _ => return self.table(text.as_bytes(), name, format),
        };
        loaded.map_err(|e| locate::in_text(e, text, format))
    }

    /// Reads an imported layout from a stream.
    fn table(
        &self,
        input: impl std::io::BufRead,
        name: &str,
        format: Format,
    ) -> Result<Dataset, LoadError> {
        match format {
            Format::Gdelt => gdelt::read(input, name, self),
            Format::Acled => acled::read(input, name, self),
            Format::TimelineSheet => sheet::read(input, name, self),
            _ => mapped::read(input, name, self),
        }
    }
}

/// The built-in curated dataset, whole: `Loader::new().builtin()`.
pub fn builtin() -> Result<Dataset, LoadError> {
    Loader::new().builtin()
}

/// A file, whole: `Loader::new().path(path)`.
pub fn from_path(path: &Path) -> Result<Dataset, LoadError> {
    Loader::new().path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_cut_short_json_document_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.json");
        let error = |text: &str| {
            std::fs::write(&path, text).unwrap();
            from_path(&path).unwrap_err().lines().join("\n")
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
    fn text_without_a_name_is_told_by_its_start() {
        assert_eq!(Format::sniff("title = \"t\"\n"), Format::Toml);
        assert_eq!(Format::sniff("# a comment\n{"), Format::Toml);
        assert_eq!(
            Format::sniff("  {\"title\": \"t\",\n \"events\": []}"),
            Format::Json
        );
        assert_eq!(Format::sniff("{\"title\": \"t\"}"), Format::Json);
        assert_eq!(
            Format::sniff("{\"title\": \"t\"}\n{\"id\": \"e\"}\n"),
            Format::JsonLines
        );
        assert_eq!(
            Format::sniff("\u{feff}{\"title\": \"t\"}\n\n"),
            Format::Json
        );
    }

    #[test]
    fn the_builtin_dataset_is_valid() {
        let dataset = builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(!dataset.events.is_empty());
    }

    #[test]
    fn keep_builds_only_what_it_accepts_and_still_checks_everything() {
        let all = builtin().unwrap();
        let visits = Loader::new()
            .keep(&|e| e.kind == crate::model::Kind::Visit)
            .builtin()
            .unwrap();
        let expected = all
            .events
            .iter()
            .filter(|e| e.kind == crate::model::Kind::Visit)
            .count();
        assert_eq!(visits.events.len(), expected);
        assert!(expected > 0 && expected < all.events.len());
        let broken = BUILTIN.replacen("kind = \"visit\"", "kind = \"vist\"", 1);
        let refused = Loader::new()
            .keep(&|_| false)
            .text(&broken, "b.toml", Format::Toml);
        assert!(refused.is_err(), "an event not built is still checked");
    }

    #[test]
    fn counting_builds_nothing_counts_what_is_kept_and_only_once_a_file_is_accepted() {
        let lines = |events: &[&str]| {
            let meta = r#"{"title":"T","description":"D","sources":[{"id":"s","outlet":"O","title":"T","language":"en","published":"2022","about":"A"}]}"#;
            let mut text = format!("{meta}\n");
            for (k, kind) in events.iter().enumerate() {
                text.push_str(&format!(
                    r#"{{"id":"e{k}","date":"2022-0{}","kind":"{kind}","countries":["KZ"],"headline":"H","summary":"S","sources":["s"]}}"#,
                    k % 9 + 1
                ));
                text.push('\n');
            }
            text
        };
        let into = std::sync::Mutex::new(Counted::new(crate::model::Wanted::default()));
        let add =
            |c: &mut Counted, e: &EventParts| c.add(e.kind, &[e.countries[0].slot()], &[], None);
        let counting = Counting {
            add: &add,
            into: &into,
        };
        let visits = |e: &EventParts| e.kind == crate::model::Kind::Visit;
        let loader = Loader::new().count(&visits, counting).block(256).workers(2);
        let good = lines(&["visit", "call", "visit", "visit", "meeting", "visit"]);
        let none = loader.text(&good, "g.jsonl", Format::JsonLines).unwrap();
        assert!(none.events.is_empty());
        assert_eq!(into.lock().unwrap().events, 4);
        let bad = lines(&["visit", "visit", "vist"]);
        assert!(loader.text(&bad, "b.jsonl", Format::JsonLines).is_err());
        assert_eq!(
            into.lock().unwrap().events,
            4,
            "a refused file counts nothing"
        );
    }
}
