//! The `armistice` binary: argument parsing, dispatch and exit codes. No model logic lives here.
//!
//! Exit codes (DESIGN §4): 0 success, 1 invalid input (diagnostics printed), 2 usage
//! error, 3 internal error. A broken pipe on stdout exits 0.

mod cli;
mod cmd;
mod error;
mod load;
mod output;
mod progress;

use clap::Parser;

use crate::error::CliError;

/// The talks solver allocates many short-lived vectors per talks event; mimalloc's
/// thread-local free lists make a flagship forecast about an eighth faster than the
/// system allocator, with the same output.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args = cli::Args::parse();
    let res = cmd::dispatch(args);
    let code = match res {
        Ok(()) => 0,
        Err(CliError::Invalid) => 1,
        Err(CliError::Usage(msg)) => {
            eprintln!("error: {msg}");
            2
        }
        Err(CliError::Other(err)) => {
            if is_broken_pipe(&err) {
                0
            } else {
                eprintln!("error: {err:#}");
                3
            }
        }
    };
    std::process::exit(code);
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
