//! The terminal while the browser runs: entering raw mode and the alternate screen,
//! handing the terminal back on every way out (return, error, panic, a signal that ends
//! the process), and suspending to the shell and back (Ctrl-Z, SIGTSTP).
//!
//! `ratatui::run` does the first part for raw mode and the alternate screen, but knows
//! nothing of mouse capture, the window title or signals, which must be undone on every
//! exit path too, or the user's shell is left receiving mouse reports as typed text.

use super::Msg;
use anyhow::{Context, Result};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::{cursor, execute, terminal};
use std::io::{Write, stdout};
use std::sync::mpsc::Sender;

/// Puts the terminal in the browser's state while it lives, and back as it was when it
/// is dropped.
pub struct Session {
    mouse: bool,
}

impl Session {
    /// Enters the browser's terminal state, with `title` as the window's title.
    pub fn enter(mouse: bool, title: &str) -> Result<Session> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A panic on the main thread ends the browser: the terminal goes back first so
            // the message is readable. A helper thread's panic does not end it, so the
            // terminal stays the browser's (its end shows up as a failure on the loop's
            // channel, and the session's drop restores the terminal then).
            if std::thread::current().name() == Some("main") {
                leave(mouse);
            }
            previous(info);
        }));
        // Restores on failure below too, since the session exists from here on.
        let session = Session { mouse };
        // The title is pushed on the terminal's title stack, so leaving can restore the
        // user's own (xterm's window operations 22 and 23; terminals without them ignore
        // them).
        print!("\x1b[22;0t");
        execute!(stdout(), terminal::SetTitle(title))?;
        session.resume()?;
        Ok(session)
    }

    /// Raw mode, the alternate screen, no cursor, the mouse if asked for.
    fn resume(&self) -> Result<()> {
        terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
        execute!(
            stdout(),
            terminal::EnterAlternateScreen,
            terminal::Clear(terminal::ClearType::All),
            cursor::Hide
        )?;
        if self.mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
        Ok(())
    }

    /// Hands the terminal to another program for as long as `run` takes (the user's
    /// editor), then takes it again; the caller redraws the whole screen.
    pub fn hand_over<T>(&self, run: impl FnOnce() -> T) -> Result<T> {
        restore(self.mouse);
        HANDED_OVER.store(true, std::sync::atomic::Ordering::SeqCst);
        let ran = run();
        HANDED_OVER.store(false, std::sync::atomic::Ordering::SeqCst);
        self.resume()?;
        Ok(ran)
    }

    /// Hands the terminal back to the shell and stops the process, as Ctrl-Z does in a
    /// cooked terminal; when the shell continues it (`fg`), takes the terminal again. The
    /// caller redraws the whole screen.
    pub fn suspend(&self) -> Result<()> {
        restore(self.mouse);
        #[cfg(unix)]
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)
            .context("suspending")?;
        self.resume()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        leave(self.mouse);
        // The hook that restores the terminal is not needed once it is restored.
        let _ = std::panic::take_hook();
    }
}

/// The terminal as the shell had it, but the title, which stays the browser's while it is
/// only suspended.
fn restore(mouse: bool) {
    if mouse {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let _ = terminal::disable_raw_mode();
    let _ = execute!(stdout(), terminal::LeaveAlternateScreen, cursor::Show);
}

/// The terminal as the shell had it, title included.
fn leave(mouse: bool) {
    restore(mouse);
    print!("\x1b[23;0t");
    let _ = stdout().flush();
}

/// While another program has the terminal (`Session::hand_over`): Ctrl-Z stops this
/// process with it, as the shell expects of a job, and Ctrl-C is that program's.
static HANDED_OVER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Signals that end the process by default, which the browser turns into a clean exit.
#[cfg(unix)]
const ENDING: [i32; 6] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
];

/// Turns the signals that would end or stop the process into messages for the loop:
/// `Msg::Signal` to end (after the terminal is restored), `Msg::Suspend` for SIGTSTP.
pub fn watch_signals(sender: Sender<Msg>) -> Result<()> {
    #[cfg(unix)]
    {
        // A signal ignored when the browser started stays ignored, as `nohup` asks.
        let mut wanted: Vec<i32> = ENDING.into_iter().filter(|&s| !ignored(s)).collect();
        wanted.push(signal_hook::consts::SIGTSTP);
        let mut signals =
            signal_hook::iterator::Signals::new(wanted).context("watching for signals")?;
        std::thread::spawn(move || {
            for signal in signals.forever() {
                if HANDED_OVER.load(std::sync::atomic::Ordering::SeqCst) {
                    match signal {
                        // The editor stops its process group; so does this process, so the
                        // shell gets the terminal, and `fg` continues both.
                        signal_hook::consts::SIGTSTP => {
                            let _ = signal_hook::low_level::emulate_default_handler(signal);
                            continue;
                        }
                        signal_hook::consts::SIGINT => continue,
                        _ => {}
                    }
                }
                let message = if signal == signal_hook::consts::SIGTSTP {
                    Msg::Suspend
                } else {
                    Msg::Signal(signal)
                };
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
    }
    #[cfg(not(unix))]
    let _ = sender;
    Ok(())
}

/// Watches the terminal for a hangup (its other side closed: the window or the ssh session
/// gone) and ends the session with `Msg::InputFailed` when it comes. crossterm's reader
/// does not: on a vanished terminal it re-reads forever without returning (crossterm
/// issue #793), so with SIGHUP ignored (`nohup`) nothing else would end the process.
pub fn watch_hangup(sender: Sender<Msg>) {
    #[cfg(unix)]
    std::thread::spawn(move || {
        use std::os::fd::AsRawFd;
        // The descriptor crossterm reads: standard input when it is the terminal, else
        // /dev/tty (kept open for the thread's life).
        let tty = std::fs::File::open("/dev/tty").ok();
        // SAFETY: isatty only inspects the descriptor.
        let fd = match unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            true => libc::STDIN_FILENO,
            false => match &tty {
                Some(file) => file.as_raw_fd(),
                None => return,
            },
        };
        let mut watched = libc::pollfd {
            fd,
            events: 0,
            revents: 0,
        };
        loop {
            // With no events asked for, poll wakes only for a hangup or an error; it
            // never takes input from the reader.
            // SAFETY: one valid pollfd, for the length given.
            let n = unsafe { libc::poll(&mut watched, 1, -1) };
            if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            // POLLNVAL: this system cannot poll the terminal (macOS cannot poll devices),
            // so there is nothing to watch; the reader's errors still end the session.
            if n != 0 && watched.revents & libc::POLLNVAL != 0 {
                return;
            }
            if n != 0 && watched.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                let gone =
                    std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the terminal hung up");
                let _ = sender.send(Msg::InputFailed(gone));
                return;
            }
            if n < 0 {
                return;
            }
        }
    });
    #[cfg(not(unix))]
    let _ = sender;
}

/// Whether `signal` is ignored (its disposition is SIG_IGN), as a parent such as `nohup`
/// or `trap '' HUP` leaves it.
#[cfg(unix)]
fn ignored(signal: i32) -> bool {
    // SAFETY: asks for the current action only (no new action is given); `current` is a
    // plain struct the call fills in.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut current) == 0
            && current.sa_sigaction == libc::SIG_IGN
    }
}

/// Ends the process as `signal` would have, now that the terminal is restored: by the
/// signal itself, so the shell sees how it ended (SIGQUIT, whose default leaves a core
/// file, exits with its conventional status instead).
pub fn end_by(signal: i32) -> ! {
    #[cfg(unix)]
    if signal != signal_hook::consts::SIGQUIT {
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
    std::process::exit(128 + signal)
}
