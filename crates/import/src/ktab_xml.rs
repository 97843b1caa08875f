//! KTAB's SMP XML format (schema `smpSchema.xsd`, see `testdata/ktab/README.md`).
//!
//! Unlike KTAB this reader accepts a file without `IdealAdjustment` (identity
//! adjustment, as KTAB's own CSV runs use) and the XSD's spellings `Proportional` and
//! `No`, which KTAB's reader rejects; both are reported as notes.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{
    finish_ktab, make_id, ImportDiagnostic, ImportedActor, ImportedIssue, ImportedScenario,
    ImportedStance, SmpParameters,
};

/// A parsed element: name, text, children, and the byte offset of its start tag.
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
    offset: usize,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// The nine `ModelParameters` elements: XML name, Armistice key, accepted values.
const PARAMETERS: [(&str, &str, &[&str]); 9] = [
    ("VictoryProbModel", "victory_prob", &["Linear", "Square", "Quartic", "Octic", "Binary"]),
    ("PCEModel", "pce", &["Conditional", "MarkovIncentive", "MarkovUniform"]),
    ("StateTransitions", "transitions", &["Deterministic", "Stochastic"]),
    ("VotingRule", "voting_rule", &["Prop", "Binary", "PropBin", "PropCbc", "Cubic", "ASymProsp"]),
    ("BigRAdjust", "risk_adjust", &["OneThird", "None", "Half", "TwoThirds", "Full"]),
    ("BigRRange", "risk_range", &["Mid", "Min", "Max"]),
    ("ThirdPartyCommit", "third_party", &["SemiCommit", "NoCommit", "FullCommit"]),
    ("InterVecBrgn", "interpolation", &["S2P2", "S1P1", "S2PMax"]),
    ("BargnModel", "bargain", &["InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"]),
];

/// Reads a KTAB SMP XML file.
///
/// # Errors
/// Returns every problem found (malformed XML, missing elements, empty or out-of-range
/// numbers), each with its line and column.
pub fn ktab_xml(text: &str, file_name: &str) -> Result<ImportedScenario, Vec<ImportDiagnostic>> {
    let at = |offset: usize| line_column(text, offset);
    let diag = |offset: usize, message: String, hint: Option<&str>| {
        let (line, column) = at(offset);
        ImportDiagnostic { line, column, message, hint: hint.map(str::to_string) }
    };
    let root = parse(text).map_err(|(offset, message)| vec![diag(offset, message, None)])?;
    if root.name != "Scenario" {
        return Err(vec![diag(
            root.offset,
            format!("the root element is `{}`", root.name),
            Some("expected `Scenario`"),
        )]);
    }
    let mut diags = Vec::new();
    let mut notes = Vec::new();
    let required =
        |parent: &Node, name: &str, diags: &mut Vec<ImportDiagnostic>| -> Option<String> {
            match parent.child(name) {
                Some(node) => Some(node.text.trim().to_string()),
                None => {
                    diags.push(diag(
                        parent.offset,
                        format!("`{}` has no `{name}` element", parent.name),
                        None,
                    ));
                    None
                }
            }
        };
    let title = required(&root, "name", &mut diags).unwrap_or_default();
    let description = required(&root, "desc", &mut diags).unwrap_or_default();
    let mut smp = SmpParameters::ktab_defaults();
    match root.child("prngSeed") {
        Some(node) => match node.text.trim().parse::<u64>() {
            Ok(seed) => smp.seed = Some(seed),
            Err(_) => diags.push(diag(
                node.offset,
                format!("prngSeed `{}` is not a 64-bit unsigned integer", node.text.trim()),
                None,
            )),
        },
        None => diags.push(diag(root.offset, "`Scenario` has no `prngSeed` element".into(), None)),
    }
    if let Some(params) = root.child("ModelParameters") {
        for (xml_name, key, values) in PARAMETERS {
            let Some(node) = params.child(xml_name) else { continue };
            let mut value = node.text.trim().to_string();
            // The XSD spells two values differently from KTAB's reader; accept both.
            let xsd = match (xml_name, value.as_str()) {
                ("VotingRule", "Proportional") => Some("Prop"),
                ("BigRAdjust", "No") => Some("None"),
                _ => None,
            };
            if let Some(spelled) = xsd {
                notes.push(format!(
                    "{xml_name}: read the XSD spelling `{value}` as KTAB's `{spelled}`"
                ));
                value = spelled.to_string();
            }
            match values.contains(&value.as_str()) {
                true => {
                    if let Some(slot) = smp.options.iter_mut().find(|(k, _)| *k == key) {
                        slot.1 = snake_case(&value);
                    }
                }
                false => diags.push(diag(
                    node.offset,
                    format!("unknown {xml_name} `{value}`"),
                    Some(&format!("expected one of {}", values.join(", "))),
                )),
            }
        }
    }
    let mut issues: Vec<ImportedIssue> = Vec::new();
    match root.child("Dimensions") {
        Some(dims) => {
            for (idx, node) in dims.all("dName").enumerate() {
                let name = node.text.trim().to_string();
                let taken: Vec<String> = issues.iter().map(|i| i.id.clone()).collect();
                issues.push(ImportedIssue {
                    id: make_id(&name, &format!("dim{idx}"), &taken),
                    name,
                    status_quo: 0.0,
                    status_quo_derived: true,
                    group: Some("ktab".into()),
                    outcome: None,
                });
            }
            if issues.is_empty() {
                diags.push(diag(dims.offset, "`Dimensions` has no `dName`".into(), None));
            }
        }
        None => {
            diags.push(diag(root.offset, "`Scenario` has no `Dimensions` element".into(), None))
        }
    }
    let n_dims = issues.len();
    let mut actors: Vec<ImportedActor> = Vec::new();
    let mut stances: Vec<ImportedStance> = Vec::new();
    match root.child("Actors") {
        Some(list) => {
            for node in list.all("Actor") {
                let name = required(node, "name", &mut diags).unwrap_or_default();
                let description = node
                    .child("description")
                    .map(|d| d.text.trim().to_string())
                    .unwrap_or_default();
                let capability = match node.child("capability") {
                    Some(c) => match c.text.trim().parse::<f64>() {
                        Ok(x) if x > 0.0 && x.is_finite() => x,
                        _ => {
                            diags.push(diag(
                                c.offset,
                                format!("capability `{}` is not a positive number", c.text.trim()),
                                None,
                            ));
                            0.0
                        }
                    },
                    None => {
                        diags.push(diag(
                            node.offset,
                            "`Actor` has no `capability` element".into(),
                            None,
                        ));
                        0.0
                    }
                };
                let coords = |outer: &str,
                              inner: &str,
                              what: &str,
                              diags: &mut Vec<ImportDiagnostic>| {
                    let Some(list) = node.child(outer) else {
                        diags.push(diag(
                            node.offset,
                            format!("`Actor` has no `{outer}` element"),
                            None,
                        ));
                        return Vec::new();
                    };
                    let values: Vec<f64> = list
                        .all(inner)
                        .map(|c| match c.text.trim().parse::<f64>() {
                            Ok(x) if (0.0..=100.0).contains(&x) => x,
                            Ok(x) => {
                                diags.push(diag(
                                    c.offset,
                                    format!("{what} {x} is outside 0–100"),
                                    None,
                                ));
                                0.0
                            }
                            Err(_) => {
                                diags.push(diag(
                                    c.offset,
                                    match c.text.trim().is_empty() {
                                        true => format!("`{inner}` is empty"),
                                        false => {
                                            format!("{what} `{}` is not a number", c.text.trim())
                                        }
                                    },
                                    Some("expected a number in 0–100"),
                                ));
                                0.0
                            }
                        })
                        .collect();
                    if values.len() != n_dims {
                        diags.push(diag(
                            list.offset,
                            format!("`{outer}` has {} `{inner}`, expected {n_dims}", values.len()),
                            None,
                        ));
                    }
                    values
                };
                let position = coords("Position", "dCoord", "position", &mut diags);
                let salience = coords("Salience", "dSal", "salience", &mut diags);
                let sum: f64 = salience.iter().sum();
                if sum > 100.0 + 1e-9 {
                    diags.push(diag(
                        node.offset,
                        format!("the saliences of `{name}` sum to {sum}, more than 100"),
                        None,
                    ));
                }
                // A faulty actor is still listed, so that later references to it resolve
                // and only the real problem is reported.
                let taken: Vec<String> = actors.iter().map(|a| a.id.clone()).collect();
                let actor = actors.len();
                actors.push(ImportedActor {
                    id: make_id(&name, &format!("actor{actor}"), &taken),
                    name,
                    description,
                    capability,
                });
                for (issue, (p, s)) in position.into_iter().zip(salience).enumerate() {
                    stances.push(ImportedStance { actor, issue, position: p, salience: s });
                }
            }
        }
        None => diags.push(diag(root.offset, "`Scenario` has no `Actors` element".into(), None)),
    }
    match root.child("IdealAdjustment") {
        Some(adjustment) => {
            for pair in adjustment.all("iaPair") {
                let find = |name: &str, diags: &mut Vec<ImportDiagnostic>| {
                    let text = pair.child(name).map(|n| n.text.trim().to_string()).unwrap_or_default();
                    let found = actors.iter().position(|a| a.name == text);
                    if found.is_none() {
                        diags.push(diag(pair.offset, format!("{name} `{text}` is not an actor"), None));
                    }
                    found
                };
                let actor = find("adjustingIdeal", &mut diags);
                let reference = find("referencePos", &mut diags);
                let weight = pair.child("adjust").and_then(|n| n.text.trim().parse::<f64>().ok());
                match (actor, reference, weight) {
                    (Some(a), Some(r), Some(w)) if (0.0..=1.0).contains(&w) => smp.accommodation.push((a, r, w)),
                    (Some(_), Some(_), _) => {
                        diags.push(diag(pair.offset, "`adjust` must be a number in 0–1".into(), None));
                    }
                    _ => {}
                }
            }
        }
        None => notes.push(
            "the file has no IdealAdjustment (KTAB itself rejects that): the identity adjustment is used".into(),
        ),
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let scenario = ImportedScenario {
        id: String::new(),
        title,
        description,
        actors,
        issues,
        stances,
        smp: Some(smp),
        notes,
    };
    Ok(finish_ktab(file_name, ".xml", scenario))
}

/// `MarkovIncentive` → `markov_incentive`, `S2PMax` → `s2pmax`, `ASymProsp` → `asym_prosp`.
fn snake_case(value: &str) -> String {
    match value {
        "ASymProsp" => "asym_prosp".into(),
        "S2P2" | "S1P1" | "S2PMax" => value.to_ascii_lowercase(),
        "PWCompInterp" => "pw_comp_interp".into(),
        _ => {
            let mut out = String::new();
            for (i, ch) in value.chars().enumerate() {
                if ch.is_ascii_uppercase() && i > 0 {
                    out.push('_');
                }
                out.push(ch.to_ascii_lowercase());
            }
            out
        }
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map(|p| p + 1).unwrap_or(0);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// Parses the document into a tree; on malformed XML returns the offset and message.
fn parse(text: &str) -> Result<Node, (usize, String)> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> =
        vec![Node { name: String::new(), text: String::new(), children: Vec::new(), offset: 0 }];
    loop {
        let offset = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| (reader.buffer_position() as usize, format!("malformed XML: {e}")))?;
        let name_of = |raw: &[u8]| String::from_utf8_lossy(raw).into_owned();
        match event {
            Event::Start(e) => {
                // buffer_position is before any whitespace that precedes the tag.
                let start = offset + text.get(offset..).and_then(|t| t.find('<')).unwrap_or(0);
                stack.push(Node {
                    name: name_of(e.name().as_ref()),
                    text: String::new(),
                    children: Vec::new(),
                    offset: start,
                });
            }
            Event::Empty(e) => {
                let start = offset + text.get(offset..).and_then(|t| t.find('<')).unwrap_or(0);
                let node = Node {
                    name: name_of(e.name().as_ref()),
                    text: String::new(),
                    children: Vec::new(),
                    offset: start,
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop().filter(|_| !stack.is_empty());
                match (node, stack.last_mut()) {
                    (Some(node), Some(parent)) => parent.children.push(node),
                    _ => return Err((offset, "unexpected closing tag".into())),
                }
            }
            Event::Text(t) => {
                let value =
                    t.unescape().map_err(|e| (offset, format!("malformed XML text: {e}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&value);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err((text.len(), "the document ends inside an element".into()));
    }
    let document = stack.pop().map(|d| d.children).unwrap_or_default();
    document.into_iter().next().ok_or((0, "the document has no root element".into()))
}
