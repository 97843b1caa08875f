//! One Monte Carlo draw of a scenario's numbers, in the shape the static models read.
//!
//! An [`Instance`] holds plain numbers only: every distribution of the scenario has
//! already been sampled (or replaced by its central value) before a model sees it.
//! Models never see distributions, spans or ids; they see indices into these vectors.

use crate::dist::Draw;
use crate::types::{Role, Scenario};

/// The sampled numbers of one scenario draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// One entry per actor, in scenario order.
    pub actors: Vec<ActorValues>,
    /// One entry per issue, in scenario order.
    pub issues: Vec<IssueValues>,
    /// `stances[issue_idx]` lists the stances on that issue, in actor order.
    /// An actor with no stance on an issue does not appear in that issue's list.
    pub stances: Vec<Vec<StanceValues>>,
    /// A seed for models with stochastic steps (the SMP's stochastic transitions),
    /// derived by the caller from (scenario seed, run index) so runs stay reproducible.
    pub rng_seed: u64,
}

/// Sampled numbers of one actor.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorValues {
    /// Clout, on the scenario's own scale (only ratios matter).
    pub capability: f64,
    /// Whether a deal needs this actor's consent.
    pub veto: bool,
}

/// Sampled numbers of one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueValues {
    /// Where the issue stands with no agreement, on 0–100.
    pub status_quo: f64,
    /// Issues that share a group form one multi-dimensional space for the spatial model.
    /// `None` means the issue is a space of its own.
    pub group: Option<u32>,
}

/// Sampled numbers of one actor's stance on one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct StanceValues {
    /// Index of the actor in [`Instance::actors`].
    pub actor: usize,
    /// Ideal point on 0–100.
    pub position: f64,
    /// How much the actor cares, on 0–100.
    pub salience: f64,
    /// Terms beyond this line are unacceptable whatever else a deal offers.
    pub red_line: Option<RedLine>,
}

/// A red line: the acceptable set is the closed half-line from `value` on side `accept`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RedLine {
    /// The line itself, on 0–100; it is acceptable.
    pub value: f64,
    /// Which side of the line is acceptable.
    pub accept: Side,
}

/// A side of a point on an issue scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Values at or below the line.
    Below,
    /// Values at or above the line.
    Above,
}

impl RedLine {
    /// Whether `x` is acceptable under this red line (the line itself is).
    ///
    /// # Examples
    /// ```
    /// use armistice_scenario::instance::{RedLine, Side};
    /// let r = RedLine { value: 40.0, accept: Side::Below };
    /// assert!(r.accepts(40.0) && r.accepts(10.0) && !r.accepts(40.5));
    /// ```
    pub fn accepts(&self, x: f64) -> bool {
        match self.accept {
            Side::Below => x <= self.value,
            Side::Above => x >= self.value,
        }
    }

    /// The acceptable interval intersected with the 0–100 scale.
    pub fn interval(&self) -> (f64, f64) {
        match self.accept {
            Side::Below => (0.0, self.value),
            Side::Above => (self.value, 100.0),
        }
    }
}

impl Instance {
    /// The numbers of one draw of `scenario`, in the shape the static models read.
    ///
    /// An actor has a veto when it has the `veto` role. Stances are listed per issue in
    /// actor order; a red line takes its value from the draw and keeps the acceptable
    /// side fixed at validation.
    ///
    /// # Examples
    /// ```
    /// use armistice_scenario::dist::Draw;
    /// use armistice_scenario::instance::Instance;
    /// let text = "[scenario]\nid = \"t\"\ntitle = \"T\"\nas_of = 2025-01-01\n[[actor]]\nid = \"a\"\ncapability = 2\nroles = [\"veto\"]\n[[issue]]\nid = \"x\"\nstatus_quo = 50\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = { uniform = [10, 30] }\nsalience = 80\nred_line = 60\n";
    /// let (s, _) = armistice_scenario::validate("t.toml", text, None);
    /// let s = s.expect("valid");
    /// let inst = Instance::new(&s, &Draw::central(&s.params), 7);
    /// assert!(inst.actors[0].veto);
    /// assert_eq!(inst.stances[0][0].position, 20.0);
    /// assert!(inst.stances[0][0].red_line.is_some_and(|r| r.accepts(10.0) && !r.accepts(61.0)));
    /// ```
    pub fn new(scenario: &Scenario, draw: &Draw, rng_seed: u64) -> Instance {
        let actors = scenario
            .actors
            .iter()
            .map(|a| ActorValues {
                capability: a.capability.get(draw),
                veto: a.roles.contains(&Role::Veto),
            })
            .collect();
        let issues = scenario
            .issues
            .iter()
            .map(|i| IssueValues { status_quo: i.status_quo.get(draw), group: i.group })
            .collect();
        let mut stances: Vec<Vec<StanceValues>> = vec![Vec::new(); scenario.issues.len()];
        // `Scenario::stances` is sorted by (actor, issue), so pushing in that order leaves
        // each issue's list in actor order.
        for s in &scenario.stances {
            let Some(list) = stances.get_mut(s.issue.idx()) else { continue };
            list.push(StanceValues {
                actor: s.actor.idx(),
                position: s.position.get(draw),
                salience: s.salience.get(draw),
                red_line: s
                    .red_line
                    .as_ref()
                    .map(|r| RedLine { value: r.value.get(draw), accept: r.accept }),
            });
        }
        Instance { actors, issues, stances, rng_seed }
    }
}
