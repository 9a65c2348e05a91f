//! Following the data file: a watcher on its folder tells the loop when the file changed
//! (written in place, or replaced by an editor's rename), debounced so one save is one
//! reload; the reload runs on a thread of its own and answers with the new dataset and
//! what changed, or with the problems that keep the last good data on screen.

use super::Msg;
use crate::export::EventRecord;
use crate::load::LoadError;
use crate::model::Dataset;
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Reads the data file again, as it was read at start.
pub type Reload = Arc<dyn Fn() -> Result<Dataset, LoadError> + Send + Sync>;

/// Where the browser's data comes from, when it is a file it can follow.
#[derive(Clone)]
pub struct Source {
    pub path: PathBuf,
    /// The format the file is read in (to find an event's line in it).
    pub format: crate::load::Format,
    pub reload: Reload,
}

/// What a reload found.
pub enum Reloaded {
    /// The new dataset, and how its events differ from the old one's.
    Data(Box<Dataset>, Changes),
    /// The file has problems (each line one, as `validate` prints them).
    Problems(Vec<String>),
}

/// Events added, removed and changed (by id) from one dataset to the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Changes {
    pub fn between(old: &Dataset, new: &Dataset) -> Changes {
        let before: HashMap<&str, usize> = (old.events.iter().enumerate())
            .map(|(i, e)| (e.id(), i))
            .collect();
        let mut changes = Changes::default();
        let mut kept = 0;
        for event in &new.events {
            match before.get(event.id()) {
                None => changes.added += 1,
                Some(&i) => {
                    kept += 1;
                    let was = EventRecord::new(old, &old.events[i]);
                    if was != EventRecord::new(new, event) {
                        changes.changed += 1;
                    }
                }
            }
        }
        changes.removed = old.events.len() - kept;
        changes
    }

    /// "reloaded: 1 event added, 2 changed" (the noun once), or that nothing changed.
    pub fn summary(&self) -> String {
        let counts = [
            (self.added, "added"),
            (self.removed, "removed"),
            (self.changed, "changed"),
        ];
        let parts: Vec<String> = (counts.iter().filter(|(n, _)| *n > 0))
            .enumerate()
            .map(|(i, (n, what))| match (i, n) {
                (0, 1) => format!("1 event {what}"),
                (0, n) => format!("{n} events {what}"),
                (_, n) => format!("{n} {what}"),
            })
            .collect();
        match parts.is_empty() {
            true => "reloaded: no event changed".into(),
            false => format!("reloaded: {}", parts.join(", ")),
        }
    }
}

/// Reads the file again and says what came of it, against the dataset now shown.
pub fn reload(source: &Source, now: &Dataset) -> Reloaded {
    match (source.reload)() {
        Ok(dataset) => {
            // The marks are the user's, not the file's: they carry over.
            dataset.set_marks(now.marks().clone());
            let changes = Changes::between(now, &dataset);
            Reloaded::Data(Box::new(dataset), changes)
        }
        Err(error) => Reloaded::Problems(error.lines()),
    }
}

/// How long a burst of events must be quiet before it counts as one change.
const QUIET: Duration = Duration::from_millis(150);

/// Watches `path` (through its folder, so a file replaced by a rename is seen) and sends
/// `Msg::FileChanged` after each change. Watching stops when the returned value drops.
pub fn watch(path: &Path, sender: Sender<Msg>) -> notify_debouncer_mini::notify::Result<Watch> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_os_string());
    // The debouncer does not say what happened, and reading the file (the reload itself,
    // `cat`, the editor's look-up) is an event too: only a file that is not as it was
    // (another inode, size or modification time) counts as changed.
    let mut seen = signature(&path);
    let mut debouncer = new_debouncer(QUIET, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let ours = events
            .iter()
            .any(|e| e.path.file_name().map(|n| n.to_os_string()) == name);
        if !ours {
            return;
        }
        let now = signature(&path);
        if now != seen {
            seen = now;
            let _ = sender.send(Msg::FileChanged);
        }
    })?;
    debouncer
        .watcher()
        .watch(&folder, RecursiveMode::NonRecursive)?;
    Ok(Watch {
        _debouncer: debouncer,
    })
}

/// What tells one version of a file from the next without reading it: its inode, size and
/// modification time (None while there is no file).
fn signature(path: &Path) -> Option<(u64, u64, Option<std::time::SystemTime>)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((inode, meta.len(), meta.modified().ok()))
}

/// A watch on the data file, while it lives.
pub struct Watch {
    _debouncer: Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_each_change_once() {
        let changes = |added, removed, changed| Changes {
            added,
            removed,
            changed,
        };
        assert_eq!(
            changes(1, 0, 2).summary(),
            "reloaded: 1 event added, 2 changed"
        );
        assert_eq!(changes(0, 0, 1).summary(), "reloaded: 1 event changed");
        assert_eq!(
            changes(3, 1, 0).summary(),
            "reloaded: 3 events added, 1 removed"
        );
        assert_eq!(changes(0, 0, 0).summary(), "reloaded: no event changed");
    }

    #[test]
    fn changes_are_counted_by_id() {
        let old = crate::load::builtin().unwrap();
        let text = crate::load::BUILTIN
            .replacen(
                "headline = \"Russia invades Ukraine\"",
                "headline = \"Russia invades\"",
                1,
            )
            .replacen(
                "id = \"csto-force-leaves-kazakhstan\"",
                "id = \"csto-force-departs\"",
                1,
            );
        let new = crate::load::Loader::new()
            .text(&text, "x.toml", crate::load::Format::Toml)
            .unwrap();
        let changes = Changes::between(&old, &new);
        assert_eq!(
            changes,
            Changes {
                added: 1,
                removed: 1,
                changed: 1
            }
        );
    }
}
