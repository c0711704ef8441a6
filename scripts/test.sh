#!/usr/bin/env bash
# One command for all tests (what .ci/run runs). Installs what is missing,
# then runs these stages, each in its own build directory:
#   format   every tracked C++ file is clang-format clean (scripts/check_format.sh)
#   release  Release build with tests; every test through CTest but the
#            label 'rerun' (a whole GoogleTest program run again as one test
#            for the tsan stage; its cases already run one by one) (GoogleTest
#            suites, fuzz-corpus replays, the CLI end-to-end test and the
#            find_package(jobmatch) consumer test, and the Python
#            bindings' pytest suites and example notebook, with Debian's
#            /usr/bin/python3)                                 -> $BUILD_DIR
#   asan     the whole suite again built with ASan + UBSan and clang (any report
#            fails; the install/consumer test is left to release), with
#            JOBMATCH_TEST_SCALE=0.25: the large property tests run a
#            quarter of their random cases (tests/testing/test_util.h,
#            RandomCases)                                       -> build-asan
#   tsan     the CTest label 'concurrency' built with ThreadSanitizer (only
#            the target jobmatch_concurrency_tests is built), with
#            JOBMATCH_TEST_SCALE=0.25 as for asan             -> build-tsan
#   fuzz     scripts/fuzz.sh: every libFuzzer target for FUZZ_SECONDS (20)
#            seconds over its seed corpus (clang; the targets are built in
#            the asan stage's directory, over the same library) -> build-asan
# Every compiled stage builds with -DJOBMATCH_WERROR=ON: a warning fails CI.
# Usage: scripts/test.sh [--quick | --stages a,b,...] [--fuzz-seconds N]
#   --quick          format and release only (for developers)
#   --stages LIST    the named stages, in the order above
#   (no option)      every stage
# Environment: BUILD_DIR (build), ASAN_BUILD_DIR (build-asan: asan and fuzz),
# TSAN_BUILD_DIR (build-tsan), JOBS (nproc), FUZZ_SECONDS (20),
# JOBMATCH_TEST_SCALE (asan and tsan stages: 0.25).
# Stage times are printed at the end (docs/reliability.md has figures).
set -euo pipefail
cd "$(dirname "$0")/.."

stages="format,release,asan,tsan,fuzz"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
# A usage error exits 2 before anything is installed or built.
usage_error() {
  echo "test.sh: $1 (see --help)" >&2
  exit 2
}
while (($#)); do
  case "$1" in
    --quick) stages="format,release" ;;
    --stages) (($# >= 2)) || usage_error "--stages needs a list"; stages="$2"; shift ;;
    --stages=*) stages="${1#--stages=}" ;;
    --fuzz-seconds) (($# >= 2)) || usage_error "--fuzz-seconds needs a number"; FUZZ_SECONDS="$2"; shift ;;
    --fuzz-seconds=*) FUZZ_SECONDS="${1#--fuzz-seconds=}" ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "$0"; exit 0 ;;
    *) usage_error "unknown option '$1'" ;;
  esac
  shift
done
[[ -n "$stages" ]] || usage_error "--stages needs at least one stage"
[[ ",$stages," != *",,"* ]] || usage_error "empty stage name in --stages '$stages'"
IFS=',' read -r -a wanted <<<"$stages"
for s in "${wanted[@]}"; do
  case "$s" in format|release|asan|tsan|fuzz) ;; *)
    usage_error "unknown stage '$s' (format, release, asan, tsan, fuzz)" ;;
  esac
done
if ! [[ "$FUZZ_SECONDS" =~ ^[0-9]{1,6}$ ]] || ((10#$FUZZ_SECONDS < 1)); then
  usage_error "--fuzz-seconds (or FUZZ_SECONDS) must be a whole number of seconds in [1, 999999], got '$FUZZ_SECONDS'"
fi
want() { [[ ",$stages," == *",$1,"* ]]; }

scripts/install_deps.sh
BUILD_DIR="${BUILD_DIR:-build}"
ASAN_BUILD_DIR="${ASAN_BUILD_DIR:-build-asan}"
TSAN_BUILD_DIR="${TSAN_BUILD_DIR:-build-tsan}"
JOBS="${JOBS:-$(nproc)}"

stage_format() {
  scripts/check_format.sh
}

stage_release() {
  scripts/configure_release.sh "$BUILD_DIR" || return
  cmake --build "$BUILD_DIR" -j"$JOBS" || return
  (cd "$BUILD_DIR" && ctest --output-on-failure -j"$JOBS" --timeout 900 -LE rerun)
}

# The asan build directory also holds the libFuzzer targets: the library is
# compiled once, with ASan, UBSan and libFuzzer's coverage instrumentation
# (-fsanitize=fuzzer-no-link), for the suite and for the fuzz stage (a
# separate fuzz build compiled the library and the CLI's library a second
# time with the same flags: about 6 minutes of CI on two cores).
configure_asan() {
  # clang: the instrumented test and CLI programs compile about 1.7x faster
  # than with GCC (the release stage builds everything with GCC, warnings as
  # errors; the tsan stage too).
  cmake -S . -B "$ASAN_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJOBMATCH_SANITIZE=ON \
    -DJOBMATCH_BUILD_FUZZERS=ON -DCMAKE_CXX_COMPILER="${CXX_CLANG:-clang++}" \
    -DJOBMATCH_BUILD_TESTS=ON -DJOBMATCH_BUILD_BENCHMARKS=OFF -DJOBMATCH_INSTALL=OFF -DJOBMATCH_WERROR=ON >/dev/null
}

stage_asan() {
  configure_asan || return
  cmake --build "$ASAN_BUILD_DIR" -j"$JOBS" || return
  (cd "$ASAN_BUILD_DIR" &&
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_string_checks=1:detect_stack_use_after_return=1:${ASAN_OPTIONS:-}" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
    JOBMATCH_TEST_SCALE="${JOBMATCH_TEST_SCALE:-0.25}" \
    ctest --output-on-failure -j"$JOBS" --timeout 1800 -LE rerun)
}

stage_tsan() {
  cmake -S . -B "$TSAN_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DJOBMATCH_SANITIZE_THREAD=ON -DJOBMATCH_BUILD_TESTS=ON -DJOBMATCH_BUILD_BENCHMARKS=OFF \
    -DJOBMATCH_BUILD_CLI=OFF -DJOBMATCH_INSTALL=OFF -DJOBMATCH_WERROR=ON >/dev/null || return
  cmake --build "$TSAN_BUILD_DIR" -j"$JOBS" --target jobmatch_concurrency_tests || return
  # TSan (LLVM 14 / GCC 12) cannot map its shadow with more than 28 bits of
  # mmap randomisation; run without ASLR where the kernel uses more.
  local run=()
  if [[ -r /proc/sys/vm/mmap_rnd_bits ]] && (($(cat /proc/sys/vm/mmap_rnd_bits) > 28)); then
    run=(setarch "$(uname -m)" -R)
  fi
  (cd "$TSAN_BUILD_DIR" &&
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:${TSAN_OPTIONS:-}" \
    JOBMATCH_TEST_SCALE="${JOBMATCH_TEST_SCALE:-0.25}" \
    "${run[@]}" ctest --output-on-failure -j"$JOBS" --timeout 1800 -L concurrency --no-tests=error)
}

stage_fuzz() {
  # In the asan stage's build directory (configure_asan): after that stage
  # only the fuzz targets' own sources are left to compile.
  configure_asan || return
  FUZZ_BUILD_DIR="$ASAN_BUILD_DIR" FUZZ_CONFIGURE=0 scripts/fuzz.sh "$FUZZ_SECONDS"
}

# Stages run as `if stage_x`, where `set -e` does not apply: each step
# ends with `|| return` instead.
summary=()
failed=0
for s in format release asan tsan fuzz; do
  want "$s" || continue
  echo "=== test.sh: stage $s"
  start=$SECONDS
  if "stage_$s"; then result=passed; else result=FAILED; failed=1; fi
  summary+=("$(printf '%-8s %6d s  %s' "$s" $((SECONDS - start)) "$result")")
done
echo "=== test.sh: stage times"
printf '%s\n' "${summary[@]}"
if ((failed)); then
  echo "test.sh: some stages failed"
  exit 1
fi
echo "test.sh: all stages passed ($stages)"
