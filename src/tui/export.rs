//! Writing the view to a file: the dialog that picks a format and names the file, and the
//! job that writes it, away from the event loop so a large export never freezes the
//! screen. The job writes whole or not at all (`export::write_file`).

use crate::export::{self, Format, Options, Selection};
use crate::model::Dataset;
use crate::query::{Filter, Matches};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file name offered until the user types one: it follows the format chosen.
const DEFAULT_STEM: &str = "demarche-view";

/// The dialog: a format from [`Format::ALL`], and the file's name as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportDialog {
    pub format: usize,
    pub name: String,
    /// Whether the user typed in the name (then the format no longer changes it).
    edited: bool,
    /// The file named exists, and the last Enter asked before replacing it.
    pub confirming: bool,
    /// Why the last Enter did not write ("the folder … does not exist").
    pub problem: Option<String>,
}

/// What Enter in the dialog leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stay open: a question or a problem is shown.
    Stay,
    /// Write this file in this format.
    Write(PathBuf, Format),
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            format: 0,
            name: default_name(Format::ALL[0]),
            edited: false,
            confirming: false,
            problem: None,
        }
    }
}

fn default_name(format: Format) -> String {
    format!("{DEFAULT_STEM}.{}", format.extension())
}

impl ExportDialog {
    pub fn chosen(&self) -> Format {
        Format::ALL[self.format]
    }

    /// Another format, `step` along the list (wrapping).
    pub fn move_format(&mut self, step: isize) {
        let n = Format::ALL.len() as isize;
        self.format = (self.format as isize + step).rem_euclid(n) as usize;
        if !self.edited {
            self.name = default_name(self.chosen());
        }
        self.changed();
    }

    pub fn type_char(&mut self, c: char) {
        self.name.push(c);
        self.edited = true;
        self.changed();
    }

    pub fn backspace(&mut self) {
        self.name.pop();
        self.edited = true;
        self.changed();
    }

    pub fn clear(&mut self) {
        self.name.clear();
        self.edited = true;
        self.changed();
    }

    fn changed(&mut self) {
        self.confirming = false;
        self.problem = None;
        // A name that tells a format chooses it: `brief.md` is written as Markdown.
        if self.edited
            && let Some(told) = Format::for_file_name(self.name.trim())
            && let Some(i) = Format::ALL.iter().position(|&f| f == told)
        {
            self.format = i;
        }
    }

    /// The file the name means: `~/` is the home folder; a relative name is in the
    /// folder the browser was started from.
    pub fn path(&self) -> PathBuf {
        let name = self.name.trim();
        match (name.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => Path::new(&home).join(rest),
            _ => PathBuf::from(name),
        }
    }

    /// Enter: write, or say first why not (no name, no such folder), or ask before
    /// replacing a file that exists (a second Enter replaces it).
    pub fn accept(&mut self) -> Outcome {
        let path = self.path();
        if self.name.trim().is_empty() || path.file_name().is_none() {
            self.problem = Some("type a file name".into());
            return Outcome::Stay;
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            self.problem = Some(format!(
                "the folder {} does not exist",
                crate::text::escape(&folder.display().to_string())
            ));
            return Outcome::Stay;
        }
        if path.is_dir() {
            self.problem = Some("that is a folder; name a file in it".into());
            return Outcome::Stay;
        }
        if path.exists() && !self.confirming {
            self.confirming = true;
            return Outcome::Stay;
        }
        Outcome::Write(path, self.chosen())
    }
}

/// A file to write with what the screen shows: the events of a filter, as they were when
/// the user asked.
pub struct ExportJob {
    pub dataset: Arc<Dataset>,
    pub filter: Filter,
    pub matches: Matches,
    pub path: PathBuf,
    pub format: Format,
}

impl ExportJob {
    /// Writes the file; the answer is the line the status shows.
    pub fn run(&self) -> Result<String, String> {
        let selection = Selection {
            dataset: &self.dataset,
            filter: &self.filter,
            matches: &self.matches,
            progress: None,
        };
        let path = std::path::absolute(&self.path).unwrap_or_else(|_| self.path.clone());
        let shown = crate::text::escape(&path.display().to_string()).into_owned();
        match export::write_file(&self.path, self.format, &selection, Options::default()) {
            Ok(()) => Ok(format!(
                "wrote {} ({}) to {shown}",
                self.matches.summary(),
                self.format.name()
            )),
            Err(error) => Err(format!("could not write {shown}: {error}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_name_follows_the_format_until_the_user_types_one() {
        let mut dialog = ExportDialog::default();
        assert_eq!(dialog.name, "demarche-view.html");
        dialog.move_format(1);
        assert_eq!(dialog.chosen(), Format::TimelineJs);
        assert_eq!(dialog.name, "demarche-view.timeline.json");
        dialog.move_format(-2);
        assert_eq!(dialog.chosen(), Format::TimelineSheet);
        assert_eq!(dialog.name, "demarche-view.sheet.csv");
        dialog.backspace();
        dialog.type_char('x');
        dialog.move_format(1);
        assert_eq!(dialog.name, "demarche-view.sheet.csx");
        // A name that tells a format chooses it.
        dialog.clear();
        for c in "brief.md".chars() {
            dialog.type_char(c);
        }
        assert_eq!(dialog.chosen(), Format::Markdown);
        dialog.clear();
        for c in "story.timeline.json".chars() {
            dialog.type_char(c);
        }
        assert_eq!(dialog.chosen(), Format::TimelineJs);
    }

    #[test]
    fn enter_asks_before_replacing_and_refuses_a_missing_folder() {
        let dir = std::env::temp_dir().join(format!("demarche-dialog-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let existing = dir.join("there.html");
        std::fs::write(&existing, "old").unwrap();
        let mut dialog = ExportDialog::default();
        dialog.clear();
        for c in existing.display().to_string().chars() {
            dialog.type_char(c);
        }
        assert_eq!(dialog.accept(), Outcome::Stay);
        assert!(dialog.confirming);
        assert_eq!(
            dialog.accept(),
            Outcome::Write(existing.clone(), Format::Html)
        );

        dialog.clear();
        for c in dir.join("nowhere/x.html").display().to_string().chars() {
            dialog.type_char(c);
        }
        assert_eq!(dialog.accept(), Outcome::Stay);
        assert!(
            dialog
                .problem
                .as_deref()
                .unwrap()
                .contains("does not exist")
        );
        dialog.clear();
        assert_eq!(dialog.accept(), Outcome::Stay);
        assert_eq!(dialog.problem.as_deref(), Some("type a file name"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
