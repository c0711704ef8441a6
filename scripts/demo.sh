#!/usr/bin/env bash
# One command for a newcomer on Debian 12: install what is missing, build
# Release, run `jobmatch demo` on a generated city (no data, no server).
# Extra arguments go to `jobmatch demo` (e.g. --seekers 100000 --vacancies 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh
BUILD_DIR="${BUILD_DIR:-build}"
# Configured as scripts/test.sh configures it (tests, benchmarks, Python
# module), so that the test run after the demo reuses what is built here.
scripts/configure_release.sh "$BUILD_DIR"
cmake --build "$BUILD_DIR" -j"$(nproc)" --target jobmatch_cli
"$BUILD_DIR/jobmatch" demo "$@"
