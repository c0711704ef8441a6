#!/usr/bin/env bash
# Golden outputs of the CLI on the default demo city: every output file of
# the subcommands below must be byte-identical to the digests recorded in
# tests/cli/cli_golden_digests.txt. The digests were taken before the
# architecture change of issue 9, so a refactoring that changes any result
# (a score bit, a tie-break, a CSV column) fails here.
#
# Usage: cli_golden_test.sh /path/to/jobmatch /path/to/source [--update]
#   --update  rewrite the digest file (only for an intended, documented
#             change of output: say why in docs/CHANGELOG.md)
set -euo pipefail
JM="$1"
SRC="$2"
MODE="${3:-check}"
DIGESTS="$SRC/tests/cli/cli_golden_digests.txt"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
O="$T/out"
mkdir -p "$O"

# The default demo city (20,000 seekers, 4,000 vacancies, seed 20250301) and
# a small one with embeddings.
"$JM" generate --out "$T/city" 2>/dev/null
"$JM" generate --seekers 3000 --vacancies 600 --seed 11 --embedding-dim 16 --out "$T/emb" 2>/dev/null
for f in skills seekers vacancies; do
  cp "$T/city/$f.csv" "$O/city_$f.csv"
  cp "$T/emb/$f.csv" "$O/emb_$f.csv"
done

"$JM" policy > "$O/policy.json"
"$JM" recommend --data "$T/city" -k 10 -q --out "$O/rec_vacancies.csv"
"$JM" recommend --data "$T/city" -k 10 -q --explain --out "$O/rec_vacancies_explain.csv"
"$JM" recommend --data "$T/city" -k 10 -q --direction seekers --explain --out "$O/rec_seekers_explain.csv"
"$JM" recommend --data "$T/emb" -k 7 -q --explain --out "$O/emb_rec_vacancies_explain.csv"
"$JM" recommend --data "$T/emb" -k 7 -q --direction seekers --out "$O/emb_rec_seekers.csv"
"$JM" recommend --data "$T/city" -k 5 -q --capacity-aware --out "$O/rec_capacity_aware.csv"

# Explanations: the first seeker's first three recommendations, and one
# pair that is (very likely) ineligible: the first seeker and the last vacancy.
S=$(sed -n 2p "$O/rec_vacancies.csv" | cut -d, -f1)
for line in 2 3 4; do
  V=$(sed -n "${line}p" "$O/rec_vacancies.csv" | cut -d, -f3)
  "$JM" explain --data "$T/city" --seeker "$S" --vacancy "$V" >> "$O/explain.txt"
done
VLAST=$(tail -1 "$T/city/vacancies.csv" | cut -d, -f1)
"$JM" explain --data "$T/city" --seeker "$S" --vacancy "$VLAST" >> "$O/explain.txt"
"$JM" explain --data "$T/emb" --seeker "$(sed -n 2p "$O/emb_rec_seekers.csv" | cut -d, -f3)" \
  --vacancy "$(sed -n 2p "$O/emb_rec_seekers.csv" | cut -d, -f1)" >> "$O/explain.txt"

"$JM" allocate --data "$T/city" -q --households --out "$O/alloc_households.csv" \
  --vacancies-out "$O/fill_households.csv"
"$JM" allocate --data "$T/city" -q --objective cardinality --out "$O/alloc_cardinality.csv"
"$JM" allocate --data "$T/city" -q --method stable --out "$O/alloc_stable.csv" \
  --vacancies-out "$O/fill_stable.csv"
"$JM" allocate --data "$T/city" -q --method stable --proposer vacancies --out "$O/alloc_stable_v.csv"
"$JM" allocate --data "$T/city" -q --quota graduate_youth:0.5:trainee+regular \
  --candidates 10 --min-score 0.3 --out "$O/alloc_quota.csv" --vacancies-out "$O/fill_quota.csv"

# The same results through a snapshot.
"$JM" snapshot save --data "$T/city" -q -o "$T/city.jms"
"$JM" recommend --snapshot "$T/city.jms" -k 10 -q --explain --out "$O/snap_rec_vacancies_explain.csv"
cmp -s "$O/snap_rec_vacancies_explain.csv" "$O/rec_vacancies_explain.csv" ||
  fail "recommend --snapshot differs from recommend --data"
rm "$O/snap_rec_vacancies_explain.csv"

# The pruned search (the default) equals the exhaustive scan, both ways and
# for the allocation's candidate lists.
"$JM" recommend --data "$T/city" -k 10 -q --explain --exhaustive --out "$T/ex_v.csv"
cmp -s "$T/ex_v.csv" "$O/rec_vacancies_explain.csv" || fail "recommend --exhaustive differs"
"$JM" recommend --data "$T/city" -k 10 -q --direction seekers --explain --exhaustive \
  --out "$T/ex_s.csv"
cmp -s "$T/ex_s.csv" "$O/rec_seekers_explain.csv" ||
  fail "recommend --direction seekers --exhaustive differs"
"$JM" recommend --data "$T/city" -k 5 -q --capacity-aware --exhaustive --out "$T/ex_c.csv"
cmp -s "$T/ex_c.csv" "$O/rec_capacity_aware.csv" || fail "recommend --capacity-aware --exhaustive differs"
"$JM" allocate --data "$T/city" -q --households --exhaustive --out "$T/ex_a.csv"
cmp -s "$T/ex_a.csv" "$O/alloc_households.csv" || fail "allocate --exhaustive differs"

# The demo's recommendation files (its printed summary holds timings).
"$JM" demo -q --out "$T/demo" > /dev/null
cp "$T/demo/recommendations_for_seekers.csv" "$O/demo_for_seekers.csv"
cp "$T/demo/recommendations_for_vacancies.csv" "$O/demo_for_vacancies.csv"

(cd "$O" && sha256sum -- * | sort -k2) > "$T/digests.txt"
if [[ "$MODE" == "--update" ]]; then
  cp "$T/digests.txt" "$DIGESTS"
  echo "cli_golden_test: wrote $(wc -l < "$DIGESTS") digests to $DIGESTS"
  exit 0
fi
[[ -f "$DIGESTS" ]] || fail "no digest file $DIGESTS"
if ! diff -u "$DIGESTS" "$T/digests.txt"; then
  fail "CLI outputs differ from the recorded digests (lines above: - recorded, + now)"
fi
echo "cli_golden_test: $(wc -l < "$DIGESTS") outputs byte-identical"
