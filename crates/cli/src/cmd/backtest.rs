//! `armistice backtest FILE.csv`: every static model on a long table whose issues carry
//! recorded outcomes; mean absolute error per model with bootstrap intervals and paired
//! differences against the weighted mean.
//!
//! The table is read by `armistice_import::csv_table` (the format of `import csv`) and
//! turned straight into an [`Instance`]: a backtest table has no distributions, so there
//! is nothing to sample, and no scenario file needs to be written.

use std::collections::BTreeMap;

use armistice_import::{csv_table, ImportedScenario};
use armistice_models::registry;
use armistice_report::backtest::{self, Input};
use armistice_scenario::instance::{ActorValues, Instance, IssueValues, StanceValues};
use armistice_scenario::types::ModelOptions;

use crate::cli::BacktestArgs;
use crate::error::{CliError, CliResult};

/// The model every other is compared with: the capability × salience weighted mean, the
/// usual baseline of the EU decision-making literature.
const REFERENCE: &str = "mean";

pub(crate) fn run(args: BacktestArgs) -> CliResult {
    let name = args.file.display().to_string();
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: failed to read {name}: {e}");
            return Err(CliError::Invalid);
        }
    };
    let imported = match csv_table(&text, &name) {
        Ok(s) => s,
        Err(diags) => {
            for d in diags {
                eprintln!("error: {name}:{}:{}: {}", d.line, d.column, d.message);
                if let Some(h) = d.hint {
                    eprintln!("  = hint: {h}");
                }
            }
            return Err(CliError::Invalid);
        }
    };
    if !imported.issues.iter().any(|i| i.outcome.is_some()) {
        eprintln!(
            "error: failed to backtest {name}: no issue has a recorded outcome\n  = hint: add an `outcome` column (0–100) to the table"
        );
        return Err(CliError::Invalid);
    }

    let instance = instance_of(&imported);
    let options = ModelOptions::default();
    let with_outcome: Vec<usize> =
        (0..imported.issues.len()).filter(|&i| imported.issues[i].outcome.is_some()).collect();
    let models = crate::cmd::solve::configured_models(registry::NAMES, &options)?
        .iter()
        .map(|m| {
            let p = m.predict(&instance);
            let preds = with_outcome
                .iter()
                .map(|&i| p.issues.get(i).and_then(|o| o.value))
                .collect::<Vec<_>>();
            (m.name().to_string(), preds)
        })
        .collect();
    let input = Input {
        issues: with_outcome.iter().map(|&i| imported.issues[i].id.clone()).collect(),
        outcomes: with_outcome.iter().filter_map(|&i| imported.issues[i].outcome).collect(),
        models,
    };
    let result = backtest::backtest(&input, REFERENCE, args.resamples, args.seed);
    print!("{}", backtest::summary(&result));
    Ok(())
}

/// The imported table as one draw: every number is already a constant.
fn instance_of(s: &ImportedScenario) -> Instance {
    // Group names become indices in order of first appearance (a BTreeMap keeps the
    // lookup deterministic).
    let mut groups: BTreeMap<&str, u32> = BTreeMap::new();
    let issues = s
        .issues
        .iter()
        .map(|i| IssueValues {
            status_quo: i.status_quo,
            group: i.group.as_deref().map(|g| {
                let next = groups.len() as u32;
                *groups.entry(g).or_insert(next)
            }),
        })
        .collect();
    let mut stances: Vec<Vec<StanceValues>> = vec![Vec::new(); s.issues.len()];
    let mut sorted = s.stances.clone();
    sorted.sort_by_key(|st| (st.issue, st.actor));
    for st in sorted {
        if let Some(list) = stances.get_mut(st.issue) {
            list.push(StanceValues {
                actor: st.actor,
                position: st.position,
                salience: st.salience,
                red_line: None,
            });
        }
    }
    Instance {
        // A table has no roles; no actor is a veto player, as in the EU literature's
        // data sets where the models weigh every actor by capability and salience.
        actors: s
            .actors
            .iter()
            .map(|a| ActorValues { capability: a.capability, veto: false })
            .collect(),
        issues,
        stances,
        rng_seed: s.smp.as_ref().and_then(|p| p.seed).unwrap_or(1),
    }
}
