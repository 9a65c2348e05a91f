//! The help overlay: every key, from the key table.

use crate::tui::app::{Action, App};
use crate::tui::content;
use crate::tui::keys::{self, KeyMode};
use crate::tui::layout;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn render(frame: &mut Frame, screen: Rect, app: &App, theme: &Theme) {
    let text = content::help(theme, layout::help_room(screen));
    let area = layout::help_box(screen, text.lines.len(), text.width());
    let hints: Vec<String> = keys::hints(KeyMode::Help)
        .into_iter()
        .filter(|h| match h.action {
            Action::ToggleHelp => true,
            Action::Up | Action::Down => app.help_scroll().scrolls(),
            _ => false,
        })
        .map(|h| format!("{} {}", h.keys, h.label))
        .collect();
    let hint = format!(" {} ", hints.join(" · "));
    let block = Block::bordered()
        .title(Span::styled(" Keys ", theme.title))
        .title_bottom(Span::styled(hint, theme.dim))
        .border_style(theme.border_focused);
    frame.render_widget(Clear, area);
    let paragraph = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(block)
        .scroll((app.help_scroll().pos(), 0));
    frame.render_widget(paragraph, area);
}
