"""jobmatch.Engine, generate_city and Policy: round trips, equality with the
CLI (the C++ path) on the same data, error mapping."""
import json
import os

import numpy as np
import pandas as pd
import pytest

import jobmatch
from bindings_util import as_float32, cli, read_result_csv

COMPONENTS = ["skill", "embedding", "distance", "wage", "schedule", "education", "preference"]


@pytest.fixture(scope="module")
def city():
    return jobmatch.generate_city(seekers=600, vacancies=150, seed=7, embedding_dim=8)


@pytest.fixture(scope="module")
def engine(city):
    return city.engine()


@pytest.fixture(scope="module")
def data_dir(city, tmp_path_factory):
    d = tmp_path_factory.mktemp("city")
    city.to_csv(d)
    return d


# ----------------------------------------------------------------- city / round trips
def test_generate_city_equals_cli_generate(city, tmp_path):
    cli("generate", "--seekers", 600, "--vacancies", 150, "--seed", 7, "--embedding-dim", 8, "--out", tmp_path)
    for kind in ("seekers", "vacancies", "skills"):
        want = jobmatch.read_csv(tmp_path / f"{kind}.csv", kind)
        pd.testing.assert_frame_equal(getattr(city, kind), want)
    # Embeddings: the CLI writes them as text; parse and compare exactly.
    text = pd.read_csv(tmp_path / "seekers.csv", usecols=["embedding"], dtype=str)["embedding"]
    emb = np.array([[np.float32(float(x)) for x in row.split()] for row in text])
    np.testing.assert_array_equal(city.seeker_embeddings, emb)


def test_schema_columns(city):
    assert list(city.seekers.columns) == list(jobmatch._engine.SEEKER_COLUMNS)
    assert list(city.vacancies.columns) == list(jobmatch._engine.VACANCY_COLUMNS)
    assert list(city.skills.columns) == ["skill"]
    assert city.seeker_embeddings.dtype == np.float32 and city.seeker_embeddings.shape == (600, 8)
    assert city.seekers["id"].is_unique


def test_dataframe_engine_export_round_trip(city, engine):
    back = engine.to_city()
    pd.testing.assert_frame_equal(back.seekers, city.seekers)
    pd.testing.assert_frame_equal(back.vacancies, city.vacancies)
    pd.testing.assert_frame_equal(back.skills, city.skills)
    # Exported embeddings are the stored (normalised) ones: equal to the
    # generator's up to renormalisation rounding.
    np.testing.assert_allclose(back.seeker_embeddings, city.seeker_embeddings, rtol=0, atol=1e-6)
    # A second engine on the exported frames scores identically.
    again = back.engine()
    a, b = engine.recommend_arrays(5), again.recommend_arrays(5)
    np.testing.assert_array_equal(a.index, b.index)


def test_lists_nan_and_float_ints_are_accepted(city, engine):
    s = city.seekers.copy()
    s["groups"] = s["groups"].map(lambda g: g.split(";") if g else [])   # lists instead of ';' strings
    s["education"] = s["education"].astype(float)                        # ints as floats
    s.loc[0, "household_id"] = np.nan                                     # NaN = empty
    s.loc[0, "education"] = np.nan
    e = jobmatch.Engine(s, city.vacancies, city.skills, seeker_embeddings=city.seeker_embeddings,
                        vacancy_embeddings=city.vacancy_embeddings)
    got = e.to_city().seekers
    assert got.loc[0, "household_id"] == "" and got.loc[0, "education"] == 0
    pd.testing.assert_frame_equal(got.iloc[1:], city.seekers.iloc[1:])


def test_skills_default_to_the_names_in_the_data(city):
    e = jobmatch.Engine(city.seekers, city.vacancies)
    used = set()
    for col, frame in (("skills", city.seekers), ("requirements", city.vacancies)):
        for cell in frame[col]:
            used.update(item.split(":")[0] for item in cell.split(";") if item)
    assert set(e.skill_names) == used


def test_embedding_column_of_arrays(city):
    s = city.seekers.assign(embedding=list(city.seeker_embeddings))
    v = city.vacancies.assign(embedding=list(city.vacancy_embeddings))
    e = jobmatch.Engine(s, v, city.skills)
    np.testing.assert_array_equal(e.recommend_arrays(4).index, city.engine().recommend_arrays(4).index)


# ------------------------------------------------------------ equality with the CLI
@pytest.mark.parametrize("direction", ["vacancies", "seekers"])
def test_recommend_equals_cli(engine, data_dir, tmp_path, direction):
    out = tmp_path / "recs.csv"
    cli("recommend", "--data", data_dir, "-k", 7, "--direction", direction, "--explain", "--out", out, "--quiet")
    want = read_result_csv(out)
    got = engine.recommend(k=7, direction=direction, explain=True)
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for col in ("seeker_id", "vacancy_id", "rules"):
        assert got[col].astype(str).tolist() == want[col].tolist(), col
    assert got["rank"].tolist() == want["rank"].astype(int).tolist()
    for col in ["score", "base", "boost", "distance_km"] + COMPONENTS:
        np.testing.assert_array_equal(got[col].to_numpy(np.float32), as_float32(want[col]), err_msg=col)


@pytest.mark.parametrize("direction", ["vacancies", "seekers"])
@pytest.mark.parametrize("explain", [False, True])
def test_recommend_to_csv_is_the_cli_file_byte_for_byte(engine, data_dir, tmp_path, direction, explain):
    out = tmp_path / "cli.csv"
    cli("recommend", "--data", data_dir, "-k", 7, "--direction", direction, "--out", out, "--quiet",
        *(["--explain"] if explain else []))
    mine = tmp_path / "mine.csv"
    seen = []
    entries = engine.recommend_to_csv(mine, k=7, direction=direction, explain=explain,
                                      progress=lambda done, total: seen.append(total) or True)
    assert mine.read_bytes() == out.read_bytes()
    assert entries == len(out.read_text(encoding="utf-8").splitlines()) - 1
    assert (os.stat(mine).st_mode & 0o777) == 0o600
    assert seen, "no progress reported"


def test_recommend_to_csv_ids_cancel_and_errors(engine, data_dir, tmp_path):
    ids = ["S0000009", "S0000002", "S0000100"]
    out = tmp_path / "recs.csv"
    cli("recommend", "--data", data_dir, "-k", 3, "--ids", ",".join(ids), "--out", out, "--quiet")
    assert engine.recommend_to_csv(tmp_path / "mine.csv", k=3, ids=ids) == 9
    assert (tmp_path / "mine.csv").read_bytes() == out.read_bytes()
    # Cancelled from the callback: nothing written.
    with pytest.raises(jobmatch.CancelledError):
        engine.recommend_to_csv(tmp_path / "cancelled.csv", k=3, progress=lambda d, t: False)
    assert not (tmp_path / "cancelled.csv").exists()
    # A directory cannot be written: an error naming it (as the CLI's), no crash.
    with pytest.raises(jobmatch.InvalidInputError, match=f"{tmp_path}: is a directory"):
        engine.recommend_to_csv(tmp_path, k=3)
    with pytest.raises(ValueError):
        engine.recommend_to_csv(tmp_path / "x.csv", k=3, direction="up")


def test_recommend_ids_equals_cli(engine, data_dir, tmp_path):
    ids = ["S0000009", "S0000002", "S0000100"]
    out = tmp_path / "recs.csv"
    cli("recommend", "--data", data_dir, "-k", 3, "--ids", ",".join(ids), "--out", out, "--quiet")
    want = read_result_csv(out)
    got = engine.recommend(k=3, ids=ids)
    assert got["seeker_id"].astype(str).tolist() == want["seeker_id"].tolist()
    assert got["vacancy_id"].astype(str).tolist() == want["vacancy_id"].tolist()
    np.testing.assert_array_equal(got["score"].to_numpy(), as_float32(want["score"]))


def test_recommend_equals_scalar_scores(engine):
    """Fast top-k against every pair scored one by one (Scorer::Score), sorted in Python."""
    seekers = engine.seeker_ids[:40]
    sid = np.repeat(seekers, engine.num_vacancies)
    vid = np.tile(engine.vacancy_ids, len(seekers))
    scores = engine.score(sid, vid).reshape(len(seekers), -1)
    got = engine.recommend_arrays(k=6, ids=seekers)
    for i in range(len(seekers)):
        s = scores[i]
        order = [j for j in np.lexsort((np.arange(len(s)), -s)) if np.isfinite(s[j])][:6]
        want = order + [-1] * (6 - len(order))
        assert got.index[i].tolist() == want
        np.testing.assert_array_equal(got.score[i][: len(order)], s[order])


def test_explain_equals_cli(engine, data_dir):
    recs = engine.recommend(k=1)
    sid, vid = str(recs["seeker_id"][0]), str(recs["vacancy_id"][0])
    x = engine.explain(sid, vid)
    assert x["text"] == cli("explain", "--data", data_dir, "--seeker", sid, "--vacancy", vid).stdout
    assert x["score"] == recs["score"][0]
    comp = x["components"]
    assert list(comp.index) == COMPONENTS
    assert np.float32(x["base"] + x["boost"]) == np.float32(x["score"])
    assert comp["contribution"].sum() == pytest.approx(x["base"], abs=1e-5)


def _parse_summary(stdout):
    rows = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3].endswith("%") and parts[1].isdigit():
            rows[parts[0]] = (int(parts[1]), int(parts[2]))
        if line.strip().startswith("(all seekers)"):
            p = line.split()
            rows["(all seekers)"] = (int(p[2]), int(p[3]))
    return rows


@pytest.mark.parametrize("args,kwargs", [
    ([], {}),
    (["--households"], {"households": True}),
    (["--method", "stable"], {"method": "stable"}),
    (["--method", "stable", "--proposer", "vacancies"], {"method": "stable", "proposer": "vacancies"}),
    (["--objective", "cardinality", "--candidates", "10"], {"objective": "cardinality", "candidates": 10}),
    (["--quota", "hard_to_employ+disabled:0.3", "--min-score", "0.4"],
     {"quotas": [{"groups": ["hard_to_employ", "disabled"], "share": 0.3}], "min_score": 0.4}),
    (["--method", "stable", "--quota", "graduate_youth:0.5:trainee"],
     {"method": "stable", "quotas": ["graduate_youth:0.5:trainee"]}),
])
def test_allocate_equals_cli(engine, data_dir, tmp_path, args, kwargs):
    out, vout = tmp_path / "alloc.csv", tmp_path / "vac.csv"
    run = cli("allocate", "--data", data_dir, "--out", out, "--vacancies-out", vout, *args)
    got = engine.allocate(**kwargs)
    want = read_result_csv(out)
    assert got.seekers["seeker_id"].astype(str).tolist() == want["seeker_id"].tolist()
    assert got.seekers["vacancy_id"].astype(str).where(got.seekers["vacancy_id"].notna(), "").tolist() == \
        want["vacancy_id"].tolist()
    np.testing.assert_array_equal(got.seekers["score"].to_numpy(), as_float32(want["score"]))
    assert got.seekers["outcome"].astype(str).tolist() == want["outcome"].tolist()
    wv = read_result_csv(vout)
    assert got.vacancies["vacancy_id"].astype(str).tolist() == wv["vacancy_id"].tolist()
    assert got.vacancies["filled"].tolist() == wv["filled"].astype(int).tolist()
    assert got.vacancies["openings"].tolist() == wv["openings"].astype(int).tolist()
    assert got.vacancies["outcome"].astype(str).tolist() == wv["outcome"].tolist()
    # The summary table the CLI prints, per key group.
    printed = _parse_summary(run.stdout)
    assert printed, run.stdout
    for g in got.by_group.itertuples():
        assert printed[g.group] == (g.seekers, g.placed), g.group
    assert f"placed {got.summary['placed']} of {got.summary['seekers']} seekers" in run.stdout
    assert f"total score {got.summary['total_score']:.3f}" in run.stdout
    if kwargs.get("households"):
        price = got.summary["total_score_without_coverage"] - got.summary["total_score"]
        assert got.summary["household_price"] == price
        assert f"price in total score: {price:.4f}" in run.stdout
    if "quotas" in kwargs:
        assert f"reserved places (quotas): {got.summary['reserved_places']}," in run.stdout


def test_allocation_summary_is_consistent(engine):
    a = engine.allocate()
    placed = a.seekers["vacancy_id"].notna()
    assert a.summary["placed"] == int(placed.sum()) == int(a.vacancies["filled"].sum())
    assert a.summary["fill_rate"] == a.summary["placed"] / a.summary["total_openings"]
    assert a.summary["total_score"] == pytest.approx(float(a.seekers["score"].astype(np.float64).sum()), rel=1e-9)
    assert (a.vacancies["filled"] <= a.vacancies["openings"]).all()
    counts = a.seekers["vacancy_id"].value_counts()
    filled = a.vacancies.set_index(a.vacancies["vacancy_id"].astype(str))["filled"]
    for vid, n in counts.items():
        assert filled[str(vid)] == n
    assert sum(a.summary["seeker_outcomes"].values()) == engine.num_seekers
    assert a.by_group.iloc[-1].tolist()[:3] == ["(all seekers)", engine.num_seekers, a.placed]


# ------------------------------------------------------------------------- policy
def test_policy_round_trips_and_tuning(engine):
    p = jobmatch.Policy.default()
    d = p.to_dict()
    assert jobmatch.Policy.from_dict(d) == p
    assert jobmatch.Policy.from_json(p.to_json()) == p
    p2 = p.with_rule_weight("veteran", 0.2)
    assert p2.rule_weights["veteran"] == 0.2 and p2 != p
    assert p.rule_weights["veteran"] != 0.2  # immutable
    d["priority"]["rules"][[r["name"] for r in d["priority"]["rules"]].index("veteran")]["weight"] = 0.2
    assert jobmatch.Policy.from_dict(d) == p2
    with pytest.raises(KeyError):
        p.with_rule_weight("no_such_rule", 0.1)
    assert p.without_priority().rule_weights == {k: 0.0 for k in p.rule_weights}


def test_policy_from_file_and_cli_agree(engine, data_dir, tmp_path):
    p = jobmatch.Policy.default().with_rule_weight("hard_to_employ", 0.2).with_weights(skill=0.6)
    path = tmp_path / "p.json"
    path.write_text(p.to_json())
    assert jobmatch.Policy.from_file(path) == p
    out = tmp_path / "r.csv"
    cli("recommend", "--data", data_dir, "--policy", path, "-k", 4, "--out", out, "--quiet")
    got = engine.with_policy(p).recommend(k=4)
    np.testing.assert_array_equal(got["score"].to_numpy(), as_float32(read_result_csv(out)["score"]))
    e2 = jobmatch.Engine.from_csv(data_dir, policy=str(path))
    np.testing.assert_array_equal(e2.recommend(k=4)["score"].to_numpy(), got["score"].to_numpy())


def test_priority_changes_placements(engine):
    base = engine.with_policy(jobmatch.Policy.default().without_priority()).allocate()
    boosted = engine.with_policy(jobmatch.Policy.default().with_rule_weight("hard_to_employ", 0.25)).allocate()
    g = lambda a: a.by_group.set_index("group").loc["hard_to_employ", "placed"]
    assert g(boosted) >= g(base)


def test_policy_errors_carry_the_json_path(tmp_path):
    with pytest.raises(jobmatch.InvalidInputError) as e:
        jobmatch.Policy.from_dict({"priority": {"rules": [{"name": "x", "weight": -1, "groups": ["veteran"]}]}})
    assert "priority.rules[0].weight" in str(e.value)
    assert isinstance(e.value, ValueError) and e.value.code == "INVALID_ARGUMENT"
    with pytest.raises(jobmatch.InvalidInputError, match="wieghts"):
        jobmatch.Policy.from_dict({"wieghts": {}})
    with pytest.raises(jobmatch.FileError) as f:
        jobmatch.Policy.from_file(tmp_path / "missing.json")
    assert isinstance(f.value, OSError) and f.value.errno == 2
    # Unknown group names are found when the engine is built.
    bad = {"priority": {"rules": [{"name": "x", "weight": 0.1, "groups": ["astronaut"]}]}}
    city = jobmatch.generate_city(seekers=5, vacancies=3, seed=1)
    with pytest.raises(jobmatch.InvalidInputError, match="astronaut"):
        city.engine(bad)


# ------------------------------------------------------------------- error mapping
def test_bad_dataframe_row_names_line_field_and_row(city):
    s = city.seekers.copy()
    s.index = [f"r{i}" for i in range(len(s))]
    s.iloc[4, s.columns.get_loc("skills")] = "weldng:3"
    with pytest.raises(jobmatch.InvalidInputError) as e:
        jobmatch.Engine(s, city.vacancies, city.skills)
    err = e.value
    assert err.source == "<seekers DataFrame>" and err.line == 6 and err.column == "skills" and err.row == 4
    assert "unknown skill 'weldng'" in str(err) and "index 'r4'" in str(err)


def test_bad_dataframe_row_after_multiline_field(city):
    v = city.vacancies.copy()
    v.loc[0, "village"] = "Building 3,\n\"East\" gate"   # quoted field spanning two lines
    v.loc[2, "lat"] = 123.0
    with pytest.raises(jobmatch.InvalidInputError) as e:
        jobmatch.Engine(city.seekers, v, city.skills)
    assert e.value.line == 5 and e.value.row == 2 and e.value.column == "lat"


def test_errors_equal_the_cli_on_the_same_file(city, tmp_path):
    s = city.seekers.copy()
    s.loc[10, "schedule"] = "sometimes"
    jobmatch.write_csv(tmp_path, s, city.vacancies, city.skills)
    run = cli("recommend", "--data", tmp_path, "--quiet", check=False)
    assert run.returncode == 1
    with pytest.raises(jobmatch.InvalidInputError) as from_csv:
        jobmatch.Engine.from_csv(tmp_path)
    assert run.stderr.strip() == f"jobmatch: error: {from_csv.value.message}"
    with pytest.raises(jobmatch.InvalidInputError) as from_df:
        jobmatch.Engine(s, city.vacancies, city.skills)
    # Same reason and line; only the source differs (file path vs DataFrame).
    assert from_df.value.line == from_csv.value.line == 12
    assert from_df.value.column == from_csv.value.column == "schedule"
    assert from_df.value.reason == from_csv.value.reason


def test_missing_column_and_unknown_ids(city, engine, tmp_path):
    with pytest.raises(jobmatch.InvalidInputError, match="missing required column 'lat'"):
        jobmatch.Engine(city.seekers.drop(columns=["lat"]), city.vacancies, city.skills)
    with pytest.raises(jobmatch.NotFoundError) as e:
        engine.recommend(k=2, ids=["S0000001", "nobody"])
    assert isinstance(e.value, KeyError) and str(e.value) == "unknown seeker id 'nobody'"
    with pytest.raises(KeyError):
        engine.explain("S0000001", "V-none")
    with pytest.raises(jobmatch.FileError):
        jobmatch.Engine.from_csv(tmp_path / "nothing-here")
    with pytest.raises(jobmatch.InvalidInputError, match="k must be >= 1"):
        engine.recommend(k=0)
    with pytest.raises(ValueError, match="direction"):
        engine.recommend(direction="sideways")
    with pytest.raises(ValueError, match="method"):
        engine.allocate(method="lottery")
    with pytest.raises(ValueError, match="share"):
        engine.allocate(quotas=["veteran:1.5"])
    with pytest.raises(jobmatch.InvalidInputError, match="unknown vacancy kind"):
        engine.allocate(quotas=[{"groups": ["veteran"], "share": 0.2, "kinds": ["spaceship"]}])


def test_embedding_matrix_checks(city):
    with pytest.raises(TypeError, match="float32"):
        jobmatch.Engine(city.seekers, city.vacancies, city.skills,
                        seeker_embeddings=city.seeker_embeddings.astype(np.float64))
    with pytest.raises(jobmatch.InvalidInputError, match="rows for"):
        jobmatch.Engine(city.seekers, city.vacancies, city.skills, seeker_embeddings=city.seeker_embeddings[:-1])
    with pytest.raises(ValueError, match="contiguous"):
        jobmatch.Engine(city.seekers, city.vacancies, city.skills,
                        seeker_embeddings=np.asfortranarray(city.seeker_embeddings))


# One quota parser (policy/quota_spec.h) for the CLI's --quota and Python's
# quota strings: both refuse what CSV and JSON refuse, with the same reason.
@pytest.mark.parametrize("spec", ["veteran:0x1p-1", "veteran:inf", "veteran:nan", "veteran:+0.5",
                                  "veteran: 0.5", "veteran:1e999", "veteran:1.5"])
def test_quota_strings_refused_as_by_the_cli(engine, data_dir, tmp_path, spec):
    with pytest.raises(jobmatch.InvalidInputError) as err:
        engine.allocate(quotas=[spec])
    assert str(err.value).startswith(f"quota '{spec}': share must be a number in [0, 1]")
    run = cli("allocate", "--data", data_dir, "--quota", spec, "--out", tmp_path / "a.csv", check=False)
    assert run.returncode == 2  # refused while parsing the command line
    assert f"--quota: '{spec}': share must be a number in [0, 1]" in run.stderr


def test_quota_strings_parse_as_the_library_does(engine):
    from jobmatch import _jobmatch
    assert _jobmatch._parse_quota("graduate_youth+veteran:0.25:trainee+gig", "q") == (
        "q", ["graduate_youth", "veteran"], ["trainee", "gig"], 0.25)
    for spec, msg in [("veteran", "wrong number of ':' fields"), ("+:0.5", "no group"),
                      ("veteran:0.5:spaceship", "unknown kind 'spaceship'")]:
        with pytest.raises(ValueError, match=msg):
            engine.allocate(quotas=[spec])


def test_csv_files_are_written_by_the_library_writer_with_modes(city, engine, tmp_path):
    old = os.umask(0o022)
    try:
        city.to_csv(tmp_path / "py")
        engine.to_csv(tmp_path / "cxx")
    finally:
        os.umask(old)
    for d in ("py", "cxx"):
        modes = {f: os.stat(tmp_path / d / f).st_mode & 0o777 for f in ("skills.csv", "seekers.csv", "vacancies.csv")}
        assert modes == {"skills.csv": 0o644, "seekers.csv": 0o600, "vacancies.csv": 0o644}, (d, modes)
        assert sorted(os.listdir(tmp_path / d)) == ["seekers.csv", "skills.csv", "vacancies.csv"]


# Byte sequences that are not UTF-8: a lone continuation byte, a truncated
# sequence, overlong encodings, a UTF-16 surrogate, bytes never used, and NUL.
_NOT_UTF8 = [b"\x80", b"\xbf", b"\xc3", b"\xe4\xb8", b"\xf0\x9f\x98", b"\xc0\xaf", b"\xe0\x80\xaf",
             b"\xed\xa0\x80", b"\xf5\x80\x80\x80", b"\xfe", b"\xff", b"\x00"]


def _inject(text, rng):
    """`text` (UTF-8) with one bad sequence at a random character boundary; the
    expected 1-based line and column (in characters) of the first bad byte."""
    chars = list(text)
    at = int(rng.integers(0, len(chars) + 1))
    bad = _NOT_UTF8[int(rng.integers(0, len(_NOT_UTF8)))]
    before = "".join(chars[:at])
    data = before.encode() + bad + "".join(chars[at:]).encode()
    line = before.count("\n") + 1
    column = len(before.rsplit("\n", 1)[-1]) + 1
    return data, line, column


def test_invalid_utf8_in_python_read_csv_is_a_located_jobmatch_error(city, tmp_path):
    """Generated class test: read_csv never raises UnicodeDecodeError; the error
    names the file, line and column of the first bad byte and shows no content."""
    rng = np.random.default_rng(17)
    text = city.seekers.head(12).to_csv(index=False)
    path = tmp_path / "seekers.csv"
    for _ in range(150):
        data, line, column = _inject(text, rng)
        path.write_bytes(data)
        with pytest.raises(jobmatch.InvalidInputError) as e:
            jobmatch.read_csv(path, "seekers")
        assert e.value.line == line, (str(e.value), line, column)
        assert str(e.value).startswith(f"{path}:{line}: ")
        assert f" at character {column} of the line" in str(e.value), (str(e.value), column)
        for sensitive in city.seekers.head(12)["household_id"]:
            if sensitive:
                assert sensitive not in str(e.value)


def test_invalid_utf8_in_python_policy_file_is_a_located_jobmatch_error(tmp_path):
    rng = np.random.default_rng(19)
    text = jobmatch.Policy.default().to_json() if hasattr(jobmatch.Policy, "default") else json.dumps(
        {"weights": {"skill": 0.5}})
    path = tmp_path / "policy.json"
    for _ in range(100):
        data, line, _ = _inject(text, rng)
        path.write_bytes(data)
        with pytest.raises(jobmatch.InvalidInputError) as e:
            jobmatch.Policy.from_file(path)
        assert str(e.value).startswith(f"{path}:{line}:"), str(e.value)
