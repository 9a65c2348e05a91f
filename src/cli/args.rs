//! The command line's shape, declared with clap. Parsing only: no data is touched here.

use crate::model::{Kind, YearMonth};
use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsStr;
use std::path::PathBuf;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "demarche",
    version,
    about = "Browse a timeline of diplomatic moves: who did what, when, and with whom.",
    long_about = "Browse a timeline of diplomatic moves: who did what, when, and with whom.\n\n\
        With no command, opens the interactive browser (the same filter flags preset it).\n\
        The built-in dataset covers Central Asia between Moscow and Washington, 2022–2023."
)]
pub struct Cli {
    /// Load this dataset instead of the built-in one: TOML, JSON (.json), or JSON Lines
    /// (.jsonl/.ndjson: a metadata line, then one event per line); or import GDELT
    /// events (plain or .zip), an ACLED export, a TimelineJS sheet (.csv), or any CSV
    /// with --map. `-` reads standard input (its format told by its first line, or by
    /// --data-format). `demarche formats` describes each.
    #[arg(long, global = true, env = "DEMARCHE_DATA", value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// The data's format when its name does not tell it (standard input, a file named
    /// otherwise): toml, json (one document), jsonl (JSON Lines), gdelt, acled,
    /// timeline-sheet, or csv (with --map).
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub data_format: Option<DataFormat>,

    #[command(flatten)]
    pub import: ImportArgs,

    /// No notes and no progress line on standard error (what an importer left out, say);
    /// errors and warnings are still written.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// Colour: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it),
    /// always, or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Print straight to the terminal: no pager for long output (otherwise `$PAGER`, or
    /// `less -FRX`, when standard output is a terminal).
    #[arg(long, global = true)]
    pub no_pager: bool,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Browser: let the mouse wheel scroll and clicks select (turns off the terminal's own
    /// text selection while running).
    #[arg(long)]
    pub mouse: bool,

    /// Browser: open on this event (its id, as `demarche list --columns id,headline`
    /// shows), as a page's `#id` link opens on it.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    /// Browser colours (default: the config file's theme, or default).
    #[arg(long, value_enum)]
    pub theme: Option<ThemeName>,

    /// Start from a view named in the config file (its filters; flags given add to them).
    #[arg(long, global = true, value_name = "NAME")]
    pub view: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Print the events that match the filters, in chronological order.
    List {
        #[command(flatten)]
        filters: FilterArgs,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// The table's columns, in order, separated by commas (default: date, countries,
        /// kind, headline, with the id first on terminals of 150 columns or more).
        #[arg(long, value_enum, value_delimiter = ',', value_name = "COLUMNS")]
        columns: Vec<ListColumn>,
    },
    /// Print one event in full.
    Show {
        /// The event's id (see `demarche list`).
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Count the matching events per country, month, kind or pair of countries
    ///
    /// Two `--by` give a cross table (`--by country --by month`).
    Stats {
        #[command(flatten)]
        filters: FilterArgs,
        /// Only this breakdown; given twice, the two crossed (rows, then columns). `pair`:
        /// for each two countries, the events involving both, by kind.
        #[arg(long, value_enum, value_name = "country|month|kind|pair")]
        by: Vec<StatsBy>,
        /// A table to read, CSV (one table; without --by, one long table), or JSON (an
        /// object with a key per breakdown).
        #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
    },
    /// Write the matching events to share them: a web page, TimelineJS, a calendar, a
    /// brief, CSV, or a dataset of their own
    ///
    /// Formats: html (one self-contained page, no network), timelinejs (TimelineJS 3
    /// JSON), ics (all-day calendar events), markdown (a brief with notes), toml, json and
    /// jsonl (a demarche dataset of the selection, which `--data` and `validate` read),
    /// csv (the columns of `list --format csv`).
    Export {
        #[command(flatten)]
        filters: FilterArgs,
        /// What to write; without it, told by the -o file's name (page.html, dates.ics,
        /// brief.md, subset.toml, subset.json, subset.jsonl, events.csv,
        /// story.timeline.json).
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// The file to write (whole or not at all: an existing file is replaced only once
        /// the new one is complete); standard output without it.
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// TimelineJS: the rows events are grouped in, by kind, by the first country
        /// listed, or none.
        #[arg(long, value_enum, value_name = "kind|country|none")]
        group_by: Option<GroupBy>,
    },
    /// Check dataset files (or the active dataset) and report every problem.
    Validate {
        /// Files to check (`-` for standard input); with none, the dataset given by
        /// --data or the built-in one.
        files: Vec<PathBuf>,
        /// Text (`file:line:column: …`, one problem a line) or JSON (per file: ok, the
        /// counts, and each problem's file, line, column, entry, id, field and message).
        #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
        format: ValidateFormat,
    },
    /// The config file: where it is, and whether it is right.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a completion script for a shell: `source <(demarche completions bash)`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `demarche man | man -l -`.
    Man,
    /// Write data of any format demarche reads (GDELT, ACLED, a TimelineJS sheet, a CSV
    /// with --map, or its own) as a demarche dataset, ready to curate:
    /// `demarche convert 20191024143000.export.CSV.zip events.toml`.
    Convert {
        /// The data to read (`-` for standard input), as --data reads it.
        input: PathBuf,
        /// The dataset to write: .toml, .json or .jsonl (`-` writes TOML to standard
        /// output).
        output: PathBuf,
    },
    /// The formats demarche reads, or one of them in full: its columns, how they map to
    /// events, and its defaults (`formats gdelt` prints the CAMEO code table).
    Formats {
        #[arg(value_enum)]
        format: Option<DataFormat>,
    },
}

/// How other people's data is imported.
#[derive(Debug, Clone, Default, Args)]
pub struct ImportArgs {
    /// Read a CSV of any layout through this mapping file (TOML: which column holds the
    /// date, the headline, the countries…); `demarche formats csv` shows one.
    #[arg(long, global = true, value_name = "FILE")]
    pub map: Option<PathBuf>,

    /// Importing: leave out rows that are wrong, counted and reported (the first few in
    /// full), instead of refusing the file.
    #[arg(long, global = true)]
    pub skip_bad: bool,

    /// GDELT: keep only events whose CAMEO code starts with one of these (04,05,06:
    /// consultations, diplomatic and material cooperation).
    #[arg(long, global = true, value_name = "CODES", value_delimiter = ',', value_parser = parse_cameo)]
    pub cameo: Vec<String>,

    /// GDELT: keep events whatever their actors' countries (by default only events
    /// between two different countries are kept).
    #[arg(long, global = true)]
    pub any_actors: bool,

    /// GDELT: keep every row (by default the rows of one article with the same date,
    /// actors and kind are one event, as the mirrored "visit" and "host a visit" are).
    #[arg(long, global = true)]
    pub keep_duplicates: bool,
}

/// A CAMEO code or the start of one: two to four digits ("04", "057", "0871").
fn parse_cameo(text: &str) -> Result<String, String> {
    let code = text.trim();
    match (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
        true => Ok(code.to_string()),
        false => Err(format!(
            "'{code}' is not a CAMEO code: two to four digits, the leading zero kept (04, \
             057, 0871); `demarche formats gdelt` lists them"
        )),
    }
}

impl ImportArgs {
    pub fn options(&self) -> crate::load::ImportOptions {
        crate::load::ImportOptions {
            skip_bad: self.skip_bad,
            map: self.map.clone(),
            cameo: (self.cameo.iter())
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            any_actors: self.any_actors,
            keep_duplicates: self.keep_duplicates,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum ConfigAction {
    /// Print the config file's path (it need not exist).
    Path,
    /// Check the config file and list every problem (file:line:column: …); exit 1 if any.
    Check,
}

/// The filter flags shared by `list`, `stats` and the browser.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Country: a code, an English or common name, or a name the dataset gives it (in
    /// Arabic, say), any case (repeatable).
    #[arg(short = 'c', long = "country", value_name = "C", value_parser = CountryParser, hide_possible_values = true)]
    pub countries: Vec<String>,

    /// With several countries: any of them, or all of them together.
    #[arg(long = "match", value_enum, value_name = "any|all")]
    pub match_mode: Option<MatchMode>,

    /// A counterpart (repeatable): events involving all the -c countries and at least one
    /// counterpart. `-c KZ --with RU --with US`: Kazakhstan with Russia or the US.
    #[arg(short = 'w', long = "with", value_name = "C", value_parser = CountryParser, hide_possible_values = true)]
    pub with: Vec<String>,

    /// A month, YYYY-MM (repeatable).
    #[arg(short = 'm', long = "month", value_name = "YYYY-MM", value_parser = parse_month)]
    pub months: Vec<YearMonth>,

    /// First month of a range, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub from: Option<YearMonth>,

    /// Last month of a range, YYYY-MM (inclusive).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub to: Option<YearMonth>,

    /// Kind of move (repeatable): visit, meeting, call, statement, vote, agreement,
    /// sanctions, aid, military, trade, personnel, domestic.
    #[arg(short = 'k', long = "kind", value_name = "K", value_parser = KindParser, hide_possible_values = true)]
    pub kinds: Vec<Kind>,

    /// Search: words that must all start words of the event's text, case- and
    /// accent-insensitive; 'word for a whole word, "two words" in a row, !word to
    /// exclude, a | b for either.
    #[arg(short = 's', long = "search", value_name = "TEXT")]
    pub search: Option<String>,

    /// Only the events you starred (the browser's `s`; marks live in NAME.marks.toml
    /// beside the data file).
    #[arg(long)]
    pub starred: bool,

    /// Only events with this tag (repeatable: every one of them), from your marks.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchMode {
    Any,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A web page that needs nothing else (no network), filterable in a browser.
    Html,
    /// TimelineJS 3 JSON.
    Timelinejs,
    /// iCalendar: one all-day event per event.
    Ics,
    /// A brief with notes, date notes and sources.
    Markdown,
    /// A demarche dataset in TOML.
    Toml,
    /// A demarche dataset as one JSON document.
    Json,
    /// A demarche dataset in JSON Lines.
    Jsonl,
    /// The columns of `list --format csv`.
    Csv,
    /// A TimelineJS sheet: the Google Sheets template's columns, as CSV.
    TimelineSheet,
}

impl From<ExportFormat> for crate::export::Format {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Html => Self::Html,
            ExportFormat::Timelinejs => Self::TimelineJs,
            ExportFormat::Ics => Self::Ics,
            ExportFormat::Markdown => Self::Markdown,
            ExportFormat::Toml => Self::Toml,
            ExportFormat::Json => Self::Json,
            ExportFormat::Jsonl => Self::Jsonl,
            ExportFormat::Csv => Self::Csv,
            ExportFormat::TimelineSheet => Self::TimelineSheet,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    Kind,
    Country,
    None,
}

impl From<GroupBy> for crate::export::GroupBy {
    fn from(group: GroupBy) -> Self {
        match group {
            GroupBy::Kind => Self::Kind,
            GroupBy::Country => Self::Country,
            GroupBy::None => Self::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListColumn {
    Id,
    Date,
    Countries,
    Kind,
    Actors,
    Headline,
}

impl From<ListColumn> for crate::export::table::Column {
    fn from(column: ListColumn) -> Self {
        match column {
            ListColumn::Id => Self::Id,
            ListColumn::Date => Self::Date,
            ListColumn::Countries => Self::Countries,
            ListColumn::Kind => Self::Kind,
            ListColumn::Actors => Self::Actors,
            ListColumn::Headline => Self::Headline,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsBy {
    Country,
    Month,
    Kind,
    Pair,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Toml,
    Json,
    Jsonl,
    Gdelt,
    Acled,
    TimelineSheet,
    Csv,
}

impl From<DataFormat> for crate::load::Format {
    fn from(format: DataFormat) -> Self {
        match format {
            DataFormat::Toml => Self::Toml,
            DataFormat::Json => Self::Json,
            DataFormat::Jsonl => Self::JsonLines,
            DataFormat::Gdelt => Self::Gdelt,
            DataFormat::Acled => Self::Acled,
            DataFormat::TimelineSheet => Self::TimelineSheet,
            DataFormat::Csv => Self::Csv,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl From<ColorWhen> for anstream::ColorChoice {
    fn from(when: ColorWhen) -> Self {
        match when {
            ColorWhen::Auto => Self::Auto,
            ColorWhen::Always => Self::Always,
            ColorWhen::Never => Self::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeName {
    Default,
    HighContrast,
}

fn parse_month(text: &str) -> Result<YearMonth, String> {
    YearMonth::parse(text)
}

/// Kinds, as `parse_kind` reads them, and offered to shell completion.
#[derive(Clone)]
struct KindParser;

impl TypedValueParser for KindParser {
    type Value = Kind;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Kind, clap::Error> {
        parse_kind(&value.to_string_lossy()).map_err(|message| invalid(cmd, arg, value, &message))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Kind::ALL.iter().map(|k| PossibleValue::new(k.as_str())),
        ))
    }
}

/// A country as typed (the dataset reads it, by code or by name); the codes of the
/// built-in dataset's countries are offered to shell completion.
#[derive(Clone)]
struct CountryParser;

impl TypedValueParser for CountryParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        match value.to_str() {
            Some(text) => Ok(text.to_string()),
            None => Err(invalid(cmd, arg, value, "a country is named in UTF-8 text")),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        static CODES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let codes = CODES.get_or_init(|| {
            let builtin = crate::load::builtin().map(|d| d.countries().to_vec());
            let countries = builtin.unwrap_or_default();
            countries.iter().map(|c| c.as_str().to_string()).collect()
        });
        Some(Box::new(
            codes.iter().map(|c| PossibleValue::new(c.as_str())),
        ))
    }
}

/// clap's "invalid value" error, in its words, with ours after it.
fn invalid(cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr, why: &str) -> clap::Error {
    let arg = arg.map(|a| a.to_string()).unwrap_or_else(|| "...".into());
    let value = crate::text::escape(&value.to_string_lossy()).into_owned();
    cmd.clone().error(
        clap::error::ErrorKind::ValueValidation,
        format!("invalid value '{value}' for '{arg}': {why}"),
    )
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    Kind::parse(&text.to_ascii_lowercase()).ok_or_else(|| {
        let names = Kind::ALL.iter().map(|k| k.as_str());
        let hint = crate::text::did_you_mean(text, names);
        let text = crate::text::escape(text);
        let next = if hint.is_empty() { "; use" } else { " Use" };
        format!(
            "'{text}' is not a kind{hint}{next} one of: {}",
            Kind::list()
        )
    })
}

impl From<ThemeName> for crate::tui::theme::Palette {
    fn from(name: ThemeName) -> Self {
        match name {
            ThemeName::Default => Self::Default,
            ThemeName::HighContrast => Self::HighContrast,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_names_every_export_format_as_export_does() {
        let names: Vec<String> = (ExportFormat::value_variants().iter())
            .map(|f| f.to_possible_value().unwrap().get_name().to_string())
            .collect();
        let formats: Vec<&str> = crate::export::Format::ALL
            .iter()
            .map(|f| f.name())
            .collect();
        assert_eq!(names, formats);
        for variant in ExportFormat::value_variants() {
            let name = variant.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(crate::export::Format::from(*variant).name(), name);
        }
    }
}
