//! `armistice solve` (work in progress: reports that it is not available yet).

use crate::cli::SolveArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: SolveArgs) -> CliResult {
    Err(CliError::Usage("`solve` is not available in this build yet".into()))
}
