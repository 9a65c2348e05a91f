//! The text of the detail and the help screen. Drawing paints it; `App::update` measures
//! it to know how far each can scroll, so both build it here, from the data alone.

use super::keys::{self, KeyMode};
use super::theme::Theme;
use crate::model::Dataset;
use crate::text::sanitize;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

/// Columns of the key column on the help screen.
const KEY_COLUMN: usize = 14;

/// The selected event in full (or a placeholder when nothing is selected).
pub fn detail(dataset: &Dataset, event: Option<usize>, theme: &Theme) -> Text<'static> {
    let Some(index) = event else {
        return Text::from(Span::styled("No event selected.", theme.dim));
    };
    let event = &dataset.events[index];
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
            let a = dataset.actor(a);
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
        let src = dataset.source(src);
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(s(&src.outlet), theme.text),
            Span::styled(format!(", {}", crate::export::citation(src)), theme.dim),
        ]));
    }
    lines.push(Line::from(Span::styled(
        format!("id: {}", s(event.id())),
        theme.dim,
    )));
    Text::from(lines)
}

/// Columns of one column of the help screen: the key column and its explanation.
pub const HELP_COLUMN: usize = 2 + KEY_COLUMN + 42;

/// Every key, by mode, from the key table: in two columns when `width` has room for them,
/// otherwise in one.
pub fn help(theme: &Theme, width: u16) -> Text<'static> {
    let section = |modes: &[KeyMode], mouse: bool| {
        let mut lines: Vec<Line<'static>> = Vec::new();
        for &mode in modes {
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::from(Span::styled(
                format!(" {}", mode.title()),
                theme.label,
            )));
            for line in keys::help_lines(mode) {
                lines.push(key_line(&line.keys, line.help, theme));
            }
        }
        if mouse {
            lines.push(Line::raw(""));
            lines.push(key_line(
                "mouse",
                "wheel scrolls, click selects (--mouse)",
                theme,
            ));
        }
        lines
    };
    let left = section(&[KeyMode::Normal, KeyMode::Detail], false);
    let right = section(&[KeyMode::Picker, KeyMode::Search, KeyMode::Help], true);
    if (width as usize) < 2 * HELP_COLUMN {
        return Text::from([left, vec![Line::raw("")], right].concat());
    }
    let rows = left.len().max(right.len());
    let mut left = left.into_iter();
    let mut right = right.into_iter();
    let lines = (0..rows).map(|_| {
        let mut line = left.next().unwrap_or_default();
        let pad = HELP_COLUMN.saturating_sub(line.width());
        line.spans.push(Span::raw(" ".repeat(pad)));
        line.spans.extend(right.next().unwrap_or_default().spans);
        line
    });
    Text::from(lines.collect::<Vec<_>>())
}

fn key_line(keys: &str, help: &'static str, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("  {}", crate::text::pad(keys, KEY_COLUMN)),
            theme.key,
        ),
        Span::styled(help, theme.text),
    ])
}

/// How many lines `text` takes wrapped to `width` columns.
pub fn line_count(text: Text<'_>, width: u16) -> usize {
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .line_count(width)
}
