//! The footer: the keys that matter now, from the key table, or the search line. Hints
//! that do not fit give way whole, least important first; help and quit always stay.

use crate::text::sanitize;
use crate::tui::app::{Action, App, Mode};
use crate::tui::keys::{self, Hint};
use crate::tui::picker::PickerKind;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mode = app.key_mode();
    let hints = relevant(app, keys::hints(mode));
    let mut spans = Vec::new();
    let mut room = area.width as usize;
    if let Mode::Search { .. } = app.mode() {
        spans = vec![
            Span::styled(" / ", theme.key),
            Span::styled(sanitize(&app.filter().text).into_owned(), theme.text),
            Span::styled("▏", theme.key),
            Span::raw("  "),
        ];
        // What cannot be searched for is said, not silently dropped.
        if let Some(problem) = app.query().problems.first() {
            spans.push(Span::styled(
                format!("{}  ", sanitize(problem)),
                theme.warning,
            ));
        }
        room = room.saturating_sub(spans.iter().map(Span::width).sum());
    } else if let Mode::Prompt(prompt) = app.mode() {
        let label = match prompt.what {
            crate::tui::app::PromptFor::Tags => " tags: ",
            crate::tui::app::PromptFor::Note => " note: ",
            crate::tui::app::PromptFor::SaveView => " save the view as: ",
            crate::tui::app::PromptFor::OpenView => " open the view: ",
        };
        spans = vec![
            Span::styled(label, theme.key),
            Span::styled(sanitize(&prompt.text).into_owned(), theme.text),
            Span::styled("▏", theme.key),
            Span::raw("  "),
        ];
        room = room.saturating_sub(spans.iter().map(Span::width).sum());
    } else {
        spans.push(Span::raw(" "));
        room = room.saturating_sub(1);
    }
    if let Some(status) = app.status() {
        // The answer to the last key comes first; the hints that still fit follow it.
        let status = format!("{status}  ");
        room = room.saturating_sub(crate::text::width(&status));
        spans.push(Span::styled(status, theme.warning));
    }
    for hint in fit(hints, room) {
        spans.push(Span::styled(hint.keys, theme.key));
        spans.push(Span::styled(format!(" {}  ", hint.label), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Leaves out hints for keys that would do nothing here.
fn relevant(app: &App, hints: Vec<Hint>) -> Vec<Hint> {
    hints
        .into_iter()
        .filter(|h| match (&h.action, app.mode()) {
            (Action::Up | Action::Down, Mode::Read(_)) => app.page_scroll().scrolls(),
            (Action::ToggleMatch | Action::ToggleCounterpart, Mode::Picker(p)) => {
                p.kind == PickerKind::Country
            }
            (Action::ToggleLanes, _) => app.screen() == crate::tui::layout::Screen::Lanes,
            (Action::TickRange | Action::TickYear, Mode::Picker(p)) => p.kind == PickerKind::Month,
            (Action::Undo, _) => app.can_undo(),
            // The built-in data and a pipe are not files to edit.
            (Action::Edit, _) => app.follows(),
            _ => true,
        })
        .collect()
}

/// Columns one hint takes: "key label" and two spaces.
fn width(hint: &Hint) -> usize {
    crate::text::width(&hint.keys) + 1 + crate::text::width(hint.label) + 2
}

/// The hints that fit in `room` columns, in their order: while they do not fit, the one
/// with the highest priority number (the last of equals) is left out; priority 0 stays.
pub fn fit(mut hints: Vec<Hint>, room: usize) -> Vec<Hint> {
    // The last two spaces may run off the edge.
    while hints.iter().map(width).sum::<usize>() > room + 2 {
        let drop = (0..hints.len())
            .filter(|&i| hints[i].priority > 0)
            .max_by_key(|&i| (hints[i].priority, i));
        match drop {
            Some(i) => {
                hints.remove(i);
            }
            None => break,
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::KeyMode;

    #[test]
    fn narrow_footers_keep_help_and_quit() {
        let all = keys::hints(KeyMode::Normal);
        let wide = fit(all.clone(), 200);
        assert_eq!(wide.len(), all.len());
        for room in [0, 10, 20, 40, 60, 80] {
            let kept = fit(all.clone(), room);
            let labels: Vec<&str> = kept.iter().map(|h| h.label).collect();
            assert!(labels.ends_with(&["help", "quit"]), "{room}: {labels:?}");
            let used: usize = kept.iter().map(width).sum();
            let essential = kept.iter().all(|h| h.priority == 0);
            assert!(used <= room + 2 || essential, "{room}: {labels:?}");
        }
        let at_40: Vec<&str> = fit(all, 40).iter().map(|h| h.label).collect();
        assert_eq!(at_40, ["move", "detail", "help", "quit"]);
    }
}
