//! The header: dataset title, "N of M events", and the active filters in words.

use super::spread;
use crate::text::sanitize;
use crate::tui::app::{Action, App};
use crate::tui::keys::{self, KeyMode};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let count = format!(
        "{} of {} events ",
        app.matches().len(),
        app.dataset().events.len()
    );
    let title = vec![
        Span::styled(" demarche ", theme.title),
        Span::styled(sanitize(&app.dataset().title).into_owned(), theme.label),
    ];
    let first = spread(title, Span::styled(count, theme.label), area.width);
    let mut filters = vec![Span::raw(" ")];
    if app.filter().is_empty() {
        // The keys that set a filter, as the key table binds them.
        let mut hint = String::from("no filters");
        for hint_of in keys::hints(KeyMode::Normal) {
            let sets_filter = matches!(
                hint_of.action,
                Action::OpenPicker(_) | Action::OpenSearch | Action::ToggleHelp
            );
            if sets_filter {
                hint.push_str(&format!(" · {} {}", hint_of.keys, hint_of.label));
            }
        }
        filters.push(Span::styled(hint, theme.dim));
    } else {
        filters.push(Span::styled(
            sanitize(&app.filter().describe()).into_owned(),
            theme.text,
        ));
    }
    if app.matches().year_only_left_out > 0 {
        filters.push(Span::styled(
            format!(
                "  (+{} dated only to the year, not shown under a month filter)",
                app.matches().year_only_left_out
            ),
            theme.dim,
        ));
    }
    let lines = vec![first, Line::from(filters)];
    frame.render_widget(Paragraph::new(lines), area);
}
