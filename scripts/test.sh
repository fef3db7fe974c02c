#!/usr/bin/env bash
# Runs every test of the project (called by `make test`, which has set up the environment).
# The swift test runner prints the closing summary lines.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
