"""DataFrame ingestion of jobmatch.Engine against Engine.load_snapshot of the same data.

Generates a city with jobmatch's own generator (as DataFrames), then in one
run times, best of --repeat:
  * Engine(seekers_df, vacancies_df, skills_df)  (DataFrames -> live engine)
  * Engine.load_snapshot(path) of a snapshot of that engine
and prints both and their ratio (target: ingest <= 2x load_snapshot).

    PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_engine_ingest.py \
        --seekers 1000000 --vacancies 100000
"""
import argparse
import os
import tempfile
import time

import numpy as np

import jobmatch


def best_of(n, fn):
    """(best wall seconds, best CPU seconds of this process, last result)."""
    walls, cpus, out = [], [], None
    for i in range(n):
        out = None  # free the previous result first
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seekers", type=int, default=1_000_000)
    ap.add_argument("--vacancies", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20250301)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    t0 = time.perf_counter()
    city = jobmatch.generate_city(a.seekers, a.vacancies, a.seed)
    print(f"generate_city({a.seekers}, {a.vacancies}): {time.perf_counter() - t0:.2f} s (not timed below)")

    ingest, ingest_cpu, engine = best_of(a.repeat,
                                         lambda: jobmatch.Engine(city.seekers, city.vacancies, city.skills))
    with tempfile.TemporaryDirectory(prefix="jobmatch_bench_") as tmp:
        path = os.path.join(tmp, "city.jms")
        engine.save_snapshot(path)
        size = os.path.getsize(path)
        load, load_cpu, loaded = best_of(a.repeat, lambda: jobmatch.Engine.load_snapshot(path))
    # Same data, same answers.
    ids = list(engine.seeker_ids[:200])
    x, y = engine.recommend_arrays(10, ids=ids), loaded.recommend_arrays(10, ids=ids)
    assert np.array_equal(x.index, y.index) and np.array_equal(x.score, y.score)
    print(f"Engine(DataFrames):    wall {ingest:.3f} s, CPU {ingest_cpu:.3f} s  (best of {a.repeat})")
    print(f"Engine.load_snapshot:  wall {load:.3f} s, CPU {load_cpu:.3f} s  (best of {a.repeat}; "
          f"{size / 1e6:.0f} MB file)")
    print(f"ratio ingest / load_snapshot: wall {ingest / load:.2f}x, CPU {ingest_cpu / load_cpu:.2f}x "
          f"(target <= 2x)")


if __name__ == "__main__":
    main()
