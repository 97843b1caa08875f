//! The Markdown report: the same content as the HTML report, as tables and text.
//!
//! Charts become tables of numbers (Markdown viewers strip inline SVG), and the series
//! are sampled at about eight evenly spaced dates. One sentence per line.

use std::fmt::Write;

use crate::html::{first_ceasefire_dates, num, pct, pp, Report, OUTCOMES};
use crate::svg::Series;

/// Dates shown per series table.
const SERIES_ROWS: usize = 8;

/// Renders the report as Markdown.
pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", cell(&r.title));
    let _ = writeln!(o, "As of {}; {}.\n", r.as_of, r.provenance);
    if !r.description.is_empty() {
        let _ = writeln!(o, "{}\n", r.description);
    }

    o.push_str(
        "## Scenario at a glance\n\n| actor | kind | roles | capability |\n|---|---|---|---:|\n",
    );
    let mut actors: Vec<_> = r.actors.iter().collect();
    actors.sort_by(|a, b| b.capability.total_cmp(&a.capability).then_with(|| a.id.cmp(&b.id)));
    for a in actors {
        let _ =
            writeln!(o, "| {} | {} | {} | {} |", cell(&a.name), a.kind, a.roles, num(a.capability));
    }

    if !r.questions.is_empty() {
        o.push_str(
            "\n## Questions\n\n| question | close | P | 95% interval |\n|---|---|---:|---:|\n",
        );
        for q in &r.questions {
            let _ = writeln!(
                o,
                "| **{}** {} | {} | {} | {} – {} |",
                cell(&q.id),
                cell(&q.text),
                q.close,
                pct(q.probability),
                pct(q.ci95[0]),
                pct(q.ci95[1])
            );
        }
    }

    o.push_str("\n## Ceasefire and agreements over time\n\n");
    series_table(&mut o, "P(ceasefire in force)", &r.ceasefire);
    if let Some(f) = &r.first_ceasefire {
        let _ = writeln!(
            o,
            "First ceasefire or settlement signed: {}.\nNone in {} of runs.\n",
            first_ceasefire_dates(f),
            pct(f.p_never)
        );
    }
    series_table(&mut o, "P(each agreement signed) by date", &r.signed);

    o.push_str("## Outcome classes\n\n| outcome at the end | share of runs |\n|---|---:|\n");
    for b in &r.outcomes {
        let _ = writeln!(o, "| {} | {} |", cell(&b.label), b.text);
    }

    o.push_str("\n## Issues\n");
    for i in &r.issues {
        let _ = writeln!(o, "\n### {}\n", cell(&i.view.name));
        let _ = writeln!(o, "0 means {}; 100 means {}.", cell(&i.view.low), cell(&i.view.high));
        let _ = writeln!(o, "Runs in which a deal fixed this issue: {}.", pct(i.p_fixed));
        if let Some([p10, p50, p90, mean]) = i.view.settlement {
            let _ = writeln!(
                o,
                "Settlement: mean {}, median {}, 80% between {} and {}.",
                num(mean),
                num(p50),
                num(p10),
                num(p90)
            );
        }
        if let Some(sq) = i.view.status_quo {
            let _ = writeln!(o, "Status quo: {}.", num(sq));
        }
        o.push_str("\n| model | prediction |\n|---|---:|\n");
        for (m, v) in &i.predictions {
            let _ = writeln!(o, "| {} | {} |", cell(m), v.map_or("no deal".to_string(), num));
        }
        o.push_str("\n| actor | position | salience |\n|---|---:|---:|\n");
        for (a, p, s) in &i.stances {
            let _ = writeln!(o, "| {} | {} | {} |", cell(a), num(*p), num(*s));
        }
    }

    if !r.tornadoes.is_empty() {
        o.push_str("\n## What moves the answers\n");
        for t in &r.tornadoes {
            let _ = writeln!(
                o,
                "\n### {}\n\nBaseline {:.3}.\n\n| input | at p10 | at p90 |\n|---|---:|---:|",
                cell(&t.title),
                t.baseline
            );
            for s in &t.swings {
                let _ = writeln!(o, "| {} | {:.3} | {:.3} |", cell(&s.label), s.at_low, s.at_high);
            }
        }
    }

    if !r.comparisons.is_empty() {
        o.push_str("\n## What-if comparisons\n");
        for c in &r.comparisons {
            let _ = writeln!(
                o,
                "\n### {}\n\n`{}`: {} paired runs, seed {} (common random numbers).\n\n| question | baseline | what-if | difference | 95% interval |\n|---|---:|---:|---:|---:|",
                cell(&c.title),
                c.overlay,
                c.runs,
                c.seed
            );
            for q in &c.questions {
                let p = &q.paired;
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {} | {} – {} |",
                    cell(&q.id),
                    pct(p.baseline),
                    pct(p.overlay),
                    pp(p.diff),
                    pp(p.ci95[0]),
                    pp(p.ci95[1])
                );
            }
            for oc in &c.outcomes {
                let p = &oc.paired;
                let label = OUTCOMES
                    .iter()
                    .find(|(k, _)| *k == oc.class)
                    .map_or(oc.class.as_str(), |(_, l)| l);
                let _ = writeln!(
                    o,
                    "| ends in: {} | {} | {} | {} | {} – {} |",
                    label,
                    pct(p.baseline),
                    pct(p.overlay),
                    pp(p.diff),
                    pp(p.ci95[0]),
                    pp(p.ci95[1])
                );
            }
            for i in &c.issues {
                if let Some(p) = &i.settlement {
                    let _ = writeln!(
                        o,
                        "| {} (mean settlement) | {} | {} | {:+.2} | {:+.2} – {:+.2} |",
                        cell(&i.name),
                        num(p.baseline),
                        num(p.overlay),
                        p.diff,
                        p.ci95[0],
                        p.ci95[1]
                    );
                }
            }
        }
    }

    if !r.evidence.is_empty() {
        o.push_str("\n## Evidence\n\n");
        for e in &r.evidence {
            let _ = write!(o, "- **{}**", e.input);
            if !e.why.is_empty() {
                let _ = write!(o, ": {}", e.why);
            }
            o.push('\n');
            for a in &e.anchors {
                let _ = write!(o, "  - {}", a.source);
                if !a.why.is_empty() {
                    let _ = write!(o, " — {}", a.why);
                }
                o.push('\n');
                if let Some(q) = &a.quoted {
                    let _ = writeln!(o, "    > {}", q);
                }
            }
        }
    }
    o
}

/// A series table: one row per sampled date, one column per series.
fn series_table(o: &mut String, title: &str, series: &[Series]) {
    let Some(first) = series.first() else { return };
    let n = first.points.len();
    if n == 0 {
        return;
    }
    let _ = write!(o, "{title}:\n\n| date |");
    for s in series {
        let _ = write!(o, " {} |", cell(&s.name));
    }
    o.push_str("\n|---|");
    o.push_str(&"---:|".repeat(series.len()));
    o.push('\n');
    let step = n.div_ceil(SERIES_ROWS).max(1);
    let mut picks: Vec<usize> = (0..n).step_by(step).collect();
    if picks.last() != Some(&(n - 1)) {
        picks.push(n - 1);
    }
    for i in picks {
        let _ = write!(o, "| {} |", first.points[i].0);
        for s in series {
            let _ = write!(o, " {} |", s.points.get(i).map_or("–".to_string(), |p| pct(p.1)));
        }
        o.push('\n');
    }
    o.push('\n');
}

/// Text safe inside a table cell: pipes escaped, line breaks flattened.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}
