//! A long table, one row per actor and issue:
//! `issue, actor, position, salience, capability[, status_quo][, outcome]`.
//!
//! Header names are case-insensitive and may come in any order. An actor's capability
//! must agree across its rows, and an issue's status quo and outcome across its rows.
//! Without `status_quo` the issue's status quo is the capability × salience weighted
//! mean of the positions.

use crate::text::{csv_fields, lines, number};
use crate::{
    make_id, weighted_status_quo, ImportDiagnostic, ImportedActor, ImportedIssue, ImportedScenario,
    ImportedStance,
};

/// A value and the line where it was first given.
type FirstGiven = Option<(f64, usize)>;

const REQUIRED: [&str; 5] = ["issue", "actor", "position", "salience", "capability"];

/// Reads a long CSV table.
///
/// # Errors
/// Returns every problem found, one [`ImportDiagnostic`] per malformed field or row.
pub fn csv_table(text: &str, file_name: &str) -> Result<ImportedScenario, Vec<ImportDiagnostic>> {
    let diag = |line, column, message: String, hint: Option<String>| ImportDiagnostic {
        line,
        column,
        message,
        hint,
    };
    let rows: Vec<(usize, &str)> =
        lines(text).into_iter().filter(|(_, l)| !l.trim().is_empty()).collect();
    let Some(&(header_line, header)) = rows.first() else {
        return Err(vec![diag(
            1,
            1,
            "the file is empty".into(),
            Some(format!("expected a header `{}`", REQUIRED.join(", "))),
        )]);
    };
    let header = csv_fields(header);
    let column_of =
        |name: &str| header.iter().position(|f| f.text.trim().eq_ignore_ascii_case(name));
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|n| column_of(n).is_none()).collect();
    if !missing.is_empty() {
        return Err(vec![diag(
            header_line,
            1,
            format!(
                "the header lacks {}",
                missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ),
            Some(format!(
                "expected columns {}, optionally status_quo and outcome",
                REQUIRED.join(", ")
            )),
        )]);
    }
    let col = |n: &str| column_of(n).unwrap_or(0);
    let (c_issue, c_actor, c_pos, c_sal, c_cap) =
        (col("issue"), col("actor"), col("position"), col("salience"), col("capability"));
    let (c_sq, c_out) = (column_of("status_quo"), column_of("outcome"));

    let mut diags = Vec::new();
    let mut actors: Vec<ImportedActor> = Vec::new();
    let mut issues: Vec<ImportedIssue> = Vec::new();
    let mut stances: Vec<ImportedStance> = Vec::new();
    // Where each actor's capability and each issue's status quo / outcome was first given.
    let mut capability_line: Vec<usize> = Vec::new();
    let mut issue_values: Vec<(FirstGiven, FirstGiven)> = Vec::new();
    for &(line, raw) in &rows[1..] {
        let fields = csv_fields(raw);
        let needed =
            [Some(c_issue), Some(c_actor), Some(c_pos), Some(c_sal), Some(c_cap), c_sq, c_out]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(0);
        if fields.len() <= needed {
            diags.push(diag(
                line,
                fields.last().map(|f| f.column).unwrap_or(1),
                format!("the row has {} fields, expected {}", fields.len(), header.len()),
                None,
            ));
            continue;
        }
        let before = diags.len();
        let mut read = |idx: usize, what: &str, range: (f64, f64)| -> Option<f64> {
            let f = &fields[idx];
            match number(&f.text) {
                Some(x) if x >= range.0 && x <= range.1 => Some(x),
                Some(x) => {
                    diags.push(diag(
                        line,
                        f.column,
                        format!("{what} {x} is outside {}–{}", range.0, range.1),
                        None,
                    ));
                    None
                }
                None => {
                    diags.push(diag(
                        line,
                        f.column,
                        format!("{what} `{}` is not a number", f.text.trim()),
                        None,
                    ));
                    None
                }
            }
        };
        let position = read(c_pos, "position", (0.0, 100.0));
        let salience = read(c_sal, "salience", (0.0, 100.0));
        let capability = match read(c_cap, "capability", (0.0, f64::MAX)) {
            Some(c) if c > 0.0 => Some(c),
            Some(_) => {
                diags.push(diag(
                    line,
                    fields[c_cap].column,
                    "capability must be above 0".into(),
                    None,
                ));
                None
            }
            None => None,
        };
        let optional =
            |c: Option<usize>, what: &str, diags: &mut Vec<ImportDiagnostic>| -> Option<f64> {
                let f = &fields[c?];
                match f.text.trim().is_empty() {
                    true => None,
                    false => match number(&f.text).filter(|x| (0.0..=100.0).contains(x)) {
                        Some(x) => Some(x),
                        None => {
                            diags.push(diag(
                                line,
                                f.column,
                                format!("{what} `{}` is not a number in 0–100", f.text.trim()),
                                None,
                            ));
                            None
                        }
                    },
                }
            };
        let status_quo = optional(c_sq, "status_quo", &mut diags);
        let outcome = optional(c_out, "outcome", &mut diags);
        let issue_name = fields[c_issue].text.trim().to_string();
        let actor_name = fields[c_actor].text.trim().to_string();
        for (name, c, what) in [(&issue_name, c_issue, "issue"), (&actor_name, c_actor, "actor")] {
            if name.is_empty() {
                diags.push(diag(line, fields[c].column, format!("the {what} name is empty"), None));
            }
        }
        let (Some(position), Some(salience), Some(capability)) = (position, salience, capability)
        else {
            continue;
        };
        if diags.len() > before {
            continue;
        }
        let actor = match actors.iter().position(|a| a.name == actor_name) {
            Some(a) => {
                if actors[a].capability != capability {
                    diags.push(diag(
                        line,
                        fields[c_cap].column,
                        format!(
                            "capability {capability} of `{actor_name}` differs from {} on line {}",
                            actors[a].capability, capability_line[a]
                        ),
                        Some("an actor's capability must be the same on all its rows".into()),
                    ));
                    continue;
                }
                a
            }
            None => {
                let taken: Vec<String> = actors.iter().map(|a| a.id.clone()).collect();
                actors.push(ImportedActor {
                    id: make_id(&actor_name, &format!("actor{}", actors.len()), &taken),
                    name: actor_name.clone(),
                    description: String::new(),
                    capability,
                });
                capability_line.push(line);
                actors.len() - 1
            }
        };
        let issue = match issues.iter().position(|i| i.name == issue_name) {
            Some(i) => i,
            None => {
                let taken: Vec<String> = issues.iter().map(|i| i.id.clone()).collect();
                issues.push(ImportedIssue {
                    id: make_id(&issue_name, &format!("issue{}", issues.len()), &taken),
                    name: issue_name.clone(),
                    status_quo: 0.0,
                    status_quo_derived: true,
                    group: None,
                    outcome: None,
                });
                issue_values.push((None, None));
                issues.len() - 1
            }
        };
        for (value, slot, c, what) in
            [(status_quo, 0, c_sq, "status_quo"), (outcome, 1, c_out, "outcome")]
        {
            let Some(v) = value else { continue };
            let entry = match slot {
                0 => &mut issue_values[issue].0,
                _ => &mut issue_values[issue].1,
            };
            match *entry {
                Some((old, old_line)) if old != v => diags.push(diag(
                    line,
                    c.map(|c| fields[c].column).unwrap_or(1),
                    format!("{what} {v} of `{issue_name}` differs from {old} on line {old_line}"),
                    Some(format!("an issue's {what} must be the same on all its rows")),
                )),
                Some(_) => {}
                None => *entry = Some((v, line)),
            }
        }
        if stances.iter().any(|s| s.actor == actor && s.issue == issue) {
            diags.push(diag(
                line,
                1,
                format!("a second row for actor `{actor_name}` on issue `{issue_name}`"),
                None,
            ));
            continue;
        }
        stances.push(ImportedStance { actor, issue, position, salience });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if stances.is_empty() {
        return Err(vec![diag(header_line + 1, 1, "the table has no rows".into(), None)]);
    }
    for (idx, (sq, out)) in issue_values.iter().enumerate() {
        match sq {
            Some((v, _)) => {
                issues[idx].status_quo = *v;
                issues[idx].status_quo_derived = false;
            }
            None => issues[idx].status_quo = weighted_status_quo(&actors, &stances, idx),
        }
        issues[idx].outcome = out.map(|(v, _)| v);
    }
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem.strip_suffix(".csv").unwrap_or(stem);
    let id = make_id(stem, "table", &[]);
    Ok(ImportedScenario {
        title: stem.to_string(),
        id,
        description: String::new(),
        actors,
        issues,
        stances,
        smp: None,
        notes: Vec::new(),
    })
}
