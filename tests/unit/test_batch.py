"""Models modules rendered together: one renderer run for several modules gives each the source
it has alone, a failure is reported for its own module, and the grouping into worker tasks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codegen.diagnostics import DiagnosticError
from codegen.ir.release import Release
from codegen.pipeline import build_release, spec_files
from codegen.render import models
from codegen.render.package import BATCH, Job, PackagePlan, plan_package, tasks
from codegen.render.templates import Templates
from tests.helpers import api_response, crud_paths, swagger, write_spec

OPTIONS = "Enum options - LOW, HIGH, a-b, a_b."


def thing(name: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "uuid": {"type": "string"},
            "level": {"type": "string", "default": "a_b", "description": f"Level. {OPTIONS}"},
            "addr": {"$ref": "#/definitions/Addr"},
            **extra,
        },
    }


ADDR = {
    "type": "object",
    "properties": {
        "ip": {"type": "string"},
        "kind": {"type": "string", "default": "V6", "description": "Enum options - V4, V6."},
    },
}


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> PackagePlan:
    specs = tmp_path_factory.mktemp("specs")
    for name, extra in (
        ("Alpha", {"class": {"type": "integer", "description": "A keyword."}}),
        ("Beta", {"alpha": {"$ref": "#/definitions/Gamma"}}),
        ("Gamma", {"level2": {"type": "string", "description": f"Also. {OPTIONS}"}}),
    ):
        definitions = {
            name: thing(name, extra),
            f"{name}ApiResponse": api_response(name),
            "Addr": ADDR,
        }
        if name == "Beta":
            definitions["Gamma"] = thing("Gamma", {})
        write_spec(specs, "30.2.1", name, swagger(definitions, crud_paths(f"/{name}", name)))
    files, _ = spec_files(specs / "30.2.1")
    api, diagnostics = build_release(Release.parse("30.2.1"), files)
    assert api is not None, diagnostics
    return plan_package(api, Templates())


def models_jobs(plan: PackagePlan) -> list[Job]:
    return [job for job in plan.jobs.values() if job.kind == "models"]


def shared_runs(plan: PackagePlan) -> list[list[Job]]:
    runs = [t for t in tasks(list(plan.jobs.values()), workers=1) if t[0].kind == "models"]
    assert any(len(t) > 1 for t in runs)
    return runs


def test_one_run_gives_each_module_its_own_source(plan: PackagePlan) -> None:
    for run in shared_runs(plan):
        template_dir = Path(run[0].payload[3])
        alone = [models.render_module(*job.payload[:3], template_dir) for job in run]
        together = models.render_modules([job.payload[:3] for job in run], template_dir)
        assert together == alone
        backwards = models.render_modules([job.payload[:3] for job in run[::-1]], template_dir)
        assert backwards == alone[::-1]


def test_modules_that_use_one_another_never_share_a_run(plan: PackagePlan) -> None:
    jobs = {job.payload[0]: job for job in models_jobs(plan)}
    user, used = jobs["shared_gamma"], jobs["shared_addr"]  # Gamma has an Addr
    assert not models.can_join([used.payload[:3]], user.payload[:3])
    assert not models.can_join([user.payload[:3]], used.payload[:3])
    for run in shared_runs(plan):
        assert not {"shared_gamma", "shared_addr"} <= {job.payload[0] for job in run}
    with pytest.raises(ValueError):
        models.render_modules([user.payload[:3], used.payload[:3]], Path(used.payload[3]))


def test_a_failure_is_reported_for_its_own_module(
    plan: PackagePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = next(r for r in shared_runs(plan) if len(r) > 1)
    bad = run[1].payload[0]
    real = models._generate

    def failing(view: dict[str, Any], *args: Any) -> Any:
        if any(key.startswith(bad + ".") for key in view["components"]["schemas"]):
            raise ValueError("boom")
        return real(view, *args)

    monkeypatch.setattr(models, "_generate", failing)
    with pytest.raises(DiagnosticError) as caught:
        models.render_modules([job.payload[:3] for job in run], Path(run[0].payload[3]))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.file == f"models/{bad}.py"
    assert "boom" in diagnostic.message


def job(key: str, kind: str, size: int, group: str = "p") -> Job:
    payload: Any = (key, {f"{key}.X": "y" * size}, {}, "t") if kind == "models" else "z" * size
    return Job(kind, key, payload, key, group if kind == "models" else "")


def test_tasks_group_small_models_jobs_longest_first() -> None:
    jobs = [job("big", "models", 60_000), job("fmt", "format", 50_000)]
    jobs += [job(f"s{i:02}", "models", 100 + i) for i in range(20)]
    jobs += [job("other-package", "models", 100, group="q")]
    grouped = tasks(jobs, workers=2)
    assert [t[0].key for t in grouped[:2]] == ["big", "fmt"]  # alone, longest first
    batches = [t for t in grouped if t[0].key.startswith("s")]
    assert [len(t) for t in batches] == [BATCH, BATCH, 4]
    assert sorted(j.key for t in batches for j in t) == [f"s{i:02}" for i in range(20)]
    assert ["other-package"] in [[j.key for j in t] for t in grouped]
    assert tasks(list(reversed(jobs)), workers=2) == grouped  # the jobs decide, not their order
    costs = [sum(len(str(j.payload)) for j in t) for t in grouped]
    assert costs == sorted(costs, reverse=True)


def test_packages_are_never_rendered_together(tmp_path: Path) -> None:
    """Two releases' packages have modules of the same names holding different classes: each
    module is rendered with its own package's only."""
    specs = tmp_path / "specs"
    for release, kind in (("22.1.1", "Enum options - V4."), ("30.2.1", "Enum options - V4, V6.")):
        addr = {"type": "object", "properties": {"kind": {"type": "string", "description": kind}}}
        for name in ("Alpha", "Beta"):
            definitions = {name: thing(name, {}), f"{name}ApiResponse": api_response(name)}
            write_spec(specs, release, name, swagger({**definitions, "Addr": addr}))
    plans = []
    for release in ("22.1.1", "30.2.1"):
        files, _ = spec_files(specs / release)
        api, diagnostics = build_release(Release.parse(release), files)
        assert api is not None, diagnostics
        plans.append(plan_package(api, Templates()))
    jobs = [j for p in plans for j in models_jobs(p)]
    assert len({j.payload[0] for j in jobs}) < len(jobs)  # the same module names
    for task in tasks(jobs, workers=1):
        assert len({j.group for j in task}) == 1
    with pytest.raises(ValueError):
        models.render_modules([j.payload[:3] for j in jobs], Path(jobs[0].payload[3]))
