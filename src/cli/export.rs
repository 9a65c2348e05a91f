//! `demarche export`: the matching events in a publishing format, to a file or to
//! standard output.

use super::{ExportFormat, UsageError};
use crate::export::{self, Format, Options, Selection};
use crate::model::Dataset;
use crate::query::{self, Filter};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// The format asked for, or the one the output file's name tells.
pub fn format_of(
    format: Option<ExportFormat>,
    output: Option<&Path>,
) -> Result<Format, UsageError> {
    if let Some(format) = format {
        return Ok(format.into());
    }
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    let Some(path) = output else {
        return Err(UsageError(format!(
            "export needs --format: one of {}",
            names.join(", ")
        )));
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let told = match name.rsplit_once('.').map(|(_, ext)| ext) {
        _ if name.ends_with(".timeline.json") => Some(Format::TimelineJs),
        Some("html" | "htm") => Some(Format::Html),
        Some("ics" | "ical") => Some(Format::Ics),
        Some("md" | "markdown") => Some(Format::Markdown),
        Some("toml") => Some(Format::Toml),
        Some("json") => Some(Format::Json),
        Some("jsonl" | "ndjson") => Some(Format::Jsonl),
        Some("csv") => Some(Format::Csv),
        _ => None,
    };
    told.ok_or_else(|| {
        UsageError(format!(
            "cannot tell the format from the name '{}'; give --format: one of {}",
            crate::text::escape(&path.display().to_string()),
            names.join(", ")
        ))
    })
}

pub fn write(
    out: &mut impl Write,
    dataset: &Dataset,
    filter: &Filter,
    format: Format,
    output: Option<&Path>,
    options: Options,
) -> Result<()> {
    let matches = query::run(dataset, filter);
    let selection = Selection {
        dataset,
        filter,
        matches: &matches,
    };
    match output {
        Some(path) => export::write_file(path, format, &selection, options).with_context(|| {
            format!(
                "could not write {}",
                crate::text::escape(&path.display().to_string())
            )
        })?,
        None => export::write(out, format, &selection, options)?,
    }
    Ok(())
}
