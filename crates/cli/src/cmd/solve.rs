//! `armistice solve`: the static models on the central draw and, with `--runs N`, over N
//! draws of the scenario's distributions.
//!
//! Prints one table per issue with the models side by side (omitted when `--json -`
//! puts the JSON on stdout). The draws go through the Monte Carlo runner, so the output
//! is identical for any `--threads`.

use std::path::Path;

use armistice_models::model::{Model, Prediction};
use armistice_models::options::OptionError;
use armistice_models::registry;
use armistice_report::json::{static_forecast, SolveInfo, StaticForecast};
use armistice_scenario::dist::{stream, Draw};
use armistice_scenario::instance::Instance;
use armistice_scenario::types::{ModelOptions, Scenario};
use armistice_sim::aggregate::StaticTally;
use armistice_sim::runner::{run_many, Completion, Progress};
use rand::Rng;

use crate::cli::{ModelChoice, SolveArgs};
use crate::error::{CliError, CliResult};
use crate::load::load_scenario;
use crate::progress::Bar;

pub(crate) fn run(args: SolveArgs) -> CliResult {
    // Fail on an unavailable model before any work.
    let names = model_names(args.model)?;
    let loaded = load_scenario(Some(args.scenario.as_path()), &[], None)?;
    let scenario = &loaded.scenario;
    let models = configured_models(&names, &scenario.model_options)?;
    let n_runs = args.runs.unwrap_or(0);
    let seed = args.seed;
    let instance_of = |run: Option<u64>| match run {
        None => Instance::new(scenario, &Draw::central(&scenario.params), seed),
        Some(run) => {
            let draw = Draw::sample(&scenario.params, seed, run);
            // Models with stochastic steps (the SMP's) get their own stream per draw.
            let rng_seed = stream(seed, run, "model").random::<u64>();
            Instance::new(scenario, &draw, rng_seed)
        }
    };
    let bar = Bar::new(n_runs, "sampling");
    let f = solve_static(
        scenario,
        &loaded.sha256,
        &models,
        &instance_of,
        n_runs,
        seed,
        crate::cmd::run::threads(args.threads),
        &bar,
    );
    bar.finish();
    emit(&f, args.json.as_deref())
}

/// The models called `names`, configured from the scenario's `[models.*]` tables.
/// Prints every option problem of those models as `error: [models.smp] key: message`
/// with its hint and returns [`CliError::Invalid`] (exit 1) when there is any.
pub(crate) fn configured_models(
    names: &[&str],
    options: &ModelOptions,
) -> Result<Vec<Box<dyn Model>>, CliError> {
    let mut models = Vec::new();
    let mut errors: Vec<OptionError> = Vec::new();
    for name in names {
        match registry::try_by_name(name, options) {
            Some(Ok(model)) => models.push(model),
            Some(Err(e)) => errors.extend(e),
            None => {}
        }
    }
    if errors.is_empty() {
        return Ok(models);
    }
    for e in &errors {
        eprintln!("error: {e}");
        if let Some(hint) = &e.hint {
            eprintln!("  = help: {hint}");
        }
    }
    eprintln!("error: failed to configure the models: {} problem(s) in `[models.*]`", errors.len());
    Err(CliError::Invalid)
}

/// The command-line names of the chosen models, in registry order.
pub(crate) fn model_names(choice: ModelChoice) -> Result<Vec<&'static str>, CliError> {
    use armistice_models::registry::{NAMES, PLANNED};
    let name = match choice {
        ModelChoice::All => return Ok(NAMES.to_vec()),
        ModelChoice::Mean => "mean",
        ModelChoice::Median => "median",
        ModelChoice::ExpectedUtility => "expected-utility",
        ModelChoice::Smp => "smp",
        ModelChoice::Nash => "nash",
    };
    match NAMES.contains(&name) {
        true => Ok(vec![name]),
        false => Err(CliError::Usage(format!(
            "the {name} model is not available in this build{}; expected one of {}, all",
            if PLANNED.contains(&name) { " yet" } else { "" },
            NAMES.join(", ")
        ))),
    }
}

/// Where an instance comes from: the central draw (`None`) or draw `run` of the seed.
pub(crate) type InstanceOf<'a> = &'a (dyn Fn(Option<u64>) -> Instance + Sync);

/// Runs `models` on the central instance and, when `n_runs > 0`, on `n_runs` sampled
/// instances, and builds the static forecast. The result does not depend on `threads`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn solve_static(
    scenario: &Scenario,
    scenario_sha256: &str,
    models: &[Box<dyn Model>],
    instance_of: InstanceOf<'_>,
    n_runs: u64,
    seed: u64,
    threads: usize,
    progress: &dyn Progress,
) -> StaticForecast {
    let central_instance = instance_of(None);
    let central: Vec<(String, Prediction)> =
        models.iter().map(|m| (m.name().to_string(), m.predict(&central_instance))).collect();
    let finished = match n_runs {
        0 => None,
        n => Some(run_many(
            n,
            threads,
            |run| {
                let instance = instance_of(Some(run));
                models.iter().map(|m| m.predict(&instance)).collect::<Vec<_>>()
            },
            || StaticTally::new(models.len(), scenario.issues.len()),
            |tally, _, predictions| tally.add(&predictions),
            |total, chunk| total.merge(chunk),
            progress,
        )),
    };
    let info = SolveInfo {
        scenario_sha256,
        seed: finished.as_ref().map(|_| seed),
        runs_requested: n_runs,
        runs_completed: finished.as_ref().and_then(|f| match f.completion {
            Completion::All => None,
            Completion::Cancelled => Some(f.runs_completed),
        }),
        version: env!("CARGO_PKG_VERSION"),
    };
    static_forecast(scenario, &central, finished.as_ref().map(|f| &f.acc), &info)
}

/// Writes the result: the tables on stdout unless the JSON goes there, and the JSON.
pub(crate) fn emit(f: &StaticForecast, json: Option<&Path>) -> CliResult {
    let interrupted = f.runs_completed.map(|done| (done, f.runs, "draws"));
    crate::output::emit(&armistice_report::table::solve_summary(f), f, json, interrupted)
}

#[cfg(test)]
mod tests {
    use armistice_models::registry;
    use armistice_scenario::dist::{stream, Num};
    use armistice_scenario::instance::{ActorValues, IssueValues, StanceValues};
    use armistice_scenario::types::{Evidence, Issue, Meta, ModelOptions};
    use armistice_sim::runner::Silent;
    use jiff::civil::date;
    use rand::Rng;

    use super::*;

    fn scenario() -> Scenario {
        let issue = |id: &str| Issue {
            id: id.into(),
            name: id.into(),
            low: String::new(),
            high: String::new(),
            points: vec![],
            status_quo: Num::Fixed(50.0),
            group: None,
            outcome: None,
            phi: 1.0,
            evidence: Evidence::default(),
        };
        Scenario {
            meta: Meta {
                id: "toy".into(),
                title: "toy".into(),
                description: String::new(),
                as_of: date(2025, 4, 7),
                period_days: 7,
                horizon: 10,
                runs: 10,
                seed: 1,
            },
            sources: vec![],
            actors: vec![],
            issues: vec![issue("border"), issue("sanctions")],
            stances: vec![],
            campaign: None,
            levers: vec![],
            agreements: vec![],
            channels: vec![],
            events: vec![],
            questions: vec![],
            params: vec![],
            issue_groups: vec![],
            model_options: ModelOptions::default(),
        }
    }

    /// Three actors on two issues; a draw jitters positions and saliences from the run's
    /// own stream, standing in for `Instance::new` on a sampled draw.
    fn instance(seed: u64, run: Option<u64>) -> Instance {
        let mut rng = run.map(|r| stream(seed, r, "synthetic-draw"));
        let mut jitter = |x: f64, spread: f64| match rng.as_mut() {
            Some(rng) => (x + spread * (rng.random::<f64>() - 0.5)).clamp(0.0, 100.0),
            None => x,
        };
        let base = [(20.0, 80.0, 60.0), (70.0, 40.0, 30.0), (55.0, 60.0, 50.0)];
        let stances = (0..2)
            .map(|k| {
                base.iter()
                    .enumerate()
                    .map(|(actor, &(p, s, _))| StanceValues {
                        actor,
                        position: jitter(p + 10.0 * k as f64, 30.0),
                        salience: jitter(s, 20.0),
                        red_line: None,
                    })
                    .collect()
            })
            .collect();
        Instance {
            actors: base
                .iter()
                .map(|&(_, _, c)| ActorValues { capability: jitter(c, 10.0), veto: true })
                .collect(),
            issues: vec![IssueValues { status_quo: 50.0, group: None }; 2],
            stances,
            rng_seed: run.unwrap_or(0),
        }
    }

    fn json(n: u64, threads: usize, seed: u64) -> String {
        let s = scenario();
        let models: Vec<Box<dyn Model>> = ["mean", "median", "expected-utility"]
            .iter()
            .filter_map(|m| registry::try_by_name(m, &s.model_options)?.ok())
            .collect();
        let f = solve_static(&s, "00", &models, &|r| instance(seed, r), n, seed, threads, &Silent);
        armistice_report::json::to_json(&f).expect("serialises")
    }

    #[test]
    fn solve_json_is_byte_identical_for_any_thread_count() {
        let one = json(10_000, 1, 7);
        assert_eq!(one, json(10_000, 8, 7));
        assert!(one.contains("\"p90\""), "draw summaries present");
        assert_ne!(one, json(10_000, 1, 8), "the seed matters");
    }

    #[test]
    fn solve_without_runs_reports_the_central_draw_only() {
        let text = json(0, 4, 7);
        let f: StaticForecast = serde_json::from_str(&text).expect("parses");
        assert_eq!((f.runs, f.seed), (0, None));
        let mean = &f.issues[0].models["mean"];
        // (20·80·60 + 70·40·30 + 55·60·50) / (80·60 + 40·30 + 60·50) = 345000 / 9000.
        assert_eq!(mean.central, Some(38.333333));
        assert_eq!(mean.draws, None);
    }

    #[test]
    fn unavailable_models_are_usage_errors_with_the_list() {
        assert_eq!(model_names(ModelChoice::Median).ok(), Some(vec!["median"]));
        assert!(model_names(ModelChoice::All).is_ok_and(|m| m.len() >= 4));
        match model_names(ModelChoice::Nash) {
            Err(CliError::Usage(msg)) => assert!(msg.contains("expected one of mean"), "{msg}"),
            Ok(_) => {} // once the nash model lands this choice is valid
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
}
