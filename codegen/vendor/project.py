"""``vendor``: one release's package as a self-contained, installable project.

The project folder holds::

    pyproject.toml   name = NAME with dashes, version = the release, setuptools, two dependencies
    README.md        release, provenance (from the manifest), a usage example
    NAME/            the generated package, named NAME (py.typed, manifest.json, _runtime/)

Versions: the release itself (``31.1.1``), or ``31.1.1.postN`` with ``post`` (a rebuild of the
same release, e.g. by a newer generator). The package imports only pydantic and httpx, never
the generator. Both top-level files come from templates (``package/pyproject.toml.jinja`` and
``package/project_README.md.jinja``), so a template folder can override them.

Writing is safe for a user's folder: the package folder is replaced atomically, the two files
each by a rename, and a folder that holds a ``pyproject.toml``, ``README.md`` or ``NAME/`` that
avi-codegen did not write (no ``NAME/manifest.json`` of ours) is refused unless forced.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen.diagnostics import Diagnostic, DiagnosticError, Level
from codegen.ir.model import Api
from codegen.render.client import client_context
from codegen.render.layout import plan_layout
from codegen.render.templates import Templates
from codegen.render.write import Drift, compare, write_packages

#: What the generated runtime needs (``codegen/runtime`` imports only these besides stdlib).
DEPENDENCIES = ("pydantic>=2.7,<3", "httpx>=0.27,<1")
#: The runtime uses ``typing.Self`` and ``StrEnum``.
REQUIRES_PYTHON = ">=3.11"
TOP_FILES = ("pyproject.toml", "README.md")


@dataclass(frozen=True)
class SpecFile:
    """One spec file the package came from."""

    file: str
    sha256: str


@dataclass(frozen=True)
class ProjectContext:
    """What ``package/pyproject.toml.jinja`` and ``package/project_README.md.jinja`` receive."""

    package: str  # the import name, e.g. "acme_avi"
    distribution: str  # the project name, e.g. "acme-avi"
    version: str  # e.g. "31.1.1" or "31.1.1.post1"
    release: str
    generator_version: str
    source: str  # "spec" or "projection"
    projected_from: str | None
    specs: tuple[SpecFile, ...]
    objects: tuple[str, ...]
    definitions: int
    dependencies: tuple[str, ...]
    requires_python: str
    example_model: str
    example_attr: str
    command: str  # the avi-codegen command line that makes this project again


def distribution_name(package: str) -> str:
    """The project name of a package: ``acme_avi`` -> ``acme-avi``."""
    return package.replace("_", "-").lower()


def project_version(release: str, post: int | None = None) -> str:
    """The PEP 440 version: the release, or ``<release>.post<N>``."""
    return release if post is None else f"{release}.post{post}"


def _example(api: Api) -> tuple[str, str]:
    resources = client_context(api, plan_layout(api)).resources
    first = next((r for r in resources if r.attr == "image"), None) or (
        resources[0] if resources else None
    )
    return (first.model, first.attr) if first else ("Model", "image")


def project_context(
    api: Api,
    package: str,
    files: Mapping[str, bytes],
    *,
    post: int | None = None,
    objects: Sequence[str] = (),
) -> ProjectContext:
    """The context of the top-level files, with the provenance read from the manifest."""
    data = json.loads(files["manifest.json"])
    model, attr = _example(api)
    release = str(data["release"])
    command = f"avi-codegen vendor --release {release} --package {package} --out <this folder>"
    command += "".join(f" --object {o}" for o in objects)
    if post is not None:
        command += f" --post {post}"
    return ProjectContext(
        package=package,
        distribution=distribution_name(package),
        version=project_version(release, post),
        release=release,
        generator_version=str(data["generator_version"]),
        source=str(data["source"]),
        projected_from=data["projected_from"],
        specs=tuple(SpecFile(s["file"], s["sha256"]) for s in data["specs"]),
        objects=tuple(data["objects"]),
        definitions=int(data["definitions"]),
        dependencies=DEPENDENCIES,
        requires_python=REQUIRES_PYTHON,
        example_model=model,
        example_attr=attr,
        command=command,
    )


def render_project(templates: Templates, ctx: ProjectContext) -> dict[str, bytes]:
    """The top-level files of the project."""
    return {
        "pyproject.toml": templates.render("package/pyproject.toml.jinja", ctx=ctx).encode(),
        "README.md": templates.render("package/project_README.md.jinja", ctx=ctx).encode(),
    }


def _ours(out: Path, package: str) -> bool:
    try:
        data = json.loads((out / package / "manifest.json").read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("generator") == "avi-codegen"


def check_destination(out: Path, package: str, *, force: bool = False) -> None:
    """Refuse (DiagnosticError) to overwrite files in ``out`` that avi-codegen did not write."""
    if out.exists() and not out.is_dir():
        raise DiagnosticError(
            [Diagnostic(str(out), "", Level.ERROR, "not-a-folder", "exists and is not a folder")]
        )
    if force or _ours(out, package):
        return
    foreign = [name for name in (*TOP_FILES, package) if (out / name).exists()]
    if foreign:
        raise DiagnosticError(
            [
                Diagnostic(
                    str(out),
                    "",
                    Level.ERROR,
                    "not-ours",
                    f"{', '.join(foreign)} already here and not written by avi-codegen "
                    "(no manifest.json of the package); use --force to replace them",
                )
            ]
        )


def project_drift(
    out: Path, package: str, tree: Mapping[str, bytes], top: Mapping[str, bytes]
) -> Drift:
    """What writing the project would change (for ``--check``)."""
    drift = compare(out, {package: tree})
    added, changed = list(drift.added), list(drift.changed)
    for name, blob in top.items():
        path = out / name
        if not path.is_file():
            added.append(name)
        elif path.read_bytes() != blob:
            changed.append(name)
    return Drift(tuple(sorted(added)), tuple(sorted(changed)), drift.removed)


def _replace_file(path: Path, blob: bytes) -> None:
    """Write ``path`` by a rename (created with the usual permissions, unlike mkstemp's)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(blob)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_project(
    out: Path, package: str, tree: Mapping[str, bytes], top: Mapping[str, bytes]
) -> list[str]:
    """Write the package folder (atomically) and the top-level files; what changed."""
    drift = project_drift(out, package, tree, top)
    try:
        if any(p.startswith(package + "/") for p in (*drift.added, *drift.changed, *drift.removed)):
            write_packages(out, {package: tree})
        for name, blob in top.items():
            if name in drift.added or name in drift.changed:
                _replace_file(out / name, blob)
    except OSError as exc:
        where = str(exc.filename or out)
        raise DiagnosticError(
            [Diagnostic(where, "", Level.ERROR, "write-failed", f"cannot write: {exc.strerror}")]
        ) from None
    return [*drift.added, *drift.changed, *drift.removed]
