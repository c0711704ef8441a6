#!/usr/bin/env bash
# Configures the Release build directory (argument, default build) the one
# way both README commands use it: scripts/demo.sh builds only the CLI in it,
# scripts/test.sh's release stage everything. Configured alike, the test run
# after a demo reuses the library and CLI objects instead of compiling them
# again with other flags.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B "${1:-build}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJOBMATCH_BUILD_TESTS=ON \
  -DJOBMATCH_BUILD_BENCHMARKS=ON \
  -DJOBMATCH_BUILD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3 -DJOBMATCH_WERROR=ON >/dev/null
