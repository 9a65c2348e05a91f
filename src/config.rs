//! The config file: what a user sets once rather than on every command line. It lives
//! at the XDG config path (`$XDG_CONFIG_HOME/demarche/config.toml`, or
//! `~/.config/demarche/config.toml`; `DEMARCHE_CONFIG` names another), and is read by
//! hand, setting by setting, so that one bad setting is reported with its line and
//! column and the others still apply. A bad file never stops the program.
//!
//! ```toml
//! data = "~/timelines/caucasus.toml"   # the dataset when --data is not given
//! theme = "high-contrast"              # default | high-contrast
//! pane = 56                            # the detail pane's width beside the timeline
//!
//! [keys]                               # an action = a key ("s", "ctrl-f", "F2", "Enter")
//! search = "f"
//!
//! [views.kazakhstan-2022]              # demarche --view kazakhstan-2022
//! country = ["KZ"]
//! with = ["RU", "US"]
//! from = "2022-01"
//! to = "2022-12"
//! kind = ["visit", "call"]
//! search = "sanctions"
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The settings a config file may hold.
pub const SETTINGS: [&str; 5] = ["data", "theme", "pane", "keys", "views"];

/// What the config file sets; anything unset, or set wrongly, is the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub data: Option<PathBuf>,
    /// As written: "default" or "high-contrast".
    pub theme: Option<String>,
    pub pane: Option<u16>,
    /// Action name, key, and where the entry is (for a problem found when applying it).
    pub keys: Vec<(String, String, Place)>,
    pub views: BTreeMap<String, View>,
    /// Where each view's table is (for problems found when a view is used).
    pub view_places: BTreeMap<String, Place>,
    /// Views whose table could not be read, with why (`--view` says so).
    pub rejected_views: BTreeMap<String, String>,
}

/// A named view: filters as the command line gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub country: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with: Vec<String>,
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub month: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kind: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<String>,
    /// The browser's screen: timeline, lanes, heatmap or ledger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen: Option<String>,
}

/// The screens a view may name.
pub const SCREENS: [&str; 4] = ["timeline", "lanes", "heatmap", "ledger"];

impl View {
    /// The view of a filter, as the config file writes it.
    pub fn of(filter: &crate::query::Filter, screen: Option<&str>) -> View {
        let codes = |set: &std::collections::BTreeSet<crate::model::CountryCode>| {
            set.iter().map(|c| c.as_str().to_string()).collect()
        };
        View {
            country: codes(&filter.countries),
            with: codes(&filter.counterparts),
            match_mode: (filter.country_match == crate::query::Match::All
                && filter.counterparts.is_empty()
                && filter.countries.len() > 1)
                .then(|| "all".to_string()),
            month: filter.months.months.iter().map(|m| m.to_string()).collect(),
            from: filter.months.from.map(|m| m.to_string()),
            to: filter.months.to.map(|m| m.to_string()),
            kind: filter
                .kinds
                .iter()
                .map(|k| k.as_str().to_string())
                .collect(),
            search: (!filter.text.trim().is_empty()).then(|| filter.text.clone()),
            starred: filter.starred,
            tag: filter.tags.iter().cloned().collect(),
            screen: screen.map(String::from),
        }
    }
}

/// Whether `name` can name a view: letters, digits, `-` and `_`.
pub fn is_view_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            // What TOML takes as a bare key.
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Adds the view `name` at the end of the config file at `path` (made if missing), the
/// rest of the file kept as it is, written whole or not at all. A name already used is
/// refused.
pub fn add_view(path: &Path, name: &str, view: &View) -> Result<(), String> {
    if !is_view_name(name) {
        return Err(format!(
            "'{}' cannot name a view: use the letters a-z and A-Z, digits, - and _",
            crate::text::escape(name)
        ));
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let (config, _) = parse(&text, path);
    if config.views.contains_key(name) || config.rejected_views.contains_key(name) {
        return Err(format!(
            "a view named '{name}' exists already; choose another name"
        ));
    }
    let body = toml::to_string(view).map_err(|e| e.to_string())?;
    let mut text = text;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("\n[views.{name}]\n{body}"));
    // Written only if the whole file still reads, with the view in it (a `views` written
    // as an inline table cannot take another table, say).
    let (again, _) = parse(&text, path);
    if toml::from_str::<toml::Table>(&text).is_err() || !again.views.contains_key(name) {
        return Err(format!(
            "{}'s views cannot take another here (are they an inline table?); add \
             [views.{name}] by hand",
            path.display()
        ));
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    }
    crate::fsutil::write_atomically(path, |out| std::io::Write::write_all(out, text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A line and column in the config file, from 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
}

/// Something wrong in the config file, where it is, and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub place: Option<Place>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:", self.file.display())?;
        if let Some(Place { line, column }) = self.place {
            write!(f, "{line}:{column}:")?;
        }
        write!(f, " {}", self.message)
    }
}

/// Where the config file is: `DEMARCHE_CONFIG`, or the XDG config path.
pub fn path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DEMARCHE_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().ok()?;
    Some(base.config_dir().join("demarche").join("config.toml"))
}

/// The config at `path`, and every problem in it. No file is no config and no problem.
pub fn load(path: &Path) -> (Config, Vec<Problem>) {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(error) => {
            let problem = Problem {
                file: path.to_path_buf(),
                place: None,
                message: format!("cannot read it: {error}; using the defaults"),
            };
            (Config::default(), vec![problem])
        }
    }
}

/// The line and column of byte `offset` in `text`.
fn place_of(text: &str, offset: usize) -> Place {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Place {
        line,
        column: before[start..].chars().count() + 1,
    }
}

/// The tables whose entries have places of their own, each read alone (a bad one does
/// not take the other with it).
#[derive(Deserialize)]
struct Keys {
    keys: BTreeMap<String, Spanned<toml::Value>>,
}

#[derive(Deserialize)]
struct Views {
    views: BTreeMap<String, Spanned<toml::Value>>,
}

pub fn parse(text: &str, file: &Path) -> (Config, Vec<Problem>) {
    let mut config = Config::default();
    let mut problems = Vec::new();
    let mut problem = |span: Option<std::ops::Range<usize>>, message: String| {
        problems.push(Problem {
            file: file.to_path_buf(),
            place: span.map(|s| place_of(text, s.start)),
            message,
        })
    };
    let top: BTreeMap<String, Spanned<toml::Value>> = match toml::from_str(text) {
        Ok(top) => top,
        Err(error) => {
            let message = format!("{}; using the defaults", error.message().trim_end());
            problem(error.span(), message);
            return (config, problems);
        }
    };
    for (name, value) in &top {
        let span = Some(value.span());
        match (name.as_str(), value.get_ref()) {
            ("data", toml::Value::String(path)) => {
                // A relative name is beside the config file.
                let path = expand_home(path);
                config.data = Some(match (path.is_relative(), file.parent()) {
                    (true, Some(folder)) => folder.join(path),
                    _ => path,
                });
            }
            ("theme", toml::Value::String(theme))
                if matches!(theme.as_str(), "default" | "high-contrast") =>
            {
                config.theme = Some(theme.clone())
            }
            ("theme", _) => problem(span, "theme is \"default\" or \"high-contrast\"".into()),
            ("pane", toml::Value::Integer(n)) if (20..=200).contains(n) => {
                config.pane = Some(*n as u16)
            }
            ("pane", _) => problem(
                span,
                "pane is the detail pane's width, a number of columns from 20 to 200".into(),
            ),
            ("keys" | "views", toml::Value::Table(_)) => {}
            ("data", _) => problem(span, "data is a file name, in quotes".into()),
            ("keys" | "views", _) => problem(span, format!("{name} is a table: [{name}]")),
            (other, _) => {
                let hint = crate::text::did_you_mean(other, SETTINGS);
                problem(
                    span,
                    format!(
                        "'{}' is not a setting{hint}{} the settings are {}",
                        crate::text::escape(other),
                        if hint.is_empty() { ";" } else { "" },
                        SETTINGS.join(", ")
                    ),
                )
            }
        }
    }
    // The tables again, for their entries' places (the first pass checked their shape).
    if let Ok(tables) = toml::from_str::<Keys>(text) {
        for (action, key) in tables.keys {
            let place = place_of(text, key.span().start);
            match key.get_ref() {
                toml::Value::String(key) => config.keys.push((action, key.clone(), place)),
                _ => problem(
                    Some(key.span()),
                    format!("the key for {action} is text, such as \"s\" or \"ctrl-f\""),
                ),
            }
        }
    }
    if let Ok(tables) = toml::from_str::<Views>(text) {
        for (name, entry) in tables.views {
            let span = entry.span();
            config
                .view_places
                .insert(name.clone(), place_of(text, span.start));
            match entry.into_inner().try_into::<View>() {
                Ok(view) => {
                    config.views.insert(name, view);
                }
                Err(error) => {
                    let why = error.message().trim_end().to_string();
                    problem(Some(span), format!("view '{name}': {why}"));
                    config.rejected_views.insert(name, why);
                }
            }
        }
    }
    // In the order of the file.
    problems.sort_by_key(|p| p.place.map(|Place { line, column }| (line, column)));
    (config, problems)
}

/// `~/…` as the home folder.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Config, Vec<String>) {
        let (config, problems) = parse(text, Path::new("config.toml"));
        (config, problems.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn every_setting_is_read() {
        let (config, problems) = parsed(
            "data = \"/d/x.toml\"\ntheme = \"high-contrast\"\npane = 60\n[keys]\nsearch = \"s\"\n\
             [views.kz]\ncountry = [\"KZ\"]\nfrom = \"2022-01\"\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(config.data, Some(PathBuf::from("/d/x.toml")));
        assert_eq!(config.theme.as_deref(), Some("high-contrast"));
        assert_eq!(config.pane, Some(60));
        assert_eq!(config.keys[0].0, "search");
        assert_eq!(config.keys[0].1, "s");
        assert_eq!(
            config.keys[0].2,
            Place {
                line: 5,
                column: 10
            }
        );
        assert_eq!(config.views["kz"].country, ["KZ"]);
    }

    #[test]
    fn a_bad_setting_is_named_where_it_is_and_the_others_still_apply() {
        let (config, problems) =
            parsed("theme = \"neon\"\npane = 60\ncolour = 1\n[views.x]\ncountry = \"KZ\"\n");
        assert_eq!(config.pane, Some(60));
        assert_eq!(config.theme, None);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("config.toml:1:9: theme is"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("config.toml:3:10: 'colour' is not a setting"))
        );
        assert!(problems.iter().any(|p| p.contains("view 'x'")));
    }

    #[test]
    fn a_file_that_is_not_toml_is_located_and_the_defaults_used() {
        let (config, problems) = parsed("theme = \n");
        assert_eq!(config, Config::default());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("config.toml:1:"), "{problems:?}");
        assert!(problems[0].ends_with("using the defaults"));
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn a_relative_data_file_is_beside_the_config_and_problems_come_in_file_order() {
        let (config, problems) = parse(
            "data = \"mine.toml\"\npane = 3\ntheme = \"neon\"\nkeys = \"x\"\n[views.a]\ncountry = 1\n",
            Path::new("/home/u/.config/demarche/config.toml"),
        );
        assert_eq!(
            config.data,
            Some(PathBuf::from("/home/u/.config/demarche/mine.toml"))
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.place.unwrap().line).collect();
        let mut sorted = lines.clone();
        sorted.sort_unstable();
        assert_eq!(lines, sorted, "{problems:?}");
        // A bad [keys] does not take the views with it: the view's own problem is said.
        assert!(config.rejected_views.contains_key("a"), "{problems:?}");
    }
}

#[cfg(test)]
mod view_tests {
    use super::*;

    #[test]
    fn a_view_is_added_only_where_the_file_still_reads() {
        let dir = std::env::temp_dir().join(format!("demarche-views-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        let view = View {
            country: vec!["KZ".into()],
            ..View::default()
        };
        assert!(
            add_view(&path, "kazé", &view)
                .unwrap_err()
                .contains("cannot name a view")
        );
        std::fs::write(&path, "views = { a = { country = [\"RU\"] } }\n").unwrap();
        let refused = add_view(&path, "b", &view).unwrap_err();
        assert!(refused.contains("inline table"), "{refused}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "views = { a = { country = [\"RU\"] } }\n",
            "untouched"
        );
        std::fs::write(&path, "[keys]\nsearch = \"f\"\n").unwrap();
        add_view(&path, "kz", &view).unwrap();
        let (config, problems) = load(&path);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.views["kz"], view);
        assert_eq!(config.keys.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
