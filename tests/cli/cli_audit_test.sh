#!/usr/bin/env bash
# End-to-end test of `jobmatch audit` (docs/cli.md, docs/analytics.md):
# generate -> allocate -> audit; the group table recomputed by an independent
# script (standard-library Python) from the input CSVs, the allocation CSV
# and `jobmatch recommend --direction seekers` (listed_share, exposure,
# placements, placement_rate, impact ratio, suppression below 10); the run
# without --allocation equals the run with the default allocation; file
# modes; -q; and the error paths (bad allocation file, bad -k, bad policy).
# Usage: cli_audit_test.sh /path/to/jobmatch
set -euo pipefail
JM="$1"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

"$JM" --help | grep -q "audit" || fail "--help lists audit"
"$JM" audit --help | grep -q -- "--strata-out" || fail "audit --help"

"$JM" generate --seekers 600 --vacancies 150 --seed 5 --out "$T/city" 2>/dev/null
"$JM" allocate --data "$T/city" -q --out "$T/alloc.csv"
"$JM" recommend --data "$T/city" --direction seekers -k 7 -q --out "$T/lists.csv"
"$JM" audit --data "$T/city" --allocation "$T/alloc.csv" -k 7 --out "$T/a.csv" \
  --strata-out "$T/s.csv" > "$T/summary.txt"
grep -q "^audit: 30 cells ([0-9]* suppressed below 10 seekers), k = 7, priority-on allocation from" \
  "$T/summary.txt" || fail "summary: $(cat "$T/summary.txt")"
grep -q "^price of priority: placements [0-9]* vs [0-9]* without" "$T/summary.txt" \
  || fail "summary price: $(cat "$T/summary.txt")"
COLS="seekers,eligible_share,listed_share,exposure,placements,placement_rate,mean_score_placed,base_score_total,impact_ratio,four_fifths_flag,placements_no_priority,placement_rate_no_priority,base_score_total_no_priority,impact_ratio_no_priority,four_fifths_flag_no_priority"
head -1 "$T/a.csv" | grep -qx "group,$COLS" || fail "header: $(head -1 "$T/a.csv")"
head -1 "$T/s.csv" | grep -qx "group,stratum,$COLS" || fail "strata header: $(head -1 "$T/s.csv")"
[ "$(wc -l < "$T/s.csv")" = $((1 + 30 * 6)) ] || fail "strata rows"

# Without --allocation the audit allocates with the same defaults as
# `jobmatch allocate`: the same table. Aggregates: 0644; -q prints nothing.
(umask 022; "$JM" audit --data "$T/city" -k 7 -q --out "$T/own.csv" > "$T/q.txt")
[ -s "$T/q.txt" ] && fail "-q prints nothing"
[ "$(stat -c %a "$T/own.csv")" = 644 ] || fail "mode $(stat -c %a "$T/own.csv")"
cmp -s "$T/own.csv" "$T/a.csv" || fail "own allocation differs from the default allocate"
"$JM" audit --data "$T/city" -k 7 -q --threads 1 --exhaustive --out "$T/ex.csv"
cmp -s "$T/ex.csv" "$T/a.csv" || fail "--threads 1 --exhaustive differs"

# Independent recomputation from the files.
"$PY" - "$T" <<'PYEOF' || fail "recomputation differs"
import csv, math, sys, collections
t = sys.argv[1]
see = list(csv.DictReader(open(f"{t}/city/seekers.csv", encoding="utf-8")))
vac = {v["id"]: int(v["openings"]) for v in csv.DictReader(open(f"{t}/city/vacancies.csv", encoding="utf-8"))}
placed = {r["seeker_id"] for r in csv.DictReader(open(f"{t}/alloc.csv")) if r["vacancy_id"]}
listed = set(); expo = collections.Counter()
for r in csv.DictReader(open(f"{t}/lists.csv")):
    if vac[r["vacancy_id"]] > 0:
        listed.add(r["seeker_id"]); expo[r["seeker_id"]] += 1 / math.log2(1 + int(r["rank"]))
groups = ["graduate_youth", "veteran", "disabled", "rural_labour", "hard_to_employ",
          "zero_employment_household", "older_worker"]
member = {s["id"]: set(g for g in s["groups"].split(";") if g) for s in see}
cells = [(g, lambda m, g=g: g in m) for g in groups] + [("none", lambda m: not m)]
for i, a in enumerate(groups):
    for b in groups[i + 1:]:
        cells.append((f"{a}&{b}", lambda m, a=a, b=b: a in m and b in m))
cells.append(("all", lambda m: True))
got = list(csv.DictReader(open(f"{t}/a.csv", encoding="utf-8")))
assert [r["group"] for r in got] == [c[0] for c in cells], [r["group"] for r in got]
rate = {}
shown = suppressed = 0
for (name, pred), r in zip(cells, got):
    ids = [s for s in member if pred(member[s])]
    n = len(ids)
    if n < 10:
        assert all(r[k] == "" for k in r if k != "group"), (name, r)
        suppressed += 1
        continue
    shown += 1
    assert int(r["seekers"]) == n, name
    p = sum(1 for s in ids if s in placed)
    assert int(r["placements"]) == p, name
    assert float(r["placement_rate"]) == p / n, name
    assert abs(float(r["listed_share"]) - sum(1 for s in ids if s in listed) / n) < 1e-12, name
    assert abs(float(r["exposure"]) - sum(expo[s] for s in ids) / n) < 1e-9, name
    assert 0 <= float(r["eligible_share"]) <= 1, name
    rate[name] = p / n
assert shown >= 8 and suppressed >= 5, (shown, suppressed)
for r in got:
    if r["group"] in rate and rate.get("none"):
        ir = rate[r["group"]] / rate["none"]
        assert abs(float(r["impact_ratio"]) - ir) < 1e-12, r["group"]
        assert r["four_fifths_flag"] == ("1" if ir < 0.8 else "0"), r["group"]
# Strata: the shown strata of a shown cell plus the hidden ones add up, and
# the hidden ones hold 0 or >= 10 seekers.
strata = collections.defaultdict(list)
for r in csv.DictReader(open(f"{t}/s.csv", encoding="utf-8")):
    strata[r["group"]].append(r)
for r in got:
    if r["seekers"]:
        hidden = int(r["seekers"]) - sum(int(x["seekers"]) for x in strata[r["group"]] if x["seekers"])
        assert hidden == 0 or hidden >= 10, (r["group"], hidden)
PYEOF

# A higher threshold from the policy file suppresses more.
printf '{"format_version": 1, "audit": {"min_cell_seekers": 100}}\n' > "$T/p100.json"
"$JM" audit --data "$T/city" --policy "$T/p100.json" -q --out "$T/p.csv"
[ "$(awk -F, 'NR > 1 && $2 != ""' "$T/p.csv" | wc -l)" -lt "$(awk -F, 'NR > 1 && $2 != ""' "$T/a.csv" | wc -l)" ] \
  || fail "policy min_cell_seekers"
"$JM" audit --data "$T/city" --policy "$T/p100.json" --min-cell-seekers 10 -k 7 -q --out "$T/p10.csv"

# Errors: exit 1 with file:line, nothing written; usage errors exit 2.
printf 'seeker_id,vacancy_id,score,outcome\nNOPE,V000001,1,placed\n' > "$T/bad.csv"
set +e
"$JM" audit --data "$T/city" --allocation "$T/bad.csv" -q --out "$T/x.csv" 2> "$T/err.txt"
rc=$?
set -e
[ "$rc" = 1 ] || fail "bad allocation exit $rc"
grep -q "bad.csv:2: column 'seeker_id': unknown seeker id" "$T/err.txt" || fail "message: $(cat "$T/err.txt")"
[ -e "$T/x.csv" ] && fail "nothing written on error"
V1=$(awk -F, 'NR == 2 {print $1}' "$T/city/vacancies.csv")
O1=$(awk -F, 'NR == 2 {print $8}' "$T/city/vacancies.csv")
{ echo "seeker_id,vacancy_id,score,outcome"
  awk -F, -v v="$V1" -v o="$O1" 'NR > 1 && NR <= o + 2 {print $1 "," v ",1,placed"}' "$T/city/seekers.csv"
} > "$T/over.csv"
set +e
"$JM" audit --data "$T/city" --allocation "$T/over.csv" -q --out "$T/x.csv" 2> "$T/err.txt"
rc=$?
set -e
[ "$rc" = 1 ] || fail "over-filled allocation exit $rc"
grep -q "openings and more placements" "$T/err.txt" || fail "message: $(cat "$T/err.txt")"
set +e
"$JM" audit --data "$T/city" -k 0 -q --out "$T/x.csv" 2> /dev/null; rc=$?
set -e
[ "$rc" = 2 ] || fail "-k 0 exit $rc"
printf '{"format_version": 1, "audit": {"min_cell_seekers": 0}}\n' > "$T/p0.json"
set +e
"$JM" audit --data "$T/city" --policy "$T/p0.json" -q --out "$T/x.csv" 2> "$T/err.txt"; rc=$?
set -e
[ "$rc" = 1 ] || fail "bad policy exit $rc"
grep -q "audit.min_cell_seekers" "$T/err.txt" || fail "message: $(cat "$T/err.txt")"
echo "cli_audit_test: ok"
