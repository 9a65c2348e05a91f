//! Why a dataset could not be loaded: an I/O error, a file that does not parse, or
//! values that are wrong, each naming its place and what would be right.

use std::fmt;

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
    /// Well-formed, but some values are wrong (or, in JSON Lines, some lines malformed):
    /// the first problems, and how many more there were.
    Invalid {
        problems: Vec<Problem>,
        more: usize,
    },
    /// More to read than a limit of the loader allows (see `load::Limits`): where it
    /// started, and what the limit is and how to raise it.
    TooLarge {
        file: String,
        line: Option<usize>,
        message: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// Each problem on its own line: one for I/O or syntax, one per invalid value. Lines
    /// quote data (ids, values, field names, the file name), so every character a terminal
    /// would act on is written as its escape here, once for every face that prints them.
    pub fn lines(&self) -> Vec<String> {
        let lines = match self {
            LoadError::Io { file, error } => vec![format!("{file}: cannot read: {error}")],
            LoadError::Syntax {
                file,
                line,
                column,
                message,
            } => vec![format!("{file}:{line}:{column}: {message}")],
            LoadError::TooLarge {
                file,
                line: Some(line),
                message,
            } => vec![format!("{file}:{line}:1: {message}")],
            LoadError::TooLarge {
                file,
                line: None,
                message,
            } => vec![format!("{file}: {message}")],
            LoadError::Invalid { problems, more } => {
                let mut lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
                if *more > 0 {
                    lines.push(format!(
                        "… and {more} more problem{} past the first {}: fix these and \
                         validate again",
                        if *more == 1 { "" } else { "s" },
                        problems.len()
                    ));
                }
                lines
            }
        };
        (lines.into_iter())
            .map(|line| crate::text::escape(&line).into_owned())
            .collect()
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
    /// One line, with data quoted as it is; [`LoadError::lines`] makes it safe to print.
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
