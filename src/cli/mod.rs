//! The command line: parse, load the dataset, turn flags into the shared `Filter`, and hand
//! off to one module per subcommand (or to the browser).

mod args;
mod export;
mod formats;
mod list;
mod manual;
mod pager;
mod progress;
mod settings;
mod show;
mod stats;
mod validate;

pub use args::{
    Cli, ColorWhen, Command, ConfigAction, DataFormat, ExportFormat, FilterArgs, GroupBy,
    ListColumn, ListFormat, MatchMode, ShowFormat, StatsBy, StatsFormat, ThemeName, ValidateFormat,
};

use crate::load;
use crate::model::{CountryCode, Dataset, EventParts};
use crate::query::{Filter, Match};
use crate::say::{say_error, say_note, say_warning};
use anyhow::Result;
use clap::Parser;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// A mistake in how the program was called (exit code 2), as opposed to bad data (1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The dataset could not be loaded; each line is one problem (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DataError(pub load::LoadError);

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refuse(error),
    };
    anstream::ColorChoice::from(cli.color).write_global();
    let outcome = run(cli);
    // What was said while a screen had the terminal, now that it is handed back.
    crate::say::release();
    match outcome {
        Ok(code) => code,
        Err(error) => report(&error),
    }
}

/// What clap could not parse, in demarche's voice (help and the version print as they
/// are, on standard output).
fn refuse(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return match error.kind() {
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => ExitCode::from(2),
            _ => ExitCode::SUCCESS,
        };
    }
    let text = error.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    say_error(text.trim_end());
    ExitCode::from(2)
}

fn report(error: &anyhow::Error) -> ExitCode {
    if let Some(DataError(load_error)) = error.downcast_ref() {
        for line in load_error.lines() {
            say_error(&line);
        }
        return ExitCode::from(1);
    }
    if is_broken_pipe(error) {
        // The reader went away (`demarche list | head`): not a failure of ours.
        return ExitCode::SUCCESS;
    }
    // Messages can quote what the user typed (an unknown country, a file name).
    say_error(&crate::text::escape(&format!("{error:#}")));
    if error.is::<UsageError>() {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Loads the dataset named by --data / DEMARCHE_DATA, or the built-in one, with the
/// user's marks.
pub fn load_dataset(cli: &Cli) -> Result<Dataset> {
    Ok(load_marked(cli)?.0)
}

/// [`load_dataset`], and whether the marks may be saved (their file read).
fn load_marked(cli: &Cli) -> Result<(Dataset, bool)> {
    let dataset = active_dataset(cli).map_err(DataError)?;
    say_load_notes(cli, &dataset);
    let keepable = attach_marks(cli, &dataset, true);
    Ok((dataset, keepable))
}

/// Where the marks of the active data live: `DEMARCHE_MARKS`, or `NAME.marks.toml`
/// beside the data file, or, for the built-in dataset, in the user's state folder; none
/// for data from a pipe.
pub fn marks_path(cli: &Cli) -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("DEMARCHE_MARKS").filter(|p| !p.is_empty()) {
        return Some(path.into());
    }
    match &cli.data {
        Some(path) if path.as_os_str() == "-" => None,
        Some(path) => {
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            Some(path.with_file_name(format!("{stem}.marks.toml")))
        }
        None => {
            use etcetera::BaseStrategy;
            let base = etcetera::choose_base_strategy().ok()?;
            let folder = base.state_dir().unwrap_or_else(|| base.data_dir());
            Some(folder.join("demarche").join("builtin.marks.toml"))
        }
    }
}

/// Reads the marks into the dataset. A marks file that cannot be read is said (and then
/// never written over); with `whole`, marks of events the data no longer has are said.
/// Whether the marks may be saved.
fn attach_marks(cli: &Cli, dataset: &Dataset, whole: bool) -> bool {
    let Some(path) = marks_path(cli) else {
        return false;
    };
    match crate::model::Marks::load(&path) {
        Ok(marks) => {
            let unknown = marks.unknown(&|id| dataset.position_of(id).is_some());
            if whole && !unknown.is_empty() {
                let shown: Vec<String> = unknown
                    .iter()
                    .take(5)
                    .map(|i| crate::text::escape(i).into_owned())
                    .collect();
                say_warning(&format!(
                    "{} mark{} name{} events the data does not have ({}{}); they are kept in {}",
                    unknown.len(),
                    if unknown.len() == 1 { "" } else { "s" },
                    if unknown.len() == 1 { "s" } else { "" },
                    shown.join(", "),
                    if unknown.len() > 5 { ", …" } else { "" },
                    crate::text::escape(&path.display().to_string())
                ));
            }
            dataset.set_marks(marks);
            true
        }
        Err(problem) => {
            say_warning(&format!(
                "{}; no marks are shown, and none are saved until it is fixed",
                crate::text::escape(&problem)
            ));
            false
        }
    }
}

/// The dataset --data / DEMARCHE_DATA names, or the built-in one.
pub(super) fn active_dataset(cli: &Cli) -> Result<Dataset, load::LoadError> {
    read_active(cli, &load::Loader::new())
}

/// The dataset --data / DEMARCHE_DATA names, or the built-in one, read by `loader`.
fn read_active(cli: &Cli, loader: &load::Loader) -> Result<Dataset, load::LoadError> {
    match &cli.data {
        Some(path) => read_with(cli, loader, path),
        None => loader.builtin(),
    }
}

/// What the loader said of the data (rows an importer left out), on standard error
/// unless --quiet.
fn say_load_notes(cli: &Cli, dataset: &Dataset) {
    if cli.quiet {
        return;
    }
    for line in &dataset.load_notes {
        say_note(&crate::text::escape(line));
    }
}

/// The format --data-format names; with --map and none named, a mapped CSV.
pub fn data_format(cli: &Cli) -> Option<load::Format> {
    match (cli.data_format, &cli.import.map) {
        (Some(format), _) => Some(format.into()),
        (None, Some(_)) => Some(load::Format::Csv),
        (None, None) => None,
    }
}

/// A data file as progress names it: its file name, or "standard input" for `-`.
fn data_name(path: &Path) -> String {
    match path.as_os_str() == "-" {
        true => "standard input".to_string(),
        false => (path.file_name().unwrap_or(path.as_os_str()))
            .to_string_lossy()
            .into_owned(),
    }
}

/// A data file (`-`: standard input), in --data-format or the format its name tells. A
/// command's long load shows a progress line (the browser shows its own).
fn read_with(cli: &Cli, loader: &load::Loader, path: &Path) -> Result<Dataset, load::LoadError> {
    let format = data_format(cli);
    let options = cli.import.options();
    let show = cli.command.is_some() && !cli.quiet && std::io::stderr().is_terminal();
    let what = format!("reading {}", data_name(path));
    progress::shown_while(show, &what, |progress| {
        let loader = loader.import(&options);
        let loader = match progress {
            Some(progress) => loader.progress(progress),
            None => loader,
        };
        match (path.as_os_str() == "-", format) {
            (true, format) => loader.stdin(format),
            (false, Some(format)) => loader.path_as(path, format),
            (false, None) => loader.path(path),
        }
    })
}

/// A file `validate` names, read as --data would read it.
pub(super) fn read_file(cli: &Cli, path: &Path) -> Result<Dataset, load::LoadError> {
    read_with(cli, &load::Loader::new(), path)
}

/// What a command reads of the events it selects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reads {
    Everything,
    /// Only what counting them needs: not their text, unless a search reads it.
    Counts,
}

/// For `list`, `stats` and `export`: the filter, and the dataset with only the events it
/// could select built (every event is still read and checked). At a million events this
/// skips building, sorting and indexing the events the command would never print.
fn filtered_dataset(cli: &Cli, filters: &FilterArgs, reads: Reads) -> Result<(Filter, Dataset)> {
    let filter = match filters.filter_with(None) {
        Ok(filter) => filter,
        // The message names the dataset's countries: load it whole (a bad file is
        // reported first, as for every command).
        Err(_) => {
            let dataset = load_dataset(cli)?;
            return Ok((filters.to_filter(&dataset)?, dataset));
        }
    };
    let keep = |e: &EventParts| filter.could_match(e.kind, e.countries, &e.date);
    let mut loader = load::Loader::new().keep(&keep);
    if reads == Reads::Counts && !filter.has_search() {
        loader = loader.without_text();
    }
    let dataset = read_active(cli, &loader).map_err(DataError)?;
    say_load_notes(cli, &dataset);
    attach_marks(cli, &dataset, false);
    Ok((filter, dataset))
}

fn run(mut cli: Cli) -> Result<ExitCode> {
    let settings = settings::Settings::load();
    if let Some(Command::Config { action }) = &cli.command {
        let mut out = std::io::stdout().lock();
        return Ok(match action {
            ConfigAction::Path => {
                settings::print_path(&mut out, &settings)?;
                ExitCode::SUCCESS
            }
            ConfigAction::Check => match settings::check(&mut out, &settings)? {
                true => ExitCode::SUCCESS,
                false => ExitCode::from(1),
            },
        });
    }
    // A bad config never stops a command: what is wrong is said, and the defaults used.
    for problem in &settings.problems {
        say_warning(&crate::text::escape(&problem.to_string()));
    }
    if cli.data.is_none() {
        cli.data = settings.config.data.clone();
    }
    if let Some(name) = &cli.view {
        let view = settings.view(name)?;
        cli.filters = view.merged(&cli.filters)?;
    }
    run_with(cli, &settings)
}

fn run_with(cli: Cli, settings: &settings::Settings) -> Result<ExitCode> {
    // Filter flags may come before the command (`demarche -c KZ list`) as well as after
    // it; a command that takes none refuses them rather than ignore them.
    let before = &cli.filters;
    let takes_no_filter = match &cli.command {
        Some(Command::Show { .. }) => Some("`show` takes only an event id"),
        Some(Command::Validate { .. }) => Some("`validate` checks whole files"),
        Some(
            Command::Completions { .. }
            | Command::Man
            | Command::Config { .. }
            | Command::Formats { .. },
        ) => Some("`completions`, `man`, `formats` and `config` take no filter"),
        Some(Command::Convert { .. }) => {
            Some("`convert` writes every event; `export --format toml` writes a selection")
        }
        _ => None,
    };
    if cli.command.is_some() && (cli.mouse || cli.theme.is_some() || cli.select.is_some()) {
        return Err(UsageError(
            "--mouse, --theme and --select are for the browser (demarche with no command)".into(),
        )
        .into());
    }

    if let Some(Command::List {
        format, columns, ..
    }) = &cli.command
        && !columns.is_empty()
        && *format != ListFormat::Table
    {
        let message = "--columns chooses the table's columns; JSON, CSV and Markdown always \
                       carry every field";
        return Err(UsageError(message.into()).into());
    }
    if let Some(why) = takes_no_filter
        && !before.is_empty()
    {
        return Err(UsageError(format!(
            "filter flags (-c, -w, -m, --from, --to, -k, -s, --match) go with list, stats or \
             the browser; {why}"
        ))
        .into());
    }
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut out = std::io::stdout().lock();
            manual::completions(&mut out, *shell)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            manual::man(&mut std::io::stdout().lock())?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Formats { format }) => {
            let mut out = pager::Output::for_reading(cli.no_pager);
            formats::print(&mut out, format.map(Into::into))?;
            out.finish()?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Convert { input, output }) => {
            return convert(&cli, input, output);
        }
        _ => {}
    }
    if let Some(Command::Validate { files, format }) = &cli.command {
        let mut out = match format {
            ValidateFormat::Text => pager::Output::for_reading(cli.no_pager),
            ValidateFormat::Json => pager::Output::direct(),
        };
        let code = validate::print(&mut out, &cli, files, *format)?;
        out.finish()?;
        return Ok(code);
    }
    if cli.command.is_none() {
        return open_browser(&cli, settings);
    }
    // The process ends right after printing, so datasets are not dropped: the OS takes
    // the memory back at once, where dropping would free a large dataset piece by piece.
    let out = match &cli.command {
        Some(Command::Export { .. }) => pager::Output::direct(),
        _ => pager::Output::for_reading(cli.no_pager),
    };
    // Formats write in small pieces: buffered here, they reach the output in large ones.
    let mut out = std::io::BufWriter::with_capacity(64 << 10, out);
    let code = match &cli.command {
        Some(Command::List {
            filters,
            format,
            columns,
        }) => {
            let filters = before.merged(filters)?;
            let (filter, dataset) = filtered_dataset(&cli, &filters, Reads::Everything)?;
            let dataset = std::mem::ManuallyDrop::new(dataset);
            let columns: Vec<_> = columns.iter().map(|&c| c.into()).collect();
            let terminal = Terminal::of_stdout();
            list::print(&mut out, &dataset, &filter, *format, &terminal, columns)?;
            ExitCode::SUCCESS
        }
        Some(Command::Show { id, format }) => {
            let dataset = std::mem::ManuallyDrop::new(load_dataset(&cli)?);
            show::print(&mut out, &dataset, id, *format, Terminal::of_stdout().width)?
        }
        Some(Command::Stats {
            filters,
            by,
            format,
        }) => {
            let filters = before.merged(filters)?;
            let breakdown = stats::Breakdown::of(by)?;
            let counts = stats::counts(&cli, &filters, breakdown.wanted())?;
            stats::print(&mut out, &counts, &breakdown, *format)?;
            ExitCode::SUCCESS
        }
        Some(Command::Export {
            filters,
            format,
            output,
            group_by,
        }) => {
            let filters = before.merged(filters)?;
            let destination = export::destination(output.as_deref())?;
            let format = export::format_of(*format, destination)?;
            if group_by.is_some() && format != crate::export::Format::TimelineJs {
                let message = "--group-by sets TimelineJS's rows; it goes with the \
                               timelinejs format";
                return Err(UsageError(message.into()).into());
            }
            let (filter, dataset) = filtered_dataset(&cli, &filters, Reads::Everything)?;
            let dataset = std::mem::ManuallyDrop::new(dataset);
            let options = crate::export::Options {
                group_by: group_by.map(Into::into).unwrap_or_default(),
            };
            write_shown(
                &cli,
                &mut out,
                &dataset,
                &filter,
                (format, destination, options),
            )?;
            ExitCode::SUCCESS
        }
        None
        | Some(
            Command::Validate { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Formats { .. }
            | Command::Convert { .. }
            | Command::Config { .. },
        ) => unreachable!("handled above"),
    };
    out.into_inner().map_err(|e| e.into_error())?.finish()?;
    Ok(code)
}

/// `demarche convert IN OUT`: IN, read as --data reads it, written whole as a demarche
/// dataset in the format OUT's name tells (TOML for `-`).
fn convert(cli: &Cli, input: &Path, output: &Path) -> Result<ExitCode> {
    use crate::export::Format;
    let format = match output.as_os_str() == "-" {
        true => Format::Toml,
        false => {
            let name = output
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            match Format::for_file_name(&name) {
                Some(f @ (Format::Toml | Format::Json | Format::Jsonl)) => f,
                _ => {
                    return Err(UsageError(format!(
                        "convert writes a demarche dataset: name the output .toml, .json or .jsonl (not '{}'); `demarche export` writes the publishing formats",
                        crate::text::escape(&output.display().to_string())
                    ))
                    .into());
                }
            }
        }
    };
    let destination = export::destination(Some(output))?;
    let dataset = read_with(cli, &load::Loader::new(), input).map_err(DataError)?;
    say_load_notes(cli, &dataset);
    let dataset = std::mem::ManuallyDrop::new(dataset);
    let filter = Filter::default();
    let mut out = std::io::BufWriter::with_capacity(64 << 10, std::io::stdout().lock());
    let options = Default::default();
    write_shown(
        cli,
        &mut out,
        &dataset,
        &filter,
        (format, destination, options),
    )?;
    std::io::Write::flush(&mut out)?;
    if let Some(path) = destination
        && !cli.quiet
    {
        say_note(&format!(
            "wrote {} event{} to {}",
            dataset.events.len(),
            if dataset.events.len() == 1 { "" } else { "s" },
            crate::text::escape(&path.display().to_string())
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes an export or a conversion, with a progress line when it takes long.
fn write_shown(
    cli: &Cli,
    out: &mut impl std::io::Write,
    dataset: &Dataset,
    filter: &Filter,
    (format, destination, options): (crate::export::Format, Option<&Path>, crate::export::Options),
) -> Result<()> {
    // Not over the output itself, when it goes to the same terminal.
    let to_screen = destination.is_none() && std::io::stdout().is_terminal();
    let show = !cli.quiet && std::io::stderr().is_terminal() && !to_screen;
    let what = match destination.and_then(|path| path.file_name()) {
        Some(name) => format!("writing {}", name.to_string_lossy()),
        None => "writing".to_string(),
    };
    progress::shown_while(show, &what, |progress| {
        export::write(out, dataset, filter, format, destination, options, progress)
    })
}

/// Loads the data for the browser, showing its progress on a screen of its own when it
/// takes long (and standard output is a terminal), then opens the browser on it.
fn open_browser(cli: &Cli, settings: &settings::Settings) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() {
        // Refused by `browse`, after what is wrong with the data or --select is said.
        let (dataset, marks_keepable) = load_marked(cli)?;
        let filter = cli.filters.to_filter(&dataset)?;
        return browse(cli, settings, dataset, filter, marks_keepable, None);
    }
    let what = match &cli.data {
        Some(path) => data_name(path),
        None => "the built-in dataset".to_string(),
    };
    let theme = crate::tui::theme::Theme::new(theme_of(cli, settings).into(), no_color_for(cli));
    let reading = cli.clone();
    let load = move |progress: &crate::progress::Progress| {
        read_active(&reading, &load::Loader::new().progress(progress))
    };
    let (dataset, terminal) = match crate::tui::loading::load(&what, cli.mouse, &theme, load)? {
        crate::tui::loading::Loaded::Done(dataset, terminal) => (dataset, terminal),
        crate::tui::loading::Loaded::Quit => return Ok(ExitCode::SUCCESS),
    };
    let dataset = dataset.map_err(DataError)?;
    say_load_notes(cli, &dataset);
    let marks_keepable = attach_marks(cli, &dataset, true);
    let filter = cli.filters.to_filter(&dataset)?;
    browse(cli, settings, dataset, filter, marks_keepable, terminal)
}

/// The theme --theme or the config file names.
fn theme_of(cli: &Cli, settings: &settings::Settings) -> ThemeName {
    match (cli.theme, settings.config.theme.as_deref()) {
        (Some(theme), _) => theme,
        (None, Some("high-contrast")) => ThemeName::HighContrast,
        (None, _) => ThemeName::Default,
    }
}

/// Whether the browser draws without colour (--color never, or NO_COLOR under auto).
fn no_color_for(cli: &Cli) -> bool {
    cli.color == ColorWhen::Never || (cli.color == ColorWhen::Auto && no_color())
}

fn browse(
    cli: &Cli,
    settings: &settings::Settings,
    dataset: Dataset,
    filter: Filter,
    marks_keepable: bool,
    terminal: Option<crate::tui::loading::Kept>,
) -> Result<ExitCode> {
    let select = match &cli.select {
        Some(id) => Some(selected(&dataset, &filter, id)?),
        None => None,
    };
    if !std::io::stdout().is_terminal() {
        let message = "the browser needs a terminal, and standard output is not one; \
                       use `demarche list` to print events instead";
        return Err(UsageError(message.into()).into());
    }
    let (keys, key_problems) = settings.keys();
    for problem in &key_problems {
        say_warning(&crate::text::escape(&problem.to_string()));
    }
    crate::tui::keys::install(keys);
    let problems = settings.problems.len() + key_problems.len();
    let notice = (problems > 0).then(|| {
        format!(
            "the config file has {problems} problem{}; `demarche config check` lists them",
            if problems == 1 { "" } else { "s" }
        )
    });
    // What an importer left out is said on standard error before the browser opens, and
    // again in its status line, where it would otherwise be hidden.
    let notice = notice.or_else(|| (!cli.quiet).then(|| dataset.load_notes.first().cloned())?);
    let theme = theme_of(cli, settings);
    // A file (not the built-in data, not a pipe) is followed: edits show at once.
    let source = cli
        .data
        .clone()
        .filter(|p| p.as_os_str() != "-")
        .map(|path| {
            let format = data_format(cli).unwrap_or_else(|| load::Format::for_path(&path));
            let file = path.clone();
            let options = cli.import.options();
            let reload: crate::tui::follow::Reload = std::sync::Arc::new(move || {
                load::Loader::new().import(&options).path_as(&file, format)
            });
            crate::tui::follow::Source {
                path,
                format,
                reload,
            }
        });
    // Marks are kept only where their file reads (a broken one is never written over).
    let marks = marks_path(cli).filter(|_| marks_keepable);
    // The views the config file has, as filters (one that cannot be read was said).
    let views = (settings.config.views.keys())
        .filter_map(|name| {
            let filter = settings.view(name).ok()?.to_filter(&dataset).ok()?;
            let screen = settings
                .view_screen(name)
                .and_then(crate::tui::layout::Screen::named);
            Some((name.clone(), (filter, screen)))
        })
        .collect();
    let screen = (cli.view.as_deref())
        .and_then(|name| settings.view_screen(name))
        .and_then(crate::tui::layout::Screen::named);
    let options = crate::tui::Options {
        screen,
        views,
        config_path: settings.path.clone(),
        marks,
        source,
        select,
        pane: settings.config.pane,
        notice,
        mouse: cli.mouse,
        palette: theme.into(),
        no_color: no_color_for(cli),
        terminal,
    };
    crate::tui::run(dataset, filter, options)?;
    Ok(ExitCode::SUCCESS)
}

/// The event `--select` names, as an index into the dataset's events: it must exist and
/// pass the filters given with it.
fn selected(dataset: &Dataset, filter: &Filter, id: &str) -> Result<usize, UsageError> {
    let Some(index) = dataset.position_of(id) else {
        let ids = dataset.events.iter().map(|e| e.id());
        let hint = crate::text::did_you_mean(id, ids);
        return Err(UsageError(format!(
            "--select: no event has the id '{}'{hint}",
            crate::text::escape(id)
        )));
    };
    if !filter.matches(dataset, index) {
        return Err(UsageError(format!(
            "--select: the event '{}' is not among those the filters leave ({}); drop a \
             filter or choose another event",
            crate::text::escape(id),
            crate::text::escape(&filter.describe())
        )));
    }
    Ok(index)
}

impl FilterArgs {
    /// Whether no filter flag was given.
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
            && self.with.is_empty()
            && self.match_mode.is_none()
            && self.months.is_empty()
            && self.from.is_none()
            && self.to.is_none()
            && self.kinds.is_empty()
            && self.search.is_none()
            && !self.starred
            && self.tags.is_empty()
    }

    /// The flags given before a command together with those after it: repeatable flags
    /// add up; a flag given once on each side must say the same.
    pub fn merged(&self, after: &FilterArgs) -> Result<FilterArgs, UsageError> {
        fn one<T: Clone + PartialEq + std::fmt::Debug>(
            flag: &str,
            before: &Option<T>,
            after: &Option<T>,
        ) -> Result<Option<T>, UsageError> {
            match (before, after) {
                (Some(b), Some(a)) if a != b => Err(UsageError(format!(
                    "{flag} is given twice, before and after the command, with different \
                     values ({b:?} and {a:?}); give it once"
                ))),
                _ => Ok(after.clone().or_else(|| before.clone())),
            }
        }
        Ok(FilterArgs {
            countries: [self.countries.clone(), after.countries.clone()].concat(),
            match_mode: one("--match", &self.match_mode, &after.match_mode)?,
            with: [self.with.clone(), after.with.clone()].concat(),
            months: [self.months.clone(), after.months.clone()].concat(),
            from: one("--from", &self.from, &after.from)?,
            to: one("--to", &self.to, &after.to)?,
            kinds: [self.kinds.clone(), after.kinds.clone()].concat(),
            search: one("--search", &self.search, &after.search)?,
            starred: self.starred || after.starred,
            tags: [self.tags.clone(), after.tags.clone()].concat(),
        })
    }

    /// The shared filter these flags describe; countries are read by
    /// [`Dataset::country_named`].
    pub fn to_filter(&self, dataset: &Dataset) -> Result<Filter, UsageError> {
        self.filter_with(Some(dataset))
    }

    /// [`FilterArgs::to_filter`]; without a dataset, a country must be a code or an
    /// English name, and any other fails (the caller then loads the dataset, which may
    /// name it, and explains).
    pub fn filter_with(&self, dataset: Option<&Dataset>) -> Result<Filter, UsageError> {
        let mut filter = Filter::default();
        let country = |text: &String| {
            let found = match dataset {
                Some(dataset) => dataset.country_named(text),
                None => CountryCode::from_user(text),
            };
            found.ok_or_else(|| {
                let names = dataset.map(Dataset::country_name_list).unwrap_or_default();
                let hint = crate::text::did_you_mean(text, names.iter().map(String::as_str));
                let known: Vec<String> = (dataset.map_or(&[][..], |d| d.countries()).iter())
                    .map(|c| format!("{c} ({})", c.name()))
                    .collect();
                let next = if hint.is_empty() { "; give" } else { " Give" };
                UsageError(format!(
                    "unknown country '{}'{hint}{next} an ISO 3166-1 alpha-2 code, an English \
                     name or a name the dataset gives it. Countries in this dataset: {}",
                    crate::text::escape(text),
                    known.join(", ")
                ))
            })
        };
        for text in &self.countries {
            filter.countries.insert(country(text)?);
        }
        for text in &self.with {
            filter.counterparts.insert(country(text)?);
        }
        if !filter.counterparts.is_empty() && self.match_mode == Some(MatchMode::Any) {
            return Err(UsageError(
                "--with looks for events involving all the -c countries and any counterpart; \
                 --match any does not go with it"
                    .into(),
            ));
        }
        filter.country_match = match self.match_mode {
            Some(MatchMode::All) => Match::All,
            // A focus with counterparts is all of its countries (as the browser sets it).
            _ if !filter.counterparts.is_empty() => Match::All,
            Some(MatchMode::Any) | None => Match::Any,
        };
        filter.months.months.extend(self.months.iter().copied());
        filter.months.from = self.from;
        filter.months.to = self.to;
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(UsageError(format!(
                "--from {from} is after --to {to}; the range is inclusive and runs forwards"
            )));
        }
        filter.kinds.extend(self.kinds.iter().copied());
        filter.text = self.search.clone().unwrap_or_default();
        filter.starred = self.starred;
        filter.tags.extend(self.tags.iter().cloned());
        if let Some(problem) = filter.query().problems.first() {
            return Err(UsageError(format!(
                "in the search: {problem}. Write 'word, \"some words\", !word or a | b; \
                 see `demarche --help`"
            )));
        }
        Ok(filter)
    }
}

/// What the standard output can show.
pub struct Terminal {
    /// Columns to fit, when output goes to a terminal.
    pub width: Option<usize>,
    pub styled: bool,
}

impl Terminal {
    pub fn of_stdout() -> Terminal {
        let tty = std::io::stdout().is_terminal();
        let width = tty.then(|| crossterm::terminal::size().map_or(80, |(w, _)| w as usize));
        // `--color`, NO_COLOR and CLICOLOR_FORCE, as anstream reads them.
        let choice = anstream::AutoStream::choice(&std::io::stdout());
        Terminal {
            width,
            styled: choice != anstream::ColorChoice::Never,
        }
    }
}

/// Whether the user asked for no colour (<https://no-color.org>: set and not empty).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
