"""Work done while the specs are validated: the release's API is built from the loaded files
ahead of their verdicts, and its package planned, and both stand only for files found valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codegen.diagnostics import Level
from codegen.ir.model import Api
from codegen.ir.release import Release
from codegen.pipeline import build_release, spec_files
from codegen.render import package
from codegen.render.package import plan_package, render_packages
from codegen.render.templates import Templates
from tests.helpers import api_response, crud_paths, swagger, write_spec

RELEASE = Release.parse("30.2.1")


def _files(folder: Path, broken: bool = False) -> list[Path]:
    for name in ("Pool", "Vip", "Gslb"):
        prop: dict[str, Any] = {"type": "string", "description": "Enum options - A, B."}
        if broken and name == "Vip":
            prop["minLength"] = -1  # the metaschema rejects it; the IR builds all the same
        definitions = {
            name: {"type": "object", "properties": {"name": {"type": "string"}, "kind": prop}},
            f"{name}ApiResponse": api_response(name),
        }
        write_spec(folder, "30.2.1", name, swagger(definitions, crud_paths(f"/{name}", name)))
    files, _ = spec_files(folder / "30.2.1")
    return files


def test_the_api_built_ahead_is_the_one_returned(tmp_path: Path) -> None:
    seen: list[Api] = []
    api, diagnostics = build_release(RELEASE, _files(tmp_path), ahead=seen.append)
    assert api is not None and not [d for d in diagnostics if d.level >= Level.ERROR]
    assert len(seen) == 1 and seen[0] is api
    again, _ = build_release(RELEASE, _files(tmp_path))  # built after validation: the same
    assert again == api


def test_an_api_built_ahead_from_an_invalid_file_is_dropped(tmp_path: Path) -> None:
    seen: list[Api] = []
    api, diagnostics = build_release(RELEASE, _files(tmp_path, True), ahead=seen.append)
    assert api is None
    errors = [d for d in diagnostics if d.level >= Level.ERROR]
    assert errors and all(d.file.endswith("Vip.json") for d in errors)
    assert len(seen) == 1  # built ahead, then found invalid


def test_a_plan_made_ahead_is_used_for_its_api_and_name_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, _ = build_release(RELEASE, _files(tmp_path))
    assert api is not None
    expected = render_packages([api])
    ahead = plan_package(api, Templates(None))
    made: list[str | None] = []
    real = package.plan_package

    def spy(api: Api, templates: Templates, override: Path | None = None, name: Any = None) -> Any:
        made.append(name)
        return real(api, templates, override, name)

    monkeypatch.setattr(package, "plan_package", spy)
    assert render_packages([api], planned=[ahead]) == expected
    assert made == []
    # another name, or an equal API that is not the same object: planned again
    renamed = render_packages([api], names={"avi_v30_2_1": "other"}, planned=[ahead])
    same, _ = build_release(RELEASE, _files(tmp_path))
    assert same is not None and same == api
    assert render_packages([same], planned=[ahead]) == expected
    assert made == ["other", "avi_v30_2_1"]
    assert json.loads(renamed["other"]["manifest.json"])["package"] == "other"
