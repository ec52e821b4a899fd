"""Project configuration: the ``[tool.avi-codegen]`` table of ``pyproject.toml``.

The file read is the ``pyproject.toml`` of the current directory (no search of parent folders:
what a command does depends only on where it is run and its flags). Relative paths in the
table are relative to that file's folder. Command-line flags take precedence over the table,
which takes precedence over the built-in defaults. Keys::

    [tool.avi-codegen]
    specs = "specs"                     # folder of release folders
    out = "generated"                   # where ``generate`` writes its packages
    releases = ["30.2.1", "31.1.1"]     # what ``generate`` makes by default
    package = "avi_v{release_underscored}"  # package name pattern
    objects = ["Image", "VirtualService"]   # only these API objects
    templates = "templates"             # template overrides
    cache = ".cache/avi-codegen"        # cache folder

``package`` may use ``{major}``, ``{minor}``, ``{patch}`` and ``{release_underscored}``
(``30_2_1``); the result must be a Python identifier. A table that is not TOML, an unknown key
or a value of the wrong type is a :class:`~codegen.diagnostics.DiagnosticError` naming the key.
"""

from __future__ import annotations

import keyword
import re
import string
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.diagnostics import Diagnostic, DiagnosticError, Level
from codegen.ir.release import Release, ReleaseError

TABLE = "avi-codegen"
FILE = "pyproject.toml"
#: The placeholders a ``package`` pattern may use.
PLACEHOLDERS = ("major", "minor", "patch", "release_underscored")
DEFAULT_PACKAGE = "avi_v{release_underscored}"

_PATH_KEYS = ("specs", "out", "templates", "cache")
_LIST_KEYS = ("releases", "objects")
_KEYS = (*_PATH_KEYS, *_LIST_KEYS, "package")


@dataclass(frozen=True)
class Config:
    """The table as read; ``None`` or empty means "not set" (the flag or default applies)."""

    source: Path | None = None
    specs: Path | None = None
    out: Path | None = None
    releases: tuple[str, ...] = ()
    package: str | None = None
    objects: tuple[str, ...] = ()
    templates: Path | None = None
    cache: Path | None = None


def _key_line(text: str, key: str) -> int | None:
    """The line of ``key = ...`` inside the table, for a located message (best effort)."""
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.replace(" ", "") in (f"[tool.{TABLE}]", f'[tool."{TABLE}"]')
            continue
        if inside and re.match(rf"""^["']?{re.escape(key)}["']?\s*=""", stripped):
            return number
    return None


def _fail(path: Path, text: str, key: str, message: str) -> DiagnosticError:
    return DiagnosticError(
        [
            Diagnostic(
                str(path),
                "",
                Level.ERROR,
                "bad-config",
                f"[tool.{TABLE}] {key}: {message}",
                _key_line(text, key),
            )
        ]
    )


def package_for(pattern: str, release: Release) -> str:
    """The package name ``pattern`` gives ``release``; ValueError when it is not usable."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise ValueError(f"not a usable pattern: {exc}") from None
    unknown = sorted({f for f in fields if f not in PLACEHOLDERS})
    if unknown:
        allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        raise ValueError(f"unknown placeholder {{{unknown[0]}}} (use {allowed})")
    try:
        name = pattern.format(
            major=release.major,
            minor=release.minor,
            patch=release.patch,
            release_underscored=release.package_suffix,
        )
    except (ValueError, IndexError, KeyError) as exc:
        raise ValueError(f"not a usable pattern: {exc}") from None
    check_package_name(name)
    return name


def check_package_name(name: str) -> None:
    """ValueError unless ``name`` can be the name of an importable top-level package."""
    if not name.isidentifier() or not name.isascii() or keyword.iskeyword(name):
        raise ValueError(f"{name!r} is not a Python identifier")
    if name in sys.stdlib_module_names:
        raise ValueError(f"{name!r} is the name of a standard library module")


def load_config(folder: Path = Path(".")) -> Config:
    """The ``[tool.avi-codegen]`` table of ``folder/pyproject.toml`` (empty when absent)."""
    path = folder / FILE
    if not path.is_file():
        return Config()
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DiagnosticError(
            [Diagnostic(str(path), "", Level.ERROR, "bad-config", f"cannot read: {exc}")]
        ) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise DiagnosticError(
            [
                Diagnostic(
                    str(path), "", Level.ERROR, "bad-config", f"not TOML: {message}", line, column
                )
            ]
        ) from None
    tool = document.get("tool", {})
    table: Any = tool.get(TABLE) if isinstance(tool, dict) else None
    if table is None:
        return Config(source=path)
    if not isinstance(table, dict):
        raise _fail(path, text, TABLE, "expected a table")
    for key in table:
        if key not in _KEYS:
            raise _fail(path, text, key, f"unknown key (known: {', '.join(sorted(_KEYS))})")
    values: dict[str, Any] = {}
    for key in _PATH_KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, str) or not value:
                raise _fail(path, text, key, f"expected a path (a string), got {value!r}")
            values[key] = folder / Path(value).expanduser()
    for key in _LIST_KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise _fail(path, text, key, f"expected a list of strings, got {value!r}")
            values[key] = tuple(value)
    for release in values.get("releases", ()):
        try:
            Release.parse(release)
        except ReleaseError as exc:
            raise _fail(path, text, "releases", str(exc)) from None
    if "package" in table:
        pattern = table["package"]
        if not isinstance(pattern, str) or not pattern:
            raise _fail(path, text, "package", f"expected a string, got {pattern!r}")
        try:
            package_for(pattern, Release(30, 2, 1))
        except ValueError as exc:
            raise _fail(path, text, "package", str(exc)) from None
        values["package"] = pattern
    return Config(source=path, **values)
