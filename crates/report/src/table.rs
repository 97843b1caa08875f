//! Terminal tables for `run` and `solve`, rendered to strings (the CLI prints them).
//!
//! Tables are built from the wire types in `json`, so the terminal and the JSON can
//! never disagree.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use crate::json::{Forecast, StaticForecast};

/// Dates at which the summary shows P(ceasefire in force): about this many, evenly spaced.
const SUMMARY_DATES: usize = 6;

/// The human summary of a forecast: questions, outcome classes, the ceasefire over time,
/// and per-issue settlements.
pub fn run_summary(f: &Forecast) -> String {
    let mut out = String::new();
    let runs = match f.runs_completed {
        Some(done) => format!("{done} of {} runs (interrupted)", f.runs),
        None => format!("{} runs", f.runs),
    };
    out.push_str(&format!("{}: {runs}, seed {}\n\n", f.scenario, f.seed));

    if !f.questions.is_empty() {
        let mut t = table(&["question", "close", "P", "95% interval"]);
        for q in &f.questions {
            t.add_row(vec![
                Cell::new(format!("{}\n{}", q.id, q.text)),
                Cell::new(&q.close),
                right(pct(q.probability)),
                right(format!("{} – {}", pct(q.ci95[0]), pct(q.ci95[1]))),
            ]);
        }
        push(&mut out, "Questions", &t);
    }

    let mut t = table(&["outcome at the end", "share of runs"]);
    for (name, label) in [
        ("no_deal", "no deal"),
        ("partial_only", "partial deals only"),
        ("ceasefire_holds", "ceasefire holds"),
        ("breakdown", "ceasefire broke down"),
        ("settlement", "comprehensive settlement"),
    ] {
        t.add_row(vec![Cell::new(label), right(pct(f.outcomes.get(name).copied().unwrap_or(0.0)))]);
    }
    push(&mut out, "Outcomes", &t);

    if let Some(points) = f.series.get("any_ceasefire_in_force") {
        if !points.is_empty() {
            let step = points.len().div_ceil(SUMMARY_DATES).max(1);
            let mut picks: Vec<usize> = (0..points.len()).step_by(step).collect();
            if picks.last() != Some(&(points.len() - 1)) {
                picks.push(points.len() - 1);
            }
            let mut t = table(&["date", "P(ceasefire or settlement in force)"]);
            for i in picks {
                t.add_row(vec![Cell::new(&points[i].date), right(pct(points[i].p))]);
            }
            push(&mut out, "Ceasefire over time", &t);
        }
    }
    let first = &f.first_ceasefire;
    let median = match &first.p50 {
        Some(d) => format!("median date of the first ceasefire: {d}"),
        None => "median date of the first ceasefire: none within the window".to_string(),
    };
    out.push_str(&format!("{median}; no ceasefire in {} of runs\n\n", pct(first.p_never)));

    if !f.issues.is_empty() {
        // Models in the registry's order (the JSON map is sorted by name).
        let mut models: Vec<String> =
            f.issues.first().map(|i| i.predictions.keys().cloned().collect()).unwrap_or_default();
        let rank = |m: &String| {
            armistice_models::registry::NAMES.iter().position(|n| n == m).unwrap_or(usize::MAX)
        };
        models.sort_by_key(rank);
        let mut header = vec!["issue", "P(fixed)", "mean", "p10", "p50", "p90"];
        header.extend(models.iter().map(String::as_str));
        let mut t = table(&header);
        for issue in &f.issues {
            let mut row = vec![Cell::new(&issue.name), right(pct(issue.p_fixed))];
            match &issue.settlement {
                Some(s) => {
                    row.extend([s.mean, s.p10, s.p50, s.p90].map(|x| right(num(Some(x)))));
                }
                None => row.extend((0..4).map(|_| right("–"))),
            }
            for m in &models {
                row.push(right(num(issue.predictions.get(m).copied().flatten())));
            }
            t.add_row(row);
        }
        push(
            &mut out,
            "Issues: simulated settlement (runs where a deal fixed it) and static models",
            &t,
        );
    }
    out
}

/// The human summary of `solve`: a table per issue with the models side by side.
pub fn solve_summary(f: &StaticForecast) -> String {
    let mut out = String::new();
    match f.runs {
        0 => out.push_str(&format!("{}: every number at its central value\n\n", f.scenario)),
        n => {
            let done = f.runs_completed.map_or(String::new(), |d| format!(" ({d} finished)"));
            let seed = f.seed.map_or(String::new(), |s| format!(", seed {s}"));
            out.push_str(&format!("{}: central value and {n} draws{done}{seed}\n\n", f.scenario));
        }
    }
    for issue in &f.issues {
        let mut header = vec![""];
        header.extend(f.models.iter().map(String::as_str));
        let mut t = table(&header);
        let row = |label: &str, cell: &dyn Fn(&crate::json::StaticPrediction) -> String| {
            let mut r = vec![Cell::new(label)];
            for m in &f.models {
                r.push(right(issue.models.get(m).map_or("–".to_string(), cell)));
            }
            r
        };
        t.add_row(row("central", &|p| num(p.central)));
        if f.runs > 0 {
            t.add_row(row("mean", &|p| num(p.draws.map(|d| d.mean))));
            t.add_row(row("p10", &|p| num(p.draws.map(|d| d.p10))));
            t.add_row(row("p50", &|p| num(p.draws.map(|d| d.p50))));
            t.add_row(row("p90", &|p| num(p.draws.map(|d| d.p90))));
            t.add_row(row("P(value)", &|p| p.p_value.map_or("–".to_string(), pct)));
        }
        t.add_row(row("stop", &|p| stop(&p.stop)));
        push(&mut out, &format!("{} ({})", issue.name, issue.id), &t);
    }
    out
}

fn stop(s: &crate::json::StopReason) -> String {
    use crate::json::StopReason;
    match s {
        StopReason::Closed => "closed form".into(),
        StopReason::Converged { rounds } => format!("converged, {rounds} rounds"),
        StopReason::RoundCap { rounds } => format!("round cap, {rounds} rounds"),
        StopReason::Cycle { rounds, length } => format!("cycle of {length} after {rounds} rounds"),
        StopReason::NoDeal { reason } => format!("no deal: {}", reason.replace('_', " ")),
        StopReason::NotApplicable => "not applicable".into(),
    }
}

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    // A fixed width keeps the output identical whether or not stdout is a terminal.
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120)
        .set_header(header.to_vec());
    t
}

fn push(out: &mut String, title: &str, t: &Table) {
    out.push_str(title);
    out.push('\n');
    out.push_str(&t.to_string());
    out.push_str("\n\n");
}

fn right(text: impl Into<String>) -> Cell {
    Cell::new(text.into()).set_alignment(CellAlignment::Right)
}

fn pct(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

fn num(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |x| format!("{x:.1}"))
}
