"""jobmatch.distributed on a LocalCluster of 2 worker processes: the same lists,
scores and order as the single-process Engine.recommend, in both directions and
under policies that switch the commute rule off; and a worker killed (SIGKILL)
in the middle of a run: the job finishes with the same result."""
import json
import os
import signal
import tempfile

import numpy as np
import pandas as pd
import pytest

import jobmatch

# Debian's python3-distributed (scripts/install_deps.sh installs it): missing is
# an error, not a skip.
import distributed  # noqa: E402
import jobmatch.distributed as jd  # noqa: E402


@pytest.fixture(scope="module")
def client():
    # Worker processes import jobmatch from the build tree like this process.
    py_dir = os.environ.get("JOBMATCH_PYTHON_DIR", "")
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(x for x in [py_dir, old] if x)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()
    if old is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = old


@pytest.fixture(scope="module")
def city():
    return jobmatch.generate_city(seekers=6000, vacancies=1200, seed=77)


def _single(engine, k, direction):
    r = engine.recommend(k=k, direction=direction)
    return pd.DataFrame({c: (r[c].astype(str) if c.endswith("_id") else r[c]) for c in r.columns})


def _gathered(df):
    out = df.compute().sort_values(["row", "rank"], kind="mergesort").drop(columns=["row", "entry"])
    return out.reset_index(drop=True)


@pytest.mark.parametrize("direction", ["vacancies", "seekers"])
def test_equals_single_process(client, city, direction):
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    want = _single(engine, 7, direction)
    got = _gathered(jd.recommend(client, city, k=7, direction=direction, partitions=6, keep_rows=True))
    assert len(got) == len(want)
    pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)
    np.testing.assert_array_equal(got["score"].to_numpy(np.float32), want["score"].to_numpy(np.float32))
    # Without keep_rows: the same columns as Engine.recommend.
    plain = jd.recommend(client, city, k=7, direction=direction, partitions=6)
    assert list(plain.columns) == list(want.columns)


def test_plan_keeps_every_reachable_vacancy(city):
    policy = jobmatch.Policy.default()
    parts = jd.plan(city.seekers, city.vacancies, policy, partitions=5)
    rows = np.sort(np.concatenate([p.seekers for p in parts]))
    np.testing.assert_array_equal(rows, np.arange(len(city.seekers)))
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    # Every eligible pair of a sample of seekers is inside their partition.
    rng = np.random.default_rng(1)
    for p in parts:
        assert np.all(np.diff(p.vacancies) > 0)
        sample = rng.choice(p.seekers, size=min(40, len(p.seekers)), replace=False)
        inside = set(p.vacancies.tolist())
        ids = city.seekers["id"].to_numpy()
        vids = city.vacancies["id"].to_numpy()
        for s in sample:
            scores = engine.score([ids[s]] * len(vids), vids)
            eligible = np.flatnonzero(np.isfinite(scores))
            assert set(eligible.tolist()) <= inside


def test_commute_rule_off_and_a_policy_of_the_engine(client, city):
    doc = json.loads(jobmatch.Policy.default().to_json())
    doc["eligibility"]["enforce_max_commute"] = False
    policy = jobmatch.Policy.from_json(json.dumps(doc))
    small = jobmatch.generate_city(seekers=1500, vacancies=300, seed=5)
    engine = jobmatch.Engine(small.seekers, small.vacancies, skills=small.skills, policy=policy)
    for direction in ("vacancies", "seekers"):
        want = _single(engine, 5, direction)
        got = _gathered(jd.recommend(client, engine, k=5, direction=direction, partitions=3, keep_rows=True))
        pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)


class _KillOnce(distributed.WorkerPlugin):
    """Kills its worker process (SIGKILL) when the first task starts executing
    anywhere in the cluster; a marker file makes it happen exactly once."""

    def __init__(self, marker):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and "run_partition" in str(key):
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_mid_run_changes_nothing(client, city):
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    want = _single(engine, 5, "seekers")
    with tempfile.TemporaryDirectory() as tmp:
        marker = os.path.join(tmp, "killed")
        client.register_worker_plugin(_KillOnce(marker), name="kill-once")
        try:
            got = _gathered(jd.recommend(client, city, k=5, direction="seekers", partitions=8, keep_rows=True))
        finally:
            client.unregister_worker_plugin("kill-once")
        assert os.path.exists(marker), "no worker was killed: the test tested nothing"
    pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)
    client.wait_for_workers(2, timeout=120)
