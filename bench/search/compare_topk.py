#!/usr/bin/python3
# Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
"""Compares jobmatch's exact top-k with FAISS and with a numpy oracle.

One run, one data set per comparison, one thread count (--threads):

 1. Embedding-only top-k (k=20, vacancies for each seeker): jobmatch with a
    policy whose only non-zero weight is the embedding (no rules, no kind
    restrictions, no commute or accessibility eligibility) against
    faiss.IndexFlatIP on the same L2-normalised embeddings. Ranking by
    (1 + cos) / 2 equals ranking by the inner product, so both must return the
    same lists up to near-ties in the last float bit.
 2. Full default score: an independent, vectorised numpy implementation of
    the whole score (all components, priority boosts with the cap, hard
    eligibility), read from the policy JSON that `jobmatch policy` prints, in
    seeker blocks with np.argpartition and the tie-break (score desc, vacancy
    row asc), against `jobmatch recommend` on the same, smaller city.

Every disagreement is analysed and printed: the seeker is re-scored with the
embedding dot products accumulated the way jobmatch accumulates them (one
fused multiply-add per coordinate, in order); a disagreement that this
re-scoring removes is a floating-point near-tie, one that remains is a
formula mismatch (a bug in jobmatch or in this oracle) and is reported with a
`jobmatch explain` reproduction.

Usage (repository root):
  /usr/bin/python3 bench/compare_topk.py --jobmatch build/jobmatch
  /usr/bin/python3 bench/compare_topk.py --quick          # smoke test, seconds

Exit status: 0 when the results agree within the thresholds
(--min-top1-agreement for FAISS, --min-list-agreement for numpy) and no
disagreement is left unexplained (unless --allow-unexplained); 1 otherwise;
2 on usage or runtime errors.

Needs /usr/bin/python3 with numpy, pandas, faiss and threadpoolctl (Debian:
scripts/install_deps.sh --bench). OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are
removed from the environment (the script re-executes itself without them;
--keep-env keeps them) because they select slower OpenBLAS kernels.
"""

import os
import sys

_OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
_REEXEC_MARK = "JOBMATCH_COMPARE_TOPK_REEXEC"


def _reexec_without_openblas_overrides():
  """OpenBLAS reads these when it is loaded, so drop them before numpy is."""
  if "--keep-env" in sys.argv or os.environ.get(_REEXEC_MARK):
    return
  found = [v for v in _OPENBLAS_OVERRIDES if v in os.environ]
  if not found:
    return
  env = {k: v for k, v in os.environ.items() if k not in _OPENBLAS_OVERRIDES}
  env[_REEXEC_MARK] = ",".join(f"{v}={os.environ[v]}" for v in found)
  os.execve(sys.executable, [sys.executable] + sys.argv, env)


_reexec_without_openblas_overrides()

# pylint: disable=wrong-import-position
import argparse
import concurrent.futures
import json
import math
import platform
import shutil
import statistics
import subprocess
import tempfile
import time

try:
  import numpy as np
  import pandas as pd
  import threadpoolctl
except ImportError as e:  # pragma: no cover
  sys.exit(f"compare_topk: {e}. Run with /usr/bin/python3 (Debian python3-numpy, "
           "python3-pandas, python3-threadpoolctl; scripts/install_deps.sh --bench).")

F32 = np.float32
NEG_INF = F32(-np.inf)
EARTH_RADIUS_KM = 6371.0088  # jobmatch::kEarthRadiusKm
COMPONENTS = ("skill", "embedding", "distance", "wage", "schedule", "education",
              "preference")
SEEKER_SCHEDULES = ("full_time", "school_hours", "flexible", "any")
VACANCY_SCHEDULES = ("full_time", "school_hours", "flexible")
KINDS = ("regular", "trainee", "public_welfare", "gig")


def log(msg=""):
  print(msg, flush=True)


def die(msg):
  print(f"compare_topk: error: {msg}", file=sys.stderr)
  sys.exit(2)


# --------------------------------------------------------------- jobmatch CLI


def find_jobmatch(explicit):
  """--jobmatch, else build/jobmatch (repo root, then cwd), else
  /work/build-lead/jobmatch, else `jobmatch` on PATH."""
  if explicit:
    path = os.path.abspath(explicit)
    for _ in range(15):  # a rebuild may be replacing it
      if os.path.isfile(path):
        return path
      time.sleep(2)
    die(f"{path}: no such file")
  repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
  for cand in (os.path.join(repo, "build", "jobmatch"), os.path.join("build", "jobmatch"),
               "/work/build-lead/jobmatch"):
    if os.path.isfile(cand) and os.access(cand, os.X_OK):
      return os.path.abspath(cand)
  on_path = shutil.which("jobmatch")
  if on_path:
    return on_path
  die("no jobmatch binary found (build/jobmatch, /work/build-lead/jobmatch, PATH); pass "
      "--jobmatch PATH")


def bench_env():
  # JOBMATCH_HUGE_PAGES=0: the CLI would otherwise restart under glibc's huge
  # pages (docs/cli.md, "Huge pages") while numpy and FAISS in this process
  # run on what it was started with; both sides get huge pages when this
  # script is started with GLIBC_TUNABLES=glibc.malloc.hugetlb=1.
  env = {k: v for k, v in os.environ.items() if k not in _OPENBLAS_OVERRIDES}
  env["JOBMATCH_HUGE_PAGES"] = "0"
  return env


def run_jobmatch(binary, args, capture=False):
  # The binary may be replaced by a rebuild for a moment: wait for it.
  for _ in range(60):
    if os.path.isfile(binary):
      break
    time.sleep(2)
  cmd = [binary] + [str(a) for a in args]
  log("  $ " + " ".join(cmd))
  res = subprocess.run(cmd, env=bench_env(), text=True,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE)
  if res.returncode != 0:
    sys.stderr.write(res.stderr)
    raise RuntimeError(f"jobmatch exited with {res.returncode}: {' '.join(cmd)}")
  return res.stdout if capture else res.stderr


def generate_city(binary, out, seekers, vacancies, seed, dim):
  run_jobmatch(binary, ["generate", "--seekers", seekers, "--vacancies", vacancies, "--seed",
                        seed, "--embedding-dim", dim, "--out", out])


def recommend(binary, data, policy, k, threads, out_csv, stats_json):
  """Runs `jobmatch recommend` once; returns its --stats-json."""
  run_jobmatch(binary, ["recommend", "--data", data, "--policy", policy, "--direction",
                        "vacancies", "-k", k, "--threads", threads, "--quiet", "--out",
                        out_csv, "--stats-json", stats_json])
  with open(stats_json, encoding="utf-8") as f:
    return json.load(f)


def interleave(repeat, run_jobmatch_once, run_other_once):
  """Alternates the two engines so both see the same machine load; returns
  the lists of jobmatch topk_seconds, other seconds, and jobmatch stats."""
  jm, other, stats = [], [], []
  for _ in range(repeat):
    st = run_jobmatch_once()
    stats.append(st)
    jm.append(max(st["topk_seconds"], 1e-6))  # stats have 6 decimals
    other.append(max(run_other_once(), 1e-6))
  return jm, other, stats


def timing_line(name, xs):
  return (f"  {name}: {', '.join(f'{x:.3f}' for x in xs)} s "
          f"(min {min(xs):.3f}, median {statistics.median(xs):.3f})")


def active_jobmatch_kernel():
  """The kernel set jobmatch picks (score_kernel_dispatch.cc)."""
  if os.environ.get("JOBMATCH_KERNEL") == "generic":
    return "generic"
  try:
    with open("/proc/cpuinfo", encoding="utf-8") as f:
      flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
  except OSError:
    flags = []
  return "avx2" if "avx2" in flags and "fma" in flags else "generic"


# --------------------------------------------------------------- CSV loading


def read_csv(path, usecols=None):
  # round_trip: correctly rounded decimal -> double, as jobmatch's parser.
  return pd.read_csv(path, dtype=str, keep_default_na=False, usecols=usecols,
                     encoding="utf-8")


def parse_embeddings(col, name):
  text = " ".join(col.tolist())
  flat = np.array(text.split(), dtype=np.float64)
  n = len(col)
  if n == 0 or flat.size % n != 0:
    raise ValueError(f"{name}: embeddings are missing or of unequal dimension")
  return flat.astype(F32).reshape(n, flat.size // n)


def normalise_like_jobmatch(x):
  """dataset.cc AppendNormalised: norm^2 summed in double in coordinate order,
  inv = float(1 / sqrt(norm2)), each value multiplied by inv in float."""
  x64 = x.astype(np.float64)
  norm2 = np.zeros(x.shape[0])
  for j in range(x.shape[1]):
    norm2 += x64[:, j] * x64[:, j]
  with np.errstate(divide="ignore"):
    inv = np.where(norm2 > 0, 1.0 / np.sqrt(norm2), 0.0).astype(F32)
  return (x * inv[:, None]).astype(F32)


def load_embeddings(data_dir, which):
  df = read_csv(os.path.join(data_dir, f"{which}.csv"), usecols=["id", "embedding"])
  return df["id"].tolist(), normalise_like_jobmatch(parse_embeddings(df["embedding"], which))


def to_points(lat, lon):
  """dataset.cc LatLonToPoint, with libm cos/sin as in C++."""
  k_deg = math.pi / 180.0
  pts = np.empty((len(lat), 3), dtype=F32)
  for i, (a, b) in enumerate(zip(lat, lon)):
    phi, lam = float(a) * k_deg, float(b) * k_deg
    pts[i, 0] = F32(EARTH_RADIUS_KM * math.cos(phi) * math.cos(lam))
    pts[i, 1] = F32(EARTH_RADIUS_KM * math.cos(phi) * math.sin(lam))
    pts[i, 2] = F32(EARTH_RADIUS_KM * math.sin(phi))
  return pts


def items(text):
  return [t.strip() for t in text.split(";") if t.strip()]


def parse_bool(text):
  t = text.strip().lower()
  if t in ("", "false", "0", "no"):
    return False
  if t in ("true", "1", "yes"):
    return True
  raise ValueError(f"not a boolean: {text!r}")


def num(text, default, typ):
  t = text.strip()
  return typ(float(t)) if t else default


class City:
  """The columns of skills.csv, seekers.csv, vacancies.csv the score reads."""

  def __init__(self, data_dir):
    skills = read_csv(os.path.join(data_dir, "skills.csv"))["skill"].str.strip().tolist()
    self.skill_id = {n: i for i, n in enumerate(skills)}
    self.industry_id = {}
    s = read_csv(os.path.join(data_dir, "seekers.csv"))
    v = read_csv(os.path.join(data_dir, "vacancies.csv"))
    self.seeker_ids = s["id"].tolist()
    self.vacancy_ids = v["id"].tolist()
    ns, nv = len(s), len(v)

    self.s_points = to_points(s["lat"], s["lon"])
    self.s_groups = [set(items(g)) for g in s["groups"]]
    self.s_levels = np.zeros((ns, max(1, len(skills))), dtype=np.uint8)
    for i, txt in enumerate(s["skills"]):
      for it in items(txt):
        name, level = it.split(":")
        self.s_levels[i, self.skill_id[name.strip()]] = int(level)
    self.s_edu = np.array([num(t, 0, int) for t in s["education"]], dtype=F32)
    self.s_res = np.array([num(t, F32(0), F32) for t in s["reservation_wage"]], dtype=F32)
    self.s_commute = np.array([num(t, F32(0), F32) for t in s["max_commute_km"]], dtype=F32)
    self.s_sched = np.array(
        [SEEKER_SCHEDULES.index(t.strip().lower() or "any") for t in s["schedule"]], dtype=np.int64)
    self.s_access = np.array([parse_bool(t) for t in s["needs_accessibility"]], dtype=bool)
    self.s_remote = np.array([parse_bool(t) for t in s["accepts_remote"]], dtype=bool)
    self.s_months = np.array([num(t, 0, int) for t in s["months_unemployed"]], dtype=np.int64)
    self.s_prefs = [[self._industry(n) for n in items(t)] for t in s["preferred_industries"]]

    self.v_points = to_points(v["lat"], v["lon"])
    self.v_reqs = []
    for txt in v["requirements"]:
      reqs = []
      for it in items(txt):
        parts = it.split(":")
        imp = F32(float(parts[2])) if len(parts) == 3 else F32(1)
        reqs.append((self.skill_id[parts[0].strip()], int(parts[1]), imp))
      self.v_reqs.append(reqs)
    self.v_min_edu = np.array([num(t, 0, int) for t in v["min_education"]], dtype=F32)
    wmin = [num(t, F32(0), F32) for t in v["wage_min"]]
    self.v_wage_max = np.array(
        [num(t, wmin[i], F32) for i, t in enumerate(v["wage_max"])], dtype=F32)
    self.v_sched = np.array(
        [VACANCY_SCHEDULES.index(t.strip().lower() or "full_time") for t in v["schedule"]],
        dtype=np.int64)
    self.v_access = np.array([parse_bool(t) for t in v["accessible"]], dtype=bool)
    self.v_remote = np.array([parse_bool(t) for t in v["remote"]], dtype=bool)
    self.v_kind = np.array([KINDS.index(t.strip().lower() or "regular") for t in v["kind"]],
                           dtype=np.int64)
    self.v_industry = np.array([self._industry(t.strip() or "unspecified") for t in v["industry"]],
                               dtype=np.int64)
    self.s_emb = self.v_emb = None
    if "embedding" in s.columns and "embedding" in v.columns:
      self.s_emb = normalise_like_jobmatch(parse_embeddings(s["embedding"], "seekers"))
      self.v_emb = normalise_like_jobmatch(parse_embeddings(v["embedding"], "vacancies"))

  def _industry(self, name):
    return self.industry_id.setdefault(name, len(self.industry_id))


# --------------------------------------------------------------- policy


class Policy:
  """A jobmatch policy file (docs/policy_file.md); missing keys take the
  defaults of jobmatch::Policy (policy.h)."""

  def __init__(self, j):
    self.weights = [F32(x) for x in (0.40, 0.15, 0.15, 0.10, 0.10, 0.05, 0.05)]
    for c, name in enumerate(COMPONENTS):
      if name in j.get("weights", {}):
        self.weights[c] = F32(j["weights"][name])
    sc = j.get("scoring", {})
    self.partial_credit = F32(sc.get("partial_credit_per_grade", 0.25))
    self.default_commute = F32(sc.get("default_max_commute_km", 15.0))
    self.wage_zero_ratio = F32(sc.get("wage_zero_ratio", 0.5))
    self.edu_penalty = F32(sc.get("education_penalty_per_level", 0.5))
    self.neutral_pref = F32(sc.get("neutral_preference", 0.5))
    fit = [[1.0, 0.5, 0.7], [0.2, 1.0, 0.8], [0.4, 0.8, 1.0], [1.0, 1.0, 1.0]]
    for a, an in enumerate(SEEKER_SCHEDULES):
      for b, bn in enumerate(VACANCY_SCHEDULES):
        fit[a][b] = sc.get("schedule_fit", {}).get(an, {}).get(bn, fit[a][b])
    self.schedule_fit = np.array(fit, dtype=F32)
    pr = j.get("priority", {})
    self.max_boost = F32(pr.get("max_total_boost", 0.25))
    self.rules = pr.get("rules", [])
    el = j.get("eligibility", {})
    self.enforce_commute = bool(el.get("enforce_max_commute", True))
    self.enforce_access = bool(el.get("enforce_accessibility", True))
    self.enforce_edu = bool(el.get("enforce_min_education", False))
    self.enforce_wage = bool(el.get("enforce_reservation_wage", False))
    self.kind_groups = {}
    for kr in el.get("kind_restrictions", []):
      self.kind_groups.setdefault(KINDS.index(kr["kind"]), set()).update(kr["groups"])


class Oracle:
  """The full score of every (seeker, vacancy) pair, vectorised with numpy in
  float32 with the operation order of lib/score_kernel_impl.inc."""

  def __init__(self, city, policy, kernel):
    self.c, self.p, self.kernel = city, policy, kernel
    c, p = city, policy
    ns, nv = len(c.seeker_ids), len(c.vacancy_ids)
    self.use_emb = p.weights[1] > 0 and c.s_emb is not None and c.v_emb is not None
    wsum = F32(0)
    for i, w in enumerate(p.weights):
      if i != 1 or self.use_emb:
        wsum = F32(wsum + w)
    if not wsum > 0:
      raise ValueError("policy: the weights of the components in use sum to 0")
    self.w = [F32(0) if (i == 1 and not self.use_emb) else F32(w / wsum)
              for i, w in enumerate(p.weights)]
    self.wage_inv_span = F32(F32(1) / F32(F32(1) - p.wage_zero_ratio))

    # Seeker side.
    self.commute = np.where(c.s_commute > 0, c.s_commute, p.default_commute).astype(F32)
    self.no_access_need = ~c.s_access if p.enforce_access else np.ones(ns, dtype=bool)
    self.kind_ok = np.ones((ns, len(KINDS)), dtype=bool)
    for kind, groups in p.kind_groups.items():
      self.kind_ok[:, kind] = [bool(g & groups) for g in c.s_groups]
    self.pref_neutral = np.array([p.neutral_pref if not pr else F32(-1) for pr in c.s_prefs],
                                 dtype=F32)
    n_ind = max(1, len(c.industry_id))
    self.pref_hit = np.zeros((ns, n_ind), dtype=F32)
    for i, pr in enumerate(c.s_prefs):
      self.pref_hit[i, pr] = 1
    self.sched_fit = p.schedule_fit[c.s_sched]  # (ns, 3)

    # Priority rules: seeker-side and vacancy-side conditions, the boost of
    # every (seeker profile, vacancy profile) pair summed in rule order in
    # float and capped.
    def seeker_mask(i):
      m = 0
      for r, rule in enumerate(p.rules):
        ok = not rule.get("groups") or bool(c.s_groups[i] & set(rule["groups"]))
        ok = ok and c.s_months[i] >= int(rule.get("min_months_unemployed", 0))
        sch = rule.get("seeker_schedules", [])
        ok = ok and (not sch or SEEKER_SCHEDULES[c.s_sched[i]] in sch)
        m |= int(ok) << r
      return m

    def vacancy_mask(j):
      m = 0
      for r, rule in enumerate(p.rules):
        ok = not rule.get("kinds") or KINDS[c.v_kind[j]] in rule["kinds"]
        inds = rule.get("industries", [])
        for name in inds:
          if name not in c.industry_id:
            raise ValueError(f"policy rule '{rule['name']}': unknown industry '{name}'")
        ok = ok and (not inds or c.v_industry[j] in [c.industry_id[n] for n in inds])
        sch = rule.get("schedules", [])
        ok = ok and (not sch or VACANCY_SCHEDULES[c.v_sched[j]] in sch)
        m |= int(ok) << r
      return m

    def intern(masks):
      ids, table = {}, []
      out = np.empty(len(masks), dtype=np.int64)
      for i, m in enumerate(masks):
        if m not in ids:
          ids[m] = len(table)
          table.append(m)
        out[i] = ids[m]
      return out, table

    self.profile, s_masks = intern([seeker_mask(i) for i in range(ns)])
    self.v_profile, v_masks = intern([vacancy_mask(j) for j in range(nv)])
    self.boost_table = np.zeros((len(s_masks), len(v_masks)), dtype=F32)
    for a, sm in enumerate(s_masks):
      for b, vm in enumerate(v_masks):
        total = F32(0)
        for r, rule in enumerate(p.rules):
          if (sm & vm) >> r & 1:
            total = F32(total + F32(rule["weight"]))
        self.boost_table[a, b] = min(p.max_boost, total)

    # Skills: requirement slot r of every vacancy (padding: importance 0,
    # which adds 0 * credit = 0 to the coverage).
    nslots = max([len(r) for r in c.v_reqs] + [0])
    self.req_skill = np.zeros((nslots, nv), dtype=np.int64)
    self.req_level = np.zeros((nslots, nv), dtype=F32)
    self.req_nimp = np.zeros((nslots, nv), dtype=F32)
    self.has_req = np.array([len(r) > 0 for r in c.v_reqs], dtype=bool)
    for j, reqs in enumerate(c.v_reqs):
      total = F32(0)
      for _, _, imp in reqs:
        total = F32(total + imp)
      for r, (skill, min_level, imp) in enumerate(reqs):
        self.req_skill[r, j] = skill
        self.req_level[r, j] = min_level
        self.req_nimp[r, j] = F32(imp / total)
    self.vrange = np.arange(nv)

  def dots(self, rows):
    return self.c.s_emb[rows] @ self.c.v_emb.T

  def dots_like_jobmatch(self, rows):
    """Inner products accumulated in coordinate order with one rounding per
    step, as DotTileAvx2 (fused multiply-add: the float64 product of two
    floats is exact) or DotTileGeneric (multiply, round, add)."""
    a = self.c.s_emb[rows].astype(np.float64)
    b = self.c.v_emb.astype(np.float64)
    acc = np.zeros((len(rows), b.shape[0]), dtype=F32)
    for k in range(a.shape[1]):
      prod = a[:, k:k + 1] * b[None, :, k]
      if self.kernel == "generic":
        acc = acc + prod.astype(F32)
      else:
        acc = (acc.astype(np.float64) + prod).astype(F32)
    return acc

  def score(self, rows, dots=None, parts=False):
    """Scores of seekers `rows` (int array) against all vacancies: (len, nv)
    float32, -inf for ineligible pairs. With parts=True also returns the
    component values, boost and eligibility.

    Each component is the kernel's float expression; selections are written
    without np.where (slow on irregular masks) where that is exact: a value
    known to be >= 1 is clamped with min(1, .), a remote pair's distance fit
    of 1 is max(fit, 1), a 0/1 factor multiplies, and ineligible pairs get
    + (-inf) (x + 0 is x)."""
    c, p, w = self.c, self.p, self.w
    one, zero = F32(1), F32(0)
    n, m = len(rows), len(self.vrange)
    out_parts = {}
    tmp = np.empty((n, m), dtype=F32)
    # Skill coverage: credit = min(1, max(0, 1 - pc * (need - level))), which
    # is 1 for level >= need, times (level != 0); cov += nimp * credit.
    if w[0] != 0:
      lv = c.s_levels[rows]
      cov = np.zeros((n, m), dtype=F32)
      for r in range(self.req_skill.shape[0]):
        lvl = lv[:, self.req_skill[r]]
        np.subtract(self.req_level[r][None, :], lvl, out=tmp, dtype=F32)
        np.multiply(tmp, p.partial_credit, out=tmp)
        np.subtract(one, tmp, out=tmp)
        np.maximum(tmp, zero, out=tmp)
        np.minimum(tmp, one, out=tmp)
        np.multiply(tmp, lvl != 0, out=tmp)
        np.multiply(tmp, self.req_nimp[r][None, :], out=tmp)
        np.add(cov, tmp, out=cov)
      cov[:, ~self.has_req] = one
      acc = np.multiply(cov, w[0])
      out_parts["skill"] = cov
    else:
      acc = np.zeros((n, m), dtype=F32)
    # Embedding.
    if w[1] != 0:
      e = self.dots(rows) if dots is None else dots.copy()
      np.add(e, one, out=e)
      np.multiply(e, F32(0.5), out=e)
      np.maximum(e, zero, out=e)
      np.minimum(e, one, out=e)
      out_parts["embedding"] = e.copy() if parts else None
      np.multiply(e, w[1], out=e)
      np.add(acc, e, out=acc)
      del e
    # Distance: ((dx*dx + dy*dy) + dz*dz), sqrt; fit max(0, 1 - d / dmax), or 1
    # for a remote post the seeker accepts.
    sp, vp = c.s_points[rows], c.v_points
    dist = np.subtract(sp[:, 0:1], vp[None, :, 0])
    np.multiply(dist, dist, out=dist)
    np.subtract(sp[:, 1:2], vp[None, :, 1], out=tmp)
    np.multiply(tmp, tmp, out=tmp)
    np.add(dist, tmp, out=dist)
    np.subtract(sp[:, 2:3], vp[None, :, 2], out=tmp)
    np.multiply(tmp, tmp, out=tmp)
    np.add(dist, tmp, out=dist)
    np.sqrt(dist, out=dist)
    dmax = self.commute[rows][:, None]
    remote_ok = c.s_remote[rows][:, None] & c.v_remote[None, :]
    fd = np.divide(dist, dmax)
    np.subtract(one, fd, out=fd)
    np.maximum(fd, zero, out=fd)
    np.maximum(fd, remote_ok, out=fd)
    out_parts["distance"] = fd
    if w[2] != 0:
      np.multiply(fd, w[2], out=tmp)
      np.add(acc, tmp, out=acc)
    ok = self.kind_ok[rows][:, c.v_kind]
    ok &= c.v_access[None, :] | self.no_access_need[rows][:, None] | remote_ok
    if p.enforce_commute:
      ok &= remote_ok | (dist <= dmax)
    # Wage: ratio = wmax / r, fit min(1, max(0, (ratio - z) * inv)); 1 when
    # the seeker states no reservation wage (r = 0).
    res = c.s_res[rows]
    wmax = c.v_wage_max[None, :]
    if w[3] != 0:
      f = np.divide(wmax, np.where(res > 0, res, one)[:, None])
      np.subtract(f, p.wage_zero_ratio, out=f)
      np.multiply(f, self.wage_inv_span, out=f)
      np.maximum(f, zero, out=f)
      np.minimum(f, one, out=f)
      f[res <= 0] = one
      out_parts["wage"] = f
      np.multiply(f, w[3], out=tmp)
      np.add(acc, tmp, out=acc)
    if p.enforce_wage:
      ok &= res[:, None] <= wmax
    # Schedule.
    if w[4] != 0:
      sf = self.sched_fit[rows][:, c.v_sched]
      out_parts["schedule"] = sf
      np.multiply(sf, w[4], out=tmp)
      np.add(acc, tmp, out=acc)
    # Education: gap <= 0 gives 1 - pen * gap >= 1, so min(1, .) is the 1.
    edu = c.s_edu[rows][:, None]
    me = c.v_min_edu[None, :]
    if w[5] != 0:
      f = np.subtract(me, edu)
      np.multiply(f, p.edu_penalty, out=f)
      np.subtract(one, f, out=f)
      np.maximum(f, zero, out=f)
      np.minimum(f, one, out=f)
      out_parts["education"] = f
      np.multiply(f, w[5], out=tmp)
      np.add(acc, tmp, out=acc)
    if p.enforce_edu:
      ok &= edu >= me
    # Preference: the neutral value for seekers without preferences.
    if w[6] != 0:
      pn = self.pref_neutral[rows]
      f = self.pref_hit[rows][:, c.v_industry]
      neutral = pn >= 0
      f[neutral] = pn[neutral][:, None]
      out_parts["preference"] = f
      np.multiply(f, w[6], out=tmp)
      np.add(acc, tmp, out=acc)
    boost = self.boost_table[self.profile[rows]][:, self.v_profile]
    s = np.add(acc, boost)
    np.add(s, self.INELIGIBLE[ok.view(np.uint8)], out=s)
    if parts:
      out_parts.update(base=acc, boost=boost, eligible=ok, distance_km=dist)
      return s, out_parts
    return s

  INELIGIBLE = np.array([-np.inf, 0], dtype=F32)  # indexed by eligibility


def embedding_scores(dots):
  """The embedding-only score: weight 1, (1 + dot) / 2 clamped to [0, 1]."""
  return np.minimum(F32(1), np.maximum(F32(0), F32(0.5) * (F32(1) + dots))).astype(F32)


# --------------------------------------------------------------- top-k


def topk(scores, k):
  """Row-wise top-k by (score desc, column asc), skipping -inf. Returns
  (index, score), (rows, k), padded with (-1, -inf)."""
  b, n = scores.shape
  kk = min(k, n)
  idx = np.full((b, k), -1, dtype=np.int64)
  val = np.full((b, k), NEG_INF, dtype=F32)
  if b == 0 or kk == 0:
    return idx, val
  neg = np.negative(scores)  # ascending; ineligible = +inf
  part = np.argpartition(neg, kk - 1, axis=1)[:, :kk]
  kth = np.take_along_axis(neg, part, 1).max(axis=1)
  count = (neg <= kth[:, None]).sum(axis=1)
  fast = np.nonzero((count == kk) & np.isfinite(kth))[0]
  if fast.size:
    pf = np.sort(part[fast], axis=1)
    nf = neg[fast[:, None], pf]
    order = np.argsort(nf, axis=1, kind="stable")
    idx[fast, :kk] = np.take_along_axis(pf, order, 1)
    val[fast, :kk] = -np.take_along_axis(nf, order, 1)
  # Ties at the k-th score, or fewer than k eligible candidates.
  for r in np.nonzero(~((count == kk) & np.isfinite(kth)))[0]:
    cand = np.nonzero((neg[r] <= kth[r]) & np.isfinite(neg[r]))[0]
    order = np.lexsort((cand, neg[r, cand]))[:kk]
    idx[r, :len(order)] = cand[order]
    val[r, :len(order)] = -neg[r, cand[order]]
  return idx, val


def read_recommendations(path, seeker_ids, vacancy_ids, k):
  df = pd.read_csv(path, dtype={"seeker_id": str, "vacancy_id": str, "rank": np.int64,
                                "score": np.float64}, keep_default_na=False)
  srow = pd.Index(seeker_ids).get_indexer(df["seeker_id"])
  vrow = pd.Index(vacancy_ids).get_indexer(df["vacancy_id"])
  if (srow < 0).any() or (vrow < 0).any():
    raise ValueError(f"{path}: unknown seeker or vacancy id")
  idx = np.full((len(seeker_ids), k), -1, dtype=np.int64)
  val = np.full((len(seeker_ids), k), NEG_INF, dtype=F32)
  rank = df["rank"].to_numpy() - 1
  idx[srow, rank] = vrow
  val[srow, rank] = df["score"].to_numpy().astype(F32)
  return idx, val


def blas_info():
  out = []
  for lib in threadpoolctl.threadpool_info():
    out.append({k: lib.get(k) for k in ("user_api", "internal_api", "version", "architecture",
                                        "threading_layer", "num_threads", "filepath")})
  return out


def fmt_time(s):
  return f"{s:.3f} s"


def faster(ratio, other):
  if ratio > 1:
    return f"jobmatch {ratio:.2f}x faster than {other}"
  return f"{other} {1 / ratio:.2f}x faster than jobmatch"


# --------------------------------------------------------------- part 1: FAISS


def compare_faiss(args, binary, data, work, kernel, summary):
  import faiss  # pylint: disable=import-outside-toplevel
  k, t = args.k, args.threads
  log("\n=== Embedding-only top-k: jobmatch vs faiss.IndexFlatIP ===")
  policy = {
      "format_version": 1,
      "name": "embedding-only",
      "weights": {c: (1.0 if c == "embedding" else 0.0) for c in COMPONENTS},
      "priority": {"max_total_boost": 0.0, "rules": []},
      "eligibility": {"enforce_max_commute": False, "enforce_accessibility": False,
                      "enforce_min_education": False, "enforce_reservation_wage": False,
                      "kind_restrictions": []},
  }
  policy_path = os.path.join(work, "policy_embedding_only.json")
  with open(policy_path, "w", encoding="utf-8") as f:
    json.dump(policy, f, indent=2)
  out_csv = os.path.join(work, "jobmatch_embedding_only.csv")
  stats = os.path.join(work, "stats_embedding_only.json")
  seeker_ids, S = load_embeddings(data, "seekers")
  vacancy_ids, V = load_embeddings(data, "vacancies")
  ns, d = S.shape
  nv = V.shape[0]
  log(f"  data: {ns} seekers x {nv} vacancies, d={d}, k={k}, threads={t}")
  faiss.omp_set_num_threads(t)
  for lib in blas_info():
    log(f"  threadpool after importing faiss: {lib['user_api']}/{lib['internal_api']} "
        f"{lib['version'] or ''} {lib['architecture'] or ''} ({lib['filepath']})")
  result = {}

  def faiss_once():
    with threadpoolctl.threadpool_limits(limits=t, user_api="blas"):
      t0 = time.perf_counter()
      result["D"], result["I"] = index.search(S, k)
      return time.perf_counter() - t0

  with threadpoolctl.threadpool_limits(limits=t, user_api="blas"):
    t0 = time.perf_counter()
    index = faiss.IndexFlatIP(d)
    index.add(V)
    add_s = time.perf_counter() - t0
  load0 = os.getloadavg()[0]
  jm_times, times, runs = interleave(
      args.repeat, lambda: recommend(binary, data, policy_path, k, t, out_csv, stats), faiss_once)
  D, I = result["D"], result["I"]
  jm, fs = min(jm_times), min(times)
  jm_med, fs_med = statistics.median(jm_times), statistics.median(times)
  log(timing_line("jobmatch topk_seconds", jm_times) +
      f"; load {runs[-1]['load_seconds']:.2f} s, index {runs[-1]['index_seconds']:.2f} s")
  log(timing_line("faiss search seconds ", times) +
      f"; add {add_s:.3f} s; faiss {faiss.__version__}, "
      f"omp threads {faiss.omp_get_max_threads()}")
  log(f"  load average (1 min) before/after: {load0:.2f} / {os.getloadavg()[0]:.2f}")

  jm_idx, jm_val = read_recommendations(out_csv, seeker_ids, vacancy_ids, k)
  fa_val = np.where(I >= 0, embedding_scores(D), NEG_INF)  # FAISS pads with -1 when nv < k
  top1 = jm_idx[:, 0] == I[:, 0]
  lists = (jm_idx == I).all(axis=1)
  overlap = np.mean([len(set(a) & set(b)) / k for a, b in zip(jm_idx[:2000], I[:2000])])
  both = (jm_idx >= 0) & (I >= 0)
  max_diff = float(np.max(np.abs(jm_val[both].astype(np.float64) -
                                 fa_val[both].astype(np.float64)), initial=0.0))
  top1_pct = 100.0 * top1.mean()
  list_pct = 100.0 * lists.mean()
  log(f"  agreement: top-1 identical for {top1.sum()}/{ns} seekers ({top1_pct:.4f} %); "
      f"all {k} ranks identical for {lists.sum()}/{ns} ({list_pct:.3f} %); "
      f"mean top-{k} overlap (first 2000 seekers) {100 * overlap:.3f} %")
  log(f"  max |score_jobmatch - (1 + D_faiss) / 2| over all ranks: {max_diff:.3g}")

  # Seekers to analyse: a different list, or a score off by more than dot
  # rounding can explain (FAISS's sgemm may sum in another order). Each is
  # re-ranked with the dots accumulated in jobmatch's order.
  with np.errstate(invalid="ignore"):
    score_off = ((np.abs(jm_val.astype(np.float64) - fa_val.astype(np.float64)) > 1e-6) &
                 (I >= 0)).any(axis=1)
  bad = np.nonzero(~lists | score_off)[0]
  explained = 0
  unexplained = [int(s) for s in bad[args.max_recheck:]]  # not re-checked: counted as such
  b64 = V.astype(np.float64)
  for s in bad[:args.max_recheck]:
    acc = np.zeros(nv, dtype=F32)
    a64 = S[s].astype(np.float64)
    for j in range(d):
      if kernel == "generic":
        acc = acc + (a64[j] * b64[:, j]).astype(F32)
      else:
        acc = (acc.astype(np.float64) + a64[j] * b64[:, j]).astype(F32)
    ridx, rval = topk(embedding_scores(acc)[None, :], k)
    if (ridx[0] == jm_idx[s]).all() and (rval[0] == jm_val[s]).all():
      explained += 1
    else:
      unexplained.append(int(s))
  if bad.size:
    log(f"  disagreement analysis: {bad.size} seekers with a different list or a score "
        f"off by > 1e-6 ({(~lists).sum()} lists, {score_off.sum()} scores); "
        f"{explained} reproduce jobmatch bit for bit when the dots are accumulated in jobmatch's "
        f"order ({kernel} kernel), i.e. near-ties decided by the last float bit; "
        f"{len(unexplained)} unexplained")
    for s in bad[:args.show]:
      with np.errstate(invalid="ignore"):
        r = int(np.nonzero((jm_idx[s] != I[s]) | (np.abs(jm_val[s] - fa_val[s]) > 1e-6))[0][0])
      dj = float(S[s].astype(np.float64) @ V[jm_idx[s, r]].astype(np.float64))
      df_ = float(S[s].astype(np.float64) @ V[I[s, r]].astype(np.float64))
      log(f"    seeker {seeker_ids[s]} rank {r + 1}: jobmatch {vacancy_ids[jm_idx[s, r]]} "
          f"score {jm_val[s, r]:.9g} (exact dot {dj:.10f}); faiss {vacancy_ids[I[s, r]]} "
          f"D {D[s, r]:.9g} (exact dot {df_:.10f}); |exact dot gap| {abs(dj - df_):.2g}")
  res = {
      "seekers": ns, "vacancies": nv, "dim": d, "k": k, "threads": t,
      "jobmatch_topk_seconds": jm, "jobmatch_topk_seconds_median": jm_med,
      "jobmatch_topk_seconds_all": jm_times,
      "faiss_search_seconds": fs, "faiss_search_seconds_median": fs_med,
      "faiss_search_seconds_all": times,
      "faiss_add_seconds": add_s, "faiss_version": faiss.__version__,
      "ratio_faiss_over_jobmatch": fs / jm, "ratio_faiss_over_jobmatch_median": fs_med / jm_med,
      "loadavg_before_after": [load0, os.getloadavg()[0]],
      "top1_agreement_pct": top1_pct, "list_agreement_pct": list_pct,
      "max_score_diff": max_diff, "disagreeing_seekers": int(bad.size),
      "explained_by_dot_rounding": explained, "unexplained": len(unexplained),
      "unexplained_seekers": [seeker_ids[s] for s in unexplained[:20]],
  }
  ok = top1_pct >= args.min_top1_agreement and (args.allow_unexplained or not unexplained)
  res["pass"] = bool(ok)
  log(f"  jobmatch {fmt_time(jm)} vs faiss {fmt_time(fs)} (fastest runs): ratio faiss/jobmatch "
      f"{fs / jm:.2f} ({faster(fs / jm, 'faiss')}); medians {jm_med:.3f} vs {fs_med:.3f} s, "
      f"ratio {fs_med / jm_med:.2f}")
  log(f"  {'PASS' if ok else 'FAIL'}: top-1 agreement {top1_pct:.4f} % "
      f"(threshold {args.min_top1_agreement} %), unexplained {len(unexplained)}")
  summary["faiss"] = res
  return ok


# --------------------------------------------------------------- part 2: numpy


def compare_numpy(args, binary, data, work, kernel, summary):
  k, t = args.k, args.threads
  log("\n=== Full default score: jobmatch vs numpy oracle ===")
  policy_path = os.path.join(work, "policy_default.json")
  text = run_jobmatch(binary, ["policy"], capture=True)
  with open(policy_path, "w", encoding="utf-8") as f:
    f.write(text)
  out_csv = os.path.join(work, "jobmatch_full.csv")
  stats = os.path.join(work, "stats_full.json")
  t0 = time.perf_counter()
  city = City(data)
  load_s = time.perf_counter() - t0
  t0 = time.perf_counter()
  oracle = Oracle(city, Policy(json.loads(text)), kernel)
  prep_s = time.perf_counter() - t0
  ns, nv = len(city.seeker_ids), len(city.vacancy_ids)
  dim = city.s_emb.shape[1] if city.s_emb is not None else 0
  log(f"  data: {ns} seekers x {nv} vacancies, d={dim}, k={k}; numpy load {load_s:.2f} s, "
      f"prep {prep_s:.2f} s; {len(oracle.p.rules)} rules, "
      f"{oracle.boost_table.shape[0]}x{oracle.boost_table.shape[1]} boost profiles")
  workers = args.numpy_workers or t
  # About 16 MB per float32 temporary, and at least one block per worker.
  block = args.numpy_block or int(max(16, min(4096, 4_000_000 // max(nv, 1),
                                               -(-ns // workers))))
  blas_threads = max(1, t // workers)
  np_idx = np.full((ns, k), -1, dtype=np.int64)
  np_val = np.full((ns, k), NEG_INF, dtype=F32)
  np_at_jm = np.full((ns, k), NEG_INF, dtype=F32)  # numpy's score of jobmatch's picks

  jm_idx = jm_val = None

  def work_block(s0):
    rows = np.arange(s0, min(ns, s0 + block))
    sc = oracle.score(rows)
    np_idx[rows], np_val[rows] = topk(sc, k)
    ji = jm_idx[rows]
    np_at_jm[rows] = np.where(ji >= 0, np.take_along_axis(sc, np.maximum(ji, 0), 1), NEG_INF)

  def jobmatch_once():
    nonlocal jm_idx, jm_val
    st = recommend(binary, data, policy_path, k, t, out_csv, stats)
    if jm_idx is None:
      jm_idx, jm_val = read_recommendations(out_csv, city.seeker_ids, city.vacancy_ids, k)
    return st

  def numpy_once():
    with threadpoolctl.threadpool_limits(limits=blas_threads, user_api="blas"):
      t0 = time.perf_counter()
      with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
        list(ex.map(work_block, range(0, ns, block)))
      return time.perf_counter() - t0

  load0 = os.getloadavg()[0]
  jm_times, times, runs = interleave(args.repeat, jobmatch_once, numpy_once)
  jm, npt = min(jm_times), min(times)
  jm_med, np_med = statistics.median(jm_times), statistics.median(times)
  log(timing_line("jobmatch topk_seconds   ", jm_times) +
      f"; load {runs[-1]['load_seconds']:.2f} s, index {runs[-1]['index_seconds']:.2f} s")
  log(timing_line("numpy score+top-k seconds", times) +
      f"; {workers} worker threads x {blas_threads} BLAS threads, blocks of {block} seekers")
  log(f"  load average (1 min) before/after: {load0:.2f} / {os.getloadavg()[0]:.2f}")

  same = (np_idx == jm_idx).all(axis=1)
  list_pct = 100.0 * same.mean()
  top1_pct = 100.0 * (np_idx[:, 0] == jm_idx[:, 0]).mean()
  valid = jm_idx >= 0
  diff = np.abs(np_at_jm[valid].astype(np.float64) - jm_val[valid].astype(np.float64))
  max_diff = float(diff.max()) if diff.size else 0.0
  bit_equal = 100.0 * float((np_at_jm[valid] == jm_val[valid]).mean()) if diff.size else 100.0
  lens_j, lens_n = valid.sum(1), (np_idx >= 0).sum(1)
  log(f"  agreement: rank-by-rank identical lists for {same.sum()}/{ns} seekers "
      f"({list_pct:.3f} %); top-1 identical {top1_pct:.3f} %")
  log(f"  scores of jobmatch's {valid.sum()} recommended pairs: numpy equal bit for bit "
      f"for {bit_equal:.3f} %, max |difference| {max_diff:.3g}")
  log(f"  seekers with fewer than {k} eligible vacancies: jobmatch {(lens_j < k).sum()}, "
      f"numpy {(lens_n < k).sum()}; with none: jobmatch {(lens_j == 0).sum()}, "
      f"numpy {(lens_n == 0).sum()}")

  # Seekers to analyse: a different list, or a score not equal bit for bit.
  score_differs = ((np_at_jm != jm_val) & valid).any(axis=1)
  bad = np.nonzero(~same | score_differs)[0]
  explained = 0
  unexplained = [int(s) for s in bad[args.max_recheck:]]  # not re-checked: counted as such
  for s in bad[:args.max_recheck]:
    rows = np.array([s])
    sc = oracle.score(rows, dots=oracle.dots_like_jobmatch(rows) if oracle.use_emb else None)
    ridx, rval = topk(sc, k)
    if (ridx[0] == jm_idx[s]).all() and (rval[0][ridx[0] >= 0] == jm_val[s][ridx[0] >= 0]).all():
      explained += 1
    else:
      unexplained.append(int(s))
  if bad.size:
    log(f"  disagreement analysis: {bad.size} seekers with a different list or a score not "
        f"equal bit for bit ({(~same).sum()} lists, {score_differs.sum()} scores); {explained} "
        f"reproduce jobmatch bit for bit when the dots are accumulated in jobmatch's order "
        f"({kernel} kernel), i.e. near-ties decided by the last float bit of the embedding "
        f"dot; {len(unexplained)} unexplained")
    for s in bad[:args.show]:
      r = int(np.nonzero((np_idx[s] != jm_idx[s]) | (np_at_jm[s] != jm_val[s]))[0][0])
      log(f"    seeker {city.seeker_ids[s]} rank {r + 1}: jobmatch "
          f"{city.vacancy_ids[jm_idx[s, r]] if jm_idx[s, r] >= 0 else '-'} score "
          f"{jm_val[s, r]:.9g} (numpy {np_at_jm[s, r]:.9g}); numpy "
          f"{city.vacancy_ids[np_idx[s, r]] if np_idx[s, r] >= 0 else '-'} score "
          f"{np_val[s, r]:.9g}; gap {abs(float(jm_val[s, r]) - float(np_val[s, r])):.3g}"
          f"{'  UNEXPLAINED' if s in unexplained else ''}")
  for s in unexplained[:3]:
    r = int(np.nonzero((np_idx[s] != jm_idx[s]) | (np_at_jm[s] != jm_val[s]))[0][0])
    for v in {int(jm_idx[s, r]), int(np_idx[s, r])} - {-1}:
      _, pp = oracle.score(np.array([s]), dots=oracle.dots_like_jobmatch(np.array([s]))
                           if oracle.use_emb else None, parts=True)
      comp = ", ".join(f"{n} {pp[n][0, v]:.6f}" for n in COMPONENTS if n in pp)
      log(f"    numpy for {city.seeker_ids[s]} -> {city.vacancy_ids[v]}: eligible "
          f"{bool(pp['eligible'][0, v])}, {comp}, base {pp['base'][0, v]:.6f}, boost "
          f"{pp['boost'][0, v]:.6f}, distance {pp['distance_km'][0, v]:.3f} km")
      log("    reproduce: " + " ".join([binary, "explain", "--data", data, "--policy",
                                        policy_path, "--seeker", city.seeker_ids[s],
                                        "--vacancy", city.vacancy_ids[v]]))
      try:
        log("      " + run_jobmatch(binary, ["explain", "--data", data, "--policy", policy_path,
                                             "--seeker", city.seeker_ids[s], "--vacancy",
                                             city.vacancy_ids[v]],
                                    capture=True).replace("\n", "\n      "))
      except RuntimeError as e:
        log(f"      ({e})")

  res = {
      "seekers": ns, "vacancies": nv, "dim": dim, "k": k, "threads": t,
      "jobmatch_topk_seconds": jm, "jobmatch_topk_seconds_median": jm_med,
      "jobmatch_topk_seconds_all": jm_times,
      "jobmatch_index_seconds": runs[-1]["index_seconds"],
      "numpy_seconds": npt, "numpy_seconds_median": np_med, "numpy_seconds_all": times,
      "numpy_prep_seconds": prep_s, "ratio_numpy_over_jobmatch_median": np_med / jm_med,
      "loadavg_before_after": [load0, os.getloadavg()[0]],
      "numpy_workers": workers, "numpy_blas_threads": blas_threads, "numpy_block": block,
      "ratio_numpy_over_jobmatch": npt / jm,
      "list_agreement_pct": list_pct, "top1_agreement_pct": top1_pct,
      "score_bit_equal_pct": bit_equal, "max_score_diff": max_diff,
      "disagreeing_seekers": int(bad.size), "explained_by_dot_rounding": explained,
      "unexplained": len(unexplained),
      "unexplained_seekers": [city.seeker_ids[s] for s in unexplained[:20]],
  }
  ok = list_pct >= args.min_list_agreement and (args.allow_unexplained or not unexplained)
  res["pass"] = bool(ok)
  log(f"  jobmatch {fmt_time(jm)} vs numpy {fmt_time(npt)} (fastest runs): ratio numpy/jobmatch "
      f"{npt / jm:.2f} ({faster(npt / jm, 'numpy')}); medians {jm_med:.3f} vs {np_med:.3f} s, "
      f"ratio {np_med / jm_med:.2f}")
  log(f"  {'PASS' if ok else 'FAIL'}: list agreement {list_pct:.3f} % "
      f"(threshold {args.min_list_agreement} %), unexplained {len(unexplained)}")
  summary["numpy"] = res
  return ok


# --------------------------------------------------------------- main


class HelpFormatter(argparse.RawDescriptionHelpFormatter,
                    argparse.ArgumentDefaultsHelpFormatter):
  pass


def main():
  ap = argparse.ArgumentParser(
      description=__doc__.split("\n\n", maxsplit=1)[0],
      formatter_class=HelpFormatter,
      epilog="jobmatch binary: --jobmatch, else build/jobmatch under the repository root or "
      "the current directory, else /work/build-lead/jobmatch, else jobmatch on PATH.")
  ap.add_argument("--jobmatch", help="path of the jobmatch CLI")
  ap.add_argument("--seekers", type=int, default=100000, help="seekers (FAISS part)")
  ap.add_argument("--vacancies", type=int, default=20000, help="vacancies (FAISS part)")
  ap.add_argument("--dim", type=int, default=64, help="embedding dimension (generated data)")
  ap.add_argument("--k", "-k", type=int, default=20, help="list length")
  ap.add_argument("--threads", type=int, default=2, help="threads for every engine")
  ap.add_argument("--seed", type=int, default=20250301, help="generator seed")
  ap.add_argument("--data", help="reuse this city (skills/seekers/vacancies.csv, with "
                  "embeddings) for the FAISS part instead of generating one")
  ap.add_argument("--numpy-seekers", type=int, default=20000, help="seekers (numpy part)")
  ap.add_argument("--numpy-vacancies", type=int, default=4000, help="vacancies (numpy part)")
  ap.add_argument("--numpy-data", help="reuse this city for the numpy part")
  ap.add_argument("--numpy-block", type=int, default=0, help="seekers per block (0 = auto)")
  ap.add_argument("--numpy-workers", type=int, default=0,
                  help="numpy worker threads over seeker blocks (0 = --threads); BLAS gets "
                  "threads / workers each")
  ap.add_argument("--repeat", type=int, default=1,
                  help="time each engine this many times, alternating; report the fastest "
                  "and the median")
  ap.add_argument("--skip-numpy", action="store_true", help="skip the numpy part")
  ap.add_argument("--skip-faiss", action="store_true", help="skip the FAISS part")
  ap.add_argument("--json-out", help="write the results as JSON")
  ap.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
  ap.add_argument("--min-top1-agreement", type=float, default=99.9, help="percent (FAISS)")
  ap.add_argument("--min-list-agreement", type=float, default=99.0, help="percent (numpy)")
  ap.add_argument("--allow-unexplained", action="store_true",
                  help="do not fail on disagreements that dot rounding does not explain")
  ap.add_argument("--max-recheck", type=int, default=2000,
                  help="disagreeing seekers to re-score with jobmatch's dot order (the rest "
                  "count as unexplained)")
  ap.add_argument("--show", type=int, default=10, help="disagreements to print per part")
  ap.add_argument("--workdir", help="keep generated data and outputs here (default: a "
                  "temporary directory, removed at the end)")
  ap.add_argument("--keep-env", action="store_true",
                  help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE")
  args = ap.parse_args()
  if args.quick:
    args.seekers, args.vacancies = 3000, 800
    args.numpy_seekers, args.numpy_vacancies = 1500, 400
  if min(args.seekers, args.vacancies, args.numpy_seekers, args.numpy_vacancies, args.k,
         args.threads, args.repeat) < 1 or args.dim < 0:
    ap.error("sizes, k, threads and repeat must be >= 1")

  binary = find_jobmatch(args.jobmatch)
  kernel = active_jobmatch_kernel()
  work = args.workdir or tempfile.mkdtemp(prefix="jobmatch-compare-")
  os.makedirs(work, exist_ok=True)
  summary = {"args": vars(args), "jobmatch": binary, "jobmatch_kernel": kernel}
  log("compare_topk: jobmatch vs FAISS / numpy, same data, same threads")
  log(f"  jobmatch: {binary} (kernel: {kernel}); threads: {args.threads}; k: {args.k}")
  log(f"  python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}")
  removed = os.environ.get(_REEXEC_MARK)
  log(f"  OpenBLAS env overrides: "
      f"{'removed ' + removed if removed else 'none set' if not args.keep_env else 'kept'}")
  with threadpoolctl.threadpool_limits(limits=args.threads, user_api="blas"):
    np.ones((64, 64), dtype=F32) @ np.ones((64, 64), dtype=F32)
  for lib in blas_info():
    log(f"  threadpool: {lib['user_api']}/{lib['internal_api']} {lib['version'] or ''} "
        f"{('kernel ' + lib['architecture']) if lib.get('architecture') else ''} "
        f"{lib['threading_layer'] or ''} ({lib['filepath']})")
  summary["threadpool_info"] = blas_info()
  summary["openblas_env_removed"] = removed or ""

  ok = True
  try:
    if not args.skip_faiss:
      data = args.data
      if not data:
        data = os.path.join(work, "city_faiss")
        log(f"\nGenerating {args.seekers} x {args.vacancies} city (d={args.dim}) in {data}")
        generate_city(binary, data, args.seekers, args.vacancies, args.seed, args.dim)
      ok &= compare_faiss(args, binary, data, work, kernel, summary)
    if not args.skip_numpy:
      data = args.numpy_data
      if not data:
        data = os.path.join(work, "city_numpy")
        log(f"\nGenerating {args.numpy_seekers} x {args.numpy_vacancies} city (d={args.dim}) "
            f"in {data}")
        generate_city(binary, data, args.numpy_seekers, args.numpy_vacancies, args.seed,
                      args.dim)
      ok &= compare_numpy(args, binary, data, work, kernel, summary)
  except (RuntimeError, ValueError, OSError, KeyError) as e:
    log(f"compare_topk: error: {e}")
    return 2
  finally:
    if not args.workdir:
      shutil.rmtree(work, ignore_errors=True)

  log("\n=== Summary (threads = {}, k = {}; times: fastest of {}) ===".format(
      args.threads, args.k, args.repeat))
  log(f"  {'comparison':<31} {'shape':>20} {'jobmatch':>9} {'other':>9} {'ratio':>6} "
      f"{'ratio(med)':>10}  {'faster':<8} {'agreement':>16}")
  rows = []
  if "faiss" in summary:
    r = summary["faiss"]
    rows.append(("embedding-only vs FAISS FlatIP", r, r["faiss_search_seconds"],
                 r["ratio_faiss_over_jobmatch"], r["ratio_faiss_over_jobmatch_median"], "faiss",
                 "top-1 %.3f%%" % r["top1_agreement_pct"]))
  if "numpy" in summary:
    r = summary["numpy"]
    rows.append(("full default score vs numpy", r, r["numpy_seconds"],
                 r["ratio_numpy_over_jobmatch"], r["ratio_numpy_over_jobmatch_median"], "numpy",
                 "lists %.3f%%" % r["list_agreement_pct"]))
  for name, r, other, ratio, ratio_med, who, agree in rows:
    shape = "%dx%d d=%d" % (r["seekers"], r["vacancies"], r["dim"])
    log(f"  {name:<31} {shape:>20} {r['jobmatch_topk_seconds']:>8.3f}s {other:>8.3f}s "
        f"{ratio:>6.2f} {ratio_med:>10.2f}  {'jobmatch' if ratio > 1 else who:<8} {agree:>16}")
  log("  times: fastest of the interleaved runs; ratio = other / jobmatch (> 1: jobmatch is "
      "faster), ratio(med) the same on medians")
  summary["pass"] = bool(ok)
  log(f"  overall: {'PASS' if ok else 'FAIL'}")
  if args.json_out:
    with open(args.json_out, "w", encoding="utf-8") as f:
      json.dump(summary, f, indent=2, default=float)
    log(f"  results written to {args.json_out}")
  return 0 if ok else 1


if __name__ == "__main__":
  sys.exit(main())
