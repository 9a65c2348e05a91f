//! The text of the detail and of the pages (help, about). Drawing paints it; `App::update`
//! measures it to know how far each can scroll, so both build it here, from the data alone.

use super::keys::{self, KeyMode};
use super::layout;
use super::theme::Theme;
use crate::model::Dataset;
use crate::query::{self, Query};
use crate::text::sanitize;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

/// The pages read over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Every key.
    Help,
    /// The dataset: its title, description and sources.
    About,
}

impl Page {
    pub fn title(self) -> &'static str {
        match self {
            Page::Help => " Keys ",
            Page::About => " About this dataset ",
        }
    }
}

/// A page's text, for `width` columns.
pub fn page(page: Page, dataset: &Dataset, theme: &Theme, width: u16) -> Text<'static> {
    match page {
        Page::Help => help(theme, width),
        Page::About => about(dataset, theme),
    }
}

/// The dataset's title, description, size and sources.
pub fn about(dataset: &Dataset, theme: &Theme) -> Text<'static> {
    let s = |t: &str| sanitize(t).into_owned();
    let mut lines = vec![
        Line::from(Span::styled(s(&dataset.title), theme.title)),
        Line::from(Span::styled(
            format!(
                "{} events, {} actors, {} sources",
                dataset.events.len(),
                dataset.actors.len(),
                dataset.sources.len()
            ),
            theme.dim,
        )),
        Line::raw(""),
    ];
    // Paragraphs as the description writes them (blank lines between them).
    for paragraph in dataset.description.split("\n\n") {
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        if !words.is_empty() {
            lines.push(Line::from(Span::styled(s(&words.join(" ")), theme.text)));
            lines.push(Line::raw(""));
        }
    }
    lines.push(Line::from(Span::styled("Sources", theme.label)));
    for source in &dataset.sources {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", s(&source.outlet)), theme.text),
            Span::styled(format!(", {}", crate::export::citation(source)), theme.dim),
        ]));
        let mut about = s(&source.about);
        if let Some(based) = &source.based_on {
            about.push_str(&format!(" Based on {}.", s(based)));
        }
        lines.push(Line::from(Span::styled(format!("    {about}"), theme.dim)));
    }
    Text::from(lines)
}

/// Columns of the key column on the help screen.
const KEY_COLUMN: usize = 14;

/// Columns of the labels down the detail's left side ("Countries").
const LABEL: usize = 11;

/// The selected event in full, laid out for `width` columns (or a placeholder when nothing
/// is selected): the headline, the date and kind, the summary, then the caveats and the
/// references, each under a label with its wrapped lines hanging under the value. What
/// the search finds is marked (`theme.matched`), and a line says where each term was found.
pub fn detail(
    dataset: &Dataset,
    event: Option<usize>,
    query: &Query,
    theme: &Theme,
    width: u16,
) -> Text<'static> {
    let width = (width as usize).max(LABEL + 8);
    let Some(index) = event else {
        return Text::from(Span::styled("No event selected.", theme.dim));
    };
    let event = &dataset.events[index];
    // Data text made safe, in pieces with what the search finds marked.
    let m = |t: &str, style: Style| marked(&sanitize(t), style, query, theme.matched);
    let mut lines = wrap(m(event.headline(), theme.title), width, 0);
    lines.push(Line::from(vec![
        Span::styled(event.date.display(), theme.label),
        Span::styled(format!("  ·  {}", event.kind), theme.kind),
    ]));
    if let Some(mark) = dataset.marks().get(event.id()) {
        let mut said = Vec::new();
        if mark.starred {
            said.push(Span::styled("★ starred", theme.warning));
        }
        for tag in &mark.tags {
            said.push(Span::styled(format!("  #{}", sanitize(tag)), theme.key));
        }
        if let Some(note) = &mark.note {
            said.push(Span::styled(format!("  {}", sanitize(note)), theme.dim));
        }
        lines.push(Line::from(said));
    }
    lines.push(Line::raw(""));
    lines.extend(wrap(m(event.summary(), theme.text), width, 0));
    lines.push(Line::raw(""));
    let mut field = |label: &str, label_style, words: Vec<(String, Style)>| {
        let mut wrapped = wrap(words, width, LABEL);
        if let Some(first) = wrapped.first_mut() {
            first.spans[0] = Span::styled(crate::text::pad(label, LABEL), label_style);
        }
        lines.extend(wrapped);
    };
    if let Some(notes) = event.notes() {
        field("Notes", theme.warning, m(notes, theme.text));
    }
    if let Some(note) = event.date_note() {
        field("Date", theme.label, m(note, theme.dim));
    }
    // One piece per country, each in its colour; the space before it belongs to it.
    let mut countries = Vec::new();
    for (i, c) in event.countries().iter().enumerate() {
        let space = if i > 0 { " " } else { "" };
        let comma = if i + 1 < event.countries().len() {
            ","
        } else {
            ""
        };
        let style = theme.country(dataset.country_rank(*c));
        countries.extend(m(&format!("{space}{c} {}{comma}", c.name()), style));
    }
    field("Countries", theme.label, countries);
    for (i, &a) in event.actors().iter().enumerate() {
        let a = dataset.actor(a);
        let mut words = m(&a.name, theme.text);
        words.extend(m(&format!(", {}", a.role), theme.dim));
        if let Some(arabic) = &a.name_ar {
            words.extend(m(&format!(" · {arabic}"), theme.dim));
        }
        field(if i == 0 { "Actors" } else { "" }, theme.label, words);
    }
    for (i, &src) in event.sources().iter().enumerate() {
        let src = dataset.source(src);
        let mut words = m(&src.outlet, theme.text);
        words.extend(m(&format!(", {}", crate::export::citation(src)), theme.dim));
        if let Some(url) = &src.url {
            words.extend(m(&format!(" {url}"), theme.key));
        }
        field(if i == 0 { "Sources" } else { "" }, theme.label, words);
    }
    field(
        "id",
        theme.dim,
        vec![(sanitize(event.id()).into_owned(), theme.dim)],
    );
    let found = query::search::found_where(dataset, query, index);
    if !found.is_empty() {
        let said: Vec<String> = (found.iter())
            .map(|(term, places)| match places.is_empty() {
                true => format!("{term}: not found here"),
                false => format!("{term}: {}", places.join(", ")),
            })
            .collect();
        field(
            "Matched",
            theme.dim,
            vec![(sanitize(&said.join("; ")).into_owned(), theme.dim)],
        );
    }
    Text::from(lines)
}

/// `text` as styled pieces, the ranges the search finds in it in `matched` style (added
/// to `style`, so a mark keeps its colour's place and shows without colour too).
pub fn marked(text: &str, style: Style, query: &Query, matched: Style) -> Vec<(String, Style)> {
    let marks = if query.is_empty() {
        Vec::new()
    } else {
        query.marks(text)
    };
    let mut pieces = Vec::with_capacity(1 + 2 * marks.len());
    let mut at = 0;
    for range in marks {
        if range.start > at {
            pieces.push((text[at..range.start].to_string(), style));
        }
        pieces.push((text[range.clone()].to_string(), style.patch(matched)));
        at = range.end;
    }
    if at < text.len() || pieces.is_empty() {
        pieces.push((text[at..].to_string(), style));
    }
    pieces
}

/// Wraps styled text into lines of `width` columns that start with `indent` columns of
/// space (which the caller may overwrite with a label); see `text::wrap`.
fn wrap(pieces: Vec<(String, Style)>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let lines = crate::text::wrap(&pieces, width.saturating_sub(indent));
    lines
        .into_iter()
        .map(|line| {
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            spans.extend(
                line.into_iter()
                    .map(|(text, style)| Span::styled(text, style)),
            );
            Line::from(spans)
        })
        .collect()
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
            if mode == KeyMode::Search {
                lines.push(Line::raw(""));
                lines.push(Line::from(Span::styled(" Search words", theme.label)));
                for (typed, finds) in query::search::SYNTAX {
                    lines.push(key_line(typed, finds, theme));
                }
                let reads = "headline, summary, notes, date note, actors' names, roles and \
                             aliases, countries' names (Arabic too), source titles";
                for piece in crate::text::wrap(&[(format!("Reads: {reads}"), ())], HELP_COLUMN - 4)
                {
                    let text: String = piece.into_iter().map(|(t, _)| t).collect();
                    lines.push(Line::from(Span::styled(format!("  {text}"), theme.dim)));
                }
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
    let left = section(
        &[
            KeyMode::Normal,
            KeyMode::Detail,
            KeyMode::Context,
            KeyMode::Export,
            KeyMode::Prompt,
        ],
        false,
    );
    let right = section(
        &[
            KeyMode::Grid,
            KeyMode::Search,
            KeyMode::Picker,
            KeyMode::Help,
        ],
        true,
    );
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

/// Where a page's box goes on `screen`: as wide as its text needs (at most as wide as the
/// help's two columns), as tall as the text wrapped to that width.
pub fn page_area(screen: Rect, text: &Text<'_>) -> Rect {
    let width = text.width().min(2 * HELP_COLUMN) as u16;
    let inner = width.min(screen.width.saturating_sub(2));
    let lines = line_count(text.clone(), inner);
    layout::help_box(screen, lines, width as usize)
}

/// Columns of text inside a bordered, padded box of `width` columns.
pub fn inner_width(width: u16) -> u16 {
    width.saturating_sub(4)
}

/// How many lines `text` takes wrapped to `width` columns.
pub fn line_count(text: Text<'_>, width: u16) -> usize {
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .line_count(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn every_help_line_fits_its_column() {
        let room = HELP_COLUMN - 2 - KEY_COLUMN;
        for mode in KeyMode::ALL {
            for line in keys::help_lines(mode) {
                assert!(
                    crate::text::width(&line.keys) <= KEY_COLUMN,
                    "{}",
                    line.keys
                );
                assert!(crate::text::width(line.help) <= room, "{}", line.help);
            }
        }
        for (typed, finds) in query::search::SYNTAX {
            assert!(crate::text::width(typed) < KEY_COLUMN, "{typed}");
            assert!(crate::text::width(finds) <= room, "{finds}");
        }
    }

    #[test]
    fn wrapped_lines_hang_under_the_value_and_fit() {
        let style = Style::new();
        let text = "one two three four five six seven".to_string();
        let lines = plain(&wrap(vec![(text, style)], 16, 6));
        assert_eq!(
            lines,
            [
                "      one two",
                "      three four",
                "      five six",
                "      seven"
            ]
        );
        let long = plain(&wrap(vec![("abcdefghijklmnop".into(), style)], 10, 2));
        assert_eq!(long, ["  abcdefgh", "  ijklmnop"]);
        assert_eq!(plain(&wrap(vec![(String::new(), style)], 10, 2)), ["  "]);
        let wide = plain(&wrap(vec![("日本語テキスト です".into(), style)], 8, 0));
        assert!(wide.iter().all(|l| crate::text::width(l) <= 8), "{wide:?}");
    }

    #[test]
    fn the_detail_reads_like_a_page() {
        let dataset = crate::load::builtin().unwrap();
        let index = dataset.position_of("kz-spief-no-recognition").unwrap();
        let text = detail(
            &dataset,
            Some(index),
            &Query::default(),
            &Theme::plain(),
            50,
        );
        let lines = plain(&text.lines);
        assert!(
            lines.iter().all(|l| crate::text::width(l) <= 50),
            "{lines:#?}"
        );
        let at = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix));
        let date = lines.iter().position(|l| l.contains("  ·  ")).unwrap();
        let summary = date + 2;
        let first_word = dataset.events[index].summary().split(' ').next().unwrap();
        assert!(lines[summary].starts_with(first_word), "{lines:#?}");
        let countries = at("Countries").unwrap();
        let sources = at("Sources").unwrap();
        assert!(summary < countries && countries < sources, "{lines:#?}");
        // A wrapped value hangs under the value, not under the label.
        let after_sources = &lines[sources + 1];
        assert!(after_sources.starts_with(&" ".repeat(LABEL)), "{lines:#?}");
    }
}
