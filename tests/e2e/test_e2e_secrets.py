"""No secret leaks: a whole scenario at DEBUG, with a controller that echoes secrets back.

The password, every CSRF token, every session id and every ``Authorization`` value the mock saw
must appear in no log record, in no ``repr`` of a client, session or resource, and in no
exception (``str``, ``repr``, ``message``, ``body``, ``url``, nor its cause) raised on the way.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from codegen.mock import CSRF_FAILURE, MockController
from tests.e2e.support import (
    Release,
    api_requests,
    cookies_of,
    make_async_client,
    make_client,
    serve,
)

PASSWORD = "s3cr3t-pw-e2e"


def _secrets(mock: MockController) -> set[str]:
    found = {PASSWORD, base64.b64encode(f"admin:{PASSWORD}".encode()).decode()}
    for r in mock.requests:
        found.update(v for _, v in cookies_of(r.headers.get("cookie", "")) if v)
        if r.headers.get("x-csrftoken"):
            found.add(r.headers["x-csrftoken"])
        if r.headers.get("authorization"):
            found.add(r.headers["authorization"])
    return found


def _session_secrets(mock: MockController) -> tuple[str, str]:
    last = api_requests(mock)[-1]
    jar = dict(cookies_of(last.headers["cookie"]))
    return jar["csrftoken"], jar["avi-sessionid"]


class Caught(list[BaseException]):
    """Collects the exceptions a scenario expects, to inspect them afterwards."""

    def expect(self, kind: type[BaseException], call: Callable[[], Any]) -> BaseException:
        with pytest.raises(kind) as info:
            call()
        self.append(info.value)
        return info.value


def _texts_of(error: BaseException) -> Iterable[str]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        for attr in ("message", "body", "url"):
            value = getattr(current, attr, None)
            if isinstance(value, str):
                yield value
        current = current.__cause__ or current.__context__


def _sync_scenario(rel: Release, mock: MockController, caught: Caught) -> list[str]:
    reprs: list[str] = []
    errors = rel.errors
    with make_client(rel, mock, password=PASSWORD, timeout=0.3, retries=1) as client:
        img = client.image.create({"name": "s", "progress": 1})
        img.progress = 2
        client.image.update(img)
        client.image.patch(img.uuid, replace={"progress": 3})
        list(client.image.iter(page_size=1))
        csrftoken, session_id = _session_secrets(mock)
        echo = f"echo {PASSWORD} {csrftoken} {session_id}"
        mock.fail_next(1, status=400, body={"error": echo}, path="/api/image")
        caught.expect(errors.AviValidationError, lambda: client.image.list())
        mock.fail_next(1, status=500, body=echo, path="/api/image")
        caught.expect(errors.ServerError, lambda: client.image.get(img.uuid))
        mock.expire_sessions()
        client.image.get(img.uuid)
        mock.fail_next(1, status=401, body=CSRF_FAILURE, method="PUT")
        client.image.update(img)
        # Refused after the re-login too. (Only the password is echoed here: the session's
        # tokens changed with the re-login; the runtime scrubs the secrets it holds now.)
        mock.fail_next(2, status=401, body=f"{CSRF_FAILURE} {PASSWORD}", method="DELETE")
        caught.expect(errors.AuthError, lambda: client.image.delete(img.uuid))
        mock.fail_next(2, status=503, method="GET")
        caught.expect(errors.ServerError, lambda: client.image.list())
        mock.drop_next(1, method="GET")
        client.image.list()
        mock.delay_next(2, seconds=0.9, method="GET")
        caught.expect(errors.AviTimeoutError, lambda: client.image.list())
        caught.expect(errors.NotFoundError, lambda: client.image.get_by_name("nothing"))
        caught.expect(errors.AviValidationError, lambda: client.image.create({"name": 1}))
        reprs += [repr(client), repr(client.session), repr(client.image), str(client.session)]
        client.logout()
        client.image.delete(img.uuid)
    with make_client(rel, mock, password="wrong-" + PASSWORD) as bad:
        caught.expect(errors.AuthError, lambda: bad.image.list())
    with make_client(rel, mock, password=PASSWORD) as echoed:
        mock.fail_next(1, status=401, body=f"bad password {PASSWORD}", path="/login")
        caught.expect(errors.AuthError, lambda: echoed.image.list())
    with make_client(rel, mock, password=PASSWORD, basic_auth=True) as basic:
        basic.image.create({"name": "b"})
        auth = api_requests(mock)[-1].headers["authorization"]
        mock.fail_next(1, status=403, body=f"denied {auth}", path="/api/image")
        caught.expect(errors.AuthError, lambda: basic.image.list())
        reprs += [repr(basic), repr(basic.session)]
    return reprs


async def _async_scenario(rel: Release, mock: MockController, caught: Caught) -> list[str]:
    async with make_async_client(rel, mock, password=PASSWORD) as client:
        await client.image.create({"name": "a"})
        csrftoken, session_id = _session_secrets(mock)
        mock.fail_next(1, status=409, body=f"{PASSWORD} {csrftoken} {session_id}")
        with pytest.raises(rel.errors.ConflictError) as info:
            await client.image.create({"name": "a2"})
        caught.append(info.value)
        mock.expire_sessions()
        await asyncio.gather(*(client.image.list() for _ in range(5)))
        await client.image.delete_by_name("a")
        return [repr(client), repr(client.session)]


def test_no_secret_in_logs_reprs_or_errors(r31: Release, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caught = Caught()
    with serve(r31, password=PASSWORD) as mock:
        reprs = _sync_scenario(r31, mock, caught)
        reprs += asyncio.run(_async_scenario(r31, mock, caught))
        secrets = _secrets(mock)
        assert mock.stats["logins"] >= 5 and mock.stats["login_failures"] == 1
    assert len(secrets) > 8  # the password, Basic credentials, several tokens and session ids
    assert any(r.name == "avi.client" for r in caplog.records), "nothing logged at DEBUG"
    assert len(caught) == 11

    texts: list[tuple[str, str]] = []
    for record in caplog.records:
        if record.name.startswith("httpcore"):
            continue  # httpcore's trace logs response headers: see the test below
        texts.append((f"log {record.name}", record.getMessage()))
        texts.append((f"log args {record.name}", repr(record.args)))
        if record.exc_text:
            texts.append((f"log exc {record.name}", record.exc_text))
    texts += [("repr", r) for r in reprs]
    for error in caught:
        texts += [(f"{type(error).__name__}", t) for t in _texts_of(error)]
    leaks = [(where, s) for where, text in texts for s in secrets if s in text]
    assert leaks == []
    # The echoed secrets were there to scrub: the messages show the placeholder instead.
    assert any("***" in str(e) for e in caught)


def test_no_secret_in_httpcore_debug_logs(r31: Release, caplog: pytest.LogCaptureFixture) -> None:
    """``logging.basicConfig(level=logging.DEBUG)`` is enough for the login answer's
    ``Set-Cookie: csrftoken=...; avi-sessionid=...`` to reach the logs, through httpcore's
    ``receive_response_headers.complete`` trace record (request headers are not logged)."""
    caplog.set_level(logging.DEBUG)
    with serve(r31, password=PASSWORD) as mock, make_client(r31, mock, password=PASSWORD) as c:
        c.image.list()
        csrftoken, session_id = _session_secrets(mock)
    leaked = [
        r.name
        for r in caplog.records
        if csrftoken in r.getMessage() or session_id in r.getMessage()
    ]
    assert leaked == []


def test_parsed_error_body_is_scrubbed_too(r31: Release) -> None:
    with serve(r31, password=PASSWORD) as mock, make_client(r31, mock, password=PASSWORD) as c:
        c.image.list()
        csrftoken, _ = _session_secrets(mock)
        mock.fail_next(1, status=400, body={"error": f"bad token {csrftoken}"}, path="/api/image")
        with pytest.raises(r31.errors.AviValidationError) as info:
            c.image.list()
        assert csrftoken not in (info.value.body or "")  # scrubbed
        assert csrftoken not in json.dumps(info.value.json)  # not scrubbed: the bug
