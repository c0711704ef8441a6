#!/usr/bin/env bash
# The tool restarts itself under glibc's huge pages where that helps
# (lib/cli/malloc_huge_pages.h): `recommend --stats-json` reports whether the
# process runs with glibc.malloc.hugetlb, which must follow the rule below
# on this machine; the results never depend on it; the restart happens once.
# Usage: cli_huge_pages_test.sh JOBMATCH SANITIZED(0|1)
set -euo pipefail
JM="$1"
SANITIZED="$2"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$JM" generate --seekers 400 --vacancies 80 --out "$T/city" -q

# Prints the stats JSON's malloc_huge_pages of one run under the given
# environment settings (nothing else of the caller's GLIBC_TUNABLES or
# JOBMATCH_HUGE_PAGES leaks in), and keeps its output as $T/out.<n>.
n=0
huge() {
  n=$((n + 1))
  env -u GLIBC_TUNABLES -u JOBMATCH_HUGE_PAGES "$@" "$JM" recommend --data "$T/city" -k 5 -q \
    -o "$T/out.$n" --stats-json "$T/s.json"
  grep -o '"malloc_huge_pages": [a-z]*' "$T/s.json" | awk '{print $2}'
}

# Where the restart is expected: a build without sanitizers, glibc 2.35 or
# later, the kernel's THP mode "madvise", and a /proc to restart from.
thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
ver=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}' || true)
restart=false
if [[ "$SANITIZED" == 0 && "$thp" == *"[madvise]"* && -n "$ver" && -x /proc/self/exe ]] &&
  printf '%s\n2.35\n' "$ver" | sort -V -C -r 2>/dev/null; then
  restart=true
fi
echo "THP mode: '${thp:-unreadable}', glibc ${ver:-unknown}, sanitized $SANITIZED: restart expected $restart"

[[ $(huge) == "$restart" ]] || fail "default: expected malloc_huge_pages $restart"
[[ $(huge JOBMATCH_HUGE_PAGES=0) == false ]] || fail "JOBMATCH_HUGE_PAGES=0 must not restart"
[[ $(huge JOBMATCH_HUGE_PAGES=1) == "$restart" ]] || fail "JOBMATCH_HUGE_PAGES=1 is not an opt-out"
[[ $(huge GLIBC_TUNABLES=glibc.malloc.hugetlb=0) == false ]] ||
  fail "the user's glibc.malloc.hugetlb=0 must be kept"
[[ $(huge GLIBC_TUNABLES=glibc.malloc.hugetlb=1) == true ]] ||
  fail "the user's glibc.malloc.hugetlb=1 must be reported"
[[ $(huge GLIBC_TUNABLES=glibc.malloc.arena_max=2) == "$restart" ]] ||
  fail "another tunable must not stop the restart"
for i in $(seq 2 "$n"); do
  cmp -s "$T/out.1" "$T/out.$i" || fail "run $i wrote other results than run 1"
done

# Exactly one restart (and none when opted out), where strace can tell.
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
  execs() {
    env -u GLIBC_TUNABLES -u JOBMATCH_HUGE_PAGES "$@" strace -f -e trace=execve -o "$T/st" \
      "$JM" recommend --data "$T/city" -k 5 -q -o /dev/null
    grep -c 'execve(' "$T/st"
  }
  want=1
  [[ "$restart" == true ]] && want=2
  [[ $(execs) == "$want" ]] || fail "expected $want execve calls"
  [[ $(execs JOBMATCH_HUGE_PAGES=0) == 1 ]] || fail "opted out, yet restarted"
  [[ $(execs GLIBC_TUNABLES=glibc.malloc.arena_max=2) == "$want" ]] ||
    fail "expected $want execve calls with another tunable set"
fi
echo "cli_huge_pages_test: ok"
