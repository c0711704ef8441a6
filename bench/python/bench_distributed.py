"""jobmatch.distributed against the single-process engine on the same city, in
one run: Engine.recommend(k) in this process (all cores) and
jobmatch.distributed.recommend on a LocalCluster of N worker processes (one
thread each), both directions; then Engine.allocate and
jobmatch.distributed.allocate (optimal, households covered first, 30
candidates); checks that the results are equal.

With --data DIR (a sharded directory, `jobmatch generate --country`), the
job is the country's: load, top-k and the lists written to CSV — one process
(Engine.from_csv + Engine.recommend_to_csv, all cores) against the workers
reading the shards and writing part files (jobmatch.distributed.
recommend_to_csv); the outputs are compared line for line after sorting
(`sort`, C locale; --no-check skips it). With --data DIR --allocate, the
country's allocation instead (optimal, households covered first,
--candidates per seeker): Engine.from_csv + Engine.allocate against
jobmatch.distributed.allocate on the directory; the allocations compared.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_distributed.py \
           [--seekers 100000] [--vacancies 20000] [--k 20] [--workers 2] [--partitions 8] [--no-allocate]
       PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_distributed.py \
           --data DIR --out SCRATCH [--k 20] [--workers 2] [--partitions 8] [--direction vacancies] [--no-check]
       PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_distributed.py \
           --data DIR --allocate [--candidates 10] [--workers 2] [--partitions 8]

Both sides run under this process's environment (the LocalCluster's workers
inherit it); the run's GLIBC_TUNABLES, which decides whether glibc asks for
huge pages (docs/distributed.md, "Huge pages"), is printed first.
"""
import argparse
import os
import shutil
import subprocess
import time

import numpy as np

import jobmatch
import jobmatch.distributed as jd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seekers", type=int, default=100000)
    ap.add_argument("--vacancies", type=int, default=20000)
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--no-allocate", action="store_true")
    ap.add_argument("--data", help="a sharded directory: the country job (see above)")
    ap.add_argument("--out", help="with --data: a scratch directory for the outputs (emptied)")
    ap.add_argument("--direction", default="vacancies", choices=["vacancies", "seekers"])
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--allocate", action="store_true",
                    help="with --data: the allocation job (optimal, households covered first) instead")
    ap.add_argument("--candidates", type=int, default=10, help="with --allocate: candidates per seeker")
    a = ap.parse_args()
    print(f"GLIBC_TUNABLES={os.environ.get('GLIBC_TUNABLES', '')}", flush=True)
    import distributed
    here = os.path.dirname(jobmatch.__file__)
    os.environ["PYTHONPATH"] = os.pathsep.join([os.path.dirname(here), os.environ.get("PYTHONPATH", "")])
    cluster = distributed.LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40, memory_limit=0)
    client = distributed.Client(cluster)
    if a.data and a.allocate:
        sharded_allocation(client, a)
    elif a.data:
        sharded(client, a)
    else:
        city_jobs(client, a)
    client.close()
    cluster.close()


def sorted_lines(paths, target):
    """The lines of `paths` without their headers, sorted bytewise into `target`."""
    with open(target, "wb") as out:
        tail = subprocess.Popen(["tail", "-q", "-n", "+2", *paths], stdout=subprocess.PIPE)
        subprocess.run(["sort", "-S", "1G"], stdin=tail.stdout, stdout=out, check=True,
                       env=dict(os.environ, LC_ALL="C"))
        if tail.wait() != 0:
            raise RuntimeError("tail failed")


def sharded(client, a):
    """The country job: one process against the workers, same data, one run."""
    if not a.out:
        raise SystemExit("--data needs --out SCRATCH")
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)
    single = os.path.join(a.out, "single.csv")
    t0 = time.perf_counter()
    engine = jobmatch.Engine.from_csv(a.data)
    t_load = time.perf_counter() - t0
    entries = engine.recommend_to_csv(single, k=a.k, direction=a.direction)
    t_single = time.perf_counter() - t0
    del engine
    print(f"{a.data}, k={a.k}, {a.direction}: one process {t_single:.1f} s (load {t_load:.1f} s), "
          f"{entries} entries", flush=True)
    t0 = time.perf_counter()
    files = jd.recommend_to_csv(client, a.data, os.path.join(a.out, "parts"), k=a.k, direction=a.direction,
                                partitions=a.partitions)
    t_dist = time.perf_counter() - t0
    print(f"Dask, {a.workers} workers x 1 thread, {a.partitions} partitions: {t_dist:.1f} s, "
          f"{int(files['entries'].sum())} entries in {len(files)} files; "
          f"ratio {t_dist / t_single:.2f}x of the one process", flush=True)
    if not a.no_check:
        sorted_lines([single], os.path.join(a.out, "single.sorted"))
        sorted_lines(files["file"].tolist(), os.path.join(a.out, "parts.sorted"))
        same = subprocess.run(["cmp", "-s", os.path.join(a.out, "single.sorted"),
                               os.path.join(a.out, "parts.sorted")]).returncode == 0
        print(f"equal (sorted lines): {same}")


def sharded_allocation(client, a):
    """The country's allocation: one process (Engine.from_csv + allocate, all
    cores) against jobmatch.distributed.allocate on the directory (candidate
    lists by the workers from their shards, the parts solved on the workers),
    same data, one run; the allocations compared whole."""
    t0 = time.perf_counter()
    engine = jobmatch.Engine.from_csv(a.data)
    t_load = time.perf_counter() - t0
    single = engine.allocate(households=True, candidates=a.candidates)
    t_single = time.perf_counter() - t0
    del engine
    print(f"{a.data}, allocate (optimal, households, {a.candidates} candidates): one process "
          f"{t_single:.1f} s (load {t_load:.1f} s), placed {single.summary['placed']}", flush=True)
    t0 = time.perf_counter()
    dist = jd.allocate(client, a.data, households=True, candidates=a.candidates, partitions=a.partitions)
    t_dist = time.perf_counter() - t0
    same = (single.seekers.equals(dist.seekers) and single.vacancies.equals(dist.vacancies) and
            single.by_group.equals(dist.by_group) and
            single.summary["total_score"] == dist.summary["total_score"])
    print(f"Dask, {a.workers} workers x 1 thread, {a.partitions} partitions: {t_dist:.1f} s; "
          f"ratio {t_dist / t_single:.2f}x of the one process; equal: {same}", flush=True)


def city_jobs(client, a):
    city = jobmatch.generate_city(seekers=a.seekers, vacancies=a.vacancies)
    t0 = time.perf_counter()
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    t_build = time.perf_counter() - t0
    print(f"city {a.seekers} x {a.vacancies}, k={a.k}; {a.workers} workers, {a.partitions} partitions; "
          f"engine built in {t_build:.2f} s")
    for direction in ("vacancies", "seekers"):
        t0 = time.perf_counter()
        single = engine.recommend(k=a.k, direction=direction)
        t_single = time.perf_counter() - t0
        t0 = time.perf_counter()
        dist = jd.recommend(client, city, k=a.k, direction=direction, partitions=a.partitions,
                            keep_rows=True).compute()
        t_dist = time.perf_counter() - t0
        dist = dist.sort_values(["row", "rank"], kind="mergesort").reset_index(drop=True)
        same = (len(dist) == len(single) and
                np.array_equal(dist["score"].to_numpy(np.float32), single["score"].to_numpy(np.float32)) and
                (dist.iloc[:, 2].astype(str).to_numpy() == single.iloc[:, 2].astype(str).to_numpy()).all())
        print(f"{direction:9s}: single process {t_single:7.2f} s (+{t_build:.2f} s to build)   "
              f"Dask {t_dist:7.2f} s   ratio {t_dist / (t_single + t_build):.2f}x of build+query   "
              f"equal: {same}")
    if not a.no_allocate:
        t0 = time.perf_counter()
        single = engine.allocate(households=True)
        t_single = time.perf_counter() - t0
        t0 = time.perf_counter()
        dist = jd.allocate(client, engine, households=True, partitions=a.partitions)
        t_dist = time.perf_counter() - t0
        same = (single.seekers.equals(dist.seekers) and single.vacancies.equals(dist.vacancies) and
                single.summary["total_score"] == dist.summary["total_score"])
        print(f"allocate : single process {t_single:7.2f} s   Dask {t_dist:7.2f} s   "
              f"ratio {t_dist / t_single:.2f}x   placed {single.summary['placed']}   equal: {same}")


if __name__ == "__main__":
    main()
