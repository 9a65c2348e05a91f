//! The file's shape, as written. Strings stay strings (borrowed from the file where no
//! escapes forbid it) so validation can explain each value.

use serde::{Deserialize, Deserializer};
use smallvec::SmallVec;
use std::borrow::Cow;
use std::fmt;

/// A string value, borrowed from the file when it has no escapes. (serde borrows a plain
/// `Cow<str>` field this way, but not the items of a list; this type does both.)
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Text<'_> {
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// A list of ids or codes: most events list a few, kept without an allocation.
pub type List<'a> = SmallVec<[Text<'a>; 4]>;

/// A whole TOML or JSON dataset; in JSON Lines, the first line (with no events).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDataset<'a> {
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(default, borrow)]
    pub description: Text<'a>,
    #[serde(default, borrow)]
    pub sources: Vec<RawSource<'a>>,
    #[serde(default, borrow)]
    pub actors: Vec<RawActor<'a>>,
    #[serde(default, borrow)]
    pub countries: Vec<RawCountry<'a>>,
    #[serde(default, borrow)]
    pub events: Vec<RawEvent<'a>>,
}

/// The names a dataset gives a country.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCountry<'a> {
    #[serde(borrow)]
    pub code: Text<'a>,
    #[serde(default, borrow)]
    pub name_ar: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub aliases: List<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub outlet: Text<'a>,
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(borrow)]
    pub language: Text<'a>,
    #[serde(borrow)]
    pub published: Text<'a>,
    #[serde(borrow)]
    pub about: Text<'a>,
    #[serde(default, borrow)]
    pub based_on: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub title_original: Option<Text<'a>>,
    /// Where the source can be read: an http(s) address.
    #[serde(default, borrow)]
    pub url: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub role: Text<'a>,
    #[serde(default, borrow)]
    pub country: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub organisation: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub name_ar: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub role_ar: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub aliases: List<'a>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub date: Text<'a>,
    #[serde(default, borrow)]
    pub end: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub part: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub date_note: Option<Text<'a>>,
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(default, borrow)]
    pub countries: List<'a>,
    #[serde(default, borrow)]
    pub actors: List<'a>,
    #[serde(borrow)]
    pub headline: Text<'a>,
    #[serde(borrow)]
    pub summary: Text<'a>,
    #[serde(default, borrow)]
    pub notes: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub sources: List<'a>,
    /// The text fields known to be printable ASCII, as bits of `event_line::field`: they
    /// need no look for control characters. Not in the file; serde leaves it empty.
    #[serde(skip)]
    pub plain: u16,
}
