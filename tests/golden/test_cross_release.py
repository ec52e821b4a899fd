"""Across releases: a newer release's golden read by an older release's models.

Read as a response (``from_response``) nothing fails and ``to_json_dict()`` gives back every
field, known or not; validated as a request (``model_validate``) it fails, naming each field
the older release does not have. Unknown enum values from a newer controller are kept too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from codegen.ir.model import Api, Kind
from codegen.render.naming import class_name
from tests.golden.conftest import Generated
from tests.golden.sources import VARIANTS, Group, all_groups, group_defs, load_json

BUNDLED = Group("bundled", "Image")
REAL = Group("avi-specs", "Image")

#: (group, newer release, older release): newer fields, backports (18.2.12 has SupportedMigrations
#: fields that 20.1.1 lacks) and removals (22.1.1 has no ``status``, 21.1.7 has more enum values).
PAIRS = [
    (BUNDLED, "30.2.1", "21.1.7"),
    (BUNDLED, "30.2.1", "18.2.6"),
    (BUNDLED, "31.1.1", "22.1.1"),
    (REAL, "30.2.1", "21.1.7"),
    (REAL, "30.2.1", "18.2.6"),
    (REAL, "22.1.1", "21.1.2"),
    (REAL, "18.2.12", "20.1.1"),
]
NEW_MEMBER = "AVI_VALUE_OF_A_NEWER_RELEASE"


def unknown_fields(doc: Any, defs: dict[str, Any], model: str) -> list[tuple[Any, ...]]:
    """Where ``doc`` holds keys that the documented schema ``defs`` does not list."""
    out: list[tuple[Any, ...]] = []

    def walk(node: Any, definition: str, loc: tuple[Any, ...]) -> None:
        properties = defs[definition]["properties"]
        for key, value in node.items():
            schema = properties.get(key)
            if schema is None:
                out.append((*loc, key))
                continue
            target = schema.get("$ref") or schema.get("items", {}).get("$ref")
            inner = target.removeprefix("#/$defs/") if target else None
            if inner not in defs:
                continue
            if isinstance(value, dict):
                walk(value, inner, (*loc, key))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        walk(item, inner, (*loc, key, i))

    walk(doc, class_name(model), ())
    return out


def _pair_params() -> list[Any]:
    return [
        pytest.param(g, new, old, variant, id=f"{g.key}-{new}-read-by-{old}-{variant}")
        for g, new, old in PAIRS
        for variant in VARIANTS
    ]


@pytest.mark.parametrize(("group", "newer", "older", "variant"), _pair_params())
def test_newer_golden_read_by_older_release(
    generated: Callable[[Group], Generated], group: Group, newer: str, older: str, variant: str
) -> None:
    gen = generated(group)
    doc = load_json(group.golden_dir(newer) / f"{group.obj}.{variant}.json")
    model = gen.model(older, group.obj)

    read = model.from_response(doc)
    assert read.to_json_dict() == doc

    expected = unknown_fields(doc, group_defs(group, older), group.obj)
    assert expected, f"the {newer} golden has no field that {older} lacks: pick another pair"
    with pytest.raises(ValidationError) as info:
        model.model_validate(doc)
    errors = info.value.errors()
    unknown = sorted(tuple(e["loc"]) for e in errors if e["type"] == "avi_unknown_field")
    assert unknown == sorted(expected), {
        "unknown fields not reported": sorted(set(expected) - set(unknown)),
        "reported but not unknown": sorted(set(unknown) - set(expected)),
    }
    for e in errors:
        assert e["type"] in {"avi_unknown_field", "avi_enum", "avi_range"}, e
        assert f"Avi {older}" in e["msg"], e  # the release mismatch is named
    message = str(info.value)
    assert all(f"'{loc[-1]}' is not a field of" in message for loc in expected), message


def with_new_enum_values(api: Api, definition: str, doc: Any) -> tuple[Any, list[tuple[Any, ...]]]:
    """``doc`` with every enum value replaced by one the release does not know, and where."""
    locs: list[tuple[Any, ...]] = []

    def walk(node: dict[str, Any], dname: str, loc: tuple[Any, ...]) -> dict[str, Any]:
        d = api.definitions[dname]
        out = dict(node)
        for key, value in node.items():
            f = d.field(key)
            if f is None:
                continue
            base = f.type.items if f.type.kind is Kind.ARRAY and f.type.items else f.type
            if f.doc.enum and base.kind is Kind.STRING:
                if isinstance(value, list):
                    out[key] = [NEW_MEMBER] * len(value)
                    locs.extend((*loc, key, i) for i in range(len(value)))
                else:
                    out[key] = NEW_MEMBER
                    locs.append((*loc, key))
            elif base.kind is Kind.REF and base.ref:
                if isinstance(value, list):
                    out[key] = [walk(v, base.ref, (*loc, key, i)) for i, v in enumerate(value)]
                else:
                    out[key] = walk(value, base.ref, (*loc, key))
        return out

    return walk(doc, definition, ()), locs


def _release_params() -> list[Any]:
    params: list[Any] = []
    for group in all_groups():
        apis = group.apis()
        if not apis:
            params.append(pytest.param(group, "", id=f"{group.key}-absent"))
        params += [pytest.param(group, str(a.release), id=f"{group.key}-{a.release}") for a in apis]
    return params


@pytest.mark.parametrize(("group", "release"), _release_params())
def test_unknown_enum_values_are_kept_from_responses(
    generated: Callable[[Group], Generated], group: Group, release: str
) -> None:
    gen = generated(group)
    model = gen.model(release, group.obj)
    golden = load_json(group.golden_dir(release) / f"{group.obj}.max.json")
    doc, locs = with_new_enum_values(group.api(release), group.obj, golden)
    assert locs, "the golden has no enum field"
    assert model.from_response(doc).to_json_dict() == doc
    with pytest.raises(ValidationError) as info:
        model.model_validate(doc)
    # Which of them a request reports at once is checked by the test above; here: only these.
    got = {(tuple(e["loc"]), e["type"]) for e in info.value.errors()}
    assert got <= {(loc, "avi_enum") for loc in locs}, got
