#!/usr/bin/env bash
# Measures the peak resident memory of `armistice run` at two run counts, to check that
# memory does not grow with the number of Monte Carlo runs (DESIGN §3, "Streaming").
#
# Usage: scripts/peak-memory.sh [SCENARIO|--synthetic] [SMALL] [LARGE]
#   SCENARIO     scenario file (default: the embedded flagship, whose million runs take
#                about two hours; scenarios/illustrative.toml takes a few minutes)
#   --synthetic  measure the runner and aggregation alone on synthetic engine-shaped
#                histories (crates/sim/examples/streaming.rs), no engine or loader needed;
#                build it with: cargo build --release -p armistice-sim --example streaming
#   SMALL     runs of the first measurement (default 10000)
#   LARGE     runs of the second measurement (default 1000000)
# Environment: BIN (default target/release/armistice), THREADS (default: all cores).
#
# Prints one line per run count with the peak RSS in KiB (GNU time's "Maximum resident
# set size") and the wall time. Build first: cargo build --release -p armistice-cli.
set -euo pipefail

scenario=${1:-}
small=${2:-10000}
large=${3:-1000000}
bin=${BIN:-target/release/armistice}
threads=${THREADS:-$(nproc)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for n in "$small" "$large"; do
    if [ "$scenario" = "--synthetic" ]; then
        /usr/bin/time -v target/release/examples/streaming "$n" "$threads" \
            >"$tmp/stdout" 2>"$tmp/time"
    else
        # The JSON goes to a file so that the forecast is really built and written.
        /usr/bin/time -v "$bin" run ${scenario:+"$scenario"} --runs "$n" --threads "$threads" \
            --json "$tmp/forecast.json" >"$tmp/stdout" 2>"$tmp/time"
    fi
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")
    echo "runs=$n threads=$threads peak_rss_kib=$rss wall=$wall"
done
