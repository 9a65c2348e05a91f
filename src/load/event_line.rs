//! One JSON Lines event read straight into [`RawEvent`], for the shape nearly every line
//! has: an object of the event's own keys, each once, whose values are strings or lists
//! of strings. Anything else (a `null`, a number, an escaped key, an unknown or repeated
//! key, a syntax error) is left to serde_json, which reads it the same way or says what
//! is wrong, so this only ever changes how fast a line is read, never what it means.
//!
//! Strings are scanned 16 bytes at a time for the bytes that need a look (a quote, a
//! backslash, a control character, anything outside printable ASCII); a string with none
//! is borrowed as it stands and marked plain in [`RawEvent::plain`], so validation need
//! not scan it again for characters that could reach a terminal.
//!
//! The reader works on the bytes of a whole block and finds the line's end itself, so a
//! block needs neither a separate search for line ends nor a UTF-8 check of its own: only
//! strings holding bytes past ASCII are checked, and a line read here is wholly printable
//! ASCII outside them. A line it leaves (or one that is not UTF-8) goes to serde_json,
//! found and checked by the caller.

use super::raw::{List, RawEvent, Text};
use std::borrow::Cow;

/// The fields of an event that hold text, as bits of [`RawEvent::plain`].
pub mod field {
    pub const HEADLINE: u16 = 1 << 0;
    pub const SUMMARY: u16 = 1 << 1;
    pub const NOTES: u16 = 1 << 2;
    pub const DATE_NOTE: u16 = 1 << 3;
}

/// Reads the line that starts at `bytes[start]` as an event and gives it to `take`: what
/// `take` gave back, and where the next line starts (past the `'\n'`, or the end of
/// `bytes`). `None` when serde_json should read the line, which the caller then finds.
/// (Taken by reference where it was built: an event is about 500 bytes, and moving it out
/// costs more than reading its keys.)
pub fn read_line<'a, R>(
    bytes: &'a [u8],
    start: usize,
    take: impl FnOnce(&RawEvent<'a>) -> R,
) -> Option<(R, usize)> {
    let mut reader = Reader {
        bytes,
        at: start,
        owns: false,
    };
    reader.event(take)
}

/// An event's keys, as [`RawEvent`] names them.
const KEYS: [&str; 12] = [
    "id",
    "date",
    "end",
    "part",
    "date_note",
    "kind",
    "countries",
    "actors",
    "headline",
    "summary",
    "notes",
    "sources",
];

/// Each key of [`KEYS`] in quotes, as the first bytes of a little-endian word: the word,
/// the mask of its bytes, and its length (every quoted key fits in 16 bytes).
const QUOTED_KEYS: [(u128, u128, usize); 12] = {
    let mut out = [(0, 0, 0); 12];
    let mut k = 0;
    while k < KEYS.len() {
        let key = KEYS[k].as_bytes();
        let len = key.len() + 2;
        assert!(len <= 16);
        let mut word = b'"' as u128 | (b'"' as u128) << (8 * (len - 1));
        let mut i = 0;
        while i < key.len() {
            word |= (key[i] as u128) << (8 * (i + 1));
            i += 1;
        }
        out[k] = (word, (1u128 << (8 * len)) - 1, len);
        k += 1;
    }
    out
};

/// The keys an event must have, as bits by their place in [`KEYS`]: id, date, kind,
/// headline and summary.
const REQUIRED: u16 = 1 << 0 | 1 << 1 | 1 << 5 | 1 << 8 | 1 << 9;

/// Keys seen so far (bits by their place in [`KEYS`]), to leave a repeated key to
/// serde_json, which reports it.
struct Seen(u16);

impl Seen {
    fn first(&mut self, bit: u16) -> Option<()> {
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh.then_some(())
    }
}

struct Reader<'a> {
    /// The block: this line and those after it.
    bytes: &'a [u8],
    at: usize,
    /// Whether anything read holds memory of its own (an unescaped string, a list too
    /// long to keep inline): only then does the event need dropping.
    owns: bool,
}

/// A string read: its text, and whether it is printable ASCII with no escapes.
struct Str<'a> {
    text: Cow<'a, str>,
    plain: bool,
}

impl<'a> Reader<'a> {
    fn event<R>(&mut self, take: impl FnOnce(&RawEvent<'a>) -> R) -> Option<(R, usize)> {
        self.blank();
        self.expect(b'{')?;
        let mut seen = Seen(0);
        let mut next = 0;
        // Filled where it lies (moving an event of about 500 bytes costs more than reading
        // its keys); the keys it must have are checked once the object ends.
        const NONE: Text = Text(Cow::Borrowed(""));
        let mut event = RawEvent {
            id: NONE,
            date: NONE,
            end: None,
            part: None,
            date_note: None,
            kind: NONE,
            countries: List::new(),
            actors: List::new(),
            headline: NONE,
            summary: NONE,
            notes: None,
            sources: List::new(),
            plain: 0,
        };
        let plain = &mut event.plain;
        self.blank();
        if self.peek()? == b'}' {
            return None; // No id: serde_json says so.
        }
        loop {
            self.blank();
            let slot = self.key(next)?;
            next = slot + 1;
            self.blank();
            self.expect(b':')?;
            self.blank();
            // A text field's value, noting whether it is plain.
            let mut text = |reader: &mut Self, bit: u16| -> Option<Text<'a>> {
                let value = reader.string()?;
                if value.plain {
                    *plain |= bit;
                }
                Some(Text(value.text))
            };
            seen.first(1 << slot)?;
            // By place in KEYS (a match on the key's text would compare strings).
            match slot {
                0 => event.id = text(self, 0)?,
                1 => event.date = text(self, 0)?,
                2 => event.end = Some(text(self, 0)?),
                3 => event.part = Some(text(self, 0)?),
                4 => event.date_note = Some(text(self, field::DATE_NOTE)?),
                5 => event.kind = text(self, 0)?,
                6 => self.list(&mut event.countries)?,
                7 => self.list(&mut event.actors)?,
                8 => event.headline = text(self, field::HEADLINE)?,
                9 => event.summary = text(self, field::SUMMARY)?,
                10 => event.notes = Some(text(self, field::NOTES)?),
                _ => self.list(&mut event.sources)?,
            }
            self.blank();
            match self.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
        self.blank();
        // The line ends here, or the block does.
        let next = match self.bytes.get(self.at) {
            None => self.at,
            Some(b'\n') => self.at + 1,
            Some(_) => return None,
        };
        // A key missing: serde_json names it.
        if seen.0 & REQUIRED != REQUIRED {
            return None;
        }
        let taken = take(&event);
        if !self.owns {
            // Everything is borrowed from the line: dropping would only check each
            // field to find nothing to free.
            std::mem::forget(event);
        }
        Some((taken, next))
    }

    /// A key: its place in [`KEYS`]. Keys are matched as bytes, quotes and all; they
    /// mostly come in the same order, so the one after the last (`next`) is tried first.
    #[inline(always)]
    fn key(&mut self, next: usize) -> Option<usize> {
        if let Some(ahead) = self.bytes.get(self.at..self.at + 16) {
            let ahead = u128::from_le_bytes(ahead.try_into().expect("16 bytes"));
            let is = |&(word, mask, _): &(u128, u128, usize)| ahead & mask == word;
            let found = match QUOTED_KEYS.get(next) {
                Some(key) if is(key) => Some(next),
                _ => QUOTED_KEYS.iter().position(is),
            };
            if let Some(slot) = found {
                self.at += QUOTED_KEYS[slot].2;
                return Some(slot);
            }
        }
        // Near the block's end, or escaped, or not a key of an event.
        let key = self.string()?;
        match key.plain {
            true => KEYS.iter().position(|k| *k == key.text),
            false => None,
        }
    }

    /// A list of strings, into `list` (empty; filled where it lies rather than moved).
    fn list(&mut self, list: &mut List<'a>) -> Option<()> {
        self.expect(b'[')?;
        self.blank();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        loop {
            self.blank();
            list.push(Text(self.string()?.text));
            self.blank();
            match self.next()? {
                b',' => continue,
                b']' => break,
                _ => return None,
            }
        }
        self.owns |= list.spilled();
        Some(())
    }

    /// A string, from its opening quote. Most are plain and short: they are read here,
    /// the rest by [`Reader::string_rest`].
    #[inline(always)]
    fn string(&mut self) -> Option<Str<'a>> {
        self.expect(b'"')?;
        let start = self.at;
        let found = start + special(&self.bytes[start..], true)?;
        if self.bytes[found] != b'"' {
            return self.string_rest(start);
        }
        self.at = found + 1;
        let plain = &self.bytes[start..found];
        debug_assert!(plain.iter().all(|b| (b' '..0x7f).contains(b)));
        // SAFETY: `special` stopped at the first byte that is not printable ASCII, and
        // that is the closing quote: every byte before it is ASCII, so UTF-8.
        let text = Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(plain) });
        Some(Str { text, plain: true })
    }

    /// A string that is not plain, from just after its opening quote at `start`.
    #[inline(never)]
    fn string_rest(&mut self, start: usize) -> Option<Str<'a>> {
        self.at = start;
        let mut plain = true;
        // The text unescaped, once there is an escape (its pieces are checked as UTF-8
        // with the whole string, below).
        let mut owned: Option<Vec<u8>> = None;
        // Where the text not yet copied into `owned` starts.
        let mut from = start;
        loop {
            // Once the text is known not to be plain, only its end and escapes matter.
            let found = self.at + special(&self.bytes[self.at..], plain)?;
            match self.bytes[found] {
                b'"' => {
                    self.at = found + 1;
                    // Escapes are ASCII, so the string as written is UTF-8 exactly when
                    // the pieces between them are; text that is not is left to the caller,
                    // which says where.
                    let text = simdutf8::basic::from_utf8(&self.bytes[start..found]).ok()?;
                    let text = match owned {
                        None => Cow::Borrowed(text),
                        Some(mut owned) => {
                            self.owns = true;
                            owned.extend_from_slice(&self.bytes[from..found]);
                            Cow::Owned(String::from_utf8(owned).ok()?)
                        }
                    };
                    return Some(Str { text, plain });
                }
                b'\\' => {
                    plain = false;
                    let owned = owned.get_or_insert_with(Vec::new);
                    owned.extend_from_slice(&self.bytes[from..found]);
                    self.at = found + 1;
                    let mut utf8 = [0; 4];
                    owned.extend_from_slice(self.escape()?.encode_utf8(&mut utf8).as_bytes());
                    from = self.at;
                }
                // A control character: serde_json names it.
                b if b < b' ' => return None,
                // Past printable ASCII (DEL, or UTF-8, checked once the string ends):
                // fine in JSON, but validation looks at it.
                _ => {
                    plain = false;
                    self.at = found + 1;
                }
            }
        }
    }

    /// The character an escape stands for, after its backslash.
    fn escape(&mut self) -> Option<char> {
        let c = match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex = self.bytes.get(self.at..self.at + 4)?;
                self.at += 4;
                let hex = std::str::from_utf8(hex).ok()?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                // Surrogates (pairs and lone halves) are left to serde_json.
                char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
            }
            _ => return None,
        };
        Some(c)
    }

    /// Skips white space within the line (not its `'\n'`); mostly there is none, which
    /// one comparison tells.
    #[inline(always)]
    fn blank(&mut self) {
        if self.bytes.get(self.at).is_some_and(|&b| b > b' ') {
            return;
        }
        while let Some(b' ' | b'\t' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }
}

/// Where the first byte that ends or interrupts string text is: a quote, a backslash or
/// a control character, and while the text may be `plain`, DEL or a byte past ASCII too.
/// `None` if there is none.
#[inline(always)]
fn special(bytes: &[u8], plain: bool) -> Option<usize> {
    let mut at = 0;
    #[cfg(target_arch = "x86_64")]
    while at + 16 <= bytes.len() {
        // SAFETY: SSE2 is part of x86_64; the load reads the 16 bytes checked above, and
        // an unaligned load is allowed anywhere.
        let mask = unsafe {
            use std::arch::x86_64::*;
            let v = _mm_loadu_si128(bytes.as_ptr().add(at).cast());
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            let stops = match plain {
                // Signed: bytes past ASCII are negative, so below a space too.
                true => _mm_or_si128(
                    _mm_cmplt_epi8(v, _mm_set1_epi8(b' ' as i8)),
                    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)),
                ),
                // Control characters alone: no bit above the lowest five.
                false => _mm_cmpeq_epi8(
                    _mm_and_si128(v, _mm_set1_epi8(0xe0_u8 as i8)),
                    _mm_setzero_si128(),
                ),
            };
            _mm_movemask_epi8(_mm_or_si128(stops, _mm_or_si128(quote, backslash))) as u32
        };
        if mask != 0 {
            return Some(at + mask.trailing_zeros() as usize);
        }
        at += 16;
    }
    let stops = |b: &u8| match plain {
        true => !(b' '..0x7f).contains(b),
        false => *b < b' ',
    };
    let is_special = |b: &u8| matches!(b, b'"' | b'\\') || stops(b);
    bytes[at..].iter().position(is_special).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What this reader makes of a line, kept (when it reads it to its end).
    fn quick(line: &str) -> Option<RawEvent<'_>> {
        read_line(line.as_bytes(), 0, RawEvent::clone)
            .filter(|(_, next)| *next == line.len())
            .map(|(event, _)| event)
    }

    /// What serde_json makes of a line, in the same terms.
    fn by_serde(line: &str) -> Option<RawEvent<'_>> {
        serde_json::from_str::<RawEvent>(line).ok()
    }

    /// Whatever this reader accepts, serde_json reads the same.
    fn agrees(line: &str) {
        if let Some(read) = quick(line) {
            let serde = by_serde(line).unwrap_or_else(|| panic!("serde refuses {line:?}"));
            assert_eq!(RawEvent { plain: 0, ..read }, serde, "{line:?}");
        }
    }

    const LINE: &str = r#"{"id":"ev-1","date":"2022-06-17","kind":"meeting","countries":["KZ","RU"],"actors":[],"headline":"KZ and RU meet","summary":"They met.","sources":["wire-1"]}"#;

    #[test]
    fn the_common_line_is_read_here_and_the_same_as_by_serde() {
        let read = quick(LINE).expect("read without serde");
        assert_eq!(&*read.countries[1], "RU");
        assert_eq!(read.plain, field::HEADLINE | field::SUMMARY);
        assert!(matches!(read.headline.0, Cow::Borrowed(_)));
        agrees(LINE);
    }

    #[test]
    fn escapes_and_non_ascii_text_are_read_and_not_plain() {
        let line = LINE.replace("They met.", r#"Th\"ey\n m\u00e9t \/ é\u0041."#);
        let read = quick(&line).expect("read without serde");
        assert_eq!(&*read.summary, "Th\"ey\n mét / éA.");
        assert_eq!(read.plain, field::HEADLINE);
        let line = LINE.replace("They met.", "Они встретились\u{7f}");
        assert_eq!(quick(&line).unwrap().plain, field::HEADLINE);
        agrees(&line);
    }

    #[test]
    fn what_serde_must_read_or_refuse_is_left_to_it() {
        let cases = [
            LINE.replace(r#""actors":[]"#, r#""actors":null"#),
            LINE.replace(r#""kind""#, r#""\u006bind""#),
            LINE.replace(r#""kind""#, r#""kinds""#),
            LINE.replace(r#""id""#, r#""ids""#),
            LINE.replace(r#""date""#, r#""dat""#),
            LINE.replace(r#""kind":"meeting""#, r#""kind":"meeting","kind":"call""#),
            LINE.replace(r#""kind":"meeting","#, ""),
            LINE.replace("They met.", "a\u{1}b"),
            LINE.replace("They met.", r"\ud83d\ude00"),
            LINE.replace("They met.", r"\x"),
            LINE.replace(r#"["KZ","RU"]"#, r#"["KZ","RU",]"#),
            LINE.replace(r#""date":"2022-06-17""#, r#""date":20220617"#),
            format!("{LINE} x"),
            format!("{LINE}}}"),
            LINE[..LINE.len() - 1].to_string(),
            "{}".to_string(),
            String::new(),
        ];
        for line in &cases {
            assert!(quick(line).is_none(), "{line}");
        }
        // White space wherever JSON allows it is read here.
        let spaced = LINE
            .replace(',', " ,\t")
            .replace(':', " : ")
            .replace('[', "[ ")
            .replace('{', " { ");
        assert!(quick(&spaced).is_some());
        agrees(&spaced);
    }

    #[test]
    fn a_line_without_a_key_an_event_needs_is_left_to_serde_and_one_without_another_is_read() {
        let full = LINE.replace(
            r#""summary":"They met.""#,
            r#""summary":"They met.","notes":"n","date_note":"d","end":"2022-06-18","part":"mid""#,
        );
        agrees(&full);
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&full).unwrap();
        for key in KEYS {
            let mut without = object.clone();
            without.remove(key);
            let line = serde_json::to_string(&without).unwrap();
            let required = ["id", "date", "kind", "headline", "summary"].contains(&key);
            assert_eq!(quick(&line).is_none(), required, "without {key}");
            assert_eq!(by_serde(&line).is_none(), required, "without {key}");
        }
    }

    #[test]
    fn each_line_of_a_block_is_read_to_its_end_and_no_further() {
        let other = LINE.replace("ev-1", "ev-2");
        let block = format!("{LINE}\n{other} \r\n{LINE}");
        let bytes = block.as_bytes();
        let (first, next) = read_line(bytes, 0, RawEvent::clone).unwrap();
        assert_eq!((&*first.id, next), ("ev-1", LINE.len() + 1));
        let (second, after) = read_line(bytes, next, RawEvent::clone).unwrap();
        assert_eq!(&*second.id, "ev-2");
        assert_eq!(after, next + other.len() + 3);
        // The last line needs no line end.
        let (_, end) = read_line(bytes, after, |_| ()).unwrap();
        assert_eq!(end, bytes.len());
        // An object broken over two lines is two lines, neither of them an event here.
        let broken = LINE.replace(r#","kind""#, "\n,\"kind\"");
        assert!(read_line(broken.as_bytes(), 0, |_| ()).is_none());
        // Something after the object, on its line.
        let trailing = format!("{LINE} x\n{LINE}");
        assert!(read_line(trailing.as_bytes(), 0, |_| ()).is_none());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_left_to_the_caller_wherever_they_are() {
        for (from, to) in [
            ("They met.", &b"They m\xc3t."[..]),
            ("They met.", b"They \\n m\xffet."),
            ("They met.", b"\xe2\x82"),
            ("KZ and RU meet", b"KZ \xc3\xa9 \xa9"),
            (r#""actors""#, b"\"act\xc3rs\""),
            (r#","kind""#, b"\xc3,\"kind\""),
        ] {
            let at = LINE.find(from).unwrap();
            let mut bytes = LINE.as_bytes()[..at].to_vec();
            bytes.extend_from_slice(to);
            bytes.extend_from_slice(&LINE.as_bytes()[at + from.len()..]);
            assert!(std::str::from_utf8(&bytes).is_err());
            assert!(read_line(&bytes, 0, |_| ()).is_none(), "{bytes:?}");
        }
        // Text past ASCII between the values is not JSON either way: serde_json says so.
        assert!(quick(&LINE.replace(r#","kind""#, "\u{a0},\"kind\"")).is_none());
    }

    #[test]
    fn special_bytes_are_found_at_every_position() {
        let text = "a".repeat(40);
        assert_eq!(special(text.as_bytes(), true), None);
        for (bad, stops_plain, stops_other) in [
            (b'"', true, true),
            (b'\\', true, true),
            (0x00, true, true),
            (0x1f, true, true),
            (0x7f, true, false),
            (0x80, true, false),
            (0xff, true, false),
            (b' ', false, false),
        ] {
            for at in [0, 1, 15, 16, 17, 31, 32, 39] {
                let mut bytes = text.clone().into_bytes();
                bytes[at] = bad;
                let found = |stops: bool| stops.then_some(at);
                assert_eq!(
                    special(&bytes, true),
                    found(stops_plain),
                    "{bad:#x} at {at}"
                );
                assert_eq!(
                    special(&bytes, false),
                    found(stops_other),
                    "{bad:#x} at {at}"
                );
            }
        }
        assert_eq!(special(b" ~", true), None);
    }

    proptest! {
        /// Lines cut, spliced and sprinkled with JSON's own characters: this reader
        /// either leaves them to serde_json or reads what serde_json reads.
        #[test]
        fn never_reads_a_line_otherwise_than_serde(
            cuts in proptest::collection::vec((0..LINE.len(), 0usize..12, 0usize..10), 1..4),
        ) {
            let pieces = ["\"", "\\", ",", ":", "[", "]", "{", "}", " ", "\\u0041", "é", "null"];
            let mut line = LINE.to_string();
            for (at, piece, drop) in cuts {
                let at = at.min(line.len());
                if !line.is_char_boundary(at) { continue; }
                let end = (at + drop).min(line.len());
                if !line.is_char_boundary(end) { continue; }
                line.replace_range(at..end, pieces[piece]);
            }
            agrees(&line);
        }
    }
}
