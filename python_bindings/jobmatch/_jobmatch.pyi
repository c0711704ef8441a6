# Type stub of the compiled module jobmatch._jobmatch (python_bindings/*.cc).
# Private: the public API is the pure-Python package (docs/python.md).
# tests/python/test_bindings_stubs.py checks this file against the module.
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

_Progress = Optional[Callable[[int, int], Optional[bool]]]

kernel: str

class _Policy:
    @staticmethod
    def default() -> _Policy: ...
    @staticmethod
    def from_json(text: str, source: str = ...) -> _Policy: ...
    @staticmethod
    def from_file(path: str) -> _Policy: ...
    def to_json(self) -> str: ...
    @property
    def name(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...

_Cells = List[Optional[Tuple[Any, ...]]]

class _Engine:
    @staticmethod
    def from_frames(
        policy: _Policy,
        skills: str,
        skills_source: str,
        seekers: _Cells,
        num_seekers: int,
        seekers_source: str,
        vacancies: _Cells,
        num_vacancies: int,
        vacancies_source: str,
    ) -> _Engine: ...
    @staticmethod
    def from_files(policy: _Policy, skills: str, seekers: str, vacancies: str) -> _Engine: ...
    @staticmethod
    def from_sharded_directory(policy: _Policy, directory: str, progress: _Progress = ...) -> _Engine: ...
    @staticmethod
    def from_shard_part(
        policy: _Policy, directory: str, seekers: List[int], vacancies: List[int], remote_vacancies: List[int]
    ) -> Tuple[_Engine, npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
    @staticmethod
    def shard_extent(policy: _Policy, directory: str, shard: int) -> dict: ...
    @staticmethod
    def shard_manifest(directory: str) -> dict: ...
    @staticmethod
    def load_snapshot(path: str, progress: _Progress = ...) -> _Engine: ...
    def view(self) -> _View: ...
    def upsert(self, seekers: bool, cells: _Cells, rows: int, source: str, progress: _Progress = ...) -> None: ...
    def remove(self, seekers: bool, ids: List[str]) -> None: ...
    def replace_policy(self, policy: _Policy) -> None: ...
    def save_snapshot(self, path: str, progress: _Progress = ...) -> None: ...
    def compact(self) -> None: ...
    @property
    def sequence(self) -> int: ...

class _AllocationPlan:
    def schedule(self, which: str) -> dict: ...
    def parts(self, which: str) -> List[dict]: ...
    def take_parts(self, which: str) -> List[dict]: ...
    def finish(
        self,
        answers: List[npt.NDArray[np.int64]],
        answers_without_coverage: Optional[List[npt.NDArray[np.int64]]] = ...,
    ) -> dict: ...
    @property
    def candidate_edges(self) -> int: ...

class _View:
    def write_topk_csv(
        self,
        path: str,
        direction: int,
        k: int,
        rows: Optional[npt.NDArray[np.int64]] = ...,
        threads: int = ...,
        progress: _Progress = ...,
        exhaustive: bool = ...,
        explain: bool = ...,
    ) -> Tuple[int, float]: ...
    def topk(
        self,
        direction: int,
        k: int,
        rows: Optional[npt.NDArray[np.int64]] = ...,
        threads: int = ...,
        progress: _Progress = ...,
        exhaustive: bool = ...,
    ) -> Tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.int64], float]: ...
    def rows_of(self, ids: List[str], seekers: bool) -> npt.NDArray[np.int64]: ...
    def extent(self) -> dict: ...
    def explain(self, seeker_row: int, vacancy_row: int) -> dict: ...
    def explain_pairs(self, seeker_rows: npt.NDArray[np.int64], vacancy_rows: npt.NDArray[np.int64]) -> dict: ...
    def score_pairs(
        self, seeker_rows: npt.NDArray[np.int64], vacancy_rows: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float32]: ...
    def allocate(
        self,
        method: str,
        objective: str,
        proposer: str,
        candidates: int,
        min_score: float,
        households: bool,
        household_group: str,
        quotas: List[Tuple[str, List[str], List[str], float]],
        threads: int,
        progress: _Progress = ...,
    ) -> dict: ...
    def allocation_candidates(
        self, candidates: int, threads: int = ..., exhaustive: bool = ...
    ) -> Tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]: ...
    def allocation_plan(
        self,
        method: str,
        objective: str,
        proposer: str,
        candidates: int,
        min_score: float,
        households: bool,
        household_group: str,
        quotas: List[Tuple[str, List[str], List[str], float]],
        rows: Union[npt.NDArray[np.int64], Sequence[npt.NDArray[np.int64]]],
        cols: Union[npt.NDArray[np.int64], Sequence[npt.NDArray[np.int64]]],
        scores: Union[npt.NDArray[np.float32], Sequence[npt.NDArray[np.float32]]],
        parts_hint: int,
    ) -> _AllocationPlan: ...
    def mismatch(
        self,
        by_district: bool,
        by_industry: bool,
        shortage_ratio: Optional[float],
        surplus_ratio: Optional[float],
        reach: bool,
        filled: Optional[List[int]],
        allocation_path: str,
        as_of_days: Optional[int],
    ) -> dict: ...
    def outreach(
        self,
        level: str,
        top: int,
        months: Optional[int],
        placed: Optional[List[int]],
        allocation_path: str,
        out_dir: str,
        training_top: int,
        threads: int,
        progress: _Progress = ...,
    ) -> dict: ...
    def training_advice(
        self,
        rows: Optional[List[int]],
        k: int,
        top: int,
        threads: int,
        progress: _Progress = ...,
    ) -> dict: ...
    def training_courses(
        self,
        level: str,
        filled: Optional[List[int]],
        placed: Optional[List[int]],
        allocation_path: str,
        threads: int,
        progress: _Progress = ...,
    ) -> dict: ...
    def audit(
        self,
        k: int,
        placements: Optional[List[int]],
        allocation_path: str,
        method: str,
        objective: str,
        proposer: str,
        candidates: int,
        households: bool,
        min_cell_seekers: Optional[int],
        strata: bool,
        threads: int,
        exhaustive: bool,
    ) -> dict: ...
    def write_csv(self, directory: str) -> None: ...
    def with_policy(self, policy: _Policy) -> _Engine: ...
    @property
    def sequence(self) -> int: ...
    @property
    def policy(self) -> _Policy: ...
    @property
    def num_seekers(self) -> int: ...
    @property
    def num_vacancies(self) -> int: ...
    @property
    def seeker_ids(self) -> List[str]: ...
    @property
    def vacancy_ids(self) -> List[str]: ...
    @property
    def skill_names(self) -> List[str]: ...
    @property
    def industry_names(self) -> List[str]: ...
    @property
    def group_names(self) -> List[str]: ...
    @property
    def uses_embeddings(self) -> bool: ...
    @property
    def seeker_groups(self) -> npt.NDArray[np.uint64]: ...
    @property
    def openings(self) -> npt.NDArray[np.int32]: ...
    @property
    def seeker_embeddings(self) -> Optional[npt.NDArray[np.float32]]: ...
    @property
    def vacancy_embeddings(self) -> Optional[npt.NDArray[np.float32]]: ...

_ROW_PAYLOAD: str
_INELIGIBLE_REASONS: List[str]

def _schema() -> Dict[str, List[Dict[str, Any]]]: ...
def _write_file(path: str, text: str, personal: bool) -> None: ...
def _save_snapshot_shards(source: str, target: str, policy: _Policy, num_threads: int, progress: _Progress = ...) -> None: ...
def _write_lists_csv(
    path: str,
    direction: int,
    answer_ids: List[str],
    rank: npt.NDArray[np.int64],
    entry_ids: List[str],
    score: npt.NDArray[np.float32],
) -> None: ...
def _parse_quota(spec: str, name: str) -> Tuple[str, List[str], List[str], float]: ...
def _generate_city(
    seed: int,
    seekers: int,
    vacancies: int,
    embedding_dim: int,
    center_lat: float,
    center_lon: float,
    radius_km: float,
    out_dir: str,
) -> Tuple[Optional[npt.NDArray[np.float32]], Optional[npt.NDArray[np.float32]]]: ...
def topk_rows(
    scores: npt.NDArray[np.float32], k: int, threads: int = ..., progress: _Progress = ...
) -> Tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]: ...
def topk_inner_product(
    queries: npt.NDArray[np.float32],
    items: npt.NDArray[np.float32],
    k: int,
    threads: int = ...,
    progress: _Progress = ...,
) -> Tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]: ...
def assignment(
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float32],
    capacity: npt.NDArray[np.int32],
    num_rows: Optional[int] = ...,
    objective: str = ...,
    min_weight: Optional[float] = ...,
    row_groups: Optional[npt.NDArray[np.int64]] = ...,
    cover_groups: bool = ...,
    progress: _Progress = ...,
) -> dict: ...
def stable_matching(
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float32],
    capacity: npt.NDArray[np.int32],
    num_rows: Optional[int] = ...,
    proposer: str = ...,
    min_weight: Optional[float] = ...,
    column_weights: Optional[npt.NDArray[np.float32]] = ...,
    progress: _Progress = ...,
) -> dict: ...
def _unpack_array(dtype: str, first: int, delta: bool, data: npt.NDArray[Any]) -> npt.NDArray[Any]: ...
def solve_assignment_part(schedule: dict, part: dict, force_general: bool = ..., *,
                          unpack: Optional[Callable[[Any], Any]] = ..., consume: bool = ...) -> Optional[npt.NDArray[np.int64]]: ...
