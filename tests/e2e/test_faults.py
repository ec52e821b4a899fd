"""Client faults the other end-to-end tests leave out: lost answers of writes, faults mixed in one
call's retries, and faults mixed with 100 concurrent callers of one session.

Each test drives the generated 31.1.1 clients against the mock's fault hooks and checks the
same promises: every call ends in a result or a typed exception (an ``AviError`` subclass), a
request that may have run (POST, PATCH) is never sent twice unless the caller allowed it
(counted in the mock's request log), an expired session is re-established once for all
concurrent callers, and no secret reaches a log record, an exception or a repr. The last test
shows that TLS certificates are verified unless the caller says otherwise.
"""

from __future__ import annotations

import asyncio
import http.server
import json
import logging
import shutil
import ssl
import subprocess
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen.mock import CSRF_FAILURE, MockController
from tests.e2e.support import Release, api_requests, make_async_client, make_client, sleeps_of
from tests.e2e.test_e2e_secrets import _secrets, _texts_of

IMAGE = "/api/image"


def _posted_names(mock: MockController) -> Counter[str]:
    """How many times each POST body (by its ``name``) reached the mock."""
    return Counter(
        json.loads(r.body)["name"]
        for r in api_requests(mock)
        if r.method == "POST" and r.path == IMAGE
    )


def _assert_no_secret(
    mock: MockController, errors: Iterable[BaseException], records: Iterable[logging.LogRecord]
) -> None:
    secrets = _secrets(mock)
    texts = [t for e in errors for t in _texts_of(e)]
    texts += [r.getMessage() for r in records if not r.name.startswith("httpcore")]
    assert not [(s, t) for t in texts for s in secrets if s in t]


# -- one call ----------------------------------------------------------------------------------


def test_lost_answers_of_writes(r31: Release, mock: MockController, client: Any) -> None:
    """The answer is lost after the controller ran the request (headers sent, then the
    connection closes; or closed at once): PUT and DELETE are repeated, POST and PATCH are
    not."""
    errors = r31.errors
    client.image.list()

    mock.drop_next(1, method="POST", path=IMAGE, after_headers=True)
    with pytest.raises(errors.AviConnectionError):
        client.image.create({"name": "once"})
    assert _posted_names(mock) == {"once": 1}
    (made,) = mock.stored("Image")  # it did run, once
    uuid = made["uuid"]

    mock.drop_next(1, method="PATCH", path=IMAGE, after_headers=True)
    with pytest.raises(errors.AviConnectionError):
        client.image.patch(uuid, replace={"progress": 5})
    assert mock.stats[f"PATCH {IMAGE}/{uuid}"] == 1
    assert mock.stored("Image")[0]["progress"] == 5

    image = client.image.get(uuid)
    image.progress = 6
    mock.drop_next(1, method="PUT", path=IMAGE, after_headers=True)
    assert client.image.update(image).progress == 6
    assert mock.stats[f"PUT {IMAGE}/{uuid}"] == 2

    # the caller may allow a repeat: then the lost POST is sent again (here it meets the name)
    mock.drop_next(1, method="POST", path=IMAGE, after_headers=True)
    with pytest.raises(errors.ConflictError):
        client.image.call("POST", "", json={"name": "twice"}, idempotent=True)
    assert _posted_names(mock)["twice"] == 2

    # DELETE is repeated too: its first run removed the object, the repeat finds nothing
    mock.drop_next(1, method="DELETE", path=IMAGE, after=True)
    with pytest.raises(errors.NotFoundError):
        client.image.delete(uuid)
    assert mock.stats[f"DELETE {IMAGE}/{uuid}"] == 2


def test_slow_write_past_the_timeout_is_not_repeated(r31: Release, mock: MockController) -> None:
    with make_client(r31, mock, timeout=0.3) as client:
        client.image.list()
        mock.delay_next(1, seconds=0.8, method="POST", path=IMAGE)
        with pytest.raises(r31.errors.AviTimeoutError) as info:
            client.image.create({"name": "slow"})
        assert info.value.method == "POST" and info.value.status is None
        assert _posted_names(mock) == {"slow": 1}
        assert sleeps_of(client) == []


def test_faults_mixed_in_one_calls_retries(r31: Release, mock: MockController) -> None:
    """A read timeout, 503, 502 and a connection dropped mid-answer: four failures, retries=4,
    then the answer; one more failure than retries and the typed error of the last one. (The
    mock applies a delay together with the first failure it holds for the same request.)"""
    errors = r31.errors
    with make_client(r31, mock, timeout=0.3, retries=4) as client:
        client.image.create({"name": "x"})
        mock.fail_next(2, status=503, method="GET", path=IMAGE)
        mock.fail_next(1, status=502, method="GET", path=IMAGE)
        mock.drop_next(1, method="GET", path=IMAGE, after_headers=True)
        mock.delay_next(1, seconds=0.8, method="GET", path=IMAGE)
        before = mock.stats[f"GET {IMAGE}"]
        assert client.image.list().count == 1
        assert mock.stats[f"GET {IMAGE}"] - before == 5
        assert len(sleeps_of(client)) == 4

        mock.fail_next(4, status=504, method="GET", path=IMAGE)
        mock.drop_next(1, method="GET", path=IMAGE)
        with pytest.raises(errors.AviConnectionError):
            client.image.list()
        mock.fail_next(1, status=500, method="GET", path=IMAGE)  # never retried
        with pytest.raises(errors.ServerError) as info:
            client.image.list()
        assert info.value.status == 500


# -- concurrent callers ------------------------------------------------------------------------


def test_100_concurrent_callers_with_bursts_drops_and_timeouts(
    r31: Release, mock: MockController, caplog: pytest.LogCaptureFixture
) -> None:
    """60 reads and 40 creates at once, with 503 bursts, dropped connections (before and after
    the controller ran the request) and answers slower than the timeout."""
    caplog.set_level(logging.DEBUG)
    errors = r31.errors
    outcomes: list[Any] = []

    async def scenario() -> None:
        async with make_async_client(r31, mock, timeout=0.5, retries=3) as client:
            first = await client.image.create({"name": "seed"})
            mock.fail_next(12, status=503, path=IMAGE)
            mock.fail_next(3, status=502, path=IMAGE)
            mock.drop_next(5, path=IMAGE)
            mock.drop_next(5, path=IMAGE, after_headers=True)
            mock.delay_next(4, seconds=1.2, path=IMAGE)
            calls = [client.image.create({"name": f"c-{i}"}) for i in range(40)]
            calls += [client.image.get(first.uuid) for _ in range(30)]
            calls += [client.image.list(page_size=5) for _ in range(30)]
            outcomes.extend(await asyncio.gather(*calls, return_exceptions=True))

    asyncio.run(scenario())
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    assert all(isinstance(o, errors.AviError) for o in failures), failures
    assert len(outcomes) == 100 and len(failures) < 100
    for outcome in outcomes[:40]:  # creates: the fault that hit them, untried again
        assert not isinstance(outcome, BaseException) or isinstance(
            outcome, errors.ServerError | errors.AviConnectionError | errors.AviTimeoutError
        ), outcome
    posted = _posted_names(mock)
    assert set(posted) == {"seed", *(f"c-{i}" for i in range(40))}
    assert set(posted.values()) == {1}  # no create was sent twice
    assert mock.stats["logins"] == 1
    _assert_no_secret(mock, failures, caplog.records)


def test_session_expires_under_100_concurrent_callers(
    r31: Release, mock: MockController, caplog: pytest.LogCaptureFixture
) -> None:
    """Half the callers are held by the controller while the session expires, among bursts of
    503s and dropped connections: one new login serves every one of them."""
    caplog.set_level(logging.DEBUG)

    async def scenario() -> list[Any]:
        async with make_async_client(r31, mock, retries=3) as client:
            img = await client.image.create({"name": "shared"})
            assert mock.stats["logins"] == 1
            mock.delay_next(50, seconds=1.0, path=IMAGE)
            mock.fail_next(10, status=503, method="GET", path=IMAGE)
            mock.drop_next(5, method="GET", path=IMAGE)

            async def expire_soon() -> None:
                await asyncio.sleep(0.3)
                assert mock.expire_sessions() == 1

            calls = [client.image.get(img.uuid) for _ in range(70)]
            calls += [client.image.update(img) for _ in range(10)]
            calls += [client.image.create({"name": f"n-{i}"}) for i in range(20)]
            results = await asyncio.gather(*calls, expire_soon())
            return list(results[:-1])

    results = asyncio.run(scenario())
    assert len(results) == 100 and all(r.name for r in results)
    assert mock.stats["logins"] == 2 and mock.stats["POST /login"] == 2
    assert mock.stats["login_failures"] == 0
    posted = _posted_names(mock)
    assert all(posted[f"n-{i}"] in (1, 2) for i in range(20))  # a second send only after a 401
    assert len(mock.stored("Image")) == 21
    _assert_no_secret(mock, [], caplog.records)


def test_csrf_rejected_under_concurrent_callers(r31: Release, mock: MockController) -> None:
    """One write among 50 concurrent calls gets the CSRF failure: one re-login, one repeat."""

    async def scenario() -> None:
        async with make_async_client(r31, mock) as client:
            img = await client.image.create({"name": "c"})
            mock.fail_next(1, status=401, body=CSRF_FAILURE, method="PUT", path=IMAGE)
            calls = [client.image.update(img) for _ in range(10)]
            calls += [client.image.get(img.uuid) for _ in range(40)]
            await asyncio.gather(*calls)

    asyncio.run(scenario())
    assert mock.stats["logins"] == 2


def test_threads_share_one_relogin(r31: Release, mock: MockController) -> None:
    """The sync client shared by 20 threads while the session expires under them."""
    with make_client(r31, mock) as client:
        img = client.image.create({"name": "t"})
        mock.delay_next(20, seconds=0.8, method="GET", path=IMAGE)
        results: list[Any] = []
        lock = threading.Lock()

        def call() -> None:
            try:
                outcome: Any = client.image.get(img.uuid)
            except Exception as exc:  # collected: the assertion below names it
                outcome = exc
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=call) for _ in range(20)]
        for t in threads:
            t.start()
        threading.Timer(0.3, mock.expire_sessions).start()
        for t in threads:
            t.join(30)
    assert len(results) == 20 and all(getattr(r, "name", None) == "t" for r in results), results
    assert mock.stats["logins"] == 2


# -- TLS ---------------------------------------------------------------------------------------


class _Refuse(http.server.BaseHTTPRequestHandler):
    """A TLS controller that refuses every login (enough to show the handshake passed)."""

    seen: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.seen.append(self.path)
        body = b'{"error": "Invalid credentials"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An https server on 127.0.0.1 with a self-signed certificate (made with openssl)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl not found: no certificate for the TLS test")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refuse)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Refuse.seen = []
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", cert
    finally:
        server.shutdown()
        server.server_close()


def test_tls_certificates_are_verified_by_default(
    r31: Release, tls_server: tuple[str, Path]
) -> None:
    url, cert = tls_server
    with r31.Client(url, username="admin", password="tls-secret", retries=0) as client:
        with pytest.raises(r31.errors.AviConnectionError) as info:
            client.image.list()
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value) and "tls-secret" not in str(info.value)
    assert _Refuse.seen == []  # nothing was sent over the unverified connection
    with r31.Client(url, username="admin", password="tls-secret", verify=str(cert)) as trusting:
        with pytest.raises(r31.errors.AuthError):
            trusting.image.list()
    assert _Refuse.seen == ["/login"]
