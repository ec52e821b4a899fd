"""Write generated packages atomically, or compare them with what is on disk (``--check``).

Every package is first written completely into a staging folder beside the output; only when
all of them are written are the old package folders swapped out, one rename each, and rolled
back if a swap fails. A failed run leaves the output folder as it was; a successful one leaves
no temporary files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

Tree = Mapping[str, bytes]

_IGNORED_DIRS = {"__pycache__", ".mypy_cache", ".ruff_cache"}


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (except caches), keyed by its relative POSIX path."""
    out: dict[str, bytes] = {}
    if not folder.is_dir():
        return out
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _IGNORED_DIRS)
        for name in sorted(files):
            path = Path(root) / name
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


@dataclass(frozen=True)
class Drift:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not (self.added or self.changed or self.removed)


def compare(out: Path, packages: Mapping[str, Tree]) -> Drift:
    """What writing ``packages`` into ``out`` would change."""
    added: list[str] = []
    changed: list[str] = []
    removed: list[str] = []
    for name, tree in sorted(packages.items()):
        current = read_tree(out / name)
        for rel, blob in tree.items():
            if rel not in current:
                added.append(f"{name}/{rel}")
            elif current[rel] != blob:
                changed.append(f"{name}/{rel}")
        removed.extend(f"{name}/{rel}" for rel in current if rel not in tree)
    return Drift(tuple(added), tuple(changed), tuple(sorted(removed)))


def _write_files(folder: Path, tree: Tree) -> None:
    for rel, blob in tree.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)


def write_packages(out: Path, packages: Mapping[str, Tree]) -> None:
    """Replace each ``out/<name>`` by its tree, all or nothing."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".avi-codegen-", dir=out))
    swapped: list[tuple[Path, Path | None]] = []
    try:
        for name, tree in packages.items():
            _write_files(staging / "new" / name, tree)
        (staging / "old").mkdir()
        for name in packages:
            final = out / name
            backup: Path | None = None
            if final.exists():
                backup = staging / "old" / name
                os.replace(final, backup)
            swapped.append((final, backup))
            os.replace(staging / "new" / name, final)
    except BaseException:
        for final, backup in reversed(swapped):
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            if backup is not None:
                os.replace(backup, final)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
