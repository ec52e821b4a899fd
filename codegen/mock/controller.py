"""The emulated controller: sessions, tenants, objects and injected faults, independent of HTTP.

:class:`MockController` answers :class:`MockRequest` objects with :class:`MockResponse` objects
(:meth:`MockController.handle`); :mod:`codegen.mock.server` puts it behind a stdlib HTTP server.
What it accepts follows ``AVI-PROTOCOL.md`` ("What an emulator must do"); the choices it makes
where a real controller's behaviour is unknown or cannot apply are listed in
:mod:`codegen.mock`'s docstring.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import logging
import secrets
import threading
import time
import types
import uuid as uuidlib
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from pydantic import ValidationError

from codegen.mock.faults import Fault, FaultQueue
from codegen.mock.objects import (
    ALWAYS_FIELDS,
    SERVER_FIELDS,
    ObjectSpec,
    collect_refs,
    map_refs,
    normalize_path,
    objects_from_package,
    package_release,
    plan,
    strip_defaults,
    strip_extras,
)
from codegen.mock.patch import PatchError, apply_patch

if TYPE_CHECKING:
    from codegen.mock.server import MockHTTPServer

logger = logging.getLogger("codegen.mock")

#: The validation context that checks a request but keeps unknown fields (the runtime's
#: ``IGNORE_UNKNOWN``; spelled out because the models come from the served package's runtime).
IGNORE_UNKNOWN: Mapping[str, Any] = {"avi_ignore_unknown": True}
CSRF_FAILURE = "CSRF token missing or incorrect."
SESSION_COOKIE = "avi-sessionid"
ADMIN_TENANT = "admin"
#: Page size when a list request gives none (a real controller's default).
DEFAULT_PAGE_SIZE = 25
#: Largest page served; larger ``page_size`` values are capped (the Python SDK refuses > 200).
MAX_PAGE_SIZE = 200
_CSRF_MAX_AGE = 31449600  # one year, as Django sets it
_SESSION_MAX_AGE = 86400
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_LIST_PARAMS = frozenset(
    {
        "page",
        "page_size",
        "fields",
        "include_name",
        "skip_default",
        "refers_to",
        "referred_by",
        "sort",
        "join_subresources",
        "include_refs",
        "export_key",
        "search",
    }
)
_FALSE = frozenset({"false", "0", "no", "off"})


@dataclass(frozen=True)
class MockRequest:
    """One HTTP request as the emulator sees it."""

    method: str
    #: The request target: path and query (``/api/image?name=x``).
    target: str
    #: Header names in lower case (repeated ``Cookie`` headers joined with ``; ``).
    headers: Mapping[str, str]
    body: bytes = b""
    #: ``http://host:port`` as the client reached the emulator (for ``url``, refs and ``next``).
    base_url: str = "http://127.0.0.1"

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> str:
        return urlsplit(self.target).query


@dataclass
class MockResponse:
    """One HTTP answer."""

    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def json(cls, status: int, data: Any, headers: Iterable[tuple[str, str]] = ()) -> MockResponse:
        return cls(
            status,
            json.dumps(data).encode(),
            [("Content-Type", "application/json"), *headers],
        )

    def json_body(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class RecordedRequest:
    """A request the emulator received (``/mock/...`` requests are not recorded)."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes
    time: float

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": dict(self.headers),
            "body": self.body.decode("utf-8", "replace"),
            "time": self.time,
        }


@dataclass(frozen=True)
class Outcome:
    """What the HTTP layer must do with a request: answer, or drop the connection."""

    #: The answer; ``None`` to close the connection without answering.
    response: MockResponse | None
    #: Send the status line and headers of ``response``, then close before the body.
    close_after_headers: bool = False


class HttpError(Exception):
    """An error answer: ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class _Session:
    id: str
    username: str
    csrftoken: str
    last_used: float


@dataclass(frozen=True)
class _Scope:
    """The tenant a request works in (``None``: every tenant, ``X-Avi-Tenant: *``)."""

    tenant: str | None


class MockController:
    """A stateful in-memory Avi controller serving one release's objects.

    ``objects`` maps object names to :class:`ObjectSpec` (see :func:`objects_from_package`).
    ``strict_version`` requires ``X-Avi-Version`` on every ``/api`` call (400 without it);
    ``strict_fields`` rejects unknown body fields (400) instead of dropping them.
    ``known_releases`` are other releases whose ``X-Avi-Version`` is accepted (served as
    ``release``, without conversion). ``tokens`` are accepted by ``POST /login`` in place of
    the password, as are those made by :meth:`issue_token`. ``session_timeout`` (seconds)
    expires idle sessions.

    The hooks (:meth:`expire_sessions`, :meth:`fail_next`, :meth:`delay_next`,
    :meth:`drop_next`, :attr:`stats`, :meth:`reset`...) are thread-safe and also reachable
    over HTTP under ``/mock/``. :meth:`start` serves in a background thread; the controller is
    a context manager that starts and stops it.
    """

    def __init__(
        self,
        objects: Mapping[str, ObjectSpec],
        *,
        release: str,
        username: str = "admin",
        password: str = "admin",
        strict_version: bool = False,
        strict_fields: bool = False,
        known_releases: Collection[str] = (),
        tokens: Collection[str] = (),
        session_timeout: float | None = None,
        default_page_size: int = DEFAULT_PAGE_SIZE,
        max_page_size: int = MAX_PAGE_SIZE,
        log_size: int = 1000,
    ) -> None:
        if not release:
            raise ValueError("release is required")
        if not 1 <= default_page_size <= max_page_size:
            raise ValueError("default_page_size must be between 1 and max_page_size")
        self.release = release
        self.username = username
        self.password = password
        self.strict_version = strict_version
        self.strict_fields = strict_fields
        self.known_releases = frozenset(known_releases) | {release}
        self.session_timeout = session_timeout
        self.default_page_size = default_page_size
        self.max_page_size = max_page_size
        self._specs: dict[str, ObjectSpec] = {}
        self._by_path: dict[str, ObjectSpec] = {}
        for name, spec in objects.items():
            spec = ObjectSpec(name=name, path=normalize_path(spec.path), model=spec.model)
            if spec.path in self._by_path:
                raise ValueError(f"two objects at path {spec.path}")
            self._specs[name] = spec
            self._by_path[spec.path] = spec
        self._lock = threading.RLock()
        self._faults = FaultQueue()
        self._configured_tokens = frozenset(tokens)
        self._issued_tokens: set[str] = set()
        self._sessions: dict[str, _Session] = {}
        self._stats: Counter[str] = Counter()
        self._log: deque[RecordedRequest] = deque(maxlen=log_size)
        self._tenants: dict[str, str] = {}
        self._store: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self._index: dict[str, tuple[str, str]] = {}
        self._last_clock = 0
        self._server: MockHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None
        self.reset()

    @classmethod
    def from_package(cls, module: types.ModuleType | str, **kwargs: Any) -> MockController:
        """A controller for a generated package (``__avi_objects__``, ``__avi_release__``)."""
        kwargs.setdefault("release", package_release(module))
        return cls(objects_from_package(module), **kwargs)

    @property
    def objects(self) -> Mapping[str, ObjectSpec]:
        return types.MappingProxyType(self._specs)

    # --- hooks --------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every object, tenant, session, issued token, pending fault and statistic."""
        with self._lock:
            self._sessions.clear()
            self._issued_tokens.clear()
            self._stats.clear()
            self._log.clear()
            self._faults.clear()
            self._tenants = {}
            self._store = {ADMIN_TENANT: {}}
            self._index = {}
            spec = self._tenant_spec()
            if spec is not None:
                try:
                    self._create(
                        spec, {"name": ADMIN_TENANT}, ADMIN_TENANT, ADMIN_TENANT, ADMIN_TENANT
                    )
                except HttpError as exc:  # the release's Tenant needs more than a name
                    logger.debug("no admin Tenant object: %s", exc.message)
            self._register_tenant(ADMIN_TENANT, ADMIN_TENANT)

    def issue_token(self) -> str:
        """A token that ``POST /login`` accepts (with the controller's username)."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._issued_tokens.add(token)
        return token

    def expire_sessions(self) -> int:
        """End every session (the next call with one gets 401); how many there were."""
        with self._lock:
            count = len(self._sessions)
            self._sessions.clear()
            return count

    def add_fault(self, fault: Fault) -> Fault:
        return self._faults.add(fault)

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 503,
        body: Any = None,
        method: str | None = None,
        path: str | None = None,
        after: bool = False,
    ) -> Fault:
        """Answer the next ``count`` matching requests with ``status`` (and ``body``)."""
        return self.add_fault(
            Fault("fail", count, status=status, body=body, method=method, path=path, after=after)
        )

    def delay_next(
        self,
        count: int = 1,
        *,
        seconds: float,
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Hold the next ``count`` matching requests for ``seconds`` before handling them."""
        return self.add_fault(Fault("delay", count, seconds=seconds, method=method, path=path))

    def drop_next(
        self,
        count: int = 1,
        *,
        method: str | None = None,
        path: str | None = None,
        after: bool = False,
        after_headers: bool = False,
    ) -> Fault:
        """Close the connection of the next ``count`` matching requests without an answer.

        ``after``: handle the request first (its effect stays, the answer is lost);
        ``after_headers``: handle it and send the status line and headers, then close.
        """
        return self.add_fault(
            Fault("drop", count, method=method, path=path, after=after, after_headers=after_headers)
        )

    def clear_faults(self) -> None:
        self._faults.clear()

    def pending_faults(self) -> list[Fault]:
        return self._faults.pending()

    @property
    def stats(self) -> Counter[str]:
        """A snapshot of the counters.

        ``"<METHOD> <path>"`` per request received (path without query, ``/mock/`` excluded),
        ``requests`` in all, ``logins`` (successful), ``login_failures``, ``logouts``.
        """
        with self._lock:
            return Counter(self._stats)

    def reset_stats(self) -> None:
        with self._lock:
            self._stats.clear()
            self._log.clear()

    @property
    def requests(self) -> list[RecordedRequest]:
        """The last requests received (oldest first)."""
        with self._lock:
            return list(self._log)

    def add_tenant(self, name: str, uuid: str | None = None) -> str:
        """Create a tenant; its uuid."""
        with self._lock:
            if name in self._tenants.values():
                raise ValueError(f"tenant {name!r} exists")
            spec = self._tenant_spec()
            tenant_uuid = uuid or f"tenant-{uuidlib.uuid4()}"
            if spec is not None:
                try:
                    self._create(spec, {"name": name}, ADMIN_TENANT, ADMIN_TENANT, tenant_uuid)
                    return tenant_uuid
                except HttpError as exc:
                    logger.debug("tenant %s has no object: %s", name, exc.message)
            self._register_tenant(tenant_uuid, name)
            return tenant_uuid

    def tenants(self) -> dict[str, str]:
        """Tenant names by uuid."""
        with self._lock:
            return dict(self._tenants)

    def create(self, object_name: str, body: Mapping[str, Any], *, tenant: str = "admin") -> Any:
        """Create an object as ``POST`` would (validated); the stored document.

        Raises :class:`HttpError` (with the status a ``POST`` would get) when it is refused.
        """
        with self._lock:
            spec = self._specs[object_name]
            tenant_uuid = self._tenant_by_name(tenant)
            return copy.deepcopy(self._create(spec, dict(body), tenant_uuid, tenant_uuid))

    def stored(self, object_name: str, *, tenant: str | None = "admin") -> list[dict[str, Any]]:
        """Copies of the stored documents of one object type (refs in ``/api/<type>/<uuid>``
        form), in one tenant by name or, with ``tenant=None``, in all."""
        with self._lock:
            spec = self._specs[object_name]
            scope = _Scope(None if tenant is None else self._tenant_by_name(tenant))
            return [copy.deepcopy(d) for d in self._docs(spec, scope)]

    # --- serving ------------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve in a background thread; the base URL (``http://127.0.0.1:PORT``)."""
        from codegen.mock.server import make_server

        with self._lock:
            if self._server is not None:
                raise RuntimeError("the mock controller is already serving")
            server = make_server(self, host, port)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"avi-mock-{server.url}",
                daemon=True,
            )
            thread.start()
            self._server, self._thread, self._url = server, thread, server.url
            return server.url

    def stop(self) -> None:
        """Stop serving and close every open connection."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = self._url = None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("the mock controller is not serving; call start()")
        return self._url

    def __enter__(self) -> MockController:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- requests -----------------------------------------------------------------------------

    def process(self, request: MockRequest) -> Outcome:
        """Handle a request with the pending faults applied (what the HTTP server calls)."""
        path = request.path
        if path == "/mock" or path.startswith("/mock/"):
            return Outcome(self._admin(request))
        with self._lock:
            self._stats["requests"] += 1
            self._stats[f"{request.method} {path}"] += 1
            self._log.append(
                RecordedRequest(
                    request.method,
                    path,
                    request.query,
                    dict(request.headers),
                    request.body,
                    time.time(),
                )
            )
        faults = self._faults.take(request.method, path)
        if faults.delay:
            time.sleep(faults.delay)
        if faults.before is not None:
            return _fault_outcome(faults.before, None)
        response = self.handle(request)
        if faults.after is not None:
            return _fault_outcome(faults.after, response)
        return Outcome(response)

    def handle(self, request: MockRequest) -> MockResponse:
        """Answer one request (no faults applied); never raises."""
        try:
            with self._lock:
                return self._route(request)
        except HttpError as exc:
            return MockResponse.json(exc.status, {"error": exc.message})
        except Exception as exc:  # a bug must not kill the connection thread
            logger.exception("mock controller failed on %s %s", request.method, request.target)
            return MockResponse.json(500, {"error": f"internal error: {type(exc).__name__}"})

    def _route(self, request: MockRequest) -> MockResponse:
        method, path = request.method.upper(), request.path.rstrip("/") or "/"
        if path == "/login":
            _allow(method, "POST")
            return self._login(request)
        if path == "/logout":
            _allow(method, "POST")
            return self._logout(request)
        if path == "/api/initial-data":
            _allow(method, "GET")
            return MockResponse.json(200, self._initial_data())
        if path == "/api/cluster/status":
            _allow(method, "GET")
            return MockResponse.json(200, _cluster_status())
        if path == "/api" or path.startswith("/api/"):
            self._authenticate(request, method)
            self._check_version(request)
            scope = self._scope(request, method)
            return self._api(request, method, path, scope)
        raise HttpError(404, f"Resource not found: {path}")

    # --- session ------------------------------------------------------------------------------

    def _login(self, request: MockRequest) -> MockResponse:
        form = _login_form(request)
        username = form.get("username")
        password = form.get("password")
        token = form.get("token")
        ok = username == self.username and (
            (password is not None and password == self.password)
            or (
                password is None
                and token is not None
                and (token in self._configured_tokens or token in self._issued_tokens)
            )
        )
        if not ok:
            self._stats["login_failures"] += 1
            raise HttpError(401, "Invalid credentials")
        session = _Session(
            id=secrets.token_hex(16),
            username=self.username,
            csrftoken=secrets.token_urlsafe(32),
            last_used=time.monotonic(),
        )
        self._sessions[session.id] = session
        self._stats["logins"] += 1
        body = {
            "user": {"username": self.username, "name": self.username, "is_superuser": True},
            "tenants": [
                {"name": n, "uuid": u, "url": f"{request.base_url}/api/tenant/{u}"}
                for u, n in self._tenants.items()
            ],
            "version": self._version(),
            "session_cookie_name": SESSION_COOKIE,
            "user_initial_setup": False,
        }
        # No ``Secure``: the emulator serves plain http on loopback, and a client would not
        # send a Secure cookie back over http.
        cookies = [
            (
                "Set-Cookie",
                f"csrftoken={session.csrftoken}; Max-Age={_CSRF_MAX_AGE}; Path=/; SameSite=Lax",
            ),
            (
                "Set-Cookie",
                f"{SESSION_COOKIE}={session.id}; HttpOnly; Max-Age={_SESSION_MAX_AGE}; "
                "Path=/; SameSite=Lax",
            ),
            (
                "Set-Cookie",
                f"sessionid={session.id}; HttpOnly; Max-Age={_SESSION_MAX_AGE}; "
                "Path=/; SameSite=Lax",
            ),
        ]
        return MockResponse.json(200, body, cookies)

    def _logout(self, request: MockRequest) -> MockResponse:
        session = self._session(request)
        if session is None:
            raise HttpError(401, "Authentication credentials were not provided.")
        if request.headers.get("x-csrftoken") != session.csrftoken:
            raise HttpError(401, CSRF_FAILURE)
        del self._sessions[session.id]
        self._stats["logouts"] += 1
        gone = [
            ("Set-Cookie", f"{name}=; Max-Age=0; Path=/") for name in (SESSION_COOKIE, "sessionid")
        ]
        return MockResponse.json(200, {"message": "Logged out"}, gone)

    def _session(self, request: MockRequest) -> _Session | None:
        cookies = _cookies(request.headers.get("cookie", ""))
        now = time.monotonic()
        for name in (SESSION_COOKIE, "sessionid"):
            session = self._sessions.get(cookies.get(name, ""))
            if session is None:
                continue
            if self.session_timeout is not None and now - session.last_used > self.session_timeout:
                del self._sessions[session.id]
                continue
            session.last_used = now
            return session
        return None

    def _authenticate(self, request: MockRequest, method: str) -> None:
        authorization = request.headers.get("authorization")
        if authorization is not None:
            scheme, _, credentials = authorization.partition(" ")
            if scheme.lower() != "basic":
                raise HttpError(401, f"Unsupported authorization scheme {scheme!r}")
            try:
                user, _, password = (
                    base64.b64decode(credentials.strip(), validate=True).decode().partition(":")
                )
            except (binascii.Error, UnicodeDecodeError):
                raise HttpError(401, "Malformed Basic credentials") from None
            if user != self.username or password != self.password:
                raise HttpError(401, "Invalid credentials")
            return
        session = self._session(request)
        if session is None:
            if _cookies(request.headers.get("cookie", "")):
                raise HttpError(401, "Invalid or expired session")
            raise HttpError(401, "Authentication credentials were not provided.")
        if method in _WRITE_METHODS and request.headers.get("x-csrftoken") != session.csrftoken:
            raise HttpError(401, CSRF_FAILURE)

    def _check_version(self, request: MockRequest) -> None:
        version = request.headers.get("x-avi-version", "").strip()
        if not version:
            if self.strict_version:
                raise HttpError(
                    400,
                    "X-Avi-Version header is required (the mock controller runs in strict "
                    f"version mode; it serves {self.release})",
                )
            return  # a real controller falls back to an old release; the mock serves its own
        if version not in self.known_releases:
            raise HttpError(
                400,
                f"Invalid version {version}: this controller serves "
                f"{', '.join(sorted(self.known_releases))}",
            )

    def _version(self) -> dict[str, Any]:
        return {
            "Version": self.release,
            "build": 1,
            "Date": "2024-01-01T00:00:00+00:00",
            "min_version": "15.2",
            "ProductName": "Avi Cloud Controller (avi-codegen mock)",
            "Tag": f"{self.release}-mock",
        }

    def _initial_data(self) -> dict[str, Any]:
        return {
            "version": self._version(),
            "user_initial_setup": False,
            "setup_failed": False,
            "sso": False,
            "banner": "",
            "error_message": "",
        }

    # --- tenants ------------------------------------------------------------------------------

    def _tenant_spec(self) -> ObjectSpec | None:
        return self._by_path.get("/tenant")

    def _register_tenant(self, tenant_uuid: str, name: str) -> None:
        self._tenants[tenant_uuid] = name
        self._store.setdefault(tenant_uuid, {})

    def _tenant_by_name(self, name: str) -> str:
        for tenant_uuid, tenant_name in self._tenants.items():
            if tenant_name == name:
                return tenant_uuid
        raise HttpError(400, f"Tenant '{name}' does not exist")

    def _scope(self, request: MockRequest, method: str) -> _Scope:
        tenant_uuid = request.headers.get("x-avi-tenant-uuid", "").strip()
        if tenant_uuid:
            if tenant_uuid not in self._tenants:
                raise HttpError(400, f"Tenant uuid '{tenant_uuid}' does not exist")
            return _Scope(tenant_uuid)
        name = request.headers.get("x-avi-tenant", "").strip() or ADMIN_TENANT
        if name == "*":
            if method != "GET":
                raise HttpError(400, "X-Avi-Tenant '*' is only allowed for reads")
            return _Scope(None)
        return _Scope(self._tenant_by_name(name))

    # --- objects ------------------------------------------------------------------------------

    def _api(self, request: MockRequest, method: str, path: str, scope: _Scope) -> MockResponse:
        segments = [s for s in path[len("/api") :].split("/") if s]
        for k in range(len(segments), 0, -1):
            spec = self._by_path.get("/" + "/".join(segments[:k]))
            if spec is not None:
                rest = segments[k:]
                break
        else:
            raise HttpError(404, f"Resource not found: {path}")
        if len(rest) > 1:
            raise HttpError(404, f"Resource not found: {path}")
        query = _query(request.query)
        if spec is self._tenant_spec() and scope.tenant is not None:
            scope = _Scope(ADMIN_TENANT)  # tenants are objects of the admin tenant
        if not rest:
            if method == "GET":
                return self._list(request, spec, scope, query)
            if method == "POST":
                return self._post(request, spec, scope)
            raise HttpError(405, f"Method {method} not allowed on {path}")
        uuid = rest[0]
        if method == "GET":
            doc = self._find(spec, uuid, scope)
            return MockResponse.json(200, self._render_query(request, spec, doc, query))
        if method in ("PUT", "PATCH"):
            return self._update(request, spec, scope, uuid, method)
        if method == "DELETE":
            doc = self._find(spec, uuid, scope)
            self._delete(spec, doc)
            return MockResponse(204, b"", [("Content-Type", "application/json")])
        raise HttpError(405, f"Method {method} not allowed on {path}")

    def _writable(self, scope: _Scope) -> str:
        if scope.tenant is None:
            raise HttpError(400, "X-Avi-Tenant '*' is only allowed for reads")
        return scope.tenant

    def _post(self, request: MockRequest, spec: ObjectSpec, scope: _Scope) -> MockResponse:
        tenant = self._writable(scope)
        body = _json_body(request)
        slug = request.headers.get("slug", "").strip() or None
        if slug is not None and ("/" in slug or "#" in slug or "?" in slug):
            raise HttpError(400, f"Invalid Slug {slug!r}")
        doc = self._create(spec, body, tenant, tenant, slug)
        rendered = self._render(request.base_url, spec, doc, include_name=True)
        location = f"{request.base_url}/api/{spec.segment}/{doc['uuid']}"
        return MockResponse.json(201, rendered, [("Location", location)])

    def _create(
        self,
        spec: ObjectSpec,
        body: Any,
        tenant: str,
        ref_tenant: str,
        slug: str | None = None,
    ) -> dict[str, Any]:
        uuid = slug or f"{spec.uuid_prefix}-{uuidlib.uuid4()}"
        if uuid in self._index or (spec is self._tenant_spec() and uuid in self._tenants):
            raise HttpError(409, f"An object with uuid {uuid} already exists")
        doc = self._build(spec, body, ref_tenant, uuid)
        self._check_name(spec, tenant, doc, uuid)
        self._store.setdefault(tenant, {}).setdefault(spec.name, {})[uuid] = doc
        self._index[uuid] = (tenant, spec.name)
        if spec is self._tenant_spec() and isinstance(doc.get("name"), str):
            self._register_tenant(uuid, doc["name"])
        return doc

    def _update(
        self, request: MockRequest, spec: ObjectSpec, scope: _Scope, uuid: str, method: str
    ) -> MockResponse:
        tenant = self._writable(scope)
        current = self._find(spec, uuid, scope)
        body = _json_body(request)
        if method == "PATCH":
            if not isinstance(body, dict):
                raise HttpError(400, "PATCH body must be a JSON object")
            fragments = {
                op: (
                    self._normalize_refs(spec, frag, tenant)
                    if op != "json_patch" and isinstance(frag, dict)
                    else frag
                )
                for op, frag in body.items()
            }
            try:
                body = apply_patch(current, fragments)
            except PatchError as exc:
                raise HttpError(400, f"Invalid PATCH: {exc}") from None
        doc = self._build(spec, body, tenant, uuid)
        self._check_name(spec, tenant, doc, uuid)
        self._store[tenant][spec.name][uuid] = doc
        if spec is self._tenant_spec() and isinstance(doc.get("name"), str):
            self._tenants[uuid] = doc["name"]
        rendered = self._render(request.base_url, spec, doc, include_name=True)
        return MockResponse.json(200, rendered)

    def _delete(self, spec: ObjectSpec, doc: dict[str, Any]) -> None:
        uuid = doc["uuid"]
        if spec is self._tenant_spec():
            if uuid == ADMIN_TENANT:
                raise HttpError(400, "The admin tenant cannot be deleted")
            if any(self._store.get(uuid, {}).values()):
                raise HttpError(409, f"Tenant {doc.get('name')!r} still has objects")
            self._tenants.pop(uuid, None)
            self._store.pop(uuid, None)
        tenant, name = self._index.pop(uuid)
        del self._store[tenant][name][uuid]

    def _build(self, spec: ObjectSpec, body: Any, tenant: str, uuid: str) -> dict[str, Any]:
        """The document to store: ``body`` validated, defaults filled in, unknown fields
        dropped, refs normalized, server fields set."""
        if not isinstance(body, dict):
            raise HttpError(400, f"The body must be a JSON object (a {spec.name})")
        data = {k: v for k, v in body.items() if k not in SERVER_FIELDS}
        tenant_ref = f"/api/tenant/{tenant}"
        if "tenant_ref" in plan(spec.model):
            data["tenant_ref"] = tenant_ref
        try:
            if self.strict_fields:
                model = spec.model.model_validate(data)
            else:
                model = spec.model.model_validate(data, context=IGNORE_UNKNOWN)
        except ValidationError as exc:
            raise HttpError(400, _validation_message(spec, exc)) from None
        dumped = model.model_dump(mode="json", by_alias=True, exclude_none=True)
        doc = self._normalize_refs(spec, strip_extras(model, dumped), tenant)
        for key in SERVER_FIELDS:
            doc.pop(key, None)
        doc["uuid"] = uuid
        doc["tenant_ref"] = tenant_ref
        doc["_last_modified"] = self._clock()
        return dict(doc)

    def _check_name(self, spec: ObjectSpec, tenant: str, doc: dict[str, Any], uuid: str) -> None:
        name = doc.get("name")
        if name is None:
            return
        for other in self._store.get(tenant, {}).get(spec.name, {}).values():
            if other.get("name") == name and other["uuid"] != uuid:
                raise HttpError(
                    409, f"{spec.name} object with this Name and Tenant ref already exist"
                )

    def _clock(self) -> str:
        now = max(time.time_ns() // 1000, self._last_clock + 1)
        self._last_clock = now
        return str(now)

    def _docs(self, spec: ObjectSpec, scope: _Scope) -> list[dict[str, Any]]:
        if scope.tenant is not None:
            return list(self._store.get(scope.tenant, {}).get(spec.name, {}).values())
        return [
            doc for tenant in self._store.values() for doc in tenant.get(spec.name, {}).values()
        ]

    def _find(self, spec: ObjectSpec, uuid: str, scope: _Scope) -> dict[str, Any]:
        where = self._index.get(uuid)
        if where is None or where[1] != spec.name or (scope.tenant not in (None, where[0])):
            raise HttpError(404, f"{spec.name} object {uuid} not found")
        return self._store[where[0]][spec.name][uuid]

    # --- refs ---------------------------------------------------------------------------------

    def _segment_for(self, type_name: str) -> str | None:
        spec = self._specs.get(type_name)
        if spec is None:
            lowered = type_name.lower()
            for candidate in self._specs.values():
                if candidate.name.lower() == lowered or candidate.segment == lowered:
                    spec = candidate
                    break
        if spec is not None:
            return spec.segment
        return "tenant" if type_name.lower() == "tenant" else None

    def _normalize_refs(self, spec: ObjectSpec, doc: dict[str, Any], tenant: str) -> Any:
        return map_refs(
            doc,
            spec.model,
            lambda ref_type, value, where: self._ref(ref_type, value, where, tenant),
        )

    def _ref(self, ref_type: str, value: str, where: str, tenant: str) -> str:
        """A ref in stored form, ``/api/<type>/<uuid>``, from any form a client may send."""
        parts = urlsplit(value.strip().split("#", 1)[0])
        if not parts.path.startswith("/api/"):
            raise HttpError(
                400,
                f"{where}: {value!r} is not a reference (expected https://<host>/api/<type>/<uuid>"
                ", the same with #<name>, or /api/<type>?name=<name>)",
            )
        segments = [s for s in parts.path[len("/api/") :].split("/") if s]
        names = parse_qs(parts.query).get("name")
        expected = self._segment_for(ref_type)
        if names and segments:
            segment, name = "/".join(segments), names[-1]
            self._check_ref_type(segment, expected, value, where)
            found = self._uuid_by_name(segment, name, tenant)
            if found is None:
                raise HttpError(400, f"{where}: no {segment} object named {name!r}")
            return f"/api/{segment}/{found}"
        if len(segments) < 2:
            raise HttpError(400, f"{where}: {value!r} is not a reference to one object")
        segment = "/".join(segments[:-1])
        self._check_ref_type(segment, expected, value, where)
        return f"/api/{segment}/{segments[-1]}"

    @staticmethod
    def _check_ref_type(segment: str, expected: str | None, value: str, where: str) -> None:
        if expected is not None and segment != expected:
            raise HttpError(400, f"{where}: {value!r} refers to a {segment}, not a {expected}")

    def _uuid_by_name(self, segment: str, name: str, tenant: str) -> str | None:
        if segment == "tenant" and self._tenant_spec() is None:
            return next((u for u, n in self._tenants.items() if n == name), None)
        spec = self._by_path.get("/" + segment)
        if spec is None:
            return None
        for scope in dict.fromkeys((tenant, ADMIN_TENANT)):
            for doc in self._store.get(scope, {}).get(spec.name, {}).values():
                if doc.get("name") == name:
                    return str(doc["uuid"])
        return None

    def _ref_name(self, ref: str) -> str | None:
        segment, _, uuid = ref[len("/api/") :].rpartition("/")
        if segment == "tenant" and uuid in self._tenants:
            return self._tenants[uuid]
        where = self._index.get(uuid)
        if where is None:
            return None
        name = self._store[where[0]][where[1]][uuid].get("name")
        return name if isinstance(name, str) else None

    # --- rendering ----------------------------------------------------------------------------

    def _render(
        self,
        base: str,
        spec: ObjectSpec,
        doc: dict[str, Any],
        *,
        include_name: bool = False,
        fields: frozenset[str] | None = None,
        skip_default: bool = False,
    ) -> dict[str, Any]:
        out = copy.deepcopy(doc)
        if skip_default:
            strip_defaults(out, spec.model, frozenset({*ALWAYS_FIELDS, *SERVER_FIELDS}))

        def render(_type: str, value: str, _where: str) -> str:
            if not value.startswith("/api/"):
                return value
            name = self._ref_name(value) if include_name else None
            return f"{base}{value}" + (f"#{name}" if name is not None else "")

        out = map_refs(out, spec.model, render)
        url = f"{base}/api/{spec.segment}/{doc['uuid']}"
        if include_name and isinstance(doc.get("name"), str):
            url += f"#{doc['name']}"
        result: dict[str, Any] = {"url": url}
        result.update((k, v) for k, v in out.items() if k != "url")
        if fields is not None:
            result = {k: v for k, v in result.items() if k in fields or k in ALWAYS_FIELDS}
        return result

    def _render_query(
        self, request: MockRequest, spec: ObjectSpec, doc: dict[str, Any], query: dict[str, str]
    ) -> dict[str, Any]:
        fields = query.get("fields")
        return self._render(
            request.base_url,
            spec,
            doc,
            include_name="include_name" in query,
            fields=frozenset(f.strip() for f in fields.split(",") if f.strip())
            if fields is not None
            else None,
            skip_default="skip_default" in query and query["skip_default"].lower() not in _FALSE,
        )

    # --- lists --------------------------------------------------------------------------------

    def _list(
        self, request: MockRequest, spec: ObjectSpec, scope: _Scope, query: dict[str, str]
    ) -> MockResponse:
        docs = [d for d in self._docs(spec, scope) if self._matches(spec, d, query)]
        sort = query.get("sort", "").strip()
        if sort:
            key = sort.lstrip("-")
            docs.sort(
                key=lambda d: (d.get(key) is None, str(d.get(key, ""))), reverse=sort[0] == "-"
            )
        page = _positive_int(query, "page", 1)
        page_size = min(
            _positive_int(query, "page_size", self.default_page_size), self.max_page_size
        )
        start = (page - 1) * page_size
        results = [
            self._render_query(request, spec, d, query) for d in docs[start : start + page_size]
        ]
        body: dict[str, Any] = {"count": len(docs), "results": results}
        if start + page_size < len(docs):
            pairs = [
                (k, v) for k, v in parse_qsl(request.query, keep_blank_values=True) if k != "page"
            ]
            pairs.append(("page", str(page + 1)))
            body["next"] = f"{request.base_url}{request.path}?{urlencode(pairs)}"
        return MockResponse.json(200, body)

    def _matches(self, spec: ObjectSpec, doc: dict[str, Any], query: dict[str, str]) -> bool:
        known = plan(spec.model)
        for key, wanted in query.items():
            if key in _LIST_PARAMS:
                continue
            name, _, op = key.partition(".")
            if op not in ("", "contains", "icontains"):
                continue
            if name not in known and name not in ("name", "uuid", "tenant_ref"):
                continue  # unknown query parameters are ignored
            if not _field_matches(doc.get(name), op, wanted):
                return False
        refers_to = query.get("refers_to")
        if refers_to is not None:
            target = self._filter_ref(refers_to, "refers_to")
            if target not in collect_refs(doc, spec.model):
                return False
        referred_by = query.get("referred_by")
        if referred_by is not None:
            source = self._filter_ref(referred_by, "referred_by")
            _, _, source_uuid = source.rpartition("/")
            where = self._index.get(source_uuid)
            if where is None:
                return False
            source_doc = self._store[where[0]][where[1]][source_uuid]
            refs = collect_refs(source_doc, self._specs[where[1]].model)
            if f"/api/{spec.segment}/{doc['uuid']}" not in refs:
                return False
        return True

    def _filter_ref(self, value: str, param: str) -> str:
        type_name, sep, uuid = value.partition(":")
        if not sep or not type_name or not uuid:
            raise HttpError(400, f"{param} must be <type>:<uuid>, not {value!r}")
        segment = self._segment_for(type_name) or type_name.lower()
        return f"/api/{segment}/{uuid}"

    # --- /mock/ -------------------------------------------------------------------------------

    def _admin(self, request: MockRequest) -> MockResponse:
        try:
            return self._admin_route(request)
        except HttpError as exc:
            return MockResponse.json(exc.status, {"error": exc.message})
        except ValueError as exc:
            return MockResponse.json(400, {"error": str(exc)})
        except Exception as exc:
            logger.exception("mock admin request failed: %s %s", request.method, request.target)
            return MockResponse.json(500, {"error": f"internal error: {type(exc).__name__}"})

    def _admin_route(self, request: MockRequest) -> MockResponse:
        method, path = request.method.upper(), request.path.rstrip("/")
        handlers: dict[tuple[str, str], Callable[[], MockResponse]] = {
            ("POST", "/mock/faults"): lambda: self._admin_add_faults(request),
            ("GET", "/mock/faults"): lambda: MockResponse.json(
                200, {"faults": [f.to_json() for f in self.pending_faults()]}
            ),
            ("DELETE", "/mock/faults"): lambda: _done(self.clear_faults),
            ("POST", "/mock/expire-sessions"): lambda: MockResponse.json(
                200, {"expired": self.expire_sessions()}
            ),
            ("POST", "/mock/reset"): lambda: _done(self.reset),
            ("GET", "/mock/stats"): lambda: MockResponse.json(200, dict(self.stats)),
            ("DELETE", "/mock/stats"): lambda: _done(self.reset_stats),
            ("GET", "/mock/requests"): lambda: MockResponse.json(
                200, {"requests": [r.to_json() for r in self.requests]}
            ),
            ("POST", "/mock/tokens"): lambda: MockResponse.json(201, {"token": self.issue_token()}),
            ("POST", "/mock/tenants"): lambda: self._admin_add_tenant(request),
            ("GET", "/mock/tenants"): lambda: MockResponse.json(
                200, {"tenants": [{"uuid": u, "name": n} for u, n in self.tenants().items()]}
            ),
            ("GET", "/mock/info"): lambda: MockResponse.json(200, self._info()),
        }
        handler = handlers.get((method, path))
        if handler is None:
            if any(p == path for _, p in handlers):
                raise HttpError(405, f"Method {method} not allowed on {path}")
            raise HttpError(404, f"Resource not found: {path}")
        return handler()

    def _admin_add_faults(self, request: MockRequest) -> MockResponse:
        body = _json_body(request)
        items = body if isinstance(body, list) else [body]
        faults = [Fault.from_json(item) for item in items]
        added = [self.add_fault(f).to_json() for f in faults]
        return MockResponse.json(201, {"faults": added})

    def _admin_add_tenant(self, request: MockRequest) -> MockResponse:
        body = _json_body(request)
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            raise HttpError(400, "a tenant needs a name")
        uuid = body.get("uuid")
        tenant_uuid = self.add_tenant(body["name"], uuid if isinstance(uuid, str) else None)
        return MockResponse.json(201, {"uuid": tenant_uuid, "name": body["name"]})

    def _info(self) -> dict[str, Any]:
        return {
            "release": self.release,
            "known_releases": sorted(self.known_releases),
            "strict_version": self.strict_version,
            "strict_fields": self.strict_fields,
            "objects": {name: spec.path for name, spec in sorted(self._specs.items())},
            "default_page_size": self.default_page_size,
            "max_page_size": self.max_page_size,
        }


# --- helpers ---------------------------------------------------------------------------------


def _done(action: Callable[[], None]) -> MockResponse:
    action()
    return MockResponse.json(200, {})


def _fault_outcome(fault: Fault, response: MockResponse | None) -> Outcome:
    if fault.kind == "fail":
        return Outcome(
            MockResponse(fault.status, fault.body_bytes(), [("Content-Type", _fault_type(fault))])
        )
    if fault.after_headers and response is not None:
        return Outcome(response, close_after_headers=True)
    return Outcome(None)


def _fault_type(fault: Fault) -> str:
    return "text/plain" if isinstance(fault.body, str | bytes) else "application/json"


def _allow(method: str, *allowed: str) -> None:
    if method not in allowed:
        raise HttpError(405, f"Method {method} not allowed")


def _cookies(header: str) -> dict[str, str]:
    """Cookie values by name; a repeated name keeps its last value."""
    found: dict[str, str] = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name:
            found[name.strip()] = value.strip().strip('"')
    return found


def _query(query: str) -> dict[str, str]:
    return dict(parse_qsl(query, keep_blank_values=True))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _json_body(request: MockRequest) -> Any:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type != "application/json" and not content_type.endswith("+json"):
        raise HttpError(400, f"Unsupported content type {content_type!r}; send application/json")
    if not request.body.strip():
        raise HttpError(400, "The request needs a JSON body")
    try:
        return json.loads(request.body, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise HttpError(400, f"Malformed JSON body: {exc}") from None


def _login_form(request: MockRequest) -> dict[str, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = request.body
    if (
        content_type == "application/json"
        or content_type.endswith("+json")
        or (not content_type and raw.lstrip().startswith(b"{"))
    ):
        data = _json_body(request)
        if not isinstance(data, dict):
            raise HttpError(400, "The login body must be a JSON object")
        return {str(k): v for k, v in data.items() if isinstance(v, str)}
    if content_type and content_type != "application/x-www-form-urlencoded":
        raise HttpError(400, f"Unsupported content type {content_type!r} for login")
    try:
        pairs = parse_qsl(raw.decode(), keep_blank_values=True, strict_parsing=bool(raw))
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, "Malformed login form") from None
    return dict(pairs)


def _positive_int(query: Mapping[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HttpError(400, f"{name} must be a positive integer, not {raw!r}") from None
    if value < 1:
        raise HttpError(400, f"{name} must be a positive integer, not {raw!r}")
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _field_matches(actual: Any, op: str, wanted: str) -> bool:
    if actual is None:
        return False
    values = actual if isinstance(actual, list) else [actual]
    for value in values:
        if isinstance(value, dict | list):
            continue
        text = _as_text(value)
        if op == "contains":
            if wanted in text:
                return True
        elif op == "icontains":
            if wanted.lower() in text.lower():
                return True
        elif text == wanted:
            return True
        elif text.startswith("/api/"):
            wanted_path = urlsplit(wanted.split("#", 1)[0]).path
            if wanted_path == text or text.rpartition("/")[2] == wanted:
                return True
    return False


def _validation_message(spec: ObjectSpec, exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in error["loc"])
        parts.append(f"{loc}: {error['msg']}" if loc else str(error["msg"]))
    return f"Invalid {spec.name} object: " + "; ".join(parts)


def _cluster_status() -> dict[str, Any]:
    since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return {
        "cluster_state": {"state": "CLUSTER_UP_NO_HA", "up_since": since, "progress": 100},
        "node_states": [
            {
                "name": "127.0.0.1",
                "role": "CLUSTER_LEADER",
                "state": "CLUSTER_ACTIVE",
                "up_since": since,
                "mgmt_ip": "127.0.0.1",
            }
        ],
    }


__all__ = [
    "CSRF_FAILURE",
    "DEFAULT_PAGE_SIZE",
    "IGNORE_UNKNOWN",
    "MAX_PAGE_SIZE",
    "HttpError",
    "MockController",
    "MockRequest",
    "MockResponse",
    "Outcome",
    "RecordedRequest",
]
