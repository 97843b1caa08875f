//! The validated scenario: ids resolved to indices, every number a [`Num`], no spans.
//!
//! A [`Scenario`] is what `validate` produces from a `raw::ScenarioFile`. Everything
//! downstream (models, simulation, reports) reads this type and never the TOML.
//! Vectors are in file order; an id newtype is an index into its vector.

use jiff::civil::Date;

use crate::dist::Num;
use crate::dist::ParamDef;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the scenario's vector of this kind.
            pub fn idx(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// Index of a [`Source`] in [`Scenario::sources`].
    SourceId
);
id_type!(
    /// Index of an [`Actor`] in [`Scenario::actors`].
    ActorId
);
id_type!(
    /// Index of an [`Issue`] in [`Scenario::issues`].
    IssueId
);
id_type!(
    /// Index of a [`Front`] in [`Campaign::fronts`].
    FrontId
);
id_type!(
    /// Index of a [`Lever`] in [`Scenario::levers`].
    LeverId
);
id_type!(
    /// Index of an [`AgreementKind`] in [`Scenario::agreements`].
    AgreementId
);
id_type!(
    /// Index of a [`Channel`] in [`Scenario::channels`].
    ChannelId
);

/// A validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub meta: Meta,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    pub issues: Vec<Issue>,
    /// Sorted by (actor, issue); at most one per pair.
    pub stances: Vec<Stance>,
    pub campaign: Option<Campaign>,
    pub levers: Vec<Lever>,
    pub agreements: Vec<AgreementKind>,
    pub channels: Vec<Channel>,
    pub events: Vec<Event>,
    pub questions: Vec<Question>,
    /// Every uncertain number, section by section in the order of docs/scenario-format.md
    /// and in file order within a section; [`Num::Param`] indexes here. Draws are keyed by
    /// [`ParamDef::path`], not by this order.
    pub params: Vec<ParamDef>,
    /// Names of issue groups; [`Issue::group`] indexes here.
    pub issue_groups: Vec<String>,
    pub model_options: ModelOptions,
}

/// `[scenario]`: identity and clock.
#[derive(Clone, Debug)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Information date; period 0 starts here.
    pub as_of: Date,
    /// Length of one simulation period in days (default 7).
    pub period_days: u32,
    /// Number of simulated periods (from `end`, default 104).
    pub horizon: u32,
    /// Default number of Monte Carlo runs.
    pub runs: u32,
    /// Default seed.
    pub seed: u64,
}

/// `[[source]]`: a document the evidence comes from.
#[derive(Clone, Debug)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    /// "Information as of", as the author wrote it (free text: documents give months, not days).
    pub date: String,
    /// File name, resolved against the corpus folder given with `--sources`.
    pub path: String,
}

/// A pointer into a source and the author's one-line reason for citing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub source: SourceId,
    /// Character offset into the normalised source text (a hint; `check` searches the text).
    pub at: usize,
    /// Length in characters of the normalised quoted words.
    pub len: usize,
    /// SHA-256 of the normalised quoted words.
    pub sha256: [u8; 32],
    pub why: String,
}

/// The evidence behind one input: anchors plus a rationale in the author's own words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    pub anchors: Vec<Anchor>,
    pub why: String,
}

/// `[[actor]]`.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub capability: Num,
    pub groups: Vec<String>,
    pub roles: Vec<Role>,
    /// Actors this one is a patron of.
    pub patron_of: Vec<ActorId>,
    /// The actor this one is a faction of.
    pub part_of: Option<ActorId>,
    pub evidence: Evidence,
}

/// What sort of actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorKind {
    State,
    Faction,
    Institution,
    Person,
}

/// A role of an actor (DESIGN §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Belligerent,
    Mediator,
    Patron,
    Guarantor,
    /// A deal needs this actor's consent.
    Veto,
}

/// `[[issue]]`: a dimension scored 0–100.
#[derive(Clone, Debug)]
pub struct Issue {
    pub id: String,
    pub name: String,
    /// Label of 0.
    pub low: String,
    /// Label of 100.
    pub high: String,
    /// Named points, sorted by value.
    pub points: Vec<(f64, String)>,
    pub status_quo: Num,
    /// Issues sharing a group form one space for the spatial model; index into [`Scenario::issue_groups`].
    pub group: Option<u32>,
    /// The recorded outcome, for backtests.
    pub outcome: Option<f64>,
    /// Curvature φ_k of the terms force would impose (war-model §4); default 1.
    pub phi: f64,
    pub evidence: Evidence,
}

/// `[[stance]]`: one actor's view of one issue.
#[derive(Clone, Debug)]
pub struct Stance {
    pub actor: ActorId,
    pub issue: IssueId,
    pub position: Num,
    pub salience: Num,
    /// The line and its acceptable side (fixed at validation from the central position).
    pub red_line: Option<RedLineDef>,
    pub evidence: Evidence,
}

/// A red line whose value may be uncertain; the acceptable side is fixed.
#[derive(Clone, Debug)]
pub struct RedLineDef {
    pub value: Num,
    pub accept: crate::instance::Side,
}

/// `[campaign]`: the war the talks run beside (war-model §2–§4, §6).
#[derive(Clone, Debug)]
pub struct Campaign {
    /// Side A and side B.
    pub sides: [ActorId; 2],
    /// θ = log of A's unobserved quality factor, drawn once per run.
    pub quality: Num,
    /// γ, the contest's decisiveness.
    pub decisiveness: Num,
    /// σ_floor: a war costs something even in winter.
    pub sigma_floor: f64,
    /// Fighting intensity σ per calendar month, January first.
    pub season: [f64; 12],
    pub fronts: Vec<Front>,
    /// Parameters of side A and side B.
    pub side: [SideParams; 2],
    /// Patrons and other veto players that are not sides, with their cost of involvement.
    pub patrons: Vec<Patron>,
    /// Which sides bear the commitment risk (war-model §6); default B only.
    pub trusting: [bool; 2],
    pub commitment: Commitment,
}

/// `[[campaign.front]]`.
#[derive(Clone, Debug)]
pub struct Front {
    pub id: String,
    pub name: String,
    /// v_f: what control of the front is worth in the bargain.
    pub value: Num,
    /// c_f(0): A's share of control.
    pub control: Num,
    /// κ_f: how fast the line moves.
    pub kappa: Num,
    /// η_f > 0: standard deviation of the weekly noise.
    pub noise: Num,
    /// a_Af and a_Bf: shares of each side's strength committed here.
    pub commitment: [f64; 2],
    pub evidence: Evidence,
}

/// `[campaign.side.ID]`.
#[derive(Clone, Debug)]
pub struct SideParams {
    pub strength: Num,
    pub mobilisation: Num,
    pub attrition: Num,
    /// k_j0, cost of war per period in utility units.
    pub cost: Num,
    /// m_j(0), the sanctions and tariff multiplier on the cost.
    pub cost_multiplier: Num,
    /// μ_j0 and V_j0 of the prior about θ.
    pub belief_mean: Num,
    pub belief_var: Num,
    /// β_j, per-period discount factor.
    pub discount: Num,
    /// h_j ≥ 1 periods of projection.
    pub horizon: u32,
    /// ρ_j ≥ 1.
    pub curvature: Num,
    /// ψ_j, fearfulness about renewed war (used when this side is trusting).
    pub fearfulness: Num,
    /// Aid flows from patrons, per period, in strength units.
    pub aid: Vec<Aid>,
    pub evidence: Evidence,
}

/// A patron's aid flow.
#[derive(Clone, Debug)]
pub struct Aid {
    pub from: ActorId,
    pub amount: Num,
}

/// `[[campaign.patron]]`: a veto player that is not a side.
#[derive(Clone, Debug)]
pub struct Patron {
    pub actor: ActorId,
    /// The side whose belief, β and h it projects with; `None` for a neutral mediator.
    pub backs: Option<usize>,
    /// k_P0, cost of involvement per period.
    pub cost: Num,
    pub cost_multiplier: Num,
    pub evidence: Evidence,
}

/// `[campaign.commitment]` (war-model §6).
#[derive(Clone, Debug)]
pub struct Commitment {
    /// π_B: penalty of having demobilised when war resumes.
    pub penalty: Num,
    /// H_s: settlement horizon in periods.
    pub horizon: u32,
    /// λ_g per guarantee issue.
    pub guarantees: Vec<(IssueId, Num)>,
}

/// `[[lever]]`: a conditional policy of an actor (war-model §8).
#[derive(Clone, Debug)]
pub struct Lever {
    pub id: String,
    pub actor: ActorId,
    pub trigger: Trigger,
    pub effects: Vec<Effect>,
    /// π_L, probability the lever is real (carried out when triggered).
    pub credibility: Num,
    /// Periods from trigger to effect, ≥ 1.
    pub lag: u32,
    pub repeat: bool,
    pub evidence: Evidence,
}

/// What sets a lever off.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// At the start of the period containing this date.
    Date(Date),
    /// When `actor` refuses a proposal of kind `deal` (any kind if `None`).
    Refuses { actor: ActorId, deal: Option<AgreementId> },
    /// When `actor` is blamed for a failed proposal of kind `deal`.
    Blamed { actor: ActorId, deal: Option<AgreementId> },
    /// When A's share of control of `front` crosses a threshold.
    Control { front: FrontId, side: usize, cmp: Cmp, share: f64 },
    /// When an agreement of this kind is signed.
    Signed(AgreementId),
}

/// A comparison for thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    AtLeast,
    AtMost,
}

/// What a lever does when it takes effect.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Changes the aid that `from` gives to `side`.
    Aid {
        side: usize,
        from: ActorId,
        change: Change,
    },
    Mobilisation {
        side: usize,
        change: Change,
    },
    Strength {
        side: usize,
        change: Change,
    },
    /// Changes m_j, the cost multiplier of a side or patron.
    CostMultiplier {
        actor: ActorId,
        change: Change,
    },
    BargainingWeight {
        actor: ActorId,
        change: Change,
    },
    /// Sets the per-period probability of a round of a talks channel.
    TalksRate {
        channel: ChannelId,
        change: Change,
    },
    /// Changes v, the violation pressure on a ceasefire.
    Violations {
        change: Change,
    },
    OpenTalks(AgreementId),
    CloseTalks(AgreementId),
    /// Moves an issue's current terms (e.g. sanctions imposed) when no deal fixes it.
    StatusQuo {
        issue: IssueId,
        change: Change,
    },
}

/// How an effect changes a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Change {
    Set(f64),
    Add(f64),
    Scale(f64),
}

/// `[[agreement]]`: a kind of deal on the menu.
#[derive(Clone, Debug)]
pub struct AgreementKind {
    pub id: String,
    pub name: String,
    pub class: AgreementClass,
    pub issues: Vec<IssueId>,
    /// Whose consent it needs (default: every actor with the veto role).
    pub veto: Vec<ActorId>,
    /// ζ_0: breakdown hazard per period while in force (ceasefire and settlement).
    pub hazard: Num,
    /// Periods after which a partial deal lapses.
    pub expiry: Option<u32>,
    /// Whether talks on it are open at the start.
    pub open: bool,
    pub evidence: Evidence,
}

/// What kind of deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementClass {
    /// Prisoner exchange, moratorium, maritime ceasefire, minerals: the war goes on.
    Partial,
    /// Freezes the lines.
    Ceasefire,
    /// Fixes every issue it names and freezes the lines.
    Settlement,
}

/// `[[talks]]`: a recurring channel of contacts.
#[derive(Clone, Debug)]
pub struct Channel {
    pub id: String,
    pub participants: Vec<ActorId>,
    pub level: Level,
    /// Per-period probability of a round.
    pub rate: Num,
    /// Kinds that can be negotiated at its rounds.
    pub agreements: Vec<AgreementId>,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub evidence: Evidence,
}

/// The level of a talks round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Officials,
    Ministers,
    Leaders,
}

/// `[[event]]`: a dated event on the calendar.
#[derive(Clone, Debug)]
pub struct Event {
    pub date: Date,
    pub name: String,
    pub kind: EventKind,
    pub evidence: Evidence,
}

/// What happens on a calendar date.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// A scheduled talks round.
    Talks { participants: Vec<ActorId>, level: Level, agreements: Vec<AgreementId> },
    /// A deadline, election or other marker with no mechanical effect.
    Marker,
}

/// `[[question]]`: a yes/no forecast target.
#[derive(Clone, Debug)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub close: Date,
    pub predicate: Predicate,
}

/// A predicate over a simulated history; dates default to the question's close date.
#[derive(Clone, Debug, PartialEq)]
pub enum Predicate {
    Signed { deal: AgreementId, by: Date },
    InForce { deal: AgreementId, on: Date },
    Lever { lever: LeverId, by: Date },
    Settled { issue: IssueId, lo: f64, hi: f64, by: Date },
    Controls { side: usize, front: FrontId, share: f64, on: Date },
    Talks { actors: Vec<ActorId>, level: Option<Level>, by: Date },
    All(Vec<Predicate>),
    Any(Vec<Predicate>),
    Not(Box<Predicate>),
}

/// `[models.*]`: options of the static models, as the scenario file sets them.
/// Each model parses its own table; unknown keys are reported by `validate`.
#[derive(Clone, Debug, Default)]
pub struct ModelOptions {
    /// `[models.smp]` key/value pairs, validated against the SMP's options.
    pub smp: Vec<(String, OptionValue)>,
    /// `[[models.smp.accommodation]]`: (adjusting actor, reference actor, weight).
    pub smp_accommodation: Vec<(ActorId, ActorId, f64)>,
    /// `[models.expected_utility]` key/value pairs.
    pub expected_utility: Vec<(String, OptionValue)>,
    /// `[models.nash]` key/value pairs.
    pub nash: Vec<(String, OptionValue)>,
}

/// A model option's value.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionValue {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Scenario {
    /// The period containing `date` (negative before `as_of`).
    pub fn period_of(&self, date: Date) -> i64 {
        let days = (date - self.meta.as_of).get_days() as i64;
        days.div_euclid(self.meta.period_days as i64)
    }

    /// The first day of period `t`.
    pub fn date_of(&self, t: u32) -> Date {
        let days = i64::from(t) * i64::from(self.meta.period_days);
        // `try_days` because `days` panics beyond jiff's range (about 20,000 years).
        match jiff::Span::new().try_days(days) {
            Ok(span) => self.meta.as_of.checked_add(span).unwrap_or(self.meta.as_of),
            Err(_) => self.meta.as_of,
        }
    }

    /// Stances on one issue, in actor order.
    pub fn stances_on(&self, issue: IssueId) -> impl Iterator<Item = &Stance> {
        self.stances.iter().filter(move |s| s.issue == issue)
    }

    /// The actor with this id, if any.
    pub fn actor_by_id(&self, id: &str) -> Option<ActorId> {
        self.actors.iter().position(|a| a.id == id).map(|i| ActorId(i as u32))
    }

    /// The issue with this id, if any.
    pub fn issue_by_id(&self, id: &str) -> Option<IssueId> {
        self.issues.iter().position(|a| a.id == id).map(|i| IssueId(i as u32))
    }
}
