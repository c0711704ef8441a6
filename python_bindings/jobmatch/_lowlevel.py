"""Low-level functions on plain numpy arrays, comparable to numpy/scipy/FAISS.

No pandas, no Engine: exact top-k of a score matrix or of inner products of
two embedding matrices, optimal capacity-constrained assignment and stable
matching on an edge list. Inputs must already have the documented dtype and
layout: a wrong one raises TypeError/ValueError instead of being converted
(no hidden copy of a large matrix).
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Optional, Tuple

import numpy as np

from . import _jobmatch

__all__ = ["topk", "topk_inner_product", "assignment", "stable_matching", "AssignmentResult"]

ProgressCallback = Callable[[int, int], Optional[bool]]


def topk(scores: np.ndarray, k: int, *, threads: int = 0,
         progress: Optional[ProgressCallback] = None) -> Tuple[np.ndarray, np.ndarray]:
    """The k largest entries of each row of a score matrix.

    Args:
        scores: float32 array (rows, cols) with contiguous rows (row-major;
            a row-sliced view is fine, a transposed one is refused). Used in
            place. NaN raises :class:`jobmatch.InvalidInputError`.
        k: entries per row (>= 1; may exceed cols).
        threads: worker threads, 0 = all cores.
        progress: ``callable(rows_done, rows_total)``; False cancels.

    Returns:
        ``(index, values)``: int64 and float32 arrays (rows, k), best first;
        equal values in increasing column order (like
        ``np.argsort(-scores, kind="stable")``). ``-inf`` entries are never
        returned — the library's "ineligible" marker — so a row with fewer
        than k other entries ends with index -1 and value -inf.
    """
    return _jobmatch.topk_rows(scores, int(k), int(threads), progress)


def topk_inner_product(queries: np.ndarray, items: np.ndarray, k: int, *, threads: int = 0,
                       progress: Optional[ProgressCallback] = None) -> Tuple[np.ndarray, np.ndarray]:
    """Exact maximum-inner-product search: for each query the k items with the largest ``<q, x>``.

    The search ``faiss.IndexFlatIP(d).search(queries, k)`` does, with the
    library's packed AVX2+FMA kernel and no index to build.

    Args:
        queries: float32 (nq, d), contiguous rows, used in place.
        items: float32 (ni, d), contiguous rows, used in place.
        k: results per query (>= 1); beyond ni the rest is -1 / -inf.
        threads: worker threads, 0 = all cores.
        progress: ``callable(queries_done, queries_total)``; False cancels.

    Returns:
        ``(index, scores)``: int64 and float32 arrays (nq, k), best first,
        ties in increasing item order. Each inner product is accumulated
        sequentially over d (so it can differ from BLAS in the last bits).
        Non-finite inputs raise :class:`jobmatch.InvalidInputError`.
    """
    return _jobmatch.topk_inner_product(queries, items, int(k), int(threads), progress)


class AssignmentResult(NamedTuple):
    """Result of :func:`assignment` and :func:`stable_matching`.

    col_of_row: int64 (num_rows,): column of each row, -1 = unassigned.
    edge_of_row: int64 (num_rows,): index of the chosen edge, -1 = none.
    cardinality: rows assigned.
    total_weight: sum of the chosen edges' weights (float64).
    groups_covered: with ``cover_groups``, groups with a member assigned.
    """

    col_of_row: np.ndarray
    edge_of_row: np.ndarray
    cardinality: int
    total_weight: float
    groups_covered: int


def _result(d: dict) -> AssignmentResult:
    return AssignmentResult(d["col_of_row"], d["edge_of_row"], int(d["cardinality"]), float(d["total_weight"]),
                            int(d["groups_covered"]))


def assignment(rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, capacity: np.ndarray, *,
               num_rows: Optional[int] = None, objective: str = "weight", min_weight: Optional[float] = None,
               row_groups: Optional[np.ndarray] = None, cover_groups: bool = False,
               progress: Optional[ProgressCallback] = None) -> AssignmentResult:
    """Optimal capacity-constrained assignment (bipartite b-matching) on an edge list.

    Each row takes at most one column, column j at most ``capacity[j]``
    rows; maximises the total weight over the given edges (the sparse
    counterpart of ``scipy.optimize.linear_sum_assignment(w,
    maximize=True)``, with capacities). Exact up to the quantisation of
    weights to 2^-30 of the largest: the total weight is at most
    2 x min(rows, sum of capacities) x 2^-31 x max|w| below the float
    optimum (include/jobmatch/matching/assignment.h).

    Args:
        rows, cols: int64 arrays of equal length: the edges (duplicates
            allowed; the best counts).
        weights: float32 array, same length; finite.
        capacity: int32 array, one entry (>= 0) per column.
        num_rows: number of rows (default: max(rows) + 1).
        objective: ``"weight"`` (maximum total weight; negative edges are
            never taken) or ``"cardinality"`` (most rows assigned, then
            weight).
        min_weight: edges below it are ignored.
        row_groups: int64 group id per row (-1 = none), used with
            ``cover_groups=True`` to first assign a member of as many groups
            as possible.
        progress: ``callable(phases_done, phases_total)``; False cancels.

    The three edge arrays are copied once into the solver's edge list;
    results are returned without a copy.
    """
    return _result(_jobmatch.assignment(rows, cols, weights, capacity, num_rows, objective, min_weight, row_groups,
                                        cover_groups, progress))


def stable_matching(rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, capacity: np.ndarray, *,
                    num_rows: Optional[int] = None, proposer: str = "rows", min_weight: Optional[float] = None,
                    column_weights: Optional[np.ndarray] = None,
                    progress: Optional[ProgressCallback] = None) -> AssignmentResult:
    """Stable matching with capacities (hospitals/residents) by deferred acceptance.

    Rows rank their edges by ``weights`` (highest first, ties: lower column
    first); columns rank theirs by ``column_weights`` (default: the same
    weights; ties: lower row first). Only listed edges are acceptable. The
    result has no blocking pair; ``proposer="rows"`` gives the row-optimal
    stable matching, ``"columns"`` the column-optimal one.

    Arguments as for :func:`assignment`; ``column_weights`` is a float32
    array parallel to the edges. Edges with a weight below ``min_weight``
    are not acceptable to either side.
    """
    return _result(_jobmatch.stable_matching(rows, cols, weights, capacity, num_rows, proposer, min_weight,
                                             column_weights, progress))
