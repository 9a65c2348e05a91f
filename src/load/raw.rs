//! The file's shape, as written. Strings stay strings (borrowed from the file where no
//! escapes forbid it) so validation can explain each value.

use serde::Deserialize;
use std::borrow::Cow;

type Text<'a> = Cow<'a, str>;

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
    pub events: Vec<RawEvent<'a>>,
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
}

#[derive(Deserialize)]
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
    pub countries: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub actors: Vec<Text<'a>>,
    #[serde(borrow)]
    pub headline: Text<'a>,
    #[serde(borrow)]
    pub summary: Text<'a>,
    #[serde(default, borrow)]
    pub notes: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub sources: Vec<Text<'a>>,
}
