//! The bargaining-while-fighting engine, the Monte Carlo runner, questions and aggregation.
//!
//! No IO, no clock, no global RNG: a run is a pure function of (scenario, seed, run index).

pub mod aggregate;
pub mod history;
pub mod question;
pub mod runner;
