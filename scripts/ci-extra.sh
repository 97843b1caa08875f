#!/usr/bin/env bash
# Extra CI checks that need more than `cargo test`: reports opened in headless Chromium
# (installed from Debian's packages when missing) must draw every chart, with no console
# error and no network request.
#
# 1. The flagship scenario with its questions and one what-if overlay, and the cited
#    words when the sources are there (../shared/seeds, or SOURCES=DIR): the report with
#    the most charts and the longest labels. REPORT_RUNS (default 200) sets its runs; a
#    report costs runs + 25 * min(runs, 200) + runs per overlay simulated runs, about
#    5,400 at 200 runs, under two minutes on two cores.
# 2. The small illustrative scenario, which takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/ci-report
rm -rf "$out"

# The charts a report must draw: actors by capability, P(ceasefire in force), P(each
# agreement signed), outcome classes, and one per section under "Issues" (one per issue)
# and under "What moves the answers" (one tornado per answer that some input moves) of
# its Markdown twin, which is written from the same data.
expected_charts() {
  awk '/^## /{sec=$0} /^### /{ if (sec=="## Issues" || sec=="## What moves the answers") n++ } END{print n+4}' "$1"
}
# The flagship has 21 issues; fewer than 29 charts means tornadoes went missing too.
flagship_floor=29
sources="${SOURCES:-../shared/seeds}"
args=(
  report scenarios/flagship.toml
  --questions scenarios/flagship-questions.toml
  --overlay scenarios/overlays/us-aid-cut.toml
  --runs "${REPORT_RUNS:-200}"
  --out "$out/flagship"
)
if [ -d "$sources" ]; then
  args+=(--sources "$sources")
fi
cargo run --release --locked -q -- "${args[@]}"
flagship_charts=$(expected_charts "$out/flagship/report.md")
if [ "$flagship_charts" -lt "$flagship_floor" ]; then
  echo "error: the flagship report has $flagship_charts charts, expected at least $flagship_floor" >&2
  exit 1
fi
MIN_CHARTS=$flagship_charts scripts/screenshot-report.sh "$out/flagship/report.html" "$out/flagship/check"
if [ -d "$sources" ] && ! grep -q '<blockquote>' "$out/flagship/report.html"; then
  echo "error: the flagship report quotes no cited words although $sources was given" >&2
  exit 1
fi

# The illustrative scenario's report: actors, ceasefire, signed, outcomes, 5 issues and a
# tornado per answer that moves (at least 3).
cargo run --release --locked -q -- report scenarios/illustrative.toml --out "$out/illustrative" --runs 1000
illustrative_charts=$(expected_charts "$out/illustrative/report.md")
if [ "$illustrative_charts" -lt 12 ]; then
  echo "error: the illustrative report has $illustrative_charts charts, expected at least 12" >&2
  exit 1
fi
MIN_CHARTS=$illustrative_charts scripts/screenshot-report.sh "$out/illustrative/report.html" "$out/illustrative/check"
