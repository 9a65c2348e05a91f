//! What the importers share: their options, and the [`Builder`] that turns rows into a
//! dataset through the same checks a demarche file gets (`validate`), so an imported
//! event is exactly what the same event written as TOML would load as.
//!
//! A row with a problem refuses the file, every problem listed with its line and column;
//! with `skip_bad` the row is left out instead, counted, and the first few reasons kept
//! for the report. Rows an importer leaves out by its defaults (GDELT's events within one
//! country, say) are counted too: nothing is dropped without a word.

use super::raw::{RawActor, RawEvent, RawSource};
use super::rows::{Record, RowError};
use super::validate::{self, At, Checker, Place, Scratch, Tables};
use super::{Keep, LoadError, Problem};
use crate::model::{Dataset, EventsBuilder, FuzzyDate};
use std::collections::HashMap;

/// A map keyed by text from the data, hashed fast (no attacker chooses a dataset's keys
/// to slow a person's own load).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
use std::path::PathBuf;

/// How importers read, as the command line sets it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Leave out bad rows (counted and reported) instead of refusing the file.
    pub skip_bad: bool,
    /// The mapping file for a CSV of any other layout.
    pub map: Option<PathBuf>,
    /// GDELT: keep only events whose CAMEO code starts with one of these ("04", "057").
    pub cameo: Vec<String>,
    /// GDELT: keep events whatever their actors' countries (by default, only events
    /// between two different countries).
    pub any_actors: bool,
    /// GDELT: keep every row (by default, rows of one article with the same date, actors
    /// and kind are one event).
    pub keep_duplicates: bool,
}

/// How many skipped rows the report names one by one.
const EXAMPLES: usize = 5;

/// What an import read, kept and left out, for the person who asked for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The format, as a person names it ("GDELT 2.0 events").
    pub format: String,
    pub rows: usize,
    pub events: usize,
    /// Rows left out by the importer's defaults: why (with the flag that keeps them),
    /// and how many.
    pub left_out: Vec<(String, usize)>,
    /// Bad rows left out under `skip_bad`: how many, and the first few problems.
    pub skipped: usize,
    pub examples: Vec<String>,
    /// Anything else worth knowing ("312 rows give no kind: they are statements").
    pub notes: Vec<String>,
}

impl Report {
    /// The report in a few lines, for standard error or a status line.
    pub fn lines(&self) -> Vec<String> {
        let plural = |n: usize, one: &str, many: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        };
        let mut first = format!(
            "read {} of {}: {}",
            plural(self.rows, "row", "rows"),
            self.format,
            plural(self.events, "event", "events")
        );
        for (why, count) in &self.left_out {
            let why = why.replace("{s}", if *count == 1 { "" } else { "s" });
            first.push_str(&format!("; left out {count} {why}"));
        }
        if self.skipped > 0 {
            first.push_str(&format!(
                "; skipped {} (--skip-bad)",
                plural(self.skipped, "bad row", "bad rows")
            ));
        }
        let mut lines = vec![first];
        lines.extend(self.examples.iter().map(|e| format!("  skipped: {e}")));
        if self.skipped > self.examples.len() {
            lines.push(format!(
                "  … and {} more skipped; `demarche validate` without --skip-bad lists them all",
                self.skipped - self.examples.len()
            ));
        }
        lines.extend(self.notes.iter().cloned());
        lines
    }

    /// Whether anything was left out or is worth a word.
    pub fn matters(&self) -> bool {
        !self.left_out.is_empty() || self.skipped > 0 || !self.notes.is_empty()
    }

    /// Counts a row left out by a default, under `why`.
    /// `why` names the rows with `{s}` where the plural takes an s: "row{s} outside…".
    pub fn leave_out(&mut self, why: &str) {
        match self.left_out.iter_mut().find(|(w, _)| w == why) {
            Some((_, count)) => *count += 1,
            None => self.left_out.push((why.to_string(), 1)),
        }
    }
}

/// Where a row stands while it is read: the problems before it, to tell its own.
#[derive(Clone, Copy)]
pub struct RowMark {
    problems: usize,
    more: usize,
    /// The tables' sizes, to take back what a skipped row added.
    sources: usize,
    actors: usize,
}

/// Builds a dataset row by row.
pub struct Builder<'a> {
    pub file: &'a str,
    check: Checker<'a>,
    tables: Tables,
    /// Sources by the importer's key (a URL, an outlet's name).
    source_keys: FastMap<String, u32>,
    /// Per source, whether its date is the latest event citing it.
    dated_by_events: Vec<bool>,
    actor_keys: FastMap<String, u32>,
    events: EventsBuilder,
    scratch: Scratch,
    keep: Keep<'a>,
    progress: Option<&'a crate::progress::Progress>,
    skip_bad: bool,
    /// Every valid row's event id, end to end, and its line: to find ids used twice.
    ids: String,
    id_ends: Vec<u32>,
    id_lines: Vec<u32>,
    /// Under `skip_bad`, each id's hash and line, so a row reusing one is skipped too.
    first_use: FastMap<u64, u32>,
    /// The row being read.
    row: Option<RowMark>,
    pub report: Report,
}

/// A field an event took from one column: problems with the field point there.
pub struct Origin<'r> {
    pub field: &'static str,
    pub column: usize,
    pub name: &'r str,
}

impl<'a> Builder<'a> {
    pub fn new(file: &'a str, format: &str, keep: Keep<'a>, options: &ImportOptions) -> Self {
        Builder {
            file,
            check: Checker::new(file),
            tables: Tables::default(),
            source_keys: FastMap::default(),
            dated_by_events: Vec::new(),
            actor_keys: FastMap::default(),
            events: EventsBuilder::default(),
            scratch: Scratch::default(),
            keep,
            progress: None,
            skip_bad: options.skip_bad,
            ids: String::new(),
            id_ends: Vec::new(),
            id_lines: Vec::new(),
            first_use: FastMap::default(),
            row: None,
            report: Report {
                format: format.to_string(),
                ..Report::default()
            },
        }
    }

    /// Moves `progress` on as rows are read.
    pub fn watched_by(&mut self, progress: Option<&'a crate::progress::Progress>) {
        self.progress = progress;
    }

    /// Reads each row `rows` has left into `row`, begun and ended (see [`Builder::end`]);
    /// a row that cannot be read is a problem of its own, or skipped. `row` may stop the
    /// load with an error.
    pub fn each_row<R: std::io::BufRead>(
        &mut self,
        rows: &mut super::rows::Rows<R>,
        mut row: impl FnMut(&mut Self, &Record) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        // Progress is told every few thousand rows: (bytes, rows) told so far.
        let mut told = (0, 0);
        let progress = self.progress;
        let mut tell = |rows: &super::rows::Rows<R>, done: usize| {
            if let Some(progress) = progress {
                let bytes = rows.consumed();
                progress.advance((bytes - told.0) as u64, (done - told.1) as u64);
                told = (bytes, done);
            }
        };
        let mut done = 0;
        loop {
            done += 1;
            if done % 4096 == 0 {
                tell(rows, done);
            }
            match rows.next() {
                Ok(true) => {}
                Ok(false) => {
                    tell(rows, done - 1);
                    return Ok(());
                }
                Err(error) => {
                    self.unreadable(error)?;
                    continue;
                }
            }
            let mark = self.begin();
            row(self, &rows.record)?;
            self.end(mark);
        }
    }

    /// Starts a row.
    pub fn begin(&mut self) -> RowMark {
        self.report.rows += 1;
        let mark = RowMark {
            problems: self.check.problems.len(),
            more: self.check.more,
            sources: self.tables.sources.len(),
            actors: self.tables.actors.len(),
        };
        self.row = Some(mark);
        mark
    }

    /// Whether the row has a problem so far.
    pub fn row_failed(&self, mark: RowMark) -> bool {
        self.check.problems.len() != mark.problems || self.check.more != mark.more
    }

    /// A problem with a row's field, at its line and column.
    pub fn problem(&mut self, place: (usize, usize), id: &str, field: &str, message: String) {
        self.check.push(Problem {
            file: self.file.to_string(),
            line: Some(place.0),
            column: Some(place.1),
            what: "row",
            id: id.to_string(),
            number: None,
            field: field.to_string(),
            message,
        });
    }

    /// A problem with a row as a whole (its shape), at its first column.
    pub fn row_problem(&mut self, line: usize, message: String) {
        self.check.push(Problem {
            file: self.file.to_string(),
            line: Some(line),
            column: Some(1),
            what: "",
            id: String::new(),
            number: None,
            field: String::new(),
            message,
        });
    }

    /// The id of the source known by `key`, made by `make` the first time. A source made
    /// with `dated_by_events` takes the date of the latest event citing it.
    pub fn source(
        &mut self,
        key: &str,
        line: usize,
        dated_by_events: bool,
        make: impl FnOnce(usize) -> RawSource<'static>,
    ) -> u32 {
        if let Some(&id) = self.source_keys.get(key) {
            return id;
        }
        let n = self.tables.sources.len();
        self.tables
            .add_source(&mut self.check, (None, Some(line)), make(n));
        self.source_keys.insert(key.to_string(), n as u32);
        self.dated_by_events.push(dated_by_events);
        n as u32
    }

    /// The id a source was given.
    pub fn source_id(&self, n: u32) -> &str {
        &self.tables.sources[n as usize].id
    }

    /// The actor known by `key`, made by `make` the first time; `alias` is kept as another
    /// of its names when it differs.
    pub fn actor(
        &mut self,
        key: &str,
        line: usize,
        alias: Option<&str>,
        make: impl FnOnce() -> RawActor<'static>,
    ) -> u32 {
        if let Some(&id) = self.actor_keys.get(key) {
            let actor = &mut self.tables.actors[id as usize];
            if let Some(alias) = alias
                && alias != actor.name
                && actor.aliases.len() < 8
                && !actor.aliases.iter().any(|a| a == alias)
            {
                self.check.safe(
                    &At::new("actor", &actor.id, None, Some(line)),
                    "aliases",
                    alias,
                    false,
                );
                actor.aliases.push(alias.to_string());
            }
            return id;
        }
        let n = self.tables.actors.len();
        self.tables
            .add_actor(&mut self.check, (None, Some(line)), make());
        self.actor_keys.insert(key.to_string(), n as u32);
        n as u32
    }

    pub fn actor_id(&self, n: u32) -> &str {
        &self.tables.actors[n as usize].id
    }

    /// Checks the row's event as a demarche file's event is checked, and keeps it if it
    /// is sound and the loader wants it. Problems with a field that came from one column
    /// are placed at that column.
    pub fn event(&mut self, record: &Record, raw: &RawEvent, origins: &[Origin]) {
        let before = self.check.problems.len();
        let at = At::new("row", &raw.id, None, Some(record.line));
        let parts = validate::event(&mut self.check, &at, raw, &self.tables, &mut self.scratch);
        for problem in &mut self.check.problems[before..] {
            problem.column = Some(1);
            if let Some(origin) = origins.iter().find(|o| o.field == problem.field) {
                let (line, column) = record.place(origin.column);
                (problem.line, problem.column) = (Some(line), Some(column));
                problem.field = origin.name.to_string();
            }
        }
        let Some(parts) = parts else { return };
        // A row whose source or actor failed its checks is not kept either.
        let check = &self.check;
        if (self.row).is_some_and(|m| check.problems.len() != m.problems || check.more != m.more) {
            return;
        }
        if self.skip_bad {
            let line = record.line as u32;
            if let Some(&first) = self.first_use.get(&validate::hash_id(parts.id)) {
                let message = format!(
                    "duplicate row id '{}' (first used by the row on line {first})",
                    parts.id
                );
                self.check.push(Problem {
                    file: self.file.to_string(),
                    line: Some(record.line),
                    column: Some(1),
                    what: "row",
                    id: parts.id.to_string(),
                    number: None,
                    field: "id".to_string(),
                    message,
                });
                return;
            }
            self.first_use.insert(validate::hash_id(parts.id), line);
        }
        self.ids.push_str(parts.id);
        self.id_ends.push(self.ids.len() as u32);
        self.id_lines.push(record.line as u32);
        let date = parts.date;
        for &s in parts.sources {
            if self.dated_by_events[s as usize] {
                let source = &mut self.tables.sources[s as usize];
                if source.published.earliest() < date.earliest() {
                    source.published =
                        FuzzyDate::new(date.start(), None, None).expect("a lone point is valid");
                }
            }
        }
        self.report.events += 1;
        if let Some(parts) = self.keep.build(parts) {
            self.events.push(parts);
        }
    }

    /// Ends a row: with `skip_bad`, a row with problems is left out and its problems
    /// become the report's.
    pub fn end(&mut self, mark: RowMark) {
        if !self.skip_bad || !self.row_failed(mark) {
            return;
        }
        let own = self.check.problems.split_off(mark.problems);
        let counted = self.check.more - mark.more;
        self.check.more = mark.more;
        // What the row added to the tables goes with it.
        self.tables.sources.truncate(mark.sources);
        self.tables.actors.truncate(mark.actors);
        self.dated_by_events.truncate(mark.sources);
        let (sources, actors) = (mark.sources as u32, mark.actors as u32);
        self.source_keys.retain(|_, &mut n| n < sources);
        self.actor_keys.retain(|_, &mut n| n < actors);
        self.tables.source_index.retain_below(sources);
        self.tables.actor_index.retain_below(actors);
        if own.is_empty() && counted == 0 {
            return;
        }
        self.report.skipped += 1;
        if self.report.examples.len() < EXAMPLES {
            let shown: Vec<String> = own.iter().map(Problem::to_string).collect();
            self.report.examples.push(shown.join("; "));
        }
    }

    /// A row that could not be read at all (not UTF-8, a quote left open): a problem, or
    /// under `skip_bad` a skipped row. Only errors the reader can go on after return.
    pub fn unreadable(&mut self, error: RowError) -> Result<(), LoadError> {
        let (line, column, message) = match error {
            RowError::Io(error) => {
                return Err(LoadError::Io {
                    file: self.file.to_string(),
                    error,
                });
            }
            RowError::NotUtf8 { line, column } => (
                line,
                column,
                "is not UTF-8 text; save the file as UTF-8".to_string(),
            ),
            RowError::Unclosed { line, column } => {
                let message = "a quoted field opens here and never closes; \
                               close it with a double quote";
                (line, column, message.to_string())
            }
            RowError::TooLong { line } => {
                return Err(LoadError::TooLarge {
                    file: self.file.to_string(),
                    line: Some(line),
                    message: format!(
                        "row {line} is longer than the limit for one entry; if the data is \
                         right, raise it with DEMARCHE_MAX_ENTRY_MB=<megabytes>"
                    ),
                });
            }
        };
        let mark = self.begin();
        self.check.push(Problem {
            file: self.file.to_string(),
            line: Some(line),
            column: Some(column),
            what: "",
            id: String::new(),
            number: None,
            field: String::new(),
            message,
        });
        self.end(mark);
        Ok(())
    }

    /// The dataset, or every problem found.
    pub fn finish(mut self, title: String, description: String) -> Result<Dataset, LoadError> {
        // Titles are made from names in the data (a file's, a zip entry's, a mapping's).
        super::document::check_header(&mut self.check, &title, &description, [None, None]);
        let id = |i: usize| {
            let start = if i == 0 {
                0
            } else {
                self.id_ends[i - 1] as usize
            };
            &self.ids[start..self.id_ends[i] as usize]
        };
        let entry = |i: usize| (id(i), Place::new(None, Some(self.id_lines[i] as usize)));
        let hash = |i: usize| validate::hash_id(id(i));
        validate::duplicates(&mut self.check, "row", self.id_ends.len(), entry, hash);
        if self.check.reported() > 0 {
            return Err(LoadError::Invalid {
                problems: self.check.problems,
                more: self.check.more,
            });
        }
        let tables = self.tables;
        let mut dataset = Dataset::new(
            title,
            description,
            tables.sources,
            tables.actors,
            tables.countries,
            self.events.finish(),
        );
        if self.report.matters() {
            dataset.load_notes = self.report.lines();
        }
        Ok(dataset)
    }
}

/// Abbreviations names keep in capitals ("THE EU" is "The EU").
const ABBREVIATIONS: [&str; 17] = [
    "US", "USA", "UK", "UN", "EU", "NATO", "UAE", "IMF", "OSCE", "CSTO", "SCO", "CIS", "OPEC",
    "ASEAN", "BRICS", "IAEA", "NGO",
];

/// The last part of a name in messages: a path's file, a zip entry's name.
pub fn file_name(file: &str) -> &str {
    file.rsplit(['/', ':']).next().unwrap_or(file)
}

/// "BRAZIL" → "Brazil", "UNITED STATES" → "United States", "THE EU" → "The EU": names
/// GDELT writes in capitals.
pub fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if ABBREVIATIONS.contains(&word) {
            out.push_str(word);
            continue;
        }
        let mut start = true;
        for c in word.chars() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = !c.is_alphanumeric() && c != '\'';
        }
    }
    out
}

/// A kebab-case id part from any text: "Military Forces of Russia (2000-)" →
/// "military-forces-of-russia-2000"; letters beyond ASCII are folded ("é" → "e").
pub fn slug(text: &str) -> String {
    let folded = deunicode::deunicode(text).to_ascii_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

/// `text` cut to at most `max` characters at a word, with "…" where it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(at) if at > max / 2 => &cut[..at],
        _ => &cut,
    };
    format!("{}…", at_word.trim_end_matches([' ', ',', ';', ':', '-']))
}

/// A header row: where each named column is, by name in any case.
pub struct Header {
    names: Vec<String>,
}

impl Header {
    pub fn of(record: &Record) -> Header {
        Header {
            names: record.fields().map(|n| n.trim().to_lowercase()).collect(),
        }
    }

    /// The column named `name` (any case), if the header has it.
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.to_lowercase();
        self.names.iter().position(|n| *n == name)
    }

    /// The first of `names` the header has.
    pub fn any(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.find(n))
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The header's names, as written (lower-cased), for messages.
    pub fn list(&self) -> String {
        self.names.join(", ")
    }
}

/// The columns a layout needs that the header lacks, as an error naming the header's line.
pub fn missing_columns(file: &str, what: &str, missing: &[&str], header: &Header) -> LoadError {
    LoadError::Syntax {
        file: file.to_string(),
        line: 1,
        column: 1,
        message: format!(
            "{what} needs the column{} {}, which the header does not have (it has: {})",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            header.list()
        ),
    }
}

/// A country as a person writes it in a table: an ISO code in any case or an English
/// name ("kz", "Kazakhstan", "Russian Federation").
pub fn country(text: &str) -> Option<crate::model::CountryCode> {
    crate::model::CountryCode::from_user(text)
}

/// Reads the header row of a CSV, or says the file is empty; a header that cannot be
/// read cannot name the columns, so the load stops there.
pub fn header_row<R: std::io::BufRead>(
    rows: &mut super::rows::Rows<R>,
    builder: &mut Builder,
    what: &str,
) -> Result<Header, LoadError> {
    match rows.next() {
        Ok(true) => Ok(Header::of(&rows.record)),
        Ok(false) => Err(LoadError::Syntax {
            file: builder.file.to_string(),
            line: 1,
            column: 1,
            message: format!("the file is empty; {what} starts with a header row"),
        }),
        Err(error) => {
            builder.unreadable(error)?;
            let problem = builder.check.problems.pop();
            Err(LoadError::Invalid {
                problems: problem.into_iter().collect(),
                more: 0,
            })
        }
    }
}

/// The delimiter a table's first line uses: a tab or a semicolon where it has those and
/// no comma, otherwise a comma. Peeks, reading nothing.
pub fn sniff_delimiter(input: &mut impl std::io::BufRead) -> u8 {
    let start = input.fill_buf().unwrap_or(&[]);
    let line = start.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| line.iter().filter(|&&b| b == c).count();
    match (count(b','), count(b'\t'), count(b';')) {
        (0, tabs, _) if tabs > 0 => b'\t',
        (0, _, semicolons) if semicolons > 0 => b';',
        _ => b',',
    }
}

/// A kebab-case id from `prefix` and a name, at most 60 characters of it, cut at a hyphen;
/// `prefix-N` where the name has no letter or digit to make one of.
pub fn id_of(prefix: &str, name: &str, n: usize) -> String {
    let slug = slug(name);
    let mut cut = slug.as_str();
    if cut.len() > 60 {
        cut = &cut[..60];
        cut = cut.rsplit_once('-').map_or(cut, |(head, _)| head);
    }
    match cut.is_empty() {
        true => format!("{prefix}-{n}"),
        false => format!("{prefix}-{cut}"),
    }
}

/// A value as an owned [`Text`](super::raw::Text).
pub fn owned(text: impl Into<String>) -> super::raw::Text<'static> {
    super::raw::Text(std::borrow::Cow::Owned(text.into()))
}

/// HTML (a TimelineJS text) as plain text: tags dropped, paragraphs and breaks as line
/// breaks, the common entities decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        if tag.starts_with("br") || tag.starts_with("/p") || tag.starts_with("/li") {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let lines: Vec<&str> = decoded
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ids_and_headlines_are_made_readable() {
        assert_eq!(title_case("UNITED STATES"), "United States");
        assert_eq!(title_case("THE EU"), "The EU");
        assert_eq!(title_case("CÔTE D'IVOIRE"), "Côte D'ivoire");
        assert_eq!(
            slug("Military Forces of Russia (2000-)"),
            "military-forces-of-russia-2000"
        );
        assert_eq!(slug("Société Générale"), "societe-generale");
        assert_eq!(shorten("short", 10), "short");
        let cut = shorten("a headline that runs on well past the limit it has", 30);
        assert!(cut.chars().count() <= 30, "{cut}");
        assert!(cut.ends_with("limit…") || cut.ends_with('…'), "{cut}");
    }
}
