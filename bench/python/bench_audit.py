"""Equal-employment audit: Engine.audit against the numpy/pandas recomputation
a user would write (docs/analytics.md), same data, same run, results checked
equal. The user's version scores every pair with Engine.score (and with an
engine under the policy without priority, for the base scores), sorts each
open vacancy's seekers for the top-k lists, takes the two allocations from
Engine.allocate and groups by cell with pandas. It holds a seekers x
vacancies matrix, so it runs on a small city; Engine.audit is also timed at
city scale (--city-seekers x --city-vacancies) where the user's version would
need 2e9 pairs.

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_audit.py \
           [--seekers 5000] [--vacancies 1000] [--city-seekers 100000] \
           [--city-vacancies 20000] [--repeat 3]
"""
import argparse
import time

import numpy as np
import pandas as pd

import jobmatch


def pandas_audit(city, engine, off_engine, k=10, min_cell=10):
    see, vac = city.seekers, city.vacancies
    s_ids = np.asarray(engine.seeker_ids, dtype=object)
    v_ids = np.asarray(engine.vacancy_ids, dtype=object)
    ns, nv = len(s_ids), len(v_ids)
    rs, rv = np.repeat(s_ids, nv), np.tile(v_ids, ns)
    score = engine.score(rs, rv).reshape(ns, nv).astype(np.float64)
    base = off_engine.score(rs, rv).reshape(ns, nv).astype(np.float64)
    open_ = vac.openings.to_numpy() > 0
    el_pair = np.isfinite(score) & open_[None, :]
    eligible = el_pair.any(axis=1)
    best = np.where(el_pair, base, -np.inf).max(axis=1)
    below = np.searchsorted(np.sort(best[eligible]), best, side="left")
    stratum = np.where(eligible, 1 + (5 * below) // max(int(eligible.sum()), 1), 0)
    # Top-k seekers per open vacancy: sort each column by (-score, row).
    listed = np.zeros(ns, dtype=bool)
    exposure = np.zeros(ns)
    cols = np.flatnonzero(open_)
    sc = np.where(np.isfinite(score[:, cols]), score[:, cols], -np.inf)
    order = np.argsort(-sc, axis=0, kind="stable")[:k]  # stable: ties by row
    for j in range(order.shape[0]):
        rows = order[j]
        ok = np.isfinite(sc[rows, np.arange(len(cols))])
        listed[rows[ok]] = True
        np.add.at(exposure, rows[ok], 1.0 / np.log2(2.0 + j))
    vrow = pd.Series(np.arange(nv), index=vac.id)
    on = engine.allocate().seekers.vacancy_id.astype(object).map(vrow).fillna(-1).to_numpy(np.int64)
    off = off_engine.allocate().seekers.vacancy_id.astype(object).map(vrow).fillna(-1).to_numpy(np.int64)
    r = np.arange(ns)
    df = pd.DataFrame(dict(eligible=eligible, listed=listed, exposure=exposure, placed=on >= 0,
                           score=np.where(on >= 0, score[r, np.maximum(on, 0)], np.nan),
                           base=np.where(on >= 0, base[r, np.maximum(on, 0)], 0.0), placed_off=off >= 0,
                           base_off=np.where(off >= 0, base[r, np.maximum(off, 0)], 0.0), stratum=stratum))
    groups = see.groups.astype(object).fillna("").str.get_dummies(sep=";")
    names = list(engine.group_names)
    groups = groups.reindex(columns=names, fill_value=0).astype(bool)
    cells = {g: groups[g].to_numpy() for g in names}
    cells["none"] = ~groups.any(axis=1).to_numpy()
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            cells[f"{a}&{b}"] = cells[a] & cells[b]
    cells["all"] = np.ones(ns, dtype=bool)
    out = []
    for name, m in cells.items():
        sub = df[m]
        n = len(sub)
        out.append(dict(group=name, seekers=n, eligible_share=sub.eligible.mean(), listed_share=sub.listed.mean(),
                        exposure=sub.exposure.mean(), placements=int(sub.placed.sum()),
                        placement_rate=sub.placed.mean(), mean_score_placed=sub.score.mean(),
                        base_score_total=sub.base.sum(), placements_no_priority=int(sub.placed_off.sum()),
                        placement_rate_no_priority=sub.placed_off.mean(),
                        base_score_total_no_priority=sub.base_off.sum()))
    out = pd.DataFrame(out)
    small = out.seekers < min_cell
    out.loc[small, out.columns[1:]] = np.nan
    none = out[out.group == "none"].iloc[0]
    out["impact_ratio"] = out.placement_rate / none.placement_rate
    out["impact_ratio_no_priority"] = out.placement_rate_no_priority / none.placement_rate_no_priority
    return out


def no_priority(policy):
    p = policy.to_dict()
    p["priority"] = {"max_total_boost": 0.0, "rules": []}
    return p


def best_of(fn, repeat):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seekers", type=int, default=5000)
    ap.add_argument("--vacancies", type=int, default=1000)
    ap.add_argument("--city-seekers", type=int, default=100000)
    ap.add_argument("--city-vacancies", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    city = jobmatch.generate_city(seekers=a.seekers, vacancies=a.vacancies)
    engine = city.engine()
    off_engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills,
                                 policy=no_priority(jobmatch.Policy.default()))
    t_pd, want = best_of(lambda: pandas_audit(city, engine, off_engine), a.repeat)
    t_jm, got = best_of(lambda: engine.audit(), a.repeat)
    for c in ["seekers", "placements", "placement_rate", "listed_share", "exposure", "eligible_share",
              "base_score_total", "base_score_total_no_priority", "impact_ratio", "impact_ratio_no_priority"]:
        np.testing.assert_allclose(got[c].to_numpy(), want[c].to_numpy(np.float64), rtol=1e-9, err_msg=c)
    print(f"{a.seekers} x {a.vacancies}: pandas/numpy {t_pd:.3f} s, Engine.audit {t_jm:.3f} s, "
          f"ratio {t_pd / t_jm:.1f}x (results equal)")
    if a.city_seekers > 0:
        big = jobmatch.generate_city(seekers=a.city_seekers, vacancies=a.city_vacancies)
        e = big.engine()
        t, g = best_of(lambda: e.audit(), 1)
        ts, _ = best_of(lambda: e.audit(strata=True), 1)
        print(f"{a.city_seekers} x {a.city_vacancies}: Engine.audit {t:.2f} s, with strata {ts:.2f} s "
              f"({int(g.seekers.isna().sum())} of {len(g)} cells suppressed)")


if __name__ == "__main__":
    main()
