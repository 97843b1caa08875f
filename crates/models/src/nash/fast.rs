//! The talks solver the simulation calls at every talks event: Frank–Wolfe in the
//! players' utility space, with the exact per-issue optimum as its oracle.
//!
//! Why a second method beside [`super::solver`]: the multiplier searches there are
//! exact to the last bits for two and three players, but their cost grows with every
//! extra player (a nested search per multiplier) and with the commitment term (an outer
//! scan over Λ); a settlement with four veto players and twelve issues took seconds. A
//! Monte Carlo forecast holds thousands of talks events per second. This method costs a
//! few dozen calls of the per-issue optimum whatever the number of players.
//!
//! The method (`docs/models.md`, "The talks solver"):
//! - A point is described by `y = (u_1(x), …, u_n(x), Λ(x))`. For weights μ ≥ 0 and a
//!   price η ≥ 0 the oracle returns `x(μ, η) = argmax_{x∈box} Σ μ_i u_i(x) + η Λ(x)`,
//!   issue by issue (separable utilities), exactly.
//! - Acceptance `U_i(x) ≥ d_i + ε` is `k_i(y) ≥ 0` with `k_i` concave in y: `y_i − d_i − ε`
//!   for a player without the commitment term and `y_c − d_c + π − (π + ε)·e^{q(Λ)}`,
//!   `q(Λ) = r e^{−Λ}`, for the one with it (war-model §6 rearranged: the term's
//!   probability of renewed war is `1 − e^{−q}`). F is therefore convex.
//! - **Is F empty?** The largest `min_i k_i` over the convex hull of the vertices found so
//!   far is a small matrix game (players' rows against vertices' columns; the commitment
//!   player's row is cut into tangents of its convex part). Its solution gives a lower
//!   bound (the mixed point `x̄ = Σ θ_j x_j`, evaluated exactly) and weights μ, η whose
//!   oracle point gives an upper bound on the largest smallest row (weak duality); each
//!   row bounds its player's `k_i` from above up to a positive factor, so that bound has
//!   the sign the question needs. F is non-empty when the lower bound reaches 0 and empty
//!   when the upper bound is below 0.
//! - **Nash point.** `Σ b_i ln g_i` is concave in y (with the commitment term too: its
//!   gain is log-concave), so Frank–Wolfe applies: at the current point the gradient gives
//!   μ, η, the oracle a new vertex, and the gap `∇N·(y_new − y)` bounds the distance to the
//!   optimum. The best point of the vertices' hull is found by pairwise Frank–Wolfe steps
//!   in y alone, which costs no utility evaluations.
//!
//! Because the utilities are concave, the mixed terms `x̄` are worth at least the mixed
//! utilities to every player, and Λ is linear, so every bound holds for the terms tabled.
//! When the feasibility phase cannot decide within its iteration limit, the whole talks
//! event goes to the exact solver; the Nash and max–min phases return their best point
//! at their limits.

// Comparisons are written `!(x > 0.0)` on purpose: a NaN must take the safe branch.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

use super::solver::{disjoint_players, issue_optimum, judge, min_gain, true_gains};
use super::{Player, Problem, Proposal};

/// Outer iterations (oracle calls) of one phase before the exact solver takes over.
const MAX_OUTER: usize = 80;
/// Newton or pairwise steps in the hull of the vertices per outer iteration.
const MAX_INNER: usize = 400;
/// The Nash search stops when the Frank–Wolfe gap (an upper bound on how far
/// `Σ b_i ln g_i` is below its maximum) falls under this.
const NASH_GAP: f64 = 1e-12;
/// The max–min point (tabled only when even the mediator's F is empty, where it decides
/// who refuses and who is blamed) is searched until its bounds are this close
/// (relative to the gain): ties closer than this are beyond what the inputs can tell
/// apart, and closing the bounds further was most of the cost of a failed round.
const MAX_MIN_TOL: f64 = 1e-7;
/// Steps of one line search (Newton's method kept inside its bracket, or bisection).
const LINE_STEPS: usize = 60;
/// Consecutive hull steps that gain nothing representable in N before the hull search
/// stops.
const STALLS: usize = 3;
/// Vertices a [`WarmStart`] keeps for the next talks event: the most recent ones, which
/// lie nearest the last answer (more make every game of the next event larger than the
/// few iterations it then needs are worth).
const WARM_VERTICES: usize = 12;
/// Pivots of the matrix game by Dantzig's rule before Bland's takes over.
const DANTZIG_PIVOTS: usize = 50;
/// Vertices kept in the working set (oldest unused ones are dropped beyond this).
const MAX_VERTICES: usize = 24;

/// What the talks solver keeps from one talks event to the next on the same deal kind in
/// the same run: the vertices it found. Consecutive events usually differ only in the
/// disagreement values, which the vertices do not depend on, so the next event starts
/// from them instead of from scratch. The vertices are reused only when every input they
/// depend on (the players' utilities, red lines and guarantee weights) is bit for bit the
/// same; the answer is the same either way up to the solver's tolerances.
#[derive(Clone, Debug, Default)]
pub struct WarmStart {
    key: Vec<u64>,
    verts: Vec<Vertex>,
    /// The last event's proof that F was empty, if it was.
    cert: Option<Certificate>,
}

impl WarmStart {
    /// The inputs the vertices depend on, bit for bit, in a fixed order.
    fn key_of(problem: &Problem) -> impl Iterator<Item = u64> + '_ {
        problem.players.iter().flat_map(|p| {
            let lambda: &[f64] = p.commitment.as_ref().map_or(&[], |c| &c.lambda);
            std::iter::once(p.weights.len() as u64)
                .chain(p.weights.iter().chain(&p.positions).map(|v| v.to_bits()))
                .chain(std::iter::once(p.rho.to_bits()))
                .chain(p.acceptable.iter().flat_map(|&(lo, hi)| [lo.to_bits(), hi.to_bits()]))
                .chain(std::iter::once(u64::from(p.commitment.is_some())))
                .chain(lambda.iter().map(|v| v.to_bits()))
        })
    }

    /// Keeps the most recent [`WARM_VERTICES`] of `verts`.
    fn keep(&mut self, mut verts: Vec<Vertex>) {
        let excess = verts.len().saturating_sub(WARM_VERTICES);
        verts.drain(..excess);
        self.verts = verts;
    }

    /// The stored vertices (taken out) when they fit `problem`, else the initial ones.
    fn vertices(&mut self, ctx: &mut Ctx<'_>) -> Vec<Vertex> {
        let fits =
            !self.verts.is_empty() && WarmStart::key_of(ctx.problem).eq(self.key.iter().copied());
        match fits {
            true => std::mem::take(&mut self.verts),
            false => {
                self.key.clear();
                self.key.extend(WarmStart::key_of(ctx.problem));
                self.verts.clear();
                self.cert = None;
                ctx.initial_vertices()
            }
        }
    }
}

/// What the talks solver proposes at one talks event (war-model §5): the same answer as
/// [`super::propose`], found by the method of this module. The mediator's phase reads
/// the players' own phase's vertices but not `warm`, so that [`deal`] and this function
/// leave the same state behind.
///
/// When [`pair_verdict`] or [`nash_verdict`] settles who refuses and who is blamed
/// without the tabled point (the max–min or the mediator's Nash point), that point is
/// searched only if `want_tabled` (else `tabled` is empty); the refusals and blame are
/// the same either way.
pub(super) fn propose(
    problem: &Problem,
    mediator_d: &[f64],
    warm: &mut WarmStart,
    want_tabled: bool,
) -> Proposal {
    let bounds = problem.red_line_box();
    if bounds.iter().any(|b| b.0 > b.1) {
        let refusing = disjoint_players(problem);
        return Proposal::BoxEmpty { blamed: refusing.clone(), refusing };
    }
    let mut verts = match own_phase(problem, &bounds, warm, true) {
        Own::Deal(terms) => return Proposal::Deal { terms },
        Own::Undecided => return super::solver::propose(problem, mediator_d),
        Own::Empty(verts) => verts,
    };
    let mut med = Ctx::new(problem, &bounds, mediator_d);
    match med.feasibility(&mut verts) {
        Feasibility::Feasible(x) => {
            match nash_verdict(&med, &verts, &x).or_else(|| frontier_verdict(&mut med)) {
                Some(verdict) => refused(verdict, want_tabled, || med.nash(&mut verts, x)),
                None => judge(problem, med.nash(&mut verts, x)),
            }
        }
        Feasibility::Empty(best) => {
            let ends = best_points(&med);
            if let Some(x) = end_point(&ends) {
                return judge(problem, x);
            }
            match pair_verdict(&med, &verts, &best, &ends) {
                Some(verdict) => refused(verdict, want_tabled, || med.max_min(&mut verts, best)),
                None => judge(problem, med.max_min(&mut verts, best)),
            }
        }
        Feasibility::Undecided => super::solver::propose(problem, mediator_d),
    }
}

/// A refusal whose verdict (refusing, blamed) was found without the tabled point, which
/// `search` finds only when it is wanted.
fn refused(
    (refusing, blamed): (Vec<usize>, Vec<usize>),
    want_tabled: bool,
    search: impl FnOnce() -> Vec<f64>,
) -> Proposal {
    let tabled = if want_tabled { search() } else { Vec::new() };
    Proposal::Refused { tabled, refusing, blamed }
}

/// Each player's best point of the box and every player's gain under `d` there, for the
/// players whose best point is unique and known: per issue the player's position clipped
/// to the box, for a player with positive weight on every issue; for the committed
/// player, only when that point also has the strongest guarantees the box allows and a
/// utility above `d − π` (its gain `e^{−q(Λ)}(u − d + π) − π` then rises with both u
/// and Λ); `None` for the others. The gains are under `ctx`'s d, inside its box.
fn best_points(ctx: &Ctx<'_>) -> Vec<Option<(Vec<f64>, Vec<f64>)>> {
    ctx.players
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.weights.iter().any(|&w| !(w > 0.0)) {
                return None;
            }
            let x = ctx.ideal(i);
            if let Some(c) = &p.commitment {
                // Its best utility must also be its strongest guarantees, and worth more
                // than d − π (where a stronger Λ would lower the gain).
                let strongest = c.lambda.iter().zip(ctx.lo.iter().zip(&ctx.hi)).zip(&x).all(
                    |((&l, (&lo, &hi)), &t)| {
                        (l > 0.0 && t == hi) || (l < 0.0 && t == lo) || l == 0.0 || lo == hi
                    },
                );
                if !(strongest && p.utility(&x) - ctx.d[i] + c.penalty > 0.0) {
                    return None;
                }
            }
            let gains = true_gains(ctx.problem, ctx.d, &x);
            Some((x, gains))
        })
        .collect()
}

/// The max–min point when it is some player's best point (`docs/models.md`, "The
/// mediator's point without a search"): player j's gain is at most its best `G_j`
/// everywhere, so the max–min value is at most `G_j`; where j's gain is the smallest at
/// its (unique) best point `x_j`, the max–min value is `G_j` and `x_j` is the only point
/// that reaches it.
fn end_point(best: &[Option<(Vec<f64>, Vec<f64>)>]) -> Option<Vec<f64>> {
    best.iter().enumerate().find_map(|(j, b)| {
        let (x, gains) = b.as_ref()?;
        gains.iter().all(|&g| g >= gains[j]).then(|| x.clone())
    })
}

/// Who refuses and who is blamed at the mediator's Nash point of a two-player problem
/// whose own F is empty, when that follows without finding the point (`docs/models.md`,
/// "Refusals and blame without the mediator's Nash point"); `None` otherwise.
///
/// `ctx` holds the mediator's d and `feasible` is a point of the mediator's F. The first-
/// order condition of `N = Σ b ln g` at the Nash point x^N over the mediator's F, tested
/// against any point v of that F, bounds player i's gain at x^N from below by its gain
/// at v times a factor: `b_i / (b_i + b_j)` when both gains are affine in the utilities,
/// `e^{−b_j/b_i}` when i carries a commitment term whose Λ varies over the box, and
/// `1 / (1 + (b_j/b_i) ln(Ĝ_j / g_j(v)))` when j does (Ĝ_j an upper bound on j's gain).
/// Player i accepts x^N under its own d when its gain there is at least
/// `ε − e_i Δ_i` for every e_i the box allows; when the bound already reaches that, i
/// accepts, and since the players' own F is empty the other one refuses and is blamed.
fn nash_verdict(
    ctx: &Ctx<'_>,
    verts: &[Vertex],
    feasible: &[f64],
) -> Option<(Vec<usize>, Vec<usize>)> {
    if ctx.n() != 2 {
        return None;
    }
    let (who, [e_low, e_high]) = ctx.survival_range();
    let varying = e_low != e_high;
    // An upper bound on the committed player's gain anywhere in the box: its best
    // utility (its positions clipped) at the highest e.
    let top_gain = |c: usize| {
        let pi = ctx.commit.as_ref().map_or(0.0, |k| k.pi);
        e_high * (ctx.players[c].utility(&ctx.ideal(c)) - ctx.d[c] + pi) - pi
    };
    let at_feasible = true_gains(ctx.problem, ctx.d, feasible);
    let points = std::iter::once((at_feasible[0], at_feasible[1]))
        .chain(verts.iter().map(|v| (ctx.gain(0, &v.y), ctx.gain(1, &v.y))))
        .filter(|&(a, b)| a >= ctx.eps && b >= ctx.eps);
    for i in 0..2 {
        let j = 1 - i;
        let (b_i, b_j) = (ctx.weights[i], ctx.weights[j]);
        let delta = ctx.d[i] - ctx.players[i].disagreement;
        let e_i = match (Some(i) == who, delta <= 0.0) {
            (false, _) => 1.0,
            (true, true) => e_high,
            (true, false) => e_low,
        };
        let threshold = ctx.eps - e_i * delta;
        let ceiling = match (varying, who) {
            (true, Some(c)) if c == j => top_gain(j),
            _ => f64::NAN,
        };
        let bound = points
            .clone()
            .map(|(g0, g1)| {
                let (gi, gj) = if i == 0 { (g0, g1) } else { (g1, g0) };
                match (varying, who) {
                    (true, Some(c)) if c == i => gi * (-b_j / b_i).exp(),
                    (true, Some(_)) if ceiling >= gj => {
                        gi / (1.0 + b_j / b_i * (ceiling / gj).ln())
                    }
                    (true, Some(_)) => f64::NEG_INFINITY,
                    _ => gi * b_i / (b_i + b_j),
                }
            })
            .fold(f64::NEG_INFINITY, f64::max);
        if bound > threshold {
            return Some((vec![j], vec![j]));
        }
    }
    None
}

/// Frontier steps of [`frontier_verdict`] before it gives up (the search then decides).
const FRONTIER_STEPS: usize = 60;
/// The frontier of [`frontier_verdict`] is searched for `t = ln(μ_B/μ_A)` in
/// `[−LN_SPAN, LN_SPAN]`.
const LN_SPAN: f64 = 60.0;

/// One point `x(t)` of the Pareto frontier for [`frontier_verdict`]: the Nash condition
/// `c(t)` there, whether each player refuses it under its own d and by how much it
/// falls short (`d − U`, as [`judge`] computes them), and the mediator's gains.
struct FrontierPoint {
    t: f64,
    c: f64,
    refuses: [bool; 2],
    shortfall: [f64; 2],
    mediator_gain: [f64; 2],
}

/// Who refuses and who is blamed at the mediator's Nash point of a two-player problem
/// whose own F is empty and whose guarantee strength Λ the box fixes, found by
/// bracketing that point on the Pareto frontier instead of finding it (`docs/models.md`,
/// "Refusals and blame by bracketing the mediator's Nash point"); `None` when the
/// bracket leaves it open.
///
/// With Λ fixed, each gain is affine in its player's utility, `g_i = a_i u_i + c_i`
/// (`a_i = e^{−q(Λ)}` for the committed player, 1 for the other). The frontier points
/// `x(t) = argmax_{x∈box} (1 − s) u_A(x) + s u_B(x)`, `s = 1/(1 + e^{−t})`, give A less and
/// B more as t rises, and the Nash point's first-order condition
/// `c(t) = t − ln(b_B a_B g_A / (b_A a_A g_B)) = 0` rises with t. So for any bracket with
/// `c(a) < 0 < c(b)` the Nash point lies on the frontier between `x(a)` and `x(b)`
/// (on a flat piece between them when x jumps), where each player's value and the
/// difference of the two shortfalls are monotone: a test with the same answer at both
/// ends has that answer at the Nash point.
fn frontier_verdict(ctx: &mut Ctx<'_>) -> Option<(Vec<usize>, Vec<usize>)> {
    if ctx.n() != 2 {
        return None;
    }
    let mut slope = [1.0, 1.0];
    if let Some(c) = &ctx.commit {
        let (low, high) = lambda_range(c, &ctx.lo, &ctx.hi);
        if low != high {
            return None;
        }
        slope[c.who] = (-ctx.q(low)).exp();
    }
    let (b, eps) = ([ctx.weights[0], ctx.weights[1]], ctx.eps);
    let ratio = (b[1] * slope[1]) / (b[0] * slope[0]);
    let at = |ctx: &mut Ctx<'_>, t: f64| {
        let e = t.exp();
        let x = ctx.oracle(&[1.0 / (1.0 + e), e / (1.0 + e)], 0.0);
        let players = ctx.players;
        let value = [players[0].value(&x), players[1].value(&x)];
        let refuses = [0, 1].map(|i| !(value[i] >= players[i].disagreement + eps));
        let shortfall = [0, 1].map(|i| players[i].disagreement - value[i]);
        let g = [0, 1].map(|i| players[i].value_with(&x, ctx.d[i]) - ctx.d[i]);
        let c = match (g[0] > 0.0, g[1] > 0.0) {
            (true, true) => t - (ratio * g[0] / g[1]).ln(),
            (false, true) => f64::INFINITY,
            (true, false) => f64::NEG_INFINITY,
            (false, false) => g[1] - g[0],
        };
        FrontierPoint { t, c, refuses, shortfall, mediator_gain: g }
    };
    let (mut lo, mut hi) = {
        let t0 = ratio.ln().clamp(-LN_SPAN, LN_SPAN);
        let first = at(ctx, t0);
        if first.c == 0.0 {
            return bracket_verdict(&first, &first, eps);
        }
        let mut step: f64 = 1.0;
        let mut other = at(ctx, (t0 + step.copysign(-first.c)).clamp(-LN_SPAN, LN_SPAN));
        while other.c.signum() == first.c.signum() && other.t.abs() < LN_SPAN {
            step *= 4.0;
            other = at(ctx, (t0 + step.copysign(-first.c)).clamp(-LN_SPAN, LN_SPAN));
        }
        match (first.c < 0.0 && other.c > 0.0, first.c > 0.0 && other.c < 0.0) {
            (true, _) => (first, other),
            (_, true) => (other, first),
            _ => return None,
        }
    };
    // Illinois steps (regula falsi that halves a stale end's value), bisection where a
    // value is infinite.
    let (mut f_lo, mut f_hi, mut kept) = (lo.c, hi.c, 0i8);
    for _ in 0..FRONTIER_STEPS {
        if let Some(verdict) = bracket_verdict(&lo, &hi, eps) {
            return Some(verdict);
        }
        let mid = 0.5 * (lo.t + hi.t);
        let t = match f_lo.is_finite() && f_hi.is_finite() {
            true => (lo.t * f_hi - hi.t * f_lo) / (f_hi - f_lo),
            false => mid,
        };
        let t = if t > lo.t && t < hi.t { t } else { mid };
        if !(t > lo.t && t < hi.t) {
            return None;
        }
        let p = at(ctx, t);
        if p.c < 0.0 {
            f_lo = p.c;
            lo = p;
            // Illinois: the other end stayed twice in a row, so its value is halved.
            if kept == 1 {
                f_hi *= 0.5;
            }
            kept = 1;
        } else if p.c > 0.0 {
            f_hi = p.c;
            hi = p;
            if kept == -1 {
                f_lo *= 0.5;
            }
            kept = -1;
        } else {
            return bracket_verdict(&p, &p, eps);
        }
    }
    None
}

/// [`frontier_verdict`] alone, for a problem whose own F is empty, under the mediator's
/// `mediator_d` (tests hold it to the exact searches).
#[cfg(test)]
pub(super) fn bracketed_verdict(
    problem: &Problem,
    mediator_d: &[f64],
) -> Option<(Vec<usize>, Vec<usize>)> {
    let bounds = problem.red_line_box();
    if bounds.iter().any(|b| b.0 > b.1) {
        return None;
    }
    frontier_verdict(&mut Ctx::new(problem, &bounds, mediator_d))
}

/// The verdict at every frontier point between `lo` and `hi` (see [`frontier_verdict`]),
/// when each test that decides it has the same answer at both: the mediator's gains are
/// at least ε (so the Nash point is in the mediator's F), each player accepts or refuses
/// under its own d at both, and, when both refuse, the same one has the larger
/// shortfall. Refusal and blame are tested as [`judge`] tests them.
fn bracket_verdict(
    lo: &FrontierPoint,
    hi: &FrontierPoint,
    eps: f64,
) -> Option<(Vec<usize>, Vec<usize>)> {
    // A's gain falls and B's rises from `lo` to `hi`.
    if !(hi.mediator_gain[0] >= eps && lo.mediator_gain[1] >= eps) {
        return None;
    }
    if lo.refuses != hi.refuses {
        return None;
    }
    let refusing: Vec<usize> = (0..2).filter(|&i| lo.refuses[i]).collect();
    let blamed = match refusing.len() {
        1 => refusing.clone(),
        2 => {
            // A's shortfall less B's rises from `lo` to `hi`: positive at `lo`, it is
            // positive all the way; negative at `hi`, negative all the way.
            let lead = [lo, hi].map(|p| p.shortfall[0] - p.shortfall[1]);
            match (lead[0] > 0.0, lead[1] < 0.0) {
                (true, _) => vec![0],
                (_, true) => vec![1],
                _ => return None,
            }
        }
        // Nobody refuses: a deal, which the players' own phase has ruled out.
        _ => return None,
    };
    Some((refusing, blamed))
}

/// The lowest and highest guarantee strength Λ over the box.
fn lambda_range(c: &Commit<'_>, lo: &[f64], hi: &[f64]) -> (f64, f64) {
    let (mut low, mut high) = (0.0, 0.0);
    for ((&l, &a), &b) in c.lambda.iter().zip(lo).zip(hi) {
        low += (l * a).min(l * b) / 100.0;
        high += (l * a).max(l * b) / 100.0;
    }
    (low, high)
}

/// Who refuses and who is blamed at the max–min point of a two-player problem whose
/// mediator's F is empty, when that follows without finding the point
/// (`docs/models.md`, "Refusals and blame without the max–min point"); `None` otherwise.
///
/// `ctx` holds the mediator's d, `verts` the vertices found so far and `best` the best
/// point of the feasibility phase. The argument: F^M empty gives `t* < ε` for the
/// max–min value t*. If some vertex gives each player a gain of at least ε, then
/// `t* < max g_i` for both, so neither player can be slack at the max–min point x* (a
/// slack player's partner would be at its own global maximum there; local maxima of
/// these gains are global), and `g_i^M(x*) = t*` for both. Player i's gain under its own
/// d is then `t* + e_i Δ_i` with `Δ_i = d_i^M − d_i` and `e_i = 1`, or `e^{−q(Λ(x*))}`
/// for the committed player. With `Δ_i ≤ 0` for both, both refuse (`t* < ε`), and the
/// blamed one is the one with the larger `−e_i Δ_i`, which is settled when its sign is
/// the same at both ends of the range of e over the box.
fn pair_verdict(
    ctx: &Ctx<'_>,
    verts: &[Vertex],
    best: &[f64],
    ends: &[Option<(Vec<f64>, Vec<f64>)>],
) -> Option<(Vec<usize>, Vec<usize>)> {
    if ctx.n() != 2 || best.is_empty() {
        return None;
    }
    for i in 0..2 {
        // t* < G_i: some vertex gives i at least ε (> t*), or i's best point is unique
        // and the other player's gain there is below i's (so t* = G_i is impossible).
        let top = verts.iter().map(|v| ctx.gain(i, &v.y)).fold(f64::NEG_INFINITY, f64::max);
        let above = match &ends[i] {
            Some((_, g)) => g[1 - i] < g[i],
            None => false,
        };
        if !(top >= ctx.eps || above) {
            return None;
        }
    }
    let delta = [0, 1].map(|i| ctx.d[i] - ctx.players[i].disagreement);
    if !(delta[0] <= 0.0 && delta[1] <= 0.0) {
        return None;
    }
    if let Some(c) = &ctx.commit {
        // The gain e·h − π is quasi-concave only where it is at least −π, which t* is
        // when some point has every gain above −π.
        if !(min_gain(&true_gains(ctx.problem, ctx.d, best)) > -c.pi) {
            return None;
        }
    }
    let (who, e_range) = ctx.survival_range();
    // Player 0's shortfall minus player 1's at x*: −e_0 Δ_0 + e_1 Δ_1.
    let lead = e_range.map(|e| {
        let factor = |i: usize| if Some(i) == who { e } else { 1.0 };
        -factor(0) * delta[0] + factor(1) * delta[1]
    });
    let blamed = match (lead[0] > 0.0 && lead[1] > 0.0, lead[0] < 0.0 && lead[1] < 0.0) {
        (true, _) => 0,
        (_, true) => 1,
        _ => return None,
    };
    Some((vec![0, 1], vec![blamed]))
}

/// The deal alone: the Nash terms when F is not empty, else `None` (no mediator's
/// proposal, no refusals).
pub(super) fn deal(problem: &Problem, warm: &mut WarmStart) -> Option<Vec<f64>> {
    let bounds = problem.red_line_box();
    if bounds.iter().any(|b| b.0 > b.1) {
        return None;
    }
    match own_phase(problem, &bounds, warm, false) {
        Own::Deal(terms) => Some(terms),
        Own::Empty(_) => None,
        Own::Undecided => {
            let own: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
            match super::solver::propose(problem, &own) {
                Proposal::Deal { terms } => Some(terms),
                _ => None,
            }
        }
    }
}

/// The smallest gain at the max–min point under the players' own d (the slack of the
/// bargaining range, positive when F is not empty), found by this module's method;
/// `None` when the red-line box is empty.
pub(super) fn range_slack(problem: &Problem) -> Option<f64> {
    let bounds = problem.red_line_box();
    if bounds.iter().any(|b| b.0 > b.1) {
        return None;
    }
    let own: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
    let mut ctx = Ctx::new(problem, &bounds, &own);
    let mut verts = ctx.initial_vertices();
    let exact = || match super::solver::solve(problem) {
        super::Outcome::Deal { max_min, .. } | super::Outcome::NoGainForAll { max_min } => {
            Some(min_gain(&max_min.gains))
        }
        super::Outcome::BoxEmpty { .. } => None,
    };
    let start = match ctx.feasibility(&mut verts) {
        Feasibility::Feasible(x) | Feasibility::Empty(x) if !x.is_empty() => x,
        _ => return exact(),
    };
    let x = ctx.max_min(&mut verts, start);
    let slack = min_gain(&true_gains(problem, &own, &x));
    // Below −π the committed player's gain is no longer quasi-concave and the threshold
    // steps of `max_min` can stop short: the exact searches answer there.
    match &ctx.commit {
        Some(c) if !(slack > -c.pi) => exact(),
        _ => Some(slack),
    }
}

/// What the players' own phase found.
enum Own {
    /// F is not empty: the Nash terms.
    Deal(Vec<f64>),
    /// F is empty: the vertices found, for the mediator's phase (empty unless asked for).
    Empty(Vec<Vertex>),
    /// The feasibility phase could not decide (the exact searches take over).
    Undecided,
}

/// The players' own phase of a talks event, under their own disagreement values and
/// from `warm`, which it leaves as the next event should find it. One function for
/// [`propose`] and [`deal`], so that both leave the same state; `want_vertices` hands
/// the vertices of an empty F on to the mediator's phase.
fn own_phase(
    problem: &Problem,
    bounds: &[(f64, f64)],
    warm: &mut WarmStart,
    want_vertices: bool,
) -> Own {
    let own: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
    let mut ctx = Ctx::new(problem, bounds, &own);
    let mut verts = warm.vertices(&mut ctx);
    // The last event's proof that F was empty often still holds: d drifts a little.
    if warm.cert.as_ref().is_some_and(|c| c.proves_empty(&ctx)) {
        let rest = if want_vertices { verts.clone() } else { Vec::new() };
        warm.keep(verts);
        return Own::Empty(rest);
    }
    match ctx.feasibility(&mut verts) {
        Feasibility::Feasible(x) => {
            let terms = ctx.nash(&mut verts, x);
            warm.keep(verts);
            warm.cert = None;
            Own::Deal(terms)
        }
        Feasibility::Empty(_) => {
            let rest = if want_vertices { verts.clone() } else { Vec::new() };
            warm.keep(verts);
            warm.cert = ctx.cert.take();
            Own::Empty(rest)
        }
        // `warm.vertices` took the stored vertices: the next event starts cold.
        Feasibility::Undecided => Own::Undecided,
    }
}

/// The answer of the feasibility phase.
enum Feasibility {
    /// A point of F (every player accepts it, by exact evaluation).
    Feasible(Vec<f64>),
    /// F is empty; the point with the largest smallest `k_i` found.
    Empty(Vec<f64>),
    /// Neither bound crossed 0 within the iteration limit.
    Undecided,
}

/// A vertex: terms and their image `y` (utilities, then Λ).
#[derive(Clone, Debug)]
struct Vertex {
    x: Vec<f64>,
    y: Vec<f64>,
}

/// The commitment term of one player, in the form the method needs.
struct Commit<'a> {
    /// The player carrying it.
    who: usize,
    lambda: &'a [f64],
    /// `r = ψ ζ₀ (1 + v) H_s`: the hazard integrated over the horizon at Λ = 0.
    r: f64,
    /// π, the penalty of having demobilised.
    pi: f64,
}

/// One bargaining problem under one vector of disagreement values.
struct Ctx<'a> {
    problem: &'a Problem,
    players: &'a [Player],
    weights: Vec<f64>,
    d: &'a [f64],
    eps: f64,
    lo: Vec<f64>,
    hi: Vec<f64>,
    commit: Option<Commit<'a>>,
    coef: Vec<f64>,
    breaks: Vec<f64>,
    /// The proof of the last feasibility phase that found F empty.
    cert: Option<Certificate>,
}

impl<'a> Ctx<'a> {
    fn new(problem: &'a Problem, bounds: &[(f64, f64)], d: &'a [f64]) -> Ctx<'a> {
        let commit = problem.players.iter().enumerate().find_map(|(who, p)| {
            p.commitment.as_ref().map(|c| Commit {
                who,
                lambda: &c.lambda,
                r: c.fearfulness * c.base_hazard * (1.0 + c.violation) * c.horizon,
                pi: c.penalty,
            })
        });
        Ctx {
            problem,
            players: &problem.players,
            weights: problem.players.iter().map(|p| p.bargaining_weight).collect(),
            d,
            eps: problem.eps,
            lo: bounds.iter().map(|b| b.0).collect(),
            hi: bounds.iter().map(|b| b.1).collect(),
            commit,
            coef: vec![0.0; problem.players.len()],
            breaks: Vec::with_capacity(problem.players.len()),
            cert: None,
        }
    }

    fn n(&self) -> usize {
        self.players.len()
    }

    /// `y = (u_1(x), …, u_n(x), Λ(x))`.
    fn image(&self, x: &[f64]) -> Vec<f64> {
        let mut y: Vec<f64> = self.players.iter().map(|p| p.utility(x)).collect();
        y.push(match &self.commit {
            Some(c) => c.lambda.iter().zip(x).map(|(l, x)| l * x / 100.0).sum(),
            None => 0.0,
        });
        y
    }

    /// Player i's best terms in the box: its positions clipped to the box.
    fn ideal(&self, i: usize) -> Vec<f64> {
        let p = &self.players[i];
        p.positions
            .iter()
            .zip(self.lo.iter().zip(&self.hi))
            .map(|(&q, (&lo, &hi))| q.max(lo).min(hi))
            .collect()
    }

    fn vertex(&self, x: Vec<f64>) -> Vertex {
        let y = self.image(&x);
        Vertex { x, y }
    }

    /// The oracle: `argmax_{x∈box} Σ μ_i u_i(x) + η Λ(x)`, issue by issue.
    fn oracle(&mut self, mu: &[f64], eta: f64) -> Vec<f64> {
        let k_n = self.lo.len();
        let mut x = Vec::with_capacity(k_n);
        for k in 0..k_n {
            for (i, p) in self.players.iter().enumerate() {
                self.coef[i] = mu[i] * p.weights[k];
            }
            let lin = match &self.commit {
                Some(c) => eta * c.lambda[k],
                None => 0.0,
            };
            let z = issue_optimum(
                self.players,
                k,
                &self.coef,
                lin,
                self.lo[k] / 100.0,
                self.hi[k] / 100.0,
                &mut self.breaks,
            );
            x.push((100.0 * z).clamp(self.lo[k], self.hi[k]));
        }
        x
    }

    /// One vertex per player (its best terms in the box) and one for the bargaining
    /// weights; with a commitment term, also the strongest guarantees.
    fn initial_vertices(&mut self) -> Vec<Vertex> {
        let n = self.n();
        let mut out: Vec<Vertex> = Vec::with_capacity(n + 2);
        let push = |v: Vertex, out: &mut Vec<Vertex>| {
            if !out.iter().any(|w| w.x == v.x) {
                out.push(v);
            }
        };
        for i in 0..n {
            let mut mu = vec![1e-9; n];
            mu[i] = 1.0;
            let x = self.oracle(&mu, 0.0);
            push(self.vertex(x), &mut out);
        }
        let total: f64 = self.weights.iter().sum();
        let mu: Vec<f64> = self.weights.iter().map(|b| b / total).collect();
        let x = self.oracle(&mu, 0.0);
        push(self.vertex(x), &mut out);
        if self.commit.is_some() {
            let x = self.oracle(&mu, 1e6);
            push(self.vertex(x), &mut out);
        }
        out
    }

    /// The committed player (if any) and its survival factor `e = e^{−q(Λ)}` at the box's
    /// lowest and highest Λ, which are e's ends over the box (Λ is linear, q
    /// decreasing); `(None, [1, 1])` without a commitment term.
    fn survival_range(&self) -> (Option<usize>, [f64; 2]) {
        match &self.commit {
            Some(c) => {
                let (low, high) = lambda_range(c, &self.lo, &self.hi);
                (Some(c.who), [(-self.q(low)).exp(), (-self.q(high)).exp()])
            }
            None => (None, [1.0, 1.0]),
        }
    }

    /// `q(Λ) = r e^{−Λ}`.
    fn q(&self, lambda: f64) -> f64 {
        self.commit.as_ref().map_or(0.0, |c| c.r * (-lambda).exp())
    }

    /// The committed player's gain at utility `u` and guarantee strength `lambda`, with
    /// its parts: `(h, q, e, g)` for `h = u − d_c + π`, `q = q(Λ)`, `e = e^{−q}` and
    /// `g = e h − π`.
    fn committed_gain(&self, c: &Commit<'_>, u: f64, lambda: f64) -> (f64, f64, f64, f64) {
        let h = u - self.d[c.who] + c.pi;
        let q = self.q(lambda);
        let e = (-q).exp();
        (h, q, e, e * h - c.pi)
    }

    /// `k_i(y)`: non-negative exactly when player i accepts (inside the box).
    fn k(&self, i: usize, y: &[f64]) -> f64 {
        match &self.commit {
            Some(c) if c.who == i => {
                y[i] - self.d[i] + c.pi - (c.pi + self.eps) * self.q(y[self.n()]).exp()
            }
            _ => y[i] - self.d[i] - self.eps,
        }
    }

    /// The gain `g_i(y) = U_i − d_i`.
    fn gain(&self, i: usize, y: &[f64]) -> f64 {
        match &self.commit {
            Some(c) if c.who == i => self.committed_gain(c, y[i], y[self.n()]).3,
            _ => y[i] - self.d[i],
        }
    }

    /// `Σ b_i ln g_i(y)`, −∞ outside the region where every gain is positive.
    fn nash_value(&self, y: &[f64]) -> f64 {
        let mut sum = 0.0;
        for i in 0..self.n() {
            let g = self.gain(i, y);
            if !(g > 0.0) {
                return f64::NEG_INFINITY;
            }
            sum += self.weights[i] * g.ln();
        }
        sum
    }

    /// The gradient of `Σ b_i ln g_i` in y; `false` (and `out` unfinished) when some gain
    /// is not positive.
    fn nash_gradient(&self, y: &[f64], out: &mut [f64]) -> bool {
        let n = self.n();
        out[n] = 0.0;
        for i in 0..n {
            match &self.commit {
                Some(c) if c.who == i => {
                    let (h, q, e, g) = self.committed_gain(c, y[i], y[n]);
                    if !(g > 0.0) {
                        return false;
                    }
                    out[i] = self.weights[i] * e / g;
                    out[n] = self.weights[i] * h * e * q / g;
                }
                _ => {
                    let g = y[i] - self.d[i];
                    if !(g > 0.0) {
                        return false;
                    }
                    out[i] = self.weights[i] / g;
                }
            }
        }
        true
    }

    /// Whether every player accepts `x` under this context's d (exact evaluation).
    fn accepted(&self, x: &[f64]) -> bool {
        self.players.iter().enumerate().all(|(i, p)| {
            let inside = p.acceptable.iter().zip(x).all(|(&(lo, hi), &t)| lo <= t && t <= hi);
            inside && p.value_with(x, self.d[i]) >= self.d[i] + self.eps
        })
    }

    /// `Σ θ_j x_j`, clipped to the box (θ sums to 1 only up to rounding).
    fn mix(&self, verts: &[Vertex], theta: &[f64]) -> Vec<f64> {
        let mut x = vec![0.0; verts[0].x.len()];
        for (v, &t) in verts.iter().zip(theta) {
            if t > 0.0 {
                for (a, b) in x.iter_mut().zip(&v.x) {
                    *a += t * b;
                }
            }
        }
        for (k, a) in x.iter_mut().enumerate() {
            *a = a.clamp(self.lo[k], self.hi[k]);
        }
        x
    }

    /// Decides whether F is empty (see the module doc), growing `verts`.
    fn feasibility(&mut self, verts: &mut Vec<Vertex>) -> Feasibility {
        self.largest_smallest_k(verts, true)
    }

    /// Maximises `min_i k_i` over the box by the game and oracle steps of the module
    /// doc. With `decide`, stops as soon as the sign of the maximum is known; otherwise
    /// runs until the bounds meet and returns the best point as `Empty`.
    fn largest_smallest_k(&mut self, verts: &mut Vec<Vertex>, decide: bool) -> Feasibility {
        let n = self.n();
        // Tangent points of the commitment player's convex part e^{q(Λ)}.
        let mut cuts: Vec<f64> = Vec::new();
        if self.commit.is_some() {
            for v in verts.iter() {
                if !cuts.contains(&v.y[n]) {
                    cuts.push(v.y[n]);
                }
            }
        }
        let mut best: Option<(f64, Vec<f64>)> = None;
        let (mut payoff, mut tableau) = (Vec::new(), Vec::new());
        for _ in 0..MAX_OUTER {
            // Rows: one per player without the commitment term, one per cut for the one
            // with it. Each row is affine in y: (coefficient on y_i, on Λ, constant).
            let rows = self.rows(&cuts);
            payoff.clear();
            for r in &rows {
                payoff.extend(
                    verts.iter().map(|v| r.coef * v.y[r.player] + r.slope * v.y[n] + r.constant),
                );
            }
            let (theta, weights) = game(&payoff, rows.len(), verts.len(), &mut tableau);
            let x_mix = self.mix(verts, &theta);
            let mixed = self.vertex(x_mix);
            let lower = (0..n).map(|i| self.k(i, &mixed.y)).fold(f64::INFINITY, f64::min);
            if decide && lower >= 0.0 && self.accepted(&mixed.x) {
                return Feasibility::Feasible(mixed.x);
            }
            if best.as_ref().is_none_or(|(b, _)| lower > *b) {
                best = Some((lower, mixed.x.clone()));
            }
            let mut mu = vec![0.0; n];
            let mut eta = 0.0;
            for (r, &w) in rows.iter().zip(&weights) {
                mu[r.player] += w * r.coef;
                eta += w * r.slope;
            }
            let x_new = self.oracle(&mu, eta);
            let fresh = self.vertex(x_new);
            let upper: f64 = rows
                .iter()
                .zip(&weights)
                .map(|(r, &w)| w * (r.coef * fresh.y[r.player] + r.slope * fresh.y[n] + r.constant))
                .sum();
            if decide && upper < 0.0 {
                self.cert = Some(Certificate {
                    rows: rows
                        .iter()
                        .zip(&weights)
                        .map(|(r, &w)| {
                            (r.player, r.coef, r.slope, r.constant + r.coef * self.d[r.player], w)
                        })
                        .collect(),
                    y: fresh.y.clone(),
                    params: Certificate::params(self),
                });
            }
            if (decide && upper < 0.0)
                || (!decide && upper - lower <= MAX_MIN_TOL * (1.0 + lower.abs()))
            {
                return Feasibility::Empty(best.map(|b| b.1).unwrap_or(mixed.x));
            }
            let stalled =
                verts.iter().any(|v| v.x == fresh.x) && verts.iter().any(|v| v.x == mixed.x);
            if self.commit.is_some() {
                for s in [mixed.y[n], fresh.y[n]] {
                    if !cuts.contains(&s) {
                        cuts.push(s);
                    }
                }
            }
            add(verts, &theta, fresh);
            add(verts, &[], mixed);
            if stalled && upper - lower <= 1e-14 * (1.0 + lower.abs()) {
                // The bounds met at 0 within rounding: the range is empty or a point.
                return Feasibility::Empty(best.map(|b| b.1).unwrap_or_default());
            }
        }
        match decide {
            true => Feasibility::Undecided,
            false => Feasibility::Empty(best.map(|b| b.1).unwrap_or_default()),
        }
    }

    /// The point that maximises `min_i g_i` (war-model §5's tabled point when even the
    /// mediator's F is empty), by Dinkelbach's iteration on the threshold: `g_i ≥ t` is
    /// `k_i ≥ 0` with t in place of ε, so each step maximises `min_i k_i` at the smallest
    /// gain t of the previous point; the maximum is positive exactly while t is below the
    /// answer.
    fn max_min(&mut self, verts: &mut Vec<Vertex>, start: Vec<f64>) -> Vec<f64> {
        let smallest = |ctx: &Ctx<'_>, x: &[f64]| min_gain(&true_gains(ctx.problem, ctx.d, x));
        let eps = self.eps;
        let mut x = start;
        let mut t = smallest(self, &x);
        for _ in 0..MAX_OUTER {
            self.eps = t;
            let Feasibility::Empty(next) = self.largest_smallest_k(verts, false) else { break };
            if next.is_empty() {
                break;
            }
            let t_next = smallest(self, &next);
            if !(t_next > t + MAX_MIN_TOL * (1.0 + t.abs())) {
                if t_next >= t {
                    x = next;
                }
                break;
            }
            x = next;
            t = t_next;
        }
        self.eps = eps;
        x
    }

    /// The game's rows for the current cuts.
    fn rows(&self, cuts: &[f64]) -> Vec<Row> {
        let n = self.n();
        let mut rows = Vec::with_capacity(n + cuts.len());
        for i in 0..n {
            match &self.commit {
                Some(c) if c.who == i => {
                    // e^{q} ≥ e^{q0}(1 − q0 (Λ − s0)) (tangent of a convex function), so
                    // k_c ≤ y_c − d_c + π − (π+ε) e^{q0} (1 − q0 (Λ − s0)).
                    for &s in cuts {
                        // Divided by e^{q0} (a positive factor, so the row's sign is
                        // unchanged): near s0 the row is then ≈ g_c − ε, on the scale of
                        // the other players' rows, which keeps the game well balanced.
                        let q0 = self.q(s);
                        let e0 = q0.exp();
                        let slope = (c.pi + self.eps) * q0;
                        rows.push(Row {
                            player: i,
                            coef: 1.0 / e0,
                            slope,
                            constant: (-self.d[i] + c.pi) / e0 - (c.pi + self.eps) - slope * s,
                        });
                    }
                }
                _ => rows.push(Row {
                    player: i,
                    coef: 1.0,
                    slope: 0.0,
                    constant: -self.d[i] - self.eps,
                }),
            }
        }
        rows
    }

    /// The Nash point, by Frank–Wolfe from the point `start` of F.
    fn nash(&mut self, verts: &mut Vec<Vertex>, start: Vec<f64>) -> Vec<f64> {
        let n = self.n();
        let first = self.vertex(start.clone());
        verts.retain(|v| v.x != first.x);
        verts.push(first);
        let mut theta = vec![0.0; verts.len()];
        *theta.last_mut().expect("one vertex at least") = 1.0;
        let mut grad = vec![0.0; n + 1];
        let mut best_x = start;
        // The hull is optimised to a fraction of the last Frank–Wolfe gap: finer would be
        // wasted while new vertices still move the optimum.
        let mut inner_tol = f64::INFINITY;
        for _ in 0..MAX_OUTER {
            let y = self.hull_optimum(verts, &mut theta, inner_tol);
            self.nash_gradient(&y, &mut grad);
            let x_mix = self.mix(verts, &theta);
            let mixed = self.vertex(x_mix);
            if self.nash_value(&mixed.y) > f64::NEG_INFINITY && self.accepted(&mixed.x) {
                best_x = mixed.x.clone();
            }
            let x_new = self.oracle(&grad[..n], grad[n]);
            let fresh = self.vertex(x_new);
            let gap: f64 =
                grad.iter().zip(fresh.y.iter().zip(&y)).map(|(g, (a, b))| g * (a - b)).sum();
            if !(gap > NASH_GAP) {
                break;
            }
            inner_tol = (0.01 * gap).max(0.1 * NASH_GAP);
            let known = verts.iter().any(|v| v.x == fresh.x);
            add(verts, &theta, fresh);
            let mixed_known = verts.iter().any(|v| v.x == mixed.x);
            add(verts, &[], mixed);
            theta.resize(verts.len(), 0.0);
            if known && mixed_known {
                break;
            }
        }
        best_x
    }

    /// The best point of the hull of `verts` for `Σ b_i ln g_i`, by pairwise Frank–Wolfe
    /// steps from the weights `theta` (which must give a point with every gain positive).
    fn hull_optimum(&self, verts: &[Vertex], theta: &mut Vec<f64>, tol: f64) -> Vec<f64> {
        let n = self.n();
        let dim = n + 1;
        theta.resize(verts.len(), 0.0);
        let mut y = vec![0.0; dim];
        for (v, &t) in verts.iter().zip(theta.iter()) {
            for (a, b) in y.iter_mut().zip(&v.y) {
                *a += t * b;
            }
        }
        let mut grad = vec![0.0; dim];
        let mut dir = vec![0.0; dim];
        let mut last = self.nash_value(&y);
        let mut stalls = 0;
        for _ in 0..MAX_INNER {
            self.nash_gradient(&y, &mut grad);
            let score = |v: &Vertex| grad.iter().zip(&v.y).map(|(g, y)| g * y).sum::<f64>();
            let mut plus = 0;
            let mut minus = usize::MAX;
            let (mut s_plus, mut s_minus) = (f64::NEG_INFINITY, f64::INFINITY);
            for (j, v) in verts.iter().enumerate() {
                let s = score(v);
                if s > s_plus {
                    s_plus = s;
                    plus = j;
                }
                if theta[j] > 0.0 && s < s_minus {
                    s_minus = s;
                    minus = j;
                }
            }
            if minus == usize::MAX
                || plus == minus
                || !(s_plus - s_minus > tol.min(1e-3).max(1e-16 * (1.0 + s_plus.abs())))
            {
                break;
            }
            if let Some(step) = self.newton_step(verts, theta, plus, &y, &grad) {
                let alpha = match self.line_profile(&y, &step.dir, step.top) {
                    Some((slope, _)) if slope >= 0.0 => step.top,
                    _ => self.line_search(&y, &step.dir, step.top, step.slope),
                };
                if alpha > 0.0 {
                    for (&j, &d) in step.support.iter().zip(&step.delta) {
                        theta[j] = (theta[j] + alpha * d).max(0.0);
                    }
                    if alpha == step.top {
                        theta[step.blocking] = 0.0;
                    }
                    y.iter_mut().for_each(|a| *a = 0.0);
                    for (v, &t) in verts.iter().zip(theta.iter()) {
                        if t > 0.0 {
                            for (a, b) in y.iter_mut().zip(&v.y) {
                                *a += t * b;
                            }
                        }
                    }
                }
            } else {
                for ((d, a), b) in dir.iter_mut().zip(&verts[plus].y).zip(&verts[minus].y) {
                    *d = a - b;
                }
                let top = theta[minus];
                let alpha = match self.line_profile(&y, &dir, top) {
                    Some((slope, _)) if slope >= 0.0 => top,
                    _ => self.line_search(&y, &dir, top, s_plus - s_minus),
                };
                if !(alpha > 0.0) {
                    break;
                }
                theta[plus] += alpha;
                theta[minus] = if alpha == top { 0.0 } else { theta[minus] - alpha };
                for (a, d) in y.iter_mut().zip(&dir) {
                    *a += alpha * d;
                }
            }
            // Steps between vertices whose images almost coincide can go on moving weight
            // while N gains nothing representable: stop after a few such steps.
            let value = self.nash_value(&y);
            stalls = match value - last <= 1e-15 * (1.0 + value.abs()) {
                true => stalls + 1,
                false => 0,
            };
            if stalls >= STALLS {
                break;
            }
            last = value;
        }
        y
    }

    /// The Hessian of `Σ b_i ln g_i` in y (row-major, `(n+1)²`), or `None` where some
    /// gain is not positive. With the commitment term, the committed player's gain
    /// `g = E h − π` has `∂g/∂y_c = E`, `∂g/∂Λ = E q h`, `∂²g/∂y_c∂Λ = E q` and
    /// `∂²g/∂Λ² = E q h (q − 1)`.
    fn nash_hessian(&self, y: &[f64]) -> Option<Vec<f64>> {
        let n = self.n();
        let dim = n + 1;
        let mut h = vec![0.0; dim * dim];
        for i in 0..n {
            let b = self.weights[i];
            match &self.commit {
                Some(c) if c.who == i => {
                    let (hh, q, e, g) = self.committed_gain(c, y[i], y[n]);
                    if !(g > 0.0) {
                        return None;
                    }
                    let (gc, gl) = (e, e * q * hh);
                    let (gcl, gll) = (e * q, e * q * hh * (q - 1.0));
                    h[i * dim + i] += -b * gc * gc / (g * g);
                    h[i * dim + n] += b * (gcl / g - gc * gl / (g * g));
                    h[n * dim + i] = h[i * dim + n];
                    h[n * dim + n] += b * (gll / g - gl * gl / (g * g));
                }
                _ => {
                    let g = y[i] - self.d[i];
                    if !(g > 0.0) {
                        return None;
                    }
                    h[i * dim + i] += -b / (g * g);
                }
            }
        }
        Some(h)
    }

    /// A Newton step of `Σ b_i ln g_i` over the weights of the support of `theta` plus
    /// the vertex `plus` (the face of the hull they span), keeping the weights' sum: the
    /// quadratic model's maximiser on that face, slightly regularised so that vertices
    /// whose images are affinely dependent still give a step. `None` when the step is not
    /// an ascent direction or cannot move (then a pairwise step is taken instead).
    fn newton_step(
        &self,
        verts: &[Vertex],
        theta: &[f64],
        plus: usize,
        y: &[f64],
        grad: &[f64],
    ) -> Option<NewtonStep> {
        let dim = self.n() + 1;
        let hy = self.nash_hessian(y)?;
        let mut support: Vec<usize> = (0..verts.len()).filter(|&j| theta[j] > 0.0).collect();
        if !support.contains(&plus) {
            support.push(plus);
        }
        let m = support.len();
        if m < 2 {
            return None;
        }
        // Vertices relative to y: z_a = y_{S_a} − y.
        let z: Vec<Vec<f64>> = support
            .iter()
            .map(|&j| verts[j].y.iter().zip(y).map(|(a, b)| a - b).collect())
            .collect();
        // The system (−H + δI) Δ + ν 1 = g, 1ᵀΔ = 0 with H = Zᵀ H_y Z, g = Zᵀ ∇N.
        let size = m + 1;
        let mut a = vec![0.0; size * (size + 1)];
        let w = size + 1;
        let mut hz = vec![0.0; dim];
        let mut scale: f64 = 0.0;
        let g: Vec<f64> =
            z.iter().map(|zr| grad.iter().zip(zr).map(|(p, q)| p * q).sum()).collect();
        for (r, zr) in z.iter().enumerate() {
            for (k, out) in hz.iter_mut().enumerate() {
                *out = (0..dim).map(|l| hy[k * dim + l] * zr[l]).sum();
            }
            for (c, zc) in z.iter().enumerate() {
                let v: f64 = hz.iter().zip(zc).map(|(p, q)| p * q).sum();
                a[r * w + c] = -v;
            }
            scale = scale.max(a[r * w + r].abs());
            a[r * w + m] = 1.0;
            a[m * w + r] = 1.0;
            a[r * w + size] = g[r];
        }
        let delta_reg = 1e-12 * scale + f64::MIN_POSITIVE;
        for r in 0..m {
            a[r * w + r] += delta_reg;
        }
        let sol = solve_dense(&mut a, size)?;
        let delta = sol[..m].to_vec();
        let slope: f64 = delta.iter().zip(&g).map(|(d, g)| d * g).sum();
        if !(slope > 0.0) {
            return None;
        }
        let mut dir = vec![0.0; dim];
        for (zr, d) in z.iter().zip(&delta) {
            for (o, v) in dir.iter_mut().zip(zr) {
                *o += d * v;
            }
        }
        let mut top = f64::INFINITY;
        let mut blocking = usize::MAX;
        for (&j, &d) in support.iter().zip(&delta) {
            if d < 0.0 && theta[j] / -d < top {
                top = theta[j] / -d;
                blocking = j;
            }
        }
        if !(top > 0.0) || blocking == usize::MAX {
            return None;
        }
        Some(NewtonStep { support, delta, dir, slope, top, blocking })
    }

    /// The slope and the curvature of `Σ b_i ln g_i` along `y + α·dir`, at α, or `None`
    /// where some gain is not positive. Every gain is affine in α except the commitment
    /// player's, `g = E h − π` with `h` affine, `E = e^{−q}` and `q = r e^{−Λ}`, whose
    /// derivatives are `g' = E (q Λ' h + h')` and `g'' = E q Λ' (q Λ' h + 2h' − Λ' h)`.
    fn line_profile(&self, y: &[f64], dir: &[f64], alpha: f64) -> Option<(f64, f64)> {
        let n = self.n();
        let (mut slope, mut curve) = (0.0, 0.0);
        for i in 0..n {
            let (g, g1, g2) = match &self.commit {
                Some(c) if c.who == i => {
                    let (h, q, e, g) =
                        self.committed_gain(c, y[i] + alpha * dir[i], y[n] + alpha * dir[n]);
                    let (dh, dl) = (dir[i], dir[n]);
                    let inner = q * dl * h + dh;
                    (g, e * inner, e * q * dl * (inner + dh - dl * h))
                }
                _ => (y[i] + alpha * dir[i] - self.d[i], dir[i], 0.0),
            };
            if !(g > 0.0) {
                return None;
            }
            let b = self.weights[i];
            slope += b * g1 / g;
            curve += b * (g2 / g - (g1 / g) * (g1 / g));
        }
        Some((slope, curve))
    }

    /// The step α ∈ (0, top) where the slope along `dir` crosses 0 (it falls, N being
    /// concave; its value at 0 is `slope0 > 0`), by Newton's method kept inside the
    /// bracket of the sign change, with bisection when a Newton step would leave it.
    fn line_search(&self, y: &[f64], dir: &[f64], top: f64, slope0: f64) -> f64 {
        let (mut a, mut b) = (0.0, top);
        let (mut m, mut f, mut df) = match self.line_profile(y, dir, 0.0) {
            Some((f, df)) => (0.0, f, df),
            None => return 0.0,
        };
        for _ in 0..LINE_STEPS {
            let newton = m - f / df;
            let next = match newton > a && newton < b && df < 0.0 {
                true => newton,
                false => 0.5 * (a + b),
            };
            if !(next > a && next < b) {
                break;
            }
            m = next;
            match self.line_profile(y, dir, m) {
                Some((fm, dfm)) => {
                    (f, df) = (fm, dfm);
                    if fm >= 0.0 {
                        a = m;
                    } else {
                        b = m;
                    }
                    if fm.abs() <= 1e-13 * slope0
                        || (dfm < 0.0 && -fm / dfm <= 1e-13 * m.max(1e-3 * top))
                    {
                        // Converged, from either side: past the crossing by so little
                        // that every gain is still positive (the profile exists there).
                        return m;
                    }
                }
                None => {
                    // Past a pole of the objective: the crossing lies before it.
                    b = m;
                    m = a;
                    (f, df) = self.line_profile(y, dir, a).unwrap_or((slope0, -1.0));
                }
            }
            if b - a <= 1e-15 * top {
                break;
            }
        }
        a
    }
}

/// A Newton step over a face of the hull (see [`Ctx::newton_step`]).
struct NewtonStep {
    /// The vertices of the face.
    support: Vec<usize>,
    /// The change of their weights per unit step (sums to 0).
    delta: Vec<f64>,
    /// The change of y per unit step.
    dir: Vec<f64>,
    /// The slope of N along `dir` at the start (positive).
    slope: f64,
    /// The longest step that keeps every weight non-negative.
    top: f64,
    /// The vertex whose weight reaches 0 at `top`.
    blocking: usize,
}

/// Solves the dense system held in `a` (`size` rows of `size + 1` entries, the last the
/// right-hand side) by Gaussian elimination with partial pivoting; `None` when singular.
/// Hand-written: the systems have at most a few dozen unknowns and are solved in the
/// innermost loop, where a linear-algebra crate's allocation and dispatch would dominate.
fn solve_dense(a: &mut [f64], size: usize) -> Option<Vec<f64>> {
    let w = size + 1;
    for col in 0..size {
        let pivot =
            (col..size).max_by(|&p, &q| a[p * w + col].abs().total_cmp(&a[q * w + col].abs()))?;
        if !(a[pivot * w + col].abs() > 0.0) {
            return None;
        }
        if pivot != col {
            for c in 0..w {
                a.swap(pivot * w + c, col * w + c);
            }
        }
        for r in col + 1..size {
            let f = a[r * w + col] / a[col * w + col];
            if f != 0.0 {
                for c in col..w {
                    a[r * w + c] -= f * a[col * w + c];
                }
            }
        }
    }
    let mut x = vec![0.0; size];
    for r in (0..size).rev() {
        let mut v = a[r * w + size];
        for c in r + 1..size {
            v -= a[r * w + c] * x[c];
        }
        x[r] = v / a[r * w + r];
        if !x[r].is_finite() {
            return None;
        }
    }
    Some(x)
}

/// One row of the feasibility game: `coef·y_player + slope·Λ + constant`.
struct Row {
    player: usize,
    coef: f64,
    slope: f64,
    constant: f64,
}

/// A proof that F is empty, kept for the next talks event: the game's weights on its
/// rows and the oracle point at those weights. The weights bound the largest `min_i k_i`
/// by `Σ_r w_r row_r(y)` at that point whatever d is (the oracle point does not depend
/// on d, only the rows' constants do), so the same proof holds for new disagreement
/// values as long as the bound stays below 0 (`docs/models.md`, "The warm start").
#[derive(Clone, Debug)]
struct Certificate {
    /// Per row: (player, coefficient on its utility, on Λ, the constant plus
    /// `coefficient · d_player`, weight).
    rows: Vec<(usize, f64, f64, f64, f64)>,
    /// The image of the oracle point.
    y: Vec<f64>,
    /// The bits of r, π and ε the rows were built with.
    params: [u64; 3],
}

impl Certificate {
    fn params(ctx: &Ctx<'_>) -> [u64; 3] {
        let (r, pi) = ctx.commit.as_ref().map_or((0.0, 0.0), |c| (c.r, c.pi));
        [r.to_bits(), pi.to_bits(), ctx.eps.to_bits()]
    }

    /// Whether the proof still holds under `ctx`'s disagreement values.
    fn proves_empty(&self, ctx: &Ctx<'_>) -> bool {
        if self.params != Certificate::params(ctx) {
            return false;
        }
        let lambda = self.y[ctx.n()];
        let upper: f64 = self
            .rows
            .iter()
            .map(|&(i, coef, slope, base, w)| {
                w * (coef * (self.y[i] - ctx.d[i]) + slope * lambda + base)
            })
            .sum();
        upper < 0.0
    }
}

/// Adds a vertex unless it is already there; when the set is full, drops the vertex
/// with no weight in `theta` that came first.
fn add(verts: &mut Vec<Vertex>, theta: &[f64], v: Vertex) {
    if verts.iter().any(|w| w.x == v.x) {
        return;
    }
    if verts.len() >= MAX_VERTICES {
        if let Some(j) = (0..verts.len()).find(|&j| theta.get(j).is_none_or(|&t| t == 0.0)) {
            verts.remove(j);
        }
    }
    verts.push(v);
}

/// The value of the matrix game `max_θ min_r Σ_j a_rj θ_j` (θ on the simplex of the
/// columns), `a` given row-major with `rows × cols` entries and `t` a buffer the tableau
/// reuses: returns the optimal θ and the optimal weights on the rows (the minimiser's
/// strategy), both summing to 1.
///
/// Solved as the linear programme `max Σ_r y_r s.t. Σ_r a'_rj y_r ≤ 1, y ≥ 0` on the
/// shifted payoffs `a' = a − min(a) + 1 > 0` (whose origin is feasible), by the simplex
/// method with Dantzig's rule, then Bland's. Written here because the programmes are tiny (a handful of
/// rows and columns) and solved thousands of times per second: a general LP crate's
/// set-up would cost more than the solve.
fn game(a: &[f64], rows: usize, cols: usize, t: &mut Vec<f64>) -> (Vec<f64>, Vec<f64>) {
    let low = a.iter().copied().fold(f64::INFINITY, f64::min);
    let shift = 1.0 - low;
    // Tableau: one constraint per column j of the game; variables y_r then slacks s_j.
    let width = rows + cols + 1;
    t.clear();
    t.resize((cols + 1) * width, 0.0);
    for j in 0..cols {
        for r in 0..rows {
            t[j * width + r] = a[r * cols + j] + shift;
        }
        t[j * width + rows + j] = 1.0;
        t[j * width + width - 1] = 1.0;
    }
    let obj = cols * width;
    for r in 0..rows {
        t[obj + r] = -1.0;
    }
    let mut basis: Vec<usize> = (0..cols).map(|j| rows + j).collect();
    for pivot in 0..10_000 {
        // Dantzig's rule (the most negative reduced cost enters), which needs few pivots;
        // after DANTZIG_PIVOTS pivots Bland's rule (the first negative one), which cannot
        // cycle on a degenerate tableau.
        let enter = match pivot < DANTZIG_PIVOTS {
            true => (0..width - 1)
                .filter(|&c| t[obj + c] < -1e-14)
                .min_by(|&a, &b| t[obj + a].total_cmp(&t[obj + b])),
            false => (0..width - 1).find(|&c| t[obj + c] < -1e-14),
        };
        let Some(enter) = enter else { break };
        let mut leave = None;
        let mut ratio = f64::INFINITY;
        for j in 0..cols {
            let e = t[j * width + enter];
            if e > 1e-14 {
                let q = t[j * width + width - 1] / e;
                if q < ratio || (q == ratio && leave.is_some_and(|l: usize| basis[j] < basis[l])) {
                    ratio = q;
                    leave = Some(j);
                }
            }
        }
        let Some(l) = leave else { break };
        let p = t[l * width + enter];
        for c in 0..width {
            t[l * width + c] /= p;
        }
        for j in 0..=cols {
            if j != l {
                let f = t[j * width + enter];
                if f != 0.0 {
                    for c in 0..width {
                        t[j * width + c] -= f * t[l * width + c];
                    }
                }
            }
        }
        basis[l] = enter;
    }
    let mut y = vec![0.0; rows];
    for (j, &b) in basis.iter().enumerate() {
        if b < rows {
            y[b] = t[j * width + width - 1].max(0.0);
        }
    }
    let mut theta: Vec<f64> = (0..cols).map(|j| t[obj + rows + j].max(0.0)).collect();
    let norm = |v: &mut Vec<f64>, fallback: usize| {
        let s: f64 = v.iter().sum();
        if s > 0.0 && s.is_finite() {
            v.iter_mut().for_each(|x| *x /= s);
        } else if !v.is_empty() {
            let last = v.len() - 1;
            v.iter_mut().for_each(|x| *x = 0.0);
            v[fallback.min(last)] = 1.0;
        }
    };
    norm(&mut y, 0);
    norm(&mut theta, 0);
    (theta, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn game_of_matching_pennies_is_even() {
        let (theta, y) = game(&[1.0, -1.0, -1.0, 1.0], 2, 2, &mut Vec::new());
        assert!((theta[0] - 0.5).abs() < 1e-12 && (y[0] - 0.5).abs() < 1e-12);
    }

    #[test]
    fn game_with_a_dominant_column_puts_all_weight_there() {
        let (theta, _) = game(&[0.0, 2.0, 1.0, 1.0, 3.0, 0.0], 2, 3, &mut Vec::new());
        assert!((theta[1] - 1.0).abs() < 1e-12, "{theta:?}");
    }
}
