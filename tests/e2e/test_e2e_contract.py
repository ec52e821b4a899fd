"""Contract test: every request the generated client sends is valid against the release's spec.

The validator is Stoplight Prism (``@stoplight/prism-cli``, npm), which reads Swagger 2.0 as is.
``.ci/run`` installs it into ``.ci/prism`` (not in git); ``$AVI_PRISM`` may name another
``prism`` executable. Without it the test skips locally and fails in CI (``CI`` set).

Prism runs as a validating proxy, ``prism proxy <spec> <mock>/api``, on a free loopback port in
front of the mock controller. It forwards every request, validates request and answer against
the spec, and reports what it found in the answer's ``sl-violations`` header; the client's
transport collects those headers. Two pieces of plumbing, neither changing what is validated:

* ``basePath``: Prism 5 ignores a Swagger 2.0 ``basePath`` when the spec has no ``host`` (Avi's
  specs have none), so it serves ``/image``; the transport sends ``/api/image`` to Prism as
  ``/image`` and Prism forwards to ``<mock>/api/image``.
* ``/login`` and ``/logout`` are not in an object's spec (Avi documents them apart), so they go
  to the mock directly.

Deviations allowed, each a known error of Avi's specs (``AVI-PROTOCOL.md``), nothing else:

1. Session mode fails the spec's only security scheme, ``basicAuth``: the session protocol
   (login, cookies, ``X-CSRFToken``) is not described. In Basic-auth mode there is no deviation.
2. ``POST`` answers 201 (with ``Location``) where the spec lists 200 (an answer violation).
3. A ``PATCH`` body is ``{"add"|"replace"|"delete": {...}}``; the spec says the full object, so
   Prism finds the required ``name`` missing (only that message is excused).

Prism checks headers (``X-Avi-Version`` is required), path and query parameters, JSON types and
required fields; enum options and ranges live in Avi's descriptions, so the models and the mock
check those instead (``test_e2e_models.py``). The negative controls at the end show Prism does
report what it should.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen.mock import MockController
from tests.e2e.support import (
    REPO,
    USER,
    AsyncSleeps,
    Release,
    Sleeps,
    load_release,
    record_sleeps,
    sample_document,
    serve,
    shared_spec,
)

PRISM_VERSION = "5.16.0"
LOCAL_PRISM = REPO / ".ci" / "prism" / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 60.0
_LISTENING = re.compile(r"Prism is listening on (http://127\.0\.0\.1:\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def prism_executable() -> str:
    """The ``prism`` to run; skips (locally) or fails (in CI) when there is none."""
    for candidate in (os.environ.get("AVI_PRISM"), str(LOCAL_PRISM), shutil.which("prism")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    why = (
        f"Stoplight Prism is not installed (looked for $AVI_PRISM, {LOCAL_PRISM}, prism on "
        f"PATH); install it with: npm install --prefix .ci/prism --no-save "
        f"@stoplight/prism-cli@{PRISM_VERSION}"
    )
    if os.environ.get("CI"):
        pytest.fail(why + " (.ci/run should have)")
    pytest.skip(why)


@dataclass
class Exchange:
    """One request that went through Prism, and what Prism said about it."""

    method: str
    path: str
    status: int
    violations: list[dict[str, Any]]
    body: bytes


class Prism:
    """``prism proxy`` in front of a mock, with a transport that routes a client through it."""

    def __init__(self, spec: Path, mock: MockController, log: Path) -> None:
        self.mock = mock
        self.exchanges: list[Exchange] = []
        self._log = log
        self._out = log.open("w")
        self._proc = subprocess.Popen(
            [prism_executable(), "proxy", str(spec), f"{mock.url}/api"]
            + ["--host", "127.0.0.1", "--port", "0", "--errors", "false"],
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )
        self.url = self._wait()

    def _wait(self) -> str:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            text = _ANSI.sub("", self._log.read_text(errors="replace"))
            found = _LISTENING.search(text)
            if found:
                return found.group(1)
            if self._proc.poll() is not None:
                break
            time.sleep(0.05)
        self.close()
        raise RuntimeError(f"prism did not start:\n{self._log.read_text()[-3000:]}")

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._out.close()

    def route(self, request: httpx.Request) -> None:
        raw = request.url.raw_path.decode("ascii")
        if raw.startswith("/api/"):
            request.url = httpx.URL(self.url + raw[len("/api") :])
        else:
            request.url = httpx.URL(self.mock.url + raw)

    def record(self, request: httpx.Request, response: httpx.Response) -> None:
        if request.url.path.startswith(("/login", "/logout")):
            return
        header = response.headers.get("sl-violations")
        self.exchanges.append(
            Exchange(
                method=request.method,
                path=request.url.path,
                status=response.status_code,
                violations=json.loads(header) if header else [],
                body=request.content,
            )
        )

    def transport(self) -> httpx.HTTPTransport:
        prism = self

        class Through(httpx.HTTPTransport):
            def handle_request(self, request: httpx.Request) -> httpx.Response:
                prism.route(request)
                response = super().handle_request(request)
                prism.record(request, response)
                return response

        return Through()

    def async_transport(self) -> httpx.AsyncHTTPTransport:
        prism = self

        class Through(httpx.AsyncHTTPTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                prism.route(request)
                response = await super().handle_async_request(request)
                prism.record(request, response)
                return response

        return Through()

    def client(self, rel: Release, **kwargs: Any) -> Any:
        http = httpx.Client(transport=self.transport(), timeout=30.0)
        kwargs.setdefault("password", self.mock.password)
        client = rel.Client(self.url, username=USER, http_client=http, **kwargs)
        record_sleeps(client, Sleeps())
        return client

    def async_client(self, rel: Release, **kwargs: Any) -> Any:
        http = httpx.AsyncClient(transport=self.async_transport(), timeout=30.0)
        kwargs.setdefault("password", self.mock.password)
        client = rel.AsyncClient(self.url, username=USER, http_client=http, **kwargs)
        record_sleeps(client, AsyncSleeps())
        return client


def deviation(exchange: Exchange, violation: dict[str, Any], basic_auth: bool) -> str | None:
    """Why a violation is an allowed deviation (see the module doc), or ``None``."""
    where = violation.get("location") or []
    message = str(violation.get("message", ""))
    if where == ["request"] and violation.get("code") == 401 and not basic_auth:
        return "session auth is not in the spec (basicAuth only)"
    if where[:1] == ["response"] and exchange.method == "POST" and exchange.status == 201:
        if "status code" in message:
            return "POST answers 201, the spec says 200"
    if where[:2] == ["request", "body"] and exchange.method == "PATCH":
        if "required property 'name'" in message:
            return "Avi's PATCH body is add/replace/delete, the spec says the full object"
    return None


def unexpected(prism: Prism, basic_auth: bool) -> list[tuple[str, str, int, dict[str, Any]]]:
    return [
        (e.method, e.path, e.status, v)
        for e in prism.exchanges
        for v in e.violations
        if deviation(e, v, basic_auth) is None
    ]


RELEASES = {
    "avi_v31_1_1": lambda: REPO / "specs" / "31.1.1" / "Image.json",
    "avi_v22_1_1": lambda: shared_spec("22.1.1", "Image"),
}


@pytest.fixture(scope="module", params=sorted(RELEASES, reverse=True))
def setup(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Release, MockController, Prism]]:
    name: str = request.param
    spec = RELEASES[name]()  # may skip: the 22.1.1 spec comes from the shared folder
    rel = load_release(name)
    prism_executable()
    with serve(rel, known_releases=("22.1.1",)) as mock:
        prism = Prism(spec, mock, tmp_path_factory.mktemp("prism") / f"{name}.log")
        try:
            yield rel, mock, prism
        finally:
            prism.close()


@pytest.fixture
def contract(
    setup: tuple[Release, MockController, Prism],
) -> Iterator[tuple[Release, MockController, Prism]]:
    rel, mock, prism = setup
    mock.reset()
    mock.add_tenant("blue", uuid="tenant-blue")
    prism.exchanges.clear()
    yield rel, mock, prism


def _scenario(rel: Release, client: Any) -> None:
    target = client.image.create({"name": "target"})
    full = sample_document(rel.models.Image, ref=target.url)
    full["name"] = "full"
    made = client.image.create(rel.models.Image.model_validate(full))  # every field
    for i in range(5):
        client.image.create(rel.models.Image(name=f"img-{i}"), uuid=f"image-slug-{i}")
    assert [i.name for i in client.image.iter(page_size=3)][:3] == ["target", "full", "img-0"]
    client.image.list(page=2, page_size=2, include_name=True, skip_default=True)
    client.image.list(fields=["name", "type"], refers_to=f"image:{target.uuid}")
    client.image.list(referred_by=f"image:{made.uuid}", name="target")
    got = client.image.get(made.uuid, include_name=True)
    client.image.get(made.url)
    client.image.get_by_name("full", fields=["progress"])
    got.progress = 9
    client.image.update(got)  # GET-modify-PUT: read-only fields and refs sent back
    client.image.patch(made.uuid, add={"cloud_info_values": [{"cloud_name": "c9"}]})
    client.image.patch(made.uuid, replace={"progress": 10})
    client.image.patch(made.uuid, delete={"cloud_info_values": [{"cloud_name": "c9"}]})
    client.image.list(version="22.1.1")
    client.image.list(tenant="blue")
    client.image.create({"name": "blue-1"}, tenant_uuid="tenant-blue")
    client.image.delete_by_name("blue-1", tenant="blue")
    client.image.delete(made.uuid)
    client.image.delete_by_name("img-0")


def test_session_client_requests_match_the_spec(
    contract: tuple[Release, MockController, Prism],
) -> None:
    rel, mock, prism = contract
    with prism.client(rel) as client:
        _scenario(rel, client)
        mock.expire_sessions()
        client.image.list()  # 401 through Prism, login beside it, retry
    assert mock.stats["logins"] == 2
    methods = {e.method for e in prism.exchanges}
    assert methods == {"GET", "POST", "PUT", "PATCH", "DELETE"}
    assert len(prism.exchanges) >= 25
    assert all(e.status < 400 or e.status == 401 for e in prism.exchanges)
    assert unexpected(prism, basic_auth=False) == []
    reasons = {
        deviation(e, v, False) for e in prism.exchanges for v in e.violations
    }  # every documented deviation did occur, so none is allowed for nothing
    assert reasons == {
        "session auth is not in the spec (basicAuth only)",
        "POST answers 201, the spec says 200",
        "Avi's PATCH body is add/replace/delete, the spec says the full object",
    }


def test_basic_auth_client_requests_match_the_spec(
    contract: tuple[Release, MockController, Prism],
) -> None:
    rel, mock, prism = contract
    with prism.client(rel, basic_auth=True) as client:
        _scenario(rel, client)
    assert mock.stats["logins"] == 0
    assert unexpected(prism, basic_auth=True) == []
    assert not any(  # no security deviation: Basic auth is what the spec describes
        v.get("code") == 401 for e in prism.exchanges for v in e.violations
    )


def test_async_client_requests_match_the_spec(
    contract: tuple[Release, MockController, Prism],
) -> None:
    rel, _, prism = contract

    async def scenario() -> None:
        async with prism.async_client(rel) as client:
            made = await client.image.create({"name": "a", "progress": 1})
            made.progress = 2
            await client.image.update(made)
            await client.image.patch(made.uuid, replace={"progress": 3})
            await asyncio.gather(*(client.image.get(made.uuid) for _ in range(5)))
            assert [i.name async for i in client.image.iter(page_size=1)] == ["a"]
            await client.image.delete_by_name("a")

    asyncio.run(scenario())
    assert len(prism.exchanges) == 11
    assert unexpected(prism, basic_auth=False) == []


def test_prism_reports_what_it_should(contract: tuple[Release, MockController, Prism]) -> None:
    """Negative controls: requests the spec forbids are reported, and not excused."""
    rel, _, prism = contract
    with prism.client(rel, basic_auth=True) as client:
        with pytest.raises(rel.errors.AviValidationError):
            client.image.create({"name": "x", "progress": "ten"})  # a string for an integer
        with pytest.raises(rel.errors.AviValidationError):
            client.image.create({"progress": 1})  # no name
    with httpx.Client(transport=prism.transport()) as raw:
        raw.get(f"{prism.url}/api/image", auth=(USER, prism.mock.password))  # no X-Avi-Version
    found = unexpected(prism, basic_auth=True)
    messages = [
        f"{m} {' '.join(map(str, v.get('location', [])))}: {v['message']}" for m, _, _, v in found
    ]
    assert any("progress" in m and "integer" in m for m in messages), messages
    assert any("name" in m and "required" in m for m in messages), messages
    assert any("x-avi-version" in m.lower() for m in messages), messages
