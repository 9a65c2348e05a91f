//! Opening the selected event in the user's editor: `$VISUAL`, else `$EDITOR`, else `vi`,
//! run by the shell (so it may carry options, `code -w`) with `+LINE FILE`, the form vi,
//! Vim, Neovim, Emacs, nano, micro and Helix all read.

use crate::load::Format;
use std::path::Path;
use std::process::{Command, ExitStatus};

/// The editor as the environment names it.
pub fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string())
}

/// Runs the editor on `path` at `line` and waits for it.
pub fn open(path: &Path, line: usize) -> std::io::Result<ExitStatus> {
    Command::new("sh")
        .arg("-c")
        .arg(format!("{} \"$@\"", editor()))
        .arg("sh")
        .arg(format!("+{line}"))
        .arg(path)
        .status()
}

/// Opens `url` in the web browser (`$BROWSER`, else the system's opener) without
/// waiting or letting it write on the browser's screen.
pub fn open_url(url: &str) -> std::io::Result<()> {
    let mut command = match std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        Some(browser) => {
            let mut command = Command::new("sh");
            command.arg("-c").arg(format!("{browser} \"$1\"")).arg("sh");
            command
        }
        None if cfg!(target_os = "macos") => Command::new("open"),
        None => Command::new("xdg-open"),
    };
    use std::process::Stdio;
    let mut child = (command.arg(url))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reaped when it ends, on a thread of its own.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The line (from 1) where the event `id` is written: its `id = "…"` in TOML, its
/// `"id": "…"` in JSON; 1 when it cannot be found.
pub fn line_of(text: &str, format: Format, id: &str) -> usize {
    let quoted = format!("\"{id}\"");
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find(&quoted) else {
            continue;
        };
        let before = line[..at].trim_end();
        let names_id = match format {
            Format::Toml => {
                before.trim_start() == "id =" || before.trim_end_matches('=').trim() == "id"
            }
            Format::Json | Format::JsonLines => {
                before.trim_end_matches(':').trim_end().ends_with("\"id\"")
            }
        };
        if names_id {
            return i + 1;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_of_an_event_is_where_its_id_is_given() {
        let toml = "title = \"t\"\n[[events]]\nid = \"a\"\nsummary = \"id = \\\"b\\\"\"\n[[events]]\nid=\"b\"\n";
        assert_eq!(line_of(toml, Format::Toml, "a"), 3);
        assert_eq!(line_of(toml, Format::Toml, "b"), 6);
        let json = "{\"events\": [\n {\"id\": \"a\",\n  \"note\": \"b\"},\n {\"id\":\"b\"}]}";
        assert_eq!(line_of(json, Format::Json, "b"), 4);
        assert_eq!(line_of(json, Format::Json, "zzz"), 1);
    }
}
