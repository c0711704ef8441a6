"""Engine.mismatch and Engine.tightness against a pandas recomputation from the
input DataFrames (the definitions of docs/analytics.md), and the CLI."""
import numpy as np
import pandas as pd
import pytest

import jobmatch
from bindings_util import cli

SHORTAGE, SURPLUS = 1.5, 0.67


@pytest.fixture(scope="module")
def city():
    c = jobmatch.generate_city(seekers=700, vacancies=160, seed=29)
    rng = np.random.default_rng(5)
    # Dates, a quarter of them missing, so that the durations have data.
    base = pd.Timestamp("2025-01-01")
    sd = base + pd.to_timedelta(rng.integers(0, 400, len(c.seekers)), unit="D")
    vd = base + pd.to_timedelta(rng.integers(0, 400, len(c.vacancies)), unit="D")
    c.seekers["registered_on"] = pd.Series(sd).where(rng.random(len(sd)) > 0.25)
    c.vacancies["posted_on"] = pd.Series(vd).where(rng.random(len(vd)) > 0.25)
    return c


@pytest.fixture(scope="module")
def engine(city):
    return jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)


@pytest.fixture(scope="module")
def allocation(engine):
    return engine.allocate()


def _split(cell, n):
    return [x.split(":") for x in cell.split(";")] if isinstance(cell, str) and cell else []


def _demand(vac, filled):
    rows = []
    for j, v in enumerate(vac.itertuples(index=False)):
        reqs = _split(v.requirements, 3)
        total = sum(float(r[2]) for r in reqs)
        for r in reqs:
            rows.append(dict(vrow=j, skill=r[0], grade=int(r[1]), district=v.district, industry=v.industry,
                             openings=int(v.openings), weighted=int(v.openings) * float(r[2]) / total,
                             unfilled=max(0, int(v.openings) - int(filled[j])) if filled is not None else 0))
    return pd.DataFrame(rows)


def _supply(see, industries):
    rows = []
    for i, s in enumerate(see.itertuples(index=False)):
        prefs = [x for x in s.preferred_industries.split(";")] if isinstance(s.preferred_industries, str) \
            and s.preferred_industries else list(industries)
        for name, level in _split(s.skills, 2):
            for g in range(1, int(level) + 1):
                for ind in prefs:
                    rows.append(dict(srow=i, skill=name, grade=g, district=s.district, industry=ind))
    return pd.DataFrame(rows)


def _points(lat, lon):
    r = 6371.0088
    la, lo = np.radians(np.asarray(lat, dtype=np.float64)), np.radians(np.asarray(lon, dtype=np.float64))
    return np.stack([r * np.cos(la) * np.cos(lo), r * np.cos(la) * np.sin(lo), r * np.sin(la)], 1).astype(np.float32)


def _expected(city, engine, by, filled):
    see, vac = city.seekers, city.vacancies
    industries = engine.industry_names
    keys = ["skill", "grade"] + list(by)
    d = _demand(vac, filled)
    s = _supply(see, industries)
    if "industry" not in by:
        s = s.drop(columns="industry").drop_duplicates()
    dem = d.groupby(keys).agg(vacancies=("vrow", "size"), demand_openings=("openings", "sum"),
                              demand_weighted=("weighted", "sum"), unfilled_openings=("unfilled", "sum"))
    sup = s.groupby(keys).agg(supply_seekers=("srow", "nunique"))
    out = dem.join(sup, how="outer").fillna(0).reset_index()
    for c in ("vacancies", "demand_openings", "supply_seekers", "unfilled_openings"):
        out[c] = out[c].astype(np.int64)
    out = out[(out.demand_openings > 0) | (out.supply_seekers > 0)]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio"] = np.where(out.supply_seekers > 0, out.demand_openings / out.supply_seekers.clip(lower=1),
                                np.inf)
    out["label"] = np.where(out.ratio >= SHORTAGE, "shortage", np.where(out.ratio <= SURPLUS, "surplus", "balanced"))
    # Reach: of the cell's seekers, those within commute of one of its vacancies with openings.
    sp, vp = _points(see.lat, see.lon), _points(vac.lat, vac.lon)
    commute = np.where(see.max_commute_km > 0, see.max_commute_km, engine.policy.to_dict()["scoring"]["default_max_commute_km"]) \
        .astype(np.float32)
    remote = vac.remote.to_numpy(bool)
    accepts = see.accepts_remote.to_numpy(bool)
    open_vacs = d[d.openings > 0].groupby(keys)["vrow"].apply(list)
    cell_seekers = s.groupby(keys)["srow"].apply(lambda x: sorted(set(x)))
    reach = []
    for k in out[keys].itertuples(index=False, name=None):
        ss = np.array(cell_seekers.get(k, []), dtype=np.int64)
        vv = np.array(open_vacs.get(k, []), dtype=np.int64)
        if len(ss) == 0 or len(vv) == 0:
            reach.append(0)
            continue
        diff = sp[ss][:, None, :] - vp[vv][None, :, :]
        dist = np.sqrt((diff * diff).sum(axis=2, dtype=np.float32))
        ok = (dist <= commute[ss][:, None]) | (remote[vv][None, :] & accepts[ss][:, None])
        reach.append(int(ok.any(axis=1).sum()))
    out["supply_in_reach"] = np.array(reach, dtype=np.int64)
    return out


def _sort_like(got, keys, skill_order):
    got = got.copy()
    for c in keys:
        got[c] = got[c].astype(object) if c != "grade" else got[c]
    got["_s"] = got.skill.map({n: i for i, n in enumerate(skill_order)})
    return got.sort_values(["_s"] + keys[1:]).drop(columns="_s").reset_index(drop=True)


@pytest.mark.parametrize("by", [(), ("district",), ("industry",), ("district", "industry")])
def test_mismatch_equals_pandas(city, engine, allocation, by):
    got = engine.mismatch(by=by, allocation=allocation)
    keys = ["skill", "grade"] + list(by)
    assert list(got.columns) == keys + ["vacancies", "demand_openings", "demand_weighted", "supply_seekers",
                                        "supply_in_reach", "ratio", "unfilled_openings", "label"]
    want = _expected(city, engine, by, allocation.vacancies["filled"].to_numpy())
    got = _sort_like(got, keys, engine.skill_names)
    want = _sort_like(want, keys, engine.skill_names)
    assert len(got) == len(want)
    for c in keys:
        assert list(got[c]) == list(want[c]), c
    for c in ("vacancies", "demand_openings", "supply_seekers", "supply_in_reach", "unfilled_openings"):
        np.testing.assert_array_equal(got[c].to_numpy(np.int64), want[c].to_numpy(np.int64), err_msg=c)
    np.testing.assert_allclose(got.demand_weighted, want.demand_weighted, rtol=1e-6)
    np.testing.assert_array_equal(got.ratio.to_numpy(), want.ratio.to_numpy())
    assert list(got.label.astype(str)) == list(want.label)
    assert set(got.label.astype(str)) >= {"shortage", "surplus"}


def test_mismatch_without_allocation_and_reach(engine):
    m = engine.mismatch(reach=False)
    assert m.unfilled_openings.isna().all() and m.supply_in_reach.isna().all()
    m2 = engine.mismatch(shortage_ratio=100.0, surplus_ratio=99.0)
    assert not (m2.label == "balanced").any()


def test_allocation_csv_path_equals_object(engine, allocation, tmp_path):
    a = allocation.seekers.copy()
    p = tmp_path / "alloc.csv"
    a.to_csv(p, index=False, columns=["seeker_id", "vacancy_id", "score", "outcome"])
    pd.testing.assert_frame_equal(engine.mismatch(allocation=str(p)), engine.mismatch(allocation=allocation))


def test_cli_equals_python(city, engine, allocation, tmp_path):
    city.to_csv(tmp_path / "city")
    a = allocation.seekers.copy()
    a.to_csv(tmp_path / "alloc.csv", index=False, columns=["seeker_id", "vacancy_id", "score", "outcome"])
    cli("mismatch", "--data", tmp_path / "city", "--allocation", tmp_path / "alloc.csv", "--by",
        "district,industry", "-q", "--out", tmp_path / "m.csv", "--tightness-out", tmp_path / "t.csv")
    want = pd.read_csv(tmp_path / "m.csv", keep_default_na=False, na_values=[""], float_precision="round_trip")
    got = engine.mismatch(by=("district", "industry"), allocation=allocation)
    assert len(got) == len(want)
    for c in ("skill", "district", "industry", "label"):
        assert list(got[c].astype(str)) == list(want[c].astype(str)), c
    for c in ("grade", "demand_openings", "supply_seekers", "supply_in_reach", "unfilled_openings"):
        np.testing.assert_array_equal(got[c].to_numpy(np.int64), want[c].to_numpy(np.int64), err_msg=c)
    np.testing.assert_array_equal(got.ratio.to_numpy(), want.ratio.to_numpy(np.float64))
    t = pd.read_csv(tmp_path / "t.csv", keep_default_na=False, na_values=[""], float_precision="round_trip")
    tg = engine.tightness()
    np.testing.assert_array_equal(tg.tightness.to_numpy(), t.tightness.to_numpy(np.float64))
    np.testing.assert_array_equal(tg.vacancy_duration_median_days.to_numpy(),
                                  t.vacancy_duration_median_days.to_numpy(np.float64))


def test_tightness_equals_pandas(city, engine):
    as_of = pd.Timestamp("2025-10-01")
    t = engine.tightness(as_of=as_of)
    assert t.attrs["as_of"] == as_of.date()
    see, vac = city.seekers, city.vacancies
    districts = sorted(set(see.district) | set(vac.district))
    assert list(t.district.cat.categories) == districts
    assert len(t) == len(districts) * len(engine.industry_names)
    seekers_in = see.groupby("district").size()
    for row in t.itertuples(index=False):
        v = vac[(vac.district == row.district) & (vac.industry == row.industry)]
        s = see[see.district == row.district]
        assert row.vacancies == len(v) and row.openings == v.openings.sum()
        assert row.seekers == seekers_in.get(row.district, 0)
        want = row.openings / row.seekers if row.seekers else (np.inf if row.openings else np.nan)
        np.testing.assert_equal(row.tightness, want)
        pd_days = (as_of - v.posted_on.dropna()).dt.days
        pd_days = pd_days[pd_days >= 0]
        assert row.vacancies_dated == len(pd_days)
        np.testing.assert_equal(row.vacancy_duration_median_days, pd_days.median() if len(pd_days) else np.nan)
        rd = (as_of - s.registered_on.dropna()).dt.days
        rd = rd[rd >= 0]
        assert row.seekers_dated == len(rd)
        np.testing.assert_equal(row.registration_duration_median_days, rd.median() if len(rd) else np.nan)
    # Default as_of: the latest date in the data.
    latest = max(see.registered_on.max(), vac.posted_on.max())
    assert engine.tightness().attrs["as_of"] == latest.date()


def test_mismatch_errors(engine, city):
    with pytest.raises(ValueError, match="by: unknown column 'town'"):
        engine.mismatch(by="town")
    with pytest.raises(TypeError, match="allocation"):
        engine.mismatch(allocation=3)
    with pytest.raises(ValueError, match="surplus_ratio"):
        engine.mismatch(surplus_ratio=2.0)
    other = jobmatch.generate_city(seekers=50, vacancies=20, seed=1).engine()
    with pytest.raises(ValueError, match="not this engine version's vacancies"):
        engine.mismatch(allocation=other.allocate())
    with pytest.raises(jobmatch.JobmatchError):
        engine.mismatch(allocation="/nonexistent/alloc.csv")


def test_policy_thresholds(city):
    policy = jobmatch.Policy.default().to_dict()
    policy["mismatch"] = {"shortage_ratio": 100.0, "surplus_ratio": 99.0}
    e = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills, policy=policy)
    m = e.mismatch()
    assert m.attrs["shortage_ratio"] == 100.0 and m.attrs["surplus_ratio"] == 99.0
    assert not (m.label == "balanced").any()
    # The arguments override the policy; the default policy's are 1.5 and 0.67 exactly.
    m2 = e.mismatch(shortage_ratio=1.5, surplus_ratio=0.67)
    d = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills).mismatch()
    assert d.attrs["surplus_ratio"] == 0.67
    pd.testing.assert_frame_equal(m2, d)
    with pytest.raises(ValueError, match="mismatch.surplus_ratio"):
        bad = dict(policy, mismatch={"shortage_ratio": 1.0, "surplus_ratio": 2.0})
        jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills, policy=bad)
