//! `armistice cite SOURCE "words"`: find exact words in a source and print an evidence anchor.

use anyhow::Context;

use armistice_scenario::anchor::{self, Found};

use crate::cli::CiteArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(args: CiteArgs) -> CliResult {
    let text = std::fs::read_to_string(&args.source)
        .with_context(|| format!("failed to read {}", args.source.display()))?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => default_id(&args.source),
    };
    match anchor::find(&text, &args.words) {
        Found::Once(l) => {
            let why = match &args.why {
                Some(w) => format!(", why = {}", toml_string(w)),
                None => String::new(),
            };
            println!(
                "{{ source = \"{id}\", at = {}, len = {}, sha256 = \"{}\"{why} }}",
                l.at,
                l.len,
                hex::encode(l.sha256)
            );
            Ok(())
        }
        Found::Absent => {
            eprintln!(
                "error: failed to cite: the words are not in {}\n  = hint: copy the words exactly; quotes, dashes, spaces and case need not match",
                args.source.display()
            );
            Err(CliError::Invalid)
        }
        Found::Ambiguous(at) => {
            let list: Vec<String> = at.iter().map(|a| a.to_string()).collect();
            eprintln!(
                "error: failed to cite: the words occur {} times in {} (at characters {})\n  = hint: cite more words so that they occur once",
                at.len(),
                args.source.display(),
                list.join(", ")
            );
            Err(CliError::Invalid)
        }
        Found::Empty => Err(CliError::Usage("the words to cite are empty".into())),
    }
}

/// `000_f639….txt` → `s000`; other names → their stem in id form.
fn default_id(path: &std::path::Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("source");
    let digits: String = stem.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return format!("s{digits}");
    }
    stem.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect()
}

fn toml_string(s: &str) -> String {
    let escaped: String = s
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            '\n' => vec!['\\', 'n'],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}
