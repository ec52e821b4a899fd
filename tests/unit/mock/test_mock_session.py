"""Session protocol of the emulator: login, cookies, CSRF, Basic auth, versions, tenants, logout."""

from __future__ import annotations

import base64

import httpx
import pytest
from avi_mock_models import RELEASE, SPECS, Login, MakeImage

from codegen.mock import MockController


def test_form_login_sets_cookies_and_answers_version(mock: MockController) -> None:
    with httpx.Client(base_url=mock.url) as client:
        rsp = client.post("/login", data={"username": "admin", "password": "admin"})
    assert rsp.status_code == 200
    body = rsp.json()
    assert body["version"]["Version"] == RELEASE
    assert body["session_cookie_name"] == "avi-sessionid"
    set_cookies = rsp.headers.get_list("set-cookie")
    by_name = {c.split("=", 1)[0]: c for c in set_cookies}
    assert set(by_name) == {"csrftoken", "avi-sessionid", "sessionid"}
    assert "HttpOnly" not in by_name["csrftoken"]
    assert "HttpOnly" in by_name["avi-sessionid"] and "HttpOnly" in by_name["sessionid"]
    assert not any("Secure" in c for c in set_cookies)
    assert rsp.cookies["avi-sessionid"] == rsp.cookies["sessionid"]
    assert mock.stats["logins"] == 1


def test_json_login_and_bad_credentials(mock: MockController, login: Login) -> None:
    client = login(json_login=True)
    assert client.get("/api/image").status_code == 200
    with httpx.Client(base_url=mock.url) as other:
        bad = other.post("/login", json={"username": "admin", "password": "nope"})
        assert bad.status_code == 401
        assert (
            other.post(
                "/login", content=b"{nope", headers={"Content-Type": "application/json"}
            ).status_code
            == 400
        )
    assert mock.stats["login_failures"] == 1


def test_token_login(mock: MockController) -> None:
    token = mock.issue_token()
    with httpx.Client(base_url=mock.url) as client:
        assert (
            client.post("/login", data={"username": "admin", "token": "bogus"}).status_code == 401
        )
        rsp = client.post("/login", data={"username": "admin", "token": token})
        assert rsp.status_code == 200
        assert client.get("/api/image", headers={"X-Avi-Version": RELEASE}).status_code == 200
    with MockController(SPECS, release=RELEASE, tokens=["configured"]) as other:
        with httpx.Client(base_url=other.url) as client:
            rsp = client.post("/login", json={"username": "admin", "token": "configured"})
            assert rsp.status_code == 200


def test_session_from_either_cookie_and_duplicates(mock: MockController) -> None:
    with httpx.Client(base_url=mock.url) as client:
        rsp = client.post("/login", data={"username": "admin", "password": "admin"})
        sid, csrf = rsp.cookies["sessionid"], rsp.cookies["csrftoken"]
    for cookie in (
        f"sessionid={sid}",
        f"avi-sessionid={sid}",
        f"avi-sessionid=stale; avi-sessionid={sid}; csrftoken={csrf}",
    ):
        with httpx.Client(base_url=mock.url) as client:
            rsp = client.get("/api/image", headers={"Cookie": cookie, "X-CSRFToken": csrf})
            assert rsp.status_code == 200, cookie


def test_unknown_session_and_no_credentials(mock: MockController) -> None:
    with httpx.Client(base_url=mock.url) as client:
        assert client.get("/api/image").status_code == 401
        assert client.get("/api/image", headers={"Cookie": "sessionid=nope"}).status_code == 401


def test_csrf_required_on_writes_only(api: httpx.Client) -> None:
    good = api.headers.pop("X-CSRFToken")
    assert api.get("/api/image").status_code == 200
    for headers in ({}, {"X-CSRFToken": "wrong"}):
        rsp = api.post("/api/image", json={"name": "x"}, headers=headers)
        assert rsp.status_code == 401
        assert "CSRF token missing or incorrect." in rsp.text
    rsp = api.post("/api/image", json={"name": "x"}, headers={"X-CSRFToken": good})
    assert rsp.status_code == 201


def test_basic_auth_needs_no_login_or_csrf(mock: MockController) -> None:
    token = base64.b64encode(b"admin:admin").decode()
    with httpx.Client(base_url=mock.url, headers={"Authorization": f"Basic {token}"}) as client:
        assert client.post("/api/image", json={"name": "basic"}).status_code == 201
        assert client.get("/api/image").json()["count"] == 1
    bad = base64.b64encode(b"admin:wrong").decode()
    with httpx.Client(base_url=mock.url, headers={"Authorization": f"Basic {bad}"}) as client:
        assert client.get("/api/image").status_code == 401
    assert mock.stats["logins"] == 0


def test_logout_ends_session(mock: MockController, api: httpx.Client) -> None:
    assert api.post("/logout").status_code == 200
    assert api.get("/api/image").status_code == 401
    assert mock.stats["logouts"] == 1


def test_expired_session_gets_401(mock: MockController, api: httpx.Client) -> None:
    assert mock.expire_sessions() == 1
    assert api.get("/api/image").status_code == 401


def test_idle_session_timeout(api: httpx.Client, mock: MockController) -> None:
    mock.session_timeout = 0.0
    assert api.get("/api/image").status_code == 401


def test_versions_lenient(login: Login) -> None:
    client = login(version=None)
    assert client.get("/api/image").status_code == 200  # falls back like a controller
    assert client.get("/api/image", headers={"X-Avi-Version": "22.1.3"}).status_code == 200
    rsp = client.get("/api/image", headers={"X-Avi-Version": "99.1.1"})
    assert rsp.status_code == 400
    assert "Invalid version" in rsp.text


def test_versions_strict() -> None:
    with MockController(SPECS, release=RELEASE, strict_version=True) as mock:
        with httpx.Client(base_url=mock.url) as client:
            client.post("/login", data={"username": "admin", "password": "admin"})
            rsp = client.get("/api/image")
            assert rsp.status_code == 400
            assert "X-Avi-Version" in rsp.json()["error"]
            assert client.get("/api/image", headers={"X-Avi-Version": RELEASE}).status_code == 200
            rsp = client.get("/api/image", headers={"X-Avi-Version": "22.1.3"})
            assert "Invalid version" in rsp.text


def test_tenants_isolate_objects(mock: MockController, login: Login, make_image: MakeImage) -> None:
    uuid = mock.add_tenant("blue")
    admin, blue = login(), login(tenant="blue")
    make_image("shared-name", client=admin)
    created = make_image("shared-name", client=blue)  # same name, other tenant
    assert created["tenant_ref"].endswith(f"/api/tenant/{uuid}#blue")
    assert admin.get("/api/image").json()["count"] == 1
    assert blue.get(f"/api/image/{created['uuid']}").status_code == 200
    assert admin.get(f"/api/image/{created['uuid']}").status_code == 404
    by_uuid = admin.get("/api/image", headers={"X-Avi-Tenant-UUID": uuid})
    assert [r["uuid"] for r in by_uuid.json()["results"]] == [created["uuid"]]
    everywhere = admin.get("/api/image", headers={"X-Avi-Tenant": "*"})
    assert everywhere.json()["count"] == 2
    assert admin.get("/api/image", headers={"X-Avi-Tenant": "nope"}).status_code == 400
    assert [i["tenant_ref"] for i in mock.stored("Image")] == ["/api/tenant/admin"]


def test_unknown_headers_and_json_content_type_on_get(api: httpx.Client) -> None:
    rsp = api.get("/api/image", headers={"timeout": "60", "X-Whatever": "1"})
    assert rsp.status_code == 200
    assert (
        api.delete("/api/image/none", headers={"Content-Type": "application/json"}).status_code
        == 404
    )


def test_cluster_status_and_initial_data(mock: MockController) -> None:
    with httpx.Client(base_url=mock.url) as client:
        status = client.get("/api/cluster/status").json()
        assert status["cluster_state"]["state"].startswith("CLUSTER_UP")
        assert client.get("/api/initial-data").json()["version"]["Version"] == RELEASE


def test_only_loopback() -> None:
    mock = MockController(SPECS, release=RELEASE)
    with pytest.raises(ValueError, match="127.0.0.1"):
        mock.start(host="0.0.0.0")
