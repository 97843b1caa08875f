//! The bargaining-while-fighting engine, the Monte Carlo runner, questions and aggregation.
//!
//! No IO, no clock, no global RNG: a run is a pure function of (scenario, seed, run index).
//! [`engine::Prepared`] precomputes what all runs of a scenario share;
//! [`engine::Prepared::simulate`] plays one run (war-model §0–§8) into a
//! [`history::History`].

// `!(x > 0.0)` is deliberate throughout: it is the guard that also rejects NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]
// Per-side and per-front loops index several parallel arrays at once; an index reads
// more plainly than nested zips there.
#![allow(clippy::needless_range_loop)]

pub mod aggregate;
pub mod belief;
pub mod engine;
pub mod history;
pub mod levers;
pub mod project;
pub mod question;
pub mod runner;
pub mod talks;
pub mod trace;
pub mod war;

pub use engine::{simulate, simulate_traced, Prepared};
