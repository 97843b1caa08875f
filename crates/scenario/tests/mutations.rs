//! Property: whatever is done to a valid scenario file, validation never panics and
//! every diagnostic points inside the text, on character boundaries.
//!
//! Each case applies a few random mutations (deleting, duplicating and swapping
//! characters, lines and tokens; replacing numbers with extreme values, NaN-like strings
//! and huge integers; inserting multi-byte characters) to a golden scenario, then runs
//! everything a command would run on it: validation with a corpus, rendering, a
//! questions file, an overlay, and a draw of the scenario into an `Instance`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;

use armistice_scenario::dist::Draw;
use armistice_scenario::instance::Instance;
use armistice_scenario::overlay::apply_overlay;
use armistice_scenario::types::Scenario;
use armistice_scenario::validate::{validate, validate_questions, Corpus};
use armistice_scenario::{render, Diagnostic};

const ILLUSTRATIVE: &str = include_str!("../../../scenarios/illustrative.toml");
const TOY: &str = include_str!("../../../testdata/scenarios/toy.toml");
/// A scenario with a source and an anchor, so that anchor checking is exercised too.
const CITED: &str = "[scenario]\nid = \"t\"\ntitle = \"T\"\nas_of = 2025-01-01\nend = 2025-06-01\n\n[[source]]\nid = \"s1\"\ntitle = \"S\"\npath = \"s1.txt\"\n\n[[actor]]\nid = \"a\"\ncapability = { normal = [3, 1] }\nroles = [\"veto\"]\nevidence = [{ source = \"s1\", at = 4, len = 13, sha256 = \"c19a77819862b009881287c84ab4411ccc994e725ff6b082d6035fb1497eca87\" }]\n\n[[issue]]\nid = \"x\"\nstatus_quo = { beta = [2, 3] }\n\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 10\nsalience = 50\nred_line = { triangular = [30, 40, 50] }\n";
const QUESTIONS: &str = "[[question]]\nid = \"extra\"\ntext = \"?\"\nclose = 2026-12-31\nwhen = { all = [{ signed = \"ceasefire\" }, { not = { lever = \"aid_squeeze\", by = 2026-06-01 } }, { talks = [\"varnia\", \"oster\"], level = \"leaders\" }, { controls = \"oster\", front = \"north_pass\", at_least = 0.5 }, { settled = \"valley\", within = [0, 50] }, { in_force = \"settlement\", on = 2026-12-01 }] }\n";
const OVERLAY: &str = "[overlay]\nid = \"o\"\n\n[scenario]\ntitle = \"What if\"\n\n[[lever]]\nid = \"union_sanctions\"\nremove = true\n\n[[actor]]\nid = \"union\"\ncapability = { uniform = [10, 30] }\n\n[[stance]]\nactor = \"oster\"\nissue = \"valley\"\nred_line = 60\n\n[[campaign.front]]\nid = \"river_plain\"\ncontrol = 0.2\n";

const EXTREMES: &[&str] = &[
    "1e308",
    "-1e308",
    "nan",
    "+inf",
    "-inf",
    "-0.0",
    "5e-324",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
    "0",
    "-1",
    "\"NaN\"",
    "\"\"",
    "[]",
    "{}",
    "[1e308, -1e308, nan]",
    "{ normal = [nan, inf] }",
    "{ beta = [1e-300, 1e300] }",
    "{ triangular = [0, 0, 0] }",
    "2025-02-29",
    "0001-01-01",
    "9999-12-31",
    "true",
    "\"é\u{200B}\u{1F600}\"",
];

const INSERTS: &[&str] =
    &["é", "\u{1F600}", "\n", "[", "]", "{", "}", "\"", "=", ",", "#", "\u{0}", "'''"];

#[derive(Clone, Debug)]
enum Mutation {
    DeleteChars { at: usize, len: usize },
    DuplicateChars { at: usize, len: usize },
    SwapChars { a: usize, b: usize },
    Insert { at: usize, what: usize },
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceNumber { nth: usize, with: usize },
    SwapTokens { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = 0usize..100_000;
    prop_oneof![
        (n.clone(), 1usize..20).prop_map(|(at, len)| Mutation::DeleteChars { at, len }),
        (n.clone(), 1usize..40).prop_map(|(at, len)| Mutation::DuplicateChars { at, len }),
        (n.clone(), n.clone()).prop_map(|(a, b)| Mutation::SwapChars { a, b }),
        (n.clone(), 0..INSERTS.len()).prop_map(|(at, what)| Mutation::Insert { at, what }),
        n.clone().prop_map(Mutation::DeleteLine),
        n.clone().prop_map(Mutation::DuplicateLine),
        (n.clone(), n.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (n.clone(), 0..EXTREMES.len())
            .prop_map(|(nth, with)| Mutation::ReplaceNumber { nth, with }),
        (n.clone(), n).prop_map(|(a, b)| Mutation::SwapTokens { a, b }),
    ]
}

/// Byte ranges of tokens: runs of characters that are not spaces or TOML punctuation.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let sep = c.is_whitespace() || "[]{}=,".contains(c);
        match (start, sep) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn apply(text: &str, m: &Mutation) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len().max(1);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let nl = lines.len().max(1);
    match *m {
        Mutation::DeleteChars { at, len } => {
            let at = at % n;
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < at || *i >= at + len)
                .map(|(_, c)| c)
                .collect()
        }
        Mutation::DuplicateChars { at, len } => {
            let at = at % n;
            let end = (at + len).min(chars.len());
            let mut v = chars.clone();
            let piece: Vec<char> = chars.get(at..end).unwrap_or(&[]).to_vec();
            v.splice(end..end, piece);
            v.into_iter().collect()
        }
        Mutation::SwapChars { a, b } => {
            let mut v = chars;
            if !v.is_empty() {
                let (a, b) = (a % v.len(), b % v.len());
                v.swap(a, b);
            }
            v.into_iter().collect()
        }
        Mutation::Insert { at, what } => {
            let mut v = chars;
            let at = at % (v.len() + 1);
            v.splice(at..at, INSERTS[what].chars());
            v.into_iter().collect()
        }
        Mutation::DeleteLine(i) => {
            let i = i % nl;
            lines.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, l)| *l).collect()
        }
        Mutation::DuplicateLine(i) => {
            let mut v = lines.clone();
            if let Some(l) = lines.get(i % nl) {
                v.insert(i % nl, l);
            }
            v.concat()
        }
        Mutation::SwapLines(a, b) => {
            let mut v = lines;
            if !v.is_empty() {
                let (a, b) = (a % v.len(), b % v.len());
                v.swap(a, b);
            }
            v.concat()
        }
        Mutation::ReplaceNumber { nth, with } => {
            let numeric: Vec<(usize, usize)> = tokens(text)
                .into_iter()
                .filter(|&(s, e)| text[s..e].starts_with(|c: char| c.is_ascii_digit() || c == '-'))
                .collect();
            match numeric.get(nth % numeric.len().max(1)) {
                Some(&(s, e)) => format!("{}{}{}", &text[..s], EXTREMES[with], &text[e..]),
                None => text.to_string(),
            }
        }
        Mutation::SwapTokens { a, b } => {
            let t = tokens(text);
            if t.len() < 2 {
                return text.to_string();
            }
            let (mut x, mut y) = (t[a % t.len()], t[b % t.len()]);
            if x.0 > y.0 {
                std::mem::swap(&mut x, &mut y);
            }
            if x == y || x.1 > y.0 {
                return text.to_string();
            }
            format!(
                "{}{}{}{}{}",
                &text[..x.0],
                &text[y.0..y.1],
                &text[x.1..y.0],
                &text[x.0..x.1],
                &text[y.1..]
            )
        }
    }
}

struct Files(BTreeMap<String, String>);

impl Corpus for Files {
    fn source_text(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

fn assert_spans(text: &str, diags: &[Diagnostic]) {
    for d in diags {
        assert!(d.span.start <= d.span.end, "inverted span {d:?}");
        assert!(d.span.end <= text.len(), "span past the end {d:?}");
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{d:?}");
        assert!(!d.message.is_empty());
    }
    let _ = render("f.toml", text, diags);
}

/// The illustrative scenario, validated once for all cases.
fn illustrative() -> Option<&'static Scenario> {
    static ONCE: OnceLock<Option<Scenario>> = OnceLock::new();
    ONCE.get_or_init(|| validate("f.toml", ILLUSTRATIVE, None).0).as_ref()
}

fn exercise(text: &str) {
    let files =
        Files(BTreeMap::from([("s1.txt".to_string(), "The talks resumed in May.".to_string())]));
    let (scenario, diags) = validate("f.toml", text, Some(&files));
    assert_spans(text, &diags);
    if let Some(s) = scenario {
        assert!(!diags.iter().any(|d| d.is_error()));
        let (_, qdiags) = validate_questions("q.toml", QUESTIONS, &s);
        assert_spans(QUESTIONS, &qdiags);
        let draw = Draw::sample(&s.params, 1, 0);
        let inst = Instance::new(&s, &draw, 1);
        assert_eq!(inst.stances.len(), s.issues.len());
        for p in &s.params {
            assert!(p.lo <= p.hi);
        }
    }
    match apply_overlay(text, "o.toml", OVERLAY) {
        Ok(merged) => {
            let (_, diags) = validate("merged", &merged, None);
            assert_spans(&merged, &diags);
        }
        Err(diags) => {
            // Overlay diagnostics point into the overlay, except a base syntax error.
            for d in &diags {
                assert!(d.span.end <= OVERLAY.len().max(text.len()));
            }
        }
    }
    // The mutated text as a questions file for a valid scenario.
    if let Some(s) = illustrative() {
        let (_, diags) = validate_questions("q.toml", text, s);
        assert_spans(text, &diags);
    }
    // The mutated text as an overlay on a valid base.
    if let Err(diags) = apply_overlay(ILLUSTRATIVE, "o.toml", text) {
        assert_spans(text, &diags);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_never_panic(
        base in 0usize..5,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut text = [ILLUSTRATIVE, TOY, CITED, QUESTIONS, OVERLAY][base].to_string();
        for m in &mutations {
            text = apply(&text, m);
        }
        exercise(&text);
    }
}

#[test]
fn the_unmutated_inputs_are_valid() {
    let files =
        Files(BTreeMap::from([("s1.txt".to_string(), "The talks resumed in May.".to_string())]));
    for text in [ILLUSTRATIVE, TOY, CITED] {
        let (s, diags) = validate("f.toml", text, Some(&files));
        assert!(diags.is_empty(), "{}", render("f.toml", text, &diags));
        assert!(s.is_some());
    }
    let (s, _) = validate("f.toml", ILLUSTRATIVE, None);
    let s = s.expect("valid");
    let (qs, diags) = validate_questions("q.toml", QUESTIONS, &s);
    assert!(diags.is_empty(), "{}", render("q.toml", QUESTIONS, &diags));
    assert_eq!(qs.len(), 1);
    let merged = apply_overlay(ILLUSTRATIVE, "o.toml", OVERLAY).expect("valid overlay");
    let (m, diags) = validate("merged", &merged, None);
    assert!(diags.is_empty(), "{}", render("merged", &merged, &diags));
    let m = m.expect("valid");
    assert_eq!(m.actors.len(), 4);
    assert_eq!(m.levers.len(), 1);
    assert_eq!(
        m.campaign.as_ref().map(|c| c.fronts[1].control),
        Some(armistice_scenario::dist::Num::Fixed(0.2))
    );
    assert_eq!(m.meta.title, "What if");
}
