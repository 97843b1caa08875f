//! `armistice check` (work in progress: reports that it is not available yet).

use crate::cli::CheckArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: CheckArgs) -> CliResult {
    Err(CliError::Usage("`check` is not available in this build yet".into()))
}
