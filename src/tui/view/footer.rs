//! The footer: the keys that matter in the current mode, or the search line.

use super::help;
use crate::text::sanitize;
use crate::tui::app::{App, Mode};
use crate::tui::picker::PickerKind;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let keys: &[(&str, &str)] = match &app.mode {
        Mode::Search { .. } => {
            let line = Line::from(vec![
                Span::styled(" / ", theme.key),
                Span::styled(sanitize(&app.filter.text).into_owned(), theme.text),
                Span::styled("▏", theme.key),
                Span::styled("   Enter keep · Esc restore · ↑↓ move", theme.dim),
            ]);
            frame.render_widget(Paragraph::new(line), area);
            return;
        }
        Mode::Help if help::max_scroll(Rect::new(0, 0, app.size.0, app.size.1)) > 0 => {
            &[("↑↓", "scroll"), ("?/Esc", "close help"), ("^c", "quit")]
        }
        Mode::Help => &[("?/Esc", "close help"), ("^c", "quit")],
        Mode::Picker(p) if p.kind == PickerKind::Country => &[
            ("type", "to narrow"),
            ("Space", "select"),
            ("Enter", "apply"),
            ("Esc", "cancel"),
            ("^a", "any/all"),
        ],
        Mode::Picker(_) => &[
            ("type", "to narrow"),
            ("Space", "select"),
            ("Enter", "apply"),
            ("Esc", "cancel"),
        ],
        Mode::Normal if app.detail_fullscreen() => &[
            ("↑↓", "scroll"),
            ("Enter/Esc", "back"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Mode::Normal => &[
            ("↑↓", "move"),
            ("Enter", "detail"),
            ("c", "country"),
            ("m", "month"),
            ("t", "kind"),
            ("/", "search"),
            ("x", "clear"),
            ("u", "undo"),
            ("?", "help"),
            ("q", "quit"),
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in keys {
        spans.push(Span::styled(*key, theme.key));
        spans.push(Span::styled(format!(" {what}  "), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
