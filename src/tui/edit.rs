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
    let line = format!("+{line}");
    crate::shell::command(&editor(), &[line.as_ref(), path.as_os_str()]).status()
}

/// Opens `url` in the web browser (`$BROWSER`, else the system's opener) without
/// waiting or letting it write on the browser's screen.
pub fn open_url(url: &str) -> std::io::Result<()> {
    let mut command = match std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        Some(browser) => crate::shell::command(&browser, &[url.as_ref()]),
        None if cfg!(target_os = "macos") => {
            let mut open = Command::new("open");
            open.arg(url);
            open
        }
        None => {
            let mut open = Command::new("xdg-open");
            open.arg(url);
            open
        }
    };
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reaped when it ends, on a thread of its own.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// The line (from 1) where the event `id` is written: its `id = "…"` under an
/// `[[events]]` header in TOML, its `"id": "…"` in the events of JSON (after the
/// document's `"events"` key, or after the metadata line of JSON Lines); 1 when it
/// cannot be found. An actor or source may have the same id: they are not looked at.
pub fn line_of(text: &str, format: Format, id: &str) -> usize {
    let quoted = format!("\"{id}\"");
    let mut in_events = format == Format::JsonLines;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match format {
            Format::Toml if trimmed.starts_with('[') => {
                in_events = trimmed.starts_with("[[events]]");
                continue;
            }
            Format::Json if !in_events => {
                in_events = line.contains("\"events\"");
            }
            Format::JsonLines if i == 0 => continue,
            _ => {}
        }
        if !in_events {
            continue;
        }
        let Some(at) = line.find(&quoted) else {
            continue;
        };
        let before = line[..at].trim_end();
        let names_id = match format {
            Format::Toml => before.trim_end_matches('=').trim() == "id",
            Format::Json | Format::JsonLines => {
                before.trim_end_matches(':').trim_end().ends_with("\"id\"")
            }
            _ => false,
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
        let toml = "title = \"t\"\n[[actors]]\nid = \"a\"\n[[events]]\nid = \"a\"\nsummary = \"id = \\\"b\\\"\"\n[[events]]\nid=\"b\"\n";
        assert_eq!(
            line_of(toml, Format::Toml, "a"),
            5,
            "the event, not the actor"
        );
        assert_eq!(line_of(toml, Format::Toml, "b"), 8);
        let json = "{\"actors\": [{\"id\": \"b\"}],\n\"events\": [\n {\"id\": \"a\",\n  \"note\": \"b\"},\n {\"id\":\"b\"}]}";
        assert_eq!(line_of(json, Format::Json, "b"), 5);
        assert_eq!(line_of(json, Format::Json, "zzz"), 1);
    }
}
