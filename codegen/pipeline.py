"""The stages chained: spec folders in, one IR per release out (real or projected).

Used by the command line; each function returns diagnostics as data and raises nothing for bad
input.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen.diagnostics import Diagnostic, DiagnosticError, Level, has_errors
from codegen.ir.assemble import BuiltDocument, assemble, project
from codegen.ir.build import build_document
from codegen.ir.model import Api, SpecSource
from codegen.ir.release import KNOWN_RELEASES, Release, ReleaseError
from codegen.spec.load import load_document
from codegen.spec.normalize import normalize
from codegen.spec.validate import validate

SPEC_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Checked:
    """One spec file loaded, normalised and validated; ``data`` is None when it failed."""

    path: Path
    sha256: str
    data: dict[str, object] | None
    diagnostics: tuple[Diagnostic, ...]


def check_file(path: Path) -> Checked:
    try:
        doc = load_document(path)
    except DiagnosticError as exc:
        return Checked(path, "", None, exc.diagnostics)
    data, warnings = normalize(doc)
    errors = validate(data, str(path))
    return Checked(path, doc.sha256, None if errors else data, (*warnings, *errors))


def spec_files(folder: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The spec files of a release folder, one per object (JSON preferred over a YAML twin)."""
    by_stem: dict[str, Path] = {}
    notes: list[Diagnostic] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SPEC_SUFFIXES:
            continue
        other = by_stem.get(path.stem)
        if other is not None:
            keep = other if other.suffix == ".json" else path
            drop = path if keep is other else other
            notes.append(
                Diagnostic(
                    str(drop),
                    "",
                    Level.WARNING,
                    "twin",
                    f"ignored: {keep.name} describes the same object",
                )
            )
            by_stem[path.stem] = keep
        else:
            by_stem[path.stem] = path
    return [by_stem[s] for s in sorted(by_stem)], notes


def discover(specs: Path) -> tuple[dict[Release, Path], list[Diagnostic]]:
    """The release folders under ``specs`` (folders whose name is a release number)."""
    if not specs.is_dir():
        raise DiagnosticError(
            [Diagnostic(str(specs), "", Level.ERROR, "no-specs", "spec folder does not exist")]
        )
    found: dict[Release, Path] = {}
    notes: list[Diagnostic] = []
    for child in sorted(specs.iterdir()):
        if not child.is_dir():
            continue
        try:
            found[Release.parse(child.name)] = child
        except ReleaseError:
            if not child.name.startswith("."):
                notes.append(
                    Diagnostic(
                        str(child), "", Level.INFO, "not-a-release", "ignored: not a release folder"
                    )
                )
    return dict(sorted(found.items())), notes


def build_release(
    release: Release, files: Iterable[Path], objects: Sequence[str] = ()
) -> tuple[Api | None, list[Diagnostic]]:
    """Load, validate and build the IR of one release from its spec files."""
    wanted = {o.lower() for o in objects}
    files = [f for f in files if not wanted or f.stem.lower() in wanted]
    diagnostics: list[Diagnostic] = []
    if wanted:
        missing = wanted - {f.stem.lower() for f in files}
        for name in sorted(missing):
            diagnostics.append(
                Diagnostic(
                    str(release),
                    "",
                    Level.ERROR,
                    "no-object",
                    f"release {release} has no object {name!r}",
                )
            )
    built = []
    for path in files:
        checked = check_file(path)
        diagnostics.extend(checked.diagnostics)
        if checked.data is None:
            continue
        obj, definitions, notes = build_document(checked.data, str(path), path.stem)
        diagnostics.extend(notes)
        built.append(BuiltDocument(obj, definitions, SpecSource(str(path), checked.sha256)))
    if has_errors(diagnostics):
        return None, diagnostics
    api, notes = assemble(release, built)
    diagnostics.extend(notes)
    return (None if has_errors(notes) else api), diagnostics


def plan(
    available: Iterable[Release], requested: Sequence[Release]
) -> list[tuple[Release, Release]]:
    """Pairs (release to generate, release whose spec it comes from).

    A release with its own folder comes from it. One without is projected from the nearest
    newer release that has a folder. With nothing requested: every folder, plus every catalog
    release that some newer folder can be projected onto.
    """
    real = sorted(set(available))
    targets = (
        sorted(set(requested))
        if requested
        else sorted(set(real) | {r for r in KNOWN_RELEASES if real and r < real[-1]})
    )
    out = []
    for target in targets:
        if target in real:
            out.append((target, target))
            continue
        newer = [r for r in real if r > target]
        if not newer:
            raise DiagnosticError(
                [
                    Diagnostic(
                        str(target),
                        "",
                        Level.ERROR,
                        "no-source",
                        f"no spec folder for {target} and none newer to project it from",
                    )
                ]
            )
        out.append((target, newer[0]))
    return out


def build_apis(
    specs: Path, requested: Sequence[Release] = (), objects: Sequence[str] = ()
) -> tuple[list[Api], list[Diagnostic]]:
    """The IR of every release to generate, real or projected."""
    folders, diagnostics = discover(specs)
    if not folders:
        raise DiagnosticError(
            [
                Diagnostic(
                    str(specs),
                    "",
                    Level.ERROR,
                    "no-specs",
                    "no release folders (e.g. 30.2.1/) here",
                )
            ]
        )
    pairs = plan(folders, requested)
    sources: dict[Release, Api | None] = {}
    apis: list[Api] = []
    for target, source in pairs:
        if source not in sources:
            files, notes = spec_files(folders[source])
            diagnostics.extend(notes)
            sources[source], found = build_release(source, files, objects)
            diagnostics.extend(found)
        api = sources[source]
        if api is None:
            continue
        apis.append(api if target == source else project(api, target))
    return apis, diagnostics
