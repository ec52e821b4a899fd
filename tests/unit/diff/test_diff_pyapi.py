"""The public Python API diff of two generated packages, read with ``ast`` (never imported)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from diff_support import FIXTURES

from codegen.diagnostics import DiagnosticError
from codegen.diff.pyapi import diff_packages, read_package

MODELS_OLD = '''
from typing import Annotated
from pydantic import Field, StrictInt, StrictStr
from ._base import Enum, Model


class Pool(Model):
    last_modified: Annotated[StrictStr | None, Field(alias="_last_modified")] = None
    port: Annotated[StrictInt | None, Field(json_schema_extra={"x-avi-format": "int32"})] = None
    mode: PoolMode | None = None
    gone: StrictStr | None = None
    _private: int = 0


class PoolMode(Enum):
    MODE_A = "MODE_A"
    MODE_B = "MODE_B"


class Legacy(Model):
    x: StrictStr | None = None
'''

MODELS_NEW = '''
from typing import Annotated
from pydantic import Field, StrictInt, StrictStr
from ._base import Enum, Model


class Pool(Model):
    last_modified: Annotated[StrictStr | None, Field(alias="_last_modified")] = None
    port: Annotated[StrictInt | None, Field(json_schema_extra={"x-avi-format": "uint32"})] = None
    mode: PoolMode | None = None
    tier: Annotated[StrictStr, Field()]


class PoolMode(Enum):
    MODE_A = "MODE_A"
    MODE_C = "MODE_C"


class Tenant(Model):
    name: StrictStr | None = None
'''

CLIENT_OLD = '''
from functools import cached_property
from ._runtime.resources import Resource


class PoolResource(Resource[Pool]):
    """Pool objects."""

    def scaleout(self, uuid: str, *, count: int = 1) -> dict[str, object]:
        return {}

    def _helper(self) -> None:
        pass


class Client(BaseClient):
    @cached_property
    def pool(self) -> PoolResource:
        return PoolResource(self.session, Pool, "/pool")

    @cached_property
    def legacy(self) -> LegacyResource:
        return LegacyResource(self.session, Legacy, "/legacy")
'''

CLIENT_NEW = '''
from functools import cached_property
from ._runtime.resources import Resource


class PoolResource(Resource[Pool]):
    """Pool objects."""

    def scaleout(self, uuid: str, *, count: int = 1, wait: bool = False) -> dict[str, object]:
        return {}

    async def runtime(self, uuid: str) -> dict[str, object]:
        return {}


class Client(BaseClient):
    @cached_property
    def pool(self) -> PoolResource:
        return PoolResource(self.session, Pool, "/pool")

    @cached_property
    def tenant(self) -> TenantResource:
        return TenantResource(self.session, Tenant, "/tenant")
'''


def package(root: Path, name: str, models: str, client: str, runtime: str = "") -> Path:
    folder = root / name
    (folder / "_runtime").mkdir(parents=True)
    (folder / "__init__.py").write_text('"""A package."""\n__avi_release__ = "30.2.1"\n')
    (folder / "models.py").write_text(textwrap.dedent(models))
    (folder / "client.py").write_text(textwrap.dedent(client))
    (folder / "_runtime" / "resources.py").write_text(runtime or "class Resource:\n    pass\n")
    return folder


def test_public_surface_changes(tmp_path: Path) -> None:
    old = package(tmp_path, "avi_v30_1_1", MODELS_OLD, CLIENT_OLD)
    new = package(tmp_path, "avi_v30_2_1", MODELS_NEW, CLIENT_NEW,
                  runtime="class Resource:\n    def changed(self) -> None: ...\n")
    got = [(c.id, c.object, c.location, c.old, c.new) for c in diff_packages(old, new)]
    assert got == [
        ("python-resource-removed", "client", "Client.legacy", "LegacyResource", None),
        ("python-resource-added", "client", "Client.tenant", None, "TenantResource"),
        ("python-method-added", "client", "PoolResource.runtime", None,
         "async (self, uuid: str) -> dict[str, object]"),
        ("python-signature-changed", "client", "PoolResource.scaleout",
         "(self, uuid: str, *, count: int=1) -> dict[str, object]",
         "(self, uuid: str, *, count: int=1, wait: bool=False) -> dict[str, object]"),
        ("python-class-removed", "models", "Legacy", "models.Legacy", None),
        ("python-attribute-removed", "models", "Pool.gone", "StrictStr | None", None),
        ("python-attribute-added", "models", "Pool.tier", None, "StrictStr"),
        ("python-enum-member-removed", "models", "PoolMode.MODE_B", "'MODE_B'", None),
        ("python-enum-member-added", "models", "PoolMode.MODE_C", None, "'MODE_C'"),
        ("python-class-added", "models", "Tenant", None, "models.Tenant"),
    ]


def test_annotated_metadata_alone_is_not_a_change(tmp_path: Path) -> None:
    old = package(tmp_path, "a", MODELS_OLD, CLIENT_OLD)
    same = package(tmp_path, "b", MODELS_OLD.replace('"int32"', '"int64"'), CLIENT_OLD)
    assert diff_packages(old, same) == []
    changed = package(tmp_path, "c", MODELS_OLD.replace("port: Annotated[StrictInt",
                                                         "port: Annotated[StrictStr"), CLIENT_OLD)
    assert [(c.id, c.old, c.new) for c in diff_packages(old, changed)] == [
        ("python-annotation-changed", "StrictInt | None", "StrictStr | None")]


def test_read_package_skips_private_modules_and_names(tmp_path: Path) -> None:
    folder = package(tmp_path, "p", MODELS_OLD, CLIENT_OLD)
    classes = read_package(folder)
    assert sorted(classes) == ["client.Client", "client.PoolResource", "models.Legacy",
                               "models.Pool", "models.PoolMode"]
    assert "_private" not in classes["models.Pool"].members
    assert "_helper" not in classes["client.PoolResource"].members
    assert classes["models.PoolMode"].is_enum


def test_unreadable_packages(tmp_path: Path) -> None:
    with pytest.raises(DiagnosticError, match="no such package folder"):
        read_package(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DiagnosticError, match="no Python modules"):
        read_package(tmp_path / "empty")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "models.py").write_text("class Pool(:\n")
    with pytest.raises(DiagnosticError, match="cannot parse"):
        read_package(broken)


def test_real_generated_packages(tmp_path: Path) -> None:
    """Fixture pairs generated by the real pipeline: models, enum members, resource methods."""
    from tests.helpers import generate

    specs = tmp_path / "specs"
    pairs = {"30.1.1": "enums_base", "30.2.1": "enums_revision",
             "22.1.1": "operations_base", "22.1.2": "operations_revision"}
    for release, case in pairs.items():
        (specs / release).mkdir(parents=True)
        (specs / release / "Pool.json").write_text((FIXTURES / f"{case}.json").read_text())
    out = tmp_path / "out"
    names = generate(specs, out, sorted(pairs))
    assert names == ["avi_v22_1_1", "avi_v22_1_2", "avi_v30_1_1", "avi_v30_2_1"]

    enums = {(c.id, c.location) for c in diff_packages(out / names[2], out / names[3])}
    assert ("python-enum-member-removed", "PoolMode.MODE_B") in enums
    assert ("python-enum-member-added", "PoolMode.MODE_D") in enums

    ops = diff_packages(out / names[0], out / names[1])
    methods = {(c.id, c.path) for c in ops if c.definition.endswith("PoolResource")}
    # GET /pool/{uuid}/runtime/ appeared: a method on the sync and the async resource
    assert {i for i, _ in methods} == {"python-method-added"} and len(methods) >= 1
    assert {c.id for c in ops if c.definition in ("PoolPatch", "PoolRuntime")} == {
        "python-class-added"}
    assert not [c for c in ops if c.object.startswith("_") or "._" in c.object]
