//! The interactive browser. The Elm architecture: `App` holds state, `keys` turns input
//! into `Action`s, `App::update` applies them, `view::draw` paints. The loop blocks on
//! input, so an idle browser uses no CPU.

pub mod app;
pub mod keys;
pub mod layout;
pub mod picker;
pub mod theme;
pub mod view;

use crate::cli::ThemeName;
use crate::model::Dataset;
use crate::query::Filter;
use anyhow::{Context, Result};
use app::App;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::{cursor, execute};
use std::io::stdout;
use theme::Theme;

pub struct Options {
    pub mouse: bool,
    pub theme: ThemeName,
    pub no_color: bool,
}

pub fn run(dataset: Dataset, filter: Filter, options: Options) -> Result<()> {
    let theme = Theme::new(options.theme, options.no_color);
    let mut app = App::new(dataset, filter);
    // Searching a large dataset is much faster with the word index; build it while the
    // user browses. Until it is ready, searches scan (with the same results).
    let dataset = std::sync::Arc::clone(&app.dataset);
    std::thread::spawn(move || {
        dataset.build_word_index();
    });
    let _guard = TerminalGuard::enter(options.mouse)?;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))?;
    let size = terminal.size()?;
    app.update(app::Action::Resize(size.width, size.height));
    while !app.quit {
        terminal.draw(|frame| view::draw(&app, &theme, frame))?;
        let event = crossterm::event::read().context("reading terminal input")?;
        if let Some(action) = keys::map_event(&event, keys::KeyMode::of(&app.mode)) {
            app.update(action);
        }
    }
    // Quitting should feel instant: the process is about to end, and the OS reclaims the
    // dataset at once where dropping it would free every event one by one.
    std::mem::forget(app);
    Ok(())
}

/// Puts the terminal in raw mode on the alternate screen, and hands it back as it was on
/// every way out: return, error (`?`), or panic.
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
