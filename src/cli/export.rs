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
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    Format::for_file_name(&name).ok_or_else(|| {
        UsageError(format!(
            "cannot tell the format from the name '{}'; give --format: one of {} \
             (.json is a dataset; story.timeline.json is TimelineJS)",
            crate::text::escape(&path.display().to_string()),
            names.join(", ")
        ))
    })
}

/// Where `-o` sends the output: None for standard output (`-o -` too); a folder is
/// refused.
pub fn destination(output: Option<&Path>) -> Result<Option<&Path>, UsageError> {
    match output {
        Some(path) if path.as_os_str() == "-" => Ok(None),
        Some(path) if path.is_dir() => Err(UsageError(format!(
            "-o {} is a folder; name a file in it",
            crate::text::escape(&path.display().to_string())
        ))),
        other => Ok(other),
    }
}

pub fn write(
    out: &mut impl Write,
    dataset: &Dataset,
    filter: &Filter,
    format: Format,
    output: Option<&Path>,
    options: Options,
    progress: Option<&crate::progress::Progress>,
) -> Result<()> {
    let matches = query::run(dataset, filter);
    let selection = Selection {
        dataset,
        filter,
        matches: &matches,
        progress,
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
