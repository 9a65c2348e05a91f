//! Checking raw values and building the model from them. Every problem is collected, each
//! naming its place; events can be checked in independent chunks (one per thread), with
//! duplicate ids found at the end over all of them.

use super::Problem;
use super::document::EntryLines;
use super::event_line::field;
use super::ids::IdIndex;
use super::raw::{List, RawActor, RawCountry, RawEvent, RawSource, Text};
use crate::model::{
    Actor, CountryCode, CountryNames, DateError, DatePoint, EventParts, FuzzyDate, Kind, MAX_LIST,
    Part, Source,
};
use crate::text::{is_hidden_char, is_unsafe_char};

pub const MAX_HEADLINE_CHARS: usize = 80;

/// The most countries an event can list: every two-letter code once (a longer list must
/// repeat some).
const MAX_COUNTRIES: usize = CountryCode::SLOTS;

/// At most this many problems are kept whole; past it they are only counted, so a file
/// full of problems is reported in bounded memory.
pub const MAX_PROBLEMS: usize = 1000;

/// Collects problems while validating.
pub struct Checker<'a> {
    pub file: &'a str,
    /// The first [`MAX_PROBLEMS`] problems.
    pub problems: Vec<Problem>,
    /// How many more there were.
    pub more: usize,
}

/// Where an entry is: its kind, id, position in its list (when the format has one) and
/// line (when known). Its label is only formatted when a problem is reported.
pub struct At<'a> {
    pub what: &'static str,
    pub id: &'a str,
    pub number: Option<usize>,
    pub line: Option<usize>,
}

impl<'a> At<'a> {
    pub fn new(
        what: &'static str,
        id: &'a str,
        number: Option<usize>,
        line: Option<usize>,
    ) -> Self {
        At {
            what,
            id,
            number,
            line,
        }
    }

    /// "event #3" or "the event on line 12", for pointing back at a first use.
    fn reference(&self) -> String {
        let what = self.what;
        match (self.number, self.line) {
            (Some(n), _) => format!("{what} #{n}"),
            (None, Some(line)) => format!("the {what} on line {line}"),
            (None, None) => format!("another {what}"),
        }
    }
}

impl<'a> Checker<'a> {
    pub fn new(file: &'a str) -> Checker<'a> {
        Checker {
            file,
            problems: Vec::new(),
            more: 0,
        }
    }

    /// Keeps a problem, or counts it past [`MAX_PROBLEMS`].
    pub fn push(&mut self, problem: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.more += 1;
        }
    }

    /// How many problems were found, kept or counted.
    pub fn reported(&self) -> usize {
        self.problems.len() + self.more
    }

    pub fn report(&mut self, at: &At, field: &str, message: String) {
        if self.problems.len() >= MAX_PROBLEMS {
            // Not even formatted: only counted.
            self.more += 1;
            return;
        }
        self.problems.push(Problem {
            file: self.file.to_string(),
            line: at.line,
            column: None,
            what: at.what,
            id: at.id.to_string(),
            number: at.number,
            field: field.to_string(),
            message,
        });
    }

    /// Required text: not blank, and nothing that could reach a terminal as a control.
    pub fn text(&mut self, at: &At, field: &str, value: &str, multiline: bool) {
        if value.trim().is_empty() {
            self.report(at, field, "is empty; write some text".into());
        }
        self.safe(at, field, value, multiline);
    }

    /// [`Checker::text`], but `plain` says the value is known to be printable ASCII (the
    /// reader saw every byte), so only blankness is left to check.
    fn read_text(&mut self, at: &At, field: &str, value: &str, multiline: bool, plain: bool) {
        match plain {
            true if is_blank_plain(value) => {
                self.report(at, field, "is empty; write some text".into())
            }
            true => {}
            false => self.text(at, field, value, multiline),
        }
    }

    fn optional_text(&mut self, at: &At, field: &str, value: Option<&str>, multiline: bool) {
        if let Some(value) = value {
            if value.trim().is_empty() {
                self.report(at, field, "is empty; leave the field out instead".into());
            }
            self.safe(at, field, value, multiline);
        }
    }

    pub fn safe(&mut self, at: &At, field: &str, value: &str, multiline: bool) {
        // Only the characters outside printable ASCII need a look; the runs between them
        // are passed over a block at a time.
        let bytes = value.as_bytes();
        let mut from = 0;
        let mut bad = None;
        while let Some(skip) = first_unprintable(&bytes[from..]) {
            from += skip;
            let c = value[from..]
                .chars()
                .next()
                .expect("at a character boundary");
            if (is_unsafe_char(c) && !(multiline && c == '\n')) || is_hidden_char(c) {
                bad = Some((value[..from].chars().count(), c));
                break;
            }
            from += c.len_utf8();
        }
        if let Some((i, c)) = bad {
            let message = match is_hidden_char(c) {
                true => format!(
                    "contains the invisible character U+{:04X} at character {}; it shows \
                     nothing, hides the text from search and breaks the layout, so remove it \
                     (the zero-width joiner and non-joiner are kept for the scripts that need \
                     them)",
                    c as u32,
                    i + 1
                ),
                false => format!(
                    "contains the control character U+{:04X} at character {}; control and \
                     escape characters could rewrite a terminal, so remove it",
                    c as u32,
                    i + 1
                ),
            };
            self.report(at, field, message);
        }
    }

    /// An address to open: `http://` or `https://`, a host, and no spaces or controls.
    fn url(&mut self, at: &At, field: &str, value: &str) {
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"));
        let fine = rest.is_some_and(|r| {
            !r.is_empty()
                && !r.starts_with('/')
                && !r
                    .chars()
                    .any(|c| c.is_whitespace() || crate::text::is_unsafe_char(c))
        });
        if !fine {
            let value = crate::text::escape(value);
            self.report(
                at,
                field,
                format!("'{value}' is not a web address: write it whole, https://… with no spaces"),
            );
        }
    }

    /// A list of names: each one line of text, not blank, and at most [`MAX_LIST`].
    fn names(&mut self, at: &At, field: &str, names: &List) {
        if names.len() > MAX_LIST {
            let message = format!(
                "lists {} names; at most {MAX_LIST} are allowed",
                names.len()
            );
            self.report(at, field, message);
            return;
        }
        for (k, name) in names.iter().enumerate() {
            // Only formatted when there is something to say about it.
            let fine = is_printable_ascii(name.as_bytes())
                && name.bytes().any(|b| b.is_ascii_alphanumeric());
            if !fine {
                self.name(at, &format!("{field} #{}", k + 1), name);
            }
        }
    }

    /// A name search and `--country` can find: text, with a letter or digit in it (a
    /// name of punctuation alone would match any punctuation typed).
    fn name(&mut self, at: &At, field: &str, value: &str) {
        self.text(at, field, value, false);
        self.letters(at, field, value);
    }

    fn optional_name(&mut self, at: &At, field: &str, value: Option<&str>) {
        self.optional_text(at, field, value, false);
        if let Some(value) = value {
            self.letters(at, field, value);
        }
    }

    /// Refuses a name with no letter or digit once folded for search (tatweel alone folds
    /// to nothing); blank names are refused as empty.
    fn letters(&mut self, at: &At, field: &str, value: &str) {
        let folded = crate::text::fold(value);
        if !value.trim().is_empty() && !folded.chars().any(|c| c.is_alphanumeric()) {
            let message = "has no letters or digits; write the name itself".to_string();
            self.report(at, field, message);
        }
    }

    fn kebab_id(&mut self, at: &At, value: &str) {
        if !is_kebab(value) {
            let message = format!(
                "'{value}' is not a kebab-case id: use lower-case letters, digits and single \
                 hyphens, e.g. kz-spief-no-recognition"
            );
            self.report(at, "id", message);
        }
    }

    fn date_point(&mut self, at: &At, field: &str, value: &str) -> Option<DatePoint> {
        DatePoint::parse(value)
            .map_err(|message| self.report(at, field, message))
            .ok()
    }

    fn country(&mut self, at: &At, field: &str, value: &str) -> Option<CountryCode> {
        let code = CountryCode::from_code(value);
        if code.is_none() {
            let hint = match CountryCode::from_user(value) {
                Some(c) => format!(" (did you mean '{c}'?)"),
                None => String::new(),
            };
            let message = format!(
                "'{value}' is not an ISO 3166-1 alpha-2 country code; write two upper-case \
                 letters such as KZ{hint}"
            );
            self.report(at, field, message);
        }
        code
    }
}

/// Whether text known to be printable ASCII is blank: its only white space is the space.
fn is_blank_plain(text: &str) -> bool {
    debug_assert!(is_printable_ascii(text.as_bytes()));
    text.bytes().all(|b| b == b' ')
}

/// Whether every byte is printable ASCII (space to tilde).
fn is_printable_ascii(bytes: &[u8]) -> bool {
    first_unprintable(bytes).is_none()
}

/// Where the first byte outside printable ASCII is (a control, DEL, or a byte of a
/// character past ASCII), 16 bytes at a time: text past ASCII is mostly a few words among
/// plain ones, and each run between them is passed over this way.
fn first_unprintable(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    #[cfg(target_arch = "x86_64")]
    while at + 16 <= bytes.len() {
        // SAFETY: SSE2 is part of x86_64; the load reads the 16 bytes checked above, and
        // an unaligned load is allowed anywhere.
        let mask = unsafe {
            use std::arch::x86_64::*;
            let v = _mm_loadu_si128(bytes.as_ptr().add(at).cast());
            // Signed: bytes past ASCII are negative, so below a space too.
            let below = _mm_cmplt_epi8(v, _mm_set1_epi8(b' ' as i8));
            let del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));
            _mm_movemask_epi8(_mm_or_si128(below, del)) as u32
        };
        if mask != 0 {
            return Some(at + mask.trailing_zeros() as usize);
        }
        at += 16;
    }
    let outside = |b: &u8| !(b' '..0x7f).contains(b);
    bytes[at..].iter().position(outside).map(|i| at + i)
}

/// Lower-case letters and digits in parts joined by single hyphens. (Every event's id is
/// checked, so the bytes are tested together rather than one branch each.)
pub fn is_kebab(id: &str) -> bool {
    // As if after a hyphen at the start: a part must begin, and a hyphen must not.
    let (mut fine, mut after_hyphen) = (true, true);
    for &b in id.as_bytes() {
        let hyphen = b == b'-';
        fine &= (b.is_ascii_lowercase() | b.is_ascii_digit() | hyphen) & !(hyphen & after_hyphen);
        after_hyphen = hyphen;
    }
    fine & !after_hyphen
}

/// Where an entry is, before it needs a label: cheap to keep for a million ids.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// Position in the entry's list, 0 when the format has none.
    number: u32,
    /// Line, 0 when unknown.
    line: u32,
}

impl Place {
    pub fn new(number: Option<usize>, line: Option<usize>) -> Place {
        Place {
            number: number.map_or(0, |n| n as u32),
            line: line.map_or(0, |l| l as u32),
        }
    }

    /// Entries' order in the file: by position in their list, else by line.
    fn order(self) -> (u32, u32) {
        (self.number, self.line)
    }

    fn at<'a>(self, what: &'static str, id: &'a str) -> At<'a> {
        let known = |n: u32| (n != 0).then_some(n as usize);
        At::new(what, id, known(self.number), known(self.line))
    }
}

/// A 64-bit hash of an id, for finding ids used twice.
pub fn hash_id(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::default().hash_one(id)
}

/// The [`hash_id`]s of ids met so far, taken as entries are read, and those that may
/// have been met before: at the end only entries whose hash is among those need comparing,
/// and a file with no id used twice needs no sort of all its ids.
///
/// What was met is a bit for the top bits of each hash, about sixteen bits an id (2 MB
/// for a million, which stays in a core's cache; a set of the hashes took 18 MB and a miss
/// for each). A hash whose bit is already set is kept as suspect: most are only another
/// hash with the same top bits, which the comparison at the end tells apart.
#[derive(Default)]
pub struct SeenIds {
    bits: Vec<u64>,
    /// How far a hash is shifted to give its bit's number.
    shift: u32,
    again: std::collections::HashSet<u64, foldhash::fast::FixedState>,
    /// A bit for the low bits of each hash in `again` (once there is one).
    again_bits: Vec<u64>,
}

/// The bits of [`SeenIds::again_bits`]: 128 KB.
const AGAIN_BITS: usize = 1 << 20;

fn again_bit(bits: &[u64], hash: u64) -> bool {
    let bit = hash as usize % AGAIN_BITS;
    bits[bit / 64] & 1 << (bit % 64) != 0
}

impl SeenIds {
    /// Makes room for `more` ids (once, before the first; later ids still count, only with
    /// more suspects).
    pub fn reserve(&mut self, more: usize) {
        if self.bits.is_empty() {
            // At least 2 MB, a million ids' worth: a pipe's size is not known beforehand,
            // and the pages of it never touched cost nothing.
            let bits = (more.saturating_mul(16))
                .clamp(1 << 24, 1 << 31)
                .next_power_of_two();
            self.bits = vec![0; bits / 64];
            self.shift = 64 - bits.trailing_zeros();
        }
    }

    pub fn add(&mut self, hash: u64) {
        if self.bits.is_empty() {
            self.reserve(0);
        }
        let bit = (hash >> self.shift) as usize;
        let (word, mask) = (&mut self.bits[bit / 64], 1 << (bit % 64));
        if *word & mask != 0 {
            if self.again_bits.is_empty() {
                self.again_bits = vec![0; AGAIN_BITS / 64];
            }
            let bit = hash as usize % AGAIN_BITS;
            self.again_bits[bit / 64] |= 1 << (bit % 64);
            self.again.insert(hash);
        }
        *word |= mask;
    }

    /// Of the entries whose hashes `hashes` gives, in order, the places of those whose
    /// hash may have been met before. Most are told apart by a bit of [`Self::again_bits`]
    /// (the set's bits there are few: a look each into 128 KB), the rest by the set.
    pub fn suspects(&self, hashes: impl Iterator<Item = u64>) -> Vec<usize> {
        if self.again.is_empty() {
            return Vec::new();
        }
        let suspect = |hash: u64| again_bit(&self.again_bits, hash) && self.again.contains(&hash);
        let places = hashes.enumerate().filter(|&(_, hash)| suspect(hash));
        places.map(|(i, _)| i).collect()
    }
}

/// Reports every id used twice, pointing back at its first use. `entry(i)` gives the id
/// and place of each of `count` entries, in the order they appear, and `hash(i)` the
/// [`hash_id`] of its id; `what` names them ("event"). Works on the hashes, sorted, so a
/// million ids cost 16 MB for a moment and labels are only formatted for the duplicates
/// found.
pub fn duplicates<'a>(
    check: &mut Checker,
    what: &'static str,
    count: usize,
    entry: impl Fn(usize) -> (&'a str, Place),
    hash: impl Fn(usize) -> u64,
) {
    let mut hashes: Vec<(u64, u32)> = (0..count).map(|i| (hash(i), i as u32)).collect();
    crate::parallel::sort_unstable(&mut hashes);
    let id = |i: usize| entry(i).0;
    let place = |i: usize| entry(i).1.order();
    // Each later use, with the first.
    let mut found: Vec<(usize, usize)> = Vec::new();
    for same_hash in hashes
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Almost always one id; sort by id, then by place, to tell them apart.
        let mut uses: Vec<usize> = same_hash.iter().map(|&(_, i)| i as usize).collect();
        uses.sort_by(|&a, &b| id(a).cmp(id(b)).then(place(a).cmp(&place(b))));
        for same_id in uses.chunk_by(|&a, &b| id(a) == id(b)) {
            found.extend(same_id[1..].iter().map(|&later| (later, same_id[0])));
        }
    }
    found.sort_unstable_by_key(|&(later, _)| place(later));
    for (later, first) in found {
        let (id, place) = entry(later);
        let first = entry(first).1.at(what, id);
        let message = format!(
            "duplicate {what} id '{id}' (first used by {})",
            first.reference()
        );
        check.report(&place.at(what, id), "id", message);
    }
}

/// The sources, actors and country names, with maps from id to position for resolving
/// references.
#[derive(Default)]
pub struct Tables {
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    pub countries: Vec<CountryNames>,
    pub source_index: IdIndex,
    pub actor_index: IdIndex,
}

pub fn tables(
    check: &mut Checker,
    sources: Vec<RawSource>,
    actors: Vec<RawActor>,
    countries: Vec<RawCountry>,
    lines: &EntryLines,
) -> Tables {
    let (source_lines, actor_lines) = (&lines.sources[..], &lines.actors[..]);
    let place = |i: usize, lines: &[usize]| Place::new(Some(i + 1), lines.get(i).copied());
    let source = |i: usize| (&*sources[i].id, place(i, source_lines));
    let hash = |i: usize| hash_id(&sources[i].id);
    duplicates(check, "source", sources.len(), source, hash);
    let actor = |i: usize| (&*actors[i].id, place(i, actor_lines));
    let hash = |i: usize| hash_id(&actors[i].id);
    duplicates(check, "actor", actors.len(), actor, hash);

    let mut out = Tables {
        sources: Vec::with_capacity(sources.len()),
        actors: Vec::with_capacity(actors.len()),
        countries: country_names(check, countries, &lines.countries),
        source_index: IdIndex::default(),
        actor_index: IdIndex::default(),
    };
    for (i, s) in sources.into_iter().enumerate() {
        out.add_source(check, (Some(i + 1), source_lines.get(i).copied()), s);
    }
    for (i, a) in actors.into_iter().enumerate() {
        out.add_actor(check, (Some(i + 1), actor_lines.get(i).copied()), a);
    }
    out
}

impl Tables {
    /// Checks a source and adds it (also when something is wrong with it, so one bad field
    /// is one problem, not one more per event that cites the source).
    /// `place` is its number in its list and its line, where the format tells them.
    pub fn add_source(
        &mut self,
        check: &mut Checker,
        place: (Option<usize>, Option<usize>),
        s: RawSource,
    ) {
        let id = s.id.to_string();
        let at = &At::new("source", &id, place.0, place.1);
        check.kebab_id(at, &s.id);
        for (field, value) in [
            ("outlet", &s.outlet),
            ("title", &s.title),
            ("language", &s.language),
            ("about", &s.about),
        ] {
            check.text(at, field, value, field == "about");
        }
        check.optional_text(at, "based_on", s.based_on.as_deref(), false);
        check.optional_text(at, "title_original", s.title_original.as_deref(), false);
        if let Some(url) = s.url.as_deref() {
            check.url(at, "url", url);
        }
        // Any problem rejects the file, so the stand-in date never reaches a dataset.
        let published = FuzzyDate::parse(&s.published)
            .map_err(|message| check.report(at, "published", message))
            .unwrap_or_else(|_| FuzzyDate::parse("2000").expect("a valid year"));
        self.source_index
            .insert_first(&id, self.sources.len() as u32);
        self.sources.push(Source {
            id: s.id.into_owned(),
            outlet: s.outlet.into_owned(),
            title: s.title.into_owned(),
            language: s.language.into_owned(),
            published,
            about: s.about.into_owned(),
            based_on: s.based_on.map(|b| b.into_owned()),
            title_original: s.title_original.map(|t| t.into_owned()),
            url: s.url.map(|u| u.into_owned()),
        });
    }

    /// Checks an actor and adds it.
    pub fn add_actor(
        &mut self,
        check: &mut Checker,
        place: (Option<usize>, Option<usize>),
        a: RawActor,
    ) {
        let id = a.id.to_string();
        let at = &At::new("actor", &id, place.0, place.1);
        check.kebab_id(at, &a.id);
        check.text(at, "name", &a.name, false);
        check.text(at, "role", &a.role, false);
        check.optional_text(at, "organisation", a.organisation.as_deref(), false);
        check.optional_name(at, "name_ar", a.name_ar.as_deref());
        check.optional_text(at, "role_ar", a.role_ar.as_deref(), false);
        check.names(at, "aliases", &a.aliases);
        let country = a
            .country
            .as_deref()
            .and_then(|c| check.country(at, "country", c));
        if a.country.is_none() && a.organisation.is_none() {
            let message = "an actor needs a 'country' or an 'organisation'".to_string();
            check.report(at, "country", message);
        }
        self.actor_index.insert_first(&id, self.actors.len() as u32);
        self.actors.push(Actor {
            id: a.id.into_owned(),
            name: a.name.into_owned(),
            role: a.role.into_owned(),
            country,
            organisation: a.organisation.map(|o| o.into_owned()),
            name_ar: a.name_ar.map(|n| n.into_owned()),
            role_ar: a.role_ar.map(|r| r.into_owned()),
            aliases: a.aliases.into_iter().map(Text::into_owned).collect(),
        });
    }
}

/// The `countries` table: names for countries by code, each code once.
fn country_names(check: &mut Checker, raw: Vec<RawCountry>, lines: &[usize]) -> Vec<CountryNames> {
    let mut seen: std::collections::HashMap<CountryCode, usize> = Default::default();
    let mut out = Vec::with_capacity(raw.len());
    for (i, c) in raw.into_iter().enumerate() {
        let at = At::new("country", &c.code, Some(i + 1), lines.get(i).copied());
        let code = check.country(&at, "code", &c.code);
        check.optional_name(&at, "name_ar", c.name_ar.as_deref());
        check.names(&at, "aliases", &c.aliases);
        if c.name_ar.is_none() && c.aliases.is_empty() {
            let message = "gives no names: add 'name_ar', 'aliases' or both".to_string();
            check.report(&at, "name_ar", message);
        }
        let Some(code) = code else { continue };
        if let Some(first) = seen.insert(code, i + 1) {
            let message = format!(
                "'{code}' is named already by country #{first}; give each country one entry"
            );
            check.report(&at, "code", message);
            continue;
        }
        out.push(CountryNames {
            code,
            name_ar: c.name_ar.map(|n| n.into_owned()),
            aliases: c.aliases.into_iter().map(Text::into_owned).collect(),
        });
    }
    out
}

/// Lists reused from one event to the next, so checking an event allocates nothing.
#[derive(Default)]
pub struct Scratch {
    countries: Vec<CountryCode>,
    actors: Vec<u32>,
    sources: Vec<u32>,
}

/// Checks one event and gives its parts when nothing is wrong. Every field is checked, so
/// one bad value never hides another.
pub fn event<'a>(
    check: &mut Checker,
    at: &At,
    e: &'a RawEvent,
    tables: &Tables,
    scratch: &'a mut Scratch,
) -> Option<EventParts<'a>> {
    let before = check.reported();
    check.kebab_id(at, &e.id);

    let start = check.date_point(at, "date", &e.date);
    let end = e.end.as_deref().map(|end| check.date_point(at, "end", end));
    let part = match e.part.as_deref() {
        None => None,
        Some(text) => {
            let part = Part::parse(text);
            if part.is_none() {
                let message = format!("'{text}' is not a part of a month; use early, mid or late");
                check.report(at, "part", message);
            }
            part
        }
    };
    let date = match (start, end) {
        (Some(start), None) => Some(FuzzyDate::new(start, None, part).map_err(|err| (err, None))),
        (Some(start), Some(Some(end))) => {
            Some(FuzzyDate::new(start, Some(end), part).map_err(|err| (err, Some(end))))
        }
        _ => None,
    };
    let date = match date {
        None => None,
        Some(Ok(date)) => Some(date),
        Some(Err((DateError::PartNeedsMonth, _))) => {
            let message = format!(
                "'part' only refines a month, but the date '{}' is a {}; give the date as \
                 YYYY-MM or drop 'part'",
                e.date,
                start.expect("parsed").precision().as_str()
            );
            check.report(at, "part", message);
            None
        }
        Some(Err((DateError::EndBeforeStart, end))) => {
            let message = format!(
                "ends {} before it starts ({}); the end must not be before the date",
                end.map(|e| e.to_string()).unwrap_or_default(),
                e.date
            );
            check.report(at, "end", message);
            None
        }
    };

    let kind = Kind::parse(&e.kind);
    if kind.is_none() {
        let message = format!("'{}' is not a kind; use one of: {}", e.kind, Kind::list());
        check.report(at, "kind", message);
    }

    if e.countries.is_empty() {
        let message = "lists no country; name at least one ISO 3166-1 alpha-2 code".to_string();
        check.report(at, "countries", message);
    }
    let countries = &mut scratch.countries;
    countries.clear();
    // A longer list repeats some code; it is not read one by one (each code is checked
    // against those before it, which would take the square of its length).
    let listed = if e.countries.len() > MAX_COUNTRIES {
        let message = format!(
            "lists {} countries; an event lists each country once, so at most \
             {MAX_COUNTRIES}",
            e.countries.len()
        );
        check.report(at, "countries", message);
        &e.countries[..0]
    } else {
        &e.countries[..]
    };
    for code in listed {
        if let Some(c) = check.country(at, "countries", code) {
            if countries.contains(&c) {
                check.report(at, "countries", format!("'{c}' is listed twice"));
            } else {
                countries.push(c);
            }
        }
    }

    let actor_table = (&tables.actor_index, "actor table");
    resolve(
        check,
        at,
        "actors",
        &e.actors,
        actor_table,
        &mut scratch.actors,
    );
    if e.sources.is_empty() {
        let message = "cites no source; every event needs at least one source id".to_string();
        check.report(at, "sources", message);
    }
    let source_table = (&tables.source_index, "source table");
    resolve(
        check,
        at,
        "sources",
        &e.sources,
        source_table,
        &mut scratch.sources,
    );

    let plain = |bit: u16| e.plain & bit != 0;
    check.read_text(at, "headline", &e.headline, false, plain(field::HEADLINE));
    // A character takes at least a byte: count them only when there may be too many.
    let length = match e.headline.len() {
        bytes if bytes <= MAX_HEADLINE_CHARS => bytes,
        _ => e.headline.chars().count(),
    };
    if length > MAX_HEADLINE_CHARS {
        let message =
            format!("is {length} characters long; a headline has at most {MAX_HEADLINE_CHARS}");
        check.report(at, "headline", message);
    }
    check.read_text(at, "summary", &e.summary, true, plain(field::SUMMARY));
    let optional = [
        ("notes", e.notes.as_deref(), field::NOTES),
        ("date_note", e.date_note.as_deref(), field::DATE_NOTE),
    ];
    for (name, value, bit) in optional {
        match value {
            Some(value) if plain(bit) && !is_blank_plain(value) => {}
            value => check.optional_text(at, name, value, true),
        }
    }

    if check.reported() != before {
        return None;
    }
    Some(EventParts {
        id: &e.id,
        date: date?,
        date_note: e.date_note.as_deref(),
        kind: kind?,
        countries: &scratch.countries,
        actors: &scratch.actors,
        headline: &e.headline,
        summary: &e.summary,
        notes: e.notes.as_deref(),
        sources: &scratch.sources,
    })
}

/// Looks up each id in `table` (the map and its name), into `out`.
fn resolve(
    check: &mut Checker,
    at: &At,
    field: &str,
    ids: &[Text],
    (index, table): (&IdIndex, &str),
    out: &mut Vec<u32>,
) {
    out.clear();
    if ids.len() > MAX_LIST {
        let message = format!("lists {} ids; an event lists at most {MAX_LIST}", ids.len());
        check.report(at, field, message);
        return;
    }
    for id in ids {
        match index.get(id) {
            Some(i) if out.contains(&i) => {
                check.report(at, field, format!("'{id}' is listed twice"));
            }
            Some(i) => out.push(i),
            None => {
                let message = format!("'{id}' is not in the dataset's {table}");
                check.report(at, field, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_is_found_at_any_position() {
        let plain = "a".repeat(100);
        assert!(is_printable_ascii(plain.as_bytes()));
        assert!(is_printable_ascii(b" ~"));
        for bad in [0x00, 0x1b, b'\n', 0x7f, 0x80, 0xff] {
            for at in [0, 5, 31, 32, 63, 64, 99] {
                let mut bytes = plain.clone().into_bytes();
                bytes[at] = bad;
                assert!(!is_printable_ascii(&bytes), "byte {bad:#x} at {at}");
                assert_eq!(first_unprintable(&bytes), Some(at));
                // The first of two.
                bytes[99] = bad;
                assert_eq!(first_unprintable(&bytes), Some(at));
            }
        }
    }

    #[test]
    fn unsafe_characters_are_found_past_other_non_ascii_text() {
        let mut check = Checker::new("f");
        let at = At::new("event", "e", None, Some(1));
        check.safe(&at, "summary", "Zhao الحسن\nLi", true);
        check.safe(&at, "summary", "Søren, Анна 李", false);
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        // Joiners that scripts need are kept: Persian "می‌خواهم", an emoji sequence.
        check.safe(&at, "summary", "می\u{200C}خواهم 👩\u{200D}💻", false);
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        check.safe(&at, "headline", "é 李\u{202E}x", false);
        check.safe(&at, "headline", "line\nbreak", false);
        check.safe(&at, "headline", "Bli\u{200B}nken", false);
        check.safe(
            &at,
            "summary",
            "soft\u{AD}hyphen and a word\u{2060}joiner",
            true,
        );
        check.safe(&at, "notes", "ا\u{200F}لحسن", true);
        let messages: Vec<&str> = check.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 5);
        assert!(messages[0].starts_with("contains the control character U+202E at character 4"));
        assert!(messages[1].starts_with("contains the control character U+000A at character 5"));
        assert!(messages[2].starts_with("contains the invisible character U+200B at character 4"));
        assert!(messages[3].starts_with("contains the invisible character U+00AD at character 5"));
        assert!(messages[4].starts_with("contains the invisible character U+200F at character 2"));
    }

    #[test]
    fn every_id_met_twice_is_suspect_among_hashes_that_share_their_top_bits() {
        let mut seen = SeenIds::default();
        seen.reserve(100);
        // Hashes with the same top bits, some met more than once, and many others.
        let mut hashes: Vec<u64> = vec![1, 2, 3, 2, 1 << 40, 3, 2];
        hashes.extend((0..5000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
        hashes.push(hashes[100]);
        hashes.iter().for_each(|&h| seen.add(h));
        let suspects = seen.suspects(hashes.iter().copied());
        for (i, h) in hashes.iter().enumerate() {
            let repeated = hashes.iter().filter(|&g| g == h).count() > 1;
            assert!(!repeated || suspects.contains(&i), "entry {i}");
        }
        // Met once each: nothing to compare.
        let mut once = SeenIds::default();
        once.reserve(5000);
        (0..5000u64).for_each(|i| once.add(i.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
        let distinct = once.suspects((0..5000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
        assert!(distinct.len() < 500, "{}", distinct.len());
    }

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("kz-spief-no-recognition"));
        assert!(is_kebab("unga-es-11-1"));
        assert!(is_kebab("a") && is_kebab("7"));
        for bad in ["", "-", "Kz", "kz--x", "-kz", "kz-", "kz_x", "kz x", "kazé"] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }
}
