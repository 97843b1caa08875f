//! `armistice score` (work in progress: reports that it is not available yet).

use crate::cli::ScoreArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: ScoreArgs) -> CliResult {
    Err(CliError::Usage("`score` is not available in this build yet".into()))
}
