"""Lay out generated packages and produce their files: rendered, formatted, cached, in parallel.

A package of release R::

    avi_vR/__init__.py        lazy front door (Client, AsyncClient, models)
    avi_vR/models/__init__.py lazy map of every class to its module
    avi_vR/models/_base.py    the release's Model and Enum bases
    avi_vR/models/<m>.py      one module per object and per shared definition group; enums in
                              <m>_enums.py, or enum_<class>.py when several modules use one
    avi_vR/client.py          Client and AsyncClient, one lazily built attribute per object
    avi_vR/resources/<m>.py   the resource classes of one object
    avi_vR/_runtime/          the hand-written runtime, verbatim
    avi_vR/manifest.json      provenance: release, spec sha256s, generator version, files

Work is split into jobs (render a models module; format a text). Jobs with the same key are
done once, across packages and runs (see :mod:`codegen.cache`), the rest in parallel.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import codegen
from codegen.cache import CODEGEN, Cache, fingerprint, key_of
from codegen.ir.model import Api
from codegen.parallel import Helper, process_map
from codegen.render.client import client_context
from codegen.render.enums import enum_module_source
from codegen.render.format import format_python
from codegen.render.layout import Layout, plan_layout
from codegen.render.models import can_join, render_module, render_modules
from codegen.render.naming import module_name
from codegen.render.schema import module_components
from codegen.render.templates import BUNDLED, Templates

RUNTIME_DIR = Path(__file__).resolve().parent.parent / "runtime"


@dataclass(frozen=True)
class PackageContext:
    """What the package templates receive."""

    package: str
    release: str
    objects_entries: tuple[str, ...]  # one ``name: (path, model),`` dict entry each
    spec_note: str
    generator_version: str
    example_model: str
    example_attr: str


@dataclass(frozen=True)
class ModelsModule:
    """One models module as ``models/__init__`` lists it."""

    module: str
    imports: tuple[str, ...]  # ``Class as Name``, by name
    names: str  # the names it gives, space-separated (``Name=Class`` for an alias)


@dataclass(frozen=True)
class ModelsContext:
    """What ``package/models_init.py.jinja`` receives."""

    release: str
    modules: tuple[ModelsModule, ...]


@dataclass(frozen=True)
class Job:
    """A unit of work whose output depends only on its payload: render+format, or format."""

    kind: str  # "models" or "format"
    where: str  # the file, for messages
    payload: Any  # ("models": (module, schemas, meta, template folder)); ("format": source)
    key: str
    #: Models jobs of one group may share a renderer run: one package's (its modules' views
    #: agree on every class), with one template folder.
    group: str = ""


@dataclass
class PackagePlan:
    """One package: its finished files and the jobs that will produce the rest."""

    name: str
    api: Api
    files: dict[str, bytes] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)  # relative path -> job


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


def _models_modules(layout: Layout) -> tuple[ModelsModule, ...]:
    """Every class and enum alias that ``models`` gives, by the module that holds it."""
    names: dict[str, list[tuple[str, str]]] = {}
    for cls, module in layout.module_of.items():
        names.setdefault(module, []).append((cls, cls))
    for alias, target in layout.aliases.items():
        names.setdefault(layout.module_of[target], []).append((alias, target))
    out = []
    for module, pairs in sorted(names.items()):
        pairs.sort()
        out.append(
            ModelsModule(
                module,
                tuple(f"{target} as {name}" for name, target in pairs),
                " ".join(name if name == target else f"{name}={target}" for name, target in pairs),
            )
        )
    return tuple(out)


def plan_package(
    api: Api, templates: Templates, override: Path | None = None, name: str | None = None
) -> PackagePlan:
    """The files of ``api``'s package that need no work, and jobs for the others.

    ``name`` is the package's name (default :func:`package_name`); the files use relative
    imports, so it appears only in ``README.md`` and ``manifest.json``.
    """
    name = name or package_name(api)
    plan = PackagePlan(name, api)
    layout = plan_layout(api)
    cctx = client_context(api, layout)
    note = (
        f"Projected from the {api.projected_from} spec by each field's introduced-in release."
        if api.projected_from
        else "Generated from the release's own spec files."
    )
    first = next((r for r in cctx.resources if r.attr == "image"), None) or (
        cctx.resources[0] if cctx.resources else None
    )
    pctx = PackageContext(
        package=name,
        release=str(api.release),
        objects_entries=tuple(
            f"{r.object_name!r}: ({r.path!r}, {r.model!r})," for r in cctx.resources
        ),
        spec_note=note,
        generator_version=codegen.__version__,
        example_model=first.model if first else "Model",
        example_attr=first.attr if first else "image",
    )
    texts = {
        "__init__.py": templates.render("package/__init__.py.jinja", ctx=pctx),
        "models/__init__.py": templates.render(
            "package/models_init.py.jinja",
            ctx=ModelsContext(str(api.release), _models_modules(layout)),
        ),
        "models/_base.py": templates.render("models/_base.py.jinja", ctx=pctx),
        "client.py": templates.render("client/client.py.jinja", ctx=cctx),
        "resources/__init__.py": '"""One module of resource classes per API object."""\n',
    }
    for r in cctx.resources:
        texts[f"resources/{r.module}.py"] = templates.render("client/resource.py.jinja", r=r)
    salt = render_fingerprint(override)
    for rel, text in texts.items():
        plan.jobs[rel] = Job("format", f"{name}/{rel}", text, key_of(salt, "format", text))
    template_dir = str(templates.models_dir())
    enum_modules = layout.enum_modules()
    for module, classes in layout.modules().items():
        rel = f"models/{module}.py"
        if module in enum_modules:
            text = enum_module_source(layout, classes, templates)
            plan.jobs[rel] = Job("format", f"{name}/{rel}", text, key_of(salt, "format", text))
            continue
        schemas, meta = module_components(api, layout, module, classes)
        payload = (module, schemas, meta, template_dir)
        key = key_of(salt, "models", payload)
        plan.jobs[rel] = Job("models", f"{name}/{rel}", payload, key, f"{name} {template_dir}")
    plan.files["py.typed"] = b""
    plan.files.update(runtime_files())
    plan.files["README.md"] = templates.render("package/README.md.jinja", ctx=pctx).encode()
    return plan


@functools.cache
def warm_up() -> None:
    """Load the model renderer and black in this process, once (their imports and first runs
    take about 0.5 s), so that render workers forked later start with them; the command line
    does it while the spec stage validates."""
    render_module("warm", {"warm.W": {"type": "object"}}, {}, BUNDLED / "models")
    format_python("x = 1\n", "warm")


def render_fingerprint(override: Path | None) -> str:
    """What every rendered file depends on besides its input: render code, templates, tools."""
    folders = (CODEGEN / "render", BUNDLED) + ((override,) if override else ())
    return fingerprint(folders, ("datamodel-code-generator", "black", "pydantic", "jinja2"))


def run_task(jobs: Sequence[Job]) -> list[tuple[str, bytes]]:
    """Do jobs: each one's output, formatted by black, by key. Models jobs are rendered by one
    run of the model renderer (:func:`~codegen.render.models.render_modules`)."""
    models = [job for job in jobs if job.kind == "models"]
    rendered = (
        render_modules([job.payload[:3] for job in models], Path(models[0].payload[3]))
        if models
        else []
    )
    sources = dict(zip((job.key for job in models), rendered, strict=True))
    return [
        (job.key, format_python(sources.get(job.key, job.payload), job.where).encode())
        for job in jobs
    ]


#: Models modules that share one renderer run, at most.
BATCH = 8
#: A models job this cheap (a view of about 10 kB) joins others whatever the run's size: the
#: renderer's fixed cost per run is most of its own.
SMALL = 30_000


#: What warming up a process costs (:func:`warm_up`, about 0.5 s), in the units of
#: :func:`_cost` (about 1 us each; 30.2.1 costs 11.3 million).
WARM_UP_COST = 500_000


def _cost(job: Job) -> int:
    """What a job costs, roughly: the size of what it renders or formats."""
    if job.kind == "models":
        return 3 * len(json.dumps(job.payload[1]))
    return len(job.payload)


def tasks(jobs: Sequence[Job], workers: int) -> list[list[Job]]:
    """The jobs grouped into worker tasks, longest first, so that the few big ones start early
    instead of ending the run alone. Small models jobs of one group go together, those that can
    (:func:`~codegen.render.models.can_join`; :data:`BATCH` at most, and no more than a small
    share of all the work, so the workers still finish together); the grouping depends only
    on the jobs, and a module's output not at all."""
    costs = {job.key: _cost(job) for job in jobs}
    budget = max(sum(costs.values()) / (16 * max(workers, 1)), SMALL)
    out: list[list[Job]] = []
    batches: dict[str, list[list[Job]]] = {}  # by group
    for job in sorted(jobs, key=lambda j: (-costs[j.key], j.key)):
        if job.kind != "models" or costs[job.key] >= budget:
            out.append([job])
            continue
        group = batches.setdefault(job.group, [])
        for batch in group:
            if (
                len(batch) < BATCH
                and sum(costs[j.key] for j in batch) + costs[job.key] <= budget
                and can_join([j.payload[:3] for j in batch], job.payload[:3])
            ):
                batch.append(job)
                break
        else:
            group.append([job])
    out += [batch for group in batches.values() for batch in group]
    return sorted(out, key=lambda t: -sum(costs[j.key] for j in t))


def run_jobs(
    jobs: Iterable[Job], cache: Cache, workers: int | None = None, helper: Helper | None = None
) -> dict[str, bytes]:
    """Outputs by key: from the cache, else computed and cached. The work goes to ``helper``
    if it was started (the spec stage's work and then the warm-up went to it) unless warming
    up here and forking workers would be done sooner; else, when there are several jobs, to
    workers forked from here, warmed up first; else it is done here."""
    results: dict[str, bytes] = {}
    todo: dict[str, Job] = {}
    for job in jobs:
        if job.key in results or job.key in todo:
            continue
        cached = cache.get(job.key)
        if cached is not None:
            results[job.key] = cached
        else:
            todo[job.key] = job
    workers = min(workers or os.cpu_count() or 1, len(todo))
    helped = helper if helper is not None and helper.started and todo else None
    if helped is not None:
        costs = [_cost(job) for job in todo.values()]
        if sum(costs) > WARM_UP_COST + max(max(costs), sum(costs) / workers):
            helped = None  # sooner done by warming up here and forking workers
    if helped is not None:
        workers = 1
    grouped = tasks(list(todo.values()), workers)
    done: Iterable[list[tuple[str, bytes]]]
    if workers > 1:
        warm_up()
        done = process_map(run_task, grouped, workers)
    elif helped is not None:
        done = [future.result() for future in [helped.submit(run_task, t) for t in grouped]]
    else:
        done = map(run_task, grouped)
    for outputs in done:
        for key, blob in outputs:
            results[key] = blob
            cache.put(key, blob)
    return results


def render_packages(
    apis: list[Api],
    override: Path | None = None,
    cache: Cache | None = None,
    names: Mapping[str, str] | None = None,
    helper: Helper | None = None,
    planned: Sequence[PackagePlan] = (),
) -> dict[str, dict[str, bytes]]:
    """Every file of every package, by package name and path inside the package.

    ``names`` renames packages: default name (``avi_v30_2_1``) -> wanted name; ``helper``: see
    :func:`run_jobs`; ``planned``: plans made ahead (with the same templates), used for the
    very API objects and names they were made for.
    """
    templates = Templates(override)
    names = names or {}

    def plan_of(api: Api) -> PackagePlan:
        name = names.get(package_name(api)) or package_name(api)
        ahead = [plan for plan in planned if plan.api is api and plan.name == name]
        return ahead[0] if ahead else plan_package(api, templates, override, name)

    plans = [plan_of(api) for api in apis]
    outputs = run_jobs(
        (job for plan in plans for job in plan.jobs.values()), cache or Cache(None), None, helper
    )
    packages: dict[str, dict[str, bytes]] = {}
    for plan in plans:
        files = dict(plan.files)
        files.update({rel: outputs[job.key] for rel, job in plan.jobs.items()})
        files["manifest.json"] = manifest(plan.api, plan.name, files)
        packages[plan.name] = dict(sorted(files.items()))
    return packages
