"""Checks on the bundled 31.1.1 Image spec (specs/31.1.1/Image.json).

The spec was written from the 31.1.1 documentation page for PUT /image/{uuid}
(seed page ``000_d0d25a699084deef.txt`` in the shared directory). These tests
check that the file is valid Swagger 2.0 and that it agrees with that page:
every field of the page's example body exists with the same JSON type, and the
top-level field descriptions the page gives are carried over word for word.

The shared directory defaults to ``<repo>/../shared``; set ``AVI_SHARED_DIR`` to
point elsewhere. Tests that need the seed page skip when it is absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV2SpecValidator, validate

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "specs" / "31.1.1" / "Image.json"
SEED_NAME = "000_d0d25a699084deef.txt"

JSON_TYPES: dict[type, str] = {str: "string", bool: "boolean", int: "integer", float: "number"}


def _shared_dir() -> Path:
    env = os.environ.get("AVI_SHARED_DIR")
    return Path(env) if env else REPO.parent / "shared"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def seed_text() -> str:
    path = _shared_dir() / "seed" / SEED_NAME
    if not path.is_file():
        pytest.skip(f"seed page {path} is absent (set AVI_SHARED_DIR to the shared directory)")
    return path.read_text(encoding="utf-8")


def _json_objects(text: str) -> tuple[list[Any], int]:
    """Decode the JSON objects that follow each other from the first line opening with '{'.

    (Earlier '{' belong to the path template ``/image/{uuid}``.) Returns the
    objects and the offset just after the last one.
    """
    decoder = json.JSONDecoder()
    pos = text.index("\n{") + 1
    objects: list[Any] = []
    while pos < len(text) and text[pos] == "{":
        obj, pos = decoder.raw_decode(text, pos)
        objects.append(obj)
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
    return objects, pos


@pytest.fixture(scope="module")
def example_body(seed_text: str) -> dict[str, Any]:
    objects, _ = _json_objects(seed_text)
    assert len(objects) >= 2, "seed page should show the required body and the full example"
    assert objects[0] == {"name": "string"}
    body = objects[1]
    assert isinstance(body, dict)
    return body


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    prefix = "#/definitions/"
    assert ref.startswith(prefix), ref
    return spec["definitions"][ref[len(prefix) :]]


def _check_value(spec: dict[str, Any], schema: dict[str, Any], value: Any, where: str) -> None:
    schema = _resolve(spec, schema)
    if isinstance(value, dict):
        assert schema.get("type") == "object", f"{where}: expected an object schema"
        props = schema.get("properties", {})
        for key, sub in value.items():
            assert key in props, f"{where}.{key}: field missing from the spec"
            _check_value(spec, props[key], sub, f"{where}.{key}")
    elif isinstance(value, list):
        assert schema.get("type") == "array", f"{where}: expected an array"
        for n, item in enumerate(value):
            _check_value(spec, schema["items"], item, f"{where}[{n}]")
    elif value == "number":
        # The page writes the placeholder "number" for number-typed fields.
        assert schema.get("type") == "number", f"{where}: expected type number"
    else:
        expected = JSON_TYPES[type(value)]
        assert schema.get("type") == expected, (
            f"{where}: expected type {expected}, spec says {schema.get('type')}"
        )


def test_validates_as_swagger_2(spec: dict[str, Any]) -> None:
    assert spec["swagger"] == "2.0"
    validate(spec, cls=OpenAPIV2SpecValidator)


def test_header(spec: dict[str, Any]) -> None:
    assert spec["info"]["version"] == "31.1.1"
    assert spec["info"]["title"] == "Avi Image Object API"
    assert spec["basePath"] == "/api"
    assert spec["securityDefinitions"] == {"basicAuth": {"type": "basic"}}


def test_no_copyright_text() -> None:
    text = SPEC_PATH.read_text(encoding="utf-8")
    assert "Copyright" not in text
    assert "_comment" not in json.loads(text)


def test_six_operations(spec: dict[str, Any]) -> None:
    ops = {
        (path, method)
        for path, item in spec["paths"].items()
        for method in item
        if method in {"get", "put", "post", "patch", "delete", "head", "options"}
    }
    assert ops == {
        ("/image", "get"),
        ("/image", "post"),
        ("/image/{uuid}", "get"),
        ("/image/{uuid}", "put"),
        ("/image/{uuid}", "patch"),
        ("/image/{uuid}", "delete"),
    }
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert op["security"] == [{"basicAuth": []}], (path, method)
            assert "401" in op["responses"], (path, method)
            names = {p["name"]: p for p in op["parameters"]}
            assert names["X-Avi-Version"]["required"] is True, (path, method)
            if "{uuid}" in path:
                assert names["uuid"]["in"] == "path" and names["uuid"]["required"] is True
    assert spec["paths"]["/image"]["get"]["responses"]["200"]["schema"] == {
        "$ref": "#/definitions/ImageApiResponse"
    }
    assert "204" in spec["paths"]["/image/{uuid}"]["delete"]["responses"]


def test_required_and_read_only(spec: dict[str, Any]) -> None:
    image = spec["definitions"]["Image"]
    assert image["required"] == ["name"]
    assert image["properties"]["_last_modified"].get("readOnly") is True
    assert image["properties"]["url"].get("readOnly") is True
    api = spec["definitions"]["ImageApiResponse"]
    assert sorted(api["required"]) == ["count", "results"]
    assert api["properties"]["results"]["items"] == {"$ref": "#/definitions/Image"}


def test_refs_resolve(spec: dict[str, Any]) -> None:
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    for ref in refs:
        assert ref.removeprefix("#/definitions/") in spec["definitions"], ref


def test_example_body_fields_and_types(spec: dict[str, Any], example_body: dict[str, Any]) -> None:
    _check_value(spec, {"$ref": "#/definitions/Image"}, example_body, "Image")


def test_top_level_descriptions_match_page(
    spec: dict[str, Any], seed_text: str, example_body: dict[str, Any]
) -> None:
    # After the example body the page prints "OK", the quoted schema title, then
    # one description line per top-level field, in the order of the example body.
    _, end = _json_objects(seed_text)
    rest = seed_text[end:]
    marker = '"Image Object"'
    assert marker in rest
    lines = rest[rest.index(marker) + len(marker) :].splitlines()
    fields = list(example_body)
    assert len(lines) >= len(fields)
    props = spec["definitions"]["Image"]["properties"]
    for field, line in zip(fields, lines, strict=False):
        line = line.strip()
        if line == field:
            # The page gives only the field name: the spec composes its own text.
            assert props[field].get("description"), field
        else:
            assert props[field]["description"] == line, field


def test_definitions_and_properties_sorted(spec: dict[str, Any]) -> None:
    names = list(spec["definitions"])
    assert names == sorted(names)
    for name, schema in spec["definitions"].items():
        if name.endswith("ApiResponse"):
            continue  # Avi's own order: count, results, next.
        keys = list(schema["properties"])
        assert keys == sorted(keys), name
