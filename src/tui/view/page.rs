//! The pages read over the screen: every key (from the key table), or the dataset's
//! description and sources.

use crate::tui::app::{Action, App};
use crate::tui::content::{self, Page};
use crate::tui::keys::{self, KeyMode};
use crate::tui::layout;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn render(frame: &mut Frame, screen: Rect, page: Page, app: &App, theme: &Theme) {
    let text = content::page(page, app.dataset(), theme, layout::help_room(screen));
    let area = content::page_area(screen, &text);
    let hints: Vec<String> = keys::hints(KeyMode::Help)
        .into_iter()
        .filter(|h| match h.action {
            Action::Up | Action::Down => app.page_scroll().scrolls(),
            ref action => *action == Action::Back,
        })
        .map(|h| h.text())
        .collect();
    let hint = format!(" {} ", hints.join(" · "));
    let block = Block::bordered()
        .title(Span::styled(page.title(), theme.title))
        .title_bottom(Span::styled(hint, theme.dim))
        .border_style(theme.border_focused);
    frame.render_widget(Clear, area);
    let paragraph = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(block)
        .scroll((app.page_scroll().pos(), 0));
    frame.render_widget(paragraph, area);
}
