"""jobmatch.distributed: recommendations on a Dask cluster (docs/distributed.md).

Seekers are sharded by region (their district; districts packed into
partitions of about equal size). Each task builds a jobmatch Engine on one
worker from its seekers and only the vacancies that can be eligible for them
— the remote posts and the on-site posts within the commuting reach of the
partition, found with a conservative ball around the partition's seekers —
and runs the same exact top-k as :meth:`jobmatch.Engine.recommend`. The
vacancy subset keeps the global order and the same vocabulary and policy, so
every list, score and tie-break is the single-process engine's:

* ``direction="vacancies"``: a seeker's list only involves vacancies it can
  reach, all of which are in its partition's subset;
* ``direction="seekers"``: each partition's best seekers per vacancy are
  merged per vacancy by (score descending, global seeker row ascending),
  which is the single-process order.

Tasks are pure (inputs travel in the task graph), so a worker that dies is
replaced and its tasks are recomputed: the job still finishes with the same
result.

    from distributed import Client, LocalCluster
    import jobmatch, jobmatch.distributed as jd
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    city = jobmatch.generate_city(seekers=100_000, vacancies=20_000)
    recs = jd.recommend(client, city, k=20)          # a dask DataFrame
    recs.compute()                                    # == Engine(...).recommend(k=20)

Needs Debian's python3-dask and python3-distributed (not a dependency of the
core package).
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ._engine import Allocation, City, Engine, EngineView, _parse_quota
from ._policy import Policy

__all__ = ["Partition", "allocate", "plan", "recommend", "recommend_to_csv"]

_EARTH_RADIUS_KM = 6371.0088  # kEarthRadiusKm, data/tables.h
# Added to every reach radius: covers the scorer's single-precision chord
# distance (errors below a metre at Earth scale) many times over. It only
# ever adds vacancies to a partition, never removes an eligible one.
_MARGIN_KM = 1.0


_heap_set = False


def _heap_for_large_arrays() -> None:
    """Lets glibc keep freed memory for the next large array, once per worker
    process (docs/distributed.md, "Worker memory"). Dask's nanny starts workers
    with MALLOC_TRIM_THRESHOLD_=65536, and setting any such variable stops
    glibc from raising its mmap threshold as it does by default: every array
    of 128 KiB or more is then mapped afresh and faulted in page by page, which
    made a task's load 2 to 4 times slower. Where the variable is set, the
    two limits are set to where glibc's own adaptation takes them (mmap
    threshold 32 MiB, trim threshold 64 MiB); elsewhere nothing is changed."""
    global _heap_set
    if _heap_set:
        return
    _heap_set = True
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return
    import ctypes
    import ctypes.util
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # malloc.h
    mallopt(m_mmap_threshold, 32 << 20)
    mallopt(m_trim_threshold, 64 << 20)


@dataclass
class Partition:
    """One task's share: seeker rows and the vacancy rows they can reach (global
    row numbers, ascending)."""
    seekers: np.ndarray
    vacancies: np.ndarray


def _points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    phi, lam = np.radians(np.asarray(lat, dtype=np.float64)), np.radians(np.asarray(lon, dtype=np.float64))
    return _EARTH_RADIUS_KM * np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=1)


def _flag(col: Optional[pd.Series], n: int) -> np.ndarray:
    if col is None:
        return np.zeros(n, dtype=bool)
    if col.dtype == bool:
        return col.to_numpy()
    return col.astype(str).str.strip().str.lower().isin(["1", "true", "yes"]).to_numpy()


def _as_frames(source: Any) -> Tuple[pd.DataFrame, pd.DataFrame, Optional[pd.DataFrame], Policy]:
    if isinstance(source, (Engine, EngineView)):
        city = source.to_city()
        return city.seekers, city.vacancies, city.skills, source.policy
    if isinstance(source, City):
        return source.seekers, source.vacancies, source.skills, Policy.default()
    if isinstance(source, tuple) and len(source) in (2, 3, 4):
        seekers, vacancies = source[0], source[1]
        skills = source[2] if len(source) > 2 else None
        policy = source[3] if len(source) > 3 else Policy.default()
        return seekers, vacancies, skills, policy if isinstance(policy, Policy) else Policy.from_json(policy)
    raise TypeError("source: an Engine, a City, or (seekers, vacancies[, skills[, policy]]) DataFrames")


def plan(seekers: pd.DataFrame, vacancies: pd.DataFrame, policy: Optional[Policy] = None,
         partitions: int = 8) -> List[Partition]:
    """Shards seekers by district into at most `partitions` parts of about equal
    size (largest districts first, each into the smallest part so far) and gives
    each part the vacancies its seekers can reach. Deterministic."""
    if partitions < 1:
        raise ValueError(f"partitions must be >= 1, got {partitions}")
    policy = policy or Policy.default()
    doc = json.loads(policy.to_json())
    enforce = bool(doc.get("eligibility", {}).get("enforce_max_commute", True))
    default_commute = float(doc.get("scoring", {}).get("default_max_commute_km", 15.0))
    ns, nv = len(seekers), len(vacancies)
    district = (seekers["district"].fillna("").astype(str) if "district" in seekers else
                pd.Series([""] * ns))
    sizes = district.value_counts(sort=False)
    order = sorted(sizes.index, key=lambda d: (-int(sizes[d]), d.encode()))
    load = [0] * min(partitions, max(1, len(order)))
    part_of = {}
    for d in order:
        p = min(range(len(load)), key=lambda i: (load[i], i))
        part_of[d] = p
        load[p] += int(sizes[d])
    part_idx = district.map(part_of).to_numpy() if ns else np.zeros(0, dtype=np.int64)
    sp = _points(seekers["lat"], seekers["lon"]) if ns else np.zeros((0, 3))
    vp = _points(vacancies["lat"], vacancies["lon"]) if nv else np.zeros((0, 3))
    commute = (seekers["max_commute_km"].fillna(0).astype(np.float64).to_numpy()
               if "max_commute_km" in seekers else np.zeros(ns))
    commute = np.where(commute > 0, commute, default_commute)
    remote_ok = _flag(seekers.get("accepts_remote"), ns)
    remote = _flag(vacancies.get("remote"), nv)
    out = []
    for p in range(len(load)):
        rows = np.flatnonzero(part_idx == p)
        if len(rows) == 0:
            continue
        if not enforce:
            vac = np.arange(nv)
        else:
            centre = sp[rows].mean(axis=0)
            reach = float(np.max(np.linalg.norm(sp[rows] - centre, axis=1) + commute[rows])) + _MARGIN_KM
            near = np.linalg.norm(vp - centre, axis=1) <= reach
            if remote_ok[rows].any():
                near |= remote
            vac = np.flatnonzero(near)
        out.append(Partition(seekers=rows, vacancies=vac))
    return out


@dataclass(frozen=True)
class _Packed:
    """An integer array in fewer bytes for the wire (_pack; lossless)."""
    dtype: str  # the array's own dtype
    first: int  # with `delta`: the first value
    delta: bool  # data holds the differences of a non-decreasing array
    data: np.ndarray


def _smallest_int(lo: int, hi: int) -> np.dtype:
    for name in ("uint8", "int8", "uint16", "int16", "uint32", "int32"):
        t = np.dtype(name)
        info = np.iinfo(t)
        if info.min <= lo and hi <= info.max:
            return t
    return np.dtype(np.int64)


def _pack(a: Any) -> Any:
    """`a` as it is cheapest to send: an integer array of 4,096 entries or
    more as a :class:`_Packed` — a non-decreasing one (rows, edge ids) as its
    differences, any other in the narrowest integer type that holds its
    values — when that is smaller; anything else unchanged. The Dask
    transports move about 100 MB/s on a small machine, so an allocation's
    parts (28 bytes per edge as the solver holds them) go in about a third
    of the bytes."""
    if not isinstance(a, np.ndarray) or a.dtype.kind not in "iu" or a.ndim != 1 or a.size < 4096:
        return a
    lo, hi = int(a.min()), int(a.max())
    if a.dtype == np.uint64 and hi > np.iinfo(np.int64).max:
        return a
    best = _Packed(a.dtype.str, 0, False, a)
    narrow = _smallest_int(lo, hi)
    if narrow.itemsize < a.dtype.itemsize:
        best = _Packed(a.dtype.str, 0, False, a.astype(narrow))
    if hi - lo <= np.iinfo(np.int64).max:  # differences fit in int64
        step = np.diff(a.astype(np.int64, copy=False))
        if step.min() >= 0:
            t = _smallest_int(0, int(step.max()))
            if t.itemsize < best.data.dtype.itemsize:
                best = _Packed(a.dtype.str, int(a[0]), True, step.astype(t))
    return a if best.data is a else best


def _unpack(p: Any) -> Any:
    """The array that :func:`_pack` packed (anything else unchanged), decoded
    by the native side in one pass (``_unpack_array``)."""
    if not isinstance(p, _Packed):
        return p
    from . import _jobmatch
    return _jobmatch._unpack_array(p.dtype, p.first, p.delta, p.data)


def _pack_dict(d: dict) -> dict:
    return {k: _pack(v) for k, v in d.items()}


def _unpack_dict(d: dict) -> dict:
    return {k: _unpack(v) for k, v in d.items()}


def _run_partition(seekers: pd.DataFrame, vacancies: pd.DataFrame, skills: Optional[pd.DataFrame],
                   policy_json: str, seeker_rows: np.ndarray, vacancy_rows: np.ndarray, k: int, direction: str,
                   exhaustive: bool, threads: int, path: Optional[str] = None) -> pd.DataFrame:
    """One task: an Engine on the partition and its exact top-k (_answer)."""
    _heap_for_large_arrays()
    if len(seekers) == 0 or len(vacancies) == 0:
        return _answer(None, seeker_rows, vacancy_rows, k, direction, exhaustive, threads, path)
    engine = Engine(seekers, vacancies, skills=skills, policy=Policy.from_json(policy_json))
    return _answer(engine, seeker_rows, vacancy_rows, k, direction, exhaustive, threads, path)


def _answer(engine: Optional[Engine], seeker_rows: np.ndarray, vacancy_rows: np.ndarray, k: int, direction: str,
            exhaustive: bool, threads: int, path: Optional[str]) -> pd.DataFrame:
    """A task's lists (_lists), or with `path` the lists written there by the
    library in the CLI's format and a one-row summary (file, entries)."""
    if path is None:
        return _lists(engine, seeker_rows, vacancy_rows, k, direction, exhaustive, threads)
    if engine is None or engine.num_seekers == 0 or engine.num_vacancies == 0:
        _write_lists(path, direction, _empty_lists(direction))
        entries = 0
    else:
        entries = engine.recommend_to_csv(path, k, direction, threads=threads, exhaustive=exhaustive)
    return pd.DataFrame({"file": [path], "entries": [np.int64(entries)]})


def _write_lists(path: str, direction: str, df: pd.DataFrame) -> pd.DataFrame:
    """Merged lists written by the library in the CLI's format (0600)."""
    from . import _jobmatch
    cols = _columns(direction)
    _jobmatch._write_lists_csv(path, 0 if direction == "vacancies" else 1, df[cols[0]].astype(str).tolist(),
                               df["rank"].to_numpy(np.int64), df[cols[2]].astype(str).tolist(),
                               df["score"].to_numpy(np.float32))
    return pd.DataFrame({"file": [path], "entries": [np.int64(len(df))]})


def _empty_lists(direction: str) -> pd.DataFrame:
    cols = _columns(direction)
    empty = pd.DataFrame({c: pd.Series(dtype=object if c.endswith("_id") else
                                       (np.int64 if c == "rank" else np.float32)) for c in cols})
    empty["row"] = pd.Series(dtype=np.int64)
    empty["entry"] = pd.Series(dtype=np.int64)
    return empty


def _columns(direction: str) -> List[str]:
    return ["seeker_id", "rank", "vacancy_id", "score"] if direction == "vacancies" else \
        ["vacancy_id", "rank", "seeker_id", "score"]


def _lists(engine: Optional[Engine], seeker_rows: np.ndarray, vacancy_rows: np.ndarray, k: int, direction: str,
           exhaustive: bool, threads: int) -> pd.DataFrame:
    """A task's engine's exact top-k: ids as strings plus the global rows of
    the answered and the listed row (for the merge and the order)."""
    cols = _columns(direction)
    if engine is None or engine.num_seekers == 0 or engine.num_vacancies == 0:
        return _empty_lists(direction)
    index, score, row_ids = engine.recommend_arrays(k=k, direction=direction, threads=threads,
                                                    exhaustive=exhaustive)
    mask = index >= 0
    local_row = np.broadcast_to(row_ids[:, None], index.shape)[mask]
    local_entry = index[mask]
    rank = np.broadcast_to(np.arange(1, index.shape[1] + 1, dtype=np.int64), index.shape)[mask]
    seeker_ids = np.asarray(engine.seeker_ids, dtype=object)
    vacancy_ids = np.asarray(engine.vacancy_ids, dtype=object)
    s_rows, v_rows = (seeker_rows, vacancy_rows) if direction == "vacancies" else (vacancy_rows, seeker_rows)
    s_ids, e_ids = (seeker_ids, vacancy_ids) if direction == "vacancies" else (vacancy_ids, seeker_ids)
    return pd.DataFrame({cols[0]: s_ids[local_row], "rank": rank, cols[2]: e_ids[local_entry],
                         "score": score[mask], "row": s_rows[local_row], "entry": v_rows[local_entry]})


def _split_rows(df: pd.DataFrame, bounds: np.ndarray) -> Tuple[pd.DataFrame, ...]:
    """One partition's lists cut into the merge blocks [bounds[b], bounds[b+1])
    on the worker, so that each merge task receives only its block."""
    cut = np.searchsorted(df["row"].to_numpy(), bounds)
    return tuple(df.iloc[cut[b]:cut[b + 1]] for b in range(len(bounds) - 1))


def _merge_vacancy_lists(frames: Sequence[pd.DataFrame], k: int) -> pd.DataFrame:
    """One block of vacancy rows: the k best seekers over all partitions, ordered
    as the single-process engine orders them."""
    df = pd.concat(frames, ignore_index=True)
    df = df.assign(neg=-df["score"].astype(np.float64)).sort_values(["row", "neg", "entry"], kind="mergesort")
    df = df.groupby("row", sort=False).head(k).drop(columns="neg")
    df["rank"] = df.groupby("row", sort=False).cumcount().astype(np.int64) + 1
    return df.reset_index(drop=True)


def recommend(client: Any, source: Any, k: int = 10, direction: str = "vacancies", *, partitions: Optional[int] = None,
              exhaustive: bool = False, threads_per_task: int = 1, keep_rows: bool = False,
              policy: Optional[Policy] = None) -> Any:
    """Exact top-k on a Dask cluster, the same lists and scores as
    ``Engine.recommend(k, direction)`` on one machine.

    Args:
        client: a ``distributed.Client``.
        source: an :class:`~jobmatch.Engine` (its data is exported once on the
            client), a :class:`~jobmatch.City`, ``(seekers, vacancies[,
            skills[, policy]])`` DataFrames in the schema of docs/python.md,
            or the path of a sharded directory (``jobmatch generate
            --country``; manifest.json): its shards are read by the workers
            from storage they all reach, never by the client.
        k, direction, exhaustive: as for :meth:`Engine.recommend`.
        partitions: seeker shards (tasks); default: 4 per worker.
        threads_per_task: threads of each task's top-k (1 suits one task per
            worker thread).
        keep_rows: also return ``row`` (global row of the answered seeker or
            vacancy) and ``entry`` (global row of the listed one).
        policy: with a sharded directory, the policy (default: the built-in
            one); other sources carry theirs.

    Returns a dask DataFrame with the columns of ``Engine.recommend``
    (``seeker_id, rank, vacancy_id, score`` or ``vacancy_id, rank, seeker_id,
    score``; ids as strings). Partitions are seeker shards (direction
    ``"vacancies"``) or ranges of vacancy rows (``"seekers"``); within a
    partition rows are in answered-row order, then rank. For the
    single-process order sort by ``row`` (``keep_rows=True``) and ``rank``.
    """
    tasks, nv = _partition_tasks(client, source, k, direction, partitions, exhaustive, threads_per_task, policy)
    return _as_result(tasks, nv, int(k), direction, keep_rows)


def recommend_to_csv(client: Any, source: Any, directory: Union[str, "os.PathLike[str]"], k: int = 10,
                     direction: str = "vacancies", *, partitions: Optional[int] = None, exhaustive: bool = False,
                     threads_per_task: int = 1, policy: Optional[Policy] = None) -> pd.DataFrame:
    """:func:`recommend`, the lists written by the workers into ``directory``
    as ``part-00000.csv``, ``part-00001.csv``, … in the format of ``jobmatch
    recommend --out`` (the library's writer: created 0600, crash-safe, scores
    as the CLI prints them). ``directory`` must be reachable by every worker
    (same path); it is created if missing, and must not already hold
    ``part-*.csv`` files (a file of another run would mix with these).

    ``direction="vacancies"``: one file per seeker partition, each seeker's
    list whole in one file. ``"seekers"``: one file per block of vacancy rows,
    in row order, so the files in name order are the single-process file
    split after whole lists. Returns one row per file: ``file``, ``entries``
    (list lines). Arguments otherwise as :func:`recommend`.
    """
    import dask

    directory = os.path.abspath(os.fspath(directory))
    os.makedirs(directory, exist_ok=True)
    if any(name.startswith("part-") and name.endswith(".csv") for name in os.listdir(directory)):
        raise FileExistsError(f"{directory} already holds part-*.csv files; use an empty directory")

    def part(i: int) -> str:
        return os.path.join(directory, f"part-{i:05d}.csv")

    if direction == "vacancies":
        tasks, _ = _partition_tasks(client, source, k, direction, partitions, exhaustive, threads_per_task, policy,
                                    part)
    else:
        lists, nv = _partition_tasks(client, source, k, direction, partitions, exhaustive, threads_per_task,
                                     policy)
        tasks = [dask.delayed(_write_lists, pure=True)(part(b), direction, block)
                 for b, block in enumerate(_merged_blocks(lists, nv, int(k)))]
    if not tasks:
        return pd.DataFrame({"file": pd.Series(dtype=object), "entries": pd.Series(dtype=np.int64)})
    return pd.concat(client.gather(client.compute(tasks)), ignore_index=True)


def _partition_tasks(client: Any, source: Any, k: int, direction: str, partitions: Optional[int],
                     exhaustive: bool, threads_per_task: int, policy: Optional[Policy],
                     path: Optional[Any] = None) -> Tuple[List[Any], int]:
    """The tasks of a recommendation (one per partition) and the number of
    vacancies. With `path` (a function of the task number), each task writes
    its lists there and returns (file, entries) instead of the lists."""
    import dask

    if direction not in ("vacancies", "seekers"):
        raise ValueError(f"direction must be 'vacancies' or 'seekers', got {direction!r}")
    if int(k) < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if partitions is None:
        workers = len(client.scheduler_info().get("workers", {})) or 1
        partitions = 4 * workers
    if _is_sharded(source):
        return _sharded_tasks(client, os.fspath(source), policy or Policy.default(), int(k), direction,
                              int(partitions), bool(exhaustive), int(threads_per_task), path)
    if policy is not None:
        raise ValueError("policy= is for a sharded directory; other sources carry their policy")
    seekers, vacancies, skills, policy = _as_frames(source)
    if skills is None:
        # The whole data's skill list, so that every task has one vocabulary.
        names: List[str] = []
        seen = set()
        for col, sep in ((seekers.get("skills"), ":"), (vacancies.get("requirements"), ":")):
            if col is None:
                continue
            for cell in col.fillna("").astype(str):
                for item in cell.split(";"):
                    name = item.split(sep)[0].strip()
                    if name and name not in seen:
                        seen.add(name)
                        names.append(name)
        skills = pd.DataFrame({"skill": names})
    parts = plan(seekers, vacancies, policy, partitions)
    policy_json = policy.to_json()
    tasks: List[Any] = []
    for p in parts:
        tasks.append(dask.delayed(_run_partition, pure=True)(
            seekers.iloc[p.seekers].reset_index(drop=True), vacancies.iloc[p.vacancies].reset_index(drop=True),
            skills, policy_json, p.seekers, p.vacancies, int(k), direction, bool(exhaustive), int(threads_per_task),
            None if path is None else path(len(tasks))))
    return tasks, len(vacancies)


def _merged_blocks(tasks: List[Any], nv: int, k: int) -> List[Any]:
    """Direction "seekers": the partitions' lists merged per block of vacancy
    rows (blocks in row order), as the single-process engine orders them."""
    import dask

    if not tasks:
        return []
    blocks = max(1, min(len(tasks), nv))
    bounds = np.linspace(0, nv, blocks + 1).astype(np.int64)
    pieces = [dask.delayed(_split_rows, nout=blocks, pure=True)(t, bounds) for t in tasks]
    return [dask.delayed(_merge_vacancy_lists, pure=True)([p[b] for p in pieces], k) for b in range(blocks)]


def _as_result(tasks: List[Any], nv: int, k: int, direction: str, keep_rows: bool) -> Any:
    """The partitions' lists as one dask DataFrame (merged per vacancy for
    direction "seekers")."""
    import dask
    import dask.dataframe as dd

    cols = _columns(direction)
    meta = _empty_lists(direction)
    if direction == "seekers":
        tasks = _merged_blocks(tasks, nv, k)
    if not tasks:
        return dd.from_pandas(meta if keep_rows else meta[cols], npartitions=1)
    df = dd.from_delayed(tasks, meta=meta, verify_meta=False)
    return df if keep_rows else df[cols]


def _solve_part(schedule: dict, part: dict, force_general: bool) -> Optional[Any]:
    """One task: one part of a planned optimal assignment, packed both ways
    (None: the fast solver's 64 bits do not suffice for this part). The part
    is the scattered dict itself, as the worker holds it: the solver's copy
    takes each array out of it as it unpacks it, so that the worker never
    holds the part twice over beside the solver (docs/distributed.md,
    "Allocation"). A part is solved once; one lost with its worker is sent
    again by the client."""
    from . import _jobmatch
    _heap_for_large_arrays()
    if not part:
        raise ValueError("an assignment part is solved once; this one was taken already")
    answer = _jobmatch.solve_assignment_part(schedule, part, force_general, unpack=_unpack, consume=True)
    return None if answer is None else _pack(answer)


def _solve_parts(client: Any, jobs: Iterable[Tuple[dict, dict]], force_general: bool,
                 attempts: int = 3) -> List[Optional[np.ndarray]]:
    """Each (schedule, packed part) of `jobs` solved on a worker. Parts are
    few and large (a generated city is one component): each is sent straight
    to a worker as soon as `jobs` yields it (scattered: through the task
    graph a part of 300 MB costs about 10 s more), so that the first solve
    starts while the next part is still being made, and the solves run side
    by side. The worker is the one given the fewest edges so far (a solve's
    time follows its edges; the first of equals in name order): taking
    workers in turn would put a solve's giant component and the next solve's
    on one worker whenever a few small components come between them. A part
    whose worker dies with it is sent again, to the workers alive (at most
    `attempts` rounds); an error of the solve itself is raised at once."""
    from concurrent.futures import CancelledError

    from distributed.scheduler import KilledWorker

    sent: List[Tuple[dict, dict]] = []  # every job, to send again
    answers: List[Optional[np.ndarray]] = []

    def first_round() -> Iterator[int]:
        for job in jobs:
            sent.append(job)
            answers.append(None)
            yield len(sent) - 1

    todo: Iterable[int] = first_round()
    lost: Optional[BaseException] = None
    for _ in range(attempts):
        workers = sorted(client.scheduler_info().get("workers", {}))
        edges = {w: 0 for w in workers}  # given to each worker in this round
        futures = {}
        for i in todo:
            schedule, part = sent[i]
            where = None
            if workers:
                least = min(workers, key=edges.__getitem__)
                # Weights are floats, which _pack leaves as they are: the size is the edge count.
                edges[least] += int(np.size(part.get("edge_weight", ())))
                where = [least]
            # In a list: a dict of its own would be scattered value by value,
            # under its keys as the data's names. Straight to the worker, not
            # through the scheduler. A dict of its own (same arrays): the task
            # empties the dict it gets, which is this very object on a worker
            # of the client's own process, and the client may send it again.
            data = client.scatter([dict(part)], workers=where, hash=False, direct=True)[0]
            futures[i] = client.submit(_solve_part, schedule, data, force_general, pure=False, workers=where,
                                       allow_other_workers=True)
        again: List[int] = []
        for i, f in futures.items():
            try:
                answers[i] = _unpack(f.result())
            except (CancelledError, KilledWorker) as e:  # the worker holding it died
                lost = e
                again.append(i)
            finally:
                f.release()
        if not again:
            return answers
        todo = again
    raise RuntimeError(f"parts of the assignment were lost with their workers {attempts} times") from lost


def _solve_planned(client: Any, native_plan: Any, which: Sequence[str]) -> List[List[np.ndarray]]:
    """Every part of the planned solves `which` on the cluster, all at once
    (the solve without coverage beside the covered one, as the threads of one
    process run them); a solve one of whose parts needs the general solver
    runs all its parts again on it (as in one process). The parts are taken
    out of the plan (`take_parts`) and packed one at a time as they are sent,
    so that the client holds each part once, packed, beside what `finish`
    needs; the packed parts are kept for a second round."""
    out: List[Optional[List[np.ndarray]]] = [None] * len(which)
    packed: Dict[int, List[dict]] = {}  # per solve, its parts once taken and packed
    pending = list(range(len(which)))

    def take_and_pack(w: int) -> Iterator[dict]:
        made: List[dict] = []
        packed[w] = made
        parts = native_plan.take_parts(which[w])
        while parts:  # each part's unpacked arrays go once it is packed
            made.append(_pack_dict(parts.pop(0)))
            yield made[-1]

    for force_general in (False, True):
        owner: List[int] = []

        def jobs() -> Iterator[Tuple[dict, dict]]:
            for w in pending:
                schedule = native_plan.schedule(which[w])
                for part in packed[w] if w in packed else take_and_pack(w):
                    owner.append(w)
                    yield schedule, part

        got = _solve_parts(client, jobs(), force_general)
        for w in pending:
            answers = [got[j] for j in range(len(got)) if owner[j] == w]
            if all(a is not None for a in answers):
                out[w] = [np.asarray(a, dtype=np.int64) for a in answers]
        pending = [w for w in pending if out[w] is None]
        if not pending:
            return [o if o is not None else [] for o in out]
    raise RuntimeError("a part of the assignment could not be solved in 128-bit arithmetic either")


def _in_row_order(lists: List[dict], bounds: Optional[np.ndarray]) -> Tuple[Any, Any, Any]:
    """The candidate lists of all tasks ("row", "entry", "score"; each task's
    grouped by seeker in row order, best first, and a seeker in one task) as
    allocation_plan takes them: rows, cols and scores, grouped by seeker in
    row order. With ``bounds`` (the first row of each shard, then the number
    of rows) as pieces, each the rows of one shard, in shard order, which the
    plan joins in its one copy: a shard's seekers are all in one task, so no
    sort is needed (joining and sorting 10^7 entries here took 0.9 s while
    the workers waited). Otherwise, or if the pieces do not cover the lists
    in order, joined and sorted here."""
    keys, dtypes = ("row", "entry", "score"), (np.int64, np.int64, np.float32)
    if bounds is not None and lists:
        pieces: List[Tuple[int, int, int, int]] = []  # (shard, task, first, end)
        total = 0
        for t, x in enumerate(lists):
            r = x["row"]
            total += r.size
            if r.size > 1 and np.any(r[1:] < r[:-1]):
                pieces = []
                break
            cut = np.searchsorted(r, bounds)
            pieces.extend((int(sh), t, int(cut[sh]), int(cut[sh + 1])) for sh in np.flatnonzero(cut[1:] > cut[:-1]))
        pieces.sort()
        if (pieces and sum(end - first for _, _, first, end in pieces) == total and
                all(pieces[i][0] < pieces[i + 1][0] for i in range(len(pieces) - 1))):
            out = tuple([np.ascontiguousarray(lists[t][key][first:end], dtype=dtype) for _, t, first, end in pieces]
                        for key, dtype in zip(keys, dtypes))
            return out[0], out[1], out[2]

    def joined(key: str, dtype: type) -> np.ndarray:
        return np.concatenate([x[key] for x in lists]).astype(dtype, copy=False) if lists else np.zeros(0, dtype)

    rows, cols, scores = (joined(key, dtype) for key, dtype in zip(keys, dtypes))
    if rows.size > 1 and np.any(rows[1:] < rows[:-1]):
        order = np.argsort(rows, kind="stable")
        rows, cols, scores = rows[order], cols[order], scores[order]
    return np.ascontiguousarray(rows), np.ascontiguousarray(cols), np.ascontiguousarray(scores)


def allocate(client: Any, source: Any, method: str = "optimal", *, objective: str = "score",
             proposer: str = "seekers", candidates: int = 30, min_score: Optional[float] = None,
             households: bool = False, quotas: Optional[Sequence[Any]] = None,
             household_group: str = "zero_employment_household", partitions: Optional[int] = None,
             exhaustive: bool = False, threads_per_task: int = 1, policy: Optional[Policy] = None) -> Allocation:
    """One allocation on a Dask cluster, equal to ``Engine.allocate`` with the
    same arguments (docs/distributed.md, "Allocation").

    1. Candidate lists on the workers: seekers sharded by district as in
       :func:`recommend`, each task with the vacancies that have openings
       and are in reach; each seeker's ``candidates`` best, exact. From a
       sharded directory each task reads its shards itself, while the
       client loads the directory.
    2. On the client: the problem (households, quotas) over the lists and,
       for the optimal method, its solves planned into parts — whole
       connected components of the candidate graph, a household's members
       tied together.
    3. The parts solved on the workers with the whole problem's schedule
       (with ``households``: the solve without coverage too, for the price,
       beside it); each part is scattered to one worker, and sent again if
       that worker dies.
    4. On the client: the answers checked and assembled into the
       :class:`~jobmatch.Allocation` that ``Engine.allocate`` returns. The
       stable method matches on the client (deferred acceptance is linear).

    Args:
        client: a ``distributed.Client``.
        source: an :class:`~jobmatch.Engine` or :class:`~jobmatch.EngineView`
            (one version is used throughout), a :class:`~jobmatch.City`,
            ``(seekers, vacancies[, skills[, policy]])`` DataFrames, or the
            path of a sharded directory (an engine is then built on the
            client, which plans and assembles the allocation; with a
            directory, under ``policy``, default the built-in one).
        method, objective, proposer, candidates, min_score, households,
            quotas, household_group: as for :meth:`Engine.allocate`.
        partitions: seeker shards of step 1 (default: 4 per worker); the
            parts of step 3 are about 4 per worker too.
        exhaustive, threads_per_task: as for :func:`recommend`.

    Tasks are pure: a worker that dies is replaced and its tasks recomputed,
    with the same result.
    """
    import dask

    if method not in ("optimal", "stable"):
        raise ValueError(f"method must be 'optimal' or 'stable', got {method!r}")
    if int(candidates) < 1:
        raise ValueError(f"candidates must be >= 1, got {candidates}")
    qs = [_parse_quota(q, i + 1) for i, q in enumerate(quotas or [])]
    workers = len(client.scheduler_info().get("workers", {})) or 1
    if partitions is None:
        partitions = 4 * workers
    t0 = time.perf_counter()
    if _is_sharded(source):
        # The client loads the directory first: it plans and assembles the
        # allocation, and the shards' summaries come from its rows instead of
        # a pass of the workers over the files. Then step 1 on the workers,
        # each reading its shards (as recommend does) and sending back its
        # lists packed (_pack).
        policy = policy or Policy.default()
        directory = os.path.realpath(os.fspath(source))
        view = Engine.from_csv(directory, policy=policy).view()
        tasks, _ = _sharded_tasks(client, directory, policy, int(candidates), "vacancies", int(partitions),
                                  bool(exhaustive), int(threads_per_task), None, allocation=True,
                                  extent=view._native.extent())
        lists = [_unpack_dict(d) for d in client.gather(client.compute(tasks), direct=True)] if tasks else []
        bounds: Optional[np.ndarray] = np.cumsum([0] + [sh.num_seekers for sh in _read_manifest(directory)])
    else:
        if policy is not None:
            raise ValueError("policy= is for a sharded directory; other sources carry their policy")
        if isinstance(source, Engine):
            view = source.view()
        elif isinstance(source, EngineView):
            view = source
        else:
            seekers, vacancies, skills, policy = _as_frames(source)
            view = Engine(seekers, vacancies, skills=skills, policy=policy).view()
        seekers, vacancies, skills, policy = _as_frames(view)
        # Step 1: candidate lists among the vacancies with openings.
        open_rows = np.flatnonzero(np.asarray(view.openings) > 0)
        open_vacancies = vacancies.iloc[open_rows].reset_index(drop=True)
        parts = plan(seekers, open_vacancies, policy, partitions)
        policy_json = policy.to_json()
        tasks = [dask.delayed(_run_partition, pure=True)(
            seekers.iloc[p.seekers].reset_index(drop=True), open_vacancies.iloc[p.vacancies].reset_index(drop=True),
            skills, policy_json, p.seekers, open_rows[p.vacancies], int(candidates), "vacancies", bool(exhaustive),
            int(threads_per_task)) for p in parts]
        # Each task's lists in (row, rank) order.
        lists = [{key: f[key].to_numpy() for key in ("row", "entry", "score")}
                 for f in (client.gather(client.compute(tasks)) if tasks else [])]
        bounds = None
    rows, cols, scores = _in_row_order(lists, bounds)
    del lists
    # Step 2: the problem and its planned solves.
    native_plan = view._native.allocation_plan(
        method, objective, proposer, int(candidates), float("-inf") if min_score is None else float(min_score),
        bool(households), household_group, qs, rows, cols, scores, int(workers))
    del rows, cols, scores  # the plan holds its own copy
    # Step 3: the parts on the cluster.
    answers: List[np.ndarray] = []
    answers_free: Optional[List[np.ndarray]] = None
    if method == "optimal":
        solved = _solve_planned(client, native_plan,
                                ["assignment", "without_coverage"] if households else ["assignment"])
        answers = solved[0]
        if households:
            answers_free = solved[1]
    # Step 4: the allocation.
    r = native_plan.finish(answers, answers_free)
    return view._allocation_from(r, method, bool(households), time.perf_counter() - t0)


# ------------------------------------------------------------ sharded directories

def _is_sharded(source: Any) -> bool:
    return isinstance(source, (str, os.PathLike)) and os.path.isfile(os.path.join(os.fspath(source),
                                                                                  "manifest.json"))


@dataclass
class _Shard:
    name: str
    num_seekers: int      # as the manifest declares them (each task checks its files)
    num_vacancies: int


def _read_manifest(directory: str) -> List[_Shard]:
    """The shards in manifest order and their declared sizes, for planning:
    read by the native reader (``ReadShardManifest``, every check of the
    tasks' loader, which also checks each file it reads against the counts).
    A bad manifest raises :class:`jobmatch.InvalidInputError` (a
    ``ValueError``) naming the file and the field, a missing one
    :class:`jobmatch.FileError`."""
    from . import _jobmatch
    doc = _jobmatch._Engine.shard_manifest(os.fspath(directory))
    return [_Shard(sh["name"], sh["num_seekers"], sh["num_vacancies"]) for sh in doc["shards"]]


def _shard_summary(directory: str, index: int, policy_json: str, default_commute: float) -> dict:
    """Pass 1, one task per shard: :func:`_summarise` of the shard's rows, read
    from its files by the native CSV or snapshot reader."""
    _heap_for_large_arrays()
    from . import _jobmatch
    ext = _jobmatch._Engine.shard_extent(Policy.from_json(policy_json)._native, directory, int(index))
    return _summarise(ext, default_commute)


def _summarise(ext: dict, default_commute: float) -> dict:
    """Where a shard's rows lie (``ext``: their coordinates, commute limits and
    remote flags): centre and radius of its seekers' and of its vacancies'
    3-D points, its longest commute, whether a seeker accepts remote work,
    and whether it has remote posts."""
    out: dict = {}
    for side in ("seeker", "vacancy"):
        lat, lon = ext[side + "_lat"], ext[side + "_lon"]
        pts = _points(lat, lon) if len(lat) else np.zeros((0, 3))
        centre = pts.mean(axis=0) if len(lat) else np.zeros(3)
        out[side[0] + "_centre"] = centre
        out[side[0] + "_radius"] = float(np.max(np.linalg.norm(pts - centre, axis=1))) if len(lat) else 0.0
    commute = ext["max_commute_km"].astype(np.float64)
    commute = np.where(commute > 0, commute, default_commute)
    out["commute"] = float(commute.max()) if len(commute) else 0.0
    out["accepts_remote"] = bool(ext["accepts_remote"].any())
    out["has_remote"] = bool(ext["remote"].any())
    return out


def _summaries_from(extent: dict, shards: Sequence[_Shard], default_commute: float) -> List[dict]:
    """Pass 1's summaries from the whole directory's rows (``extent`` of an
    engine loaded from it: shard after shard, each of its manifest's size,
    which the loader checks)."""
    s_end = np.cumsum([sh.num_seekers for sh in shards])
    v_end = np.cumsum([sh.num_vacancies for sh in shards])
    out = []
    for i in range(len(shards)):
        s = slice(int(s_end[i - 1]) if i else 0, int(s_end[i]))
        v = slice(int(v_end[i - 1]) if i else 0, int(v_end[i]))
        out.append(_summarise({key: a[v] if key in ("vacancy_lat", "vacancy_lon", "remote") else a[s]
                               for key, a in extent.items()}, default_commute))
    return out


def _run_shard_group(directory: str, group: List[int], reached: List[int], remote: List[int], policy_json: str,
                     k: int, direction: str, exhaustive: bool, threads: int,
                     path: Optional[str] = None) -> pd.DataFrame:
    """Pass 2, one task per group of shards: the native reader loads its
    seekers, the vacancies of the shards in reach and only the remote posts
    of the others, in the whole directory's row order; then the same exact
    top-k as for in-memory sources."""
    _heap_for_large_arrays()
    from . import _jobmatch
    native, seeker_rows, vacancy_rows = _jobmatch._Engine.from_shard_part(
        Policy.from_json(policy_json)._native, directory, group, reached, remote)
    return _answer(Engine._wrap(native), seeker_rows, vacancy_rows, k, direction, exhaustive, threads, path)


def _shard_group_candidates(directory: str, group: List[int], reached: List[int], remote: List[int],
                            policy_json: str, candidates: int, exhaustive: bool, threads: int) -> pd.DataFrame:
    """Step 1 of :func:`allocate` over a sharded directory, one task per group
    of shards: loaded as for :func:`recommend` (_run_shard_group), then each
    seeker's ``candidates`` best eligible vacancies among those with openings,
    as ``Engine.allocate`` lists them; rows and entries in the directory's
    numbering, grouped by seeker in row order, best first."""
    _heap_for_large_arrays()
    from . import _jobmatch
    native, seeker_rows, vacancy_rows = _jobmatch._Engine.from_shard_part(
        Policy.from_json(policy_json)._native, directory, group, reached, remote)
    part = Engine._wrap(native).view()
    if part.num_seekers == 0 or part.num_vacancies == 0:
        return {"row": np.zeros(0, np.int64), "entry": np.zeros(0, np.int64), "score": np.zeros(0, np.float32)}
    r, c, w = part._native.allocation_candidates(int(candidates), int(threads), bool(exhaustive))
    return _pack_dict({"row": np.asarray(seeker_rows)[r], "entry": np.asarray(vacancy_rows)[c], "score": w})


def _sharded_tasks(client: Any, directory: str, policy: Policy, k: int, direction: str, partitions: int,
                   exhaustive: bool, threads: int, path: Optional[Any],
                   allocation: bool = False, extent: Optional[dict] = None) -> Tuple[List[Any], int]:
    """The tasks over a sharded directory: with ``allocation``, each returns
    its seekers' candidate lists for :func:`allocate` (``k`` candidates).
    With ``extent`` (of an engine loaded from the directory) the shards'
    summaries come from it instead of pass 1."""
    import dask

    directory = os.path.realpath(directory)
    shards = _read_manifest(directory)
    policy_json = policy.to_json()
    doc = json.loads(policy_json)
    enforce = bool(doc.get("eligibility", {}).get("enforce_max_commute", True))
    default_commute = float(doc.get("scoring", {}).get("default_max_commute_km", 15.0))
    if extent is not None:
        summaries = _summaries_from(extent, shards, default_commute)
    else:
        summaries = client.gather([client.submit(_shard_summary, directory, i, policy_json, default_commute,
                                                 pure=True) for i in range(len(shards))])
    # Shards packed into groups of about equal seekers (largest first, each
    # into the smallest group so far); each group gets the vacancy shards
    # within reach of its seeker shards (centres and radii measured in pass 1,
    # the commute limit and a 1 km margin added) and the other shards' remote
    # posts when one of its seekers accepts remote work.
    order = sorted(range(len(shards)), key=lambda i: (-shards[i].num_seekers, i))
    load = [0] * max(1, min(partitions, len(shards)))
    members: List[List[int]] = [[] for _ in load]
    for i in order:
        g = min(range(len(load)), key=lambda j: (load[j], j))
        members[g].append(i)
        load[g] += shards[i].num_seekers
    tasks: List[Any] = []
    for group in members:
        group = sorted(group)
        if not group or sum(shards[i].num_seekers for i in group) == 0:
            continue
        reached_ids = set()
        for i in group:
            si = summaries[i]
            for j, sj in enumerate(summaries):
                if shards[j].num_vacancies == 0:
                    continue
                gap = float(np.linalg.norm(si["s_centre"] - sj["v_centre"]))
                if not enforce or gap <= si["s_radius"] + si["commute"] + sj["v_radius"] + _MARGIN_KM:
                    reached_ids.add(j)
        accepts = any(summaries[i]["accepts_remote"] for i in group)
        remote = [j for j in range(len(shards)) if j not in reached_ids and accepts and summaries[j]["has_remote"]]
        if allocation:
            tasks.append(dask.delayed(_shard_group_candidates, pure=True)(
                directory, group, sorted(reached_ids), remote, policy_json, k, exhaustive, threads))
            continue
        tasks.append(dask.delayed(_run_shard_group, pure=True)(
            directory, group, sorted(reached_ids), remote, policy_json, k, direction, exhaustive, threads,
            None if path is None else path(len(tasks))))
    return tasks, sum(sh.num_vacancies for sh in shards)
