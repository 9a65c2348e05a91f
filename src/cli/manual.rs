//! `demarche man` and `demarche completions`: the manual page and the shells' completion
//! scripts, both made from the clap definition (and the page's keys from the browser's
//! key table), so they cannot drift from what the program accepts.

use super::Cli;
use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};
use std::io::{self, Write};

/// The completion script for `shell`. Made in memory first: clap_complete panics on a
/// write that fails (a closed pipe, a full disk), and a failure here is an error.
pub fn completions(out: &mut dyn Write, shell: clap_complete::Shell) -> io::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "demarche", &mut script);
    out.write_all(&script)
}

/// The manual page: every command and its flags, the browser's keys, the search
/// language, the data format's outline, the environment and the exit codes.
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    let cli = Cli::command();
    let page = Man::new(cli.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for command in cli.get_subcommands() {
        let about = command
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default();
        item(
            &mut roff,
            &format!("demarche {}", command.get_name()),
            &about,
        );
    }
    roff.to_writer(out)?;
    // clap_mangen lists only the top command's flags: each command's follow, under a
    // heading of its name.
    for command in cli.get_subcommands() {
        Man::new(own_flags(command)).render_options_section(out)?;
    }
    let mut roff = Roff::new();
    keys(&mut roff);
    search(&mut roff);
    data_format(&mut roff);
    environment(&mut roff);
    exit_status(&mut roff);
    roff.to_writer(out)?;
    page.render_version_section(out)
}

/// A command's own flags (not the global ones), under the heading "NAME OPTIONS".
fn own_flags(command: &clap::Command) -> clap::Command {
    let name = command.get_name();
    let heading = format!("{} options", name.to_uppercase());
    let mut flags = clap::Command::new(format!("demarche-{name}")).disable_help_flag(true);
    for arg in command.get_arguments() {
        if !arg.is_global_set() && !arg.is_hide_set() && arg.get_id() != "help" {
            flags = flags.arg(arg.clone().help_heading(heading.clone()));
        }
    }
    flags
}

fn section(roff: &mut Roff, title: &str, text: &str) {
    roff.control("SH", [title]);
    roff.text([roman(text)]);
}

fn item(roff: &mut Roff, term: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(term)]);
    roff.text([roman(text)]);
}

fn keys(roff: &mut Roff) {
    use crate::tui::keys::{KeyMode, help_lines};
    section(
        roff,
        "KEYS",
        "With no command, demarche opens the browser. Its keys, by what has the keyboard \
         (the help screen, ?, shows the same table):",
    );
    for mode in KeyMode::ALL {
        roff.control("SS", [mode.title()]);
        for line in help_lines(mode) {
            item(roff, &line.keys, line.help);
        }
    }
}

fn search(roff: &mut Roff) {
    section(
        roff,
        "SEARCH",
        "The words of -s and of the browser's / are matched case- and accent-insensitively \
         (Arabic spelling variants fold together) against headlines, summaries, notes, date \
         notes, actors' names and roles, countries' names and source titles:",
    );
    for (typed, finds) in crate::query::search::SYNTAX {
        item(roff, typed, finds);
    }
}

fn data_format(roff: &mut Roff) {
    section(
        roff,
        "DATA FORMAT",
        "A dataset is TOML, a JSON document (.json) or JSON Lines (.jsonl, .ndjson: the \
         first line holds everything but the events, then one event a line). It has a \
         title and a description, and lists of sources, actors, countries and events. An \
         event has an id (kebab-case), a date (YYYY, YYYY-MM or YYYY-MM-DD) with an \
         optional end and part (early, mid or late, for a month), a date_note saying where \
         an inferred date comes from, a kind, countries (ISO 3166-1 alpha-2), actors (ids), \
         a headline of at most 80 characters, a summary, optional notes, and sources (ids). \
         A source has an id, outlet, title, language, published date and what it is about; \
         an actor an id, name and role. `demarche validate` names every problem with its \
         file, line and field. The README describes every field.",
    );
    section(
        roff,
        "IMPORTED DATA",
        "--data also reads GDELT 2.0 and 1.0 event files (tab-separated, plain or zipped), \
         ACLED CSV exports, TimelineJS sheets saved as CSV, and any CSV through a mapping \
         file (--map), told by name and first line or by --data-format. Rows go through \
         the same checks; a bad row is named by line and column and refuses the file \
         unless --skip-bad. GDELT keeps, by default, only events between two different \
         countries, one event per article, date, actors and kind (--any-actors, \
         --keep-duplicates, --cameo change that). What is left out is said on standard \
         error unless --quiet. `demarche formats NAME` tells how each layout becomes \
         events; `demarche convert IN OUT.toml` writes a dataset to curate.",
    );
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    let variables = [
        ("DEMARCHE_DATA", "the dataset to load, as --data"),
        (
            "DEMARCHE_CONFIG",
            "the config file (default $XDG_CONFIG_HOME/demarche/config.toml, or \
             ~/.config/demarche/config.toml): data, theme, pane, [keys] and [views]; \
             `demarche config check` checks it",
        ),
        (
            "NO_COLOR",
            "set and not empty: no colour (--color always still colours)",
        ),
        (
            "CLICOLOR_FORCE",
            "set and not 0: colour even when not writing to a terminal",
        ),
        (
            "PAGER",
            "the pager for long output on a terminal (default less -FRX; empty or cat: none)",
        ),
        (
            "DEMARCHE_MAX_FILE_MB, DEMARCHE_MAX_ENTRY_MB",
            "the largest file read whole (4096) and the longest entry (1024), in MB",
        ),
    ];
    for (name, meaning) in variables {
        item(roff, name, meaning);
    }
}

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    item(roff, "0", "success (no matching event is success)");
    item(
        roff,
        "1",
        "invalid data, an unknown event id, or a file not written",
    );
    item(
        roff,
        "2",
        "a usage error: an unknown flag, country, kind or month",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_lists_every_command_s_flags_and_the_keys() {
        let mut out = Vec::new();
        man(&mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        for wanted in [
            ".SH \"LIST OPTIONS\"",
            ".SH \"EXPORT OPTIONS\"",
            "group\\-by",
            ".SH KEYS",
            "write the view to a file",
            ".SH \"DATA FORMAT\"",
            "no\\-pager",
        ] {
            assert!(page.contains(wanted), "{wanted} is missing from the page");
        }
    }

    #[test]
    fn bash_completion_offers_commands_and_kinds() {
        let mut out = Vec::new();
        completions(&mut out, clap_complete::Shell::Bash).unwrap();
        let script = String::from_utf8(out).unwrap();
        assert!(script.contains("list show stats export"), "commands");
        assert!(script.contains("visit meeting call statement"), "kinds");
    }
}
