//! `armistice trace [SCENARIO] --run K [--seed S]`: one run of the war model, period
//! by period — each front's control, both sides' beliefs (μ, V) and projected T̂,
//! every talks event with each veto player's value U, disagreement value d (its own and
//! the mediator's), the blame, levers triggered and taking effect, deals signed and
//! ended, and the slack of the bargaining range.

use std::io::Write as _;

use armistice_sim::engine::Prepared;
use armistice_sim::trace::Trace;

use crate::cli::TraceArgs;
use crate::error::CliResult;
use crate::load::load_scenario;

pub(crate) fn run(args: TraceArgs) -> CliResult {
    let loaded = load_scenario(args.scenario.as_deref(), &[], None)?;
    let scenario = &loaded.scenario;
    let seed = args.seed.unwrap_or(scenario.meta.seed);
    let prepared = Prepared::new(scenario);
    let mut trace = Trace::default();
    let history = prepared.simulate_traced(seed, args.run, &mut trace);
    let mut out = std::io::stdout().lock();
    let header = format!(
        "{} ({}), seed {seed}, run {}, scenario sha256 {}\n",
        scenario.meta.title, loaded.name, args.run, loaded.sha256
    );
    let summary = format!(
        "\n{} periods, {} talks rounds, {} signings, {} endings, {} levers triggered\n",
        history.periods,
        history.rounds.len(),
        history.signings.len(),
        history.endings.len(),
        history.levers.len()
    );
    // A closed pipe (`trace … | head`) is not an error.
    let res = out
        .write_all(header.as_bytes())
        .and_then(|()| out.write_all(trace.render(scenario).as_bytes()))
        .and_then(|()| out.write_all(summary.as_bytes()));
    match res {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
