//! How a command fails, and so which exit code the binary returns.

/// A command's failure.
#[derive(Debug)]
pub(crate) enum CliError {
    /// The user's input is invalid; its diagnostics have already been printed. Exit 1.
    Invalid,
    /// The command line is wrong. Exit 2.
    Usage(String),
    /// Anything else (IO, internal). Exit 3.
    Other(anyhow::Error),
}

impl From<anyhow::Error> for CliError {
    fn from(err: anyhow::Error) -> Self {
        CliError::Other(err)
    }
}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> Self {
        CliError::Other(err.into())
    }
}

/// A command's result.
pub(crate) type CliResult = Result<(), CliError>;
