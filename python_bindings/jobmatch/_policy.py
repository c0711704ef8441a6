"""jobmatch.Policy: the scoring policy (docs/policy_file.md) as a Python value."""
from __future__ import annotations

import json
import os
from typing import Any, Dict, Mapping, Union

from . import _jobmatch

__all__ = ["Policy"]

COMPONENTS = ("skill", "embedding", "distance", "wage", "schedule", "education", "preference")


class Policy:
    """A validated scoring policy: component weights, key-group priority rules,
    hard eligibility rules and reserved quotas (format: docs/policy_file.md).

    A Policy is an immutable value. Build one with :meth:`default`,
    :meth:`from_dict`, :meth:`from_json` or :meth:`from_file`; derive variants
    with :meth:`with_rule_weight`, :meth:`with_weights`,
    :meth:`with_max_total_boost` or by editing :meth:`to_dict` and calling
    :meth:`from_dict` again. Every constructor validates with the C++ parser,
    so a bad value raises :class:`jobmatch.InvalidInputError` whose message
    names the JSON path, e.g. ``<dict>: priority.rules[0].weight: must be
    >= 0 ...``.

    Example::

        p = jobmatch.Policy.default()
        p2 = p.with_rule_weight("veteran", 0.12)
        p2.rule_weights["veteran"]      # 0.12
    """

    __slots__ = ("_native",)

    def __init__(self, native: "_jobmatch._Policy") -> None:
        """Wraps a compiled policy; use the classmethods instead."""
        if not isinstance(native, _jobmatch._Policy):
            raise TypeError("use Policy.default(), Policy.from_dict(), Policy.from_json() or Policy.from_file()")
        self._native = native

    # -- construction ------------------------------------------------------
    @classmethod
    def default(cls) -> "Policy":
        """The built-in policy (the same as ``jobmatch policy`` prints)."""
        return cls(_jobmatch._Policy.default())

    @classmethod
    def from_json(cls, text: str, source: str = "<policy>") -> "Policy":
        """Parses policy JSON text (comments allowed); ``source`` names it in errors."""
        return cls(_jobmatch._Policy.from_json(text, source))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "<dict>") -> "Policy":
        """Builds a policy from a dict in the policy-file format.

        ``format_version`` may be left out (1 is assumed). Unknown keys and
        out-of-range values raise :class:`jobmatch.InvalidInputError`.
        """
        d = dict(d)
        d.setdefault("format_version", 1)
        return cls.from_json(json.dumps(d, ensure_ascii=False), source)

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Policy":
        """Reads a policy file. A missing file raises :class:`jobmatch.FileError`."""
        return cls(_jobmatch._Policy.from_file(os.fspath(path)))

    # -- views ---------------------------------------------------------------
    def to_json(self) -> str:
        """The policy-file JSON text (round-trips through :meth:`from_json`)."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """A new dict in the policy-file format; edit it and pass it to :meth:`from_dict`."""
        return json.loads(self.to_json())

    @property
    def name(self) -> str:
        """The policy's name."""
        return self._native.name

    @property
    def weights(self) -> Dict[str, float]:
        """Component weights by name (a copy)."""
        return dict(self.to_dict()["weights"])

    @property
    def rule_weights(self) -> Dict[str, float]:
        """Priority-rule weights by rule name, in policy order (a copy)."""
        return {r["name"]: r["weight"] for r in self.to_dict()["priority"]["rules"]}

    # -- variants ------------------------------------------------------------
    def with_rule_weight(self, rule: str, weight: float) -> "Policy":
        """A copy with priority rule ``rule`` (by name, e.g. ``"veteran"``) given ``weight`` (>= 0).

        Raises KeyError for an unknown rule name and
        :class:`jobmatch.InvalidInputError` for a negative weight.
        """
        d = self.to_dict()
        rules = d["priority"]["rules"]
        hit = [r for r in rules if r["name"] == rule]
        if not hit:
            raise KeyError(f"no priority rule named {rule!r} (rules: {', '.join(r['name'] for r in rules)})")
        for r in hit:
            r["weight"] = weight
        return Policy.from_dict(d, source=f"<with_rule_weight {rule!r}>")

    def with_weights(self, **weights: float) -> "Policy":
        """A copy with some component weights changed, e.g. ``with_weights(skill=0.5)``."""
        unknown = set(weights) - set(COMPONENTS)
        if unknown:
            raise KeyError(f"unknown component(s) {sorted(unknown)} (components: {', '.join(COMPONENTS)})")
        d = self.to_dict()
        d["weights"].update(weights)
        return Policy.from_dict(d, source="<with_weights>")

    def with_max_total_boost(self, cap: float) -> "Policy":
        """A copy with a different cap on the total priority boost (0 disables priority)."""
        d = self.to_dict()
        d["priority"]["max_total_boost"] = cap
        return Policy.from_dict(d, source="<with_max_total_boost>")

    def without_priority(self) -> "Policy":
        """A copy with every priority rule's weight set to 0 (eligibility rules unchanged)."""
        d = self.to_dict()
        for r in d["priority"]["rules"]:
            r["weight"] = 0.0
        return Policy.from_dict(d, source="<without_priority>")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Policy) and self._native == other._native

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __copy__(self) -> "Policy":
        return self

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Policy":
        return self

    def __repr__(self) -> str:
        d = self.to_dict()
        return f"Policy(name={d['name']!r}, rules={len(d['priority']['rules'])})"


