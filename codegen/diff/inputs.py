"""Turn what the user names (a spec file, a release folder, a release number) into an IR.

One job: resolve and build the two sides of a diff, or raise a :class:`DiagnosticError` that
says in one line why an input cannot be used. The release of an input is the name of its folder
(``specs/22.1.1/Image.json`` is 22.1.1), else the ``info.version`` its files agree on, else
0.0.0. When both sides are single files, their one object each is compared as one object (named
after the new file), so ``Image-old.json`` and ``Image-new.json`` diff field by field.

``--object`` keeps the files of those objects only; a release without one of them simply lacks
it (the object is then added or removed), and naming an object no input has is an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from codegen.diagnostics import Diagnostic, DiagnosticError, Level, has_errors
from codegen.ir.model import Api
from codegen.ir.release import Release, ReleaseError
from codegen.pipeline import build_release, spec_files

__all__ = ["Side", "align_single_files", "check_objects", "load_release", "load_side"]

_UNKNOWN = Release(0, 0, 0)


@dataclass(frozen=True)
class Side:
    """One side of a diff: its IR, the text the user gave, whether it was a single file."""

    api: Api
    label: str
    single_file: bool


def _fail(where: str, code: str, message: str) -> DiagnosticError:
    return DiagnosticError([Diagnostic(where, "", Level.ERROR, code, message)])


def _release_of(name: str) -> Release | None:
    try:
        return Release.parse(name)
    except ReleaseError:
        return None


def _select(files: Sequence[Path], objects: Sequence[str]) -> list[Path]:
    wanted = {o.lower() for o in objects}
    return [f for f in files if not wanted or f.stem.lower() in wanted]


def _build(release: Release | None, files: Sequence[Path], objects: Sequence[str]) -> Api:
    api, diagnostics = build_release(release or _UNKNOWN, _select(files, objects))
    errors = [d for d in diagnostics if d.level >= Level.ERROR]
    if api is None or has_errors(diagnostics):
        raise DiagnosticError(
            errors
            or [
                Diagnostic(
                    ", ".join(str(f) for f in files),
                    "",
                    Level.ERROR,
                    "unusable",
                    "cannot build the IR",
                )
            ]
        )
    if release is None:
        versions = {_release_of(o.info_version) for o in api.objects.values()}
        if len(versions) == 1 and None not in versions:
            found = versions.pop()
            assert found is not None
            api = replace(api, release=found)
    return api


def load_release(release: Release, specs: Path, objects: Sequence[str] = ()) -> Api:
    """The IR of the release folder ``specs/<release>``."""
    folder = specs / str(release)
    if not folder.is_dir():
        raise _fail(str(specs), "unknown-release", f"unknown release {release}: no folder {folder}")
    return _load_folder(folder, release, objects)


def _load_folder(folder: Path, release: Release | None, objects: Sequence[str]) -> Api:
    try:
        files, _notes = spec_files(folder)
    except OSError as exc:
        raise _fail(str(folder), "unreadable", exc.strerror or str(exc)) from None
    if not files:
        raise _fail(str(folder), "no-specs", "no spec files in this folder")
    return _build(release, files, objects)


def load_side(text: str, specs: Path, objects: Sequence[str] = ()) -> Side:
    """The IR of a spec file, a release folder, or a release number looked up in ``specs``."""
    path = Path(text)
    if path.is_file():
        api = _build(_release_of(path.parent.name), [path], objects)
        return Side(api, text, True)
    if path.is_dir():
        return Side(_load_folder(path, _release_of(path.name), objects), text, False)
    release = _release_of(text)
    if release is None:
        raise _fail(text, "not-found", "no such file or folder, and not a release number")
    return Side(load_release(release, specs, objects), text, False)


def check_objects(objects: Sequence[str], apis: Sequence[Api], where: str) -> None:
    """Every object named with ``--object`` exists in at least one of ``apis``."""
    present = {name.lower() for api in apis for name in api.objects}
    for name in objects:
        if name.lower() not in present:
            raise _fail(where, "no-object", f"no object {name!r} in {where}")


def align_single_files(old: Side, new: Side) -> tuple[Api, Api]:
    """Both IRs; when both sides are one file with one object, that object shares one name."""
    a, b = old.api, new.api
    if old.single_file and new.single_file and len(a.objects) == 1 and len(b.objects) == 1:
        name = next(iter(b.objects))
        obj = next(iter(a.objects.values()))
        a = replace(a, objects={name: replace(obj, name=name)})
    return a, b
