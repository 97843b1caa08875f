//! `armistice import ktab|csv FILE [-o SCENARIO]`: convert another tool's scenario into an
//! Armistice scenario file, then validate what was written so a bad conversion never passes silently.

use anyhow::Context;

use armistice_import::ImportDiagnostic;
use armistice_scenario::diag::Severity;

use crate::cli::{ImportArgs, ImportFormat};
use crate::error::{CliError, CliResult};
use crate::output;

pub(crate) fn run(args: ImportArgs) -> CliResult {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("failed to read {}", args.file.display()))?;
    let name = args.file.display().to_string();
    let is_xml = args
        .file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    let imported = match (args.format, is_xml) {
        (ImportFormat::Ktab, true) => armistice_import::ktab_xml(&text, &name),
        (ImportFormat::Ktab, false) => armistice_import::ktab_csv(&text, &name),
        (ImportFormat::Csv, _) => armistice_import::csv_table(&text, &name),
    };
    let imported = match imported {
        Ok(s) => s,
        Err(diags) => {
            eprint!("{}", render(&name, &diags));
            eprintln!("error: failed to import {name}: {} problem(s)", diags.len());
            return Err(CliError::Invalid);
        }
    };
    let toml = armistice_import::to_toml(&imported);
    // The writer and the validator are separate code; validating here catches any drift
    // between them before the user gets a file that `check` would reject.
    let (scenario, diags) = armistice_scenario::validate::validate(&name, &toml, None);
    if scenario.is_none() || diags.iter().any(|d| d.severity == Severity::Error) {
        eprint!("{}", armistice_scenario::diag::render("<imported>", &toml, &diags));
        return Err(CliError::Other(anyhow::anyhow!(
            "failed to import {name}: the converted scenario does not validate"
        )));
    }
    match &args.output {
        Some(path) => {
            output::write(path, toml.as_bytes())?;
            eprintln!(
                "wrote {} ({} actors, {} issues)",
                path.display(),
                imported.actors.len(),
                imported.issues.len()
            );
        }
        None => output::write(std::path::Path::new("-"), toml.as_bytes())?,
    }
    Ok(())
}

fn render(name: &str, diags: &[ImportDiagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&format!("{name}:{}:{}: error: {}\n", d.line, d.column, d.message));
        if let Some(h) = &d.hint {
            out.push_str(&format!("  = hint: {h}\n"));
        }
    }
    out
}
