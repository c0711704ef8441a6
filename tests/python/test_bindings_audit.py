"""Engine.audit (the equal-employment audit, docs/analytics.md) against a pandas
recomputation from Engine.score over every pair of a small city (the policy's
scores, and the base scores from an engine under the policy without priority),
each open vacancy's seeker list by our own sort, and the Allocation rows; and
the CLI (`jobmatch audit`) against Python."""
import numpy as np
import pandas as pd
import pytest

import jobmatch
from bindings_util import cli

COLS = ["seekers", "eligible_share", "listed_share", "exposure", "placements", "placement_rate",
        "mean_score_placed", "base_score_total", "impact_ratio", "four_fifths_flag", "placements_no_priority",
        "placement_rate_no_priority", "base_score_total_no_priority", "impact_ratio_no_priority",
        "four_fifths_flag_no_priority"]


@pytest.fixture(scope="module")
def city():
    return jobmatch.generate_city(seekers=450, vacancies=110, seed=17)


@pytest.fixture(scope="module")
def engine(city):
    return jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)


@pytest.fixture(scope="module")
def off_engine(city):
    """The same data under the policy without priority: no rules, no boost."""
    p = jobmatch.Policy.default().to_dict()
    p["priority"] = {"max_total_boost": 0.0, "rules": []}
    return jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills, policy=p)


@pytest.fixture(scope="module")
def allocation(engine):
    return engine.allocate(method="stable")  # another method than the audit's own


def _pairs(engine, eng):
    s_ids = np.asarray(engine.seeker_ids, dtype=object)
    v_ids = np.asarray(engine.vacancy_ids, dtype=object)
    sc = eng.score(np.repeat(s_ids, len(v_ids)), np.tile(v_ids, len(s_ids)))
    return sc.reshape(len(s_ids), len(v_ids)).astype(np.float64)


def _expected(city, engine, off_engine, allocation, k, min_cell):
    """The audit recomputed with numpy/pandas from the definitions."""
    see, vac = city.seekers, city.vacancies
    ns, nv = len(see), len(vac)
    score = _pairs(engine, engine)
    base = _pairs(engine, off_engine)  # base score (no boost) of every pair
    open_ = vac.openings.to_numpy() > 0
    eligible_pair = np.isfinite(score) & open_[None, :]
    eligible = eligible_pair.any(axis=1)
    best = np.where(eligible_pair, base, -np.inf).max(axis=1)
    n_el = int(eligible.sum())
    sorted_best = np.sort(best[eligible])
    below = np.searchsorted(sorted_best, best, side="left")  # eligible seekers strictly below
    stratum = np.where(eligible, 1 + (5 * below) // max(n_el, 1), 0)
    # Each open vacancy's top-k seekers by (score desc, seeker row asc).
    listed = np.zeros(ns, dtype=bool)
    exposure = np.zeros(ns)
    for v in np.flatnonzero(open_):
        ok = np.flatnonzero(np.isfinite(score[:, v]))
        order = ok[np.lexsort((ok, -score[ok, v]))][:k]
        listed[order] = True
        exposure[order] += 1.0 / np.log2(1.0 + np.arange(1, len(order) + 1))
    vrow = pd.Series(np.arange(nv), index=vac.id)
    on_v = allocation.seekers.vacancy_id.astype(object).map(vrow).fillna(-1).to_numpy(np.int64)
    off_alloc = off_engine.allocate()
    off_v = off_alloc.seekers.vacancy_id.astype(object).map(vrow).fillna(-1).to_numpy(np.int64)
    rows = np.arange(ns)
    placed, placed_off = on_v >= 0, off_v >= 0
    p_score = np.where(placed, score[rows, np.maximum(on_v, 0)], 0.0)
    p_base = np.where(placed, base[rows, np.maximum(on_v, 0)], 0.0)
    p_base_off = np.where(placed_off, base[rows, np.maximum(off_v, 0)], 0.0)
    df = pd.DataFrame(dict(eligible=eligible, listed=listed, exposure=exposure, placed=placed, score=p_score,
                           base=p_base, placed_off=placed_off, base_off=p_base_off, stratum=stratum))
    members = see.groups.astype(object).fillna("").map(lambda g: set(x for x in g.split(";") if x))
    names = list(engine.group_names)
    cells = [(g, members.map(lambda m, g=g: g in m)) for g in names]
    cells.append(("none", members.map(lambda m: not m)))
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            cells.append((f"{a}&{b}", members.map(lambda m, a=a, b=b: a in m and b in m)))
    cells.append(("all", members.map(lambda m: True)))

    def row(sub):
        n = len(sub)
        p, po = int(sub.placed.sum()), int(sub.placed_off.sum())
        nan = np.nan
        return dict(seekers=n, eligible_share=sub.eligible.mean() if n else nan,
                    listed_share=sub.listed.mean() if n else nan, exposure=sub.exposure.mean() if n else nan,
                    placements=p, placement_rate=p / n if n else nan,
                    mean_score_placed=sub.score[sub.placed].mean() if p else nan,
                    base_score_total=sub.base[sub.placed].sum(), placements_no_priority=po,
                    placement_rate_no_priority=po / n if n else nan,
                    base_score_total_no_priority=sub.base_off[sub.placed_off].sum())

    def finish(out):
        out = pd.DataFrame(out)
        for c in ["seekers", "placements", "placements_no_priority"]:
            out[c] = out[c].astype(np.float64)
        hide = out.pop("_hide")
        out.loc[hide, [c for c in COLS if c in out.columns]] = np.nan
        return out

    def impact(out, ref):
        for side in ("", "_no_priority"):
            r = out["placement_rate" + side] / ref["placement_rate" + side].where(ref["placement_rate" + side] != 0)
            out["impact_ratio" + side] = r
            out["four_fifths_flag" + side] = np.where(r.isna(), np.nan, (r < 0.8).astype(float))
        return out[["group"] + (["stratum"] if "stratum" in out else []) + COLS]

    g = []
    for name, m in cells:
        g.append(dict(group=name, **row(df[m.to_numpy()]), _hide=int(m.sum()) < min_cell))
    groups = finish(g)
    none = groups[groups.group == "none"].iloc[0]
    groups = impact(groups, {c: pd.Series([none[c]] * len(groups)) for c in groups.columns})
    st = []
    for name, m in cells:
        parts = [df[m.to_numpy() & (stratum == s)] for s in range(6)]
        hide = [len(p) < min_cell for p in parts]
        hidden = sum(len(p) for p, h in zip(parts, hide) if h)
        while 0 < hidden < min_cell and not all(hide):
            pick = min((s for s in range(6) if not hide[s]), key=lambda s: (len(parts[s]), s))
            hide[pick] = True
            hidden += len(parts[pick])
        for s in range(6):
            st.append(dict(group=name, stratum=s, **row(parts[s]), _hide=hide[s]))
    strata = finish(st)
    ref = strata[strata.group == "none"].set_index("stratum")
    strata = impact(strata, {c: strata.stratum.map(ref[c]) for c in ["placement_rate", "placement_rate_no_priority"]})
    return groups, strata


@pytest.mark.parametrize("k,min_cell", [(10, None), (3, 1), (25, 40)])
def test_audit_equals_pandas(city, engine, off_engine, allocation, k, min_cell):
    got_g, got_s = engine.audit(allocation=allocation, k=k, strata=True, min_cell_seekers=min_cell)
    want_g, want_s = _expected(city, engine, off_engine, allocation, k, 10 if min_cell is None else min_cell)
    assert got_g.attrs["k"] == k and got_g.attrs["allocated"] is False
    pd.testing.assert_frame_equal(got_g, want_g, check_exact=False, rtol=1e-9, atol=1e-12)
    pd.testing.assert_frame_equal(got_s, want_s, check_exact=False, rtol=1e-9, atol=1e-12,
                                  check_dtype=False)
    # Something is shown, something suppressed, and at least one flag is set
    # on one side or the other (the data exercise the definitions).
    assert got_g.seekers.notna().sum() >= 4
    if min_cell != 1:
        assert got_g.seekers.isna().any()
    assert (got_g.four_fifths_flag == 1).any() or (got_g.four_fifths_flag_no_priority == 1).any()


def test_own_allocation_equals_default_allocate(engine):
    own = engine.audit()
    assert own.attrs["allocated"] is True
    pd.testing.assert_frame_equal(own.drop(columns=[]), engine.audit(allocation=engine.allocate()),
                                  check_exact=True, check_like=False)
    assert isinstance(own, pd.DataFrame)


def test_allocation_csv_path_equals_object(engine, allocation, tmp_path):
    p = tmp_path / "alloc.csv"
    allocation.seekers.to_csv(p, index=False, columns=["seeker_id", "vacancy_id", "score", "outcome"])
    pd.testing.assert_frame_equal(engine.audit(allocation=str(p)), engine.audit(allocation=allocation))


def test_cli_equals_python(city, engine, allocation, tmp_path):
    city.to_csv(tmp_path / "city")
    allocation.seekers.to_csv(tmp_path / "alloc.csv", index=False,
                              columns=["seeker_id", "vacancy_id", "score", "outcome"])
    cli("audit", "--data", tmp_path / "city", "--allocation", tmp_path / "alloc.csv", "-k", "5", "-q", "--out",
        tmp_path / "a.csv", "--strata-out", tmp_path / "s.csv")
    g, s = engine.audit(allocation=allocation, k=5, strata=True)
    for got, path in ((g, "a.csv"), (s, "s.csv")):
        want = pd.read_csv(tmp_path / path, keep_default_na=False, na_values=[""], float_precision="round_trip")
        assert list(want.columns) == list(got.columns)
        assert list(want.group) == list(got.group)
        for c in COLS:  # the same doubles, written in shortest round-trip form
            np.testing.assert_array_equal(got[c].to_numpy(), want[c].to_numpy(np.float64), err_msg=c)


def test_policy_min_cell_seekers(city):
    p = jobmatch.Policy.default().to_dict()
    p["audit"] = {"min_cell_seekers": 100}
    e = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills, policy=p)
    a = e.audit()
    assert a.attrs["min_cell_seekers"] == 100
    assert (a.seekers.dropna() >= 100).all() and a.seekers.isna().sum() > 0
    # The argument overrides the policy.
    pd.testing.assert_frame_equal(e.audit(min_cell_seekers=10),
                                  jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills).audit())
    with pytest.raises(ValueError, match="audit.min_cell_seekers"):
        jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills,
                        policy=dict(p, audit={"min_cell_seekers": 0}))


def test_audit_errors(engine):
    with pytest.raises(TypeError, match="allocation"):
        engine.audit(allocation=3)
    with pytest.raises(ValueError, match="k must be"):
        engine.audit(k=0)
    with pytest.raises(ValueError, match="min_cell_seekers"):
        engine.audit(min_cell_seekers=0)
    with pytest.raises(ValueError, match="method"):
        engine.audit(method="greedy")
    other = jobmatch.generate_city(seekers=50, vacancies=20, seed=1).engine()
    with pytest.raises(ValueError, match="not this engine version's seekers"):
        engine.audit(allocation=other.allocate())
    with pytest.raises(jobmatch.JobmatchError):
        engine.audit(allocation="/nonexistent/alloc.csv")
