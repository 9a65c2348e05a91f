//! Reading the terminal on a thread of its own, so the loop can wait for input and for
//! other work on one channel. The thread can be paused, for as long as another program
//! (the user's editor) has the terminal: it must not read the keys typed there.

use super::Msg;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How long the reader waits for a key before it looks whether it should pause: the
/// longest a pause waits, and why an idle browser wakes five times a second.
const LOOK: Duration = Duration::from_millis(200);

#[derive(Default)]
struct State {
    /// The loop asks the reader to stop reading.
    paused: bool,
    /// The reader has stopped and reads nothing until resumed.
    parked: bool,
}

/// The reader thread's gate, held by the loop.
#[derive(Clone, Default)]
pub struct Gate(Arc<(Mutex<State>, Condvar)>);

impl Gate {
    /// Stops the reader, and returns once it reads no more.
    pub fn pause(&self) {
        let (state, changed) = &*self.0;
        let mut state = state.lock().expect("the gate");
        state.paused = true;
        while !state.parked {
            state = changed.wait(state).expect("the gate");
        }
    }

    /// Lets the reader read again.
    pub fn resume(&self) {
        let (state, changed) = &*self.0;
        let mut state = state.lock().expect("the gate");
        state.paused = false;
        changed.notify_all();
    }

    /// The reader's side: waits here while paused.
    fn pass(&self) {
        let (state, changed) = &*self.0;
        let mut state = state.lock().expect("the gate");
        while state.paused {
            state.parked = true;
            changed.notify_all();
            state = changed.wait(state).expect("the gate");
        }
        state.parked = false;
    }
}

/// Starts the reader. It ends when the loop stops listening, or when the terminal can no
/// longer be read (an error ends the session rather than being retried).
pub fn spawn(sender: Sender<Msg>) -> Gate {
    let gate = Gate::default();
    let reader = gate.clone();
    std::thread::spawn(move || {
        loop {
            reader.pass();
            let message = match crossterm::event::poll(LOOK) {
                Ok(false) => continue,
                Ok(true) => match crossterm::event::read() {
                    Ok(event) => Msg::Input(event),
                    Err(error) => Msg::InputFailed(error),
                },
                Err(error) => Msg::InputFailed(error),
            };
            let failed = matches!(message, Msg::InputFailed(_));
            if sender.send(message).is_err() || failed {
                return;
            }
        }
    });
    gate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_returns_once_the_reader_is_parked_and_resume_lets_it_go() {
        let gate = Gate::default();
        let reader = gate.clone();
        let (sender, passes) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for _ in 0..3 {
                reader.pass();
                sender.send(()).unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        passes.recv().unwrap();
        gate.pause();
        // Parked: no pass while paused.
        assert!(passes.recv_timeout(Duration::from_millis(100)).is_err());
        gate.resume();
        assert!(passes.recv_timeout(Duration::from_secs(2)).is_ok());
    }
}
