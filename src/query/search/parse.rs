//! The search language, read from what a person types: fzf's syntax where it has one.
//!
//! | typed | finds events whose searchable text … |
//! |---|---|
//! | `us` | has a word starting with "us" ("US", "use"; not "Russia") |
//! | `'us` | has the whole word "us" |
//! | `"donald lu"` | has these whole words in a row (the last may be a word's start while the closing quote is not typed yet) |
//! | `!russia` | has no word starting with "russia" |
//! | `zeya \| blinken` | has either |
//!
//! Terms separated by spaces must all hold; `|` joins alternatives into one term of the
//! whole. A term typed with punctuation inside ("kassym-jomart", "u.s") is its words in a
//! row. Every word is folded first ([`crate::text::fold`]).

use crate::text;

/// The language in examples, for the help screen and `--help`: what is typed, and what
/// it finds.
pub const SYNTAX: [(&str, &str); 7] = [
    ("us", "a word starting with us (not Russia)"),
    ("'us", "the whole word us"),
    ("\"donald lu\"", "these whole words in a row"),
    ("!russia", "no word starting with russia"),
    ("zeya | lu", "either"),
    ("kz visit", "both: terms combine with AND"),
    ("قرغيزستان", "Arabic folds: ة ه, ى ي, أ إ آ ا, tatweel"),
];

/// A parsed search: every clause must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub(crate) clauses: Vec<Clause>,
    /// What was typed but cannot be searched for ("`!` needs a word after it"), in the
    /// order typed. The rest of the query still applies.
    pub problems: Vec<String>,
}

/// Alternatives: one of them must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub terms: Vec<Term>,
}

/// Words that must appear in a row within one field, each a whole word except perhaps
/// the last, which may be the start of one; or, negated, must not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Folded, each one word (letters and digits only).
    pub(crate) words: Vec<String>,
    /// Whether the last word may be the start of a longer word.
    pub(crate) last_is_prefix: bool,
    pub(crate) negated: bool,
}

impl Term {
    /// The term as it would be typed (`'us`, `"donald lu"`, `!russia`), folded.
    pub fn typed(&self) -> String {
        let words = self.words.join(" ");
        let body = match (self.words.len(), self.last_is_prefix) {
            (1, true) => words,
            (1, false) => format!("'{words}"),
            (_, true) => format!("\"{words}"),
            (_, false) => format!("\"{words}\""),
        };
        if self.negated {
            format!("!{body}")
        } else {
            body
        }
    }

    pub fn is_negated(&self) -> bool {
        self.negated
    }

    /// Whether word `position` may match only the start of a word.
    pub(crate) fn is_prefix(&self, position: usize) -> bool {
        self.last_is_prefix && position + 1 == self.words.len()
    }

    /// Whether `self` holding implies `other` holding (both taken positively): every
    /// text that has `self` has `other`. Sound, not complete: used to narrow a search
    /// within an earlier result while typing.
    fn implies(&self, other: &Term) -> bool {
        if self.negated || other.negated {
            return self == other;
        }
        if self.words.len() != 1 || other.words.len() != 1 {
            return self == other
                || (self.words.len() == other.words.len()
                    && self.words[..self.words.len() - 1] == other.words[..other.words.len() - 1]
                    && other.last_is_prefix
                    && self
                        .words
                        .last()
                        .unwrap()
                        .starts_with(other.words.last().unwrap()));
        }
        // A word starting with "tokay" starts with "tok"; a whole word "tok" does too.
        other.last_is_prefix && self.words[0].starts_with(&other.words[0]) || self == other
    }
}

impl Query {
    pub fn parse(typed: &str) -> Query {
        let mut query = Query::default();
        let mut alternatives: Vec<Term> = Vec::new();
        // Whether a `|` is waiting for its right-hand side.
        let mut or_pending = false;
        let mut rest = typed;
        loop {
            rest = rest.trim_start();
            let Some(first) = rest.chars().next() else {
                break;
            };
            if first == '|' {
                if alternatives.is_empty() {
                    query.problems.push("`|` needs a term before it".into());
                }
                or_pending = true;
                rest = &rest[1..];
                continue;
            }
            let (raw, after) = split_term(rest);
            rest = after;
            let term = read_term(raw, &mut query.problems);
            match term {
                Some(term) if or_pending || alternatives.is_empty() => alternatives.push(term),
                Some(term) => {
                    query.push(std::mem::take(&mut alternatives));
                    alternatives.push(term);
                }
                None => {}
            }
            or_pending = false;
        }
        if or_pending && !alternatives.is_empty() {
            query.problems.push("`|` needs a term after it".into());
        }
        query.push(alternatives);
        query
    }

    fn push(&mut self, terms: Vec<Term>) {
        if !terms.is_empty() {
            self.clauses.push(Clause { terms });
        }
    }

    /// Whether the query asks for anything.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Whether some term is words in a row (which the word index answers by reading).
    pub fn has_phrase(&self) -> bool {
        self.terms().any(|t| t.words.len() > 1)
    }

    /// Every term, in the order typed.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.clauses.iter().flat_map(|c| &c.terms)
    }

    /// The byte ranges of `text` that show a term of the query (see [`Term::marks`]),
    /// in order and not overlapping.
    pub fn marks(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut all: Vec<std::ops::Range<usize>> =
            self.terms().flat_map(|t| t.marks(text)).collect();
        all.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(all.len());
        for range in all {
            match out.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => out.push(range),
            }
        }
        out
    }

    /// Whether every text this query finds, `older` finds too, so this query's matches
    /// are among `older`'s (typing on: "tok" then "tokay", or a term added).
    pub fn narrows(&self, older: &Query) -> bool {
        older.clauses.iter().all(|old| {
            self.clauses
                .iter()
                .any(|new| (new.terms.iter()).all(|n| old.terms.iter().any(|o| n.implies(o))))
        })
    }
}

/// The first term of `text` (which starts with something other than space or `|`), and
/// what follows it. A quoted phrase runs to its closing quote.
fn split_term(text: &str) -> (&str, &str) {
    let body = text.trim_start_matches('!');
    let start = text.len() - body.len();
    if let Some(quoted) = body.strip_prefix('"') {
        let end = quoted.find('"').map_or(text.len(), |i| start + 1 + i + 1);
        return text.split_at(end);
    }
    let end = text
        .find(|c: char| c.is_whitespace() || c == '|')
        .unwrap_or(text.len());
    text.split_at(end)
}

/// One term as typed (`!` and `'` marks, a quoted phrase, or a word), or a problem.
fn read_term(raw: &str, problems: &mut Vec<String>) -> Option<Term> {
    let mut body = raw;
    let mut negated = false;
    while let Some(rest) = body.strip_prefix('!') {
        negated = !negated;
        body = rest;
    }
    let (inner, last_is_prefix) = if let Some(quoted) = body.strip_prefix('"') {
        match quoted.strip_suffix('"') {
            Some(closed) => (closed, false),
            None => (quoted, true),
        }
    } else if let Some(exact) = body.strip_prefix('\'') {
        (exact, false)
    } else {
        (body, true)
    };
    let mut folded = String::new();
    text::fold_words_into(inner, &mut folded);
    let words: Vec<String> = folded.split_whitespace().map(String::from).collect();
    if words.is_empty() {
        let shown = text::escape(raw);
        problems.push(match body.is_empty() {
            true => format!("`{shown}` needs a word after it"),
            false => format!("`{shown}` has no letters or digits to search for"),
        });
        return None;
    }
    Some(Term {
        words,
        last_is_prefix,
        negated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(words: &[&str], last_is_prefix: bool, negated: bool) -> Term {
        Term {
            words: words.iter().map(|w| w.to_string()).collect(),
            last_is_prefix,
            negated,
        }
    }

    fn clauses(query: &Query) -> Vec<Vec<Term>> {
        query.clauses.iter().map(|c| c.terms.clone()).collect()
    }

    #[test]
    fn words_combine_with_and() {
        let q = Query::parse("  Tokayev  PUTIN ");
        let want = [
            vec![term(&["tokayev"], true, false)],
            vec![term(&["putin"], true, false)],
        ];
        assert_eq!(clauses(&q), want);
        assert!(q.problems.is_empty());
    }

    #[test]
    fn each_form_reads_as_fzf_writes_it() {
        assert_eq!(
            clauses(&Query::parse("'us")),
            [vec![term(&["us"], false, false)]]
        );
        assert_eq!(
            clauses(&Query::parse("!russia")),
            [vec![term(&["russia"], true, true)]]
        );
        assert_eq!(
            clauses(&Query::parse("!'us")),
            [vec![term(&["us"], false, true)]]
        );
        assert_eq!(
            clauses(&Query::parse("\"Donald Lu\" visit")),
            [
                vec![term(&["donald", "lu"], false, false)],
                vec![term(&["visit"], true, false)]
            ]
        );
        // An unclosed quote is a phrase still being typed: its last word is a start.
        assert_eq!(
            clauses(&Query::parse("\"donald l")),
            [vec![term(&["donald", "l"], true, false)]]
        );
        // Punctuation inside a word makes it its words in a row.
        assert_eq!(
            clauses(&Query::parse("Kassym-Jom")),
            [vec![term(&["kassym", "jom"], true, false)]]
        );
    }

    #[test]
    fn a_bar_joins_alternatives_with_or_without_spaces() {
        let want = [vec![
            term(&["zeya"], true, false),
            term(&["blinken"], true, false),
        ]];
        assert_eq!(clauses(&Query::parse("zeya | blinken")), want);
        assert_eq!(clauses(&Query::parse("Zeya|Blinken")), want);
        let q = Query::parse("kz zeya | blinken | lu");
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(q.clauses[1].terms.len(), 3);
        // "or" is only a word.
        assert_eq!(Query::parse("zeya OR blinken").clauses.len(), 3);
    }

    #[test]
    fn what_cannot_be_searched_is_reported_and_the_rest_applies() {
        let q = Query::parse("! tokayev");
        assert_eq!(q.problems, ["`!` needs a word after it"]);
        assert_eq!(clauses(&q), [vec![term(&["tokayev"], true, false)]]);
        assert_eq!(Query::parse("| a").problems, ["`|` needs a term before it"]);
        assert_eq!(Query::parse("a |").problems, ["`|` needs a term after it"]);
        assert_eq!(Query::parse("a | b").problems, Vec::<String>::new());
        let q = Query::parse("--- \"\" '");
        assert_eq!(q.problems.len(), 3, "{:?}", q.problems);
        assert!(q.is_empty());
        // A hostile term is shown escaped.
        assert!(Query::parse("\u{1b}[;").problems[0].contains("\\u{1b}"));
    }

    #[test]
    fn typing_on_narrows_and_other_changes_do_not() {
        let narrows = |new: &str, old: &str| Query::parse(new).narrows(&Query::parse(old));
        assert!(narrows("toka", "tok"));
        assert!(narrows("tok putin", "tok"));
        assert!(narrows("'tokayev", "tok"));
        assert!(narrows("\"donald lu", "\"donald l"));
        assert!(narrows("zeya", "zeya | blinken"));
        assert!(narrows("a b", "b a"));
        assert!(!narrows("tok", "toka"));
        assert!(
            !narrows("'tok", "'to"),
            "a whole word is not a longer whole word"
        );
        assert!(!narrows("!rus", "!ru"), "excluding less is wider");
        assert!(!narrows("zeya | blinken", "zeya"));
        assert!(!narrows("\"donald lu\"", "\"donald l\""));
        assert!(narrows("anything", ""));
    }
}
