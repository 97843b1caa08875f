//! The raw scenario file: a TOML tree in file order with the byte span of every key
//! and value.
//!
//! We parse with `toml_edit`'s `ImDocument` rather than deriving serde structs: serde
//! stops at the first problem, while validation wants every problem at once, each with
//! the span of the exact key or value that is wrong. So this module only mirrors the
//! TOML (tables and inline tables become one [`Table`] type, arrays of tables become
//! arrays), and `validate` reads it key by key, reporting unknown keys itself.

use std::ops::Range;

use crate::diag::Diagnostic;

/// A value with the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

/// A TOML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Datetime(toml_edit::Datetime),
    Array(Vec<Node>),
    Table(Table),
}

/// A table (standard, inline or one entry of an array of tables), keys in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub entries: Vec<Entry>,
}

/// One `key = value` of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub node: Node,
}

impl Table {
    /// The entry for `key`, if present.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

impl Value {
    /// The TOML name of the value's type, for "wrong type" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

/// The part of `span` on its first line, clamped to `text`: a table's span runs to its
/// last value, but a message about the table should point at its header.
pub fn first_line(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let end = span.end.min(text.len()).max(start);
    match text.get(start..end) {
        Some(s) => start..s.find('\n').map_or(end, |i| start + i),
        // Not on character boundaries: toml_edit's spans always are, so this is only a
        // guard; an empty span at a boundary is still a valid place to point.
        None => 0..0,
    }
}

/// Parses TOML text into a tree with spans; a syntax error is one diagnostic.
///
/// # Errors
/// Returns the syntax error as a [`Diagnostic`] pointing at the offending text.
pub fn parse(text: &str) -> Result<Node, Diagnostic> {
    match toml_edit::ImDocument::parse(text) {
        Ok(doc) => {
            let whole = 0..text.len();
            Ok(Node { span: whole.clone(), value: Value::Table(table(doc.as_table(), &whole)) })
        }
        Err(err) => {
            let span = err.span().unwrap_or(0..0);
            // toml_edit's message is multi-line ("TOML parse error at line …, column …" plus
            // a source excerpt); the renderer shows position and excerpt itself, so keep
            // only the description lines after the excerpt.
            let message = syntax_message(err.message());
            Err(Diagnostic::error(span, format!("invalid TOML: {message}")))
        }
    }
}

fn syntax_message(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let joined = lines.join("; ");
    let lower = joined.to_lowercase();
    lower.trim_end_matches('.').to_string()
}

fn table(t: &toml_edit::Table, parent: &Range<usize>) -> Table {
    let own = t.span().unwrap_or_else(|| parent.clone());
    let mut entries = Vec::new();
    for (key, item) in t.iter() {
        let key_span = t.key(key).and_then(toml_edit::Key::span).unwrap_or_else(|| own.clone());
        if let Some(node) = item_node(item, &key_span) {
            entries.push(Entry { key: key.to_string(), key_span, node });
        }
    }
    Table { entries }
}

fn inline_table(t: &toml_edit::InlineTable, parent: &Range<usize>) -> Table {
    let own = t.span().unwrap_or_else(|| parent.clone());
    let mut entries = Vec::new();
    for (key, value) in t.iter() {
        let key_span = t.key(key).and_then(toml_edit::Key::span).unwrap_or_else(|| own.clone());
        let node = value_node(value, &key_span);
        entries.push(Entry { key: key.to_string(), key_span, node });
    }
    Table { entries }
}

fn item_node(item: &toml_edit::Item, fallback: &Range<usize>) -> Option<Node> {
    match item {
        toml_edit::Item::None => None,
        toml_edit::Item::Value(v) => Some(value_node(v, fallback)),
        toml_edit::Item::Table(t) => {
            let span = t.span().unwrap_or_else(|| fallback.clone());
            Some(Node { value: Value::Table(table(t, &span)), span })
        }
        toml_edit::Item::ArrayOfTables(a) => {
            let span = a.span().unwrap_or_else(|| fallback.clone());
            let items = a
                .iter()
                .map(|t| {
                    let s = t.span().unwrap_or_else(|| span.clone());
                    Node { value: Value::Table(table(t, &s)), span: s }
                })
                .collect();
            Some(Node { value: Value::Array(items), span })
        }
    }
}

fn value_node(v: &toml_edit::Value, fallback: &Range<usize>) -> Node {
    let span = v.span().unwrap_or_else(|| fallback.clone());
    let value = match v {
        toml_edit::Value::String(s) => Value::String(s.value().clone()),
        toml_edit::Value::Integer(i) => Value::Integer(*i.value()),
        toml_edit::Value::Float(f) => Value::Float(*f.value()),
        toml_edit::Value::Boolean(b) => Value::Bool(*b.value()),
        toml_edit::Value::Datetime(d) => Value::Datetime(*d.value()),
        toml_edit::Value::Array(a) => {
            Value::Array(a.iter().map(|x| value_node(x, &span)).collect())
        }
        toml_edit::Value::InlineTable(t) => Value::Table(inline_table(t, &span)),
    };
    Node { span, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_keys_and_values() {
        let text =
            "[scenario]\nid = \"x\"\n[[actor]]\nid = \"a\"\ncapability = { normal = [1, 2] }\n";
        let root = parse(text).unwrap_or_else(|d| panic!("{d:?}"));
        let Value::Table(t) = &root.value else { panic!("root is a table") };
        let scen = t.get("scenario").unwrap_or_else(|| panic!("scenario"));
        let Value::Table(s) = &scen.node.value else { panic!("table") };
        let id = s.get("id").unwrap_or_else(|| panic!("id"));
        assert_eq!(&text[id.key_span.clone()], "id");
        assert_eq!(&text[id.node.span.clone()], "\"x\"");
        let actors = t.get("actor").unwrap_or_else(|| panic!("actor"));
        let Value::Array(a) = &actors.node.value else { panic!("array") };
        assert!(text[a[0].span.clone()].starts_with("[[actor]]"));
    }

    #[test]
    fn syntax_errors_are_diagnostics() {
        let err = parse("a = = 1").err().unwrap_or_else(|| panic!("expected an error"));
        assert!(err.message.starts_with("invalid TOML"), "{}", err.message);
    }
}
