#!/usr/bin/env bash
# The command-line contracts of the README's scripts that can be checked
# without building anything: scripts/test.sh's help and its refusals of
# unknown options and stages (exit 2, before installing or building), and
# scripts/fuzz.sh's refusals of a bad time and of FUZZ_CONFIGURE=0 on a
# directory that is not a fuzz build (exit 2 and 1, naming the problem).
#
# Usage: scripts_usage_test.sh /path/to/source
set -euo pipefail
SRC="$1"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect CODE PATTERN COMMAND...: runs COMMAND; its exit status must be CODE
# and its output (stdout and stderr) must match the extended regex PATTERN.
expect() {
  local code="$1" pattern="$2"
  shift 2
  local rc=0
  "$@" >"$T/out" 2>&1 || rc=$?
  ((rc == code)) || fail "$* exited $rc, not $code: $(head -c 2000 "$T/out")"
  grep -Eq -- "$pattern" "$T/out" || fail "$* did not print /$pattern/: $(head -c 2000 "$T/out")"
}

# test.sh --help: the whole header comment, every stage and variable named,
# ending with the line about the stage times (a fixed line range cut it).
expect 0 '^# Stage times are printed at the end' "$SRC/scripts/test.sh" --help
for word in format release asan tsan fuzz ASAN_BUILD_DIR TSAN_BUILD_DIR FUZZ_SECONDS JOBMATCH_TEST_SCALE; do
  grep -q -- "$word" "$T/out" || fail "test.sh --help does not mention $word"
done
if grep -qv '^#' "$T/out"; then fail "test.sh --help printed a line that is not the header"; fi
expect 2 "unknown option '--nope'" "$SRC/scripts/test.sh" --nope
expect 2 "unknown stage 'asna'" "$SRC/scripts/test.sh" --stages format,asna
expect 2 "empty stage name" "$SRC/scripts/test.sh" --stages=,
expect 2 "empty stage name" "$SRC/scripts/test.sh" --stages format,,release
expect 2 "empty stage name" "$SRC/scripts/test.sh" --stages release,
expect 2 'needs at least one stage' "$SRC/scripts/test.sh" --stages ''
expect 2 'stages needs a list' "$SRC/scripts/test.sh" --stages
expect 2 'fuzz-seconds needs a number' "$SRC/scripts/test.sh" --fuzz-seconds
for bad in 0 -1 1.5 20s abc '' 08x 1234567 99999999999999999999; do
  expect 2 "must be a whole number of seconds in \[1, 999999\], got '$bad'" "$SRC/scripts/test.sh" --fuzz-seconds="$bad"
  # (an empty FUZZ_SECONDS means the default, 20, and would run the stage)
  [[ -z "$bad" ]] || expect 2 "must be a whole number of seconds in \[1, 999999\]" \
    env FUZZ_SECONDS="$bad" "$SRC/scripts/test.sh" --stages fuzz
done

# fuzz.sh: the seconds per target must be a positive integer.
for bad in 0 -5 1.5 abc '' 1234567 99999999999999999999; do
  expect 2 '^usage: scripts/fuzz.sh' "$SRC/scripts/fuzz.sh" "$bad"
done
# FUZZ_CONFIGURE=0 builds only in a directory configured for the fuzz targets
# (needs clang, as the fuzz stage does; skipped where it is not installed).
if command -v "${CXX_CLANG:-clang++}" >/dev/null; then
  mkdir -p "$T/plain"
  echo 'JOBMATCH_BUILD_FUZZERS:BOOL=OFF' >"$T/plain/CMakeCache.txt"
  for dir in "$T/plain" "$T/nowhere"; do
    expect 1 "not configured with -DJOBMATCH_BUILD_FUZZERS=ON" \
      env FUZZ_BUILD_DIR="$dir" FUZZ_CONFIGURE=0 "$SRC/scripts/fuzz.sh" 1
  done
fi
echo "scripts usage: all checks passed"
