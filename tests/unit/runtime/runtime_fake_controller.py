"""A tiny in-process Avi controller for the runtime's unit tests (httpx.MockTransport).

It speaks the session protocol of AVI-PROTOCOL.md: form or JSON login with password or token,
``Secure`` cookies ``csrftoken``/``avi-sessionid``/``sessionid``, CSRF checked on writes,
401 for unknown or expired sessions, Basic auth, ``X-Avi-Version`` checked against known
releases ("Invalid version"), tenants, paging with an absolute ``next`` URL on another host,
201 + Location on POST, 204 on DELETE and PATCH add/replace/delete. Failures are injected
with :meth:`FakeController.inject`.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

PASSWORD = "s3cr3t-pw"
TOKEN = "tok-9f8e7d6c5b4a"
USER = "admin"
KNOWN_VERSIONS = {"30.2.1", "22.1.3", "20.1.1"}
#: The host the fake puts in ``next`` and ``Location`` (not the one the client talks to).
PUBLIC_HOST = "https://ctrl.example.com"

Injected = (
    int
    | tuple[int, dict[str, str]]
    | tuple[int, dict[str, str], Any]
    | Exception
    | httpx.Response
)


@dataclass
class Rule:
    items: list[Injected]
    method: str | None = None
    path: str | None = None

    def matches(self, request: httpx.Request) -> bool:
        if self.method and request.method != self.method:
            return False
        return not (self.path and not request.url.path.startswith(self.path))


@dataclass
class FakeController:
    users: dict[str, str] = field(default_factory=lambda: {USER: PASSWORD})
    tokens: set[str] = field(default_factory=lambda: {TOKEN})
    page_size_default: int = 25

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.sessions: dict[str, str] = {}  # session id -> csrf token
        self.issued: list[tuple[str, str]] = []  # every (session id, csrf token) handed out
        self.logins: list[httpx.Request] = []
        self.logouts = 0
        self.requests: list[httpx.Request] = []  # every request, login included
        self.api_requests: list[httpx.Request] = []
        self.objects: dict[str, dict[str, dict[str, Any]]] = {}
        self.rules: list[Rule] = []
        self.counter = itertools.count(1)
        self.echo_secrets = False

    # -- test controls ------------------------------------------------------------------

    def inject(self, *items: Injected, method: str | None = None, path: str | None = None) -> None:
        """Answer the next matching requests with these statuses / raise these errors."""
        self.rules.append(Rule(list(items), method, path))

    def expire_sessions(self) -> None:
        with self.lock:
            self.sessions.clear()

    def add(self, kind: str, **obj: Any) -> dict[str, Any]:
        uuid = obj.get("uuid") or f"{kind}-{next(self.counter):04d}"
        obj["uuid"] = uuid
        obj["url"] = f"{PUBLIC_HOST}/api/{kind}/{uuid}"
        self.objects.setdefault(kind, {})[uuid] = obj
        return obj

    def client(self, **kw: Any) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle), **kw)

    def async_client(self, **kw: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.ahandle), **kw)

    # -- handling -------------------------------------------------------------------------

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # let other tasks run, as a real server would
        await request.aread()
        return self.handle(request)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
            if request.url.path.startswith("/api/"):
                self.api_requests.append(request)
            injected = self._injected(request)
        if isinstance(injected, Exception):
            raise injected
        if injected is not None:
            return injected
        path = request.url.path
        if path == "/login":
            return self._login(request)
        if path == "/logout":
            return self._logout(request)
        if path.startswith("/api/"):
            return self._api(request)
        return error(404, "no such page")

    def _injected(self, request: httpx.Request) -> httpx.Response | Exception | None:
        for rule in self.rules:
            if rule.items and rule.matches(request):
                item = rule.items.pop(0)
                if isinstance(item, Exception):
                    if isinstance(item, httpx.RequestError):
                        item._request = request
                    return item
                if isinstance(item, httpx.Response):
                    return item
                if isinstance(item, int):
                    return error(item, f"injected {item}")
                status, headers, *body = item
                return httpx.Response(
                    status,
                    headers=headers,
                    json=body[0] if body else {"error": f"injected {status}"},
                )
        return None

    def _login(self, request: httpx.Request) -> httpx.Response:
        body = request.content.decode()
        if request.headers.get("content-type", "").startswith("application/json"):
            form = {k: str(v) for k, v in json.loads(body).items()}
        else:
            form = dict(urllib.parse.parse_qsl(body))
        self.logins.append(request)
        user = form.get("username", "")
        ok = ("password" in form and self.users.get(user) == form["password"]) or (
            "token" in form and form["token"] in self.tokens
        )
        if not ok:
            message = "Invalid credentials"
            if self.echo_secrets:
                message += f" for {form}"
            return error(401, message)
        with self.lock:
            n = next(self.counter)
            sid = f"sid-{n:06d}-d41d8cd98f00"
            csrf = f"csrf-{n:06d}-0cc175b9c0f1"
            self.sessions[sid] = csrf
            self.issued.append((sid, csrf))
        cookies = [
            ("set-cookie", f"{name}={value}; Path=/; Secure; SameSite=Strict{extra}")
            for name, value, extra in (
                ("csrftoken", csrf, ""),
                ("avi-sessionid", sid, "; HttpOnly"),
                ("sessionid", sid, "; HttpOnly"),
            )
        ]
        return httpx.Response(
            200,
            headers=cookies,
            json={
                "version": {"Version": "30.2.1", "build": 9001},
                "session_cookie_name": "avi-sessionid",
                "user": {"username": user},
            },
        )

    def session_of(self, request: httpx.Request) -> tuple[str, str] | None:
        cookies: dict[str, str] = {}
        for part in request.headers.get("cookie", "").split(";"):
            if "=" in part:
                k, v = part.strip().split("=", 1)
                cookies[k] = v  # duplicates: last wins
        sid = cookies.get("avi-sessionid") or cookies.get("sessionid")
        if sid and sid in self.sessions:
            return sid, self.sessions[sid]
        return None

    def _logout(self, request: httpx.Request) -> httpx.Response:
        found = self.session_of(request)
        if found is None:
            return error(401, "Authentication credentials were not provided.")
        if request.headers.get("x-csrftoken") != found[1]:
            return error(401, "CSRF token missing or incorrect.")
        with self.lock:
            self.sessions.pop(found[0], None)
            self.logouts += 1
        return httpx.Response(200, json={})

    def _authorised(self, request: httpx.Request) -> httpx.Response | None:
        auth = request.headers.get("authorization")
        if auth:
            scheme, _, encoded = auth.partition(" ")
            user, _, password = base64.b64decode(encoded).decode().partition(":")
            if scheme == "Basic" and self.users.get(user) == password:
                return None
            return error(401, "Invalid username/password.")
        found = self.session_of(request)
        if found is None:
            return error(401, "Authentication credentials were not provided.")
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            if request.headers.get("x-csrftoken") != found[1]:
                return error(401, "CSRF token missing or incorrect.")
        return None

    def _api(self, request: httpx.Request) -> httpx.Response:
        refused = self._authorised(request)
        if refused is not None:
            return refused
        version = request.headers.get("x-avi-version")
        if version is not None and version not in KNOWN_VERSIONS:
            return error(400, f"Invalid version {version}")
        if request.headers.get("x-avi-tenant") and request.headers.get("x-avi-tenant-uuid"):
            return error(400, "both tenant headers")
        parts = [p for p in request.url.path[len("/api/") :].split("/") if p]
        kind = parts[0]
        store = self.objects.setdefault(kind, {})
        params = dict(request.url.params)
        if len(parts) == 1:
            if request.method == "GET":
                return self._list(kind, store, params)
            if request.method == "POST":
                body = json.loads(request.content)
                uuid = request.headers.get("slug") or body.get("uuid")
                created = self.add(kind, **{**body, "uuid": uuid})
                return httpx.Response(
                    201, json=with_name(created), headers={"Location": created["url"]}
                )
            return error(405, "method not allowed")
        uuid = parts[1]
        if len(parts) > 2:
            if uuid not in store:
                return error(404, "object not found")
            return httpx.Response(200, json={"sub": parts[2:], "method": request.method})
        obj = store.get(uuid)
        if obj is None:
            return error(404, f"{kind} object not found!")
        if request.method == "GET":
            return httpx.Response(200, json=fields_of(obj, params))
        if request.method == "PUT":
            body = json.loads(request.content)
            body.update(uuid=uuid, url=obj["url"])
            store[uuid] = body
            return httpx.Response(200, json=with_name(body))
        if request.method == "PATCH":
            body = json.loads(request.content)
            apply_patch(obj, body)
            return httpx.Response(200, json=obj)
        if request.method == "DELETE":
            del store[uuid]
            return httpx.Response(204, headers={"content-type": "application/json"})
        return error(405, "method not allowed")

    def _list(
        self, kind: str, store: dict[str, dict[str, Any]], params: dict[str, str]
    ) -> httpx.Response:
        items = list(store.values())
        if "name" in params:
            items = [o for o in items if o.get("name") == params["name"]]
        page = int(params.get("page", "1"))
        size = int(params.get("page_size", str(self.page_size_default)))
        chunk = items[(page - 1) * size : page * size]
        data: dict[str, Any] = {
            "count": len(items),
            "results": [fields_of(o, params) for o in chunk],
        }
        if page * size < len(items):
            query = {**params, "page": str(page + 1)}
            data["next"] = f"{PUBLIC_HOST}/api/{kind}?{urllib.parse.urlencode(query)}"
        return httpx.Response(200, json=data)


def error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"error": message})


def with_name(obj: dict[str, Any]) -> dict[str, Any]:
    return {**obj, "url": f"{obj['url']}#{obj.get('name', '')}"}


def fields_of(obj: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
    out = dict(obj)
    if "fields" in params:
        keep = set(params["fields"].split(",")) | {"uuid", "url"}
        out = {k: v for k, v in out.items() if k in keep}
    if "include_name" in params:
        out = with_name(out)
    return out


def apply_patch(obj: dict[str, Any], body: dict[str, Any]) -> None:
    (op, value), = body.items()
    if op == "replace":
        obj.update(value)
    elif op == "add":
        for k, v in value.items():
            if isinstance(v, list):
                obj.setdefault(k, []).extend(v)
            else:
                obj[k] = v
    elif op == "delete":
        for k, v in value.items():
            if isinstance(v, list):
                obj[k] = [x for x in obj.get(k, []) if x not in v]
            else:
                obj.pop(k, None)
    elif op == "json_patch":
        for step in value:
            if step["op"] in ("replace", "add"):
                obj[step["path"].lstrip("/")] = step["value"]


def recorded_sleeps() -> tuple[list[float], Callable[[float], None]]:
    delays: list[float] = []
    return delays, delays.append
