//! The code tables importers translate through, shipped in the crate: CAMEO event codes
//! (labels, and which of demarche's kinds each one is), CAMEO actor country codes, ISO
//! 3166 numeric codes and FIPS 10-4 geography codes, all to ISO alpha-2.
//!
//! GDELT's `*Geo_CountryCode` columns are FIPS 10-4, not ISO: `RS` there is Russia, `CH`
//! China, `GM` Germany. They are only ever read through [`fips`].

use crate::model::{CountryCode, Kind};
use std::collections::HashMap;
use std::sync::OnceLock;

const CAMEO: &str = include_str!("codes/cameo.tsv");
const FIPS: &str = include_str!("codes/fips.tsv");

/// The lines of a shipped table that hold data: `code<TAB>value`, past the comments.
fn rows(table: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    (table.lines())
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| line.split_once('\t'))
}

fn cameo_labels() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| rows(CAMEO).collect())
}

/// Every CAMEO code with its label, in the codebook's order (roots, then their codes).
pub fn cameo_codes() -> impl Iterator<Item = (&'static str, &'static str)> {
    rows(CAMEO)
}

/// The label GDELT's lookup gives a CAMEO event code ("042": "Make a visit"), if the code
/// is one.
pub fn cameo_label(code: &str) -> Option<&'static str> {
    cameo_labels().get(code).copied()
}

/// Which kind a CAMEO event code is, the most specific rule first: the code itself, then
/// its three-digit base, then its root. Root 09 (investigate) is a statement between two
/// countries and a domestic matter within one. `None` for a code CAMEO does not have.
pub fn cameo_kind(code: &str, between_countries: bool) -> Option<Kind> {
    cameo_label(code)?;
    let exact = match code {
        "041" => Some(Kind::Call),
        "042" | "043" => Some(Kind::Visit),
        "040" | "044" | "045" | "046" => Some(Kind::Meeting),
        "057" | "060" | "063" | "0871" => Some(Kind::Agreement),
        "061" => Some(Kind::Trade),
        "062" | "064" | "074" => Some(Kind::Military),
        "080" | "164" | "165" => Some(Kind::Statement),
        "0831" | "174" => Some(Kind::Personnel),
        "085" => Some(Kind::Sanctions),
        "129" => Some(Kind::Vote),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    let base = code.get(..3).unwrap_or(code);
    let by_base = match base {
        "081" | "082" | "083" => Some(Kind::Domestic),
        "084" | "086" => Some(Kind::Agreement),
        "087" => Some(Kind::Military),
        "160" | "161" | "162" | "163" | "166" => Some(Kind::Sanctions),
        "170" | "171" | "172" | "173" | "175" => Some(Kind::Domestic),
        _ => None,
    };
    if by_base.is_some() {
        return by_base;
    }
    Some(match code.get(..2)? {
        "01" | "02" | "03" | "05" | "08" | "10" | "11" | "12" | "13" => Kind::Statement,
        "04" => Kind::Meeting,
        "06" => Kind::Agreement,
        "07" => Kind::Aid,
        "09" if between_countries => Kind::Statement,
        "09" | "14" | "17" => Kind::Domestic,
        "15" | "18" | "19" | "20" => Kind::Military,
        "16" => Kind::Sanctions,
        _ => return None,
    })
}

/// What GDELT's QuadClass column means.
pub fn quad_class(quad: &str) -> Option<&'static str> {
    Some(match quad {
        "1" => "verbal cooperation",
        "2" => "material cooperation",
        "3" => "verbal conflict",
        "4" => "material conflict",
        _ => return None,
    })
}

/// What a CAMEO actor country code (GDELT's `Actor1CountryCode`) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameoCountry {
    Country(CountryCode),
    /// A region or bloc CAMEO codes like a country ("EUR" Europe, "AFR" Africa): an
    /// actor's affiliation, not a country.
    Region(&'static str),
    /// A code of no assigned country (a dissolved one, a typing slip).
    Unknown,
}

/// CAMEO's regional pseudo-countries, which no ISO code stands for.
const REGIONS: [(&str, &str); 25] = [
    ("AFR", "Africa"),
    ("ASA", "Asia"),
    ("BLK", "Balkans"),
    ("CRB", "Caribbean"),
    ("CAU", "Caucasus"),
    ("CFR", "Central Africa"),
    ("CAS", "Central Asia"),
    ("CEU", "Central Europe"),
    ("EIN", "East Indies"),
    ("EAF", "Eastern Africa"),
    ("EEU", "Eastern Europe"),
    ("EUR", "Europe"),
    ("LAM", "Latin America"),
    ("MEA", "Middle East"),
    ("MDT", "Mediterranean"),
    ("NAF", "North Africa"),
    ("NMR", "North America"),
    ("PGS", "Persian Gulf"),
    ("SCN", "Scandinavia"),
    ("SAM", "South America"),
    ("SAS", "South Asia"),
    ("SEA", "Southeast Asia"),
    ("SAF", "Southern Africa"),
    ("WAF", "West Africa"),
    ("WST", "the West"),
];

/// CAMEO's country codes that are not the ISO alpha-3 code of their country.
const CAMEO_NOT_ISO: [(&str, &str); 6] = [
    ("ROM", "RO"),
    ("TMP", "TL"),
    ("MTN", "ME"),
    ("WSB", "PS"),
    ("GZS", "PS"),
    ("BAG", "IQ"),
];

/// Reads a CAMEO actor country code: mostly ISO alpha-3, with CAMEO's own exceptions and
/// its regions. Looked up once per distinct code, then from a table.
pub fn cameo_country(code: &str) -> CameoCountry {
    let bytes = code.as_bytes();
    if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_uppercase) {
        return CameoCountry::Unknown;
    }
    static TABLE: OnceLock<Vec<CameoCountry>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![CameoCountry::Unknown; 26 * 26 * 26];
        for country in celes::Country::get_countries() {
            if let (Some(slot), Some(code)) = (
                alpha3_slot(country.alpha3),
                CountryCode::from_code(country.alpha2),
            ) {
                table[slot] = CameoCountry::Country(code);
            }
        }
        for (cameo, iso) in CAMEO_NOT_ISO {
            if let (Some(slot), Some(code)) = (alpha3_slot(cameo), CountryCode::from_code(iso)) {
                table[slot] = CameoCountry::Country(code);
            }
        }
        for (cameo, name) in REGIONS {
            if let Some(slot) = alpha3_slot(cameo) {
                table[slot] = CameoCountry::Region(name);
            }
        }
        table
    });
    alpha3_slot(code).map_or(CameoCountry::Unknown, |slot| table[slot])
}

fn alpha3_slot(code: &str) -> Option<usize> {
    let bytes: [u8; 3] = code.as_bytes().try_into().ok()?;
    bytes.iter().all(u8::is_ascii_uppercase).then(|| {
        let [a, b, c] = bytes.map(|b| (b - b'A') as usize);
        (a * 26 + b) * 26 + c
    })
}

/// The country a FIPS 10-4 code (GDELT's geography columns) stands for.
pub fn fips(code: &str) -> Option<CountryCode> {
    static TABLE: OnceLock<HashMap<&'static str, CountryCode>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        rows(FIPS)
            .filter_map(|(fips, iso)| Some((fips, CountryCode::from_code(iso)?)))
            .collect()
    });
    table.get(code).copied()
}

/// The country an ISO 3166-1 numeric code (ACLED's `iso` column: "398", "4") stands for.
pub fn iso_numeric(code: &str) -> Option<CountryCode> {
    let value: usize = code.trim().parse().ok()?;
    let country = celes::Country::from_value(value).ok()?;
    CountryCode::from_code(country.alpha2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> CountryCode {
        CountryCode::from_code(c).unwrap()
    }

    #[test]
    fn fips_codes_that_are_another_countrys_iso_code_map_to_the_right_country() {
        assert_eq!(fips("RS"), Some(code("RU")));
        assert_eq!(fips("CH"), Some(code("CN")));
        assert_eq!(fips("GM"), Some(code("DE")));
        assert_eq!(fips("AU"), Some(code("AT")));
        assert_eq!(fips("AS"), Some(code("AU")));
        assert_eq!(fips("KZ"), Some(code("KZ")));
        assert_eq!(fips("TX"), Some(code("TM")));
        assert_eq!(fips("TI"), Some(code("TJ")));
        assert_eq!(fips("RI"), Some(code("RS")));
        assert_eq!(fips("GZ"), Some(code("PS")));
        assert_eq!(fips("ZZ"), None);
    }

    #[test]
    fn cameo_countries_are_iso_alpha3_but_for_cameos_own_codes_and_regions() {
        assert_eq!(cameo_country("KAZ"), CameoCountry::Country(code("KZ")));
        assert_eq!(cameo_country("RUS"), CameoCountry::Country(code("RU")));
        assert_eq!(cameo_country("ROM"), CameoCountry::Country(code("RO")));
        assert_eq!(cameo_country("EUR"), CameoCountry::Region("Europe"));
        assert_eq!(cameo_country("AFR"), CameoCountry::Region("Africa"));
        assert_eq!(cameo_country("ANT"), CameoCountry::Unknown);
        assert_eq!(cameo_country("kaz"), CameoCountry::Unknown);
        assert_eq!(cameo_country(""), CameoCountry::Unknown);
    }

    #[test]
    fn numeric_iso_codes() {
        assert_eq!(iso_numeric("398"), Some(code("KZ")));
        assert_eq!(iso_numeric("4"), Some(code("AF")));
        assert_eq!(iso_numeric("643"), Some(code("RU")));
        assert_eq!(iso_numeric("9999"), None);
        assert_eq!(iso_numeric("KZ"), None);
    }

    #[test]
    fn event_codes_keep_their_zero_and_map_to_kinds() {
        assert_eq!(cameo_label("042"), Some("Make a visit"));
        assert_eq!(cameo_label("42"), None, "a code is a string; 42 is not 042");
        assert_eq!(cameo_kind("042", true), Some(Kind::Visit));
        assert_eq!(cameo_kind("043", true), Some(Kind::Visit));
        assert_eq!(cameo_kind("041", true), Some(Kind::Call));
        assert_eq!(cameo_kind("057", true), Some(Kind::Agreement));
        assert_eq!(cameo_kind("0871", true), Some(Kind::Agreement));
        assert_eq!(cameo_kind("1621", true), Some(Kind::Sanctions));
        assert_eq!(cameo_kind("172", true), Some(Kind::Domestic));
        assert_eq!(cameo_kind("174", true), Some(Kind::Personnel));
        assert_eq!(cameo_kind("129", true), Some(Kind::Vote));
        assert_eq!(cameo_kind("0231", true), Some(Kind::Statement));
        assert_eq!(cameo_kind("091", true), Some(Kind::Statement));
        assert_eq!(cameo_kind("091", false), Some(Kind::Domestic));
        assert_eq!(cameo_kind("999", true), None);
        // Every code in the table has a kind.
        for (code, label) in cameo_codes() {
            assert!(cameo_kind(code, true).is_some(), "{code} {label}");
        }
    }
}
