//! Question predicates evaluated on one run's [`History`].
//!
//! Dates map to periods with [`Scenario::period_of`]. A date after the simulated window
//! reads the last simulated period (for control, the state at the end of the run); a
//! date before `as_of` lies before anything the run did, so "by" predicates are false
//! there and control reads the starting state.
//!
//! Conventions, per predicate (see `docs/scenario-format.md`):
//! - `signed` by D: some agreement of that kind was signed in a period ≤ period(D),
//!   even if it ended later.
//! - `in_force` on D: some signing of that kind is in force during period(D)
//!   ([`History::in_force`]: signed at or before it, not ended at or before it).
//! - `lever` by D: the lever took effect in a period ≤ period(D); a trigger that was a
//!   bluff, or whose effect was still pending when the run ended, does not count.
//! - `settled` within [a, b] by D: some signing at or before period(D) fixed the issue
//!   at a value in the closed interval [a, b] (it need not still be in force: the
//!   question asks whether a deal set those terms, not whether they lasted).
//! - `controls` side ≥ s of a front on D: the side's share at the start of period(D)
//!   (side A's share is the history's `control`, side B's is one minus it).
//! - `talks` among actors by D: a round held at or before period(D) whose participants
//!   include every listed actor, at the given level or higher when one is given.

use armistice_scenario::types::{Predicate, Scenario};

use crate::history::History;

/// Whether predicate `p` holds on history `h` of a run of `scenario`.
///
/// # Examples
/// ```
/// use armistice_scenario::types::Predicate;
/// # use armistice_sim::history::History;
/// # fn check(scenario: &armistice_scenario::types::Scenario, h: &History, p: Predicate) {
/// let yes = armistice_sim::question::holds(&p, h, scenario);
/// let no = armistice_sim::question::holds(&Predicate::Not(Box::new(p)), h, scenario);
/// assert_ne!(yes, no);
/// # }
/// ```
pub fn holds(p: &Predicate, h: &History, scenario: &Scenario) -> bool {
    match p {
        Predicate::Signed { deal, by } => match last_period_by(h, scenario.period_of(*by)) {
            Some(t) => h.signings.iter().any(|s| s.deal == *deal && s.period <= t),
            None => false,
        },
        Predicate::InForce { deal, on } => match period_on(h, scenario.period_of(*on)) {
            Some(t) => {
                h.signings.iter().enumerate().any(|(i, s)| s.deal == *deal && h.in_force(i, t))
            }
            None => false,
        },
        Predicate::Lever { lever, by } => match last_period_by(h, scenario.period_of(*by)) {
            Some(t) => {
                h.levers.iter().any(|e| e.lever == *lever && e.effective.is_some_and(|p| p <= t))
            }
            None => false,
        },
        Predicate::Settled { issue, lo, hi, by } => {
            match last_period_by(h, scenario.period_of(*by)) {
                Some(t) => h
                    .signings
                    .iter()
                    .filter(|s| s.period <= t)
                    .any(|s| s.terms.iter().any(|&(i, x)| i == *issue && *lo <= x && x <= *hi)),
                None => false,
            }
        }
        Predicate::Controls { side, front, share, on } => {
            match control_row(h, scenario.period_of(*on)).and_then(|row| row.get(front.idx())) {
                Some(&a_share) => {
                    let mine = match side {
                        0 => a_share,
                        _ => 1.0 - a_share,
                    };
                    mine >= *share
                }
                None => false,
            }
        }
        Predicate::Talks { actors, level, by } => {
            match last_period_by(h, scenario.period_of(*by)) {
                Some(t) => h.rounds.iter().any(|r| {
                    r.period <= t
                        && level.is_none_or(|l| r.level >= l)
                        && actors.iter().all(|a| r.participants.contains(a))
                }),
                None => false,
            }
        }
        Predicate::All(ps) => ps.iter().all(|q| holds(q, h, scenario)),
        Predicate::Any(ps) => ps.iter().any(|q| holds(q, h, scenario)),
        Predicate::Not(q) => !holds(q, h, scenario),
    }
}

/// The last period that counts for "by period `t`": `t` capped at the last simulated
/// period; `None` when `t` is before the run (nothing had happened yet).
fn last_period_by(h: &History, t: i64) -> Option<u32> {
    match t {
        t if t < 0 => None,
        t => Some(cap(h, t)),
    }
}

/// The period read for "on period `t`": like [`last_period_by`]; an empty run has none.
fn period_on(h: &History, t: i64) -> Option<u32> {
    match h.periods {
        0 => None,
        _ => last_period_by(h, t),
    }
}

fn cap(h: &History, t: i64) -> u32 {
    let last = i64::from(h.periods.saturating_sub(1));
    t.min(last) as u32
}

/// The control row for a date in period `t`: the start of that period, the starting
/// state before the run, and the state at the end of the run after it.
fn control_row(h: &History, t: i64) -> Option<&Vec<f64>> {
    let idx = match t {
        t if t < 0 => 0,
        t if t >= i64::from(h.periods) => h.periods as usize,
        t => t as usize,
    };
    h.control.get(idx).or_else(|| h.control.last())
}

#[cfg(test)]
pub(crate) mod tests;
