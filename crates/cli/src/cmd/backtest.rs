//! `armistice backtest` (work in progress: reports that it is not available yet).

use crate::cli::BacktestArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: BacktestArgs) -> CliResult {
    Err(CliError::Usage("`backtest` is not available in this build yet".into()))
}
