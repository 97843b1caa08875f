//! Validation: the raw TOML tree becomes a [`Scenario`], and every problem becomes a
//! [`Diagnostic`].
//!
//! Validation never stops at the first problem. Each reader below reports what is wrong
//! and returns a placeholder so that the rest of the file is still checked; when any
//! error was reported, no `Scenario` is returned, so placeholders never leak out.
//! References between sections (a stance names an actor, a lever names an agreement
//! declared further down) are resolved against a first pass that collects every id, so
//! file order does not matter. Key names, defaults and ranges follow
//! `docs/scenario-format.md` exactly.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::civil::Date;

use crate::anchor;
use crate::diag::{has_errors, Diagnostic};
use crate::dist::{Dist, Num, ParamDef};
use crate::instance::Side;
use crate::raw::{self, Entry, Node, Table, Value};
use crate::types::*;

/// Where `check` finds the text of sources, by their `path`.
pub trait Corpus {
    /// The text of the source file at `path`, or `None` when the corpus lacks it.
    fn source_text(&self, path: &str) -> Option<String>;
}

/// Validates a scenario file.
///
/// Returns the scenario when there is no error (warnings allowed), and every
/// diagnostic, sorted by position. With a `corpus`, every evidence anchor is re-found in
/// its source: a missing one is an error and a moved one a warning.
///
/// `file_name` is accepted so that callers name the file in one place; the diagnostics
/// themselves carry byte spans into `text` and are rendered with [`crate::diag::render`].
///
/// # Examples
/// ```
/// let text = "[scenario]\nid = \"t\"\ntitle = \"T\"\nas_of = 2025-01-01\n";
/// let (scenario, diags) = armistice_scenario::validate::validate("t.toml", text, None);
/// assert!(diags.is_empty());
/// assert_eq!(scenario.map(|s| s.meta.horizon), Some(104));
/// ```
pub fn validate(
    file_name: &str,
    text: &str,
    corpus: Option<&dyn Corpus>,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let _ = file_name;
    let root = match raw::parse(text) {
        Ok(root) => root,
        Err(d) => return (None, vec![d]),
    };
    let Value::Table(top) = &root.value else {
        return (None, vec![Diagnostic::error(0..0, "the file is not a TOML table")]);
    };
    let mut cx = Cx::new(text);
    cx.ids = Ids::collect(top);
    let scenario = cx.scenario(top);
    if let Some(corpus) = corpus {
        cx.check_anchors(corpus, &scenario.sources);
    }
    let mut diags = cx.diags;
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    if has_errors(&diags) {
        (None, diags)
    } else {
        (Some(scenario), diags)
    }
}

/// Validates a separate questions file (only `[[question]]` tables) against a scenario.
///
/// # Examples
/// ```
/// let base = "[scenario]\nid = \"t\"\ntitle = \"T\"\nas_of = 2025-01-01\n[[actor]]\nid = \"a\"\ncapability = 1\nroles = [\"veto\"]\n[[agreement]]\nid = \"deal\"\nclass = \"partial\"\nissues = [\"x\"]\n[[issue]]\nid = \"x\"\nstatus_quo = 50\n";
/// let (s, d) = armistice_scenario::validate::validate("t.toml", base, None);
/// assert!(d.is_empty(), "{d:?}");
/// let q = "[[question]]\nid = \"q\"\ntext = \"Deal?\"\nclose = 2025-06-01\nwhen = { signed = \"deal\" }\n";
/// let (qs, d) = armistice_scenario::validate::validate_questions("q.toml", q, &s.unwrap());
/// assert!(d.is_empty() && qs.len() == 1);
/// ```
pub fn validate_questions(
    file_name: &str,
    text: &str,
    scenario: &Scenario,
) -> (Vec<Question>, Vec<Diagnostic>) {
    let _ = file_name;
    let root = match raw::parse(text) {
        Ok(root) => root,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let Value::Table(top) = &root.value else {
        return (Vec::new(), vec![Diagnostic::error(0..0, "the file is not a TOML table")]);
    };
    let mut cx = Cx::new(text);
    cx.ids = Ids::from_scenario(scenario);
    cx.as_of = Some(scenario.meta.as_of);
    cx.end = Some(scenario.date_of(scenario.meta.horizon));
    cx.sides = scenario.campaign.as_ref().map(|c| c.sides);
    for e in &top.entries {
        if e.key != "question" {
            let d = Diagnostic::error(
                e.key_span.clone(),
                format!("unknown key `{}` in a questions file", e.key),
            )
            .hint("a questions file holds only `[[question]]` tables");
            cx.diags.push(d);
        }
    }
    let questions = cx.questions(top);
    // A question id must also differ from those of the scenario's own questions.
    if let Some(Value::Array(items)) = top.get("question").map(|e| &e.node.value) {
        for n in items {
            let Value::Table(t) = &n.value else { continue };
            let Some(e) = t.get("id") else { continue };
            let Value::String(id) = &e.node.value else { continue };
            if scenario.questions.iter().any(|q| q.id == *id) {
                cx.error(e.node.span.clone(), format!("duplicate question id `{id}`"))
                    .hints
                    .push("the scenario already has a question with this id".into());
            }
        }
    }
    let mut diags = cx.diags;
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    if has_errors(&diags) {
        (Vec::new(), diags)
    } else {
        (questions, diags)
    }
}

// ---------------------------------------------------------------------------------------
// Ranges of numbers.

/// The valid range of a number-valued key.
#[derive(Clone, Copy, Debug)]
struct Bounds {
    lo: f64,
    hi: f64,
    lo_open: bool,
    hi_open: bool,
}

const SCALE: Bounds = Bounds { lo: 0.0, hi: 100.0, lo_open: false, hi_open: false };
const UNIT: Bounds = Bounds { lo: 0.0, hi: 1.0, lo_open: false, hi_open: false };
const NONNEG: Bounds = Bounds { lo: 0.0, hi: f64::INFINITY, lo_open: false, hi_open: false };
const POSITIVE: Bounds = Bounds { lo: 0.0, hi: f64::INFINITY, lo_open: true, hi_open: false };
const ANY: Bounds =
    Bounds { lo: f64::NEG_INFINITY, hi: f64::INFINITY, lo_open: false, hi_open: false };
const OPEN_UNIT: Bounds = Bounds { lo: 0.0, hi: 1.0, lo_open: true, hi_open: true };
const HALF_OPEN_UNIT: Bounds = Bounds { lo: 0.0, hi: 1.0, lo_open: true, hi_open: false };
const AT_LEAST_ONE: Bounds = Bounds { lo: 1.0, hi: f64::INFINITY, lo_open: false, hi_open: false };

impl Bounds {
    fn contains(&self, x: f64) -> bool {
        let above = if self.lo_open { x > self.lo } else { x >= self.lo };
        let below = if self.hi_open { x < self.hi } else { x <= self.hi };
        above && below
    }

    fn bounded(&self) -> bool {
        self.lo.is_finite() && self.hi.is_finite()
    }

    fn describe(&self) -> String {
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) if !self.lo_open && !self.hi_open => {
                format!("{}–{}", fmt_num(self.lo), fmt_num(self.hi))
            }
            (true, true) => format!(
                "in {}{}, {}{}",
                if self.lo_open { "(" } else { "[" },
                fmt_num(self.lo),
                fmt_num(self.hi),
                if self.hi_open { ")" } else { "]" }
            ),
            (true, false) => {
                format!("{} {}", if self.lo_open { ">" } else { "≥" }, fmt_num(self.lo))
            }
            (false, true) => {
                format!("{} {}", if self.hi_open { "<" } else { "≤" }, fmt_num(self.hi))
            }
            (false, false) => "any number".to_string(),
        }
    }
}

/// Formats a number the way an author would write it: `40`, not `40.0`.
fn fmt_num(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x != 0.0 && (x.abs() >= 1e15 || x.abs() < 1e-6) {
        // Rust prints 1e308 with 309 digits; nobody wants that in a message.
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

// ---------------------------------------------------------------------------------------
// Ids from the first pass.

/// Every declared id of each kind, in file order (an id's index is its position).
#[derive(Clone, Debug, Default)]
struct Ids {
    sources: Vec<String>,
    actors: Vec<String>,
    issues: Vec<String>,
    agreements: Vec<String>,
    channels: Vec<String>,
    levers: Vec<String>,
    fronts: Vec<String>,
}

impl Ids {
    fn collect(top: &Table) -> Ids {
        let list = |t: &Table, key: &str, field: &str| -> Vec<String> {
            let Some(e) = t.get(key) else { return Vec::new() };
            let Value::Array(items) = &e.node.value else { return Vec::new() };
            items
                .iter()
                .map(|n| match &n.value {
                    Value::Table(t) => match t.get(field).map(|e| &e.node.value) {
                        Some(Value::String(s)) => s.clone(),
                        _ => String::new(),
                    },
                    _ => String::new(),
                })
                .collect()
        };
        let fronts = match top.get("campaign").map(|e| &e.node.value) {
            Some(Value::Table(c)) => list(c, "front", "id"),
            _ => Vec::new(),
        };
        Ids {
            sources: list(top, "source", "id"),
            actors: list(top, "actor", "id"),
            issues: list(top, "issue", "id"),
            agreements: list(top, "agreement", "id"),
            channels: list(top, "talks", "id"),
            levers: list(top, "lever", "id"),
            fronts,
        }
    }

    fn from_scenario(s: &Scenario) -> Ids {
        Ids {
            sources: s.sources.iter().map(|x| x.id.clone()).collect(),
            actors: s.actors.iter().map(|x| x.id.clone()).collect(),
            issues: s.issues.iter().map(|x| x.id.clone()).collect(),
            agreements: s.agreements.iter().map(|x| x.id.clone()).collect(),
            channels: s.channels.iter().map(|x| x.id.clone()).collect(),
            levers: s.levers.iter().map(|x| x.id.clone()).collect(),
            fronts: s
                .campaign
                .as_ref()
                .map(|c| c.fronts.iter().map(|f| f.id.clone()).collect())
                .unwrap_or_default(),
        }
    }
}

/// The kinds of thing an id can name, for "unknown X" messages.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Source,
    Actor,
    Issue,
    Agreement,
    Channel,
    Lever,
    Front,
}

impl Kind {
    fn section(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Actor => "actor",
            Kind::Issue => "issue",
            Kind::Agreement => "agreement",
            Kind::Channel => "talks",
            Kind::Lever => "lever",
            Kind::Front => "campaign.front",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Actor => "actor",
            Kind::Issue => "issue",
            Kind::Agreement => "agreement",
            Kind::Channel => "talks channel",
            Kind::Lever => "lever",
            Kind::Front => "front",
        }
    }
}

/// The closest candidate to a misspelt word, if one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let n = word.chars().count();
    // One edit in three characters looks like a typo; replacing a whole short word does not.
    let limit = (n / 3).max(1);
    candidates
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| (strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit && *d < n)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn one_of(candidates: &[&str]) -> String {
    let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
    format!("expected one of {}", list.join(", "))
}

fn suggest(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None if candidates.is_empty() => "none are declared".to_string(),
        None => one_of(candidates),
    }
}

// ---------------------------------------------------------------------------------------
// The reader: a table with what it is called, for messages.

/// A table being read: its entries, the span of its header (for "missing key"), and
/// how messages name it ("actor `us`", "`[scenario]`").
struct Tbl<'a> {
    t: &'a Table,
    head: Range<usize>,
    name: String,
}

impl<'a> Tbl<'a> {
    fn get(&self, key: &str) -> Option<&'a Entry> {
        self.t.get(key)
    }
}

/// An anchor to re-find once the whole file is read.
struct PendingAnchor {
    source: usize,
    at: usize,
    len: usize,
    sha256: [u8; 32],
    span: Range<usize>,
    owner: String,
}

/// Validation state: the diagnostics so far and the uncertain parameters met.
struct Cx<'t> {
    text: &'t str,
    diags: Vec<Diagnostic>,
    params: Vec<ParamDef>,
    ids: Ids,
    as_of: Option<Date>,
    end: Option<Date>,
    sides: Option<[ActorId; 2]>,
    anchors: Vec<PendingAnchor>,
    source_spans: Vec<Range<usize>>,
}

const TOP_KEYS: &[&str] = &[
    "scenario",
    "source",
    "actor",
    "issue",
    "stance",
    "models",
    "campaign",
    "agreement",
    "talks",
    "event",
    "lever",
    "question",
];

impl<'t> Cx<'t> {
    fn new(text: &'t str) -> Cx<'t> {
        Cx {
            text,
            diags: Vec::new(),
            params: Vec::new(),
            ids: Ids::default(),
            as_of: None,
            end: None,
            sides: None,
            anchors: Vec::new(),
            source_spans: Vec::new(),
        }
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(span, message));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn warning(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::warning(span, message));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    /// The first line of a span: a table's span runs to its last value, but a message
    /// about the table should point at its header.
    fn head(&self, span: &Range<usize>) -> Range<usize> {
        raw::first_line(self.text, span)
    }

    fn line_of(&self, offset: usize) -> usize {
        let o = offset.min(self.text.len());
        self.text.as_bytes()[..o].iter().filter(|&&b| b == b'\n').count() + 1
    }

    // --- generic key readers -----------------------------------------------------------

    fn unknown_keys(&mut self, tbl: &Tbl, known: &[&str]) {
        for e in &tbl.t.entries {
            if !known.contains(&e.key.as_str()) {
                let hint = suggest(&e.key, known);
                self.error(e.key_span.clone(), format!("unknown key `{}` in {}", e.key, tbl.name))
                    .hints
                    .push(hint);
            }
        }
    }

    fn missing(&mut self, tbl: &Tbl, key: &str, example: &str) {
        // A misspelt key is already reported as unknown with "did you mean"; saying that
        // the right one is missing too would only repeat it.
        let misspelt =
            tbl.t.entries.iter().any(|e| e.key != key && did_you_mean(&e.key, &[key]).is_some());
        if misspelt {
            return;
        }
        let head = self.head(&tbl.head);
        self.error(head, format!("missing required key `{key}` in {}", tbl.name))
            .hints
            .push(format!("add `{key} = {example}`"));
    }

    fn wrong_type(&mut self, key: &str, node: &Node, expected: &str) {
        let d = self.error(
            node.span.clone(),
            format!(
                "wrong type for `{key}`: expected {expected}, found {}",
                node.value.type_name()
            ),
        );
        if expected == "a date" && matches!(node.value, Value::String(_)) {
            d.hints.push("write dates unquoted, e.g. `2025-04-01`".into());
        }
    }

    fn table_of<'a>(&mut self, key: &str, node: &'a Node, name: String) -> Option<Tbl<'a>> {
        match &node.value {
            Value::Table(t) => Some(Tbl { t, head: node.span.clone(), name }),
            _ => {
                self.wrong_type(key, node, "a table");
                None
            }
        }
    }

    fn string_node(&mut self, key: &str, node: &Node) -> Option<String> {
        match &node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(key, node, "a string");
                None
            }
        }
    }

    fn str_opt(&mut self, tbl: &Tbl, key: &str) -> Option<String> {
        let e = tbl.get(key)?;
        self.string_node(key, &e.node)
    }

    fn str_req(&mut self, tbl: &Tbl, key: &str) -> String {
        match tbl.get(key) {
            Some(e) => self.string_node(key, &e.node).unwrap_or_default(),
            None => {
                self.missing(tbl, key, "\"…\"");
                String::new()
            }
        }
    }

    /// An id key of a declaration: required, and of the id form.
    fn id_req(&mut self, tbl: &Tbl, key: &str) -> (String, Range<usize>) {
        match tbl.get(key) {
            Some(e) => {
                let s = self.string_node(key, &e.node).unwrap_or_default();
                if !s.is_empty() || matches!(e.node.value, Value::String(_)) {
                    self.check_id_form(&s, e.node.span.clone());
                }
                (s, e.node.span.clone())
            }
            None => {
                self.missing(tbl, key, "\"an_id\"");
                (String::new(), self.head(&tbl.head))
            }
        }
    }

    fn check_id_form(&mut self, id: &str, span: Range<usize>) {
        let mut chars = id.chars();
        let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            let fixed: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                .collect();
            let d = self.error(span, format!("invalid id `{id}`"));
            d.hints.push(
                "ids are lowercase ASCII letters, digits and `_`, starting with a letter".into(),
            );
            if fixed.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                d.hints.push(format!("did you mean `{fixed}`?"));
            }
        }
    }

    fn bool_opt(&mut self, tbl: &Tbl, key: &str, default: bool) -> bool {
        match tbl.get(key) {
            None => default,
            Some(e) => match e.node.value {
                Value::Bool(b) => b,
                _ => {
                    self.wrong_type(key, &e.node, "a boolean");
                    default
                }
            },
        }
    }

    /// A plain number (integer or float), finite and within `b`.
    fn float_node(&mut self, key: &str, node: &Node, b: Bounds) -> Option<f64> {
        let x = match node.value {
            Value::Integer(i) => i as f64,
            Value::Float(f) => f,
            _ => {
                self.wrong_type(key, node, "a number");
                return None;
            }
        };
        if !x.is_finite() {
            self.error(node.span.clone(), format!("`{key}` is not a finite number"))
                .hints
                .push(format!("expected a number {}", b.describe()));
            return None;
        }
        if !b.contains(x) {
            self.error(
                node.span.clone(),
                format!("`{key}` out of range: {} is not {}", fmt_num(x), in_range(b)),
            );
            return None;
        }
        Some(x)
    }

    fn float_opt(&mut self, tbl: &Tbl, key: &str, b: Bounds) -> Option<f64> {
        let e = tbl.get(key)?;
        self.float_node(key, &e.node, b)
    }

    fn int_node(&mut self, key: &str, node: &Node, lo: i64, hi: i64) -> Option<i64> {
        match node.value {
            Value::Integer(i) if i >= lo && i <= hi => Some(i),
            Value::Integer(i) => {
                let range =
                    if hi == i64::MAX { format!("≥ {lo}") } else { format!("{lo}–{hi}") };
                self.error(node.span.clone(), format!("`{key}` out of range: {i} is not {range}"));
                None
            }
            _ => {
                self.wrong_type(key, node, "an integer");
                None
            }
        }
    }

    fn int_opt(&mut self, tbl: &Tbl, key: &str, lo: i64, hi: i64) -> Option<i64> {
        let e = tbl.get(key)?;
        self.int_node(key, &e.node, lo, hi)
    }

    fn date_node(&mut self, key: &str, node: &Node) -> Option<Date> {
        let Value::Datetime(dt) = &node.value else {
            self.wrong_type(key, node, "a date");
            return None;
        };
        let Some(d) = dt.date.filter(|_| dt.time.is_none() && dt.offset.is_none()) else {
            self.error(node.span.clone(), format!("`{key}` must be a date without a time"))
                .hints
                .push("write a plain date, e.g. `2025-04-01`".into());
            return None;
        };
        match Date::new(d.year as i16, d.month as i8, d.day as i8) {
            Ok(date) => Some(date),
            Err(_) => {
                self.error(node.span.clone(), format!("invalid date `{dt}`"))
                    .hints
                    .push("that day does not exist in that month".into());
                None
            }
        }
    }

    fn date_opt(&mut self, tbl: &Tbl, key: &str) -> Option<Date> {
        let e = tbl.get(key)?;
        self.date_node(key, &e.node)
    }

    /// Warns when a date lies outside the simulated window [as_of, end].
    fn date_in_window(&mut self, date: Date, span: Range<usize>, what: &str) {
        if let (Some(a), Some(e)) = (self.as_of, self.end) {
            if date < a || date > e {
                self.warning(span, format!("{what} {date} is outside the simulated window"))
                    .hints
                    .push(format!("the scenario simulates {a} to {e}"));
            }
        }
    }

    fn array_node<'a>(&mut self, key: &str, node: &'a Node) -> Option<&'a [Node]> {
        match &node.value {
            Value::Array(items) => Some(items),
            _ => {
                self.wrong_type(key, node, "an array");
                None
            }
        }
    }

    fn strings_opt(&mut self, tbl: &Tbl, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(e) = tbl.get(key) else { return Vec::new() };
        let Some(items) = self.array_node(key, &e.node) else { return Vec::new() };
        items.iter().filter_map(|n| self.string_node(key, n).map(|s| (s, n.span.clone()))).collect()
    }

    // --- references ----------------------------------------------------------------------

    fn resolve(&mut self, kind: Kind, id: &str, span: Range<usize>) -> Option<usize> {
        let list = match kind {
            Kind::Source => &self.ids.sources,
            Kind::Actor => &self.ids.actors,
            Kind::Issue => &self.ids.issues,
            Kind::Agreement => &self.ids.agreements,
            Kind::Channel => &self.ids.channels,
            Kind::Lever => &self.ids.levers,
            Kind::Front => &self.ids.fronts,
        };
        if let Some(i) = list.iter().position(|x| x == id) {
            return Some(i);
        }
        let names: Vec<&str> = list.iter().map(String::as_str).collect();
        let hint = match names.is_empty() {
            true => format!("no {} is declared; add a `[[{}]]` table", kind.word(), kind.section()),
            false => suggest(id, &names),
        };
        self.error(span, format!("unknown {} `{id}`", kind.word())).hints.push(hint);
        None
    }

    fn ref_node(&mut self, kind: Kind, key: &str, node: &Node) -> Option<usize> {
        let id = self.string_node(key, node)?;
        self.resolve(kind, &id, node.span.clone())
    }

    fn ref_req(&mut self, tbl: &Tbl, kind: Kind, key: &str) -> Option<usize> {
        match tbl.get(key) {
            Some(e) => self.ref_node(kind, key, &e.node),
            None => {
                self.missing(tbl, key, "\"an_id\"");
                None
            }
        }
    }

    fn ref_opt(&mut self, tbl: &Tbl, kind: Kind, key: &str) -> Option<usize> {
        let e = tbl.get(key)?;
        self.ref_node(kind, key, &e.node)
    }

    fn refs(&mut self, tbl: &Tbl, kind: Kind, key: &str) -> Vec<usize> {
        let items = self.strings_opt(tbl, key);
        items.into_iter().filter_map(|(id, span)| self.resolve(kind, &id, span)).collect()
    }

    /// A campaign side named by its actor id: 0 for side A, 1 for side B.
    fn side_node(&mut self, key: &str, node: &Node) -> Option<usize> {
        let actor = self.ref_node(Kind::Actor, key, node)?;
        let Some(sides) = self.sides else {
            self.error(
                node.span.clone(),
                format!("`{key}` names a campaign side, but there is no `[campaign]`"),
            );
            return None;
        };
        match sides.iter().position(|s| s.idx() == actor) {
            Some(i) => Some(i),
            None => {
                let names: Vec<String> = sides
                    .iter()
                    .filter_map(|s| self.ids.actors.get(s.idx()))
                    .map(|s| format!("`{s}`"))
                    .collect();
                let id = self.ids.actors.get(actor).cloned().unwrap_or_default();
                self.error(node.span.clone(), format!("`{id}` is not a campaign side"))
                    .hints
                    .push(format!("the sides are {}", names.join(" and ")));
                None
            }
        }
    }

    // --- uncertain numbers -----------------------------------------------------------------

    /// A *num* key: a constant or a distribution. Missing: the default, or an error when
    /// there is none. Invalid: reported, and a placeholder returned.
    fn num(&mut self, tbl: &Tbl, key: &str, path: &str, b: Bounds, default: Option<f64>) -> Num {
        match tbl.get(key) {
            Some(e) => self.num_node(key, &e.node, path, b).unwrap_or(Num::Fixed(0.0)),
            None => match default {
                Some(d) => Num::Fixed(d),
                None => {
                    self.missing(tbl, key, "<number or distribution>");
                    Num::Fixed(0.0)
                }
            },
        }
    }

    fn num_node(&mut self, key: &str, node: &Node, path: &str, b: Bounds) -> Option<Num> {
        match &node.value {
            Value::Integer(_) | Value::Float(_) => self.float_node(key, node, b).map(Num::Fixed),
            Value::Table(t) => {
                let dist = self.dist(key, node, t, b)?;
                self.params.push(ParamDef { path: path.to_string(), dist, lo: b.lo, hi: b.hi });
                Some(Num::Param(self.params.len() - 1))
            }
            _ => {
                self.wrong_type(key, node, "a number or a distribution");
                None
            }
        }
    }

    fn dist(&mut self, key: &str, node: &Node, t: &Table, b: Bounds) -> Option<Dist> {
        const NAMES: &[&str] = &["triangular", "normal", "uniform", "beta"];
        let [e] = t.entries.as_slice() else {
            self.error(
                node.span.clone(),
                format!("a distribution for `{key}` needs exactly one form"),
            )
            .hints
            .push("e.g. `{ triangular = [min, mode, max] }` or `{ normal = [mean, sd] }`".into());
            return None;
        };
        let arity = match e.key.as_str() {
            "triangular" => 3,
            "normal" | "uniform" | "beta" => 2,
            other => {
                let hint = suggest(other, NAMES);
                self.error(e.key_span.clone(), format!("unknown distribution `{other}`"))
                    .hints
                    .push(hint);
                return None;
            }
        };
        let items = self.array_node(&e.key, &e.node)?;
        if items.len() != arity {
            let shape = match arity {
                3 => "[min, mode, max]",
                _ if e.key == "normal" => "[mean, sd]",
                _ => "[a, b]",
            };
            self.error(
                e.node.span.clone(),
                format!("`{}` takes {arity} parameters, found {}", e.key, items.len()),
            )
            .hints
            .push(format!("write `{{ {} = {shape} }}`", e.key));
            return None;
        }
        let mut xs = Vec::with_capacity(arity);
        for n in items {
            xs.push(self.float_node(&e.key, n, ANY)?);
        }
        let span = e.node.span.clone();
        let in_key_range = |cx: &mut Cx, x: f64, what: &str| -> bool {
            if b.contains(x) {
                return true;
            }
            cx.error(
                span.clone(),
                format!(
                    "the {what} {} of `{key}`'s distribution is not {}",
                    fmt_num(x),
                    in_range(b)
                ),
            )
            .hints
            .push(format!("`{key}` must be {}", b.describe()));
            false
        };
        match (e.key.as_str(), xs.as_slice()) {
            ("triangular", &[min, mode, max]) => {
                if !(min <= mode && mode <= max && min < max) {
                    self.error(span.clone(), "triangular parameters out of order").hints.push(
                        "expected [min, mode, max] with min ≤ mode ≤ max and min < max".into(),
                    );
                    return None;
                }
                let ok = in_key_range(self, min, "minimum") & in_key_range(self, max, "maximum");
                ok.then_some(Dist::Triangular { min, mode, max })
            }
            ("normal", &[mean, sd]) => {
                if sd <= 0.0 {
                    self.error(
                        span.clone(),
                        format!("normal standard deviation must be > 0, found {}", fmt_num(sd)),
                    )
                    .hints
                    .push("use a constant for a number that is certain".into());
                    return None;
                }
                in_key_range(self, mean, "mean").then_some(Dist::Normal { mean, sd })
            }
            ("uniform", &[a, bb]) => {
                if a >= bb {
                    self.error(
                        span.clone(),
                        format!("uniform needs a < b, found [{}, {}]", fmt_num(a), fmt_num(bb)),
                    )
                    .hints
                    .push("use a constant for a number that is certain".into());
                    return None;
                }
                let ok = in_key_range(self, a, "lower end") & in_key_range(self, bb, "upper end");
                ok.then_some(Dist::Uniform { a, b: bb })
            }
            ("beta", &[a, bb]) => {
                if a <= 0.0 || bb <= 0.0 {
                    self.error(
                        span.clone(),
                        format!(
                            "beta parameters must be > 0, found [{}, {}]",
                            fmt_num(a),
                            fmt_num(bb)
                        ),
                    )
                    .hints
                    .push("`{ beta = [a, b] }` needs a > 0 and b > 0".into());
                    return None;
                }
                if !b.bounded() {
                    self.error(
                        span.clone(),
                        format!("beta needs a bounded key, but `{key}` is {}", b.describe()),
                    )
                    .hints
                    .push("use a triangular, normal or uniform distribution".into());
                    return None;
                }
                Some(Dist::Beta { a, b: bb })
            }
            _ => None,
        }
    }

    // --- evidence ----------------------------------------------------------------------

    fn evidence(&mut self, tbl: &Tbl, owner: &str) -> Evidence {
        let why = self.str_opt(tbl, "why").unwrap_or_default();
        let mut anchors = Vec::new();
        if let Some(e) = tbl.get("evidence") {
            if let Some(items) = self.array_node("evidence", &e.node) {
                for n in items {
                    if let Some(a) = self.anchor(n, owner) {
                        anchors.push(a);
                    }
                }
            }
        }
        Evidence { anchors, why }
    }

    fn anchor(&mut self, node: &Node, owner: &str) -> Option<Anchor> {
        let tbl = self.table_of("evidence", node, format!("an evidence anchor of {owner}"))?;
        self.unknown_keys(&tbl, &["source", "at", "len", "sha256", "why"]);
        let source = self.ref_req(&tbl, Kind::Source, "source");
        let at = match tbl.get("at") {
            Some(e) => self.int_node("at", &e.node, 0, i64::MAX),
            None => {
                self.missing(&tbl, "at", "0");
                None
            }
        };
        let len = match tbl.get("len") {
            Some(e) => self.int_node("len", &e.node, 1, i64::MAX),
            None => {
                self.missing(&tbl, "len", "1");
                None
            }
        };
        let sha = match tbl.get("sha256") {
            Some(e) => match self.string_node("sha256", &e.node) {
                Some(s) => match anchor::parse_sha256(&s) {
                    Some(h) => Some(h),
                    None => {
                        self.error(e.node.span.clone(), "malformed `sha256`")
                            .hints
                            .push(format!(
                                "expected 64 hexadecimal digits, found {} characters; `armistice cite` prints anchors",
                                s.chars().count()
                            ));
                        None
                    }
                },
                None => None,
            },
            None => {
                self.missing(&tbl, "sha256", "\"<64 hex digits>\"");
                None
            }
        };
        let why = self.str_opt(&tbl, "why").unwrap_or_default();
        let (source, at, len, sha256) = (source?, at?, len?, sha?);
        let (at, len) = (usize::try_from(at).ok()?, usize::try_from(len).ok()?);
        self.anchors.push(PendingAnchor {
            source,
            at,
            len,
            sha256,
            span: node.span.clone(),
            owner: owner.to_string(),
        });
        Some(Anchor { source: SourceId(source as u32), at, len, sha256, why })
    }

    fn check_anchors(&mut self, corpus: &dyn Corpus, sources: &[Source]) {
        // Each source is read once, however many anchors point into it.
        let mut texts: BTreeMap<usize, Option<String>> = BTreeMap::new();
        let pending = std::mem::take(&mut self.anchors);
        for a in &pending {
            let Some(src) = sources.get(a.source) else { continue };
            let text = texts.entry(a.source).or_insert_with(|| {
                let t = corpus.source_text(&src.path);
                if t.is_none() {
                    let span = self.source_spans.get(a.source).cloned().unwrap_or(0..0);
                    self.diags.push(
                        Diagnostic::error(
                            span,
                            format!(
                                "source `{}` not found: no file `{}` in the sources folder",
                                src.id, src.path
                            ),
                        )
                        .hint("check `path`, or the folder given with `--sources`"),
                    );
                }
                t
            });
            let Some(text) = text.as_deref() else { continue };
            match anchor::check(text, a.at, a.len, &a.sha256) {
                anchor::Check::Exact => {}
                anchor::Check::Moved { at } => {
                    let d = Diagnostic::warning(
                        a.span.clone(),
                        format!(
                            "evidence anchor of {} moved in source `{}`: found at {at}, not {}",
                            a.owner, src.id, a.at
                        ),
                    )
                    .hint(format!("write `at = {at}`"));
                    self.diags.push(d);
                }
                anchor::Check::Missing => {
                    let d = Diagnostic::error(
                        a.span.clone(),
                        format!(
                            "evidence anchor of {} not found: source `{}`, at {}, len {}",
                            a.owner, src.id, a.at, a.len
                        ),
                    )
                    .hint("the cited words are no longer in the source; cite them again with `armistice cite`");
                    self.diags.push(d);
                }
            }
        }
    }

    // --- sections ----------------------------------------------------------------------

    /// The entries of an array-of-tables section, each as a [`Tbl`] named by `name(id)`.
    fn section<'a>(&mut self, top: &'a Table, key: &str) -> Vec<Tbl<'a>> {
        let Some(e) = top.get(key) else { return Vec::new() };
        let Value::Array(items) = &e.node.value else {
            self.wrong_type(key, &e.node, "an array of tables");
            if let Some(d) = self.diags.last_mut() {
                d.hints.push(format!("write each entry as `[[{key}]]`"));
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for n in items {
            let name = match &n.value {
                Value::Table(t) => entry_name(key, t),
                _ => String::new(),
            };
            if let Some(t) = self.table_of(key, n, name) {
                out.push(t);
            }
        }
        out
    }

    /// Reports a duplicate id against the first declaration.
    fn duplicates(
        &mut self,
        kind: &str,
        seen: &mut BTreeMap<String, usize>,
        id: &str,
        span: Range<usize>,
    ) {
        if id.is_empty() {
            return;
        }
        match seen.get(id) {
            Some(&first) => {
                let line = self.line_of(first);
                self.error(span, format!("duplicate {kind} id `{id}`"))
                    .hints
                    .push(format!("first declared on line {line}"));
            }
            None => {
                seen.insert(id.to_string(), span.start);
            }
        }
    }

    fn scenario(&mut self, top: &Table) -> Scenario {
        for e in &top.entries {
            if !TOP_KEYS.contains(&e.key.as_str()) {
                let hint = suggest(&e.key, TOP_KEYS);
                let d = self.error(e.key_span.clone(), format!("unknown table `{}`", e.key));
                d.hints.push(hint);
            }
        }
        let meta = self.meta(top);
        let sources = self.sources(top);
        let actors = self.actors(top);
        let (issues, issue_groups) = self.issues(top);
        let stances = self.stances(top, &actors, &issues);
        let campaign = self.campaign(top);
        let agreements = self.agreements(top, &actors);
        let channels = self.channels(top);
        let events = self.events(top);
        let levers = self.levers(top);
        let questions = self.questions(top);
        let model_options = self.models(top);
        Scenario {
            meta,
            sources,
            actors,
            issues,
            stances,
            campaign,
            levers,
            agreements,
            channels,
            events,
            questions,
            params: std::mem::take(&mut self.params),
            issue_groups,
            model_options,
        }
    }

    fn meta(&mut self, top: &Table) -> Meta {
        let placeholder_date = Date::constant(2000, 1, 1);
        let Some(e) = top.get("scenario") else {
            self.error(0..0, "missing `[scenario]` table")
                .hints
                .push("add `[scenario]` with `id`, `title` and `as_of`".into());
            return Meta {
                id: String::new(),
                title: String::new(),
                description: String::new(),
                as_of: placeholder_date,
                period_days: 7,
                horizon: 104,
                runs: 10000,
                seed: 1,
            };
        };
        let tbl = match self.table_of("scenario", &e.node, "`[scenario]`".into()) {
            Some(t) => t,
            None => Tbl { t: &EMPTY, head: e.key_span.clone(), name: "`[scenario]`".into() },
        };
        self.unknown_keys(
            &tbl,
            &["id", "title", "description", "as_of", "period_days", "end", "runs", "seed"],
        );
        let (id, _) = self.id_req(&tbl, "id");
        let title = self.str_req(&tbl, "title");
        let description = self.str_opt(&tbl, "description").unwrap_or_default();
        let as_of = match tbl.get("as_of") {
            Some(e) => self.date_node("as_of", &e.node),
            None => {
                self.missing(&tbl, "as_of", "2025-04-01");
                None
            }
        };
        let period_days = self.int_opt(&tbl, "period_days", 1, 366).unwrap_or(7) as u32;
        let mut horizon = 104u32;
        if let (Some(a), Some(e)) = (as_of, tbl.get("end")) {
            if let Some(end) = self.date_node("end", &e.node) {
                let days = (end - a).get_days() as i64;
                if days <= 0 {
                    self.error(
                        e.node.span.clone(),
                        format!("`end` {end} is not after `as_of` {a}"),
                    );
                } else {
                    let periods = (days + period_days as i64 - 1) / period_days as i64;
                    horizon = u32::try_from(periods).unwrap_or(u32::MAX);
                }
            }
        } else if let Some(e) = tbl.get("end") {
            self.date_node("end", &e.node);
        }
        let runs = self.int_opt(&tbl, "runs", 1, i64::from(u32::MAX)).unwrap_or(10000) as u32;
        let seed = self.int_opt(&tbl, "seed", 0, i64::MAX).unwrap_or(1) as u64;
        let as_of = as_of.unwrap_or(placeholder_date);
        self.as_of = Some(as_of);
        let end_days = i64::from(horizon) * i64::from(period_days);
        // `try_days`: `days` panics on spans beyond jiff's range, which a hostile `end` could reach.
        self.end =
            jiff::Span::new().try_days(end_days).ok().and_then(|s| as_of.checked_add(s).ok());
        Meta { id, title, description, as_of, period_days, horizon, runs, seed }
    }

    fn sources(&mut self, top: &Table) -> Vec<Source> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for tbl in self.section(top, "source") {
            self.unknown_keys(&tbl, &["id", "title", "publisher", "date", "path"]);
            let (id, span) = self.id_req(&tbl, "id");
            self.duplicates("source", &mut seen, &id, span);
            let title = self.str_req(&tbl, "title");
            let publisher = self.str_opt(&tbl, "publisher").unwrap_or_default();
            let date = self.str_opt(&tbl, "date").unwrap_or_default();
            let path = self.str_req(&tbl, "path");
            let path_span =
                tbl.get("path").map_or_else(|| self.head(&tbl.head), |e| e.node.span.clone());
            self.source_spans.push(path_span);
            out.push(Source { id, title, publisher, date, path });
        }
        out
    }

    fn actors(&mut self, top: &Table) -> Vec<Actor> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for tbl in self.section(top, "actor") {
            self.unknown_keys(
                &tbl,
                &[
                    "id",
                    "name",
                    "kind",
                    "capability",
                    "groups",
                    "roles",
                    "patron_of",
                    "part_of",
                    "evidence",
                    "why",
                ],
            );
            let (id, span) = self.id_req(&tbl, "id");
            self.duplicates("actor", &mut seen, &id, span);
            let name = self.str_opt(&tbl, "name").unwrap_or_else(|| id.clone());
            let kind = match tbl.get("kind") {
                None => ActorKind::State,
                Some(e) => self
                    .choice(
                        "kind",
                        &e.node,
                        &[
                            ("state", ActorKind::State),
                            ("faction", ActorKind::Faction),
                            ("institution", ActorKind::Institution),
                            ("person", ActorKind::Person),
                        ],
                    )
                    .unwrap_or(ActorKind::State),
            };
            let capability =
                self.num(&tbl, "capability", &format!("actor.{id}.capability"), NONNEG, None);
            let groups = self.strings_opt(&tbl, "groups").into_iter().map(|(s, _)| s).collect();
            let mut roles = Vec::new();
            if let Some(e) = tbl.get("roles") {
                if let Some(items) = self.array_node("roles", &e.node) {
                    for n in items {
                        let r = self.choice(
                            "roles",
                            n,
                            &[
                                ("belligerent", Role::Belligerent),
                                ("mediator", Role::Mediator),
                                ("patron", Role::Patron),
                                ("guarantor", Role::Guarantor),
                                ("veto", Role::Veto),
                            ],
                        );
                        if let Some(r) = r {
                            if !roles.contains(&r) {
                                roles.push(r);
                            }
                        }
                    }
                }
            }
            let patron_of = self
                .refs(&tbl, Kind::Actor, "patron_of")
                .into_iter()
                .map(|i| ActorId(i as u32))
                .collect();
            let part_of = self.ref_opt(&tbl, Kind::Actor, "part_of").map(|i| ActorId(i as u32));
            let me = out.len();
            for key in ["patron_of", "part_of"] {
                let names_self = match tbl.get(key).map(|e| &e.node.value) {
                    Some(Value::String(s)) => *s == id,
                    Some(Value::Array(xs)) => {
                        xs.iter().any(|x| x.value == Value::String(id.clone()))
                    }
                    _ => false,
                };
                if names_self && !id.is_empty() && self.ids.actors.get(me) == Some(&id) {
                    let span = tbl.get(key).map_or(0..0, |e| e.node.span.clone());
                    self.error(span, format!("actor `{id}` names itself in `{key}`"));
                }
            }
            let evidence = self.evidence(&tbl, &format!("actor `{id}`"));
            out.push(Actor {
                id,
                name,
                kind,
                capability,
                groups,
                roles,
                patron_of,
                part_of,
                evidence,
            });
        }
        out
    }

    /// A string that must be one of a fixed set of words.
    fn choice<T: Copy>(&mut self, key: &str, node: &Node, options: &[(&str, T)]) -> Option<T> {
        let s = self.string_node(key, node)?;
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == s) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let mut hints = Vec::new();
        if let Some(c) = did_you_mean(&s, &names) {
            hints.push(format!("did you mean `{c}`?"));
        }
        hints.push(one_of(&names));
        let d = self.error(node.span.clone(), format!("invalid value `{s}` for `{key}`"));
        d.hints = hints;
        None
    }

    fn issues(&mut self, top: &Table) -> (Vec<Issue>, Vec<String>) {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        let mut groups: Vec<String> = Vec::new();
        for tbl in self.section(top, "issue") {
            self.unknown_keys(
                &tbl,
                &[
                    "id",
                    "name",
                    "low",
                    "high",
                    "points",
                    "status_quo",
                    "group",
                    "outcome",
                    "phi",
                    "evidence",
                    "why",
                ],
            );
            let (id, span) = self.id_req(&tbl, "id");
            self.duplicates("issue", &mut seen, &id, span);
            let name = self.str_opt(&tbl, "name").unwrap_or_else(|| id.clone());
            let low = self.str_opt(&tbl, "low").unwrap_or_default();
            let high = self.str_opt(&tbl, "high").unwrap_or_default();
            let mut points = Vec::new();
            if let Some(e) = tbl.get("points") {
                if let Some(items) = self.array_node("points", &e.node) {
                    for n in items {
                        let Some(p) =
                            self.table_of("points", n, format!("a point of issue `{id}`"))
                        else {
                            continue;
                        };
                        self.unknown_keys(&p, &["at", "label"]);
                        let at = match p.get("at") {
                            Some(e) => self.float_node("at", &e.node, SCALE),
                            None => {
                                self.missing(&p, "at", "50");
                                None
                            }
                        };
                        let label = self.str_req(&p, "label");
                        if let Some(at) = at {
                            points.push((at, label));
                        }
                    }
                }
            }
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            let status_quo =
                self.num(&tbl, "status_quo", &format!("issue.{id}.status_quo"), SCALE, None);
            let group =
                self.str_opt(&tbl, "group").map(|g| match groups.iter().position(|x| *x == g) {
                    Some(i) => i as u32,
                    None => {
                        groups.push(g);
                        (groups.len() - 1) as u32
                    }
                });
            let outcome = self.float_opt(&tbl, "outcome", SCALE);
            let phi = self.float_opt(&tbl, "phi", POSITIVE).unwrap_or(1.0);
            let evidence = self.evidence(&tbl, &format!("issue `{id}`"));
            out.push(Issue {
                id,
                name,
                low,
                high,
                points,
                status_quo,
                group,
                outcome,
                phi,
                evidence,
            });
        }
        (out, groups)
    }

    fn central(&self, n: Num, lo: f64, hi: f64) -> f64 {
        match n {
            Num::Fixed(v) => v,
            Num::Param(i) => self.params.get(i).map_or(0.0, |p| p.dist.central(lo, hi)),
        }
    }

    fn stances(&mut self, top: &Table, actors: &[Actor], issues: &[Issue]) -> Vec<Stance> {
        let mut seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        let mut out = Vec::new();
        // Central saliences per (actor, group), with the span of the first stance, for
        // the spatial model's sum limit.
        let mut sums: BTreeMap<(usize, u32), (f64, Range<usize>)> = BTreeMap::new();
        for tbl in self.section(top, "stance") {
            self.unknown_keys(
                &tbl,
                &["actor", "issue", "position", "salience", "red_line", "evidence", "why"],
            );
            let actor = self.ref_req(&tbl, Kind::Actor, "actor");
            let issue = self.ref_req(&tbl, Kind::Issue, "issue");
            let a_id = actor.and_then(|i| self.ids.actors.get(i)).cloned().unwrap_or_default();
            let i_id = issue.and_then(|i| self.ids.issues.get(i)).cloned().unwrap_or_default();
            let base = format!("stance.{a_id}.{i_id}");
            let position = self.num(&tbl, "position", &format!("{base}.position"), SCALE, None);
            let salience = self.num(&tbl, "salience", &format!("{base}.salience"), SCALE, None);
            let red = tbl.get("red_line").and_then(|e| {
                let v = self.num_node("red_line", &e.node, &format!("{base}.red_line"), SCALE)?;
                Some((v, e.node.span.clone()))
            });
            let red_line = match red {
                None => None,
                Some((value, span)) => {
                    let line = self.central(value, 0.0, 100.0);
                    let pos = self.central(position, 0.0, 100.0);
                    if (line - pos).abs() < 1e-9 && tbl.get("position").is_some() {
                        self.error(span.clone(), format!("red line {} equals the position", fmt_num(line)))
                            .hints
                            .push("the acceptable side is the side of the line that holds the position; move the line off it".into());
                    }
                    let accept = if pos >= line { Side::Above } else { Side::Below };
                    // An uncertain position whose likely range reaches past the line makes
                    // the actor's own ideal point unacceptable to it in some runs.
                    if let Num::Param(i) = position {
                        let (p05, p95) = match self.params.get(i) {
                            Some(p) => (
                                p.dist.quantile(0.05, 0.0, 100.0),
                                p.dist.quantile(0.95, 0.0, 100.0),
                            ),
                            None => (pos, pos),
                        };
                        let crosses = match accept {
                            Side::Above => p05 < line,
                            Side::Below => p95 > line,
                        };
                        if crosses && (line - pos).abs() >= 1e-9 {
                            self.warning(span, format!(
                                "the position's 90% range [{}, {}] reaches past the red line {}",
                                fmt_num(round2(p05)), fmt_num(round2(p95)), fmt_num(line)
                            ))
                            .hints
                            .push("in some runs the actor's own ideal point would be unacceptable to it; narrow the position or move the line".into());
                        }
                    }
                    Some(RedLineDef { value, accept })
                }
            };
            let evidence = self.evidence(&tbl, &format!("stance `{a_id}` on `{i_id}`"));
            let (Some(a), Some(i)) = (actor, issue) else { continue };
            let head = self.head(&tbl.head);
            match seen.get(&(a, i)) {
                Some(&first) => {
                    let line = self.line_of(first);
                    self.error(
                        head.clone(),
                        format!("duplicate stance of actor `{a_id}` on issue `{i_id}`"),
                    )
                    .hints
                    .push(format!("first given on line {line}"));
                }
                None => {
                    seen.insert((a, i), head.start);
                }
            }
            if let Some(g) = issues.get(i).and_then(|x| x.group) {
                let s = self.central(salience, 0.0, 100.0);
                sums.entry((a, g)).or_insert((0.0, head)).0 += s;
            }
            out.push(Stance {
                actor: ActorId(a as u32),
                issue: IssueId(i as u32),
                position,
                salience,
                red_line,
                evidence,
            });
        }
        let _ = actors;
        for ((a, g), (sum, span)) in sums {
            if sum > 100.0 + 1e-9 {
                let actor = self.ids.actors.get(a).cloned().unwrap_or_default();
                let group = issues
                    .iter()
                    .find_map(|x| (x.group == Some(g)).then(|| x.id.clone()))
                    .unwrap_or_default();
                let _ = group;
                self.warning(
                    span,
                    format!("saliences of actor `{actor}` in issue group {} sum to {}, above 100", g + 1, fmt_num(sum)),
                )
                .hints
                .push("the spatial model needs sums of at most 100 per group; they are rescaled for that model only".into());
            }
        }
        out.sort_by_key(|s| (s.actor, s.issue));
        out
    }

    fn campaign(&mut self, top: &Table) -> Option<Campaign> {
        let e = top.get("campaign")?;
        let tbl = self.table_of("campaign", &e.node, "`[campaign]`".into())?;
        self.unknown_keys(
            &tbl,
            &[
                "sides",
                "quality",
                "decisiveness",
                "sigma_floor",
                "season",
                "trusting",
                "commitment",
                "front",
                "side",
                "patron",
            ],
        );
        // Sides first: everything else refers to them.
        let mut sides = [ActorId(0), ActorId(1)];
        let mut sides_ok = false;
        match tbl.get("sides") {
            None => self.missing(&tbl, "sides", "[\"a\", \"b\"]"),
            Some(e) => {
                if let Some(items) = self.array_node("sides", &e.node) {
                    let ids: Vec<Option<usize>> =
                        items.iter().map(|n| self.ref_node(Kind::Actor, "sides", n)).collect();
                    match ids.as_slice() {
                        [Some(a), Some(b)] if a != b => {
                            sides = [ActorId(*a as u32), ActorId(*b as u32)];
                            sides_ok = true;
                        }
                        [Some(_), Some(_)] => {
                            self.error(
                                e.node.span.clone(),
                                "campaign sides must be two different actors",
                            );
                        }
                        [_, _] => {}
                        _ => {
                            self.error(
                                e.node.span.clone(),
                                format!("campaign needs exactly two sides, found {}", items.len()),
                            )
                            .hints
                            .push("write `sides = [\"side_a\", \"side_b\"]`".into());
                        }
                    }
                }
            }
        }
        if sides_ok {
            self.sides = Some(sides);
        }
        let side_ids: [String; 2] =
            sides.map(|s| self.ids.actors.get(s.idx()).cloned().unwrap_or_default());
        let quality = self.num(&tbl, "quality", "campaign.quality", ANY, Some(0.0));
        let decisiveness =
            self.num(&tbl, "decisiveness", "campaign.decisiveness", POSITIVE, Some(1.0));
        let sigma_floor = self.float_opt(&tbl, "sigma_floor", UNIT).unwrap_or(0.2);
        let mut season = [1.0; 12];
        if let Some(e) = tbl.get("season") {
            if let Some(items) = self.array_node("season", &e.node) {
                if items.len() == 12 {
                    for (slot, n) in season.iter_mut().zip(items) {
                        *slot = self.float_node("season", n, UNIT).unwrap_or(1.0);
                    }
                } else {
                    self.error(
                        e.node.span.clone(),
                        format!("`season` needs 12 numbers, one per month, found {}", items.len()),
                    )
                    .hints
                    .push("January first; each in 0–1".into());
                }
            }
        }
        let mut trusting = [false, true];
        if let Some(e) = tbl.get("trusting") {
            if let Some(items) = self.array_node("trusting", &e.node) {
                trusting = [false, false];
                for n in items {
                    if let Some(i) = self.side_node("trusting", n) {
                        trusting[i] = true;
                    }
                }
            }
        }
        let commitment = self.commitment(&tbl);
        let fronts = self.fronts(&tbl, &side_ids);
        let side = self.sides_params(&tbl, &side_ids, sides_ok);
        let patrons = self.patrons(&tbl);
        Some(Campaign {
            sides,
            quality,
            decisiveness,
            sigma_floor,
            season,
            fronts,
            side,
            patrons,
            trusting,
            commitment,
        })
    }

    fn commitment(&mut self, campaign: &Tbl) -> Commitment {
        let default =
            Commitment { penalty: Num::Fixed(0.05), horizon: 104, guarantees: Vec::new() };
        let Some(e) = campaign.get("commitment") else { return default };
        let Some(tbl) = self.table_of("commitment", &e.node, "`[campaign.commitment]`".into())
        else {
            return default;
        };
        self.unknown_keys(&tbl, &["penalty", "horizon", "guarantees"]);
        let penalty = self.num(&tbl, "penalty", "campaign.commitment.penalty", NONNEG, Some(0.05));
        let horizon = self.int_opt(&tbl, "horizon", 1, i64::from(u32::MAX)).unwrap_or(104) as u32;
        let mut guarantees = Vec::new();
        if let Some(e) = tbl.get("guarantees") {
            if let Some(items) = self.array_node("guarantees", &e.node) {
                for n in items {
                    let Some(g) = self.table_of("guarantees", n, "a guarantee".into()) else {
                        continue;
                    };
                    self.unknown_keys(&g, &["issue", "weight"]);
                    let issue = self.ref_req(&g, Kind::Issue, "issue");
                    let i_id =
                        issue.and_then(|i| self.ids.issues.get(i)).cloned().unwrap_or_default();
                    let weight = self.num(
                        &g,
                        "weight",
                        &format!("campaign.commitment.guarantee.{i_id}"),
                        NONNEG,
                        None,
                    );
                    if let Some(i) = issue {
                        guarantees.push((IssueId(i as u32), weight));
                    }
                }
            }
        }
        Commitment { penalty, horizon, guarantees }
    }

    fn fronts(&mut self, campaign: &Tbl, side_ids: &[String; 2]) -> Vec<Front> {
        let Some(e) = campaign.get("front") else { return Vec::new() };
        let Value::Array(items) = &e.node.value else {
            self.wrong_type("front", &e.node, "an array of tables");
            return Vec::new();
        };
        let n_fronts = items.len().max(1) as f64;
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        let mut totals = [0.0f64; 2];
        let mut first_span = None;
        for n in items {
            let name = match &n.value {
                Value::Table(t) => match t.get("id").map(|e| &e.node.value) {
                    Some(Value::String(s)) => format!("front `{s}`"),
                    _ => "`[[campaign.front]]`".to_string(),
                },
                _ => String::new(),
            };
            let Some(tbl) = self.table_of("front", n, name) else { continue };
            first_span.get_or_insert_with(|| self.head(&tbl.head));
            self.unknown_keys(
                &tbl,
                &[
                    "id",
                    "name",
                    "value",
                    "control",
                    "kappa",
                    "noise",
                    "commitment",
                    "evidence",
                    "why",
                ],
            );
            let (id, span) = self.id_req(&tbl, "id");
            self.duplicates("front", &mut seen, &id, span);
            let name = self.str_opt(&tbl, "name").unwrap_or_else(|| id.clone());
            let base = format!("campaign.front.{id}");
            let value = self.num(&tbl, "value", &format!("{base}.value"), POSITIVE, None);
            let control = self.num(&tbl, "control", &format!("{base}.control"), UNIT, None);
            let kappa = self.num(&tbl, "kappa", &format!("{base}.kappa"), NONNEG, Some(0.004));
            let noise = self.num(&tbl, "noise", &format!("{base}.noise"), POSITIVE, Some(0.002));
            let mut commitment = [1.0 / n_fronts; 2];
            if let Some(e) = tbl.get("commitment") {
                if let Some(xs) = self.array_node("commitment", &e.node) {
                    if xs.len() == 2 {
                        for (slot, x) in commitment.iter_mut().zip(xs) {
                            *slot =
                                self.float_node("commitment", x, HALF_OPEN_UNIT).unwrap_or(*slot);
                        }
                    } else {
                        self.error(
                            e.node.span.clone(),
                            format!("`commitment` needs two shares, found {}", xs.len()),
                        )
                        .hints
                        .push(format!(
                            "write `commitment = [share of {}, share of {}]`, each in (0, 1]",
                            side_ids[0], side_ids[1]
                        ));
                    }
                }
            }
            totals[0] += commitment[0];
            totals[1] += commitment[1];
            let evidence = self.evidence(&tbl, &format!("front `{id}`"));
            out.push(Front { id, name, value, control, kappa, noise, commitment, evidence });
        }
        for (j, total) in totals.iter().enumerate() {
            if *total > 1.0 + 1e-9 {
                let span = first_span.clone().unwrap_or(0..0);
                self.warning(
                    span,
                    format!(
                        "fronts commit {} of side `{}`'s strength, more than all of it",
                        fmt_num(*total),
                        side_ids[j]
                    ),
                )
                .hints
                .push(
                    "each side's `commitment` shares across fronts should sum to at most 1".into(),
                );
            }
        }
        out
    }

    fn sides_params(
        &mut self,
        campaign: &Tbl,
        side_ids: &[String; 2],
        sides_ok: bool,
    ) -> [SideParams; 2] {
        let mut tables: [Option<Tbl>; 2] = [None, None];
        if let Some(e) = campaign.get("side") {
            if let Some(t) = self.table_of("side", &e.node, "`[campaign.side]`".into()) {
                for entry in &t.t.entries {
                    let pos = side_ids.iter().position(|s| *s == entry.key && sides_ok);
                    match pos {
                        Some(j) => {
                            tables[j] = self.table_of(
                                &entry.key,
                                &entry.node,
                                format!("`[campaign.side.{}]`", entry.key),
                            );
                        }
                        None => {
                            let ids: Vec<&str> = side_ids.iter().map(String::as_str).collect();
                            let hint = suggest(&entry.key, &ids);
                            self.error(
                                entry.key_span.clone(),
                                format!("`{}` is not a campaign side", entry.key),
                            )
                            .hints
                            .push(hint);
                        }
                    }
                }
            }
        }
        let mut read = |cx: &mut Cx, j: usize| -> SideParams {
            let id = &side_ids[j];
            let tbl = match tables[j].take() {
                Some(t) => t,
                None => {
                    if sides_ok {
                        let head = cx.head(&campaign.head);
                        cx.error(head, format!("missing `[campaign.side.{id}]`"))
                            .hints
                            .push(format!("add `[campaign.side.{id}]` with at least `cost`"));
                    }
                    Tbl {
                        t: &EMPTY,
                        head: campaign.head.clone(),
                        name: format!("`[campaign.side.{id}]`"),
                    }
                }
            };
            let has_table = !std::ptr::eq(tbl.t, &EMPTY);
            cx.side_params(&tbl, id, has_table)
        };
        let a = read(self, 0);
        let b = read(self, 1);
        [a, b]
    }

    fn side_params(&mut self, tbl: &Tbl, id: &str, present: bool) -> SideParams {
        self.unknown_keys(
            tbl,
            &[
                "strength",
                "mobilisation",
                "attrition",
                "cost",
                "cost_multiplier",
                "belief",
                "discount",
                "horizon",
                "curvature",
                "fearfulness",
                "aid",
                "evidence",
                "why",
            ],
        );
        let base = format!("campaign.side.{id}");
        let p = |k: &str| format!("{base}.{k}");
        let strength = self.num(tbl, "strength", &p("strength"), POSITIVE, Some(1.0));
        let mobilisation = self.num(tbl, "mobilisation", &p("mobilisation"), NONNEG, Some(0.0));
        let attrition = self.num(tbl, "attrition", &p("attrition"), UNIT, Some(0.0));
        // A missing side table was reported once already; do not also report its `cost`.
        let cost =
            self.num(tbl, "cost", &p("cost"), NONNEG, if present { None } else { Some(0.0) });
        let cost_multiplier =
            self.num(tbl, "cost_multiplier", &p("cost_multiplier"), NONNEG, Some(0.0));
        let (mut belief_mean, mut belief_var) = (Num::Fixed(0.0), Num::Fixed(0.0));
        if let Some(e) = tbl.get("belief") {
            if let Some(b) = self.table_of("belief", &e.node, format!("the belief of side `{id}`"))
            {
                self.unknown_keys(&b, &["mean", "var"]);
                belief_mean = self.num(&b, "mean", &p("belief.mean"), ANY, Some(0.0));
                belief_var = self.num(&b, "var", &p("belief.var"), NONNEG, Some(0.0));
            }
        }
        let discount = self.num(tbl, "discount", &p("discount"), OPEN_UNIT, Some(0.99));
        let horizon = self.int_opt(tbl, "horizon", 1, i64::from(u32::MAX)).unwrap_or(52) as u32;
        let curvature = self.num(tbl, "curvature", &p("curvature"), AT_LEAST_ONE, Some(1.0));
        let fearfulness = self.num(tbl, "fearfulness", &p("fearfulness"), NONNEG, Some(1.0));
        let mut aid = Vec::new();
        if let Some(e) = tbl.get("aid") {
            if let Some(items) = self.array_node("aid", &e.node) {
                for n in items {
                    let Some(a) = self.table_of("aid", n, format!("an aid flow to `{id}`")) else {
                        continue;
                    };
                    self.unknown_keys(&a, &["from", "amount"]);
                    let from = self.ref_req(&a, Kind::Actor, "from");
                    let from_id =
                        from.and_then(|i| self.ids.actors.get(i)).cloned().unwrap_or_default();
                    let amount =
                        self.num(&a, "amount", &p(&format!("aid.{from_id}")), NONNEG, None);
                    if let Some(f) = from {
                        aid.push(Aid { from: ActorId(f as u32), amount });
                    }
                }
            }
        }
        let evidence = self.evidence(tbl, &format!("side `{id}`"));
        SideParams {
            strength,
            mobilisation,
            attrition,
            cost,
            cost_multiplier,
            belief_mean,
            belief_var,
            discount,
            horizon,
            curvature,
            fearfulness,
            aid,
            evidence,
        }
    }

    fn patrons(&mut self, campaign: &Tbl) -> Vec<Patron> {
        let Some(e) = campaign.get("patron") else { return Vec::new() };
        let Value::Array(items) = &e.node.value else {
            self.wrong_type("patron", &e.node, "an array of tables");
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen = BTreeMap::new();
        for n in items {
            let Some(tbl) = self.table_of("patron", n, "`[[campaign.patron]]`".into()) else {
                continue;
            };
            self.unknown_keys(
                &tbl,
                &["actor", "backs", "cost", "cost_multiplier", "evidence", "why"],
            );
            let actor = self.ref_req(&tbl, Kind::Actor, "actor");
            let a_id = actor.and_then(|i| self.ids.actors.get(i)).cloned().unwrap_or_default();
            self.duplicates("patron", &mut seen, &a_id, self.head(&tbl.head));
            if let (Some(a), Some(sides)) = (actor, self.sides) {
                if sides.iter().any(|s| s.idx() == a) {
                    let span = tbl.get("actor").map_or(0..0, |e| e.node.span.clone());
                    self.error(span, format!("`{a_id}` is a campaign side, not a patron"))
                        .hints
                        .push("patrons are veto players that are not sides".into());
                }
            }
            let backs = tbl.get("backs").and_then(|e| self.side_node("backs", &e.node));
            let base = format!("campaign.patron.{a_id}");
            let cost = self.num(&tbl, "cost", &format!("{base}.cost"), NONNEG, Some(0.0));
            let cost_multiplier = self.num(
                &tbl,
                "cost_multiplier",
                &format!("{base}.cost_multiplier"),
                NONNEG,
                Some(0.0),
            );
            let evidence = self.evidence(&tbl, &format!("patron `{a_id}`"));
            if let Some(a) = actor {
                out.push(Patron {
                    actor: ActorId(a as u32),
                    backs,
                    cost,
                    cost_multiplier,
                    evidence,
                });
            }
        }
        out
    }

    fn agreements(&mut self, top: &Table, actors: &[Actor]) -> Vec<AgreementKind> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        let default_veto: Vec<ActorId> = actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.roles.contains(&Role::Veto))
            .map(|(i, _)| ActorId(i as u32))
            .collect();
        for tbl in self.section(top, "agreement") {
            self.unknown_keys(
                &tbl,
                &[
                    "id", "name", "class", "issues", "veto", "hazard", "expiry", "open",
                    "evidence", "why",
                ],
            );
            let (id, span) = self.id_req(&tbl, "id");
            self.duplicates("agreement", &mut seen, &id, span);
            let name = self.str_opt(&tbl, "name").unwrap_or_else(|| id.clone());
            let class = match tbl.get("class") {
                Some(e) => self
                    .choice(
                        "class",
                        &e.node,
                        &[
                            ("partial", AgreementClass::Partial),
                            ("ceasefire", AgreementClass::Ceasefire),
                            ("settlement", AgreementClass::Settlement),
                        ],
                    )
                    .unwrap_or(AgreementClass::Partial),
                None => {
                    self.missing(&tbl, "class", "\"partial\"");
                    AgreementClass::Partial
                }
            };
            let issues: Vec<IssueId> = match tbl.get("issues") {
                None => {
                    self.missing(&tbl, "issues", "[\"an_issue\"]");
                    Vec::new()
                }
                Some(e) => {
                    let list = self.refs(&tbl, Kind::Issue, "issues");
                    if matches!(&e.node.value, Value::Array(a) if a.is_empty()) {
                        self.error(
                            e.node.span.clone(),
                            format!("agreement `{id}` settles no issue"),
                        )
                        .hints
                        .push("list at least one issue id in `issues`".into());
                    }
                    list.into_iter().map(|i| IssueId(i as u32)).collect()
                }
            };
            let veto = match tbl.get("veto") {
                Some(_) => self
                    .refs(&tbl, Kind::Actor, "veto")
                    .into_iter()
                    .map(|i| ActorId(i as u32))
                    .collect(),
                None => default_veto.clone(),
            };
            if veto.is_empty() {
                let span =
                    tbl.get("veto").map_or_else(|| self.head(&tbl.head), |e| e.node.span.clone());
                self.warning(span, format!("agreement `{id}` needs no one's consent"))
                    .hints
                    .push("give the actors whose consent a deal needs the `veto` role, or list them in `veto`".into());
            }
            let hazard =
                self.num(&tbl, "hazard", &format!("agreement.{id}.hazard"), NONNEG, Some(0.01));
            let expiry = self.int_opt(&tbl, "expiry", 1, i64::from(u32::MAX)).map(|x| x as u32);
            if let (Some(_), Some(e)) = (expiry, tbl.get("expiry")) {
                if class != AgreementClass::Partial {
                    self.warning(e.key_span.clone(), format!("`expiry` is ignored: agreement `{id}` is not partial"))
                        .hints
                        .push("only partial deals lapse; a ceasefire or settlement ends by breaking down (`hazard`)".into());
                }
            }
            let open = self.bool_opt(&tbl, "open", false);
            let evidence = self.evidence(&tbl, &format!("agreement `{id}`"));
            out.push(AgreementKind {
                id,
                name,
                class,
                issues,
                veto,
                hazard,
                expiry,
                open,
                evidence,
            });
        }
        out
    }

    fn level(&mut self, tbl: &Tbl) -> Option<Level> {
        let e = tbl.get("level")?;
        self.level_node(&e.node)
    }

    fn level_node(&mut self, node: &Node) -> Option<Level> {
        self.choice(
            "level",
            node,
            &[
                ("officials", Level::Officials),
                ("ministers", Level::Ministers),
                ("leaders", Level::Leaders),
            ],
        )
    }

    fn channels(&mut self, top: &Table) -> Vec<Channel> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for tbl in self.section(top, "talks") {
            self.unknown_keys(
                &tbl,
                &[
                    "id",
                    "participants",
                    "level",
                    "rate",
                    "agreements",
                    "from",
                    "until",
                    "evidence",
                    "why",
                ],
            );
            let (id, span) = self.id_req(&tbl, "id");
            self.duplicates("talks channel", &mut seen, &id, span);
            if tbl.get("participants").is_none() {
                self.missing(&tbl, "participants", "[\"a\", \"b\"]");
            }
            let participants = self
                .refs(&tbl, Kind::Actor, "participants")
                .into_iter()
                .map(|i| ActorId(i as u32))
                .collect();
            let level = self.level(&tbl).unwrap_or(Level::Officials);
            let rate = self.num(&tbl, "rate", &format!("talks.{id}.rate"), UNIT, None);
            let agreements = self
                .refs(&tbl, Kind::Agreement, "agreements")
                .into_iter()
                .map(|i| AgreementId(i as u32))
                .collect();
            let from = self.date_opt(&tbl, "from");
            let until = self.date_opt(&tbl, "until");
            if let (Some(f), Some(u)) = (from, until) {
                if u < f {
                    let span = tbl.get("until").map_or(0..0, |e| e.node.span.clone());
                    self.error(span, format!("`until` {u} is before `from` {f}"));
                }
            }
            for key in ["from", "until"] {
                if let (Some(d), Some(e)) = (if key == "from" { from } else { until }, tbl.get(key))
                {
                    self.date_in_window(d, e.node.span.clone(), &format!("`{key}`"));
                }
            }
            let evidence = self.evidence(&tbl, &format!("talks channel `{id}`"));
            out.push(Channel { id, participants, level, rate, agreements, from, until, evidence });
        }
        out
    }

    fn events(&mut self, top: &Table) -> Vec<Event> {
        let mut out = Vec::new();
        for tbl in self.section(top, "event") {
            self.unknown_keys(
                &tbl,
                &["date", "name", "kind", "participants", "level", "agreements", "evidence", "why"],
            );
            let date = match tbl.get("date") {
                Some(e) => {
                    let d = self.date_node("date", &e.node);
                    if let Some(d) = d {
                        self.date_in_window(d, e.node.span.clone(), "event date");
                    }
                    d
                }
                None => {
                    self.missing(&tbl, "date", "2025-04-01");
                    None
                }
            };
            let name = self.str_req(&tbl, "name");
            let is_talks = match tbl.get("kind") {
                None => false,
                Some(e) => self
                    .choice("kind", &e.node, &[("talks", true), ("marker", false)])
                    .unwrap_or(false),
            };
            let kind = if is_talks {
                if tbl.get("participants").is_none() {
                    self.missing(&tbl, "participants", "[\"a\", \"b\"]");
                }
                let participants = self
                    .refs(&tbl, Kind::Actor, "participants")
                    .into_iter()
                    .map(|i| ActorId(i as u32))
                    .collect();
                let level = self.level(&tbl).unwrap_or(Level::Officials);
                let agreements = self
                    .refs(&tbl, Kind::Agreement, "agreements")
                    .into_iter()
                    .map(|i| AgreementId(i as u32))
                    .collect();
                EventKind::Talks { participants, level, agreements }
            } else {
                for key in ["participants", "level", "agreements"] {
                    if let Some(e) = tbl.get(key) {
                        self.error(
                            e.key_span.clone(),
                            format!("`{key}` only applies to an event of kind \"talks\""),
                        )
                        .hints
                        .push("add `kind = \"talks\"`, or remove the key".into());
                    }
                }
                EventKind::Marker
            };
            let evidence = self.evidence(&tbl, &format!("event `{name}`"));
            out.push(Event {
                date: date.unwrap_or(Date::constant(2000, 1, 1)),
                name,
                kind,
                evidence,
            });
        }
        out
    }

    fn levers(&mut self, top: &Table) -> Vec<Lever> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for tbl in self.section(top, "lever") {
            self.unknown_keys(
                &tbl,
                &[
                    "id",
                    "actor",
                    "trigger",
                    "effect",
                    "credibility",
                    "lag",
                    "repeat",
                    "evidence",
                    "why",
                ],
            );
            let (id, span) = self.id_req(&tbl, "id");
            self.duplicates("lever", &mut seen, &id, span);
            let actor = self.ref_req(&tbl, Kind::Actor, "actor").unwrap_or(0);
            let trigger = match tbl.get("trigger") {
                Some(e) => self.trigger(&e.node),
                None => {
                    self.missing(&tbl, "trigger", "{ date = 2025-05-01 }");
                    None
                }
            };
            let mut effects = Vec::new();
            match tbl.get("effect") {
                None => self.missing(
                    &tbl,
                    "effect",
                    "[{ aid = \"side\", from = \"patron\", scale = 0.5 }]",
                ),
                Some(e) => {
                    // One effect table is accepted as well as an array of them.
                    let nodes: Vec<&Node> = match &e.node.value {
                        Value::Array(items) => items.iter().collect(),
                        Value::Table(_) => vec![&e.node],
                        _ => {
                            self.wrong_type("effect", &e.node, "an array of effect tables");
                            Vec::new()
                        }
                    };
                    if nodes.is_empty() && matches!(e.node.value, Value::Array(_)) {
                        self.error(e.node.span.clone(), format!("lever `{id}` has no effect"))
                            .hints
                            .push("give at least one effect table".into());
                    }
                    for n in nodes {
                        if let Some(eff) = self.effect(n) {
                            effects.push(eff);
                        }
                    }
                }
            }
            let credibility =
                self.num(&tbl, "credibility", &format!("lever.{id}.credibility"), UNIT, Some(1.0));
            let lag = self.int_opt(&tbl, "lag", 1, i64::from(u32::MAX)).unwrap_or(1) as u32;
            let repeat = self.bool_opt(&tbl, "repeat", false);
            let evidence = self.evidence(&tbl, &format!("lever `{id}`"));
            out.push(Lever {
                id,
                actor: ActorId(actor as u32),
                trigger: trigger.unwrap_or(Trigger::Date(Date::constant(2000, 1, 1))),
                effects,
                credibility,
                lag,
                repeat,
                evidence,
            });
        }
        out
    }

    /// Picks the one form of a trigger, effect or predicate table by its form keys.
    fn form<'a>(
        &mut self,
        what: &str,
        node: &Node,
        t: &'a Table,
        forms: &[&str],
    ) -> Option<&'a Entry> {
        let present: Vec<&Entry> =
            t.entries.iter().filter(|e| forms.contains(&e.key.as_str())).collect();
        match present.as_slice() {
            [one] => Some(one),
            [] => {
                let keys: Vec<&str> = t.entries.iter().map(|e| e.key.as_str()).collect();
                let hint = keys
                    .iter()
                    .find_map(|k| did_you_mean(k, forms).map(|c| format!("did you mean `{c}`?")));
                let d = self.error(node.span.clone(), format!("{what} has no recognised form"));
                if let Some(h) = hint {
                    d.hints.push(h);
                }
                d.hints.push(format!("{} (exactly one)", one_of(forms)));
                None
            }
            [first, second, ..] => {
                let msg = format!("{what} has two forms, `{}` and `{}`", first.key, second.key);
                self.error(second.key_span.clone(), msg).hints.push(format!(
                    "a {what} takes exactly one of {}; split it in two",
                    forms.join(", ")
                ));
                None
            }
        }
    }

    fn trigger(&mut self, node: &Node) -> Option<Trigger> {
        let tbl = self.table_of("trigger", node, "the trigger".into())?;
        let form =
            self.form("trigger", node, tbl.t, &["date", "refuses", "blamed", "front", "signed"])?;
        match form.key.as_str() {
            "date" => {
                self.unknown_keys(&tbl, &["date"]);
                let d = self.date_node("date", &form.node)?;
                self.date_in_window(d, form.node.span.clone(), "trigger date");
                Some(Trigger::Date(d))
            }
            "refuses" | "blamed" => {
                self.unknown_keys(&tbl, &[form.key.as_str(), "deal"]);
                let actor = self.ref_node(Kind::Actor, &form.key, &form.node);
                let deal = match tbl.get("deal") {
                    Some(e) => Some(self.ref_node(Kind::Agreement, "deal", &e.node)?),
                    None => None,
                };
                let actor = ActorId(actor? as u32);
                let deal = deal.map(|d| AgreementId(d as u32));
                Some(if form.key == "refuses" {
                    Trigger::Refuses { actor, deal }
                } else {
                    Trigger::Blamed { actor, deal }
                })
            }
            "front" => {
                self.unknown_keys(&tbl, &["front", "side", "at_least", "at_most"]);
                let front = self.ref_node(Kind::Front, "front", &form.node);
                let side = match tbl.get("side") {
                    Some(e) => self.side_node("side", &e.node),
                    None => {
                        self.missing(&tbl, "side", "\"a_side\"");
                        None
                    }
                };
                let (cmp, share) = self.threshold(&tbl, node)?;
                Some(Trigger::Control { front: FrontId(front? as u32), side: side?, cmp, share })
            }
            _ => {
                self.unknown_keys(&tbl, &["signed"]);
                let deal = self.ref_node(Kind::Agreement, "signed", &form.node)?;
                Some(Trigger::Signed(AgreementId(deal as u32)))
            }
        }
    }

    fn threshold(&mut self, tbl: &Tbl, node: &Node) -> Option<(Cmp, f64)> {
        match (tbl.get("at_least"), tbl.get("at_most")) {
            (Some(e), None) => Some((Cmp::AtLeast, self.float_node("at_least", &e.node, UNIT)?)),
            (None, Some(e)) => Some((Cmp::AtMost, self.float_node("at_most", &e.node, UNIT)?)),
            (Some(_), Some(e)) => {
                self.error(e.key_span.clone(), "give either `at_least` or `at_most`, not both");
                None
            }
            (None, None) => {
                self.error(self.head(&node.span), "missing threshold: `at_least` or `at_most`")
                    .hints
                    .push("e.g. `at_least = 0.5`, a share of control in 0–1".into());
                None
            }
        }
    }

    fn effect(&mut self, node: &Node) -> Option<Effect> {
        const TARGETS: &[&str] = &[
            "aid",
            "mobilisation",
            "strength",
            "cost_multiplier",
            "bargaining_weight",
            "talks_rate",
            "violations",
            "status_quo",
            "open_talks",
            "close_talks",
        ];
        let tbl = self.table_of("effect", node, "the effect".into())?;
        let target = self.form("effect", node, tbl.t, TARGETS)?;
        let key = target.key.as_str();
        let mut known = vec![key, "set", "add", "scale"];
        if key == "aid" {
            known.push("from");
        }
        if key == "open_talks" || key == "close_talks" {
            known.truncate(1);
        }
        self.unknown_keys(&tbl, &known);
        if key == "open_talks" || key == "close_talks" {
            let deal = AgreementId(self.ref_node(Kind::Agreement, key, &target.node)? as u32);
            return Some(if key == "open_talks" {
                Effect::OpenTalks(deal)
            } else {
                Effect::CloseTalks(deal)
            });
        }
        let change = self.change(&tbl, node);
        let eff = match key {
            "aid" => {
                let side = self.side_node("aid", &target.node);
                let from = match tbl.get("from") {
                    Some(e) => self.ref_node(Kind::Actor, "from", &e.node),
                    None => {
                        self.missing(&tbl, "from", "\"patron\"");
                        None
                    }
                };
                Effect::Aid { side: side?, from: ActorId(from? as u32), change: change? }
            }
            "mobilisation" => {
                Effect::Mobilisation { side: self.side_node(key, &target.node)?, change: change? }
            }
            "strength" => {
                Effect::Strength { side: self.side_node(key, &target.node)?, change: change? }
            }
            "cost_multiplier" => Effect::CostMultiplier {
                actor: ActorId(self.ref_node(Kind::Actor, key, &target.node)? as u32),
                change: change?,
            },
            "bargaining_weight" => Effect::BargainingWeight {
                actor: ActorId(self.ref_node(Kind::Actor, key, &target.node)? as u32),
                change: change?,
            },
            "talks_rate" => Effect::TalksRate {
                channel: ChannelId(self.ref_node(Kind::Channel, key, &target.node)? as u32),
                change: change?,
            },
            "violations" => {
                if !matches!(target.node.value, Value::Bool(true)) {
                    self.error(target.node.span.clone(), "`violations` takes `true`")
                        .hints
                        .push("write `{ violations = true, add = 0.1 }`".into());
                }
                Effect::Violations { change: change? }
            }
            _ => Effect::StatusQuo {
                issue: IssueId(self.ref_node(Kind::Issue, key, &target.node)? as u32),
                change: change?,
            },
        };
        Some(eff)
    }

    fn change(&mut self, tbl: &Tbl, node: &Node) -> Option<Change> {
        let present: Vec<&Entry> = tbl
            .t
            .entries
            .iter()
            .filter(|e| matches!(e.key.as_str(), "set" | "add" | "scale"))
            .collect();
        match present.as_slice() {
            [e] => {
                let x = self.float_node(&e.key, &e.node, ANY)?;
                Some(match e.key.as_str() {
                    "set" => Change::Set(x),
                    "add" => Change::Add(x),
                    _ => Change::Scale(x),
                })
            }
            [] => {
                self.error(
                    self.head(&node.span),
                    "effect has no change: give `set`, `add` or `scale`",
                )
                .hints
                .push("e.g. `scale = 0.5` halves the number".into());
                None
            }
            [_, second, ..] => {
                self.error(second.key_span.clone(), "effect has more than one change")
                    .hints
                    .push("give exactly one of `set`, `add`, `scale`".into());
                None
            }
        }
    }

    fn questions(&mut self, top: &Table) -> Vec<Question> {
        let mut seen = BTreeMap::new();
        let mut out = Vec::new();
        for tbl in self.section(top, "question") {
            self.unknown_keys(&tbl, &["id", "text", "close", "when"]);
            let (id, span) = self.id_req(&tbl, "id");
            self.duplicates("question", &mut seen, &id, span);
            let text = self.str_req(&tbl, "text");
            let close = match tbl.get("close") {
                Some(e) => {
                    let d = self.date_node("close", &e.node);
                    if let Some(d) = d {
                        self.date_in_window(d, e.node.span.clone(), "close date");
                    }
                    d
                }
                None => {
                    self.missing(&tbl, "close", "2025-12-31");
                    None
                }
            };
            let close = close.unwrap_or(Date::constant(2000, 1, 1));
            let predicate = match tbl.get("when") {
                Some(e) => self.predicate(&e.node, close, 0),
                None => {
                    self.missing(&tbl, "when", "{ signed = \"an_agreement\" }");
                    None
                }
            };
            out.push(Question {
                id,
                text,
                close,
                predicate: predicate.unwrap_or(Predicate::All(Vec::new())),
            });
        }
        out
    }

    fn predicate(&mut self, node: &Node, close: Date, depth: usize) -> Option<Predicate> {
        const FORMS: &[&str] =
            &["signed", "in_force", "lever", "settled", "controls", "talks", "all", "any", "not"];
        // Deep nesting is legal TOML but no sensible question needs it; refusing it keeps
        // recursion bounded on hostile input.
        if depth > 32 {
            self.error(node.span.clone(), "predicate nested too deeply");
            return None;
        }
        let tbl = self.table_of("when", node, "the predicate".into())?;
        let form = self.form("predicate", node, tbl.t, FORMS)?;
        let key = form.key.as_str();
        let date = |cx: &mut Cx, k: &str| -> Option<Date> {
            match tbl.get(k) {
                Some(e) => {
                    let d = cx.date_node(k, &e.node)?;
                    cx.date_in_window(d, e.node.span.clone(), &format!("`{k}` date"));
                    Some(d)
                }
                None => Some(close),
            }
        };
        let pred = match key {
            "signed" | "in_force" | "lever" => {
                let dk = if key == "in_force" { "on" } else { "by" };
                self.unknown_keys(&tbl, &[key, dk]);
                let when = date(self, dk);
                if key == "lever" {
                    let lever = self.ref_node(Kind::Lever, key, &form.node);
                    Predicate::Lever { lever: LeverId(lever? as u32), by: when? }
                } else {
                    let deal = AgreementId(self.ref_node(Kind::Agreement, key, &form.node)? as u32);
                    if key == "signed" {
                        Predicate::Signed { deal, by: when? }
                    } else {
                        Predicate::InForce { deal, on: when? }
                    }
                }
            }
            "settled" => {
                self.unknown_keys(&tbl, &["settled", "within", "by"]);
                let issue = self.ref_node(Kind::Issue, key, &form.node);
                let by = date(self, "by");
                let (lo, hi) = match tbl.get("within") {
                    None => {
                        self.missing(&tbl, "within", "[40, 60]");
                        return None;
                    }
                    Some(e) => {
                        let items = self.array_node("within", &e.node)?;
                        let [a, b] = items else {
                            self.error(
                                e.node.span.clone(),
                                format!("`within` needs two numbers [a, b], found {}", items.len()),
                            );
                            return None;
                        };
                        let (a, b) = (
                            self.float_node("within", a, SCALE)?,
                            self.float_node("within", b, SCALE)?,
                        );
                        if a > b {
                            self.error(
                                e.node.span.clone(),
                                format!(
                                    "`within` is out of order: {} > {}",
                                    fmt_num(a),
                                    fmt_num(b)
                                ),
                            )
                            .hints
                            .push("write `within = [low, high]`".into());
                            return None;
                        }
                        (a, b)
                    }
                };
                Predicate::Settled { issue: IssueId(issue? as u32), lo, hi, by: by? }
            }
            "controls" => {
                self.unknown_keys(&tbl, &["controls", "front", "at_least", "on"]);
                let side = self.side_node(key, &form.node);
                let front = match tbl.get("front") {
                    Some(e) => self.ref_node(Kind::Front, "front", &e.node),
                    None => {
                        self.missing(&tbl, "front", "\"a_front\"");
                        None
                    }
                };
                let share = match tbl.get("at_least") {
                    Some(e) => self.float_node("at_least", &e.node, UNIT),
                    None => {
                        self.missing(&tbl, "at_least", "0.5");
                        None
                    }
                };
                let on = date(self, "on");
                Predicate::Controls {
                    side: side?,
                    front: FrontId(front? as u32),
                    share: share?,
                    on: on?,
                }
            }
            "talks" => {
                self.unknown_keys(&tbl, &["talks", "level", "by"]);
                let items = self.array_node(key, &form.node)?;
                if items.is_empty() {
                    self.error(form.node.span.clone(), "`talks` needs at least one actor")
                        .hints
                        .push(
                            "list the actors who must all take part, e.g. `talks = [\"a\", \"b\"]`"
                                .into(),
                        );
                }
                let actors: Vec<Option<usize>> =
                    items.iter().map(|n| self.ref_node(Kind::Actor, key, n)).collect();
                let level = match tbl.get("level") {
                    Some(e) => Some(self.level_node(&e.node)?),
                    None => None,
                };
                let by = date(self, "by");
                let actors: Option<Vec<ActorId>> =
                    actors.into_iter().map(|a| a.map(|i| ActorId(i as u32))).collect();
                Predicate::Talks { actors: actors?, level, by: by? }
            }
            "all" | "any" => {
                self.unknown_keys(&tbl, &[key]);
                let items = self.array_node(key, &form.node)?;
                let parts: Vec<Option<Predicate>> =
                    items.iter().map(|n| self.predicate(n, close, depth + 1)).collect();
                let parts: Vec<Predicate> = parts.into_iter().collect::<Option<_>>()?;
                if key == "all" {
                    Predicate::All(parts)
                } else {
                    Predicate::Any(parts)
                }
            }
            _ => {
                self.unknown_keys(&tbl, &["not"]);
                Predicate::Not(Box::new(self.predicate(&form.node, close, depth + 1)?))
            }
        };
        Some(pred)
    }

    fn models(&mut self, top: &Table) -> ModelOptions {
        let mut opts = ModelOptions::default();
        let Some(e) = top.get("models") else { return opts };
        let Some(tbl) = self.table_of("models", &e.node, "`[models]`".into()) else { return opts };
        self.unknown_keys(&tbl, &["expected_utility", "smp", "nash"]);
        for entry in &tbl.t.entries {
            let name = entry.key.as_str();
            if !matches!(name, "expected_utility" | "smp" | "nash") {
                continue;
            }
            let Some(m) = self.table_of(name, &entry.node, format!("`[models.{name}]`")) else {
                continue;
            };
            let mut pairs = Vec::new();
            for kv in &m.t.entries {
                if name == "smp" && kv.key == "accommodation" {
                    opts.smp_accommodation = self.accommodation(&kv.node);
                    continue;
                }
                let v = match &kv.node.value {
                    Value::String(s) => Some(OptionValue::Text(s.clone())),
                    Value::Integer(_) | Value::Float(_) => {
                        self.float_node(&kv.key, &kv.node, ANY).map(OptionValue::Number)
                    }
                    Value::Bool(b) => Some(OptionValue::Bool(*b)),
                    _ => {
                        self.wrong_type(&kv.key, &kv.node, "a string, number or boolean");
                        None
                    }
                };
                if let Some(v) = v {
                    pairs.push((kv.key.clone(), v));
                }
            }
            match name {
                "smp" => opts.smp = pairs,
                "nash" => opts.nash = pairs,
                _ => opts.expected_utility = pairs,
            }
        }
        opts
    }

    fn accommodation(&mut self, node: &Node) -> Vec<(ActorId, ActorId, f64)> {
        let Some(items) = self.array_node("accommodation", node) else { return Vec::new() };
        let mut out = Vec::new();
        for n in items {
            let Some(t) =
                self.table_of("accommodation", n, "`[[models.smp.accommodation]]`".into())
            else {
                continue;
            };
            self.unknown_keys(&t, &["actor", "reference", "weight"]);
            let a = self.ref_req(&t, Kind::Actor, "actor");
            let r = self.ref_req(&t, Kind::Actor, "reference");
            let w = match t.get("weight") {
                Some(e) => self.float_node("weight", &e.node, UNIT),
                None => {
                    self.missing(&t, "weight", "0.5");
                    None
                }
            };
            if let (Some(a), Some(r), Some(w)) = (a, r, w) {
                out.push((ActorId(a as u32), ActorId(r as u32), w));
            }
        }
        out
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// How messages name an entry of an array of tables: by its id where it has one.
fn entry_name(key: &str, t: &Table) -> String {
    let text = |k: &str| match t.get(k).map(|e| &e.node.value) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    match key {
        "stance" => match (text("actor"), text("issue")) {
            (Some(a), Some(i)) => format!("stance of `{a}` on `{i}`"),
            _ => "`[[stance]]`".to_string(),
        },
        "event" => match text("name") {
            Some(n) => format!("event \"{n}\""),
            None => "`[[event]]`".to_string(),
        },
        _ => match text("id") {
            Some(id) => format!("{key} `{id}`"),
            None => format!("`[[{key}]]`"),
        },
    }
}

static EMPTY: Table = Table { entries: Vec::new() };

fn in_range(b: Bounds) -> String {
    let d = b.describe();
    if d.starts_with(['≥', '>', '≤', '<', 'i', 'a']) {
        d
    } else {
        format!("in {d}")
    }
}
