"""The registry of change kinds: stable ids, documented, and the small pieces behind severity."""

from __future__ import annotations

import math
import re

import pytest

from codegen.diff import kinds
from codegen.diff.change import Change, by_severity, fails, sort_changes, summary
from codegen.diff.domains import (
    Interval,
    Relation,
    format_relation,
    items_interval,
    range_interval,
    set_relation,
)
from codegen.diff.fields import preview, same_json
from codegen.diff.kinds import REGISTRY, Direction, Severity
from codegen.diff.renames import find_renames
from codegen.ir.grammar import parse_description
from codegen.ir.model import Field, Kind, Range, TypeRef

_ROW = re.compile(r"^([a-z][a-z0-9-]+)\s+(info|warning|breaking)\s+(request|response|both)\s")


def test_ids_are_unique_kebab_case_and_the_docstring_table_matches() -> None:
    assert kinds.__doc__ is not None
    table = {}
    for line in kinds.__doc__.splitlines():
        m = _ROW.match(line)
        if m:
            table[m.group(1)] = (m.group(2), m.group(3))
    assert table == {k.id: (k.severity.value, k.direction.value) for k in REGISTRY.values()}
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", k) for k in REGISTRY)
    assert kinds.kind("field-removed") is kinds.FIELD_REMOVED
    with pytest.raises(KeyError):
        kinds.kind("no-such-kind")


def test_quads_follow_direction() -> None:
    for quad in (kinds.FORMAT, kinds.ENUM, kinds.RANGE, kinds.SPECIAL, kinds.ITEMS):
        assert quad.request_narrowed.severity is Severity.BREAKING
        assert quad.request_narrowed.direction is Direction.REQUEST
        assert quad.response_narrowed.severity is Severity.INFO
        assert quad.response_widened.severity is Severity.WARNING
        assert quad.response_widened.direction is Direction.RESPONSE
        assert quad.request_widened.severity is Severity.INFO


def test_severity_rank_and_fail_on() -> None:
    assert [s.rank for s in (Severity.INFO, Severity.WARNING, Severity.BREAKING)] == [0, 1, 2]
    info = Change(kinds.FIELD_ADDED, "O", "D", "f", None, "string", "field added")
    warn = Change(kinds.DEPRECATED, "O", "D", "g", None, True, "deprecated")
    assert not fails([info], Severity.WARNING)
    assert fails([info, warn], Severity.WARNING)
    assert not fails([info, warn], Severity.BREAKING)
    assert not fails([info, warn], None)
    assert by_severity([info, warn]) == {"breaking": 0, "warning": 1, "info": 1}
    assert summary([warn, info, info]) == {"field-added": 2, "field-deprecated": 1}
    assert sort_changes([warn, info, info]) == [info, warn]  # sorted, duplicates dropped


def test_change_json_and_location() -> None:
    c = Change(kinds.FIELD_RENAMED, "Image", "Image", "b", "a", "b", "renamed from a")
    assert c.location == "Image.b"
    assert c.to_json() == {
        "id": "field-renamed", "severity": "breaking", "direction": "both", "object": "Image",
        "definition": "Image", "path": "b", "old": "a", "new": "b", "message": "renamed from a",
    }
    op = Change(kinds.OPERATION_ADDED, "Image", "", "GET /image", None, "GET /image", "added")
    assert op.location == "GET /image"
    obj = Change(kinds.OBJECT_ADDED, "Image", "", "", None, "Image", "added")
    assert obj.location == "Image"


def test_intervals_and_relations() -> None:
    assert range_interval(None) == Interval()
    assert range_interval(Range(0, None)) == Interval(0, math.inf)
    assert Interval(0, 10).contains(Interval(1, 5))
    assert not Interval(1, 5).contains(Interval(0, 10))
    assert Interval(5, 1).empty and Interval(0, 1).contains(Interval(5, 1))
    assert (Interval(0, 10) & Interval(5, 20)) == Interval(5, 10)
    assert Interval(0, math.inf).text() == "0-MAX" and Interval().text() == "MIN-MAX"
    assert items_interval(None, 4) == Interval(0, 4)
    assert format_relation(Kind.INTEGER, "int32", "int64") is Relation.WIDENED
    assert format_relation(Kind.INTEGER, "int64", "int32") is Relation.NARROWED
    assert format_relation(Kind.INTEGER, "int32", "uint32") is Relation.CHANGED
    assert format_relation(Kind.INTEGER, "uint32", "uint64") is Relation.WIDENED
    assert format_relation(Kind.INTEGER, "int32", None) is Relation.WIDENED
    assert format_relation(Kind.NUMBER, "double", "float") is Relation.NARROWED
    assert format_relation(Kind.STRING, "date", "date-time") is Relation.CHANGED
    assert format_relation(Kind.STRING, "date", "date") is Relation.EQUAL
    assert set_relation(["A", "B"], ["B", "A"]) is Relation.EQUAL
    assert set_relation(["A", "B"], ["A"]) is Relation.NARROWED
    assert set_relation(["A"], ["B"]) is Relation.CHANGED


def test_json_equality_and_preview() -> None:
    assert same_json(10, 10.0)
    assert not same_json(True, 1) and not same_json(0, False)
    assert same_json({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not same_json([1], [1, 2]) and not same_json("1", 1)
    assert preview(["A", "B"]) == "A, B"
    assert preview(list("ABCDEFGH")) == "A, B, C, D, E, F and 2 more"


def _field(name: str, description: str, kind: Kind = Kind.STRING) -> Field:
    return Field(name, TypeRef(kind), description=description,
                 doc=parse_description(description))


def test_renames_need_one_unambiguous_match() -> None:
    old = [_field("a_uuid", "The thing. Field introduced in 20.1.1."),
           _field("x", "Other.")]
    new = [_field("a_ref", "The thing. It is a reference to an object of type Pool."),
           _field("y", "Other words.")]
    assert [(a.name, b.name) for a, b in find_renames(old, new)] == [("a_uuid", "a_ref")]
    # case, spacing and a final period do not matter
    assert find_renames([_field("p", "Same  Thing.")], [_field("q", "same thing")])
    # the wrong type, or an empty summary, never pairs
    assert not find_renames([_field("p", "Same.")], [_field("q", "Same.", Kind.INTEGER)])
    assert not find_renames([_field("p", "Field introduced in 20.1.1.")],
                            [_field("q", "Field introduced in 20.1.1.")])
