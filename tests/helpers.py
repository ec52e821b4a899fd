"""Shared helpers of the test suite: where the reference data is, and generating packages."""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen.ir.release import Release
from codegen.pipeline import build_apis
from codegen.render.package import render_packages
from codegen.render.write import write_packages

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """``../shared`` beside the project, or ``$AVI_SHARED_DIR``."""
    return Path(os.environ.get("AVI_SHARED_DIR") or REPO.parent / "shared")


def avi_specs() -> Path:
    """The real specs; skips the calling test, with the reason, when they are absent."""
    path = Path(os.environ.get("AVI_SPECS_DIR") or shared_dir() / "avi-specs")
    if not path.is_dir():
        pytest.skip(f"reference specs not found at {path} (set AVI_SHARED_DIR or AVI_SPECS_DIR)")
    return path


def generate(
    specs: Path, out: Path, releases: Sequence[str] = (), objects: Sequence[str] = ()
) -> list[str]:
    """Generate packages into ``out`` with the pipeline; return the package names."""
    apis, diagnostics = build_apis(specs, [Release.parse(r) for r in releases], objects)
    errors = [d.format() for d in diagnostics if d.level >= 30]
    assert not errors, errors
    packages = render_packages(apis)
    write_packages(out, packages)
    return sorted(packages)


def import_package(out: Path, name: str) -> ModuleType:
    """Import a generated package from ``out`` (fresh, even if a same-named one was imported)."""
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(name)


def write_spec(folder: Path, release: str, name: str, doc: dict[str, Any]) -> Path:
    """Write a spec document as ``folder/<release>/<name>.json``."""
    path = folder / release / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2))
    return path


def swagger(
    definitions: dict[str, Any], paths: dict[str, Any] | None = None, version: str = "30.2.1"
) -> dict[str, Any]:
    """A small Swagger 2.0 document in Avi's style."""
    return {
        "swagger": "2.0",
        "info": {"version": version, "title": "Test Object API"},
        "basePath": "/api",
        "paths": paths if paths is not None else {},
        "definitions": definitions,
    }


def crud_paths(path: str, model: str) -> dict[str, Any]:
    """Avi's standard operations on ``path`` for the definition ``model``."""
    ref = {"$ref": f"#/definitions/{model}"}
    header = {"name": "X-Avi-Version", "in": "header", "type": "string", "required": True}
    uuid = {"name": "uuid", "in": "path", "type": "string", "required": True}
    body = {"name": "body", "in": "body", "required": True, "schema": ref}
    ok = {"200": {"description": "OK", "schema": ref}}
    return {
        path: {
            "get": {
                "parameters": [header, {"name": "name", "in": "query", "type": "string"}],
                "responses": {
                    "200": {
                        "description": "OK",
                        "schema": {"$ref": f"#/definitions/{model}ApiResponse"},
                    }
                },
            },
            "post": {"parameters": [header, body], "responses": ok},
        },
        path + "/{uuid}": {
            "get": {"parameters": [header, uuid], "responses": ok},
            "put": {"parameters": [header, uuid, body], "responses": ok},
            "patch": {"parameters": [header, uuid, body], "responses": ok},
            "delete": {
                "parameters": [header, uuid],
                "responses": {"204": {"description": "deleted"}},
            },
        },
    }


def api_response(model: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["count", "results"],
        "properties": {
            "count": {"type": "integer", "format": "int32"},
            "results": {"type": "array", "items": {"$ref": f"#/definitions/{model}"}},
            "next": {"type": "string"},
        },
    }
