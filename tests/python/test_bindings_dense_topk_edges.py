"""Edges of jobmatch.topk_inner_product / jobmatch.topk (issue 9, item 6):
products that could overflow float32 are refused rather than dropped, and
empty matrices get results or a message that names the real problem."""
import numpy as np
import pytest

import jobmatch


def test_overflowing_products_are_refused_not_dropped():
    q = np.array([[1e30]], np.float32)
    x = np.array([[-1e30], [1.0]], np.float32)
    with pytest.raises(jobmatch.InvalidInputError, match="can overflow float32"):
        jobmatch.topk_inner_product(q, x, 2)


def test_accepted_large_inputs_rank_every_item():
    rng = np.random.default_rng(3)
    for trial in range(100):
        d = int(rng.integers(1, 30))
        scale = np.float32(2.0 ** int(rng.integers(40, 70)))
        q = (rng.uniform(-1, 1, (3, d)) * scale).astype(np.float32)
        x = (rng.uniform(-1, 1, (int(rng.integers(1, 20)), d)) * scale).astype(np.float32)
        k = int(rng.integers(1, 25))
        try:
            idx, sc = jobmatch.topk_inner_product(q, x, k)
        except jobmatch.InvalidInputError as e:
            assert "overflow" in str(e)
            continue
        m = min(k, x.shape[0])
        assert (idx[:, :m] >= 0).all() and (idx[:, m:] == -1).all(), trial
        assert np.isfinite(sc[:, :m]).all(), trial


@pytest.mark.parametrize("nq,ni", [(0, 3), (2, 0), (0, 0)])
def test_empty_query_or_item_matrices(nq, ni):
    idx, sc = jobmatch.topk_inner_product(np.zeros((nq, 4), np.float32),
                                          np.ones((ni, 4), np.float32), 3)
    assert idx.shape == (nq, 3) and sc.shape == (nq, 3)
    assert (idx == -1).all()


def test_zero_dimension_names_the_dimension_not_strides():
    with pytest.raises(jobmatch.InvalidInputError, match="dimension must be in 1"):
        jobmatch.topk_inner_product(np.zeros((2, 0), np.float32), np.zeros((3, 0), np.float32), 1)


def test_topk_of_empty_score_matrices():
    idx, sc = jobmatch.topk(np.zeros((3, 0), np.float32), 2)
    assert idx.shape == (3, 2) and (idx == -1).all()
    idx, sc = jobmatch.topk(np.zeros((0, 5), np.float32), 2)
    assert idx.shape == (0, 2)


def test_assignment_refuses_nan_min_weight_and_int64_max_rows():
    rows = np.array([0], np.int64)
    cols = np.array([0], np.int64)
    w = np.array([1.0], np.float32)
    cap = np.array([1], np.int32)
    with pytest.raises(jobmatch.InvalidInputError, match="min_weight is NaN"):
        jobmatch.assignment(rows, cols, w, cap, min_weight=float("nan"))
    with pytest.raises(ValueError, match="too large"):
        jobmatch.assignment(np.array([np.iinfo(np.int64).max], np.int64), cols, w, cap)


def test_recommend_pruned_equals_exhaustive_both_ways():
    city = jobmatch.generate_city(6000, 5000, seed=17)  # above the pruning threshold (4096 candidates)
    engine = city.engine()
    for direction in ("vacancies", "seekers"):
        a = engine.recommend_arrays(7, direction)
        b = engine.recommend_arrays(7, direction, exhaustive=True)
        np.testing.assert_array_equal(a.index, b.index)
        np.testing.assert_array_equal(a.score, b.score)
        pd_a = engine.recommend(5, direction)
        pd_b = engine.recommend(5, direction, exhaustive=True)
        assert pd_a.equals(pd_b)
