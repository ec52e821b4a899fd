"""The changelog's release-order rule, on small hand-made IRs (no spec files)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pytest

from codegen.diagnostics import DiagnosticError
from codegen.diff.history import changelog, choose_base, inventory
from codegen.ir.model import Api, ApiObject, Definition, Field, Kind, Operation, TypeRef
from codegen.ir.release import Release

R = Release.parse


def make_api(release: str, fields: Sequence[str], ops: Sequence[str] = ("get /thing",)) -> Api:
    thing = Definition("Thing", tuple(Field(n, TypeRef(Kind.STRING)) for n in fields))
    operations = tuple(Operation(o.split()[0], o.split()[1]) for o in ops)
    obj = ApiObject("Thing", "Thing", "/thing", operations)
    return Api(R(release), {"Thing": obj}, {"Thing": thing})


def loader(specs: Mapping[str, Sequence[str]]) -> tuple[list[Release], Callable[[Release], Api]]:
    apis = {R(r): make_api(r, f) for r, f in specs.items()}
    calls: list[Release] = []

    def api_of(release: Release) -> Api:
        calls.append(release)
        return apis[release]

    return sorted(apis), api_of


# 18.2.10 got "x" after 20.1 branched; 20.1.1 lacks it, 20.1.2 has it (the SupportedMigrations
# story of Image).
BACKPORT = {
    "18.2.8": ["a"],
    "18.2.9": ["a", "b"],
    "18.2.10": ["a", "b", "x"],
    "18.2.11": ["a", "b", "x", "y"],
    "20.1.1": ["a", "b", "c"],
    "20.1.2": ["a", "b", "c", "x"],
}


def test_same_line_predecessor_skips_missing_releases() -> None:
    available, api_of = loader({"20.1.4": ["a"], "20.1.6": ["a"], "21.1.1": ["a"]})
    assert choose_base(R("20.1.6"), available, api_of)[:2] == (R("20.1.4"), "same-line")


def test_first_release_of_a_line_goes_to_the_branch_point() -> None:
    available, api_of = loader(BACKPORT)
    base, rule, reason = choose_base(R("20.1.1"), available, api_of)
    assert (base, rule) == (R("18.2.9"), "branch-point")
    assert "18.2.10 and later carry backports" in reason and "Thing.x" in reason


def test_without_backports_the_newest_release_of_the_previous_line() -> None:
    specs = dict(BACKPORT)
    specs["20.1.2"] = ["a", "b", "c"]  # "x" never comes to 20.1: not a backport
    available, api_of = loader(specs)
    base, rule, reason = choose_base(R("20.1.1"), available, api_of)
    assert (base, rule) == (R("18.2.11"), "branch-point")
    assert "no backports" in reason


def test_nothing_to_compare_with() -> None:
    available, api_of = loader(BACKPORT)
    assert choose_base(R("18.2.8"), available, api_of) == (
        None, "no-base", "no older release to compare with")


def test_changelog_never_reports_a_backport_as_removed() -> None:
    available, api_of = loader(BACKPORT)
    steps = changelog(R("18.2.9"), R("20.1.2"), available, api_of)
    got = {str(s.release): (str(s.base), [(c.id, c.location) for c in s.changes]) for s in steps}
    assert got == {
        "18.2.10": ("18.2.9", [("field-added", "Thing.x")]),
        "18.2.11": ("18.2.10", [("field-added", "Thing.y")]),
        "20.1.1": ("18.2.9", [("field-added", "Thing.c")]),
        "20.1.2": ("20.1.1", [("field-added", "Thing.x")]),
    }


def test_the_base_does_not_depend_on_the_range() -> None:
    available, api_of = loader(BACKPORT)
    short = changelog(R("18.2.11"), R("20.1.1"), available, api_of)
    assert [(str(s.release), str(s.base)) for s in short] == [("20.1.1", "18.2.9")]


def test_changelog_errors() -> None:
    available, api_of = loader(BACKPORT)
    with pytest.raises(DiagnosticError, match="unknown release 19.1.1"):
        changelog(R("19.1.1"), R("20.1.2"), available, api_of)
    with pytest.raises(DiagnosticError, match="newer than --to"):
        changelog(R("20.1.2"), R("18.2.9"), available, api_of)
    assert changelog(R("20.1.2"), R("20.1.2"), available, api_of) == []


def test_inventory_lists_definitions_fields_values_and_operations() -> None:
    api = make_api("30.2.1", ["a"], ops=("get /thing", "post /thing"))
    assert inventory(api) == {
        ("definition", "Thing"), ("field", "Thing", "a"),
        ("operation", "Thing", "get", "/thing"), ("operation", "Thing", "post", "/thing"),
    }
