#!/usr/bin/env bash
# One command for all tests: install what is missing, build Release with
# tests, run every test through CTest (GoogleTest suites, the CLI end-to-end
# test, the find_package(jobmatch) consumer test and the Python bindings'
# pytest suites, with Debian's /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh
BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-$(nproc)}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJOBMATCH_BUILD_TESTS=ON \
  -DJOBMATCH_BUILD_BENCHMARKS=ON \
  -DJOBMATCH_BUILD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build "$BUILD_DIR" -j"$JOBS"
cd "$BUILD_DIR"
ctest --output-on-failure -j"$JOBS" --timeout 900
