//! `armistice sensitivity [SCENARIO]`: one-at-a-time swings of every uncertain input
//! between its p10 and p90, and a first-order variance index per input.
//!
//! The cost is `runs · (1 + 2 · inputs)` engine runs (see `docs/analysis.md`), so without
//! `--runs` this command uses at most [`DEFAULT_RUNS`] runs per setting rather than the
//! scenario's default, and says what it will spend before it starts.

use std::path::Path;

use armistice_report::compare::McConfig;
use armistice_report::sensitivity::{self, Sensitivity};
use armistice_scenario::types::Scenario;
use armistice_sim::runner::{Completion, Progress};

use crate::cli::SensitivityArgs;
use crate::cmd::compare::{simulate, Engine};
use crate::error::{CliError, CliResult};
use crate::load::load_scenario;
use crate::progress::Bar;

/// Runs per setting without `--runs`.
pub(crate) const DEFAULT_RUNS: u64 = 1000;

/// Inputs shown per answer in the terminal summary.
const SHOWN: usize = 10;

pub(crate) fn run(args: SensitivityArgs) -> CliResult {
    let loaded = load_scenario(args.scenario.as_deref(), &[], args.questions.as_deref())?;
    let scenario = &loaded.scenario;
    if args.mc.runs == Some(0) {
        return Err(CliError::Usage("--runs must be at least 1".into()));
    }
    let cfg = McConfig {
        n_runs: runs(args.mc.runs, scenario),
        seed: args.mc.seed.unwrap_or(scenario.meta.seed),
        threads: crate::cmd::run::threads(args.mc.threads),
    };
    let bar = Bar::new(cfg.n_runs * (1 + 2 * scenario.params.len() as u64), "sensitivity");
    let (s, done) = analyse(scenario, &cfg, &simulate, &bar);
    bar.finish();
    emit(&s, args.json.as_deref())?;
    if done == Completion::Cancelled {
        eprintln!("interrupted: the swings cover the settings that finished");
    }
    Ok(())
}

/// Runs per setting: the flag, else the smaller of the scenario's default and [`DEFAULT_RUNS`].
pub(crate) fn runs(flag: Option<u64>, scenario: &Scenario) -> u64 {
    flag.unwrap_or_else(|| u64::from(scenario.meta.runs).min(DEFAULT_RUNS)).max(1)
}

/// The analysis, with a line on stderr saying what it costs.
pub(crate) fn analyse(
    scenario: &Scenario,
    cfg: &McConfig,
    engine: &Engine,
    progress: &dyn Progress,
) -> (Sensitivity, Completion) {
    let n_inputs = scenario.params.len() as u64;
    eprintln!(
        "sensitivity: {n_inputs} uncertain inputs, {} runs per setting, {} runs in all \
         (--runs sets the runs per setting; Ctrl-C stops and reports what finished)",
        cfg.n_runs,
        cfg.n_runs * (1 + 2 * n_inputs)
    );
    sensitivity::run(scenario, cfg, |s: &Scenario, seed, i| engine(s, seed, i), progress)
}

/// Writes the result: the tables on stdout unless the JSON goes there, and the JSON.
pub(crate) fn emit(s: &Sensitivity, json: Option<&Path>) -> CliResult {
    use std::io::Write;
    if json != Some(Path::new("-")) {
        let mut out = std::io::stdout().lock();
        out.write_all(sensitivity::summary(s, SHOWN).as_bytes())?;
        out.flush()?;
    }
    if let Some(path) = json {
        let mut bytes = serde_json::to_vec_pretty(s).map_err(|e| {
            CliError::Other(anyhow::anyhow!("failed to serialise the sensitivity table: {e}"))
        })?;
        bytes.push(b'\n');
        crate::output::write(path, &bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::compare::tests::{engine, scenario};
    use armistice_sim::runner::Silent;

    #[test]
    fn swings_on_the_parsed_toy_scenario() {
        let s = scenario("");
        assert_eq!(runs(None, &s), 1000);
        assert_eq!(runs(Some(7), &s), 7);
        let cfg = McConfig { n_runs: 1000, seed: 2, threads: 2 };
        let (r, done) = analyse(&s, &cfg, &engine, &Silent);
        assert_eq!(done, Completion::All);
        let q = &r.answers[0];
        assert_eq!(q.id, "question.signed");
        // b's salience drives the ceasefire; b's capability only sets the terms.
        assert_eq!(q.inputs[0].path, "stance.b.border.salience");
        assert!(q.inputs[0].at_high > q.inputs[0].at_low);
        assert_eq!(q.inputs[1].swing, 0.0);
        let terms = &r.answers[1];
        assert_eq!(terms.id, "settlement.border");
        assert_eq!(terms.inputs[0].path, "actor.b.capability");
        // Triangular(30, 40, 50): p10 = 30 + √(0.1·20·10) = 34.47, p90 = 45.53.
        assert!((terms.inputs[0].p10 - 34.472).abs() < 1e-3, "{:?}", terms.inputs[0]);
    }
}
