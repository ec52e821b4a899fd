"""Normalise the quirks of Avi's published files, with one located warning per quirk.

Known quirks: a top-level ``_comment`` (copyright lines) that strict validation rejects;
the non-standard formats ``uint32``/``uint64`` (kept: the IR reads them as unsigned bounds);
a ``format`` on an array node instead of its items (moved to the items); YAML twins that load
response codes as integers (turned back into strings).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from codegen.diagnostics import Diagnostic, Level, pointer
from codegen.spec.load import RawDocument

UNSIGNED_FORMATS = frozenset({"uint32", "uint64"})
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def _copy(node: Any) -> Any:
    """A deep copy of a loaded document (dicts, lists and immutable scalars; nesting is bounded
    by the loader), several times faster than ``copy.deepcopy``; anything else is deep-copied."""
    kind = type(node)
    if kind is dict:
        return {key: _copy(value) for key, value in node.items()}
    if kind is list:
        return [_copy(value) for value in node]
    if kind in (str, int, float, bool) or node is None:
        return node
    return copy.deepcopy(node)


def normalize(doc: RawDocument) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Return a normalised deep copy of ``doc.data`` and the warnings that say what changed
    (after those of loading, e.g. duplicate keys)."""
    data = _copy(doc.data)
    warnings: list[Diagnostic] = list(doc.warnings)
    file = str(doc.path)

    def warn(ptr: str, code: str, message: str) -> None:
        warnings.append(Diagnostic(file, ptr, Level.WARNING, code, message))

    for key in sorted(k for k in data if isinstance(k, str) and k.startswith("_")):
        del data[key]
        warn(
            pointer(key),
            "avi-comment",
            f"removed top-level {key!r}, which Swagger 2.0 does not allow",
        )

    paths = data.get("paths")
    if isinstance(paths, dict):
        for path_key, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method in _HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict) and isinstance(op.get("responses"), dict):
                    responses = op["responses"]
                    if any(not isinstance(code, str) for code in responses):
                        op["responses"] = {str(code): value for code, value in responses.items()}
                        warn(
                            pointer("paths", path_key, method, "responses"),
                            "yaml-int-status",
                            "response codes read as integers (YAML); turned into strings",
                        )

    for where, node in _schemas(data):
        fmt = node.get("format")
        if not isinstance(fmt, str):
            continue
        if node.get("type") == "array":
            items = node.get("items")
            del node["format"]
            if isinstance(items, dict) and "$ref" not in items and "format" not in items:
                items["format"] = fmt
                warn(
                    pointer(*where),
                    "array-format",
                    f"format {fmt!r} on an array node moved to its items",
                )
            else:
                warn(pointer(*where), "array-format", f"format {fmt!r} on an array node dropped")
        elif fmt in UNSIGNED_FORMATS:
            warn(
                pointer(*where),
                "unsigned-format",
                f"non-standard format {fmt!r}: read as an unsigned integer",
            )
    return data, warnings


def _schemas(data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every schema node of definitions and parameters, with where it is (the tokens of its
    JSON pointer; iterative)."""
    stack: list[tuple[tuple[str | int, ...], Any]] = []
    definitions = data.get("definitions")
    if isinstance(definitions, dict):
        stack.extend((("definitions", k), v) for k, v in definitions.items())
    paths = data.get("paths")
    if isinstance(paths, dict):
        for path_key, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method, op in item.items():
                if not isinstance(op, dict):
                    continue
                params = op.get("parameters")
                for i, param in enumerate(params if isinstance(params, list) else ()):
                    if isinstance(param, dict):
                        base = ("paths", path_key, method, "parameters", i)
                        stack.append((base, param))
                        if isinstance(param.get("schema"), dict):
                            stack.append(((*base, "schema"), param["schema"]))
    while stack:
        where, node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield where, node
        props = node.get("properties")
        if isinstance(props, dict):
            stack.extend(((*where, "properties", k), v) for k, v in props.items())
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                stack.append(((*where, key), node[key]))
