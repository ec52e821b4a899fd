"""One reported change, and what is computed over a list of them (order, counts, the verdict).

A :class:`Change` says where (object, definition, path), what (its kind from the registry) and
the old and new values as JSON data. Lists of changes are always kept in one canonical order,
so every output is the same bytes for the same inputs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from codegen.diff.kinds import REGISTRY, ChangeKind, Direction, Severity

__all__ = [
    "Change",
    "SEVERITIES",
    "by_severity",
    "fails",
    "sort_changes",
    "summary",
]

#: Severities from worst to mildest: the order of every grouping in the reports.
SEVERITIES: tuple[Severity, ...] = (Severity.BREAKING, Severity.WARNING, Severity.INFO)


def canonical(value: Any) -> str:
    """A JSON value as one deterministic string (used to sort and to compare)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class Change:
    """One change between two IRs (or two generated packages).

    ``object`` is the API object the change belongs to ("" for a definition several objects
    share), ``definition`` the schema ("" for operations), ``path`` the field name or the
    operation locator (``GET /image/{uuid} header:X-Avi-Version``).
    """

    kind: ChangeKind
    object: str
    definition: str
    path: str
    old: Any
    new: Any
    message: str

    @property
    def id(self) -> str:
        return self.kind.id

    @property
    def severity(self) -> Severity:
        return self.kind.severity

    @property
    def direction(self) -> Direction:
        return self.kind.direction

    @property
    def location(self) -> str:
        """``Definition.field``, the operation locator, or the object name."""
        if self.definition and self.path:
            return f"{self.definition}.{self.path}"
        return self.definition or self.path or self.object

    def sort_key(self) -> tuple[str, str, str, str, str, str, str]:
        return (
            self.object,
            self.definition,
            self.path,
            self.kind.id,
            canonical(self.old),
            canonical(self.new),
            self.message,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.kind.id,
            "severity": self.kind.severity.value,
            "direction": self.kind.direction.value,
            "object": self.object,
            "definition": self.definition,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "message": self.message,
        }


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    """The canonical order: object, definition, path, kind id, old, new; duplicates dropped."""
    unique = {c.sort_key(): c for c in changes}
    return [unique[k] for k in sorted(unique)]


def summary(changes: Iterable[Change]) -> dict[str, int]:
    """How many changes of each kind, by kind id (registry order of ids is irrelevant: sorted)."""
    counts = Counter(c.kind.id for c in changes)
    return {k: counts[k] for k in sorted(counts)}


def by_severity(changes: Iterable[Change]) -> dict[str, int]:
    """How many changes of each severity, worst first, zeros included."""
    counts = Counter(c.kind.severity for c in changes)
    return {s.value: counts[s] for s in SEVERITIES}


def fails(changes: Iterable[Change], threshold: Severity | None) -> bool:
    """Whether a change of ``threshold`` severity or worse exists (never with no threshold)."""
    if threshold is None:
        return False
    return any(c.kind.severity.rank >= threshold.rank for c in changes)


def kinds_in_registry(changes: Iterable[Change]) -> bool:
    """Whether every change uses a registered kind (a guard for the tests)."""
    return all(REGISTRY.get(c.kind.id) is c.kind for c in changes)
