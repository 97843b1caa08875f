//! `armistice sensitivity` (work in progress: reports that it is not available yet).

use crate::cli::SensitivityArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: SensitivityArgs) -> CliResult {
    Err(CliError::Usage("`sensitivity` is not available in this build yet".into()))
}
