"""The real Avi Python SDK (``avisdk``, a test-only dependency) against the emulator, unchanged.

The SDK reaches a plain-http port when ``controller_ip`` carries the scheme
(``http://127.0.0.1``) and ``port`` the port: its prefix becomes ``http://127.0.0.1:PORT``.
"""

from __future__ import annotations

import base64
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from avi_mock_models import RELEASE, SPECS

from codegen.mock import MockController

avi_api = pytest.importorskip(
    "avi.sdk.avi_api",
    reason="avisdk is not installed (pip install avisdk==32.1.4, the test extra)",
)


def _session(mock: MockController, **kwargs: Any) -> Any:
    host, port = mock.url.rsplit(":", 1)
    kwargs.setdefault("username", "admin")
    kwargs.setdefault("api_version", RELEASE)
    if "token" not in kwargs:
        kwargs.setdefault("password", "admin")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the SDK warns about verify=False
        return avi_api.ApiSession(controller_ip=host, port=int(port), **kwargs)


@pytest.fixture(autouse=True)
def _fresh_sdk_cache() -> Iterator[None]:
    avi_api.ApiSession.clear_cached_sessions()
    yield
    avi_api.ApiSession.clear_cached_sessions()


@pytest.fixture
def sdk(mock: MockController) -> Iterator[Any]:
    session = _session(mock)
    yield session
    session.close()


def test_sdk_crud_and_pagination(mock: MockController, sdk: Any) -> None:
    rsp = sdk.post("image", data={"name": "img-0", "type": "IMAGE_TYPE_SYSTEM", "progress": 1})
    assert rsp.status_code == 201, rsp.text
    uuid = rsp.json()["uuid"]

    by_name = sdk.get_object_by_name("image", "img-0")
    assert by_name["uuid"] == uuid
    assert sdk.get_object_by_name("image", "missing") is None
    got = sdk.get(f"image/{uuid}")
    assert got.status_code == 200 and got.json()["progress"] == 1

    doc = got.json()
    doc["progress"] = 2
    put = sdk.put(f"image/{uuid}", data=doc)
    assert put.status_code == 200 and put.json()["progress"] == 2
    patched = sdk.patch(f"image/{uuid}", data={"add": {"labels": ["a", "b"]}})
    assert patched.status_code == 200 and patched.json()["labels"] == ["a", "b"]
    put = sdk.put_by_name("image", "img-0", data={"name": "img-0", "progress": 3})
    assert put.status_code == 200 and "labels" not in put.json()

    forced = sdk.post("image", data={"name": "forced"}, force_uuid="image-forced")
    assert forced.json()["uuid"] == "image-forced"
    for i in range(1, 5):
        assert sdk.post("image", data={"name": f"img-{i}"}).status_code == 201
    names = [o["name"] for o in sdk.get_objects_iter("image", params={"page_size": 2})]
    assert names == ["img-0", "forced", "img-1", "img-2", "img-3", "img-4"]
    assert mock.stats["GET /api/image"] >= 3  # three pages

    assert sdk.delete(f"image/{uuid}").status_code == 204
    assert sdk.delete_by_name("image", "forced").status_code == 204
    assert sdk.get(f"image/{uuid}").status_code == 404
    assert mock.stats["logins"] == 1
    assert mock.stats["POST /api/image"] == 6


def test_sdk_validation_errors_are_400(sdk: Any) -> None:
    rsp = sdk.post("image", data={"name": "x", "type": "IMAGE_TYPE_FUTURE"})
    assert rsp.status_code == 400
    assert "type: " in rsp.text and "IMAGE_TYPE_FUTURE" in rsp.text


def test_sdk_logs_in_again_after_expiry(mock: MockController, sdk: Any) -> None:
    assert sdk.post("image", data={"name": "a"}).status_code == 201
    mock.expire_sessions()
    assert sdk.post("image", data={"name": "b"}).status_code == 201
    assert mock.stats["logins"] == 2
    assert mock.stats["POST /api/image"] == 3  # one 401, then the retry


def test_sdk_retries_dropped_connections(mock: MockController, sdk: Any) -> None:
    mock.drop_next(1, method="GET")
    assert sdk.get("image").status_code == 200
    assert mock.stats["GET /api/image"] == 2
    # an answer lost after the object was created: the SDK's blind retry hits the duplicate
    mock.drop_next(1, method="POST", after=True)
    rsp = sdk.post("image", data={"name": "once"})
    assert rsp.status_code == 409
    assert mock.stats["POST /api/image"] == 2
    assert [d["name"] for d in mock.stored("Image")] == ["once"]


def test_sdk_does_not_retry_5xx(mock: MockController, sdk: Any) -> None:
    mock.fail_next(status=503, method="POST")
    assert sdk.post("image", data={"name": "x"}).status_code == 503
    assert mock.stats["POST /api/image"] == 1


def test_sdk_tenant_token_logout_and_strict_version() -> None:
    with MockController(SPECS, release=RELEASE, strict_version=True) as mock:
        mock.add_tenant("blue")
        blue = _session(mock, tenant="blue", token=mock.issue_token())
        assert blue.post("image", data={"name": "in-blue"}).status_code == 201
        assert blue.get("image", tenant="admin").json()["count"] == 0
        assert mock.stored("Image", tenant="blue")[0]["name"] == "in-blue"
        assert blue.post("logout").status_code == 200
        assert mock.stats["logouts"] == 1


def test_sdk_basic_auth(mock: MockController) -> None:
    creds = base64.b64encode(b"admin:admin").decode()
    session = _session(mock, user_hdrs={"Authorization": f"Basic {creds}"})
    assert session.post("image", data={"name": "basic"}).status_code == 201
    assert session.get("image").json()["count"] == 1
    assert mock.stats["logins"] == 0
