"""Structural mismatch at city scale: Engine.mismatch against the vectorised
pandas recomputation an analyst would write (docs/analytics.md), same data,
same run. The pandas version computes demand, weighted demand, supply, ratio
and label (not supply_in_reach: a commute join is not a groupby), so the
engine is timed both with reach=False (like for like) and with reach.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_mismatch.py \
           [--seekers 100000] [--vacancies 20000] [--repeat 3]
"""
import argparse
import time

import numpy as np
import pandas as pd

import jobmatch


def pandas_mismatch(seekers, vacancies, by=()):
    keys = ["skill", "grade"] + list(by)
    # Demand: one row per requirement "skill:grade:importance".
    v = vacancies[["requirements", "openings", "district", "industry"]].copy()
    v["req"] = v.requirements.str.split(";")
    v = v.explode("req")
    v = v[v.req.notna() & (v.req != "")]
    parts = v.req.str.split(":", expand=True)
    v["skill"] = parts[0]
    v["grade"] = parts[1].astype(np.int64)
    v["imp"] = parts[2].astype(np.float64)
    v["share"] = v.imp / v.groupby(level=0).imp.transform("sum")
    v["weighted"] = v.openings * v.share
    dem = v.groupby(keys).agg(vacancies=("openings", "size"), demand_openings=("openings", "sum"),
                              demand_weighted=("weighted", "sum"))
    # Supply: one row per held skill, repeated for grades 1..level.
    s = seekers[["skills", "district"]].copy()
    s["sk"] = s.skills.str.split(";")
    s = s.explode("sk")
    s = s[s.sk.notna() & (s.sk != "")]
    parts = s.sk.str.split(":", expand=True)
    level = parts[1].astype(np.int64).to_numpy()
    rep = np.repeat(np.arange(len(s)), level)
    s = pd.DataFrame({"skill": parts[0].to_numpy()[rep], "district": s.district.to_numpy()[rep]})
    s["grade"] = s.groupby(rep).cumcount().to_numpy() + 1
    sup = s.groupby(keys).size().rename("supply_seekers")
    out = dem.join(sup, how="outer").fillna(0).reset_index()
    out = out[(out.demand_openings > 0) | (out.supply_seekers > 0)]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio"] = np.where(out.supply_seekers > 0, out.demand_openings / out.supply_seekers, np.inf)
    out["label"] = np.where(out.ratio >= 1.5, "shortage", np.where(out.ratio <= 0.67, "surplus", "balanced"))
    return out


def best_of(f, repeat):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = f()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seekers", type=int, default=100000)
    ap.add_argument("--vacancies", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=20250301)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    city = jobmatch.generate_city(seekers=a.seekers, vacancies=a.vacancies, seed=a.seed)
    engine = city.engine()
    print(f"city: {a.seekers} seekers x {a.vacancies} vacancies, best of {a.repeat}")
    for by in [(), ("district",)]:
        t_pd, want = best_of(lambda: pandas_mismatch(city.seekers, city.vacancies, by), a.repeat)
        t_nr, got = best_of(lambda: engine.mismatch(by=by, reach=False), a.repeat)
        t_r, _ = best_of(lambda: engine.mismatch(by=by), a.repeat)
        assert len(got) == len(want), (len(got), len(want))
        assert int(got.demand_openings.sum()) == int(want.demand_openings.sum())
        assert int(got.supply_seekers.sum()) == int(want.supply_seekers.sum())
        print(f"by={by!s:14} cells={len(got):6}  pandas {t_pd:7.3f} s  engine(no reach) {t_nr:7.3f} s "
              f"({t_pd / t_nr:5.1f}x)  engine(with reach) {t_r:7.3f} s")
    t_all, _ = best_of(lambda: engine.mismatch(by=("district", "industry")), a.repeat)
    print(f"by=(district, industry) with reach: {t_all:.3f} s")
    t_t, _ = best_of(lambda: engine.tightness(), a.repeat)
    print(f"tightness: {t_t:.3f} s")


if __name__ == "__main__":
    main()
