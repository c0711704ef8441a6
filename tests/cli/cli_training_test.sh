#!/usr/bin/env bash
# End-to-end test of `jobmatch training` (docs/cli.md, docs/analytics.md):
# headers, file modes (the per-seeker file names persons: 0600), the
# summary, determinism across thread counts, --ids answering exactly the
# rows of the full run, the shape of both CSVs (ranks, ordering, grades),
# an allocation that only lowers the openings counted, and the error paths.
# The values themselves are checked against a brute force in
# tests/analytics/training_test.cc and tests/python/test_bindings_training.py.
# Usage: cli_training_test.sh /path/to/jobmatch
set -euo pipefail
JM="$1"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

"$JM" --help | grep -q "training" || fail "--help lists training"
"$JM" training --help | grep -q -- "--areas-out" || fail "training --help"

"$JM" generate --seekers 600 --vacancies 150 --seed 12 --out "$T/city" 2>/dev/null
"$JM" allocate --data "$T/city" -q --out "$T/alloc.csv"
(umask 022; "$JM" training --data "$T/city" --out "$T/t.csv" --areas-out "$T/a.csv" --threads 2 \
  > "$T/summary.txt")
grep -q "^training: 600 seekers, [0-9]* with advice, [0-9]* with no eligible vacancy (k = 10, top = 3, 2 threads)" \
  "$T/summary.txt" || fail "summary: $(cat "$T/summary.txt")"
grep -q "^courses: [0-9]* rows by district (all openings)" "$T/summary.txt" \
  || fail "courses summary: $(cat "$T/summary.txt")"
head -1 "$T/t.csv" | grep -qx "seeker_id,rank,skill,grade,gain,newly_met" || fail "header: $(head -1 "$T/t.csv")"
head -1 "$T/a.csv" | grep -qx "district,rank,skill,grade,openings,seekers,vacancies" \
  || fail "areas header: $(head -1 "$T/a.csv")"
# Personal data 0600 even with umask 022; aggregates 0644.
[ "$(stat -c %a "$T/t.csv")" = 600 ] || fail "mode $(stat -c %a "$T/t.csv")"
[ "$(stat -c %a "$T/a.csv")" = 644 ] || fail "areas mode $(stat -c %a "$T/a.csv")"
[ "$(wc -l < "$T/t.csv")" -gt 300 ] || fail "too few rows: $(wc -l < "$T/t.csv")"

# -q prints nothing; one thread gives the same bytes.
[ -z "$("$JM" training --data "$T/city" -q --threads 1 --out "$T/t1.csv" --areas-out "$T/a1.csv")" ] \
  || fail "-q prints nothing"
cmp -s "$T/t.csv" "$T/t1.csv" || fail "threads change the advice"
cmp -s "$T/a.csv" "$T/a1.csv" || fail "threads change the courses"

# --ids: exactly those seekers' rows of the full run, in the order asked.
IDS=$(awk -F, 'NR > 1 { print $1 }' "$T/t.csv" | uniq | sed -n '7p;2p;30p' | paste -sd,)
"$JM" training --data "$T/city" -q --ids "$IDS" --out "$T/ids.csv"
for id in ${IDS//,/ }; do grep "^$id," "$T/t.csv"; done > "$T/want_ids.csv"
tail -n +2 "$T/ids.csv" | cmp -s - "$T/want_ids.csv" || fail "--ids rows differ"

# Shape: ranks 1..n per seeker, ordered by gain desc, newly_met desc,
# then skill and grade; grades 1..8; top <= 3. Courses: ranks 1..n per
# district, ordered by openings desc, seekers desc; with the allocation no
# course counts more openings than without.
"$JM" training --data "$T/city" -q --allocation "$T/alloc.csv" --out "$T/t2.csv" --areas-out "$T/a2.csv" -k 3 --top 5
"$JM" training --data "$T/city" -q --level town --out "$T/t3.csv" --areas-out "$T/a3.csv"
head -1 "$T/a3.csv" | grep -qx "district,town,rank,skill,grade,openings,seekers,vacancies" \
  || fail "town header: $(head -1 "$T/a3.csv")"
"$PY" - "$T" <<'PYEOF' || fail "shape"
import csv, sys, collections
t = sys.argv[1]
skills = [r["name"] if "name" in r else list(r.values())[0]
          for r in csv.DictReader(open(f"{t}/city/skills.csv", encoding="utf-8"))]
sid = {name: i for i, name in enumerate(skills)}
def check_advice(path, top):
    rows = collections.defaultdict(list)
    for r in csv.DictReader(open(path, encoding="utf-8")):
        rows[r["seeker_id"]].append(r)
    assert rows, path
    for s, rs in rows.items():
        assert [int(r["rank"]) for r in rs] == list(range(1, len(rs) + 1)), (path, s)
        assert len(rs) <= top, (path, s)
        keys = [(-float(r["gain"]), -int(r["newly_met"]), sid[r["skill"]], int(r["grade"])) for r in rs]
        assert keys == sorted(keys), (path, s, keys)
        for r in rs:
            assert 1 <= int(r["grade"]) <= 8
            assert float(r["gain"]) > 0 or int(r["newly_met"]) > 0, (path, r)
def courses(path, cols):
    out = {}
    per = collections.defaultdict(list)
    for r in csv.DictReader(open(path, encoding="utf-8")):
        area = tuple(r[c] for c in cols)
        per[area].append(r)
        out[area + (r["skill"], int(r["grade"]))] = int(r["openings"])
        assert int(r["openings"]) > 0 and int(r["seekers"]) > 0 and int(r["vacancies"]) > 0
    for area, rs in per.items():
        assert [int(r["rank"]) for r in rs] == list(range(1, len(rs) + 1)), area
        keys = [(-int(r["openings"]), -int(r["seekers"]), sid[r["skill"]], int(r["grade"])) for r in rs]
        assert keys == sorted(keys), area
    return out
check_advice(f"{t}/t.csv", 3)
check_advice(f"{t}/t2.csv", 5)
full = courses(f"{t}/a.csv", ["district"])
alloc = courses(f"{t}/a2.csv", ["district"])
assert all(key in full and n <= full[key] for key, n in alloc.items())
assert sum(alloc.values()) < sum(full.values())
town = courses(f"{t}/a3.csv", ["district", "town"])
# Openings summed over the towns of a district are >= the district's: a
# vacancy can be counted once per town (min(r_v, count) per area).
by_d = collections.Counter()
for key, n in town.items():
    by_d[(key[0],) + key[2:]] += n
assert all(by_d[k] >= n for k, n in full.items())
PYEOF

# Errors: exit 1 (usage: 2) with where and why; nothing written.
if "$JM" training --data "$T/city" -q --ids "S0000001,NOPE" --out "$T/x.csv" 2>"$T/err"; then
  fail "unknown seeker accepted"
fi
grep -q -- "--ids: unknown seeker id 'NOPE'" "$T/err" || fail "id message: $(cat "$T/err")"
set +e
"$JM" training --data "$T/city" -q -k 0 --out "$T/x.csv" 2>"$T/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "-k 0 exit $rc"
grep -q -- "-k" "$T/err" || fail "k message: $(cat "$T/err")"
if "$JM" training --data "$T/city" -q --top 0 --out "$T/x.csv" 2>/dev/null; then fail "--top 0 accepted"; fi
if "$JM" training --data "$T/city" -q --level village --out "$T/x.csv" 2>/dev/null; then
  fail "--level village accepted"
fi
S=$(sed -n 2p "$T/alloc.csv" | cut -d, -f1)
printf 'seeker_id,vacancy_id,score,outcome\n%s,,,outbid\n%s,,,outbid\n' "$S" "$S" > "$T/dup_alloc.csv"
if "$JM" training --data "$T/city" -q --allocation "$T/dup_alloc.csv" --out "$T/x.csv" 2>"$T/err"; then
  fail "seeker twice accepted"
fi
grep -q "dup_alloc.csv:3: column 'seeker_id'.*twice (first on line 2)" "$T/err" \
  || fail "duplicate message: $(cat "$T/err")"
if "$JM" training --data "$T/city" -q --ids "S0000001,S0000001" --out "$T/x.csv" 2>"$T/err"; then
  fail "seeker listed twice accepted"
fi
grep -q "\-\-ids: seeker id 'S0000001' listed twice" "$T/err" || fail "twice message: $(cat "$T/err")"
[ ! -e "$T/x.csv" ] || fail "no output on error"
echo "cli_training_test: ok"
