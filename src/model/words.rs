//! An index of the words in events' own text (headline, summary, notes, date note), so a
//! search does not have to read every event.
//!
//! Search asks whether a folded query word is found in one of the words of an event's
//! folded text. Testing each distinct word (a scan of the vocabulary, far smaller than the
//! text) and joining the postings of those that have it gives the same answer as reading
//! every event. Beside the words, the events of each actor and source, whose names a
//! search reads too.

use super::{Dataset, Event};
use std::collections::HashMap;

/// Ascending event indices per actor id, and per source id.
fn entity_postings(dataset: &Dataset) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
    let mut by_actor: Vec<Vec<u32>> = vec![Vec::new(); dataset.actors.len()];
    let mut by_source: Vec<Vec<u32>> = vec![Vec::new(); dataset.sources.len()];
    for (i, event) in dataset.events.iter().enumerate() {
        crate::hint::ahead(&dataset.events, i, Event::prefetch);
        for &a in event.actors() {
            by_actor[a as usize].push(i as u32);
        }
        for &s in event.sources() {
            by_source[s as usize].push(i as u32);
        }
    }
    (by_actor, by_source)
}

/// The words of folded text: its runs of letters and digits.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    (text.split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())).filter(|w| !w.is_empty())
}

/// A set of events as one bit per event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    pub fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    pub fn set(&mut self, i: u32) {
        self.0[i as usize / 64] |= 1 << (i % 64);
    }

    pub fn get(&self, i: u32) -> bool {
        self.0[i as usize / 64] & (1 << (i % 64)) != 0
    }

    pub fn union_with(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
    }

    pub fn intersect_with(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    /// Every event of `0..n` not in the set.
    pub fn complement(&mut self, n: usize) {
        self.0.iter_mut().for_each(|w| *w = !*w);
        if !n.is_multiple_of(64)
            && let Some(last) = self.0.last_mut()
        {
            *last &= (1u64 << (n % 64)) - 1;
        }
    }

    pub fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The members, ascending.
    pub fn to_list(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count());
        for (w, &word) in self.0.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                out.push(w as u32 * 64 + word.trailing_zeros());
                word &= word - 1;
            }
        }
        out
    }
}

/// The events one token appears in: a list when few, a bitset when many.
#[derive(Debug, Clone)]
enum Posting {
    List(Vec<u32>),
    Bits(Bits),
}

#[derive(Debug, Clone)]
pub struct WordIndex {
    events: usize,
    tokens: Vec<Box<str>>,
    postings: Vec<Posting>,
    /// Ascending event indices per actor id: a word in an actor's names or roles selects
    /// that actor's events.
    by_actor: Vec<Vec<u32>>,
    /// The same per source id, for the words of its titles.
    by_source: Vec<Vec<u32>>,
}

impl WordIndex {
    /// Tokenises every event's own folded text, on all cores.
    pub fn build(dataset: &Dataset) -> WordIndex {
        let n = dataset.events.len();
        let parts = crate::parallel::in_ranges(n, |range| tokenise(dataset, range));
        // Parts cover ascending ranges, so appending keeps each posting ascending.
        let mut merged: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        for part in parts {
            for (token, mut list) in part {
                match merged.get_mut(&token) {
                    Some(existing) => existing.append(&mut list),
                    None => {
                        merged.insert(token, list);
                    }
                }
            }
        }
        let mut tokens = Vec::with_capacity(merged.len());
        let mut postings = Vec::with_capacity(merged.len());
        for (token, list) in merged {
            tokens.push(token);
            // A bitset costs n/8 bytes, a list 4 bytes an event: pick the smaller.
            postings.push(if list.len() * 32 > n {
                let mut bits = Bits::new(n);
                list.iter().for_each(|&i| bits.set(i));
                Posting::Bits(bits)
            } else {
                Posting::List(list)
            });
        }
        let (by_actor, by_source) = entity_postings(dataset);
        WordIndex {
            events: n,
            tokens,
            postings,
            by_actor,
            by_source,
        }
    }

    /// The events of actor `actor`, ascending.
    pub fn actor(&self, actor: u32) -> &[u32] {
        self.by_actor.get(actor as usize).map_or(&[], Vec::as_slice)
    }

    /// The events of source `source`, ascending.
    pub fn source(&self, source: u32) -> &[u32] {
        self.by_source
            .get(source as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// How many events the index covers.
    pub fn events(&self) -> usize {
        self.events
    }

    /// The events whose own text has a word `has` accepts (words are folded).
    pub fn with_word(&self, has: impl Fn(&str) -> bool) -> Bits {
        let mut out = Bits::new(self.events);
        for (token, posting) in self.tokens.iter().zip(&self.postings) {
            if has(token) {
                match posting {
                    Posting::Bits(bits) => out.union_with(bits),
                    Posting::List(list) => list.iter().for_each(|&i| out.set(i)),
                }
            }
        }
        out
    }

    /// How many distinct tokens the index holds.
    pub fn vocabulary(&self) -> usize {
        self.tokens.len()
    }
}

fn tokenise(dataset: &Dataset, range: std::ops::Range<usize>) -> HashMap<Box<str>, Vec<u32>> {
    let mut map: HashMap<Box<str>, Vec<u32>> = HashMap::new();
    let mut buffer = String::new();
    for i in range {
        crate::hint::ahead(&dataset.events, i, Event::prefetch);
        let text = dataset.folded_own_text(i, &mut buffer);
        for token in words_of(text) {
            match map.get_mut(token) {
                Some(list) => {
                    if list.last() != Some(&(i as u32)) {
                        list.push(i as u32);
                    }
                }
                None => {
                    map.insert(token.into(), vec![i as u32]);
                }
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_hold_sets() {
        let mut a = Bits::new(130);
        for i in [0, 63, 64, 129] {
            a.set(i);
        }
        assert!(a.get(63) && a.get(129) && !a.get(1));
        assert_eq!(a.to_list(), [0, 63, 64, 129]);
        let mut b = Bits::new(130);
        b.set(64);
        b.set(5);
        let mut both = a.clone();
        both.intersect_with(&b);
        assert_eq!(both.to_list(), [64]);
        a.union_with(&b);
        assert_eq!(a.count(), 5);
        // The complement stays within the set's events.
        a.complement(130);
        assert_eq!(a.count(), 125);
        assert!(!a.get(64) && a.get(1) && a.get(128));
    }
}
