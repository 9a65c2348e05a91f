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
use smallvec::SmallVec;
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

/// A token of a text: where it is, and whether a field ended just before it.
#[derive(Debug, Clone)]
struct Token {
    range: Range<usize>,
    new_field: bool,
}

/// The tokens of `text` (raw ASCII or folded words).
fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut new_field = false;
        while at < bytes.len() && is_separator(bytes[at]) {
            new_field |= bytes[at] == b'\n';
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && !is_separator(bytes[at]) {
            at += 1;
        }
        Some(Token {
            range: start..at,
            new_field,
        })
    })
}

impl Term {
    /// Whether `text` (raw ASCII, or folded words) has the term, taken positively.
    pub(crate) fn found_in(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let first = self.words[0].as_bytes()[0];
        let mut candidates = memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes);
        if self.words.len() > 1 {
            // A phrase: rare enough to read as tokens, when its first byte is there at all.
            if candidates.next().is_none() {
                return false;
            }
            let all: SmallVec<[Token; 48]> = tokens(text).collect();
            return self.runs(&all, text).next().is_some();
        }
        // One word: look only at the tokens holding its first byte.
        let (word, prefix) = (self.words[0].as_str(), self.is_prefix(0));
        candidates.any(|at| {
            let start = bytes[..at]
                .iter()
                .rposition(|&b| is_separator(b))
                .map_or(0, |p| p + 1);
            let end =
                (bytes[at..].iter().position(|&b| is_separator(b))).map_or(bytes.len(), |p| at + p);
            token_has(&text[start..end], word, prefix)
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
                folded.push(' ');
                folded_tokens.push(Token {
                    range: from..folded.len() - 1,
                    new_field,
                });
                originals.push(start..at);
                new_field = false;
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
        // A phrase never spans two fields.
        assert!(!finds("\"lu arrived\"", "Donald Lu\narrived"));
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
