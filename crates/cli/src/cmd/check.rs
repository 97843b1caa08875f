//! `armistice check SCENARIO [--sources DIR] [--questions FILE]`: validate a scenario
//! and, with a sources folder, re-find every evidence anchor.
//!
//! Diagnostics go to stderr; the one-line summary goes to stdout. Exit 0 when there is
//! no error (warnings allowed), 1 otherwise.

use armistice_scenario::types::{Evidence, Scenario};
use armistice_scenario::validate::Corpus;

use crate::cli::CheckArgs;
use crate::error::{CliError, CliResult};
use crate::load::{load_checked, plural, DirCorpus};

pub(crate) fn run(args: CheckArgs) -> CliResult {
    let corpus = match &args.sources {
        Some(dir) if !dir.is_dir() => {
            return Err(CliError::Usage(format!("--sources {}: not a folder", dir.display())))
        }
        Some(dir) => Some(DirCorpus { dir: dir.clone() }),
        None => None,
    };
    let loaded = load_checked(
        Some(&args.scenario),
        &[],
        args.questions.as_deref(),
        corpus.as_ref().map(|c| c as &dyn Corpus),
        true,
    )?;
    let s = &loaded.scenario;
    let n_anchors = evidence(s).map(|e| e.anchors.len()).sum::<usize>();
    let anchors = match corpus {
        Some(_) => format!("{} checked", plural(n_anchors, "anchor")),
        None if n_anchors == 0 => "0 anchors checked".to_string(),
        None => format!("0 anchors checked ({n_anchors} not checked: no --sources)"),
    };
    let warnings = match loaded.warnings {
        0 => String::new(),
        n => format!("; {}", plural(n, "warning")),
    };
    println!(
        "ok: {}, {}, {anchors}{warnings}",
        plural(s.actors.len(), "actor"),
        plural(s.issues.len(), "issue")
    );
    Ok(())
}

/// Every evidence block of a scenario.
fn evidence(s: &Scenario) -> impl Iterator<Item = &Evidence> {
    let campaign = s.campaign.iter().flat_map(|c| {
        c.fronts
            .iter()
            .map(|f| &f.evidence)
            .chain(c.side.iter().map(|x| &x.evidence))
            .chain(c.patrons.iter().map(|p| &p.evidence))
    });
    s.actors
        .iter()
        .map(|a| &a.evidence)
        .chain(s.issues.iter().map(|i| &i.evidence))
        .chain(s.stances.iter().map(|x| &x.evidence))
        .chain(campaign)
        .chain(s.levers.iter().map(|l| &l.evidence))
        .chain(s.agreements.iter().map(|a| &a.evidence))
        .chain(s.channels.iter().map(|c| &c.evidence))
        .chain(s.events.iter().map(|e| &e.evidence))
}
