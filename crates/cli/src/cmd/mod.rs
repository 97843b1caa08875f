//! One file per subcommand; this module only dispatches.

mod backtest;
mod check;
mod cite;
mod compare;
mod import;
mod report;
mod run;
mod score;
mod sensitivity;
mod solve;
mod trace;

use crate::cli::{Args, Command};
use crate::error::CliResult;

/// Runs the chosen subcommand.
pub(crate) fn dispatch(args: Args) -> CliResult {
    match args.command {
        Command::Run(a) => run::run(a),
        Command::Solve(a) => solve::run(a),
        Command::Check(a) => check::run(a),
        Command::Cite(a) => cite::run(a),
        Command::Import(a) => import::run(a),
        Command::Trace(a) => trace::run(a),
        Command::Score(a) => score::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Sensitivity(a) => sensitivity::run(a),
        Command::Report(a) => report::run(a),
        Command::Backtest(a) => backtest::run(a),
    }
}
