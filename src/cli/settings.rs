//! The config file on the command line: `config path`, `config check`, a named view's
//! filters, and the problems said before a command runs (which then uses the defaults
//! for what was wrong).

use super::{FilterArgs, MatchMode, UsageError};
use crate::config::{self, Config, Place, Problem, View};
use crate::model::YearMonth;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The config file, read once, with its problems.
pub struct Settings {
    pub path: Option<PathBuf>,
    pub config: Config,
    pub problems: Vec<Problem>,
}

impl Settings {
    pub fn load() -> Settings {
        let path = config::path();
        let (config, problems) = match &path {
            Some(path) => config::load(path),
            None => Default::default(),
        };
        Settings {
            path,
            config,
            problems,
        }
    }

    /// The key table with the file's `[keys]`, and a problem for each key that could not
    /// be applied, at its entry.
    pub fn keys(&self) -> (Vec<crate::tui::keys::Binding>, Vec<Problem>) {
        let entries: Vec<(String, String)> = (self.config.keys.iter())
            .map(|(action, key, _)| (action.clone(), key.clone()))
            .collect();
        let (table, problems) = crate::tui::keys::rebound(&entries);
        let file = self.path.clone().unwrap_or_default();
        let problems = (problems.into_iter())
            .map(|(entry, message)| Problem {
                file: file.clone(),
                place: Some(self.config.keys[entry].2),
                message: format!("[keys] {message}"),
            })
            .collect();
        (table, problems)
    }

    /// Every problem: the file's and its keys'.
    pub fn all_problems(&self) -> Vec<Problem> {
        let mut problems = self.problems.clone();
        problems.extend(self.keys().1);
        let file = self.path.clone().unwrap_or_default();
        for (name, view) in &self.config.views {
            if let Err(why) = filters_of(view) {
                problems.push(Problem {
                    file: file.clone(),
                    place: self.config.view_places.get(name).copied(),
                    message: format!("view '{name}': {why}"),
                });
            }
        }
        if let Some(data) = &self.config.data
            && !data.exists()
        {
            problems.push(Problem {
                file: file.clone(),
                place: None,
                message: format!("data names {}, which does not exist", data.display()),
            });
        }
        problems.sort_by_key(|p| p.place.map(|Place { line, column }| (line, column)));
        problems
    }

    /// The screen the view named `name` opens on, if it names one.
    pub fn view_screen(&self, name: &str) -> Option<&str> {
        self.config.views.get(name)?.screen.as_deref()
    }

    /// The filters of the view named `name`, to which the command line's add.
    pub fn view(&self, name: &str) -> Result<FilterArgs, UsageError> {
        let file = self.path.as_deref().unwrap_or(Path::new("the config file"));
        if let Some(why) = self.config.rejected_views.get(name) {
            return Err(UsageError(format!(
                "--view: the view '{}' in {} cannot be read: {why}",
                crate::text::escape(name),
                file.display()
            )));
        }
        let Some(view) = self.config.views.get(name) else {
            let names = self.config.views.keys().map(String::as_str);
            let hint = crate::text::did_you_mean(name, names);
            let known: Vec<&str> = self.config.views.keys().map(String::as_str).collect();
            let known = match known.is_empty() {
                true => format!("{} names no view", file.display()),
                false => format!("the views in {} are {}", file.display(), known.join(", ")),
            };
            return Err(UsageError(format!(
                "--view: no view is named '{}'{hint}{} {known}",
                crate::text::escape(name),
                if hint.is_empty() { ";" } else { "" },
            )));
        };
        filters_of(view).map_err(|why| {
            UsageError(format!(
                "view '{}' in {}: {why}",
                crate::text::escape(name),
                file.display()
            ))
        })
    }
}

/// A view's filters as flags.
fn filters_of(view: &View) -> Result<FilterArgs, String> {
    let month = |text: &String| YearMonth::parse(text);
    let kinds = (view.kind.iter())
        .map(|k| {
            crate::model::Kind::parse(&k.to_ascii_lowercase()).ok_or_else(|| {
                format!(
                    "'{}' is not a kind; one of {}",
                    crate::text::escape(k),
                    crate::model::Kind::list()
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(screen) = &view.screen
        && !crate::config::SCREENS.contains(&screen.as_str())
    {
        return Err(format!(
            "screen is one of {}, not '{}'",
            crate::config::SCREENS.join(", "),
            crate::text::escape(screen)
        ));
    }
    let match_mode = match view.match_mode.as_deref() {
        None => None,
        Some("any") => Some(MatchMode::Any),
        Some("all") => Some(MatchMode::All),
        Some(other) => {
            return Err(format!(
                "match is \"any\" or \"all\", not '{}'",
                crate::text::escape(other)
            ));
        }
    };
    Ok(FilterArgs {
        countries: view.country.clone(),
        match_mode,
        with: view.with.clone(),
        months: view.month.iter().map(month).collect::<Result<_, _>>()?,
        from: view.from.as_ref().map(month).transpose()?,
        to: view.to.as_ref().map(month).transpose()?,
        kinds,
        search: view.search.clone(),
        starred: view.starred,
        tags: view.tag.clone(),
    })
}

/// `demarche config path`.
pub fn print_path(out: &mut impl Write, settings: &Settings) -> std::io::Result<()> {
    match &settings.path {
        Some(path) => writeln!(out, "{}", path.display()),
        None => writeln!(
            out,
            "no config path: neither DEMARCHE_CONFIG nor a home folder is set"
        ),
    }
}

/// `demarche config check`: every problem, or that the file is right; whether it is.
pub fn check(out: &mut impl Write, settings: &Settings) -> std::io::Result<bool> {
    let Some(path) = &settings.path else {
        print_path(out, settings)?;
        return Ok(true);
    };
    if !path.exists() {
        writeln!(
            out,
            "{}: no config file; every setting is its default",
            path.display()
        )?;
        return Ok(true);
    }
    let problems = settings.all_problems();
    for problem in &problems {
        writeln!(out, "{}", crate::text::escape(&problem.to_string()))?;
    }
    if problems.is_empty() {
        let c = &settings.config;
        writeln!(
            out,
            "{}: ok: {} key{}, {} view{}",
            path.display(),
            c.keys.len(),
            if c.keys.len() == 1 { "" } else { "s" },
            c.views.len(),
            if c.views.len() == 1 { "" } else { "s" },
        )?;
    }
    Ok(problems.is_empty())
}
