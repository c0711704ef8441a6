#!/usr/bin/env bash
# Bounded fuzzing of the loaders (docs/reliability.md): builds the libFuzzer
# targets of tests/fuzz with clang, ASan and UBSan, then runs each for a fixed
# time over a copy of its seed corpus. Fails if any target finds a crash, a
# leak, undefined behaviour, a broken property, a slow input or runaway memory.
#
# Usage: scripts/fuzz.sh [seconds per target, default 60]
# Environment: FUZZ_BUILD_DIR (default build-fuzz), JOBS (build jobs, default
# nproc), FUZZ_PARALLEL (targets run at once, default nproc capped at 2),
# CXX_CLANG (default clang++), FUZZ_CONFIGURE (default 1; 0: FUZZ_BUILD_DIR is
# already configured with -DJOBMATCH_BUILD_FUZZERS=ON, as scripts/test.sh's
# asan directory is, and only the fuzz targets are built there).
#
# A crash leaves its input in $FUZZ_BUILD_DIR/fuzz-work/<target>/; reproduce
# with `$FUZZ_BUILD_DIR/tests/fuzz/<target> <input>`. After fixing it, copy the
# input into tests/fuzz/corpus/<corpus>/ (replayed by CTest `<target>_corpus`)
# and add a regression test to the matching GoogleTest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1-60}"  # an empty argument is refused, not the default
if ! [[ "$SECS" =~ ^[0-9]{1,6}$ ]] || ((10#$SECS < 1)); then
  echo "usage: scripts/fuzz.sh [seconds per target, default 60]" >&2
  exit 2
fi
BUILD_DIR="${FUZZ_BUILD_DIR:-build-fuzz}"
JOBS="${JOBS:-$(nproc)}"
PAR="${FUZZ_PARALLEL:-$(($(nproc) < 2 ? 1 : 2))}"
CXX_CLANG="${CXX_CLANG:-clang++}"
if ! command -v "$CXX_CLANG" >/dev/null; then
  echo "fuzz: $CXX_CLANG not found (scripts/install_deps.sh installs clang)" >&2
  exit 1
fi

targets=()
for src in tests/fuzz/*_fuzz.cc; do
  targets+=("$(basename "$src" .cc)")
done
if [[ "${FUZZ_CONFIGURE:-1}" != 0 ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$CXX_CLANG" -DJOBMATCH_BUILD_FUZZERS=ON -DJOBMATCH_BUILD_TESTS=OFF \
    -DJOBMATCH_BUILD_BENCHMARKS=OFF -DJOBMATCH_BUILD_CLI=OFF -DJOBMATCH_INSTALL=OFF -DJOBMATCH_WERROR=ON >/dev/null
elif ! grep -q '^JOBMATCH_BUILD_FUZZERS:BOOL=ON$' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
  echo "fuzz: FUZZ_CONFIGURE=0 but $BUILD_DIR is not configured with -DJOBMATCH_BUILD_FUZZERS=ON" >&2
  exit 1
fi
cmake --build "$BUILD_DIR" -j"$JOBS" --target "${targets[@]}"

WORK="$BUILD_DIR/fuzz-work"
rm -rf "$WORK"
mkdir -p "$WORK"

# Runs one target; prints one summary line; exit status 0 when clean.
run_one() {
  local t="$1" secs="$2" build="$3" work="$4"
  local corpus="${t%_fuzz}"
  local dir="$work/$t"
  mkdir -p "$dir/corpus"
  if [[ -d "tests/fuzz/corpus/$corpus" ]]; then
    cp -R "tests/fuzz/corpus/$corpus/." "$dir/corpus/"
  fi
  local rc=0
  # -timeout: one input may take at most 10 s; -rss_limit_mb: the process
  # at most 2 GiB; -max_len: large enough to reach the tiny-limit paths.
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
    "$build/tests/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus" \
    >"$dir/log.txt" 2>&1 || rc=$?
  local runs
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log.txt" | grep -o '[0-9]*$' || true)
  local inputs
  inputs=$(find "$dir/corpus" -type f | wc -l)
  if ((rc == 0)); then
    echo "fuzz: $t: ${secs} s, ${runs:-?} inputs run, corpus ${inputs} files: clean"
  else
    echo "fuzz: $t: FAILED (exit $rc) after ${runs:-?} inputs; log $dir/log.txt"
    grep -E 'ERROR|SUMMARY|fuzz property failed|Test unit written|runtime error' "$dir/log.txt" | head -20
    return 1
  fi
}
export -f run_one

echo "fuzz: ${#targets[@]} targets (${targets[*]}), ${SECS} s each, ${PAR} at a time"
status=0
printf '%s\n' "${targets[@]}" |
  xargs -P "$PAR" -I{} bash -c 'run_one "$@"' _ {} "$SECS" "$BUILD_DIR" "$WORK" || status=1
if ((status != 0)); then
  echo "fuzz: FAILED (inputs that fail are in $WORK/<target>/crash-*, leak-*, timeout-*, oom-*)"
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets clean"
