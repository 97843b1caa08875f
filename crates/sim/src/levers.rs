//! Levers (war-model §8): triggers, lags, and what an effect changes.
//!
//! Whether a lever is real is drawn once per run (in the engine, from the lever's own
//! stream). Every lever is checked for its trigger, real or not, so that the history
//! records bluffs that were called (`effective: None`); only real levers are scheduled.
//!
//! Choices the specification leaves open (documented in `docs/models.md (the war model)`):
//! - A date trigger fires in the period containing the date; a date before `as_of`
//!   never fires (its effect belongs in the status quo).
//! - A control threshold fires when it starts to hold (at the first check if it holds
//!   already), so a `repeat` lever fires once per crossing, not every period.
//! - Refusal and blame triggers fire in the period of the talks; a `repeat` lever
//!   fires again at each later refusal.

use armistice_scenario::types::{Change, Cmp, Effect, LeverId, Trigger};

use crate::engine::{Prepared, State, Values};
use crate::history::{History, LeverEvent};
use crate::trace::TracePeriod;
use crate::war;

/// Step 1 of a period: effects whose lag has run out take effect, in the order they
/// were scheduled.
pub(crate) fn apply_due(
    p: &Prepared<'_>,
    vals: &Values,
    st: &mut State,
    history: &mut History,
    mut tp: Option<&mut TracePeriod>,
) {
    let t = st.t;
    let mut i = 0;
    while i < st.pending.len() {
        let (due, lever, event) = st.pending[i];
        if due != t {
            i += 1;
            continue;
        }
        st.pending.remove(i);
        for effect in &p.scenario.levers[lever].effects {
            apply_effect(p, vals, st, effect);
        }
        if let Some(e) = history.levers.get_mut(event) {
            e.effective = Some(t);
        }
        if let Some(tp) = tp.as_deref_mut() {
            tp.effective.push(LeverId(lever as u32));
        }
    }
}

/// Step 6 of a period: levers whose trigger holds now are recorded, and real ones are
/// scheduled `lag` periods later if the run lasts that long.
pub(crate) fn check_triggers(
    p: &Prepared<'_>,
    vals: &Values,
    st: &mut State,
    history: &mut History,
    mut tp: Option<&mut TracePeriod>,
) {
    let t = st.t;
    for (l, lever) in p.scenario.levers.iter().enumerate() {
        let holds = match &lever.trigger {
            Trigger::Date(_) => p.lever_date[l] == Some(i64::from(t)),
            Trigger::Refuses { actor, deal } => st.talk_events.iter().any(|&(a, m, blamed)| {
                !blamed && a == actor.idx() && deal.is_none_or(|d| d.idx() == m)
            }),
            Trigger::Blamed { actor, deal } => st.talk_events.iter().any(|&(a, m, blamed)| {
                blamed && a == actor.idx() && deal.is_none_or(|d| d.idx() == m)
            }),
            Trigger::Control { front, side, cmp, share } => {
                let now = match st.control.get(front.idx()) {
                    Some(&c) => {
                        let s = if *side == 0 { c } else { 1.0 - c };
                        match cmp {
                            Cmp::AtLeast => s >= *share,
                            Cmp::AtMost => s <= *share,
                        }
                    }
                    None => false,
                };
                let crossed = now && !st.cond_prev[l];
                st.cond_prev[l] = now;
                crossed
            }
            Trigger::Signed(m) => st.signed_now.contains(&m.idx()),
        };
        if !holds || (st.fired[l] && !lever.repeat) {
            continue;
        }
        st.fired[l] = true;
        let event = history.levers.len();
        history.levers.push(LeverEvent { lever: LeverId(l as u32), triggered: t, effective: None });
        if let Some(tp) = tp.as_deref_mut() {
            tp.triggered.push((LeverId(l as u32), vals.real[l]));
        }
        let due = t.saturating_add(lever.lag.max(1));
        if vals.real[l] && due < p.horizon {
            st.pending.push((due, l, event));
        }
    }
}

/// Applies one effect to the run's state.
fn apply_effect(p: &Prepared<'_>, _vals: &Values, st: &mut State, effect: &Effect) {
    let pos = |x: f64, c: &Change| war::clean(change(x, c), 0.0, f64::MAX, x);
    match effect {
        Effect::Aid { side, from, change: c } => {
            if let Some(i) = p.aid_slots.iter().position(|s| *s == (*side, from.idx())) {
                st.aid[i] = pos(st.aid[i], c);
            }
        }
        Effect::Mobilisation { side, change: c } => {
            if let Some(r) = st.mobilisation.get_mut(*side) {
                *r = pos(*r, c);
            }
        }
        Effect::Strength { side, change: c } => {
            if let Some(s) = st.strength.get_mut(*side) {
                *s = war::clean(change(*s, c), war::MIN_STRENGTH, f64::MAX, *s);
            }
        }
        Effect::CostMultiplier { actor, change: c } => {
            match (
                p.side_of.get(actor.idx()).copied().flatten(),
                p.patron_of.get(actor.idx()).copied().flatten(),
            ) {
                (Some(j), _) => st.multiplier[j] = pos(st.multiplier[j], c),
                (None, Some(q)) => st.patron_multiplier[q] = pos(st.patron_multiplier[q], c),
                (None, None) => {}
            }
        }
        Effect::BargainingWeight { actor, change: c } => {
            if let Some(b) = st.bargaining.get_mut(actor.idx()) {
                *b = pos(*b, c);
            }
        }
        Effect::TalksRate { channel, change: c } => {
            if let Some(r) = st.rate.get_mut(channel.idx()) {
                *r = war::clean(change(*r, c), 0.0, 1.0, *r);
            }
        }
        Effect::Violations { change: c } => st.violations = pos(st.violations, c),
        Effect::OpenTalks(m) => {
            if let Some(o) = st.open.get_mut(m.idx()) {
                *o = true;
            }
        }
        Effect::CloseTalks(m) => {
            if let Some(o) = st.open.get_mut(m.idx()) {
                *o = false;
            }
        }
        Effect::StatusQuo { issue, change: c } => {
            let k = issue.idx();
            if k < st.base.len() {
                st.base[k] = war::clean(change(st.base[k], c), 0.0, 100.0, st.base[k]);
                if st.fixed_by[k].is_none() {
                    st.terms[k] = st.base[k];
                }
            }
        }
    }
}

fn change(x: f64, c: &Change) -> f64 {
    match *c {
        Change::Set(v) => v,
        Change::Add(v) => x + v,
        Change::Scale(v) => x * v,
    }
}
