//! `armistice compare [SCENARIO] --overlay FILE…`: the baseline and each overlay with the
//! same seed and run indices (common random numbers), and the paired differences.
//!
//! [`compare_all`] is the whole command apart from loading and printing; it takes the
//! engine as a parameter so that it is tested here with a synthetic one.

use std::path::{Path, PathBuf};

use armistice_report::compare::{self, Comparison, McConfig};
use armistice_report::sensitivity::Offset;
use armistice_scenario::types::Scenario;
use armistice_sim::history::History;
use armistice_sim::runner::{Completion, Progress};

use crate::cli::CompareArgs;
use crate::error::{CliError, CliResult};
use crate::load::load_scenario;
use crate::progress::Bar;

/// The engine: one run as a pure function of (scenario, seed, run index).
pub(crate) type Engine = dyn Fn(&Scenario, u64, u64) -> History + Sync;

/// An overlaid scenario and how to name it.
pub(crate) struct Variant {
    /// The overlay's id, or its file name.
    pub(crate) label: String,
    pub(crate) title: String,
    pub(crate) scenario: Scenario,
}

pub(crate) fn run(args: CompareArgs) -> CliResult {
    let base = load_scenario(args.scenario.as_deref(), &[], args.questions.as_deref())?;
    let scenario = &base.scenario;
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
    let bar = Bar::new(n_runs * overlays.len() as u64, "comparing");
    let (comparisons, done) = compare_all(scenario, &overlays, &cfg, &simulate, &bar);
    bar.finish();
    emit(&comparisons, args.json.as_deref())?;
    if done == Completion::Cancelled {
        eprintln!("interrupted: the comparisons cover the paired runs that finished");
    }
    Ok(())
}

/// The engine as [`Engine`].
pub(crate) fn simulate(s: &Scenario, seed: u64, run: u64) -> History {
    armistice_sim::simulate(s, seed, run)
}

/// Loads the scenario once per overlay, with that overlay applied.
pub(crate) fn load_overlays(
    scenario: Option<&Path>,
    overlays: &[PathBuf],
    questions: Option<&Path>,
) -> Result<Vec<Variant>, CliError> {
    overlays
        .iter()
        .map(|path| {
            let loaded = load_scenario(scenario, std::slice::from_ref(path), questions)?;
            let label = path
                .file_name()
                .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let title = overlay_title(&text).unwrap_or_else(|| label.clone());
            Ok(Variant { label, title, scenario: loaded.scenario })
        })
        .collect()
}

/// The `title` of an overlay's `[overlay]` table, when it is a plain one-line string.
/// Only a label for tables and reports: the loader has already validated the overlay.
pub(crate) fn overlay_title(text: &str) -> Option<String> {
    let mut in_overlay = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_overlay = line == "[overlay]";
            continue;
        }
        if !in_overlay {
            continue;
        }
        let Some(rest) = line.strip_prefix("title") else { continue };
        let rest = rest.trim_start().strip_prefix('=')?.trim();
        let inner = rest.strip_prefix('"')?;
        let end = inner.find('"')?;
        return Some(inner[..end].to_string());
    }
    None
}

/// Compares each overlay with the baseline; stops early when cancelled.
pub(crate) fn compare_all(
    baseline: &Scenario,
    overlays: &[Variant],
    cfg: &McConfig,
    engine: &Engine,
    progress: &dyn Progress,
) -> (Vec<Comparison>, Completion) {
    let mut out = Vec::new();
    for (k, v) in overlays.iter().enumerate() {
        // Each overlay costs 2·n runs; the bar counts pairs of runs across overlays.
        let stage = Offset { inner: progress, base: k as u64 * cfg.n_runs };
        let (c, done) = compare::run(
            baseline,
            &v.scenario,
            (&v.label, &v.title),
            cfg,
            |s: &Scenario, seed, i| engine(s, seed, i),
            &stage,
        );
        out.push(c);
        if done == Completion::Cancelled {
            return (out, done);
        }
    }
    (out, Completion::All)
}

/// Writes the comparisons: the tables on stdout unless the JSON goes there, and the JSON.
pub(crate) fn emit(comparisons: &[Comparison], json: Option<&Path>) -> CliResult {
    use std::io::Write;
    if json != Some(Path::new("-")) {
        let mut out = std::io::stdout().lock();
        out.write_all(compare::summary(comparisons).as_bytes())?;
        out.flush()?;
    }
    if let Some(path) = json {
        let mut bytes = serde_json::to_vec_pretty(comparisons).map_err(|e| {
            CliError::Other(anyhow::anyhow!("failed to serialise the comparison: {e}"))
        })?;
        bytes.push(b'\n');
        crate::output::write(path, &bytes)?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use armistice_scenario::dist::{Dist, Draw, ParamDef};
    use armistice_scenario::types::{AgreementId, IssueId};
    use armistice_sim::history::Signing;
    use armistice_sim::runner::Silent;

    /// The toy scenario of `testdata/scenarios/` with a deal kind and a question, parsed
    /// by the real validator.
    pub(crate) fn scenario(extra: &str) -> Scenario {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/scenarios/toy.toml");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let text = format!(
            "{text}\n[[agreement]]\nid = \"ceasefire\"\nclass = \"ceasefire\"\nissues = [\"border\"]\nopen = true\n\n[[question]]\nid = \"signed\"\ntext = \"Ceasefire by June?\"\nclose = 2025-06-01\nwhen = {{ signed = \"ceasefire\" }}\n{extra}"
        );
        let (s, diags) = armistice_scenario::validate::validate("toy.toml", &text, None);
        match s {
            Some(s) => s,
            None => panic!("toy scenario does not validate: {diags:?}"),
        }
    }

    /// A synthetic engine: a ceasefire in period 3 when b's salience (uniform 60–90) plus
    /// noise beats a's capability; its terms are b's capability.
    pub(crate) fn engine(s: &Scenario, seed: u64, run: u64) -> History {
        let draw = Draw::sample(&s.params, seed, run);
        let value = |path: &str| {
            s.params.iter().position(|p| p.path == path).map_or(f64::NAN, |i| draw.values[i])
        };
        let noise_def = ParamDef {
            path: "engine.noise".into(),
            dist: Dist::Uniform { a: -15.0, b: 15.0 },
            lo: -15.0,
            hi: 15.0,
        };
        let noise = Draw::sample(&[noise_def], seed, run).values[0];
        let capability_a = s.actors[0].capability.get(&draw);
        let mut h = History { periods: 20, ..History::default() };
        if value("stance.b.border.salience") + noise > capability_a + 10.0 {
            h.signings.push(Signing {
                deal: AgreementId(0),
                period: 3,
                terms: vec![(IssueId(0), s.actors[1].capability.get(&draw))],
            });
        }
        h
    }

    #[test]
    fn overlay_titles_are_read_from_the_overlay_table() {
        let t =
            "# x\n[overlay]\nid = \"cut\"\ntitle = \"US aid cut\"\n[scenario]\ntitle = \"no\"\n";
        assert_eq!(overlay_title(t).as_deref(), Some("US aid cut"));
        assert_eq!(overlay_title("[scenario]\ntitle = \"no\"\n"), None);
    }

    #[test]
    fn param_paths_are_the_ones_the_engine_reads() {
        let s = scenario("");
        let paths: Vec<&str> = s.params.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"stance.b.border.salience"), "{paths:?}");
        assert!(paths.contains(&"actor.b.capability"), "{paths:?}");
    }

    #[test]
    fn unchanged_overlay_is_exactly_zero_and_a_stronger_a_lowers_the_ceasefire() {
        let base = scenario("");
        let same =
            Variant { label: "same".into(), title: "nothing".into(), scenario: scenario("") };
        // Raising a's capability raises the bar b's resolve must clear.
        let mut strong = scenario("");
        strong.actors[0].capability = armistice_scenario::dist::Num::Fixed(70.0);
        let strong =
            Variant { label: "strong".into(), title: "a stronger".into(), scenario: strong };
        let cfg = McConfig { n_runs: 3000, seed: 11, threads: 2 };
        let (cs, done) = compare_all(&base, &[same, strong], &cfg, &engine, &Silent);
        assert_eq!(done, Completion::All);
        let q = &cs[0].questions[0].paired;
        assert!(q.baseline > 0.2 && q.baseline < 0.8, "{q:?}");
        assert_eq!((q.diff, q.ci95), (0.0, [0.0, 0.0]));
        let s = cs[0].issues[0].settlement.map(|p| (p.diff, p.ci95));
        assert_eq!(s, Some((0.0, [0.0, 0.0])));
        let q = &cs[1].questions[0].paired;
        assert!(q.diff < -0.2 && q.ci95[1] < 0.0, "{q:?}");
        let text = compare::summary(&cs);
        assert!(text.contains("+0.0 pp"), "{text}");
    }
}
