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

/// One problem as `validate --format json` writes it: where (file, line and column when
/// known, the entry and the field) and what would be right.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProblemRecord {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// "event 'kz-spief' (#3)", "source #2", "dataset"; null for a file-wide problem.
    pub entry: Option<String>,
    /// The entry's id, when it has one.
    pub id: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl LoadError {
    /// Every problem, as data; the strings are as the file holds them (JSON escapes what
    /// a terminal would act on when it is printed).
    pub fn records(&self) -> Vec<ProblemRecord> {
        let whole = |file: &str, line: Option<usize>, column: Option<usize>, message: String| {
            ProblemRecord {
                file: file.to_string(),
                line,
                column,
                entry: None,
                id: None,
                field: None,
                message,
            }
        };
        match self {
            LoadError::Io { file, error } => {
                vec![whole(file, None, None, format!("cannot read: {error}"))]
            }
            LoadError::Syntax {
                file,
                line,
                column,
                message,
            } => vec![whole(file, Some(*line), Some(*column), message.clone())],
            LoadError::TooLarge {
                file,
                line,
                message,
            } => vec![whole(file, *line, line.map(|_| 1), message.clone())],
            LoadError::Invalid { problems, .. } => (problems.iter())
                .map(|p| ProblemRecord {
                    file: p.file.clone(),
                    line: p.line,
                    column: p.column,
                    entry: (!p.what.is_empty()).then(|| p.entry()),
                    id: (!p.id.is_empty()).then(|| p.id.clone()),
                    field: (!p.field.is_empty()).then(|| p.field.clone()),
                    message: p.message.clone(),
                })
                .collect(),
        }
    }

    /// Problems past those kept (the loader keeps the first ones).
    pub fn more(&self) -> usize {
        match self {
            LoadError::Invalid { more, .. } => *more,
            _ => 0,
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
