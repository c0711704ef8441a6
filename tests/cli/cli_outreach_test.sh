#!/usr/bin/env bash
# End-to-end test of `jobmatch outreach` (docs/cli.md, docs/analytics.md):
# generate -> allocate -> outreach; the CSV checked against the input files
# by an independent script (standard-library Python): who is listed and why,
# every uncovered zero-employment household at exactly one station, every
# listed vacancy with a free place; modes 0600/0700; the pages rendered by
# headless Chromium (Debian's `chromium`, installed by scripts/install_deps.sh):
# the parsed DOM holds one block per person of the station's CSV lines, the
# vacancy tables and the Chinese station name, and the print to PDF works;
# the error paths.
# Usage: cli_outreach_test.sh /path/to/jobmatch
set -euo pipefail
JM="$1"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

"$JM" --help | grep -q "outreach" || fail "--help lists outreach"
"$JM" outreach --help | grep -q -- "--level" || fail "outreach --help"

"$JM" generate --seekers 3000 --vacancies 1200 --seed 23 --out "$T/city" 2>/dev/null
"$JM" allocate --data "$T/city" --households -q --out "$T/alloc.csv"
# An allocation that places nobody leaves every zero-employment household uncovered.
echo "seeker_id,vacancy_id,score,outcome" > "$T/none.csv"
"$JM" outreach --data "$T/city" --allocation "$T/none.csv" --level village --top 2 -q --out "$T/none"
(umask 022; "$JM" outreach --data "$T/city" --allocation "$T/alloc.csv" --level town --top 4 \
  --out "$T/out" > "$T/summary.txt")
grep -q "^outreach: [0-9]* people to visit at [0-9]* service stations (town level)" "$T/summary.txt" \
  || fail "summary: $(cat "$T/summary.txt")"
[ "$(stat -c %a "$T/out")" = 700 ] || fail "directory mode $(stat -c %a "$T/out")"
for f in "$T"/out/*; do
  [ "$(stat -c %a "$f")" = 600 ] || fail "mode of $f: $(stat -c %a "$f")"
done
head -1 "$T/out/outreach.csv" | grep -qx "station,need_rank,seeker_id,household_id,reason,allocated_vacancy_id,rank,vacancy_id,employer_id,kind,schedule,wage_min,wage_max,distance_km,remote,score,rules,training" \
  || fail "header: $(head -1 "$T/out/outreach.csv")"

# Independent recomputation of who is listed, why and where.
cat > "$T/check.py" <<'PYEOF'
import csv, sys, collections
t, alloc, out, level, top = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
see = list(csv.DictReader(open(f"{t}/city/seekers.csv", encoding="utf-8")))
vac = {v["id"]: v for v in csv.DictReader(open(f"{t}/city/vacancies.csv", encoding="utf-8"))}
placed = {r["seeker_id"]: r["vacancy_id"] for r in csv.DictReader(open(alloc)) if r["vacancy_id"]}
filled = collections.Counter(placed.values())
rows = list(csv.DictReader(open(f"{out}/outreach.csv", encoding="utf-8")))
def unk(x): return x if x else "(unknown)"
def station(s):
    parts = [s["district"]] + ([s["town"]] if level != "district" else []) + ([s["village"]] if level == "village" else [])
    return "/".join(unk(p) for p in parts)
def groups(s): return set(x for x in s["groups"].split(";") if x)
households = collections.defaultdict(list)
for i, s in enumerate(see):
    if "zero_employment_household" in groups(s):
        households[s["household_id"] or ("\0" + str(i))].append(i)
want = {}
for key, members in households.items():
    if any(see[i]["id"] in placed for i in members):
        continue
    home = station(see[min(members)])
    for i in members:
        want[see[i]["id"]] = (home, {"zero_employment_household"})
for s in see:
    g = groups(s)
    r = set()
    if "hard_to_employ" in g: r.add("hard_to_employ")
    if "disabled" in g: r.add("disabled")
    if "graduate_youth" in g and int(s["months_unemployed"] or 0) >= 6: r.add("long_unemployed_youth")
    if r:
        home, old = want.get(s["id"], (station(s), set()))
        want[s["id"]] = (home, old | r)
got = {}
uncovered_at = collections.defaultdict(set)
for r in rows:
    prev = got.setdefault(r["seeker_id"], (r["station"], set(r["reason"].split("+"))))
    assert prev == (r["station"], set(r["reason"].split("+"))), r
    if r["vacancy_id"]:
        v = vac[r["vacancy_id"]]
        assert int(v["openings"]) - filled[r["vacancy_id"]] > 0, ("full vacancy listed", r)
        assert r["allocated_vacancy_id"] == placed.get(r["seeker_id"], ""), r
    if "zero_employment_household" in r["reason"]:
        uncovered_at[r["household_id"] or r["seeker_id"]].add(r["station"])
assert got == want, (len(got), len(want), sorted(set(got) ^ set(want))[:5])
assert all(len(s) == 1 for s in uncovered_at.values()), "a household at two stations"
per_person = collections.Counter(r["seeker_id"] for r in rows if r["vacancy_id"])
assert max(per_person.values(), default=0) <= top
print(f"{len(got)} people, {len(uncovered_at)} uncovered households, {sum(per_person.values())} vacancies checked")
PYEOF
"$PY" "$T/check.py" "$T" "$T/alloc.csv" "$T/out" town 4 || fail "recomputation differs (allocation)"
"$PY" "$T/check.py" "$T" "$T/none.csv" "$T/none" village 2 || fail "recomputation differs (nobody placed)"
grep -q "zero_employment_household" "$T/none/outreach.csv" || fail "no uncovered household listed"

# The pages in a real browser.
command -v chromium >/dev/null || fail "chromium not found (scripts/install_deps.sh installs it)"
B=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
   --user-data-dir="$T/profile")
timeout 120 "${B[@]}" --dump-dom "file://$T/out/index.html" > "$T/index.dom" 2>/dev/null \
  || fail "chromium could not load index.html"
timeout 120 "${B[@]}" --dump-dom "file://$T/out/station-0001.html" > "$T/station.dom" 2>/dev/null \
  || fail "chromium could not load station-0001.html"
timeout 120 "${B[@]}" --no-pdf-header-footer --print-to-pdf="$T/station.pdf" \
  "file://$T/out/station-0001.html" 2>/dev/null || fail "chromium could not print the page"
head -c 5 "$T/station.pdf" | grep -q "%PDF-" || fail "print to PDF"
"$PY" - "$T" <<'PYEOF' || fail "rendered page differs from the CSV"
import csv, sys, html.parser, collections, re
t = sys.argv[1]
rows = list(csv.DictReader(open(f"{t}/out/outreach.csv", encoding="utf-8")))
stations = sorted({r["station"] for r in rows}, key=lambda s: s.encode())
first = stations[0]
people = collections.OrderedDict()
for r in rows:
    if r["station"] == first:
        people.setdefault(r["seeker_id"], []).append(r["vacancy_id"])
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.cases, self.cur, self.in_vac, self.text, self.links = [], None, False, [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("class") == "case":
            self.cur = [a["data-seeker"], []]
            self.cases.append(self.cur)
        if tag == "td" and a.get("class") == "vacancy":
            self.in_vac = True
        if tag == "a":
            self.links.append(a.get("href"))
    def handle_endtag(self, tag):
        if tag == "td":
            self.in_vac = False
    def handle_data(self, d):
        self.text.append(d)
        if self.in_vac and self.cur is not None:
            self.cur[1].append(d)
p = P()
p.feed(open(f"{t}/station.dom", encoding="utf-8").read())
text = "".join(p.text)
assert first in text, "station name"
assert [c[0] for c in p.cases] == list(people), "people and their order"
for sid, vids in p.cases:
    assert vids == [v for v in people[sid] if v], (sid, vids, people[sid])
idx = P()
idx.feed(open(f"{t}/index.dom", encoding="utf-8").read())
assert len([l for l in idx.links if l and l.startswith("station-")]) == len(stations)
assert all(s in "".join(idx.text) for s in stations)
print(f"station {first}: {len(p.cases)} people rendered")
PYEOF

# Python-free checks of the options and errors.
[ -z "$("$JM" outreach --data "$T/city" -q --out "$T/q")" ] || fail "-q prints nothing"
"$JM" outreach --data "$T/city" -q --level district --top 0 --out "$T/d"
[ "$(awk -F, 'NR > 1 && $7 != ""' "$T/d/outreach.csv" | wc -l)" = 0 ] || fail "--top 0 lists vacancies"
"$JM" outreach --data "$T/city" -q --allocation "$T/alloc.csv" --level town --top 4 --out "$T/again"
cmp -s "$T/again/outreach.csv" "$T/out/outreach.csv" || fail "deterministic"
expect_error() {  # expected exit code, message pattern, args...
  local code="$1" pattern="$2"; shift 2
  set +e; "$JM" outreach "$@" > "$T/err.out" 2> "$T/err.txt"; local rc=$?; set -e
  [ "$rc" = "$code" ] || fail "outreach $* exited $rc, want $code: $(cat "$T/err.txt")"
  grep -q -- "$pattern" "$T/err.txt" || fail "outreach $*: message $(cat "$T/err.txt")"
}
expect_error 2 "level" --data "$T/city" --level street --out "$T/x"
expect_error 2 "top" --data "$T/city" --top 1001 --out "$T/x"
expect_error 2 "months" --data "$T/city" --long-unemployed-months -1 --out "$T/x"
printf 'seeker_id,vacancy_id,score,outcome\nnobody,,,\n' > "$T/bad_alloc.csv"
expect_error 1 "bad_alloc.csv:2" --data "$T/city" --allocation "$T/bad_alloc.csv" --out "$T/x"
touch "$T/file"
expect_error 1 "file" --data "$T/city" --out "$T/file"
echo "cli_outreach_test: ok"
