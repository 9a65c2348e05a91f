//! `demarche list`: the matching events, in the format asked for (see `export`).

use super::{ListFormat, Terminal};
use crate::export::{
    self,
    table::{Column, Fit},
};
use crate::model::Dataset;
use crate::query::{self, Filter};
use anyhow::Result;
use std::io::Write;

pub fn print(
    out: &mut impl Write,
    dataset: &Dataset,
    filter: &Filter,
    format: ListFormat,
    terminal: &Terminal,
    columns: Vec<Column>,
) -> Result<()> {
    let matches = query::run(dataset, filter);
    match format {
        ListFormat::Table => {
            let fit = Fit {
                width: terminal.width,
                bold_header: terminal.styled,
                columns,
            };
            export::table::write(out, dataset, &matches, fit)?
        }
        ListFormat::Json => export::json::write(out, dataset, &matches)?,
        ListFormat::Csv => export::csv::write(out, dataset, export::events(dataset, &matches))?,
        ListFormat::Markdown => {
            let selection = export::Selection {
                dataset,
                filter,
                matches: &matches,
                progress: None,
            };
            export::markdown::write(out, &selection)?
        }
    }
    Ok(())
}
