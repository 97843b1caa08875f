//! A per-period record of one run for `armistice trace`: the battlefield, both sides'
//! beliefs and projections, every talks event with each veto player's value and
//! disagreement value, the levers and the deals.
//!
//! Tracing draws no random numbers, so a traced run's [`crate::history::History`] is the
//! untraced one. [`Trace::render`] formats the record as plain text (the CLI prints it).

use std::fmt::Write as _;

use armistice_scenario::types::{ActorId, AgreementId, LeverId, Scenario};
use jiff::civil::Date;

use crate::history::EndCause;

/// One run's detail, period by period.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub periods: Vec<TracePeriod>,
}

/// What happened in one period (state recorded at the period's end).
#[derive(Clone, Debug)]
pub struct TracePeriod {
    pub period: u32,
    pub date: Date,
    /// σ(t) from the calendar.
    pub sigma: f64,
    /// A's share of each front after the battle.
    pub control: Vec<f64>,
    /// T, A's share of contested value.
    pub share: f64,
    /// Effective strengths S_A, S_B after this period's step.
    pub strength: [f64; 2],
    /// Each side's posterior (μ, V) about θ.
    pub belief: [(f64, f64); 2],
    /// Each side's projected T̂ at the end of its own horizon.
    pub projected: [f64; 2],
    /// Whether a ceasefire or settlement froze the lines.
    pub frozen: bool,
    pub talks: Vec<TalksTrace>,
    /// Levers triggered this period, and whether each is real.
    pub triggered: Vec<(LeverId, bool)>,
    /// Levers that took effect this period.
    pub effective: Vec<LeverId>,
    /// Deals that ended at the end of this period.
    pub ended: Vec<(AgreementId, EndCause)>,
}

/// One talks event.
#[derive(Clone, Debug)]
pub struct TalksTrace {
    pub kind: AgreementId,
    /// The proposal (signed or tabled), one term per issue of the kind; empty when the
    /// red lines left nothing to table.
    pub terms: Vec<f64>,
    pub players: Vec<PlayerTrace>,
    pub blamed: Vec<ActorId>,
    pub outcome: TalksOutcome,
    /// `min_i (U_i − d_i)` at the max–min point: positive exactly when the bargaining
    /// range is not empty (its slack in utility units); `None` when not computable.
    pub range: Option<f64>,
}

/// One veto player at one talks event.
#[derive(Clone, Debug)]
pub struct PlayerTrace {
    pub actor: ActorId,
    /// U_i of the proposal.
    pub value: f64,
    /// d_i, its own disagreement value.
    pub disagreement: f64,
    /// d_i as the mediator projects it.
    pub mediator_disagreement: f64,
    pub accepts: bool,
}

/// How a talks event ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TalksOutcome {
    Signed,
    Refused,
    /// The veto players' red lines leave no common terms.
    RedLinesDisjoint,
    /// The kind has no veto player or no issue: nothing to sign.
    NoVetoPlayers,
    /// The solver rejected the numbers (should not happen on validated input).
    Invalid,
}

impl TracePeriod {
    pub(crate) fn new(period: u32, date: Date, sigma: f64) -> TracePeriod {
        TracePeriod {
            period,
            date,
            sigma,
            control: Vec::new(),
            share: f64::NAN,
            strength: [f64::NAN; 2],
            belief: [(f64::NAN, f64::NAN); 2],
            projected: [f64::NAN; 2],
            frozen: false,
            talks: Vec::new(),
            triggered: Vec::new(),
            effective: Vec::new(),
            ended: Vec::new(),
        }
    }
}

impl TalksTrace {
    pub(crate) fn new(kind: usize) -> TalksTrace {
        TalksTrace {
            kind: AgreementId(kind as u32),
            terms: Vec::new(),
            players: Vec::new(),
            blamed: Vec::new(),
            outcome: TalksOutcome::Invalid,
            range: None,
        }
    }
}

impl Trace {
    /// The trace as a readable table: one line per period, then one indented line per
    /// talks event, veto player, lever and deal.
    pub fn render(&self, scenario: &Scenario) -> String {
        let mut out = String::new();
        let actor = |a: ActorId| scenario.actors.get(a.idx()).map_or("?", |x| x.id.as_str());
        let kind = |m: AgreementId| scenario.agreements.get(m.idx()).map_or("?", |x| x.id.as_str());
        let lever = |l: LeverId| scenario.levers.get(l.idx()).map_or("?", |x| x.id.as_str());
        let sides = scenario.campaign.as_ref().map(|c| [actor(c.sides[0]), actor(c.sides[1])]);
        let fronts: Vec<&str> = scenario
            .campaign
            .as_ref()
            .map(|c| c.fronts.iter().map(|f| f.id.as_str()).collect())
            .unwrap_or_default();
        let _ = write!(out, "{:>4}  {:<10}  {:>4}  {:>6}", "t", "date", "σ", "T");
        for f in &fronts {
            let _ = write!(out, "  {:>8}", truncate(f, 8));
        }
        if let Some([a, b]) = sides {
            for s in [a, b] {
                let s = truncate(s, 6);
                let _ = write!(
                    out,
                    "  {:>8}  {:>8}  {:>7}",
                    format!("μ_{s}"),
                    format!("V_{s}"),
                    format!("T̂_{s}")
                );
            }
        }
        out.push('\n');
        for p in &self.periods {
            let _ =
                write!(out, "{:>4}  {:<10}  {:>4.2}  {:>6.4}", p.period, p.date, p.sigma, p.share);
            for c in &p.control {
                let _ = write!(out, "  {c:>8.4}");
            }
            if sides.is_some() {
                for j in 0..2 {
                    let _ = write!(
                        out,
                        "  {:>8.4}  {:>8.5}  {:>7.4}",
                        p.belief[j].0, p.belief[j].1, p.projected[j]
                    );
                }
            }
            if p.frozen {
                out.push_str("  [lines frozen]");
            }
            out.push('\n');
            for l in &p.effective {
                let _ = writeln!(out, "      lever {} takes effect", lever(*l));
            }
            for tk in &p.talks {
                let terms: Vec<String> = tk.terms.iter().map(|x| format!("{x:.2}")).collect();
                let range = match tk.range {
                    Some(r) => format!("{r:+.3e}"),
                    None => "n/a".into(),
                };
                let _ = writeln!(
                    out,
                    "      talks {}: {:?}; proposal [{}]; range slack {}",
                    kind(tk.kind),
                    tk.outcome,
                    terms.join(", "),
                    range
                );
                for pl in &tk.players {
                    let _ = writeln!(
                        out,
                        "        {:<10} {:<7} U {:+.5}  d {:+.5}  d_mediator {:+.5}",
                        actor(pl.actor),
                        if pl.accepts { "accepts" } else { "refuses" },
                        pl.value,
                        pl.disagreement,
                        pl.mediator_disagreement
                    );
                }
                if !tk.blamed.is_empty() {
                    let names: Vec<&str> = tk.blamed.iter().map(|a| actor(*a)).collect();
                    let _ = writeln!(out, "        blamed: {}", names.join(", "));
                }
            }
            for (l, real) in &p.triggered {
                let what = if *real { "real" } else { "bluff" };
                let _ = writeln!(out, "      lever {} triggered ({what})", lever(*l));
            }
            for (m, cause) in &p.ended {
                let _ = writeln!(out, "      {} ends ({cause:?})", kind(*m));
            }
        }
        out
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
