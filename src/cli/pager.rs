//! Long output on a terminal goes through a pager, as git's and bat's do: `$PAGER`, or
//! `less -FRX` (which quits at once when the output fits one screen, keeps colour, and
//! leaves the text on screen). Off with `--no-pager`, when standard output is not a
//! terminal, or when `PAGER` is empty or `cat`. The pager starts with the first byte of
//! output, so an error before any output is not paged.

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};
use std::process::{Child, ChildStdin, Command, Stdio};

/// Standard output, or a pager's input once something is written.
pub struct Output {
    state: State,
}

enum State {
    /// Nothing written yet; whether to start a pager when something is.
    Waiting {
        page: bool,
    },
    Direct(BufWriter<Stdout>),
    Paging {
        pager: Child,
        input: BufWriter<ChildStdin>,
    },
}

impl Output {
    /// Output for a command whose text a person reads (`list`, `show`, `stats`,
    /// `validate`): paged on a terminal unless `no_pager`.
    pub fn for_reading(no_pager: bool) -> Output {
        let page = !no_pager && io::stdout().is_terminal();
        Output {
            state: State::Waiting { page },
        }
    }

    /// Output that is never paged (data for other programs).
    pub fn direct() -> Output {
        Output {
            state: State::Waiting { page: false },
        }
    }

    /// Writes what is left and waits for the pager to close.
    pub fn finish(self) -> io::Result<()> {
        match self.state {
            State::Waiting { .. } => Ok(()),
            State::Direct(mut out) => out.flush(),
            State::Paging { mut pager, input } => {
                let flushed = input.into_inner().map(drop).map_err(|e| e.into_error());
                // The input is closed (dropped): the pager sees the end and waits for the
                // reader to quit it.
                pager.wait()?;
                flushed
            }
        }
    }

    fn start(&mut self) -> &mut dyn Write {
        if let State::Waiting { page } = self.state {
            self.state = match page.then(spawn).flatten() {
                Some(mut pager) => {
                    let input = pager.stdin.take().expect("piped");
                    // Ctrl-C is the pager's to handle now; the output is written, and this
                    // process waits for the reader to quit.
                    ignore_interrupts();
                    State::Paging {
                        pager,
                        input: BufWriter::new(input),
                    }
                }
                None => State::Direct(BufWriter::new(io::stdout())),
            };
        }
        match &mut self.state {
            State::Direct(out) => out,
            State::Paging { input, .. } => input,
            State::Waiting { .. } => unreachable!("started above"),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.start().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.start().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.state {
            State::Waiting { .. } => Ok(()),
            State::Direct(out) => out.flush(),
            State::Paging { input, .. } => input.flush(),
        }
    }
}

/// The pager `$PAGER` names (run by the shell, so it may carry options), or `less -FRX`;
/// None when paging is off or the pager cannot start.
fn spawn() -> Option<Child> {
    let mut command = match std::env::var("PAGER") {
        Ok(pager) if pager.trim().is_empty() || pager.trim() == "cat" => return None,
        // A pager named alone is run as it is, so one that is not installed is known
        // here (the shell would start, fail, and take the output with it).
        Ok(pager) if !pager.trim().contains(char::is_whitespace) => Command::new(pager.trim()),
        Ok(pager) => crate::shell::command(&pager, &[]),
        Err(_) => {
            let mut command = Command::new("less");
            command.arg("-FRX");
            command
        }
    };
    // A `less` named by $PAGER gets the same behaviour unless the user set LESS.
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    command.stdin(Stdio::piped()).spawn().ok()
}

#[cfg(unix)]
fn ignore_interrupts() {
    // SAFETY: sets the disposition of SIGINT to ignored; no handler runs.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
    }
}

#[cfg(not(unix))]
fn ignore_interrupts() {}
