//! Benchmarks of Armistice's models and simulation; the code lives in `benches/`.
//!
//! Run them all with `cargo bench -p armistice-bench`; each prints its figures.
