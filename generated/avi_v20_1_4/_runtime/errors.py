"""Typed exceptions for failed controller calls, and the mapping from an HTTP answer to them.

Every exception is an :class:`AviError` and carries what is known about the failed call:
``status`` (``None`` when no answer came), ``body`` (text), ``json`` (the parsed body, if it was
JSON), ``method``, ``url`` (never with credentials) and ``response`` (the ``httpx.Response``,
when there is one). Their ``str`` and ``repr`` never contain secrets: messages are built from
the status, method, URL and the controller's error text, and that text is scrubbed of the
session's secrets in case a controller echoes them.

=====================  =========================================================
status                 exception
=====================  =========================================================
401, 403, 419          :class:`AuthError` (after the one re-login failed)
404                    :class:`NotFoundError`
400, 422               :class:`AviValidationError`
any 4xx whose body     :class:`InvalidVersionError` (a subclass of
says "Invalid version" :class:`AviValidationError`)
409, 412               :class:`ConflictError`
429                    :class:`RateLimitError` (``retry_after`` in seconds, if sent)
5xx                    :class:`ServerError`
other 4xx, 3xx         :class:`AviError` (redirects are not followed)
no answer              :class:`AviTimeoutError`, :class:`AviConnectionError`
=====================  =========================================================
"""

from __future__ import annotations

import email.utils
import json as _json
import time
from collections.abc import Iterable
from typing import Any

import httpx

from .logs import scrub, scrub_json

#: Longest piece of a controller's error text that goes into a message.
_MAX_DETAIL = 500


class AviError(Exception):
    """A controller call failed."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        body: str | None = None,
        json: Any = None,
        method: str | None = None,
        url: str | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.body = body
        self.json = json
        self.method = method
        self.url = url
        self.response = response

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r})"


class AuthError(AviError):
    """Login failed, or the controller refused the session (401/403/419) after a re-login."""


class NotFoundError(AviError):
    """The object does not exist (404, or no object has the name asked for)."""


class AviValidationError(AviError):
    """The controller rejected the request (400/422): a bad body or query."""


class InvalidVersionError(AviValidationError):
    """The controller does not know the ``X-Avi-Version`` that was sent."""


class ConflictError(AviError):
    """The object changed or exists already (409/412)."""


class RateLimitError(AviError):
    """Too many requests (429); ``retry_after`` is the delay the controller asked for."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(AviError):
    """The controller failed (5xx)."""


class AviTimeoutError(AviError):
    """No answer in time (connect, read, write or pool timeout), after the allowed retries."""


class AviConnectionError(AviError):
    """The connection failed or broke (refused, reset, TLS, protocol), after retries."""


def safe_url(url: httpx.URL | str) -> str:
    """``url`` as text without user name or password."""
    parsed = httpx.URL(url) if isinstance(url, str) else url
    if parsed.userinfo:
        parsed = parsed.copy_with(userinfo=b"")
    return str(parsed)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:
        return None


def _body(response: httpx.Response) -> tuple[str, Any]:
    try:
        text = response.text
    except (httpx.ResponseNotRead, UnicodeDecodeError):
        return "", None
    parsed: Any = None
    if text.strip()[:1] in ("{", "["):
        try:
            parsed = _json.loads(text)
        except ValueError:
            parsed = None
    return text, parsed


def _detail(text: str, parsed: Any) -> str:
    if isinstance(parsed, dict):
        for key in ("error", "detail", "message", "msg"):
            value = parsed.get(key)
            if isinstance(value, str) and value:
                text = value
                break
    text = " ".join(text.split())
    if len(text) > _MAX_DETAIL:
        text = text[:_MAX_DETAIL] + "..."
    return text


def _class_for(status: int, text: str) -> type[AviError]:
    if 400 <= status < 500 and "Invalid version" in text:
        return InvalidVersionError
    if status in (401, 403, 419):
        return AuthError
    if status == 404:
        return NotFoundError
    if status in (400, 422):
        return AviValidationError
    if status in (409, 412):
        return ConflictError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    return AviError


def error_for_response(
    response: httpx.Response,
    *,
    secrets: Iterable[str | None] = (),
    what: str | None = None,
) -> AviError:
    """The typed exception for a failed (status >= 400) answer, without raising it.

    ``secrets`` are scrubbed from the message and the stored body; ``what`` replaces the
    default ``"METHOD URL"`` at the start of the message.
    """
    secrets = tuple(secrets)
    request = _request_of(response)
    method = request.method if request is not None else None
    url = scrub(safe_url(request.url), secrets) if request is not None else None
    text, parsed = _body(response)
    status = response.status_code
    cls = _class_for(status, text)
    head = what or " ".join(p for p in (method, url) if p) or "request"
    detail = scrub(_detail(text, parsed), secrets)
    location = response.headers.get("Location")
    if 300 <= status < 400 and location:
        detail = f"redirected to {scrub(safe_url(location), secrets)}"
    reason = response.reason_phrase or ""
    message = f"{head}: HTTP {status}{' ' + reason if reason else ''}"
    if detail:
        message += f": {detail}"
    common: dict[str, Any] = {
        "status": status,
        "body": scrub(text, secrets),
        "json": scrub_json(parsed, secrets),
        "method": method,
        "url": url,
        "response": response,
    }
    if cls is RateLimitError:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return RateLimitError(message, retry_after=retry_after, **common)
    return cls(message, **common)


def raise_for_response(
    response: httpx.Response, *, secrets: Iterable[str | None] = ()
) -> None:
    """Raise the typed exception for ``response`` if its status is 400 or more."""
    if response.status_code >= 400:
        raise error_for_response(response, secrets=secrets)
