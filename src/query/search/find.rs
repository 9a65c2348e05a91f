//! Finding a term in text: the one definition the scan, the word index and the
//! highlighting share.
//!
//! Text is searched as words. The text given is either raw ASCII (compared ignoring case)
//! or folded with [`crate::text::fold_words_into`]; in both, an ASCII byte that is not a
//! letter or digit parts words, and a newline parts fields, which a phrase never spans.
//!
//! A word may start where its token starts, or, in Arabic, after a leading clitic: the
//! article (ال), a conjunction or preposition joined to it (وال، بال، كال، فال، لل), or
//! و alone, as Lucene's Arabic light stemmer strips them. So «الصين» finds «والصين».

use super::parse::Term;
use std::ops::Range;

fn is_separator(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_alphanumeric()
}

/// The clitics a word may start after, folded, and how many letters must follow each.
const CLITICS: [(&str, usize); 7] = [
    ("وال", 2),
    ("بال", 2),
    ("كال", 2),
    ("فال", 2),
    ("لل", 2),
    ("ال", 2),
    ("و", 3),
];

/// Where words may start in the token `token` (folded): at 0, and after each clitic it
/// begins with.
fn starts(token: &str) -> impl Iterator<Item = usize> + '_ {
    // Every clitic starts with one of these lead bytes (U+06xx is 0xD8 0x.. to 0xD9 0x..).
    let arabic = matches!(token.as_bytes().first(), Some(0xD8 | 0xD9));
    let clitics = CLITICS.iter().filter(move |_| arabic);
    std::iter::once(0).chain(clitics.filter_map(move |&(clitic, after)| {
        let rest = token.strip_prefix(clitic)?;
        (rest.chars().count() >= after).then_some(clitic.len())
    }))
}

/// Whether the token `token` (one whole word, folded or ASCII) holds `word` at one of its
/// starts: as the rest of the token, or, when `prefix`, at the beginning of the rest.
pub(crate) fn token_has(token: &str, word: &str, prefix: bool) -> bool {
    let word = word.as_bytes();
    starts(token).any(|s| {
        let rest = &token.as_bytes()[s..];
        match prefix {
            true => rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word),
            false => rest.eq_ignore_ascii_case(word),
        }
    })
}

/// Where the token holding byte `at` ends.
fn token_end(bytes: &[u8], at: usize) -> usize {
    (bytes[at..].iter().position(|&b| is_separator(b))).map_or(bytes.len(), |p| at + p)
}

/// Whether `word` is found starting at byte `at` of `text`, at a start of the token there
/// (see [`token_has`]): the end of that token if so.
fn word_at(text: &str, at: usize, word: &str, prefix: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let starts_token = at == 0 || is_separator(bytes[at - 1]);
    if starts_token {
        // The common case, at a token's start: compare in place.
        let w = word.as_bytes();
        let here = bytes
            .get(at..at + w.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(w));
        if !here && w[0].is_ascii() {
            return None;
        }
        let end = token_end(bytes, at);
        if here && (prefix || end == at + w.len()) {
            return Some(end);
        }
        // Still, an Arabic clitic may start this token and the word follow it.
        return (!w[0].is_ascii() && token_has(&text[at..end], word, prefix)).then_some(end);
    }
    // Inside a token: only after an Arabic clitic, a few letters from its start.
    if word.as_bytes()[0].is_ascii() {
        return None;
    }
    let start = bytes[..at]
        .iter()
        .rposition(|&b| is_separator(b))
        .map_or(0, |p| p + 1);
    if at - start > MAX_CLITIC {
        return None;
    }
    let end = token_end(bytes, at);
    starts(&text[start..end])
        .any(|s| start + s == at && token_has_at(&text[start..end], s, word, prefix))
        .then_some(end)
}

/// The longest clitic, in bytes.
const MAX_CLITIC: usize = 6;

/// Whether `token` holds `word` from byte `s` on (the rest of it, or its start).
fn token_has_at(token: &str, s: usize, word: &str, prefix: bool) -> bool {
    let rest = &token.as_bytes()[s..];
    let word = word.as_bytes();
    match prefix {
        true => rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word),
        false => rest.eq_ignore_ascii_case(word),
    }
}

/// A token of a text: where it is, and whether a field ended just before it.
#[derive(Debug, Clone)]
struct Token {
    range: Range<usize>,
    new_field: bool,
}

impl Term {
    /// Whether `text` (raw ASCII, or folded words) has the term, taken positively.
    pub(crate) fn found_in(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let first = self.words[0].as_bytes()[0];
        // Only a token holding the first word's first byte can start the term.
        memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes).any(|at| {
            let Some(end) = word_at(text, at, &self.words[0], self.is_prefix(0)) else {
                return false;
            };
            // The rest of a phrase: each next token, within the field, has the next word.
            let mut at = end;
            (1..self.words.len()).all(|j| {
                while at < bytes.len() && is_separator(bytes[at]) {
                    if bytes[at] == b'\n' {
                        return false;
                    }
                    at += 1;
                }
                let token_end = token_end(bytes, at);
                let has = at < bytes.len()
                    && token_has(&text[at..token_end], &self.words[j], self.is_prefix(j));
                at = token_end;
                has
            })
        })
    }

    /// The first token of each run of `tokens` (of `text`) that has the term.
    fn runs<'t>(&'t self, tokens: &'t [Token], text: &'t str) -> impl Iterator<Item = usize> + 't {
        let k = self.words.len();
        (0..tokens.len()).filter(move |&i| {
            tokens.get(i..i + k).is_some_and(|run| {
                run.iter().enumerate().all(|(j, token)| {
                    (j == 0 || !token.new_field)
                        && token_has(
                            &text[token.range.clone()],
                            &self.words[j],
                            self.is_prefix(j),
                        )
                })
            })
        })
    }

    /// The byte ranges of `text` (any text, as the data holds it) that show the term: the
    /// whole words of each run that has it, in order. None for a negated term.
    pub fn marks(&self, text: &str) -> Vec<Range<usize>> {
        if self.negated {
            return Vec::new();
        }
        // The text's words folded one by one, beside where each is in `text`.
        let mut folded = String::new();
        let mut folded_tokens: Vec<Token> = Vec::new();
        let mut originals: Vec<Range<usize>> = Vec::new();
        let mut new_field = false;
        let mut word_start = None;
        let ends = text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')));
        for (at, c) in ends {
            if crate::text::is_word_char(c) {
                word_start.get_or_insert(at);
                continue;
            }
            if let Some(start) = word_start.take() {
                let from = folded.len();
                crate::text::fold_into(&text[start..at], &mut folded);
                // A word of nothing but marks or tatweel folds to nothing: search does
                // not see it, so neither do the marks.
                if folded.len() > from {
                    folded.push(' ');
                    folded_tokens.push(Token {
                        range: from..folded.len() - 1,
                        new_field,
                    });
                    originals.push(start..at);
                    new_field = false;
                }
            }
            new_field |= c == '\n';
        }
        let k = self.words.len();
        let mut out: Vec<Range<usize>> = self
            .runs(&folded_tokens, &folded)
            .flat_map(|first| originals[first..first + k].iter().cloned())
            .collect();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::Query;
    use crate::text;

    /// Whether the query's only term is found in `text`, folded as the dataset's is.
    fn finds(query: &str, text: &str) -> bool {
        let query = Query::parse(query);
        let term = query.terms().next().expect("a term");
        let mut folded = String::new();
        text::fold_words_into(text, &mut folded);
        let found = term.found_in(&folded);
        if text.is_ascii() {
            assert_eq!(
                term.found_in(text),
                found,
                "raw ASCII and folded agree: {text}"
            );
        }
        assert_eq!(
            !term.marks(text).is_empty(),
            found,
            "marks agree with finding: {text}"
        );
        found
    }

    #[test]
    fn a_plain_word_matches_the_start_of_a_word() {
        assert!(finds("us", "The US said"));
        assert!(finds("us", "they use it"));
        assert!(!finds("us", "Russia and Belarus"));
        assert!(finds("lu", "Donald Lu arrived"));
        assert!(!finds("lu", "a resolution"));
        assert!(finds("tokay", "TOKAYEV"));
    }

    #[test]
    fn a_quoted_word_is_whole_and_a_phrase_is_in_a_row() {
        assert!(finds("'us", "the US, said"));
        assert!(!finds("'us", "they use it"));
        assert!(finds("\"donald lu\"", "met Donald Lu."));
        assert!(!finds("\"donald lu\"", "Donald met Lu"));
        assert!(!finds("\"lu donald\"", "Donald Lu"));
        assert!(finds("kassym-jomart", "Kassym-Jomart Tokayev"));
        assert!(finds("\"kassym jom", "Kassym-Jomart Tokayev"));
        // A phrase never spans two fields, even typed with a line end in it.
        assert!(!finds("\"lu arrived\"", "Donald Lu\narrived"));
        assert!(!finds("\"lu\narrived\"", "Donald Lu\narrived"));
    }

    #[test]
    fn accents_and_letters_that_do_not_decompose_fold() {
        assert!(finds("soren", "Søren Sørensen"));
        assert!(finds("strasse", "Straße 5"));
        assert!(
            !finds("strasse", "Hauptstraße 5"),
            "a word's start, not its middle"
        );
        assert!(finds("tokaiev", "Tokaïev"));
        assert!(finds("lodz", "Łódź"));
    }

    #[test]
    fn arabic_finds_its_variants_and_words_after_clitics() {
        assert!(finds("الصينيه", "الحكومة الصينية"));
        assert!(finds("مبــادرة", "مبادرة الحزام"));
        assert!(finds("اوكرانيا", "غزو أوكرانيا"));
        assert!(finds("الصين", "روسيا والصين"));
        assert!(finds("كازاخستان", "رئيس كازاخستان"));
        assert!(finds("خارجية", "وزارة الخارجية"));
        assert!(finds("'الخارجية", "وزير والخارجية"));
        // Clitics are only stripped before enough letters.
        assert!(!finds("'ل", "الل"));
        assert!(finds("٢٠٢٢", "in 2022"));
    }

    #[test]
    fn marks_cover_the_whole_words_of_each_match() {
        let term = |q: &str| Query::parse(q).terms().next().unwrap().clone();
        let text = "Blinken met Donald Lu; Blinkens";
        let marked =
            |q: &str| -> Vec<&str> { term(q).marks(text).into_iter().map(|r| &text[r]).collect() };
        assert_eq!(marked("blink"), ["Blinken", "Blinkens"]);
        assert_eq!(marked("\"donald lu\""), ["Donald", "Lu"]);
        assert_eq!(marked("!blink"), Vec::<&str>::new());
        let arabic = "روسيا والصين";
        let ranges = term("الصين").marks(arabic);
        assert_eq!(
            ranges
                .iter()
                .map(|r| &arabic[r.clone()])
                .collect::<Vec<_>>(),
            ["والصين"]
        );
    }
}
