//! Text helpers shared by every face of the program: folding for search, and making data
//! text safe and well-fitted for a terminal.

mod fold;
mod suggest;

pub use fold::{fold, fold_into, fold_words_into, is_word_char};
pub use suggest::{closest, did_you_mean};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters that could move the cursor, recolour or rewrite a terminal, or reorder
/// displayed text: C0/C1 controls, DEL, and the bidirectional overrides and isolates.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible format characters that only hide: they take no room and show nothing, so
/// they break a layout's widths and hide text from search ("Bli\u{200B}nken" is not
/// "Blinken"). The zero-width joiner and non-joiner are not here: Persian, Indic scripts
/// and emoji need them. The bidirectional controls are in [`is_unsafe_char`].
pub fn is_hidden_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                     // soft hyphen
        | '\u{061C}'                   // Arabic letter mark
        | '\u{180E}'                   // Mongolian vowel separator
        | '\u{200B}'                   // zero width space
        | '\u{200E}' | '\u{200F}'      // left-to-right and right-to-left marks
        | '\u{2060}'..='\u{2064}'      // word joiner, invisible operators
        | '\u{206A}'..='\u{206F}'      // deprecated format characters
        | '\u{FEFF}'                   // zero width no-break space (a BOM inside text)
        | '\u{FFF9}'..='\u{FFFB}'      // interlinear annotation
        | '\u{1BCA0}'..='\u{1BCA3}'    // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}'    // musical formatting
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}' // tags
    )
}

/// The text as it may reach a terminal: every unsafe character shown as U+FFFD, newlines
/// and tabs as spaces. Borrowed unchanged in the usual case.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\t' | '\r' => ' ',
            c if is_unsafe_char(c) => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// A message as it may reach a terminal: each unsafe character (newlines and tabs too)
/// and each hidden one written as its escape (`\n`, `\u{1b}`, `\u{200b}`), so the message
/// shows what the data holds and stays on one line. Borrowed unchanged in the usual case.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| is_unsafe_char(c) || is_hidden_char(c);
    if !text.chars().any(escaped) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if escaped(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts to at most `max` columns, ending with "…" when anything was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Pads with spaces to exactly `columns` (cutting first if too wide).
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(w)));
    out
}

/// Wraps text at spaces into lines of at most `width` columns. The text comes in pieces,
/// each with a tag (a style, say) that stays with its words; a word may span pieces (a
/// marked part of it) and still moves to the next line whole; a word longer than a line is
/// cut across lines. Every line, even of empty text, is returned, at least one.
pub fn wrap<T: Copy>(pieces: &[(String, T)], width: usize) -> Vec<Vec<(String, T)>> {
    let room = width.max(1);
    // The words, each its fragments (one per piece it spans).
    let mut words: Vec<Vec<(String, T)>> = Vec::new();
    let mut open = false;
    for (text, tag) in pieces {
        for (k, word) in text.split(' ').enumerate() {
            if k > 0 {
                open = false;
            }
            if word.is_empty() {
                continue;
            }
            match words.last_mut() {
                Some(last) if open => last.push((word.to_string(), *tag)),
                _ => words.push(vec![(word.to_string(), *tag)]),
            }
            open = true;
        }
    }
    let mut lines = Vec::new();
    let mut line: Vec<(String, T)> = Vec::new();
    let mut used = 0;
    for word in words {
        let columns: usize = word.iter().map(|(t, _)| self::width(t)).sum();
        let gap = usize::from(used > 0);
        if used > 0 && used + gap + columns > room {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        let mut first = true;
        for (mut fragment, tag) in word {
            if first && used > 0 {
                fragment.insert(0, ' ');
            }
            first = false;
            // A word longer than a whole line (it starts a line): as much as fits on
            // each line, then the rest.
            loop {
                let w = self::width(&fragment);
                if used + w <= room {
                    used += w;
                    line.push((fragment, tag));
                    break;
                }
                if used == room {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                    continue;
                }
                let rest = fragment.split_off(split_at_columns(&fragment, room - used));
                line.push((fragment, tag));
                lines.push(std::mem::take(&mut line));
                used = 0;
                fragment = rest;
                if fragment.is_empty() {
                    break;
                }
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The byte index where `word`'s first `columns` columns end (at least one character).
fn split_at_columns(word: &str, columns: usize) -> usize {
    let mut used = 0;
    for (i, c) in word.char_indices() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > columns && i > 0 {
            return i;
        }
        used += w;
    }
    word.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_neutralises_escapes_and_bidi() {
        assert_eq!(sanitize("plain"), "plain");
        assert_eq!(sanitize("a\x1b[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("line\nnext\ttab"), "line next tab");
        assert_eq!(sanitize("x\u{202E}y\u{9B}z"), "x\u{FFFD}y\u{FFFD}z");
    }

    #[test]
    fn escape_shows_what_the_data_holds_on_one_line() {
        assert_eq!(escape("plain é"), "plain é");
        assert_eq!(escape("a\x1b]0;x\x07b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape("one\ntwo\r\t"), "one\\ntwo\\r\\t");
        // Invisible characters are shown too; the joiners scripts need are left alone.
        assert_eq!(escape("Bli\u{200B}nken\u{AD}"), "Bli\\u{200b}nken\\u{ad}");
        assert_eq!(escape("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(
            escape("\u{9b}\u{202e}\u{2066}\0\x7f"),
            "\\u{9b}\\u{202e}\\u{2066}\\u{0}\\u{7f}"
        );
        let escaped = escape("\x1b[2J\n\u{9b}");
        assert!(!escaped.chars().any(is_unsafe_char), "{escaped}");
    }

    #[test]
    fn wrapping_fits_the_width_and_keeps_tags() {
        let plain = |pieces: &[(String, u8)], w| -> Vec<String> {
            wrap(pieces, w)
                .iter()
                .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
                .collect()
        };
        let text = |t: &str, tag| (t.to_string(), tag);
        assert_eq!(
            plain(&[text("one two three four five", 0)], 10),
            ["one two", "three four", "five"]
        );
        assert_eq!(plain(&[text("abcdefghij", 0)], 4), ["abcd", "efgh", "ij"]);
        assert_eq!(plain(&[text("", 0)], 4), [""]);
        assert_eq!(plain(&[text("a", 0), text(", b", 1)], 10), ["a, b"]);
        let tags: Vec<u8> = wrap(&[text("a", 0), text(", b", 1)], 10)[0]
            .iter()
            .map(|p| p.1)
            .collect();
        assert_eq!(tags, [0, 1, 1], "the comma keeps its piece's tag");
        // A word in several pieces (a marked part) moves to the next line whole, and
        // the space between pieces is kept.
        assert_eq!(
            plain(
                &[
                    text("slowed by ", 0),
                    text("sanctions", 1),
                    text("-wary firms", 0)
                ],
                16
            ),
            ["slowed by", "sanctions-wary", "firms"]
        );
        assert_eq!(plain(&[text("a ", 0), text("b", 1)], 10), ["a b"]);
        let wide = plain(&[text("日本語テキスト です", 0)], 8);
        assert!(wide.iter().all(|l| width(l) <= 8), "{wide:?}");
    }

    #[test]
    fn truncation_counts_columns_not_bytes() {
        assert_eq!(truncate("Kazakhstan", 20), "Kazakhstan");
        assert_eq!(truncate("Kazakhstan", 6), "Kazak…");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(width(&truncate("日本語テキスト", 5)), 5);
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("abcdef", 4), "abc…");
    }
}
