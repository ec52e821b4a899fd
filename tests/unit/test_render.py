"""Rendering a package from a small spec with every feature the grammar drives, then using it."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import black
import pytest
from pydantic import ValidationError

from codegen.render.write import read_tree
from tests.helpers import api_response, crud_paths, generate, import_package, swagger, write_spec

ED = (
    "Allowed with any value in Enterprise, Essentials, Basic, "
    "Enterprise with Cloud Services edition."
)

WIDGET: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "_last_modified": {
            "type": "string",
            "readOnly": True,
            "description": "UNIX time. Units(MICROSECONDS).",
        },
        "name": {"type": "string", "description": f"Name. Field introduced in 18.2.6. {ED}"},
        "class": {
            "type": "integer",
            "format": "int32",
            "description": "A keyword. Allowed values are 1-5.",
        },
        "type": {
            "type": "string",
            "description": "Kind. Enum options - W_SMALL, W_LARGE, w_MixedCase.",
        },
        "tags": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Tags. Enum options - RED, BLUE. Maximum of 2 items allowed.",
        },
        "timeout": {
            "type": "integer",
            "format": "int32",
            "description": "Timeout. Allowed values are 30-3600. "
            "Special values are 0 - 'Disabled', -1 - 'Infinite'. Unit is SEC.",
        },
        "ratio": {
            "type": "number",
            "format": "float",
            "description": "Angle. Allowed values are -90.0-+90.0.",
        },
        "ports": {
            "type": "array",
            "items": {"type": "integer", "format": "uint32"},
            "description": "Ports. Allowed values are 1-65535. Minimum of 1 items required.",
        },
        "size": {"type": "integer", "format": "uint32", "description": "Size."},
        "mode": {
            "type": "integer",
            "format": "int32",
            "description": "Mode. Allowed values are 0,1,2,4.",
        },
        "owner_ref": {
            "type": "string",
            "description": "Owner. It is a reference to an object of type Tenant.",
        },
        "enabled": {
            "type": "boolean",
            "default": True,
            "description": "On. Field introduced in 20.1.1, 18.2.10.",
        },
        "addr": {"$ref": "#/definitions/Addr", "description": "An address."},
        "newer": {"type": "string", "description": "Newer. Field introduced in 30.2.1."},
        "url": {"type": "string", "readOnly": True},
        "uuid": {"type": "string"},
    },
}
ADDR = {
    "type": "object",
    "required": ["addr", "type"],
    "properties": {
        "addr": {"type": "string"},
        "type": {"type": "string", "description": " Enum options - V4, DNS, V6."},
    },
}


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("specs")
    doc = swagger(
        {"Widget": WIDGET, "Addr": ADDR, "WidgetApiResponse": api_response("Widget")},
        crud_paths("/widget", "Widget"),
    )
    doc["paths"]["/widget/{uuid}/runtime/"] = {
        "get": {
            "parameters": [{"name": "uuid", "in": "path", "type": "string", "required": True}],
            "responses": {"200": {"description": "OK"}},
        }
    }
    write_spec(folder, "30.2.1", "Widget", doc)
    return folder


@pytest.fixture(scope="module")
def out(specs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert generate(specs, out, ["30.2.1", "20.1.1"]) == ["avi_v20_1_1", "avi_v30_2_1"]
    return out


@pytest.fixture(scope="module")
def pkg(out: Path) -> ModuleType:
    return import_package(out, "avi_v30_2_1")


def widget(pkg: ModuleType, **fields: Any) -> Any:
    return pkg.models.Widget.model_validate({"name": "w", **fields})


def test_package_front_door(pkg: ModuleType) -> None:
    assert pkg.__avi_release__ == "30.2.1"
    assert pkg.__avi_objects__ == {"Widget": ("/widget", "Widget")}
    assert pkg.Client.release == "30.2.1"
    assert hasattr(pkg.Client, "widget") and hasattr(pkg.AsyncClient, "widget")
    resources = importlib.import_module("avi_v30_2_1.resources.widget")
    assert hasattr(resources.WidgetResource, "get_runtime")
    assert hasattr(resources.AsyncWidgetResource, "get_runtime")


def test_names_aliases_and_round_trip(pkg: ModuleType) -> None:
    doc = {
        "_last_modified": "1700",
        "name": "w",
        "class": 3,
        "type": "w_MixedCase",
        "tags": ["RED"],
        "timeout": -1,
        "ratio": -90.0,
        "ports": [1, 65535],
        "mode": 4,
        "addr": {"addr": "1.1.1.1", "type": "V4"},
    }
    w = pkg.models.Widget.model_validate(doc)
    assert w.last_modified == "1700" and w.class_ == 3
    assert w.to_json_dict() == doc
    assert w.model_dump(mode="json", by_alias=True, exclude_unset=True) == doc


@pytest.mark.parametrize(
    ("fields", "where", "kind"),
    [
        ({"type": "HUGE"}, ("type",), "avi_enum"),
        ({"tags": ["RED", "GREEN"]}, ("tags", 1), "avi_enum"),
        ({"tags": ["RED", "BLUE", "RED"]}, ("tags",), "avi_max_items"),
        ({"ports": []}, ("ports",), "avi_min_items"),
        ({"ports": [0]}, ("ports", 0), "avi_range"),
        ({"timeout": 10}, ("timeout",), "avi_range"),
        ({"timeout": 3601}, ("timeout",), "avi_range"),
        ({"ratio": 90.5}, ("ratio",), "avi_range"),
        ({"mode": 3}, ("mode",), "avi_range"),
        ({"class": 9}, ("class",), "avi_range"),
        ({"size": 2**32}, ("size",), "avi_range"),
        ({"size": -1}, ("size",), "avi_range"),
        ({"size": "5"}, ("size",), "int_type"),
        ({"enabled": "yes"}, ("enabled",), "bool_type"),
        ({"addr": {"addr": "x", "type": "V5"}}, ("addr", "type"), "avi_enum"),
        ({"addr": {"addr": "x"}}, ("addr", "type"), "missing"),
        ({"surprise": 1}, ("surprise",), "avi_unknown_field"),
    ],
)
def test_requests_are_checked(
    pkg: ModuleType, fields: dict[str, Any], where: tuple[Any, ...], kind: str
) -> None:
    with pytest.raises(ValidationError) as info:
        widget(pkg, **fields)
    errors = info.value.errors()
    assert [(e["loc"], e["type"]) for e in errors] == [(where, kind)], errors
    assert str(where[0]) in str(info.value)


def test_missing_name(pkg: ModuleType) -> None:
    with pytest.raises(ValidationError, match="name"):
        pkg.models.Widget.model_validate({})


def test_special_values_and_bounds_accepted(pkg: ModuleType) -> None:
    for value in (0, -1, 30, 3600):
        assert widget(pkg, timeout=value).timeout == value
    assert widget(pkg, size=2**32 - 1).size == 2**32 - 1


def test_responses_are_tolerant_and_keep_everything(pkg: ModuleType) -> None:
    doc = {
        "name": "w",
        "type": "W_HUGE",
        "timeout": 99999,
        "from_a_newer_release": {"x": [1]},
        "tags": ["PINK"],
    }
    w = pkg.models.Widget.from_response(doc)
    assert w.type == "W_HUGE" and not w.type.is_known and w.tags[0].is_known is False
    assert w.to_json_dict() == doc
    assert pkg.models.WidgetType.W_SMALL.is_known


def test_field_metadata_at_run_time(pkg: ModuleType) -> None:
    meta = pkg._runtime.models.field_meta
    m = meta(pkg.models.Widget, "timeout")
    assert (
        m.unit == "SEC"
        and m.range == (30, 3600)
        and m.special_values == {"0": "Disabled", "-1": "Infinite"}
    )
    assert meta(pkg.models.Widget, "owner_ref").ref_type == "Tenant"
    assert meta(pkg.models.Widget, "enabled").introduced_in == ("18.2.10", "20.1.1")
    assert meta(pkg.models.Widget, "_last_modified").read_only
    assert meta(pkg.models.Widget, "name").editions == (
        "Basic",
        "Enterprise",
        "Enterprise with Cloud Services",
        "Essentials",
    )
    assert pkg.models.Widget.model_fields["enabled"].default is True


def test_projection_drops_newer_fields(out: Path) -> None:
    old = import_package(out, "avi_v20_1_1")
    fields = {f.alias or n for n, f in old.models.Widget.model_fields.items()}
    assert "newer" not in fields and "enabled" in fields
    with pytest.raises(ValidationError, match="'newer' is not a field of Widget in Avi 20.1.1"):
        old.models.Widget.model_validate({"name": "w", "newer": "x"})
    manifest = (out / "avi_v20_1_1" / "manifest.json").read_text()
    assert '"projected_from": "30.2.1"' in manifest and '"source": "projection"' in manifest


def test_output_is_black_formatted_and_deterministic(
    specs: Path, out: Path, tmp_path: Path
) -> None:
    generate(specs, tmp_path, ["30.2.1", "20.1.1"])
    assert read_tree(tmp_path) == read_tree(out)
    for name, blob in read_tree(out).items():
        if name.endswith(".py") and "/_runtime/" not in name:
            src = blob.decode()
            assert black.format_str(src, mode=black.Mode()) == src, name
            assert "codegen" not in src.replace("avi-codegen", ""), name


def test_generated_code_passes_mypy_strict(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "avi_v30_2_1"],
        cwd=out,
        capture_output=True,
        text=True,
        env={"MYPYPATH": str(out), "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_runtime_is_black_formatted_and_standalone() -> None:
    from codegen.render.package import runtime_files

    for name, blob in runtime_files().items():
        src = blob.decode()
        assert black.format_str(src, mode=black.Mode()) == src, name
        assert "import codegen" not in src and "from codegen" not in src, name
