//! A progress line on standard error while a long load runs. Only when standard error is
//! a terminal and `--quiet` is not given, and only once the load has taken a third of a
//! second, so that short commands, pipes and scripts see nothing of it.

use crate::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

use crate::progress::SHOW_AFTER as DELAY;

/// Runs `run`, giving it a [`Progress`] to move on when a progress line may be shown
/// (`show`), and shows that line from another thread while it runs. `what` names the
/// work ("reading big.jsonl").
pub fn shown_while<T>(show: bool, what: &str, run: impl FnOnce(Option<&Progress>) -> T) -> T {
    if !show {
        return run(None);
    }
    let progress = Progress::new();
    std::thread::scope(|scope| {
        let watcher = scope.spawn(|| watch(&progress, what));
        let result = run(Some(&progress));
        progress.finish();
        watcher.thread().unpark();
        // A watcher that failed only loses the progress line.
        let _ = watcher.join();
        result
    })
}

/// Draws the line ten times a second until the work is done, then clears it.
fn watch(progress: &Progress, what: &str) {
    let start = Instant::now();
    while start.elapsed() < DELAY {
        if progress.seen().done {
            return;
        }
        std::thread::park_timeout(DELAY.saturating_sub(start.elapsed()));
    }
    let target = ProgressDrawTarget::stderr_with_hz(10);
    let bar = ProgressBar::with_draw_target(None, target);
    let style = match progress.seen().fraction() {
        // The message is cut to the terminal's width: a line that wrapped could not be
        // drawn over.
        None => ProgressStyle::with_template("{prefix} {spinner} {wide_msg}"),
        Some(_) => ProgressStyle::with_template("{prefix} [{bar:20}] {wide_msg}"),
    };
    if let Ok(style) = style {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(crate::text::sanitize(what).into_owned());
    loop {
        let seen = progress.seen();
        if seen.done {
            break;
        }
        bar.set_length(1000);
        bar.set_position((seen.fraction().unwrap_or(0.0) * 1000.0) as u64);
        bar.set_message(seen.describe(start.elapsed()));
        std::thread::park_timeout(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
