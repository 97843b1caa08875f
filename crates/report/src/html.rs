//! The self-contained HTML report, and [`Report`], the content it shares with the
//! Markdown report.
//!
//! The page has inline CSS and inline SVG only: no script, no font, no image, no
//! stylesheet is fetched, and no `<script>` element exists, so it opens offline, in any
//! browser, with no console errors and no network requests (the browser test checks
//! this). Every piece of scenario text is escaped.

use std::fmt::Write;

use armistice_scenario::anchor;
use armistice_scenario::dist::{Draw, Num};
use armistice_scenario::types::{ActorKind, AgreementClass, Evidence, Role, Scenario};

use crate::compare::Comparison;
use crate::json::{FirstCeasefireForecast, Forecast, QuestionForecast};
use crate::svg::{self, escape, Bar, IssueView, Series, Swing};

/// Everything a report shows, built from a scenario and its forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub description: String,
    /// Scenario id, runs, seed, version and hash, in one line.
    pub provenance: String,
    pub as_of: String,
    pub actors: Vec<ActorRow>,
    pub issues: Vec<IssueSection>,
    pub questions: Vec<QuestionForecast>,
    /// P(ceasefire in force) over time: any ceasefire, then each ceasefire or settlement kind.
    pub ceasefire: Vec<Series>,
    /// P(each agreement signed) by date.
    pub signed: Vec<Series>,
    pub outcomes: Vec<Bar>,
    pub first_ceasefire: Option<FirstCeasefireForecast>,
    pub tornadoes: Vec<Tornado>,
    pub comparisons: Vec<Comparison>,
    pub evidence: Vec<EvidenceItem>,
}

/// One actor at a glance.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub roles: String,
    /// Capability on the central draw.
    pub capability: f64,
}

/// One issue: the chart's content, the stances, and the share of runs fixing it.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueSection {
    pub id: String,
    pub view: IssueView,
    /// `(actor, position, salience)` on the central draw.
    pub stances: Vec<(String, f64, f64)>,
    /// Every model's prediction, `None` for no deal.
    pub predictions: Vec<(String, Option<f64>)>,
    pub p_fixed: f64,
}

/// One tornado chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    pub title: String,
    pub x_label: String,
    pub baseline: f64,
    pub swings: Vec<Swing>,
}

/// One input's rationale and cited words.
#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceItem {
    /// What the input is, e.g. `stance ru · territory`.
    pub input: String,
    pub why: String,
    pub anchors: Vec<Cited>,
}

/// One evidence anchor, with the words when the source was given and still has them.
#[derive(Clone, Debug, PartialEq)]
pub struct Cited {
    pub source: String,
    pub why: String,
    pub quoted: Option<String>,
}

impl Report {
    /// Builds a report from a scenario and its forecast. `sources[i]` is the text of
    /// source `i` when `--sources` was given; tornadoes and comparisons start empty.
    pub fn new(scenario: &Scenario, forecast: &Forecast, sources: &[Option<String>]) -> Report {
        let central = Draw::central(&scenario.params);
        let value = |n: &Num| n.get(&central);

        let actors = scenario
            .actors
            .iter()
            .map(|a| ActorRow {
                id: a.id.clone(),
                name: a.name.clone(),
                kind: kind_name(a.kind).to_string(),
                roles: a.roles.iter().map(|r| role_name(*r)).collect::<Vec<_>>().join(", "),
                capability: value(&a.capability),
            })
            .collect();

        let issues = scenario
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let f = forecast.issues.iter().find(|f| f.id == issue.id);
                let stances: Vec<(String, f64, f64)> = scenario
                    .stances
                    .iter()
                    .filter(|s| s.issue.idx() == i)
                    .map(|s| {
                        let name = scenario.actors.get(s.actor.idx()).map_or("?", |a| &a.name);
                        (name.to_string(), value(&s.position), value(&s.salience))
                    })
                    .collect();
                let predictions: Vec<(String, Option<f64>)> = f
                    .map(|f| f.predictions.iter().map(|(m, v)| (m.clone(), *v)).collect())
                    .unwrap_or_default();
                IssueSection {
                    id: issue.id.clone(),
                    view: IssueView {
                        name: issue.name.clone(),
                        low: issue.low.clone(),
                        high: issue.high.clone(),
                        settlement: f
                            .and_then(|f| f.settlement)
                            .map(|s| [s.p10, s.p50, s.p90, s.mean]),
                        models: predictions
                            .iter()
                            .filter_map(|(m, v)| v.map(|v| (m.clone(), v)))
                            .collect(),
                        status_quo: Some(value(&issue.status_quo)),
                        actors: stances.iter().map(|(a, p, _)| (a.clone(), *p)).collect(),
                    },
                    stances,
                    predictions,
                    p_fixed: f.map_or(0.0, |f| f.p_fixed),
                }
            })
            .collect();

        let series = |name: &str, label: &str| {
            forecast.series.get(name).map(|points| Series {
                name: label.to_string(),
                points: points.iter().map(|p| (p.date.clone(), p.p)).collect(),
            })
        };
        let mut ceasefire: Vec<Series> =
            series("any_ceasefire_in_force", "any ceasefire or settlement").into_iter().collect();
        let mut signed = Vec::new();
        for kind in &scenario.agreements {
            if matches!(kind.class, AgreementClass::Ceasefire | AgreementClass::Settlement) {
                ceasefire.extend(series(&format!("in_force.{}", kind.id), &kind.name));
            }
            signed.extend(series(&format!("signed.{}", kind.id), &kind.name));
        }

        let outcomes = OUTCOMES
            .iter()
            .map(|&(key, label)| {
                let p = forecast.outcomes.get(key).copied().unwrap_or(0.0);
                Bar { label: label.to_string(), value: p, text: pct(p) }
            })
            .collect();

        let runs = match forecast.runs_completed {
            Some(done) => format!("{done} of {} runs (interrupted)", forecast.runs),
            None => format!("{} runs", forecast.runs),
        };
        let sha: String = forecast.scenario_sha256.chars().take(12).collect();
        Report {
            title: scenario.meta.title.clone(),
            description: scenario.meta.description.clone(),
            provenance: format!(
                "scenario {} (sha256 {sha}…), {runs}, seed {}, armistice {}",
                forecast.scenario, forecast.seed, forecast.version
            ),
            as_of: scenario.meta.as_of.to_string(),
            actors,
            issues,
            questions: forecast.questions.clone(),
            ceasefire,
            signed,
            outcomes,
            first_ceasefire: Some(forecast.first_ceasefire.clone()),
            tornadoes: Vec::new(),
            comparisons: Vec::new(),
            evidence: evidence(scenario, sources),
        }
    }
}

/// Outcome classes in the order and words the reports use.
pub const OUTCOMES: [(&str, &str); 5] = [
    ("no_deal", "no deal"),
    ("partial_only", "partial deals only"),
    ("ceasefire_holds", "ceasefire holds"),
    ("breakdown", "ceasefire broke down"),
    ("settlement", "comprehensive settlement"),
];

/// The page's style sheet: system fonts only, so nothing is fetched.
const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:780px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\
.provenance{color:#666;font-size:.9em}table{border-collapse:collapse;margin:.8em 0;font-size:.92em}\
th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
td.nowrap{white-space:nowrap}.tables{display:flex;gap:0 1.5em;align-items:flex-start}\
svg.chart{display:block;margin:1em 0;outline:1px solid #eee}blockquote{margin:.3em 0 .3em 1em;padding-left:.8em;border-left:3px solid #9ecae1;color:#333}\
.evidence li{margin-bottom:.6em}.muted{color:#777}";

/// Renders the report as one self-contained HTML page.
pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>\n",
        escape(&r.title)
    );
    let _ = writeln!(
        o,
        "<h1>{}</h1><p class=\"provenance\">As of {} · {}</p>",
        escape(&r.title),
        escape(&r.as_of),
        escape(&r.provenance)
    );
    if !r.description.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", escape(&r.description));
    }

    o.push_str("<h2 id=\"glance\">Scenario at a glance</h2>\n");
    let bars: Vec<Bar> = {
        let mut rows: Vec<&ActorRow> = r.actors.iter().collect();
        rows.sort_by(|a, b| b.capability.total_cmp(&a.capability).then_with(|| a.id.cmp(&b.id)));
        rows.iter()
            .map(|a| Bar { label: a.name.clone(), value: a.capability, text: num(a.capability) })
            .collect()
    };
    o.push_str(&svg::bar_chart("Actors by capability", "capability (central value)", &bars, None));
    o.push_str("<table><tr><th>actor</th><th>kind</th><th>roles</th><th>capability</th></tr>");
    for a in &r.actors {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&a.name),
            escape(&a.kind),
            escape(&a.roles),
            num(a.capability)
        );
    }
    o.push_str("</table>\n");

    if !r.questions.is_empty() {
        o.push_str("<h2 id=\"questions\">Questions</h2>\n<table><tr><th>question</th><th>close</th><th>P</th><th>95% interval</th></tr>");
        for q in &r.questions {
            let _ = write!(
                o,
                "<tr><td><b>{}</b><br>{}</td><td class=\"nowrap\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} – {}</td></tr>",
                escape(&q.id),
                escape(&q.text),
                escape(&q.close),
                pct(q.probability),
                pct(q.ci95[0]),
                pct(q.ci95[1])
            );
        }
        o.push_str("</table>\n");
    }

    o.push_str("<h2 id=\"ceasefire\">Ceasefire and agreements over time</h2>\n");
    if !r.ceasefire.is_empty() {
        o.push_str(&svg::line_chart("P(ceasefire in force)", "probability", &r.ceasefire));
    }
    if let Some(f) = &r.first_ceasefire {
        let _ = writeln!(
            o,
            "<p>First ceasefire or settlement signed: {}; none in {} of runs.</p>",
            escape(&first_ceasefire_dates(f)),
            pct(f.p_never)
        );
    }
    if !r.signed.is_empty() {
        o.push_str(&svg::line_chart("P(each agreement signed) by date", "probability", &r.signed));
    }

    o.push_str("<h2 id=\"outcomes\">Outcome classes</h2>\n");
    o.push_str(&svg::bar_chart(
        "Outcome at the end of the window",
        "share of runs",
        &r.outcomes,
        Some(1.0),
    ));

    o.push_str("<h2 id=\"issues\">Issues: settlements and every model's prediction</h2>\n");
    for i in &r.issues {
        let _ = write!(o, "<h3>{}</h3>", escape(&i.view.name));
        o.push_str(&svg::distribution_chart(&i.view));
        let _ = write!(o, "<p>Runs in which a deal fixed this issue: {}.", pct(i.p_fixed));
        if let Some([p10, p50, p90, mean]) = i.view.settlement {
            let _ = write!(
                o,
                " Settlement: mean {}, median {}, 80% between {} and {}.",
                num(mean),
                num(p50),
                num(p10),
                num(p90)
            );
        }
        o.push_str("</p><div class=\"tables\"><table><tr><th>model</th><th>prediction</th></tr>");
        for (m, v) in &i.predictions {
            let _ = write!(
                o,
                "<tr><td class=\"nowrap\">{}</td><td class=\"num\">{}</td></tr>",
                escape(m),
                v.map_or("no deal".to_string(), num)
            );
        }
        o.push_str("</table><table><tr><th>actor</th><th>position</th><th>salience</th></tr>");
        for (a, p, s) in &i.stances {
            let _ = write!(
                o,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(a),
                num(*p),
                num(*s)
            );
        }
        o.push_str("</table></div>\n");
    }

    if !r.tornadoes.is_empty() {
        o.push_str("<h2 id=\"sensitivity\">What moves the answers</h2>\n<p>Each bar runs from the answer with the input at its 10th percentile (blue) to the answer at its 90th (red), every other input at its own draw.</p>\n");
        for t in &r.tornadoes {
            o.push_str(&svg::tornado(&t.title, &t.x_label, t.baseline, &t.swings));
        }
    }

    if !r.comparisons.is_empty() {
        o.push_str("<h2 id=\"whatif\">What-if comparisons</h2>\n");
        for c in &r.comparisons {
            let _ = write!(
                o,
                "<h3>{}</h3><p class=\"muted\">{} · {} paired runs, seed {} (common random numbers)</p><table><tr><th>question</th><th>baseline</th><th>what-if</th><th>difference</th><th>95% interval</th></tr>",
                escape(&c.title),
                escape(&c.overlay),
                c.runs,
                c.seed
            );
            for q in &c.questions {
                let p = &q.paired;
                let _ = write!(
                    o,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} – {}</td></tr>",
                    escape(&q.id),
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
                let _ = write!(
                    o,
                    "<tr><td>ends in: {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} – {}</td></tr>",
                    escape(label),
                    pct(p.baseline),
                    pct(p.overlay),
                    pp(p.diff),
                    pp(p.ci95[0]),
                    pp(p.ci95[1])
                );
            }
            for i in &c.issues {
                if let Some(p) = &i.settlement {
                    let _ = write!(
                        o,
                        "<tr><td>{} (mean settlement)</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:+.2}</td><td class=\"num\">{:+.2} – {:+.2}</td></tr>",
                        escape(&i.name),
                        num(p.baseline),
                        num(p.overlay),
                        p.diff,
                        p.ci95[0],
                        p.ci95[1]
                    );
                }
            }
            o.push_str("</table>\n");
        }
    }

    if !r.evidence.is_empty() {
        o.push_str("<h2 id=\"evidence\">Evidence</h2>\n<ul class=\"evidence\">");
        for e in &r.evidence {
            let _ = write!(o, "<li><b>{}</b>", escape(&e.input));
            if !e.why.is_empty() {
                let _ = write!(o, ": {}", escape(&e.why));
            }
            for a in &e.anchors {
                let _ = write!(o, "<br><span class=\"muted\">{}</span>", escape(&a.source));
                if !a.why.is_empty() {
                    let _ = write!(o, " — {}", escape(&a.why));
                }
                if let Some(q) = &a.quoted {
                    let _ = write!(o, "<blockquote>“{}”</blockquote>", escape(q));
                }
            }
            o.push_str("</li>");
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</body></html>\n");
    o
}

/// Every input with a rationale or an anchor, in file order by kind.
fn evidence(s: &Scenario, sources: &[Option<String>]) -> Vec<EvidenceItem> {
    let mut items = Vec::new();
    let mut push = |input: String, e: &Evidence| {
        if e.why.is_empty() && e.anchors.is_empty() {
            return;
        }
        let anchors = e
            .anchors
            .iter()
            .map(|a| {
                let src = s.sources.get(a.source.idx());
                Cited {
                    source: src.map_or_else(
                        || "unknown source".to_string(),
                        |x| format!("{} ({})", x.title, x.id),
                    ),
                    why: a.why.clone(),
                    quoted: sources
                        .get(a.source.idx())
                        .and_then(|t| t.as_deref())
                        .and_then(|text| anchor::quoted(text, a.at, a.len, &a.sha256)),
                }
            })
            .collect();
        items.push(EvidenceItem { input, why: e.why.clone(), anchors });
    };
    let actor = |id: armistice_scenario::types::ActorId| {
        s.actors.get(id.idx()).map_or("?".to_string(), |a| a.id.clone())
    };
    for a in &s.actors {
        push(format!("actor {}", a.id), &a.evidence);
    }
    for i in &s.issues {
        push(format!("issue {}", i.id), &i.evidence);
    }
    for st in &s.stances {
        let issue = s.issues.get(st.issue.idx()).map_or("?", |i| &i.id);
        push(format!("stance {} · {issue}", actor(st.actor)), &st.evidence);
    }
    if let Some(c) = &s.campaign {
        for f in &c.fronts {
            push(format!("front {}", f.id), &f.evidence);
        }
        for (k, side) in c.side.iter().enumerate() {
            push(format!("side {}", actor(c.sides[k])), &side.evidence);
        }
        for p in &c.patrons {
            push(format!("patron {}", actor(p.actor)), &p.evidence);
        }
    }
    for a in &s.agreements {
        push(format!("agreement {}", a.id), &a.evidence);
    }
    for l in &s.levers {
        push(format!("lever {}", l.id), &l.evidence);
    }
    for c in &s.channels {
        push(format!("talks {}", c.id), &c.evidence);
    }
    for e in &s.events {
        push(format!("event {} ({})", e.name, e.date), &e.evidence);
    }
    items
}

fn kind_name(k: ActorKind) -> &'static str {
    match k {
        ActorKind::State => "state",
        ActorKind::Faction => "faction",
        ActorKind::Institution => "institution",
        ActorKind::Person => "person",
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Belligerent => "belligerent",
        Role::Mediator => "mediator",
        Role::Patron => "patron",
        Role::Guarantor => "guarantor",
        Role::Veto => "veto",
    }
}

/// When the first ceasefire or settlement is signed, in words: `10% of runs by D1, half by
/// D2, 90% by D3`, stopping at the first share that the window does not reach (`fewer
/// than half within the window`).
pub fn first_ceasefire_dates(f: &FirstCeasefireForecast) -> String {
    let mut parts = Vec::new();
    for (share, date) in [("10% of runs", &f.p10), ("half", &f.p50), ("90%", &f.p90)] {
        match date {
            Some(d) => parts.push(format!("{share} by {d}")),
            None => {
                parts.push(format!("fewer than {share} within the window"));
                break;
            }
        }
    }
    parts.join(", ")
}

/// A probability as a percentage with one decimal.
pub fn pct(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// A difference of probabilities in percentage points, signed.
pub fn pp(d: f64) -> String {
    format!("{:+.1} pp", 100.0 * d)
}

/// A number on the 0–100 scales, with one decimal.
pub fn num(x: f64) -> String {
    format!("{x:.1}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::compare::{self, fixtures, McConfig};
    use crate::json::{self, RunInfo};
    use crate::sensitivity;
    use armistice_models::model::{IssueOutcome, Prediction, Stop};
    use armistice_scenario::dist::Dist;
    use armistice_sim::aggregate::Tally;
    use armistice_sim::runner::Silent;

    /// The toy scenario run through the toy engine, the real tally and forecast builder,
    /// a sensitivity analysis and one comparison: the report the golden files hold.
    pub(crate) fn sample() -> Report {
        let s = fixtures::scenario(Dist::Uniform { a: 20.0, b: 80.0 });
        let cfg = McConfig { n_runs: 2000, seed: 3, threads: 1 };
        let mut tally = Tally::new(&s);
        for i in 0..cfg.n_runs {
            tally.add(&fixtures::simulate(&s, cfg.seed, i), &s);
        }
        let info = RunInfo {
            scenario_sha256: "0123456789abcdef0123456789abcdef",
            seed: cfg.seed,
            runs_requested: cfg.n_runs,
            runs_completed: None,
            version: "0.1.0",
        };
        let predict = |v: Option<f64>| Prediction {
            issues: vec![IssueOutcome { value: v, path: vec![], stop: Stop::Closed }],
        };
        let predictions =
            [("mean".to_string(), predict(Some(58.0))), ("smp".to_string(), predict(None))];
        let forecast = json::forecast(&s, &tally, &info, &predictions);
        let mut r = Report::new(&s, &forecast, &[Some(fixtures::SOURCE.to_string())]);

        let (sens, _) = sensitivity::run(&s, &cfg, fixtures::simulate, &Silent);
        for a in &sens.answers {
            if let Some(baseline) = a.baseline {
                r.tornadoes.push(Tornado {
                    title: a.label.clone(),
                    x_label: a.id.clone(),
                    baseline,
                    swings: sensitivity::tornado_rows(a, 10),
                });
            }
        }
        let costly = fixtures::scenario(Dist::Uniform { a: 40.0, b: 100.0 });
        let (c, _) = compare::run(
            &s,
            &costly,
            ("costly.toml", "War costs side A more"),
            &cfg,
            fixtures::simulate,
            &Silent,
        );
        r.comparisons.push(c);
        r
    }

    #[test]
    fn report_has_every_section_and_no_external_reference() {
        let html = render(&sample());
        for id in [
            "glance",
            "questions",
            "ceasefire",
            "outcomes",
            "issues",
            "sensitivity",
            "whatif",
            "evidence",
        ] {
            assert!(html.contains(&format!("<h2 id=\"{id}\">")), "section {id} missing");
        }
        // Actors, ceasefire, signed, outcomes, one issue, two tornadoes.
        assert_eq!(html.matches("<svg ").count(), 7);
        for banned in ["<script", "http://", "https://", "@import", "url(", "<link", "<img", "src="]
        {
            let hits: Vec<&str> = html.matches(banned).collect();
            // The only URL allowed is the SVG namespace, which is never fetched.
            let allowed = if banned == "http://" {
                html.matches("http://www.w3.org/2000/svg").count()
            } else {
                0
            };
            assert_eq!(hits.len(), allowed, "found {banned}");
        }
        // The cited words, escaped, from the source text.
        assert!(html.contains("<blockquote>“wants the whole border &lt;strip&gt;”</blockquote>"));
        assert!(html.contains("<td class=\"nowrap\">smp</td><td class=\"num\">no deal</td>"));
        assert!(html.contains("War costs side A more"));
    }

    #[test]
    fn first_ceasefire_dates_stop_at_the_window() {
        let f = |p10: Option<&str>, p50: Option<&str>| FirstCeasefireForecast {
            p_never: 0.56,
            p10: p10.map(str::to_string),
            p50: p50.map(str::to_string),
            p90: None,
        };
        assert_eq!(
            first_ceasefire_dates(&f(Some("2025-04-08"), None)),
            "10% of runs by 2025-04-08, fewer than half within the window"
        );
        assert_eq!(
            first_ceasefire_dates(&f(Some("2025-04-08"), Some("2025-06-01"))),
            "10% of runs by 2025-04-08, half by 2025-06-01, fewer than 90% within the window"
        );
        assert_eq!(
            first_ceasefire_dates(&f(None, None)),
            "fewer than 10% of runs within the window"
        );
        let all =
            FirstCeasefireForecast { p90: Some("2026-01-05".into()), ..f(Some("a"), Some("b")) };
        assert_eq!(first_ceasefire_dates(&all), "10% of runs by a, half by b, 90% by 2026-01-05");
    }

    #[test]
    fn evidence_without_sources_has_no_quotes() {
        let s = fixtures::scenario(Dist::Uniform { a: 20.0, b: 80.0 });
        let items = evidence(&s, &[]);
        let stance = items.iter().find(|e| e.input == "stance a · border");
        let stance = stance.map(|e| (e.why.as_str(), e.anchors[0].quoted.clone()));
        assert_eq!(stance, Some(("a's stated demand", None)));
        let with = evidence(&s, &[Some(fixtures::SOURCE.into())]);
        let q = with
            .iter()
            .find(|e| e.input == "stance a · border")
            .and_then(|e| e.anchors[0].quoted.clone());
        assert_eq!(q.as_deref(), Some("wants the whole border <strip>"));
    }

    /// The rendered sample is kept in `testdata/report/` so a reviewer (and the browser
    /// check in `scripts/screenshot-report.sh`) can open it; set
    /// `ARMISTICE_UPDATE_GOLDEN=1` to rewrite it after a deliberate change.
    #[test]
    fn golden_sample_report() {
        let r = sample();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/report");
        for (name, text) in
            [("sample.html", render(&r)), ("sample.md", crate::markdown::render(&r))]
        {
            let path = dir.join(name);
            if std::env::var_os("ARMISTICE_UPDATE_GOLDEN").is_some() {
                let _ = std::fs::create_dir_all(&dir);
                std::fs::write(&path, &text)
                    .unwrap_or_else(|e| panic!("failed to write {}: {e}", path.display()));
            }
            let golden = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                golden == text,
                "{} is out of date; rerun with ARMISTICE_UPDATE_GOLDEN=1",
                path.display()
            );
        }
    }
}
