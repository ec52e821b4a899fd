"""What the golden tests cover: groups of releases, their IR, goldens on disk, schemas, packages.

A *group* is one way the project produces packages: the bundled spec projected onto every
catalog release (``bundled``), or the real Image specs of ``../shared/avi-specs``
(``avi-specs``); the real JWTProfile specs join in because Image has no field with an item
limit. ``tools/make_goldens.py`` writes the goldens of each group from this module's IR, and the
tests read them back, so both agree on the layout:

``tests/golden/data/<release>/<group source>/<Object>.<variant>.json`` (one golden document)
and ``<Object>.negative.json`` (the cases that must be rejected), plus the hand-written
``tests/golden/data/31.1.1/seed_example.json``.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from jsonschema import Draft202012Validator, ValidationError  # type: ignore[import-untyped]
from referencing.exceptions import Unresolvable

from codegen.ir.model import Api
from codegen.ir.release import Release
from codegen.pipeline import build_apis
from codegen.render.naming import class_name
from codegen.render.package import package_name
from codegen.render.schema import REF_PREFIX, components

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
BUNDLED_SPECS = REPO / "specs"
SEED_PAGE = "seed/000_d0d25a699084deef.txt"
SEED_GOLDEN = DATA / "31.1.1" / "seed_example.json"

#: The golden documents of each object and release, each covering every field.
VARIANTS = ("min", "mid", "max")


def shared_dir() -> Path:
    """``../shared`` beside the project, or ``$AVI_SHARED_DIR`` (as in tests.helpers)."""
    return Path(os.environ.get("AVI_SHARED_DIR") or REPO.parent / "shared")


def avi_specs_dir() -> Path | None:
    """The real specs, or None when they are absent."""
    path = Path(os.environ.get("AVI_SPECS_DIR") or shared_dir() / "avi-specs")
    return path if path.is_dir() else None


@dataclass(frozen=True)
class Group:
    """Releases generated together from one spec folder for one API object."""

    source: str  # "bundled" or "avi-specs"
    obj: str  # the API object, e.g. "Image"
    releases: tuple[str, ...] = ()  # empty: every release the folder gives

    @property
    def key(self) -> str:
        return f"{self.source}-{self.obj}"

    @property
    def specs(self) -> Path | None:
        return BUNDLED_SPECS if self.source == "bundled" else avi_specs_dir()

    def apis(self) -> tuple[Api, ...]:
        """The IR of every release of the group, oldest first (empty without its specs)."""
        return _apis(self)

    def api(self, release: str) -> Api:
        for api in self.apis():
            if str(api.release) == release:
                return api
        raise KeyError(f"{self.key} has no release {release}")

    def golden_dir(self, release: str) -> Path:
        return DATA / release / self.source


@functools.cache
def _apis(group: Group) -> tuple[Api, ...]:
    specs = group.specs
    if specs is None:
        return ()
    releases = [Release.parse(r) for r in group.releases]
    objects = [] if group.source == "bundled" else [group.obj]
    apis, diagnostics = build_apis(specs, releases, objects)
    errors = [d.format() for d in diagnostics if d.level >= 30]
    if errors:
        raise RuntimeError(f"{group.key}: {errors}")
    return tuple(sorted(apis, key=lambda a: a.release))


def groups() -> list[Group]:
    """Every group; the avi-specs ones only when ``../shared/avi-specs`` is present."""
    out = [Group("bundled", "Image")]
    specs = avi_specs_dir()
    if specs is not None:
        out.append(Group("avi-specs", "Image"))
        with_jwt = sorted(
            (p.parent.name for p in specs.glob("*/JWTProfile.json")), key=Release.parse
        )
        if with_jwt:
            out.append(Group("avi-specs", "JWTProfile", tuple(with_jwt)))
    return out


def all_groups() -> list[Group]:
    """Every group the tests know about, present or not (absent ones skip)."""
    known = {g.key: g for g in groups()}
    known.setdefault("avi-specs-Image", Group("avi-specs", "Image"))
    return list(known.values())


# --- goldens on disk -------------------------------------------------------------------------


def dump_json(doc: Any) -> str:
    """How every golden is written: pretty-printed, sorted keys, UTF-8, final newline."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def golden_documents(group: Group, release: str) -> Iterator[tuple[str, Path]]:
    """(root model, path) of every positive golden of ``release`` in ``group``."""
    folder = group.golden_dir(release)
    for variant in VARIANTS:
        path = folder / f"{group.obj}.{variant}.json"
        if path.exists():
            yield group.obj, path
    if group.key == "bundled-Image" and SEED_GOLDEN.parent.name == release:
        yield group.obj, SEED_GOLDEN


def negative_file(group: Group, release: str) -> Path:
    return group.golden_dir(release) / f"{group.obj}.negative.json"


# --- the documented schema as JSON Schema -----------------------------------------------------


def documented_defs(api: Api) -> dict[str, Any]:
    """``components(api, "documented")`` with refs rewritten to ``#/$defs/``."""
    text = json.dumps(components(api, "documented"))
    defs: dict[str, Any] = json.loads(text.replace(f'"{REF_PREFIX}', '"#/$defs/'))
    return defs


@functools.cache
def group_defs(group: Group, release: str) -> dict[str, Any]:
    return documented_defs(group.api(release))


@functools.cache
def validator(group: Group, release: str, model: str) -> Draft202012Validator:
    """A Draft 2020-12 validator of ``model`` (format checking off, the default)."""
    return Draft202012Validator(model_schema(group_defs(group, release), model))


def schema_errors(group: Group, release: str, model: str, doc: Any) -> list[ValidationError] | None:
    """What the documented schema finds wrong in ``doc``; None when a ``$ref`` on the way does
    not resolve (the schema cannot say, see :func:`blocked_reason`)."""
    try:
        return list(validator(group, release, model).iter_errors(doc))
    except Unresolvable:
        return None


def blocked_reason(group: Group, release: str) -> str:
    """Why a schema check could not run (short: pytest -ra prints it once per test)."""
    missing = ", ".join(dangling_refs(group_defs(group, release)))
    return (
        f"generator bug: dangling $refs ({missing}) in the documented schema; model checks passed"
    )


def model_schema(defs: Mapping[str, Any], model: str) -> dict[str, Any]:
    """A JSON Schema (Draft 2020-12) for one model, with every definition under ``$defs``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"#/$defs/{class_name(model)}",
        "$defs": dict(defs),
    }


def dangling_refs(defs: Mapping[str, Any]) -> list[str]:
    """The ``$defs`` names that some ``$ref`` points at but that do not exist."""
    missing: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                if ref.removeprefix("#/$defs/") not in defs:
                    missing.add(ref.removeprefix("#/$defs/"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(dict(defs))
    return sorted(missing)


# --- generated packages -----------------------------------------------------------------------


def load_package(out: Path, name: str, alias: str) -> ModuleType:
    """Import the generated package ``out/name`` as the top-level module ``alias``.

    Packages of different groups share names (``avi_v30_2_1``), so each is loaded under its own
    alias; generated code only imports itself relatively, which makes that safe.
    """
    for mod in [m for m in sys.modules if m == alias or m.startswith(alias + ".")]:
        del sys.modules[mod]
    folder = out / name
    spec = importlib.util.spec_from_file_location(
        alias, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {folder}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return module


def package_alias(group: Group, api: Api) -> str:
    return f"_golden_{group.key.replace('-', '_').lower()}_{package_name(api)}"
