//! Diagnostics: problems in the user's input, with a byte span and hints, and their
//! plain-text rendering.
//!
//! Problems in input are not errors of the program: validation collects every one of
//! them and returns them beside its result. [`render`] turns them into the familiar
//! `file:line:col: error: message` form, with the source line, a caret under the span
//! and one `= hint:` line per hint. The CLI prints exactly this text and the snapshot
//! tests compare against it, so the format is part of the contract.

use std::fmt::Write;
use std::ops::Range;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input can be used, but is probably not what the author meant.
    Warning,
}

/// One problem in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Byte offsets into the file's text.
    pub span: Range<usize>,
    /// Lowercase, no trailing period.
    pub message: String,
    /// What would be right ("expected one of …", "did you mean `salience`?").
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, span, message: message.into(), hints: Vec::new() }
    }

    /// A warning at `span`.
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, span, message: message.into(), hints: Vec::new() }
    }

    /// The same diagnostic with one more hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Renders diagnostics as plain text, one block per diagnostic, in the order given.
///
/// Lines and columns are 1-based; columns count characters, not bytes. A span that
/// reaches past the text or cuts a character in two is clamped, never a panic.
///
/// # Examples
/// ```
/// use armistice_scenario::diag::{render, Diagnostic};
/// let text = "[scenario]\nid = 3\n";
/// let d = Diagnostic::error(16..17, "wrong type for `id`").hint("expected a string");
/// assert_eq!(
///     render("toy.toml", text, &[d]),
///     "toy.toml:2:6: error: wrong type for `id`\n  |\n2 | id = 3\n  |      ^\n  = hint: expected a string\n"
/// );
/// ```
pub fn render(file_name: &str, text: &str, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let start = floor_boundary(text, d.span.start.min(text.len()));
        let end = floor_boundary(text, d.span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_no = text[..start].matches('\n').count() + 1;
        // Tabs are shown as one space so that the caret, placed by character count, lines up.
        let line = text[line_start..line_end].trim_end_matches('\r').replace('\t', " ");
        let col = text[line_start..start].chars().count() + 1;
        // The caret covers the span's part on its first line, at least one character.
        let caret_end = end.min(line_end).max(start);
        let width = text[start..caret_end].chars().count().max(1);
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let gutter = " ".repeat(line_no.to_string().len());
        let _ = writeln!(out, "{file_name}:{line_no}:{col}: {severity}: {}", d.message);
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{line_no} | {line}");
        let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(col - 1), "^".repeat(width));
        for h in &d.hints {
            let _ = writeln!(out, "{gutter} = hint: {h}");
        }
    }
    out
}

/// The largest char boundary at or below `i` (`i` ≤ `text.len()`).
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_spans_are_clamped() {
        let text = "name = \"Zürich\" x\n";
        let at = text.find('x').unwrap_or(0);
        let d = Diagnostic::warning(at..at + 1, "odd");
        let out = render("f", text, &[d]);
        assert!(out.starts_with("f:1:17: warning: odd\n"), "{out}");
        // Out of range and mid-character spans do not panic.
        let out = render("f", text, &[Diagnostic::error(1000..2000, "late")]);
        assert!(out.starts_with("f:2:1: error: late"), "{out}");
        let out = render("f", text, &[Diagnostic::error(10..11, "mid")]);
        assert!(out.starts_with("f:1:"), "{out}");
        let out =
            render("f", "", &[Diagnostic::error(std::ops::Range { start: 3, end: 1 }, "empty")]);
        assert!(out.starts_with("f:1:1: error: empty"), "{out}");
    }
}
