//! `armistice run` (work in progress: reports that it is not available yet).

use crate::cli::RunArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: RunArgs) -> CliResult {
    Err(CliError::Usage("`run` is not available in this build yet".into()))
}
