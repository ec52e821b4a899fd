"""Shared pieces of the import-specs / vendor / config / template-override tests."""

from __future__ import annotations

import ast
import copy
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from codegen.cli import main
from tests.helpers import REPO, api_response, crud_paths, swagger, write_spec

BUNDLED_SPECS = REPO / "specs"
#: Top-level modules the generated code may import besides the standard library.
ALLOWED_THIRD_PARTY = frozenset({"pydantic", "pydantic_core", "httpx"})


def run(*args: str | Path) -> tuple[int, str]:
    """Run the command line in-process: exit code and everything it printed (both streams)."""
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


def image_doc(description: str = "An image of the controller.") -> dict[str, Any]:
    """A small Image spec in Avi's style: a name, an enum, a bounded integer."""
    image = {
        "type": "object",
        "description": description,
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "description": "Name of the image."},
            "type": {
                "type": "string",
                "description": "Type of the image. Enum options - IMAGE_TYPE_PATCH, "
                "IMAGE_TYPE_SYSTEM. Default value when not specified in API or module is "
                "interpreted by Avi Controller as IMAGE_TYPE_SYSTEM.",
            },
            "progress": {
                "type": "integer",
                "format": "int32",
                "description": "Progress of the upload. Allowed values are 0-100.",
            },
            "uuid": {"type": "string", "readOnly": True},
            "url": {"type": "string", "readOnly": True},
        },
    }
    return swagger(
        {"Image": image, "ImageApiResponse": api_response("Image")},
        crud_paths("/image", "Image"),
        version="30.2.1",
    )


def thing_doc() -> dict[str, Any]:
    thing = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "size": {
                "type": "integer",
                "format": "int32",
                "description": "Allowed values are 1-9.",
            },
        },
    }
    return swagger(
        {"Thing": thing, "ThingApiResponse": api_response("Thing")},
        crud_paths("/thing", "Thing"),
        version="30.2.1",
    )


def two_object_specs(folder: Path, release: str = "30.2.1", **image: Any) -> Path:
    """``folder/<release>/{Image,Thing}.json``; returns ``folder``."""
    write_spec(folder, release, "Image", image_doc(**image))
    write_spec(folder, release, "Thing", thing_doc())
    return folder


def with_version(doc: dict[str, Any], version: str) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["info"]["version"] = version
    return out


def imported_modules(package: Path) -> dict[str, set[str]]:
    """Absolute imports of every module of a package folder: file -> top-level names."""
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[path.relative_to(package).as_posix()] = names
    return found


def foreign_imports(package: Path) -> dict[str, set[str]]:
    """Imports that are neither the standard library nor pydantic/httpx, by file."""
    allowed = set(sys.stdlib_module_names) | ALLOWED_THIRD_PARTY | {"__future__"}
    return {
        rel: bad for rel, names in imported_modules(package).items() if (bad := names - allowed)
    }
