"""Validate a normalised Swagger 2.0 document: located structural checks, then the validator.

The structural checks come first because openapi-spec-validator crashes on a dangling
``$ref`` instead of reporting it, and reports a wrong-type default without its location.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openapi_spec_validator import OpenAPIV2SpecValidator

from codegen.diagnostics import Diagnostic, Level, pointer

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def validate(data: dict[str, Any], file: str) -> list[Diagnostic]:
    """Return the errors of a normalised document (empty when it is valid)."""
    found = list(_structure(data, file))
    if found:
        return found
    try:
        errors = list(OpenAPIV2SpecValidator(data).iter_errors())
    except RecursionError:
        return [
            Diagnostic(file, "", Level.ERROR, "too-deep", "schema nested too deeply to validate")
        ]
    except Exception as exc:  # the validator's own failures become findings, not tracebacks
        message = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        return [Diagnostic(file, "", Level.ERROR, "invalid", f"validator failed: {message}")]
    out = []
    for err in errors:
        ptr = pointer(*err.absolute_path)
        out.append(Diagnostic(file, ptr, Level.ERROR, "invalid", _short(err.message)))
    return out


def _short(message: str) -> str:
    line = message.splitlines()[0] if message else "invalid"
    return line if len(line) <= 300 else line[:297] + "..."


def _structure(data: dict[str, Any], file: str) -> Iterator[Diagnostic]:
    if data.get("swagger") != "2.0":
        yield Diagnostic(
            file,
            "/swagger",
            Level.ERROR,
            "not-swagger2",
            f"expected swagger '2.0', found {data.get('swagger')!r}",
        )
    for key in ("paths", "definitions"):
        if key in data and not isinstance(data[key], dict):
            yield Diagnostic(
                file, pointer(key), Level.ERROR, "wrong-type", f"{key} must be an object"
            )
    raw_definitions = data.get("definitions")
    definitions: dict[str, Any] = raw_definitions if isinstance(raw_definitions, dict) else {}
    for ptr, node in _walk(data):
        ref = node.get("$ref")
        if ref is not None:
            if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
                yield Diagnostic(
                    file,
                    ptr,
                    Level.ERROR,
                    "bad-ref",
                    f"unsupported $ref {ref!r} (expected #/definitions/<name>)",
                )
            elif (
                ref[len("#/definitions/") :].replace("~1", "/").replace("~0", "~")
                not in definitions
            ):
                yield Diagnostic(
                    file, ptr, Level.ERROR, "dangling-ref", f"$ref {ref!r} points to no definition"
                )
        if "default" in node and isinstance(node.get("type"), str):
            expected = _JSON_TYPES.get(node["type"])
            value = node["default"]
            wrong = expected is not None and (
                not isinstance(value, expected)
                or (node["type"] in ("integer", "number") and isinstance(value, bool))
            )
            if wrong:
                yield Diagnostic(
                    file,
                    ptr + "/default",
                    Level.ERROR,
                    "bad-default",
                    f"default {value!r} is not of type {node['type']}",
                )


def _walk(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object node of the document with its JSON pointer, iteratively (no recursion limit)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        ptr, node = stack.pop()
        if isinstance(node, dict):
            yield ptr, node
            for key, value in node.items():
                if isinstance(value, dict | list):
                    stack.append((ptr + pointer(str(key)), value))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, dict | list):
                    stack.append((f"{ptr}/{i}", value))
