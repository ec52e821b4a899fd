"""Write generated packages atomically, or compare them with what is on disk (``--check``).

Every package is first written completely into a staging folder beside the output; only when
all of them are written are the old package folders swapped out, one atomic exchange each
(two renames where the system cannot exchange), and rolled back if a swap fails. A failed run
leaves the output folder as it was; a successful one leaves no temporary files; a killed one
leaves every package whole (old or new), and the next run removes what it left.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any

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


def _write_files(
    folder: Path, tree: Tree, current: Path | None = None, differs: Set[str] | None = None
) -> None:
    """Write ``tree`` under ``folder``; a file that ``current`` (the package in place) already
    holds with the same bytes is hard-linked instead of written (its old tree is deleted after
    the swap, so the two never share a file that either changes). ``differs``, when known,
    names the files that are not the same, so the others are not read again."""
    made: set[Path] = set()
    for rel, blob in tree.items():
        target = folder / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if current is not None and _same_file(current / rel, blob, rel, differs):
            try:
                os.link(current / rel, target, follow_symlinks=False)
                continue
            except OSError:
                pass  # a file system without hard links (or no file there): write it
        target.write_bytes(blob)


def _same_file(path: Path, blob: bytes, rel: str, differs: Set[str] | None) -> bool:
    """Whether ``path`` is a regular file (never a link to elsewhere) holding ``blob``."""
    try:
        stat = path.lstat()
        if not S_ISREG(stat.st_mode) or stat.st_size != len(blob):
            return False
        return rel not in differs if differs is not None else path.read_bytes() == blob
    except OSError:
        return False


#: Staging folders are named ``<prefix><pid>-<random>`` inside the output folder.
STAGING_PREFIX = ".avi-codegen-"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_exchange_works: bool | None = None if sys.platform == "linux" else False


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``), so that a
    process killed mid-write never leaves a package missing; False where it is unsupported."""
    global _exchange_works
    if _exchange_works is False:
        return False
    try:
        libc: Any = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        _exchange_works = False
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        _exchange_works = True
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):
        _exchange_works = False  # the kernel or the file system cannot: rename in two steps
        return False
    raise OSError(err, os.strerror(err), str(b))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _recover_stale(out: Path) -> None:
    """Clean up after a run that was killed while writing ``out``: put back a package it had
    moved aside and not replaced yet, then remove its staging folder."""
    for stale in sorted(out.glob(STAGING_PREFIX + "*")):
        pid = stale.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if not stale.is_dir() or not pid.isdigit() or _alive(int(pid)):
            continue  # not ours, or a run still going
        old = stale / "old"
        for backup in sorted(old.iterdir()) if old.is_dir() else ():
            if not (out / backup.name).exists():
                os.replace(backup, out / backup.name)
        shutil.rmtree(stale, ignore_errors=True)


@dataclass(frozen=True)
class _Swap:
    """One package's swap, recorded before it starts so that a rollback can tell from the
    file system how far it got (an interrupt may land between two steps)."""

    final: Path  # out/<name>
    staged: Path  # the new tree in the staging folder (the old one, after an exchange)
    staged_inode: int  # identifies the new tree wherever it is
    backup: Path | None  # where the old tree goes when moved in two renames


def _is(path: Path, inode: int) -> bool:
    try:
        return path.stat().st_ino == inode
    except OSError:
        return False


def _roll_back(swaps: list[_Swap]) -> None:
    for swap in reversed(swaps):
        if _is(swap.final, swap.staged_inode):  # the new tree is in place: take it out
            old = swap.backup if swap.backup is not None and swap.backup.exists() else None
            if old is None and swap.staged.exists():
                old = swap.staged  # exchanged: the old tree is where the new one was
            shutil.rmtree(swap.final)
            if old is not None:
                os.replace(old, swap.final)
        elif swap.backup is not None and swap.backup.exists() and not swap.final.exists():
            os.replace(swap.backup, swap.final)  # moved aside, not replaced yet


def write_packages(out: Path, packages: Mapping[str, Tree], drift: Drift | None = None) -> None:
    """Replace each ``out/<name>`` by its tree, all or nothing (``drift``: what
    :func:`compare` found for ``packages`` just before, which spares reading the files again).

    An exception (``KeyboardInterrupt`` included) rolls every package back; if the rollback
    itself fails, the staging folder holding the old trees is kept, never deleted. A killed
    process leaves each package whole, old or new, and the next run cleans up after it.
    """
    out.mkdir(parents=True, exist_ok=True)
    _recover_stale(out)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out))
    swaps: list[_Swap] = []
    keep = False
    try:
        for name, tree in packages.items():
            differs = None
            if drift is not None:
                differs = {
                    path.split("/", 1)[1]
                    for path in (*drift.added, *drift.changed)
                    if path.startswith(name + "/")
                }
            _write_files(staging / "new" / name, tree, out / name, differs)
        (staging / "old").mkdir()
        for name in packages:
            final, new = out / name, staging / "new" / name
            backup = staging / "old" / name
            swaps.append(_Swap(final, new, new.stat().st_ino, backup))
            if final.exists() and _exchange(new, final):
                continue  # ``new`` holds the old tree now
            if final.exists():
                os.replace(final, backup)
            os.replace(new, final)
    except BaseException:
        try:
            _roll_back(swaps)
        except BaseException:
            keep = True
            raise
        raise
    finally:
        if not keep:
            shutil.rmtree(staging, ignore_errors=True)
