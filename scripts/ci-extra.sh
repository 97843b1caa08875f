#!/usr/bin/env bash
# Extra CI checks that need more than `cargo test`: a report of the embedded scenario,
# opened in headless Chromium (installed from Debian's packages when missing), must draw
# every chart with no console error and no network request.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/ci-report
rm -rf "$out"
cargo run --release --locked -q -- report --out "$out" --runs 1000
MIN_CHARTS="${MIN_CHARTS:-7}" scripts/screenshot-report.sh "$out/report.html" "$out/check"
