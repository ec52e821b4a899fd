"""Shared pieces of the end-to-end suite: the generated packages, mocks, clients, sample data.

The packages under test are the committed ones in ``generated/`` (the golden record), loaded
from their files so that a same-named package generated into a temporary folder by another test
cannot stand in for them. Every client gets a recording ``sleep`` so retries and their backoff
are observed without real waiting.
"""

from __future__ import annotations

import enum
import importlib
import importlib.util
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from codegen.mock import MockController

REPO = Path(__file__).resolve().parents[2]
#: The packages under test: the committed ones, or ``$AVI_GENERATED_DIR``.
GENERATED = Path(os.environ.get("AVI_GENERATED_DIR") or REPO / "generated")
USER = "admin"
PASSWORD = "admin"
#: Fields the controller owns: never part of a round-trip comparison.
SERVER_FIELDS = frozenset({"url", "uuid", "_last_modified", "tenant_ref"})


def shared_spec(release: str, name: str) -> Path:
    """A real spec file from the shared folder (as ``tests.helpers.avi_specs`` finds it; not
    imported, so this suite does not depend on the generator); skips when it is absent."""
    shared = Path(os.environ.get("AVI_SHARED_DIR") or REPO.parent / "shared")
    root = Path(os.environ.get("AVI_SPECS_DIR") or shared / "avi-specs")
    path = root / release / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"reference spec not found at {path} (set AVI_SHARED_DIR or AVI_SPECS_DIR)")
    return path


@dataclass(frozen=True)
class Release:
    """One generated package, with the names the tests use resolved eagerly."""

    package: types.ModuleType
    release: str
    Client: Any
    AsyncClient: Any
    models: types.ModuleType
    errors: types.ModuleType


def load_release(name: str) -> Release:
    """The generated package ``name`` from ``generated/`` (skips when it is absent)."""
    init = GENERATED / name / "__init__.py"
    if not init.is_file():
        pytest.skip(f"generated package {name} not found under {GENERATED}")
    module = sys.modules.get(name)
    if module is None or Path(module.__file__ or "").resolve() != init.resolve():
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]
        spec = importlib.util.spec_from_file_location(
            name, init, submodule_search_locations=[str(init.parent)]
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    client = importlib.import_module(f"{name}.client")
    return Release(
        package=module,
        release=module.__avi_release__,
        Client=client.Client,
        AsyncClient=client.AsyncClient,
        models=importlib.import_module(f"{name}.models"),
        errors=importlib.import_module(f"{name}._runtime.errors"),
    )


@contextmanager
def serve(rel: Release, **kwargs: Any) -> Iterator[MockController]:
    """A mock controller of ``rel`` on 127.0.0.1 (a free port), strict about the version."""
    kwargs.setdefault("strict_version", True)
    with MockController.from_package(rel.package, **kwargs) as mock:
        assert mock.url.startswith("http://127.0.0.1:")
        yield mock


class Sleeps(list[float]):
    """A ``sleep`` for sync sessions that records the delay instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class AsyncSleeps(list[float]):
    """A ``sleep`` for async sessions that records the delay instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def record_sleeps(client: Any, sleeps: Sleeps | AsyncSleeps) -> None:
    """Make the client's session call ``sleeps`` instead of sleeping.

    ``Session`` and ``AsyncSession`` take ``sleep=``, but ``BaseClient`` does not pass one
    through, so the attribute the session keeps it in is replaced (see the report: the clients
    should accept ``sleep=`` and ``rng=`` too).
    """
    client.session._sleep = sleeps


def make_client(rel: Release, mock: MockController, **kwargs: Any) -> Any:
    """A sync client of ``rel`` for ``mock``: short timeout, tiny backoff, recorded sleeps."""
    kwargs.setdefault("username", USER)
    kwargs.setdefault("password", mock.password)
    kwargs.setdefault("timeout", 5.0)
    kwargs.setdefault("backoff", 0.05)
    client = rel.Client(mock.url, **kwargs)
    record_sleeps(client, Sleeps())
    return client


def make_async_client(rel: Release, mock: MockController, **kwargs: Any) -> Any:
    """An async client of ``rel`` for ``mock``, like :func:`make_client`."""
    kwargs.setdefault("username", USER)
    kwargs.setdefault("password", mock.password)
    kwargs.setdefault("timeout", 5.0)
    kwargs.setdefault("backoff", 0.05)
    client = rel.AsyncClient(mock.url, **kwargs)
    record_sleeps(client, AsyncSleeps())
    return client


def sleeps_of(client: Any) -> list[float]:
    recorded: list[float] = client.session._sleep
    return recorded


def api_requests(mock: MockController) -> list[Any]:
    """The recorded requests under ``/api``."""
    return [r for r in mock.requests if r.path.startswith("/api/")]


def cookies_of(header: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of a ``Cookie`` header, repeats kept."""
    pairs = []
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            pairs.append((name, value))
    return pairs


# -- sample documents ------------------------------------------------------------------------


def sample_document(model: type[BaseModel], *, ref: str) -> dict[str, Any]:
    """A request document of ``model`` with every writable field set, nested ones included.

    Values differ from the field defaults (so a dropped field cannot pass for a default), stay
    inside the release's ranges, and references point at ``ref`` (an existing object's URL).
    Read-only and controller-owned fields are left out. The spec's metadata is read with the
    package's public ``field_meta``.
    """
    runtime = importlib.import_module(model.__module__.split(".")[0] + "._runtime.models")
    model.model_rebuild()
    doc: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        wire = info.alias or name
        meta = runtime.field_meta(model, name)
        if wire in SERVER_FIELDS or meta.read_only:
            continue
        doc[wire] = _sample(info.annotation, meta, wire, info.default, ref)
    return doc


def _sample(annotation: Any, meta: Any, wire: str, default: Any, ref: str) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _sample(get_args(annotation)[0], meta, wire, default, ref)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return _sample(options[0], meta, wire, default, ref)
    if origin is list:
        return [_sample(get_args(annotation)[0], meta, wire, None, ref)]
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            members = [m.value for m in annotation if m.value != default]
            return members[-1]
        if issubclass(annotation, BaseModel):
            return sample_document(annotation, ref=ref)
        if annotation is bool:
            return not default if isinstance(default, bool) else True
        if annotation is int:
            return _sample_int(meta, default)
        if annotation is float:
            return 2.5 if default != 2.5 else 3.5
        if annotation is str:
            return ref if meta.ref_type else f"{wire}-value"
    raise TypeError(f"no sample value for {wire}: {annotation!r}")


def _sample_int(meta: Any, default: Any) -> int:
    allowed = [v for v in meta.allowed_values if v != default]
    if allowed:
        return int(allowed[0])
    low, high = meta.range or (None, None)
    low = 0 if low is None else int(low)
    high = 10**6 if high is None else int(high)
    value = min(max(7, low), high)
    if value == default:
        value = value + 1 if value < high else value - 1
    return value


def normalise(value: Any) -> Any:
    """``value`` with references reduced to ``/api/<type>/<uuid>`` (no host, no ``#name``)."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str) and "/api/" in value and value.startswith(("http://", "https://")):
        path = value.split("#", 1)[0]
        return path[path.index("/api/") :]
    return value


def without_server_fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in SERVER_FIELDS}
