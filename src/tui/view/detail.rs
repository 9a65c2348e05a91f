//! The detail pane: the selected event in full, wrapped and scrollable.

use crate::text::sanitize;
use crate::tui::app::{App, Focus};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Wrap};

fn paragraph<'a>(app: &'a App, theme: &Theme) -> Paragraph<'a> {
    Paragraph::new(content(app, theme)).wrap(Wrap { trim: false })
}

/// Wrapped lines of the detail at this pane size (for scrolling limits).
pub fn line_count(app: &App, area: Rect) -> usize {
    let theme = Theme::new(crate::cli::ThemeName::Default, true);
    paragraph(app, &theme).line_count(area.width.saturating_sub(2))
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus == Focus::Detail || app.detail_fullscreen();
    let block = Block::bordered()
        .title(Span::styled(
            " Detail ",
            if focused {
                theme.border_focused
            } else {
                theme.border
            },
        ))
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        });
    let widget = paragraph(app, theme)
        .block(block)
        .scroll((app.detail_scroll, 0));
    frame.render_widget(widget, area);
}

fn content<'a>(app: &'a App, theme: &Theme) -> Text<'a> {
    let Some(index) = app.selected_event() else {
        return Text::from(Span::styled("No event selected.", theme.dim));
    };
    let d = &app.dataset;
    let event = &d.events[index];
    let s = |t: &str| sanitize(t).into_owned();
    let mut lines = vec![
        Line::from(Span::styled(s(event.headline()), theme.title)),
        Line::raw(""),
        Line::from(vec![
            Span::styled(event.date.display(), theme.label),
            Span::styled(format!("  ·  {}", event.kind), theme.kind),
        ]),
    ];
    if let Some(note) = event.date_note() {
        lines.push(Line::from(Span::styled(
            format!("Date: {}", s(note)),
            theme.dim,
        )));
    }
    lines.push(Line::raw(""));
    let mut countries = vec![Span::styled("Countries: ", theme.label)];
    for (i, c) in event.countries().iter().enumerate() {
        if i > 0 {
            countries.push(Span::raw(", "));
        }
        countries.push(Span::styled(format!("{c} {}", c.name()), theme.country(*c)));
    }
    lines.push(Line::from(countries));
    if !event.actors().is_empty() {
        lines.push(Line::from(Span::styled("Actors:", theme.label)));
        for &a in event.actors() {
            let a = d.actor(a);
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(s(&a.name), theme.text),
                Span::styled(format!(", {}", s(&a.role)), theme.dim),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(s(event.summary()), theme.text)));
    if let Some(notes) = event.notes() {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("Notes: ", theme.warning),
            Span::styled(s(notes), theme.text),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("Sources:", theme.label)));
    for &src in event.sources() {
        let src = d.source(src);
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(s(&src.outlet), theme.text),
            Span::styled(
                format!(
                    ", “{}”, {} ({})",
                    s(&src.title),
                    src.published.display(),
                    s(&src.language)
                ),
                theme.dim,
            ),
        ]));
    }
    lines.push(Line::from(Span::styled(
        format!("id: {}", s(event.id())),
        theme.dim,
    )));
    Text::from(lines)
}
