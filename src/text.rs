//! Text helpers shared by every face of the program: folding for search, and making data
//! text safe and well-fitted for a terminal.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Lower-cases and strips accents, so "Tokaïev" and "TOKAIEV" both find "tokaiev".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appending to a buffer (builds search text without a string per field).
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            // Canonical decomposition, then drop the marks: "é" → "e", "Ü" → "u".
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            });
        }
    }
}

/// Whether `haystack` contains `needle` ignoring ASCII case. `needle` must already be
/// folded (lower case); a non-ASCII needle never matches here, so only use this on ASCII
/// haystacks, where folding is just lower-casing.
pub fn contains_ascii_folded(haystack: &str, needle: &str) -> bool {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return true;
    };
    if hay.len() < needle.len() {
        return false;
    }
    let last_start = hay.len() - needle.len();
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &hay[..=last_start])
        .any(|at| hay[at..at + needle.len()].eq_ignore_ascii_case(needle))
}

/// Characters that could move the cursor, recolour or rewrite a terminal, or reorder
/// displayed text: C0/C1 controls, DEL, and the bidirectional overrides and isolates.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Tokaïev ÉTAT Ürümqi"), "tokaiev etat urumqi");
        assert_eq!(fold("ASCII Only"), "ascii only");
        assert_eq!(fold("Москва"), "москва");
    }

    #[test]
    fn ascii_search_ignores_case_and_needs_the_whole_needle() {
        assert!(contains_ascii_folded("Tokayev Says", "says"));
        assert!(contains_ascii_folded("Tokayev Says", "kayev s"));
        assert!(contains_ascii_folded("abc", ""));
        assert!(!contains_ascii_folded("Tokayev", "tokayevs"));
        assert!(!contains_ascii_folded("ab", "abc"));
        assert!(!contains_ascii_folded("Kazakh", "é"));
    }

    #[test]
    fn sanitize_neutralises_escapes_and_bidi() {
        assert_eq!(sanitize("plain"), "plain");
        assert_eq!(sanitize("a\x1b[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("line\nnext\ttab"), "line next tab");
        assert_eq!(sanitize("x\u{202E}y\u{9B}z"), "x\u{FFFD}y\u{FFFD}z");
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
