#!/usr/bin/env bash
# End-to-end test of `jobmatch mismatch` (docs/cli.md, docs/analytics.md):
# generate -> allocate -> mismatch, the CSV recomputed from the input files by
# an independent script (standard-library Python), file modes, and the error
# paths (bad allocation file, bad thresholds, bad date).
# Usage: cli_mismatch_test.sh /path/to/jobmatch
set -euo pipefail
JM="$1"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

"$JM" --help | grep -q "mismatch" || fail "--help lists mismatch"
"$JM" mismatch --help | grep -q -- "--allocation" || fail "mismatch --help"

"$JM" generate --seekers 500 --vacancies 120 --seed 11 --out "$T/city" 2>/dev/null
"$JM" allocate --data "$T/city" -q --out "$T/alloc.csv"
"$JM" mismatch --data "$T/city" --allocation "$T/alloc.csv" --out "$T/m.csv" \
  --tightness-out "$T/t.csv" > "$T/summary.txt"
grep -q "^mismatch: [0-9]* cells: [0-9]* shortage, [0-9]* balanced, [0-9]* surplus" "$T/summary.txt" \
  || fail "summary: $(cat "$T/summary.txt")"
head -1 "$T/m.csv" | grep -qx "skill,grade,vacancies,demand_openings,demand_weighted,supply_seekers,supply_in_reach,ratio,unfilled_openings,label" \
  || fail "header: $(head -1 "$T/m.csv")"
head -1 "$T/t.csv" | grep -qx "district,industry,vacancies,openings,seekers,tightness,vacancy_duration_median_days,vacancies_dated,registration_duration_median_days,seekers_dated" \
  || fail "tightness header: $(head -1 "$T/t.csv")"
# Aggregates, not personal data: 0644 (before the umask).
(umask 022; "$JM" mismatch --data "$T/city" -q --out "$T/mode.csv")
[ "$(stat -c %a "$T/mode.csv")" = 644 ] || fail "mode $(stat -c %a "$T/mode.csv")"
# -q prints nothing.
[ -z "$("$JM" mismatch --data "$T/city" -q --out "$T/q.csv")" ] || fail "-q prints nothing"
cmp -s "$T/q.csv" "$T/mode.csv" || fail "deterministic"

# Independent recomputation from the input CSVs and the allocation.
"$PY" - "$T" <<'PYEOF' || fail "recomputation differs"
import csv, sys, collections
t = sys.argv[1]
vac = list(csv.DictReader(open(f"{t}/city/vacancies.csv", encoding="utf-8")))
see = list(csv.DictReader(open(f"{t}/city/seekers.csv", encoding="utf-8")))
filled = collections.Counter(r["vacancy_id"] for r in csv.DictReader(open(f"{t}/alloc.csv"))
                             if r["vacancy_id"])
demand = collections.Counter(); unfilled = collections.Counter(); weighted = collections.Counter()
for v in vac:
    reqs = [x.split(":") for x in v["requirements"].split(";") if x]
    total = sum(float(r[2]) if len(r) > 2 else 1.0 for r in reqs)
    o = int(v["openings"])
    for r in reqs:
        key = (r[0], int(r[1]))
        demand[key] += o
        weighted[key] += o * (float(r[2]) if len(r) > 2 else 1.0) / total
        unfilled[key] += max(0, o - filled[v["id"]])
supply = collections.Counter()
for s in see:
    for x in s["skills"].split(";"):
        if not x:
            continue
        name, level = x.split(":")
        for g in range(1, int(level) + 1):
            supply[(name, g)] += 1
got = {(r["skill"], int(r["grade"])): r for r in csv.DictReader(open(f"{t}/m.csv", encoding="utf-8"))}
keys = {k for k in set(demand) | set(supply) if demand[k] > 0 or supply[k] > 0}
assert set(got) == keys, (len(got), len(keys))
labels = collections.Counter()
for k in keys:
    r = got[k]
    assert int(r["demand_openings"]) == demand[k], k
    assert int(r["supply_seekers"]) == supply[k], k
    assert int(r["unfilled_openings"]) == unfilled[k], k
    assert abs(float(r["demand_weighted"]) - weighted[k]) <= 1e-6 * max(1, weighted[k]), k
    ratio = float("inf") if supply[k] == 0 else demand[k] / supply[k]
    assert float(r["ratio"]) == ratio, (k, r["ratio"], ratio)
    want = "shortage" if ratio >= 1.5 else "surplus" if ratio <= 0.67 else "balanced"
    assert r["label"] == want, k
    assert 0 <= int(r["supply_in_reach"]) <= supply[k], k
    labels[want] += 1
assert labels["shortage"] > 0 and labels["surplus"] > 0, labels
# Tightness: openings per seeker of the district.
seekers_in = collections.Counter(s["district"] for s in see)
open_di = collections.Counter()
for v in vac:
    open_di[(v["district"], v["industry"])] += int(v["openings"])
for r in csv.DictReader(open(f"{t}/t.csv", encoding="utf-8")):
    assert int(r["seekers"]) == seekers_in[r["district"]]
    assert int(r["openings"]) == open_di[(r["district"], r["industry"])]
PYEOF

# Split by district and industry: the district and industry columns.
"$JM" mismatch --data "$T/city" -q --by district,industry --no-reach --out "$T/di.csv"
head -1 "$T/di.csv" | grep -q "^skill,grade,district,industry,vacancies," || fail "by header"
awk -F, 'NR > 1 && $9 != "" { bad = 1 } END { exit bad }' "$T/di.csv" || fail "--no-reach leaves supply_in_reach empty"
# Thresholds from the command line.
"$JM" mismatch --data "$T/city" -q --shortage-ratio 100 --surplus-ratio 99 --out "$T/th.csv"
if grep -q ",balanced$" "$T/th.csv"; then fail "no cell between 99 and 100"; fi

# Thresholds from the policy file's mismatch section; the command line overrides them.
printf '{"format_version": 1, "mismatch": {"shortage_ratio": 100, "surplus_ratio": 99}}' > "$T/pol.json"
"$JM" policy --check "$T/pol.json" | grep -q ": ok" || fail "policy with a mismatch section checks"
"$JM" mismatch --data "$T/city" --policy "$T/pol.json" --out "$T/pol.csv" | grep -q "(ratio >= 100 / <= 99)" \
  || fail "summary shows the policy's thresholds"
if grep -q ",balanced$" "$T/pol.csv"; then fail "policy thresholds not used"; fi
"$JM" mismatch --data "$T/city" --policy "$T/pol.json" -q --shortage-ratio 1.5 --surplus-ratio 0.67 --out "$T/pol2.csv"
cmp -s "$T/pol2.csv" "$T/q.csv" || fail "command-line thresholds override the policy's"

# Errors: exit 1 with where and why.
if "$JM" mismatch --data "$T/city" -q --surplus-ratio 2 --out "$T/x.csv" 2>"$T/err"; then
  fail "surplus above shortage accepted"
fi
grep -q "surplus_ratio (2) <= shortage_ratio (1.5)" "$T/err" || fail "threshold message: $(cat "$T/err")"
if "$JM" mismatch --data "$T/city" -q --as-of 2026-02-30 --out "$T/x.csv" 2>"$T/err"; then
  fail "bad date accepted"
fi
grep -q -- "--as-of: not a date" "$T/err" || fail "date message: $(cat "$T/err")"
printf 'seeker_id,vacancy_id,score,outcome\nNOPE,,,outbid\n' > "$T/bad_alloc.csv"
if "$JM" mismatch --data "$T/city" -q --allocation "$T/bad_alloc.csv" --out "$T/x.csv" 2>"$T/err"; then
  fail "unknown seeker accepted"
fi
grep -q "bad_alloc.csv:2: column 'seeker_id': unknown seeker id" "$T/err" || fail "allocation message: $(cat "$T/err")"
S=$(sed -n 2p "$T/alloc.csv" | cut -d, -f1)
printf 'seeker_id,vacancy_id,score,outcome\n%s,,,outbid\n%s,,,outbid\n' "$S" "$S" > "$T/dup_alloc.csv"
if "$JM" mismatch --data "$T/city" -q --allocation "$T/dup_alloc.csv" --out "$T/x.csv" 2>"$T/err"; then
  fail "seeker twice accepted"
fi
grep -q "twice (first on line 2)" "$T/err" || fail "duplicate message: $(cat "$T/err")"
# A vacancy named more often than it has openings: the file belongs to other data.
V1=$(awk -F, 'NR > 1 && $8 == 1 { print $1; exit }' "$T/city/vacancies.csv")
S1=$(sed -n 2p "$T/alloc.csv" | cut -d, -f1)
S2=$(sed -n 3p "$T/alloc.csv" | cut -d, -f1)
printf 'seeker_id,vacancy_id,score,outcome\n%s,%s,0.5,placed\n%s,%s,0.5,placed\n' "$S1" "$V1" "$S2" "$V1" > "$T/over.csv"
if "$JM" mismatch --data "$T/city" -q --allocation "$T/over.csv" --out "$T/x.csv" 2>"$T/err"; then
  fail "over-filled vacancy accepted"
fi
grep -q "over.csv:3: column 'vacancy_id': vacancy '$V1' has 1 openings and more placements" "$T/err" \
  || fail "over-fill message: $(cat "$T/err")"
[ ! -e "$T/x.csv" ] || fail "no output on error"
echo "cli_mismatch_test: ok"
