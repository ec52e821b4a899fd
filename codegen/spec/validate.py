"""Validate a normalised Swagger 2.0 document: located structural checks, then the validator.

The structural checks come first because openapi-spec-validator crashes on a dangling
``$ref`` instead of reporting it, and reports a wrong-type default without its location.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
        message = _short(str(exc)) if str(exc) else type(exc).__name__
        return [Diagnostic(file, "", Level.ERROR, "invalid", f"validator failed: {message}")]
    out = []
    for err in errors:
        ptr = pointer(*err.absolute_path)
        out.append(Diagnostic(file, ptr, Level.ERROR, "invalid", _short(err.message)))
    return out


def _short(message: str) -> str:
    """One line of at most 300 characters; characters that are not printable (spec text the
    validator quotes: newlines, terminal escape sequences) are written as escapes."""
    line = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in message
    )
    line = line or "invalid"
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
    yield from _skeleton(data, file)
    raw_definitions = data.get("definitions")
    definitions: dict[str, Any] = raw_definitions if isinstance(raw_definitions, dict) else {}
    for ptr, node in _walk(data):
        for key in node:
            if not isinstance(key, str):
                yield Diagnostic(
                    file,
                    ptr + pointer(str(key)),
                    Level.ERROR,
                    "bad-key",
                    f"key {key!r} is not a string but {type(key).__name__} (quote it in YAML)",
                )
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


_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch")


def _skeleton(data: dict[str, Any], file: str) -> Iterator[Diagnostic]:
    """The containers of a Swagger document have the right JSON type (the validator crashes,
    without a location, on some that do not)."""

    def wrong(ptr: str, what: str) -> Diagnostic:
        return Diagnostic(file, ptr, Level.ERROR, "wrong-type", what)

    for key in ("info", "paths", "definitions", "parameters", "responses"):
        if key in data and not isinstance(data[key], dict):
            yield wrong(pointer(key), f"{key} must be an object")
    definitions = data.get("definitions")
    if isinstance(definitions, dict):
        for name, schema in definitions.items():
            if not isinstance(schema, dict):
                yield wrong(pointer("definitions", str(name)), "a definition must be an object")
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        where = pointer("paths", str(path))
        if not isinstance(item, dict):
            yield wrong(where, "a path item must be an object")
            continue
        yield from _parameters(item, where, wrong)
        for method in _OPERATIONS:
            if method not in item:
                continue
            op = item[method]
            if not isinstance(op, dict):
                yield wrong(f"{where}/{method}", "an operation must be an object")
                continue
            yield from _parameters(op, f"{where}/{method}", wrong)
            responses = op.get("responses")
            if "responses" in op and not isinstance(responses, dict):
                yield wrong(f"{where}/{method}/responses", "responses must be an object")
            elif isinstance(responses, dict):
                for status, response in responses.items():
                    if not isinstance(response, dict):
                        yield wrong(
                            f"{where}/{method}/responses{pointer(str(status))}",
                            "a response must be an object",
                        )


def _parameters(
    node: dict[str, Any], where: str, wrong: Callable[[str, str], Diagnostic]
) -> Iterator[Diagnostic]:
    if "parameters" not in node:
        return
    params = node["parameters"]
    if not isinstance(params, list):
        yield wrong(f"{where}/parameters", "parameters must be a list")
        return
    for i, param in enumerate(params):
        if not isinstance(param, dict):
            yield wrong(f"{where}/parameters/{i}", "a parameter must be an object")


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
