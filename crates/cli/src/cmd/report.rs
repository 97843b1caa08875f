//! `armistice report [SCENARIO] --out DIR`: a self-contained HTML report and a Markdown
//! report of a scenario's forecast, with the tornado charts of the sensitivity analysis
//! and the what-if comparisons of any `--overlay`.
//!
//! The forecast and the comparisons use `--runs`; the tornado swings use at most
//! [`SWING_RUNS`] runs per setting, because they cost `2 · inputs` times as many runs
//! (the flagship has about 300 uncertain inputs). Progress goes to stderr, stage by stage,
//! and the command ends by printing where it wrote its files.

use std::path::{Path, PathBuf};

use armistice_models::model::Prediction;
use armistice_models::registry;
use armistice_report::compare::McConfig;
use armistice_report::html::{self, Report, Tornado};
use armistice_report::json::Forecast;
use armistice_report::markdown;
use armistice_report::sensitivity;
use armistice_report::sensitivity::Offset;
use armistice_report::svg::Swing;
use armistice_scenario::dist::Draw;
use armistice_scenario::instance::Instance;
use armistice_scenario::types::Scenario;
use armistice_sim::runner::Progress;
use armistice_sim::Prepared;

use crate::cli::ReportArgs;
use crate::cmd::compare::{compare_all, load_overlays, simulate, Engine, Variant};
use crate::error::{CliError, CliResult};
use crate::load::load_scenario;
use crate::progress::Bar;

/// Runs per setting for the tornado swings.
pub(crate) const SWING_RUNS: u64 = 200;

/// Inputs per tornado chart.
const TORNADO_ROWS: usize = 10;

/// Inputs swung for the tornadoes: those with the largest first-order index on any
/// answer (the flagship has about 300 uncertain inputs; swinging them all would cost 600
/// times the swing runs).
pub(crate) const SCREEN: usize = 12;

/// Tornado charts per report: the questions in file order, then issue settlements, up
/// to this many, leaving out answers that no swung input moves (a chart of empty bars
/// says nothing); `armistice sensitivity` gives the full table.
const MAX_TORNADOES: usize = 8;

pub(crate) fn run(args: ReportArgs) -> CliResult {
    let loaded = load_scenario(args.scenario.as_deref(), &[], args.questions.as_deref())?;
    let scenario = &loaded.scenario;
    let n_runs = args.mc.runs.unwrap_or(u64::from(scenario.meta.runs));
    if n_runs == 0 {
        return Err(CliError::Usage("--runs must be at least 1".into()));
    }
    let cfg = McConfig {
        n_runs,
        seed: args.mc.seed.unwrap_or(scenario.meta.seed),
        threads: crate::cmd::run::threads(args.mc.threads),
    };
    let overlays =
        load_overlays(args.scenario.as_deref(), &args.overlay, args.questions.as_deref())?;
    let sources = read_sources(scenario, args.sources.as_deref());

    // One bar for the whole job: forecast, swings, then comparisons.
    let swing_runs = n_runs.min(SWING_RUNS) * (1 + 2 * scenario.params.len().min(SCREEN) as u64);
    let total = n_runs + swing_runs + n_runs * overlays.len() as u64;
    let bar = Bar::new(total, "report");
    eprintln!("report: forecast of {} ({n_runs} runs, seed {})", loaded.name, cfg.seed);
    let central = Instance::new(scenario, &Draw::central(&scenario.params), cfg.seed);
    let predictions: Vec<(String, Prediction)> =
        crate::cmd::solve::configured_models(registry::NAMES, &scenario.model_options)?
            .iter()
            .map(|m| (m.name().to_string(), m.predict(&central)))
            .collect();
    let prepared = Prepared::new(scenario);
    let forecast = crate::cmd::run::forecast_runs(
        scenario,
        &loaded.sha256,
        cfg.seed,
        n_runs,
        cfg.threads,
        &|run| prepared.simulate(cfg.seed, run),
        &predictions,
        &bar,
    );
    let rest = Offset { inner: &bar, base: n_runs };
    let report = build(scenario, &forecast, &sources, &overlays, &cfg, &simulate, &rest);
    bar.finish();
    let [html_path, md_path] = write(&args.out, &report)?;
    println!("wrote {} and {}", html_path.display(), md_path.display());
    Ok(())
}

/// The texts of the scenario's sources from `dir`, by source index; a missing or
/// unreadable file is reported on stderr and its words are left out of the report.
pub(crate) fn read_sources(scenario: &Scenario, dir: Option<&Path>) -> Vec<Option<String>> {
    let Some(dir) = dir else { return Vec::new() };
    scenario
        .sources
        .iter()
        .map(|s| {
            let path = dir.join(&s.path);
            match std::fs::read_to_string(&path) {
                Ok(text) => Some(text),
                Err(e) => {
                    eprintln!("warning: failed to read source {} ({}): {e}", s.id, path.display());
                    None
                }
            }
        })
        .collect()
}

/// Builds the report: the forecast, then the tornadoes, then the comparisons.
pub(crate) fn build(
    scenario: &Scenario,
    forecast: &Forecast,
    sources: &[Option<String>],
    overlays: &[Variant],
    cfg: &McConfig,
    engine: &Engine,
    progress: &dyn Progress,
) -> Report {
    let mut report = Report::new(scenario, forecast, sources);

    let swing_cfg = McConfig { n_runs: cfg.n_runs.min(SWING_RUNS), ..*cfg };
    let swung = scenario.params.len().min(SCREEN) as u64;
    let swing_runs = swing_cfg.n_runs * (1 + 2 * swung);
    eprintln!(
        "report: sensitivity of {} answers to {} inputs ({} runs)",
        scenario.questions.len() + scenario.issues.len(),
        scenario.params.len(),
        swing_runs
    );
    let (sens, _) = sensitivity::run_screened(
        scenario,
        &swing_cfg,
        Some(SCREEN),
        |s: &Scenario, seed, i| engine(s, seed, i),
        progress,
    );
    for a in &sens.answers {
        if report.tornadoes.len() == MAX_TORNADOES {
            break;
        }
        let swings = sensitivity::tornado_rows(a, TORNADO_ROWS);
        let Some(baseline) = a.baseline else { continue };
        if moves(baseline, &swings) {
            report.tornadoes.push(Tornado {
                title: a.label.clone(),
                x_label: a.id.clone(),
                baseline,
                swings,
            });
        }
    }

    if !overlays.is_empty() {
        eprintln!(
            "report: {} what-if comparisons ({} paired runs each)",
            overlays.len(),
            cfg.n_runs
        );
        let after_swings = Offset { inner: progress, base: swing_runs };
        let (comparisons, _) = compare_all(scenario, overlays, cfg, engine, &after_swings);
        report.comparisons = comparisons;
    }
    report
}

/// Whether any swing moves the answer away from its baseline.
fn moves(baseline: f64, swings: &[Swing]) -> bool {
    swings.iter().any(|s| s.at_low != baseline || s.at_high != baseline)
}

/// Writes `report.html` and `report.md` into `dir` (created if needed), each atomically,
/// and returns their paths.
pub(crate) fn write(dir: &Path, report: &Report) -> Result<[PathBuf; 2], CliError> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: failed to create {}: {e}", dir.display());
        return Err(CliError::Invalid);
    }
    let html_path = dir.join("report.html");
    let md_path = dir.join("report.md");
    crate::output::write(&html_path, html::render(report).as_bytes())?;
    crate::output::write(&md_path, markdown::render(report).as_bytes())?;
    Ok([html_path, md_path])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::compare::tests::{engine, scenario};
    use armistice_sim::runner::Silent;

    #[test]
    fn report_pipeline_writes_html_and_markdown() {
        let s = scenario("");
        let cfg = McConfig { n_runs: 500, seed: 4, threads: 2 };
        let forecast = crate::cmd::run::forecast_runs(
            &s,
            "00",
            cfg.seed,
            cfg.n_runs,
            cfg.threads,
            &|i| engine(&s, cfg.seed, i),
            &[],
            &Silent,
        );
        let mut strong = scenario("");
        strong.actors[0].capability = armistice_scenario::dist::Num::Fixed(70.0);
        let overlays =
            [Variant { label: "strong.toml".into(), title: "A stronger".into(), scenario: strong }];
        let report = build(&s, &forecast, &[], &overlays, &cfg, &engine, &Silent);
        assert_eq!(report.tornadoes.len(), 2);
        assert_eq!(report.comparisons.len(), 1);

        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("out");
        let [h, m] = write(&out, &report).unwrap_or_else(|_| panic!("write failed"));
        let html = std::fs::read_to_string(h).unwrap_or_default();
        let md = std::fs::read_to_string(m).unwrap_or_default();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains("<script"));
        // Actors, ceasefire, signed, outcomes, one issue, two tornadoes.
        assert_eq!(html.matches("<svg ").count(), 7);
        assert!(md.contains("## What-if comparisons") && md.contains("A stronger"));
    }

    #[test]
    fn answers_that_nothing_moves_get_no_tornado() {
        let swing = |at_low, at_high| Swing { label: "x".into(), at_low, at_high };
        assert!(!moves(0.0, &[]));
        assert!(!moves(0.0, &[swing(0.0, 0.0), swing(0.0, 0.0)]));
        assert!(moves(0.0, &[swing(0.0, 0.0), swing(0.0, 0.005)]));
        assert!(moves(0.4, &[swing(0.3, 0.4)]));
    }

    #[test]
    fn missing_sources_are_left_out() {
        let mut s = scenario("");
        s.sources.push(armistice_scenario::types::Source {
            id: "s1".into(),
            title: "t".into(),
            publisher: String::new(),
            date: String::new(),
            path: "nowhere.txt".into(),
        });
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_sources(&s, Some(dir.path())), vec![None]);
        assert!(read_sources(&s, None).is_empty());
    }
}
