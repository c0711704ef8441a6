"""Training advice at city scale: Engine.training_advice on every seeker
against what an analyst would write with the Python API instead, same data,
same run: for each seeker of a sample, a DataFrame of the seeker's candidate
upgrades (one modified row per skill some vacancy requires and per grade
above the one held, up to that skill's highest required grade), a fresh
Engine on those rows, Engine.recommend(k) and a pandas groupby mean. The
sample's time is extrapolated to every seeker (labelled so).

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_training.py \
           [--seekers 100000] [--vacancies 20000] [--sample 10] [--k 10]
"""
import argparse
import time

import numpy as np
import pandas as pd

import jobmatch


def upgrade_rows(seeker, max_req):
    held = {x.split(":")[0]: int(x.split(":")[1]) for x in seeker.skills.split(";") if x}
    rows = []
    for skill, top in max_req.items():
        for g in range(held.get(skill, 0) + 1, top + 1):
            new = dict(held)
            new[skill] = g
            r = seeker.copy()
            r["id"] = f"{seeker.id}|{skill}|{g}"
            r["skills"] = ";".join(f"{a}:{b}" for a, b in new.items())
            rows.append(r)
    return pd.DataFrame(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seekers", type=int, default=100000)
    ap.add_argument("--vacancies", type=int, default=20000)
    ap.add_argument("--sample", type=int, default=10)
    ap.add_argument("--k", type=int, default=10)
    a = ap.parse_args()
    city = jobmatch.generate_city(seekers=a.seekers, vacancies=a.vacancies)
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    max_req = {}
    for cell in city.vacancies.requirements:
        for x in cell.split(";") if isinstance(cell, str) else []:
            name, grade = x.split(":")[0], int(x.split(":")[1])
            max_req[name] = max(max_req.get(name, 0), grade)

    t0 = time.perf_counter()
    advice = engine.training_advice(k=a.k)
    t_engine = time.perf_counter() - t0

    sample = city.seekers.iloc[np.linspace(0, len(city.seekers) - 1, a.sample).astype(int)]
    t0 = time.perf_counter()
    best = []
    for _, s in sample.iterrows():
        rows = upgrade_rows(s, max_req)
        e = jobmatch.Engine(rows, city.vacancies, skills=city.skills)
        rec = e.recommend(k=a.k)
        mean = rec.groupby("seeker_id", observed=True)["score"].mean().sort_values(ascending=False)
        best.append(mean.index[0])
    t_pandas = time.perf_counter() - t0
    per_seeker = t_pandas / len(sample)
    print(f"city {a.seekers} x {a.vacancies}, k = {a.k}")
    print(f"Engine.training_advice, all {a.seekers} seekers: {t_engine:.1f} s "
          f"({t_engine / a.seekers * 1e3:.3f} ms per seeker); {len(advice)} rows")
    print(f"upgrade rows + Engine.recommend + pandas, {len(sample)} seekers: {t_pandas:.1f} s "
          f"({per_seeker * 1e3:.0f} ms per seeker); EXTRAPOLATED to all seekers: "
          f"{per_seeker * a.seekers / 3600:.1f} h")
    print(f"ratio per seeker: {per_seeker / (t_engine / a.seekers):.0f}x")


if __name__ == "__main__":
    main()
