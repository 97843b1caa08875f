//! `armistice import` (work in progress: reports that it is not available yet).

use crate::cli::ImportArgs;
use crate::error::{CliError, CliResult};

pub(crate) fn run(_args: ImportArgs) -> CliResult {
    Err(CliError::Usage("`import` is not available in this build yet".into()))
}
