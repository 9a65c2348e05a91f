//! The help overlay: every key.

use super::centered;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub const KEYS: &[(&str, &str)] = &[
    ("↑ ↓  j k", "move through events"),
    ("PgUp PgDn  ^u ^d", "a page / half a page"),
    ("Home End  g G", "first / last event"),
    ("[  ]", "previous / next month"),
    ("Enter", "open or close the detail"),
    ("Tab", "focus timeline / detail (to scroll it)"),
    ("c", "pick countries (^a: any / all)"),
    ("m", "pick months"),
    ("t", "pick kinds"),
    ("  in a picker", "type to narrow, Space select, Enter apply"),
    ("/", "search as you type; Enter keeps, Esc restores"),
    ("x", "clear all filters"),
    ("u", "undo the last filter change"),
    ("?", "this help"),
    ("q  Esc  ^c", "quit (Esc first closes what is open)"),
    ("mouse", "wheel scrolls, click selects (with --mouse)"),
];

pub fn render(frame: &mut Frame, screen: Rect, theme: &Theme) {
    let area = centered(screen, 66, KEYS.len() as u16 + 4);
    let mut lines = vec![Line::raw("")];
    for (key, what) in KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!(" {key:<18}"), theme.key),
            Span::styled(*what, theme.text),
        ]));
    }
    let block = Block::bordered()
        .title(Span::styled(" Keys ", theme.title))
        .title_bottom(Span::styled(" ? or Esc closes ", theme.dim))
        .border_style(theme.border_focused);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
