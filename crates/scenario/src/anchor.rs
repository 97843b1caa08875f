//! Evidence anchors: finding cited words in a source and re-finding them later.
//!
//! Scenario files never carry quoted text. An anchor records where the words were
//! (`at`, `len`, in characters of the normalised source) and the SHA-256 of the
//! normalised words. Normalisation makes the check tolerate the quirks of real
//! documents: curly and straight quotes, doubled apostrophes used as quote marks,
//! non-breaking spaces, dashes of every width, line wrapping and case.

use sha2::Digest;
use sha2::Sha256;

/// The result of looking for quoted words in a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// Exactly one occurrence.
    Once(Located),
    /// The words are not in the source.
    Absent,
    /// The words occur more than once (character offsets of each); cite more words.
    Ambiguous(Vec<usize>),
    /// The words are empty once normalised.
    Empty,
}

/// Where normalised words sit in a normalised source, and their hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub at: usize,
    pub len: usize,
    pub sha256: [u8; 32],
}

/// The outcome of re-finding an anchor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// Found at the recorded offset.
    Exact,
    /// Found, but at another offset (the source moved); the new offset is given.
    Moved { at: usize },
    /// No run of `len` characters in the source has this hash.
    Missing,
}

/// Normalises text for anchoring: lowercase, one kind of quote, apostrophe and dash,
/// whitespace runs collapsed to one space, ends trimmed.
///
/// # Examples
/// ```
/// use armistice_scenario::anchor::normalise;
/// assert_eq!(normalise("  The \u{201C}Deal\u{201D}\u{00A0}— now\n"), "the \"deal\" - now");
/// assert_eq!(normalise("''peace''"), "\"peace\"");
/// ```
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mapped: &str = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => {
                "'"
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => "\"",
            '\'' => {
                // Two apostrophes in a row stand for a double quote in some documents.
                match chars.peek() {
                    Some('\'') | Some('\u{2019}') => {
                        chars.next();
                        "\""
                    }
                    _ => "'",
                }
            }
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => "-",
            '\u{2026}' => "...",
            '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => "",
            c if c.is_whitespace() => {
                pending_space = !out.is_empty();
                continue;
            }
            _ => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.extend(c.to_lowercase());
                continue;
            }
        };
        if mapped.is_empty() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push_str(mapped);
    }
    out
}

/// SHA-256 of already-normalised words.
pub fn hash(normalised: &str) -> [u8; 32] {
    Sha256::digest(normalised.as_bytes()).into()
}

/// Looks for `words` in `source` (both raw; both are normalised here).
///
/// # Examples
/// ```
/// use armistice_scenario::anchor::{find, Found};
/// let src = "Talks began.\nThe  talks  stalled; talks resumed.";
/// assert!(matches!(find(src, "talks  STALLED"), Found::Once(l) if l.at == 17));
/// assert!(matches!(find(src, "talks"), Found::Ambiguous(v) if v.len() == 3));
/// assert_eq!(find(src, "ceasefire"), Found::Absent);
/// ```
pub fn find(source: &str, words: &str) -> Found {
    let src: Vec<char> = normalise(source).chars().collect();
    let needle: Vec<char> = normalise(words).chars().collect();
    if needle.is_empty() {
        return Found::Empty;
    }
    let hits: Vec<usize> = if needle.len() > src.len() {
        Vec::new()
    } else {
        (0..=src.len() - needle.len()).filter(|&i| src[i..i + needle.len()] == needle[..]).collect()
    };
    match hits.as_slice() {
        [] => Found::Absent,
        [at] => {
            let text: String = needle.iter().collect();
            Found::Once(Located { at: *at, len: needle.len(), sha256: hash(&text) })
        }
        _ => Found::Ambiguous(hits),
    }
}

/// Re-finds an anchor in a raw source: first at its recorded offset, then anywhere,
/// preferring the occurrence nearest the recorded offset.
pub fn check(source: &str, at: usize, len: usize, sha256: &[u8; 32]) -> Check {
    let src: Vec<char> = normalise(source).chars().collect();
    if len == 0 || len > src.len() {
        return Check::Missing;
    }
    let hash_at = |i: usize| -> [u8; 32] {
        let s: String = src[i..i + len].iter().collect();
        hash(&s)
    };
    if at + len <= src.len() && &hash_at(at) == sha256 {
        return Check::Exact;
    }
    let mut best: Option<usize> = None;
    for i in 0..=src.len() - len {
        if &hash_at(i) == sha256 && best.is_none_or(|b| i.abs_diff(at) < b.abs_diff(at)) {
            best = Some(i);
        }
    }
    match best {
        Some(i) => Check::Moved { at: i },
        None => Check::Missing,
    }
}

/// The normalised words an anchor points to, when the source still has them
/// (for reports that show the cited words next to each input).
pub fn quoted(source: &str, at: usize, len: usize, sha256: &[u8; 32]) -> Option<String> {
    let at = match check(source, at, len, sha256) {
        Check::Exact => at,
        Check::Moved { at } => at,
        Check::Missing => return None,
    };
    Some(normalise(source).chars().skip(at).take(len).collect())
}

/// Parses 64 hexadecimal digits.
pub fn parse_sha256(hex_text: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(hex_text).ok()?;
    bytes.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_tolerates_source_quirks_and_detects_changes() {
        let original =
            "Security guarantees are the \u{201C}main obstacle\u{201D} to any\u{00A0}deal.";
        let Found::Once(l) = find(original, "guarantees are the \"main obstacle\" to any deal")
        else {
            panic!("expected one hit")
        };
        let rewrapped = "Security guarantees are the ''main\nobstacle'' to any deal.";
        assert_eq!(check(rewrapped, l.at, l.len, &l.sha256), Check::Exact);
        let shifted = format!("Preface. {rewrapped}");
        assert_eq!(check(&shifted, l.at, l.len, &l.sha256), Check::Moved { at: l.at + 9 });
        let edited = "Security guarantees are the \"only obstacle\" to any deal.";
        assert_eq!(check(edited, l.at, l.len, &l.sha256), Check::Missing);
    }

    #[test]
    fn dashes_and_case_normalise() {
        assert_eq!(normalise("A\u{2013}B \u{2014} c"), "a-b - c");
    }
}
