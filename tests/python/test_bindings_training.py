"""Engine.training_advice and Engine.training_courses against an independent
brute force in pandas/numpy (docs/analytics.md, "Training advice"): every
candidate upgrade is applied to a copy of the seeker's row, all the modified
seekers are loaded into one fresh Engine and rescored with Engine.score; the
course table is recomputed from Engine.score's eligibility and the
requirement strings. Plus the CLI giving the same rows, and the errors."""
import numpy as np
import pandas as pd
import pytest

import jobmatch
from bindings_util import cli, read_result_csv


@pytest.fixture(scope="module")
def city():
    return jobmatch.generate_city(seekers=220, vacancies=70, seed=41)


@pytest.fixture(scope="module")
def engine(city):
    return jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)


def _skills(cell):
    return {x.split(":")[0]: int(x.split(":")[1]) for x in cell.split(";")} if isinstance(cell, str) and cell else {}


def _reqs(cell):
    return {x.split(":")[0]: int(x.split(":")[1]) for x in cell.split(";")} if isinstance(cell, str) and cell else {}


def _score_matrix(engine, sids, vids):
    """Engine.score of every (seeker, vacancy) pair as a len(sids) x len(vids) matrix."""
    return engine.score(np.repeat(sids, len(vids)), np.tile(vids, len(sids))).reshape(len(sids), len(vids))


def _met(levels, reqs):
    return all(levels.get(k, 0) >= g for k, g in reqs.items())


def _top_sum(scores, m):
    total = 0.0
    for x in sorted((float(s) for s in scores), reverse=True)[:m]:  # descending, in double
        total += x
    return total


def _brute_force(city, engine, seeker_ids, k, top, policy=None):
    """Advice rows (seeker_id, rank, skill, grade, gain, newly_met) by rescoring."""
    see = city.seekers.set_index("id", drop=False)
    vac = city.vacancies
    vids = list(vac["id"])
    reqs = [_reqs(c) for c in vac["requirements"]]
    required = sorted({k for r in reqs for k in r})
    base = _score_matrix(engine, seeker_ids, vids)
    # Every candidate upgrade as a seeker row of its own.
    mods, keys = [], []
    for sid in seeker_ids:
        levels = _skills(see.loc[sid, "skills"])
        for skill in required:
            for g in range(levels.get(skill, 0) + 1, 9):
                new = dict(levels)
                new[skill] = g
                row = see.loc[sid].copy()
                row["id"] = f"{sid}|{skill}|{g}"
                row["skills"] = ";".join(f"{a}:{b}" for a, b in new.items())
                mods.append(row)
                keys.append((sid, skill, g))
    mod_frame = pd.DataFrame(mods).reset_index(drop=True)
    fresh = jobmatch.Engine(mod_frame, city.vacancies, skills=city.skills, policy=policy)
    after_all = _score_matrix(fresh, list(mod_frame["id"]), vids)
    by_key = {key: after_all[i] for i, key in enumerate(keys)}
    out = []
    for i, sid in enumerate(seeker_ids):
        elig = np.isfinite(base[i])
        m = min(k, int(elig.sum()))
        if m == 0:
            continue
        before = _top_sum(base[i][elig], m)
        levels = _skills(see.loc[sid, "skills"])
        listed = []
        for skill in required:
            cur = levels.get(skill, 0)
            below = (0.0, 0)  # the grade held: gain 0, nothing newly met
            gmax = max([r[skill] for j, r in enumerate(reqs) if elig[j] and skill in r], default=0)
            for g in range(cur + 1, 9):
                after = by_key[(sid, skill, g)]
                assert np.array_equal(np.isfinite(after), elig)  # eligibility does not depend on skills
                gain = (_top_sum(after[elig], m) - before) / m
                new = dict(levels)
                new[skill] = g
                newly = sum(1 for j, r in enumerate(reqs) if elig[j] and not _met(levels, r) and _met(new, r))
                if g <= gmax:
                    if gain > below[0] or newly > below[1]:  # better than the grade below
                        listed.append((skill, g, gain, newly))
                    below = (gain, newly)
                else:
                    assert (gain, newly) == below  # above G(k): repeats G(k)
        listed.sort(key=lambda r: (-r[2], -r[3], engine.skill_names.index(r[0]), r[1]))
        for rank, (skill, g, gain, newly) in enumerate(listed[:top], 1):
            out.append(dict(seeker_id=sid, rank=rank, skill=skill, grade=g, gain=gain, newly_met=newly))
    return pd.DataFrame(out, columns=["seeker_id", "rank", "skill", "grade", "gain", "newly_met"])


def _plain(df):
    d = df.copy()
    for c in ("seeker_id", "skill"):
        d[c] = d[c].astype(str)
    return d.reset_index(drop=True)


@pytest.mark.parametrize("k,top", [(10, 3), (1, 5), (500, 2)])
def test_advice_equals_brute_force(city, engine, k, top):
    ids = list(city.seekers["id"].iloc[[0, 3, 17, 40, 77, 120, 199]])
    got = engine.training_advice(ids, k=k, top=top)
    want = _brute_force(city, engine, ids, k, top)
    assert len(want) > 5
    pd.testing.assert_frame_equal(_plain(got), want, check_exact=True, check_dtype=False)
    assert isinstance(got["seeker_id"].dtype, pd.CategoricalDtype)
    assert got["gain"].dtype == np.float64


def test_advice_under_another_policy(city, engine):
    """Priority rules off and no partial credit: the brute force under the same policy."""
    d = jobmatch.Policy.default().without_priority().to_dict()
    d["scoring"]["partial_credit_per_grade"] = 0.0
    pol = jobmatch.Policy.from_dict(d)
    e2 = engine.with_policy(pol)
    ids = list(city.seekers["id"].iloc[[5, 6, 60, 61]])
    got = e2.training_advice(ids, k=5)
    want = _brute_force(city, e2, ids, 5, 3, policy=pol)
    assert len(want) > 0
    pd.testing.assert_frame_equal(_plain(got), want, check_exact=True, check_dtype=False)


def test_advice_all_seekers_and_summary(city, engine):
    a = engine.training_advice()
    s = a.attrs["seekers"]
    assert list(s["seeker_id"].astype(str)) == list(city.seekers["id"])
    assert (s["eligible"] >= 0).all()
    assert np.isnan(s.loc[s["eligible"] == 0, "mean_before"]).all()
    # A subset answers exactly the same rows as the whole run.
    ids = list(city.seekers["id"].iloc[[9, 2]])
    sub = engine.training_advice(ids)
    want = pd.concat([a[a["seeker_id"] == i] for i in ids])
    pd.testing.assert_frame_equal(_plain(sub), _plain(want), check_exact=True)


def _courses_brute_force(city, engine, allocation, level):
    see, vac = city.seekers, city.vacancies
    sids, vids = list(see["id"]), list(vac["id"])
    scores = _score_matrix(engine, sids, vids)
    filled = np.zeros(len(vac), dtype=np.int64)
    placed = np.zeros(len(see), dtype=bool)
    if allocation is not None:
        filled = np.asarray(allocation.vacancies["filled"], dtype=np.int64)
        placed = np.asarray(allocation.seekers["vacancy_id"].notna())
    left = np.asarray(vac["openings"], dtype=np.int64) - filled
    area_cols = ["district"] + (["town"] if level == "town" else [])
    credits = []
    for i, s in enumerate(see.itertuples(index=False)):
        if placed[i]:
            continue
        levels = _skills(s.skills)
        area = tuple(getattr(s, c) for c in area_cols)
        for j, v in enumerate(vac.itertuples(index=False)):
            if left[j] <= 0 or not np.isfinite(scores[i, j]):
                continue
            unmet = [(k, g) for k, g in _reqs(v.requirements).items() if levels.get(k, 0) < g]
            if len(unmet) == 1:
                credits.append(area + (unmet[0][0], unmet[0][1], j, i))
    c = pd.DataFrame(credits, columns=area_cols + ["skill", "grade", "vrow", "srow"])
    per_v = c.groupby(area_cols + ["skill", "grade", "vrow"]).agg(n=("srow", "size")).reset_index()
    per_v["openings"] = np.minimum(per_v["n"], left[per_v["vrow"]])
    t = per_v.groupby(area_cols + ["skill", "grade"]).agg(openings=("openings", "sum"),
                                                          vacancies=("vrow", "size")).reset_index()
    who = c.groupby(area_cols + ["skill", "grade"]).agg(seekers=("srow", "nunique")).reset_index()
    t = t.merge(who, on=area_cols + ["skill", "grade"])
    t = t[t["openings"] > 0]
    t["skill_id"] = [engine.skill_names.index(x) for x in t["skill"]]
    t["a"] = t[area_cols].apply(lambda r: tuple(x.encode() for x in r), axis=1)
    t = t.sort_values(["a", "openings", "seekers", "skill_id", "grade"],
                      ascending=[True, False, False, True, True])
    t["rank"] = t.groupby(area_cols).cumcount() + 1
    return t[area_cols + ["rank", "skill", "grade", "openings", "seekers", "vacancies"]].reset_index(drop=True)


@pytest.mark.parametrize("level", ["district", "town"])
@pytest.mark.parametrize("with_allocation", [False, True])
def test_courses_equal_pandas(city, engine, level, with_allocation):
    # A strict min_score leaves openings unfilled and some seekers placed.
    alloc = engine.allocate(min_score=0.62) if with_allocation else None
    got = engine.training_courses(alloc, level=level)
    want = _courses_brute_force(city, engine, alloc, level)
    assert len(want) > 0
    g = got.copy()
    for c in ["district", "town", "skill"]:
        if c in g:
            g[c] = g[c].astype(str)
    pd.testing.assert_frame_equal(g.reset_index(drop=True), want, check_dtype=False)


def test_cli_equals_python(city, engine, tmp_path):
    city.to_csv(tmp_path / "city")
    alloc = engine.allocate(min_score=0.62)
    a = alloc.seekers.copy()
    a.to_csv(tmp_path / "alloc.csv", index=False, columns=["seeker_id", "vacancy_id", "score", "outcome"])
    cli("training", "--data", tmp_path / "city", "-q", "-k", "7", "--top", "4", "--out", tmp_path / "t.csv",
        "--allocation", tmp_path / "alloc.csv", "--areas-out", tmp_path / "a.csv", "--level", "town")
    t = read_result_csv(tmp_path / "t.csv")
    py = engine.training_advice(k=7, top=4)
    assert list(t["seeker_id"]) == list(py["seeker_id"].astype(str))
    assert list(t["skill"]) == list(py["skill"].astype(str))
    assert [int(x) for x in t["rank"]] == list(py["rank"])
    assert [int(x) for x in t["grade"]] == list(py["grade"])
    assert [int(x) for x in t["newly_met"]] == list(py["newly_met"])
    assert [float(x) for x in t["gain"]] == list(py["gain"])  # shortest round-trip text: exact
    c = read_result_csv(tmp_path / "a.csv")
    pc = engine.training_courses(alloc, level="town")
    assert list(c["district"]) == list(pc["district"].astype(str))
    assert list(c["town"]) == list(pc["town"].astype(str))
    for col in ["rank", "grade", "openings", "seekers", "vacancies"]:
        assert [int(x) for x in c[col]] == list(pc[col]), col
    # The CSV path is accepted as the allocation too.
    pd.testing.assert_frame_equal(engine.training_courses(tmp_path / "alloc.csv", level="town"), pc)


def test_errors_and_progress(engine, city):
    with pytest.raises(jobmatch.NotFoundError):
        engine.training_advice(["NOPE"])
    with pytest.raises(ValueError, match="twice"):
        engine.training_advice([city.seekers["id"][0]] * 2)
    with pytest.raises(ValueError, match="k must be >= 1"):
        engine.training_advice(k=0)
    with pytest.raises(ValueError, match="top must be >= 1"):
        engine.training_advice(top=0)
    with pytest.raises(ValueError, match="level"):
        engine.training_courses(level="village")
    with pytest.raises(TypeError):
        engine.training_courses(allocation=42)
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return True

    engine.training_advice(progress=progress)
    assert seen and seen[-1] == (len(city.seekers), len(city.seekers))
    with pytest.raises(jobmatch.CancelledError):
        engine.training_advice(progress=lambda d, t: False)
