//! The map from the ids of a dataset's sources and actors to their places in its tables.
//! A load looks up every id each event cites (millions at a million events), so an id of
//! up to 16 bytes, which nearly all are, is held in the table itself as two words: a
//! lookup reads the id twice, multiplies once and compares three numbers, with no call to
//! hash or compare strings and no second place in memory to read.

/// Ids to values, the first value given for an id kept. (Its hash is fixed, as the map it
/// replaced was: the ids are a dataset's own, and nobody gains from making them collide.)
#[derive(Debug, Clone)]
pub struct IdIndex {
    /// Open addressing with linear probing, a power of two long and at most half full.
    slots: Vec<Slot>,
    /// Every id, one after another (a lookup of a short id never reads them).
    text: String,
    len: usize,
    /// One past the largest value given (0 when none).
    top: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The id's bytes as [`Words`] make them.
    words: Words,
    /// Where the id starts in [`IdIndex::text`].
    start: u32,
    value: u32,
}

/// An id's length and two words of its bytes. For up to 16 bytes the words hold every
/// byte, so equal words mean equal ids; a longer id's are a hash of all its bytes and its
/// first eight, and equal words only make it worth comparing the ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Words {
    lo: u64,
    hi: u64,
    /// The id's length in bytes; `u32::MAX` in an empty slot.
    len: u32,
}

const EMPTY: Words = Words {
    lo: 0,
    hi: 0,
    len: u32::MAX,
};

/// The longest id held whole in a slot.
const SHORT: usize = 16;

impl Words {
    fn of(id: &[u8]) -> Words {
        let n = id.len();
        let word = |at: usize| u64::from_le_bytes(id[at..at + 8].try_into().expect("8 bytes"));
        let half = |at: usize| u64::from(u32::from_le_bytes(id[at..at + 4].try_into().expect("4")));
        let (lo, hi) = match n {
            17.. => {
                use std::hash::BuildHasher;
                (foldhash::fast::FixedState::default().hash_one(id), word(0))
            }
            // Overlapping reads: the first eight bytes and the last eight cover them all.
            8.. => (word(0), word(n - 8)),
            4..=7 => (half(0) | half(n - 4) << 32, 0),
            1..=3 => {
                let b = |at: usize| u64::from(id[at]);
                (b(0) | b(n / 2) << 8 | b(n - 1) << 16, 0)
            }
            0 => (0, 0),
        };
        Words {
            lo,
            hi,
            len: u32::try_from(n).unwrap_or(u32::MAX - 1),
        }
    }

    /// A hash of the words: one folded multiply (each input bit reaches the high half).
    fn hash(self) -> u64 {
        let a = self.lo ^ 0x243f_6a88_85a3_08d3;
        let b = self.hi ^ 0x1319_8a2e_0370_7344 ^ u64::from(self.len).rotate_left(32);
        let product = u128::from(a) * u128::from(b);
        (product as u64) ^ (product >> 64) as u64
    }
}

impl Default for IdIndex {
    fn default() -> Self {
        IdIndex {
            slots: vec![
                Slot {
                    words: EMPTY,
                    start: 0,
                    value: 0
                };
                16
            ],
            text: String::new(),
            len: 0,
            top: 0,
        }
    }
}

impl IdIndex {
    /// How many ids have values.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.len
    }

    /// The value of `id`, if it has one.
    #[inline]
    pub fn get(&self, id: &str) -> Option<u32> {
        let words = Words::of(id.as_bytes());
        let mask = self.slots.len() - 1;
        let mut at = words.hash() as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.words == words && (id.len() <= SHORT || self.id(slot) == id) {
                return Some(slot.value);
            }
            if slot.words.len == u32::MAX {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// Gives `id` the value `value`, unless it has one already (the first use of an id
    /// is the one its references mean).
    pub fn insert_first(&mut self, id: &str, value: u32) {
        if self.get(id).is_some() {
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let start = u32::try_from(self.text.len()).expect("ids under 4 GB");
        self.text.push_str(id);
        self.put(Words::of(id.as_bytes()), start, value);
        self.len += 1;
        self.top = self.top.max(value.saturating_add(1));
    }

    /// Keeps only the ids whose value is below `end` (what a rolled-back row added goes).
    pub fn retain_below(&mut self, end: u32) {
        // Mostly the row added no id: nothing to rebuild.
        if self.top <= end {
            return;
        }
        let kept: Vec<(String, u32)> = self.entries().filter(|&(_, v)| v < end).collect();
        *self = IdIndex::default();
        for (id, value) in kept {
            self.insert_first(&id, value);
        }
    }

    /// Every id with its value, in no order.
    fn entries(&self) -> impl Iterator<Item = (String, u32)> + '_ {
        let full = self.slots.iter().filter(|s| s.words.len != u32::MAX);
        full.map(|slot| (self.id(slot).to_string(), slot.value))
    }

    /// The id a slot holds.
    fn id(&self, slot: &Slot) -> &str {
        let start = slot.start as usize;
        &self.text[start..start + slot.words.len as usize]
    }

    fn put(&mut self, words: Words, start: u32, value: u32) {
        let mask = self.slots.len() - 1;
        let mut at = words.hash() as usize & mask;
        while self.slots[at].words.len != u32::MAX {
            at = (at + 1) & mask;
        }
        self.slots[at] = Slot {
            words,
            start,
            value,
        };
    }

    fn grow(&mut self) {
        let empty = Slot {
            words: EMPTY,
            start: 0,
            value: 0,
        };
        let room = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![empty; room]);
        for slot in old.into_iter().filter(|s| s.words.len != u32::MAX) {
            self.put(slot.words, slot.start, slot.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    #[test]
    fn ids_of_every_length_are_found_and_told_apart() {
        let mut index = IdIndex::default();
        let ids: Vec<String> = (0..40).map(|n| "a".repeat(n)).collect();
        for (i, id) in ids.iter().enumerate() {
            index.insert_first(id, i as u32);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32), "{id:?}");
            let mut other = id.clone().into_bytes();
            if let Some(b) = other.get_mut(id.len() / 2) {
                *b = b'b';
                assert_eq!(index.get(std::str::from_utf8(&other).unwrap()), None);
            }
        }
        assert_eq!(index.len(), 40);
        // The first value given stays.
        index.insert_first("aaa", 99);
        assert_eq!(index.get("aaa"), Some(3));
    }

    #[test]
    fn long_ids_alike_at_both_ends_are_told_apart_without_sharing_a_hash() {
        let id = |n: usize| format!("report-of-the-{n:04}-session-end");
        let mut index = IdIndex::default();
        (0..1000).for_each(|n| index.insert_first(&id(n), n as u32));
        (0..1000).for_each(|n| assert_eq!(index.get(&id(n)), Some(n as u32)));
        assert_eq!(index.get(&id(1000)), None);
        let hashes: std::collections::HashSet<u64> = (0..1000)
            .map(|n| Words::of(id(n).as_bytes()).hash())
            .collect();
        assert_eq!(hashes.len(), 1000);
    }

    proptest! {
        /// Whatever ids come in, in whatever order, it answers as a map keeping the
        /// first value of each does, before and after dropping the later values.
        #[test]
        fn answers_as_a_map_of_first_values_does(
            ids in proptest::collection::vec("[a-c0-9-]{0,20}|é{0,3}x?", 0..200),
            probes in proptest::collection::vec("[a-c0-9-]{0,20}", 0..50),
            end in 0u32..200,
        ) {
            let mut index = IdIndex::default();
            let mut map: HashMap<&str, u32> = HashMap::new();
            for (i, id) in ids.iter().enumerate() {
                index.insert_first(id, i as u32);
                map.entry(id.as_str()).or_insert(i as u32);
            }
            prop_assert_eq!(index.len(), map.len());
            for id in ids.iter().chain(&probes) {
                prop_assert_eq!(index.get(id), map.get(id.as_str()).copied(), "{:?}", id);
            }
            index.retain_below(end);
            map.retain(|_, v| *v < end);
            prop_assert_eq!(index.len(), map.len());
            for id in ids.iter().chain(&probes) {
                prop_assert_eq!(index.get(id), map.get(id.as_str()).copied(), "{:?}", id);
            }
        }
    }
}
