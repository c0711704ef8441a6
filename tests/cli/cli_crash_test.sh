#!/usr/bin/env bash
# Crash safety of every file the CLI writes (docs/reliability.md, "Files"):
# `jobmatch snapshot save` and `jobmatch recommend --out` are killed with
# SIGKILL at random points, many times. After every kill the target is the
# old complete file or the new complete one (never a mixture or a
# truncation), and the next successful run leaves no temporary behind (the
# killed runs' temporaries are removed: their pid is gone).
# Usage: cli_crash_test.sh /path/to/jobmatch [rounds per command]
set -uo pipefail
JM="$1"
ROUNDS="${2:-24}"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

"$JM" generate --seekers 2500 --vacancies 500 --seed 1 --out "$T/a" 2>/dev/null || fail generate
"$JM" generate --seekers 2500 --vacancies 500 --seed 2 --out "$T/b" 2>/dev/null || fail generate

# crash_loop NAME OLD NEW TARGET CMD...: CMD writes NEW over TARGET.
crash_loop() {
  local name="$1" old="$2" new="$3" target="$4"; shift 4
  local old_sum new_sum t0 span kills=0 olds=0 news=0
  old_sum=$(sha256sum < "$old"); new_sum=$(sha256sum < "$new")
  [ "$old_sum" != "$new_sum" ] || fail "$name: old and new versions are equal"
  t0=$(now_ms); "$@" || fail "$name: a clean run failed"; span=$(( $(now_ms) - t0 + 20 ))
  for ((i = 0; i < ROUNDS; ++i)); do
    cp "$old" "$target"
    "$@" &
    local pid=$!
    local delay=$(( RANDOM * RANDOM % span ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
    wait "$pid" 2>/dev/null
    local got; got=$(sha256sum < "$target")
    if [ "$got" = "$old_sum" ]; then olds=$((olds + 1));
    elif [ "$got" = "$new_sum" ]; then news=$((news + 1));
    else fail "$name: after a kill at ${delay} ms the target is neither version ($(stat -c %s "$target") bytes)"; fi
    if (( i % 8 == 7 )); then  # a successful run removes the killed runs' temporaries
      "$@" || fail "$name: run after kills failed"
      [ "$(sha256sum < "$target")" = "$new_sum" ] || fail "$name: successful run wrote something else"
      local left; left=$(ls -A "$(dirname "$target")" | grep -c '\.tmp-')
      [ "$left" -eq 0 ] || fail "$name: $left temporaries survived a successful run"
    fi
  done
  echo "$name: $ROUNDS rounds, $kills killed mid-run; target old $olds times, new $news times"
}

"$JM" snapshot save --data "$T/a" -q -o "$T/old.jms" || fail "snapshot a"
"$JM" snapshot save --data "$T/b" -q -o "$T/new.jms" || fail "snapshot b"
mkdir "$T/snap"
crash_loop "snapshot save" "$T/old.jms" "$T/new.jms" "$T/snap/engine.jms" \
  "$JM" snapshot save --data "$T/b" -q -o "$T/snap/engine.jms"

"$JM" recommend --data "$T/a" -k 10 --explain -q --out "$T/old.csv" || fail "recommend a"
"$JM" recommend --data "$T/b" -k 10 --explain -q --out "$T/new.csv" || fail "recommend b"
mkdir "$T/rec"
crash_loop "recommend --out" "$T/old.csv" "$T/new.csv" "$T/rec/rec.csv" \
  "$JM" recommend --data "$T/b" -k 10 --explain -q --out "$T/rec/rec.csv"

echo "cli_crash_test: all checks passed"
