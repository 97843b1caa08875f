//! `armistice compare` (work in progress: reports that it is not available yet).

use crate::cli::CompareArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: CompareArgs) -> CliResult {
    Err(CliError::Usage("`compare` is not available in this build yet".into()))
}
