//! `demarche validate`: check dataset files (or the active dataset) and report every
//! problem, one per line, on standard output.

use super::Cli;
use crate::load;
use crate::model::Dataset;
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn print(out: &mut impl Write, cli: &Cli, files: &[PathBuf]) -> Result<ExitCode> {
    let mut failed = false;
    let mut check =
        |name: Option<String>, result: Result<Dataset, load::LoadError>| -> Result<()> {
            let prefix = name.map(|n| format!("{n}: ")).unwrap_or_default();
            match result {
                Ok(d) => writeln!(
                    out,
                    "{prefix}ok: {} events, {} sources, {} actors",
                    d.events.len(),
                    d.sources.len(),
                    d.actors.len()
                )?,
                Err(error) => {
                    failed = true;
                    for line in error.lines() {
                        writeln!(out, "{line}")?;
                    }
                }
            }
            Ok(())
        };
    if files.is_empty() {
        check(None, super::active_dataset(cli))?;
    } else {
        let several = files.len() > 1;
        for file in files {
            let name =
                several.then(|| crate::text::escape(&file.display().to_string()).into_owned());
            check(name, load::from_path(file))?;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
