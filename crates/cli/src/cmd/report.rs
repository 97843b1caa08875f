//! `armistice report` (work in progress: reports that it is not available yet).

use crate::cli::ReportArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: ReportArgs) -> CliResult {
    Err(CliError::Usage("`report` is not available in this build yet".into()))
}
