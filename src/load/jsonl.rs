//! JSON Lines datasets: a metadata line, then one event per line. The file is read a
//! block of whole lines at a time, and the blocks are parsed and checked on all cores (see
//! `pipeline`).

use super::document::EntryLines;
use super::event_line;
use super::json::strip_json_position;
use super::mapping::Mapped;
use super::pipeline::{self, Chunk, ChunkBuilder, Header, Places, Stop, io_error, read_more};
use super::pipeline::{column_of, not_utf8};
use super::raw::{RawDataset, RawEvent};
use super::validate::{At, Tables};
use super::{Keep, LoadError, Loader, Problem};
use crate::model::Dataset;
use std::io::Read;
use std::path::Path;

/// Files at least this large are read through a memory map.
const MAP_FROM: usize = 1 << 20;

/// Reads a JSON Lines file, parsing on all cores: a large regular file through a memory
/// map (the workers parse its pages where they are), anything else through reads.
pub(super) fn read_path(path: &Path, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let opened = pipeline::open(path, file)?;
    if opened.regular
        && opened.size >= MAP_FROM
        && let Some(mapped) = Mapped::new(opened.reader.get_ref().1, opened.size)
    {
        let release = |range| mapped.release(range);
        let prefault = |range| mapped.prefault(range);
        let read = read_mapped(mapped.bytes(), file, loader, &prefault, &release);
        // Cut within its last page, a file raises no fault: its size says so.
        let now = opened
            .reader
            .get_ref()
            .1
            .metadata()
            .map(|m| m.len() as usize);
        if mapped.cut_short() || now.is_ok_and(|len| len < opened.size) {
            let error = std::io::Error::other(
                "the file was cut short while it was read (is another program writing it?); \
                 read it again once it is written",
            );
            return Err(io_error(file)(error));
        }
        return read;
    }
    read(opened.reader, opened.size, file, loader)
}

/// Reads a whole JSON Lines file that is in memory (mapped): jobs are runs of whole lines
/// of it, parsed where they lie.
/// `prefault` is told of each range of `bytes` before it is parsed, and `release` once
/// it is.
fn read_mapped(
    whole: &[u8],
    file: &str,
    loader: &Loader,
    prefault: &(dyn Fn(std::ops::Range<usize>) + Sync),
    release: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> Result<Dataset, LoadError> {
    let bom = whole.starts_with(pipeline::BOM.as_bytes());
    let skip = if bom { pipeline::BOM.len() } else { 0 };
    let bytes = &whole[skip..];
    let (block, workers, keep, limits) = (loader.block, loader.workers, loader.keep, loader.limits);
    let too_long = |line: usize| LoadError::TooLarge {
        file: file.to_string(),
        line: Some(line),
        message: limits.entry_message(&format!("line {line}")),
    };
    let (text, lines, rest) = split_header(bytes, true).expect("the whole file is here");
    if text.len() > limits.entry {
        return Err(too_long(lines.max(1)));
    }
    let text = std::str::from_utf8(text)
        .map_err(|e| not_utf8(file, lines.max(1), column_of(text, e.valid_up_to())))?;
    let mut header = read_header(text, lines, file)?;
    let mut assembly = header.assembly(file, bytes.len(), loader);
    let tables = &header.tables;
    let mut at = bytes.len() - rest.len();
    let make = |_spare: Option<std::ops::Range<usize>>| {
        if at >= bytes.len() {
            return Ok(None);
        }
        let end = (at + block).min(bytes.len());
        // Whole lines: up to the last line end in the block, or, when a line is longer
        // than a block, to its own end.
        let cut = match memchr::memrchr(b'\n', &bytes[at..end]) {
            _ if end == bytes.len() => end,
            Some(last) => at + last + 1,
            None => {
                let line_end = memchr::memchr(b'\n', &bytes[end..]);
                let cut = line_end.map_or(bytes.len(), |e| end + e + 1);
                if cut - at > limits.entry {
                    return Err(Stop::TooLong);
                }
                cut
            }
        };
        let job = at..cut;
        at = cut;
        Ok(Some(job))
    };
    let work = |job: &std::ops::Range<usize>| {
        prefault(job.start + skip..job.end + skip);
        let chunk = parse_block(&bytes[job.clone()], file, tables, keep);
        release(job.start + skip..job.end + skip);
        chunk
    };
    match pipeline::run(workers, &mut assembly, make, work) {
        Err(Stop::TooLong) => return Err(too_long(assembly.before() + 1)),
        outcome => outcome.map_err(lines_stop)?,
    }
    header.finish(assembly)
}

/// JSON Lines already in memory, read the same way as a file.
pub(super) fn read_text(text: &str, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let text = text.strip_prefix(pipeline::BOM).unwrap_or(text);
    read(text.as_bytes(), text.len(), file, loader)
}

/// JSON Lines never asks to be read whole.
fn lines_stop(stop: Stop) -> LoadError {
    match stop {
        Stop::Load(error) => error,
        Stop::ReadWhole => unreachable!("lines that do not parse are problems of their own"),
        Stop::TooLong => unreachable!("said where, by read"),
    }
}

/// Reads blocks of whole lines on this thread while the loader's workers parse them.
fn read(
    mut reader: impl Read,
    size: usize,
    file: &str,
    loader: &Loader,
) -> Result<Dataset, LoadError> {
    let (block, workers, keep, limits) = (loader.block, loader.workers, loader.keep, loader.limits);
    let io = io_error(file);
    let too_long = |line: usize| LoadError::TooLarge {
        file: file.to_string(),
        line: Some(line),
        message: limits.entry_message(&format!("line {line}")),
    };
    // The metadata line first: the events' checks need its sources and actors.
    let mut start = Vec::new();
    // Each read doubles what has been read, and only the new bytes are searched for a
    // line end: a metadata line of hundreds of megabytes costs time in proportion to it.
    let mut searched = 0;
    let (mut header, mut carry) = loop {
        let more = start.len().max(1 << 16);
        let at_end = read_more(&mut reader, &mut start, more).map_err(&io)?;
        let new_line = memchr::memchr(b'\n', &start[searched..]).is_some();
        searched = start.len();
        if !(new_line || at_end) {
            if start.len() > limits.entry {
                // Only blank lines can come before the metadata's.
                return Err(too_long(1 + memchr::memchr_iter(b'\n', &start).count()));
            }
            continue;
        }
        if let Some((text, lines, rest)) = split_header(&start, at_end) {
            let text = std::str::from_utf8(text)
                .map_err(|e| not_utf8(file, lines.max(1), column_of(text, e.valid_up_to())))?;
            break (read_header(text, lines, file)?, rest.to_vec());
        }
    };
    drop(start);
    let mut assembly = header.assembly(file, size, loader);
    let tables = &header.tables;
    let mut at_end = false;
    let mut carry_is_partial = false;
    let make = |spare: Option<Vec<u8>>| {
        if at_end {
            return Ok(None);
        }
        // What a block carries over to the next is the start of a line, with no line end
        // (what the metadata's read carries over may hold many).
        let mut searched = if carry_is_partial { carry.len() } else { 0 };
        carry_is_partial = true;
        let mut buffer = pipeline::next_buffer(spare, b"", &mut carry);
        // Whole lines: keep a partial last line for the next block. Only the bytes read
        // since the last look are searched, so a long line costs time in proportion to it.
        let cut = loop {
            if read_more(&mut reader, &mut buffer, block).map_err(&io)? {
                at_end = true;
                break buffer.len();
            }
            if let Some(last) = memchr::memrchr(b'\n', &buffer[searched..]) {
                break searched + last + 1;
            }
            searched = buffer.len();
            if buffer.len() > limits.entry {
                return Err(Stop::TooLong);
            }
        };
        carry.extend_from_slice(&buffer[cut..]);
        buffer.truncate(cut);
        Ok(Some(buffer))
    };
    let work = |buffer: &Vec<u8>| parse_block(buffer, file, tables, keep);
    match pipeline::run(workers, &mut assembly, make, work) {
        Err(Stop::TooLong) => return Err(too_long(assembly.before() + 1)),
        outcome => outcome.map_err(lines_stop)?,
    }
    header.finish(assembly)
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
    // Parsed as it is (serde_json allows white space around it), so columns count from
    // the line's start.
    let meta: RawDataset = serde_json::from_str(text)
        .map_err(|e| metadata_error(e.column().max(1), strip_json_position(&e.to_string())))?;
    if !meta.events.is_empty() {
        let problem = "it lists events, but in JSON Lines each event is a line of its own";
        return Err(metadata_error(1, problem.to_string()));
    }
    // Everything in the metadata is on its line.
    let at = EntryLines {
        sources: vec![lines; meta.sources.len()],
        actors: vec![lines; meta.actors.len()],
        countries: vec![lines; meta.countries.len()],
        events: Vec::new(),
        title: Some(lines),
        description: Some(lines),
        duplicates_by_number: false,
    };
    Ok(Header::check(meta, file, Places::Lines, lines, &at))
}

/// Reads each line of a block of whole lines as an event. Most lines are read, and checked as UTF-8, by
/// [`event_line::read_line`] as they lie; any other line is found, checked and given to
/// serde_json, so the first byte that is not UTF-8 is the first such byte in the block.
fn parse_block(piece: &[u8], file: &str, tables: &Tables, keep: Keep) -> Chunk {
    let mut chunk = ChunkBuilder::new(file, piece.len(), tables, keep);
    let (mut start, mut lines) = (0, 0);
    // Every '\n' ends a line, and so does the end of a last line without one.
    while start < piece.len() {
        lines += 1;
        let number = lines;
        let mut event = |raw: &RawEvent| {
            let at = At::new("event", &raw.id, None, Some(number));
            chunk.event(raw, &at, number as u32);
        };
        // The common shape is read directly (and checked where it lies, not moved);
        // serde_json reads the rest, or says why not.
        if let Some(((), next)) = event_line::read_line(piece, start, &mut event) {
            start = next;
            continue;
        }
        let end = memchr::memchr(b'\n', &piece[start..]).map_or(piece.len(), |e| start + e);
        let line = &piece[start..end];
        start = end + 1;
        let line = match std::str::from_utf8(line) {
            Ok(line) => line.trim_end_matches('\r'),
            Err(e) => {
                let column = column_of(line, e.valid_up_to());
                return Chunk {
                    fatal: Some(not_utf8(file, number, column)),
                    ..Chunk::default()
                };
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<RawEvent>(line) {
            Ok(raw) => {
                let at = At::new("event", &raw.id, None, Some(number));
                chunk.event(&raw, &at, number as u32);
            }
            Err(e) => chunk.problem(Problem {
                file: file.to_string(),
                line: Some(number),
                column: Some(e.column()),
                what: "",
                id: String::new(),
                number: None,
                field: String::new(),
                message: format!(
                    "not a valid event: {}; each line after the first is one JSON object",
                    strip_json_position(&e.to_string())
                ),
            }),
        }
    }
    chunk.finish(lines, piece.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Format;

    /// Reads the file at `path` as `file`, in blocks of `block` bytes on `workers` workers.
    fn read_blocks(
        path: &Path,
        file: &str,
        block: usize,
        workers: usize,
        keep: &(dyn Fn(&crate::model::EventParts) -> bool + Sync),
    ) -> Result<Dataset, LoadError> {
        let loader = Loader::new().keep(keep).block(block).workers(workers);
        let reader = std::fs::File::open(path).unwrap();
        let size = reader.metadata().unwrap().len() as usize;
        let read = read(reader, size, file, &loader);
        // Read as a mapped file is, from its bytes in place: the same dataset, or the same
        // problems.
        let bytes = std::fs::read(path).unwrap();
        let mapped = read_mapped(&bytes, file, &loader, &|_| {}, &|_| {});
        match (&read, &mapped) {
            (Ok(read), Ok(mapped)) => assert_eq!(read.events, mapped.events),
            (Err(read), Err(mapped)) => assert_eq!(read.lines(), mapped.lines()),
            _ => panic!(
                "read and mapped disagree: {:?} / {:?}",
                read.is_ok(),
                mapped.is_ok()
            ),
        }
        read
    }

    #[test]
    fn a_mapped_file_s_overlong_line_is_refused_with_its_number() {
        let mut text = b"{\"title\":\"t\"}\n{\"id\": \"a\"}\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 5000));
        text.push(b'\n');
        let mut loader = Loader::new().block(1000);
        loader.limits.entry = 4000;
        let error = read_mapped(&text, "long.jsonl", &loader, &|_| {}, &|_| {})
            .unwrap_err()
            .lines();
        assert!(
            error[0].starts_with("long.jsonl:3:1: line 3 is longer than"),
            "{error:?}"
        );
    }

    #[test]
    fn reading_in_blocks_on_any_number_of_workers_gives_what_reading_whole_gives() {
        let mut text = Vec::new();
        crate::synth::write(&mut text, 300, 5, true).unwrap();
        // Windows line ends, and blank lines before the metadata.
        let mut text = String::from_utf8(text).unwrap().replace('\n', "\r\n");
        text.insert_str(0, "\n\r\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        std::fs::write(&path, &text).unwrap();
        let whole = Loader::new()
            .text(&text, "s.jsonl", Format::JsonLines)
            .unwrap();
        assert_eq!(whole.events.len(), 300);
        for workers in 1..=4 {
            for block in [64, 1000, 4096, 1 << 20] {
                let read = read_blocks(&path, "s.jsonl", block, workers, &|_| true).unwrap();
                assert_eq!(
                    read.events, whole.events,
                    "{workers} workers, block {block}"
                );
            }
        }
        // Problems keep their line numbers across blocks and workers; an id used again is
        // found wherever its first use is; a last line without its newline still counts.
        let first_event = text.lines().nth(3).unwrap().to_string();
        text.push_str("{\"id\": \"broken\"\n");
        text.push_str(&first_event);
        text.push_str("\n{\"id\": \"unterminated\"");
        std::fs::write(&path, &text).unwrap();
        let whole = Loader::new()
            .text(&text, "s.jsonl", Format::JsonLines)
            .unwrap_err()
            .lines();
        assert_eq!(whole.len(), 3, "{whole:?}");
        // Ids used twice come first, as when a TOML or JSON file is read whole.
        assert!(
            whole[0].starts_with("s.jsonl:305:7: event 'ev-0000000', field 'id': duplicate")
                && whole[0].ends_with("(first used by the event on line 4)"),
            "{whole:?}"
        );
        assert!(whole[1].starts_with("s.jsonl:304:"), "{whole:?}");
        assert!(whole[2].starts_with("s.jsonl:306:"), "{whole:?}");
        for workers in 1..=4 {
            for block in [64, 1000, 1 << 20] {
                let read = read_blocks(&path, "s.jsonl", block, workers, &|_| true).unwrap_err();
                // The fields are placed once the file is read (see `locate`).
                let read = super::super::locate::in_text(read, &text, Format::JsonLines).lines();
                assert_eq!(read, whole, "{workers} workers, block {block}");
            }
        }
        // Events not built are still checked, and their ids still count, from whichever
        // chunk they were kept in.
        for block in [64, 1000, 1 << 20] {
            let keep_none = read_blocks(&path, "s.jsonl", block, 2, &|_| false).unwrap_err();
            let keep_none =
                super::super::locate::in_text(keep_none, &text, Format::JsonLines).lines();
            assert_eq!(keep_none, whole, "block {block}");
        }
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
        for workers in 1..=3 {
            let error = read_blocks(&path, "bad.jsonl", 100, workers, &|_| true)
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
        let error = Loader::new()
            .text("\n\n", "e.jsonl", Format::JsonLines)
            .unwrap_err()
            .lines();
        assert!(error[0].contains("the file is empty"), "{error:?}");
    }
}
