//! `demarche validate`: check dataset files (or the active dataset) and report every
//! problem, one per line (`file:line:column: …`, as editors' quickfix lists read), or as
//! JSON, on standard output.

use super::{Cli, ValidateFormat};
use crate::load::{self, LoadError, ProblemRecord};
use crate::model::Dataset;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// One file's verdict in JSON.
#[derive(Serialize)]
struct Verdict {
    file: String,
    ok: bool,
    events: Option<usize>,
    sources: Option<usize>,
    actors: Option<usize>,
    problems: Vec<ProblemRecord>,
    /// Problems past those listed (the loader stops listing after the first ones).
    more_problems: usize,
}

pub fn print(
    out: &mut impl Write,
    cli: &Cli,
    files: &[PathBuf],
    format: ValidateFormat,
) -> Result<ExitCode> {
    let checked: Vec<(String, Result<Dataset, LoadError>)> = if files.is_empty() {
        let name = match &cli.data {
            Some(path) if path.as_os_str() == "-" => load::STDIN_NAME.to_string(),
            Some(path) => path.display().to_string(),
            None => load::BUILTIN_NAME.to_string(),
        };
        vec![(name, super::active_dataset(cli))]
    } else {
        (files.iter())
            .map(|file| (file.display().to_string(), super::read_file(cli, file)))
            .collect()
    };
    let failed = checked.iter().any(|(_, result)| result.is_err());
    match format {
        ValidateFormat::Text => {
            let several = checked.len() > 1;
            for (name, result) in &checked {
                match result {
                    Ok(d) => {
                        let prefix = match several {
                            true => format!("{}: ", crate::text::escape(name)),
                            false => String::new(),
                        };
                        writeln!(
                            out,
                            "{prefix}ok: {} events, {} sources, {} actors",
                            d.events.len(),
                            d.sources.len(),
                            d.actors.len()
                        )?;
                        // What an importer left out or skipped is part of the answer.
                        for note in &d.load_notes {
                            writeln!(out, "  {}", crate::text::escape(note))?;
                        }
                    }
                    Err(error) => {
                        for line in error.lines() {
                            writeln!(out, "{line}")?;
                        }
                    }
                }
            }
        }
        ValidateFormat::Json => {
            let verdicts: Vec<Verdict> = (checked.iter())
                .map(|(name, result)| match result {
                    Ok(d) => Verdict {
                        file: name.clone(),
                        ok: true,
                        events: Some(d.events.len()),
                        sources: Some(d.sources.len()),
                        actors: Some(d.actors.len()),
                        problems: Vec::new(),
                        more_problems: 0,
                    },
                    Err(error) => Verdict {
                        file: name.clone(),
                        ok: false,
                        events: None,
                        sources: None,
                        actors: None,
                        problems: error.records(),
                        more_problems: error.more(),
                    },
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &verdicts)?;
            writeln!(out)?;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
