//! Loading a scenario for any command: read the file (or the embedded default), apply
//! overlays, validate, add a questions file, and print every diagnostic to stderr.
//!
//! Errors make the command fail with [`CliError::Invalid`] (exit 1) after all of them
//! are printed; warnings are printed and the command goes on.

use std::path::{Path, PathBuf};

use anyhow::Context;
use sha2::Digest;

use armistice_scenario::diag::{has_errors, render, Diagnostic, Severity};
use armistice_scenario::overlay::apply_overlay;
use armistice_scenario::types::Scenario;
use armistice_scenario::validate::{validate, validate_questions, Corpus};

use crate::error::CliError;

/// The scenario used when a command is given none: the flagship, the US–Russia–Ukraine
/// talks as of 1 April 2025 (`docs/flagship.md`).
const EMBEDDED: &str = include_str!("../../../scenarios/flagship.toml");
const EMBEDDED_NAME: &str = "<embedded flagship>";
/// The flagship's forecast questions, added when the embedded scenario is used without
/// `--questions`.
const EMBEDDED_QUESTIONS: &str = include_str!("../../../scenarios/flagship-questions.toml");
const EMBEDDED_QUESTIONS_NAME: &str = "<embedded flagship questions>";

/// Commands other than `check` print at most this many warnings in full, then a count
/// and where to see them all, so that the answer is not buried under them.
const SHOWN_WARNINGS: usize = 3;

/// A validated scenario and what outputs need to name it.
// `text`, `name` and `sha256` are read by run, solve and report as they land.
#[allow(dead_code)]
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) scenario: Scenario,
    /// The text that was validated (with overlays merged in).
    pub(crate) text: String,
    /// The file name shown in messages and outputs.
    pub(crate) name: String,
    /// Hex SHA-256 of `text`.
    pub(crate) sha256: String,
    /// How many warnings were printed while loading.
    pub(crate) warnings: usize,
}

/// A folder of source documents, read by each source's `path`.
pub(crate) struct DirCorpus {
    pub(crate) dir: PathBuf,
}

impl Corpus for DirCorpus {
    fn source_text(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join(path)).ok()
    }
}

/// Loads a scenario (`None`: the embedded default), applies `overlays` in order and adds
/// the questions of `questions`.
///
/// # Errors
/// [`CliError::Invalid`] when any input has an error (diagnostics already printed);
/// [`CliError::Other`] when a file cannot be read.
#[allow(dead_code)] // Called by run, solve and the other commands as they land.
pub(crate) fn load_scenario(
    path: Option<&Path>,
    overlays: &[PathBuf],
    questions: Option<&Path>,
) -> Result<Loaded, CliError> {
    load_checked(path, overlays, questions, None, false)
}

/// [`load_scenario`] with an optional corpus against which every anchor is re-found;
/// `all_warnings` prints every warning (else the first [`SHOWN_WARNINGS`] and a count).
pub(crate) fn load_checked(
    path: Option<&Path>,
    overlays: &[PathBuf],
    questions: Option<&Path>,
    corpus: Option<&dyn Corpus>,
    all_warnings: bool,
) -> Result<Loaded, CliError> {
    let (mut name, mut text) = match path {
        Some(p) => (p.display().to_string(), read(p)?),
        None => (EMBEDDED_NAME.to_string(), EMBEDDED.to_string()),
    };
    for overlay in overlays {
        let overlay_name = overlay.display().to_string();
        let overlay_text = read(overlay)?;
        match apply_overlay(&text, &overlay_name, &overlay_text) {
            Ok(merged) => {
                text = merged;
                name = format!("{name} + {overlay_name}");
            }
            Err(diags) => {
                report(&overlay_name, &overlay_text, &diags, true);
                return Err(CliError::Invalid);
            }
        }
    }
    let (scenario, diags) = validate(&name, &text, corpus);
    report(&name, &text, &diags, all_warnings);
    let mut warnings = diags.iter().filter(|d| d.severity == Severity::Warning).count();
    let Some(mut scenario) = scenario else {
        return Err(CliError::Invalid);
    };
    let extra_questions = match (path, questions) {
        (_, Some(qpath)) => Some((qpath.display().to_string(), read(qpath)?)),
        (None, None) => Some((EMBEDDED_QUESTIONS_NAME.to_string(), EMBEDDED_QUESTIONS.to_string())),
        (Some(_), None) => None,
    };
    if let Some((qname, qtext)) = extra_questions {
        let (extra, diags) = validate_questions(&qname, &qtext, &scenario);
        report(&qname, &qtext, &diags, all_warnings);
        if has_errors(&diags) {
            return Err(CliError::Invalid);
        }
        warnings += diags.len();
        scenario.questions.extend(extra);
    }
    let sha256 = hex::encode(sha2::Sha256::digest(text.as_bytes()));
    Ok(Loaded { scenario, text, name, sha256, warnings })
}

fn read(path: &Path) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("failed to read {}", path.display()))?;
    Ok(text)
}

/// Prints diagnostics to stderr, with a count line when there are errors. Unless `all`,
/// warnings past the first [`SHOWN_WARNINGS`] are only counted.
fn report(name: &str, text: &str, diags: &[Diagnostic], all: bool) {
    if diags.is_empty() {
        return;
    }
    let mut shown_warnings = 0;
    let shown: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| {
            let show = all || d.severity == Severity::Error || shown_warnings < SHOWN_WARNINGS;
            shown_warnings += usize::from(d.severity == Severity::Warning && show);
            show
        })
        .cloned()
        .collect();
    eprint!("{}", render(name, text, &shown));
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    if warnings > shown_warnings {
        let file = match name.starts_with('<') {
            true => "scenarios/flagship.toml".to_string(),
            false => name.split(" + ").next().unwrap_or(name).to_string(),
        };
        let more = warnings - shown_warnings;
        let noun = if more == 1 { "warning" } else { "warnings" };
        eprintln!("{name}: {more} more {noun} not shown (`armistice check {file}` lists them all)");
    }
    if errors > 0 {
        eprintln!("{name}: {} and {}", plural(errors, "error"), plural(warnings, "warning"));
    }
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}
