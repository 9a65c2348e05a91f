//! Synthetic datasets of realistic shape, for benchmarks and scale tests (the `synth`
//! example writes them to files). About 50 countries with a skewed (Zipf-like) frequency,
//! 1–4 per event, about 2,000 actors, every kind, dates over 30 years (80% day, 15% month
//! with some parts, 5% year, some ranges), headlines of 40–80 characters and summaries of
//! 150–400, accented and non-Latin words in about one event in ten. The same seed always
//! gives the same bytes.

use serde_json::json;
use std::io::Write;

const COUNTRIES: [&str; 50] = [
    "US", "RU", "CN", "UA", "KZ", "GB", "FR", "DE", "TR", "IN", "IR", "JP", "UZ", "PL", "KG", "TJ",
    "TM", "AZ", "GE", "AM", "BY", "IL", "SA", "EG", "PK", "AF", "KR", "KP", "BR", "ZA", "NG", "ET",
    "ID", "VN", "MN", "IT", "ES", "CA", "MX", "AU", "QA", "AE", "IQ", "SY", "LT", "LV", "EE", "FI",
    "SE", "NO",
];
const KINDS: [&str; 12] = [
    "visit",
    "meeting",
    "call",
    "statement",
    "vote",
    "agreement",
    "sanctions",
    "aid",
    "military",
    "trade",
    "personnel",
    "domestic",
];
const ROLES: [&str; 10] = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Ambassador",
    "Special Envoy",
    "Finance Minister",
    "Trade Representative",
    "Chief of Staff",
    "Deputy Foreign Minister",
];
const FIRST: [&str; 24] = [
    "Kassym",
    "Ruslan",
    "Aigerim",
    "Dmitri",
    "Olena",
    "Mehmet",
    "Zhao",
    "Fatima",
    "José",
    "Chloé",
    "Søren",
    "Łukasz",
    "Nursultan",
    "Dilnoza",
    "Émile",
    "Jürgen",
    "Иван",
    "Анна",
    "محمد",
    "王",
    "Bakhyt",
    "Gulnara",
    "Zoë",
    "Ramón",
];
const LAST: [&str; 24] = [
    "Tokayev",
    "Kazakbaev",
    "Petrov",
    "Kovalenko",
    "Yılmaz",
    "Wei",
    "Haddad",
    "García",
    "Dubois",
    "Nørgaard",
    "Wiśniewski",
    "Abenov",
    "Karimova",
    "Müller",
    "Смирнов",
    "Иванова",
    "الحسن",
    "李",
    "Sultanov",
    "Ospanova",
    "Brontë",
    "Núñez",
    "Ibrahimov",
    "Akhmetova",
];
const VERBS: [&str; 16] = [
    "meets",
    "calls",
    "visits",
    "warns",
    "backs",
    "rejects",
    "signs deal with",
    "hosts",
    "sanctions",
    "pledges aid to",
    "courts",
    "criticises",
    "welcomes",
    "recalls envoy from",
    "talks trade with",
    "reassures",
];
const WORDS: [&str; 34] = [
    "officials",
    "discussed",
    "energy",
    "security",
    "cooperation",
    "pipeline",
    "sanctions",
    "border",
    "trade",
    "corridor",
    "investment",
    "the",
    "talks",
    "regional",
    "stability",
    "agreement",
    "delegation",
    "ministers",
    "summit",
    "visa",
    "grain",
    "transit",
    "rail",
    "loans",
    "military",
    "exercises",
    "humanitarian",
    "aid",
    "statement",
    "neutrality",
    "relations",
    "Caspian",
    "Almaty",
    "Astana",
];
/// Accented and non-Latin words, mixed into about one event in ten.
const WORLD_WORDS: [&str; 8] = [
    "économie",
    "sécurité",
    "Üst-Kamenogorsk",
    "Ташкент",
    "Бишкек",
    "北京",
    "الرياض",
    "Türkiye",
];

/// splitmix64: tiny, fast, and fixed forever, so a seed always gives the same dataset.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Cumulative Zipf-like weights: a few countries are in most events.
struct Skewed(Vec<f64>);

impl Skewed {
    fn new(n: usize) -> Skewed {
        let mut total = 0.0;
        Skewed(
            (1..=n)
                .map(|rank| {
                    total += 1.0 / (rank as f64).powf(1.1);
                    total
                })
                .collect(),
        )
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * self.0.last().unwrap();
        self.0.partition_point(|&c| c < x)
    }
}

fn sentence(rng: &mut Rng, min: usize, max: usize, world: bool) -> String {
    let target = min + rng.below(max - min + 1);
    let mut out = String::new();
    while out.chars().count() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        let word = if world && rng.chance(15) {
            rng.pick(&WORLD_WORDS)
        } else {
            rng.pick(&WORDS)
        };
        out.push_str(word);
    }
    let cut: String = out.chars().take(target).collect();
    cut.trim_end().to_string()
}

/// Writes `events` events as JSON Lines (`lines`) or one JSON document.
pub fn write(w: &mut impl Write, events: usize, seed: u64, lines: bool) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    let skew = Skewed::new(COUNTRIES.len());
    let sources: Vec<_> = (0..20)
        .map(|i| {
            json!({
                "id": format!("wire-{i}"),
                "outlet": format!("Synthetic Wire {i}"),
                "title": format!("Daily digest {i}"),
                "language": (["en", "ru", "ar", "zh"][i % 4]),
                "published": format!("{}", 1995 + i),
                "about": "Generated for benchmarks.",
            })
        })
        .collect();
    let actors: Vec<_> = (0..2000)
        .map(|i| {
            let name = format!("{} {}", rng.pick(&FIRST), rng.pick(&LAST));
            let country = COUNTRIES[skew.sample(&mut rng)];
            json!({
                "id": format!("actor-{i}"),
                "name": name,
                "role": format!("{} of {country}", rng.pick(&ROLES)),
                "country": country,
            })
        })
        .collect();
    let title = format!("Synthetic diplomatic events ({events}, seed {seed})");
    let description = "Generated by examples/synth.rs for benchmarks and scale tests.";
    if lines {
        let meta = json!({"title": title, "description": description, "sources": sources, "actors": actors});
        serde_json::to_writer(&mut *w, &meta)?;
        writeln!(w)?;
    } else {
        write!(
            w,
            "{{\"title\":{},\"description\":{},",
            json!(title),
            json!(description)
        )?;
        writeln!(
            w,
            "\"sources\":{},\"actors\":{},\"events\":[",
            json!(sources),
            json!(actors)
        )?;
    }
    for i in 0..events {
        let event = event(&mut rng, &skew, i);
        if !lines && i > 0 {
            w.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *w, &event)?;
        if lines {
            w.write_all(b"\n")?;
        }
    }
    if !lines {
        w.write_all(b"\n]}\n")?;
    }
    w.flush()
}

fn event(rng: &mut Rng, skew: &Skewed, i: usize) -> serde_json::Value {
    let year = 1995 + rng.below(30);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let roll = rng.below(100);
    let mut event = serde_json::Map::new();
    event.insert("id".into(), json!(format!("ev-{i:07}")));
    if roll < 80 {
        event.insert("date".into(), json!(format!("{year}-{month:02}-{day:02}")));
        if rng.chance(10) {
            let end = (day + 1 + rng.below(10)).min(28);
            event.insert("end".into(), json!(format!("{year}-{month:02}-{end:02}")));
        }
    } else if roll < 95 {
        event.insert("date".into(), json!(format!("{year}-{month:02}")));
        if rng.chance(30) {
            event.insert(
                "part".into(),
                json!((["early", "mid", "late"][rng.below(3)])),
            );
        } else if rng.chance(10) && month < 12 {
            event.insert("end".into(), json!(format!("{year}-{:02}", month + 1)));
        }
        event.insert(
            "date_note".into(),
            json!("Month given in the source; day unknown."),
        );
    } else {
        event.insert("date".into(), json!(format!("{year}")));
        event.insert("date_note".into(), json!("Only the year is known."));
    }
    event.insert("kind".into(), json!(KINDS[rng.below(KINDS.len())]));
    let mut countries: Vec<&str> = Vec::new();
    let wanted = 1 + rng.below(4);
    while countries.len() < wanted {
        let c = COUNTRIES[skew.sample(rng)];
        if !countries.contains(&c) {
            countries.push(c);
        }
    }
    event.insert("countries".into(), json!(countries));
    let mut actors: Vec<String> = Vec::new();
    for _ in 0..rng.below(4) {
        let a = format!("actor-{}", rng.below(2000));
        if !actors.contains(&a) {
            actors.push(a);
        }
    }
    event.insert("actors".into(), json!(actors));
    let world = rng.chance(10);
    let subject = format!(
        "{} {} {}",
        countries[0],
        rng.pick(&VERBS),
        countries.last().unwrap()
    );
    let headline = format!("{subject}: {}", sentence(rng, 40, 80, world));
    let headline: String = headline.chars().take(40 + rng.below(41)).collect();
    event.insert("headline".into(), json!(headline.trim_end()));
    event.insert(
        "summary".into(),
        json!(format!("{}.", sentence(rng, 149, 399, world))),
    );
    if rng.chance(20) {
        event.insert(
            "notes".into(),
            json!(format!("{}.", sentence(rng, 40, 160, world))),
        );
    }
    event.insert("sources".into(), json!([format!("wire-{}", rng.below(20))]));
    serde_json::Value::Object(event)
}
