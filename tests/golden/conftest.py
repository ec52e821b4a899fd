"""Fixtures of the golden tests: the packages of every group, generated once per session."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen.render.naming import class_name
from codegen.render.package import package_name
from tests.golden.sources import (
    Group,
    all_groups,
    load_package,
    package_alias,
)
from tests.helpers import generate


@dataclass
class Generated:
    """The packages of one group, generated into ``out`` and imported under aliases."""

    group: Group
    out: Path
    _models: dict[str, ModuleType] = field(default_factory=dict)

    def models(self, release: str) -> ModuleType:
        """The ``models`` module of ``release``."""
        if release not in self._models:
            api = self.group.api(release)
            alias = package_alias(self.group, api)
            load_package(self.out, package_name(api), alias)
            self._models[release] = importlib.import_module(f"{alias}.models")
        return self._models[release]

    def model(self, release: str, definition: str) -> Any:
        return getattr(self.models(release), class_name(definition))


def require(group: Group) -> None:
    """Skip the calling test, with the reason, when the group's specs are absent."""
    if group.specs is None or not group.apis():
        pytest.skip(f"{group.key}: reference specs not found (set AVI_SHARED_DIR or AVI_SPECS_DIR)")


@pytest.fixture(scope="session")
def generated(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[Group], Generated]:
    """``generated(group)``: the group's packages, generated on first use."""
    done: dict[str, Generated] = {}

    def get(group: Group) -> Generated:
        require(group)
        if group.key not in done:
            out = tmp_path_factory.mktemp(f"gen-{group.key}")
            specs = group.specs
            assert specs is not None
            objects = [] if group.source == "bundled" else [group.obj]
            generate(specs, out, group.releases, objects)
            done[group.key] = Generated(group, out)
        return done[group.key]

    return get


def group_ids() -> list[Any]:
    return [pytest.param(g, id=g.key) for g in all_groups()]
