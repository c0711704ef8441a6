#!/usr/bin/env bash
# Installs the built library into a temporary prefix and builds/runs
# tests/consumer against it with find_package(jobmatch).
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
BUILD="$1"
SRC="$2"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
cmake --install "$BUILD" --prefix "$T/prefix" >/dev/null
cmake -S "$SRC/tests/install/consumer" -B "$T/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$T/prefix" >/dev/null
cmake --build "$T/build" >/dev/null
"$T/build/consumer"
test -f "$T/prefix/share/jobmatch/default.json"
test -x "$T/prefix/bin/jobmatch"
