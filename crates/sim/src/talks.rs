//! One talks event on one deal kind (war-model §5–§6): build the veto players'
//! bargaining problem from the run's state, ask the Nash solver for the mediator's
//! proposal, and sign it or record who refused and who was blamed.
//!
//! Choices the specification leaves open, all documented in `docs/models.md (the war model)`:
//! - A veto player's disagreement value on a ceasefire or settlement is the war's value
//!   projected under its belief (sides), its protégé's belief (patrons with `backs`),
//!   or the neutral belief (other veto players: the capability-weighted mean of the
//!   sides' beliefs, with the weighted mean β and the longer of the two horizons).
//! - The mediator is the first actor with the `mediator` role. Its belief is its
//!   protégé's if it is a patron that backs a side (or a side itself), else the neutral
//!   belief; each player's mediator-side disagreement value is that player's own
//!   formula evaluated on the mediator's projection.
//! - Only one player may carry the commitment term (a limit of the solver): the first
//!   trusting side with ψ > 0 among the kind's veto players.
//! - Guarantee issues outside the kind's issues enter the commitment term through the
//!   base hazard, `ζ0 · exp(−Σ_{g∉I_m} λ_g x_g/100)`, at their current terms.

use armistice_models::nash::{self, Commitment, Player, Problem, Proposal, EPS};
use armistice_scenario::types::{ActorId, AgreementClass, Trigger};

use crate::engine::{Prepared, State, Values, MEDIATOR_PATH, NEUTRAL_PATH, PATHS, SIDE_A_PATH};
use crate::history::History;
use crate::project::{self, Horizon, Imposed, StrengthPath, Valuer};
use crate::trace::{PlayerTrace, TalksOutcome, TalksTrace, TracePeriod};

/// Holds talks on kind `m` in the current period.
pub(crate) fn hold(
    p: &Prepared<'_>,
    vals: &Values,
    st: &mut State,
    m: usize,
    history: &mut History,
    tp: Option<&mut TracePeriod>,
) {
    let kind = &p.kinds[m];
    let traced = tp.is_some();
    let mut record = traced.then(|| TalksTrace::new(m));
    let outcome = match kind.veto.is_empty() || kind.issues.is_empty() {
        true => TalksOutcome::NoVetoPlayers,
        false => negotiate(p, vals, st, m, history, record.as_mut()),
    };
    if let (Some(tp), Some(mut r)) = (tp, record) {
        r.outcome = outcome;
        tp.talks.push(r);
    }
}

fn negotiate(
    p: &Prepared<'_>,
    vals: &Values,
    st: &mut State,
    m: usize,
    history: &mut History,
    record: Option<&mut TalksTrace>,
) -> TalksOutcome {
    let kind = &p.kinds[m];
    let war = kind.class != AgreementClass::Partial && p.scenario.campaign.is_some();
    if war {
        ensure_paths(p, vals, st);
    }
    let n = vals.n_issues;
    let (pos_a, pos_b) = match (p.side_actor(0), p.side_actor(1)) {
        (Some(a), Some(b)) => (
            &vals.position[a.idx() * n..a.idx() * n + n],
            &vals.position[b.idx() * n..b.idx() * n + n],
        ),
        _ => (&vals.position[0..0], &vals.position[0..0]),
    };
    let imposed = Imposed { pos_a, pos_b, class: &p.phi_class, phi: &p.phi };
    // Who refused and who is blamed matter only to a lever still waiting for them (or to
    // a trace); otherwise only the deal is computed, which leaves the history unchanged
    // and needs no disagreement values on the mediator's projection.
    let want_proposal = record.is_some() || listened(p, st, m);
    let mediator_path = st.paths.mediator_id;
    let mut players = Vec::with_capacity(kind.veto.len());
    let mut mediator_d = Vec::with_capacity(kind.veto.len());
    let mut committed = false;
    for &a in &kind.veto {
        let row = a * n;
        let rho = vals.rho[a];
        let weight = &vals.weight[row..row + n];
        let mut player = Player {
            weights: kind.issues.iter().map(|&k| weight[k]).collect(),
            positions: kind.issues.iter().map(|&k| vals.position[row + k]).collect(),
            rho,
            bargaining_weight: bargaining_weight(st.bargaining[a]),
            disagreement: f64::NAN,
            acceptable: kind.issues.iter().map(|&k| vals.accept[row + k]).collect(),
            commitment: None,
        };
        let (d, d_med) = match war {
            true => {
                let (own_path, horizon) = horizon_of(p, vals, st, a);
                let valuer = Valuer {
                    position: &vals.position[row..row + n],
                    rho,
                    side: p.side_of[a],
                    horizon,
                };
                let paths = &mut st.paths;
                let mut value = |path_id: usize| {
                    let path = match path_id {
                        0 | 1 => &paths.side[path_id],
                        NEUTRAL_PATH => &paths.neutral,
                        _ => &paths.mediator,
                    };
                    let slot = a * PATHS + path_id;
                    paths.values.war_value(
                        slot,
                        path_id,
                        path,
                        &valuer,
                        &imposed,
                        &kind.issues,
                        weight,
                    )
                };
                let own = value(own_path);
                let med = match want_proposal {
                    true => value(mediator_path),
                    false => f64::NAN,
                };
                (own, med)
            }
            // No war to fall back on: the terms in force now.
            false => {
                let now: Vec<f64> = kind.issues.iter().map(|&k| st.terms[k]).collect();
                let u = player.utility(&now);
                (u, u)
            }
        };
        player.disagreement = d;
        player.commitment = match (war, p.side_of[a]) {
            (true, Some(j)) if vals.trusting[j] && vals.psi[j] > 0.0 && !committed => {
                committed = true;
                let outside = p.guarantee_strength(vals, st, Some(m));
                Some(Commitment {
                    lambda: kind.issues.iter().map(|&k| vals.lambda[k]).collect(),
                    fearfulness: vals.psi[j],
                    base_hazard: vals.hazard[m] * (-outside).exp(),
                    violation: st.violations.max(0.0),
                    horizon: vals.commit_horizon,
                    penalty: vals.penalty,
                })
            }
            _ => None,
        };
        players.push(player);
        mediator_d.push(d_med);
    }
    let problem = Problem { players, eps: EPS };
    let proposal = match want_proposal {
        true if record.is_some() => nash::propose_warm(&problem, &mediator_d, &mut st.warm[m]),
        // The same refusals and blame, without the tabled terms when they are not needed.
        true => nash::verdict_warm(&problem, &mediator_d, &mut st.warm[m]),
        false => nash::deal_warm(&problem, &mut st.warm[m]).map(|terms| match terms {
            Some(terms) => Proposal::Deal { terms },
            None => {
                Proposal::Refused { tabled: Vec::new(), refusing: Vec::new(), blamed: Vec::new() }
            }
        }),
    };
    if let Some(r) = record {
        fill_record(r, &problem, &mediator_d, &proposal, &kind.veto);
    }
    match proposal {
        Ok(Proposal::Deal { mut terms }) => {
            // The solver works inside the box; clip anyway so a red line can never be
            // crossed by a rounding error.
            for (x, (lo, hi)) in terms.iter_mut().zip(problem.red_line_box()) {
                *x = x.clamp(lo, hi);
            }
            p.sign(st, history, m, &terms);
            TalksOutcome::Signed
        }
        Ok(Proposal::Refused { refusing, blamed, .. }) => {
            push_events(st, &kind.veto, m, &refusing, &blamed);
            TalksOutcome::Refused
        }
        Ok(Proposal::BoxEmpty { refusing, blamed }) => {
            push_events(st, &kind.veto, m, &refusing, &blamed);
            TalksOutcome::RedLinesDisjoint
        }
        Err(_) => TalksOutcome::Invalid,
    }
}

/// Whether a lever that can still fire triggers on a refusal or a blame in talks on
/// kind `m` by one of its veto players, and no earlier talks this period have met that
/// trigger already (a trigger holds or not for the whole period, so once it holds, more
/// refusals or blame change nothing).
fn listened(p: &Prepared<'_>, st: &State, m: usize) -> bool {
    let veto = &p.kinds[m].veto;
    p.scenario.levers.iter().enumerate().any(|(l, lever)| {
        let (actor, deal, blame) = match &lever.trigger {
            Trigger::Refuses { actor, deal } => (actor, deal, false),
            Trigger::Blamed { actor, deal } => (actor, deal, true),
            _ => return false,
        };
        let met = st.talk_events.iter().any(|&(a, k, blamed)| {
            blamed == blame && a == actor.idx() && deal.is_none_or(|d| d.idx() == k)
        });
        (lever.repeat || !st.fired[l])
            && !met
            && veto.contains(&actor.idx())
            && deal.is_none_or(|d| d.idx() == m)
    })
}

/// A bargaining weight the solver accepts (it needs b > 0): an actor with no
/// capability keeps a negligible voice.
fn bargaining_weight(b: f64) -> f64 {
    match b.is_finite() && b > 0.0 {
        true => b.max(1e-12),
        false => 1e-12,
    }
}

fn push_events(st: &mut State, veto: &[usize], m: usize, refusing: &[usize], blamed: &[usize]) {
    for &i in refusing {
        if let Some(&a) = veto.get(i) {
            st.talk_events.push((a, m, false));
        }
    }
    for &i in blamed {
        if let Some(&a) = veto.get(i) {
            st.talk_events.push((a, m, true));
        }
    }
}

/// The projection (its id in [`Paths`](crate::engine::Paths)), discounting and cost with
/// which actor `a` values fighting on.
fn horizon_of<'s>(
    p: &'s Prepared<'_>,
    vals: &Values,
    st: &State,
    a: usize,
) -> (usize, Horizon<'s>) {
    let t = st.t as usize;
    let sigma = p.sigma.get(t..).unwrap_or(&[]);
    let neutral = |cost: f64| {
        let (beta, h) = neutral_discount(vals, st, p);
        (NEUTRAL_PATH, Horizon { beta, h, cost, sigma_floor: vals.sigma_floor, sigma })
    };
    let side = |j: usize, cost: f64| {
        (
            SIDE_A_PATH + j,
            Horizon {
                beta: vals.beta[j],
                h: vals.h[j],
                cost,
                sigma_floor: vals.sigma_floor,
                sigma,
            },
        )
    };
    match (p.side_of[a], p.patron_of[a]) {
        (Some(j), _) => side(j, vals.cost[j] * (1.0 + st.multiplier[j].max(0.0))),
        (None, Some(q)) => {
            let cost = vals.patron_cost[q] * (1.0 + st.patron_multiplier[q].max(0.0));
            match p.scenario.campaign.as_ref().and_then(|c| c.patrons[q].backs) {
                Some(j) if j < 2 => side(j, cost),
                _ => neutral(cost),
            }
        }
        (None, None) => neutral(0.0),
    }
}

/// β and h of a neutral projection: the sides' β weighted by their bargaining weights,
/// and the longer of their horizons.
fn neutral_discount(vals: &Values, st: &State, p: &Prepared<'_>) -> (f64, usize) {
    let w = side_weights(p, st);
    (w[0] * vals.beta[0] + w[1] * vals.beta[1], vals.h[0].max(vals.h[1]))
}

/// The sides' bargaining weights, normalised (equal if both are 0).
fn side_weights(p: &Prepared<'_>, st: &State) -> [f64; 2] {
    let b = [0, 1].map(|j| p.side_actor(j).map_or(0.0, |a| st.bargaining[a.idx()].max(0.0)));
    let total = b[0] + b[1];
    match total > 0.0 && total.is_finite() {
        true => [b[0] / total, b[1] / total],
        false => [0.5, 0.5],
    }
}

/// Computes this period's projections (once per period, and only when talks on a
/// ceasefire or settlement need them).
pub(crate) fn ensure_paths(p: &Prepared<'_>, vals: &Values, st: &mut State) {
    if st.paths.period == Some(st.t) {
        return;
    }
    let mut paths = std::mem::take(&mut st.paths);
    let beliefs = st.beliefs.moments();
    let w = side_weights(p, st);
    let mu_neutral = w[0] * beliefs[0].0 + w[1] * beliefs[1].0;
    let mu_mediator = match p.mediator {
        Some(a) => match (p.side_of[a], p.patron_of[a]) {
            (Some(j), _) => beliefs[j].0,
            (None, Some(q)) => {
                match p.scenario.campaign.as_ref().and_then(|c| c.patrons[q].backs) {
                    Some(j) if j < 2 => beliefs[j].0,
                    _ => mu_neutral,
                }
            }
            (None, None) => mu_neutral,
        },
        None => mu_neutral,
    };
    let h_max = p.max_h.max(vals.h[0].max(vals.h[1]));
    let now = p.war_now(vals, st);
    let sp: &mut StrengthPath = &mut paths.strength;
    sp.compute(&now, h_max);
    for j in 0..2 {
        project::project(&now, sp, beliefs[j].0, vals.h[j], &mut paths.scratch, &mut paths.side[j]);
    }
    project::project(&now, sp, mu_neutral, h_max, &mut paths.scratch, &mut paths.neutral);
    project::project(&now, sp, mu_mediator, h_max, &mut paths.scratch, &mut paths.mediator);
    // The mediator's projection is the neutral one when their beliefs agree, and its war
    // values are then the neutral projection's (computed once).
    paths.mediator_id = match mu_mediator.to_bits() == mu_neutral.to_bits() {
        true => NEUTRAL_PATH,
        false => MEDIATOR_PATH,
    };
    let n_actors = p.scenario.actors.len();
    paths.values.reset(n_actors * PATHS, PATHS, vals.n_issues, p.phi.len());
    paths.beliefs = beliefs;
    paths.mu_neutral = mu_neutral;
    paths.mu_mediator = mu_mediator;
    paths.period = Some(st.t);
    st.paths = paths;
}

fn fill_record(
    r: &mut TalksTrace,
    problem: &Problem,
    mediator_d: &[f64],
    proposal: &Result<Proposal, nash::ProblemError>,
    veto: &[usize],
) {
    let (terms, blamed): (Vec<f64>, Vec<usize>) = match proposal {
        Ok(Proposal::Deal { terms }) => (terms.clone(), Vec::new()),
        Ok(Proposal::Refused { tabled, blamed, .. }) => (tabled.clone(), blamed.clone()),
        Ok(Proposal::BoxEmpty { blamed, .. }) => (Vec::new(), blamed.clone()),
        Err(_) => (Vec::new(), Vec::new()),
    };
    r.players = problem
        .players
        .iter()
        .zip(veto)
        .zip(mediator_d)
        .map(|((pl, &a), &dm)| PlayerTrace {
            actor: ActorId(a as u32),
            value: match terms.is_empty() {
                true => f64::NAN,
                false => pl.value(&terms),
            },
            disagreement: pl.disagreement,
            mediator_disagreement: dm,
            accepts: !terms.is_empty() && pl.accepts(&terms, problem.eps),
        })
        .collect();
    r.blamed = blamed.iter().filter_map(|&i| veto.get(i)).map(|&a| ActorId(a as u32)).collect();
    r.terms = terms;
    // The range's slack: the smallest gain at the max–min point (positive when the
    // Fearon range is not empty).
    r.range = nash::range_slack(problem).ok().flatten();
}
