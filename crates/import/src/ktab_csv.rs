//! KTAB's SMP CSV format (see `testdata/ktab/README.md`).
//!
//! Row 1: scenario name, description, number of actors, number of dimensions (extra
//! fields ignored). Row 2: headers; after the first three, one (position, salience)
//! pair per dimension, the position header naming the dimension. Then one row per
//! actor: name, description, capability, and a position and salience per dimension.

use crate::text::{ktab_fields, lines, number, Field};
use crate::{
    finish_ktab, make_id, ImportDiagnostic, ImportedActor, ImportedIssue, ImportedScenario,
    ImportedStance, SmpParameters,
};

/// Reads a KTAB SMP CSV file. `file_name` supplies the scenario id when the file's
/// own name yields none.
///
/// # Errors
/// Returns every problem found, one [`ImportDiagnostic`] per malformed row or field.
pub fn ktab_csv(text: &str, file_name: &str) -> Result<ImportedScenario, Vec<ImportDiagnostic>> {
    let mut diags = Vec::new();
    let rows: Vec<(usize, Vec<Field>)> = lines(text)
        .into_iter()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (n, ktab_fields(l)))
        .collect();
    let diag = |line, column, message: String, hint: Option<&str>| ImportDiagnostic {
        line,
        column,
        message,
        hint: hint.map(str::to_string),
    };
    let Some((head_line, head)) = rows.first() else {
        return Err(vec![diag(
            1,
            1,
            "the file is empty".into(),
            Some("expected a KTAB SMP CSV file"),
        )]);
    };
    let count = |idx: usize, what: &str| -> Result<usize, ImportDiagnostic> {
        let field = head.get(idx);
        let column = field.map(|f| f.column).unwrap_or(1);
        field.and_then(|f| f.text.trim().parse::<usize>().ok()).ok_or_else(|| {
            diag(
                *head_line,
                column,
                format!("expected the number of {what} in field {}", idx + 1),
                Some(
                    "row 1 is `scenario name, description, number of actors, number of dimensions`",
                ),
            )
        })
    };
    let (n_actors, n_dims) = match (count(2, "actors"), count(3, "dimensions")) {
        (Ok(a), Ok(d)) if d > 0 => (a, d),
        (Ok(_), Ok(_)) => {
            return Err(vec![diag(
                *head_line,
                head[3].column,
                "the number of dimensions is 0".into(),
                None,
            )]);
        }
        (a, d) => return Err([a.err(), d.err()].into_iter().flatten().collect()),
    };
    let title = head[0].text.trim().to_string();
    let description = head.get(1).map(|f| f.text.trim().to_string()).unwrap_or_default();

    let Some((header_line, header)) = rows.get(1) else {
        return Err(vec![diag(head_line + 1, 1, "the header row is missing".into(), None)]);
    };
    let mut issues: Vec<ImportedIssue> = Vec::new();
    match header.len() >= 3 + 2 * n_dims {
        true => {
            for dim in 0..n_dims {
                let name = header[3 + 2 * dim].text.trim().to_string();
                let taken: Vec<String> = issues.iter().map(|i| i.id.clone()).collect();
                let id = make_id(&name, &format!("dim{dim}"), &taken);
                issues.push(ImportedIssue {
                    id,
                    name,
                    status_quo: 0.0,
                    status_quo_derived: true,
                    group: Some("ktab".into()),
                    outcome: None,
                });
            }
        }
        false => diags.push(diag(
            *header_line,
            1,
            format!("the header row has {} fields, expected {}", header.len(), 3 + 2 * n_dims),
            Some("after `name, description, capability` comes a position and a salience header per dimension"),
        )),
    }

    let mut actors: Vec<ImportedActor> = Vec::new();
    let mut stances: Vec<ImportedStance> = Vec::new();
    let actor_rows = &rows[2.min(rows.len())..];
    if actor_rows.len() != n_actors {
        let (line, column) = match actor_rows.get(n_actors) {
            Some((l, _)) => (*l, 1),
            None => (rows.last().map(|r| r.0 + 1).unwrap_or(1), 1),
        };
        diags.push(diag(
            line,
            column,
            format!(
                "row 1 announces {n_actors} actors but the file has {} actor rows",
                actor_rows.len()
            ),
            Some("make the count in row 1 match the actor rows"),
        ));
    }
    for (line, fields) in actor_rows {
        let line = *line;
        if fields.len() < 3 + 2 * n_dims {
            diags.push(diag(
                line,
                fields.last().map(|f| f.column).unwrap_or(1),
                format!("actor row has {} fields, expected {}", fields.len(), 3 + 2 * n_dims),
                Some("each actor row is `name, description, capability` then a position and a salience per dimension"),
            ));
            continue;
        }
        let name = fields[0].text.trim().to_string();
        if name.is_empty() {
            diags.push(diag(line, fields[0].column, "the actor name is empty".into(), None));
        }
        let before = diags.len();
        let capability = match number(&fields[2].text) {
            Some(c) if c > 0.0 => c,
            Some(c) => {
                diags.push(diag(
                    line,
                    fields[2].column,
                    format!("capability {c} is not positive"),
                    Some("capability must be a number above 0"),
                ));
                0.0
            }
            None => {
                diags.push(diag(
                    line,
                    fields[2].column,
                    format!("capability `{}` is not a number", fields[2].text.trim()),
                    None,
                ));
                0.0
            }
        };
        let mut values = Vec::with_capacity(n_dims);
        let mut salience_sum = 0.0;
        for dim in 0..n_dims {
            let mut read = |f: &Field, what: &str| match number(&f.text) {
                Some(x) if (0.0..=100.0).contains(&x) => x,
                Some(x) => {
                    diags.push(diag(line, f.column, format!("{what} {x} is outside 0–100"), None));
                    0.0
                }
                None => {
                    diags.push(diag(
                        line,
                        f.column,
                        format!("{what} `{}` is not a number", f.text.trim()),
                        None,
                    ));
                    0.0
                }
            };
            let position = read(&fields[3 + 2 * dim], "position");
            let salience = read(&fields[4 + 2 * dim], "salience");
            salience_sum += salience;
            values.push((position, salience));
        }
        if salience_sum > 100.0 + 1e-9 {
            diags.push(diag(
                line,
                fields[4].column,
                format!("the saliences of `{name}` sum to {salience_sum}, more than 100"),
                Some("KTAB requires each actor's saliences to sum to at most 100"),
            ));
        }
        if diags.len() > before || issues.len() != n_dims {
            continue;
        }
        let taken: Vec<String> = actors.iter().map(|a| a.id.clone()).collect();
        let id = make_id(&name, &format!("actor{}", actors.len()), &taken);
        let description = fields[1].text.trim().to_string();
        let actor = actors.len();
        actors.push(ImportedActor { id, name, description, capability });
        for (issue, (position, salience)) in values.into_iter().enumerate() {
            stances.push(ImportedStance { actor, issue, position, salience });
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let scenario = ImportedScenario {
        id: String::new(),
        title,
        description,
        actors,
        issues,
        stances,
        smp: Some(SmpParameters::ktab_defaults()),
        notes: vec![
            "KTAB CSV files carry no model parameters: KTAB's defaults are written below".into()
        ],
    };
    Ok(finish_ktab(file_name, ".csv", scenario))
}
