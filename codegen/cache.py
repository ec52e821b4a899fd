"""A content-addressed cache shared across runs and releases.

A key is the sha256 of everything a result depends on: its input and a fingerprint of the code
that computes it (source files and tool versions). Two users: the spec stage caches validation
verdicts by file content; the render stage caches formatted files by their input (a models
module's slice of the view, or the text to format), so an unchanged file is neither rendered
nor formatted again.
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

CODEGEN = Path(__file__).resolve().parent


def default_cache_dir() -> Path:
    env = os.environ.get("AVI_CODEGEN_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "avi-codegen"


def fingerprint(folders: tuple[Path, ...], tools: tuple[str, ...]) -> str:
    """A hash of the files under ``folders`` and the installed versions of ``tools``.

    Memoised by the files' names, sizes and modification times, so a long-lived process sees
    an edited template or source file.
    """
    stamps: list[tuple[str, int, int]] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return _fingerprint(folders, tools, tuple(stamps))


@lru_cache(maxsize=64)
def _fingerprint(
    folders: tuple[Path, ...], tools: tuple[str, ...], stamps: tuple[tuple[str, int, int], ...]
) -> str:
    digest = hashlib.sha256()
    for tool in tools:
        digest.update(f"{tool}={version(tool)}\n".encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def key_of(salt: str, kind: str, payload: Any) -> str:
    """The key of ``payload`` for a computation of ``kind`` whose code has fingerprint ``salt``."""
    text = json.dumps([kind, payload], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((salt + text).encode()).hexdigest()


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

    def has(self, key: str) -> bool:
        return self.folder is not None and (self.folder / key[:2] / key[2:]).is_file()

    def discard(self, key: str) -> None:
        if self.folder is not None:
            (self.folder / key[:2] / key[2:]).unlink(missing_ok=True)

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
