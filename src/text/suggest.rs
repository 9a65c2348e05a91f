//! "Did you mean …?" for a name typed wrong: the closest of the names that exist.

/// The names among `candidates` closest to `typed`, best first, at most `most`: those
/// similar enough to be what was meant (Jaro–Winkler similarity of the folded forms at
/// least 0.8, or one starting with what was typed).
pub fn closest<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    most: usize,
) -> Vec<&'a str> {
    let typed = super::fold(typed.trim());
    if typed.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter_map(|name| {
            let folded = super::fold(name);
            let score = match folded.starts_with(&typed) && typed.chars().count() >= 2 {
                true => 1.0,
                false => strsim::jaro_winkler(&typed, &folded),
            };
            (score >= 0.8).then_some((score, name))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<&str> = Vec::new();
    for (_, name) in scored {
        if !out.contains(&name) && out.len() < most {
            out.push(name);
        }
    }
    out
}

/// "; did you mean 'a' or 'b'?" to end a clause of a message, or nothing when no name is
/// close. What follows should start a new sentence.
pub fn did_you_mean<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let near = closest(typed, candidates, 3);
    if near.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = near
        .iter()
        .map(|n| format!("'{}'", super::escape(n)))
        .collect();
    format!("; did you mean {}?", quoted.join(" or "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_close_to_what_was_typed_are_offered_best_first() {
        let kinds = ["visit", "meeting", "call", "statement", "sanctions"];
        assert_eq!(closest("vist", kinds, 3), ["visit"]);
        assert_eq!(closest("sanction", kinds, 3), ["sanctions"]);
        assert_eq!(closest("zzz", kinds, 3), Vec::<&str>::new());
        assert_eq!(did_you_mean("meting", kinds), "; did you mean 'meeting'?");
        assert_eq!(did_you_mean("xyzzy", kinds), "");
        let countries = ["Kazakhstan", "Kyrgyzstan", "Uzbekistan", "قيرغيزستان"];
        assert_eq!(closest("Kazakstan", countries, 1), ["Kazakhstan"]);
        assert_eq!(closest("قيرغستان", countries, 1), ["قيرغيزستان"]);
    }
}
