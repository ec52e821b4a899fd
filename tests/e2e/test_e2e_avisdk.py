"""The real Avi SDK (``avisdk``) and the generated ``Client`` side by side against one mock.

Both run the same calls (login, create, get by name, GET-modify-PUT, delete); the mock's request
log shows what each sent. The generated client must send every header and cookie avisdk sends,
with equal values where they carry meaning (version, tenant, content type, referer, and a CSRF
token equal to the session's ``csrftoken`` cookie).

Differences found, all deliberate or harmless (asserted below so a change is noticed):

* avisdk sends a ``timeout`` header (``timeout: None``, its own per-request setting, which a
  controller ignores); the generated client does not.
* avisdk (``requests``) sends ``Content-Length: 0`` on a bodiless DELETE; httpx sends none.
* avisdk sends every cookie twice (its cookie jar plus a ``Cookie`` header it builds itself);
  the generated client sends ``csrftoken``, ``avi-sessionid`` and ``sessionid`` once each.
* On login the generated client also sends ``Accept``, ``Referer`` and ``X-Avi-Version``;
  avisdk sends none of them there. Neither sends cookies or ``X-CSRFToken`` on login.
* ``User-Agent``, ``Accept``, ``Accept-Encoding`` and ``Connection`` differ or are extra (HTTP
  library defaults, not part of the protocol).
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest

from codegen.mock import MockController
from tests.e2e.support import Release, cookies_of, make_client

avi_api = pytest.importorskip(
    "avi.sdk.avi_api",
    reason="avisdk is not importable (it is in the 'test' extra: pip install avisdk==32.1.4)",
)

#: Headers only avisdk sends, and why the generated client does not (see the module doc).
SDK_ONLY = {
    "timeout": "avisdk's own per-request timeout, sent as a header; controllers ignore it",
}
#: Headers both send whose values are HTTP library details.
LIBRARY = frozenset({"user-agent", "accept-encoding", "accept", "connection", "host"})
SESSION_COOKIES = {"csrftoken", "avi-sessionid", "sessionid"}


@pytest.fixture(autouse=True)
def _fresh_sdk_cache() -> Iterator[None]:
    avi_api.ApiSession.clear_cached_sessions()
    yield
    avi_api.ApiSession.clear_cached_sessions()


def _sdk_session(mock: MockController, tenant: str | None) -> Any:
    host, port = mock.url.rsplit(":", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # avisdk warns about verify=False
        return avi_api.ApiSession(
            controller_ip=host,
            port=int(port),
            username="admin",
            password="admin",
            api_version=mock.release,
            tenant=tenant,
        )


def _run_sdk(mock: MockController, name: str, tenant: str | None) -> None:
    sdk = _sdk_session(mock, tenant)
    assert sdk.post("image", data={"name": name, "progress": 1}).status_code == 201
    obj = sdk.get_object_by_name("image", name)
    obj["progress"] = 2
    assert sdk.put(f"image/{obj['uuid']}", data=obj).status_code == 200
    assert sdk.delete(f"image/{obj['uuid']}").status_code == 204


def _run_generated(rel: Release, mock: MockController, name: str, tenant: str | None) -> None:
    client = make_client(rel, mock, **({"tenant": tenant} if tenant else {}))
    client.image.create({"name": name, "progress": 1})
    obj = client.image.get_by_name(name)
    obj.progress = 2
    client.image.update(obj)
    client.image.delete(obj.uuid)
    client.close()  # no logout: avisdk's run has none either


def _recorded(mock: MockController, run: Any) -> list[Any]:
    mock.reset_stats()
    run()
    return mock.requests


def _shape(record: Any) -> tuple[str, str, tuple[str, ...]]:
    path = re.sub(r"/image-[0-9a-f-]+$", "/<uuid>", record.path)
    return record.method, path, tuple(sorted(parse_qs(record.query)))


@pytest.mark.parametrize("tenant", [None, "blue"])
def test_same_requests_as_avisdk(r31: Release, mock: MockController, tenant: str | None) -> None:
    mock.add_tenant("blue")
    sdk = _recorded(mock, lambda: _run_sdk(mock, "sdk", tenant))
    gen = _recorded(mock, lambda: _run_generated(r31, mock, "gen", tenant))
    ops = ["login", "create", "get by name", "put", "delete"]
    assert [_shape(r) for r in gen] == [_shape(r) for r in sdk], "different calls"
    assert len(gen) == len(ops)

    # Login: a form with the same fields; no session cookies, no CSRF header yet.
    for login in (sdk[0], gen[0]):
        assert login.path == "/login"
        assert login.headers["content-type"] == "application/x-www-form-urlencoded"
        assert parse_qs(login.body.decode()) == {"username": ["admin"], "password": ["admin"]}
        assert "cookie" not in login.headers and "x-csrftoken" not in login.headers
    assert "x-avi-version" not in sdk[0].headers and gen[0].headers["x-avi-version"] == "31.1.1"

    expected_tenant = tenant or "admin"
    for op, s, g in zip(ops[1:], sdk[1:], gen[1:], strict=True):
        missing = set(s.headers) - set(g.headers) - set(SDK_ONLY)
        if not s.body:
            # requests sends Content-Length: 0 on a bodiless DELETE, httpx sends none
            missing.discard("content-length")
        assert not missing, f"{op}: the generated client does not send {sorted(missing)}"
        for header in set(s.headers) & set(g.headers) - LIBRARY - {"cookie", "x-csrftoken"}:
            if header == "content-length":
                continue
            assert s.headers[header] == g.headers[header], f"{op}: {header} differs"
        assert g.headers["x-avi-version"] == s.headers["x-avi-version"] == "31.1.1"
        assert g.headers["x-avi-tenant"] == s.headers["x-avi-tenant"] == expected_tenant
        assert g.headers["referer"] == s.headers["referer"] == mock.url
        assert g.headers["content-type"] == s.headers["content-type"] == "application/json"
        # Cookies: the same names; the generated client sends each once.
        sdk_cookies, gen_cookies = cookies_of(s.headers["cookie"]), cookies_of(g.headers["cookie"])
        assert {n for n, _ in sdk_cookies} == {n for n, _ in gen_cookies} == SESSION_COOKIES
        assert len(sdk_cookies) == 6 and len(gen_cookies) == 3  # avisdk: jar + own header
        jar = dict(gen_cookies)
        assert jar["avi-sessionid"] == jar["sessionid"]
        # X-CSRFToken on every call, GETs included, equal to the session's csrftoken cookie.
        assert s.headers["x-csrftoken"] == dict(sdk_cookies)["csrftoken"]
        assert g.headers["x-csrftoken"] == jar["csrftoken"]
    assert sdk[1].headers["timeout"] == "None" and "timeout" not in gen[1].headers

    # Bodies: the same create body; PUT sends back what GET returned, field for field.
    assert json.loads(sdk[1].body) == {"name": "sdk", "progress": 1}
    assert json.loads(gen[1].body) == {"name": "gen", "progress": 1}
    owned = {"url", "uuid", "_last_modified", "name"}
    sdk_put, gen_put = json.loads(sdk[3].body), json.loads(gen[3].body)
    assert set(sdk_put) == set(gen_put)
    assert {k: v for k, v in sdk_put.items() if k not in owned} == {
        k: v for k, v in gen_put.items() if k not in owned
    }
    assert gen_put["progress"] == 2 and gen_put["uuid"] == gen[3].path.rsplit("/", 1)[1]
    assert mock.stored("Image", tenant=expected_tenant) == []
