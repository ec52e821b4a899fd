"""HTTP sessions with an Avi controller: login, CSRF, version and tenant headers, retries.

:class:`Session` (``httpx.Client``) and :class:`AsyncSession` (``httpx.AsyncClient``) have the
same surface. Everything but the I/O lives in :class:`_SessionCore`, whose flows are
generators that yield what they need done (send a request, sleep, log in) and get the result
back; each session class only runs a flow with its own I/O.

The protocol (see the project's AVI-PROTOCOL.md):

* Session mode (default): the first request logs in lazily with ``POST {base}/login`` and a
  form body (``username`` with ``password`` or ``token``), without cookies or CSRF header. The
  answer's cookies (``csrftoken``, ``avi-sessionid``, ``sessionid``) are kept by the session
  itself, not by httpx's cookie jar: a real controller marks them ``Secure``, and a jar would
  not send them to an ``http://`` test server. Every API request then carries them, with
  ``X-CSRFToken`` (GETs too), ``Referer: <base_url>``, ``Content-Type: application/json``,
  ``X-Avi-Version`` and ``X-Avi-Tenant`` *or* ``X-Avi-Tenant-UUID``.
* Basic-auth mode (``basic_auth=True``): ``Authorization: Basic ...`` on every request; no
  login, cookies or CSRF.
* API paths are relative to ``{base_url}/api``.

Retries (``retries`` extra attempts; delays are exponential with full jitter:
``uniform(0, min(10, backoff * 2**n))``, through the injectable ``sleep``):

* 401 and 419 (session mode): log in again once and repeat the request, whatever the method
  (the controller did not run it). One re-login serves all concurrent callers: a lock and a
  login generation counter make callers that saw the same expired session share one login.
* Connect errors, connect timeouts and pool timeouts: retried for every method; the request
  never left the client.
* Read/write timeouts, broken connections and protocol errors: retried only when the request
  is idempotent; a POST whose connection failed after sending may have been carried out.
* 429: retried for every method (the controller refused to run it), waiting ``Retry-After``
  when sent (seconds or HTTP date; more than 60 s is not waited for) or the backoff.
* 502, 503, 504: retried only when idempotent, waiting ``Retry-After`` if sent.
* 500 and all other statuses: never retried. On Avi a 500 is usually a deterministic failure
  of the request; repeating it only delays the error (the Python SDK does not retry 5xx).
* Redirects are not followed (they would carry the session's cookies elsewhere): a 3xx
  raises :class:`AviError` naming the new location.

Idempotent means GET, HEAD, PUT, DELETE or OPTIONS, or ``idempotent=True`` from the caller.
When retries run out, the typed exception of :mod:`.errors` is raised. ``timeout`` (default
60 s in every mode) applies to each attempt; ``None`` per call means the session's timeout.

Logging goes to ``logging.getLogger("avi.client")`` at DEBUG: method, path, status and time of
each exchange, retries and logins; never a password, token, cookie, CSRF token, session id or
``Authorization`` header. ``repr`` shows base URL, user, tenant and version only.
"""

from __future__ import annotations

import asyncio
import base64
import http.cookiejar
import json as _json
import os
import random
import ssl
import threading
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self, TypeAlias, TypeVar

import httpx

from .errors import (
    AuthError,
    AviConnectionError,
    AviError,
    AviTimeoutError,
    error_for_response,
    parse_retry_after,
)
from .logs import LOGGER, install_redaction

__all__ = [
    "AsyncSession",
    "IDEMPOTENT_METHODS",
    "Session",
    "TimeoutTypes",
]

T = TypeVar("T")

#: A per-attempt timeout: seconds or an ``httpx.Timeout``.
TimeoutTypes: TypeAlias = float | httpx.Timeout

IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
#: Statuses after which the session logs in again and repeats the request once.
RELOGIN_STATUSES: Final = frozenset({401, 419})
#: Statuses retried for idempotent requests.
RETRY_STATUSES: Final = frozenset({502, 503, 504})
#: Longest backoff delay, in seconds.
BACKOFF_CAP: Final = 10.0
#: Longest ``Retry-After`` the session waits for; a longer one raises at once.
MAX_RETRY_AFTER: Final = 60.0
#: Headers the session sets itself; callers use ``version=``/``tenant=``/``tenant_uuid=``.
MANAGED_HEADERS: Final = frozenset(
    {
        "authorization",
        "cookie",
        "x-csrftoken",
        "x-avi-version",
        "x-avi-tenant",
        "x-avi-tenant-uuid",
    }
)
DEFAULT_USER_AGENT: Final = "avi-python-runtime/1"

# Errors raised before any byte of the request left the client: safe to repeat for any method.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Errors after which an idempotent request may be repeated.
_RETRYABLE: Final = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class _Auth:
    """A logged-in session: replaced whole, so readers always see a consistent one."""

    generation: int
    cookies: Mapping[str, str]
    csrftoken: str


@dataclass(frozen=True)
class _Call:
    method: str
    path: str
    params: Mapping[str, Any] | None
    json: Any
    headers: Mapping[str, str] | None
    version: str | None
    tenant: str | None
    tenant_uuid: str | None
    idempotent: bool
    timeout: TimeoutTypes | None


@dataclass(frozen=True)
class _Send:
    request: httpx.Request


@dataclass(frozen=True)
class _Sleep:
    seconds: float


@dataclass(frozen=True)
class _Login:
    """Log in unless a login after ``seen`` (a generation) already happened."""

    seen: int


_Op: TypeAlias = _Send | _Sleep | _Login
_Flow: TypeAlias = Generator[_Op, Any, T]


def _no_cookie_jar() -> http.cookiejar.CookieJar:
    """A jar that keeps nothing: the session manages its cookies itself."""
    return http.cookiejar.CookieJar(policy=_RefuseCookies())


class _RefuseCookies(http.cookiejar.DefaultCookiePolicy):
    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


def _ssl_verify(verify: bool | str | ssl.SSLContext) -> bool | ssl.SSLContext:
    if isinstance(verify, str):
        if os.path.isdir(verify):
            return ssl.create_default_context(capath=verify)
        return ssl.create_default_context(cafile=verify)
    return verify


def _normalise_base_url(base_url: str) -> str:
    text = base_url.strip()
    if "://" not in text:
        text = "https://" + text
    url = httpx.URL(text)
    if url.userinfo:
        raise ValueError(
            "base_url must not contain credentials; use username= and password="
        )
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("base_url must be an http(s) URL of the controller")
    if url.query or url.fragment:
        raise ValueError("base_url must not have a query or fragment")
    return str(url).rstrip("/")


def _query(params: Mapping[str, Any] | None) -> httpx.QueryParams | None:
    """Query parameters as Avi takes them: booleans ``true``/``false``, ``None`` left out,
    lists and tuples as repeated parameters."""
    if not params:
        return None
    items: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None:
                continue
            if isinstance(item, bool):
                items.append((key, "true" if item else "false"))
            else:
                items.append((key, str(item)))
    return httpx.QueryParams(items)


class _SessionCore:
    """The session's state and logic, free of I/O."""

    def __init__(
        self,
        base_url: str,
        *,
        username: str | None,
        password: str | None,
        token: str | None,
        basic_auth: bool,
        tenant: str | None,
        tenant_uuid: str | None,
        version: str,
        timeout: TimeoutTypes,
        retries: int,
        backoff: float,
        user_agent: str | None,
        rng: random.Random | None,
    ) -> None:
        if not version:
            raise ValueError(
                "version (the Avi release of the models, e.g. '30.2.1') is required"
            )
        install_redaction()
        if retries < 0:
            raise ValueError("retries must be 0 or more")
        if backoff < 0:
            raise ValueError("backoff must be 0 or more")
        if basic_auth:
            if not username or not password:
                raise ValueError("basic_auth needs username= and password=")
            if token:
                raise ValueError("basic_auth does not take a token")
        elif not password and not token:
            raise ValueError("log in with password= or token=")
        elif password and token:
            raise ValueError("give password= or token=, not both")
        elif password and not username:
            raise ValueError("password login needs username=")
        self.base_url = _normalise_base_url(base_url)
        self.api_root = self.base_url + "/api"
        self.username = username
        self._password = password
        self._token = token
        self.basic_auth = basic_auth
        self.tenant = tenant or "admin"
        self.tenant_uuid = tenant_uuid
        self.version = version
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.user_agent = user_agent or DEFAULT_USER_AGENT
        self._rng = rng or random.Random()
        self._auth: _Auth | None = None
        self._generation = 0
        self._basic_header: str | None = None
        if basic_auth:
            raw = f"{username}:{password}".encode()
            self._basic_header = "Basic " + base64.b64encode(raw).decode("ascii")
        self.last_response: httpx.Response | None = None
        #: The controller's ``version`` object from the last login answer, if any.
        self.controller_version: Mapping[str, Any] | None = None

    # -- secrets ---------------------------------------------------------------------------

    def secrets(self) -> tuple[str, ...]:
        """Every secret the session holds, for scrubbing error texts."""
        found: list[str | None] = [self._password, self._token, self._basic_header]
        if self._basic_header:
            found.append(self._basic_header.split(" ", 1)[1])
        auth = self._auth
        if auth is not None:
            found.append(auth.csrftoken)
            found.extend(auth.cookies.values())
        return tuple(s for s in found if s)

    def _error(self, response: httpx.Response, what: str | None = None) -> AviError:
        return error_for_response(response, secrets=self.secrets(), what=what)

    def describe(self) -> str:
        user = repr(self.username) if self.username else "None"
        tenant = (
            f"tenant_uuid={self.tenant_uuid!r}"
            if self.tenant_uuid
            else f"tenant={self.tenant!r}"
        )
        return f"base_url={self.base_url!r}, user={user}, {tenant}, version={self.version!r}"

    @property
    def logged_in(self) -> bool:
        return self.basic_auth or self._auth is not None

    def needs_login(self, seen: int) -> bool:
        """Whether a caller that saw generation ``seen`` fail must log in (call under lock)."""
        auth = self._auth
        return auth is None or auth.generation == seen

    # -- requests --------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        version: str | None,
        tenant: str | None,
        tenant_uuid: str | None,
        idempotent: bool | None,
        timeout: TimeoutTypes | None,
    ) -> _Call:
        method = method.upper()
        if path.startswith(("http://", "https://")):
            raise ValueError("path must be relative to the API root, e.g. '/image'")
        if tenant and tenant_uuid:
            raise ValueError("give tenant= or tenant_uuid=, not both")
        if headers:
            managed = sorted(k for k in headers if k.lower() in MANAGED_HEADERS)
            if managed:
                raise ValueError(
                    f"the session sets {', '.join(managed)} itself; "
                    "use version=, tenant= or tenant_uuid="
                )
        return _Call(
            method=method,
            path=path,
            params=params,
            json=json,
            headers=headers,
            version=version,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            idempotent=(
                method in IDEMPOTENT_METHODS if idempotent is None else idempotent
            ),
            timeout=timeout,
        )

    def _common_headers(self, version: str | None) -> dict[str, str]:
        return {
            "Accept": "application/json",
            "Referer": self.base_url,
            "User-Agent": self.user_agent,
            "X-Avi-Version": version or self.version,
        }

    def _build(
        self, client: httpx.Client | httpx.AsyncClient, call: _Call, auth: _Auth | None
    ) -> httpx.Request:
        headers = self._common_headers(call.version)
        headers["Content-Type"] = "application/json"
        if call.tenant_uuid or (not call.tenant and self.tenant_uuid):
            headers["X-Avi-Tenant-UUID"] = call.tenant_uuid or self.tenant_uuid or ""
            other = "X-Avi-Tenant"
        else:
            headers["X-Avi-Tenant"] = call.tenant or self.tenant
            other = "X-Avi-Tenant-UUID"
        if self._basic_header is not None:
            headers["Authorization"] = self._basic_header
        elif auth is not None:
            headers["X-CSRFToken"] = auth.csrftoken
        if call.headers:
            headers.update(call.headers)
        content = None
        if call.json is not None:
            content = _json.dumps(call.json, separators=(",", ":")).encode()
        request = client.build_request(
            call.method,
            self.api_root + "/" + call.path.lstrip("/"),
            params=_query(call.params),
            content=content,
            headers=headers,
            timeout=self.timeout if call.timeout is None else call.timeout,
        )
        # Never both tenant headers, even if a caller's client has one as a default header.
        if other in request.headers:
            del request.headers[other]
        self._set_cookies(request, auth)
        return request

    @staticmethod
    def _set_cookies(request: httpx.Request, auth: _Auth | None) -> None:
        # Only the session's own cookies go out, whatever a (caller's) client jar holds.
        if "Cookie" in request.headers:
            del request.headers["Cookie"]
        if auth is not None and auth.cookies:
            request.headers["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in auth.cookies.items()
            )

    def _build_login(self, client: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        form = {"username": self.username or ""}
        if self._password:
            form["password"] = self._password
        else:
            form["token"] = self._token or ""
        request = client.build_request(
            "POST",
            self.base_url + "/login",
            data=form,
            headers=self._common_headers(None),
            timeout=self.timeout,
        )
        self._set_cookies(request, None)
        return request

    def _build_logout(
        self, client: httpx.Client | httpx.AsyncClient, auth: _Auth
    ) -> httpx.Request:
        headers = self._common_headers(None)
        headers["Content-Type"] = "application/json"
        headers["X-CSRFToken"] = auth.csrftoken
        request = client.build_request(
            "POST", self.base_url + "/logout", headers=headers, timeout=self.timeout
        )
        self._set_cookies(request, auth)
        return request

    # -- retries ---------------------------------------------------------------------------

    def backoff_delay(self, attempt: int) -> float:
        """Full-jitter delay before retry number ``attempt + 1``."""
        ceiling = min(BACKOFF_CAP, self.backoff * (2.0 ** min(attempt, 60)))
        return self._rng.uniform(0.0, ceiling)

    def _status_delay(
        self, response: httpx.Response, attempt: int, idempotent: bool
    ) -> float | None:
        status = response.status_code
        if status != 429 and not (status in RETRY_STATUSES and idempotent):
            return None
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is None:
            return self.backoff_delay(attempt)
        if retry_after > MAX_RETRY_AFTER:
            return None
        return retry_after

    def _transport_error(
        self, exc: httpx.RequestError, request: httpx.Request, tries: int
    ) -> AviError:
        what = f"{request.method} {request.url.copy_with(query=None)}"
        kind = type(exc).__name__
        after = f" after {tries} attempts" if tries > 1 else ""
        if isinstance(exc, httpx.TimeoutException):
            return AviTimeoutError(
                f"{what}: timed out ({kind}){after}",
                method=request.method,
                url=str(request.url),
            )
        cls = AviConnectionError if isinstance(exc, httpx.TransportError) else AviError
        return cls(
            f"{what}: connection failed ({kind}: {exc}){after}",
            method=request.method,
            url=str(request.url),
        )

    def _send_flow(
        self, build: Callable[[], httpx.Request], *, idempotent: bool, record: bool
    ) -> _Flow[httpx.Response]:
        """Send with retries for transport errors, 429 and 502-504; return the last answer."""
        attempt = 0
        while True:
            request = build()
            label = (
                f"{request.method} {request.url.raw_path.decode('ascii', 'replace')}"
            )
            started = time.monotonic()
            try:
                response: httpx.Response = yield _Send(request)
            except httpx.RequestError as exc:
                retryable = isinstance(exc, _NOT_SENT) or (
                    idempotent and isinstance(exc, _RETRYABLE)
                )
                if retryable and attempt < self.retries:
                    delay = self.backoff_delay(attempt)
                    attempt += 1
                    LOGGER.debug(
                        "%s failed (%s); retry %d of %d in %.3f s",
                        label,
                        type(exc).__name__,
                        attempt,
                        self.retries,
                        delay,
                    )
                    yield _Sleep(delay)
                    continue
                raise self._transport_error(exc, request, attempt + 1) from exc
            elapsed = (time.monotonic() - started) * 1000.0
            LOGGER.debug("%s -> %d (%.1f ms)", label, response.status_code, elapsed)
            if record:
                self.last_response = response
            if attempt < self.retries:
                wait = self._status_delay(response, attempt, idempotent)
                if wait is not None:
                    attempt += 1
                    LOGGER.debug(
                        "%s got %d; retry %d of %d in %.3f s",
                        label,
                        response.status_code,
                        attempt,
                        self.retries,
                        wait,
                    )
                    yield _Sleep(wait)
                    continue
            return response

    # -- flows -----------------------------------------------------------------------------

    def request_flow(
        self, client: httpx.Client | httpx.AsyncClient, call: _Call
    ) -> _Flow[httpx.Response]:
        """One API call: lazy login, retries, one re-login on 401/419, typed errors."""
        relogged = False
        while True:
            auth: _Auth | None = None
            if not self.basic_auth:
                auth = self._auth
                if auth is None:
                    yield _Login(self._generation)
                    auth = self._auth
                    if auth is None:
                        raise AuthError("not logged in")
            used = auth

            def build(used: _Auth | None = used) -> httpx.Request:
                return self._build(client, call, used)

            response = yield from self._send_flow(
                build, idempotent=call.idempotent, record=True
            )
            status = response.status_code
            if used is not None:
                self._absorb_cookies(response, used)
                if status in RELOGIN_STATUSES and not relogged:
                    relogged = True
                    LOGGER.debug(
                        "%s /api/%s got %d; logging in again",
                        call.method,
                        call.path.lstrip("/"),
                        status,
                    )
                    yield _Login(used.generation)
                    continue
            # Redirects are not followed: they would carry the session elsewhere.
            if status >= 400 or (300 <= status < 400 and status != 304):
                raise self._error(response)
            return response

    def _absorb_cookies(self, response: httpx.Response, used: _Auth) -> None:
        """Take a refreshed csrftoken or session cookie that an API answer set."""
        fresh = {c.name: c.value or "" for c in response.cookies.jar}
        current = self._auth
        if not fresh or current is None or current.generation != used.generation:
            return
        known = {k: v for k, v in fresh.items() if k in current.cookies}
        if not known:
            return
        cookies = {**current.cookies, **known}
        self._auth = _Auth(
            generation=current.generation,
            cookies=cookies,
            csrftoken=cookies.get("csrftoken", current.csrftoken),
        )

    def login_flow(self, client: httpx.Client | httpx.AsyncClient) -> _Flow[None]:
        """Log in (call with the login lock held); the new session gets a new generation."""
        LOGGER.debug("logging in to %s as %r", self.base_url, self.username)
        response = yield from self._send_flow(
            lambda: self._build_login(client), idempotent=True, record=False
        )
        what = f"login to {self.base_url} as {self.username!r}"
        if response.status_code >= 400:
            error = self._error(response, what=what)
            if isinstance(error, AuthError) or response.status_code in (401, 403, 419):
                raise AuthError(
                    str(error),
                    status=error.status,
                    body=error.body,
                    json=error.json,
                    method=error.method,
                    url=error.url,
                    response=response,
                )
            raise error
        cookies: dict[str, str] = {}
        for cookie in response.cookies.jar:
            cookies[cookie.name] = cookie.value or ""
        csrftoken = cookies.get("csrftoken")
        if not csrftoken:
            raise AuthError(
                f"{what}: HTTP {response.status_code} without a csrftoken cookie",
                status=response.status_code,
                method="POST",
                url=self.base_url + "/login",
                response=response,
            )
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict):
            version = data.get("version")
            self.controller_version = version if isinstance(version, dict) else None
            name = data.get("session_cookie_name")
            if isinstance(name, str) and name and name not in cookies:
                raise AuthError(
                    f"{what}: the session cookie {name!r} was not set",
                    status=response.status_code,
                    method="POST",
                    url=self.base_url + "/login",
                    response=response,
                )
        self._generation += 1
        self._auth = _Auth(
            generation=self._generation, cookies=cookies, csrftoken=csrftoken
        )
        LOGGER.debug("logged in to %s (session %d)", self.base_url, self._generation)

    def logout_flow(self, client: httpx.Client | httpx.AsyncClient) -> _Flow[None]:
        """End the session on the controller and forget it; a no-op without a session."""
        auth = self._auth
        if self.basic_auth or auth is None:
            return
        try:
            response = yield from self._send_flow(
                lambda: self._build_logout(client, auth), idempotent=True, record=False
            )
        finally:
            if self._auth is auth:
                self._auth = None
        # An expired session is as good as a logged-out one.
        if response.status_code >= 400 and response.status_code not in RELOGIN_STATUSES:
            raise self._error(response, what=f"logout from {self.base_url}")
        LOGGER.debug("logged out of %s", self.base_url)


class _SessionBase:
    """What :class:`Session` and :class:`AsyncSession` share besides I/O."""

    _core: _SessionCore

    @property
    def base_url(self) -> str:
        """The controller's URL prefix, e.g. ``https://10.0.0.1``."""
        return self._core.base_url

    @property
    def username(self) -> str | None:
        return self._core.username

    @property
    def tenant(self) -> str:
        return self._core.tenant

    @property
    def tenant_uuid(self) -> str | None:
        return self._core.tenant_uuid

    @property
    def version(self) -> str:
        """The ``X-Avi-Version`` sent when a call does not give ``version=``."""
        return self._core.version

    @property
    def basic_auth(self) -> bool:
        return self._core.basic_auth

    @property
    def logged_in(self) -> bool:
        """Whether requests can go out without a login first (always true in basic mode)."""
        return self._core.logged_in

    @property
    def last_response(self) -> httpx.Response | None:
        """The last answer to an API request (including ones that were retried)."""
        return self._core.last_response

    @property
    def controller_version(self) -> Mapping[str, Any] | None:
        """The ``version`` object of the last login answer (``Version``, ``build``, ...)."""
        return self._core.controller_version

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._core.describe()})"


class Session(_SessionBase):
    """A synchronous session (``httpx.Client``); safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        basic_auth: bool = False,
        tenant: str = "admin",
        tenant_uuid: str | None = None,
        version: str,
        timeout: TimeoutTypes = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        verify: bool | str | ssl.SSLContext = True,
        http_client: httpx.Client | None = None,
        user_agent: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._core = _SessionCore(
            base_url,
            username=username,
            password=password,
            token=token,
            basic_auth=basic_auth,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            version=version,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            user_agent=user_agent,
            rng=rng,
        )
        self._owns_client = http_client is None
        self._client = http_client or httpx.Client(
            verify=_ssl_verify(verify), timeout=timeout, cookies=_no_cookie_jar()
        )
        self._sleep = sleep
        self._login_lock = threading.Lock()

    @property
    def http_client(self) -> httpx.Client:
        return self._client

    def _run(self, flow: _Flow[T]) -> T:
        result: Any = None
        error: Exception | None = None
        try:
            while True:
                try:
                    op = flow.throw(error) if error is not None else flow.send(result)
                except StopIteration as stop:
                    value: T = stop.value
                    return value
                result, error = None, None
                try:
                    result = self._perform(op)
                except Exception as exc:
                    error = exc
        finally:
            flow.close()

    def _perform(self, op: _Op) -> Any:
        if isinstance(op, _Send):
            return self._client.send(op.request)
        if isinstance(op, _Sleep):
            self._sleep(op.seconds)
            return None
        with self._login_lock:
            if self._core.needs_login(op.seen):
                self._run(self._core.login_flow(self._client))
        return None

    def login(self) -> None:
        """Log in now (again, if a session exists); normally the first request does it."""
        if self._core.basic_auth:
            return
        auth = self._core._auth
        self._perform(_Login(auth.generation if auth is not None else -1))

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
        idempotent: bool | None = None,
        timeout: TimeoutTypes | None = None,
    ) -> httpx.Response:
        """Call ``{base_url}/api{path}``; return the answer or raise a typed :class:`AviError`."""
        call = self._core.call(
            method,
            path,
            params=params,
            json=json,
            headers=headers,
            version=version,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            idempotent=idempotent,
            timeout=timeout,
        )
        return self._run(self._core.request_flow(self._client, call))

    def logout(self) -> None:
        """``POST /logout`` and forget the session (the next request logs in again)."""
        self._run(self._core.logout_flow(self._client))

    def close(self) -> None:
        """Close the HTTP client if the session created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.logout()
        except AviError as error:
            LOGGER.warning("logout from %s failed: %s", self.base_url, error)
        finally:
            self.close()


class AsyncSession(_SessionBase):
    """An asyncio session (``httpx.AsyncClient``) with the surface of :class:`Session`.

    Use it from one event loop (its lock binds to the loop that first waits on it).
    """

    def __init__(
        self,
        base_url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        basic_auth: bool = False,
        tenant: str = "admin",
        tenant_uuid: str | None = None,
        version: str,
        timeout: TimeoutTypes = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        verify: bool | str | ssl.SSLContext = True,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._core = _SessionCore(
            base_url,
            username=username,
            password=password,
            token=token,
            basic_auth=basic_auth,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            version=version,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            user_agent=user_agent,
            rng=rng,
        )
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(
            verify=_ssl_verify(verify), timeout=timeout, cookies=_no_cookie_jar()
        )
        self._sleep = sleep
        self._login_lock = asyncio.Lock()

    @property
    def http_client(self) -> httpx.AsyncClient:
        return self._client

    async def _run(self, flow: _Flow[T]) -> T:
        result: Any = None
        error: Exception | None = None
        try:
            while True:
                try:
                    op = flow.throw(error) if error is not None else flow.send(result)
                except StopIteration as stop:
                    value: T = stop.value
                    return value
                result, error = None, None
                try:
                    result = await self._perform(op)
                except Exception as exc:
                    error = exc
        finally:
            flow.close()

    async def _perform(self, op: _Op) -> Any:
        if isinstance(op, _Send):
            return await self._client.send(op.request)
        if isinstance(op, _Sleep):
            await self._sleep(op.seconds)
            return None
        async with self._login_lock:
            if self._core.needs_login(op.seen):
                await self._run(self._core.login_flow(self._client))
        return None

    async def login(self) -> None:
        """Log in now (again, if a session exists); normally the first request does it."""
        if self._core.basic_auth:
            return
        auth = self._core._auth
        await self._perform(_Login(auth.generation if auth is not None else -1))

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
        idempotent: bool | None = None,
        timeout: TimeoutTypes | None = None,
    ) -> httpx.Response:
        """Call ``{base_url}/api{path}``; return the answer or raise a typed :class:`AviError`."""
        call = self._core.call(
            method,
            path,
            params=params,
            json=json,
            headers=headers,
            version=version,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            idempotent=idempotent,
            timeout=timeout,
        )
        return await self._run(self._core.request_flow(self._client, call))

    async def logout(self) -> None:
        """``POST /logout`` and forget the session (the next request logs in again)."""
        await self._run(self._core.logout_flow(self._client))

    async def close(self) -> None:
        """Close the HTTP client if the session created it."""
        if self._owns_client:
            await self._client.aclose()

    aclose = close

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.logout()
        except AviError as error:
            LOGGER.warning("logout from %s failed: %s", self.base_url, error)
        finally:
            await self.close()
