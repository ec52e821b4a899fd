"""Session and AsyncSession against the fake controller: protocol, re-login, retries, errors."""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
import socket
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from runtime_fake_controller import PASSWORD, TOKEN, USER, FakeController

from codegen.runtime.errors import (
    AuthError,
    AviConnectionError,
    AviError,
    AviTimeoutError,
    AviValidationError,
    ConflictError,
    InvalidVersionError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from codegen.runtime.session import AsyncSession, Session

BASE = "http://127.0.0.1:8080"


class MaxRandom(random.Random):
    """Jitter that always picks the ceiling, to see the exponential growth."""

    def random(self) -> float:
        return 1.0


@pytest.fixture
def fake() -> FakeController:
    return FakeController()


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make(fake: FakeController, sleeps: list[float] | None = None, **kw: Any) -> Session:
    options: dict[str, Any] = {"username": USER, "password": PASSWORD, "version": "30.2.1"}
    options.update(kw)
    return Session(
        BASE,
        http_client=fake.client(),
        sleep=(sleeps.append if sleeps is not None else _no_sleep),
        **options,
    )


def make_async(fake: FakeController, sleeps: list[float] | None = None, **kw: Any) -> AsyncSession:
    options: dict[str, Any] = {"username": USER, "password": PASSWORD, "version": "30.2.1"}
    options.update(kw)

    async def sleep(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)

    return AsyncSession(BASE, http_client=fake.async_client(), sleep=sleep, **options)


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"unexpected sleep({seconds})")


def cookies_of(request: httpx.Request) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in request.headers.get("cookie", "").split(";"):
        if "=" in part:
            k, v = part.strip().split("=", 1)
            out[k] = v
    return out


# -- login and headers ----------------------------------------------------------------------


def test_login_is_lazy_and_form_encoded(fake: FakeController) -> None:
    session = make(fake)
    assert fake.requests == []
    assert not session.logged_in
    session.request("GET", "/image")
    login = fake.logins[0]
    assert login.method == "POST"
    assert str(login.url) == f"{BASE}/login"
    assert login.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(urllib.parse.parse_qsl(login.content.decode())) == {
        "username": USER,
        "password": PASSWORD,
    }
    assert "cookie" not in login.headers
    assert "x-csrftoken" not in login.headers
    assert session.logged_in
    assert session.controller_version == {"Version": "30.2.1", "build": 9001}


def test_token_login_sends_token(fake: FakeController) -> None:
    session = make(fake, password=None, token=TOKEN)
    session.request("GET", "/image")
    form = dict(urllib.parse.parse_qsl(fake.logins[0].content.decode()))
    assert form == {"username": USER, "token": TOKEN}


def test_every_request_carries_session_headers_and_secure_cookies_over_http(
    fake: FakeController,
) -> None:
    session = make(fake)
    session.request("GET", "/image")
    session.request("POST", "/image", json={"name": "a"})
    sid, csrf = next(iter(fake.sessions.items()))
    assert len(fake.logins) == 1
    for request in fake.api_requests[:2]:
        assert cookies_of(request) == {"csrftoken": csrf, "avi-sessionid": sid, "sessionid": sid}
        assert request.headers["x-csrftoken"] == csrf
        assert request.headers["referer"] == BASE
        assert request.headers["content-type"] == "application/json"
        assert request.headers["x-avi-version"] == "30.2.1"
        assert request.headers["x-avi-tenant"] == "admin"
        assert "x-avi-tenant-uuid" not in request.headers
        assert "authorization" not in request.headers
    assert fake.api_requests[1].method == "POST"


def test_api_paths_are_under_api(fake: FakeController) -> None:
    session = make(fake)
    session.request("GET", "image")
    session.request("GET", "/image", params={"name": "x", "skip_default": True, "gone": None})
    assert fake.api_requests[0].url.path == "/api/image"
    assert str(fake.api_requests[1].url) == f"{BASE}/api/image?name=x&skip_default=true"
    with pytest.raises(ValueError):
        session.request("GET", "https://elsewhere.example/api/image")


def test_tenant_uuid_instead_of_tenant(fake: FakeController) -> None:
    session = make(fake, tenant_uuid="tenant-42")
    session.request("GET", "/image")
    session.request("GET", "/image", tenant="blue")
    session.request("GET", "/image", tenant_uuid="tenant-7")
    first, second, third = fake.api_requests
    assert first.headers["x-avi-tenant-uuid"] == "tenant-42"
    assert "x-avi-tenant" not in first.headers
    assert second.headers["x-avi-tenant"] == "blue"
    assert "x-avi-tenant-uuid" not in second.headers
    assert third.headers["x-avi-tenant-uuid"] == "tenant-7"
    assert "x-avi-tenant" not in third.headers
    with pytest.raises(ValueError):
        session.request("GET", "/image", tenant="a", tenant_uuid="b")


def test_per_call_tenant_and_version_override(fake: FakeController) -> None:
    session = make(fake, tenant="red")
    session.request("GET", "/image")
    session.request("GET", "/image", version="22.1.3", tenant="green")
    assert fake.api_requests[0].headers["x-avi-tenant"] == "red"
    assert fake.api_requests[0].headers["x-avi-version"] == "30.2.1"
    assert fake.api_requests[1].headers["x-avi-tenant"] == "green"
    assert fake.api_requests[1].headers["x-avi-version"] == "22.1.3"


def test_unknown_version_raises_invalid_version(fake: FakeController) -> None:
    session = make(fake)
    with pytest.raises(InvalidVersionError) as info:
        session.request("GET", "/image", version="99.9.9")
    assert isinstance(info.value, AviValidationError)
    assert info.value.status == 400


def test_managed_headers_cannot_be_overridden(fake: FakeController) -> None:
    session = make(fake)
    for name in ("X-Avi-Version", "x-avi-tenant", "Cookie", "X-CSRFToken", "Authorization"):
        with pytest.raises(ValueError):
            session.request("GET", "/image", headers={name: "x"})
    session.request("GET", "/image", headers={"X-Custom": "1"})
    assert fake.api_requests[-1].headers["x-custom"] == "1"


def test_basic_auth_mode_needs_no_login(fake: FakeController) -> None:
    session = make(fake, basic_auth=True)
    session.request("GET", "/image")
    session.request("POST", "/image", json={"name": "b"})
    assert fake.logins == []
    for request in fake.api_requests:
        assert request.headers["authorization"].startswith("Basic ")
        assert "x-csrftoken" not in request.headers
        assert "cookie" not in request.headers
        assert request.headers["x-avi-version"] == "30.2.1"
        assert request.extensions["timeout"]["read"] == 60.0
    session.logout()  # nothing to end
    assert fake.requests[-1].url.path == "/api/image"


def test_default_timeout_is_60s_and_per_call_override(fake: FakeController) -> None:
    session = make(fake)
    session.request("GET", "/image")
    session.request("GET", "/image", timeout=5.0)
    assert fake.logins[0].extensions["timeout"]["read"] == 60.0
    assert fake.api_requests[0].extensions["timeout"] == {
        "connect": 60.0,
        "read": 60.0,
        "write": 60.0,
        "pool": 60.0,
    }
    assert fake.api_requests[1].extensions["timeout"]["read"] == 5.0


def test_cookie_jar_of_injected_client_is_not_used(fake: FakeController) -> None:
    client = fake.client(cookies={"stale": "1", "csrftoken": "old"})
    session = Session(BASE, username=USER, password=PASSWORD, version="30.2.1", http_client=client)
    session.request("GET", "/image")
    assert "cookie" not in fake.logins[0].headers
    assert set(cookies_of(fake.api_requests[0])) == {"csrftoken", "avi-sessionid", "sessionid"}


def test_bad_credentials_raise_auth_error(fake: FakeController) -> None:
    session = make(fake, password="wrong-password")
    with pytest.raises(AuthError) as info:
        session.request("GET", "/image")
    assert info.value.status == 401
    assert "Invalid credentials" in str(info.value)
    assert "wrong-password" not in str(info.value)
    assert len(fake.logins) == 1
    assert fake.api_requests == []


def test_constructor_checks() -> None:
    with pytest.raises(ValueError):
        Session(BASE, username=USER, password=PASSWORD, version="")
    with pytest.raises(ValueError):
        Session(BASE, username=USER, version="30.2.1")
    with pytest.raises(ValueError):
        Session(BASE, username=USER, password="p", token="t", version="30.2.1")
    with pytest.raises(ValueError, match="credentials") as info:
        Session("https://admin:pw123@ctrl", username=USER, password=PASSWORD, version="30.2.1")
    assert "pw123" not in str(info.value)
    with pytest.raises(ValueError):
        Session(BASE, username=USER, token=TOKEN, basic_auth=True, version="30.2.1")
    session = Session("10.0.0.1/", username=USER, password=PASSWORD, version="30.2.1")
    assert session.base_url == "https://10.0.0.1"
    session.close()


# -- re-login -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [401, 419])
def test_relogin_once_on_expired_session(fake: FakeController, status: int) -> None:
    session = make(fake)
    session.request("GET", "/image")
    if status == 401:
        fake.expire_sessions()
    else:
        fake.inject(419, path="/api/")
    response = session.request("POST", "/image", json={"name": "x"})
    assert response.status_code == 201
    assert len(fake.logins) == 2
    assert [r.method for r in fake.api_requests] == ["GET", "POST", "POST"]
    new_sid, new_csrf = fake.issued[-1]
    assert fake.api_requests[-1].headers["x-csrftoken"] == new_csrf
    assert cookies_of(fake.api_requests[-1])["avi-sessionid"] == new_sid


def test_csrf_failure_on_write_relogs_in(fake: FakeController) -> None:
    session = make(fake)
    session.request("GET", "/image")
    sid = next(iter(fake.sessions))
    fake.sessions[sid] = "rotated-on-server"
    session.request("POST", "/image", json={})
    assert len(fake.logins) == 2


def test_second_401_after_relogin_raises_auth_error(fake: FakeController) -> None:
    session = make(fake)
    fake.inject(401, 401, path="/api/")
    with pytest.raises(AuthError) as info:
        session.request("GET", "/image")
    assert info.value.status == 401
    assert len(fake.logins) == 2


def test_basic_auth_401_is_not_retried(fake: FakeController) -> None:
    session = make(fake, basic_auth=True, password="nope-nope")
    with pytest.raises(AuthError):
        session.request("GET", "/image")
    assert len(fake.api_requests) == 1


def test_100_concurrent_async_requests_after_expiry_log_in_once(fake: FakeController) -> None:
    async def main() -> None:
        async with make_async(fake) as session:
            await session.request("GET", "/image")
            assert len(fake.logins) == 1
            fake.expire_sessions()
            responses = await asyncio.gather(
                *(session.request("GET", "/image") for _ in range(100))
            )
            assert all(r.status_code == 200 for r in responses)
            assert len(fake.logins) == 2
            # Most of the 100 really saw the expired session before the one re-login.
            assert len(fake.api_requests) - 101 >= 50

    asyncio.run(main())
    assert fake.logouts == 1


def test_concurrent_first_requests_log_in_once_async(fake: FakeController) -> None:
    async def main() -> None:
        session = make_async(fake)
        await asyncio.gather(*(session.request("GET", "/image") for _ in range(20)))
        await session.close()

    asyncio.run(main())
    assert len(fake.logins) == 1


def test_threads_after_expiry_log_in_once(fake: FakeController) -> None:
    session = make(fake)
    session.request("GET", "/image")
    fake.expire_sessions()
    barrier = threading.Barrier(16)

    def work(_: int) -> int:
        barrier.wait()
        return session.request("GET", "/image").status_code

    with ThreadPoolExecutor(16) as pool:
        assert set(pool.map(work, range(16))) == {200}
    assert len(fake.logins) == 2


# -- retries --------------------------------------------------------------------------------


def test_503_burst_is_retried_with_growing_jittered_backoff(fake: FakeController) -> None:
    sleeps: list[float] = []
    session = make(fake, sleeps, rng=MaxRandom(), retries=5, backoff=0.5)
    fake.inject(503, 503, 502, 504, path="/api/")
    assert session.request("GET", "/image").status_code == 200
    assert sleeps == [0.5, 1.0, 2.0, 4.0]
    assert len(fake.api_requests) == 5

    capped: list[float] = []
    session = make(fake, capped, rng=MaxRandom(), retries=6, backoff=2.0)
    fake.inject(503, 503, 503, 503, 503, 503, path="/api/")
    session.request("GET", "/image")
    assert capped == [2.0, 4.0, 8.0, 10.0, 10.0, 10.0]

    jittered: list[float] = []
    session = make(fake, jittered, rng=random.Random(1234), retries=3, backoff=0.5)
    fake.inject(503, 503, 503, path="/api/")
    session.request("GET", "/image")
    ceilings = [0.5, 1.0, 2.0]
    assert all(0 <= d <= c for d, c in zip(jittered, ceilings, strict=True))
    assert jittered != ceilings


def test_503_after_retries_raises_server_error(fake: FakeController, sleeps: list[float]) -> None:
    session = make(fake, sleeps, retries=2)
    fake.inject(503, 503, 503, path="/api/")
    with pytest.raises(ServerError) as info:
        session.request("GET", "/image")
    assert info.value.status == 503
    assert info.value.json == {"error": "injected 503"}
    assert len(sleeps) == 2
    assert len(fake.api_requests) == 3


def test_500_is_not_retried(fake: FakeController) -> None:
    session = make(fake)
    fake.inject(500, path="/api/")
    with pytest.raises(ServerError):
        session.request("GET", "/image")
    assert len(fake.api_requests) == 1


def test_post_not_retried_on_503_unless_idempotent(
    fake: FakeController, sleeps: list[float]
) -> None:
    session = make(fake, sleeps)
    fake.inject(503, path="/api/")
    with pytest.raises(ServerError):
        session.request("POST", "/image", json={"name": "a"})
    assert len(fake.api_requests) == 1
    assert sleeps == []
    assert fake.objects.get("image", {}) == {}

    fake.inject(503, path="/api/")
    response = session.request("POST", "/image", json={"name": "a"}, idempotent=True)
    assert response.status_code == 201
    assert len(sleeps) == 1


def test_patch_not_retried_on_502(fake: FakeController) -> None:
    session = make(fake)
    fake.inject(502, path="/api/")
    with pytest.raises(ServerError):
        session.request("PATCH", "/image/x", json={"add": {}})
    assert len(fake.api_requests) == 1


def test_post_not_retried_when_connection_drops_after_sending(
    fake: FakeController, sleeps: list[float]
) -> None:
    session = make(fake, sleeps)
    session.request("GET", "/image")
    fake.inject(httpx.RemoteProtocolError("Server disconnected"), path="/api/")
    with pytest.raises(AviConnectionError) as info:
        session.request("POST", "/image", json={"name": "a"})
    assert info.value.status is None
    assert info.value.method == "POST"
    assert [r.method for r in fake.api_requests] == ["GET", "POST"]
    assert sleeps == []

    fake.inject(httpx.ReadError("reset"), path="/api/")
    response = session.request("POST", "/image", json={"name": "a"}, idempotent=True)
    assert response.status_code == 201
    assert len(sleeps) == 1


def test_get_retried_when_connection_drops(fake: FakeController, sleeps: list[float]) -> None:
    session = make(fake, sleeps)
    fake.inject(httpx.ReadError("reset"), httpx.RemoteProtocolError("eof"), path="/api/")
    assert session.request("GET", "/image").status_code == 200
    assert len(sleeps) == 2


def test_connect_error_is_retried_even_for_post(fake: FakeController, sleeps: list[float]) -> None:
    # The request never left the client, so repeating it cannot repeat its effect.
    session = make(fake, sleeps)
    session.request("GET", "/image")
    fake.inject(httpx.ConnectError("refused"), path="/api/")
    assert session.request("POST", "/image", json={"name": "a"}).status_code == 201
    assert len(sleeps) == 1


def test_429_honours_retry_after_for_any_method(fake: FakeController, sleeps: list[float]) -> None:
    session = make(fake, sleeps)
    fake.inject((429, {"Retry-After": "7"}), path="/api/")
    assert session.request("GET", "/image").status_code == 200
    fake.inject((429, {"Retry-After": "2.5"}), (429, {}), path="/api/")
    assert session.request("POST", "/image", json={"name": "n"}).status_code == 201
    assert sleeps[:2] == [7.0, 2.5]
    assert 0 <= sleeps[2] <= 1.0  # no Retry-After: backoff of the second retry
    assert len(sleeps) == 3


def test_429_with_long_retry_after_raises_at_once(
    fake: FakeController, sleeps: list[float]
) -> None:
    session = make(fake, sleeps)
    fake.inject((429, {"Retry-After": "3600"}), path="/api/")
    with pytest.raises(RateLimitError) as info:
        session.request("GET", "/image")
    assert info.value.retry_after == 3600.0
    assert info.value.status == 429
    assert sleeps == []


def test_timeout_raises_avi_timeout_error(fake: FakeController, sleeps: list[float]) -> None:
    session = make(fake, sleeps, retries=2)
    session.request("GET", "/image")
    fake.inject(*[httpx.ReadTimeout("slow")] * 3, path="/api/")
    with pytest.raises(AviTimeoutError) as info:
        session.request("GET", "/image")
    assert "3 attempts" in str(info.value)
    assert len(sleeps) == 2

    fake.inject(httpx.ReadTimeout("slow"), path="/api/")
    with pytest.raises(AviTimeoutError):
        session.request("POST", "/image", json={"name": "t"})
    assert len(sleeps) == 2  # the POST was not retried


def test_connection_refused_raises_avi_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: list[float] = []
    session = Session(
        f"http://127.0.0.1:{port}",
        username=USER,
        password=PASSWORD,
        version="30.2.1",
        timeout=2.0,
        retries=2,
        sleep=sleeps.append,
    )
    with pytest.raises(AviConnectionError) as info:
        session.request("GET", "/image")
    assert "ConnectError" in str(info.value)
    assert len(sleeps) == 2
    session.close()


def test_login_is_retried_on_503(fake: FakeController, sleeps: list[float]) -> None:
    session = make(fake, sleeps)
    fake.inject(503, path="/login")
    session.request("GET", "/image")
    assert len(fake.logins) == 1  # the injected 503 answered before the fake's login
    assert len(sleeps) == 1


# -- typed errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, AviValidationError),
        (422, AviValidationError),
        (403, AuthError),
        (404, NotFoundError),
        (409, ConflictError),
        (412, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (418, AviError),
    ],
)
def test_typed_errors(fake: FakeController, status: int, cls: type[AviError]) -> None:
    session = make(fake, retries=0)
    fake.inject(status, path="/api/")
    with pytest.raises(cls) as info:
        session.request("GET", "/image/x", params={"fields": "name"})
    error = info.value
    assert type(error) is cls
    assert error.status == status
    assert error.json == {"error": f"injected {status}"}
    assert error.body is not None and f"injected {status}" in error.body
    assert error.method == "GET"
    assert error.url == f"{BASE}/api/image/x?fields=name"
    assert error.response is session.last_response
    assert f"HTTP {status}" in str(error)


def test_last_response(fake: FakeController) -> None:
    session = make(fake)
    assert session.last_response is None
    session.request("GET", "/image")
    assert session.last_response is not None
    assert session.last_response.request.url.path == "/api/image"


# -- logout, context manager ----------------------------------------------------------------


def test_context_manager_logs_out_and_keeps_injected_client_open(fake: FakeController) -> None:
    client = fake.client()
    with Session(
        BASE, username=USER, password=PASSWORD, version="30.2.1", http_client=client
    ) as session:
        session.request("GET", "/image")
        csrf = next(iter(fake.sessions.values()))
    logout = fake.requests[-1]
    assert logout.url.path == "/logout" and logout.method == "POST"
    assert logout.headers["x-csrftoken"] == csrf
    assert fake.sessions == {}
    assert not session.logged_in
    assert not client.is_closed
    client.close()


def test_context_manager_closes_owned_client(fake: FakeController) -> None:
    with Session(BASE, username=USER, password=PASSWORD, version="30.2.1") as session:
        pass  # never logged in: no logout request
    assert session.http_client.is_closed


def test_logout_then_request_logs_in_again(fake: FakeController) -> None:
    session = make(fake)
    session.request("GET", "/image")
    session.logout()
    session.logout()  # no session: nothing to do
    assert fake.logouts == 1
    session.request("GET", "/image")
    assert len(fake.logins) == 2


def test_logout_of_expired_session_is_quiet(fake: FakeController) -> None:
    session = make(fake)
    session.request("GET", "/image")
    fake.expire_sessions()
    session.logout()
    assert not session.logged_in


def test_explicit_login(fake: FakeController) -> None:
    session = make(fake)
    session.login()
    session.login()
    assert len(fake.logins) == 2
    session.request("GET", "/image")
    assert len(fake.logins) == 2


def test_async_session_mirrors_sync_surface() -> None:
    def public(cls: type) -> dict[str, bool]:
        return {
            name: inspect.iscoroutinefunction(getattr(cls, name))
            for name in dir(cls)
            if not name.startswith("_")
        }

    sync, asyn = public(Session), public(AsyncSession)
    assert set(asyn) - {"aclose"} == set(sync)
    for name in ("request", "logout", "close", "login"):
        assert asyn[name] and not sync[name]
        s_params = list(inspect.signature(getattr(Session, name)).parameters)
        a_params = list(inspect.signature(getattr(AsyncSession, name)).parameters)
        assert s_params == a_params
    assert list(inspect.signature(Session).parameters) == list(
        inspect.signature(AsyncSession).parameters
    )


def test_async_session_protocol_and_retries(fake: FakeController) -> None:
    sleeps: list[float] = []

    async def main() -> None:
        session = make_async(fake, sleeps, tenant_uuid="t-1", retries=1)
        await session.request("GET", "/image", version="22.1.3")
        fake.inject(503, path="/api/")
        await session.request("GET", "/image")
        fake.inject(503, path="/api/")
        with pytest.raises(ServerError):
            await session.request("POST", "/image", json={"name": "z"})
        fake.inject(httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"), path="/api/")
        with pytest.raises(AviTimeoutError):
            await session.request("GET", "/image", timeout=1.0)
        fake.inject(419, path="/api/")
        await session.request("GET", "/image")
        await session.logout()
        await session.close()

    session_requests = fake.api_requests
    asyncio.run(main())
    assert session_requests[0].headers["x-avi-version"] == "22.1.3"
    assert session_requests[0].headers["x-avi-tenant-uuid"] == "t-1"
    assert "x-avi-tenant" not in session_requests[0].headers
    assert len(sleeps) == 2  # one for the 503 GET, one for the first timeout
    assert len(fake.logins) == 2
    assert fake.logouts == 1


# -- secrets --------------------------------------------------------------------------------


def test_no_secret_in_logs_reprs_or_errors(
    fake: FakeController, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="avi.client")
    errors: list[BaseException] = []
    session = make(fake, retries=1, sleeps=[])
    session.request("GET", "/image")
    fake.expire_sessions()
    session.request("POST", "/image", json={"name": "a"})
    fake.inject(503, 500, path="/api/")
    try:
        session.request("GET", "/image")
    except AviError as exc:
        errors.append(exc)
    fake.inject(httpx.ConnectError("refused"), httpx.ConnectError("refused"), path="/api/")
    try:
        session.request("GET", "/image")
    except AviError as exc:
        errors.append(exc)
    secrets = [PASSWORD, TOKEN]
    for sid, csrf in fake.issued:
        secrets += [sid, csrf]
    session.logout()

    fake.echo_secrets = True
    for kw in ({"password": "s3cr3t-pw-wrong"}, {"password": None, "token": TOKEN + "x"}):
        bad = make(fake, **kw)
        try:
            bad.request("GET", "/image")
        except AuthError as exc:
            errors.append(exc)
        assert "s3cr3t-pw" not in repr(bad)
    basic = make(fake, basic_auth=True)
    basic.request("GET", "/image")
    fake.inject((500, {}, {"error": f"echo {basic._core._basic_header}"}), path="/api/")
    try:
        basic.request("GET", "/image", idempotent=False)
    except AviError as exc:
        errors.append(exc)
    secrets += [basic._core._basic_header or "", TOKEN + "x"]

    assert len(errors) == 5
    assert len(fake.logins) >= 4
    texts = [caplog.text, repr(session), str(session), repr(basic)]
    texts += [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [e.body or "" for e in errors if isinstance(e, AviError)]
    for text in texts:
        for secret in secrets:
            assert secret not in text, (secret, text)
    assert "GET /api/image -> 200" in caplog.text
    assert repr(session) == (
        f"Session(base_url='{BASE}', user='admin', tenant='admin', version='30.2.1')"
    )


def test_redirects_are_not_followed(fake: FakeController) -> None:
    session = make(fake)
    fake.inject(
        httpx.Response(301, headers={"Location": "https://other.example/api/image"}),
        path="/api/",
    )
    with pytest.raises(AviError) as info:
        session.request("GET", "/image")
    assert info.value.status == 301
    assert "redirected to https://other.example/api/image" in str(info.value)
    assert len(fake.api_requests) == 1


def test_refreshed_csrf_cookie_is_taken_up(fake: FakeController) -> None:
    session = make(fake)
    session.request("GET", "/image")
    sid = next(iter(fake.sessions))
    fake.sessions[sid] = "csrf-rotated-123"
    fake.inject(
        httpx.Response(
            200, json={}, headers={"set-cookie": "csrftoken=csrf-rotated-123; Path=/; Secure"}
        ),
        path="/api/",
    )
    session.request("GET", "/image")
    session.request("POST", "/image", json={"name": "r"})
    assert len(fake.logins) == 1
    last = fake.api_requests[-1]
    assert last.headers["x-csrftoken"] == "csrf-rotated-123"
    assert cookies_of(last)["csrftoken"] == "csrf-rotated-123"


def test_client_default_tenant_header_is_not_doubled(fake: FakeController) -> None:
    client = fake.client(headers={"X-Avi-Tenant-UUID": "from-client"})
    session = Session(BASE, username=USER, password=PASSWORD, version="30.2.1", http_client=client)
    session.request("GET", "/image")
    request = fake.api_requests[0]
    assert request.headers["x-avi-tenant"] == "admin"
    assert "x-avi-tenant-uuid" not in request.headers


def test_backoff_does_not_overflow() -> None:
    session = Session(BASE, username=USER, password=PASSWORD, version="30.2.1", rng=MaxRandom())
    assert session._core.backoff_delay(5000) == 10.0
    session.close()
