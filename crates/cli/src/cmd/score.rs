//! `armistice score FORECAST.json RESOLUTIONS.json`: Brier and log scores, calibration,
//! and the no-skill baselines.
//!
//! The forecast is read into a minimal struct of its own (question ids and probabilities
//! only), so any JSON with a `questions` array of `{id, probability}` can be scored, the
//! output of `run --json` included.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use armistice_report::score::{self, Forecasted};

use crate::cli::ScoreArgs;
use crate::error::{CliError, CliResult};
use crate::output;

/// The part of a forecast that scoring reads.
#[derive(Debug, Deserialize)]
struct ForecastFile {
    questions: Vec<Forecasted>,
}

pub(crate) fn run(args: ScoreArgs) -> CliResult {
    let forecast: ForecastFile = read_json(
        &args.forecast,
        "a forecast written by `armistice run --json`: { \"questions\": [{ \"id\": …, \"probability\": … }, …] }",
    )?;
    let resolutions: BTreeMap<String, bool> = read_json(
        &args.resolutions,
        "an object of question ids to true or false: { \"QUESTION_ID\": true, … }",
    )?;
    let scores = match score::score(&forecast.questions, &resolutions) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: failed to score {}: {e}", args.forecast.display());
            return Err(CliError::Invalid);
        }
    };
    let to_stdout = args.json.as_deref() == Some(Path::new("-"));
    if !to_stdout {
        print!("{}", score::summary(&scores));
    }
    if let Some(path) = &args.json {
        let mut bytes = serde_json::to_vec_pretty(&scores)
            .map_err(|e| CliError::Other(anyhow::anyhow!("failed to serialise the scores: {e}")))?;
        bytes.push(b'\n');
        output::write(path, &bytes)?;
    }
    Ok(())
}

/// Reads and parses a JSON file; a missing file or bad JSON is the user's input problem
/// (exit 1), reported with the file, line and column and what was expected.
pub(crate) fn read_json<T: DeserializeOwned>(path: &Path, expected: &str) -> Result<T, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: failed to read {}: {e}", path.display());
            return Err(CliError::Invalid);
        }
    };
    match serde_json::from_str(&text) {
        Ok(v) => Ok(v),
        Err(e) => {
            // serde_json's message ends with " at line L column C"; the location is shown
            // in the file:line:column form instead.
            let msg = e.to_string();
            let msg = match msg.rfind(" at line ") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            eprintln!(
                "error: failed to read {}:{}:{}: {msg}\n  = hint: expected {expected}",
                path.display(),
                e.line(),
                e.column()
            );
            Err(CliError::Invalid)
        }
    }
}
