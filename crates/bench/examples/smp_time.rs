//! Prints one timed SMP run per input: `cargo run --release -p armistice-bench --example smp_time -- [N] [D]`.
//!
//! With no argument it times KTAB's eight inputs (best and median of 15 runs, since a
//! shared machine's load inflates single timings); with `N [D]` one run of a synthetic
//! scenario of N actors and D dimensions (the same generator as the criterion benchmark).

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
    let repeats = match args.first() {
        Some(_) => 1,
        None => 15,
    };
    for (name, input) in inputs {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..repeats {
            let start = Instant::now();
            last = Some(smp::run(&input, &config));
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        match last {
            Some(Ok(run)) => println!(
                "{name:>20}: best {:>10.3} ms, median {:>10.3} ms, {} turns, stop {:?}",
                times[0],
                times[times.len() / 2],
                run.turns(),
                run.stop
            ),
            Some(Err(e)) => println!("{name:>20}: error {e}"),
            None => {}
        }
    }
}
