"""Test configuration: hypothesis profiles (bounded in CI, more with AVI_FUZZ_EXAMPLES), and a
fixture that has openapi-spec-validator check the metaschema with jsonschema."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from codegen.spec import validate

settings.register_profile(
    "default",
    max_examples=int(os.environ.get("AVI_FUZZ_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.load_profile("default")


@pytest.fixture
def jsonschema_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """openapi-spec-validator on its jsonschema backend, with which spec parts are shared
    (jsonschema-rs, the project's default, validates a whole document faster)."""
    monkeypatch.setenv("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")
    validate._parts_supported.cache_clear()
    yield
    monkeypatch.undo()
    validate._parts_supported.cache_clear()
