"""Fuzzing the front of the pipeline: bytes, text and JSON shapes through load, normalise,
validate and build. Nothing may escape but the project's own diagnostics: a
:class:`DiagnosticError` from loading, or diagnostics returned as data.

Examples per test: ``AVI_FUZZ_EXAMPLES`` (default 50; see ``tests/conftest.py``).
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from codegen.diagnostics import Diagnostic, DiagnosticError
from codegen.ir.build import build_document
from codegen.pipeline import check_file
from codegen.spec.load import parse_document
from codegen.spec.normalize import normalize
from codegen.spec.validate import validate
from tests.helpers import REPO, api_response, crud_paths, swagger

BUNDLED = json.loads((REPO / "specs" / "31.1.1" / "Image.json").read_text())
SMALL = swagger(
    {
        "Thing": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "description": "Name. Field introduced in 30.2.1."},
                "size": {"type": "integer", "format": "uint32"},
                "tags": {"type": "array", "format": "int32", "items": {"type": "integer"}},
            },
        },
        "ThingApiResponse": api_response("Thing"),
    },
    crud_paths("/thing", "Thing"),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["string", "integer", "array", "object", "#/definitions/Thing", "2.0"]),
)
keys = st.one_of(
    st.text(max_size=10),
    st.sampled_from(
        ["type", "items", "properties", "$ref", "definitions", "paths", "parameters",
         "responses", "schema", "in", "name", "required", "default", "format", "description",
         "additionalProperties", "get", "post", "swagger", "readOnly", "_comment", "200"]
    ),
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=30,
)


def _pipeline(path: Path) -> list[Diagnostic]:
    """check_file, then build the document whatever validation said (build takes any dict)."""
    checked = check_file(path)
    found = list(checked.diagnostics)
    try:
        doc = parse_document(path, path.read_bytes())
    except DiagnosticError as exc:
        assert not checked.sha256 and exc.diagnostics
        return found
    data, warnings = normalize(doc)
    found += warnings + validate(data, str(path))
    _obj, _defs, notes = build_document(data, str(path), path.stem)
    return found + notes


def _scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _write(folder: Path, name: str, blob: bytes) -> Path:
    path = folder / name
    path.write_bytes(blob)
    return path


@given(blob=st.binary(max_size=200), suffix=st.sampled_from([".json", ".yaml", ".yml"]))
def test_random_bytes(blob: bytes, suffix: str) -> None:
    for folder in _scratch():
        diagnostics = _pipeline(_write(folder, "Thing" + suffix, blob))
        assert all(isinstance(d, Diagnostic) for d in diagnostics)


@given(text=st.text(max_size=200), suffix=st.sampled_from([".json", ".yaml"]))
def test_random_text(text: str, suffix: str) -> None:
    for folder in _scratch():
        _pipeline(_write(folder, "Thing" + suffix, text.encode("utf-8", "surrogatepass")))


@given(value=json_values)
def test_random_json_shapes(value: Any) -> None:
    for folder in _scratch():
        _pipeline(_write(folder, "Thing.json", json.dumps(value).encode()))


@given(
    definitions=st.dictionaries(keys, json_values, max_size=4),
    paths=st.dictionaries(keys, json_values, max_size=3),
)
def test_random_swagger_skeletons(definitions: dict[str, Any], paths: dict[str, Any]) -> None:
    doc = {"swagger": "2.0", "info": {"title": "t", "version": "1"}}
    doc.update(definitions=definitions, paths=paths)
    for folder in _scratch():
        _pipeline(_write(folder, "Thing.json", json.dumps(doc).encode()))
        _pipeline(_write(folder, "Thing.yaml", json.dumps(doc).encode()))  # JSON is YAML


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _nodes(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _nodes(v, (*path, i))


SMALL_NODES = list(_nodes(SMALL))[1:]
BUNDLED_NODES = list(_nodes(BUNDLED))[1:]


@given(
    data=st.data(),
    source=st.sampled_from(["small", "bundled"]),
    replacement=json_values,
    mode=st.sampled_from(["replace", "delete", "rename"]),
)
def test_mutated_real_specs(data: st.DataObject, source: str, replacement: Any, mode: str) -> None:
    """One node of a valid spec replaced, deleted or renamed: a wrong type anywhere."""
    doc = copy.deepcopy(SMALL if source == "small" else BUNDLED)
    nodes = SMALL_NODES if source == "small" else BUNDLED_NODES
    where = data.draw(st.sampled_from(nodes))
    parent = doc
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    if mode == "replace":
        parent[last] = replacement
    elif mode == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent[data.draw(keys)] = parent.pop(last)
    for folder in _scratch():
        _pipeline(_write(folder, "Thing.json", json.dumps(doc).encode()))
