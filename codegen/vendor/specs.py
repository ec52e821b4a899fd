"""``import-specs``: copy a folder of Avi spec files into ``<specs>/<release>/``, checked.

Every file must load (JSON or YAML; an unreadable one stops the import before anything is
copied). Avi ships some files unchanged from older releases (``Cluster.json`` says ``20.1.2``
up to 30.2.1), so a file whose ``info.version`` is not the release is a warning, not an error:
the folder it lands in decides the release. The copy is atomic: the files are written into a
temporary folder beside the target, which is then renamed; an existing release folder is
replaced only with ``force``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from codegen.diagnostics import Diagnostic, DiagnosticError, Level
from codegen.ir.release import Release
from codegen.pipeline import SPEC_SUFFIXES, spec_files
from codegen.spec.load import load_document


@dataclass(frozen=True)
class Imported:
    """The outcome of an import: the release folder written, its files, the warnings."""

    target: Path
    files: tuple[str, ...]
    replaced: bool
    diagnostics: tuple[Diagnostic, ...]

    @property
    def other_versions(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.code == "other-version")


def _error(where: Path, code: str, message: str) -> DiagnosticError:
    return DiagnosticError([Diagnostic(str(where), "", Level.ERROR, code, message)])


def _version_note(path: Path, data: dict[str, object], release: Release) -> Diagnostic | None:
    info = data.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    if version is None:
        message = f"no info.version; imported as release {release}"
    elif str(version).strip() == str(release):
        return None
    else:
        message = f"info.version is {version}, not {release} (Avi ships some files unchanged)"
    return Diagnostic(str(path), "/info/version", Level.WARNING, "other-version", message)


def read_specs(src: Path, release: Release) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The spec files of ``src`` (name -> bytes), each loaded; warnings about their versions.

    Raises DiagnosticError, with every unreadable file located, when any does not load.
    """
    if not src.is_dir():
        raise _error(src, "not-a-folder", "not a folder of spec files")
    paths = sorted(p for p in src.iterdir() if p.is_file() and p.suffix.lower() in SPEC_SUFFIXES)
    if not paths:
        raise _error(src, "no-specs", f"no spec files ({', '.join(SPEC_SUFFIXES)}) here")
    _, notes = spec_files(src)  # JSON/YAML twins: both copied, the pipeline reads the JSON
    blobs: dict[str, bytes] = {}
    diagnostics: list[Diagnostic] = list(notes)
    errors: list[Diagnostic] = []
    for path in paths:
        try:
            doc = load_document(path)
            blob = path.read_bytes()
        except DiagnosticError as exc:
            errors.extend(exc.diagnostics)
            continue
        except OSError as exc:
            errors.append(
                Diagnostic(str(path), "", Level.ERROR, "unreadable", f"cannot read: {exc}")
            )
            continue
        if hashlib.sha256(blob).hexdigest() != doc.sha256:
            errors.append(
                Diagnostic(str(path), "", Level.ERROR, "changed", "file changed while read")
            )
            continue
        blobs[path.name] = blob
        note = _version_note(path, doc.data, release)
        if note is not None:
            diagnostics.append(note)
    if errors:
        raise DiagnosticError(errors)
    return blobs, diagnostics


def import_specs(src: Path, release: Release, specs: Path, *, force: bool = False) -> Imported:
    """Copy the spec files of ``src`` into ``specs/<release>/``, atomically."""
    target = specs / str(release)
    if target.exists() and not force:
        raise _error(
            target,
            "exists",
            f"release {release} already has a spec folder; use --force to replace it",
        )
    if target.exists() and not target.is_dir():
        raise _error(target, "not-a-folder", "exists and is not a folder")
    blobs, diagnostics = read_specs(src, release)
    try:
        replaced = _swap_in(blobs, specs, target, str(release))
    except OSError as exc:
        raise _error(
            Path(exc.filename or target), "write-failed", f"cannot write: {exc.strerror or exc}"
        ) from None
    return Imported(target, tuple(sorted(blobs)), replaced, tuple(diagnostics))


def _swap_in(blobs: dict[str, bytes], specs: Path, target: Path, release: str) -> bool:
    """Write ``blobs`` into a staging folder in ``specs``, then rename it to ``target``
    (the old folder, if any, is moved aside first and put back if the rename fails)."""
    specs.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".import-{release}-", dir=specs))
    replaced = False
    try:
        new = staging / "new"
        new.mkdir()
        for name, blob in blobs.items():
            (new / name).write_bytes(blob)
        if target.exists():
            os.replace(target, staging / "old")
            replaced = True
        try:
            os.replace(new, target)
        except BaseException:
            if replaced:
                os.replace(staging / "old", target)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return replaced
