//! Folding for search: the text a person types and the text a dataset holds brought to
//! one form, so that "TOKAÏEV" finds "Tokayev"'s spelling "Tokaïev", "soren" finds
//! "Søren", and «الصينيه» finds «الصينية».
//!
//! - Case is dropped, and accents: canonical decomposition, then the combining marks go.
//! - Latin letters that do not decompose (ø, æ, ß, ł, đ, ı, þ …) are transliterated with
//!   the `deunicode` crate's tables, limited to letters whose transliteration is plain
//!   letters, so a word stays one word.
//! - Arabic is normalised as Arabic search engines do (Lucene's `ArabicNormalizer`, and
//!   the Persian letters they fold the same way): the alef forms أ إ آ ٱ become ا, ة
//!   becomes ه, ى becomes ي, ؤ becomes و and ئ becomes ي; tatweel and harakat are dropped;
//!   Arabic-Indic digits are read as digits.
//!
//! Other scripts (Cyrillic, Greek, CJK …) are only lower-cased and stripped of marks.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folds text for search; see the module's account of what folding does.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appending to a buffer (builds search text without a string per field).
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        fold_char(c, out);
    }
}

/// [`fold`], with every character that is not part of a word written as a space (a
/// newline stays a newline): the words of the result are the text's words folded one by
/// one.
pub fn fold_words_into(text: &str, out: &mut String) {
    for c in text.chars() {
        let folded = match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' | '\n' => c,
            c if c.is_ascii() => ' ',
            c if is_word_char(c) => {
                fold_char(c, out);
                continue;
            }
            _ => ' ',
        };
        out.push(folded);
    }
}

/// Whether `c` belongs to a word: a letter or digit, or a mark, tatweel or joiner that
/// sits inside one. Everything else (spaces, punctuation, symbols) parts words.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || matches!(c, TATWEEL | '\u{200C}' | '\u{200D}')
}

const TATWEEL: char = '\u{0640}';

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(arabic) = arabic(c) {
        if let Some(folded) = arabic {
            out.push(folded);
        }
        return;
    }
    // Canonical decomposition, then drop the marks: "é" → "e", "Ü" → "u".
    decompose_canonical(c, |d| {
        if is_combining_mark(d) || matches!(d, '\u{200C}' | '\u{200D}') {
            return;
        }
        for lower in d.to_lowercase() {
            match transliterated(lower) {
                // (Lower-cased too: some come as capitals, ŋ as "NG".)
                Some(ascii) => out.extend(ascii.chars().map(|c| c.to_ascii_lowercase())),
                None => out.push(lower),
            }
        }
    });
}

/// The ASCII letters a Latin letter that does not decompose stands for ("ø" → "o",
/// "ß" → "ss"), if it is one.
fn transliterated(c: char) -> Option<&'static str> {
    let latin = matches!(c,
        '\u{00C0}'..='\u{024F}'   // Latin-1 letters, Latin Extended-A and -B
        | '\u{1E00}'..='\u{1EFF}' // Latin Extended Additional
        | '\u{2C60}'..='\u{2C7F}' // Latin Extended-C
        | '\u{A720}'..='\u{A7FF}' // Latin Extended-D
        | '\u{FB00}'..='\u{FB06}' // Latin ligatures (ﬁ, ﬂ …)
    );
    if !latin {
        return None;
    }
    let ascii = deunicode::deunicode_char(c)?;
    let letters = !ascii.is_empty() && ascii.bytes().all(|b| b.is_ascii_alphanumeric());
    letters.then_some(ascii)
}

/// How an Arabic-script character folds: `Some(Some(c))` to `c`, `Some(None)` dropped,
/// `None` when it is not one folding changes.
fn arabic(c: char) -> Option<Option<char>> {
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        'ة' => 'ه',
        'ى' | 'ئ' | 'ی' => 'ي', // alef maksura, yeh with hamza, Farsi yeh
        'ؤ' => 'و',
        'ک' => 'ك', // keheh (Persian kaf)
        TATWEEL => return Some(None),
        // Harakat, the superscript alef and the Quranic annotation marks.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => return Some(None),
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => return None,
    };
    Some(Some(folded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Tokaïev ÉTAT Ürümqi"), "tokaiev etat urumqi");
        assert_eq!(fold("ASCII Only"), "ascii only");
        assert_eq!(fold("Москва"), "москва");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn latin_letters_that_do_not_decompose_are_transliterated() {
        assert_eq!(fold("Søren Kierkegaard"), "soren kierkegaard");
        assert_eq!(fold("Straße STRASSE ẞ"), "strasse strasse ss");
        assert_eq!(
            fold("Æsir Łódź Đorđe ıspanak Þór ﬁn"),
            "aesir lodz dorde ispanak thor fin"
        );
        // Other scripts keep their letters.
        assert_eq!(fold("Ελλάδα 中国"), "ελλαδα 中国");
    }

    #[test]
    fn arabic_folds_as_search_engines_do() {
        // Alef forms.
        assert_eq!(fold("أإآٱا"), "ااااا");
        // Teh marbuta, alef maksura, hamza on waw and yeh.
        assert_eq!(fold("الصينية"), fold("الصينيه"));
        assert_eq!(fold("مصطفى"), "مصطفي");
        assert_eq!(fold("مؤتمر"), "موتمر");
        assert_eq!(fold("رئيس"), "رييس");
        // Tatweel and harakat dropped.
        assert_eq!(fold("مبــادرة"), fold("مبادرة"));
        assert_eq!(fold("مُبَادَرَةٌ"), fold("مبادرة"));
        // Arabic-Indic and Persian digits are digits.
        assert_eq!(fold("٢٠٢٢ ۲۰۲۳"), "2022 2023");
        // Persian yeh and keheh read as their Arabic letters.
        assert_eq!(fold("کی"), "كي");
    }

    #[test]
    fn words_are_split_where_the_text_has_no_letters() {
        let words = |text: &str| {
            let mut out = String::new();
            fold_words_into(text, &mut out);
            out.split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words("Kassym-Jomart Tokayev's U.S. trip"),
            ["kassym", "jomart", "tokayev", "s", "u", "s", "trip"]
        );
        // Marks, tatweel and joiners stay inside their word.
        assert_eq!(words("مبــادرةٌ «الحزام»"), ["مبادره", "الحزام"]);
        assert_eq!(words("می\u{200C}خواهم"), ["میخواهم"].map(fold));
        assert_eq!(words("Tokaïev, 2022"), ["tokaiev", "2022"]);
    }
}
