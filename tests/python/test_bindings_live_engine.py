"""jobmatch.Engine on the live C++ engine: updates from DataFrames, views,
snapshots, the schema and dates. Oracle: an Engine built fresh from the final
data (and its snapshot round trip) must give bit-identical results."""
import datetime as dt
import os
import re

import numpy as np
import pandas as pd
import pytest

import jobmatch
from jobmatch import _jobmatch

DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "docs")


@pytest.fixture(scope="module")
def city():
    return jobmatch.generate_city(seekers=400, vacancies=120, seed=5, embedding_dim=4)


def frames_with_embeddings(city):
    return (city.seekers.assign(embedding=list(city.seeker_embeddings)),
            city.vacancies.assign(embedding=list(city.vacancy_embeddings)))


def assert_same_results(a, b):
    assert list(a.seeker_ids) == list(b.seeker_ids)
    assert list(a.vacancy_ids) == list(b.vacancy_ids)
    for direction in ("vacancies", "seekers"):
        x, y = a.recommend_arrays(6, direction), b.recommend_arrays(6, direction)
        np.testing.assert_array_equal(x.index, y.index)
        np.testing.assert_array_equal(x.score, y.score)
    for kw in ({}, {"method": "stable"}):
        p, q = a.allocate(**kw), b.allocate(**kw)
        np.testing.assert_array_equal(p.vacancy_of_seeker, q.vacancy_of_seeker)
        assert p.summary["total_score"] == q.summary["total_score"]
    sid, vid = a.seeker_ids[:25], a.vacancy_ids[:25]
    np.testing.assert_array_equal(a.score(sid, vid), b.score(sid, vid))


@pytest.mark.parametrize("seed", range(6))
def test_random_updates_equal_a_fresh_engine_on_the_final_data(city, seed):
    rng = np.random.default_rng(seed)
    s_all, v_all = frames_with_embeddings(city)
    # Start from part of the city; the rest arrives through upserts.
    s_live = s_all.iloc[:250].copy()
    v_live = v_all.iloc[:80].copy()
    policy = jobmatch.Policy.default()
    engine = jobmatch.Engine(s_live, v_live, city.skills, policy)
    for step in range(12):
        op = rng.integers(0, 5)
        if op == 0:  # upsert seekers: new ones and changed existing ones
            new = s_all.iloc[rng.choice(len(s_all), size=int(rng.integers(1, 30)), replace=False)].copy()
            new["reservation_wage"] = rng.integers(0, 6000, size=len(new))
            engine.upsert_seekers(new)
            s_live = pd.concat([s_live[~s_live["id"].isin(new["id"])], new])
        elif op == 1:
            new = v_all.iloc[rng.choice(len(v_all), size=int(rng.integers(1, 15)), replace=False)].copy()
            new["openings"] = rng.integers(0, 4, size=len(new))
            engine.upsert_vacancies(new)
            v_live = pd.concat([v_live[~v_live["id"].isin(new["id"])], new])
        elif op == 2 and len(s_live) > 20:
            ids = list(rng.choice(s_live["id"].to_numpy(), size=int(rng.integers(1, 10)), replace=False))
            engine.remove_seekers(ids)
            s_live = s_live[~s_live["id"].isin(ids)]
        elif op == 3 and len(v_live) > 20:
            ids = list(rng.choice(v_live["id"].to_numpy(), size=int(rng.integers(1, 5)), replace=False))
            engine.remove_vacancies(ids)
            v_live = v_live[~v_live["id"].isin(ids)]
        else:
            policy = jobmatch.Policy.default().with_rule_weight("hard_to_employ", float(rng.uniform(0, 0.3)))
            engine.replace_policy(policy)
    assert engine.policy == policy
    fresh = jobmatch.Engine(s_live.reset_index(drop=True), v_live.reset_index(drop=True), city.skills, policy)
    assert_same_results(engine, fresh)
    engine.compact()
    assert_same_results(engine, fresh)


def test_upsert_replaces_and_moves_the_row_last(city):
    e = city.engine()
    first = city.seekers.iloc[[0]].assign(reservation_wage=100000)
    seq = e.sequence
    e.upsert_seekers(first, embeddings=city.seeker_embeddings[:1])
    assert e.sequence == seq + 1
    assert e.seeker_ids[-1] == first["id"].iloc[0] and e.num_seekers == len(city.seekers)
    assert e.score([first["id"].iloc[0]], [e.vacancy_ids[0]]).shape == (1,)


def test_a_view_keeps_answering_from_its_version(city):
    e = city.engine()
    view = e.view()
    before = view.recommend_arrays(5)
    e.upsert_vacancies(city.vacancies.assign(id=city.vacancies["id"] + "-new"), embeddings=city.vacancy_embeddings)
    e.remove_seekers(city.seekers["id"].iloc[:50])
    after = view.recommend_arrays(5)
    np.testing.assert_array_equal(before.index, after.index)
    np.testing.assert_array_equal(before.score, after.score)
    assert view.num_seekers == len(city.seekers) and e.num_seekers == len(city.seekers) - 50
    assert e.num_vacancies == 2 * len(city.vacancies) and view.num_vacancies == len(city.vacancies)
    assert view.sequence + 2 == e.sequence
    assert isinstance(view, jobmatch.EngineView) and not isinstance(view, jobmatch.Engine)


def test_snapshot_round_trip(city, tmp_path):
    s, v = frames_with_embeddings(city)
    e = jobmatch.Engine(s, v, city.skills, jobmatch.Policy.default().with_rule_weight("veteran", 0.2))
    e.upsert_seekers(s.iloc[:10].assign(education=6))
    e.remove_vacancies([v["id"].iloc[3]])
    path = tmp_path / "city.jms"
    e.save_snapshot(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    loaded = jobmatch.Engine.load_snapshot(path)
    assert loaded.sequence == 0 and loaded.policy == e.policy
    assert_same_results(e, loaded)
    np.testing.assert_array_equal(loaded.seeker_embeddings, e.seeker_embeddings)
    with pytest.raises(jobmatch.FileError):
        jobmatch.Engine.load_snapshot(tmp_path / "missing.jms")
    (tmp_path / "junk.jms").write_bytes(b"not a snapshot at all" * 10)
    with pytest.raises(jobmatch.JobmatchError):
        jobmatch.Engine.load_snapshot(tmp_path / "junk.jms")


def test_with_policy_shares_data_and_leaves_the_engine_alone(city):
    e = city.engine()
    p = jobmatch.Policy.default().without_priority()
    other = e.with_policy(p)
    assert other.policy == p and e.policy == jobmatch.Policy.default()
    ref = jobmatch.Engine(city.seekers, city.vacancies, city.skills, p,
                          seeker_embeddings=city.seeker_embeddings, vacancy_embeddings=city.vacancy_embeddings)
    assert_same_results(other, ref)


# ------------------------------------------------------------ all-or-nothing
SECRET_HOUSEHOLD = "HH-SECRET-4711"


@pytest.mark.parametrize("column,value,reason", [
    ("months_unemployed", -3, "not a non-negative integer"),
    ("months_unemployed", 2.5, "not a non-negative integer"),
    ("groups", "secret_group_name", "unknown key group"),
    ("needs_accessibility", "maybe", "not a boolean"),
    ("education", 9, "must be an integer in 0..6"),
    ("skills", "weldng:3", "unknown skill 'weldng'"),
    ("lat", 123.0, "out of range"),
])
def test_a_bad_upsert_row_changes_nothing_and_names_no_sensitive_value(city, column, value, reason):
    e = city.engine()
    before = e.recommend_arrays(4)
    seq = e.sequence
    batch = city.seekers.iloc[:6].copy()
    batch["household_id"] = SECRET_HOUSEHOLD
    batch["groups"] = batch["groups"].astype(object)
    batch[column] = batch[column].astype(object)
    batch.iloc[4, batch.columns.get_loc(column)] = value
    batch = batch.set_index("household_id", drop=False)  # indexed by a sensitive column
    with pytest.raises(jobmatch.InvalidInputError) as err:
        e.upsert_seekers(batch)
    msg = str(err.value)
    assert err.value.row == 4 and err.value.column == column, msg
    assert err.value.source == "<seekers DataFrame>" and err.value.line == 6
    assert reason in msg and "[DataFrame row 4]" in msg
    assert SECRET_HOUSEHOLD not in msg
    if column in ("months_unemployed", "groups", "needs_accessibility"):
        assert str(value) not in msg and "value not shown" in msg
    # The same with the household column as the index only (dropped).
    with pytest.raises(jobmatch.InvalidInputError) as err2:
        e.upsert_seekers(batch.drop(columns=["household_id"]).rename_axis("household_id"))
    assert SECRET_HOUSEHOLD not in str(err2.value) and "[DataFrame row 4]" in str(err2.value)
    assert e.sequence == seq
    after = e.recommend_arrays(4)
    np.testing.assert_array_equal(before.index, after.index)
    np.testing.assert_array_equal(before.score, after.score)


def test_index_labels_are_shown_unless_the_index_is_sensitive(city):
    e = city.engine()
    bad = city.seekers.iloc[:3].copy()
    bad.loc[bad.index[1], "education"] = 11
    with pytest.raises(jobmatch.InvalidInputError, match=r"\[DataFrame row 1, index 'S0000002'\]"):
        e.upsert_seekers(bad.set_index(bad["id"].rename("seeker")))
    # A label is never hidden because of the failing row's own values (that
    # would tell them): months_unemployed equal to the label changes nothing.
    bad.index = [7, 8, 9]
    bad["months_unemployed"] = [7, 8, 9]
    with pytest.raises(jobmatch.InvalidInputError, match=r"\[DataFrame row 1, index 8\]"):
        e.upsert_seekers(bad.assign(months_unemployed=[0, 8, 0]))


def test_update_errors_from_the_engine(city):
    e = city.engine()
    with pytest.raises(jobmatch.NotFoundError):
        e.remove_seekers(["nobody"])
    with pytest.raises(jobmatch.InvalidInputError, match="listed twice"):
        e.remove_vacancies([e.vacancy_ids[0], e.vacancy_ids[0]])
    with pytest.raises(jobmatch.InvalidInputError, match=r"duplicate .*DataFrame row 1"):
        e.upsert_seekers(city.seekers.iloc[[3, 3]])
    with pytest.raises(jobmatch.InvalidInputError, match="industries are fixed"):
        e.upsert_vacancies(city.vacancies.iloc[:2].assign(industry="space mining"))
    with pytest.raises(jobmatch.InvalidInputError, match="dimension"):
        e.upsert_seekers(city.seekers.iloc[:2], embeddings=np.ones((2, 3), np.float32))
    with pytest.raises(jobmatch.InvalidInputError, match="astronaut"):
        e.replace_policy({"priority": {"rules": [{"name": "x", "weight": 0.1, "groups": ["astronaut"]}]}})
    with pytest.raises(jobmatch.InvalidInputError, match="unknown column 'skils'"):
        e.upsert_seekers(city.seekers.iloc[:2].rename(columns={"skills": "skils"}))
    assert e.sequence == 0


# ---------------------------------------------------------------- schema, dates
def test_schema_comes_from_the_library():
    s = jobmatch.schema("seekers")
    assert list(s["name"][:3]) == ["id", "household_id", "district"]
    assert set(s.loc[s["sensitive"], "name"]) == {"household_id", "groups", "needs_accessibility",
                                                  "months_unemployed"}
    assert s.set_index("name").loc["registered_on", "kind"] == "date"
    assert jobmatch.schema("vacancies").set_index("name").loc["posted_on", "kind"] == "date"
    assert tuple(s.loc[~s["written_when_present"], "name"]) == jobmatch._engine.SEEKER_COLUMNS
    with pytest.raises(ValueError):
        jobmatch.schema("skills")


def test_dates_from_datetime64_date_objects_strings_and_missing(city, tmp_path):
    s = city.seekers.iloc[:4].copy()
    v = city.vacancies.iloc[:3].copy()
    forms = [
        pd.to_datetime(["2024-01-31", None, "2023-12-01 15:30", "1999-05-06"]),
        pd.Series([dt.date(2024, 1, 31), None, dt.datetime(2023, 12, 1, 15, 30), "1999-05-06"], dtype=object),
        pd.Series(["2024-01-31", np.nan, "2023-12-01", "1999-05-06"], dtype=object),
    ]
    want = ["2024-01-31", "", "2023-12-01", "1999-05-06"]
    for form in forms:
        registered = pd.Series(form, index=s.index, dtype=form.dtype)
        posted = pd.Series(["2025-02-03", None, pd.NaT], index=v.index, dtype=object)
        e = jobmatch.Engine(s.assign(registered_on=registered), v.assign(posted_on=posted),
                            city.skills)
        e.to_csv(tmp_path)
        got = pd.read_csv(tmp_path / "seekers.csv", dtype=str, keep_default_na=False)["registered_on"]
        assert got.tolist() == want
        got_v = pd.read_csv(tmp_path / "vacancies.csv", dtype=str, keep_default_na=False)["posted_on"]
        assert got_v.tolist() == ["2025-02-03", "", ""]
    with pytest.raises(jobmatch.InvalidInputError) as err:
        jobmatch.Engine(s.assign(registered_on=["2024-02-30", None, None, None]), v, city.skills)
    assert err.value.column == "registered_on" and err.value.row == 0 and "not a date" in str(err.value)
    with pytest.raises(jobmatch.InvalidInputError, match="not a date"):
        jobmatch.Engine(s.assign(registered_on=pd.to_datetime(["1850-01-01"] * 4)), v, city.skills)


def test_numbers_from_any_dtype_equal_text_cells(city):
    """Typed cells and their CSV text are the same input (the fast path never differs)."""
    s, v = city.seekers.copy(), city.vacancies.copy()
    s_text = s.astype({c: str for c in ("lat", "lon", "education", "reservation_wage", "max_commute_km",
                                        "months_unemployed")})
    s_text["needs_accessibility"] = s["needs_accessibility"].map({True: "yes", False: "no"})
    v_nullable = v.astype({"openings": "Int64"})
    a = jobmatch.Engine(s, v, city.skills)
    b = jobmatch.Engine(s_text, v_nullable, city.skills)
    assert_same_results(a, b)


# ---------------------------------------------- ineligibility reasons (issue 9.6)
def test_documented_ineligibility_reasons_are_the_ones_the_code_emits(city):
    emitted = set(_jobmatch._INELIGIBLE_REASONS)
    with open(os.path.join(DOCS, "python.md"), encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("### `explain(seeker_id, vacancy_id) -> dict`"):]
    section = section[: section.index("\n### ", 10)]
    listed = section[section.index("ineligible"): section.index("docs/scoring.md")]
    assert set(re.findall(r"`([a-z_]+)`", listed)) - {"ineligible"} == emitted
    doc = jobmatch.Engine.explain.__doc__
    listed_doc = doc[doc.index("``ineligible``"): doc.index("docs/scoring.md")]
    assert set(re.findall(r"``([a-z_]+)``", listed_doc)) - {"ineligible"} == emitted
    with open(os.path.join(DOCS, "scoring.md"), encoding="utf-8") as f:
        scoring = f.read()
    table = scoring[scoring.index("## Hard eligibility"): scoring.index("## Determinism")]
    assert set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M)) == emitted
    # And what explanations really hold on a city is among them.
    e = city.engine(jobmatch.Policy.from_dict({"eligibility": {"enforce_min_education": True,
                                                               "enforce_reservation_wage": True}}))
    seen = set()
    for sid in e.seeker_ids[:60]:
        for vid in e.vacancy_ids[:40]:
            seen.update(e.explain(sid, vid)["ineligible"])
    assert seen and seen <= emitted
