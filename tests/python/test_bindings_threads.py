"""Threads, the GIL, progress callbacks, cancellation and Ctrl-C."""
import io
import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import jobmatch


@pytest.fixture(scope="module")
def engine():
    return jobmatch.generate_city(seekers=1500, vacancies=300, seed=11, embedding_dim=8).engine()


def test_concurrent_recommend_equals_sequential(engine):
    jobs = [dict(k=k, direction=d, threads=t) for k in (3, 10) for d in ("vacancies", "seekers") for t in (1, 2)]
    sequential = [engine.recommend_arrays(**j) for j in jobs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(3):
            concurrent = list(pool.map(lambda j: engine.recommend_arrays(**j), jobs))
            for a, b in zip(sequential, concurrent):
                np.testing.assert_array_equal(a.index, b.index)
                np.testing.assert_array_equal(a.score, b.score)
    frames = list(ThreadPoolExecutor(4).map(lambda _: engine.recommend(k=5), range(4)))
    for f in frames[1:]:
        assert f.equals(frames[0])


def test_concurrent_low_level_calls(engine):
    rng = np.random.default_rng(2)
    q = rng.standard_normal((500, 32), dtype=np.float32)
    x = rng.standard_normal((3000, 32), dtype=np.float32)
    want = jobmatch.topk_inner_product(q, x, 8, threads=1)
    with ThreadPoolExecutor(max_workers=4) as pool:
        for got in pool.map(lambda t: jobmatch.topk_inner_product(q, x, 8, threads=t), [1, 2, 3, 4, 2, 1]):
            np.testing.assert_array_equal(got[0], want[0])
    allocs = list(ThreadPoolExecutor(3).map(lambda m: engine.allocate(method=m).vacancy_of_seeker,
                                            ["optimal", "stable", "optimal"]))
    np.testing.assert_array_equal(allocs[0], allocs[2])


def _big_problem():
    rng = np.random.default_rng(0)
    # About a minute of single-threaded work: never finishes within a test.
    return rng.standard_normal((200_000, 64), dtype=np.float32), rng.standard_normal((200_000, 64),
                                                                                     dtype=np.float32)


def test_gil_is_released_during_cpp_work():
    q, x = _big_problem()
    started, stop, done = threading.Event(), threading.Event(), threading.Event()
    outcome = {}

    def progress(d, t):
        started.set()
        return not stop.is_set()

    def work():
        try:
            jobmatch.topk_inner_product(q, x, 5, threads=1, progress=progress)
        except jobmatch.CancelledError as e:
            outcome["error"] = e
        done.set()

    th = threading.Thread(target=work)
    th.start()
    assert started.wait(60)
    # The worker is inside C++ now. Python code runs here meanwhile: if the
    # GIL were held for the whole call, we would only get here after it ended.
    total = sum(i * i for i in range(200_000))
    assert total > 0 and not done.is_set()
    stop.set()
    th.join(60)
    assert isinstance(outcome.get("error"), jobmatch.CancelledError)


def test_progress_false_cancels(engine):
    calls = []
    with pytest.raises(jobmatch.CancelledError):
        jobmatch.topk_inner_product(np.ones((10, 4), np.float32), np.ones((10, 4), np.float32), 2,
                                    progress=lambda d, t: calls.append((d, t)) or False)
    assert calls == [(0, 10)]


def test_exception_in_callback_is_reraised_unchanged(engine):
    class Boom(Exception):
        pass

    def progress(done, total):
        raise Boom(f"at {done}/{total}")

    with pytest.raises(Boom, match="at 0/"):
        jobmatch.topk(np.zeros((5, 5), np.float32), 2, progress=progress)
    # recommend reports only every 200 ms and at the end: the end call raises too.
    with pytest.raises(Boom):
        engine.recommend(k=3, progress=progress)
    with pytest.raises(Boom):
        engine.allocate(progress=progress)
    assert len(engine.recommend(k=3)) > 0  # the engine is intact


def test_keyboard_interrupt_from_callback():
    def progress(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        jobmatch.topk_inner_product(np.ones((3, 2), np.float32), np.ones((4, 2), np.float32), 1,
                                    progress=progress)


@pytest.mark.parametrize("with_callback", [False, True])
def test_ctrl_c_stops_cpp_work(with_callback):
    """SIGINT while C++ runs (GIL released, no Python code running) raises
    KeyboardInterrupt through the progress path, with or without a callback."""
    q, x = _big_problem()
    calls = []
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            jobmatch.topk_inner_product(q, x, 5, threads=1,
                                        progress=(lambda d, t: calls.append(d)) if with_callback else None)
    finally:
        timer.cancel()
    # Work continues normally afterwards.
    i, _ = jobmatch.topk_inner_product(q[:3], x[:50], 2)
    assert i.shape == (3, 2)


def test_tqdm_progress(engine):
    out = io.StringIO()
    with jobmatch.TqdmProgress(desc="recommend", file=out, mininterval=0) as bar:
        engine.recommend(k=5, progress=bar)
    assert bar.bar.n == bar.bar.total == engine.num_seekers
    assert "recommend" in out.getvalue() and "100%" in out.getvalue()
    out2 = io.StringIO()
    with jobmatch.TqdmProgress(file=out2, mininterval=0) as bar2:
        jobmatch.topk_inner_product(np.ones((100, 4), np.float32), np.ones((10, 4), np.float32), 2, progress=bar2)
    assert bar2.bar.n == 100
