//! Loading a large file on all cores: this thread reads the file and cuts it into jobs of
//! whole events; one worker per core parses and checks jobs; their chunks join the dataset
//! in file order as soon as those before them are in, so no event is held twice. Used by
//! JSON Lines files and by the events array of JSON documents.

use super::document::{EntryLines, check_header, finish};
use super::raw::{RawDataset, RawEvent};
use super::validate::{self, At, Checker, Place, Scratch, Tables};
use super::{Keep, Limits, LoadError, Loader, Problem};
use crate::model::{Counted, Dataset, Event, EventsBuilder};
use crate::progress::Progress;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, Mutex, mpsc};

/// A file's title, description, sources, actors and countries, checked: what comes before
/// its events.
pub(super) struct Header {
    title: String,
    description: String,
    pub tables: Tables,
    problems: Vec<Problem>,
    /// Problems past the first [`validate::MAX_PROBLEMS`], counted.
    more: usize,
    places: Places,
    /// Lines up to and including the metadata (JSON Lines).
    lines: usize,
}

impl Header {
    /// Checks the metadata; `at` says where its parts are, as far as the format tells.
    pub fn check(
        meta: RawDataset,
        file: &str,
        places: Places,
        lines: usize,
        at: &EntryLines,
    ) -> Header {
        let mut check = Checker::new(file);
        let header_lines = [at.title, at.description];
        let (title, description) =
            check_header(&mut check, &meta.title, &meta.description, header_lines);
        let (sources, actors, countries) = (meta.sources, meta.actors, meta.countries);
        let tables = validate::tables(&mut check, sources, actors, countries, at);
        Header {
            title,
            description,
            tables,
            problems: check.problems,
            more: check.more,
            places,
            lines,
        }
    }

    /// Where the events go, expecting about `expected` bytes of them; the loader's
    /// progress is moved on as they come, and its counts made if it counts.
    pub fn assembly<'f>(
        &mut self,
        file: &'f str,
        expected: usize,
        loader: &Loader<'f>,
    ) -> Assembly<'f> {
        let progress = loader.progress;
        let problems = std::mem::take(&mut self.problems);
        let mut assembly = Assembly::new(file, self.places, problems, self.lines, expected);
        assembly.more = std::mem::take(&mut self.more);
        if let Some(progress) = progress {
            progress.start(expected as u64);
        }
        assembly.progress = progress;
        assembly.count_into = loader.keep.count.map(|c| c.into);
        assembly
    }

    pub fn finish(self, assembly: Assembly) -> Result<Dataset, LoadError> {
        assembly.finish(self.title, self.description, self.tables)
    }
}

/// What a worker makes of a job.
#[derive(Default)]
pub(super) struct Chunk {
    pub events: Vec<Event>,
    /// Where each event in `events` is: its line (local to the chunk), or its number in
    /// the file's list of events.
    pub places: Vec<u32>,
    /// The hash of each event's id, for finding ids used twice.
    pub id_hashes: Vec<u64>,
    /// The ids of events not built.
    pub others: OtherIds,
    pub problems: Vec<Problem>,
    /// Problems past the first [`validate::MAX_PROBLEMS`], counted.
    pub more: usize,
    /// A problem that stops the load (text that is not UTF-8), at a local line.
    pub fatal: Option<LoadError>,
    /// Something the worker could not parse where the reader expected an event: the file
    /// is read whole instead, for the parser's own account of it.
    pub malformed: bool,
    /// Lines (or events) the job held, and its bytes.
    pub lines: usize,
    pub bytes: usize,
    /// Where events are numbered (a JSON document): the line ends the job's text holds,
    /// so problems' lines can be moved on as numbers are.
    pub newlines: usize,
    /// The job's share of the counts, when the events kept are counted, not built.
    pub counted: Option<Counted>,
}

/// Checks events one by one into a [`Chunk`].
pub(super) struct ChunkBuilder<'a> {
    check: Checker<'a>,
    events: EventsBuilder,
    places: Vec<u32>,
    id_hashes: Vec<u64>,
    others: OtherIds,
    scratch: Scratch,
    tables: &'a Tables,
    keep: Keep<'a>,
    counted: Option<Counted>,
}

impl<'a> ChunkBuilder<'a> {
    /// For a job of `bytes` bytes (generous guesses: room never written to costs nothing).
    pub fn new(file: &'a str, bytes: usize, tables: &'a Tables, keep: Keep<'a>) -> Self {
        ChunkBuilder {
            check: Checker::new(file),
            events: EventsBuilder::with_capacity(bytes / 200, bytes),
            places: Vec::with_capacity(bytes / 200),
            id_hashes: Vec::with_capacity(bytes / 200),
            others: OtherIds::default(),
            scratch: Scratch::default(),
            tables,
            keep,
            counted: keep
                .count
                .map(|c| c.into.lock().expect("not poisoned").fresh()),
        }
    }

    /// Checks an event found at `at`, whose place (line or number) is `place`, and builds
    /// it if it is valid and kept; otherwise keeps its id.
    pub fn event(&mut self, raw: &RawEvent, at: &At, place: u32) {
        let hash = validate::hash_id(&raw.id);
        let parts = validate::event(&mut self.check, at, raw, self.tables, &mut self.scratch);
        if let (Some(counting), Some(counted)) = (self.keep.count, &mut self.counted) {
            // Looked at where it is (an event's parts are about 120 bytes).
            if let Some(parts) = &parts
                && (self.keep.events)(parts)
            {
                (counting.add)(counted, parts);
            }
            self.others.push(&raw.id, place, hash);
            return;
        }
        match parts.and_then(|parts| self.keep.build(parts)) {
            Some(parts) => {
                self.events.push(parts);
                self.places.push(place);
                self.id_hashes.push(hash);
            }
            _ => self.others.push(&raw.id, place, hash),
        }
    }

    pub fn problem(&mut self, problem: Problem) {
        self.check.push(problem);
    }

    pub fn finish(self, lines: usize, bytes: usize) -> Chunk {
        Chunk {
            events: self.events.finish(),
            places: self.places,
            id_hashes: self.id_hashes,
            others: self.others,
            problems: self.check.problems,
            more: self.check.more,
            lines,
            bytes,
            counted: self.counted,
            ..Chunk::default()
        }
    }
}

/// The ids of events that were not built (they failed their checks, or the command did
/// not keep them), with their places and hashes, for finding ids used twice.
#[derive(Default)]
pub(super) struct OtherIds {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<usize>,
    places: Vec<u32>,
    hashes: Vec<u64>,
}

impl OtherIds {
    fn push(&mut self, id: &str, place: u32, hash: u64) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
        self.places.push(place);
        self.hashes.push(hash);
    }

    fn id(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// The [`OtherIds`] of every chunk, kept as they came rather than copied into one (when a
/// command counts, every event's id is here): only the ids of suspects are looked up.
#[derive(Default)]
struct OtherChunks {
    chunks: Vec<OtherIds>,
    /// Per chunk, the lines (or events) before it, which its places count from.
    shifts: Vec<usize>,
    /// Per chunk, how many ids come before it.
    starts: Vec<usize>,
    len: usize,
}

impl OtherChunks {
    fn push(&mut self, chunk: OtherIds, shift: usize) {
        self.starts.push(self.len);
        self.len += chunk.len();
        self.shifts.push(shift);
        self.chunks.push(chunk);
    }

    /// The `o`th id, and its place in the file.
    fn get(&self, o: usize) -> (&str, u32) {
        let c = self.starts.partition_point(|&start| start <= o) - 1;
        let (chunk, local) = (&self.chunks[c], o - self.starts[c]);
        let place = chunk.places[local] as usize + self.shifts[c];
        (chunk.id(local), u32::try_from(place).unwrap_or(u32::MAX))
    }

    fn hash(&self, o: usize) -> u64 {
        let c = self.starts.partition_point(|&start| start <= o) - 1;
        self.chunks[c].hashes[o - self.starts[c]]
    }

    fn hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.chunks.iter().flat_map(|c| c.hashes.iter().copied())
    }
}

/// Why a load stopped before the end.
pub(super) enum Stop {
    Load(LoadError),
    /// See [`Chunk::malformed`].
    ReadWhole,
    /// The entry after every job made so far is longer than `Limits::entry`: the
    /// assembly, which then holds every job before it, knows where it starts.
    TooLong,
}

impl From<LoadError> for Stop {
    fn from(error: LoadError) -> Stop {
        Stop::Load(error)
    }
}

/// How events are placed in messages. Chunks count from their own start (the worker does
/// not know how many lines or events came before); the assembly moves them on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Places {
    /// By line (JSON Lines).
    Lines,
    /// By number in the list of events (JSON).
    Numbers,
}

/// The events of chunks added in file order, with lines counted from the file's start.
pub(super) struct Assembly<'f> {
    file: &'f str,
    places: Places,
    /// Problems before the events' (the title's, the sources' and the actors'); the ids
    /// used twice are reported after them, as for a file read whole.
    head_problems: Vec<Problem>,
    problems: Vec<Problem>,
    /// Problems past the first [`validate::MAX_PROBLEMS`], counted.
    more: usize,
    events: Vec<Event>,
    /// Where each event in `events` is (line or number).
    event_places: Vec<u32>,
    /// The hash of each event's id.
    id_hashes: Vec<u64>,
    /// The ids of events not built.
    others: OtherChunks,
    /// Every id's hash, built and not, as chunks come in (while the workers parse).
    seen: validate::SeenIds,
    /// Whether room for the events expected was made (from the first chunk).
    reserved: bool,
    /// The chunks' counts, merged (when events are counted, not built), and where they
    /// go once the file is accepted.
    counted: Option<Counted>,
    count_into: Option<&'f Mutex<Counted>>,
    progress: Option<&'f Progress>,
    /// Lines (or events) before the next chunk.
    before: usize,
    /// Where events are numbered: line ends before the next chunk's text.
    newlines_before: usize,
    /// Bytes of events expected in all: from the first chunk on, room for all events is
    /// made at once rather than copied as the list grows.
    expected: usize,
}

impl<'f> Assembly<'f> {
    /// `lines` come before the first chunk; `head_problems` were found in them.
    pub fn new(
        file: &'f str,
        places: Places,
        head_problems: Vec<Problem>,
        lines: usize,
        expected: usize,
    ) -> Self {
        Assembly {
            file,
            places,
            head_problems,
            problems: Vec::new(),
            more: 0,
            events: Vec::new(),
            event_places: Vec::new(),
            id_hashes: Vec::new(),
            others: OtherChunks::default(),
            seen: validate::SeenIds::default(),
            reserved: false,
            counted: None,
            count_into: None,
            progress: None,
            before: lines,
            newlines_before: 0,
            expected,
        }
    }

    /// Where events are numbered: the first chunk's text starts after `newlines` line
    /// ends of the file.
    pub fn text_starts_after(&mut self, newlines: usize) {
        self.newlines_before = newlines;
    }

    /// How many lines (or events) the jobs taken so far hold, with the metadata's lines.
    pub fn before(&self) -> usize {
        self.before
    }

    pub fn add(&mut self, mut chunk: Chunk) -> Result<(), Stop> {
        if chunk.malformed {
            return Err(Stop::ReadWhole);
        }
        let shift = self.before;
        if let Some(mut fatal) = chunk.fatal {
            if let LoadError::Syntax { line, .. } = &mut fatal {
                *line += shift;
            }
            return Err(Stop::Load(fatal));
        }
        if !self.reserved && chunk.bytes > 0 {
            self.reserved = true;
            // Room never written to costs address space, not memory. Every id's hash is
            // kept, built or not; only built events take the rest.
            let guess = |n: usize| n as f64 / chunk.bytes as f64 * self.expected as f64 * 1.1;
            let built = guess(chunk.events.len()) as usize;
            self.events.reserve(built);
            self.event_places.reserve(built);
            self.id_hashes.reserve(built);
            self.seen
                .reserve(guess(chunk.id_hashes.len() + chunk.others.len()) as usize);
        }
        for problem in &mut chunk.problems {
            match self.places {
                Places::Lines => problem.line = problem.line.map(|l| l + shift),
                Places::Numbers => {
                    problem.number = problem.number.map(|n| n + shift);
                    problem.line = problem.line.map(|l| l + self.newlines_before);
                }
            }
        }
        self.newlines_before += chunk.newlines;
        // The first problems in the file's order are kept; the rest are counted.
        let room = validate::MAX_PROBLEMS.saturating_sub(self.problems.len());
        if chunk.problems.len() > room {
            self.more += chunk.problems.len() - room;
            chunk.problems.truncate(room);
        }
        self.more += chunk.more;
        self.problems.append(&mut chunk.problems);
        match (&mut self.counted, chunk.counted.take()) {
            (Some(all), Some(share)) => all.merge(&share),
            (all, share) => *all = all.take().or(share),
        }
        if let Some(progress) = self.progress {
            let events = chunk.id_hashes.len() + chunk.others.hashes.len();
            progress.advance(chunk.bytes as u64, events as u64);
        }
        let hashes = chunk.id_hashes.iter().chain(&chunk.others.hashes);
        hashes.for_each(|&hash| self.seen.add(hash));
        let place = |local: u32| u32::try_from(local as usize + shift).unwrap_or(u32::MAX);
        self.others.push(chunk.others, shift);
        let places = chunk.places.iter().map(|&p| place(p));
        self.event_places.extend(places);
        self.id_hashes.append(&mut chunk.id_hashes);
        self.events.append(&mut chunk.events);
        self.before += chunk.lines;
        Ok(())
    }

    /// Checks ids across all events and builds the dataset from its title, description
    /// and tables.
    pub fn finish(
        self,
        title: String,
        description: String,
        tables: Tables,
    ) -> Result<Dataset, LoadError> {
        let mut check = Checker {
            file: self.file,
            problems: Vec::new(),
            more: self.more,
        };
        self.head_problems.into_iter().for_each(|p| check.push(p));
        // Events built and the others (failed, or not kept) alike, each with its place.
        let (events, places, others) = (self.events, self.event_places, self.others);
        let hashes = self.id_hashes;
        let valid = events.len();
        let place = |p: u32| match self.places {
            Places::Lines => Place::new(None, Some(p as usize)),
            Places::Numbers => Place::new(Some(p as usize), None),
        };
        let id = |i: usize| match i.checked_sub(valid) {
            None => (events[i].id(), place(places[i])),
            Some(o) => {
                let (id, at) = others.get(o);
                (id, place(at))
            }
        };
        let hash = |i: usize| match i.checked_sub(valid) {
            None => hashes[i],
            Some(o) => others.hash(o),
        };
        // Only ids whose hash was met twice are compared.
        let suspects = self
            .seen
            .suspects(hashes.iter().copied().chain(others.hashes()));
        drop(self.seen);
        let id = |k: usize| id(suspects[k]);
        let hash = |k: usize| hash(suspects[k]);
        validate::duplicates(&mut check, "event", suspects.len(), id, hash);
        drop((places, hashes, others, suspects));
        self.problems.into_iter().for_each(|p| check.push(p));
        let dataset = finish(check, title, description, tables, events)?;
        if let (Some(into), Some(counted)) = (self.count_into, self.counted) {
            into.lock().expect("not poisoned").merge(&counted);
        }
        Ok(dataset)
    }
}

/// Parsed jobs come back in any order; they are added in the order they were made.
struct InOrder<J> {
    /// Chunks that came back before the ones ahead of them.
    waiting: BTreeMap<usize, Chunk>,
    /// Jobs done, to make the next ones in (their buffers are reused).
    spare: Vec<J>,
    next: usize,
}

impl<J> InOrder<J> {
    fn take(
        &mut self,
        (number, chunk, job): (usize, Chunk, J),
        assembly: &mut Assembly,
    ) -> Result<(), Stop> {
        self.spare.push(job);
        self.waiting.insert(number, chunk);
        while let Some(chunk) = self.waiting.remove(&self.next) {
            self.next += 1;
            assembly.add(chunk)?;
        }
        Ok(())
    }
}

/// A file opened to stream: past a UTF-8 byte-order mark if it starts with one (some
/// editors on Windows write one; it is not part of the text).
pub(super) struct Opened {
    pub reader: std::io::Chain<std::io::Cursor<Vec<u8>>, std::fs::File>,
    pub size: usize,
    /// A regular file, which can be read again; not a pipe.
    pub regular: bool,
}

/// Opens a data file to stream. Devices (`/dev/zero`, a terminal) and folders are refused
/// with a message, since reading one would never end or means nothing.
pub(super) fn open(path: &std::path::Path, file: &str) -> Result<Opened, LoadError> {
    let io = io_error(file);
    let mut reader = std::fs::File::open(path).map_err(&io)?;
    let metadata = reader.metadata().map_err(&io)?;
    let kind = metadata.file_type();
    #[cfg(unix)]
    let device = {
        use std::os::unix::fs::FileTypeExt;
        kind.is_char_device() || kind.is_block_device()
    };
    #[cfg(not(unix))]
    let device = false;
    if device || kind.is_dir() {
        let what = if kind.is_dir() {
            "a folder"
        } else {
            "a device"
        };
        let error = std::io::Error::other(format!(
            "it is {what}, not a data file; give a TOML, JSON or JSON Lines file (or a pipe)"
        ));
        return Err(io(error));
    }
    let mut start = Vec::with_capacity(3);
    (&mut reader).take(3).read_to_end(&mut start).map_err(&io)?;
    if start == BOM.as_bytes() {
        start.clear();
    }
    Ok(Opened {
        reader: std::io::Cursor::new(start).chain(reader),
        size: metadata.len() as usize,
        regular: kind.is_file(),
    })
}

/// A whole data file as text (checked as [`open`] checks it), past a byte-order mark, and
/// no larger than `limits.file`.
pub(super) fn read_whole(
    path: &std::path::Path,
    file: &str,
    limits: &Limits,
) -> Result<String, LoadError> {
    let opened = open(path, file)?;
    read_to_limit(opened.reader, opened.size, file, limits)
}

/// Reads `reader` to its end as text, or refuses past `limits.file`.
pub(super) fn read_to_limit(
    reader: impl Read,
    size: usize,
    file: &str,
    limits: &Limits,
) -> Result<String, LoadError> {
    let mut bytes = Vec::with_capacity(size.min(limits.file));
    let limit = limits.file as u64;
    (reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)).map_err(io_error(file))?;
    if bytes.len() > limits.file {
        return Err(LoadError::TooLarge {
            file: file.to_string(),
            line: None,
            message: limits.file_message(),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let (bytes, at) = (e.as_bytes(), e.utf8_error().valid_up_to());
        let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1;
        not_utf8(file, line, column_of(bytes, at))
    })
}

pub(super) fn not_utf8(file: &str, line: usize, column: usize) -> LoadError {
    LoadError::Syntax {
        file: file.to_string(),
        line,
        column,
        message: "not valid UTF-8; a dataset must be UTF-8 text".into(),
    }
}

/// The column (in characters) of byte `offset`, which ends valid UTF-8.
pub(super) fn column_of(bytes: &[u8], offset: usize) -> usize {
    let before = &bytes[..offset];
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1
}

/// The byte-order mark, which readers skip at the start of a file.
pub(super) const BOM: &str = "\u{feff}";

pub(super) fn io_error(file: &str) -> impl Fn(std::io::Error) -> LoadError + '_ {
    move |error| LoadError::Io {
        file: file.to_string(),
        error,
    }
}

/// The buffer for the next job: a finished job's, reused, holding `start` and then the
/// bytes carried over from the end of the block before.
pub(super) fn next_buffer(spare: Option<Vec<u8>>, start: &[u8], carry: &mut Vec<u8>) -> Vec<u8> {
    let mut buffer = spare.unwrap_or_default();
    buffer.clear();
    buffer.extend_from_slice(start);
    buffer.append(carry);
    buffer
}

/// Reads up to `limit` more bytes onto `buffer`; says whether the file has ended.
pub(super) fn read_more(
    reader: &mut impl Read,
    buffer: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<bool> {
    let read = reader.take(limit as u64).read_to_end(buffer)?;
    Ok(read < limit)
}

/// Makes jobs on this thread with `make` (given a finished job to reuse, if there is one;
/// `None` when there is no more work) while `workers` threads `work` them, adding their
/// chunks to `assembly` in the order the jobs were made.
pub(super) fn run<J: Send>(
    workers: usize,
    assembly: &mut Assembly,
    mut make: impl FnMut(Option<J>) -> Result<Option<J>, Stop>,
    work: impl Fn(&J) -> Chunk + Sync,
) -> Result<(), Stop> {
    // No queue: a job is made while the workers work, and handed over when one is free.
    let (give, jobs) = mpsc::sync_channel::<(usize, J)>(0);
    // The workers share the receiving end; if they all stopped (a panic), it is dropped
    // and handing over work fails instead of waiting forever.
    let jobs = Arc::new(Mutex::new(jobs));
    let (done, results) = mpsc::channel::<(usize, Chunk, J)>();
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            let done = done.clone();
            let (jobs, work) = (Arc::clone(&jobs), &work);
            scope.spawn(move || {
                loop {
                    let job = jobs.lock().expect("job queue").recv();
                    let Ok((number, job)) = job else { break };
                    let chunk = work(&job);
                    if done.send((number, chunk, job)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((done, jobs));
        let mut order = InOrder {
            waiting: BTreeMap::new(),
            spare: Vec::new(),
            next: 0,
        };
        let mut made = 0;
        let mut outcome = Ok(());
        while outcome.is_ok() {
            match make(order.spare.pop()) {
                Err(stop) => outcome = Err(stop),
                Ok(None) => break,
                Ok(Some(job)) => {
                    if give.send((made, job)).is_err() {
                        // No worker is left; leaving the scope reports why.
                        break;
                    }
                    made += 1;
                }
            }
            // (A result is received only to be taken: once the outcome is an error, the
            // rest are taken or dropped below.)
            while outcome.is_ok()
                && let Ok(result) = results.try_recv()
            {
                outcome = order.take(result, assembly);
            }
        }
        drop(give);
        // Every job made is taken when an entry was too long: it comes after them all, and
        // their lines (or events) say where it starts. A problem in them comes first.
        let take_all = matches!(outcome, Err(Stop::TooLong));
        for result in results.iter() {
            if (outcome.is_ok() || take_all)
                && let Err(stop) = order.take(result, assembly)
            {
                outcome = Err(stop);
            }
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_that_panics_stops_the_load_instead_of_hanging_it() {
        let mut assembly = Assembly::new("f", Places::Lines, Vec::new(), 0, 0);
        let mut left = 100;
        let make = |_spare: Option<u32>| {
            left -= 1;
            Ok((left > 0).then_some(left))
        };
        let work = |_: &u32| -> Chunk { panic!("a bug in a worker") };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(2, &mut assembly, make, work)
        }));
        assert!(outcome.is_err(), "the worker's panic reaches the caller");
    }

    #[test]
    fn chunks_are_added_in_the_order_their_jobs_were_made() {
        let mut assembly = Assembly::new("f", Places::Lines, Vec::new(), 0, 0);
        let mut next = 0u32;
        let make = |_spare: Option<u32>| {
            next += 1;
            Ok((next <= 50).then_some(next))
        };
        // Later jobs finish first; each job's chunk reports one problem on its line 1.
        let work = |&job: &u32| {
            std::thread::sleep(std::time::Duration::from_micros(u64::from(50 - job) * 20));
            let problem = Problem {
                file: "f".into(),
                line: Some(1),
                column: None,
                what: "",
                id: String::new(),
                number: None,
                field: String::new(),
                message: job.to_string(),
            };
            Chunk {
                problems: vec![problem],
                lines: 1,
                ..Chunk::default()
            }
        };
        assert!(run(3, &mut assembly, make, work).is_ok());
        let tables = Tables {
            sources: Vec::new(),
            actors: Vec::new(),
            countries: Vec::new(),
            source_index: Default::default(),
            actor_index: Default::default(),
        };
        let lines = assembly
            .finish(String::new(), String::new(), tables)
            .unwrap_err()
            .lines();
        let expected: Vec<String> = (1..=50).map(|j| format!("f:{j}: {j}")).collect();
        assert_eq!(lines, expected);
    }
}
