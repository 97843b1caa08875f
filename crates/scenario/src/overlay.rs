//! Overlays: what-if changes merged into a scenario's TOML before validation.
//!
//! An overlay is a scenario-shaped TOML file with an extra `[overlay]` table. Merging
//! works on TOML values, not on the validated [`crate::types::Scenario`], so that the
//! merged result is validated by exactly the same code as any scenario file, and so that
//! uncertain numbers keep their paths (and therefore their random streams) across
//! baseline and overlay. The rules (docs/scenario-format.md, "Overlays"):
//!
//! - arrays of tables are matched entry by entry by their key: `id` for most, `actor`
//!   and `issue` for stances, `name` for events, `actor` for campaign patrons, `actor`
//!   and `reference` for SMP accommodation entries; the keys given replace those of the
//!   matching entry, an entry with a new key is appended, and `remove = true` deletes;
//! - other tables are merged key by key; any other value replaces the base's.

use crate::diag::Diagnostic;
use crate::raw::{self, Node, Value};
use crate::validate::did_you_mean;

/// Merges `overlay_text` into `base_text` and returns the merged scenario as TOML text.
///
/// The overlay's own structure is checked here (its `[overlay]` table, the match keys of
/// its entries, `remove` flags); everything else is left to validating the merged text.
///
/// # Errors
/// Diagnostics with spans into `overlay_text` when the overlay is malformed. When the
/// base itself is not valid TOML, its syntax error is returned with a span into `base_text`.
///
/// # Examples
/// ```
/// use armistice_scenario::overlay::apply_overlay;
/// let base = "[scenario]\nid = \"t\"\ntitle = \"T\"\nas_of = 2025-01-01\n[[actor]]\nid = \"a\"\ncapability = 1\n";
/// let over = "[overlay]\nid = \"strong_a\"\n[[actor]]\nid = \"a\"\ncapability = 5\n";
/// let merged = apply_overlay(base, "o.toml", over).expect("valid overlay");
/// let (s, diags) = armistice_scenario::validate("merged", &merged, None);
/// assert!(diags.is_empty());
/// assert_eq!(s.unwrap().actors[0].capability, armistice_scenario::dist::Num::Fixed(5.0));
/// ```
pub fn apply_overlay(
    base_text: &str,
    overlay_name: &str,
    overlay_text: &str,
) -> Result<String, Vec<Diagnostic>> {
    let _ = overlay_name;
    let tree = raw::parse(overlay_text).map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    let mut base: toml::Table = match base_text.parse() {
        Ok(t) => t,
        Err(_) => {
            return Err(vec![raw::parse(base_text)
                .err()
                .unwrap_or_else(|| Diagnostic::error(0..0, "invalid TOML in the base scenario"))])
        }
    };
    if let Value::Table(t) = &tree.value {
        check_structure(overlay_text, t, "", &mut diags);
        if t.get("overlay").is_none() {
            diags.push(
                Diagnostic::error(0..0, "missing `[overlay]` table")
                    .hint("an overlay starts with `[overlay]` and its `id`"),
            );
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut over: toml::Table = match overlay_text.parse() {
        Ok(t) => t,
        Err(_) => return Err(vec![Diagnostic::error(0..0, "invalid TOML in the overlay")]),
    };
    over.remove("overlay");
    merge_table(&mut base, over, "", &mut diags, &tree);
    if !diags.is_empty() {
        return Err(diags);
    }
    toml::to_string(&base).map_err(|e| {
        vec![Diagnostic::error(0..0, format!("failed to write the merged scenario: {e}"))]
    })
}

/// The keys that identify an entry of the array of tables at `path`, if it is matched.
fn match_keys(path: &str) -> Option<&'static [&'static str]> {
    match path {
        "source" | "actor" | "issue" | "agreement" | "talks" | "lever" | "question"
        | "campaign.front" => Some(&["id"]),
        "stance" => Some(&["actor", "issue"]),
        "event" => Some(&["name"]),
        "campaign.patron" => Some(&["actor"]),
        "models.smp.accommodation" => Some(&["actor", "reference"]),
        _ => None,
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Checks the overlay's `[overlay]` table and that every matched entry has its keys.
fn check_structure(text: &str, t: &raw::Table, prefix: &str, diags: &mut Vec<Diagnostic>) {
    for e in &t.entries {
        let path = join(prefix, &e.key);
        if path == "overlay" {
            check_overlay_table(text, &e.node, diags);
            continue;
        }
        match (&e.node.value, match_keys(&path)) {
            (Value::Array(items), Some(keys)) => {
                for item in items {
                    check_entry(text, item, &path, keys, diags);
                }
            }
            (Value::Table(inner), None) => check_structure(text, inner, &path, diags),
            _ => {}
        }
    }
}

fn check_overlay_table(text: &str, node: &Node, diags: &mut Vec<Diagnostic>) {
    const KEYS: &[&str] = &["id", "title", "description"];
    let Value::Table(t) = &node.value else {
        diags.push(Diagnostic::error(node.span.clone(), "`overlay` must be a table"));
        return;
    };
    for e in &t.entries {
        if !KEYS.contains(&e.key.as_str()) {
            let hint = match did_you_mean(&e.key, KEYS) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "expected one of `id`, `title`, `description`".to_string(),
            };
            diags.push(
                Diagnostic::error(
                    e.key_span.clone(),
                    format!("unknown key `{}` in `[overlay]`", e.key),
                )
                .hint(hint),
            );
        } else if !matches!(e.node.value, Value::String(_)) {
            diags.push(Diagnostic::error(
                e.node.span.clone(),
                format!(
                    "wrong type for `{}`: expected a string, found {}",
                    e.key,
                    e.node.value.type_name()
                ),
            ));
        }
    }
    if t.get("id").is_none() {
        diags.push(
            Diagnostic::error(
                raw::first_line(text, &node.span),
                "missing required key `id` in `[overlay]`",
            )
            .hint("add `id = \"a_name\"`"),
        );
    }
}

fn check_entry(text: &str, item: &Node, path: &str, keys: &[&str], diags: &mut Vec<Diagnostic>) {
    let Value::Table(t) = &item.value else { return };
    let missing: Vec<&str> = keys
        .iter()
        .filter(|k| !matches!(t.get(k).map(|e| &e.node.value), Some(Value::String(_))))
        .copied()
        .collect();
    if !missing.is_empty() {
        let list: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        diags.push(
            Diagnostic::error(
                raw::first_line(text, &item.span),
                format!("overlay entry of `[[{path}]]` lacks {}", list.join(" and ")),
            )
            .hint(format!("entries are matched by {}", list.join(" and "))),
        );
    }
    if let Some(e) = t.get("remove") {
        if !matches!(e.node.value, Value::Bool(_)) {
            diags.push(Diagnostic::error(
                e.node.span.clone(),
                format!(
                    "wrong type for `remove`: expected a boolean, found {}",
                    e.node.value.type_name()
                ),
            ));
        }
    }
}

/// The span of the overlay entry at `path` matching `id`, for "nothing to remove".
fn entry_span(tree: &Node, path: &str, keys: &[&str], id: &[String]) -> std::ops::Range<usize> {
    let mut node = tree;
    for part in path.split('.') {
        let Value::Table(t) = &node.value else { return 0..0 };
        match t.get(part) {
            Some(e) => node = &e.node,
            None => return 0..0,
        }
    }
    let Value::Array(items) = &node.value else { return node.span.clone() };
    for item in items {
        let Value::Table(t) = &item.value else { continue };
        let this: Vec<String> = keys
            .iter()
            .map(|k| match t.get(k).map(|e| &e.node.value) {
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            })
            .collect();
        if this == id {
            let span =
                t.get("remove").map_or(item.span.clone(), |e| e.key_span.start..e.node.span.end);
            return span;
        }
    }
    node.span.clone()
}

fn merge_table(
    base: &mut toml::Table,
    over: toml::Table,
    prefix: &str,
    diags: &mut Vec<Diagnostic>,
    tree: &Node,
) {
    for (key, value) in over {
        let path = join(prefix, &key);
        let keys = match_keys(&path);
        match (base.get_mut(&key), value, keys) {
            (Some(toml::Value::Array(b)), toml::Value::Array(o), Some(keys)) => {
                merge_entries(b, o, &path, keys, diags, tree);
            }
            (None, toml::Value::Array(o), Some(keys)) => {
                let mut b = Vec::new();
                merge_entries(&mut b, o, &path, keys, diags, tree);
                base.insert(key, toml::Value::Array(b));
            }
            (Some(toml::Value::Table(b)), toml::Value::Table(o), _) => {
                merge_table(b, o, &path, diags, tree);
            }
            (_, value, _) => {
                base.insert(key, value);
            }
        }
    }
}

fn entry_id(v: &toml::Value, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|k| v.get(k).and_then(toml::Value::as_str).unwrap_or_default().to_string())
        .collect()
}

fn merge_entries(
    base: &mut Vec<toml::Value>,
    over: Vec<toml::Value>,
    path: &str,
    keys: &[&str],
    diags: &mut Vec<Diagnostic>,
    tree: &Node,
) {
    for entry in over {
        let toml::Value::Table(mut fields) = entry else {
            base.push(entry);
            continue;
        };
        let id = entry_id(&toml::Value::Table(fields.clone()), keys);
        let remove = matches!(fields.remove("remove"), Some(toml::Value::Boolean(true)));
        let pos = base.iter().position(|b| entry_id(b, keys) == id);
        match (pos, remove) {
            (Some(i), true) => {
                base.remove(i);
            }
            (None, true) => {
                let shown: Vec<String> = id.iter().map(|s| format!("`{s}`")).collect();
                diags.push(
                    Diagnostic::error(
                        entry_span(tree, path, keys, &id),
                        format!(
                            "nothing to remove: no `[[{path}]]` {} in the scenario",
                            shown.join(" on ")
                        ),
                    )
                    .hint("check the id against the scenario"),
                );
            }
            (Some(i), false) => {
                if let Some(toml::Value::Table(b)) = base.get_mut(i) {
                    for (k, v) in fields {
                        b.insert(k, v);
                    }
                }
            }
            (None, false) => base.push(toml::Value::Table(fields)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "[scenario]\nid = \"t\"\ntitle = \"T\"\nas_of = 2025-01-01\n\n[[actor]]\nid = \"a\"\ncapability = 1\n\n[[actor]]\nid = \"b\"\ncapability = 2\n\n[[issue]]\nid = \"x\"\nstatus_quo = 50\n\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 10\nsalience = 50\n";

    #[test]
    fn entries_are_replaced_added_and_removed() {
        let over = "[overlay]\nid = \"o\"\n\n[scenario]\ntitle = \"What if\"\n\n[[actor]]\nid = \"b\"\nremove = true\n\n[[actor]]\nid = \"c\"\ncapability = 3\n\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nsalience = { uniform = [40, 60] }\n";
        let merged = apply_overlay(BASE, "o.toml", over).unwrap_or_else(|d| panic!("{d:?}"));
        let (s, diags) = crate::validate::validate("merged", &merged, None);
        assert!(diags.is_empty(), "{diags:?}\n{merged}");
        let s = s.unwrap_or_else(|| panic!("valid"));
        assert_eq!(s.meta.title, "What if");
        let ids: Vec<&str> = s.actors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        // The stance kept its position and gained an uncertain salience, same path as before.
        assert_eq!(s.stances[0].position, crate::dist::Num::Fixed(10.0));
        assert_eq!(s.params[0].path, "stance.a.x.salience");
    }

    #[test]
    fn removing_what_is_not_there_is_reported() {
        let over = "[overlay]\nid = \"o\"\n\n[[actor]]\nid = \"zz\"\nremove = true\n";
        let diags = apply_overlay(BASE, "o.toml", over).err().unwrap_or_default();
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("nothing to remove"), "{:?}", diags[0]);
        assert_eq!(&over[diags[0].span.clone()], "remove = true");
    }
}
