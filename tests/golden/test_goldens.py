"""Round-trip goldens: every committed golden of every release validates, dumps back unchanged
and matches the release's documented schema; every negative golden is rejected where it should.

The goldens were written once by ``tools/make_goldens.py`` and are only read here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tests.golden.conftest import Generated, group_ids, require
from tests.golden.sources import (
    Group,
    all_groups,
    blocked_reason,
    dangling_refs,
    golden_documents,
    group_defs,
    load_json,
    negative_file,
    schema_errors,
)


def _cases(kind: str) -> list[Any]:
    """One param per (group, release, golden file); a skipping param for an absent group."""
    params: list[Any] = []
    for group in all_groups():
        apis = group.apis()
        if not apis:
            params.append(pytest.param(group, "", None, id=f"{group.key}-absent"))
            continue
        for api in apis:
            release = str(api.release)
            if kind == "positive":
                for _, path in golden_documents(group, release):
                    params.append(
                        pytest.param(group, release, path, id=f"{group.key}-{release}-{path.stem}")
                    )
            else:
                path = negative_file(group, release)
                params.append(pytest.param(group, release, path, id=f"{group.key}-{release}"))
    return params


def test_every_release_has_goldens() -> None:
    """Each release of each present group has its three documents and its negative cases."""
    missing = []
    for group in all_groups():
        for api in group.apis():
            release = str(api.release)
            found = [p for _, p in golden_documents(group, release)]
            if len([p for p in found if p.parent.name == group.source]) != 3:
                missing.append(f"{group.key} {release}: documents {found}")
            if not negative_file(group, release).exists():
                missing.append(f"{group.key} {release}: negative cases")
    assert not missing, "run tools/make_goldens.py:\n" + "\n".join(missing)


@pytest.mark.parametrize("group", group_ids())
def test_documented_schema_is_self_contained(group: Group) -> None:
    """Every ``$ref`` of the documented schema points at a definition it holds."""
    require(group)
    broken = {
        str(api.release): dangling_refs(group_defs(group, str(api.release))) for api in group.apis()
    }
    broken = {release: names for release, names in broken.items() if names}
    assert not broken, (
        "components(api, 'documented') refers to schemas it does not emit "
        f"(enum schemas exist only in the codegen flavour): {broken}"
    )


@pytest.mark.parametrize(("group", "release", "path"), _cases("positive"))
def test_golden_round_trip(
    generated: Callable[[Group], Generated], group: Group, release: str, path: Path | None
) -> None:
    gen = generated(group)
    assert path is not None
    doc = load_json(path)
    model = gen.model(release, group.obj)
    dumped = model.model_validate(doc).model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == doc
    errors = schema_errors(group, release, group.obj, dumped)
    if errors is None:
        pytest.xfail(blocked_reason(group, release))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def _loc(error: Any) -> list[Any]:
    return list(error["loc"])


@pytest.mark.parametrize(("group", "release", "path"), _cases("negative"))
def test_negative_goldens_are_rejected(
    generated: Callable[[Group], Generated], group: Group, release: str, path: Path | None
) -> None:
    gen = generated(group)
    assert path is not None
    golden = load_json(path)
    model = gen.model(release, golden["model"])
    failures: list[str] = []
    blocked = False
    for case in golden["cases"]:
        name, doc = case["case"], case["doc"]
        expected = [(e["loc"], e["type"]) for e in case["errors"]]
        try:
            model.model_validate(doc)
        except ValidationError as exc:
            got = [(_loc(e), e["type"]) for e in exc.errors()]
            if got != expected:
                failures.append(f"{name}: model reported {got}, expected {expected}")
            elif not all(str(loc[-1]) in str(exc) for loc, _ in expected):
                failures.append(f"{name}: the message does not name the field: {exc}")
        else:
            failures.append(f"{name}: the model accepted it (expected {expected})")
        errors = schema_errors(group, release, golden["model"], doc)
        if errors is None:
            blocked = True
            continue
        if case["schema"] == "accept":
            if errors:
                failures.append(f"{name}: the documented schema rejected it: {errors[0].message}")
            continue
        loc = expected[0][0]
        hits = [
            e
            for e in errors
            if list(e.absolute_path) == loc
            or (e.validator == "required" and list(e.absolute_path) == loc[:-1])
        ]
        if not hits:
            found = [(list(e.absolute_path), e.message) for e in errors]
            failures.append(f"{name}: the documented schema did not reject {loc}: {found}")
    assert not failures, "\n".join(failures)
    if blocked:
        pytest.xfail(blocked_reason(group, release))
