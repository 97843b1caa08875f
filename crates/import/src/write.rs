//! Writes an [`ImportedScenario`] as an Armistice scenario file (docs/scenario-format.md).

use std::fmt::Write as _;

use crate::ImportedScenario;

/// Renders the scenario as TOML.
pub fn to_toml(scenario: &ImportedScenario) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail, so the results of writeln! are ignored.
    for note in &scenario.notes {
        let _ = writeln!(out, "# note: {note}");
    }
    if !scenario.notes.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "[scenario]");
    let _ = writeln!(out, "id = {}", quote(&scenario.id));
    let _ = writeln!(out, "title = {}", quote(&scenario.title));
    if !scenario.description.is_empty() {
        let _ = writeln!(out, "description = {}", quote(&scenario.description));
    }
    let _ = writeln!(out, "# the imported file carries no information date: set it");
    let _ = writeln!(out, "as_of = 2000-01-01");
    if let Some(seed) = scenario.smp.as_ref().and_then(|s| s.seed) {
        match i64::try_from(seed) {
            Ok(s) => {
                let _ = writeln!(out, "seed = {s}");
            }
            Err(_) => {
                let _ = writeln!(
                    out,
                    "# KTAB's prngSeed {seed} does not fit a TOML integer; it is not carried over"
                );
            }
        }
    }
    for actor in &scenario.actors {
        let _ = writeln!(out, "\n[[actor]]");
        let _ = writeln!(out, "id = {}", quote(&actor.id));
        let _ = writeln!(out, "name = {}", quote(&actor.name));
        let _ = writeln!(out, "capability = {}", number(actor.capability));
    }
    for issue in &scenario.issues {
        let _ = writeln!(out, "\n[[issue]]");
        let _ = writeln!(out, "id = {}", quote(&issue.id));
        let _ = writeln!(out, "name = {}", quote(&issue.name));
        if issue.status_quo_derived {
            let _ = writeln!(
                out,
                "# the file has no status quo: this is the capability × salience weighted mean of the positions"
            );
        }
        let _ = writeln!(out, "status_quo = {}", number(issue.status_quo));
        if let Some(group) = &issue.group {
            let _ = writeln!(out, "group = {}", quote(group));
        }
        if let Some(outcome) = issue.outcome {
            let _ = writeln!(out, "outcome = {}", number(outcome));
        }
    }
    for stance in &scenario.stances {
        let (Some(actor), Some(issue)) =
            (scenario.actors.get(stance.actor), scenario.issues.get(stance.issue))
        else {
            continue;
        };
        let _ = writeln!(out, "\n[[stance]]");
        let _ = writeln!(out, "actor = {}", quote(&actor.id));
        let _ = writeln!(out, "issue = {}", quote(&issue.id));
        let _ = writeln!(out, "position = {}", number(stance.position));
        let _ = writeln!(out, "salience = {}", number(stance.salience));
    }
    if let Some(smp) = &scenario.smp {
        let _ = writeln!(out, "\n[models.smp]");
        for (key, value) in &smp.options {
            let _ = writeln!(out, "{key} = {}", quote(value));
        }
        for &(actor, reference, weight) in &smp.accommodation {
            let (Some(a), Some(r)) = (scenario.actors.get(actor), scenario.actors.get(reference))
            else {
                continue;
            };
            let _ = writeln!(out, "\n[[models.smp.accommodation]]");
            let _ = writeln!(out, "actor = {}", quote(&a.id));
            let _ = writeln!(out, "reference = {}", quote(&r.id));
            let _ = writeln!(out, "weight = {}", number(weight));
        }
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML float that always has a decimal point, without float noise.
fn number(x: f64) -> String {
    let s = format!("{}", (x * 1e6).round() / 1e6);
    match s.contains('.') || s.contains('e') {
        true => s,
        false => format!("{s}.0"),
    }
}
