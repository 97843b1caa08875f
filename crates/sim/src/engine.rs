//! One run of the bargaining-while-fighting model (war-model §0–§8).
//!
//! [`Prepared`] holds everything about a scenario that does not change between runs
//! (the calendar's σ per period, the deal kinds' issues and veto players, who backs
//! whom, stream labels). [`Prepared::simulate`] then draws one run's numbers and plays
//! the periods in the order of war-model §0:
//!
//! 1. levers due take effect; 2. talks, kind by kind in menu order; 3. battle;
//! 4. beliefs; 5. strengths, aid, costs; 6. triggers; 7. breakdown and expiry.
//!
//! A run is a pure function of (scenario, seed, run index): every random number comes
//! from `stream(seed, run, label)` with one label per purpose (`battle`, `breakdown`,
//! `talks.<channel>`, `lever.<id>`), and each stream is drawn a fixed number of times
//! per period whatever happens, so that two scenarios that differ only in a lever see
//! the same battle noise (common random numbers).

use armistice_models::nash::WarmStart;
use armistice_scenario::dist::{stream, Dist, Draw, Num};
use armistice_scenario::instance::Side;
use armistice_scenario::types::{
    ActorId, AgreementClass, AgreementId, EventKind, Role, Scenario, Trigger,
};
use rand::Rng;
use rand_chacha::ChaCha12Rng;
use rand_distr::StandardNormal;

use crate::belief::Beliefs;
use crate::history::{EndCause, Ending, History, Round, Signing};
use crate::levers;
use crate::project::{StrengthPath, WarNow, WarValues};
use crate::talks;
use crate::trace::{Trace, TracePeriod};
use crate::war;

/// Simulates one run of `scenario` (see [`Prepared::simulate`]). Prefer building a
/// [`Prepared`] once when simulating many runs.
pub fn simulate(scenario: &Scenario, seed: u64, run: u64) -> History {
    Prepared::new(scenario).simulate(seed, run)
}

/// Simulates one run and records its period-by-period detail in `trace`.
pub fn simulate_traced(scenario: &Scenario, seed: u64, run: u64, trace: &mut Trace) -> History {
    Prepared::new(scenario).simulate_traced(seed, run, trace)
}

/// Per-scenario data computed once, outside the run loop.
#[derive(Clone, Debug)]
pub struct Prepared<'a> {
    pub scenario: &'a Scenario,
    /// Number of simulated periods H.
    pub horizon: u32,
    /// σ(t) for t = 0..horizon + longest projection + 2 (all 1 without a campaign).
    pub(crate) sigma: Vec<f64>,
    pub(crate) kinds: Vec<Kind>,
    /// Which side (0 = A, 1 = B) an actor is, if any.
    pub(crate) side_of: Vec<Option<usize>>,
    /// Which `campaign.patrons` entry an actor is, if any.
    pub(crate) patron_of: Vec<Option<usize>>,
    /// The mediator: the first actor with the `mediator` role.
    pub(crate) mediator: Option<usize>,
    /// `stance[a * n_issues + k]`: index into `scenario.stances`.
    pub(crate) stance: Vec<Option<usize>>,
    /// Calendar talks events as (period, event index), sorted by period.
    pub(crate) events: Vec<(u32, usize)>,
    /// Each channel's active periods `[from, until]` (inclusive).
    pub(crate) channel_window: Vec<(i64, i64)>,
    pub(crate) channel_label: Vec<String>,
    pub(crate) lever_label: Vec<String>,
    /// Period of each date trigger (`None` for other triggers).
    pub(crate) lever_date: Vec<Option<i64>>,
    /// (side, patron actor) for every aid flow the scenario or a lever mentions.
    pub(crate) aid_slots: Vec<(usize, usize)>,
    /// The range the distribution of θ spans (mean ± 6 sd, or its support).
    pub(crate) theta_range: (f64, f64),
    /// Longest projection horizon of any player.
    pub(crate) max_h: usize,
    /// Per issue: its index into `phi` (issues with the same φ share one class).
    pub(crate) phi_class: Vec<usize>,
    /// The distinct values of φ (as the war model uses them).
    pub(crate) phi: Vec<f64>,
}

/// A deal kind as the engine sees it.
#[derive(Clone, Debug)]
pub(crate) struct Kind {
    pub(crate) class: AgreementClass,
    pub(crate) issues: Vec<usize>,
    pub(crate) veto: Vec<usize>,
    pub(crate) expiry: Option<u32>,
}

/// One run's sampled numbers.
#[derive(Clone, Debug)]
pub(crate) struct Values {
    pub(crate) n_issues: usize,
    /// `position[a * n_issues + k]` (status quo where the actor has no stance).
    pub(crate) position: Vec<f64>,
    /// Normalised salience `w_ak` (0 where the actor has no stance).
    pub(crate) weight: Vec<f64>,
    /// The interval a red line accepts (0–100 without one).
    pub(crate) accept: Vec<(f64, f64)>,
    pub(crate) rho: Vec<f64>,
    pub(crate) capability: Vec<f64>,
    pub(crate) status_quo: Vec<f64>,
    pub(crate) front_value: Vec<f64>,
    pub(crate) kappa: Vec<f64>,
    pub(crate) eta: Vec<f64>,
    pub(crate) front_factor: Vec<f64>,
    pub(crate) theta: f64,
    pub(crate) gamma: f64,
    pub(crate) sigma_floor: f64,
    pub(crate) beta: [f64; 2],
    pub(crate) h: [usize; 2],
    pub(crate) psi: [f64; 2],
    pub(crate) cost: [f64; 2],
    pub(crate) patron_cost: Vec<f64>,
    pub(crate) hazard: Vec<f64>,
    pub(crate) real: Vec<bool>,
    pub(crate) penalty: f64,
    /// λ_g per issue (0 for issues that are not guarantees).
    pub(crate) lambda: Vec<f64>,
    pub(crate) commit_horizon: f64,
    pub(crate) trusting: [bool; 2],
}

/// The state of a run that changes from period to period.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub(crate) t: u32,
    pub(crate) control: Vec<f64>,
    pub(crate) strength: [f64; 2],
    pub(crate) mobilisation: [f64; 2],
    pub(crate) attrition: [f64; 2],
    /// Aid per entry of `Prepared::aid_slots`.
    pub(crate) aid: Vec<f64>,
    pub(crate) multiplier: [f64; 2],
    pub(crate) patron_multiplier: Vec<f64>,
    pub(crate) bargaining: Vec<f64>,
    pub(crate) violations: f64,
    pub(crate) rate: Vec<f64>,
    /// Talks opened by `open = true` or an OpenTalks effect.
    pub(crate) open: Vec<bool>,
    /// Talks on this kind this period.
    pub(crate) open_now: Vec<bool>,
    /// The current terms per issue.
    pub(crate) terms: Vec<f64>,
    /// The status quo per issue (what an issue returns to when no deal fixes it).
    pub(crate) base: Vec<f64>,
    /// The signing that fixes each issue now.
    pub(crate) fixed_by: Vec<Option<usize>>,
    pub(crate) active: Vec<Active>,
    /// Scheduled lever effects: (due period, lever, index into `History::levers`).
    pub(crate) pending: Vec<(u32, usize, usize)>,
    pub(crate) fired: Vec<bool>,
    pub(crate) cond_prev: Vec<bool>,
    pub(crate) beliefs: Beliefs,
    /// Refusals and blame this period: (actor, kind, blamed).
    pub(crate) talk_events: Vec<(usize, usize, bool)>,
    pub(crate) signed_now: Vec<usize>,
    pub(crate) paths: Paths,
    /// Per deal kind: what the talks solver kept from the kind's last talks event.
    pub(crate) warm: Vec<WarmStart>,
}

/// A signed deal in force.
#[derive(Clone, Debug)]
pub(crate) struct Active {
    pub(crate) signing: usize,
    pub(crate) kind: usize,
    /// Per issue of the kind: (previous fixer, previous term).
    pub(crate) saved: Vec<(Option<usize>, f64)>,
    pub(crate) expires: Option<u32>,
}

/// Projections of this period, computed when talks on a war kind first need them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Paths {
    pub(crate) period: Option<u32>,
    pub(crate) strength: StrengthPath,
    /// T̂ under side A's, side B's, the neutral and the mediator's belief.
    pub(crate) side: [Vec<f64>; 2],
    pub(crate) neutral: Vec<f64>,
    pub(crate) mediator: Vec<f64>,
    pub(crate) beliefs: [(f64, f64); 2],
    pub(crate) mu_neutral: f64,
    pub(crate) mu_mediator: f64,
    pub(crate) scratch: Vec<f64>,
    /// This period's war values, per (actor, projection), filled as talks need them.
    pub(crate) values: WarValues,
    /// The mediator's projection: `MEDIATOR_PATH`, or `NEUTRAL_PATH` when they coincide.
    pub(crate) mediator_id: usize,
}

/// Which projection a war value is taken on (side j's is `SIDE_A_PATH + j`).
pub(crate) const SIDE_A_PATH: usize = 0;
pub(crate) const NEUTRAL_PATH: usize = 2;
pub(crate) const MEDIATOR_PATH: usize = 3;
/// Projections per period: side A's, side B's, the neutral and the mediator's.
pub(crate) const PATHS: usize = 4;

impl<'a> Prepared<'a> {
    /// Precomputes what every run of `scenario` shares.
    pub fn new(scenario: &'a Scenario) -> Prepared<'a> {
        let n_actors = scenario.actors.len();
        let n_issues = scenario.issues.len();
        let horizon = scenario.meta.horizon;
        let mut side_of = vec![None; n_actors];
        let mut patron_of = vec![None; n_actors];
        let mut max_h = 1usize;
        let mut theta_range = (0.0, 0.0);
        if let Some(c) = &scenario.campaign {
            for (j, a) in c.sides.iter().enumerate() {
                if let Some(slot) = side_of.get_mut(a.idx()) {
                    *slot = Some(j);
                }
            }
            for (p, patron) in c.patrons.iter().enumerate() {
                if let Some(slot) = patron_of.get_mut(patron.actor.idx()) {
                    *slot = Some(p);
                }
            }
            max_h = c.side.iter().map(|s| s.horizon.max(1) as usize).max().unwrap_or(1);
            theta_range = num_range(scenario, c.quality);
        }
        let sigma = match &scenario.campaign {
            Some(c) => war::season_by_period(scenario, &c.season, horizon + max_h as u32 + 2),
            None => vec![1.0; (horizon as usize) + max_h + 2],
        };
        let kinds = scenario
            .agreements
            .iter()
            .map(|a| Kind {
                class: a.class,
                issues: a.issues.iter().map(|i| i.idx()).filter(|&k| k < n_issues).collect(),
                veto: a.veto.iter().map(|i| i.idx()).filter(|&i| i < n_actors).collect(),
                expiry: a.expiry,
            })
            .collect();
        let mediator = scenario.actors.iter().position(|a| a.roles.contains(&Role::Mediator));
        let mut stance = vec![None; n_actors * n_issues];
        for (s_idx, s) in scenario.stances.iter().enumerate() {
            if let Some(slot) = stance.get_mut(s.actor.idx() * n_issues + s.issue.idx()) {
                *slot = Some(s_idx);
            }
        }
        let mut events: Vec<(u32, usize)> = scenario
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.kind, EventKind::Talks { .. }))
            .filter_map(|(i, e)| {
                let p = scenario.period_of(e.date);
                (0..i64::from(horizon)).contains(&p).then_some((p as u32, i))
            })
            .collect();
        events.sort();
        let channel_window = scenario
            .channels
            .iter()
            .map(|c| {
                let from = c.from.map_or(i64::MIN, |d| scenario.period_of(d));
                let until = c.until.map_or(i64::MAX, |d| scenario.period_of(d));
                (from, until)
            })
            .collect();
        let channel_label = scenario.channels.iter().map(|c| format!("talks.{}", c.id)).collect();
        let lever_label = scenario.levers.iter().map(|l| format!("lever.{}", l.id)).collect();
        let lever_date = scenario
            .levers
            .iter()
            .map(|l| match l.trigger {
                Trigger::Date(d) => Some(scenario.period_of(d)),
                _ => None,
            })
            .collect();
        let mut aid_slots = Vec::new();
        if let Some(c) = &scenario.campaign {
            for (j, side) in c.side.iter().enumerate() {
                for aid in &side.aid {
                    if !aid_slots.contains(&(j, aid.from.idx())) {
                        aid_slots.push((j, aid.from.idx()));
                    }
                }
            }
        }
        for lever in &scenario.levers {
            for e in &lever.effects {
                if let armistice_scenario::types::Effect::Aid { side, from, .. } = e {
                    if *side < 2 && !aid_slots.contains(&(*side, from.idx())) {
                        aid_slots.push((*side, from.idx()));
                    }
                }
            }
        }
        let mut phi: Vec<f64> = Vec::new();
        let phi_class = scenario
            .issues
            .iter()
            .map(|i| {
                let v = war::clean(i.phi, 1e-6, 1e6, 1.0);
                match phi.iter().position(|&x| x.to_bits() == v.to_bits()) {
                    Some(c) => c,
                    None => {
                        phi.push(v);
                        phi.len() - 1
                    }
                }
            })
            .collect();
        Prepared {
            scenario,
            horizon,
            sigma,
            kinds,
            side_of,
            patron_of,
            mediator,
            stance,
            events,
            channel_window,
            channel_label,
            lever_label,
            lever_date,
            aid_slots,
            theta_range,
            max_h,
            phi_class,
            phi,
        }
    }

    /// One run: a pure function of (scenario, seed, run).
    pub fn simulate(&self, seed: u64, run: u64) -> History {
        self.run(seed, run, None)
    }

    /// One run, recording each period's detail in `trace` (the History is identical to
    /// [`Prepared::simulate`]'s: tracing draws no random numbers).
    pub fn simulate_traced(&self, seed: u64, run: u64, trace: &mut Trace) -> History {
        trace.periods.clear();
        self.run(seed, run, Some(trace))
    }

    fn run(&self, seed: u64, run: u64, mut trace: Option<&mut Trace>) -> History {
        let sc = self.scenario;
        let draw = Draw::sample(&sc.params, seed, run);
        let vals = self.sample(&draw, seed, run);
        let mut st = self.initial_state(&draw, &vals);
        let mut battle_rng = stream(seed, run, "battle");
        let mut breakdown_rng = stream(seed, run, "breakdown");
        let mut channel_rng: Vec<ChaCha12Rng> =
            self.channel_label.iter().map(|l| stream(seed, run, l)).collect();
        let n_fronts = st.control.len();
        let mut history = History {
            periods: self.horizon,
            control: Vec::with_capacity(self.horizon as usize + 1),
            ..History::default()
        };
        let mut noise = vec![0.0; n_fronts];
        let mut next_event = 0usize;
        for t in 0..self.horizon {
            st.t = t;
            history.control.push(st.control.clone());
            let mut tp =
                trace.as_ref().map(|_| TracePeriod::new(t, sc.date_of(t), self.sigma_at(t)));

            // 1. Levers due.
            levers::apply_due(self, &vals, &mut st, &mut history, tp.as_mut());

            // 2. Talks.
            st.open_now.clone_from(&st.open);
            for (c, rng) in channel_rng.iter_mut().enumerate() {
                // One draw per channel and period, in or out of its window, so the
                // stream stays aligned across what-ifs.
                let u: f64 = rng.random();
                let (from, until) = self.channel_window[c];
                let p = i64::from(t);
                if p >= from && p <= until && u < st.rate[c] {
                    let ch = &sc.channels[c];
                    for m in &ch.agreements {
                        if let Some(o) = st.open_now.get_mut(m.idx()) {
                            *o = true;
                        }
                    }
                    history.rounds.push(Round {
                        period: t,
                        participants: ch.participants.clone(),
                        level: ch.level,
                    });
                }
            }
            while next_event < self.events.len() && self.events[next_event].0 == t {
                let e = &sc.events[self.events[next_event].1];
                if let EventKind::Talks { participants, level, agreements } = &e.kind {
                    for m in agreements {
                        if let Some(o) = st.open_now.get_mut(m.idx()) {
                            *o = true;
                        }
                    }
                    history.rounds.push(Round {
                        period: t,
                        participants: participants.clone(),
                        level: *level,
                    });
                }
                next_event += 1;
            }
            st.talk_events.clear();
            st.signed_now.clear();
            for m in 0..self.kinds.len() {
                if st.open_now[m] && self.negotiable(&st, m) {
                    talks::hold(self, &vals, &mut st, m, &mut history, tp.as_mut());
                }
            }

            // 3–4. Battle and beliefs, unless the lines are frozen.
            let frozen = self.frozen(&st);
            let sigma = self.sigma_at(t);
            for z in noise.iter_mut() {
                let e: f64 = battle_rng.sample(StandardNormal);
                *z = e;
            }
            if !frozen && n_fronts > 0 {
                let ratio = (st.strength[0] / st.strength[1]).max(f64::MIN_POSITIVE);
                let ez_common = (-vals.gamma * ratio.ln()).exp();
                let true_common = (-vals.gamma * vals.theta).exp() * ez_common;
                for f in 0..n_fronts {
                    let ez = ez_common * vals.front_factor[f];
                    let pi = 1.0 / (1.0 + true_common * vals.front_factor[f]);
                    let c = st.control[f];
                    let ks = vals.kappa[f] * sigma;
                    let next = war::next_control(c, ks, pi, vals.eta[f] * noise[f]);
                    st.control[f] = next;
                    if sigma > 0.0 {
                        st.beliefs.observe(c, next, ks, vals.eta[f], ez);
                    }
                }
            }

            // 5. Strengths, aid, costs (no attrition while the lines are frozen).
            let sigma_fight = if frozen { 0.0 } else { sigma };
            for j in 0..2 {
                let aid = self.aid_to(&st, j);
                st.strength[j] = war::next_strength(
                    st.strength[j],
                    st.mobilisation[j],
                    aid,
                    st.attrition[j],
                    sigma_fight,
                );
            }

            // 6. Triggers.
            levers::check_triggers(self, &vals, &mut st, &mut history, tp.as_mut());

            // 7. Breakdown of a ceasefire or settlement; expiry of partial deals.
            let u: f64 = breakdown_rng.random();
            self.breakdown_and_expiry(&vals, &mut st, &mut history, u, tp.as_mut());

            if let (Some(tr), Some(mut p)) = (trace.as_deref_mut(), tp) {
                self.fill_trace_period(&vals, &mut st, &mut p);
                tr.periods.push(p);
            }
        }
        history.control.push(st.control.clone());
        history
    }

    /// Whether talks on kind `m` can be held now: not while a deal of that kind is in
    /// force; no ceasefire while a ceasefire or settlement is in force; no settlement
    /// while a settlement is in force (a settlement may replace a ceasefire).
    fn negotiable(&self, st: &State, m: usize) -> bool {
        let class = self.kinds[m].class;
        !st.active.iter().any(|a| {
            let other = self.kinds[a.kind].class;
            a.kind == m
                || match class {
                    AgreementClass::Partial => false,
                    AgreementClass::Ceasefire => other != AgreementClass::Partial,
                    AgreementClass::Settlement => other == AgreementClass::Settlement,
                }
        })
    }

    /// Whether a ceasefire or settlement is in force.
    pub(crate) fn frozen(&self, st: &State) -> bool {
        st.active.iter().any(|a| self.kinds[a.kind].class != AgreementClass::Partial)
    }

    pub(crate) fn sigma_at(&self, t: u32) -> f64 {
        self.sigma.get(t as usize).copied().unwrap_or(1.0)
    }

    pub(crate) fn aid_to(&self, st: &State, side: usize) -> f64 {
        self.aid_slots.iter().zip(&st.aid).filter(|((j, _), _)| *j == side).map(|(_, a)| *a).sum()
    }

    /// The belief-free inputs of a projection from the current state.
    pub(crate) fn war_now<'s>(&'s self, vals: &'s Values, st: &'s State) -> WarNow<'s> {
        let t = st.t as usize;
        WarNow {
            sigma: self.sigma.get(t..).unwrap_or(&[]),
            control: &st.control,
            values: &vals.front_value,
            kappa: &vals.kappa,
            front_factor: &vals.front_factor,
            strength: st.strength,
            mobilisation: st.mobilisation,
            aid: [self.aid_to(st, 0), self.aid_to(st, 1)],
            attrition: st.attrition,
            gamma: vals.gamma,
        }
    }

    /// Signs kind `m` on `terms` (one per issue of the kind) in the current period.
    pub(crate) fn sign(&self, st: &mut State, history: &mut History, m: usize, terms: &[f64]) {
        let t = st.t;
        if self.kinds[m].class == AgreementClass::Settlement {
            // A settlement replaces a ceasefire in force.
            let mut i = 0;
            while i < st.active.len() {
                if self.kinds[st.active[i].kind].class == AgreementClass::Ceasefire {
                    self.end(st, history, i, t, EndCause::Replaced);
                } else {
                    i += 1;
                }
            }
        }
        let signing = history.signings.len();
        let kind = &self.kinds[m];
        let mut saved = Vec::with_capacity(kind.issues.len());
        let mut recorded = Vec::with_capacity(kind.issues.len());
        for (&k, &x) in kind.issues.iter().zip(terms) {
            saved.push((st.fixed_by[k], st.terms[k]));
            st.terms[k] = x;
            st.fixed_by[k] = Some(signing);
            recorded.push((armistice_scenario::types::IssueId(k as u32), x));
        }
        history.signings.push(Signing { deal: AgreementId(m as u32), period: t, terms: recorded });
        st.active.push(Active {
            signing,
            kind: m,
            saved,
            expires: kind.expiry.map(|e| t.saturating_add(e.max(1))),
        });
        st.signed_now.push(m);
    }

    /// Ends the deal `st.active[i]` from period `from`, returning its issues to the
    /// values they had before it (or to the status quo if what fixed them then has
    /// ended since).
    fn end(&self, st: &mut State, history: &mut History, i: usize, from: u32, cause: EndCause) {
        let active = st.active.remove(i);
        for (&k, &(prev_fixer, prev_term)) in
            self.kinds[active.kind].issues.iter().zip(&active.saved)
        {
            if st.fixed_by[k] != Some(active.signing) {
                continue;
            }
            let still = prev_fixer.filter(|s| st.active.iter().any(|a| a.signing == *s));
            st.fixed_by[k] = still;
            st.terms[k] = match still {
                Some(_) => prev_term,
                None => st.base[k],
            };
        }
        history.endings.push(Ending { signing: active.signing, period: from, cause });
    }

    fn breakdown_and_expiry(
        &self,
        vals: &Values,
        st: &mut State,
        history: &mut History,
        u: f64,
        mut tp: Option<&mut TracePeriod>,
    ) {
        let t = st.t;
        let mut i = 0;
        while i < st.active.len() {
            let a = &st.active[i];
            let kind = &self.kinds[a.kind];
            let cause = match kind.class {
                AgreementClass::Partial => match a.expires {
                    Some(e) if e <= t + 1 => Some(EndCause::Expiry),
                    _ => None,
                },
                _ => {
                    let p = self.breakdown_probability(vals, st, a.kind);
                    (u < p).then_some(EndCause::Breakdown)
                }
            };
            match cause {
                Some(cause) => {
                    if let Some(tp) = tp.as_deref_mut() {
                        tp.ended.push((AgreementId(st.active[i].kind as u32), cause));
                    }
                    self.end(st, history, i, t + 1, cause);
                }
                None => i += 1,
            }
        }
    }

    /// `1 − exp(−ζ)`, `ζ = ζ0 · exp(−Σ_g λ_g x_g/100) · (1 + v)` (war-model §7).
    pub(crate) fn breakdown_probability(&self, vals: &Values, st: &State, m: usize) -> f64 {
        let zeta = vals.hazard[m]
            * (-self.guarantee_strength(vals, st, None)).exp()
            * (1.0 + st.violations.max(0.0));
        let p = -(-zeta).exp_m1();
        war::clean(p, 0.0, 1.0, 0.0)
    }

    /// `Σ_g λ_g x_g / 100` over the current terms, skipping the issues of `except`.
    pub(crate) fn guarantee_strength(
        &self,
        vals: &Values,
        st: &State,
        except: Option<usize>,
    ) -> f64 {
        let skip = except.map(|m| self.kinds[m].issues.as_slice()).unwrap_or(&[]);
        vals.lambda
            .iter()
            .zip(&st.terms)
            .enumerate()
            .filter(|(k, (l, _))| **l > 0.0 && !skip.contains(k))
            .map(|(_, (l, x))| l * x / 100.0)
            .sum()
    }

    fn sample(&self, draw: &Draw, seed: u64, run: u64) -> Values {
        let sc = self.scenario;
        let n_actors = sc.actors.len();
        let n_issues = sc.issues.len();
        let status_quo: Vec<f64> = sc
            .issues
            .iter()
            .map(|i| war::clean(i.status_quo.get(draw), 0.0, 100.0, 50.0))
            .collect();
        let mut position = vec![0.0; n_actors * n_issues];
        let mut weight = vec![0.0; n_actors * n_issues];
        let mut accept = vec![(0.0, 100.0); n_actors * n_issues];
        for a in 0..n_actors {
            let row = a * n_issues;
            let mut total = 0.0;
            for k in 0..n_issues {
                position[row + k] = status_quo[k];
                if let Some(s) = self.stance[row + k] {
                    let s = &sc.stances[s];
                    position[row + k] = war::clean(s.position.get(draw), 0.0, 100.0, 50.0);
                    let w = war::clean(s.salience.get(draw), 0.0, f64::MAX, 0.0);
                    weight[row + k] = w;
                    total += w;
                    if let Some(r) = &s.red_line {
                        let v = war::clean(r.value.get(draw), 0.0, 100.0, 0.0);
                        accept[row + k] = match r.accept {
                            Side::Below => (0.0, v),
                            Side::Above => (v, 100.0),
                        };
                    }
                }
            }
            // Saliences are normalised over all the actor's issues (war-model §1).
            for w in &mut weight[row..row + n_issues] {
                *w = if total > 0.0 { *w / total } else { 0.0 };
            }
        }
        let capability = sc
            .actors
            .iter()
            .map(|a| war::clean(a.capability.get(draw), 0.0, f64::MAX, 0.0))
            .collect();
        let mut rho = vec![1.0; n_actors];
        let hazard = sc
            .agreements
            .iter()
            .map(|a| war::clean(a.hazard.get(draw), 0.0, f64::MAX, 0.0))
            .collect();
        let real = sc
            .levers
            .iter()
            .zip(&self.lever_label)
            .map(|(l, label)| {
                let p = war::clean(l.credibility.get(draw), 0.0, 1.0, 0.0);
                let u: f64 = stream(seed, run, label).random();
                u < p
            })
            .collect();
        let mut v = Values {
            n_issues,
            position,
            weight,
            accept,
            rho: Vec::new(),
            capability,
            status_quo,
            front_value: Vec::new(),
            kappa: Vec::new(),
            eta: Vec::new(),
            front_factor: Vec::new(),
            theta: 0.0,
            gamma: 1.0,
            sigma_floor: 0.2,
            beta: [0.99; 2],
            h: [1; 2],
            psi: [0.0; 2],
            cost: [0.0; 2],
            patron_cost: Vec::new(),
            hazard,
            real,
            penalty: 0.0,
            lambda: vec![0.0; n_issues],
            commit_horizon: 0.0,
            trusting: [false; 2],
        };
        if let Some(c) = &sc.campaign {
            let g = |n: &Num, lo: f64, hi: f64, fallback: f64| {
                war::clean(n.get(draw), lo, hi, fallback)
            };
            v.front_value = c.fronts.iter().map(|f| g(&f.value, 0.0, f64::MAX, 0.0)).collect();
            v.kappa = c.fronts.iter().map(|f| g(&f.kappa, 0.0, f64::MAX, 0.0)).collect();
            v.eta = c.fronts.iter().map(|f| g(&f.noise, 1e-12, f64::MAX, 1e-3)).collect();
            v.theta = g(&c.quality, f64::MIN, f64::MAX, 0.0);
            v.gamma = g(&c.decisiveness, 1e-9, 1e6, 1.0);
            v.front_factor = c
                .fronts
                .iter()
                .map(|f| {
                    let (a, b) = (f.commitment[0].max(1e-12), f.commitment[1].max(1e-12));
                    war::clean((b / a).powf(v.gamma), 0.0, f64::MAX, 1.0)
                })
                .collect();
            v.sigma_floor = war::clean(c.sigma_floor, 0.0, 1.0, 0.2);
            for j in 0..2 {
                let s = &c.side[j];
                v.beta[j] = g(&s.discount, 0.0, 1.0 - 1e-12, 0.99);
                v.h[j] = s.horizon.max(1) as usize;
                v.psi[j] = g(&s.fearfulness, 0.0, f64::MAX, 0.0);
                v.cost[j] = g(&s.cost, 0.0, f64::MAX, 0.0);
                if let Some(r) = rho.get_mut(c.sides[j].idx()) {
                    *r = g(&s.curvature, 1.0, 64.0, 1.0);
                }
            }
            v.patron_cost = c.patrons.iter().map(|p| g(&p.cost, 0.0, f64::MAX, 0.0)).collect();
            v.penalty = g(&c.commitment.penalty, 0.0, f64::MAX, 0.05);
            v.commit_horizon = f64::from(c.commitment.horizon);
            for (issue, l) in &c.commitment.guarantees {
                if let Some(slot) = v.lambda.get_mut(issue.idx()) {
                    *slot = g(l, 0.0, f64::MAX, 0.0);
                }
            }
            v.trusting = c.trusting;
        }
        v.rho = rho;
        v
    }

    fn initial_state(&self, draw: &Draw, vals: &Values) -> State {
        let sc = self.scenario;
        let g =
            |n: &Num, lo: f64, hi: f64, fallback: f64| war::clean(n.get(draw), lo, hi, fallback);
        let mut st = State {
            t: 0,
            control: Vec::new(),
            strength: [1.0; 2],
            mobilisation: [0.0; 2],
            attrition: [0.0; 2],
            aid: vec![0.0; self.aid_slots.len()],
            multiplier: [0.0; 2],
            patron_multiplier: Vec::new(),
            bargaining: vals.capability.clone(),
            violations: 0.0,
            rate: sc.channels.iter().map(|c| g(&c.rate, 0.0, 1.0, 0.0)).collect(),
            open: sc.agreements.iter().map(|a| a.open).collect(),
            open_now: vec![false; sc.agreements.len()],
            terms: vals.status_quo.clone(),
            base: vals.status_quo.clone(),
            fixed_by: vec![None; vals.n_issues],
            active: Vec::with_capacity(8),
            pending: Vec::with_capacity(2 * sc.levers.len() + 4),
            fired: vec![false; sc.levers.len()],
            cond_prev: vec![false; sc.levers.len()],
            beliefs: Beliefs::new([(0.0, 0.0); 2], (0.0, 0.0), 1.0),
            talk_events: Vec::with_capacity(16),
            signed_now: Vec::with_capacity(4),
            paths: Paths::default(),
            warm: vec![WarmStart::default(); sc.agreements.len()],
        };
        if let Some(c) = &sc.campaign {
            st.control = c.fronts.iter().map(|f| g(&f.control, 0.0, 1.0, 0.5)).collect();
            let mut prior = [(0.0, 0.0); 2];
            for j in 0..2 {
                let s = &c.side[j];
                st.strength[j] = g(&s.strength, war::MIN_STRENGTH, f64::MAX, 1.0);
                st.mobilisation[j] = g(&s.mobilisation, 0.0, f64::MAX, 0.0);
                st.attrition[j] = g(&s.attrition, 0.0, 1.0, 0.0);
                st.multiplier[j] = g(&s.cost_multiplier, 0.0, f64::MAX, 0.0);
                prior[j] = (
                    g(&s.belief_mean, f64::MIN, f64::MAX, 0.0),
                    g(&s.belief_var, 0.0, f64::MAX, 0.0),
                );
                for aid in &s.aid {
                    if let Some(i) = self.aid_slots.iter().position(|x| *x == (j, aid.from.idx())) {
                        st.aid[i] += g(&aid.amount, 0.0, f64::MAX, 0.0);
                    }
                }
            }
            st.patron_multiplier =
                c.patrons.iter().map(|p| g(&p.cost_multiplier, 0.0, f64::MAX, 0.0)).collect();
            st.beliefs = Beliefs::new(prior, self.theta_range, vals.gamma);
        }
        st
    }

    fn fill_trace_period(&self, vals: &Values, st: &mut State, p: &mut TracePeriod) {
        p.control.clone_from(&st.control);
        p.belief = st.beliefs.moments();
        p.frozen = self.frozen(st);
        p.strength = st.strength;
        if self.scenario.campaign.is_some() {
            let now = self.war_now(vals, st);
            let mut sp = StrengthPath::default();
            let h = vals.h[0].max(vals.h[1]);
            sp.compute(&now, h);
            let (mut scratch, mut out) = (Vec::new(), Vec::new());
            for j in 0..2 {
                crate::project::project(
                    &now,
                    &sp,
                    p.belief[j].0,
                    vals.h[j],
                    &mut scratch,
                    &mut out,
                );
                p.projected[j] = out.last().copied().unwrap_or(f64::NAN);
            }
            p.share = war::share(&vals.front_value, &st.control);
        }
    }

    /// The actor ids of the sides, if there is a campaign.
    pub(crate) fn side_actor(&self, j: usize) -> Option<ActorId> {
        self.scenario.campaign.as_ref().map(|c| c.sides[j])
    }
}

/// The range a number spans: a constant's value, a normal's mean ± 6 sd, the support of
/// the others, clamped into the key's range.
fn num_range(scenario: &Scenario, n: Num) -> (f64, f64) {
    match n {
        Num::Fixed(v) => (v, v),
        Num::Param(i) => match scenario.params.get(i) {
            None => (0.0, 0.0),
            Some(p) => {
                let (a, b) = match p.dist {
                    Dist::Normal { mean, sd } => (mean - 6.0 * sd, mean + 6.0 * sd),
                    Dist::Uniform { a, b } => (a, b),
                    Dist::Triangular { min, max, .. } => (min, max),
                    Dist::Beta { .. } => (p.lo, p.hi),
                };
                (a.max(p.lo), b.min(p.hi))
            }
        },
    }
}
