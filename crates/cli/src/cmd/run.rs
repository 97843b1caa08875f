//! `armistice run`: the Monte Carlo forecast of a scenario with the
//! bargaining-while-fighting engine.
//!
//! Output: a human summary on stdout (omitted when `--json -` puts the JSON there), a
//! progress bar on stderr when the work is slow and stderr is a terminal, and the
//! forecast JSON where `--json` says. Ctrl-C stops at a chunk boundary; the summary and
//! JSON then cover the runs that finished (JSON key `runs_completed`), a note on stderr
//! says so, and the exit code is still 0 because what was written is valid.

use std::path::Path;

use armistice_models::model::Prediction;
use armistice_models::registry;
use armistice_report::json::{forecast, Forecast, RunInfo};
use armistice_scenario::dist::Draw;
use armistice_scenario::instance::Instance;
use armistice_scenario::types::Scenario;
use armistice_sim::aggregate::Tally;
use armistice_sim::history::History;
use armistice_sim::runner::{run_many, Completion, Progress};
use armistice_sim::Prepared;

use crate::cli::RunArgs;
use crate::error::{CliError, CliResult};
use crate::load::load_scenario;
use crate::progress::Bar;

pub(crate) fn run(args: RunArgs) -> CliResult {
    let loaded = load_scenario(args.scenario.as_deref(), &args.overlay, args.questions.as_deref())?;
    let scenario = &loaded.scenario;
    let n_runs = args.mc.runs.unwrap_or(u64::from(scenario.meta.runs));
    if n_runs == 0 {
        return Err(CliError::Usage("--runs must be at least 1".into()));
    }
    let seed = args.mc.seed.unwrap_or(scenario.meta.seed);
    let threads = threads(args.mc.threads);

    // The static models' answers on the central draw sit beside the simulated settlements.
    let central = Instance::new(scenario, &Draw::central(&scenario.params), seed);
    let models = crate::cmd::solve::configured_models(registry::NAMES, &scenario.model_options)?;
    let predictions: Vec<(String, Prediction)> =
        models.iter().map(|m| (m.name().to_string(), m.predict(&central))).collect();

    let prepared = Prepared::new(scenario);
    let bar = Bar::new(n_runs, "simulating");
    let f = forecast_runs(
        scenario,
        &loaded.sha256,
        seed,
        n_runs,
        threads,
        &|run| prepared.simulate(seed, run),
        &predictions,
        &bar,
    );
    bar.finish();
    emit(&f, args.json.as_deref())
}

/// Runs `n_runs` simulations (`simulate(run index)`) on `threads` threads and builds the
/// forecast. The result does not depend on `threads`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn forecast_runs(
    scenario: &Scenario,
    scenario_sha256: &str,
    seed: u64,
    n_runs: u64,
    threads: usize,
    simulate: &(dyn Fn(u64) -> History + Sync),
    predictions: &[(String, Prediction)],
    progress: &dyn Progress,
) -> Forecast {
    let finished = run_many(
        n_runs,
        threads,
        simulate,
        || Tally::new(scenario),
        |tally, _, history| tally.add(&history, scenario),
        |total, chunk| total.merge(chunk),
        progress,
    );
    let info = RunInfo {
        scenario_sha256,
        seed,
        runs_requested: n_runs,
        runs_completed: match finished.completion {
            Completion::All => None,
            Completion::Cancelled => Some(finished.runs_completed),
        },
        version: env!("CARGO_PKG_VERSION"),
    };
    forecast(scenario, &finished.acc, &info, predictions)
}

/// Writes the forecast: the summary on stdout unless the JSON goes there, and the JSON.
pub(crate) fn emit(f: &Forecast, json: Option<&Path>) -> CliResult {
    let interrupted = f.runs_completed.map(|done| (done, f.runs, "runs"));
    crate::output::emit(&armistice_report::table::run_summary(f), f, json, interrupted)
}

/// The thread count: the flag, else every core.
pub(crate) fn threads(flag: Option<usize>) -> usize {
    match flag {
        Some(n) => n.max(1),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

#[cfg(test)]
mod tests {
    use armistice_scenario::dist::{stream, Num};
    use armistice_scenario::types::{
        AgreementClass, AgreementId, AgreementKind, Evidence, Issue, IssueId, Meta, ModelOptions,
        Predicate, Question,
    };
    use armistice_sim::history::{EndCause, Ending, Signing};
    use armistice_sim::runner::Silent;
    use jiff::civil::date;
    use rand::Rng;

    use super::*;

    fn scenario() -> Scenario {
        Scenario {
            meta: Meta {
                id: "synthetic".into(),
                title: "synthetic".into(),
                description: String::new(),
                as_of: date(2025, 4, 7),
                period_days: 7,
                horizon: 52,
                runs: 100,
                seed: 1,
            },
            sources: vec![],
            actors: vec![],
            issues: vec![Issue {
                id: "border".into(),
                name: "Border".into(),
                low: String::new(),
                high: String::new(),
                points: vec![],
                status_quo: Num::Fixed(50.0),
                group: None,
                outcome: None,
                phi: 1.0,
                evidence: Evidence::default(),
            }],
            stances: vec![],
            campaign: None,
            levers: vec![],
            agreements: vec![AgreementKind {
                id: "ceasefire".into(),
                name: "Ceasefire".into(),
                class: AgreementClass::Ceasefire,
                issues: vec![IssueId(0)],
                veto: vec![],
                hazard: Num::Fixed(0.01),
                expiry: None,
                open: true,
                evidence: Evidence::default(),
            }],
            channels: vec![],
            events: vec![],
            questions: vec![Question {
                id: "cf".into(),
                text: "Ceasefire in force on 1 October?".into(),
                close: date(2025, 10, 1),
                predicate: Predicate::InForce { deal: AgreementId(0), on: date(2025, 10, 1) },
            }],
            params: vec![],
            issue_groups: vec![],
            model_options: ModelOptions::default(),
        }
    }

    /// A stand-in for the engine: a ceasefire signed at a random period with random terms
    /// on the border, breaking down at random, all from the run's own stream.
    fn synthetic(seed: u64, run: u64) -> History {
        let mut rng = stream(seed, run, "synthetic-engine");
        let mut h = History { periods: 52, control: vec![vec![0.5]; 53], ..History::default() };
        if rng.random::<f64>() < 0.7 {
            let period = rng.random_range(0..52);
            h.signings.push(Signing {
                deal: AgreementId(0),
                period,
                terms: vec![(IssueId(0), rng.random::<f64>() * 100.0)],
            });
            if rng.random::<f64>() < 0.4 {
                let end = rng.random_range(period..52);
                h.endings.push(Ending { signing: 0, period: end, cause: EndCause::Breakdown });
            }
        }
        h
    }

    fn json(seed: u64, n: u64, threads: usize) -> String {
        let s = scenario();
        let f = forecast_runs(&s, "00", seed, n, threads, &|i| synthetic(seed, i), &[], &Silent);
        armistice_report::json::to_json(&f).expect("serialises")
    }

    #[test]
    fn forecast_json_is_byte_identical_for_any_thread_count() {
        let one = json(3, 5000, 1);
        assert_eq!(one, json(3, 5000, 8));
        assert_eq!(one, json(3, 5000, 3));
        assert!(one.contains("\"runs\": 5000"));
    }

    #[test]
    fn different_seeds_give_different_forecasts() {
        assert_ne!(json(3, 2000, 2), json(4, 2000, 2));
    }
}
