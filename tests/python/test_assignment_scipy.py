"""Optimal assignment against scipy.optimize.linear_sum_assignment.

On dense, complete bipartite graphs with positive weights the maximum-weight
b-matching places min(rows, openings) rows, so it must equal scipy's
rectangular assignment on the dense matrix; capacities are checked against
scipy on the expansion of every column into unit-capacity columns.
"""
import os
import subprocess

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

TOOL = os.environ.get("JOBMATCH_ASSIGNMENT_TOOL", "")
if not TOOL:
    # No silent skip: without the tool these oracle tests would test nothing.
    raise RuntimeError("set JOBMATCH_ASSIGNMENT_TOOL to build/tests/assignment_tool (ctest does)")


def solve(weights, capacity):
    rows, cols = weights.shape
    lines = [f"{rows} {cols} {rows * cols} 0", " ".join(str(int(c)) for c in capacity)]
    r, c = np.nonzero(np.ones_like(weights, dtype=bool))
    lines += [f"{i} {j} {weights[i, j]!r}" for i, j in zip(r, c)]
    out = subprocess.run([TOOL], input="\n".join(lines) + "\n", capture_output=True, text=True,
                         check=True).stdout.split()
    card, total = int(out[0]), float(out[1])
    col_of_row = np.array([int(x) for x in out[2:]])
    return card, total, col_of_row


@pytest.mark.parametrize("seed", range(12))
def test_unit_capacity_equals_scipy(seed):
    rng = np.random.default_rng(seed)
    rows, cols = rng.integers(20, 90), rng.integers(20, 90)
    # float32 weights, printed exactly, coarse on some seeds to create ties.
    w = rng.random((rows, cols), dtype=np.float32) + np.float32(0.01)
    if seed % 3 == 0:
        w = np.round(w * 8).astype(np.float32) / np.float32(8) + np.float32(0.125)
    card, total, col_of_row = solve(w, np.ones(cols, dtype=int))
    r, c = linear_sum_assignment(w.astype(np.float64), maximize=True)
    want = float(w[r, c].astype(np.float64).sum())
    assert card == min(rows, cols)
    assert total == pytest.approx(want, rel=1e-6, abs=1e-4)
    placed = col_of_row[col_of_row >= 0]
    assert len(set(placed.tolist())) == len(placed)  # unit capacities respected
    got = sum(float(w[i, j]) for i, j in enumerate(col_of_row) if j >= 0)
    assert got == pytest.approx(total, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("seed", range(8))
def test_capacities_equal_scipy_on_unit_expansion(seed):
    rng = np.random.default_rng(100 + seed)
    rows, cols = rng.integers(30, 80), rng.integers(5, 20)
    cap = rng.integers(1, 5, size=cols)
    w = rng.random((rows, cols), dtype=np.float32) + np.float32(0.01)
    card, total, col_of_row = solve(w, cap)
    expanded = np.repeat(w, cap, axis=1).astype(np.float64)
    r, c = linear_sum_assignment(expanded, maximize=True)
    assert card == min(rows, int(cap.sum()))
    assert total == pytest.approx(float(expanded[r, c].sum()), rel=1e-6, abs=1e-4)
    load = np.bincount(col_of_row[col_of_row >= 0], minlength=cols)
    assert (load <= cap).all()
