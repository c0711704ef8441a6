"""Low-level numpy functions against independent oracles: numpy argsort,
float64 matrix products, scipy's linear_sum_assignment, networkx min-cost
flow, and a plain Gale–Shapley with a blocking-pair check."""
from collections import deque

import networkx as nx
import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

import jobmatch


# --------------------------------------------------------------------- topk
def oracle_topk(s, k):
    """Stable argsort of -s with -inf dropped and padded (the documented semantics)."""
    rows = s.shape[0]
    index = np.full((rows, k), -1, dtype=np.int64)
    values = np.full((rows, k), -np.inf, dtype=np.float32)
    for i in range(rows):
        order = np.argsort(-s[i], kind="stable")
        order = order[s[i][order] != -np.inf][:k]
        index[i, : len(order)] = order
        values[i, : len(order)] = s[i][order]
    return index, values


@pytest.mark.parametrize("seed", range(10))
def test_topk_equals_stable_argsort_with_ties_and_missing(seed):
    rng = np.random.default_rng(seed)
    rows, cols, k = int(rng.integers(1, 120)), int(rng.integers(1, 2000)), int(rng.integers(1, 60))
    s = rng.integers(-5, 5, size=(rows, cols)).astype(np.float32)  # many ties
    if seed % 2:
        s += rng.random((rows, cols), dtype=np.float32)
    s[rng.random((rows, cols)) < (0.98 if seed % 3 == 0 else 0.1)] = -np.inf
    index, values = jobmatch.topk(s, k, threads=1 + seed % 3)
    want_i, want_v = oracle_topk(s, k)
    np.testing.assert_array_equal(index, want_i)
    np.testing.assert_array_equal(values, want_v)
    # argpartition agrees on the multiset of the k best finite values
    full = np.where(np.isinf(s), np.nan, s)
    kk = min(k, cols)
    part = -np.sort(-np.partition(np.nan_to_num(full, nan=-np.inf), cols - kk, axis=1)[:, cols - kk:], axis=1)
    np.testing.assert_array_equal(np.where(values[:, :kk] == -np.inf, -np.inf, values[:, :kk]), part)


def test_topk_refuses_wrong_input():
    s = np.zeros((4, 5), dtype=np.float32)
    with pytest.raises(TypeError, match="float32"):
        jobmatch.topk(s.astype(np.float64), 2)
    with pytest.raises(ValueError, match="contiguous"):
        jobmatch.topk(s.T, 2)
    with pytest.raises(ValueError, match="2-D"):
        jobmatch.topk(s[0], 2)
    s[2, 3] = np.nan
    with pytest.raises(jobmatch.InvalidInputError, match="NaN at row 2, column 3"):
        jobmatch.topk(s, 2)
    with pytest.raises(ValueError, match="k must be"):
        jobmatch.topk(np.zeros((2, 2), np.float32), 0)


# --------------------------------------------------------- topk_inner_product
@pytest.mark.parametrize("nq,ni,d,k", [(1, 1, 1, 1), (50, 300, 16, 10), (300, 1000, 64, 20), (7, 5, 3, 9),
                                       (129, 257, 33, 4)])
def test_inner_product_is_the_exact_top_k(nq, ni, d, k):
    rng = np.random.default_rng(nq + ni + d)
    q = rng.standard_normal((nq, d), dtype=np.float32)
    x = rng.standard_normal((ni, d), dtype=np.float32)
    index, scores = jobmatch.topk_inner_product(q, x, k)
    exact = q.astype(np.float64) @ x.astype(np.float64).T
    kk = min(k, ni)
    assert (index[:, kk:] == -1).all() and (scores[:, kk:] == -np.inf).all()
    got = np.take_along_axis(exact, index[:, :kk], axis=1)
    np.testing.assert_allclose(scores[:, :kk], got, rtol=0, atol=1e-4 * d)
    assert (np.diff(scores[:, :kk], axis=1) <= 0).all()
    # Nothing left out is better than the k-th returned (beyond rounding).
    kth = got[:, -1]
    mask = np.ones_like(exact, dtype=bool)
    np.put_along_axis(mask, index[:, :kk], False, axis=1)
    assert (np.where(mask, exact, -np.inf).max(axis=1) <= kth + 1e-4 * d).all()
    # Each row's set equals numpy's top-k where the k-th is not a near-tie.
    np_top = np.argsort(-exact, axis=1, kind="stable")[:, :kk]
    sorted_vals = -np.sort(-exact, axis=1)
    clear = kk == ni or (sorted_vals[:, kk - 1] - sorted_vals[:, kk] > 1e-3)
    clear = np.broadcast_to(clear, (nq,))
    for i in np.nonzero(clear)[0]:
        assert set(index[i, :kk]) == set(np_top[i])


def test_inner_product_exact_ties_break_by_item_index():
    rng = np.random.default_rng(3)
    q = rng.integers(-2, 3, size=(200, 6)).astype(np.float32)   # small integers: exact products
    x = rng.integers(-2, 3, size=(500, 6)).astype(np.float32)
    index, scores = jobmatch.topk_inner_product(q, x, 15, threads=3)
    want_i, want_v = oracle_topk((q @ x.T).astype(np.float32), 15)
    np.testing.assert_array_equal(index, want_i)
    np.testing.assert_array_equal(scores, want_v)


def test_inner_product_input_checks_and_views():
    x = np.ones((10, 8), dtype=np.float32)
    with pytest.raises(jobmatch.InvalidInputError, match="dimension"):
        jobmatch.topk_inner_product(np.ones((2, 4), np.float32), x, 3)
    bad = x.copy()
    bad[4, 1] = np.inf
    with pytest.raises(jobmatch.InvalidInputError, match="items: non-finite value at row 4, column 1"):
        jobmatch.topk_inner_product(x, bad, 3)
    with pytest.raises(TypeError):
        jobmatch.topk_inner_product(x.astype(np.float16), x, 3)
    # A column slice (row stride > d) is read in place and gives the same result.
    rng = np.random.default_rng(1)
    wide = rng.standard_normal((40, 20), dtype=np.float32)
    a = jobmatch.topk_inner_product(wide[:, :12], wide[:30, :12], 5)
    b = jobmatch.topk_inner_product(np.ascontiguousarray(wide[:, :12]), np.ascontiguousarray(wide[:30, :12]), 5)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


# ------------------------------------------------------------------ assignment
def edges_of(w):
    r, c = np.nonzero(np.ones_like(w, dtype=bool))
    return r.astype(np.int64), c.astype(np.int64), w[r, c].astype(np.float32)


@pytest.mark.parametrize("seed", range(6))
def test_assignment_equals_scipy_on_dense_unit_capacity(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(5, 60)), int(rng.integers(5, 60))
    w = (rng.random((n, m), dtype=np.float32) + np.float32(0.01))
    r, c, wt = edges_of(w)
    res = jobmatch.assignment(r, c, wt, np.ones(m, dtype=np.int32))
    rr, cc = linear_sum_assignment(w.astype(np.float64), maximize=True)
    assert res.cardinality == min(n, m)
    assert res.total_weight == pytest.approx(float(w[rr, cc].astype(np.float64).sum()), rel=1e-6)
    placed = res.col_of_row[res.col_of_row >= 0]
    assert len(set(placed.tolist())) == len(placed)
    assert (wt[res.edge_of_row[res.edge_of_row >= 0]] == w[np.nonzero(res.col_of_row >= 0)[0], placed]).all()


def flow_oracle(num_rows, cap, r, c, w, cardinality=False):
    """Max-weight (or max-cardinality-then-weight) b-matching by networkx min-cost flow; integer weights."""
    g = nx.DiGraph()
    big = 10 ** 6 if cardinality else 0
    for i in range(num_rows):
        g.add_edge("s", ("r", i), capacity=1, weight=0)
        g.add_edge(("r", i), "t", capacity=1, weight=0)  # unassigned
    for j, cj in enumerate(cap):
        g.add_edge(("c", j), "t", capacity=int(cj), weight=0)
    for i, j, x in zip(r, c, w):
        if x < 0 and not cardinality:
            continue
        g.add_edge(("r", int(i)), ("c", int(j)), capacity=1, weight=-(int(x) + big))
    flow = nx.max_flow_min_cost(g, "s", "t")
    card = sum(flow[("r", int(i))].get(("c", int(j)), 0) for i, j in {(int(a), int(b)) for a, b in zip(r, c)})
    total = sum(-(g[u][v]["weight"] + big) * f for u, d in flow.items() for v, f in d.items()
                if isinstance(u, tuple) and u[0] == "r" and isinstance(v, tuple))
    return card, total


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("objective", ["weight", "cardinality"])
def test_assignment_with_capacities_equals_networkx(seed, objective):
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(3, 25)), int(rng.integers(2, 10))
    e = int(rng.integers(1, n * m))
    pairs = rng.choice(n * m, size=e, replace=False)
    r, c = (pairs // m).astype(np.int64), (pairs % m).astype(np.int64)
    w = rng.integers(-3, 40, size=e).astype(np.float32)
    cap = rng.integers(0, 4, size=m).astype(np.int32)
    res = jobmatch.assignment(r, c, w, cap, num_rows=n, objective=objective)
    card, total = flow_oracle(n, cap, r, c, w, cardinality=objective == "cardinality")
    assert res.total_weight == total
    if objective == "cardinality":
        assert res.cardinality == card
    counts = np.bincount(res.col_of_row[res.col_of_row >= 0], minlength=m)
    assert (counts <= cap).all()
    chosen = res.edge_of_row[res.edge_of_row >= 0]
    assert (r[chosen] == np.nonzero(res.edge_of_row >= 0)[0]).all() and (c[chosen] == res.col_of_row[res.col_of_row >= 0]).all()


def test_assignment_input_checks():
    r = np.array([0, 1], dtype=np.int64)
    c = np.array([0, 0], dtype=np.int64)
    w = np.array([1, 2], dtype=np.float32)
    cap = np.array([1], dtype=np.int32)
    with pytest.raises(TypeError, match="int64"):
        jobmatch.assignment(r.astype(np.int32), c, w, cap)
    with pytest.raises(ValueError, match="same length"):
        jobmatch.assignment(r, c[:1], w, cap)
    with pytest.raises(jobmatch.InvalidInputError):
        jobmatch.assignment(r, np.array([0, 5], dtype=np.int64), w, cap)
    with pytest.raises(ValueError, match="objective"):
        jobmatch.assignment(r, c, w, cap, objective="luck")
    res = jobmatch.assignment(r, c, w, cap, min_weight=1.5)
    assert res.col_of_row.tolist() == [-1, 0]


# --------------------------------------------------------------- stable matching
def prefs(num_rows, m, r, c, w, cw):
    row_pref = [[] for _ in range(num_rows)]
    col_rank = [dict() for _ in range(m)]
    col_pref = [[] for _ in range(m)]
    for e in np.lexsort((c, -w)):  # weight desc, then column asc
        row_pref[r[e]].append(int(c[e]))
    for e in np.lexsort((r, -cw)):  # column weight desc, then row asc
        col_pref[c[e]].append(int(r[e]))
    for j in range(m):
        col_rank[j] = {row: i for i, row in enumerate(col_pref[j])}
    row_rank = [{col: i for i, col in enumerate(p)} for p in row_pref]
    return row_pref, row_rank, col_pref, col_rank


def gale_shapley(num_rows, cap, r, c, w, cw, proposer):
    m = len(cap)
    row_pref, row_rank, col_pref, col_rank = prefs(num_rows, m, r, c, w, cw)
    match = [-1] * num_rows
    held = [[] for _ in range(m)]
    if proposer == "rows":
        nxt = [0] * num_rows
        free = deque(range(num_rows))
        while free:
            i = free.popleft()
            if nxt[i] >= len(row_pref[i]):
                continue
            j = row_pref[i][nxt[i]]
            nxt[i] += 1
            held[j].append(i)
            match[i] = j
            if len(held[j]) > cap[j]:
                worst = max(held[j], key=lambda x: col_rank[j][x])
                held[j].remove(worst)
                match[worst] = -1
                free.append(worst)
    else:
        nxt = [0] * m
        active = deque(range(m))
        while active:
            j = active.popleft()
            while len(held[j]) < cap[j] and nxt[j] < len(col_pref[j]):
                i = col_pref[j][nxt[j]]
                nxt[j] += 1
                cur = match[i]
                if cur == -1 or row_rank[i][j] < row_rank[i][cur]:
                    if cur != -1:
                        held[cur].remove(i)
                        active.append(cur)
                    match[i] = j
                    held[j].append(i)
    return np.array(match, dtype=np.int64)


def blocking_pairs(num_rows, cap, r, c, w, cw, match):
    m = len(cap)
    _, row_rank, _, col_rank = prefs(num_rows, m, r, c, w, cw)
    held = [[i for i in range(num_rows) if match[i] == j] for j in range(m)]
    out = []
    for i, j in zip(r.tolist(), c.tolist()):
        if match[i] == j:
            continue
        row_wants = match[i] == -1 or row_rank[i][j] < row_rank[i][match[i]]
        col_wants = len(held[j]) < cap[j] or any(col_rank[j][i] < col_rank[j][x] for x in held[j])
        if row_wants and col_wants:
            out.append((i, j))
    return out


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("proposer", ["rows", "columns"])
def test_stable_matching_equals_gale_shapley(seed, proposer):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 40)), int(rng.integers(1, 15))
    e = int(rng.integers(1, n * m + 1))
    pairs = rng.choice(n * m, size=e, replace=False)
    r, c = (pairs // m).astype(np.int64), (pairs % m).astype(np.int64)
    w = rng.integers(0, 6, size=e).astype(np.float32)  # ties on both sides
    cw = rng.integers(0, 6, size=e).astype(np.float32) if seed % 2 else w
    cap = rng.integers(0, 4, size=m).astype(np.int32)
    res = jobmatch.stable_matching(r, c, w, cap, num_rows=n, proposer=proposer,
                                   column_weights=cw if seed % 2 else None)
    want = gale_shapley(n, cap, r, c, w, cw, proposer)
    np.testing.assert_array_equal(res.col_of_row, want)
    assert blocking_pairs(n, cap, r, c, w, cw, res.col_of_row) == []
    assert res.cardinality == int((want >= 0).sum())


def test_stable_matching_min_weight_equals_filtered_edges():
    rng = np.random.default_rng(11)
    n, m = 30, 8
    pairs = rng.choice(n * m, size=150, replace=False)
    r, c = (pairs // m).astype(np.int64), (pairs % m).astype(np.int64)
    w = rng.random(150, dtype=np.float32)
    cap = np.full(m, 3, dtype=np.int32)
    keep = w >= 0.5
    a = jobmatch.stable_matching(r, c, w, cap, num_rows=n, min_weight=0.5)
    b = jobmatch.stable_matching(r[keep], c[keep], w[keep], cap, num_rows=n)
    np.testing.assert_array_equal(a.col_of_row, b.col_of_row)
    with pytest.raises(ValueError, match="proposer"):
        jobmatch.stable_matching(r, c, w, cap, proposer="both")
