"""The emulator serving the generated packages of the repository (``generated/``), driven by the
real Avi SDK: the ``__avi_objects__`` contract with real models, their runtime and metadata."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen.mock import HttpError, MockController

ROOT = Path(__file__).resolve().parents[3]
GENERATED = ROOT / "generated"


def _packages() -> list[str]:
    found = []
    for init in GENERATED.glob("avi_v*/__init__.py"):
        if "__avi_objects__" in init.read_text(encoding="utf-8"):
            found.append(init.parent.name)
    return sorted(found, key=lambda n: tuple(int(p) for p in re.findall(r"\d+", n)))


PACKAGES = _packages()
pytestmark = pytest.mark.skipif(
    not PACKAGES, reason=f"no generated package with __avi_objects__ under {GENERATED}"
)


@pytest.fixture
def on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(GENERATED))


@pytest.fixture
def sdk_module() -> Iterator[Any]:
    module = pytest.importorskip(
        "avi.sdk.avi_api", reason="avisdk is not installed (pip install avisdk==32.1.4)"
    )
    module.ApiSession.clear_cached_sessions()
    yield module
    module.ApiSession.clear_cached_sessions()


def test_newest_package_with_the_real_sdk(on_path: None, sdk_module: Any) -> None:
    with MockController.from_package(PACKAGES[-1], strict_version=True, strict_fields=True) as mock:
        assert "Image" in mock.objects
        host, port = mock.url.rsplit(":", 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sdk = sdk_module.ApiSession(
                controller_ip=host,
                port=int(port),
                username="admin",
                password="admin",
                api_version=mock.release,
            )
        first = sdk.post("image", data={"name": "base"})
        assert first.status_code == 201, first.text
        assert sdk.post("image", data={"name": "x", "no_such_field": 1}).status_code == 400
        for i in range(4):
            assert sdk.post("image", data={"name": f"img-{i}"}).status_code == 201
        names = [o["name"] for o in sdk.get_objects_iter("image", params={"page_size": 2})]
        assert names == ["base", "img-0", "img-1", "img-2", "img-3"]
        doc = sdk.get_object_by_name("image", "img-0")
        assert sdk.put(f"image/{doc['uuid']}", data=doc).status_code == 200
        assert sdk.delete_by_name("image", "img-0").status_code == 204
        assert mock.stats["logins"] == 1


def test_fields_of_a_newer_release_are_dropped_or_refused(on_path: None) -> None:
    oldest = MockController.from_package(PACKAGES[0])
    newest = MockController.from_package(PACKAGES[-1])
    old_fields = oldest.objects["Image"].model.model_fields
    new_fields = sorted(
        name
        for name, info in newest.objects["Image"].model.model_fields.items()
        if name not in old_fields and info.alias is None
    )
    if not new_fields:
        pytest.skip(f"{PACKAGES[-1]} adds no Image field to {PACKAGES[0]}")
    body = {"name": "a", new_fields[0]: "anything"}
    stored = oldest.create("Image", body)
    assert new_fields[0] not in stored  # a controller ignores fields it does not know
    strict = MockController.from_package(PACKAGES[0], strict_fields=True)
    with pytest.raises(HttpError) as err:
        strict.create("Image", body)
    assert err.value.status == 400 and new_fields[0] in err.value.message
