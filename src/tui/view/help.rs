//! The help overlay: every key.

use super::centered;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

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

/// Where the help box goes on this screen.
fn area(screen: Rect) -> Rect {
    centered(screen, 66, KEYS.len() as u16 + 4)
}

fn paragraph(theme: &Theme) -> Paragraph<'static> {
    let mut lines = vec![Line::raw("")];
    for (key, what) in KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!(" {key:<18}"), theme.key),
            Span::styled(*what, theme.text),
        ]));
    }
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// How far the help can scroll on a screen this size (0 when it all fits).
pub fn max_scroll(screen: Rect) -> u16 {
    let area = area(screen);
    let theme = Theme::new(crate::cli::ThemeName::Default, true);
    let lines = paragraph(&theme).line_count(area.width.saturating_sub(2));
    lines.saturating_sub(area.height.saturating_sub(2) as usize) as u16
}

pub fn render(frame: &mut Frame, screen: Rect, scroll: u16, theme: &Theme) {
    let area = area(screen);
    let hint = if max_scroll(screen) > 0 {
        " ↑↓ scroll · ? or Esc closes "
    } else {
        " ? or Esc closes "
    };
    let block = Block::bordered()
        .title(Span::styled(" Keys ", theme.title))
        .title_bottom(Span::styled(hint, theme.dim))
        .border_style(theme.border_focused);
    frame.render_widget(Clear, area);
    frame.render_widget(paragraph(theme).block(block).scroll((scroll, 0)), area);
}
