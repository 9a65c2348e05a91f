//! JSON Lines datasets: a metadata line, then one event per line. Files are read a block of
//! whole lines at a time, and each block is parsed and checked on all cores.

use super::raw::{RawDataset, RawEvent};
use super::validate::{self, At, Checker, Place, Tables};
use super::{LoadError, Problem, check_header, finish, strip_json_position};
use crate::model::{Dataset, Event, EventsBuilder};
use std::path::Path;

/// What one thread makes of its share of a JSON Lines file.
struct Chunk {
    events: Vec<Event>,
    /// The line (local to the chunk) of each event in `events`.
    event_lines: Vec<u32>,
    /// Id and local line of each event that failed its checks (for duplicate ids).
    failed: Vec<(String, u32)>,
    problems: Vec<Problem>,
    lines: usize,
}

/// JSON Lines: the first non-blank line is the metadata, every later non-blank line one
/// event.
pub(super) fn from_str(text: &str, file: &str) -> Result<Dataset, LoadError> {
    let mut loader = LinesLoader::new(file);
    loader.feed(text)?;
    loader.finish()
}

/// How much of a JSON Lines file is read at a time: the file's text is never held whole,
/// only the model built from it.
const BLOCK: usize = 32 << 20;

/// Reads a JSON Lines file a block of whole lines at a time.
pub(super) fn from_path(path: &Path, file: &str) -> Result<Dataset, LoadError> {
    json_lines_blocks(path, file, BLOCK)
}

fn json_lines_blocks(path: &Path, file: &str, block: usize) -> Result<Dataset, LoadError> {
    use std::io::Read;
    let io = |error| LoadError::Io {
        file: file.to_string(),
        error,
    };
    let mut reader = std::fs::File::open(path).map_err(io)?;
    let size = reader.metadata().map_err(io)?.len();
    let mut loader = LinesLoader::new(file);
    loader.expected_bytes = size as usize;
    let mut buffer: Vec<u8> = Vec::with_capacity(block + (1 << 20));
    loop {
        let read = (&mut reader)
            .take(block as u64)
            .read_to_end(&mut buffer)
            .map_err(io)?;
        let at_end = read < block;
        // Feed whole lines; keep a partial last line for the next block.
        let whole = match memchr::memrchr(b'\n', &buffer) {
            _ if at_end => buffer.len(),
            Some(last) => last + 1,
            None => continue,
        };
        let text = std::str::from_utf8(&buffer[..whole]).map_err(|e| {
            let before = &buffer[..e.valid_up_to()];
            let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
            LoadError::Syntax {
                file: file.to_string(),
                line: loader.line + memchr::memchr_iter(b'\n', before).count() + 1,
                column: String::from_utf8_lossy(&before[line_start..])
                    .chars()
                    .count()
                    + 1,
                message: "not valid UTF-8; a dataset must be UTF-8 text".into(),
            }
        })?;
        loader.feed(text)?;
        buffer.drain(..whole);
        if at_end {
            break;
        }
    }
    drop(buffer);
    loader.finish()
}

/// Builds a dataset from JSON Lines fed whole lines at a time: the metadata line first,
/// then events, parsed and checked on all cores in contiguous chunks of lines.
struct LinesLoader<'f> {
    file: &'f str,
    problems: Vec<Problem>,
    header: Option<(String, String, Tables)>,
    events: Vec<Event>,
    /// The line of each event in `events`.
    event_lines: Vec<u32>,
    /// Id and line of each event that failed its checks (for duplicate ids).
    failed: Vec<(String, u32)>,
    /// Lines consumed so far.
    line: usize,
    /// The file's size when known, and the bytes fed so far: from the first block on, the
    /// events are reserved for at once rather than copied as the list grows.
    expected_bytes: usize,
    fed_bytes: usize,
}

impl<'f> LinesLoader<'f> {
    fn new(file: &'f str) -> Self {
        LinesLoader {
            file,
            problems: Vec::new(),
            header: None,
            events: Vec::new(),
            event_lines: Vec::new(),
            failed: Vec::new(),
            line: 0,
            expected_bytes: 0,
            fed_bytes: 0,
        }
    }

    /// `text` must be whole lines (the last may lack its newline only at the end).
    fn feed(&mut self, mut text: &str) -> Result<(), LoadError> {
        if self.header.is_none() {
            // Blank lines, then the metadata line.
            while let Some(end) = text.find('\n').filter(|&end| text[..end].trim().is_empty()) {
                text = &text[end + 1..];
                self.line += 1;
            }
            if text.trim().is_empty() {
                return Ok(());
            }
            let end = text.find('\n').map_or(text.len(), |e| e + 1);
            self.line += 1;
            self.read_metadata(text[..end].trim())?;
            text = &text[end..];
        }
        let (_, _, tables) = self.header.as_ref().expect("metadata read");
        let file = self.file;
        let pieces = split_lines(text, crate::query::cores());
        let chunks: Vec<Chunk> = std::thread::scope(|scope| {
            let handles: Vec<_> = pieces
                .iter()
                .map(|piece| scope.spawn(|| parse_chunk(piece, file, tables)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("parser thread"))
                .collect()
        });
        let total: usize = chunks.iter().map(|c| c.events.len()).sum();
        self.fed_bytes += text.len();
        self.reserve(total);
        // Line numbers were local to each chunk; make them global.
        for mut chunk in chunks {
            let shift = self.line;
            for problem in &mut chunk.problems {
                problem.line = problem.line.map(|l| l + shift);
            }
            self.problems.append(&mut chunk.problems);
            let line = |local: u32| u32::try_from(local as usize + shift).unwrap_or(u32::MAX);
            let failed = chunk.failed.into_iter().map(|(id, l)| (id, line(l)));
            self.failed.extend(failed);
            self.event_lines
                .extend(chunk.event_lines.iter().map(|&l| line(l)));
            self.events.append(&mut chunk.events);
            self.line += chunk.lines;
        }
        Ok(())
    }

    /// Makes room for `more` events; the first time, for as many as the whole file seems
    /// to hold (room never written to costs address space, not memory).
    fn reserve(&mut self, more: usize) {
        let mut want = more;
        if self.events.is_empty() && self.fed_bytes > 0 && self.expected_bytes > self.fed_bytes {
            let per_byte = more as f64 / self.fed_bytes as f64;
            want = want.max((per_byte * self.expected_bytes as f64 * 1.1) as usize);
        }
        self.events.reserve(want);
        self.event_lines.reserve(want);
    }

    fn read_metadata(&mut self, line_text: &str) -> Result<(), LoadError> {
        let line = self.line;
        let metadata_error = |column, problem: String| LoadError::Syntax {
            file: self.file.to_string(),
            line,
            column,
            message: format!(
                "the first line must be the dataset's metadata (title, description, sources, \
                 actors): {problem}"
            ),
        };
        let meta: RawDataset = serde_json::from_str(line_text)
            .map_err(|e| metadata_error(e.column(), strip_json_position(&e.to_string())))?;
        if !meta.events.is_empty() {
            let problem = "it lists events, but in JSON Lines each event is a line of its own";
            return Err(metadata_error(1, problem.to_string()));
        }
        let mut check = Checker {
            file: self.file,
            problems: Vec::new(),
        };
        let (title, description) = check_header(&mut check, &meta.title, &meta.description);
        let tables = validate::tables(&mut check, meta.sources, meta.actors, &[], &[]);
        self.problems.append(&mut check.problems);
        self.header = Some((title, description, tables));
        Ok(())
    }

    fn finish(self) -> Result<Dataset, LoadError> {
        let Some((title, description, tables)) = self.header else {
            return Err(LoadError::Syntax {
                file: self.file.to_string(),
                line: self.line.max(1),
                column: 1,
                message: "the file is empty; the first line must be the dataset's metadata \
                          (title, description, sources, actors)"
                    .into(),
            });
        };
        let mut check = Checker {
            file: self.file,
            problems: self.problems,
        };
        // Valid events and failed ones alike, each with its line.
        let valid = self.events.len();
        let place = |line: u32| Place::new(None, Some(line as usize));
        let id = |i: usize| match i.checked_sub(valid) {
            None => (self.events[i].id(), place(self.event_lines[i])),
            Some(f) => (self.failed[f].0.as_str(), place(self.failed[f].1)),
        };
        validate::duplicates(&mut check, "event", valid + self.failed.len(), id);
        drop(self.event_lines);
        finish(check, title, description, tables, self.events)
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

fn parse_chunk(piece: &str, file: &str, tables: &Tables) -> Chunk {
    let mut check = Checker {
        file,
        problems: Vec::new(),
    };
    // Generous guesses: room that is never written to costs no memory.
    let mut events = EventsBuilder::with_capacity(piece.len() / 200, piece.len());
    let mut event_lines = Vec::with_capacity(piece.len() / 200);
    let mut failed = Vec::new();
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
                if validate::event(&mut check, &at, &raw, tables, &mut scratch, &mut events) {
                    event_lines.push(number as u32);
                } else {
                    failed.push((raw.id.to_string(), number as u32));
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
        event_lines,
        failed,
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
    fn reading_in_small_blocks_gives_what_reading_whole_gives() {
        let mut text = Vec::new();
        crate::synth::write(&mut text, 300, 5, true).unwrap();
        let mut text = String::from_utf8(text).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        std::fs::write(&path, &text).unwrap();
        let whole = crate::load::from_str(&text, "s.jsonl", Format::JsonLines).unwrap();
        for block in [64, 1000, 4096, 1 << 20] {
            let streamed = json_lines_blocks(&path, "s.jsonl", block).unwrap();
            assert_eq!(streamed.events, whole.events, "block {block}");
        }
        // Problems keep their line numbers across blocks; a last line without its newline
        // still counts.
        text.push_str("{\"id\": \"broken\"\n{\"id\": \"unterminated\"");
        std::fs::write(&path, &text).unwrap();
        let whole = crate::load::from_str(&text, "s.jsonl", Format::JsonLines)
            .unwrap_err()
            .lines();
        assert_eq!(whole.len(), 2);
        assert!(whole[0].starts_with("s.jsonl:302:"), "{whole:?}");
        assert!(whole[1].starts_with("s.jsonl:303:"), "{whole:?}");
        for block in [64, 1000, 1 << 20] {
            let streamed = json_lines_blocks(&path, "s.jsonl", block)
                .unwrap_err()
                .lines();
            assert_eq!(streamed, whole, "block {block}");
        }
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.jsonl");
        std::fs::write(&path, b"{\"title\":\"t\"}\n{\"id\": \"\xff\"}\n").unwrap();
        let error = json_lines_blocks(&path, "bad.jsonl", 1 << 20)
            .unwrap_err()
            .lines();
        assert_eq!(
            error,
            ["bad.jsonl:2:9: not valid UTF-8; a dataset must be UTF-8 text"]
        );
    }

    #[test]
    fn an_empty_json_lines_file_asks_for_metadata() {
        let error = crate::load::from_str("\n\n", "e.jsonl", Format::JsonLines)
            .unwrap_err()
            .lines();
        assert!(error[0].contains("the file is empty"), "{error:?}");
    }
}
