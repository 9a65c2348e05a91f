//! The interactive browser. The Elm architecture: `App` holds state, `keys` turns input
//! into `Action`s, `App::update` applies them, `view::draw` paints. Everything the loop
//! waits for (keys, the word index being ready, signals) arrives on one channel, and the
//! loop blocks on it, so an idle browser uses no CPU. `terminal` hands the terminal back
//! on every way out.

pub mod app;
pub mod content;
mod edit;
pub mod export;
pub mod follow;
mod input;
pub mod keys;
pub mod layout;
pub mod loading;
pub mod picker;
pub mod relations;
pub mod scroll;
mod terminal;
pub mod theme;
pub mod timeline;
pub mod view;

use crate::model::Dataset;
use crate::query::Filter;
use anyhow::{Context, Result};
use app::App;
use crossterm::event::Event;
use std::io::stdout;
use std::sync::mpsc;
use theme::{Palette, Theme};

pub struct Options {
    /// The event to open on (an index in the dataset's events).
    pub select: Option<usize>,
    /// The detail pane's width, when the config file sets it.
    pub pane: Option<u16>,
    /// A line to show at start (the config file's problems, say).
    pub notice: Option<String>,
    /// The data file, to follow, reload and edit; None for the built-in data or a pipe.
    pub source: Option<follow::Source>,
    /// Where the marks are kept, when they can be.
    pub marks: Option<std::path::PathBuf>,
    /// The screen to open on (a view's).
    pub screen: Option<layout::Screen>,
    /// The views the config file has, and where it is (to save more).
    pub views: std::collections::BTreeMap<String, (Filter, Option<layout::Screen>)>,
    pub config_path: Option<std::path::PathBuf>,
    pub mouse: bool,
    pub palette: Palette,
    pub no_color: bool,
    /// The terminal, when the loading screen already has it.
    pub terminal: Option<loading::Kept>,
}

/// What the event loop waits for.
pub enum Msg {
    /// A key, a mouse gesture or a resize.
    Input(Event),
    /// The terminal could not be read (or is gone): the session ends.
    InputFailed(std::io::Error),
    /// The word index is built: searches no longer scan.
    WordIndexReady,
    /// A file asked for in the export dialog was written, or could not be.
    Exported(Result<String, String>),
    /// The data file changed on disk.
    FileChanged,
    /// The data file was read again.
    Reloaded(follow::Reloaded),
    /// SIGTSTP: hand the terminal back and stop until continued.
    Suspend,
    /// A signal that ends the process (SIGTERM, SIGHUP, …).
    Signal(i32),
}

pub fn run(dataset: Dataset, filter: Filter, mut options: Options) -> Result<()> {
    // Signals are watched from the start: one that comes while the app is being made (a
    // while, for a large dataset) waits in the channel. The loading screen's watch, when
    // it had the terminal, goes on with its channel.
    let kept = options.terminal.take();
    let (session, (sender, messages)) = match kept {
        Some(loading::Kept { session, channel }) => (Some(session), channel),
        None => {
            let channel = mpsc::channel();
            terminal::watch_signals(channel.0.clone())?;
            (None, channel)
        }
    };
    let theme = Theme::new(options.palette, options.no_color);
    let mut app = App::open_at(dataset, filter, options.select);
    if let Some(pane) = options.pane {
        app.set_pane(pane);
    }
    if let Some(notice) = options.notice {
        app.tell(notice);
    }
    if let Some(path) = options.marks {
        app.keep_marks_in(path);
    }
    app.set_views(options.views, options.config_path);
    // Searching a large dataset is much faster with the word index; build it while the
    // user browses. Until it is ready, searches scan (with the same results).
    let dataset = app.shared_dataset();
    let ready = sender.clone();
    std::thread::spawn(move || {
        dataset.build_word_index();
        let _ = ready.send(Msg::WordIndexReady);
    });
    let title = format!("demarche: {}", crate::text::sanitize(&app.dataset().title));
    let session = match session {
        Some(session) => {
            crossterm::execute!(stdout(), crossterm::terminal::SetTitle(&title))?;
            session
        }
        None => terminal::Session::enter(options.mouse, &title)?,
    };
    terminal::watch_hangup(sender.clone());
    let gate = input::spawn(sender.clone());
    // Following the file: a watch that cannot start (too many watches, say) leaves `r`.
    let _watch = match &options.source {
        Some(source) => {
            app.follow();
            match follow::watch(&source.path, sender.clone()) {
                Ok(watch) => Some(watch),
                Err(error) => {
                    app.tell(format!(
                        "cannot watch the data file ({error}); r reloads it by hand"
                    ));
                    None
                }
            }
        }
        None => None,
    };
    let mut reloading = false;
    let mut screen = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))?;
    let size = screen.size()?;
    app.update(app::Action::Resize(size.width, size.height));
    if let Some(start) = options.screen {
        app.update(app::Action::Show(start));
    }
    let mut ended_by = None;
    // Files being written; quitting waits for them.
    let mut writes: Vec<std::thread::JoinHandle<Result<String, String>>> = Vec::new();
    while !app.should_quit() {
        screen.draw(|frame| view::draw(&app, &theme, frame))?;
        let suspend = match messages.recv().context("the input thread stopped")? {
            Msg::Input(event) => match keys::map_event(&event, app.key_mode()) {
                Some(app::Action::Suspend) => true,
                Some(action) => {
                    app.update(action);
                    false
                }
                None => false,
            },
            Msg::InputFailed(error) => return Err(error).context("reading terminal input"),
            Msg::WordIndexReady => false,
            Msg::FileChanged => {
                app.file_changed();
                false
            }
            Msg::Reloaded(reloaded) => {
                reloading = false;
                app.on_reload(reloaded);
                // The new dataset's word index, as at start.
                let dataset = app.shared_dataset();
                let ready = sender.clone();
                std::thread::spawn(move || {
                    dataset.build_word_index();
                    let _ = ready.send(Msg::WordIndexReady);
                });
                false
            }
            Msg::Exported(result) => {
                app.update(app::Action::Exported(result));
                false
            }
            Msg::Suspend => true,
            Msg::Signal(signal) => {
                ended_by = Some(signal);
                break;
            }
        };
        if let Some(job) = app.take_export() {
            // Written away from the loop: a large export never freezes the screen.
            let done = sender.clone();
            writes.push(std::thread::spawn(move || {
                let result = job.run();
                let _ = done.send(Msg::Exported(result.clone()));
                result
            }));
        }
        if let (Some(source), false) = (&options.source, reloading)
            && app.take_reload()
        {
            // A change while reading is read after: the flag stays set until then.
            reloading = true;
            let (source, now, done) = (source.clone(), app.shared_dataset(), sender.clone());
            std::thread::spawn(move || {
                let _ = done.send(Msg::Reloaded(follow::reload(&source, &now)));
            });
        }
        if let Some(url) = app.take_open()
            && let Err(error) = edit::open_url(&url)
        {
            app.tell(format!(
                "could not open the address ({error}); set BROWSER, or copy it from the detail"
            ));
        }
        if let Some(text) = app.take_copy() {
            // The terminal puts it on the clipboard, over ssh and in tmux (with
            // set-clipboard on) too.
            let copy = crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
            crossterm::execute!(stdout(), copy)?;
        }
        let edit = app.take_edit();
        if let (Some(_), Some(source)) = (&edit, &options.source)
            && !source.format.is_own()
        {
            app.tell(format!(
                "this data is {}, read by demarche, not a file to edit: `demarche convert \
                 {} events.toml` writes a dataset to curate",
                source.format.describe(),
                crate::text::sanitize(&source.path.display().to_string())
            ));
            continue;
        }
        if let (Some(id), Some(source)) = (edit, &options.source) {
            let text = std::fs::read_to_string(&source.path).unwrap_or_default();
            let line = edit::line_of(&text, source.format, &id);
            // The editor has the terminal: nothing here reads it, or draws, until it ends.
            gate.pause();
            let edited = session.hand_over(|| edit::open(&source.path, line));
            gate.resume();
            screen = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))?;
            let size = screen.size()?;
            app.update(app::Action::Resize(size.width, size.height));
            match edited? {
                Ok(status) if status.success() => app.file_changed(),
                // The shell's way of saying the editor is not installed.
                Ok(status) if status.code() == Some(127) => app.tell(format!(
                    "the editor ({}) was not found; set VISUAL or EDITOR",
                    edit::editor()
                )),
                Ok(status) => app.tell(format!(
                    "the editor ({}) ended with {status}",
                    edit::editor()
                )),
                Err(error) => app.tell(format!(
                    "could not start the editor ({}): {error}; set VISUAL or EDITOR",
                    edit::editor()
                )),
            }
            continue;
        }
        if suspend {
            session.suspend()?;
            // The screen is blank again and may have changed size: a new terminal draws all
            // of it. (Terminal::clear would ask the terminal where its cursor is, and the
            // answer would go to the input thread.)
            screen = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))?;
            let size = screen.size()?;
            app.update(app::Action::Resize(size.width, size.height));
        }
    }
    drop(session);
    // A file still being written is finished, not left half-done, and its answer, which
    // the status line can no longer show, goes to standard error.
    for write in writes.into_iter().filter(|w| !w.is_finished()) {
        if let Ok(answer) = write.join() {
            match answer {
                Ok(line) => crate::say::say_plain(&format!("demarche: {line}")),
                Err(line) => crate::say::say_error(&line),
            }
        }
    }
    if let Some(signal) = ended_by {
        crate::say::release();
        terminal::end_by(signal);
    }
    // Quitting should feel instant: the process is about to end, and the OS reclaims the
    // dataset at once where dropping it would free every event one by one.
    std::mem::forget(app);
    Ok(())
}
