"""Progress reporting for long calls (recommend, allocate, top-k, assignment)."""
from __future__ import annotations

from typing import Any, Optional

__all__ = ["TqdmProgress"]


class TqdmProgress:
    """A ``progress`` callback that draws a tqdm bar.

    Every long call takes ``progress=callable(done, total)``; the C++ calls
    it from the calling thread about every 200 ms with the GIL held. This
    class adapts it to tqdm (Debian: python3-tqdm)::

        with jobmatch.TqdmProgress(desc="recommend") as bar:
            recs = engine.recommend(k=10, progress=bar)

    Keyword arguments go to ``tqdm.tqdm`` (e.g. ``leave=False``,
    ``disable=True``). In a notebook pass ``notebook=True`` to use
    ``tqdm.notebook``.
    """

    def __init__(self, desc: Optional[str] = None, unit: str = "rows", notebook: bool = False,
                 **tqdm_kwargs: Any) -> None:
        if notebook:
            from tqdm.notebook import tqdm
        else:
            from tqdm import tqdm
        self._tqdm = tqdm
        self._kwargs = dict(desc=desc, unit=unit, **tqdm_kwargs)
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> bool:
        """Advances the bar to ``done`` of ``total``; never cancels."""
        if self.bar is None:
            self.bar = self._tqdm(total=total, **self._kwargs)
        if self.bar.total != total:
            self.bar.total = total
        if done > self.bar.n:
            self.bar.update(done - self.bar.n)
        return True

    def close(self) -> None:
        """Closes the bar (also done by the ``with`` statement)."""
        if self.bar is not None:
            self.bar.close()

    def __enter__(self) -> "TqdmProgress":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
