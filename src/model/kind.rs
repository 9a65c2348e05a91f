//! The closed set of kinds of diplomatic move.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Visit,
    Meeting,
    Call,
    Statement,
    Vote,
    Agreement,
    Sanctions,
    Aid,
    Military,
    Trade,
    Personnel,
    Domestic,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Visit,
        Kind::Meeting,
        Kind::Call,
        Kind::Statement,
        Kind::Vote,
        Kind::Agreement,
        Kind::Sanctions,
        Kind::Aid,
        Kind::Military,
        Kind::Trade,
        Kind::Personnel,
        Kind::Domestic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Visit => "visit",
            Kind::Meeting => "meeting",
            Kind::Call => "call",
            Kind::Statement => "statement",
            Kind::Vote => "vote",
            Kind::Agreement => "agreement",
            Kind::Sanctions => "sanctions",
            Kind::Aid => "aid",
            Kind::Military => "military",
            Kind::Trade => "trade",
            Kind::Personnel => "personnel",
            Kind::Domestic => "domestic",
        }
    }

    /// Exact, lower-case names only: the data format and the command line agree.
    pub fn parse(text: &str) -> Option<Kind> {
        // A million kinds are read at a load: the length and first letter tell the names
        // apart but for one whole comparison.
        let first = text.as_bytes().first();
        Kind::ALL.into_iter().find(|k| {
            let name = k.as_str();
            name.len() == text.len() && name.as_bytes().first() == first && name == text
        })
    }

    /// "visit, meeting, …" for error messages.
    pub fn list() -> String {
        Kind::ALL.map(Kind::as_str).join(", ")
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_and_unknowns_fail() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            assert_eq!(Kind::ALL[kind.index()], kind);
        }
        assert_eq!(Kind::parse("Visit"), None);
        assert_eq!(Kind::parse("summit"), None);
    }
}
