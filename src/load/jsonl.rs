//! JSON Lines datasets: a metadata line, then one event per line. A file is read a block of
//! whole lines at a time; one thread per core parses and checks blocks while the next are
//! read, and their events join the dataset in file order as they come. The file's text is
//! never held whole, only the model built from it.

use super::raw::{RawDataset, RawEvent};
use super::validate::{self, At, Checker, Place, Tables};
use super::{Keep, LoadError, Problem, check_header, finish, strip_json_position};
use crate::model::{Dataset, Event, EventsBuilder};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Mutex, mpsc};

/// What a thread makes of a block of whole lines.
#[derive(Default)]
struct Chunk {
    events: Vec<Event>,
    /// The line (local to the chunk) of each event in `events`.
    event_lines: Vec<u32>,
    /// The hash of each event's id, for finding ids used twice.
    id_hashes: Vec<u64>,
    /// The ids of events not built, with local lines.
    others: OtherIds,
    problems: Vec<Problem>,
    /// A problem that stops the load (text that is not UTF-8), at a local line.
    fatal: Option<LoadError>,
    lines: usize,
    /// The bytes it was made from.
    bytes: usize,
}

/// The metadata line, read.
struct Header {
    title: String,
    description: String,
    tables: Tables,
    problems: Vec<Problem>,
    /// Lines up to and including the metadata line.
    lines: usize,
}

/// JSON Lines: the first non-blank line is the metadata, every later non-blank line one
/// event.
pub(super) fn from_str(text: &str, file: &str, keep: Keep) -> Result<Dataset, LoadError> {
    let (header_text, lines, rest) = split_header(text.as_bytes(), true).unwrap_or_default();
    let header_text = std::str::from_utf8(header_text).expect("text is UTF-8");
    let rest = std::str::from_utf8(rest).expect("cut at a newline");
    let mut header = read_header(header_text, lines, file)?;
    let pieces = split_lines(rest, crate::parallel::cores());
    let chunks: Vec<Chunk> = std::thread::scope(|scope| {
        let threads: Vec<_> = pieces
            .iter()
            .map(|piece| scope.spawn(|| parse_chunk(piece, file, &header.tables, keep)))
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("parser thread"))
            .collect()
    });
    let mut assembly = Assembly::new(file, &mut header, rest.len());
    for chunk in chunks {
        assembly.add(chunk)?;
    }
    assembly.finish(header)
}

/// How much of a JSON Lines file is read at a time: a block of whole lines goes to one worker.
const BLOCK: usize = 4 << 20;

/// Reads a JSON Lines file, parsing on all cores.
pub(super) fn from_path(path: &Path, file: &str, keep: Keep) -> Result<Dataset, LoadError> {
    read_blocks(path, file, BLOCK, crate::parallel::cores(), keep)
}

fn io_error(file: &str) -> impl Fn(std::io::Error) -> LoadError + '_ {
    move |error| LoadError::Io {
        file: file.to_string(),
        error,
    }
}

/// Reads up to `limit` more bytes onto `buffer`; says whether the file has ended.
fn read_more(reader: &mut impl Read, buffer: &mut Vec<u8>, limit: usize) -> std::io::Result<bool> {
    let read = reader.take(limit as u64).read_to_end(buffer)?;
    Ok(read < limit)
}

/// Reads blocks of whole lines on this thread while `workers` threads parse them; their
/// events are added in file order as each block before them is done.
fn read_blocks(
    path: &Path,
    file: &str,
    block: usize,
    workers: usize,
    keep: Keep,
) -> Result<Dataset, LoadError> {
    let io = io_error(file);
    let mut reader = std::fs::File::open(path).map_err(&io)?;
    let size = reader.metadata().map_err(&io)?.len() as usize;
    // The metadata line first: the events' checks need its sources and actors.
    let mut start = Vec::new();
    let (mut header, mut carry) = loop {
        let at_end = read_more(&mut reader, &mut start, 1 << 16).map_err(&io)?;
        if let Some((text, lines, rest)) = split_header(&start, at_end) {
            let text = std::str::from_utf8(text)
                .map_err(|e| not_utf8(file, lines.max(1), column_of(text, e.valid_up_to())))?;
            break (read_header(text, lines, file)?, rest.to_vec());
        }
    };
    drop(start);
    let mut assembly = Assembly::new(file, &mut header, size);
    let tables = &header.tables;
    // No queue: a block is read while the workers parse, and handed over when one is free.
    let (work, jobs) = mpsc::sync_channel::<(usize, Vec<u8>)>(0);
    let jobs = Mutex::new(jobs);
    let (done, results) = mpsc::channel::<(usize, Chunk, Vec<u8>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            let done = done.clone();
            let jobs = &jobs;
            scope.spawn(move || {
                loop {
                    let job = jobs.lock().expect("job queue").recv();
                    let Ok((number, buffer)) = job else { break };
                    let chunk = parse_block(&buffer, file, tables, keep);
                    if done.send((number, chunk, buffer)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut order = InOrder::default();
        let mut sent = 0;
        let mut outcome = Ok(());
        let mut at_end = false;
        while !at_end && outcome.is_ok() {
            let mut buffer = order.spare.pop().unwrap_or_default();
            buffer.clear();
            buffer.append(&mut carry);
            // Whole lines: keep a partial last line for the next block.
            let cut = loop {
                match read_more(&mut reader, &mut buffer, block) {
                    Err(error) => break Err(io(error)),
                    Ok(true) => {
                        at_end = true;
                        break Ok(buffer.len());
                    }
                    Ok(false) => match memchr::memrchr(b'\n', &buffer) {
                        Some(last) => break Ok(last + 1),
                        None => continue,
                    },
                }
            };
            match cut {
                Err(error) => outcome = Err(error),
                Ok(cut) => {
                    carry.extend_from_slice(&buffer[cut..]);
                    buffer.truncate(cut);
                    work.send((sent, buffer)).expect("workers wait for work");
                    sent += 1;
                }
            }
            while let (true, Ok(result)) = (outcome.is_ok(), results.try_recv()) {
                outcome = order.take(result, &mut assembly);
            }
        }
        drop(work);
        for result in results.iter() {
            if outcome.is_ok() {
                outcome = order.take(result, &mut assembly);
            }
        }
        outcome
    })?;
    assembly.finish(header)
}

/// The ids of events that were not built (they failed their checks, or the command did
/// not keep them), for finding ids used twice.
#[derive(Default)]
struct OtherIds {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<usize>,
    lines: Vec<u32>,
    hashes: Vec<u64>,
}

impl OtherIds {
    fn push(&mut self, id: &str, line: u32, hash: u64) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
        self.lines.push(line);
        self.hashes.push(hash);
    }

    fn id(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds `other`'s ids after these, its lines mapped by `line`.
    fn append(&mut self, other: OtherIds, line: impl Fn(u32) -> u32) {
        let shift = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|&end| end + shift));
        self.lines.extend(other.lines.iter().map(|&l| line(l)));
        self.hashes.extend(other.hashes);
    }
}

/// Parsed blocks come back in any order; they are added in the order they were read.
#[derive(Default)]
struct InOrder {
    /// Chunks that came back before the ones ahead of them.
    waiting: BTreeMap<usize, Chunk>,
    /// Buffers to read the next blocks into.
    spare: Vec<Vec<u8>>,
    next: usize,
}

impl InOrder {
    fn take(
        &mut self,
        (number, chunk, buffer): (usize, Chunk, Vec<u8>),
        assembly: &mut Assembly,
    ) -> Result<(), LoadError> {
        self.spare.push(buffer);
        self.waiting.insert(number, chunk);
        while let Some(chunk) = self.waiting.remove(&self.next) {
            self.next += 1;
            assembly.add(chunk)?;
        }
        Ok(())
    }
}

/// Checks that a block is UTF-8, then parses it.
fn parse_block(bytes: &[u8], file: &str, tables: &Tables, keep: Keep) -> Chunk {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_chunk(text, file, tables, keep),
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = memchr::memchr_iter(b'\n', before).count() + 1;
            let column = column_of(bytes, e.valid_up_to());
            Chunk {
                fatal: Some(not_utf8(file, line, column)),
                ..Chunk::default()
            }
        }
    }
}

fn not_utf8(file: &str, line: usize, column: usize) -> LoadError {
    LoadError::Syntax {
        file: file.to_string(),
        line,
        column,
        message: "not valid UTF-8; a dataset must be UTF-8 text".into(),
    }
}

/// The column (in characters) of byte `offset`, which ends valid UTF-8.
fn column_of(bytes: &[u8], offset: usize) -> usize {
    let before = &bytes[..offset];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1
}

/// Cuts off the blank lines and the metadata line: (metadata, lines they take, the rest).
/// `None` until a whole metadata line is there (`at_end` says nothing more will come).
fn split_header(bytes: &[u8], at_end: bool) -> Option<(&[u8], usize, &[u8])> {
    let mut rest = bytes;
    let mut lines = 0;
    loop {
        let end = memchr::memchr(b'\n', rest);
        let line = &rest[..end.unwrap_or(rest.len())];
        if end.is_none() && !at_end {
            return None;
        }
        let after = end.map_or(rest.len(), |e| e + 1);
        if !line.trim_ascii().is_empty() {
            return Some((line, lines + 1, &rest[after..]));
        }
        if end.is_none() {
            return Some((&[], lines, &[]));
        }
        lines += 1;
        rest = &rest[after..];
    }
}

fn read_header(text: &str, lines: usize, file: &str) -> Result<Header, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Syntax {
            file: file.to_string(),
            line: lines.max(1),
            column: 1,
            message: "the file is empty; the first line must be the dataset's metadata \
                      (title, description, sources, actors)"
                .into(),
        });
    }
    let metadata_error = |column, problem: String| LoadError::Syntax {
        file: file.to_string(),
        line: lines,
        column,
        message: format!(
            "the first line must be the dataset's metadata (title, description, sources, \
             actors): {problem}"
        ),
    };
    let meta: RawDataset = serde_json::from_str(text.trim())
        .map_err(|e| metadata_error(e.column(), strip_json_position(&e.to_string())))?;
    if !meta.events.is_empty() {
        let problem = "it lists events, but in JSON Lines each event is a line of its own";
        return Err(metadata_error(1, problem.to_string()));
    }
    let mut check = Checker {
        file,
        problems: Vec::new(),
    };
    let (title, description) = check_header(&mut check, &meta.title, &meta.description);
    let tables = validate::tables(&mut check, meta.sources, meta.actors, &[], &[]);
    Ok(Header {
        title,
        description,
        tables,
        problems: check.problems,
        lines,
    })
}

/// The events of chunks added in file order, with lines counted from the file's start.
struct Assembly<'f> {
    file: &'f str,
    problems: Vec<Problem>,
    events: Vec<Event>,
    /// The line of each event in `events`.
    event_lines: Vec<u32>,
    /// The hash of each event's id.
    id_hashes: Vec<u64>,
    /// The ids of events not built, with their lines.
    others: OtherIds,
    /// Lines before the next chunk.
    line: usize,
    /// Bytes of events expected in all: from the first chunk on, room for all events is
    /// made at once rather than copied as the list grows.
    expected: usize,
}

impl<'f> Assembly<'f> {
    /// Takes the header's problems; the rest of it is needed at the end.
    fn new(file: &'f str, header: &mut Header, expected: usize) -> Self {
        Assembly {
            file,
            problems: std::mem::take(&mut header.problems),
            line: header.lines,
            events: Vec::new(),
            event_lines: Vec::new(),
            id_hashes: Vec::new(),
            others: OtherIds::default(),
            expected,
        }
    }

    fn add(&mut self, mut chunk: Chunk) -> Result<(), LoadError> {
        let shift = self.line;
        if let Some(mut fatal) = chunk.fatal {
            if let LoadError::Syntax { line, .. } = &mut fatal {
                *line += shift;
            }
            return Err(fatal);
        }
        if self.events.capacity() == 0 && chunk.bytes > 0 {
            // Room never written to costs address space, not memory.
            let per_byte = chunk.events.len() as f64 / chunk.bytes as f64;
            let guess = (per_byte * self.expected as f64 * 1.1) as usize;
            self.events.reserve(guess);
            self.event_lines.reserve(guess);
            self.id_hashes.reserve(guess);
        }
        for problem in &mut chunk.problems {
            problem.line = problem.line.map(|l| l + shift);
        }
        self.problems.append(&mut chunk.problems);
        let line = |local: u32| u32::try_from(local as usize + shift).unwrap_or(u32::MAX);
        self.others.append(chunk.others, line);
        self.event_lines
            .extend(chunk.event_lines.iter().map(|&l| line(l)));
        self.id_hashes.append(&mut chunk.id_hashes);
        self.events.append(&mut chunk.events);
        self.line += chunk.lines;
        Ok(())
    }

    /// Checks ids across all events and builds the dataset.
    fn finish(self, header: Header) -> Result<Dataset, LoadError> {
        let mut check = Checker {
            file: self.file,
            problems: self.problems,
        };
        // Events built and the others (failed, or not kept) alike, each with its line.
        let (events, lines, others) = (self.events, self.event_lines, self.others);
        let hashes = self.id_hashes;
        let valid = events.len();
        let place = |line: u32| Place::new(None, Some(line as usize));
        let id = |i: usize| match i.checked_sub(valid) {
            None => (events[i].id(), place(lines[i])),
            Some(o) => (others.id(o), place(others.lines[o])),
        };
        let hash = |i: usize| match i.checked_sub(valid) {
            None => hashes[i],
            Some(o) => others.hashes[o],
        };
        validate::duplicates(&mut check, "event", valid + others.len(), id, hash);
        drop((lines, hashes));
        finish(
            check,
            header.title,
            header.description,
            header.tables,
            events,
        )
    }
}

/// Splits text into about `n` pieces of whole lines.
fn split_lines(text: &str, n: usize) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(n);
    let mut rest = text;
    for i in (1..=n).rev() {
        if rest.is_empty() {
            break;
        }
        if i == 1 {
            pieces.push(rest);
            break;
        }
        // Search bytes: the midpoint may fall inside a character; a newline never does.
        let target = rest.len() / i;
        let cut = memchr::memchr(b'\n', &rest.as_bytes()[target..])
            .map_or(rest.len(), |p| target + p + 1);
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces
}

fn parse_chunk(piece: &str, file: &str, tables: &Tables, keep: Keep) -> Chunk {
    let mut check = Checker {
        file,
        problems: Vec::new(),
    };
    // Generous guesses: room that is never written to costs no memory.
    let mut events = EventsBuilder::with_capacity(piece.len() / 200, piece.len());
    let mut event_lines = Vec::with_capacity(piece.len() / 200);
    let mut id_hashes = Vec::with_capacity(piece.len() / 200);
    let mut others = OtherIds::default();
    let mut scratch = validate::Scratch::default();
    let mut segments = 0;
    for (i, line) in piece.split('\n').enumerate() {
        segments = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let number = i + 1;
        match serde_json::from_str::<RawEvent>(line) {
            Ok(raw) => {
                let at = At::new("event", &raw.id, None, Some(number));
                let hash = validate::hash_id(&raw.id);
                match validate::event(&mut check, &at, &raw, tables, &mut scratch) {
                    Some(parts) if keep(&parts) => {
                        events.push(parts);
                        event_lines.push(number as u32);
                        id_hashes.push(hash);
                    }
                    _ => others.push(&raw.id, number as u32, hash),
                }
            }
            Err(e) => check.problems.push(Problem {
                file: file.to_string(),
                line: Some(number),
                column: Some(e.column()),
                entry: String::new(),
                field: String::new(),
                message: format!(
                    "not a valid event: {}; each line after the first is one JSON object",
                    strip_json_position(&e.to_string())
                ),
            }),
        }
    }
    // Every '\n' ends a line, so after a final one split yields an empty string that is
    // not a line; a last line without one still counts.
    let lines = match piece {
        "" => 0,
        _ if piece.ends_with('\n') => segments - 1,
        _ => segments,
    };
    Chunk {
        events: events.finish(),
        fatal: None,
        bytes: piece.len(),
        event_lines,
        id_hashes,
        others,
        problems: check.problems,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Format;

    #[test]
    fn lines_split_into_whole_line_pieces() {
        let multibyte = "ééé\nлл\nالحسن\n";
        for n in 1..6 {
            assert_eq!(split_lines(multibyte, n).concat(), multibyte);
        }
        let text = "a\nbb\nccc\ndddd\n";
        for n in 1..6 {
            let pieces = split_lines(text, n);
            assert_eq!(pieces.concat(), text);
            assert!(pieces.iter().all(|p| p.ends_with('\n')), "{pieces:?}");
        }
        assert_eq!(split_lines("", 2), Vec::<&str>::new());
    }

    #[test]
    fn reading_in_regions_and_blocks_gives_what_reading_whole_gives() {
        let mut text = Vec::new();
        crate::synth::write(&mut text, 300, 5, true).unwrap();
        let mut text = String::from_utf8(text).unwrap();
        text.insert_str(0, "\n\r\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        std::fs::write(&path, &text).unwrap();
        let whole = crate::load::from_str(&text, "s.jsonl", Format::JsonLines).unwrap();
        assert_eq!(whole.events.len(), 300);
        for regions in 1..=4 {
            for block in [64, 1000, 4096, 1 << 20] {
                let read = read_blocks(&path, "s.jsonl", block, regions, &|_| true).unwrap();
                assert_eq!(
                    read.events, whole.events,
                    "{regions} regions, block {block}"
                );
            }
        }
        // Problems keep their line numbers across blocks and regions; an id used again is
        // found wherever its first use is; a last line without its newline still counts.
        let first_event = text.lines().nth(3).unwrap().to_string();
        text.push_str("{\"id\": \"broken\"\n");
        text.push_str(&first_event);
        text.push_str("\n{\"id\": \"unterminated\"");
        std::fs::write(&path, &text).unwrap();
        let whole = crate::load::from_str(&text, "s.jsonl", Format::JsonLines)
            .unwrap_err()
            .lines();
        assert_eq!(whole.len(), 3, "{whole:?}");
        assert!(whole[0].starts_with("s.jsonl:304:"), "{whole:?}");
        assert!(whole[1].starts_with("s.jsonl:306:"), "{whole:?}");
        assert!(
            whole[2].starts_with("s.jsonl:305: event 'ev-0000000', field 'id': duplicate")
                && whole[2].ends_with("(first used by the event on line 4)"),
            "{whole:?}"
        );
        for regions in 1..=4 {
            for block in [64, 1000, 1 << 20] {
                let read = read_blocks(&path, "s.jsonl", block, regions, &|_| true)
                    .unwrap_err()
                    .lines();
                assert_eq!(read, whole, "{regions} regions, block {block}");
            }
        }
        // Events not built are still checked, and their ids still count.
        let keep_none = read_blocks(&path, "s.jsonl", 1000, 2, &|_| false)
            .unwrap_err()
            .lines();
        assert_eq!(keep_none, whole);
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.jsonl");
        let mut text = b"{\"title\":\"t\"}\n".to_vec();
        for _ in 0..40 {
            text.extend_from_slice(b"{\"id\": \"x\"}\n");
        }
        text.extend_from_slice(b"{\"id\": \"\xff\"}\n{\"id\": \"y\"}\n");
        std::fs::write(&path, &text).unwrap();
        for regions in 1..=3 {
            let error = read_blocks(&path, "bad.jsonl", 100, regions, &|_| true)
                .unwrap_err()
                .lines();
            assert_eq!(
                error,
                ["bad.jsonl:42:9: not valid UTF-8; a dataset must be UTF-8 text"]
            );
        }
    }

    #[test]
    fn an_empty_json_lines_file_asks_for_metadata() {
        let error = crate::load::from_str("\n\n", "e.jsonl", Format::JsonLines)
            .unwrap_err()
            .lines();
        assert!(error[0].contains("the file is empty"), "{error:?}");
    }
}
