//! Prints one timed SMP run per input: `cargo run --release -p armistice-bench --example smp_time -- [N] [D]`.
//!
//! With no argument it times KTAB's eight inputs; with `N [D]` a synthetic scenario of
//! N actors and D dimensions (the same generator as the criterion benchmark).

use std::time::Instant;

use armistice_models::smp::{self, Config};

#[path = "../benches/smp_inputs.rs"]
mod smp_inputs;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let config = Config::ktab_defaults();
    let inputs: Vec<(String, smp::Input)> = match args.first() {
        Some(&n) => vec![(
            format!("synthetic-{n}x{}", args.get(1).copied().unwrap_or(1)),
            smp_inputs::synthetic(n, args.get(1).copied().unwrap_or(1)),
        )],
        None => {
            smp_inputs::KTAB.iter().map(|n| (n.to_string(), smp_inputs::ktab_input(n))).collect()
        }
    };
    for (name, input) in inputs {
        let start = Instant::now();
        let run = smp::run(&input, &config);
        let elapsed = start.elapsed();
        match run {
            Ok(run) => println!(
                "{name:>20}: {:>10.3} ms, {} turns, stop {:?}",
                elapsed.as_secs_f64() * 1e3,
                run.turns(),
                run.stop
            ),
            Err(e) => println!("{name:>20}: error {e}"),
        }
    }
}
