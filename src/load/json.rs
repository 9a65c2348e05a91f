//! JSON documents, `{"title": …, "sources": […], "actors": […], "events": […]}`, read a
//! block at a time: the members before the events array are parsed as they are, and the
//! array is cut into runs of whole elements that are parsed and checked on all cores (see
//! `pipeline`).
//!
//! Finding where elements end would mean following every string from the start, on one
//! thread. Instead a run is cut after a `}` followed by `,` and `{`, which is where one
//! event ends and the next begins, unless it is inside a string. The first run starts
//! right after the array's `[`, and a worker that parses its run as a list of events to
//! exactly its end shows that the next run starts where an event does; so when every run
//! parses, every cut was real.
//!
//! When a run does not parse, or the document has another shape (a member after the events
//! array), the document is read whole and parsed in one piece instead, which gives the
//! same dataset, or the parser's own account of what is wrong, at more cost in time and
//! memory.

use super::document::{self, EntryLines, whole};
use super::pipeline::{self, Chunk, ChunkBuilder, Header, Places, Stop, io_error, read_more};
use super::raw::{RawDataset, RawEvent};
use super::validate::{At, Tables};
use super::{Keep, LoadError, Loader};
use crate::model::Dataset;
use serde::de::{Deserializer as _, SeqAccess, Visitor};
use std::io::Read;
use std::path::Path;

/// Reads a JSON document, parsing its events on all cores.
pub(super) fn read_path(path: &Path, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let opened = pipeline::open(path, file)?;
    if !opened.regular {
        // A pipe can be read only once, and reading whole may be needed after streaming.
        let text = pipeline::read_to_limit(opened.reader, opened.size, file, &loader.limits)?;
        return read_text(&text, file, loader);
    }
    match stream(opened.reader, opened.size, file, loader) {
        Ok(dataset) => Ok(dataset),
        Err(Stop::Load(error)) => Err(error),
        Err(Stop::ReadWhole) => {
            let text = pipeline::read_whole(path, file, &loader.limits)?;
            whole_json(&text, file, loader.keep)
        }
        Err(Stop::TooLong) => unreachable!("said where, by stream"),
    }
}

/// A JSON document already in memory.
pub(super) fn read_text(text: &str, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let text = text.strip_prefix(pipeline::BOM).unwrap_or(text);
    match stream(text.as_bytes(), text.len(), file, loader) {
        Ok(dataset) => Ok(dataset),
        Err(Stop::Load(error)) => Err(error),
        Err(Stop::ReadWhole) => whole_json(text, file, loader.keep),
        Err(Stop::TooLong) => unreachable!("said where, by stream"),
    }
}

fn stream(
    mut reader: impl Read,
    size: usize,
    file: &str,
    loader: &Loader,
) -> Result<Dataset, Stop> {
    let (block, workers, keep, limits) = (loader.block, loader.workers, loader.keep, loader.limits);
    let io = io_error(file);
    let too_long = |what: String, line| {
        Stop::Load(LoadError::TooLarge {
            file: file.to_string(),
            line,
            message: limits.entry_message(&what),
        })
    };
    // Up to the events array: the title, description, sources and actors.
    let mut head = HeadScanner::default();
    let mut buffer = Vec::new();
    let mut at_end = false;
    let array_start = loop {
        if let Some(start) = head.scan(&buffer)? {
            break start;
        }
        if at_end {
            // No events array where the scanner looks for one.
            return Err(Stop::ReadWhole);
        }
        if buffer.len() > limits.entry {
            let what = "the dataset's metadata, before its events array,".to_string();
            return Err(too_long(what, Some(1)));
        }
        at_end = read_more(&mut reader, &mut buffer, block).map_err(&io)?;
    };
    let mut members = buffer[..array_start].to_vec();
    members.extend_from_slice(b"[]}");
    let members = std::str::from_utf8(&members).map_err(|_| Stop::ReadWhole)?;
    let meta: RawDataset = serde_json::from_str(members).map_err(|_| Stop::ReadWhole)?;
    let at = document::json_entry_lines(members);
    let mut header = Header::check(meta, file, Places::Numbers, 0, &at);
    let mut assembly = header.assembly(file, size, loader);
    // The first run starts right after the array's `[`.
    assembly.text_starts_after(memchr::memchr_iter(b'\n', &buffer[..=array_start]).count());

    // The events, a run at a time; each job is the run as a JSON array.
    let mut carry = buffer[array_start + 1..].to_vec();
    drop(buffer);
    let mut finished = false;
    let make = |spare: Option<Vec<u8>>| {
        if finished {
            return Ok(None);
        }
        let mut job = pipeline::next_buffer(spare, b"[", &mut carry);
        loop {
            // About a block: what was carried over, then what is read (a block more when
            // one element is longer than that).
            if !at_end {
                let room = block.checked_sub(job.len()).filter(|&r| r > 0);
                at_end = read_more(&mut reader, &mut job, room.unwrap_or(block)).map_err(&io)?;
            }
            if at_end {
                // The last run: the array's `]`, the document's `}`, white space.
                let end = array_end(&job).ok_or(Stop::ReadWhole)?;
                job.truncate(end);
                finished = true;
                break;
            }
            if let Some((end, next)) = last_cut(&job) {
                carry.extend_from_slice(&job[next..]);
                // What parts the two runs (a comma, white space) is dropped, but not its
                // line ends: the runs' texts together keep the file's lines.
                let ends = memchr::memchr_iter(b'\n', &job[end..next]).count();
                job.truncate(end);
                job.extend(std::iter::repeat_n(b'\n', ends));
                break;
            }
            if job.len() > limits.entry {
                return Err(Stop::TooLong);
            }
        }
        job.push(b']');
        Ok(Some(job))
    };
    let work = |job: &Vec<u8>| parse_run(job, file, &header.tables, keep);
    match pipeline::run(workers, &mut assembly, make, work) {
        Err(Stop::TooLong) => {
            let what = format!("event #{} of the events array", assembly.before() + 1);
            return Err(too_long(what, None));
        }
        outcome => outcome?,
    }
    Ok(header.finish(assembly)?)
}

/// A JSON document parsed in one piece: for shapes the streaming reader does not follow,
/// and for the parser's own account of a document that does not parse.
fn whole_json(text: &str, file: &str, keep: Keep) -> Result<Dataset, LoadError> {
    let syntax = |line, column, message| LoadError::Syntax {
        file: file.to_string(),
        line,
        column,
        message,
    };
    if text.trim().is_empty() {
        let message = "the file is empty; a JSON dataset is one object with a title, and \
                       lists of sources, actors and events";
        return Err(syntax(1, 1, message.to_string()));
    }
    let raw: RawDataset = serde_json::from_str(text).map_err(|e| {
        let mut message = strip_json_position(&e.to_string());
        if e.is_eof() {
            message.push_str("; the file ends before the document does (is it cut short?)");
        }
        // serde_json counts columns from 0 at the start of a line; ours count from 1.
        syntax(e.line(), e.column().max(1), message)
    })?;
    // Where each event starts, when the events array is where the streaming reader looks.
    let bytes = text.as_bytes();
    let events = match HeadScanner::default().scan(bytes) {
        Ok(Some(at)) => document::element_lines(
            &bytes[at..],
            1 + memchr::memchr_iter(b'\n', &bytes[..at]).count(),
        ),
        _ => Vec::new(),
    };
    let lines = EntryLines {
        events,
        duplicates_by_number: true,
        ..document::json_entry_lines(text)
    };
    whole(raw, file, &lines, keep)
}

/// serde_json appends " at line L column C"; we print the position ourselves.
pub(super) fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The last place in `text` where one element may end and the next begin: the end of the
/// one (after its `}`) and the start of the next (its `{`).
fn last_cut(text: &[u8]) -> Option<(usize, usize)> {
    let blank = |b: &&u8| b.is_ascii_whitespace();
    let mut search = text;
    while let Some(open) = memchr::memrchr(b'{', search) {
        search = &text[..open];
        // `{` then a member name, after `}` and `,`.
        let name_follows = text[open + 1..].iter().find(|b| !blank(b)) == Some(&b'"');
        let mut before = text[..open]
            .iter()
            .enumerate()
            .rev()
            .skip_while(|(_, b)| blank(b));
        let comma = before.next().is_some_and(|(_, &b)| b == b',');
        let close = before.find(|(_, b)| !blank(b));
        if let (true, true, Some((at, b'}'))) = (name_follows, comma, close) {
            return Some((at + 1, open));
        }
    }
    None
}

/// Where the events array's `]` is in `text`, if the text ends with it, then the
/// document's `}`, then white space.
fn array_end(text: &[u8]) -> Option<usize> {
    let mut rest = text
        .iter()
        .enumerate()
        .rev()
        .skip_while(|(_, b)| b.is_ascii_whitespace());
    rest.next().filter(|(_, b)| **b == b'}')?;
    let (at, &bracket) = rest.find(|(_, b)| !b.is_ascii_whitespace())?;
    (bracket == b']' && at > 0).then_some(at)
}

/// Parses and checks a run of events, given as a JSON array.
fn parse_run(job: &[u8], file: &str, tables: &Tables, keep: Keep) -> Chunk {
    let malformed = Chunk {
        malformed: true,
        ..Chunk::default()
    };
    let Ok(text) = simdutf8::basic::from_utf8(job) else {
        return malformed;
    };
    let mut chunk = ChunkBuilder::new(file, text.len(), tables, keep);
    let mut parser = serde_json::Deserializer::from_str(text);
    let events = parser.deserialize_seq(Events { chunk: &mut chunk });
    let mut chunk = match events.and_then(|count| parser.end().map(|()| count)) {
        Ok(count) => chunk.finish(count, text.len()),
        Err(_) => return malformed,
    };
    chunk.newlines = memchr::memchr_iter(b'\n', job).count();
    if !chunk.problems.is_empty() {
        // Each problem's line: where its event starts in the run (1 is the run's first).
        let lines = document::element_lines(job, 1);
        for problem in &mut chunk.problems {
            let line = problem.number.and_then(|n| lines.get(n.wrapping_sub(1)));
            problem.line = problem.line.or(line.copied());
        }
    }
    chunk
}

/// Checks each event of a JSON array as it is parsed, without keeping the raw events.
struct Events<'c, 'a> {
    chunk: &'c mut ChunkBuilder<'a>,
}

impl<'de> Visitor<'de> for Events<'_, '_> {
    /// How many events.
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut count = 0;
        while let Some(raw) = seq.next_element::<RawEvent>()? {
            // Counted from the run's first event; the assembly moves numbers on.
            count += 1;
            let at = At::new("event", &raw.id, Some(count), None);
            self.chunk.event(&raw, &at, count as u32);
        }
        Ok(count)
    }
}

/// Follows the start of a JSON document, through its strings and nesting, to the `[` of
/// the events array: the value of the member "events" of the document's object.
#[derive(Debug, Default)]
struct HeadScanner {
    /// The next byte to look at.
    pos: usize,
    /// Open objects and arrays: 1 inside the document's object.
    depth: u32,
    in_string: bool,
    /// Whether the next string in the document's object is a member's name; where the
    /// name being read starts; whether the last name read was "events"; whether its value
    /// comes next.
    expect_key: bool,
    key_start: Option<usize>,
    key_is_events: bool,
    expect_value: bool,
}

impl HeadScanner {
    /// Scans `text` from where it stopped; gives the position of the events array's `[`
    /// once found. Asks for the document to be read whole when the events member is not
    /// an array, or the text cannot be the start of an object.
    fn scan(&mut self, text: &[u8]) -> Result<Option<usize>, Stop> {
        let malformed = Err(Stop::ReadWhole);
        while self.pos < text.len() {
            if self.in_string {
                match quote_or_backslash(&text[self.pos..]) {
                    None => self.pos = text.len(),
                    Some(at) if text[self.pos + at] == b'\\' => {
                        // Skip the escaped byte, when it is here.
                        if self.pos + at + 1 >= text.len() {
                            self.pos += at;
                            return Ok(None);
                        }
                        self.pos += at + 2;
                    }
                    Some(at) => {
                        self.in_string = false;
                        if let Some(start) = self.key_start.take() {
                            self.key_is_events = &text[start..self.pos + at] == b"events";
                        }
                        self.pos += at + 1;
                    }
                }
                continue;
            }
            let byte = text[self.pos];
            self.pos += 1;
            if byte.is_ascii_whitespace() {
                continue;
            }
            if self.expect_value && self.depth == 1 {
                self.expect_value = false;
                if self.key_is_events {
                    return if byte == b'[' {
                        Ok(Some(self.pos - 1))
                    } else {
                        malformed
                    };
                }
            }
            match byte {
                b'"' => {
                    self.in_string = true;
                    if self.expect_key && self.depth == 1 {
                        self.key_start = Some(self.pos);
                        self.expect_key = false;
                    }
                }
                b'{' | b'[' => {
                    self.depth += 1;
                    self.expect_key = self.depth == 1;
                }
                b'}' | b']' if self.depth <= 1 => return malformed,
                b'}' | b']' => self.depth -= 1,
                b':' if self.depth == 1 => self.expect_value = true,
                b',' if self.depth == 1 => self.expect_key = true,
                _ if self.depth == 0 => return malformed,
                _ => {}
            }
        }
        Ok(None)
    }
}

/// The first `"` or `\\` in `bytes`. Most strings in a dataset are short (names, ids,
/// codes), so this looks at 8 bytes at a time in place rather than calling out to a
/// vectorised search for each one.
fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // A high bit in each byte of `word` equal to `byte`; the lowest flagged byte is always
    // a true match (borrows only spill upwards).
    let matches = |word: u64, byte: u8| {
        let x = word ^ (ONES * byte as u64);
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let found = matches(word, b'"') | matches(word, b'\\');
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = chunks
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\');
    rest.map(|p| at + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_element_is_placed_on_the_line_it_starts() {
        let text = b"[{\"a\": \"x,{\\\"y\"},\n  {\"b\": [1,\n 2]},\n\n 7, \"s\"\n]";
        assert_eq!(document::element_lines(text, 1), [1, 2, 5, 5]);
        assert_eq!(document::element_lines(b"[\n]", 5), Vec::<usize>::new());
    }

    /// What reading `text` in blocks of `block` bytes on `workers` workers gives, and
    /// whether it had to read the document whole.
    fn streamed(text: &str, block: usize, workers: usize) -> (Result<Dataset, LoadError>, bool) {
        let loader = Loader::new().block(block).workers(workers);
        match stream(text.as_bytes(), text.len(), "d.json", &loader) {
            Ok(dataset) => (Ok(dataset), false),
            Err(Stop::Load(error)) => (Err(error), false),
            Err(Stop::ReadWhole) => (whole_json(text, "d.json", Loader::new().keep), true),
            Err(Stop::TooLong) => unreachable!("said where, by stream"),
        }
    }

    fn same(a: &Result<Dataset, LoadError>, b: &Result<Dataset, LoadError>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => a.events == b.events && a.sources == b.sources,
            (Err(a), Err(b)) => a.lines() == b.lines(),
            _ => false,
        }
    }

    /// Every way of cutting `text` gives what parsing it whole gives; says whether the
    /// streaming reader followed it (rather than reading it whole).
    fn check(text: &str) -> bool {
        let whole = whole_json(text, "d.json", Loader::new().keep);
        let mut followed = true;
        for block in [1, 2, 3, 7, 64, 4096] {
            for workers in 1..=3 {
                let (result, read_whole) = streamed(text, block, workers);
                assert!(
                    same(&result, &whole),
                    "block {block}, {workers} workers: {:?} vs {:?}",
                    result
                        .as_ref()
                        .map(|d| d.events.len())
                        .map_err(|e| e.lines()),
                    whole
                        .as_ref()
                        .map(|d| d.events.len())
                        .map_err(|e| e.lines()),
                );
                followed &= !read_whole;
            }
        }
        followed
    }

    const HEAD: &str = r#""title": "T", "sources": [{"id": "s", "outlet": "O", "title": "x",
        "language": "en", "published": "2022", "about": "a"}]"#;

    fn event(id: &str, headline: &str) -> String {
        format!(
            r#"{{"id": "{id}", "date": "2022-06-17", "kind": "visit", "countries": ["KZ"],
            "headline": "{headline}", "summary": "s", "sources": ["s"]}}"#
        )
    }

    #[test]
    fn quotes_and_backslashes_are_found_first_at_any_position() {
        for len in 0..40 {
            for at in 0..len {
                for (byte, other) in [(b'"', b'\\'), (b'\\', b'"')] {
                    let mut bytes = vec![b'a'; len];
                    // Bytes one off in value, and a later match, must not confuse it.
                    bytes[..at]
                        .iter_mut()
                        .step_by(3)
                        .for_each(|b| *b = byte + 1);
                    bytes[at] = byte;
                    if at + 1 < len {
                        bytes[at + 1] = other;
                    }
                    assert_eq!(quote_or_backslash(&bytes), Some(at), "{len} {at}");
                }
            }
            assert_eq!(quote_or_backslash(&vec![b'x'; len]), None);
        }
        assert_eq!(quote_or_backslash("é\"".as_bytes()), Some(2));
    }

    #[test]
    fn the_events_array_is_cut_into_its_elements_wherever_blocks_end() {
        // Strings holding brackets, commas, quotes and backslashes; white space between.
        let tricky = [
            event("a", r#"quote \" and ], {\"x\": [1]}, \\"#),
            event("b", r#"back\\slash\\"#),
            event("c", "plain"),
        ];
        let text = format!(
            "{{ {HEAD}, \"events\" : [\n {} ,\n{}\n,{} ]\n}}\n",
            tricky[0], tricky[1], tricky[2]
        );
        assert!(check(&text));
        let mut synthetic = Vec::new();
        crate::synth::write(&mut synthetic, 40, 3, false).unwrap();
        assert!(check(&String::from_utf8(synthetic).unwrap()));
        // No events at all.
        assert!(check(&format!("{{{HEAD}, \"events\": []}}")));
        // A string that ends like one event ending and the next beginning misleads a cut;
        // the worker's parse finds out and the document is read whole, to the same end.
        let misleading = [event("a", "ends with }, {"), event("b", "x")];
        let text = format!(
            "{{{HEAD}, \"events\": [{}, {}]}}",
            misleading[0], misleading[1]
        );
        assert!(!check(&text));
    }

    #[test]
    fn problems_are_those_of_reading_the_document_whole() {
        let events = [event("a", "x"), event("b", "\\u001b[2J"), event("a", "y")];
        let text = format!("{{{HEAD}, \"events\": [{}]}}", events.join(","));
        assert!(check(&text));
        let lines = streamed(&text, 64, 2).0.unwrap_err().lines();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains(
            "event 'a' (#3), field 'id': duplicate event id 'a' (first used by event #1)"
        ));
        assert!(
            lines[1].contains("event 'b' (#2), field 'headline': contains the control character")
        );
    }

    #[test]
    fn damaged_documents_give_what_reading_them_whole_gives() {
        let events = [event("a", "x"), event("b", "}, {"), event("c", "z")];
        let text = format!("{{{HEAD}, \"events\": [{}]}}", events.join(", "));
        let bytes = text.as_bytes();
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let punctuation = b"{}[],:\"\\ x";
        for _ in 0..300 {
            let mut damaged = bytes.to_vec();
            for _ in 0..1 + next(3) {
                let at = next(damaged.len());
                match next(3) {
                    0 => {
                        damaged.remove(at);
                    }
                    1 => damaged.insert(at, punctuation[next(punctuation.len())]),
                    _ => damaged[at] = punctuation[next(punctuation.len())],
                }
            }
            let Ok(text) = String::from_utf8(damaged) else {
                continue;
            };
            let whole = whole_json(&text, "d.json", Loader::new().keep);
            for (block, workers) in [(16, 2), (4096, 1)] {
                let (result, _) = streamed(&text, block, workers);
                assert!(same(&result, &whole), "{text}");
            }
        }
    }

    #[test]
    fn other_shapes_and_broken_documents_are_read_whole() {
        let e = event("a", "x");
        let shapes = [
            // Members after the events array; no events; events not an array; "events"
            // inside another member.
            format!("{{\"events\": [{e}], {HEAD}}}"),
            format!("{{{HEAD}}}"),
            format!("{{{HEAD}, \"events\": {{}}}}"),
            format!("{{{HEAD}, \"description\": {{\"events\": [1]}}, \"events\": [{e}]}}"),
            // Broken: an element that is not an event, an empty element, a missing end,
            // something after the end, an array for a document, nothing.
            format!("{{{HEAD}, \"events\": [{e}, 5]}}"),
            format!("{{{HEAD}, \"events\": [{e},, {e}]}}"),
            format!("{{{HEAD}, \"events\": [{e},]}}"),
            format!("{{{HEAD}, \"events\": [{e}"),
            format!("{{{HEAD}, \"events\": [{e}]}} x"),
            format!("{{{HEAD}, \"events\": [{e}]}}}}"),
            format!("[{e}]"),
            String::new(),
        ];
        for text in &shapes {
            check(text);
        }
        // The last member placed after the events array is read whole, not lost.
        let late = format!("{{\"events\": [{e}], {HEAD}}}");
        assert!(!check(&late));
        assert_eq!(streamed(&late, 64, 2).0.unwrap().events.len(), 1);
    }
}
