"""Loading, normalising and validating spec files: located errors and warnings, no crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codegen.diagnostics import DiagnosticError, Level
from codegen.pipeline import check_file
from codegen.spec import load
from codegen.spec.load import load_document, parse_document
from codegen.spec.normalize import normalize
from codegen.spec.validate import validate
from tests.helpers import swagger

GOOD = swagger(
    {
        "Thing": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "ports": {"type": "array", "format": "int32", "items": {"type": "integer"}},
                "size": {"type": "integer", "format": "uint32"},
            },
        }
    }
)


def test_malformed_json_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "Bad.json"
    path.write_text('{\n  "swagger": "2.0",\n  "info": {,\n}')
    with pytest.raises(DiagnosticError) as info:
        load_document(path)
    (d,) = info.value.diagnostics
    assert (d.code, d.line, d.column) == ("json-syntax", 3, 12)
    assert d.format().startswith(f"{path}:3:12: error: malformed JSON")


def test_malformed_yaml_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "Bad.yaml"
    path.write_text("swagger: '2.0'\ninfo: [unclosed\npaths: {}\n")
    with pytest.raises(DiagnosticError) as info:
        load_document(path)
    (d,) = info.value.diagnostics
    assert d.code == "yaml-syntax" and d.line is not None and d.column is not None


@pytest.mark.parametrize("text", ["[]", '"text"', "42", "null"])
def test_top_level_must_be_an_object(tmp_path: Path, text: str) -> None:
    path = tmp_path / "X.json"
    path.write_text(text)
    with pytest.raises(DiagnosticError) as info:
        load_document(path)
    assert info.value.diagnostics[0].code == "not-an-object"


def test_not_utf8_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError) as info:
        parse_document(tmp_path / "X.json", b"\xff\xfe\x00{")
    assert info.value.diagnostics[0].code == "not-utf8"
    with pytest.raises(DiagnosticError) as info:
        load_document(tmp_path / "missing.json")
    assert info.value.diagnostics[0].code == "unreadable"


def test_quirks_are_normalised_with_located_warnings(tmp_path: Path) -> None:
    data = dict(GOOD, _comment=["Copyright line"])
    data["paths"] = {"/thing": {"get": {"responses": {200: {"description": "OK"}}}}}
    doc = parse_document(tmp_path / "Thing.yaml", b"{}")
    doc = type(doc)(path=doc.path, sha256=doc.sha256, data=data, yaml=True)
    normalised, warnings = normalize(doc)
    codes = {(w.code, w.pointer) for w in warnings}
    assert ("avi-comment", "/_comment") in codes
    assert ("array-format", "/definitions/Thing/properties/ports") in codes
    assert ("unsigned-format", "/definitions/Thing/properties/size") in codes
    assert ("yaml-int-status", "/paths/~1thing/get/responses") in codes
    assert all(w.level is Level.WARNING for w in warnings)
    assert "_comment" not in normalised and "_comment" in data  # the input is not modified
    assert normalised["definitions"]["Thing"]["properties"]["ports"]["items"]["format"] == "int32"
    assert list(normalised["paths"]["/thing"]["get"]["responses"]) == ["200"]
    assert validate(normalised, "Thing.yaml") == []


def _nest(depth: int, leaf: Any = None) -> Any:
    node: Any = leaf if leaf is not None else {}
    for i in range(depth):
        node = {"p": node} if i % 2 else [node]
    return node


@pytest.mark.parametrize("depth", [96, 97, 98, 150])
def test_depth_is_checked_level_by_level_and_located_when_too_deep(depth: int) -> None:
    shared = _nest(depth)
    # the same node (as YAML aliases make) shallow in one place and deep in another
    doc = {"a": shared, "b": {"c": [shared]}, "d": [1, "x", None]}
    found = load._too_deep(doc)
    assert found == load._deep_pointer(doc)
    assert (found is not None) == (depth + 3 > load.MAX_DEPTH)
    if found is not None:
        assert found.startswith("/b/c/0/")


def test_dangling_ref_is_a_located_error_not_a_crash() -> None:
    data = swagger({"A": {"type": "object", "properties": {"b": {"$ref": "#/definitions/Nope"}}}})
    (d,) = validate(data, "A.json")
    assert (d.code, d.pointer) == ("dangling-ref", "/definitions/A/properties/b")


def test_wrong_type_default_is_located() -> None:
    data = swagger(
        {"A": {"type": "object", "properties": {"on": {"type": "boolean", "default": "yes"}}}}
    )
    (d,) = validate(data, "A.json")
    assert (d.code, d.pointer) == ("bad-default", "/definitions/A/properties/on/default")


def test_validator_findings_are_reported() -> None:
    data = swagger({})
    data["paths"] = {"/a/{uuid}": {"get": {"responses": {"200": {"description": "OK"}}}}}
    found = validate(data, "A.json")
    assert found and all(d.level is Level.ERROR for d in found)


def test_bundled_spec_checks_clean_but_for_quirk_warnings() -> None:
    checked = check_file(Path(__file__).resolve().parents[2] / "specs/31.1.1/Image.json")
    assert checked.data is not None
    assert {d.code for d in checked.diagnostics} <= {"unsigned-format"}
