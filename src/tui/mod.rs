//! The interactive browser. The Elm architecture: `App` holds state, `keys` turns input
//! into `Action`s, `App::update` applies them, `view::draw` paints. Everything the loop
//! waits for (keys, the word index being ready) arrives on one channel, and the loop
//! blocks on it, so an idle browser uses no CPU.

pub mod app;
pub mod content;
pub mod keys;
pub mod layout;
pub mod picker;
pub mod scroll;
pub mod theme;
pub mod timeline;
pub mod view;

use crate::model::Dataset;
use crate::query::Filter;
use anyhow::{Context, Result};
use app::App;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::{cursor, execute};
use std::io::stdout;
use std::sync::mpsc;
use theme::{Palette, Theme};

pub struct Options {
    pub mouse: bool,
    pub palette: Palette,
    pub no_color: bool,
}

/// What the event loop waits for.
pub enum Msg {
    /// A key, a mouse gesture or a resize.
    Input(Event),
    /// The terminal could not be read.
    InputFailed(std::io::Error),
    /// The word index is built: searches no longer scan.
    WordIndexReady,
}

pub fn run(dataset: Dataset, filter: Filter, options: Options) -> Result<()> {
    let theme = Theme::new(options.palette, options.no_color);
    let mut app = App::new(dataset, filter);
    let (sender, messages) = mpsc::channel();
    // Searching a large dataset is much faster with the word index; build it while the
    // user browses. Until it is ready, searches scan (with the same results).
    let dataset = app.shared_dataset();
    let ready = sender.clone();
    std::thread::spawn(move || {
        dataset.build_word_index();
        let _ = ready.send(Msg::WordIndexReady);
    });
    let _guard = TerminalGuard::enter(options.mouse)?;
    spawn_input(sender);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))?;
    let size = terminal.size()?;
    app.update(app::Action::Resize(size.width, size.height));
    while !app.should_quit() {
        terminal.draw(|frame| view::draw(&app, &theme, frame))?;
        match messages.recv().context("the input thread stopped")? {
            Msg::Input(event) => {
                if let Some(action) = keys::map_event(&event, app.key_mode()) {
                    app.update(action);
                }
            }
            Msg::InputFailed(error) => return Err(error).context("reading terminal input"),
            Msg::WordIndexReady => {}
        }
    }
    // Quitting should feel instant: the process is about to end, and the OS reclaims the
    // dataset at once where dropping it would free every event one by one.
    std::mem::forget(app);
    Ok(())
}

/// Reads the terminal on a thread of its own, so the loop can wait for input and for other
/// work on one channel. It ends when the loop stops listening.
fn spawn_input(sender: mpsc::Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let message = match crossterm::event::read() {
                Ok(event) => Msg::Input(event),
                Err(error) => Msg::InputFailed(error),
            };
            let failed = matches!(message, Msg::InputFailed(_));
            if sender.send(message).is_err() || failed {
                return;
            }
        }
    });
}

/// Puts the terminal in raw mode on the alternate screen, and hands it back as it was on
/// every way out: return, error (`?`), or panic.
///
/// `ratatui::run` does the same for raw mode and the alternate screen, but knows nothing of
/// mouse capture, which `--mouse` turns on and which must be turned off on every exit path
/// too, or the user's shell receives mouse reports as typed text.
struct TerminalGuard {
    mouse: bool,
}

impl TerminalGuard {
    fn enter(mouse: bool) -> Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore(mouse);
            previous(info);
        }));
        // Restores on failure below too, since the guard exists from here on.
        let guard = TerminalGuard { mouse };
        crossterm::terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
        execute!(
            stdout(),
            crossterm::terminal::EnterAlternateScreen,
            cursor::Hide
        )?;
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

fn restore(mouse: bool) {
    if mouse {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = execute!(
        stdout(),
        crossterm::terminal::LeaveAlternateScreen,
        cursor::Show
    );
}
