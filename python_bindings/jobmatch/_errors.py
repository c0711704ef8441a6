"""Exceptions raised by jobmatch.

Every failure of the C++ library (an ``absl::Status``) is raised as a
subclass of :class:`JobmatchError` that also subclasses the matching built-in
exception, so ``except ValueError`` works as a Python user expects:

==========================  ============================================
absl status code            exception
==========================  ============================================
INVALID_ARGUMENT,           :class:`InvalidInputError` (``ValueError``)
OUT_OF_RANGE,
FAILED_PRECONDITION
NOT_FOUND (an id)           :class:`NotFoundError` (``KeyError``)
any code from file I/O      :class:`FileError` (``OSError``; ``errno`` set
(NOT_FOUND, PERMISSION_…)   for NOT_FOUND and PERMISSION_DENIED)
RESOURCE_EXHAUSTED          :class:`ResourceExhaustedError` (``MemoryError``)
CANCELLED                   :class:`CancelledError` (a progress callback
                            returned False); Ctrl-C raises
                            ``KeyboardInterrupt`` itself
anything else               :class:`InternalError` (``RuntimeError``)
==========================  ============================================
"""
from __future__ import annotations

import errno as _errno
import re
from typing import Optional

__all__ = [
    "JobmatchError",
    "InvalidInputError",
    "NotFoundError",
    "FileError",
    "ResourceExhaustedError",
    "CancelledError",
    "InternalError",
]

# absl::StatusCode values.
_CODES = {
    0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND", 6: "ALREADY_EXISTS", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION", 10: "ABORTED", 11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED",
    13: "INTERNAL", 14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
}

# "<source>:<line>: column '<column>': <reason>" / "<source>:<line>: <reason>"
_LOCATED = re.compile(r"^(?P<source>.+?):(?P<line>\d+): (?:column '(?P<column>[^']*)': )?(?P<reason>.*)$",
                      re.DOTALL)


class JobmatchError(Exception):
    """Base class of every error the jobmatch library reports.

    Attributes:
        code: the absl status code name, e.g. ``"INVALID_ARGUMENT"``.
        message: the C++ message, unchanged (e.g.
            ``"seekers.csv:17: column 'skills': unknown skill 'weldng'"``).
        source: the file (or DataFrame) the error is about, when the message
            names one with a line number, else None.
        line: 1-based physical line in that file, or None.
        column: the CSV column (field) at fault, or None.
        row: for data given as a DataFrame, the 0-based row position, or None.
        reason: the message without its location prefix.
    """

    code: str
    message: str
    source: Optional[str]
    line: Optional[int]
    column: Optional[str]
    row: Optional[int]
    reason: str

    def __init__(self, message: str, code: str = "UNKNOWN") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.row = None
        m = _LOCATED.match(message)
        if m:
            self.source = m.group("source")
            self.line = int(m.group("line"))
            self.column = m.group("column")
            self.reason = m.group("reason")
        else:
            self.source, self.line, self.column, self.reason = None, None, None, message

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class InvalidInputError(JobmatchError, ValueError):
    """Bad input: a CSV row, a policy value, an argument out of range."""


class NotFoundError(JobmatchError, KeyError):
    """An unknown seeker or vacancy id."""


class FileError(JobmatchError, OSError):
    """A file could not be opened, read or written."""

    def __init__(self, message: str, code: str = "UNKNOWN") -> None:
        JobmatchError.__init__(self, message, code)
        err = {"NOT_FOUND": _errno.ENOENT, "PERMISSION_DENIED": _errno.EACCES}.get(code)
        if err is not None:
            self.errno = err
        self.strerror = message

    def __str__(self) -> str:
        return self.message


class ResourceExhaustedError(JobmatchError, MemoryError):
    """A size limit was exceeded (file too large, too many groups, …)."""


class CancelledError(JobmatchError):
    """A progress callback returned False."""


class InternalError(JobmatchError, RuntimeError):
    """Any other failure reported by the library."""


def _from_status(code: int, message: str, io: bool) -> JobmatchError:
    """Builds the exception for an absl status (called by the compiled module)."""
    name = _CODES.get(code, "UNKNOWN")
    cls: type
    if name in ("INVALID_ARGUMENT", "OUT_OF_RANGE", "FAILED_PRECONDITION"):
        cls = InvalidInputError
    elif io and name in ("NOT_FOUND", "PERMISSION_DENIED", "ALREADY_EXISTS", "UNAVAILABLE", "DATA_LOSS",
                         "INTERNAL", "UNKNOWN"):
        cls = FileError
    elif name == "NOT_FOUND":
        cls = NotFoundError
    elif name == "RESOURCE_EXHAUSTED":
        cls = ResourceExhaustedError
    elif name == "CANCELLED":
        cls = CancelledError
    else:
        cls = InternalError
    return cls(message, name)
