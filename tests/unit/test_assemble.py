"""Definitions repeated across a release's files: identical copies merge; copies that differ are
reported (which files, which fields) and resolved by one rule, whatever order the files come in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from codegen.diagnostics import Level
from codegen.ir.release import Release
from codegen.pipeline import build_apis
from tests.helpers import api_response, crud_paths, swagger, write_spec


def shared(default: list[int], extra: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {
        "ports": {"type": "array", "items": {"type": "integer"}, "default": default}
    }
    if extra:
        props["note"] = {"type": "string"}
    return {"type": "object", "properties": props}


def write_object(specs: Path, name: str, copy: dict[str, Any], version: str = "30.2.1") -> None:
    definitions = {
        name: {
            "type": "object",
            "properties": {"uuid": {"type": "string"}, "s": {"$ref": "#/definitions/Shared"}},
        },
        f"{name}ApiResponse": api_response(name),
        "Shared": copy,
    }
    doc = swagger(definitions, crud_paths(f"/{name.lower()}", name), version=version)
    write_spec(specs, "30.2.1", name, doc)


def kept(specs: Path) -> tuple[Any, list[str]]:
    (api,), diagnostics = build_apis(specs, [Release.parse("30.2.1")])
    conflicts = [d.message for d in diagnostics if d.code == "definition-conflict"]
    assert all(d.level == Level.WARNING for d in diagnostics if d.code == "definition-conflict")
    return api.definitions["Shared"], conflicts


def test_the_copy_most_files_hold_is_kept(tmp_path: Path) -> None:
    write_object(tmp_path, "Alpha", shared([1, 2]))
    write_object(tmp_path, "Beta", shared([1], extra=True))
    write_object(tmp_path, "Gamma", shared([1], extra=True))
    definition, conflicts = kept(tmp_path)
    assert [f.name for f in definition.fields] == ["ports", "note"]
    assert conflicts == [
        "Shared differs in Alpha.json (kept copy only: note; differing: ports); "
        "kept the copy of Beta.json"
    ]


def test_a_tie_goes_to_the_first_file_by_name(tmp_path: Path) -> None:
    write_object(tmp_path, "Zulu", shared([1], extra=True))
    write_object(tmp_path, "Alpha", shared([1, 2]))
    definition, conflicts = kept(tmp_path)
    assert [f.name for f in definition.fields] == ["ports"]
    assert next(f for f in definition.fields if f.name == "ports").default == [1, 2]
    assert conflicts == [
        "Shared differs in Zulu.json (other copy only: note; differing: ports); "
        "kept the copy of Alpha.json"
    ]


def test_a_file_frozen_at_an_older_release_loses(tmp_path: Path) -> None:
    write_object(tmp_path, "Alpha", shared([1, 2]), version="22.1.1")
    write_object(tmp_path, "Beta", shared([1, 2]), version="22.1.1")
    write_object(tmp_path, "Gamma", shared([1], extra=True))
    definition, conflicts = kept(tmp_path)
    assert [f.name for f in definition.fields] == ["ports", "note"]
    assert conflicts == [
        "Shared differs in Alpha.json, Beta.json (kept copy only: note; differing: ports); "
        "kept the copy of Gamma.json"
    ]


def test_identical_copies_merge_silently(tmp_path: Path) -> None:
    write_object(tmp_path, "Alpha", shared([1, 2]))
    write_object(tmp_path, "Beta", shared([1, 2]))
    definition, conflicts = kept(tmp_path)
    assert conflicts == []
    assert definition.fields[0].default == [1, 2]
