"""errors.py: status mapping, messages, secret scrubbing; logs.scrub."""

from __future__ import annotations

import httpx
import pytest

from codegen.runtime.errors import (
    AuthError,
    AviError,
    AviValidationError,
    ConflictError,
    InvalidVersionError,
    NotFoundError,
    RateLimitError,
    ServerError,
    error_for_response,
    parse_retry_after,
    raise_for_response,
    safe_url,
)
from codegen.runtime.logs import scrub


def answer(status: int, body: object = None, **kw: object) -> httpx.Response:
    request = httpx.Request("GET", "https://ctrl/api/pool?name=web")
    if isinstance(body, str):
        return httpx.Response(status, text=body, request=request, **kw)  # type: ignore[arg-type]
    return httpx.Response(status, json=body, request=request, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthError),
        (403, AuthError),
        (419, AuthError),
        (404, NotFoundError),
        (400, AviValidationError),
        (422, AviValidationError),
        (409, ConflictError),
        (412, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (405, AviError),
    ],
)
def test_mapping(status: int, cls: type[AviError]) -> None:
    with pytest.raises(cls) as info:
        raise_for_response(answer(status, {"error": "went wrong"}))
    assert type(info.value) is cls
    assert info.value.status == status
    assert info.value.method == "GET"
    assert info.value.url == "https://ctrl/api/pool?name=web"
    assert str(info.value).startswith(f"GET https://ctrl/api/pool?name=web: HTTP {status}")
    assert str(info.value).endswith(": went wrong")


def test_success_does_not_raise() -> None:
    raise_for_response(answer(200, {}))
    raise_for_response(httpx.Response(204, request=httpx.Request("DELETE", "https://c/api/x")))


def test_invalid_version() -> None:
    error = error_for_response(answer(400, {"error": "Invalid version 99.1"}))
    assert isinstance(error, InvalidVersionError)
    assert isinstance(error, AviValidationError)
    assert isinstance(error_for_response(answer(404, "Invalid version")), InvalidVersionError)
    assert not isinstance(error_for_response(answer(500, "Invalid version")), InvalidVersionError)


def test_text_body_and_truncation() -> None:
    error = error_for_response(answer(500, "x" * 2000))
    assert error.json is None
    assert error.body == "x" * 2000
    assert len(str(error)) < 700


def test_retry_after() -> None:
    error = error_for_response(answer(429, {}, headers={"Retry-After": "12"}))
    assert isinstance(error, RateLimitError) and error.retry_after == 12.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("junk") is None
    assert parse_retry_after("-3") == 0.0
    when = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert parse_retry_after(when, now=1445412480.0 - 30) == 30.0


def test_secrets_are_scrubbed_and_url_has_no_credentials() -> None:
    request = httpx.Request("POST", "https://user:hunter2@ctrl/login")
    response = httpx.Response(401, json={"error": "bad password hunter2"}, request=request)
    error = error_for_response(response, secrets=["hunter2"])
    for text in (str(error), repr(error), error.url or "", error.body or ""):
        assert "hunter2" not in text
    assert "user" not in (error.url or "")
    assert safe_url("https://a:b@h/x") == "https://h/x"


def test_repr() -> None:
    error = NotFoundError("GET x: HTTP 404", status=404)
    assert repr(error) == "NotFoundError('GET x: HTTP 404', status=404)"


def test_response_without_request() -> None:
    error = error_for_response(httpx.Response(502, text="bad gateway"))
    assert isinstance(error, ServerError)
    assert error.method is None and error.url is None


def test_scrub() -> None:
    assert scrub("a secret and secret-longer", ["secret", "secret-longer", None, ""]) == (
        "a *** and ***"
    )
