//! The screen while the browser's data loads: a bar with the bytes read, the events and
//! the rate. It appears only once the load has taken a third of a second, so a small file
//! opens with no screen before the browser's; once it has appeared, the browser takes the
//! terminal over from it, with no flash of the shell between. q, Esc or Ctrl-C stop
//! waiting and quit; a signal that ends the process hands the terminal back first.

use super::terminal::{self, Session};
use super::{Msg, theme::Theme};
use crate::progress::{Progress, Seen};
use anyhow::Result;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, Paragraph};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::progress::SHOW_AFTER as DELAY;

/// How often the screen is drawn while it waits.
const TICK: Duration = Duration::from_millis(100);

/// How long it waits for the load at a time before it looks at keys and signals (the
/// load's end wakes it at once: the first frame does not wait for a tick).
const WAKE: Duration = Duration::from_millis(10);

/// The terminal as the loading screen left it, and the channel its signals come on, for
/// the browser to take over (so that no signal falls between the two).
pub struct Kept {
    pub(super) session: Session,
    pub(super) channel: (mpsc::Sender<Msg>, mpsc::Receiver<Msg>),
}

pub enum Loaded<T> {
    /// The load's result, and the terminal if the screen was shown.
    Done(T, Option<Kept>),
    /// The user quit before the load ended.
    Quit,
}

/// Runs `load` on a thread of its own, showing its progress once it has taken
/// [`DELAY`]; `what` names the data ("big.jsonl"). While the screen is shown, what is
/// said on standard error is held (see `say::hold`).
pub fn load<T: Send + 'static>(
    what: &str,
    mouse: bool,
    theme: &Theme,
    load: impl FnOnce(&Progress) -> T + Send + 'static,
) -> Result<Loaded<T>> {
    let progress = Arc::new(Progress::new());
    let (done, result) = mpsc::channel();
    let watched = Arc::clone(&progress);
    std::thread::spawn(move || {
        let loaded = load(&watched);
        watched.finish();
        let _ = done.send(loaded);
    });
    let start = Instant::now();
    match result.recv_timeout(DELAY) {
        Ok(loaded) => return Ok(Loaded::Done(loaded, None)),
        Err(mpsc::RecvTimeoutError::Timeout) => {}
        Err(mpsc::RecvTimeoutError::Disconnected) => anyhow::bail!("the load stopped"),
    }
    let (signals, messages) = mpsc::channel();
    terminal::watch_signals(signals.clone())?;
    crate::say::hold();
    let title = format!("demarche: loading {}", crate::text::sanitize(what));
    let session = Session::enter(mouse, &title)?;
    let mut screen =
        ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))?;
    let mut drawn: Option<Instant> = None;
    loop {
        // The load's end is seen the moment it comes; keys and signals within a WAKE.
        match result.recv_timeout(WAKE) {
            Ok(loaded) => {
                let channel = (signals, messages);
                return Ok(Loaded::Done(loaded, Some(Kept { session, channel })));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => anyhow::bail!("the load stopped"),
        }
        match messages.try_recv() {
            Ok(Msg::Signal(signal)) => {
                drop(session);
                crate::say::release();
                terminal::end_by(signal);
            }
            Ok(Msg::Suspend) => {
                session.suspend()?;
                screen.clear()?;
                drawn = None;
            }
            // Only signals come on this channel while loading.
            _ => {}
        }
        if drawn.is_none_or(|at| at.elapsed() >= TICK) {
            let seen = progress.seen();
            screen.draw(|frame| draw(frame, theme, what, &seen, start.elapsed()))?;
            drawn = Some(Instant::now());
        }
        // Every event waiting, not one a pass: a moving mouse queues many before a q.
        while event::poll(Duration::ZERO)? {
            if let Event::Key(key) = event::read()?
                && key.kind == KeyEventKind::Press
                && quits(key.code, key.modifiers)
            {
                return Ok(Loaded::Quit);
            }
        }
    }
}

fn quits(code: KeyCode, modifiers: KeyModifiers) -> bool {
    match code {
        KeyCode::Char('q') | KeyCode::Esc => true,
        KeyCode::Char('c') => modifiers.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}

/// The bar in the middle of the screen, what it stands for above it, and how to quit
/// below.
pub fn draw(frame: &mut ratatui::Frame, theme: &Theme, what: &str, seen: &Seen, elapsed: Duration) {
    let area = frame.area();
    let width = area.width.saturating_sub(4).min(72);
    let box_area = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + area.height.saturating_sub(5) / 2,
        width,
        height: area.height.min(5),
    };
    let block = Block::bordered()
        .title(format!(" loading {} ", crate::text::sanitize(what)))
        .border_style(theme.border);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [bar, text, hint] = Layout::vertical([Constraint::Length(1); 3])
        .spacing(0)
        .areas(Rect {
            height: inner.height.min(3),
            ..inner
        });
    let ratio = seen.fraction().unwrap_or(0.0);
    let gauge = Gauge::default()
        .ratio(ratio)
        .label(match seen.fraction() {
            Some(part) => format!("{:.0}%", part * 100.0),
            None => String::new(),
        })
        .gauge_style(theme.selected);
    frame.render_widget(gauge, bar);
    frame.render_widget(Paragraph::new(seen.describe(elapsed)), text);
    frame.render_widget(Paragraph::new(Line::from("q quits").style(theme.dim)), hint);
}
