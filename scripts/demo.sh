#!/usr/bin/env bash
# One command for a newcomer on Debian 12: install what is missing, build
# Release, run `jobmatch demo` on a generated city (no data, no server).
# Extra arguments go to `jobmatch demo` (e.g. --seekers 100000 --vacancies 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh
BUILD_DIR="${BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target jobmatch_cli
"$BUILD_DIR/jobmatch" demo "$@"
