//! Tests of every predicate kind on hand-built histories.

use armistice_scenario::types::{
    ActorId, AgreementId, FrontId, IssueId, Level, LeverId, Meta, ModelOptions, Predicate, Scenario,
};
use jiff::civil::{date, Date};

use super::holds;
use crate::history::{EndCause, Ending, History, LeverEvent, Round, Signing};

/// A bare scenario: weekly periods from 2025-04-07 (a Monday), 10 periods.
pub(crate) fn scenario() -> Scenario {
    Scenario {
        meta: Meta {
            id: "t".into(),
            title: "t".into(),
            description: String::new(),
            as_of: date(2025, 4, 7),
            period_days: 7,
            horizon: 10,
            runs: 100,
            seed: 1,
        },
        sources: vec![],
        actors: vec![],
        issues: vec![],
        stances: vec![],
        campaign: None,
        levers: vec![],
        agreements: vec![],
        channels: vec![],
        events: vec![],
        questions: vec![],
        params: vec![],
        issue_groups: vec![],
        model_options: ModelOptions::default(),
    }
}

/// The first day of period `t` in [`scenario`].
fn day(t: i64) -> Date {
    date(2025, 4, 7).checked_add(jiff::Span::new().days(7 * t)).unwrap_or(date(2025, 4, 7))
}

/// The last day of period `t`.
fn last_day(t: i64) -> Date {
    day(t + 1).yesterday().unwrap_or(day(t))
}

const CEASEFIRE: AgreementId = AgreementId(0);
const EXCHANGE: AgreementId = AgreementId(1);
const TERRITORY: IssueId = IssueId(0);
const GUARANTEES: IssueId = IssueId(1);

/// Ten periods: an exchange in period 1, a ceasefire signed in period 3 fixing territory
/// at 40 and guarantees at 70, broken down in period 6; a second ceasefire in period 8
/// (territory 55) that holds; lever 0 triggered in 2 and effective in 4, lever 1
/// triggered in 5 as a bluff; rounds of officials (actors 0, 1) in 2 and leaders (0, 1,
/// 2) in 7; one front whose A share falls 0.1 a period from 0.9.
fn history() -> History {
    History {
        periods: 10,
        signings: vec![
            Signing { deal: EXCHANGE, period: 1, terms: vec![] },
            Signing {
                deal: CEASEFIRE,
                period: 3,
                terms: vec![(TERRITORY, 40.0), (GUARANTEES, 70.0)],
            },
            Signing { deal: CEASEFIRE, period: 8, terms: vec![(TERRITORY, 55.0)] },
        ],
        endings: vec![Ending { signing: 1, period: 6, cause: EndCause::Breakdown }],
        levers: vec![
            LeverEvent { lever: LeverId(0), triggered: 2, effective: Some(4) },
            LeverEvent { lever: LeverId(1), triggered: 5, effective: None },
        ],
        rounds: vec![
            Round {
                period: 2,
                participants: vec![ActorId(0), ActorId(1)],
                level: Level::Officials,
            },
            Round {
                period: 7,
                participants: vec![ActorId(2), ActorId(0), ActorId(1)],
                level: Level::Leaders,
            },
        ],
        control: (0..=10).map(|t| vec![0.9 - 0.1 * f64::from(t)]).collect(),
    }
}

fn check(p: Predicate, expect: bool) {
    let s = scenario();
    assert_eq!(holds(&p, &history(), &s), expect, "{p:?}");
    // Negation is always the complement.
    assert_eq!(holds(&Predicate::Not(Box::new(p.clone())), &history(), &s), !expect, "not {p:?}");
}

#[test]
fn dates_map_to_periods_as_the_tests_assume() {
    let s = scenario();
    assert_eq!(s.period_of(day(3)), 3);
    assert_eq!(s.period_of(last_day(3)), 3);
    assert_eq!(s.period_of(day(0).yesterday().unwrap()), -1);
}

#[test]
fn signed_by_counts_the_signing_period_and_ended_deals() {
    check(Predicate::Signed { deal: CEASEFIRE, by: last_day(2) }, false);
    check(Predicate::Signed { deal: CEASEFIRE, by: day(3) }, true);
    // Still true after the first ceasefire broke down.
    check(Predicate::Signed { deal: CEASEFIRE, by: day(7) }, true);
    check(Predicate::Signed { deal: EXCHANGE, by: day(1) }, true);
    check(Predicate::Signed { deal: AgreementId(2), by: day(9) }, false);
    // Before the run: nothing was signed.
    check(Predicate::Signed { deal: EXCHANGE, by: date(2020, 1, 1) }, false);
    // After the window: the whole run counts.
    check(Predicate::Signed { deal: EXCHANGE, by: date(2030, 1, 1) }, true);
}

#[test]
fn in_force_respects_signing_and_ending_periods() {
    check(Predicate::InForce { deal: CEASEFIRE, on: last_day(2) }, false);
    check(Predicate::InForce { deal: CEASEFIRE, on: day(3) }, true);
    check(Predicate::InForce { deal: CEASEFIRE, on: last_day(5) }, true);
    // Broke down in period 6: not in force from then on until the second one.
    check(Predicate::InForce { deal: CEASEFIRE, on: day(6) }, false);
    check(Predicate::InForce { deal: CEASEFIRE, on: last_day(7) }, false);
    check(Predicate::InForce { deal: CEASEFIRE, on: day(8) }, true);
    // After the window, the last period: the second ceasefire still holds.
    check(Predicate::InForce { deal: CEASEFIRE, on: date(2031, 1, 1) }, true);
    check(Predicate::InForce { deal: EXCHANGE, on: date(2020, 1, 1) }, false);
    check(Predicate::InForce { deal: EXCHANGE, on: day(9) }, true);
}

#[test]
fn in_force_after_the_window_reads_the_last_period() {
    let mut h = history();
    // The second ceasefire now ends in the very last period.
    h.endings.push(Ending { signing: 2, period: 9, cause: EndCause::Breakdown });
    let p = Predicate::InForce { deal: CEASEFIRE, on: date(2031, 1, 1) };
    assert!(!holds(&p, &h, &scenario()));
    assert!(holds(&Predicate::InForce { deal: CEASEFIRE, on: day(8) }, &h, &scenario()));
}

#[test]
fn lever_counts_only_when_it_took_effect() {
    check(Predicate::Lever { lever: LeverId(0), by: day(3) }, false);
    check(Predicate::Lever { lever: LeverId(0), by: day(4) }, true);
    // Triggered but a bluff: never took effect.
    check(Predicate::Lever { lever: LeverId(1), by: date(2030, 1, 1) }, false);
    check(Predicate::Lever { lever: LeverId(2), by: date(2030, 1, 1) }, false);
}

#[test]
fn settled_checks_the_interval_closed_at_both_ends() {
    let settled = |lo, hi, by| Predicate::Settled { issue: TERRITORY, lo, hi, by };
    check(settled(40.0, 50.0, day(3)), true);
    check(settled(30.0, 40.0, day(3)), true);
    check(settled(40.000001, 50.0, day(3)), false);
    check(settled(40.0, 50.0, last_day(2)), false);
    // The later ceasefire's terms count only once signed.
    check(settled(50.0, 60.0, day(7)), false);
    check(settled(50.0, 60.0, day(8)), true);
    // An issue no deal named is never settled.
    check(Predicate::Settled { issue: IssueId(5), lo: 0.0, hi: 100.0, by: day(9) }, false);
    check(Predicate::Settled { issue: GUARANTEES, lo: 70.0, hi: 70.0, by: day(9) }, true);
}

#[test]
fn controls_reads_the_side_share_at_the_start_of_the_period() {
    let controls = |side, share, on| Predicate::Controls { side, front: FrontId(0), share, on };
    // Period 2 starts with A at 0.7 (within float error), B at 0.3.
    check(controls(0, 0.69, last_day(2)), true);
    check(controls(0, 0.71, day(2)), false);
    check(controls(1, 0.29, day(2)), true);
    check(controls(1, 0.31, day(2)), false);
    // Before the run: the starting state; after it: the final state (A at about 0.9 − 1.0).
    check(controls(0, 0.89, date(2020, 1, 1)), true);
    check(controls(1, 0.99, date(2031, 1, 1)), true);
    check(controls(0, 0.01, date(2031, 1, 1)), false);
    // A front the history does not have is never controlled.
    check(Predicate::Controls { side: 0, front: FrontId(3), share: 0.0, on: day(1) }, false);
}

#[test]
fn talks_need_every_actor_and_the_level_or_higher() {
    let talks = |actors: Vec<u32>, level, by| Predicate::Talks {
        actors: actors.into_iter().map(ActorId).collect(),
        level,
        by,
    };
    check(talks(vec![0, 1], None, day(2)), true);
    check(talks(vec![1, 0], Some(Level::Officials), day(2)), true);
    check(talks(vec![0, 1], Some(Level::Ministers), day(6)), false);
    check(talks(vec![0, 1], Some(Level::Ministers), day(7)), true);
    check(talks(vec![0, 2], None, day(6)), false);
    check(talks(vec![2, 0], Some(Level::Leaders), date(2030, 1, 1)), true);
    check(talks(vec![0, 3], None, date(2030, 1, 1)), false);
    check(talks(vec![0], None, last_day(1)), false);
}

#[test]
fn combinations_nest() {
    let signed = Predicate::Signed { deal: CEASEFIRE, by: day(3) };
    let in_force_6 = Predicate::InForce { deal: CEASEFIRE, on: day(6) };
    let exchange = Predicate::Signed { deal: EXCHANGE, by: day(0) };
    check(Predicate::All(vec![signed.clone(), Predicate::Not(Box::new(in_force_6.clone()))]), true);
    check(Predicate::All(vec![signed.clone(), in_force_6.clone()]), false);
    check(Predicate::Any(vec![in_force_6.clone(), exchange.clone()]), false);
    check(Predicate::Any(vec![in_force_6.clone(), signed.clone()]), true);
    check(
        Predicate::Any(vec![
            Predicate::All(vec![exchange, signed.clone()]),
            Predicate::Not(Box::new(Predicate::Any(vec![in_force_6]))),
        ]),
        true,
    );
    // Empty combinations: "all of nothing" holds, "any of nothing" does not.
    check(Predicate::All(vec![]), true);
    check(Predicate::Any(vec![]), false);
}

#[test]
fn an_empty_run_satisfies_no_positive_predicate() {
    let h = History::default();
    let s = scenario();
    for p in [
        Predicate::Signed { deal: CEASEFIRE, by: day(3) },
        Predicate::InForce { deal: CEASEFIRE, on: day(3) },
        Predicate::Controls { side: 0, front: FrontId(0), share: 0.0, on: day(3) },
        Predicate::Talks { actors: vec![], level: None, by: day(3) },
    ] {
        assert!(!holds(&p, &h, &s), "{p:?}");
    }
}
