//! JSON documents, `{"title": …, "sources": […], "actors": […], "events": […]}`, read a
//! block at a time. A scanner that follows only strings and nesting cuts the events array
//! into its elements on the reading thread; the elements are parsed and checked on all
//! cores (see `pipeline`), and the rest of the document is parsed as it is.
//!
//! The scanner takes the usual shape: the events array is the last member of the object.
//! When the document has another shape, or anything in it does not parse, the document is
//! read whole and parsed in one piece instead, which gives the same dataset, or the
//! parser's own account of what is wrong, at more cost in time and memory.

use super::jsonl::{io_error, read_more};
use super::pipeline::{self, Assembly, Chunk, ChunkBuilder, Places, Stop};
use super::raw::{RawDataset, RawEvent};
use super::validate::{self, At, Checker, Tables};
use super::{Keep, LoadError, check_header};
use crate::model::Dataset;
use std::io::Read;
use std::path::Path;

/// How much of the events array goes to one worker at a time.
const BLOCK: usize = 4 << 20;

/// Reads a JSON document, parsing its events on all cores.
pub(super) fn from_path(path: &Path, file: &str, keep: Keep) -> Result<Dataset, LoadError> {
    let io = io_error(file);
    let reader = std::fs::File::open(path).map_err(&io)?;
    let size = reader.metadata().map_err(&io)?.len() as usize;
    match stream(reader, size, file, BLOCK, crate::parallel::cores(), keep) {
        Ok(dataset) => Ok(dataset),
        Err(Stop::Load(error)) => Err(error),
        Err(Stop::ReadWhole) => {
            let text = std::fs::read_to_string(path).map_err(&io)?;
            super::whole_json(&text, file, keep)
        }
    }
}

/// A JSON document already in memory.
pub(super) fn from_str(text: &str, file: &str, keep: Keep) -> Result<Dataset, LoadError> {
    let workers = crate::parallel::cores();
    match stream(text.as_bytes(), text.len(), file, BLOCK, workers, keep) {
        Ok(dataset) => Ok(dataset),
        Err(Stop::Load(error)) => Err(error),
        Err(Stop::ReadWhole) => super::whole_json(text, file, keep),
    }
}

/// A block of whole elements of the events array.
#[derive(Default)]
struct Job {
    text: Vec<u8>,
    /// Where each element is in `text`.
    spans: Vec<(usize, usize)>,
    /// The number (from 1) of the first element in the array.
    first: usize,
}

fn stream(
    mut reader: impl Read,
    size: usize,
    file: &str,
    block: usize,
    workers: usize,
    keep: Keep,
) -> Result<Dataset, Stop> {
    let io = io_error(file);
    let mut scanner = Scanner::default();
    let mut buffer = Vec::new();
    // Up to the events array: the title, description, sources and actors.
    let mut at_end = false;
    while scanner.phase == Phase::Head {
        if at_end {
            // No events array where the scanner looks for one.
            return Err(Stop::ReadWhole);
        }
        at_end = read_more(&mut reader, &mut buffer, block).map_err(&io)?;
        scanner.scan(&buffer, &mut Vec::new())?;
    }
    let head_end = scanner.pos - 1;
    let mut head = buffer[..head_end].to_vec();
    head.extend_from_slice(b"[]}");
    let head = std::str::from_utf8(&head).map_err(|_| Stop::ReadWhole)?;
    let meta: RawDataset = serde_json::from_str(head).map_err(|_| Stop::ReadWhole)?;
    let mut check = Checker {
        file,
        problems: Vec::new(),
    };
    let (title, description) = check_header(&mut check, &meta.title, &meta.description);
    let tables = validate::tables(&mut check, meta.sources, meta.actors, &[], &[]);
    let mut assembly = Assembly::new(file, Places::Numbers, check.problems, 0, size);

    // The events: cut at the end of the last whole element once a block is scanned; the
    // rest goes on to the next job.
    buffer.drain(..scanner.pos);
    scanner.pos = 0;
    let mut carry = buffer;
    let mut number = 1;
    let make = |spare: Option<Job>| {
        if scanner.phase == Phase::Done && carry.is_empty() {
            return Ok(None);
        }
        let mut job = spare.unwrap_or_default();
        job.text.clear();
        job.spans.clear();
        job.text.append(&mut carry);
        job.first = number;
        loop {
            // About a block: what was carried over, then what is read (a block more when
            // one element is longer than that).
            if !at_end {
                let room = block.checked_sub(job.text.len()).filter(|&r| r > 0);
                let room = room.unwrap_or(block);
                at_end = read_more(&mut reader, &mut job.text, room).map_err(&io)?;
            }
            scanner.scan(&job.text, &mut job.spans)?;
            if !job.spans.is_empty() || scanner.phase == Phase::Done {
                break;
            }
            if at_end {
                // The document ends inside the events array.
                return Err(Stop::ReadWhole);
            }
        }
        // Keep what follows the last whole element for the next job.
        let cut = job.spans.last().map_or(scanner.pos, |&(_, end)| end);
        let cut = if scanner.phase == Phase::Done {
            scanner.pos
        } else {
            cut
        };
        carry.extend_from_slice(&job.text[cut..]);
        job.text.truncate(cut);
        scanner.rebase(cut);
        number += job.spans.len();
        Ok(Some(job))
    };
    let work = |job: &Job| parse_elements(job, file, &tables, keep);
    pipeline::run(workers, &mut assembly, make, work)?;
    // Only white space may follow the document.
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).map_err(&io)?;
    if !scanner.rest_is_blank(&rest) {
        return Err(Stop::ReadWhole);
    }
    Ok(assembly.finish(title, description, tables)?)
}

/// Parses and checks the elements of a job.
fn parse_elements(job: &Job, file: &str, tables: &Tables, keep: Keep) -> Chunk {
    let malformed = Chunk {
        malformed: true,
        ..Chunk::default()
    };
    let Ok(text) = std::str::from_utf8(&job.text) else {
        return malformed;
    };
    let mut chunk = ChunkBuilder::new(file, text.len(), tables, keep);
    for (i, &(start, end)) in job.spans.iter().enumerate() {
        let Ok(raw) = serde_json::from_str::<RawEvent>(&text[start..end]) else {
            return malformed;
        };
        // Counted from the job's first element; the assembly moves numbers on.
        let number = i + 1;
        let at = At::new("event", &raw.id, Some(number), None);
        chunk.event(&raw, &at, number as u32);
    }
    chunk.finish(job.spans.len(), text.len())
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// In the document before the events array.
    #[default]
    Head,
    /// In the events array.
    Events,
    /// After the events array, before the end of the document.
    Tail,
    /// The document has ended.
    Done,
}

/// Follows a JSON document's strings and nesting, a buffer at a time: enough to find the
/// events array and the elements in it. What it cannot follow it leaves to the parser
/// (by asking for the document to be read whole).
#[derive(Debug, Default)]
struct Scanner {
    phase: Phase,
    /// The next byte to look at.
    pos: usize,
    /// Open objects and arrays: 1 inside the document, 2 inside the events array.
    depth: u32,
    in_string: bool,
    /// Head: whether the next string in the document's object is a member's name; where
    /// the name being read starts; whether the last name read was "events"; whether a
    /// value comes next.
    expect_key: bool,
    key_start: Option<usize>,
    key_is_events: bool,
    expect_value: bool,
    /// Events: where the element being read starts, and whether a comma came last.
    element: Option<usize>,
    after_comma: bool,
}

impl Scanner {
    /// Scans `text` from `pos`, adding the span of each whole element of the events array
    /// to `spans`. Stops at the end of the text, at the start of the events array, and at
    /// the end of the document.
    fn scan(&mut self, text: &[u8], spans: &mut Vec<(usize, usize)>) -> Result<(), Stop> {
        let malformed = Err(Stop::ReadWhole);
        while self.pos < text.len() {
            if self.in_string {
                match quote_or_backslash(&text[self.pos..]) {
                    None => self.pos = text.len(),
                    Some(at) if text[self.pos + at] == b'\\' => {
                        // Skip the escaped byte, when it is here.
                        if self.pos + at + 1 >= text.len() {
                            self.pos += at;
                            return Ok(());
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
            match self.phase {
                Phase::Head => {
                    if self.expect_value && self.depth == 1 {
                        self.expect_value = false;
                        if self.key_is_events {
                            if byte != b'[' {
                                return malformed;
                            }
                            self.phase = Phase::Events;
                            self.depth = 2;
                            return Ok(());
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
                Phase::Events => match byte {
                    b',' | b']' if self.depth == 2 => {
                        match self.element.take() {
                            Some(start) => {
                                let end = trim_end(text, start, self.pos - 1);
                                spans.push((start, end));
                            }
                            // "[,", ",,", or ",]".
                            None if byte == b',' || self.after_comma => return malformed,
                            None => {}
                        }
                        self.after_comma = byte == b',';
                        if byte == b']' {
                            self.depth = 1;
                            self.phase = Phase::Tail;
                        }
                    }
                    b'}' if self.depth == 2 => return malformed,
                    _ => {
                        if self.depth == 2 && self.element.is_none() {
                            self.element = Some(self.pos - 1);
                        }
                        match byte {
                            b'"' => self.in_string = true,
                            b'{' | b'[' => self.depth += 1,
                            b'}' | b']' => self.depth -= 1,
                            _ => {}
                        }
                    }
                },
                Phase::Tail => match byte {
                    b'}' => {
                        self.depth = 0;
                        self.phase = Phase::Done;
                        return Ok(());
                    }
                    // Another member after the events array, or anything else.
                    _ => return malformed,
                },
                Phase::Done => return malformed,
            }
        }
        Ok(())
    }

    /// The first `cut` bytes of the text have gone: positions move back.
    fn rebase(&mut self, cut: usize) {
        self.pos -= cut;
        self.element = self.element.map(|start| start - cut);
    }

    /// Whether `rest` (what follows the scanned text) is only white space.
    fn rest_is_blank(&self, rest: &[u8]) -> bool {
        self.phase == Phase::Done && rest.iter().all(u8::is_ascii_whitespace)
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

/// Where the text of an element ends, without trailing white space.
fn trim_end(text: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && text[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::ALL;

    /// What reading `text` in blocks of `block` bytes on `workers` workers gives, and
    /// whether it had to read the document whole.
    fn streamed(text: &str, block: usize, workers: usize) -> (Result<Dataset, LoadError>, bool) {
        match stream(text.as_bytes(), text.len(), "d.json", block, workers, ALL) {
            Ok(dataset) => (Ok(dataset), false),
            Err(Stop::Load(error)) => (Err(error), false),
            Err(Stop::ReadWhole) => (super::super::whole_json(text, "d.json", ALL), true),
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
        let whole = super::super::whole_json(text, "d.json", ALL);
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
