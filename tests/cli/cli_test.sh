#!/usr/bin/env bash
# End-to-end test of the jobmatch CLI: generate -> recommend -> explain ->
# policy -> demo, and the error paths a user hits first.
# Usage: cli_test.sh /path/to/jobmatch /path/to/source
set -euo pipefail
JM="$1"
SRC="$2"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$JM" --help | grep -q "generate" || fail "--help lists subcommands"
for sub in generate recommend explain policy demo snapshot; do
  "$JM" "$sub" --help >/dev/null || fail "$sub --help"
done

"$JM" generate --seekers 600 --vacancies 150 --seed 7 --out "$T/city" 2>"$T/gen.err"
for f in skills seekers vacancies; do [ -s "$T/city/$f.csv" ] || fail "$f.csv written"; done
[ "$(wc -l < "$T/city/seekers.csv")" -eq 601 ] || fail "600 seekers + header"
# Same seed, same files.
"$JM" generate --seekers 600 --vacancies 150 --seed 7 --out "$T/city2" 2>/dev/null
cmp -s "$T/city/seekers.csv" "$T/city2/seekers.csv" || fail "generate is deterministic"

"$JM" recommend --data "$T/city" -k 5 --threads 2 --quiet --out "$T/rec.csv"
head -1 "$T/rec.csv" | grep -q "^seeker_id,rank,vacancy_id,score" || fail "recommend header: $(head -1 "$T/rec.csv")"
[ "$(wc -l < "$T/rec.csv")" -gt 600 ] || fail "recommendations for most seekers"
# Thread count does not change the output.
"$JM" recommend --data "$T/city" -k 5 --threads 1 --quiet --out "$T/rec1.csv"
cmp -s "$T/rec.csv" "$T/rec1.csv" || fail "recommend output independent of threads"

"$JM" recommend --data "$T/city" -k 3 --direction seekers --explain --quiet --stats-json "$T/stats.json" > "$T/recv.csv"
head -1 "$T/recv.csv" | grep -q "^vacancy_id,rank,seeker_id,score,skill,embedding,distance,wage,schedule,education,preference,base,boost,distance_km,rules" \
  || fail "explain columns: $(head -1 "$T/recv.csv")"
grep -q '"topk_seconds"' "$T/stats.json" || fail "stats json"

S=$(sed -n 2p "$T/rec.csv" | cut -d, -f1)
V=$(sed -n 2p "$T/rec.csv" | cut -d, -f3)
"$JM" explain --data "$T/city" --seeker "$S" --vacancy "$V" > "$T/explain.txt"
grep -q "score" "$T/explain.txt" || fail "explain prints a score"
grep -q "skill" "$T/explain.txt" || fail "explain prints components"

# Errors: unknown id, bad policy, bad CSV -> exit 1 with a message naming the problem.
if "$JM" explain --data "$T/city" --seeker NOPE --vacancy "$V" 2>"$T/err"; then fail "unknown id accepted"; fi
grep -q "unknown seeker id 'NOPE'" "$T/err" || fail "unknown id message: $(cat "$T/err")"
echo '{"format_version": 1, "priority": {"rules": [{"name": "x", "weight": -1, "groups": ["veteran"]}]}}' > "$T/bad.json"
if "$JM" policy --check "$T/bad.json" 2>"$T/err"; then fail "negative weight accepted"; fi
grep -q "positive measure" "$T/err" || fail "policy error message: $(cat "$T/err")"
"$JM" policy > "$T/default.json"
"$JM" policy --check "$T/default.json" | grep -q ": ok" || fail "default policy checks"
cmp -s "$T/default.json" "$SRC/policies/default.json" || fail "policies/default.json is stale: regenerate with 'jobmatch policy > policies/default.json'"
# Ambiguous or unfair policies (docs/policy_file.md, "What the checker guarantees").
printf '{"format_version": 1, "weights": {"skill": -5, "skill": 0.4}}' > "$T/dup.json"
if "$JM" policy --check "$T/dup.json" 2>"$T/err"; then fail "duplicate key accepted"; fi
grep -q "dup.json: weights.skill: duplicate key" "$T/err" || fail "duplicate key message: $(cat "$T/err")"
printf '{"format_version": 1}\0{}' > "$T/nul.json"
if "$JM" policy --check "$T/nul.json" 2>"$T/err"; then fail "NUL accepted"; fi
grep -q "nul.json:1:22: NUL byte" "$T/err" || fail "NUL message: $(cat "$T/err")"
printf '{"format_version": 1, "priority": {"max_total_boost": 10.0000001}}' > "$T/num.json"
if "$JM" policy --check "$T/num.json" 2>"$T/err"; then fail "10.0000001 accepted"; fi
grep -q "in \[0, 10\], got 10.0000001$" "$T/err" || fail "number message: $(cat "$T/err")"
printf '{"format_version": 1, "eligibility": {"kind_restrictions": [{"kind": "regular", "groups": ["graduate_youth", "veteran", "rural_labour", "hard_to_employ", "zero_employment_household", "older_worker"]}]}}' > "$T/unfair.json"
if "$JM" policy --check "$T/unfair.json" 2>"$T/err"; then fail "reservation without disabled accepted"; fi
grep -q "but not for the protected group 'disabled'" "$T/err" || fail "unfair message: $(cat "$T/err")"
if "$JM" allocate --data "$T/city" --quota graduate_youth+veteran+rural_labour:0.5 --out "$T/x.csv" 2>"$T/err"; then
  fail "--quota for most groups but no protected one accepted"
fi
grep -q "quota 'cli_quota_1' reserves places for 3 of the 5" "$T/err" || fail "--quota message: $(cat "$T/err")"
# Numeric options print numbers in shortest form (CLI11 printed a 309-digit bound) and refuse NaN.
# Every numeric option reads decimal numbers only (cli/number_options.h): hex, inf, nan refused;
# a value that is not a number is quoted, one that is shows in shortest form.
for bad in inf nan -1 0x1p-1 1e400; do
  if "$JM" recommend --data "$T/city" --congestion-factor "$bad" --quiet >/dev/null 2>"$T/err"; then
    fail "--congestion-factor $bad accepted"
  fi
  shown="'$bad'"; [ "$bad" = -1 ] && shown=-1
  grep -q "^--congestion-factor: value $shown is not a finite number > 0" "$T/err" || fail "--congestion-factor $bad: $(cat "$T/err")"
  [ "$(head -1 "$T/err" | wc -c)" -lt 100 ] || fail "long message: $(head -1 "$T/err")"
done
if "$JM" recommend --data "$T/city" -k 0 --quiet >/dev/null 2>"$T/err"; then fail "-k 0 accepted"; fi
grep -q "^--k: value 0 is not an integer in \[1, 100000\]$" "$T/err" || fail "-k 0: $(cat "$T/err")"
# A bad --quota is refused when the options are parsed (exit 2), before any data is read.
"$JM" allocate --data /nonexistent --quota veteran:0x1p-1 2>"$T/err" && fail "hex quota share accepted"
[ "$(grep -c "^--quota: 'veteran:0x1p-1': share must be a number in \[0, 1\]" "$T/err")" = 1 ] \
  || fail "--quota hex: $(cat "$T/err")"
"$JM" generate --seed -1 --out "$T/never" 2>"$T/err" && fail "--seed -1 accepted (was 2^64-1)"
grep -q "^--seed: value '-1' is not an integer in \[0, 18446744073709551615\]$" "$T/err" \
  || fail "--seed -1: $(cat "$T/err")"
"$JM" recommend --data "$T/city" -k 010 --ids S0000001 -q | awk -F, 'NR > 1' | wc -l | grep -qx 10 \
  || fail "-k 010 is not ten lists entries (octal was 8)"
cp -r "$T/city" "$T/bad"
sed -i '3s/,[^,]*$/,not_a_number_here/' "$T/bad/vacancies.csv"
printf 'id,lat,lon,skills\nS1,36.0,120.0,no_such_skill:3\n' > "$T/bad/seekers.csv"
if "$JM" recommend --data "$T/bad" --quiet >/dev/null 2>"$T/err"; then fail "bad CSV accepted"; fi
grep -q "seekers.csv:2: column 'skills': unknown skill 'no_such_skill'" "$T/err" || fail "CSV error message: $(cat "$T/err")"

"$JM" demo --seekers 800 --vacancies 200 -k 5 --quiet > "$T/demo.txt"
grep -q "pairs/second" "$T/demo.txt" || fail "demo prints throughput"
grep -q "zero_employment_household\|hard_to_employ" "$T/demo.txt" || fail "demo prints key-group coverage"

# Congestion report and capacity-aware lists.
"$JM" recommend --data "$T/city" -k 5 --capacity-aware --out "$T/cap.csv" 2>"$T/cap.err"
grep -q "congestion, capacity-aware" "$T/cap.err" || fail "capacity-aware report: $(cat "$T/cap.err")"
head -1 "$T/cap.csv" | grep -q "^seeker_id,rank,vacancy_id,score" || fail "capacity-aware CSV"

# Allocation: optimal with household coverage, and stable; reasons for all.
"$JM" allocate --data "$T/city" --households --quiet --out "$T/alloc.csv" --vacancies-out "$T/fill.csv"
head -1 "$T/alloc.csv" | grep -q "^seeker_id,vacancy_id,score,outcome$" || fail "allocation header"
[ "$(wc -l < "$T/alloc.csv")" -eq 601 ] || fail "one allocation line per seeker"
grep -q ",placed$" "$T/alloc.csv" || fail "some seekers placed"
if grep -v "^seeker_id" "$T/alloc.csv" | grep -qvE ",(placed|no_eligible_vacancy|below_min_score|outbid)$"; then
  fail "every seeker has an outcome"
fi
head -1 "$T/fill.csv" | grep -q "^vacancy_id,openings,filled,outcome$" || fail "fill header"
# No vacancy over its openings.
awk -F, 'NR > 1 && $3 > $2 { bad = 1 } END { exit bad }' "$T/fill.csv" || fail "filled <= openings"
"$JM" allocate --data "$T/city" --method stable --proposer vacancies --out "$T/stable.csv" > "$T/stable.txt"
grep -q "stable allocation" "$T/stable.txt" || fail "stable summary"
if "$JM" allocate --data "$T/city" --method stable --households --quiet --out "$T/x.csv" 2>"$T/err"; then
  fail "households with stable accepted"
fi
grep -q "optimal method only" "$T/err" || fail "households+stable message: $(cat "$T/err")"
"$JM" allocate --data "$T/city" --quota graduate_youth:0.5:trainee+regular --out "$T/q.csv" > "$T/q.txt"
grep -q "reserved places (quotas)" "$T/q.txt" || fail "quota summary: $(cat "$T/q.txt")"
if "$JM" allocate --data "$T/city" --quota graduate_youth:1.5 --out "$T/x.csv" 2>"$T/err"; then fail "bad quota accepted"; fi
grep -q "share must be a number in \[0, 1\]" "$T/err" || fail "quota error: $(cat "$T/err")"
grep -q "optimal allocation" "$T/demo.txt" || fail "demo prints the allocation step"

# Vacancy outcomes in the fill CSV: valid names, `filled` exactly when every
# opening is filled, and fill counts equal to the allocation CSV.
check_fill() {  # fill.csv alloc.csv
  awk -F, 'NR > 1 {
      if ($4 !~ /^(filled|no_candidates|below_min_score|candidates_placed_elsewhere)$/) { print "bad outcome: " $0; bad = 1 }
      if (($4 == "filled") != ($3 == $2)) { print "filled/openings vs outcome: " $0; bad = 1 }
    } END { exit bad }' "$1" || fail "vacancy outcomes in $1"
  awk -F, 'FNR == 1 { next } NR == FNR { if ($2 != "") placed[$2]++; next }
    { if ($3 != placed[$1] + 0) { print "fill count: " $0 " vs " placed[$1] + 0; bad = 1 } }
    END { exit bad }' "$2" "$1" || fail "fill counts of $1 equal the placements in $2"
}
check_fill "$T/fill.csv" "$T/alloc.csv"
# With few candidates and a minimum score every reason occurs. Recompute them
# from `recommend -k 3` (each seeker's top 3 eligible vacancies, the candidate
# graph of --candidates 3): no_candidates = on no list; below_min_score =
# every listed pair below the minimum; otherwise candidates_placed_elsewhere.
# Seekers: no_eligible_vacancy = empty list, below_min_score = best pair below
# the minimum, outbid = every acceptable listed vacancy is full. Scores are
# written as the shortest decimal of the float, so comparing them with 0.55
# in awk is exact.
"$JM" allocate --data "$T/city" --candidates 3 --min-score 0.55 --quiet --out "$T/alloc3.csv" \
  --vacancies-out "$T/fill3.csv"
"$JM" recommend --data "$T/city" -k 3 --quiet --out "$T/rec3.csv"
check_fill "$T/fill3.csv" "$T/alloc3.csv"
for o in filled no_candidates below_min_score candidates_placed_elsewhere; do
  grep -q ",$o\$" "$T/fill3.csv" || fail "fill3.csv has no '$o' vacancy: the reason checks below prove little"
done
for o in placed no_eligible_vacancy below_min_score outbid; do
  grep -q ",$o\$" "$T/alloc3.csv" || fail "alloc3.csv has no '$o' seeker"
done
awk -F, -v min=0.55 '
  FILENAME ~ /rec3/ && FNR > 1 { listed[$3] = 1; if ($4 >= min) ok[$3] = 1; next }
  FILENAME ~ /fill3/ && FNR > 1 {
    want = $3 == $2 ? "filled" : !($1 in listed) ? "no_candidates" : !($1 in ok) ? "below_min_score" \
                    : "candidates_placed_elsewhere"
    if ($4 != want) { print "vacancy " $1 ": " $4 ", recomputed " want; bad = 1 }
  } END { exit bad }' "$T/rec3.csv" "$T/fill3.csv" || fail "vacancy reasons recomputed from the candidate lists"
awk -F, -v min=0.55 '
  FILENAME ~ /fill3/ && FNR > 1 { full[$1] = $3 == $2; next }
  FILENAME ~ /rec3/ && FNR > 1 {
    if (!($1 in best) || $4 + 0 > best[$1]) best[$1] = $4 + 0
    if ($4 >= min && !full[$3]) room[$1] = 1
    next
  }
  FILENAME ~ /alloc3/ && FNR > 1 {
    want = $2 != "" ? "placed" : !($1 in best) ? "no_eligible_vacancy" : best[$1] < min ? "below_min_score" : "outbid"
    if ($4 != want) { print "seeker " $1 ": " $4 ", recomputed " want; bad = 1 }
    if ($4 == "outbid" && ($1 in room)) { print "seeker " $1 " outbid but an acceptable vacancy has room"; bad = 1 }
  } END { exit bad }' "$T/fill3.csv" "$T/rec3.csv" "$T/alloc3.csv" || fail "seeker reasons recomputed from the candidate lists"

# Quotas: reserved places = sum over vacancies of round(share x openings) for
# the first matching quota, half up, recomputed in integers from vacancies.csv
# (openings and kind columns): gig vacancies take veteran:0.5, the rest
# graduate_youth:0.7 (0.7 x 5 openings = 3.5 -> 4).
head -1 "$T/city/vacancies.csv" | grep -q "^id,employer_id,district,town,village,lat,lon,openings,requirements,min_education,wage_min,wage_max,schedule,accessible,remote,kind,industry$" \
  || fail "vacancies.csv columns changed: update this test"
grep -q '"' "$T/city/vacancies.csv" && fail "quoted fields in vacancies.csv: this test splits on commas"
want_reserved=$(awk -F, 'NR > 1 { total += $16 == "gig" ? int((5 * $8 + 5) / 10) : int((7 * $8 + 5) / 10) } END { print total }' "$T/city/vacancies.csv")
"$JM" allocate --data "$T/city" --quota veteran:0.5:gig --quota graduate_youth:0.7 --out "$T/q2.csv" > "$T/q2.txt"
grep -q "reserved places (quotas): $want_reserved, filled by their groups: " "$T/q2.txt" \
  || fail "reserved places: want $want_reserved: $(grep reserved "$T/q2.txt")"

# Congestion report alone: one line on stderr whatever --quiet says, the
# lists unchanged, and its figures recomputed from the recommendations CSV
# and the openings in vacancies.csv: over-subscribed = on more than factor x
# openings lists; max lists per opening; share of seekers with a list holding
# a vacancy that is not over-subscribed.
for factor in 2 5; do
  "$JM" recommend --data "$T/city" -k 5 --threads 1 --congestion --congestion-factor "$factor" --quiet \
    --out "$T/recc.csv" 2>"$T/recc.err"
  cmp -s "$T/rec1.csv" "$T/recc.csv" || fail "--congestion changes the recommendations"
  [ "$(wc -l < "$T/recc.err")" -eq 1 ] || fail "--congestion report is one line: $(cat "$T/recc.err")"
  grep -qE "^congestion: [0-9]+ vacancies over-subscribed \(on more than $factor x openings lists; max [0-9.]+ x\); [0-9.]+% of seekers have a vacancy that is not over-subscribed in their list$" "$T/recc.err" \
    || fail "--congestion report shape: $(cat "$T/recc.err")"
  want=$(awk -F, -v f="$factor" '
    FILENAME ~ /vacancies/ { if (FNR > 1) open[$1] = $8; next }
    FNR > 1 { lists[$3]++; seeker[$1] = 1; entry[FNR] = $1 "," $3 }
    END {
      for (v in open) {
        n = lists[v] + 0
        if (n > f * open[v]) { over[v] = 1; nover++ }
        if (n > 0) { r = open[v] > 0 ? n / open[v] : "inf"; if (r == "inf" || r > max) max = r }
      }
      for (i in entry) { split(entry[i], p, ","); if (!(p[2] in over)) good[p[1]] = 1 }
      for (s in seeker) { ns++; ng += s in good }
      share = ns > 0 ? ng / ns : 1
      printf "congestion: %d vacancies over-subscribed (on more than %s x openings lists; max %s x); %.1f%% of seekers have a vacancy that is not over-subscribed in their list\n", nover, f, max == "inf" ? "inf" : sprintf("%.1f", max), 100.0 * share
    }' "$T/city/vacancies.csv" "$T/recc.csv")
  [ "$(cat "$T/recc.err")" = "$want" ] || fail "--congestion figures: got '$(cat "$T/recc.err")', recomputed '$want'"
done
if "$JM" recommend --data "$T/city" -k 5 --direction seekers --congestion --quiet --out "$T/x.csv" 2>"$T/err"; then
  fail "--congestion with --direction seekers accepted"
fi
grep -q "congestion reports on lists of vacancies for seekers" "$T/err" || fail "--congestion direction message: $(cat "$T/err")"

# UTF-8 area names survive the round trip.
grep -q "区" "$T/city/seekers.csv" || fail "Chinese area names in generated CSV"
# Snapshots: save from CSV, load, inspect; every data command reads --snapshot
# and gives the same output as from the CSV files.
for sub in save load inspect; do "$JM" snapshot "$sub" --help >/dev/null || fail "snapshot $sub --help"; done
"$JM" snapshot save --data "$T/city" -o "$T/city.jms" --quiet
[ -s "$T/city.jms" ] || fail "snapshot written"
"$JM" snapshot load "$T/city.jms" > "$T/snapload.txt"
grep -q "city.jms: ok (600 seekers, 150 vacancies" "$T/snapload.txt" || fail "snapshot load: $(cat "$T/snapload.txt")"
"$JM" snapshot inspect "$T/city.jms" > "$T/inspect.txt"
grep -q "^format version:  2 " "$T/inspect.txt" || fail "inspect version: $(cat "$T/inspect.txt")"
grep -q "^seekers:         600 " "$T/inspect.txt" || fail "inspect counts"
grep -qE "^checksum: +XXH3-64 [0-9a-f]{16} OK$" "$T/inspect.txt" || fail "inspect checksum"
"$JM" recommend --snapshot "$T/city.jms" -k 5 --threads 1 --quiet --out "$T/rec_snap.csv"
cmp -s "$T/rec1.csv" "$T/rec_snap.csv" || fail "recommend --snapshot equals recommend --data"
"$JM" explain --snapshot "$T/city.jms" --seeker "$S" --vacancy "$V" > "$T/explain_snap.txt"
cmp -s "$T/explain.txt" "$T/explain_snap.txt" || fail "explain --snapshot equals explain --data"
"$JM" allocate --snapshot "$T/city.jms" --households --quiet --out "$T/alloc_snap.csv"
cmp -s "$T/alloc.csv" "$T/alloc_snap.csv" || fail "allocate --snapshot equals allocate --data"
# The stored policy is used, and --policy overrides it.
"$JM" snapshot save --data "$T/city" --policy "$T/default.json" -o "$T/city_p.jms" --quiet
"$JM" snapshot load "$T/city_p.jms" | grep -q "policy 'qingdao-2025-key-groups'" || fail "stored policy"
sed 's/"max_total_boost": 0.25/"max_total_boost": 0/' "$T/default.json" > "$T/noboost.json"
"$JM" recommend --snapshot "$T/city_p.jms" --policy "$T/noboost.json" -k 5 --threads 1 --quiet --out "$T/rec_p.csv"
"$JM" recommend --data "$T/city" --policy "$T/noboost.json" -k 5 --threads 1 --quiet --out "$T/rec_p2.csv"
cmp -s "$T/rec_p.csv" "$T/rec_p2.csv" || fail "recommend --snapshot --policy equals --data --policy"
if cmp -s "$T/rec1.csv" "$T/rec_p.csv"; then fail "--policy with --snapshot did not override the stored policy"; fi
# Usage errors (exit 2): --snapshot with CSV options; snapshot without a verb.
set +e
"$JM" recommend --snapshot "$T/city.jms" --data "$T/city" >/dev/null 2>"$T/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--snapshot with --data: exit $rc, expected 2"
grep -q "excludes" "$T/err" || fail "--snapshot/--data message: $(cat "$T/err")"
set +e
"$JM" allocate --snapshot "$T/city.jms" --seekers "$T/city/seekers.csv" >/dev/null 2>&1; rc=$?
"$JM" snapshot >/dev/null 2>&1; rc2=$?
set -e
[ "$rc" -eq 2 ] || fail "--snapshot with --seekers: exit $rc, expected 2"
[ "$rc2" -eq 2 ] || fail "snapshot without save/load/inspect: exit $rc2, expected 2"
# A snapshot (any file) given to --data: exit 1, naming --snapshot.
for sub in recommend allocate mismatch; do
  set +e
  "$JM" "$sub" --data "$T/city.jms" --quiet --out "$T/never.csv" >/dev/null 2>"$T/err"; rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "$sub --data FILE: exit $rc, expected 1"
  grep -q -- "--data $T/city.jms: not a directory (a snapshot file is loaded with --snapshot)" "$T/err" \
    || fail "$sub --data FILE message: $(cat "$T/err")"
done
# Bad snapshots: exit 1 with the file and the problem named.
head -c 1000 "$T/city.jms" > "$T/trunc.jms"
if "$JM" snapshot load "$T/trunc.jms" 2>"$T/err"; then fail "truncated snapshot loaded"; fi
grep -q "trunc.jms: truncated: the header declares" "$T/err" || fail "truncated message: $(cat "$T/err")"
if "$JM" snapshot inspect "$T/trunc.jms" > "$T/inspect_bad.txt"; then fail "inspect of truncated exits 0"; fi
grep -q " BAD$" "$T/inspect_bad.txt" || fail "inspect shows BAD: $(cat "$T/inspect_bad.txt")"
cp "$T/city.jms" "$T/flip.jms"
printf '\x00' | dd of="$T/flip.jms" bs=1 seek=5000 conv=notrunc 2>/dev/null
if "$JM" recommend --snapshot "$T/flip.jms" --quiet >/dev/null 2>"$T/err"; then fail "corrupt snapshot used"; fi
grep -q "flip.jms: payload checksum mismatch" "$T/err" || fail "checksum message: $(cat "$T/err")"
if "$JM" snapshot load "$T/city/seekers.csv" 2>"$T/err"; then fail "CSV loaded as snapshot"; fi
grep -q "seekers.csv: not a jobmatch snapshot (bad magic" "$T/err" || fail "magic message: $(cat "$T/err")"
if "$JM" snapshot inspect "$T/city" 2>"$T/err"; then fail "directory inspected"; fi
grep -q "is a directory, not a snapshot file" "$T/err" || fail "directory message: $(cat "$T/err")"
# A failed save (bad CSV) leaves the existing snapshot as it was.
cp "$T/city.jms" "$T/keep.jms"
if "$JM" snapshot save --data "$T/bad" -o "$T/city.jms" --quiet 2>/dev/null; then fail "save from bad CSV"; fi
cmp -s "$T/city.jms" "$T/keep.jms" || fail "failed save changed the snapshot"
[ -z "$(ls -A "$T" | grep '\.tmp-')" ] || fail "temporary file left behind"

# A country as a sharded directory: generate --country, then the usual
# subcommands read it with --data DIR; the pruned search equals --exhaustive.
"$JM" generate --country --seekers 6000 --vacancies 700 --cities 6 --seed 5 -q --out "$T/country"
[ -f "$T/country/manifest.json" ] || fail "no manifest.json"
[ "$(ls "$T/country/shards" | wc -l)" = 6 ] || fail "expected 6 shards"
[ "$(stat -c %a "$T/country/shards/C0000/seekers.csv")" = 600 ] || fail "seekers shard not 0600"
"$JM" recommend --data "$T/country" -k 5 -q --out "$T/country_rec.csv"
[ "$(tail -n +2 "$T/country_rec.csv" | cut -d, -f1 | sort -u | wc -l)" -gt 5000 ] ||
  fail "too few seekers with recommendations in the country"
"$JM" recommend --data "$T/country" -k 5 -q --exhaustive --out "$T/country_rec_ex.csv"
cmp -s "$T/country_rec.csv" "$T/country_rec_ex.csv" || fail "country: pruned != exhaustive"
"$JM" allocate --data "$T/country" -q --out "$T/country_alloc.csv"
[ "$(tail -n +2 "$T/country_alloc.csv" | wc -l)" = 6000 ] || fail "country allocation rows"
"$JM" snapshot save --data "$T/country" -q -o "$T/country.jms"
"$JM" recommend --snapshot "$T/country.jms" -k 5 -q --out "$T/country_rec_snap.csv"
cmp -s "$T/country_rec.csv" "$T/country_rec_snap.csv" || fail "country: snapshot != CSV shards"
# Snapshot shards: one snapshot per shard (0600), read with --data as CSV
# shards are, with the same results.
"$JM" snapshot save --data "$T/country" --shards --threads 2 -q -o "$T/country_snap"
[ "$(stat -c %a "$T/country_snap/shards/C0003/seekers.jms")" = 600 ] || fail "shard snapshot not 0600"
grep -q '"format": "snapshot"' "$T/country_snap/manifest.json" || fail "snapshot shards: format"
grep -q '"version": 2' "$T/country_snap/manifest.json" || fail "snapshot shards: manifest version"
"$JM" recommend --data "$T/country_snap" -k 5 -q --out "$T/country_rec_shards.csv"
cmp -s "$T/country_rec.csv" "$T/country_rec_shards.csv" || fail "country: snapshot shards != CSV shards"
"$JM" allocate --data "$T/country_snap" -q --out "$T/country_alloc_shards.csv"
cmp -s "$T/country_alloc.csv" "$T/country_alloc_shards.csv" || fail "country allocation: snapshot shards"
# --shards needs a sharded directory; a damaged shard is named.
if "$JM" snapshot save --data "$T/city" --shards -q -o "$T/x" 2>"$T/err"; then fail "--shards on a city"; fi
grep -q "needs --data DIR naming a sharded directory" "$T/err" || fail "--shards message: $(cat "$T/err")"
head -c 1000 "$T/country_snap/shards/C0002/vacancies.jms" > "$T/trunc.jms"
mv "$T/trunc.jms" "$T/country_snap/shards/C0002/vacancies.jms"
if "$JM" recommend --data "$T/country_snap" -q >/dev/null 2>"$T/err"; then fail "damaged shard used"; fi
grep -q "shards/C0002/vacancies.jms: truncated" "$T/err" || fail "damaged shard message: $(cat "$T/err")"
# Same seed, same country; a broken manifest is refused with its path.
"$JM" generate --country --seekers 6000 --vacancies 700 --cities 6 --seed 5 -q --out "$T/country2"
diff -r "$T/country" "$T/country2" >/dev/null || fail "country generation not deterministic"
printf '{"format": "jobmatch-shards", "version": 1, "skills": "../x", "shards": []}' \
  > "$T/country2/manifest.json"
if "$JM" recommend --data "$T/country2" -q >/dev/null 2>"$T/err"; then fail "bad manifest used"; fi
grep -q "manifest.json: skills: must stay inside the directory" "$T/err" ||
  fail "manifest message: $(cat "$T/err")"

echo "cli_test: all checks passed"
