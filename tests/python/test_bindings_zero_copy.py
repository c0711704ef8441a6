"""Which calls copy: results own their C++ memory, engine views alias the
engine and keep it alive, inputs are read in place (no numpy-side copy)."""
import gc
import tracemalloc

import numpy as np
import pytest

import jobmatch


@pytest.fixture(scope="module")
def city():
    return jobmatch.generate_city(seekers=300, vacancies=80, seed=3, embedding_dim=16)


def owned_by_capsule(a):
    return type(a.base).__name__ == "PyCapsule" and not a.flags.owndata


def test_recommend_arrays_are_the_cpp_result(city):
    e = city.engine()
    r = e.recommend_arrays(5)
    for a in (r.index, r.score, r.rows):
        assert owned_by_capsule(a) and a.flags.writeable and a.flags.c_contiguous
    r2 = e.recommend_arrays(5)
    assert not np.shares_memory(r.index, r2.index)  # a fresh result per call
    assert r.index.dtype == np.int64 and r.score.dtype == np.float32


def test_engine_views_alias_engine_memory_and_are_read_only(city):
    e = city.engine()
    a, b = e.seeker_embeddings, e.seeker_embeddings
    assert np.shares_memory(a, b)  # two views of the same stored matrix
    assert a.base is e._native and not a.flags.writeable and not a.flags.owndata
    with pytest.raises(ValueError, match="read-only"):
        a[0, 0] = 1.0
    for v in (e.openings, e.seeker_groups, e.vacancy_embeddings):
        assert v.base is e._native and not v.flags.writeable
    # The engine stores its own normalised copy: no alias with the input.
    assert not np.shares_memory(a, city.seeker_embeddings)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-6)


def test_views_keep_the_engine_alive(city):
    e = city.engine()
    view = e.seeker_embeddings
    want = view.copy()
    del e
    gc.collect()
    junk = [np.ones(view.shape, np.float32) for _ in range(4)]  # reuse freed memory if any
    np.testing.assert_array_equal(view, want)
    del junk


def test_results_of_allocate_and_solvers_are_not_copied(city):
    e = city.engine()
    a = e.allocate()
    assert owned_by_capsule(a.vacancy_of_seeker)
    res = jobmatch.assignment(np.array([0, 1], np.int64), np.array([0, 0], np.int64),
                              np.array([1, 2], np.float32), np.array([1], np.int32))
    assert owned_by_capsule(res.col_of_row) and owned_by_capsule(res.edge_of_row)


def test_topk_inputs_are_read_in_place():
    """No numpy-side copy of large inputs (tracemalloc sees numpy allocations)."""
    rng = np.random.default_rng(0)
    q = rng.standard_normal((2000, 64), dtype=np.float32)          # 512 KB
    x = rng.standard_normal((40000, 96), dtype=np.float32)[:, :64]  # 10 MB, a strided view
    s = rng.standard_normal((400, 20000), dtype=np.float32)        # 32 MB
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        index, scores = jobmatch.topk_inner_product(q, x, 10)
        _, peak = tracemalloc.get_traced_memory()
        assert peak < 2 * index.nbytes + 2 * scores.nbytes + (1 << 20), peak
        tracemalloc.reset_peak()
        index, values = jobmatch.topk(s, 10)
        _, peak = tracemalloc.get_traced_memory()
        assert peak < 2 * index.nbytes + 2 * values.nbytes + (1 << 20), peak
    finally:
        tracemalloc.stop()
    # The results are fresh numpy arrays written in place by C++.
    assert index.flags.owndata and index.flags.writeable


def test_copying_conversions_are_refused_not_done():
    x = np.ones((10, 4), dtype=np.float64)
    with pytest.raises(TypeError, match="float32"):
        jobmatch.topk_inner_product(x, x, 2)
    with pytest.raises(ValueError, match="contiguous"):
        jobmatch.topk_inner_product(np.ones((4, 10), np.float32).T, np.ones((3, 4), np.float32), 2)
    with pytest.raises(TypeError, match="int64"):
        jobmatch.stable_matching(np.zeros(1, np.int32), np.zeros(1, np.int64), np.ones(1, np.float32),
                                 np.ones(1, np.int32))
