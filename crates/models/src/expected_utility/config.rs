//! The options of the expected-utility model: one enum per ambiguity of the register
//! in Scholz, Calbert & Smith (2011) as restated in `docs/models.md` (A1–A10).

/// Every choice the printed equations leave open, plus the stopping rule.
///
/// There is deliberately no `Default`: pick [`Config::printed`] (the Appendix read
/// literally) or [`Config::scholz_code_compat`] (the program behind Scholz's Table 2),
/// and change fields from there.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Q, the probability that the status quo persists when i does not challenge j
    /// (A9). Scholz used 1.0 for the 1994 case; BDM & Lalman (1986) use 0.5.
    pub q: f64,
    /// What i expects when it does not challenge (A9).
    pub no_challenge: NoChallenge,
    /// How the probability of success P_ij is normalised (A6).
    pub probability: Probability,
    /// Whether the third-party votes inside P_ij are raised to the voter's risk
    /// exponent (a feature of the published program, not of the equations).
    pub vote_distance: VoteDistance,
    /// Whose risk exponent enters the opponent's EU as the mover sees it (A5).
    pub perception: Perception,
    /// Which offer an actor accepts when it receives several (A4).
    pub selection: Selection,
    /// The range R that distances are divided by (A7).
    pub range: Range,
    /// When bargaining stops (A8).
    pub stopping: Stopping,
}

/// The no-challenge branch, Q·U_sq + (1 − Q)·[T·U_b + (1 − T)·U_w].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoChallenge {
    /// The printed branch, with T = 1 iff |x_i − μ| < |x_i − x_j| (Scholz's case rule:
    /// j drifts to the median μ, which helps i exactly when μ is nearer i than x_j is).
    DriftToMedian,
    /// Only Q·U_sq, as in the published program; identical to `DriftToMedian` when
    /// Q = 1.
    StatusQuoOnly,
}

/// Normalisation of P_ij (Scholz eqs. 30–31).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probability {
    /// Eq. 31: i's support over the support of both sides in this dyad, so that
    /// P_ij + P_ji = 1.
    PerPair,
    /// The published program: i's support over one global sum
    /// Σ_k Σ_a Σ_b c_k s_k |u_k(x_a) − u_k(x_b)|, which makes every P close to 0.
    Global,
}

/// The distance differences that third parties vote with inside P_ij.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteDistance {
    /// |x_k − x_j| − |x_k − x_i| as printed (eq. 30).
    Linear,
    /// (|x_k − x_j|/R)^{r_k} − (|x_k − x_i|/R)^{r_k}, as the published program does.
    VoterRisk,
}

/// Whose risk exponent is used for b = E^j(U_ji) when i decides whether to move (A5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Perception {
    /// Each actor's EU with its own exponent: a with r_i, b with r_j (the Appendix).
    OwnRisk,
    /// Both a and b with the mover's r_i: i's perception of j (the published program).
    MoverRisk,
}

/// How a mover chooses among the offers it receives (A4, §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// "Given equally enforceable proposals, players move the least that they can":
    /// the offer that moves the mover least, whatever its kind.
    LeastMove,
    /// Scholz's order: any conflict (least move) before any compromise (ranked by
    /// `compromise`) before any capitulation (least move).
    Ordered { compromise: CompromiseRank },
    /// "Concede to the actor with the highest EU": the offer whose proposer has the
    /// largest b; ties go to the least move.
    HighestEnforcement,
}

/// How compromise offers are ranked under [`Selection::Ordered`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompromiseRank {
    /// The compromise that moves the mover least.
    LeastMove,
    /// The published program: the smallest (|a|·x_i + |b|·x_j)/(|a| + |b|).
    ScholzCode,
}

/// The range R of the continuum, fixed at t = 0 (A7).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Range {
    /// The range of the initial positions (Scholz).
    InitialPositions,
    /// A fixed range, e.g. 100 for the 0–100 scale of a scenario.
    Scale(f64),
}

/// When bargaining stops (A8). Any mode also stops as soon as the position vector
/// repeats exactly (reported as converged for a fixed point, as a cycle otherwise),
/// because the state of the model is the position vector and nothing would change.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stopping {
    /// Exactly this many rounds (Scholz's τ).
    Rounds(u32),
    /// Stop when the median moves less than `threshold` (in position units) in two
    /// consecutive rounds, or after `cap` rounds.
    Converged { threshold: f64, cap: u32 },
}

impl Config {
    /// The Appendix of Scholz et al. (2011) read literally (variant A): eq. 31 P,
    /// linear votes, each actor's own r, the printed no-challenge branch with Q = 1
    /// (Scholz's choice for the 1994 case), least-move selection, R = the initial range
    /// of positions, and Scholz's eight rounds.
    ///
    /// # Examples
    /// ```
    /// use armistice_models::expected_utility::config::{Config, Probability};
    /// assert_eq!(Config::printed().probability, Probability::PerPair);
    /// ```
    pub fn printed() -> Config {
        Config {
            q: 1.0,
            no_challenge: NoChallenge::DriftToMedian,
            probability: Probability::PerPair,
            vote_distance: VoteDistance::Linear,
            perception: Perception::OwnRisk,
            selection: Selection::LeastMove,
            range: Range::InitialPositions,
            stopping: Stopping::Rounds(8),
        }
    }

    /// The program behind Scholz's Table 2 (variant B, as published by jmckib): the
    /// global P denominator, votes raised to the voter's r, the mover's r for both
    /// EUs, only Q·U_sq when not challenging, and conflict-first selection with the
    /// program's ranking of compromises.
    pub fn scholz_code_compat() -> Config {
        Config {
            q: 1.0,
            no_challenge: NoChallenge::StatusQuoOnly,
            probability: Probability::Global,
            vote_distance: VoteDistance::VoterRisk,
            perception: Perception::MoverRisk,
            selection: Selection::Ordered { compromise: CompromiseRank::ScholzCode },
            range: Range::InitialPositions,
            stopping: Stopping::Rounds(8),
        }
    }
}
