"""Read one spec file (JSON or YAML) into a plain document, with located syntax errors."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from codegen.diagnostics import Diagnostic, DiagnosticError, Level

#: Refuse files larger than this (bytes): a spec of that size is a mistake or an attack.
MAX_SPEC_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class RawDocument:
    """A spec file as loaded: its path, its bytes' sha256 and the decoded document."""

    path: Path
    sha256: str
    data: dict[str, Any]
    yaml: bool = False

    @property
    def name(self) -> str:
        return self.path.name


def _error(
    path: Path, code: str, message: str, line: int | None = None, col: int | None = None
) -> DiagnosticError:
    return DiagnosticError([Diagnostic(str(path), "", Level.ERROR, code, message, line, col)])


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
        raise _error(path, "not-utf8", f"not UTF-8 text (byte {exc.start})") from None
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    data: Any
    if is_yaml:
        try:
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            col = mark.column + 1 if mark else None
            reason = exc.problem or exc.context or "malformed YAML"
            raise _error(path, "yaml-syntax", f"malformed YAML: {reason}", line, col) from None
        except (yaml.YAMLError, RecursionError, ValueError) as exc:
            raise _error(path, "yaml-syntax", f"malformed YAML: {exc}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _error(
                path, "json-syntax", f"malformed JSON: {exc.msg}", exc.lineno, exc.colno
            ) from None
        except RecursionError:
            raise _error(path, "too-deep", "JSON nested too deeply to read") from None
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise _error(path, "not-an-object", f"top level is {kind}, expected a Swagger object")
    return RawDocument(path=path, sha256=digest, data=data, yaml=is_yaml)
