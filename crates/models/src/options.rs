//! The `[models.*]` option tables of a scenario, parsed into each model's `Config`.
//!
//! The scenario validator only type-checks these tables (a string, number or boolean per
//! key); this module knows each model's keys and values. Every function collects every
//! problem of its table and returns them together, so the user fixes a file in one pass.
//! The keys, values and defaults are listed in `docs/scenario-format.md` § "Model options".

use std::fmt;

use armistice_scenario::types::{ModelOptions, OptionValue};

use crate::expected_utility::config::{
    CompromiseRank, Config as ExpectedUtilityConfig, NoChallenge, Perception, Probability, Range,
    Selection, Stopping, VoteDistance,
};
use crate::nash::Config as NashConfig;
use crate::smp::{
    BargainModel, Config as SmpConfig, Interpolation, PceModel, RiskAdjust, RiskRange,
    StateTransitions, ThirdPartyCommit, VictoryProb, VotingRule,
};

/// One problem in a `[models.*]` table.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionError {
    /// The table, as written in the scenario: `models.smp`, `models.expected_utility`, …
    pub table: &'static str,
    /// The offending key (`accommodation` for the accommodation entries).
    pub key: String,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// How to fix it, when that is knowable.
    pub hint: Option<String>,
}

/// Keys of `[models.smp]`.
pub const SMP_KEYS: &[&str] = &[
    "victory_prob",
    "pce",
    "transitions",
    "voting_rule",
    "risk_adjust",
    "risk_range",
    "third_party",
    "interpolation",
    "bargain",
    "max_turns",
    "min_turns",
    "stop_ratio",
];

/// Keys of `[models.expected_utility]`.
pub const EXPECTED_UTILITY_KEYS: &[&str] = &[
    "preset",
    "q",
    "no_challenge",
    "probability",
    "vote_distance",
    "perception",
    "selection",
    "compromise",
    "range",
    "rounds",
    "converge_threshold",
    "max_rounds",
];

/// Keys of `[models.nash]`.
pub const NASH_KEYS: &[&str] = &["rho"];

/// The SMP's configuration: KTAB's defaults ([`SmpConfig::ktab_defaults`]) with the
/// keys of `[models.smp]` applied.
///
/// # Examples
/// ```
/// use armistice_models::options::smp_config;
/// use armistice_models::smp::StateTransitions;
/// use armistice_scenario::types::{ModelOptions, OptionValue};
/// let mut options = ModelOptions::default();
/// options.smp.push(("transitions".into(), OptionValue::Text("stochastic".into())));
/// assert_eq!(smp_config(&options).unwrap().transitions, StateTransitions::Stochastic);
/// ```
pub fn smp_config(options: &ModelOptions) -> Result<SmpConfig, Vec<OptionError>> {
    let mut t = Table::new("models.smp", SMP_KEYS);
    let mut config = SmpConfig::ktab_defaults();
    for (key, value) in &options.smp {
        match key.as_str() {
            "victory_prob" => t.choice(key, value, VICTORY_PROB, &mut config.victory_prob),
            "pce" => t.choice(key, value, PCE, &mut config.pce),
            "transitions" => t.choice(key, value, TRANSITIONS, &mut config.transitions),
            "voting_rule" => t.choice(key, value, VOTING_RULE, &mut config.voting_rule),
            "risk_adjust" => t.choice(key, value, RISK_ADJUST, &mut config.risk_adjust),
            "risk_range" => t.choice(key, value, RISK_RANGE, &mut config.risk_range),
            "third_party" => t.choice(key, value, THIRD_PARTY, &mut config.third_party),
            "interpolation" => t.choice(key, value, INTERPOLATION, &mut config.interpolation),
            "bargain" => t.choice(key, value, BARGAIN, &mut config.bargain),
            "max_turns" => t.count(key, value, 1, 100_000, &mut config.max_turns),
            "min_turns" => t.count(key, value, 1, 100_000, &mut config.min_turns),
            "stop_ratio" => t.number(key, value, 0.0, 1.0, &mut config.stop_ratio),
            _ => t.unknown(key),
        }
    }
    if config.min_turns > config.max_turns {
        t.error(
            "min_turns",
            format!("min_turns ({}) exceeds max_turns ({})", config.min_turns, config.max_turns),
            None,
        );
    }
    t.finish(config)
}

/// The SMP's accommodation entries, `(adjusting actor, reference actor, weight)` as
/// instance actor indices, checked: weights in 0–1, no pair given twice, and each
/// actor's weights summing to at most 1.
pub fn smp_accommodation(
    options: &ModelOptions,
) -> Result<Vec<(usize, usize, f64)>, Vec<OptionError>> {
    let mut t = Table::new("models.smp", SMP_KEYS);
    let mut entries: Vec<(usize, usize, f64)> = Vec::new();
    for &(actor, reference, weight) in &options.smp_accommodation {
        let (a, r) = (actor.0 as usize, reference.0 as usize);
        if !(weight.is_finite() && (0.0..=1.0).contains(&weight)) {
            t.error("accommodation", format!("weight {weight} is outside 0–1"), None);
            continue;
        }
        match entries.iter().any(|&(x, y, _)| x == a && y == r) {
            true => t.error(
                "accommodation",
                format!("actor #{a} adjusts towards actor #{r} twice"),
                Some("give each (actor, reference) pair once".into()),
            ),
            false => entries.push((a, r, weight)),
        }
    }
    let mut actors: Vec<usize> = entries.iter().map(|e| e.0).collect();
    actors.sort_unstable();
    actors.dedup();
    for actor in actors {
        let sum: f64 = entries.iter().filter(|e| e.0 == actor).map(|e| e.2).sum();
        if sum > 1.0 + 1e-9 {
            t.error(
                "accommodation",
                format!("the weights of actor #{actor} sum to {sum}, more than 1"),
                Some("an actor's accommodation weights must sum to at most 1".into()),
            );
        }
    }
    t.finish(entries)
}

/// The expected-utility model's configuration: the `preset` (default `printed`) with
/// the other keys of `[models.expected_utility]` applied over it.
pub fn expected_utility_config(
    options: &ModelOptions,
) -> Result<ExpectedUtilityConfig, Vec<OptionError>> {
    let mut t = Table::new("models.expected_utility", EXPECTED_UTILITY_KEYS);
    let pairs = &options.expected_utility;
    let mut config = ExpectedUtilityConfig::printed();
    // The preset first, wherever it is written, so that the other keys override it.
    for (key, value) in pairs.iter().filter(|(k, _)| k == "preset") {
        t.choice(key, value, PRESETS, &mut config);
    }
    let mut selection: Option<&'static str> = None;
    let mut compromise: Option<CompromiseRank> = None;
    let mut rounds: Option<u32> = None;
    let mut threshold: Option<f64> = None;
    let mut max_rounds: Option<u32> = None;
    for (key, value) in pairs {
        match key.as_str() {
            "preset" => {}
            "q" => t.number(key, value, 0.0, 1.0, &mut config.q),
            "no_challenge" => t.choice(key, value, NO_CHALLENGE, &mut config.no_challenge),
            "probability" => t.choice(key, value, PROBABILITY, &mut config.probability),
            "vote_distance" => t.choice(key, value, VOTE_DISTANCE, &mut config.vote_distance),
            "perception" => t.choice(key, value, PERCEPTION, &mut config.perception),
            "selection" => {
                let mut name = "";
                t.choice(key, value, SELECTION, &mut name);
                selection = (!name.is_empty()).then_some(name);
            }
            "compromise" => {
                let mut rank = CompromiseRank::LeastMove;
                if t.choice_hint(key, value, COMPROMISE, &mut rank, "") {
                    compromise = Some(rank);
                }
            }
            "range" => match value {
                OptionValue::Number(x) if x.is_finite() && *x > 0.0 => {
                    config.range = Range::Scale(*x);
                }
                OptionValue::Number(x) => {
                    t.error(key, format!("range {x} is not a positive number"), None);
                }
                _ => {
                    let mut range = Range::InitialPositions;
                    let hint = "or a positive number (a fixed range)";
                    if t.choice_hint(key, value, RANGE, &mut range, hint) {
                        config.range = range;
                    }
                }
            },
            "rounds" => {
                let mut n = 0;
                if t.count_ok(key, value, 1, 100_000, &mut n) {
                    rounds = Some(n);
                }
            }
            "converge_threshold" => {
                let mut x = 0.0;
                if t.number_ok(key, value, f64::MIN_POSITIVE, 100.0, &mut x) {
                    threshold = Some(x);
                }
            }
            "max_rounds" => {
                let mut n = 0;
                if t.count_ok(key, value, 1, 100_000, &mut n) {
                    max_rounds = Some(n);
                }
            }
            _ => t.unknown(key),
        }
    }
    let preset_compromise = match config.selection {
        Selection::Ordered { compromise } => compromise,
        _ => CompromiseRank::LeastMove,
    };
    match (selection, compromise) {
        (Some("least_move"), None) => config.selection = Selection::LeastMove,
        (Some("highest_enforcement"), None) => config.selection = Selection::HighestEnforcement,
        (Some("ordered"), c) => {
            config.selection = Selection::Ordered { compromise: c.unwrap_or(preset_compromise) };
        }
        (None, Some(c)) if matches!(config.selection, Selection::Ordered { .. }) => {
            config.selection = Selection::Ordered { compromise: c };
        }
        (_, Some(_)) => t.error(
            "compromise",
            "`compromise` applies only to ordered selection".into(),
            Some("add `selection = \"ordered\"` or remove `compromise`".into()),
        ),
        _ => {}
    }
    match (rounds, threshold, max_rounds) {
        (Some(n), None, None) => config.stopping = Stopping::Rounds(n),
        (None, None, None) => {}
        (None, threshold, cap) => {
            config.stopping = Stopping::Converged {
                threshold: threshold.unwrap_or(DEFAULT_THRESHOLD),
                cap: cap.unwrap_or(DEFAULT_MAX_ROUNDS),
            };
        }
        (Some(_), _, _) => t.error(
            "rounds",
            "`rounds` conflicts with `converge_threshold`/`max_rounds`".into(),
            Some("give `rounds` for a fixed number of rounds, or the other two to stop on convergence".into()),
        ),
    }
    t.finish(config)
}

/// The Nash model's configuration: [`NashConfig::STANDARD`] with `rho` (1–64) applied.
pub fn nash_config(options: &ModelOptions) -> Result<NashConfig, Vec<OptionError>> {
    let mut t = Table::new("models.nash", NASH_KEYS);
    let mut config = NashConfig::STANDARD;
    for (key, value) in &options.nash {
        match key.as_str() {
            "rho" => t.number(key, value, 1.0, 64.0, &mut config.rho),
            _ => t.unknown(key),
        }
    }
    t.finish(config)
}

/// Default `converge_threshold` of the expected-utility model (position units).
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Default `max_rounds` of the expected-utility model.
pub const DEFAULT_MAX_ROUNDS: u32 = 100;

impl fmt::Display for OptionError {
    /// `[models.smp] pce: unknown value "x"` (hints are rendered by the caller).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.table, self.key, self.message)
    }
}

type Choices<T> = &'static [(&'static str, T)];
/// A preset constructor of the expected-utility model.
type Preset = fn() -> ExpectedUtilityConfig;

const VICTORY_PROB: Choices<VictoryProb> = &[
    ("linear", VictoryProb::Linear),
    ("square", VictoryProb::Square),
    ("quartic", VictoryProb::Quartic),
    ("octic", VictoryProb::Octic),
    ("binary", VictoryProb::Binary),
];
const PCE: Choices<PceModel> = &[
    ("conditional", PceModel::Conditional),
    ("markov_incentive", PceModel::MarkovIncentive),
    ("markov_uniform", PceModel::MarkovUniform),
];
const TRANSITIONS: Choices<StateTransitions> = &[
    ("deterministic", StateTransitions::Deterministic),
    ("stochastic", StateTransitions::Stochastic),
];
const VOTING_RULE: Choices<VotingRule> = &[
    ("prop", VotingRule::Prop),
    ("binary", VotingRule::Binary),
    ("prop_bin", VotingRule::PropBin),
    ("prop_cbc", VotingRule::PropCbc),
    ("cubic", VotingRule::Cubic),
    ("asym_prosp", VotingRule::ASymProsp),
];
const RISK_ADJUST: Choices<RiskAdjust> = &[
    ("one_third", RiskAdjust::OneThird),
    ("none", RiskAdjust::None),
    ("half", RiskAdjust::Half),
    ("two_thirds", RiskAdjust::TwoThirds),
    ("full", RiskAdjust::Full),
];
const RISK_RANGE: Choices<RiskRange> =
    &[("mid", RiskRange::Mid), ("min", RiskRange::Min), ("max", RiskRange::Max)];
const THIRD_PARTY: Choices<ThirdPartyCommit> = &[
    ("semi_commit", ThirdPartyCommit::SemiCommit),
    ("no_commit", ThirdPartyCommit::NoCommit),
    ("full_commit", ThirdPartyCommit::FullCommit),
];
const INTERPOLATION: Choices<Interpolation> = &[
    ("s2p2", Interpolation::S2P2),
    ("s1p1", Interpolation::S1P1),
    ("s2pmax", Interpolation::S2PMax),
];
const BARGAIN: Choices<BargainModel> = &[
    ("init_only_interp", BargainModel::InitOnlyInterp),
    ("init_rcvr_interp", BargainModel::InitRcvrInterp),
    ("pw_comp_interp", BargainModel::PWCompInterp),
];
const PRESETS: Choices<Preset> = &[
    ("printed", ExpectedUtilityConfig::printed),
    ("scholz_code_compat", ExpectedUtilityConfig::scholz_code_compat),
];
const NO_CHALLENGE: Choices<NoChallenge> = &[
    ("drift_to_median", NoChallenge::DriftToMedian),
    ("status_quo_only", NoChallenge::StatusQuoOnly),
];
const PROBABILITY: Choices<Probability> =
    &[("per_pair", Probability::PerPair), ("global", Probability::Global)];
const VOTE_DISTANCE: Choices<VoteDistance> =
    &[("linear", VoteDistance::Linear), ("voter_risk", VoteDistance::VoterRisk)];
const PERCEPTION: Choices<Perception> =
    &[("own_risk", Perception::OwnRisk), ("mover_risk", Perception::MoverRisk)];
const SELECTION: Choices<&'static str> = &[
    ("least_move", "least_move"),
    ("ordered", "ordered"),
    ("highest_enforcement", "highest_enforcement"),
];
const COMPROMISE: Choices<CompromiseRank> =
    &[("least_move", CompromiseRank::LeastMove), ("scholz_code", CompromiseRank::ScholzCode)];
const RANGE: Choices<Range> = &[("initial_positions", Range::InitialPositions)];

/// The errors of one table, collected while its keys are read.
struct Table {
    name: &'static str,
    keys: &'static [&'static str],
    errors: Vec<OptionError>,
}

impl Table {
    fn new(name: &'static str, keys: &'static [&'static str]) -> Table {
        Table { name, keys, errors: Vec::new() }
    }

    fn error(&mut self, key: &str, message: String, hint: Option<String>) {
        self.errors.push(OptionError { table: self.name, key: key.to_string(), message, hint });
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<OptionError>> {
        match self.errors.is_empty() {
            true => Ok(value),
            false => Err(self.errors),
        }
    }

    fn unknown(&mut self, key: &str) {
        let hint = match closest(key, self.keys.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("expected one of {}", self.keys.join(", ")),
        };
        self.error(key, format!("unknown key `{key}`"), Some(hint));
    }

    fn wrong_type(&mut self, key: &str, value: &OptionValue, expected: &str) {
        let found = match value {
            OptionValue::Text(_) => "a string",
            OptionValue::Number(_) => "a number",
            OptionValue::Bool(_) => "a boolean",
        };
        self.error(key, format!("expected {expected}, found {found}"), None);
    }

    /// Sets `out` from a string naming one of `choices`.
    fn choice<T: Clone>(
        &mut self,
        key: &str,
        value: &OptionValue,
        choices: &[(&'static str, impl Choice<T>)],
        out: &mut T,
    ) {
        self.choice_hint(key, value, choices, out, "");
    }

    /// [`Table::choice`] with `extra` appended to the hint; true on success.
    fn choice_hint<T: Clone>(
        &mut self,
        key: &str,
        value: &OptionValue,
        choices: &[(&'static str, impl Choice<T>)],
        out: &mut T,
        extra: &str,
    ) -> bool {
        let OptionValue::Text(text) = value else {
            self.wrong_type(key, value, "a string");
            return false;
        };
        match choices.iter().find(|(name, _)| name == text) {
            Some((_, v)) => {
                *out = v.get();
                true
            }
            None => {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                let mut hint = format!("expected one of {}", quoted(&names));
                if !extra.is_empty() {
                    hint = format!("{hint}, {extra}");
                }
                if let Some(near) = closest(text, names.iter().copied()) {
                    hint = format!("did you mean \"{near}\"? {hint}");
                }
                self.error(key, format!("unknown value \"{text}\""), Some(hint));
                false
            }
        }
    }

    fn number(&mut self, key: &str, value: &OptionValue, lo: f64, hi: f64, out: &mut f64) {
        self.number_ok(key, value, lo, hi, out);
    }

    fn number_ok(
        &mut self,
        key: &str,
        value: &OptionValue,
        lo: f64,
        hi: f64,
        out: &mut f64,
    ) -> bool {
        let OptionValue::Number(x) = *value else {
            self.wrong_type(key, value, "a number");
            return false;
        };
        match x.is_finite() && x >= lo && x <= hi {
            true => {
                *out = x;
                true
            }
            false => {
                let range = match lo == f64::MIN_POSITIVE {
                    true => format!("a positive number up to {hi}"),
                    false => format!("a number in {lo}–{hi}"),
                };
                self.error(key, format!("{x} is out of range"), Some(format!("expected {range}")));
                false
            }
        }
    }

    fn count(&mut self, key: &str, value: &OptionValue, lo: u32, hi: u32, out: &mut u32) {
        self.count_ok(key, value, lo, hi, out);
    }

    fn count_ok(
        &mut self,
        key: &str,
        value: &OptionValue,
        lo: u32,
        hi: u32,
        out: &mut u32,
    ) -> bool {
        let OptionValue::Number(x) = *value else {
            self.wrong_type(key, value, "a whole number");
            return false;
        };
        match x.fract() == 0.0 && x >= f64::from(lo) && x <= f64::from(hi) {
            true => {
                *out = x as u32;
                true
            }
            false => {
                let hint = Some(format!("expected a whole number in {lo}–{hi}"));
                self.error(key, format!("{x} is out of range"), hint);
                false
            }
        }
    }
}

/// A value a choice table maps a name to: a plain value, or a preset constructor.
trait Choice<T> {
    fn get(&self) -> T;
}

impl<T: Copy> Choice<T> for T {
    fn get(&self) -> T {
        *self
    }
}

impl Choice<ExpectedUtilityConfig> for fn() -> ExpectedUtilityConfig {
    fn get(&self) -> ExpectedUtilityConfig {
        self()
    }
}

/// The candidate nearest to `word` by Jaro–Winkler similarity, if any is close enough
/// (a similarity of at least 0.8, or one edit away).
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, c)| *score >= 0.8 || strsim::damerau_levenshtein(word, c) <= 1)
        .fold(None, |best: Option<(f64, &str)>, (score, c)| match best {
            Some((b, _)) if b >= score => best,
            _ => Some((score, c)),
        })
        .map(|(_, c)| c)
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use armistice_scenario::types::ActorId;

    use super::*;

    fn text(s: &str) -> OptionValue {
        OptionValue::Text(s.into())
    }

    fn with(
        table: fn(&mut ModelOptions) -> &mut Vec<(String, OptionValue)>,
        pairs: &[(&str, OptionValue)],
    ) -> ModelOptions {
        let mut options = ModelOptions::default();
        table(&mut options).extend(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())));
        options
    }

    fn smp(pairs: &[(&str, OptionValue)]) -> ModelOptions {
        with(|o| &mut o.smp, pairs)
    }

    fn eu(pairs: &[(&str, OptionValue)]) -> ModelOptions {
        with(|o| &mut o.expected_utility, pairs)
    }

    #[test]
    fn empty_tables_give_the_documented_defaults() {
        let options = ModelOptions::default();
        assert_eq!(smp_config(&options), Ok(SmpConfig::ktab_defaults()));
        assert_eq!(expected_utility_config(&options), Ok(ExpectedUtilityConfig::printed()));
        assert_eq!(nash_config(&options), Ok(NashConfig::STANDARD));
        assert_eq!(smp_accommodation(&options), Ok(Vec::new()));
    }

    #[test]
    fn smp_keys_as_import_writes_them() {
        let config = smp_config(&smp(&[
            ("victory_prob", text("octic")),
            ("pce", text("markov_incentive")),
            ("transitions", text("stochastic")),
            ("voting_rule", text("asym_prosp")),
            ("risk_adjust", text("two_thirds")),
            ("risk_range", text("max")),
            ("third_party", text("full_commit")),
            ("interpolation", text("s2pmax")),
            ("bargain", text("pw_comp_interp")),
            ("max_turns", OptionValue::Number(40.0)),
            ("min_turns", OptionValue::Number(3.0)),
            ("stop_ratio", OptionValue::Number(0.01)),
        ]))
        .unwrap();
        assert_eq!(config.victory_prob, VictoryProb::Octic);
        assert_eq!(config.pce, PceModel::MarkovIncentive);
        assert_eq!(config.transitions, StateTransitions::Stochastic);
        assert_eq!(config.voting_rule, VotingRule::ASymProsp);
        assert_eq!(config.risk_adjust, RiskAdjust::TwoThirds);
        assert_eq!(config.risk_range, RiskRange::Max);
        assert_eq!(config.third_party, ThirdPartyCommit::FullCommit);
        assert_eq!(config.interpolation, Interpolation::S2PMax);
        assert_eq!(config.bargain, BargainModel::PWCompInterp);
        assert_eq!((config.max_turns, config.min_turns, config.stop_ratio), (40, 3, 0.01));
    }

    #[test]
    fn every_error_kind_is_collected_with_a_hint() {
        let errors = smp_config(&smp(&[
            ("transition", text("stochastic")),
            ("pce", text("markov_incentiv")),
            ("voting_rule", OptionValue::Number(1.0)),
            ("max_turns", OptionValue::Number(2.5)),
            ("stop_ratio", OptionValue::Number(2.0)),
        ]))
        .unwrap_err();
        let shown: Vec<String> =
            errors.iter().map(|e| format!("{e} | {}", e.hint.as_deref().unwrap_or("-"))).collect();
        assert_eq!(
            shown,
            vec![
                "[models.smp] transition: unknown key `transition` | did you mean `transitions`?",
                "[models.smp] pce: unknown value \"markov_incentiv\" | did you mean \"markov_incentive\"? expected one of \"conditional\", \"markov_incentive\", \"markov_uniform\"",
                "[models.smp] voting_rule: expected a string, found a number | -",
                "[models.smp] max_turns: 2.5 is out of range | expected a whole number in 1–100000",
                "[models.smp] stop_ratio: 2 is out of range | expected a number in 0–1",
            ]
        );
        let errors = smp_config(&smp(&[
            ("max_turns", OptionValue::Number(3.0)),
            ("min_turns", OptionValue::Number(5.0)),
        ]))
        .unwrap_err();
        assert_eq!(errors[0].message, "min_turns (5) exceeds max_turns (3)");
    }

    #[test]
    fn expected_utility_preset_then_overrides() {
        let config = expected_utility_config(&eu(&[
            ("q", OptionValue::Number(0.5)),
            ("preset", text("scholz_code_compat")),
            ("perception", text("own_risk")),
            ("rounds", OptionValue::Number(12.0)),
        ]))
        .unwrap();
        let mut expected = ExpectedUtilityConfig::scholz_code_compat();
        expected.q = 0.5;
        expected.perception = Perception::OwnRisk;
        expected.stopping = Stopping::Rounds(12);
        assert_eq!(config, expected);

        let config = expected_utility_config(&eu(&[
            ("selection", text("ordered")),
            ("compromise", text("scholz_code")),
            ("probability", text("global")),
            ("converge_threshold", OptionValue::Number(0.25)),
            ("range", OptionValue::Number(100.0)),
        ]))
        .unwrap();
        assert_eq!(config.selection, Selection::Ordered { compromise: CompromiseRank::ScholzCode });
        assert_eq!(config.probability, Probability::Global);
        assert_eq!(config.range, Range::Scale(100.0));
        assert_eq!(
            config.stopping,
            Stopping::Converged { threshold: 0.25, cap: DEFAULT_MAX_ROUNDS }
        );
    }

    #[test]
    fn expected_utility_conflicts_are_errors() {
        let errors = expected_utility_config(&eu(&[
            ("preset", text("scholz")),
            ("rounds", OptionValue::Number(8.0)),
            ("max_rounds", OptionValue::Number(20.0)),
            ("compromise", text("least_move")),
            ("q", OptionValue::Bool(true)),
        ]))
        .unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["preset", "q", "compromise", "rounds"]);
        assert!(errors[0].hint.as_deref().unwrap().contains("\"scholz_code_compat\""));
    }

    #[test]
    fn nash_rho_must_be_at_least_one() {
        let rho = |x| with(|o| &mut o.nash, &[("rho", OptionValue::Number(x))]);
        assert_eq!(nash_config(&rho(2.0)).unwrap().rho, 2.0);
        let errors = nash_config(&rho(0.5)).unwrap_err();
        assert_eq!(errors[0].hint.as_deref(), Some("expected a number in 1–64"));
        let errors = nash_config(&with(|o| &mut o.nash, &[("roh", OptionValue::Number(2.0))]));
        assert_eq!(errors.unwrap_err()[0].hint.as_deref(), Some("did you mean `rho`?"));
    }

    #[test]
    fn accommodation_rows_are_checked() {
        let mut options = ModelOptions {
            smp_accommodation: vec![(ActorId(1), ActorId(1), 0.75), (ActorId(1), ActorId(0), 0.07)],
            ..ModelOptions::default()
        };
        assert_eq!(smp_accommodation(&options), Ok(vec![(1, 1, 0.75), (1, 0, 0.07)]));
        options.smp_accommodation.push((ActorId(1), ActorId(2), 0.5));
        options.smp_accommodation.push((ActorId(1), ActorId(2), 0.1));
        let errors = smp_accommodation(&options).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("twice"));
        assert!(errors[1].message.contains("more than 1"));
    }
}
