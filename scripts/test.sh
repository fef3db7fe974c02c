#!/usr/bin/env bash
# Runs every test of the project (called by `make test`, which has set up the environment).
# Ends with the swift test runner's summary and a plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build 2>&1 | tee "$log" || status=$?
passed=$(grep -cE '^✔ Test [^r].* passed' "$log" || true)
failed=$(grep -cE '^✘ Test [^r].* failed' "$log" || true)
echo "tests: $passed passed, $failed failed"
exit "$status"
