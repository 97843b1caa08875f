#!/usr/bin/env bash
# Browser check of the HTML report: opens it in headless Chromium (installed from
# Debian's packages when missing and running as root), fails on any console error or
# network request or on a chart that is missing, empty or not at its declared size, and
# writes PNG screenshots.
#
# Usage: scripts/screenshot-report.sh [REPORT.html] [OUT_DIR]
#   REPORT.html  default: testdata/report/sample.html (the golden sample report)
#   OUT_DIR      default: target/report-check
# Set MIN_CHARTS to require at least that many charts (default 7, the sample's count).
set -euo pipefail
cd "$(dirname "$0")/.."

report="${1:-testdata/report/sample.html}"
out="${2:-target/report-check}"

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "error: chromium is not installed" >&2
    echo "  = hint: apt-get install -y chromium" >&2
    exit 2
  fi
fi

python3 scripts/check-report.py "$report" "$out" --min-charts "${MIN_CHARTS:-7}"
