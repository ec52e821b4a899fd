"""A content-addressed cache of generated files, shared across runs and releases.

A key is the sha256 of everything a file's content depends on: its input (a models module's
slice of the view, or the text to format) and the generator's fingerprint (the source of the
generator and its templates, and the versions of datamodel-code-generator and black). A file
whose key is cached is neither rendered nor formatted again. The IR that feeds a job is part
of its input, so the stages before rendering need not be in the fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from codegen.render.templates import BUNDLED

#: The generator source a rendered or formatted file depends on (not the CLI, diff, mock...).
_RENDER = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    env = os.environ.get("AVI_CODEGEN_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "avi-codegen"


@lru_cache(maxsize=8)
def fingerprint(override: Path | None = None) -> str:
    """What every generated file depends on besides its own input."""
    digest = hashlib.sha256()
    for tool in ("datamodel-code-generator", "black", "pydantic"):
        digest.update(f"{tool}={version(tool)}\n".encode())
    folders = [_RENDER, BUNDLED] + ([override] if override else [])
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def key_of(kind: str, payload: Any, override: Path | None = None) -> str:
    text = json.dumps([kind, payload], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((fingerprint(override) + text).encode()).hexdigest()


class Cache:
    """Files by key under ``folder`` (``ab/cdef...``); disabled when ``folder`` is None."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / key[:2] / key[2:]).read_bytes()
        except OSError:
            return None

    def put(self, key: str, blob: bytes) -> None:
        if self.folder is None:
            return
        target = self.folder / key[:2] / key[2:]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower
