"""Read one spec file (JSON or YAML) into a plain document, with located syntax errors.

Hostile input is refused with a located error rather than a crash or a hang: numbers too long
to convert, YAML aliases that expand without bound (or into themselves), YAML tags that build
objects. Duplicate keys, which both parsers resolve silently by keeping the last value, are
reported as located warnings (JSON: the JSON pointer of the object; YAML: line and column).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from codegen.diagnostics import Diagnostic, DiagnosticError, Level, pointer

#: Refuse files larger than this (bytes): a spec of that size is a mistake or an attack.
MAX_SPEC_BYTES = 64 * 1024 * 1024
#: Refuse a YAML document whose aliases expand to more nodes than this.
MAX_YAML_NODES = 5_000_000
#: Refuse documents nested deeper than this (Avi's are 8 deep); later stages recurse.
MAX_DEPTH = 100

_LONG_DIGITS = re.compile(r"[0-9]{4000,}")


@dataclass(frozen=True)
class RawDocument:
    """A spec file as loaded: its path, its bytes' sha256 and the decoded document.

    ``warnings`` are what loading noticed without refusing the file (duplicate keys).
    """

    path: Path
    sha256: str
    data: dict[str, Any]
    yaml: bool = False
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name


def _error(
    path: Path, code: str, message: str, line: int | None = None, col: int | None = None
) -> DiagnosticError:
    return DiagnosticError([Diagnostic(str(path), "", Level.ERROR, code, message, line, col)])


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_document(path: Path) -> RawDocument:
    """Load ``path``; raise :class:`DiagnosticError` (never anything else) when it is unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise _error(path, "too-large", f"file is {size} bytes, more than {MAX_SPEC_BYTES}")
        blob = path.read_bytes()
    except OSError as exc:
        raise _error(path, "unreadable", f"cannot read file: {exc.strerror or exc}") from None
    return parse_document(path, blob)


def parse_document(path: Path, blob: bytes) -> RawDocument:
    """Decode ``blob`` (the content of ``path``) as JSON or YAML by the file's suffix."""
    digest = hashlib.sha256(blob).hexdigest()
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = blob.count(b"\n", 0, exc.start) + 1
        col = exc.start - (blob.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(path, "not-utf8", f"not UTF-8 text (byte {exc.start})", line, col) from None
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    data: Any
    warnings: list[Diagnostic]
    if is_yaml:
        data, warnings = _load_yaml(path, text)
    else:
        data, warnings = _load_json(path, text)
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise _error(path, "not-an-object", f"top level is {kind}, expected a Swagger object")
    too_deep = _too_deep(data)
    if too_deep is not None:
        raise DiagnosticError(
            [
                Diagnostic(
                    str(path),
                    too_deep,
                    Level.ERROR,
                    "too-deep",
                    f"nested more than {MAX_DEPTH} levels",
                )
            ]
        )
    return RawDocument(path=path, sha256=digest, data=data, yaml=is_yaml, warnings=tuple(warnings))


# -- JSON --------------------------------------------------------------------------------------


def _load_json(path: Path, text: str) -> tuple[Any, list[Diagnostic]]:
    duplicated: list[tuple[dict[str, Any], list[str]]] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            again = []
            for key, _ in pairs:
                if key in seen and key not in again:
                    again.append(key)
                seen.add(key)
            duplicated.append((obj, again))
        return obj

    try:
        data = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        raise _error(
            path, "json-syntax", f"malformed JSON: {exc.msg}", exc.lineno, exc.colno
        ) from None
    except RecursionError:
        raise _error(path, "too-deep", "JSON nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer longer than int() converts
        found = _LONG_DIGITS.search(text)
        line, col = _position(text, found.start()) if found else (None, None)
        reason = str(exc).split(";")[0]
        raise _error(path, "json-number", f"unreadable number: {reason}", line, col) from None
    if not duplicated:
        return data, []
    where = {id(obj): keys for obj, keys in duplicated}
    warnings = []
    for ptr, node in _objects(data):
        for key in where.get(id(node), ()):
            warnings.append(_duplicate(path, ptr + pointer(key), key))
    return data, warnings


def _duplicate(
    path: Path, ptr: str, key: object, line: int | None = None, col: int | None = None
) -> Diagnostic:
    return Diagnostic(
        str(path),
        ptr,
        Level.WARNING,
        "duplicate-key",
        f"key {key!r} given more than once in the same object: the last one is used",
        line,
        col,
    )


def _too_deep(data: Any) -> str | None:
    """The pointer of the first node nested more than :data:`MAX_DEPTH` levels, if any."""
    # level by level, without pointers (a node twice in one level, a YAML alias, is looked
    # at once); only a document found too deep is walked again for the place
    level, depth = [data], 0
    while level:
        if depth > MAX_DEPTH:
            return _deep_pointer(data)
        below: dict[int, Any] = {}
        for node in level:
            for child in node.values() if isinstance(node, dict) else node:
                if isinstance(child, dict | list):
                    below[id(child)] = child
        level, depth = list(below.values()), depth + 1
    return None


def _deep_pointer(data: Any) -> str | None:
    """:func:`_too_deep`, with the pointers: the first node too deep in depth-first order."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    seen: dict[int, int] = {}  # node -> deepest level it was checked at (YAML aliases)
    while stack:
        node, depth, ptr = stack.pop()
        if depth > MAX_DEPTH:
            return ptr
        if seen.get(id(node), -1) >= depth:
            continue
        seen[id(node)] = depth
        if isinstance(node, dict):
            stack.extend(
                (v, depth + 1, ptr + pointer(str(k)))
                for k, v in node.items()
                if isinstance(v, dict | list)
            )
        elif isinstance(node, list):
            stack.extend(
                (v, depth + 1, f"{ptr}/{i}")
                for i, v in enumerate(node)
                if isinstance(v, dict | list)
            )
    return None


def _objects(data: Any) -> Iterator[tuple[str, Any]]:
    """Every dict of a decoded JSON document with its pointer (iterative)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        ptr, node = stack.pop()
        if isinstance(node, dict):
            yield ptr, node
            stack.extend(
                (ptr + pointer(str(k)), v) for k, v in node.items() if isinstance(v, dict | list)
            )
        elif isinstance(node, list):
            stack.extend(
                (f"{ptr}/{i}", v) for i, v in enumerate(node) if isinstance(v, dict | list)
            )


# -- YAML --------------------------------------------------------------------------------------


class _SpecLoader(yaml.SafeLoader):
    """The safe loader, recording duplicate mapping keys with their position."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = (key_node.tag, key_node.value)
                if key in seen:
                    mark = key_node.start_mark
                    self.duplicates.append((key_node.value, mark.line + 1, mark.column + 1))
                seen.add(key)
        return super().construct_mapping(node, deep)


def _expanded_size(root: yaml.Node, limit: int) -> int | yaml.Node:
    """How many nodes ``root`` stands for once aliases are expanded (capped just over
    ``limit``), or the first node found inside itself (a recursive alias)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            active.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(c)] for c in children))
            continue
        if key in sizes:
            continue
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                return child
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _load_yaml(path: Path, text: str) -> tuple[Any, list[Diagnostic]]:
    try:
        loader = _SpecLoader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        at = _position(text, exc.position)
        reason = f"character {chr(exc.character)!r} is not allowed in YAML"
        raise _error(path, "yaml-syntax", f"malformed YAML: {reason}", *at) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        size = _expanded_size(node, MAX_YAML_NODES)
        if isinstance(size, yaml.Node):
            mark = size.start_mark
            raise _error(
                path,
                "yaml-alias",
                "a YAML alias refers to a node that contains it",
                mark.line + 1,
                mark.column + 1,
            )
        if size > MAX_YAML_NODES:
            raise _error(
                path,
                "too-large",
                f"YAML aliases expand to more than {MAX_YAML_NODES} nodes",
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        reason = exc.problem or exc.context or "malformed YAML"
        raise _error(path, "yaml-syntax", f"malformed YAML: {reason}", line, col) from None
    except ValueError as exc:  # e.g. an integer longer than int() converts
        found = _LONG_DIGITS.search(text)
        line, col = _position(text, found.start()) if found else (None, None)
        reason = str(exc).split(";")[0]
        raise _error(path, "yaml-number", f"unreadable value: {reason}", line, col) from None
    except (yaml.YAMLError, RecursionError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _error(path, "yaml-syntax", f"malformed YAML: {message}") from None
    finally:
        loader.dispose()
    warnings = [_duplicate(path, "", key, line, col) for key, line, col in loader.duplicates]
    return data, warnings
