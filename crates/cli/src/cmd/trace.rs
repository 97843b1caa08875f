//! `armistice trace` (work in progress: reports that it is not available yet).

use crate::cli::TraceArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: TraceArgs) -> CliResult {
    Err(CliError::Usage("`trace` is not available in this build yet".into()))
}
