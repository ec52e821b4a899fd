"""The models runtime: checked when sent, tolerant when read (``codegen/runtime/models.py``).

The checks run in one ``after`` validator per model instance with a per-class plan; a model
whose fields failed pydantic's own validation gets its checks from ``model_validate`` and
friends instead, so one error still lists every problem. The classes below are hand-written
like generated ones: their spec metadata comes from this module's ``__avi_meta__``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Annotated, Any

import pytest
from pydantic import (
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from codegen.runtime import models as rt
from codegen.runtime.models import IGNORE_UNKNOWN, RESPONSE, AviEnum, AviModel


class Color(AviEnum):
    RED = "RED"
    GREEN = "GREEN"


class Leaf(AviModel):
    avi_release = "30.2.1"
    color: Color | None = None
    size: StrictInt | None = None
    weights: list[StrictInt] | None = None
    timeout: StrictInt | None = None
    ratio: float | None = None
    mode: StrictInt | None = None
    count: int | None = None


class Branch(AviModel):
    avi_release = "30.2.1"
    name: StrictStr
    leaf: Leaf | None = None
    leaves: list[Leaf] | None = None
    colors: list[Color] | None = None


class Root(AviModel):
    avi_release = "30.2.1"
    name: StrictStr
    branch: Branch | None = None
    branches: list[Branch] | None = None
    by_name: dict[str, Leaf] | None = None
    last_modified: Annotated[StrictStr | None, Field(alias="_last_modified")] = None


__avi_meta__ = json.dumps(
    {
        "Leaf": {
            "size": {"x-avi-format": "uint32"},
            "weights": {"x-avi-range": [1, 10], "x-avi-max-items": 2},
            "timeout": {
                "x-avi-range": [30, 3600],
                "x-avi-special-values": [[0, "Disabled"], [-1, "Infinite"]],
            },
            "ratio": {"x-avi-range": [0.5, 99.5]},
            "mode": {"x-avi-allowed-values": [1, 2]},
            "count": {"x-avi-range": [5, 10]},
        },
        "Branch": {"leaves": {"x-avi-min-items": 1}, "colors": {"x-avi-enum": True}},
    }
)

FULL: dict[str, Any] = {
    "name": "r",
    "_last_modified": "1700",
    "branch": {
        "name": "b",
        "leaf": {
            "color": "GREEN",
            "size": 2**32 - 1,
            "weights": [1, 10],
            "timeout": 3600,
            "ratio": 0.5,
            "mode": 2,
            "count": 5,
        },
        "leaves": [{"timeout": 0}, {"timeout": -1}, {"timeout": 30}],
        "colors": ["RED", "GREEN"],
    },
    "branches": [{"name": "c", "leaf": {"size": 0}}],
    "by_name": {"a": {"color": "RED"}},
}


def _validate(how: str) -> Callable[[dict[str, Any]], Root]:
    if how == "python":
        return Root.model_validate
    if how == "json":
        return lambda doc: Root.model_validate_json(json.dumps(doc))
    return lambda doc: Root(**doc)


HOW = ["python", "json", "init"]


def _with(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of FULL with ``value`` set at ``path``."""
    doc: dict[str, Any] = json.loads(json.dumps(FULL))
    node: Any = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return doc


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[tuple[Any, ...], str]]:
    return [(tuple(e["loc"]), e["type"]) for e in exc.value.errors()]


@pytest.mark.parametrize("how", HOW)
def test_a_valid_request_passes_and_round_trips(how: str) -> None:
    root = _validate(how)(FULL)
    assert root.to_json_dict() == FULL
    assert root.branch is not None and root.branch.leaf is not None
    assert root.branch.leaf.color is Color.GREEN and root.branch.leaf.color.is_known


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize(
    ("path", "value", "where", "kind"),
    [
        (("branch", "leaf", "color"), "BLUE", ("branch", "leaf", "color"), "avi_enum"),
        (("branches", 0, "leaf", "size"), 2**32, ("branches", 0, "leaf", "size"), "avi_range"),
        (("branch", "leaf", "size"), -1, ("branch", "leaf", "size"), "avi_range"),
        (("branch", "leaf", "weights"), [1, 11], ("branch", "leaf", "weights", 1), "avi_range"),
        (("branch", "leaf", "weights"), [1, 2, 3], ("branch", "leaf", "weights"), "avi_max_items"),
        (("branch", "leaves"), [], ("branch", "leaves"), "avi_min_items"),
        (("branch", "leaves", 2, "timeout"), 10, ("branch", "leaves", 2, "timeout"), "avi_range"),
        (("branch", "leaf", "ratio"), 99.6, ("branch", "leaf", "ratio"), "avi_range"),
        (("branch", "leaf", "mode"), 3, ("branch", "leaf", "mode"), "avi_range"),
        (("branch", "leaf", "count"), 11, ("branch", "leaf", "count"), "avi_range"),
        (("branch", "colors"), ["RED", "PINK"], ("branch", "colors", 1), "avi_enum"),
        (("by_name", "a", "size"), -5, ("by_name", "a", "size"), "avi_range"),
        (("branch", "leaf", "surprise"), 1, ("branch", "leaf", "surprise"), "avi_unknown_field"),
        (("branches", 0, "odd"), {}, ("branches", 0, "odd"), "avi_unknown_field"),
        (("surprise",), [1], ("surprise",), "avi_unknown_field"),
    ],
)
def test_requests_are_checked_at_every_depth(
    how: str, path: tuple[str | int, ...], value: Any, where: tuple[Any, ...], kind: str
) -> None:
    with pytest.raises(ValidationError) as info:
        _validate(how)(_with(path, value))
    assert _errors(info) == [(where, kind)]
    assert str(where[-1]) in str(info.value)
    if "items" not in kind:
        assert "Avi 30.2.1" in str(info.value)


def test_one_error_lists_every_problem_when_a_nested_field_fails() -> None:
    """A model whose field failed pydantic's validation runs no after-validator: its own
    unknown fields, enums and ranges are still reported, with the other errors, own first."""
    doc = {
        "name": "r",
        "top_surprise": 1,
        "branch": {
            "name": 5,
            "odd": True,
            "leaf": {"size": "x", "timeout": 10, "color": "BLUE"},
        },
        "branches": [{"name": "ok"}, {"name": "c", "leaf": {"weird": 1}}],
        "by_name": {"a": {"size": "x", "weird": 2}, "b": {}},
    }
    expected = [
        (("top_surprise",), "avi_unknown_field"),
        (("branch", "odd"), "avi_unknown_field"),
        (("branch", "name"), "string_type"),
        (("branch", "leaf", "timeout"), "avi_range"),
        (("branch", "leaf", "color"), "avi_enum"),
        (("branch", "leaf", "size"), "int_type"),
        (("branches", 1, "leaf", "weird"), "avi_unknown_field"),
        (("by_name", "a", "weird"), "avi_unknown_field"),
        (("by_name", "a", "size"), "int_type"),
    ]
    for how in HOW:
        with pytest.raises(ValidationError) as info:
            _validate(how)(doc)
        assert _errors(info) == expected, how
        assert info.value.title == "Root"


def test_model_validate_strings_parses_at_every_depth() -> None:
    """Strings mode reaches nested models (the former wrap validator re-validated its input in
    Python mode, so ``"5"`` failed as ``int_type`` even at the top)."""
    branch = Branch.model_validate_strings({"name": "b", "leaf": {"size": "5", "count": "6"}})
    assert branch.leaf == Leaf(size=5, count=6)
    with pytest.raises(ValidationError) as info:
        Branch.model_validate_strings({"name": "b", "odd": "1", "leaf": {"size": "x"}})
    assert _errors(info) == [(("odd",), "avi_unknown_field"), (("leaf", "size"), "int_parsing")]


def test_ignore_unknown_keeps_unknown_fields_but_checks_the_rest() -> None:
    doc = _with(("branch", "leaf", "surprise"), {"a": 1})
    doc["top"] = 1
    root = Root.model_validate(doc, context=IGNORE_UNKNOWN)
    assert root.to_json_dict() == doc
    with pytest.raises(ValidationError) as info:
        Root.model_validate(
            _with(("branch", "leaf", "color"), "BLUE") | {"top": 1}, context=IGNORE_UNKNOWN
        )
    assert _errors(info) == [(("branch", "leaf", "color"), "avi_enum")]
    with pytest.raises(ValidationError) as info:
        Root.model_validate(
            {"name": 1, "top": 1, "branch": {"name": "b", "x": 2}}, context=IGNORE_UNKNOWN
        )
    assert _errors(info) == [(("name",), "string_type")]


def test_responses_keep_unknown_fields_and_values_at_every_depth() -> None:
    doc = _with(("branch", "leaf", "color"), "BLUE")
    doc["branch"]["leaf"]["surprise"] = {"deep": [1, 2]}
    doc["branches"][0]["odd"] = "x"
    doc["branch"]["colors"] = ["PINK", "RED"]
    doc["branch"]["leaf"]["size"] = 2**40
    doc["branch"]["leaves"] = []
    doc["new_top"] = None
    for read in (
        Root.from_response(doc),
        Root.from_response_json(json.dumps(doc)),
        Root.model_validate(doc, context=RESPONSE),
        TypeAdapter(list[Root]).validate_python([doc], context=RESPONSE)[0],
    ):
        assert read.to_json_dict() == doc
        assert json.loads(read.model_dump_json(by_alias=True, exclude_unset=True)) == doc
        assert read.branch is not None and read.branch.leaf is not None
        color = read.branch.leaf.color
        assert color == "BLUE" and color is not None and not color.is_known
        assert read.branch.colors is not None and read.branch.colors[1].is_known


def test_a_response_error_is_only_pydantics() -> None:
    with pytest.raises(ValidationError) as info:
        Root.from_response({"name": 1, "x": 1, "branch": {"name": "b", "leaf": {"size": -1}}})
    assert _errors(info) == [(("name",), "string_type")]


def test_a_read_model_with_unknown_fields_is_refused_in_a_request() -> None:
    leaf = Leaf.from_response({"size": 1, "surprise": 2})
    with pytest.raises(ValidationError) as info:
        Branch(name="b", leaf=leaf)
    assert _errors(info) == [(("leaf", "surprise"), "avi_unknown_field")]
    assert Branch.model_validate({"name": "b", "leaf": leaf}, context=IGNORE_UNKNOWN).leaf is leaf


def test_unknown_enum_members_are_not_known() -> None:
    assert Color("RED") is Color.RED and Color.RED.is_known
    pink = Color("PINK")
    assert pink == "PINK" and not pink.is_known and Color("PINK") is pink
    assert str(pink) == "PINK" and "PINK" not in Color.__members__


def test_the_plan_is_made_once_per_class() -> None:
    Root.model_validate(FULL)
    plan = rt._PLANS[Leaf]
    assert [c.attr for c in plan.checks] == [
        "color",
        "size",
        "weights",
        "timeout",
        "ratio",
        "mode",
        "count",
    ]
    Root.model_validate(FULL)
    assert rt._PLANS[Leaf] is plan

    class Twig(Leaf):
        extra_limit: StrictInt | None = Field(
            default=None, json_schema_extra={"x-avi-range": [1, 2]}
        )

    with pytest.raises(ValidationError) as info:
        Twig(extra_limit=3)
    assert _errors(info) == [(("extra_limit",), "avi_range")]
    assert rt._PLANS[Twig] is not plan and rt._PLANS[Leaf] is plan


def test_nested_models_are_built_without_the_python_init() -> None:
    """The ``__init__`` override is marked as pydantic's own: nested models stay in Rust."""
    assert Root.__pydantic_custom_init__ is False
    assert Leaf.__pydantic_custom_init__ is False


def test_a_validator_error_of_another_kind_is_kept() -> None:
    class Checked(AviModel):
        name: str

        @field_validator("name")
        @classmethod
        def _no_x(cls, value: str) -> str:
            if value == "x":
                raise PydanticCustomError("my_kind", "no {what}", {"what": "x"})
            return value

    class Holder(AviModel):
        checked: Checked

    with pytest.raises(ValidationError) as info:
        Holder.model_validate({"checked": {"name": "x"}, "odd": 1})
    assert _errors(info) == [(("odd",), "avi_unknown_field"), (("checked", "name"), "my_kind")]
    assert info.value.errors()[1]["msg"] == "no x"


def test_non_finite_floats_are_out_of_range_even_when_the_config_allows_them() -> None:
    class Loose(AviModel):
        model_config = ConfigDict(allow_inf_nan=True)
        ratio: float | None = Field(default=None, json_schema_extra={"x-avi-range": [0, None]})

    assert Loose(ratio=5.0).ratio == 5.0
    for bad in (math.inf, math.nan):
        with pytest.raises(ValidationError) as info:
            Loose(ratio=bad)
        assert _errors(info) == [(("ratio",), "avi_range")]
