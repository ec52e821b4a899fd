"""Whole releases (every object of 22.1.1 and 30.2.1): generate, import every module, round-trip
one generated document per definition, and export as valid OpenAPI 3.1."""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.cache import Cache
from codegen.ir.model import Api
from codegen.ir.release import Release
from codegen.pipeline import build_apis
from codegen.render.format import format_python
from codegen.render.models import render_module
from codegen.render.naming import class_name
from codegen.render.openapi import openapi3
from codegen.render.package import plan_package, render_packages
from codegen.render.templates import Templates
from codegen.render.write import write_packages
from tests.golden.strategies import IRStrategies
from tests.helpers import avi_specs, import_package

RELEASES = ("22.1.1", "30.2.1")


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Api, ModuleType]]:
    root = avi_specs()
    out = tmp_path_factory.mktemp("whole")
    cache = Cache(Path(os.environ.get("AVI_CODEGEN_CACHE") or tmp_path_factory.mktemp("cache")))
    apis, diagnostics = build_apis(root, [Release.parse(r) for r in RELEASES], (), cache)
    assert not [d for d in diagnostics if d.level >= 30]
    write_packages(out, render_packages(apis, None, cache))
    return {
        str(a.release): (a, import_package(out, f"avi_v{a.release.package_suffix}")) for a in apis
    }


@pytest.mark.parametrize("release", RELEASES)
def test_every_module_imports(whole: dict[str, tuple[Api, ModuleType]], release: str) -> None:
    api, pkg = whole[release]
    assert len(api.objects) > 150 and len(api.definitions) > 1300
    before = set(sys.modules)
    image = pkg.models.Image
    loaded = {m for m in set(sys.modules) - before if m.startswith(pkg.__name__ + ".models.")}
    assert 0 < len(loaded) < 10, loaded  # using Image touches only what Image needs
    assert image.model_validate({"name": "x"}).to_json_dict() == {"name": "x"}
    for sub in ("models", "resources"):
        folder = Path(pkg.__file__).parent / sub
        for info in pkgutil.iter_modules([str(folder)]):
            importlib.import_module(f"{pkg.__name__}.{sub}.{info.name}")
    client = pkg.Client("https://controller.invalid", username="u", password="p")
    attrs = [n for n, v in vars(type(client)).items() if isinstance(v, functools.cached_property)]
    assert len(attrs) >= len(pkg.__avi_objects__)
    for attr in attrs:  # every resource module loads and binds its model
        resource = getattr(client, attr)
        assert resource.model.__name__ in {m for _, m in pkg.__avi_objects__.values()}


@pytest.mark.parametrize("release", RELEASES)
def test_modules_rendered_together_are_as_rendered_alone(
    whole: dict[str, tuple[Api, ModuleType]], release: str
) -> None:
    """The package's models modules were rendered several to a renderer run; one in eight,
    rendered alone now, is the same file (a module's source depends on its slice only)."""
    api, pkg = whole[release]
    folder = Path(pkg.__file__).parent
    plan = plan_package(api, Templates())
    jobs = sorted((j for j in plan.jobs.values() if j.kind == "models"), key=lambda j: j.key)
    assert len(jobs) > 300
    for job in jobs[::8]:
        module, schemas, meta, template_dir = job.payload
        alone = render_module(module, schemas, meta, Path(template_dir))
        written = (folder / "models" / f"{module}.py").read_text()
        assert format_python(alone, module) == written, module


@pytest.mark.parametrize("release", RELEASES)
def test_one_generated_document_per_definition_round_trips(
    whole: dict[str, tuple[Api, ModuleType]], release: str
) -> None:
    api, pkg = whole[release]
    strategies = IRStrategies(api)
    names = sorted(api.definitions)

    @settings(
        max_examples=1,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        for name in names:
            doc = data.draw(strategies.definition(name), label=name)
            model = getattr(pkg.models, class_name(name))
            assert model.model_validate(doc).to_json_dict() == doc, name

    run()


def test_export_of_30_2_1_is_valid_openapi_3_1(whole: dict[str, tuple[Api, ModuleType]]) -> None:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    api, _ = whole["30.2.1"]
    document = openapi3(api)
    assert document["openapi"] == "3.1.0" and len(document["paths"]) > 500
    progress = document["components"]["schemas"]["Image"]["properties"]["progress"]
    assert (progress["minimum"], progress["maximum"]) == (0, 100)
    assert progress["x-avi-unit"] == "PERCENT" and progress["x-avi-introduced-in"] == ["21.1.3"]
    errors = [e.message for e in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


@pytest.mark.parametrize("release", RELEASES)
def test_whole_release_passes_mypy_strict(
    whole: dict[str, tuple[Api, ModuleType]], release: str
) -> None:
    import subprocess

    _, pkg = whole[release]
    folder = Path(pkg.__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", pkg.__name__],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
