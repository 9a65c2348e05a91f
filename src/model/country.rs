//! Countries as ISO 3166-1 alpha-2 codes, with English names from the `celes` tables.

use std::fmt;

/// An ISO 3166-1 alpha-2 code, known to be assigned. Two bytes, `Copy`, ordered by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Accepts exactly an upper-case assigned alpha-2 code, as data files must write it.
    pub fn from_code(code: &str) -> Option<CountryCode> {
        let bytes: [u8; 2] = code.as_bytes().try_into().ok()?;
        if !bytes.iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        assigned()[slot(bytes)].then_some(CountryCode(bytes))
    }

    /// Accepts what a person types: a code or an English name in any case
    /// ("kz", "Kazakhstan", "united states", "Russian Federation").
    pub fn from_user(text: &str) -> Option<CountryCode> {
        let trimmed = text.trim();
        if let Some(code) = CountryCode::from_code(&trimmed.to_ascii_uppercase()) {
            return Some(code);
        }
        // celes keys its names and aliases without spaces or punctuation.
        let key: String = trimmed.chars().filter(|c| c.is_alphanumeric()).collect();
        let same = |name: &str| {
            let name: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
            crate::text::fold(&name) == crate::text::fold(&key)
        };
        let common = COMMON
            .iter()
            .chain(ALIASES.iter())
            .find(|(_, name)| same(name));
        if let Some((code, _)) = common {
            return CountryCode::from_code(code);
        }
        let country = celes::Country::from_name(&key)
            .or_else(|_| celes::Country::from_alias(&key))
            .or_else(|_| celes::Country::from_name(format!("the{key}")))
            .ok()?;
        CountryCode::from_code(country.alpha2)
    }

    /// Codes as dense numbers below [`CountryCode::SLOTS`], for tables indexed by country.
    pub const SLOTS: usize = 26 * 26;

    pub fn slot(self) -> usize {
        slot(self.0)
    }

    /// The code in `slot`, if it is assigned.
    pub fn from_slot(slot: usize) -> Option<CountryCode> {
        let bytes = [b'A' + (slot / 26) as u8, b'A' + (slot % 26) as u8];
        (slot < Self::SLOTS && assigned()[slot]).then_some(CountryCode(bytes))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII code")
    }

    /// The name people use: "Kazakhstan", "Russia", "United States", "North Korea".
    pub fn name(&self) -> String {
        match COMMON.iter().find(|(code, _)| *code == self.as_str()) {
            Some((_, name)) => name.to_string(),
            None => self.formal_name(),
        }
    }

    /// The English short name as ISO 3166 gives it: "Kazakhstan", "Russian Federation",
    /// "United States of America".
    /// Other names the country commonly goes by ("USA", "UK", "Türkiye"), beyond its
    /// common and formal names.
    pub fn aliases(self) -> impl Iterator<Item = &'static str> {
        let code = self.0;
        (ALIASES.iter())
            .filter(move |(c, _)| c.as_bytes() == code)
            .map(|(_, name)| *name)
    }

    pub fn formal_name(&self) -> String {
        if let Some((_, name)) = SPELLED.iter().find(|(code, _)| *code == self.as_str()) {
            return name.to_string();
        }
        let country = celes::Country::from_alpha2(self.as_str()).expect("validated code");
        tidy_name(country.long_name)
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn slot(bytes: [u8; 2]) -> usize {
    (bytes[0] - b'A') as usize * 26 + (bytes[1] - b'A') as usize
}

/// Which of the 26×26 upper-case pairs ISO 3166-1 assigns, read once from celes' table
/// (loading a million events checks millions of codes).
fn assigned() -> &'static [bool; 26 * 26] {
    static TABLE: std::sync::OnceLock<[bool; 26 * 26]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [false; 26 * 26];
        for country in celes::Country::get_countries() {
            if let Ok(bytes) = <[u8; 2]>::try_from(country.alpha2.as_bytes()) {
                table[slot(bytes)] = true;
            }
        }
        table
    })
}

/// Where the name people use differs from ISO 3166's formal short name.
const COMMON: [(&str, &str); 22] = [
    ("BN", "Brunei"),
    ("BO", "Bolivia"),
    ("CD", "DR Congo"),
    ("CG", "Republic of the Congo"),
    ("FM", "Micronesia"),
    ("GB", "United Kingdom"),
    ("IR", "Iran"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("LA", "Laos"),
    ("MD", "Moldova"),
    ("MK", "North Macedonia"),
    ("PS", "Palestine"),
    ("RU", "Russia"),
    ("SY", "Syria"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania"),
    ("US", "United States"),
    ("VA", "Vatican City"),
    ("VE", "Venezuela"),
    ("VN", "Vietnam"),
    ("SH", "Saint Helena"),
];

/// celes capitalises every word and keeps a leading article ("The United States Of America");
/// English writes "United States of America".
/// Names celes spells without their punctuation or accents, as ISO 3166 writes them.
/// Short and former names in common use that the ISO and celes names miss.
const ALIASES: [(&str, &str); 21] = [
    ("US", "USA"),
    ("US", "America"),
    ("US", "United States of America"),
    ("GB", "UK"),
    ("GB", "Britain"),
    ("GB", "Great Britain"),
    ("AE", "UAE"),
    ("CN", "PRC"),
    ("CZ", "Czechia"),
    ("KG", "Kirghizia"),
    ("KG", "Kyrgyz Republic"),
    ("MM", "Burma"),
    ("CI", "Ivory Coast"),
    ("SZ", "Swaziland"),
    ("TR", "Türkiye"),
    ("CV", "Cabo Verde"),
    ("NL", "Holland"),
    ("VA", "Holy See"),
    ("TL", "East Timor"),
    ("MK", "Macedonia"),
    ("MD", "Moldavia"),
];

const SPELLED: [(&str, &str); 16] = [
    ("AX", "Åland Islands"),
    ("BL", "Saint Barthélemy"),
    ("CC", "Cocos (Keeling) Islands"),
    ("CI", "Côte d'Ivoire"),
    ("CW", "Curaçao"),
    ("FK", "Falkland Islands (Malvinas)"),
    ("GW", "Guinea-Bissau"),
    ("HM", "Heard Island and McDonald Islands"),
    ("KP", "Democratic People's Republic of Korea"),
    ("LA", "Lao People's Democratic Republic"),
    ("MF", "Saint Martin (French part)"),
    ("RE", "Réunion"),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha"),
    ("ST", "São Tomé and Príncipe"),
    ("SX", "Sint Maarten (Dutch part)"),
    ("TL", "Timor-Leste"),
];

fn tidy_name(long_name: &str) -> String {
    let name = long_name.strip_prefix("The ").unwrap_or(long_name);
    let mut out = Vec::new();
    for (i, word) in name.split(' ').enumerate() {
        let small = ["Of", "And", "The", "Da"].contains(&word);
        out.push(if i > 0 && small {
            word.to_lowercase()
        } else {
            word.to_string()
        });
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_codes_must_be_upper_case_and_assigned() {
        assert!(CountryCode::from_code("KZ").is_some());
        assert!(CountryCode::from_code("kz").is_none());
        assert!(CountryCode::from_code("XX").is_none());
        assert!(CountryCode::from_code("KAZ").is_none());
        assert!(CountryCode::from_code("").is_none());
    }

    #[test]
    fn people_may_type_codes_or_names_in_any_case() {
        let kz = CountryCode::from_code("KZ");
        assert_eq!(CountryCode::from_user("kz"), kz);
        assert_eq!(CountryCode::from_user("Kazakhstan"), kz);
        assert_eq!(CountryCode::from_user(" KAZAKHSTAN "), kz);
        let us = CountryCode::from_code("US");
        assert_eq!(CountryCode::from_user("united states"), us);
        assert_eq!(CountryCode::from_user("United States of America"), us);
        assert_eq!(
            CountryCode::from_user("russia"),
            CountryCode::from_code("RU")
        );
        assert_eq!(CountryCode::from_user("Narnia"), None);
        // Common short names, written any way.
        assert_eq!(CountryCode::from_user("USA"), us);
        assert_eq!(CountryCode::from_user("u.s.a."), us);
        assert_eq!(CountryCode::from_user("uk"), CountryCode::from_code("GB"));
        assert_eq!(
            CountryCode::from_user("turkiye"),
            CountryCode::from_code("TR")
        );
        assert_eq!(
            CountryCode::from_user("Türkiye"),
            CountryCode::from_code("TR")
        );
        let aliases: Vec<&str> = us.unwrap().aliases().collect();
        assert!(aliases.contains(&"America"), "{aliases:?}");
    }

    #[test]
    fn names_read_as_people_say_them() {
        let name = |c: &str| CountryCode::from_code(c).unwrap().name();
        assert_eq!(name("KZ"), "Kazakhstan");
        assert_eq!(name("US"), "United States");
        assert_eq!(name("RU"), "Russia");
        assert_eq!(name("KP"), "North Korea");
        assert_eq!(name("GB"), "United Kingdom");
        for (code, _) in COMMON {
            let short = CountryCode::from_code(code).expect("assigned");
            assert_eq!(CountryCode::from_user(&short.name()), Some(short), "{code}");
        }
    }

    #[test]
    fn formal_names_read_as_english() {
        let name = |c: &str| CountryCode::from_code(c).unwrap().formal_name();
        assert_eq!(name("KZ"), "Kazakhstan");
        assert_eq!(name("US"), "United States of America");
        assert_eq!(name("RU"), "Russian Federation");
        assert_eq!(name("KP"), "Democratic People's Republic of Korea");
        assert_eq!(name("CI"), "Côte d'Ivoire");
        assert_eq!(name("GW"), "Guinea-Bissau");
    }

    #[test]
    fn every_respelled_name_is_an_assigned_code() {
        for (code, _) in SPELLED.iter().chain(&COMMON) {
            assert!(CountryCode::from_code(code).is_some(), "{code}");
        }
    }
}
