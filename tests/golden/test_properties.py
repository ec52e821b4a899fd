"""Property tests: for every model (definition, ApiResponse wrappers included) of every generated
release, documents that the IR allows validate, dump back unchanged and match the documented
schema.

Examples per model: 10, or ``$AVI_FUZZ_EXAMPLES``; derandomized (see tests/conftest.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.golden.conftest import Generated
from tests.golden.sources import Group, all_groups, blocked_reason, schema_errors
from tests.golden.strategies import IRStrategies

EXAMPLES = int(os.environ.get("AVI_FUZZ_EXAMPLES", "10"))

_strategies: dict[tuple[str, str], IRStrategies] = {}


def _params() -> list[Any]:
    params: list[Any] = []
    for group in all_groups():
        apis = group.apis()
        if not apis:
            params.append(pytest.param(group, "", "", id=f"{group.key}-absent"))
        for api in apis:
            for name in sorted(api.definitions):
                params.append(
                    pytest.param(
                        group, str(api.release), name, id=f"{group.key}-{api.release}-{name}"
                    )
                )
    return params


@pytest.mark.parametrize(("group", "release", "definition"), _params())
def test_generated_documents_round_trip(
    generated: Callable[[Group], Generated], group: Group, release: str, definition: str
) -> None:
    gen = generated(group)
    model = gen.model(release, definition)
    key = (group.key, release)
    if key not in _strategies:
        _strategies[key] = IRStrategies(group.api(release))
    blocked: list[bool] = []

    @settings(
        max_examples=EXAMPLES,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(doc=_strategies[key].definition(definition))
    def round_trip(doc: dict[str, Any]) -> None:
        dumped = model.model_validate(doc).model_dump(
            mode="json", by_alias=True, exclude_unset=True
        )
        assert dumped == doc  # == on purpose: a number field gives 1 back as 1.0
        errors = schema_errors(group, release, definition, dumped)
        if errors is None:
            blocked.append(True)
            return
        assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]

    round_trip()
    if blocked:
        pytest.xfail(blocked_reason(group, release))
