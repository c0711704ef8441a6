"""jobmatch.Engine (a live jobmatch::Engine), EngineView, generate_city and
the pandas conversions.

DataFrames follow the CSV schema of docs/data_formats.md column for column
(the schema comes from the C++ library: :func:`schema`). They reach C++
column by column — numeric columns as numpy buffers, text cells as strings,
list cells as offsets + items, embeddings as float32 matrices — and each
cell means what the same text means in a CSV file, read by the same cell
parser, so validation and error messages are the CSV reader's (the
DataFrame is named ``<seekers DataFrame>`` / ``<vacancies DataFrame>``
where the CLI names the file).
"""
from __future__ import annotations

import datetime as _dt
import functools
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union, cast

import numpy as np
import pandas as pd

from . import _jobmatch
from ._errors import InvalidInputError, JobmatchError
from ._policy import Policy

__all__ = [
    "Engine",
    "EngineView",
    "schema",
    "City",
    "Allocation",
    "RecommendArrays",
    "generate_city",
    "read_csv",
    "write_csv",
]

ProgressCallback = Callable[[int, int], Optional[bool]]
PolicyLike = Union[Policy, Mapping[str, Any], str, "os.PathLike[str]", None]
PathLike = Union[str, "os.PathLike[str]"]

# The tables' columns, from the C++ schema (data/schema.h).
_SCHEMA: Dict[str, List[Dict[str, Any]]] = _jobmatch._schema()
# The columns every file and DataFrame has (those written only when some row
# has a value — embedding, dates — left out).
SEEKER_COLUMNS = tuple(c["name"] for c in _SCHEMA["seekers"] if not c["written_when_present"])
VACANCY_COLUMNS = tuple(c["name"] for c in _SCHEMA["vacancies"] if not c["written_when_present"])
# Column kinds read as text by read_csv (the others are numbers, flags and dates).
_TEXT_KINDS = frozenset({"identifier", "reference", "text", "key_groups", "skill_levels", "requirements",
                         "seeker_schedule", "vacancy_schedule", "vacancy_kind", "industry", "industries",
                         "date"})
_NUMBER_KINDS = frozenset({"latitude", "longitude", "amount", "count", "education", "flag"})
_LIST_KINDS = frozenset({"key_groups", "skill_levels", "requirements", "industries"})
_LIST_COLUMNS = tuple(sorted({c["name"] for t in _SCHEMA.values() for c in t if c["kind"] in _LIST_KINDS}))
_SENSITIVE = {t: frozenset(c["name"] for c in cols if c["sensitive"]) for t, cols in _SCHEMA.items()}
_SOURCES = {"seekers": "<seekers DataFrame>", "vacancies": "<vacancies DataFrame>"}
_INT_COLUMNS = {t: tuple(c["name"] for c in cols if c["kind"] in ("count", "education")) for t, cols in _SCHEMA.items()}
_SEEKER_INT = _INT_COLUMNS["seekers"]
_VACANCY_INT = _INT_COLUMNS["vacancies"]


def schema(table: str) -> pd.DataFrame:
    """The columns of ``"seekers"`` or ``"vacancies"`` (docs/data_formats.md), from the C++ schema.

    One row per column, in file order: ``name``, ``kind`` (``identifier``,
    ``text``, ``latitude``, ``skill_levels``, ``date``, …), ``required``,
    ``sensitive`` (personal data: its values never appear in messages),
    ``written_when_present`` (written to CSV only when some row has a
    value), ``since_format`` (snapshot format that introduced it),
    ``description``.
    """
    if table not in _SCHEMA:
        raise ValueError(f"table must be 'seekers' or 'vacancies', got {table!r}")
    return pd.DataFrame(_SCHEMA[table])


_COMPONENTS = ("skill", "embedding", "distance", "wage", "schedule", "education", "preference")
_DIRECTIONS = {"vacancies": 0, "seekers": 1}


# --------------------------------------------------------------- policy / CSV
def _as_policy(policy: PolicyLike) -> Policy:
    if policy is None:
        return Policy.default()
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, Mapping):
        return Policy.from_dict(policy)
    if isinstance(policy, (str, os.PathLike)):
        return Policy.from_file(policy)
    raise TypeError(f"policy must be a jobmatch.Policy, a dict, a path or None, not {type(policy).__name__}")


def _list_cell(v: Any) -> Any:
    if isinstance(v, (list, tuple, np.ndarray)):
        return ";".join(str(x) for x in v)
    return v


def _embedding_cell(row: np.ndarray) -> str:
    # repr of the float64 value of each float32 reads back to the same float32.
    return " ".join(repr(float(x)) for x in row)


def _split_embedding(df: pd.DataFrame, what: str) -> Tuple[pd.DataFrame, Optional[np.ndarray]]:
    """An 'embedding' column of arrays becomes a float32 matrix; a string column stays CSV."""
    if "embedding" not in df.columns or len(df) == 0:
        return df, None
    first = df["embedding"].iloc[0]
    if isinstance(first, str):
        return df, None
    m = np.stack([np.asarray(v, dtype=np.float32) for v in df["embedding"]])
    return df.drop(columns=["embedding"]), m


def _frame_to_csv(df: pd.DataFrame, int_columns: Sequence[str], embeddings: Optional[np.ndarray] = None) -> str:
    """CSV text of a DataFrame in the schema: lists joined with ';', integral
    float columns (pandas' ints with NaN) written as integers, NaN as empty."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    out = df.copy(deep=False)
    for col in out.columns:
        s = out[col]
        if col in _LIST_COLUMNS and s.dtype == object:
            out[col] = s.map(_list_cell)
        elif col in int_columns and s.dtype.kind == "f":
            vals = s.to_numpy()
            finite = vals[~np.isnan(vals)]
            if np.all(finite == np.round(finite)):
                out[col] = s.astype("Int64")
    if embeddings is not None:
        out["embedding"] = [_embedding_cell(r) for r in embeddings]
    return out.to_csv(index=False, lineterminator="\n")


def _skills_text(skills: Optional[pd.DataFrame], seekers_text_df: pd.DataFrame,
                 vacancies_df: pd.DataFrame) -> str:
    if skills is not None:
        if isinstance(skills, pd.DataFrame):
            return skills.to_csv(index=False, lineterminator="\n")
        names = list(skills)  # any iterable of names
    else:
        # The vocabulary is every skill the data names, in order of appearance.
        seen: Dict[str, None] = {}
        for frame, col in ((seekers_text_df, "skills"), (vacancies_df, "requirements")):
            if col not in frame.columns:
                continue
            for cell in frame[col].map(_list_cell):
                if not isinstance(cell, str):
                    continue
                for item in cell.split(";"):
                    name = item.split(":")[0].strip()
                    if name:
                        seen.setdefault(name, None)
        names = list(seen)
    return pd.DataFrame({"skill": names}).to_csv(index=False, lineterminator="\n")


def read_csv(path: PathLike, kind: str) -> pd.DataFrame:
    """Reads a seekers, vacancies or skills CSV file into a DataFrame in the schema.

    ``kind`` is ``"seekers"``, ``"vacancies"`` or ``"skills"``. Text and list
    columns stay strings (empty, not NaN, when blank); the ``embedding``
    column, when present, is left out (see :class:`City` for embeddings).
    This is a plain pandas reader for files the library wrote; to validate
    arbitrary files use :meth:`Engine.from_csv`.
    """
    if kind in _SCHEMA:
        text_cols: Sequence[str] = [c["name"] for c in _SCHEMA[kind] if c["kind"] in _TEXT_KINDS]
    elif kind == "skills":
        text_cols = ("skill", "description")
    else:
        raise ValueError(f"kind must be 'seekers', 'vacancies' or 'skills', got {kind!r}")
    _check_utf8_file(path)
    return pd.read_csv(path, dtype={c: str for c in text_cols}, keep_default_na=False, na_filter=False,
                       usecols=lambda c: c != "embedding", encoding="utf-8")


def _check_utf8_file(path: PathLike) -> None:
    """Refuses a file that is not UTF-8 text (or holds a NUL byte) with a jobmatch
    error naming the file, the line and the character, as the C++ readers do; never echoes
    the bytes' neighbourhood (the file may hold personal data)."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as f:
            data = f.read()
    except OSError as e:
        from ._errors import FileError
        raise FileError(f"{name}: cannot open: {e.strerror}", "NOT_FOUND") from None
    bad, reason = -1, ""
    nul = data.find(b"\0")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad, reason = e.start, f"not valid UTF-8 (byte 0x{data[e.start]:02x})"
    if nul >= 0 and (bad < 0 or nul < bad):
        bad, reason = nul, "a NUL byte"
    if bad < 0:
        return
    line = data.count(b"\n", 0, bad) + 1
    start = data.rfind(b"\n", 0, bad) + 1
    column = len(data[start:bad].decode("utf-8", errors="replace")) + 1
    raise InvalidInputError(f"{name}:{line}: {reason} at character {column} of the line: a CSV file is UTF-8 text",
                            "INVALID_ARGUMENT")


def write_csv(directory: PathLike, seekers: pd.DataFrame, vacancies: pd.DataFrame,
              skills: Optional[pd.DataFrame] = None, *, seeker_embeddings: Optional[np.ndarray] = None,
              vacancy_embeddings: Optional[np.ndarray] = None) -> None:
    """Writes DataFrames as ``skills.csv``, ``seekers.csv`` and ``vacancies.csv`` in ``directory``.

    The files hold exactly the text :class:`Engine` parses for the same
    arguments (plus an ``embedding`` column when embeddings are given), so
    ``jobmatch recommend --data directory`` sees the same data.
    """
    os.makedirs(directory, exist_ok=True)
    seekers, se = _split_embedding(seekers, "seekers")
    vacancies, ve = _split_embedding(vacancies, "vacancies")
    se = se if seeker_embeddings is None else seeker_embeddings
    ve = ve if vacancy_embeddings is None else vacancy_embeddings
    files = {
        "skills.csv": _skills_text(skills, seekers, vacancies),
        "seekers.csv": _frame_to_csv(seekers, _SEEKER_INT, se),
        "vacancies.csv": _frame_to_csv(vacancies, _VACANCY_INT, ve),
    }
    for name, text in files.items():
        # The library's crash-safe writer; seekers.csv holds personal data (0600).
        _jobmatch._write_file(os.path.join(os.fspath(directory), name), text, name == "seekers.csv")


# --------------------------------------------------------------------- city
@dataclass
class City:
    """A synthetic city: DataFrames in the CSV schema plus optional embeddings.

    Attributes:
        seekers: one row per job seeker (columns of seekers.csv, without
            ``embedding``).
        vacancies: one row per vacancy (columns of vacancies.csv).
        skills: the skill vocabulary (column ``skill``).
        seeker_embeddings: float32 array (seekers, d), L2-normalised, or None.
        vacancy_embeddings: float32 array (vacancies, d), or None.
    """

    seekers: pd.DataFrame
    vacancies: pd.DataFrame
    skills: pd.DataFrame
    seeker_embeddings: Optional[np.ndarray] = None
    vacancy_embeddings: Optional[np.ndarray] = None

    def engine(self, policy: PolicyLike = None) -> "Engine":
        """An :class:`Engine` on this city's data under ``policy`` (default: the built-in one)."""
        return Engine(self.seekers, self.vacancies, self.skills, policy,
                      seeker_embeddings=self.seeker_embeddings, vacancy_embeddings=self.vacancy_embeddings)

    def to_csv(self, directory: PathLike) -> None:
        """Writes the city as CSV files (what ``jobmatch generate`` writes), for the CLI."""
        write_csv(directory, self.seekers, self.vacancies, self.skills,
                  seeker_embeddings=self.seeker_embeddings, vacancy_embeddings=self.vacancy_embeddings)


def save_snapshot_shards(source: PathLike, target: PathLike, policy: PolicyLike = None, *,
                         num_threads: int = 0, progress: Optional[ProgressCallback] = None) -> None:
    """Writes ``target`` as the sharded directory ``source`` with every shard as a snapshot.

    What ``jobmatch snapshot save --data SOURCE --shards -o TARGET`` does
    (docs/data_formats.md, "Sharded directories"): one snapshot per shard
    (0600: personal data), the skills file and ``manifest.json`` (version 2)
    last. :meth:`Engine.from_csv` and :mod:`jobmatch.distributed` read the
    result as they read CSV shards, with the same rows and results, faster.
    ``policy`` (default: the built-in one) is stored with the shards; read
    them under a policy that declares the same key groups. A failed or
    cancelled run leaves no manifest in ``target``. ``progress(done, total)``
    reports shards.
    """
    if not isinstance(num_threads, int) or isinstance(num_threads, bool) or num_threads < 0:
        raise ValueError(f"num_threads must be an int >= 0, got {num_threads!r}")
    _jobmatch._save_snapshot_shards(os.fspath(source), os.fspath(target), _as_policy(policy)._native,
                                    num_threads, progress)


def generate_city(seekers: int = 20000, vacancies: int = 4000, seed: int = 20250301, *,
                  embedding_dim: int = 0, center_lat: float = 36.067, center_lon: float = 120.383,
                  radius_km: float = 40.0) -> City:
    """Generates a seeded synthetic city (docs/generator.md) as DataFrames.

    The same arguments give the same city as ``jobmatch generate --seekers N
    --vacancies M --seed S`` on every platform. ``embedding_dim`` > 0 adds
    embeddings (returned as float32 matrices in the :class:`City`).

    Example::

        city = jobmatch.generate_city(seekers=2000, vacancies=400, seed=1)
        city.seekers.head()
        engine = city.engine()
    """
    with tempfile.TemporaryDirectory(prefix="jobmatch_city_") as tmp:
        se, ve = _jobmatch._generate_city(seed, seekers, vacancies, embedding_dim, center_lat, center_lon,
                                          radius_km, tmp)
        return City(seekers=read_csv(os.path.join(tmp, "seekers.csv"), "seekers"),
                    vacancies=read_csv(os.path.join(tmp, "vacancies.csv"), "vacancies"),
                    skills=read_csv(os.path.join(tmp, "skills.csv"), "skills"),
                    seeker_embeddings=se, vacancy_embeddings=ve)


# ------------------------------------------------------------------- results
@dataclass(frozen=True)
class RecommendArrays:
    """Raw top-k result (no copy of the C++ arrays); unpacks as ``index, score, rows = ...``.

    index: int64 (rows, k): candidate row (vacancy rows for
        ``direction="vacancies"``, seeker rows otherwise), -1 past the end of
        a short list. Map to ids with ``engine.vacancy_ids[index]``.
    score: float32 (rows, k): the scores; -inf where index is -1.
    rows: int64 (rows,): the seeker (or vacancy) row each result row answers.
    seconds: wall time of the C++ top-k call alone (what the CLI reports as
        ``topk_seconds``); not part of the unpacking.
    """

    index: np.ndarray
    score: np.ndarray
    rows: np.ndarray
    seconds: float = 0.0

    def __iter__(self) -> Iterator[np.ndarray]:
        """Iterates over (index, score, rows), so the result unpacks like a tuple."""
        return iter((self.index, self.score, self.rows))


@dataclass
class Allocation:
    """One allocation of seekers to vacancies (what ``jobmatch allocate`` writes and prints).

    Attributes:
        seekers: one row per seeker, in table order: ``seeker_id``,
            ``vacancy_id`` (NaN when not placed), ``score`` (NaN when not
            placed), ``outcome`` (``placed``, ``no_eligible_vacancy``,
            ``below_min_score``, ``outbid``) — allocation.csv.
        vacancies: one row per vacancy: ``vacancy_id``, ``openings``,
            ``filled``, ``outcome`` (``filled``, ``no_candidates``,
            ``below_min_score``, ``candidates_placed_elsewhere``).
        by_group: placements per key group: ``group``, ``seekers``,
            ``placed``, ``share`` (a row ``(all seekers)`` last; groups with
            no member left out) — aggregates only.
        summary: totals: ``method``, ``seekers``, ``placed``,
            ``placed_share``, ``total_openings``, ``fill_rate``,
            ``total_score``, ``candidate_edges``, ``households``,
            ``households_covered``, ``households_covered_without_coverage``
            and ``household_price`` (with ``households=True``; the price is
            the total score given up), ``reserved_places``,
            ``reserved_filled``, ``seeker_outcomes`` and
            ``vacancy_outcomes`` (counts by reason), ``seconds``.
        vacancy_of_seeker: int64 (seekers,) vacancy row or -1 (no copy).
    """

    seekers: pd.DataFrame
    vacancies: pd.DataFrame
    by_group: pd.DataFrame
    summary: Dict[str, Any]
    vacancy_of_seeker: np.ndarray = field(repr=False)

    @property
    def placed(self) -> int:
        """Number of seekers placed."""
        return int(self.summary["placed"])


# ------------------------------------------------------- DataFrame -> C++ cells
_Cells = Optional[Tuple[Any, ...]]


def _is_list_cell(v: Any) -> bool:
    return isinstance(v, (list, tuple, np.ndarray))


def _objects(s: pd.Series) -> np.ndarray:
    """The cells as a fresh object array (C++ reads the str objects in place)."""
    return np.array(s.to_numpy(dtype=object), dtype=object, copy=True)


def _date_text(v: Any) -> Any:
    if isinstance(v, str) or v is None:
        return v
    if v is pd.NaT or v is pd.NA:  # (pd.NaT is a datetime.date instance)
        return None
    if isinstance(v, (_dt.date, np.datetime64)):
        if isinstance(v, np.datetime64):
            if np.isnat(v):
                return None
            v = pd.Timestamp(v)
        return v.isoformat()[:10]
    if isinstance(v, float) and np.isnan(v):
        return None
    return v


def _column_cells(s: pd.Series, kind: str) -> _Cells:
    """One column as the compiled module reads it (bind_frames.cc, Cells)."""
    dtype = s.dtype
    if kind == "date":
        if isinstance(dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_localize(None)  # the local calendar date
            dtype = s.dtype
        if dtype.kind == "M":
            # datetime64: the calendar day (a time of day is ignored); NaT = no date.
            days = s.to_numpy().astype("datetime64[D]").astype(np.int64)
            return ("days", np.ascontiguousarray(days))
        return ("text", np.array([_date_text(v) for v in s.to_numpy(dtype=object)], dtype=object))
    if kind in _NUMBER_KINDS and (dtype.kind in "biuf" or pd.api.types.is_extension_array_dtype(dtype)
                                  and dtype.kind in "biuf"):
        return ("numbers", np.ascontiguousarray(s.to_numpy(dtype=np.float64, na_value=np.nan)))
    cells = _objects(s)
    if kind in _LIST_KINDS and pd.api.types.infer_dtype(cells, skipna=True) not in ("string", "empty") and any(
            _is_list_cell(v) for v in cells):
        # Lists of items: offsets + items (a str cell is one ';'-joined item).
        lengths = np.fromiter((len(v) if _is_list_cell(v) else (0 if v is None or v != v else 1) for v in cells),
                              dtype=np.int64, count=len(cells))
        items: List[Any] = []
        for v in cells:
            if _is_list_cell(v):
                items.extend(str(x) for x in v)
            elif v is not None and v == v:
                items.append(v)
        offsets = np.zeros(len(cells) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return ("list", offsets, np.array(items, dtype=object))
    return ("text", cells)


def _frame_cells(df: pd.DataFrame, table: str, embeddings: Optional[np.ndarray], embeddings_arg: str) -> List[_Cells]:
    """The cells of every schema column of ``table`` (None where absent)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    source = _SOURCES[table]
    known = {c["name"] for c in _SCHEMA[table]}
    for name in df.columns:
        if name not in known:
            raise InvalidInputError(f"{source}:1: unknown column {str(name)!r} (the columns are: "
                                    f"{', '.join(c['name'] for c in _SCHEMA[table])})", "INVALID_ARGUMENT")
    if not df.columns.is_unique:
        raise InvalidInputError(f"{source}:1: duplicate column names", "INVALID_ARGUMENT")
    out: List[_Cells] = []
    for col in _SCHEMA[table]:
        name, kind = col["name"], col["kind"]
        if kind == "embedding":
            out.append(_embedding_cells(df, name, embeddings, embeddings_arg))
        elif name in df.columns:
            out.append(_column_cells(df[name], kind))
        else:
            out.append(None)
    return out


def _embedding_cells(df: pd.DataFrame, name: str, matrix: Optional[np.ndarray], arg: str) -> _Cells:
    if matrix is not None:
        if name in df.columns:
            raise InvalidInputError(f"{arg}: given both as a matrix and in the '{name}' column", "INVALID_ARGUMENT")
        if isinstance(matrix, np.ndarray) and matrix.ndim == 2 and matrix.shape[0] != len(df):
            raise InvalidInputError(f"{arg}: {matrix.shape[0]} rows for {len(df)} table rows", "INVALID_ARGUMENT")
        return ("matrix", matrix, arg)
    if name not in df.columns or len(df) == 0:
        return None
    cells = df[name].to_numpy(dtype=object)
    if all(_is_list_cell(v) for v in cells):
        return ("matrix", np.ascontiguousarray(np.stack([np.asarray(v, dtype=np.float32) for v in cells])),
                f"{name} column")
    return ("text", _objects(df[name]))


def _index_is_sensitive(df: pd.DataFrame, table: str) -> bool:
    """True when the index is (named as, or holds the values of) a sensitive column.

    Decided for the whole index, never from one row's values: hiding a label
    because it equals that row's value would itself tell the value.
    """
    sensitive = _SENSITIVE[table]
    if any(name in sensitive for name in df.index.names):
        return True
    labels = [str(v) for v in df.index]
    return any(labels == [str(v) for v in df[c]] for c in sensitive if c in df.columns)


def _row_label(df: pd.DataFrame, table: str, row: int) -> str:
    """' [DataFrame row 4, index 'r4']', without the label when the index may be personal data."""
    if _index_is_sensitive(df, table):
        return f" [DataFrame row {row}]"
    return f" [DataFrame row {row}, index {df.index[row]!r}]"


def _locate(err: JobmatchError, frames: Mapping[str, pd.DataFrame]) -> None:
    """Adds the DataFrame row (and its index label when safe) to an error about DataFrame cells."""
    table = next((t for t, src in _SOURCES.items() if err.source == src or f"upsert_{t}[" in err.message), None)
    if table is None or table not in frames:
        return
    if err.row is None:
        m = re.search(rf"upsert_{table}\[(\d+)\]", err.message)
        if m is None:
            return
        err.row = int(m.group(1))
    frame = frames[table]
    if 0 <= err.row < len(frame):
        err.message = err.message + _row_label(frame, table, err.row)
        err.args = (err.message,)


def _ids(ids: Union[str, Iterable[str]]) -> List[str]:
    return [ids] if isinstance(ids, str) else [str(i) for i in ids]


_F = TypeVar("_F", bound=Callable[..., Any])


def _delegate(f: _F) -> _F:
    """Engine.<f>: EngineView.<f> on the current version."""
    name = f.__name__

    @functools.wraps(f)
    def run(self: "Engine", *args: Any, **kwargs: Any) -> Any:
        return getattr(self._current(), name)(*args, **kwargs)

    return cast(_F, run)


def _delegate_property(p: Any) -> Any:
    name = p.fget.__name__
    return property(lambda self: getattr(self._current(), name), doc=p.__doc__)


# -------------------------------------------------------------------- engine
class EngineView:
    """One version of an :class:`Engine`: every query on it sees the same data.

    Take one with :meth:`Engine.view`. Updates to the engine after that do
    not change what the view answers (snapshot isolation); the view keeps
    its version alive. It has every query method and property of
    :class:`Engine` (recommend, explain, score, allocate, ids, …), with rows
    in the version's export order (docs/live_engine.md). Thread-safe.
    """

    def __init__(self, native: "_jobmatch._View") -> None:
        """Wraps a compiled view; use :meth:`Engine.view`."""
        self._native = native
        self._policy: Optional[Policy] = None
        self._seeker_ids: Optional[pd.Index] = None
        self._vacancy_ids: Optional[pd.Index] = None

    def _current(self) -> "EngineView":
        return self

    @property
    def sequence(self) -> int:
        """The version: the number of successful updates since the engine was built or loaded."""
        return int(self._native.sequence)

    def with_policy(self, policy: PolicyLike) -> "Engine":
        """A new Engine on this version's data under another policy (the tables are shared, not copied)."""
        pol = _as_policy(policy)
        return Engine._wrap(self._native.with_policy(pol._native))


    # -- properties --------------------------------------------------------------
    @property
    def policy(self) -> Policy:
        """The policy in use."""
        if self._policy is None:
            self._policy = Policy(self._native.policy)
        return self._policy

    @property
    def num_seekers(self) -> int:
        """Number of seekers."""
        return int(self._native.num_seekers)

    @property
    def num_vacancies(self) -> int:
        """Number of vacancies."""
        return int(self._native.num_vacancies)

    @property
    def seeker_ids(self) -> pd.Index:
        """Seeker ids in row order (a pandas Index, built once)."""
        if self._seeker_ids is None:
            self._seeker_ids = pd.Index(self._native.seeker_ids, dtype=object, name="seeker_id")
        return self._seeker_ids

    @property
    def vacancy_ids(self) -> pd.Index:
        """Vacancy ids in row order (a pandas Index, built once)."""
        if self._vacancy_ids is None:
            self._vacancy_ids = pd.Index(self._native.vacancy_ids, dtype=object, name="vacancy_id")
        return self._vacancy_ids

    def _id_dtype(self, seekers: bool) -> pd.CategoricalDtype:
        """Categorical dtype over the ids (built once; its validation hashes every id)."""
        key = "_seeker_dtype" if seekers else "_vacancy_dtype"
        dt = self.__dict__.get(key)
        if dt is None:
            dt = pd.CategoricalDtype(self.seeker_ids if seekers else self.vacancy_ids)
            self.__dict__[key] = dt
        return dt

    @property
    def group_names(self) -> List[str]:
        """Key-group names by id (bit g of :attr:`seeker_groups` is group g)."""
        return list(self._native.group_names)

    @property
    def skill_names(self) -> List[str]:
        """The skill vocabulary by id."""
        return list(self._native.skill_names)

    @property
    def industry_names(self) -> List[str]:
        """Industry names by id."""
        return list(self._native.industry_names)

    @property
    def seeker_groups(self) -> np.ndarray:
        """uint64 key-group bit set per seeker: read-only view of the engine's memory (no copy)."""
        return self._native.seeker_groups

    @property
    def openings(self) -> np.ndarray:
        """int32 openings per vacancy: read-only view (no copy)."""
        return self._native.openings

    @property
    def seeker_embeddings(self) -> Optional[np.ndarray]:
        """float32 (seekers, d) stored, L2-normalised embeddings: read-only view (no copy); None without."""
        return self._native.seeker_embeddings

    @property
    def vacancy_embeddings(self) -> Optional[np.ndarray]:
        """float32 (vacancies, d) stored embeddings: read-only view (no copy); None without."""
        return self._native.vacancy_embeddings

    @property
    def uses_embeddings(self) -> bool:
        """True when the embedding component counts in scores."""
        return bool(self._native.uses_embeddings)

    def __repr__(self) -> str:
        return (f"EngineView(seekers={self.num_seekers}, vacancies={self.num_vacancies}, "
                f"policy={self.policy.name!r}, embeddings={self.uses_embeddings}, sequence={self.sequence})")

    # -- helpers ---------------------------------------------------------------------
    def _rows(self, ids: Optional[Iterable[str]], seekers: bool) -> Optional[np.ndarray]:
        if ids is None:
            return None
        if isinstance(ids, str):
            ids = [ids]
        return self._native.rows_of([str(i) for i in ids], seekers)

    @staticmethod
    def _direction(direction: str) -> int:
        try:
            return _DIRECTIONS[direction]
        except KeyError:
            raise ValueError(f"direction must be 'vacancies' or 'seekers', got {direction!r}") from None

    # -- recommend -----------------------------------------------------------------
    def recommend_arrays(self, k: int = 10, direction: str = "vacancies", ids: Optional[Iterable[str]] = None,
                         threads: int = 0, progress: Optional[ProgressCallback] = None, *,
                         exhaustive: bool = False) -> RecommendArrays:
        """Exact top-k as numpy arrays, the fastest form (no copy of the result).

        Same arguments as :meth:`recommend`. Returns :class:`RecommendArrays`
        ``(index, score, rows)``.
        """
        d = self._direction(direction)
        rows = self._rows(ids, seekers=d == 0)
        index, score, row_ids, seconds = self._native.topk(d, int(k), rows, int(threads), progress,
                                                           bool(exhaustive))
        return RecommendArrays(index, score, row_ids, seconds)

    def recommend(self, k: int = 10, direction: str = "vacancies", ids: Optional[Iterable[str]] = None,
                  threads: int = 0, progress: Optional[ProgressCallback] = None,
                  explain: bool = False, *, exhaustive: bool = False) -> pd.DataFrame:
        """Exact top-k recommendations as a DataFrame (the CLI's recommendations CSV).

        Args:
            k: list length (>= 1).
            direction: ``"vacancies"`` (best vacancies for each seeker;
                columns ``seeker_id, rank, vacancy_id, score``) or
                ``"seekers"`` (best seekers for each vacancy; columns
                ``vacancy_id, rank, seeker_id, score``).
            ids: answer only these seekers (or vacancies), in this order;
                None = all. An unknown id raises :class:`jobmatch.NotFoundError`.
            threads: worker threads, 0 = all cores.
            progress: ``callable(done, total)`` called about every 200 ms
                with rows done; return False to cancel
                (:class:`jobmatch.CancelledError`). Ctrl-C raises
                KeyboardInterrupt and stops the work.
            exhaustive: score every pair instead of the pruned search (the
                default skips pairs beyond the commute limit and groups whose
                score bound cannot enter the list); the result is identical,
                only slower: the oracle and the baseline of benchmarks.
            explain: add the explanation columns of ``--explain``
                (``skill … preference`` component values, NaN when unused,
                ``base``, ``boost``, ``distance_km``, ``rules``).

        Rows are ordered by answered row, then rank (1-based); lists shorter
        than k (fewer eligible candidates) have fewer lines, as in the CSV.
        Id columns are pandas Categoricals over the engine's ids (no string
        copies); ``score`` is float32, bit-identical to the CLI's.
        """
        d = self._direction(direction)
        arrays = self.recommend_arrays(k, direction, ids, threads, progress, exhaustive=exhaustive)
        index, score, row_ids = arrays
        kk = index.shape[1]
        mask = index >= 0
        owner = np.broadcast_to(row_ids[:, None], index.shape)[mask]
        cand = index[mask]
        rank = np.broadcast_to(np.arange(1, kk + 1, dtype=np.int64), index.shape)[mask]
        row_ids_index, cand_index = ((self._id_dtype(True), self._id_dtype(False)) if d == 0 else
                                     (self._id_dtype(False), self._id_dtype(True)))
        row_col, cand_col = ("seeker_id", "vacancy_id") if d == 0 else ("vacancy_id", "seeker_id")
        cols: Dict[str, Any] = {
            row_col: pd.Categorical.from_codes(owner, dtype=row_ids_index),
            "rank": rank,
            cand_col: pd.Categorical.from_codes(cand, dtype=cand_index),
            "score": score[mask],
        }
        if explain:
            s_rows, v_rows = (owner, cand) if d == 0 else (cand, owner)
            x = self._native.explain_pairs(np.ascontiguousarray(s_rows), np.ascontiguousarray(v_rows))
            for i, name in enumerate(x["components"]):
                cols[name] = x["values"][:, i]
            cols["base"] = x["base"]
            cols["boost"] = x["boost"]
            cols["distance_km"] = x["distance_km"]
            cols["rules"] = x["rules"]
        frame = pd.DataFrame(cols)
        frame.attrs["topk_seconds"] = arrays.seconds
        return frame

    def recommend_to_csv(self, path: PathLike, k: int = 10, direction: str = "vacancies",
                         ids: Optional[Iterable[str]] = None, threads: int = 0,
                         progress: Optional[ProgressCallback] = None, explain: bool = False, *,
                         exhaustive: bool = False) -> int:
        """Exact top-k written to ``path`` as ``jobmatch recommend --out`` writes it.

        The same arguments and lists as :meth:`recommend`, but the file is
        written by the library (the CLI's recommendations CSV, byte for byte;
        created 0600, crash-safe) without a Python object per line: the
        fastest way to keep large results. Returns the number of list
        entries (lines after the header).
        """
        d = self._direction(direction)
        rows = self._rows(ids, seekers=d == 0)
        entries, _ = self._native.write_topk_csv(os.fspath(path), d, int(k), rows, int(threads), progress,
                                                 bool(exhaustive), bool(explain))
        return int(entries)

    # -- explain / score ---------------------------------------------------------------
    def explain(self, seeker_id: str, vacancy_id: str) -> Dict[str, Any]:
        """Everything that went into one pair's score.

        Returns a dict: ``seeker_id``, ``vacancy_id``, ``eligible``,
        ``ineligible`` (the reasons, of ``beyond_max_commute``,
        ``workplace_not_accessible``, ``post_kind_reserved_for_other_groups``,
        ``below_min_education``, ``below_reservation_wage``; docs/scoring.md),
        ``components`` (a
        DataFrame indexed by component with columns ``value`` (NaN when not
        in use), ``weight`` (normalised), ``used``, ``contribution`` =
        value × weight), ``base``, ``rules`` (dict rule name → weight, in
        policy order), ``boost_uncapped``, ``boost``, ``score`` (-inf when
        ineligible), ``distance_km``, ``remote``, ``text`` (the CLI's
        ``jobmatch explain`` rendering).
        """
        s = self._native.rows_of([str(seeker_id)], True)[0]
        v = self._native.rows_of([str(vacancy_id)], False)[0]
        d = self._native.explain(int(s), int(v))
        comp = pd.DataFrame(d["components"], columns=["component", "value", "weight", "used"]).set_index("component")
        comp["contribution"] = np.where(comp["used"], comp["value"] * comp["weight"], 0.0)
        d["components"] = comp
        d["rules"] = {name: w for name, w in d["rules"]}
        return d

    def score(self, seeker_ids: Iterable[str], vacancy_ids: Iterable[str]) -> np.ndarray:
        """Scores of pairs (seeker_ids[i], vacancy_ids[i]) as float32; -inf = ineligible."""
        s = self._native.rows_of([str(i) for i in seeker_ids], True)
        v = self._native.rows_of([str(i) for i in vacancy_ids], False)
        return self._native.score_pairs(s, v)

    # -- allocate ------------------------------------------------------------------
    def allocate(self, method: str = "optimal", *, objective: str = "score", proposer: str = "seekers",
                 candidates: int = 30, min_score: Optional[float] = None, households: bool = False,
                 quotas: Optional[Sequence[Union[str, Mapping[str, Any]]]] = None, threads: int = 0,
                 progress: Optional[ProgressCallback] = None,
                 household_group: str = "zero_employment_household") -> Allocation:
        """One allocation that respects openings (``jobmatch allocate``; docs/allocation.md).

        Args:
            method: ``"optimal"`` (maximum total score by min-cost flow) or
                ``"stable"`` (deferred acceptance, no blocking pair).
            objective: optimal only: ``"score"`` (maximise total score) or
                ``"cardinality"`` (most placements, then score).
            proposer: stable only: ``"seekers"`` or ``"vacancies"``.
            candidates: candidate vacancies per seeker (their top list).
            min_score: pairs scoring below this are never matched.
            households: optimal only: first place a member of as many
                zero-employment households (零就业家庭) as possible; the
                summary reports the price in total score.
            quotas: reserved places, each a dict ``{"groups": [...],
                "share": 0.2, "kinds": [...], "name": ...}`` or a CLI string
                ``"GROUP[+GROUP]:SHARE[:KIND[+KIND]]"``; added to the
                policy's quotas.
            threads, progress: as for :meth:`recommend` (progress covers the
                candidate top-k).
            household_group: the key group whose households are covered.

        Returns an :class:`Allocation`.
        """
        qs = [_parse_quota(q, i + 1) for i, q in enumerate(quotas or [])]
        t0 = time.perf_counter()
        r = self._native.allocate(method, objective, proposer, int(candidates),
                                  float("-inf") if min_score is None else float(min_score), bool(households),
                                  household_group, qs, int(threads), progress)
        return self._allocation_from(r, method, households, time.perf_counter() - t0)

    def _allocation_from(self, r: Dict[str, Any], method: str, households: bool, seconds: float) -> Allocation:
        """An :class:`Allocation` from the native result dict (allocate, or the
        distributed steps' finish)."""
        vos = r["vacancy_of_seeker"]
        placed_mask = vos >= 0
        snames, vnames = r["seeker_outcome_names"], r["vacancy_outcome_names"]
        seekers = pd.DataFrame({
            "seeker_id": pd.Categorical.from_codes(np.arange(self.num_seekers), dtype=self._id_dtype(True)),
            "vacancy_id": pd.Categorical.from_codes(vos, dtype=self._id_dtype(False)),
            "score": np.where(placed_mask, r["score_of_seeker"], np.float32(np.nan)).astype(np.float32),
            "outcome": pd.Categorical.from_codes(r["seeker_outcome"].astype(np.int64), categories=snames),
        })
        vacancies = pd.DataFrame({
            "vacancy_id": pd.Categorical.from_codes(np.arange(self.num_vacancies), dtype=self._id_dtype(False)),
            "openings": np.array(self.openings, dtype=np.int64),
            "filled": r["filled"].astype(np.int64),
            "outcome": pd.Categorical.from_codes(r["vacancy_outcome"].astype(np.int64), categories=vnames),
        })
        by_group = self._placed_by_group(placed_mask)
        ns, total_openings, placed = self.num_seekers, int(r["total_openings"]), int(r["placed"])
        summary: Dict[str, Any] = {
            "method": method,
            "seekers": ns,
            "placed": placed,
            "placed_share": placed / ns if ns else 0.0,
            "total_openings": total_openings,
            "fill_rate": placed / total_openings if total_openings else 0.0,
            "total_score": float(r["total_score"]),
            "candidate_edges": int(r["candidate_edges"]),
            "households": int(r["households"]),
            "households_covered": int(r["households_covered"]),
            "reserved_places": int(r["reserved_places"]),
            "reserved_filled": int(r["reserved_filled"]),
            "seeker_outcomes": {n: int(np.count_nonzero(r["seeker_outcome"] == i)) for i, n in enumerate(snames)},
            "vacancy_outcomes": {n: int(np.count_nonzero(r["vacancy_outcome"] == i)) for i, n in enumerate(vnames)},
            "seconds": seconds,
        }
        if households:
            summary["households_covered_without_coverage"] = int(r["households_covered_without_coverage"])
            summary["total_score_without_coverage"] = float(r["total_score_without_coverage"])
            summary["household_price"] = float(r["total_score_without_coverage"]) - float(r["total_score"])
        return Allocation(seekers=seekers, vacancies=vacancies, by_group=by_group, summary=summary,
                          vacancy_of_seeker=vos)

    # -- training advice (docs/analytics.md, "Training advice") -------------------------
    def training_advice(self, seeker_ids: Optional[Iterable[str]] = None, k: int = 10, top: int = 3, *,
                        threads: int = 0, progress: Optional[ProgressCallback] = None) -> pd.DataFrame:
        """Training advice per seeker (``jobmatch training``; docs/analytics.md).

        For each seeker, the single upgrades (skill, target grade on the 1–8
        ladder) that most raise the mean of the seeker's top-``k`` eligible
        scores, exactly as rescoring the seeker with the upgrade would.

        Args:
            seeker_ids: advise only these seekers, in this order; None = all.
                An unknown id raises :class:`jobmatch.NotFoundError`; an id
                twice raises ValueError.
            k: size of the top list whose mean is raised (>= 1).
            top: upgrades kept per seeker (>= 1).
            threads, progress: as for :meth:`recommend` (progress counts seekers).

        Returns one row per listed upgrade, ordered by answered seeker, then
        rank: ``seeker_id`` (Categorical over the engine's ids), ``rank``
        (1-based), ``skill`` (Categorical over the skill names), ``grade``,
        ``gain`` (float64: the rise of the top-k mean), ``newly_met``
        (eligible vacancies whose requirements become fully met). Seekers
        with no eligible vacancy, or no upgrade that changes anything, have
        no row. ``attrs["seekers"]`` is a DataFrame of the answered seekers:
        ``seeker_id``, ``eligible`` (eligible vacancies), ``mean_before``
        (NaN with none). The frame names persons: treat it as personal data.
        """
        rows = self._rows(seeker_ids, seekers=True)
        r = self._native.training_advice(None if rows is None else [int(x) for x in rows], int(k), int(top),
                                         int(threads), progress)
        df = pd.DataFrame({
            "seeker_id": pd.Categorical.from_codes(r["seeker"], dtype=self._id_dtype(True)),
            "rank": r["rank"],
            "skill": pd.Categorical.from_codes(r["skill"].astype(np.int64), categories=self.skill_names),
            "grade": r["grade"].astype(np.int64),
            "gain": r["gain"],
            "newly_met": r["newly_met"],
        })
        df.attrs["seekers"] = pd.DataFrame({
            "seeker_id": pd.Categorical.from_codes(r["answered"], dtype=self._id_dtype(True)),
            "eligible": r["eligible"],
            "mean_before": r["mean_before"],
        })
        return df

    def training_courses(self, allocation: Any = None, level: str = "district", *, threads: int = 0,
                         progress: Optional[ProgressCallback] = None) -> pd.DataFrame:
        """Courses per area ranked by the open places they would let the area's seekers fill.

        Args:
            allocation: an :class:`Allocation` from :meth:`allocate` on this
                version, or the path of an allocation CSV: only the openings
                it leaves unfilled and the seekers it leaves unplaced count.
                None: every opening and every seeker.
            level: ``"district"`` or ``"town"`` (areas of the seekers).
            threads, progress: as for :meth:`recommend` (progress counts seekers).

        Returns one row per (area, course) that fills at least one opening,
        ordered by area, then rank: ``district`` (and ``town``), ``rank``,
        ``skill``, ``grade`` (the grade the vacancies ask for), ``openings``
        (Σ over open vacancies of min(openings left, the area's seekers the
        course would let meet them)), ``seekers`` (distinct such seekers),
        ``vacancies``. Aggregates only.
        """
        if level not in ("district", "town"):
            raise ValueError(f"level must be 'district' or 'town', got {level!r}")
        filled: Optional[List[int]] = None
        placed: Optional[List[int]] = None
        path = ""
        if isinstance(allocation, Allocation):
            v = allocation.vacancies
            ids = np.asarray(v["vacancy_id"].astype(object))
            sids = np.asarray(allocation.seekers["seeker_id"].astype(object))
            if (len(ids) != self.num_vacancies or not np.array_equal(ids, np.asarray(self.vacancy_ids, dtype=object))
                    or len(sids) != self.num_seekers
                    or not np.array_equal(sids, np.asarray(self.seeker_ids, dtype=object))):
                raise ValueError("allocation: its seekers and vacancies are not this engine version's "
                                 "(allocate on the same version)")
            filled = [int(x) for x in np.asarray(v["filled"], dtype=np.int64)]
            placed = [int(x) for x in (np.asarray(allocation.vacancy_of_seeker) >= 0)]
        elif isinstance(allocation, (str, os.PathLike)):
            path = os.fspath(allocation)
        elif allocation is not None:
            raise TypeError("allocation: an Allocation from allocate(), a path to an allocation CSV, or None")
        r = self._native.training_courses(level, filled, placed, path, int(threads), progress)
        area = r["area"].astype(np.int64)
        out: Dict[str, Any] = {
            "district": pd.Categorical.from_codes(area, categories=pd.unique(pd.Series(r["districts"], dtype=object)))
            if level == "district" else pd.Categorical(np.asarray(r["districts"], dtype=object)[area]),
        }
        if level == "town":
            out["town"] = pd.Categorical(np.asarray(r["towns"], dtype=object)[area])
        out["rank"] = r["rank"]
        out["skill"] = pd.Categorical.from_codes(r["skill"].astype(np.int64), categories=self.skill_names)
        out["grade"] = r["grade"].astype(np.int64)
        out["openings"] = r["openings"]
        out["seekers"] = r["seekers"]
        out["vacancies"] = r["vacancies"]
        return pd.DataFrame(out)

    def _mismatch_native(self, by: Union[str, Sequence[str]], allocation: Any, shortage_ratio: Optional[float],
                         surplus_ratio: Optional[float], as_of: Any, reach: bool) -> Tuple[Dict[str, Any], List[str]]:
        by_list = [by] if isinstance(by, str) else list(by)
        for b in by_list:
            if b not in ("district", "industry"):
                raise ValueError(f"by: unknown column {b!r} (district, industry)")
        if len(set(by_list)) != len(by_list):
            raise ValueError(f"by: a column twice in {by_list!r}")
        filled: Optional[List[int]] = None
        path = ""
        if isinstance(allocation, Allocation):
            v = allocation.vacancies
            ids = np.asarray(v["vacancy_id"].astype(object))
            if len(ids) != self.num_vacancies or not np.array_equal(ids, np.asarray(self.vacancy_ids, dtype=object)):
                raise ValueError("allocation: its vacancies are not this engine version's vacancies "
                                 "(allocate on the same version)")
            filled = [int(x) for x in np.asarray(v["filled"], dtype=np.int64)]
        elif isinstance(allocation, (str, os.PathLike)):
            path = os.fspath(allocation)
        elif allocation is not None:
            raise TypeError("allocation: an Allocation from allocate(), a path to an allocation CSV, or None")
        as_of_days: Optional[int] = None
        if as_of is not None:
            d = pd.Timestamp(as_of)
            as_of_days = int((d.normalize() - pd.Timestamp("1970-01-01")).days)
        r = self._native.mismatch(by_district="district" in by_list, by_industry="industry" in by_list,
                                  shortage_ratio=None if shortage_ratio is None else float(shortage_ratio),
                                  surplus_ratio=None if surplus_ratio is None else float(surplus_ratio),
                                  reach=bool(reach), filled=filled, allocation_path=path, as_of_days=as_of_days)
        return r, by_list

    def mismatch(self, by: Union[str, Sequence[str]] = (), allocation: Any = None, *,
                 shortage_ratio: Optional[float] = None, surplus_ratio: Optional[float] = None, as_of: Any = None,
                 reach: bool = True) -> pd.DataFrame:
        """Structural mismatch per skill and grade (``jobmatch mismatch``; docs/analytics.md).

        Args:
            by: split the cells by ``"district"`` and/or ``"industry"``.
            allocation: an :class:`Allocation` from :meth:`allocate` on this
                version, or the path of an allocation CSV (``jobmatch
                allocate``); fills ``unfilled_openings`` (NaN without one).
            shortage_ratio, surplus_ratio: the label thresholds (ratio >=
                shortage_ratio: ``shortage``; else ratio <= surplus_ratio:
                ``surplus``; else ``balanced``); None: the policy's
                (``mismatch`` section of the policy file; 1.5 and 0.67).
            as_of: reference date of the durations (see :meth:`tightness`).
            reach: compute ``supply_in_reach`` (NaN when False).

        Returns one row per cell with demand or supply, sorted by skill id,
        grade, district, industry: ``skill``, ``grade``, the ``by`` columns,
        ``vacancies``, ``demand_openings``, ``demand_weighted``,
        ``supply_seekers``, ``supply_in_reach``, ``ratio`` (openings per
        qualified seeker, ``inf`` when there is none), ``unfilled_openings``,
        ``label``. Aggregates only (no personal data). ``attrs`` holds the
        thresholds used (``shortage_ratio``, ``surplus_ratio``).
        """
        r, by_list = self._mismatch_native(by, allocation, shortage_ratio, surplus_ratio, as_of, reach)
        out: Dict[str, Any] = {
            "skill": pd.Categorical.from_codes(r["cell_skill"].astype(np.int64), categories=self.skill_names),
            "grade": r["cell_grade"].astype(np.int64),
        }
        for b in by_list:
            if b == "district":
                out["district"] = pd.Categorical.from_codes(r["cell_district"].astype(np.int64),
                                                            categories=r["districts"])
            else:
                out["industry"] = pd.Categorical.from_codes(r["cell_industry"].astype(np.int64),
                                                            categories=self.industry_names)
        out["vacancies"] = r["cell_vacancies"]
        out["demand_openings"] = r["cell_demand_openings"]
        out["demand_weighted"] = r["cell_demand_weighted"]
        out["supply_seekers"] = r["cell_supply_seekers"]
        out["supply_in_reach"] = (r["cell_supply_in_reach"] if r["has_reach"]
                                  else np.full(len(r["cell_grade"]), np.nan))
        out["ratio"] = r["cell_ratio"]
        out["unfilled_openings"] = (r["cell_unfilled_openings"] if r["has_unfilled"]
                                    else np.full(len(r["cell_grade"]), np.nan))
        out["label"] = pd.Categorical.from_codes(r["cell_label"].astype(np.int64), categories=r["label_names"])
        df = pd.DataFrame(out)
        df.attrs["shortage_ratio"] = float(r["shortage_ratio"])
        df.attrs["surplus_ratio"] = float(r["surplus_ratio"])
        return df

    def tightness(self, as_of: Any = None) -> pd.DataFrame:
        """District x industry tightness and durations (docs/analytics.md).

        Args:
            as_of: reference date (anything ``pandas.Timestamp`` accepts);
                default: the latest ``posted_on``/``registered_on`` in the data.

        Returns one row per (district, industry): ``district``, ``industry``,
        ``vacancies``, ``openings``, ``seekers`` (of the district),
        ``tightness`` (openings per seeker; ``inf`` with no seeker, NaN when
        both are 0), ``vacancy_duration_median_days``, ``vacancies_dated``,
        ``registration_duration_median_days``, ``seekers_dated`` (medians NaN
        when nothing is dated). ``attrs["as_of"]`` holds the date used.
        """
        r, _ = self._mismatch_native((), None, None, None, as_of, False)
        df = pd.DataFrame({
            "district": pd.Categorical.from_codes(r["tight_district"].astype(np.int64), categories=r["districts"]),
            "industry": pd.Categorical.from_codes(r["tight_industry"].astype(np.int64),
                                                  categories=self.industry_names),
            "vacancies": r["tight_vacancies"],
            "openings": r["tight_openings"],
            "seekers": r["tight_seekers"],
            "tightness": r["tight_tightness"],
            "vacancy_duration_median_days": r["tight_vacancy_duration_median_days"],
            "vacancies_dated": r["tight_vacancies_dated"],
            "registration_duration_median_days": r["tight_registration_duration_median_days"],
            "seekers_dated": r["tight_seekers_dated"],
        })
        days = r["as_of_days"]
        df.attrs["as_of"] = None if days is None else (_dt.date(1970, 1, 1) + _dt.timedelta(days=int(days)))
        df.attrs["vacancy_duration_median_days"] = float(r["vacancy_duration_median_days"])
        df.attrs["registration_duration_median_days"] = float(r["registration_duration_median_days"])
        return df

    def _placement_arg(self, allocation: Any) -> Tuple[Optional[List[int]], str]:
        """An allocation argument as (vacancy row per seeker row, CSV path)."""
        if allocation is None:
            return None, ""
        if isinstance(allocation, Allocation):
            ids = np.asarray(allocation.seekers["seeker_id"].astype(object))
            vids = np.asarray(allocation.vacancies["vacancy_id"].astype(object))
            if (len(ids) != self.num_seekers or not np.array_equal(ids, np.asarray(self.seeker_ids, dtype=object))
                    or len(vids) != self.num_vacancies
                    or not np.array_equal(vids, np.asarray(self.vacancy_ids, dtype=object))):
                raise ValueError("allocation: its seekers or vacancies are not this engine version's "
                                 "(allocate on the same version)")
            return [int(x) for x in np.asarray(allocation.vacancy_of_seeker, dtype=np.int64)], ""
        if isinstance(allocation, (str, os.PathLike)):
            return None, os.fspath(allocation)
        raise TypeError("allocation: an Allocation from allocate(), a path to an allocation CSV, or None")

    def outreach(self, allocation: Any = None, level: str = "town", top: int = 5, *,
                 long_unemployed_months: Optional[int] = None, training: int = 2,
                 out_dir: Optional[PathLike] = None, threads: int = 0,
                 progress: Optional[ProgressCallback] = None) -> pd.DataFrame:
        """Outreach case lists per service station (``jobmatch outreach``; docs/analytics.md).

        The people a case worker should visit (敲门送岗): members of
        zero-employment households the allocation leaves uncovered,
        hard-to-employ persons, disabled persons and graduates/youth
        unemployed ``long_unemployed_months`` or more, each with their best
        ``top`` eligible vacancies that still have a free place.

        Args:
            allocation: an :class:`Allocation` from :meth:`allocate` on this
                version, the path of an allocation CSV, or None (allocate
                here: optimal, households covered first).
            level: the service station's level: ``"district"``, ``"town"``
                or ``"village"``.
            top: vacancies per person (0..1000).
            long_unemployed_months: None = the policy's
                (``outreach.long_unemployed_months``, 6).
            training: training advice per person: the best upgrades listed
                (0..20, 0 = none), as :meth:`training_advice` with k = 10.
            out_dir: also write ``outreach.csv``, ``index.html`` and one
                printable ``station-NNNN.html`` per station there (personal
                data: files mode 0600, a new directory 0700).
            threads, progress: as for :meth:`recommend`.

        Returns one row per listed vacancy (and one row with ``rank`` 0 for
        a person with none), stations sorted by name, people in need order:
        ``station``, ``seeker_id``, ``household_id``, ``reason`` (reasons
        joined with ``+``), ``need_rank``, ``allocated_vacancy_id``,
        ``rank``, ``vacancy_id``, ``score``, ``distance_km``, ``remote``,
        ``rules``, ``training``. Personal data: keep it where case files
        are kept. ``attrs`` holds ``households``, ``households_uncovered``
        and ``long_unemployed_months``.
        """
        if level not in ("district", "town", "village"):
            raise ValueError(f"level must be 'district', 'town' or 'village', got {level!r}")
        placed, path = self._placement_arg(allocation)
        r = self._native.outreach(level=level, top=int(top),
                                  months=None if long_unemployed_months is None else int(long_unemployed_months),
                                  placed=placed, allocation_path=path,
                                  out_dir="" if out_dir is None else os.fspath(out_dir),
                                  training_top=int(training), threads=int(threads), progress=progress)
        seekers = r["seeker"]
        reason_names = r["reason_names"]
        codes = r["reasons"].astype(np.int64)
        texts = {c: "+".join(n for i, n in enumerate(reason_names) if (c >> i) & 1) for c in np.unique(codes)}
        df = pd.DataFrame({
            "station": pd.Categorical.from_codes(r["station"].astype(np.int64), categories=r["stations"]),
            "seeker_id": pd.Categorical.from_codes(seekers, dtype=self._id_dtype(True)),
            "household_id": pd.Series(r["household_id"], dtype=object),
            "reason": pd.Series([texts[c] for c in codes], dtype=object),
            "need_rank": r["need_rank"],
            "allocated_vacancy_id": pd.Categorical.from_codes(r["allocated"], dtype=self._id_dtype(False)),
            "rank": r["rank"],
            "vacancy_id": pd.Categorical.from_codes(r["vacancy"], dtype=self._id_dtype(False)),
            "score": r["score"],
            "distance_km": r["distance_km"],
            "remote": r["remote"].astype(bool),
            "rules": pd.Series(r["rules"], dtype=object),
            "training": pd.Series(r["training"], dtype=object),
        })
        df.attrs["households"] = int(r["households"])
        df.attrs["households_uncovered"] = int(r["households_uncovered"])
        df.attrs["long_unemployed_months"] = int(r["long_unemployed_months"])
        df.attrs["allocated_here"] = bool(r["allocated_here"])
        return df

    def audit(self, allocation: Any = None, k: int = 10, strata: bool = False, *, method: str = "optimal",
              objective: str = "score", proposer: str = "seekers", candidates: int = 30, households: bool = False,
              min_cell_seekers: Optional[int] = None, threads: int = 0,
              exhaustive: bool = False) -> Union[pd.DataFrame, Tuple[pd.DataFrame, pd.DataFrame]]:
        """Equal-employment audit (二十) per key group (``jobmatch audit``; docs/analytics.md).

        Args:
            allocation: the priority-on placements: an :class:`Allocation`
                from :meth:`allocate` on this version, or the path of an
                allocation CSV (``jobmatch allocate``); None: allocate here
                with ``method``/``objective``/``proposer``/``candidates``/
                ``households``. The priority-off allocation always uses
                those options, under the policy without priority rules
                (``max_total_boost`` 0).
            k: length of each open vacancy's seeker list (``listed_share``,
                ``exposure``).
            strata: also return the table per stratum of comparable skill
                (quintiles of the best base score; stratum 0 = no eligible
                open vacancy).
            min_cell_seekers: cells with fewer seekers are suppressed (NaN);
                None: the policy's ``audit.min_cell_seekers`` (default 10).
            threads: worker threads (0 = all cores); exhaustive: score every
                pair in the top-k searches (same result).

        Returns one row per cell — the key groups, ``none`` (no key group),
        the pairs ``a&b`` and ``all`` — with ``group``, ``seekers``,
        ``eligible_share``, ``listed_share``, ``exposure``, ``placements``,
        ``placement_rate``, ``mean_score_placed``, ``base_score_total``,
        ``impact_ratio`` (vs ``none``), ``four_fifths_flag`` (1.0 below 0.8,
        0.0 otherwise, NaN when the ratio is NaN) and the ``*_no_priority``
        counterparts (``placements``, ``placement_rate``,
        ``base_score_total``, ``impact_ratio``, ``four_fifths_flag``).
        Suppressed cells are NaN in every column but ``group`` (counts are
        float columns for that reason). With ``strata=True``: a tuple
        ``(groups, strata)``; the strata frame has a ``stratum`` column
        (0..5) after ``group``. Aggregates only; ``attrs`` holds ``k``,
        ``min_cell_seekers`` and ``allocated`` (True when the priority-on
        allocation was made here).
        """
        placements: Optional[List[int]] = None
        path = ""
        if isinstance(allocation, Allocation):
            ids = np.asarray(allocation.seekers["seeker_id"].astype(object))
            if len(ids) != self.num_seekers or not np.array_equal(ids, np.asarray(self.seeker_ids, dtype=object)):
                raise ValueError("allocation: its seekers are not this engine version's seekers "
                                 "(allocate on the same version)")
            placements = [int(x) for x in np.asarray(allocation.vacancy_of_seeker, dtype=np.int64)]
        elif isinstance(allocation, (str, os.PathLike)):
            path = os.fspath(allocation)
        elif allocation is not None:
            raise TypeError("allocation: an Allocation from allocate(), a path to an allocation CSV, or None")
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be an integer >= 1, got {k!r}")
        if min_cell_seekers is not None and (isinstance(min_cell_seekers, bool) or
                                             not isinstance(min_cell_seekers, (int, np.integer)) or
                                             min_cell_seekers < 1):
            raise ValueError(f"min_cell_seekers must be an integer >= 1 or None, got {min_cell_seekers!r}")
        r = self._native.audit(k=int(k), placements=placements, allocation_path=path, method=method,
                               objective=objective, proposer=proposer, candidates=int(candidates),
                               households=bool(households),
                               min_cell_seekers=None if min_cell_seekers is None else int(min_cell_seekers),
                               strata=bool(strata), threads=int(threads), exhaustive=bool(exhaustive))

        def frame(prefix: str, with_stratum: bool) -> pd.DataFrame:
            out: Dict[str, Any] = {"group": list(r[prefix + "group"])}
            if with_stratum:
                out["stratum"] = r[prefix + "stratum"].astype(np.int64)
            for c in ("seekers", "eligible_share", "listed_share", "exposure", "placements", "placement_rate",
                      "mean_score_placed", "base_score_total", "impact_ratio", "four_fifths_flag",
                      "placements_no_priority", "placement_rate_no_priority", "base_score_total_no_priority",
                      "impact_ratio_no_priority", "four_fifths_flag_no_priority"):
                a = np.asarray(r[prefix + c]).astype(np.float64)
                if c in ("seekers", "placements", "placements_no_priority") or c.startswith("four_fifths_flag"):
                    a[a < 0] = np.nan  # suppressed counts, undefined flags
                out[c] = a
            df = pd.DataFrame(out)
            df.attrs["k"] = int(r["k"])
            df.attrs["min_cell_seekers"] = int(r["min_cell_seekers"])
            df.attrs["allocated"] = bool(r["allocated"])
            return df

        groups = frame("group_", False)
        if not strata:
            return groups
        return groups, frame("strata_", True)

    def _placed_by_group(self, placed: np.ndarray) -> pd.DataFrame:
        groups = self.seeker_groups
        names = self.group_names
        out = []
        for g, name in enumerate(names + ["(all seekers)"]):
            member = np.ones(len(groups), dtype=bool) if g == len(names) else ((groups >> np.uint64(g)) & np.uint64(1)
                                                                                ).astype(bool)
            n = int(member.sum())
            if n == 0:
                continue
            p = int(np.count_nonzero(placed & member))
            out.append((name, n, p, p / n))
        return pd.DataFrame(out, columns=["group", "seekers", "placed", "share"])

    # -- export ------------------------------------------------------------------------
    def to_csv(self, directory: PathLike) -> None:
        """Writes the engine's data as skills.csv, seekers.csv, vacancies.csv (C++ writers)."""
        self._native.write_csv(os.fspath(directory))

    def to_city(self) -> City:
        """The engine's data back as DataFrames (and stored embeddings, copied)."""
        with tempfile.TemporaryDirectory(prefix="jobmatch_export_") as tmp:
            self.to_csv(tmp)
            se, ve = self.seeker_embeddings, self.vacancy_embeddings
            return City(seekers=read_csv(os.path.join(tmp, "seekers.csv"), "seekers"),
                        vacancies=read_csv(os.path.join(tmp, "vacancies.csv"), "vacancies"),
                        skills=read_csv(os.path.join(tmp, "skills.csv"), "skills"),
                        seeker_embeddings=None if se is None else se.copy(),
                        vacancy_embeddings=None if ve is None else ve.copy())


class Engine(EngineView):
    """A live engine: scores, recommends and allocates, and takes updates.

    It wraps the C++ ``jobmatch::Engine`` (docs/live_engine.md). Build from
    DataFrames in the CSV schema (docs/data_formats.md, :func:`schema`)::

        engine = jobmatch.Engine(seekers=df_s, vacancies=df_v, skills=df_skills,
                                 policy=jobmatch.Policy.default())

    or from CSV files with :meth:`from_csv`, or from a snapshot with
    :meth:`load_snapshot`. Then update it in place —
    :meth:`upsert_seekers`, :meth:`upsert_vacancies`,
    :meth:`remove_seekers`, :meth:`remove_vacancies`,
    :meth:`replace_policy` — and query it: every query method runs on the
    version current when it starts (:attr:`sequence`); take a
    :meth:`view` to ask several questions of one version. Results equal
    those of an engine built fresh from the final data, bit for bit.

    Loading and every update are all-or-nothing; a bad row raises
    :class:`jobmatch.InvalidInputError` with the C++ message
    (``<seekers DataFrame>:6: column 'skills': unknown skill 'weldng'
    [DataFrame row 4, index 'r4']``) and attributes ``source``, ``line``
    (the row's line in the CSV file :func:`write_csv` would write),
    ``column``, ``row`` (0-based DataFrame row). Values of sensitive columns
    never appear in messages; the index label is left out when the index is
    a sensitive column (named as one, or equal to one, e.g.
    ``df.set_index("household_id", drop=False)``) — do not index by personal
    data under another name.

    Args:
        seekers, vacancies: DataFrames with the columns of seekers.csv and
            vacancies.csv. Numeric columns may be any numeric dtype (NaN =
            empty, i.e. the default); text and list columns hold strings.
            List columns (``groups``, ``skills``, ``preferred_industries``,
            ``requirements``) may hold ';'-joined strings or lists of
            strings. Dates (``registered_on``, ``posted_on``) may be
            datetime64 (NaT = none; a time of day is ignored),
            ``datetime.date`` objects or ``YYYY-MM-DD`` strings (None/NaN =
            none). An ``embedding`` column may hold strings (numbers
            separated by spaces) or arrays.
        skills: the skill vocabulary (DataFrame with column ``skill``, or a
            list of names). None: every skill the data names, so a misspelt
            skill is then not caught.
        policy: a :class:`Policy`, a dict in the policy-file format, a path
            to a policy file, or None for the built-in policy.
        seeker_embeddings, vacancy_embeddings: optional float32 C-contiguous
            (n, d) matrices, one row per seeker / vacancy (instead of an
            ``embedding`` column). They are copied once (the engine stores
            them L2-normalised); :attr:`seeker_embeddings` is a read-only view
            of the stored copy.

    Every method may be called from several Python threads at once (the
    GIL is released while C++ works); updates are serialised, and never
    change a view a query holds.
    """

    def __init__(self, seekers: pd.DataFrame, vacancies: pd.DataFrame,
                 skills: Union[pd.DataFrame, Sequence[str], None] = None, policy: PolicyLike = None, *,
                 seeker_embeddings: Optional[np.ndarray] = None,
                 vacancy_embeddings: Optional[np.ndarray] = None) -> None:
        pol = _as_policy(policy)
        s_cells = _frame_cells(seekers, "seekers", seeker_embeddings, "seeker_embeddings")
        v_cells = _frame_cells(vacancies, "vacancies", vacancy_embeddings, "vacancy_embeddings")
        k_text = _skills_text(skills if skills is None or isinstance(skills, pd.DataFrame) else list(skills),
                              seekers, vacancies)
        try:
            native = _jobmatch._Engine.from_frames(pol._native, k_text, "<skills DataFrame>", s_cells, len(seekers),
                                                   _SOURCES["seekers"], v_cells, len(vacancies),
                                                   _SOURCES["vacancies"])
        except JobmatchError as e:
            _locate(e, {"seekers": seekers, "vacancies": vacancies})
            raise
        self._init(native)

    def _init(self, native: "_jobmatch._Engine") -> None:
        self._engine = native
        self._view: Optional[EngineView] = None

    @classmethod
    def _wrap(cls, native: "_jobmatch._Engine") -> "Engine":
        self = cls.__new__(cls)
        self._init(native)
        return self

    @classmethod
    def from_csv(cls, data: Optional[PathLike] = None, *, skills: Optional[PathLike] = None,
                 seekers: Optional[PathLike] = None, vacancies: Optional[PathLike] = None,
                 policy: PolicyLike = None) -> "Engine":
        """Loads ``skills.csv``, ``seekers.csv`` and ``vacancies.csv`` like ``jobmatch --data``.

        ``data`` is the directory; ``skills``/``seekers``/``vacancies``
        override single files. A directory holding ``manifest.json`` is read
        as a sharded directory (``jobmatch generate --country``;
        docs/data_formats.md, "Sharded directories"), rows in manifest order,
        unless single files are given. Errors name the file as given, the
        line and the column (:class:`jobmatch.InvalidInputError`); a missing
        file raises :class:`jobmatch.FileError`.
        """
        base = os.fspath(data) if data is not None else "."
        if (data is not None and skills is None and seekers is None and vacancies is None
                and os.path.isfile(os.path.join(base, "manifest.json"))):
            return cls._wrap(_jobmatch._Engine.from_sharded_directory(_as_policy(policy)._native, base))
        paths = [os.fspath(p) if p is not None else os.path.join(base, name)
                 for p, name in ((skills, "skills.csv"), (seekers, "seekers.csv"), (vacancies, "vacancies.csv"))]
        return cls._wrap(_jobmatch._Engine.from_files(_as_policy(policy)._native, *paths))

    @classmethod
    def load_snapshot(cls, path: PathLike, progress: Optional[ProgressCallback] = None) -> "Engine":
        """An engine from a snapshot written by :meth:`save_snapshot` or ``jobmatch snapshot save``.

        The file is validated first (a damaged file raises
        :class:`jobmatch.FileError` or :class:`jobmatch.InvalidInputError`,
        never crashes). The engine starts at :attr:`sequence` 0.
        ``progress(done, total)`` reports bytes.
        """
        return cls._wrap(_jobmatch._Engine.load_snapshot(os.fspath(path), progress))

    # -- versions -------------------------------------------------------------
    def _current(self) -> EngineView:
        native = self._engine.view()
        cur = self._view
        if cur is None or cur.sequence != native.sequence:
            cur = EngineView(native)
            self._view = cur
        return cur

    @property
    def _native(self) -> "_jobmatch._View":  # type: ignore[override]
        return self._current()._native

    def view(self) -> EngineView:
        """The current version as an :class:`EngineView`: later updates do not change its answers."""
        return EngineView(self._engine.view())

    @property
    def sequence(self) -> int:
        """The current version: the number of successful updates since the engine was built or loaded."""
        return int(self._engine.sequence)

    # -- updates --------------------------------------------------------------
    def upsert_seekers(self, seekers: pd.DataFrame, *, embeddings: Optional[np.ndarray] = None,
                       progress: Optional[ProgressCallback] = None) -> None:
        """Adds seekers, or replaces those whose id the engine holds (the new row goes last).

        ``seekers`` has the columns of the constructor's DataFrame (only
        ``id``, ``lat``, ``lon`` required; absent columns take their
        defaults); ``embeddings`` as the constructor's ``seeker_embeddings``.
        All-or-nothing: on a bad row nothing changes and the error names the
        row and column (see :class:`Engine`). Skills and key groups must be
        in the engine's vocabulary, and so must industries (they are fixed
        when the engine is built).
        """
        self._upsert("seekers", seekers, embeddings, progress)

    def upsert_vacancies(self, vacancies: pd.DataFrame, *, embeddings: Optional[np.ndarray] = None,
                         progress: Optional[ProgressCallback] = None) -> None:
        """Adds vacancies, or replaces those whose id the engine holds; as :meth:`upsert_seekers`."""
        self._upsert("vacancies", vacancies, embeddings, progress)

    def _upsert(self, table: str, df: pd.DataFrame, embeddings: Optional[np.ndarray],
                progress: Optional[ProgressCallback]) -> None:
        cells = _frame_cells(df, table, embeddings, "embeddings")
        try:
            self._engine.upsert(table == "seekers", cells, len(df), _SOURCES[table], progress)
        except JobmatchError as e:
            _locate(e, {table: df})
            raise

    def remove_seekers(self, ids: Union[str, Iterable[str]]) -> None:
        """Removes seekers by id; all-or-nothing (an unknown or repeated id raises, nothing changes)."""
        self._engine.remove(True, _ids(ids))

    def remove_vacancies(self, ids: Union[str, Iterable[str]]) -> None:
        """Removes vacancies by id; all-or-nothing, as :meth:`remove_seekers`."""
        self._engine.remove(False, _ids(ids))

    def replace_policy(self, policy: PolicyLike) -> None:
        """Replaces the policy in place (the data is kept, only the scorers are rebuilt).

        An invalid policy (or one naming unknown groups) raises and changes
        nothing. To keep this engine and get another under a new policy, use
        :meth:`with_policy`.
        """
        self._engine.replace_policy(_as_policy(policy)._native)

    def compact(self) -> None:
        """Merges the updates into new base tables (same results; queries run as on a fresh engine)."""
        self._engine.compact()

    def save_snapshot(self, path: PathLike, progress: Optional[ProgressCallback] = None) -> None:
        """Writes the current version to ``path`` crash-safely (docs/snapshot_format.md).

        :meth:`load_snapshot` gives back an engine with the same results.
        The file holds personal data; it is created 0600. ``progress``
        reports bytes.
        """
        self._engine.save_snapshot(os.fspath(path), progress)

    def with_policy(self, policy: PolicyLike) -> "Engine":
        """A new Engine on the current data under another policy (tables shared, not copied)."""
        return self._current().with_policy(policy)

    # -- queries on the current version ---------------------------------------
    policy = _delegate_property(EngineView.policy)
    num_seekers = _delegate_property(EngineView.num_seekers)
    num_vacancies = _delegate_property(EngineView.num_vacancies)
    seeker_ids = _delegate_property(EngineView.seeker_ids)
    vacancy_ids = _delegate_property(EngineView.vacancy_ids)
    group_names = _delegate_property(EngineView.group_names)
    skill_names = _delegate_property(EngineView.skill_names)
    industry_names = _delegate_property(EngineView.industry_names)
    seeker_groups = _delegate_property(EngineView.seeker_groups)
    openings = _delegate_property(EngineView.openings)
    seeker_embeddings = _delegate_property(EngineView.seeker_embeddings)
    vacancy_embeddings = _delegate_property(EngineView.vacancy_embeddings)
    uses_embeddings = _delegate_property(EngineView.uses_embeddings)
    recommend_arrays = _delegate(EngineView.recommend_arrays)
    recommend = _delegate(EngineView.recommend)
    recommend_to_csv = _delegate(EngineView.recommend_to_csv)
    explain = _delegate(EngineView.explain)
    score = _delegate(EngineView.score)
    allocate = _delegate(EngineView.allocate)
    mismatch = _delegate(EngineView.mismatch)
    training_advice = _delegate(EngineView.training_advice)
    training_courses = _delegate(EngineView.training_courses)
    tightness = _delegate(EngineView.tightness)
    to_csv = _delegate(EngineView.to_csv)
    to_city = _delegate(EngineView.to_city)

    def __repr__(self) -> str:
        return repr(self._current()).replace("EngineView(", "Engine(", 1)


def _parse_quota(q: Union[str, Mapping[str, Any]], n: int) -> Tuple[str, List[str], List[str], float]:
    if isinstance(q, str):
        # The library's parser, as the CLI's --quota (refuses hex floats, inf, nan).
        return _jobmatch._parse_quota(q, f"quota_{n}")
    unknown = set(q) - {"name", "groups", "kinds", "share"}
    if unknown:
        raise ValueError(f"quota {n}: unknown keys {sorted(unknown)} (name, groups, kinds, share)")
    groups = list(q.get("groups", []))
    kinds = list(q.get("kinds", []))
    share = float(q["share"])
    name = str(q.get("name", f"quota_{n}"))
    if not groups:
        raise ValueError(f"quota {name}: no group")
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"quota {name}: share must be in [0, 1], got {share}")
    return name, groups, kinds, share
