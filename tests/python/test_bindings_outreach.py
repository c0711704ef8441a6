"""Engine.outreach against a pandas recomputation from the input DataFrames
(the definitions of docs/analytics.md, "Outreach case lists"): who is listed,
why, at which station and in which order, and each person's vacancies from
Engine.score over every pair; the files (modes); the CLI gives the same list."""
import os
import stat

import numpy as np
import pandas as pd
import pytest

import jobmatch
from bindings_util import as_float32, cli, read_result_csv


@pytest.fixture(scope="module")
def city():
    c = jobmatch.generate_city(seekers=900, vacancies=150, seed=41)
    # Households across towns, some members without a household id.
    rng = np.random.default_rng(3)
    # More zero-employment households than the generator's few, so that some
    # stay uncovered.
    groups = c.seekers["groups"].fillna("").astype(str).to_numpy()
    for i in np.flatnonzero(rng.random(len(groups)) < 0.15):
        if "zero_employment_household" not in groups[i]:
            groups[i] = ";".join(x for x in [groups[i], "zero_employment_household"] if x)
    c.seekers["groups"] = groups
    zeh = c.seekers["groups"].str.contains("zero_employment_household")
    ids = c.seekers["household_id"].astype(object).to_numpy()
    idx = np.flatnonzero(zeh.to_numpy())
    for j, i in enumerate(idx):
        ids[i] = "" if rng.random() < 0.1 else f"户{j // 3}"
    c.seekers["household_id"] = ids
    return c


@pytest.fixture(scope="module")
def engine(city):
    return jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)


def _groups(cell):
    return set(cell.split(";")) if isinstance(cell, str) and cell else set()


def _unk(x):
    return x if isinstance(x, str) and x else "(unknown)"


def _oracle(engine, see, vac, placed, level, top, months):
    """The list from the definitions: a DataFrame like Engine.outreach's core columns."""
    n = len(see)
    g = [_groups(x) for x in see["groups"]]
    hh = see["household_id"].fillna("").astype(str).to_numpy()
    months_u = see["months_unemployed"].fillna(0).astype(int).to_numpy()
    def station(i):
        s = see.iloc[i]
        parts = [_unk(s["district"])]
        if level in ("town", "village"):
            parts.append(_unk(s["town"]))
        if level == "village":
            parts.append(_unk(s["village"]))
        return "/".join(parts)
    reasons = [set() for _ in range(n)]
    anchor = {}
    members = {}
    for i in range(n):
        if "zero_employment_household" in g[i]:
            members.setdefault(hh[i] if hh[i] else ("\0", i), []).append(i)
    for key, m in members.items():
        if any(placed[i] >= 0 for i in m):
            continue
        for i in m:
            reasons[i].add("zero_employment_household")
            anchor[i] = min(m)
    for i in range(n):
        if "hard_to_employ" in g[i]:
            reasons[i].add("hard_to_employ")
        if "disabled" in g[i]:
            reasons[i].add("disabled")
        if "graduate_youth" in g[i] and months_u[i] >= months:
            reasons[i].add("long_unemployed_youth")
    order = ["zero_employment_household", "hard_to_employ", "disabled", "long_unemployed_youth"]
    unit_r, unit_m = {}, {}
    for key, m in members.items():
        for i in m:
            if i in anchor:
                unit_r[i] = max(len(reasons[j]) for j in m)
                unit_m[i] = max(months_u[j] for j in m)
    openings = vac["openings"].fillna(1).astype(int).to_numpy()
    filled = np.bincount(placed[placed >= 0], minlength=len(vac))
    free = np.flatnonzero(openings - filled > 0)
    listed = [i for i in range(n) if reasons[i]]
    scores = None
    if listed and len(free):
        sid = np.repeat(see["id"].to_numpy()[listed], len(free))
        vid = np.tile(vac["id"].to_numpy()[free], len(listed))
        scores = engine.score(sid, vid).reshape(len(listed), len(free))
    rows = []
    for li, i in enumerate(listed):
        zeh = i in anchor
        urgent = min(order.index(r) for r in reasons[i])
        key = (urgent, -(unit_r[i] if zeh else len(reasons[i])), -(unit_m[i] if zeh else months_u[i]),
               anchor[i] if zeh else i, i)
        st = station(anchor[i] if zeh else i)
        vs = []
        if scores is not None and top > 0:
            sc = scores[li]
            ok = np.flatnonzero(np.isfinite(sc))
            best = sorted(ok, key=lambda j: (-sc[j], free[j]))[:top]
            vs = [(free[j], sc[j]) for j in best]
        rows.append((st, key, i, "+".join(r for r in order if r in reasons[i]), vs))
    rows.sort(key=lambda r: (r[0].encode(), r[1]))
    out = []
    need = {}
    for st, key, i, reason, vs in rows:
        need[st] = need.get(st, 0) + 1
        if not vs:
            out.append((st, see["id"].iloc[i], reason, need[st], 0, None, np.float32(np.nan)))
        for k, (v, s) in enumerate(vs):
            out.append((st, see["id"].iloc[i], reason, need[st], k + 1, vac["id"].iloc[v], np.float32(s)))
    return pd.DataFrame(out, columns=["station", "seeker_id", "reason", "need_rank", "rank", "vacancy_id", "score"])


def _core(df):
    return pd.DataFrame({
        "station": df["station"].astype(str).to_numpy(),
        "seeker_id": df["seeker_id"].astype(str).to_numpy(),
        "reason": df["reason"].astype(str).to_numpy(),
        "need_rank": df["need_rank"].astype(int).to_numpy(),
        "rank": df["rank"].astype(int).to_numpy(),
        "vacancy_id": df["vacancy_id"].astype(object).where(df["vacancy_id"].notna(), None).to_numpy(),
        "score": df["score"].astype(np.float32).to_numpy(),
    })


def _assert_same(got, want):
    got, want = _core(got), want.reset_index(drop=True)
    assert len(got) == len(want)
    for c in ["station", "seeker_id", "reason", "need_rank", "rank"]:
        assert list(got[c]) == list(want[c]), c
    assert [None if v is None or v == "" else str(v) for v in got["vacancy_id"]] == \
           [None if v is None else str(v) for v in want["vacancy_id"]]
    np.testing.assert_array_equal(got["score"].to_numpy(), want["score"].to_numpy())


@pytest.mark.parametrize("level,top,months,households", [("town", 5, None, True), ("district", 3, 12, False),
                                                         ("village", 0, 0, False)])
def test_equals_pandas_oracle(engine, city, level, top, months, households):
    alloc = engine.allocate(households=households, candidates=3)
    got = engine.outreach(allocation=alloc, level=level, top=top, long_unemployed_months=months)
    placed = np.asarray(alloc.vacancy_of_seeker, dtype=np.int64)
    if not households:
        assert got["reason"].str.contains("zero_employment_household").any()
    want = _oracle(engine, city.seekers, city.vacancies, placed, level, top, 6 if months is None else months)
    _assert_same(got, want)
    assert got.attrs["long_unemployed_months"] == (6 if months is None else months)
    assert not got.attrs["allocated_here"]
    # The person's allocated vacancy is reported.
    alloc_ids = alloc.seekers.set_index(alloc.seekers["seeker_id"].astype(str))["vacancy_id"].astype(object)
    for sid, av in zip(got["seeker_id"].astype(str), got["allocated_vacancy_id"].astype(object)):
        want_av = alloc_ids[sid]
        assert (pd.isna(av) and pd.isna(want_av)) or av == want_av


def test_without_allocation_allocates_with_household_coverage(engine):
    got = engine.outreach(level="town")
    assert got.attrs["allocated_here"]
    ref = engine.outreach(allocation=engine.allocate(households=True), level="town")
    pd.testing.assert_frame_equal(got, ref)


def test_every_uncovered_household_at_one_station(engine, city):
    alloc = engine.allocate(candidates=3)  # without coverage: households left uncovered
    got = engine.outreach(allocation=alloc, level="village", top=1)
    z = got[got["reason"].str.contains("zero_employment_household")]
    per_household = z[z["household_id"] != ""].groupby("household_id")["station"].nunique()
    assert (per_household == 1).all()
    assert len(z["seeker_id"].unique()) > 0
    assert got.attrs["households_uncovered"] >= z[z["household_id"] != ""]["household_id"].nunique()


def test_files_private_and_cli_agrees(engine, city, tmp_path):
    alloc = engine.allocate(households=True)
    out = tmp_path / "py"
    got = engine.outreach(allocation=alloc, level="town", top=4, out_dir=out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o700
    for f in os.listdir(out):
        assert stat.S_IMODE(os.stat(out / f).st_mode) == 0o600, f
    py_csv = read_result_csv(out / "outreach.csv")
    # CLI on the same data and allocation.
    engine.to_csv(tmp_path / "city")
    alloc_csv = tmp_path / "alloc.csv"
    placed = alloc.seekers[alloc.seekers["vacancy_id"].notna()]
    pd.DataFrame({"seeker_id": placed["seeker_id"].astype(str), "vacancy_id": placed["vacancy_id"].astype(str),
                  "score": placed["score"], "outcome": "placed"}).to_csv(alloc_csv, index=False)
    cli("outreach", "--data", tmp_path / "city", "--allocation", alloc_csv, "--level", "town", "--top", 4,
        "--out", tmp_path / "cli", "-q")
    cli_csv = read_result_csv(tmp_path / "cli" / "outreach.csv")
    pd.testing.assert_frame_equal(py_csv, cli_csv)
    assert len(py_csv) == len(got)
    np.testing.assert_array_equal(as_float32(cli_csv["score"]), got["score"].to_numpy())


def test_bad_arguments(engine):
    with pytest.raises(ValueError):
        engine.outreach(level="street")
    with pytest.raises(jobmatch.JobmatchError):
        engine.outreach(top=1001)
    with pytest.raises(TypeError):
        engine.outreach(allocation=42)
    small = jobmatch.generate_city(seekers=50, vacancies=10, seed=1)
    other = jobmatch.Engine(small.seekers, small.vacancies, skills=small.skills)
    with pytest.raises(ValueError):
        engine.outreach(allocation=other.allocate())


def test_training_column_is_the_persons_training_advice(engine):
    alloc = engine.allocate(households=True)
    got = engine.outreach(allocation=alloc, level="town", top=1, training=2).drop_duplicates("seeker_id")
    assert (got["training"] != "").any()
    for sid, text in zip(got["seeker_id"].astype(str)[:60], got["training"][:60]):
        adv = engine.training_advice([sid], k=10, top=2)
        want = "; ".join(f"{r.skill}\u2192{r.grade} (+{r.gain:.3f}" + (f", {r.newly_met} newly met" if r.newly_met else "")
                         + ")" for r in adv.itertuples())
        assert text == want, (sid, text, want)
    none = engine.outreach(allocation=alloc, level="town", top=1, training=0)
    assert (none["training"] == "").all()
