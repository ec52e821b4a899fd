"""Lay out one generated package: models, client, runtime copy, manifest; all formatted."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import codegen
from codegen.ir.model import Api
from codegen.render.client import client_context
from codegen.render.format import format_python
from codegen.render.models import render_models
from codegen.render.naming import module_name
from codegen.render.templates import Templates

RUNTIME_DIR = Path(__file__).resolve().parent.parent / "runtime"


@dataclass(frozen=True)
class PackageContext:
    """What the package templates receive."""

    package: str
    release: str
    objects_literal: str
    spec_note: str
    generator_version: str
    example_model: str
    example_attr: str


def package_name(api: Api) -> str:
    return module_name(api.release.package_suffix)


def runtime_files() -> dict[str, bytes]:
    """The hand-written runtime, verbatim, as ``_runtime/<module>.py``."""
    return {f"_runtime/{p.name}": p.read_bytes() for p in sorted(RUNTIME_DIR.glob("*.py"))}


def manifest(api: Api, package: str, files: dict[str, bytes]) -> bytes:
    data = {
        "package": package,
        "release": str(api.release),
        "generator": "avi-codegen",
        "generator_version": codegen.__version__,
        "source": "projection" if api.projected_from else "spec",
        "projected_from": str(api.projected_from) if api.projected_from else None,
        "specs": [{"file": Path(s.file).name, "sha256": s.sha256} for s in api.sources],
        "objects": sorted(api.objects),
        "definitions": len(api.definitions),
        "files": {name: hashlib.sha256(blob).hexdigest() for name, blob in sorted(files.items())},
    }
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()


def render_package(api: Api, templates: Templates) -> dict[str, bytes]:
    """Every file of ``api``'s package, keyed by its path inside the package folder."""
    package = package_name(api)
    where = f"{package}/"
    cctx = client_context(api)
    if api.projected_from:
        note = (
            f"Projected from the {api.projected_from} spec by each field's introduced-in release."
        )
    else:
        note = "Generated from the release's own spec files."
    first = cctx.resources[0] if cctx.resources else None
    pctx = PackageContext(
        package=package,
        release=str(api.release),
        objects_literal=repr({r.object_name: (r.path, r.model) for r in cctx.resources}),
        spec_note=note,
        generator_version=codegen.__version__,
        example_model=first.model if first else "Model",
        example_attr=first.attr if first else "",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        models = render_models(api, templates.models_dir())
    sources = {
        "__init__.py": templates.render("package/__init__.py.jinja", ctx=pctx),
        "_base.py": templates.render("package/_base.py.jinja", ctx=pctx),
        "models.py": models,
        "client.py": templates.render("client/client.py.jinja", ctx=cctx),
    }
    files: dict[str, bytes] = {
        name: format_python(src, where + name).encode() for name, src in sources.items()
    }
    files["py.typed"] = b""
    files.update(runtime_files())
    files["README.md"] = templates.render("package/README.md.jinja", ctx=pctx).encode()
    files["manifest.json"] = manifest(api, package, files)
    return dict(sorted(files.items()))


def _render_one(args: tuple[Api, Path | None]) -> tuple[str, dict[str, bytes]]:
    api, override = args
    return package_name(api), render_package(api, Templates(override))


def render_packages(apis: list[Api], override: Path | None = None) -> dict[str, dict[str, bytes]]:
    """Render every package, in parallel across cores when there are several."""
    jobs = [(api, override) for api in apis]
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        return dict(map(_render_one, jobs))
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return dict(pool.map(_render_one, jobs))
