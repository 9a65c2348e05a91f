//! What a curator marks on events: a star, tags, a short note. Marks are the user's, not
//! the dataset's: they live in a sidecar file beside the data (`NAME.marks.toml`), keyed
//! by event id, so an edit that moves an event keeps its marks, and a mark whose event is
//! gone is kept (and reported), never lost.
//!
//! ```toml
//! [marks.kz-spief-no-recognition]
//! starred = true
//! tags = ["turning-point"]
//! note = "the first open break with Moscow"
//! ```

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One event's marks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub tags: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Mark {
    pub fn is_empty(&self) -> bool {
        !self.starred && self.tags.is_empty() && self.note.is_none()
    }
}

/// Every event's marks, by event id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    #[serde(default)]
    pub marks: BTreeMap<String, Mark>,
}

impl Marks {
    pub fn get(&self, id: &str) -> Option<&Mark> {
        self.marks.get(id)
    }

    /// Stars the event, or takes its star away; whether it is starred now.
    pub fn toggle_star(&mut self, id: &str) -> bool {
        let mark = self.marks.entry(id.to_string()).or_default();
        mark.starred = !mark.starred;
        let starred = mark.starred;
        if mark.is_empty() {
            self.marks.remove(id);
        }
        starred
    }

    /// Sets the event's tags (words; empty ones dropped).
    pub fn set_tags(&mut self, id: &str, tags: impl IntoIterator<Item = String>) {
        let mark = self.marks.entry(id.to_string()).or_default();
        mark.tags = tags.into_iter().filter(|t| !t.is_empty()).collect();
        self.forget_if_empty(id);
    }

    /// Sets the event's note; an empty one is none.
    pub fn set_note(&mut self, id: &str, note: Option<String>) {
        let mark = self.marks.entry(id.to_string()).or_default();
        mark.note = note.filter(|n| !n.trim().is_empty());
        self.forget_if_empty(id);
    }

    fn forget_if_empty(&mut self, id: &str) {
        if self.marks.get(id).is_some_and(Mark::is_empty) {
            self.marks.remove(id);
        }
    }

    /// Every tag used, with how many events have it.
    pub fn tags(&self) -> BTreeMap<&str, usize> {
        let mut tags = BTreeMap::new();
        for tag in self.marks.values().flat_map(|m| &m.tags) {
            *tags.entry(tag.as_str()).or_default() += 1;
        }
        tags
    }

    /// The marks read from `path`; no file is no marks. A file that is not right is an
    /// error naming its line and column.
    pub fn load(path: &Path) -> Result<Marks, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Marks::default()),
            Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
        };
        let marks: Marks = toml::from_str(&text).map_err(|e| {
            let place = e.span().map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("{line}:{column}:")
            });
            format!(
                "{}:{} {}",
                path.display(),
                place.unwrap_or_default(),
                e.message().trim_end()
            )
        })?;
        for (id, mark) in &marks.marks {
            let text = mark.tags.iter().chain(&mark.note);
            let unsafe_char = |c: char| crate::text::is_unsafe_char(c) && c != '\n';
            if let Some(bad) = text.clone().find(|t| t.chars().any(unsafe_char)) {
                return Err(format!(
                    "{}: the marks of '{}' hold a control character ({}); remove it",
                    path.display(),
                    crate::text::escape(id),
                    crate::text::escape(bad)
                ));
            }
            if let Some(tag) = mark
                .tags
                .iter()
                .find(|t| t.trim().is_empty() || t.contains(char::is_whitespace))
            {
                return Err(format!(
                    "{}: the marks of '{}' have the tag '{}'; a tag is one word",
                    path.display(),
                    crate::text::escape(id),
                    crate::text::escape(tag)
                ));
            }
        }
        Ok(marks)
    }

    /// Writes the marks to `path`, whole or not at all.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)?;
        }
        let text = toml::to_string_pretty(self).map_err(std::io::Error::other)?;
        crate::fsutil::write_atomically(path, |out| {
            out.write_all(b"# demarche's marks: a star, tags and a note per event id.\n\n")?;
            out.write_all(text.as_bytes())
        })
    }

    /// The ids marked that no event of `ids` has (an event renamed or removed): kept,
    /// and said.
    pub fn unknown<'a>(&'a self, known: &dyn Fn(&str) -> bool) -> Vec<&'a str> {
        (self.marks.keys())
            .map(String::as_str)
            .filter(|id| !known(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_survive_a_save_and_a_load() {
        let dir = std::env::temp_dir().join(format!("demarche-marks-{}", std::process::id()));
        let path = dir.join("events.marks.toml");
        let mut marks = Marks::default();
        assert!(marks.toggle_star("a"));
        marks
            .marks
            .entry("b".into())
            .or_default()
            .tags
            .insert("oil".into());
        marks.marks.get_mut("b").unwrap().note = Some("see the pipeline".into());
        marks.save(&path).unwrap();
        assert_eq!(Marks::load(&path).unwrap(), marks);
        // Unstarring the last mark of an event forgets the event.
        assert!(!marks.toggle_star("a"));
        assert!(marks.get("a").is_none());
        assert_eq!(marks.tags(), [("oil", 1)].into());
        assert_eq!(marks.unknown(&|id| id == "a"), ["b"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_marks_file_says_where() {
        let dir = std::env::temp_dir().join(format!("demarche-marks-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.toml");
        std::fs::write(&path, "[marks.a]\nstared = true\n").unwrap();
        let error = Marks::load(&path).unwrap_err();
        assert!(error.contains("m.toml:2:1:"), "{error}");
        std::fs::write(&path, "[marks.a]\ntags = [\"two words\"]\n").unwrap();
        assert!(
            Marks::load(&path)
                .unwrap_err()
                .contains("a tag is one word")
        );
        assert_eq!(
            Marks::load(&dir.join("none.toml")).unwrap(),
            Marks::default()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
