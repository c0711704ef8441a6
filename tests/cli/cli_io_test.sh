#!/usr/bin/env bash
# The CLI's files and streams (docs/cli.md, "Exit status", "Files"):
# stdout to /dev/full, a closed stdout, a broken pipe; FIFO, directory and
# device inputs (each run under `timeout`, so a hang fails the test instead of
# blocking it); modes of created files; planted links at the old temporary
# name; the memory budget and its exit status.
# Usage: cli_io_test.sh /path/to/jobmatch
set -uo pipefail
JM="$1"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# run EXPECTED_STATUS CMD...: runs CMD with a 20 s limit, stderr to $T/err.
run() {
  local want="$1"; shift
  timeout 20 "$@" 2>"$T/err"
  local rc=$?
  [ "$rc" -ne 124 ] || fail "hung (killed by timeout): $*"
  [ "$rc" -eq "$want" ] || fail "exit $rc, expected $want: $* -- $(cat "$T/err")"
}
expect_err() { grep -q -- "$1" "$T/err" || fail "stderr lacks '$1': $(cat "$T/err")"; }

"$JM" generate --seekers 300 --vacancies 80 --seed 3 --out "$T/city" 2>/dev/null || fail generate
"$JM" snapshot save --data "$T/city" -q -o "$T/city.jms" || fail "snapshot save"

# ---- stdout: /dev/full, closed, broken pipe -> exit 3 with a message
if [ -w /dev/full ]; then
  run 3 "$JM" recommend --data "$T/city" -k 3 -q --out - > /dev/full
  expect_err "cannot write standard output: No space left on device"
  run 3 "$JM" policy > /dev/full
  run 3 "$JM" explain --data "$T/city" --seeker S0000001 --vacancy V000001 > /dev/full
  run 3 "$JM" snapshot inspect "$T/city.jms" > /dev/full
  run 3 "$JM" --help > /dev/full
  # A failed command keeps its own status even when stdout fails too.
  run 1 "$JM" explain --data "$T/city" --seeker NOPE --vacancy V000001 > /dev/full
  # --out to a device is written in place: a full device is an error (exit 4: ENOSPC).
  run 4 "$JM" recommend --data "$T/city" -k 3 -q --out /dev/full
  expect_err "No space left on device"
fi
run 3 "$JM" recommend --data "$T/city" -k 3 -q --out - >&-
expect_err "cannot write standard output: standard output is closed"
run 3 "$JM" policy >&-
# Nothing written to a closed stdout: no error (generate writes files only).
run 0 "$JM" generate --seekers 20 --vacancies 5 --out "$T/tiny" >&-
[ -s "$T/tiny/seekers.csv" ] || fail "generate with closed stdout wrote its files"
# With stdout closed, an output file must not take descriptor 1: the CSV
# written with --out holds exactly the CSV, nothing printed to stdout.
run 0 "$JM" recommend --data "$T/city" -k 2 -q --out "$T/closed.csv" >&-
"$JM" recommend --data "$T/city" -k 2 -q --out "$T/open.csv" || fail "recommend"
cmp -s "$T/closed.csv" "$T/open.csv" || fail "output differs when stdout is closed"
# Broken pipe: the reader exits at once; SIGPIPE is ignored, EPIPE reported.
timeout 20 "$JM" recommend --data "$T/city" -k 50 -q --explain --out - 2>"$T/err" | head -c 1 >/dev/null
rc=${PIPESTATUS[0]}
[ "$rc" -eq 3 ] || fail "broken pipe: exit $rc, expected 3 -- $(cat "$T/err")"
expect_err "cannot write standard output: Broken pipe"

# ---- inputs that are not regular files: refused at once, never a hang
mkfifo "$T/fifo.jms" "$T/fifo.json"
run 1 "$JM" snapshot load "$T/fifo.jms"
expect_err "fifo.jms: is not a regular file (a FIFO), not a snapshot file"
run 1 "$JM" snapshot inspect "$T/fifo.jms"
expect_err "is not a regular file (a FIFO)"
run 1 "$JM" recommend --snapshot "$T/fifo.jms" -q
expect_err "is not a regular file (a FIFO)"
run 1 "$JM" explain --snapshot "$T/fifo.jms" --seeker S0000001 --vacancy V000001
run 1 "$JM" allocate --snapshot "$T/fifo.jms" -q -o "$T/a.csv"
run 1 "$JM" policy --check "$T/fifo.json"
expect_err "fifo.json: is not a regular file (a FIFO)"
run 1 "$JM" recommend --data "$T/city" --policy "$T/fifo.json" -q
run 1 "$JM" snapshot load /dev/null
expect_err "/dev/null: is not a regular file (a character device)"
run 1 "$JM" recommend --data "$T/city" --seekers /dev/zero -q
expect_err "/dev/zero: is not a regular file (a character device)"
run 1 "$JM" snapshot load "$T/city"
expect_err "is a directory, not a snapshot file"
# CSV streams from pipes (process substitution) as documented.
run 0 "$JM" recommend --skills <(cat "$T/city/skills.csv") --seekers <(cat "$T/city/seekers.csv") \
  --vacancies <(cat "$T/city/vacancies.csv") -k 2 -q --out "$T/piped.csv"
cmp -s "$T/piped.csv" "$T/open.csv" || fail "CSV read through pipes differs"

# ---- outputs: modes, non-regular targets, planted links, no temporaries
( umask 022
  "$JM" generate --seekers 20 --vacancies 5 --out "$T/modes" 2>/dev/null
  "$JM" recommend --data "$T/city" -k 2 -q --out "$T/modes/rec.csv"
  "$JM" allocate --data "$T/city" -q --out "$T/modes/alloc.csv" --vacancies-out "$T/modes/fill.csv"
  "$JM" snapshot save --data "$T/city" -q -o "$T/modes/s.jms"
  "$JM" recommend --data "$T/city" -k 2 -q --out "$T/modes/rec.csv" --stats-json "$T/modes/stats.json"
) || fail "writing the mode files"
mode() { stat -c %a "$1"; }
for f in seekers.csv rec.csv alloc.csv s.jms; do
  [ "$(mode "$T/modes/$f")" = 600 ] || fail "$f has mode $(mode "$T/modes/$f"), expected 600 (personal data)"
done
for f in skills.csv vacancies.csv fill.csv stats.json; do
  [ "$(mode "$T/modes/$f")" = 644 ] || fail "$f has mode $(mode "$T/modes/$f"), expected 644"
done
run 0 "$JM" recommend --data "$T/city" -k 2 -q --out /dev/null
[ -c /dev/null ] || fail "/dev/null replaced"
run 1 "$JM" snapshot save --data "$T/city" -q -o /dev/null
expect_err "is not a regular file"
echo precious > "$T/victim"
ln -s "$T/victim" "$T/rec.csv.tmp"
ln -s "$T/victim" "$T/.rec.csv.tmp-999999-aaaaaa"
run 0 "$JM" recommend --data "$T/city" -k 2 -q --out "$T/rec.csv"
[ "$(cat "$T/victim")" = precious ] || fail "a planted symbolic link was written through"
[ -L "$T/rec.csv.tmp" ] && [ -L "$T/.rec.csv.tmp-999999-aaaaaa" ] || fail "planted links removed"
cmp -s "$T/rec.csv" "$T/open.csv" || fail "output with planted links"
ls -A "$T" "$T/modes" | grep -E '\.tmp-[0-9]+-' | grep -v 999999 && fail "temporary left behind"

# ---- memory budget: exit 4 before allocating
run 4 "$JM" recommend --data "$T/city" -k 100000 -q --memory-budget 10MiB
expect_err "more than the memory budget of 10 MiB"
run 4 "$JM" allocate --data "$T/city" --candidates 10000 -q --memory-budget 1MiB
run 4 "$JM" generate --seekers 100000000 --out "$T/huge"
[ ! -e "$T/huge" ] || fail "generate created its directory before refusing"
run 0 "$JM" recommend --data "$T/city" --capacity-aware --rerank-candidates 2000000000 -k 3 -q \
  --out "$T/cap.csv"
run 2 "$JM" recommend --data "$T/city" --memory-budget lots

echo "cli_io_test: all checks passed"
