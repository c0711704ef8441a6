"""jobmatch: explainable, policy-aware matching of job seekers and vacancies.

Python API (the public contract is docs/python.md)::

    import jobmatch
    city = jobmatch.generate_city(seekers=2000, vacancies=400, seed=1)
    engine = jobmatch.Engine(city.seekers, city.vacancies, city.skills)
    recs = engine.recommend(k=10)                 # DataFrame, like the CLI's CSV
    alloc = engine.allocate(method="optimal", households=True)
    alloc.by_group                                # placements per key group
    engine.upsert_seekers(new_rows)               # live updates, views, snapshots

Low-level numpy functions: :func:`topk`, :func:`topk_inner_product`,
:func:`assignment`, :func:`stable_matching`.
"""
from ._errors import (
    CancelledError,
    FileError,
    InternalError,
    InvalidInputError,
    JobmatchError,
    NotFoundError,
    ResourceExhaustedError,
)
from ._policy import Policy
from ._engine import (Allocation, City, Engine, EngineView, RecommendArrays, generate_city, read_csv,
                      save_snapshot_shards, schema, write_csv)
from ._lowlevel import AssignmentResult, assignment, stable_matching, topk, topk_inner_product
from ._progress import TqdmProgress
from . import _jobmatch

__version__ = "0.1.0"
#: The scoring kernel this CPU runs: "avx2" or "generic".
kernel: str = _jobmatch.kernel

__all__ = [
    "Allocation",
    "AssignmentResult",
    "CancelledError",
    "City",
    "Engine",
    "EngineView",
    "FileError",
    "InternalError",
    "InvalidInputError",
    "JobmatchError",
    "NotFoundError",
    "Policy",
    "RecommendArrays",
    "ResourceExhaustedError",
    "TqdmProgress",
    "assignment",
    "generate_city",
    "kernel",
    "read_csv",
    "save_snapshot_shards",
    "schema",
    "stable_matching",
    "topk",
    "topk_inner_product",
    "write_csv",
]
