//! How demarche speaks on standard error, from any face: one voice for errors.

/// Every error demarche writes: `demarche: error: …`, with `error:` in bold red when
/// standard error is a terminal that takes colour (see `--color`).
pub fn say_error(message: &str) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    anstream::eprintln!("demarche: {style}error:{style:#} {message}");
}

/// Something wrong that does not stop the command (a bad setting in the config file):
/// `demarche: warning: …`, `warning:` in bold yellow on a terminal that takes colour.
pub fn say_warning(message: &str) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    anstream::eprintln!("demarche: {style}warning:{style:#} {message}");
}

/// What the reader should know of a command's data that is not wrong (rows an importer
/// left out): `demarche: note: …`, `note:` in bold on a terminal that takes colour.
pub fn say_note(message: &str) {
    let style = anstyle::Style::new().bold();
    anstream::eprintln!("demarche: {style}note:{style:#} {message}");
}
