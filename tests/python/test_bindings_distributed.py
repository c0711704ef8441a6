"""jobmatch.distributed on a LocalCluster of 2 worker processes: the same lists,
scores and order as the single-process Engine.recommend, in both directions and
under policies that switch the commute rule off; and a worker killed (SIGKILL)
in the middle of a run: the job finishes with the same result."""
import contextlib
import json
import os
import random
import re
import signal
import sys
import tempfile

import numpy as np
import pandas as pd
import pytest

import jobmatch
from bindings_util import as_float32, cli, read_result_csv

# Debian's python3-distributed (scripts/install_deps.sh installs it): missing is
# an error, not a skip.
import distributed  # noqa: E402
import jobmatch.distributed as jd  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testing"))
from random_policy import random_policy  # noqa: E402


@contextlib.contextmanager
def _local_cluster():
    """A LocalCluster of 2 worker processes (1 thread each) and its client."""
    # Worker processes import jobmatch from the build tree like this process.
    py_dir = os.environ.get("JOBMATCH_PYTHON_DIR", "")
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(x for x in [py_dir, old] if x)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


@pytest.fixture(scope="module")
def client():
    with _local_cluster() as c:
        yield c


@pytest.fixture
def own_client():
    """A cluster of its own for a test that kills a worker: the job must
    finish on the survivor or a restarted worker, but whether the nanny
    brings the killed worker back (it sometimes closes instead, under load)
    must not decide the tests after it."""
    with _local_cluster() as c:
        yield c


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

    def __init__(self, marker, task="run_partition"):
        self.marker = marker
        self.task = task

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and self.task in str(key):
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_mid_run_changes_nothing(own_client, city):
    client = own_client
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    want = _single(engine, 5, "seekers")
    with tempfile.TemporaryDirectory() as tmp:
        marker = os.path.join(tmp, "killed")
        # Its own cluster is closed after the test: the plugin is not removed.
        client.register_worker_plugin(_KillOnce(marker), name="kill-once")
        got = _gathered(jd.recommend(client, city, k=5, direction="seekers", partitions=8, keep_rows=True))
        assert os.path.exists(marker), "no worker was killed: the test tested nothing"
    pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)


def _same_allocation(a, b):
    pd.testing.assert_frame_equal(a.seekers, b.seekers)
    pd.testing.assert_frame_equal(a.vacancies, b.vacancies)
    pd.testing.assert_frame_equal(a.by_group, b.by_group)
    sa = {k: v for k, v in a.summary.items() if k != "seconds"}
    sb = {k: v for k, v in b.summary.items() if k != "seconds"}
    assert sa == sb


ALLOCATIONS = [
    dict(),
    dict(households=True),
    dict(objective="cardinality", candidates=4),
    dict(households=True, quotas=["veteran+disabled:0.5", "graduate_youth:0.3:trainee"], min_score=0.2),
    dict(method="stable"),
    dict(method="stable", proposer="vacancies", candidates=6),
]


@pytest.mark.parametrize("kw", ALLOCATIONS, ids=[json.dumps(k, sort_keys=True) for k in ALLOCATIONS])
def test_allocate_equals_single_process(client, city, kw):
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    want = engine.allocate(**kw)
    got = jd.allocate(client, engine, partitions=6, **kw)
    assert want.summary["placed"] > 100
    _same_allocation(got, want)


def test_allocate_from_frames_on_many_small_regions(client):
    """A country of separate towns (many components, so many parts), with the
    commute rule on and remote work off: the parts cover the whole problem."""
    country = jobmatch.generate_city(seekers=8000, vacancies=1600, seed=123)
    seekers = country.seekers.assign(accepts_remote=False, max_commute_km=3.0)
    vacancies = country.vacancies.assign(remote=False)
    engine = jobmatch.Engine(seekers, vacancies, skills=country.skills)
    want = engine.allocate(households=True, candidates=5)
    rows, cols, scores = _candidate_lists(engine.view(), 5)
    plan = engine.view()._native.allocation_plan(
        "optimal", "score", "seekers", 5, float("-inf"), True, "zero_employment_household", [],
        rows, cols, scores, 2)
    assert plan.candidate_edges == len(rows) > 1000
    assert plan.schedule("assignment")["components"] > 3
    # Parts hold at least 16,384 edges unless a component is smaller.
    assert len(plan.parts("assignment")) > 1, "the problem must be solved in several parts"
    got = jd.allocate(client, (seekers, vacancies, country.skills), households=True, candidates=5)
    _same_allocation(got, want)


def test_parts_shipped_as_pickles_and_checked(city):
    """The native steps without a cluster: parts round-trip through pickle and
    are solved in reverse order; damaged answers are refused."""
    import pickle
    from jobmatch import _jobmatch
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    view = engine.view()
    want = view.allocate(households=True, candidates=5)
    rows, cols, scores = _candidate_lists(view, 5)
    plan = view._native.allocation_plan("optimal", "score", "seekers", 5, float("-inf"), True,
                                        "zero_employment_household", [], rows, cols, scores, 3)
    answers = {}
    for which in ("assignment", "without_coverage"):
        sched = pickle.loads(pickle.dumps(plan.schedule(which)))
        parts = [pickle.loads(pickle.dumps(p)) for p in plan.parts(which)]
        assert len(parts) >= 1
        answers[which] = [None] * len(parts)
        for i in reversed(range(len(parts))):
            answers[which][i] = _jobmatch.solve_assignment_part(sched, parts[i])
    got = view._allocation_from(plan.finish(answers["assignment"], answers["without_coverage"]),
                                "optimal", True, 0.0)
    _same_allocation(got, want)
    bad = [a.copy() for a in answers["assignment"]]
    bad[0] = np.append(bad[0], 0)
    with pytest.raises(jobmatch.InvalidInputError):
        plan.finish(bad, answers["without_coverage"])
    with pytest.raises(jobmatch.InvalidInputError):
        plan.finish(answers["assignment"][:-1] if len(answers["assignment"]) > 1 else [], answers["without_coverage"])
    part = plan.parts("assignment")[0]
    part["rows"] = part["rows"][::-1].copy()
    with pytest.raises(jobmatch.InvalidInputError):
        _jobmatch.solve_assignment_part(plan.schedule("assignment"), part)


def test_packed_parts_are_consumed_as_they_are_solved(city):
    """A worker solves a packed part by unpacking each array straight into the
    solver's copy and dropping it (consume=True): same answer as the unpacked
    part, the part's dict left empty (also when the part is refused), so that
    the worker's scattered copy goes as it is unpacked and is never solved twice."""
    from jobmatch import _jobmatch
    view = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills).view()
    rows, cols, scores = _candidate_lists(view, 5)
    plan = view._native.allocation_plan("optimal", "score", "seekers", 5, float("-inf"), True,
                                        "zero_employment_household", [], rows, cols, scores, 2)
    for which in ("assignment", "without_coverage"):
        sched = plan.schedule(which)
        for part in plan.parts(which):
            want = _jobmatch.solve_assignment_part(sched, part)
            packed = jd._pack_dict(part)
            assert any(isinstance(v, jd._Packed) for v in packed.values())
            got = _jobmatch.solve_assignment_part(sched, packed, unpack=jd._unpack, consume=True)
            np.testing.assert_array_equal(got, want)
            assert packed == {}
            kept = jd._pack_dict(part)
            np.testing.assert_array_equal(_jobmatch.solve_assignment_part(sched, kept, unpack=jd._unpack), want)
            assert set(kept) == set(part)  # without consume the dict is left as it was
            task_part = jd._pack_dict(part)  # as a worker holds it, scattered
            np.testing.assert_array_equal(jd._unpack(jd._solve_part(sched, task_part, False)), want)
            assert task_part == {}
            with pytest.raises(ValueError, match="solved once"):
                jd._solve_part(sched, task_part, False)
    part = plan.parts("assignment")[0]
    bad = jd._pack_dict(part)
    bad["rows"] = part["rows"][::-1].copy()
    with pytest.raises(jobmatch.InvalidInputError):
        _jobmatch.solve_assignment_part(plan.schedule("assignment"), bad, unpack=jd._unpack, consume=True)
    assert bad == {}
    missing = jd._pack_dict(part)
    del missing["edge_col"]
    with pytest.raises(KeyError, match="edge_col"):
        _jobmatch.solve_assignment_part(plan.schedule("assignment"), missing, unpack=jd._unpack, consume=True)
    assert missing == {}


class _InProcessClient:
    """Just enough of a distributed.Client for _solve_planned, running each
    task at once in this process on the scattered object itself (as a worker
    of the client's own process does). `refuse_fast` makes every fast solve
    answer None, as when its 64 bits do not suffice."""

    class _Done:
        def __init__(self, value):
            self.value = value

        def result(self):
            return self.value

        def release(self):
            pass

    def __init__(self, refuse_fast, workers=("w0", "w1"), solve=True):
        self.refuse_fast = refuse_fast
        self.workers = workers
        self.solve = solve
        self.sent = []
        self.where = []  # the worker of each part sent

    def scheduler_info(self):
        return {"workers": {w: {} for w in self.workers}}

    def scatter(self, data, workers=None, **_):
        self.sent.extend(data)
        self.where.extend([workers[0] if workers else None] * len(data))
        return list(data)

    def submit(self, fn, schedule, part, force_general, **_):
        answer = fn(schedule, part, force_general) if self.solve else np.zeros(0, np.int64)
        return self._Done(None if self.refuse_fast and not force_general else answer)


@pytest.mark.parametrize("sizes, want", [
    ([1000, 10, 1000], ["w0", "w1", "w1"]),
    ([1000, 1000], ["w0", "w1"]),
    ([10, 10, 1000, 5], ["w0", "w1", "w0", "w1"]),
    ([5, 1000, 10, 10, 10, 1000], ["w0", "w1", "w0", "w0", "w0", "w0"]),
])
def test_parts_go_to_the_worker_with_the_fewest_edges(sizes, want):
    """Each part goes to the worker given the fewest edges so far (the first
    of equals by name), so that two giant components are solved side by side
    even when small ones come between them (workers taken in turn put the
    first and third of [giant, small, giant] on one worker)."""
    client = _InProcessClient(False, solve=False)
    jobs = [({}, {"edge_weight": np.zeros(n, np.float32)}) for n in sizes]
    assert len(jd._solve_parts(client, iter(jobs), False)) == len(sizes)
    assert client.where == want


def test_parts_taken_from_the_plan_once_and_sent_again_whole(city):
    """take_parts moves the solver's arrays out of the plan: the same answers
    as parts(), finish() unchanged, and both refused afterwards. A solve that
    needs the general solver sends its packed parts a second time, whole,
    although the first round's tasks emptied what they were given."""
    from jobmatch import _jobmatch
    view = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills).view()
    want = view.allocate(households=True, candidates=5)
    rows, cols, scores = _candidate_lists(view, 5)

    def new_plan():
        return view._native.allocation_plan("optimal", "score", "seekers", 5, float("-inf"), True,
                                            "zero_employment_household", [], rows, cols, scores, 2)

    plan = new_plan()
    answers = {}
    for which in ("assignment", "without_coverage"):
        sched = plan.schedule(which)
        lent = [_jobmatch.solve_assignment_part(sched, p) for p in plan.parts(which)]
        taken = plan.take_parts(which)
        assert len(taken) == len(lent)
        for p in taken:
            # Moved out of the plan: arrays of their own (writeable), unlike the
            # rows and edge ids that finish() reads, which stay views of the plan.
            assert all(p[k].flags.writeable for k in ("cols", "edge_row", "edge_col", "edge_weight"))
            assert not p["rows"].flags.writeable and not p["edge_ids"].flags.writeable
        answers[which] = [_jobmatch.solve_assignment_part(sched, p) for p in taken]
        for a, b in zip(answers[which], lent):
            np.testing.assert_array_equal(a, b)
        with pytest.raises(ValueError, match="taken already"):
            plan.parts(which)
        with pytest.raises(ValueError, match="taken already"):
            plan.take_parts(which)
        assert plan.schedule(which) == sched
    got = view._allocation_from(plan.finish(answers["assignment"], answers["without_coverage"]),
                                "optimal", True, 0.0)
    _same_allocation(got, want)
    with pytest.raises(ValueError, match="which must be"):
        plan.take_parts("neither")

    # The general solver may break ties otherwise than the fast one: its
    # answers are compared with its own, part by part.
    plan = new_plan()
    general = [[_jobmatch.solve_assignment_part(plan.schedule(w), p, True) for p in plan.parts(w)]
               for w in ("assignment", "without_coverage")]
    for refuse_fast in (False, True):
        plan = new_plan()
        client = _InProcessClient(refuse_fast)
        solved = jd._solve_planned(client, plan, ["assignment", "without_coverage"])
        if refuse_fast:
            for got_w, want_w in zip(solved, general):
                assert len(got_w) == len(want_w)
                for a, b in zip(got_w, want_w):
                    np.testing.assert_array_equal(a, b)
        got = view._allocation_from(plan.finish(solved[0], solved[1]), "optimal", True, 0.0)
        if not refuse_fast:
            _same_allocation(got, want)
        assert got.summary["total_score"] == pytest.approx(want.summary["total_score"], rel=1e-9)
        parts = len(solved[0]) + len(solved[1])
        assert len(client.sent) == (2 if refuse_fast else 1) * parts
        assert all(d == {} for d in client.sent)  # every task consumed its own dict


def test_parts_are_read_only_views_that_outlive_the_plan(city):
    """parts() lends the plan's own arrays (no copy of the graph on the client):
    they cannot be written, and they stay valid after the plan is dropped."""
    import gc
    from jobmatch import _jobmatch
    view = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills).view()
    rows, cols, scores = _candidate_lists(view, 5)
    plan = view._native.allocation_plan("optimal", "score", "seekers", 5, float("-inf"), True,
                                        "zero_employment_household", [], rows, cols, scores, 1)
    sched = plan.schedule("assignment")
    parts = plan.parts("assignment")
    copies = [{k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in p.items()} for p in parts]
    arrays = [v for p in parts for v in p.values() if isinstance(v, np.ndarray)]
    assert arrays and all(not a.flags.writeable for a in arrays)
    with pytest.raises(ValueError):
        parts[0]["edge_col"][0] = 0
    del plan
    gc.collect()
    for p, c in zip(parts, copies):
        for k, v in p.items():
            if isinstance(v, np.ndarray):
                np.testing.assert_array_equal(v, c[k])
        np.testing.assert_array_equal(_jobmatch.solve_assignment_part(sched, p),
                                      _jobmatch.solve_assignment_part(sched, c))


def _random_int_arrays(rng):
    """Integer arrays of every kind _pack treats differently: each dtype,
    sorted or not, narrow or wide ranges, the extremes of int64 and uint64,
    constant, empty and short."""
    out = []
    for dt in (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64):
        info = np.iinfo(dt)
        for n in (0, 1, 4095, 4096, 5000, 70000):
            for span in (1, 200, 70000, 1 << 40):
                lo = int(rng.integers(max(info.min, -(1 << 50)), min(info.max, 1 << 50) - span, endpoint=False)) \
                    if span < info.max - info.min else info.min
                hi = min(info.max, lo + span)
                a = rng.integers(lo, hi, size=n, endpoint=True, dtype=dt)
                out.append(a)
                out.append(np.sort(a))
            out.append(np.full(n, info.max, dtype=dt))
            out.append(np.full(n, info.min, dtype=dt))
            if n:
                ext = rng.choice(np.array([info.min, info.max], dtype=dt), size=n)
                out.append(ext)
                out.append(np.sort(ext))
    out.append(np.arange(10 ** 5, dtype=np.int64) * 3 - 7)
    return out


def test_pack_round_trips_every_integer_array():
    """Packing for the wire is lossless (values, dtype, shape) and never
    larger; floats, short arrays and other objects pass unchanged."""
    rng = np.random.default_rng(11)
    shrunk = 0
    for a in _random_int_arrays(rng):
        p = jd._pack(a)
        b = jd._unpack(p)
        assert b.dtype == a.dtype and b.shape == a.shape
        np.testing.assert_array_equal(b, a)
        if isinstance(p, jd._Packed):
            assert p.data.nbytes < a.nbytes
            shrunk += 1
        else:
            assert p is a
    assert shrunk > 50, "packing must shrink the compressible arrays"
    w = rng.random(10000, dtype=np.float32)
    assert jd._pack(w) is w and jd._unpack(w) is w
    d = {"x": np.arange(5000, dtype=np.int64), "y": 3, "z": "s", "w": w}
    back = jd._unpack_dict(jd._pack_dict(d))
    np.testing.assert_array_equal(back["x"], d["x"])
    assert back["y"] == 3 and back["z"] == "s" and back["w"] is w


def _sorted_by_row(lists):
    """The oracle: every task's lists joined and stably sorted by row."""
    rows = np.concatenate([x["row"] for x in lists]) if lists else np.zeros(0, np.int64)
    order = np.argsort(rows, kind="stable")
    return tuple((np.concatenate([x[k] for x in lists]) if lists else np.zeros(0, d))[order].astype(d)
                 for k, d in (("row", np.int64), ("entry", np.int64), ("score", np.float32)))


def _random_task_lists(rng, shards, tasks, split_shard=False):
    """Candidate lists as the tasks of a sharded allocation return them:
    shards of random sizes (some empty) dealt to tasks at random, each task's
    seekers in row order with 0 to 4 entries each, best first; with
    `split_shard`, one shard's seekers are dealt to two tasks."""
    sizes = rng.integers(0, 40, shards)
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    owner = rng.integers(0, tasks, shards)
    lists = []
    for t in range(tasks):
        rows = [np.arange(bounds[s], bounds[s + 1]) for s in range(shards) if owner[s] == t]
        rows = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        if split_shard and t < 2:
            big = int(np.argmax(sizes))
            seekers = np.arange(bounds[big], bounds[big + 1])
            mine = seekers[t::2]
            rows = np.union1d(rows[(rows < bounds[big]) | (rows >= bounds[big + 1])], mine)
        per = rng.integers(0, 5, rows.size)
        r = np.repeat(rows, per).astype(np.int64)
        lists.append({"row": r, "entry": rng.integers(0, 10 ** 6, r.size).astype(np.int64),
                      "score": np.sort(rng.random(r.size, dtype=np.float32))[::-1].copy()})
    return lists, bounds


def test_lists_in_row_order_equal_a_sort_of_every_task_layout():
    """The cluster's candidate lists put in row order without a sort (pieces
    per shard, joined by allocation_plan) equal the joined, stably sorted
    lists on random layouts of shards over tasks; where the pieces cannot be
    trusted (a shard split over two tasks, a task out of row order, rows
    beyond the bounds, no bounds) the lists are sorted instead, with the
    same result."""
    rng = np.random.default_rng(5)
    pieces_used = fallbacks = 0
    for case in range(300):
        shards, tasks = int(rng.integers(1, 30)), int(rng.integers(1, 9))
        kind = case % 6
        lists, bounds = _random_task_lists(rng, shards, tasks, split_shard=(kind == 1 and tasks > 1))
        if kind == 2 and any(x["row"].size > 2 for x in lists):
            x = next(x for x in lists if x["row"].size > 2 and x["row"][0] != x["row"][-1])
            x["row"] = x["row"][::-1].copy()  # a task out of row order
        if kind == 3:
            bounds = bounds[:-1] if bounds.size > 1 else bounds  # rows beyond the last bound
        use = None if kind == 4 else bounds
        want = _sorted_by_row(lists)
        got = jd._in_row_order(lists, use)
        if isinstance(got[0], list):
            pieces_used += 1
            got = tuple(np.concatenate(g) if g else np.zeros(0, w.dtype) for g, w in zip(got, want))
        else:
            fallbacks += 1
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and g.flags.c_contiguous
            np.testing.assert_array_equal(g, w)
    assert pieces_used > 100 and fallbacks > 50


def test_allocation_plan_joins_pieces_as_one_array(city):
    """allocation_plan takes rows, cols and scores as lists of pieces: the
    plan (schedule, parts) equals the one from the joined arrays; mismatched
    lengths and non-arrays are refused."""
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    view = engine.view()
    rows, cols, scores = _candidate_lists(view, 5)
    args = ("optimal", "score", "seekers", 5, float("-inf"), True, "zero_employment_household", [])
    whole = view._native.allocation_plan(*args, rows, cols, scores, 2)
    cuts = [0, 1, 17, rows.size // 3, rows.size // 3, rows.size - 1, rows.size]
    split = [[a[i:j] for i, j in zip(cuts, cuts[1:])] for a in (rows, cols, scores)]
    pieces = view._native.allocation_plan(*args, split[0], tuple(split[1]), split[2], 2)
    for which in ("assignment", "without_coverage"):
        assert pieces.schedule(which) == whole.schedule(which)
        for p, w in zip(pieces.parts(which), whole.parts(which), strict=True):
            assert p.keys() == w.keys()
            for key in w:
                np.testing.assert_array_equal(p[key], w[key])
    with pytest.raises(ValueError, match="same length"):
        view._native.allocation_plan(*args, split[0][:-1], split[1], split[2], 2)
    with pytest.raises(TypeError, match="rows: expected numpy arrays"):
        view._native.allocation_plan(*args, [rows, [1, 2]], cols, scores, 2)
    with pytest.raises(TypeError, match="cols: expected dtype int64"):
        view._native.allocation_plan(*args, rows, [cols.astype(np.int32)], scores, 2)
    with pytest.raises(TypeError, match="scores: expected a numpy array or a list"):
        view._native.allocation_plan(*args, rows, cols, 3.0, 2)


def test_unpack_refuses_packed_values_that_do_not_fit():
    """The native decoder of packed arrays (parts come over the network)
    refuses, with a ValueError, values outside the array's dtype, negative or
    overflowing steps, data that is not a 1-D integer array, and dtypes that
    are not native integers; never a wrapped value."""
    from jobmatch import _jobmatch
    n = 5000
    bad = [
        ("<i4", 0, False, np.full(n, 1 << 31, np.uint32), "does not fit"),
        ("<i8", 0, False, np.full(n, np.iinfo(np.uint64).max, np.uint64), "does not fit"),
        ("<u2", 0, False, np.full(n, -1, np.int8), "does not fit"),
        ("<i8", 0, True, np.concatenate([np.ones(n, np.int8), [-1]]).astype(np.int8), "negative"),
        ("<i8", np.iinfo(np.int64).max - 10, True, np.full(n, 3, np.uint8), "leaves the array's dtype"),
        ("<u1", 250, True, np.full(n, 1, np.uint8), "leaves the array's dtype"),
        ("<i2", 1 << 20, True, np.zeros(n, np.uint8), "does not fit"),
        ("<i8", 0, True, np.full(n, 1 << 63, np.uint64), "negative or leaves"),
        ("<i8", 0, False, np.zeros(n, np.float32), "1-D integer array"),
        ("<i8", 0, False, np.zeros((2, n), np.int32), "1-D integer array"),
        ("<f4", 0, False, np.zeros(n, np.int32), "not a native integer dtype"),
        (">i8", 0, False, np.zeros(n, np.int32), "not a native integer dtype"),
    ]
    for dtype, first, delta, data, message in bad:
        with pytest.raises(ValueError, match=message):
            _jobmatch._unpack_array(dtype, first, delta, data)
    # At the edges of a dtype the decoder is exact.
    got = _jobmatch._unpack_array("<i8", np.iinfo(np.int64).max - 3, True, np.array([1, 1, 1], np.uint8))
    np.testing.assert_array_equal(got, np.iinfo(np.int64).max - np.array([3, 2, 1, 0]))
    got = _jobmatch._unpack_array("<u8", 0, False, np.array([np.iinfo(np.uint64).max], np.uint64))
    assert got.dtype == np.uint64 and got[0] == np.iinfo(np.uint64).max


def test_heap_setting_keeps_large_arrays_off_mmap():
    """Under Dask's MALLOC_TRIM_THRESHOLD_ every block of 128 KiB or more is
    mapped afresh; after _heap_for_large_arrays one of 1 MiB comes from the
    heap (mallinfo2: no new mapped block). Without the variable nothing is
    changed."""
    import subprocess
    import sys
    code = """
import ctypes, sys
import jobmatch.distributed as jd
class MI(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MI
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
def mapped_by_a_block():
    before = libc.mallinfo2().hblks
    p = libc.malloc(1 << 20)
    during = libc.mallinfo2().hblks
    libc.free(p)
    return during - before
before = [mapped_by_a_block(), mapped_by_a_block()]
jd._heap_for_large_arrays()
jd._heap_for_large_arrays()  # once per process
print(*before, mapped_by_a_block(), jd._heap_set)
"""
    env = dict(os.environ)
    env["MALLOC_TRIM_THRESHOLD_"] = "65536"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1", "0", "True"]
    env.pop("MALLOC_TRIM_THRESHOLD_")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    # glibc's own dynamic threshold, which the call leaves alone: the first
    # 1 MiB block is mapped, the next ones (a free raised the threshold) are not.
    assert out.stdout.split() == ["1", "0", "0", "True"]


def _candidate_lists(view, k):
    """Each seeker's k best eligible vacancies with openings, independently of
    the library's candidate code: every pair scored, ineligible (-inf) and
    closed vacancies dropped, sorted by (score desc, vacancy row asc)."""
    ns, nv = view.num_seekers, view.num_vacancies
    opened = np.flatnonzero(np.asarray(view.openings) > 0)
    rows, cols, scores = [], [], []
    for s0 in range(0, ns, 500):
        s = np.arange(s0, min(ns, s0 + 500))
        ss = np.repeat(s, len(opened))
        vv = np.tile(opened, len(s))
        sc = view._native.score_pairs(ss.astype(np.int64), vv.astype(np.int64)).reshape(len(s), len(opened))
        for i, srow in enumerate(s):
            ok = np.flatnonzero(np.isfinite(sc[i]))
            order = np.lexsort((opened[ok], -sc[i][ok].astype(np.float64)))[:k]
            rows.extend([srow] * len(order))
            cols.extend(opened[ok][order])
            scores.extend(sc[i][ok][order])
    return (np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(scores, np.float32))


@pytest.mark.parametrize("task", ["run_partition", "solve_part"])
def test_a_worker_killed_mid_allocation_changes_nothing(own_client, city, task):
    """A worker killed while it computes candidate lists, or while it solves a
    part of the assignment."""
    client = own_client
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    want = engine.allocate(households=True)
    with tempfile.TemporaryDirectory() as tmp:
        marker = os.path.join(tmp, "killed")
        # Its own cluster is closed after the test: the plugin is not removed.
        client.register_worker_plugin(_KillOnce(marker, task), name="kill-once-alloc")
        got = jd.allocate(client, engine, households=True, partitions=8)
        assert os.path.exists(marker), "no worker was killed: the test tested nothing"
    _same_allocation(got, want)


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    """A small sharded country written by `jobmatch generate --country`."""
    out = tmp_path_factory.mktemp("country") / "c"
    cli("generate", "--country", "--seekers", 12000, "--vacancies", 2000, "--cities", 5, "--seed", 9,
        "--out", out, "-q")
    return str(out)


@pytest.fixture(scope="module")
def country_snapshots(country, tmp_path_factory):
    """The same country with every shard as a snapshot (manifest version 2)."""
    out = tmp_path_factory.mktemp("country_snap") / "c"
    seen = []
    jobmatch.save_snapshot_shards(country, out, progress=lambda done, total: seen.append((done, total)) or True)
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    return str(out)


def test_snapshot_shards_read_like_csv_shards(country, country_snapshots, tmp_path):
    man = json.loads(open(os.path.join(country_snapshots, "manifest.json"), encoding="utf-8").read())
    assert man["version"] == 2 and all(sh["format"] == "snapshot" for sh in man["shards"])
    files = [sh[table] for sh in man["shards"] for table in ("seekers", "vacancies")]
    assert all(f.endswith(".jms") for f in files)
    for f in files:
        assert os.stat(os.path.join(country_snapshots, f)).st_mode & 0o777 == 0o600
    want = jobmatch.Engine.from_csv(country).recommend(k=5)
    got = jobmatch.Engine.from_csv(country_snapshots).recommend(k=5)
    pd.testing.assert_frame_equal(got, want)
    # The CLI writes the same bytes (saving is deterministic), and reads them.
    cli("snapshot", "save", "--data", country, "--shards", "-o", tmp_path / "cli", "-q")
    for name in ["manifest.json", "skills.csv"] + files:
        with open(os.path.join(country_snapshots, name), "rb") as a, open(tmp_path / "cli" / name, "rb") as b:
            assert a.read() == b.read(), name
    cli("recommend", "--data", tmp_path / "cli", "-k", 5, "--out", tmp_path / "r.csv", "-q")
    assert read_result_csv(tmp_path / "r.csv")["vacancy_id"].tolist() == want["vacancy_id"].astype(str).tolist()
    # Bad arguments and a cancelled run (no manifest left behind).
    with pytest.raises(ValueError, match="num_threads"):
        jobmatch.save_snapshot_shards(country, tmp_path / "x", num_threads=-1)
    with pytest.raises(jobmatch.CancelledError):
        jobmatch.save_snapshot_shards(country, tmp_path / "cancelled", progress=lambda d, t: False)
    assert not os.path.exists(tmp_path / "cancelled" / "manifest.json")
    with pytest.raises(jobmatch.FileError, match="nowhere/manifest.json"):
        jobmatch.save_snapshot_shards(tmp_path / "nowhere", tmp_path / "y")


@pytest.mark.parametrize("direction", ["vacancies", "seekers"])
def test_workers_read_snapshot_shards_with_the_single_process_result(client, country, country_snapshots,
                                                                     direction):
    want = _single(jobmatch.Engine.from_csv(country), 6, direction)
    got = _gathered(jd.recommend(client, country_snapshots, k=6, direction=direction, partitions=3,
                                 keep_rows=True))
    pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)


def test_allocate_from_snapshot_shards(client, country, country_snapshots):
    want = jobmatch.Engine.from_csv(country).allocate(households=True, candidates=8)
    _same_allocation(jd.allocate(client, country_snapshots, households=True, candidates=8), want)


def test_engine_reads_a_sharded_directory_like_the_cli(country, tmp_path):
    engine = jobmatch.Engine.from_csv(country)
    assert (engine.num_seekers, engine.num_vacancies) == (12000, 2000)
    cli("recommend", "--data", country, "-k", 5, "--out", tmp_path / "r.csv", "-q")
    want = read_result_csv(tmp_path / "r.csv")
    got = engine.recommend(k=5)
    assert got["vacancy_id"].astype(str).tolist() == want["vacancy_id"].tolist()
    np.testing.assert_array_equal(got["score"].to_numpy(np.float32), as_float32(want["score"]))


@pytest.mark.parametrize("direction", ["vacancies", "seekers"])
def test_workers_read_the_shards_with_the_single_process_result(client, country, direction):
    engine = jobmatch.Engine.from_csv(country)
    want = _single(engine, 6, direction)
    got = _gathered(jd.recommend(client, country, k=6, direction=direction, partitions=3, keep_rows=True))
    pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)


@pytest.mark.parametrize("kind", ["csv", "snapshot"])
def test_a_worker_killed_while_reading_shards_changes_nothing(own_client, country, request, kind):
    client = own_client
    engine = jobmatch.Engine.from_csv(country)
    want = _single(engine, 5, "seekers")
    if kind == "snapshot":
        country = request.getfixturevalue("country_snapshots")
    with tempfile.TemporaryDirectory() as tmp:
        marker = os.path.join(tmp, "killed")
        # Its own cluster is closed after the test: the plugin is not removed.
        client.register_worker_plugin(_KillOnce(marker, task="run_shard_group"), name="kill-once")
        got = _gathered(jd.recommend(client, country, k=5, direction="seekers", partitions=4, keep_rows=True))
        assert os.path.exists(marker), "no worker was killed: the test tested nothing"
    pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)


def test_sharded_with_the_commute_rule_off_and_a_wrong_count(client, country, tmp_path):
    doc = json.loads(jobmatch.Policy.default().to_json())
    doc["eligibility"]["enforce_max_commute"] = False
    policy = jobmatch.Policy.from_json(json.dumps(doc))
    engine = jobmatch.Engine.from_csv(country, policy=policy)
    want = _single(engine, 4, "vacancies")
    got = _gathered(jd.recommend(client, country, k=4, partitions=2, keep_rows=True, policy=policy))
    pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)
    # A manifest whose count disagrees with its file: an error, not a short result.
    import shutil
    bad = tmp_path / "bad"
    shutil.copytree(country, bad)
    man = json.loads((bad / "manifest.json").read_text())
    man["shards"][1]["num_seekers"] += 1
    (bad / "manifest.json").write_text(json.dumps(man))
    with pytest.raises(Exception, match="declares"):
        jd.recommend(client, str(bad), k=4).compute()


@pytest.mark.parametrize("which", ["csv", "snapshot"])
def test_summaries_from_a_loaded_directory_equal_pass_one(country, country_snapshots, which):
    """The shards' summaries taken from an engine loaded from the directory
    (allocate's client) are pass 1's, read shard by shard from the files."""
    directory = country if which == "csv" else country_snapshots
    shards = jd._read_manifest(directory)
    policy_json = jobmatch.Policy.default().to_json()
    extent = jobmatch.Engine.from_csv(directory).view()._native.extent()
    assert len(extent["seeker_lat"]) == sum(sh.num_seekers for sh in shards)
    got = jd._summaries_from(extent, shards, 15.0)
    for i, g in enumerate(got):
        want = jd._shard_summary(directory, i, policy_json, 15.0)
        assert g.keys() == want.keys()
        for key in want:
            np.testing.assert_array_equal(g[key], want[key], err_msg=f"shard {i}, {key}")
    assert sum(g["has_remote"] for g in got) >= 1 and sum(g["accepts_remote"] for g in got) >= 1


def test_allocate_from_a_sharded_directory(client, country):
    engine = jobmatch.Engine.from_csv(country)
    want = engine.allocate(households=True, candidates=8)
    _same_allocation(jd.allocate(client, country, households=True, candidates=8), want)


@pytest.fixture(scope="module")
def country_part_full(country, tmp_path_factory):
    """The country with about a third of the posts of every shard already
    full (openings 0): an allocation lists only posts with openings."""
    import shutil
    out = tmp_path_factory.mktemp("country_full") / "c"
    shutil.copytree(country, out)
    man = json.loads((out / "manifest.json").read_text())
    rng = np.random.default_rng(5)
    for sh in man["shards"]:
        path = out / sh["vacancies"]
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df.loc[rng.random(len(df)) < 0.35, "openings"] = "0"
        df.to_csv(path, index=False)
    return str(out)


def test_allocation_candidates_are_the_lists_of_allocate(country_part_full):
    view = jobmatch.Engine.from_csv(country_part_full).view()
    assert (np.asarray(view.openings) == 0).mean() > 0.25
    want = _candidate_lists(view, 6)
    for threads, exhaustive in ((1, False), (2, False), (1, True)):
        got = view._native.allocation_candidates(6, threads, exhaustive)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
    with pytest.raises(ValueError, match="candidates"):
        view._native.allocation_candidates(0)


ALLOCATIONS_SHARDED = [
    dict(households=True, candidates=8),
    dict(households=True, quotas=["veteran+disabled:0.5", "graduate_youth:0.3:trainee"], min_score=0.2,
         candidates=5),
    dict(objective="cardinality", candidates=4),
    dict(method="stable", proposer="vacancies", candidates=6),
]


@pytest.mark.parametrize("kw", ALLOCATIONS_SHARDED, ids=[json.dumps(k, sort_keys=True) for k in ALLOCATIONS_SHARDED])
def test_allocate_from_shards_with_full_posts(client, country_part_full, kw):
    """Candidate lists computed by the workers from their shards (posts
    without openings left out, as in one process): the same allocation."""
    want = jobmatch.Engine.from_csv(country_part_full).allocate(**kw)
    _same_allocation(jd.allocate(client, country_part_full, partitions=3, **kw), want)


def test_allocate_from_shards_with_the_commute_rule_off(client, country_part_full):
    doc = json.loads(jobmatch.Policy.default().to_json())
    doc["eligibility"]["enforce_max_commute"] = False
    policy = jobmatch.Policy.from_json(json.dumps(doc))
    want = jobmatch.Engine.from_csv(country_part_full, policy=policy).allocate(households=True, candidates=5)
    got = jd.allocate(client, country_part_full, households=True, candidates=5, partitions=2, policy=policy)
    _same_allocation(got, want)
    # policy= belongs to a directory; an engine carries its own.
    with pytest.raises(ValueError, match="policy"):
        jd.allocate(client, jobmatch.Engine.from_csv(country_part_full), policy=policy)


def test_a_worker_killed_while_listing_candidates_from_shards(own_client, country_part_full):
    client = own_client
    want = jobmatch.Engine.from_csv(country_part_full).allocate(households=True, candidates=6)
    with tempfile.TemporaryDirectory() as tmp:
        marker = os.path.join(tmp, "killed")
        client.register_worker_plugin(_KillOnce(marker, task="shard_group_candidates"), name="kill-once-shards")
        got = jd.allocate(client, country_part_full, households=True, candidates=6, partitions=4)
        assert os.path.exists(marker), "no worker was killed: the test tested nothing"
    _same_allocation(got, want)


def _lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


@pytest.mark.parametrize("direction", ["vacancies", "seekers"])
def test_recommend_to_csv_writes_the_cli_file_in_parts(client, country, tmp_path, direction):
    """The workers' part files hold exactly the CLI's lines: for "seekers" the
    parts in name order are the CLI's file; for "vacancies" every seeker's
    list is whole in one part. Files are created 0600 (personal data)."""
    cli("recommend", "--data", country, "-k", 6, "--direction", direction, "--out", tmp_path / "cli.csv", "-q")
    want = _lines(tmp_path / "cli.csv")
    out = tmp_path / "parts"
    files = jd.recommend_to_csv(client, country, out, k=6, direction=direction, partitions=3)
    assert files["file"].tolist() == sorted(files["file"].tolist())
    assert int(files["entries"].sum()) == len(want) - 1
    got = []
    for f in files["file"]:
        lines = _lines(f)
        assert lines[0] == want[0]
        assert (os.stat(f).st_mode & 0o777) == 0o600, f
        got.append(lines[1:])
    if direction == "seekers":
        assert [x for part in got for x in part] == want[1:]
    else:
        assert sorted(x for part in got for x in part) == sorted(want[1:])
        owner = {}
        for i, part in enumerate(got):
            for line in part:
                assert owner.setdefault(line.split(",")[0], i) == i, "a list split over two files"
    # A directory that already holds parts is refused (no mixing of runs).
    with pytest.raises(FileExistsError):
        jd.recommend_to_csv(client, country, out, k=6, direction=direction)


def test_recommend_to_csv_from_an_engine(client, city, tmp_path):
    engine = jobmatch.Engine(city.seekers, city.vacancies, skills=city.skills)
    engine.recommend_to_csv(tmp_path / "one.csv", k=5)
    files = jd.recommend_to_csv(client, engine, tmp_path / "parts", k=5, partitions=3)
    want = _lines(tmp_path / "one.csv")
    got = [x for f in files["file"] for x in _lines(f)[1:]]
    assert sorted(got) == sorted(want[1:])


@pytest.mark.parametrize("change, field", [
    (lambda m: m.update(version=True), "version: must be 1 or 2"),
    (lambda m: m.update(version=1.0), "version: must be 1 or 2"),
    (lambda m: m.update(version=3), "version: must be 1 or 2"),
    (lambda m: m.update(format=5), 'format: must be "jobmatch-shards"'),
    (lambda m: m.update(shards={"a": 1}), "shards: must be an array"),
    (lambda m: m["shards"].append(3), "shards[1]: must be an object"),
    (lambda m: m["shards"][0].update(name=7), "shards[0].name: must be a non-empty string"),
    (lambda m: m["shards"].append(dict(m["shards"][0])), "shards[1].name: duplicate shard name"),
    (lambda m: m["shards"][0].update(num_seekers=2.5), "shards[0].num_seekers: must be an integer >= 0"),
    (lambda m: m["shards"][0].update(num_seekers=True), "shards[0].num_seekers: must be an integer >= 0"),
    (lambda m: m["shards"][0].update(num_vacancies=-1), "shards[0].num_vacancies: must be an integer >= 0"),
    (lambda m: m["shards"][0].update(num_vacancies=2**63), "shards[0].num_vacancies: must be an integer >= 0"),
    (lambda m: m["shards"][0].pop("num_vacancies"), "shards[0]: missing 'num_vacancies'"),
    (lambda m: m["shards"][0].update(seekers="../s.csv"), "shards[0].seekers: must stay inside the directory"),
    (lambda m: m["shards"][0].update(format="snapshot"), "shards[0].format: snapshot shards need manifest version 2"),
    (lambda m: m["shards"][0].update(center_lat=91), "shards[0].center_lat: must be a finite number in [-90, 90]"),
    (lambda m: m.update(skills="\udcff"), "not valid UTF-8"),  # written as the byte 0xff
    (lambda m: m.update(truncated=True), "JSON: "),
])
def test_the_client_reads_a_manifest_with_the_native_reader(tmp_path, change, field):
    """The client plans from the manifest's counts (_read_manifest), read by
    the native reader with all its checks: a field of a wrong type or value
    is refused before any task runs, naming the file and the field, instead
    of being read as a number (True as 1, 2.5 as 2) or planned from."""
    doc = {"format": "jobmatch-shards", "version": 1, "skills": "skills.csv",
           "shards": [{"name": "a", "seekers": "a/s.csv", "vacancies": "a/v.csv",
                       "num_seekers": 2, "num_vacancies": 1}]}
    assert jd._read_manifest(_write_manifest(tmp_path, doc)) == [jd._Shard("a", 2, 1)]
    change(doc)
    with pytest.raises(jobmatch.InvalidInputError, match=re.escape(field)) as e:
        jd._read_manifest(_write_manifest(tmp_path, doc))
    assert isinstance(e.value, ValueError)
    assert str(e.value).startswith(os.path.join(str(tmp_path), "manifest.json") + ": ")


def test_the_client_reports_a_missing_manifest_as_a_file_error(tmp_path):
    with pytest.raises(jobmatch.FileError, match="manifest.json"):
        jd._read_manifest(str(tmp_path))


def _write_manifest(tmp_path, doc) -> str:
    """The manifest as JSON; a lone surrogate becomes its raw byte, and a
    "truncated" key cuts the text in half."""
    text = json.dumps({k: v for k, v in doc.items() if k != "truncated"}, ensure_ascii=False)
    if doc.get("truncated"):
        text = text[:len(text) // 2]
    (tmp_path / "manifest.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    return str(tmp_path)


RANDOM_ALLOCATIONS = ALLOCATIONS + [dict(households=True, candidates=3)]


def test_random_countries_and_policies_equal_single_process(client, tmp_path):
    """Unseen cases: small countries generated from random seeds (1 to 8
    cities, sizes by a random Zipf exponent), random policies (random_policy:
    weights, rules, kind restrictions, every eligibility switch), random k,
    direction, partitions and allocation; the sharded directory and the engine
    as sources. Everything equals the single-process engine."""
    seed = int(os.environ.get("JOBMATCH_TEST_SEED", "20261208"))
    rng = random.Random(seed)
    for case in range(8):
        out = tmp_path / f"c{case}"
        cli("generate", "--country", "--seekers", rng.choice([2000, 4000, 8000]),
            "--vacancies", rng.choice([400, 900, 1600]), "--cities", rng.randint(1, 8),
            "--zipf", rng.choice([0, 1, 2]), "--seed", rng.randint(1, 10**9), "--out", out, "-q")
        for _ in range(50):
            try:
                policy = jobmatch.Policy.from_json(json.dumps(random_policy(rng)))
                break
            except jobmatch.InvalidInputError:  # the checker refuses some draws (random_policy.py)
                continue
        else:
            pytest.fail("no random policy passed the checker in 50 draws")
        k, direction = rng.choice([1, 5, 20]), rng.choice(["vacancies", "seekers"])
        partitions, kw = rng.choice([1, 2, 3, 7]), rng.choice(RANDOM_ALLOCATIONS)
        try:
            engine = jobmatch.Engine.from_csv(str(out), policy=policy)
            want = _single(engine, k, direction)
            got = _gathered(jd.recommend(client, str(out), k=k, direction=direction, partitions=partitions,
                                         keep_rows=True, policy=policy))
            pd.testing.assert_frame_equal(got[want.columns.tolist()], want, check_dtype=False)
            want_allocation = engine.allocate(**kw)
            _same_allocation(jd.allocate(client, str(out), partitions=partitions, policy=policy, **kw),
                             want_allocation)
            _same_allocation(jd.allocate(client, engine, partitions=partitions, **kw), want_allocation)
        except AssertionError as e:
            raise AssertionError(f"case {case} (JOBMATCH_TEST_SEED={seed}, k={k}, {direction}, "
                                 f"{partitions} parts, allocation {kw}): {e}") from e
