//! How demarche speaks on standard error, from any face: one voice for errors. While the
//! terminal shows a screen of demarche's (the loading screen, then the browser), what is
//! said is held and written once the terminal is handed back ([`hold`], [`release`]):
//! written then, it would land on the screen as stray text.

use std::sync::Mutex;

/// Lines held while the terminal is a screen of demarche's; `None` when not holding.
static HELD: Mutex<Option<Vec<String>>> = Mutex::new(None);

/// From now on, keeps what is said instead of writing it.
pub fn hold() {
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    held.get_or_insert_with(Vec::new);
}

/// Writes what was held, and writes from now on.
pub fn release() {
    let lines = HELD.lock().unwrap_or_else(|e| e.into_inner()).take();
    for line in lines.unwrap_or_default() {
        anstream::eprintln!("{line}");
    }
}

/// A line as it stands (`demarche: wrote …`), in order with the rest.
pub fn say_plain(line: &str) {
    say(line.to_string());
}

/// Writes `line` on standard error, or holds it.
fn say(line: String) {
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    match held.as_mut() {
        Some(lines) => lines.push(line),
        None => anstream::eprintln!("{line}"),
    }
}

/// Every error demarche writes: `demarche: error: …`, with `error:` in bold red when
/// standard error is a terminal that takes colour (see `--color`).
pub fn say_error(message: &str) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    say(format!("demarche: {style}error:{style:#} {message}"));
}

/// Something wrong that does not stop the command (a bad setting in the config file):
/// `demarche: warning: …`, `warning:` in bold yellow on a terminal that takes colour.
pub fn say_warning(message: &str) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    say(format!("demarche: {style}warning:{style:#} {message}"));
}

/// What the reader should know of a command's data that is not wrong (rows an importer
/// left out): `demarche: note: …`, `note:` in bold on a terminal that takes colour.
pub fn say_note(message: &str) {
    let style = anstyle::Style::new().bold();
    say(format!("demarche: {style}note:{style:#} {message}"));
}
