"""Sets of valid values, and whether a change narrowed or widened them.

One job: the small arithmetic behind the severity of constraint changes. A range, an item-count
limit and an integer format are intervals (a missing bound is infinite); enum values, special
values and edition value lists are finite sets. Comparing two of them gives a :class:`Relation`.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass

from codegen.ir.model import Kind, Range

__all__ = [
    "Interval",
    "Relation",
    "compare",
    "format_interval",
    "format_relation",
    "items_interval",
    "range_interval",
    "relation",
    "set_relation",
]

Number = int | float


class Relation(enum.Enum):
    EQUAL = "equal"
    NARROWED = "narrowed"  # every new value was valid before
    WIDENED = "widened"  # every old value is still valid
    CHANGED = "changed"  # some values went, others came


def relation(old_has_new: bool, new_has_old: bool) -> Relation:
    """The relation between two value sets from their two containments."""
    if old_has_new and new_has_old:
        return Relation.EQUAL
    if old_has_new:
        return Relation.NARROWED
    if new_has_old:
        return Relation.WIDENED
    return Relation.CHANGED


@dataclass(frozen=True)
class Interval:
    """A closed interval of numbers; infinite ends stand for a missing bound."""

    low: Number = -math.inf
    high: Number = math.inf

    def contains(self, other: Interval) -> bool:
        if other.empty:
            return True
        return self.low <= other.low and other.high <= self.high

    def has(self, value: Number) -> bool:
        return self.low <= value <= self.high

    def __and__(self, other: Interval) -> Interval:
        return Interval(max(self.low, other.low), min(self.high, other.high))

    @property
    def empty(self) -> bool:
        return self.low > self.high

    def text(self) -> str:
        def end(v: Number) -> str:
            if v == math.inf:
                return "MAX"
            if v == -math.inf:
                return "MIN"
            return str(v)

        return f"{end(self.low)}-{end(self.high)}"


def compare(old: Interval, new: Interval) -> Relation:
    """How the interval of valid values changed from ``old`` to ``new``."""
    return relation(old.contains(new), new.contains(old))


def range_interval(r: Range | None) -> Interval:
    """The values ``Allowed values are LO-HI`` permits (everything without a range)."""
    if r is None:
        return Interval()
    low = -math.inf if r.low is None else r.low
    high = math.inf if r.high is None else r.high
    return Interval(low, high)


def items_interval(min_items: int | None, max_items: int | None) -> Interval:
    """The list sizes ``Minimum of N items`` and ``Maximum of M items`` permit."""
    return Interval(
        0 if min_items is None else min_items, math.inf if max_items is None else max_items
    )


_INTEGER_FORMATS: dict[str | None, Interval] = {
    None: Interval(),
    "int32": Interval(-(2**31), 2**31 - 1),
    "uint32": Interval(0, 2**32 - 1),
    "int64": Interval(-(2**63), 2**63 - 1),
    "uint64": Interval(0, 2**64 - 1),
}
# Floating formats nest: float within double within any number.
_NUMBER_FORMATS: dict[str | None, int] = {"float": 1, "double": 2, None: 3}


def format_interval(kind: Kind, fmt: str | None) -> Interval | None:
    """The integers an integer format can hold; None when ``fmt`` is not an integer format."""
    if kind is not Kind.INTEGER:
        return None
    return _INTEGER_FORMATS.get(fmt)


def format_relation(kind: Kind, old: str | None, new: str | None) -> Relation:
    """How the set of values a format can hold changed; unknown formats are just changed."""
    if old == new:
        return Relation.EQUAL
    if kind is Kind.INTEGER and old in _INTEGER_FORMATS and new in _INTEGER_FORMATS:
        return compare(_INTEGER_FORMATS[old], _INTEGER_FORMATS[new])
    if kind is Kind.NUMBER and old in _NUMBER_FORMATS and new in _NUMBER_FORMATS:
        a, b = _NUMBER_FORMATS[old], _NUMBER_FORMATS[new]
        return relation(b <= a, a <= b)
    return Relation.CHANGED


def set_relation(old: Iterable[object], new: Iterable[object]) -> Relation:
    a, b = set(old), set(new)
    return relation(b <= a, a <= b)
