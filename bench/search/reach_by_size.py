#!/usr/bin/python3
# Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
"""How pruned top-k time follows the candidates within reach, across sizes.

For each data directory (a generated city, or a country's CSV shards with
manifest.json), this script

 1. counts, for a uniform sample of seekers, the vacancies within reach: the
    posts within the seeker's commute limit (the chord between the two points
    on the sphere, the policy's 15 km when the seeker states none), plus, for
    a seeker who accepts remote work, every remote post wherever it is. It
    reads the CSV files itself (pandas, numpy, float64), independently of the
    library;
 2. runs `jobmatch recommend --data DIR -k K -o /dev/null` (default policy,
    vacancies for seekers, pruned) and reads `topk_seconds` from its stats;
 3. prints, side by side, the time per seeker and per candidate within reach.

Pruned top-k cannot cost less than the pairs it has to tell apart, so when
the time per seeker grows with size, this says whether the candidates within
reach grew with it (denser cities) or the search did more per candidate.

Usage (repository root):
  /usr/bin/python3 bench/search/reach_by_size.py --jobmatch build/jobmatch \
      --data /tmp/c5 /tmp/c6 /tmp/c7 --threads 2
  /usr/bin/python3 bench/search/reach_by_size.py --no-run --data /tmp/c7   # reach only

--topk-data gives, per directory, another directory holding the same data to
time (e.g. its snapshot shards, which load faster); reach is always counted
from --data. Exit status 0, or 2 on a usage or runtime error.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088  # the library's kEarthRadiusKm
DEFAULT_COMMUTE_KM = 15.0    # scoring.default_max_commute_km of the default policy


def shard_files(directory):
    """(seekers.csv, vacancies.csv) of every shard, or of the one city."""
    manifest = os.path.join(directory, "manifest.json")
    if not os.path.exists(manifest):
        return [(os.path.join(directory, "seekers.csv"), os.path.join(directory, "vacancies.csv"))]
    with open(manifest, encoding="utf-8") as f:
        m = json.load(f)
    out = []
    for s in m["shards"]:
        if "seekers" not in s or not str(s["seekers"]).endswith(".csv"):
            raise ValueError(f"{manifest}: shard {s.get('name')} is not CSV; pass the CSV shards")
        out.append((os.path.join(directory, s["seekers"]), os.path.join(directory, s["vacancies"])))
    return out


def as_bool(col):
    return col.astype(str).str.strip().str.lower().isin(["true", "1", "yes"]).to_numpy()


def points(lat, lon):
    la, lo = np.radians(lat), np.radians(lon)
    return EARTH_RADIUS_KM * np.stack(
        [np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def reach(directory, sample, seed):
    """Mean candidates within reach per sampled seeker, and its parts."""
    files = shard_files(directory)
    vac = pd.concat([pd.read_csv(v, usecols=["lat", "lon", "remote"]) for _, v in files],
                    ignore_index=True)
    vremote = as_bool(vac["remote"])
    vp = points(vac["lat"].to_numpy(), vac["lon"].to_numpy())
    total = 0
    parts = []
    for s, _ in files:
        df = pd.read_csv(s, usecols=["lat", "lon", "max_commute_km", "accepts_remote"])
        parts.append(df)
        total += len(df)
    rng = np.random.default_rng(seed)
    fraction = min(1.0, sample / max(total, 1))
    picked = []
    for df in parts:
        take = rng.random(len(df)) < fraction
        picked.append(df[take])
    sk = pd.concat(picked, ignore_index=True)
    sp = points(sk["lat"].to_numpy(), sk["lon"].to_numpy())
    commute = sk["max_commute_km"].to_numpy(dtype=np.float64)
    commute = np.where(commute > 0, commute, DEFAULT_COMMUTE_KM)
    accepts = as_bool(sk["accepts_remote"])
    near = np.zeros(len(sk), dtype=np.int64)
    near_remote = np.zeros(len(sk), dtype=np.int64)
    block = max(1, 20_000_000 // max(len(vp), 1))
    for b in range(0, len(sk), block):
        d = np.sqrt(((sp[b:b + block, None, :] - vp[None, :, :]) ** 2).sum(axis=2))
        within = d <= commute[b:b + block, None]
        near[b:b + block] = within.sum(axis=1)
        near_remote[b:b + block] = (within & vremote[None, :]).sum(axis=1)
    # An acceptor reaches every remote post; the ones near it are counted once.
    in_reach = near + np.where(accepts, vremote.sum() - near_remote, 0)
    return {
        "seekers": total,
        "vacancies": len(vac),
        "sampled": len(sk),
        "in_reach": float(in_reach.mean()),
        "within_commute": float(near.mean()),
        "acceptors": float(accepts.mean()),
        "remote_posts": int(vremote.sum()),
    }


def topk_seconds(jobmatch, directory, k, threads):
    with tempfile.TemporaryDirectory() as tmp:
        stats = os.path.join(tmp, "stats.json")
        subprocess.run([jobmatch, "recommend", "--data", directory, "-k", str(k), "--threads",
                        str(threads), "-o", "/dev/null", "--stats-json", stats],
                       check=True, stdout=subprocess.DEVNULL)
        with open(stats, encoding="utf-8") as f:
            return float(json.load(f)["topk_seconds"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", nargs="+", required=True, help="data directories (CSV)")
    ap.add_argument("--topk-data", nargs="+", help="directories to time, one per --data")
    ap.add_argument("--jobmatch", default="build/jobmatch")
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sample", type=int, default=2000, help="seekers sampled per directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-run", action="store_true", help="count reach only")
    a = ap.parse_args()
    if a.topk_data and len(a.topk_data) != len(a.data):
        ap.error("--topk-data needs one directory per --data")
    try:
        print("| seekers | vacancies | remote posts | acceptors | within commute | in reach "
              "| top-k s | us per seeker | ns per seeker and candidate in reach |")
        print("|---|---|---|---|---|---|---|---|---|")
        for i, d in enumerate(a.data):
            r = reach(d, a.sample, a.seed)
            row = (f"| {r['seekers']:,} | {r['vacancies']:,} | {r['remote_posts']:,} "
                   f"| {100 * r['acceptors']:.1f} % | {r['within_commute']:,.0f} "
                   f"| {r['in_reach']:,.0f} |")
            if a.no_run:
                row += " — | — | — |"
            else:
                t = topk_seconds(a.jobmatch, a.topk_data[i] if a.topk_data else d, a.k, a.threads)
                per_seeker = t * a.threads / r["seekers"] * 1e6  # CPU-equivalent, all threads busy
                row += (f" {t:.2f} | {per_seeker:.1f} | "
                        f"{per_seeker * 1e3 / max(r['in_reach'], 1.0):.2f} |")
            print(row, flush=True)
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as e:
        print(f"reach_by_size: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
