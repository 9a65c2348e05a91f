//! The export dialog: what will be written, the file's name, and the formats.

use crate::export::Format;
use crate::text;
use crate::tui::app::{Action, App};
use crate::tui::export::ExportDialog;
use crate::tui::keys::{self, KeyMode};
use crate::tui::layout::centered;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// Lines above the formats: what is written, the file, and a question or a problem.
const HEAD: usize = 3;

pub fn render(frame: &mut Frame, screen: Rect, dialog: &ExportDialog, app: &App, theme: &Theme) {
    let wanted = (HEAD + Format::ALL.len() + 2) as u16;
    let area = centered(screen, 64, wanted.min(screen.height.saturating_sub(2)));
    let inner_w = area.width.saturating_sub(2) as usize;
    let what = match app.filter().is_empty() {
        true => format!(" {}, all of the dataset", app.matches().summary()),
        false => format!(
            " {}: {}",
            app.matches().summary(),
            text::sanitize(&app.filter().describe())
        ),
    };
    // The end of a long name is what the user is typing: keep it in view.
    let name = text::sanitize(&dialog.name);
    let room = inner_w.saturating_sub(" File: ".len() + 1);
    let skip = text::width(&name).saturating_sub(room);
    let shown: String = name.chars().skip(skip).collect();
    let enter = keys::key_for(KeyMode::Export, &Action::Accept).unwrap_or_default();
    let note = match (&dialog.problem, dialog.confirming) {
        (Some(problem), _) => Span::styled(format!(" {problem}"), theme.warning),
        (None, true) => Span::styled(
            format!(" it exists: {enter} again replaces it, or change the name"),
            theme.warning,
        ),
        (None, false) => Span::raw(""),
    };
    let mut lines = vec![
        Line::from(Span::styled(text::truncate(&what, inner_w), theme.text)),
        Line::from(vec![
            Span::styled(" File: ", theme.label),
            Span::styled(shown, theme.text),
            Span::styled("▏", theme.key),
        ]),
        Line::from(note),
    ];
    // The formats, scrolled so the chosen one shows in a short box.
    let rows = (area.height as usize).saturating_sub(2 + HEAD).max(1);
    let offset = dialog.format.saturating_sub(rows - 1);
    for (i, format) in Format::ALL.iter().enumerate().skip(offset).take(rows) {
        let chosen = i == dialog.format;
        let about = text::truncate(format.about(), inner_w.saturating_sub(2 + 16));
        let line = Line::from(vec![
            Span::styled(if chosen { "▶ " } else { "  " }, theme.marker),
            Span::styled(text::pad(format.name(), 16), theme.label),
            Span::styled(about, theme.dim),
        ]);
        lines.push(if chosen {
            line.style(theme.selected)
        } else {
            line
        });
    }
    let block = Block::bordered()
        .title(Span::styled(" Write the view to a file ", theme.title))
        .border_style(theme.border_focused);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
