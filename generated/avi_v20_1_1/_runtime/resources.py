"""Typed access to one kind of Avi object: list, iterate, get, create, update, patch, delete.

``Resource[M]`` (over a :class:`Session`) and ``AsyncResource[M]`` (over an
:class:`AsyncSession`) have the same methods; the async ones are coroutines, and
``AsyncResource.iter`` is an async iterator. What to send and how to read the answer is
worked out by :class:`_ResourceCore`, shared by both.

Answers are read with ``model.from_response`` (tolerant of newer controllers). Bodies are a
model's ``to_json_dict()`` or a mapping sent as is (models nested in mappings and lists are
converted too).

Query parameters follow the Avi SDK: ``fields`` and ``join_subresources`` are comma-joined;
``include_name`` is sent as ``include_name=true`` when true and left out otherwise (the
controller reacts to the parameter whatever its value); ``skip_default`` is ``true`` or
``false``. ``page_size`` over 200 is refused with ``ValueError``, as the Avi SDK does.

Wherever a uuid is asked for, a reference URL (``https://host/api/pool/pool-1#web``) or a
uuid with ``#name`` works too.
"""

from __future__ import annotations

import builtins
import enum
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from typing import Any, Generic, TypedDict, TypeVar
from urllib.parse import parse_qsl, quote, urlsplit

import httpx

from .errors import AviError, NotFoundError
from .models import AviModel
from .session import AsyncSession, Session, TimeoutTypes

__all__ = [
    "AsyncResource",
    "CallOptions",
    "MAX_PAGE_SIZE",
    "Page",
    "Resource",
    "slug_of",
]

M = TypeVar("M", bound=AviModel)
R = TypeVar("R", bound=AviModel)


class CallOptions(TypedDict, total=False):
    """Per-call options of the generated operation methods (``**options``)."""

    params: Mapping[str, Any]
    version: str
    tenant: str
    tenant_uuid: str
    idempotent: bool
    timeout: TimeoutTypes


def _operation_path(template: str, uuid: str | None) -> str:
    """A spec path below the collection, with ``{uuid}`` filled in (URL-quoted)."""
    return (
        template.replace("{uuid}", quote(uuid, safe=""))
        if uuid is not None
        else template
    )


def _answer(response: httpx.Response) -> Any:
    return response.json() if response.content else None


#: The largest page the controller (and the Avi SDK) allows.
MAX_PAGE_SIZE = 200
#: The page size of ``iter`` unless given.
DEFAULT_PAGE_SIZE = 100


@dataclass(frozen=True)
class Page(Generic[M]):
    """One page of a collection: ``count`` objects in all, ``next`` while more pages exist."""

    count: int
    results: list[M]
    next: str | None
    response: httpx.Response = field(repr=False)

    def __iter__(self) -> Iterator[M]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


@dataclass(frozen=True)
class _Req:
    method: str
    path: str
    params: dict[str, Any] | None = None
    json: Any = None
    headers: dict[str, str] | None = None
    version: str | None = None
    tenant: str | None = None
    tenant_uuid: str | None = None
    idempotent: bool | None = None
    timeout: TimeoutTypes | None = None


def slug_of(uuid_or_ref: str) -> str:
    """The uuid in ``uuid``, ``uuid#name`` or a reference URL ``.../api/<type>/<uuid>#name``."""
    text = uuid_or_ref.split("#", 1)[0]
    if "/api/" in text:
        text = urlsplit(text).path.rstrip("/").rsplit("/", 1)[-1]
    if not text:
        raise ValueError(f"no uuid in {uuid_or_ref!r}")
    return text


def _jsonable(value: Any) -> Any:
    if isinstance(value, AviModel):
        return value.to_json_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _join(values: Sequence[str] | str) -> str:
    return values if isinstance(values, str) else ",".join(values)


def _check_page_size(page_size: Any) -> None:
    if page_size is None:
        return
    size = int(page_size)
    if size > MAX_PAGE_SIZE:
        raise ValueError(f"page_size cannot be more than {MAX_PAGE_SIZE}")
    if size < 1:
        raise ValueError("page_size must be at least 1")


def _api_relative(url: str) -> tuple[str, dict[str, Any]] | None:
    """The API path and query of a URL the controller sent (``next``, ``Location``)."""
    parts = urlsplit(url)
    path = parts.path
    marker = path.find("/api/")
    if marker < 0:
        return None
    params: dict[str, Any] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        params[key] = value
    return path[marker + len("/api") :], params


class _ResourceCore(Generic[M]):
    """What a resource sends and how it reads answers; no I/O."""

    def __init__(self, model: type[M], path: str) -> None:
        if not path.startswith("/"):
            path = "/" + path
        self.model = model
        self.path = path.rstrip("/") or "/"

    def item_path(self, uuid: str) -> str:
        return f"{self.path}/{quote(slug_of(uuid), safe='')}"

    @staticmethod
    def list_params(
        *,
        name: str | None,
        fields: Sequence[str] | None,
        include_name: bool | None,
        skip_default: bool | None,
        refers_to: str | None,
        referred_by: str | None,
        join_subresources: Sequence[str] | None,
        page: int | None,
        page_size: int | None,
        params: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        query: dict[str, Any] = dict(params or {})
        _check_page_size(query.get("page_size"))
        _check_page_size(page_size)
        if name is not None:
            query["name"] = name
        if fields:
            query["fields"] = _join(fields)
        if include_name:
            query["include_name"] = "true"
        if skip_default is not None:
            query["skip_default"] = "true" if skip_default else "false"
        if refers_to is not None:
            query["refers_to"] = refers_to
        if referred_by is not None:
            query["referred_by"] = referred_by
        if join_subresources:
            query["join_subresources"] = _join(join_subresources)
        if page is not None:
            query["page"] = int(page)
        if page_size is not None:
            query["page_size"] = int(page_size)
        return query

    @staticmethod
    def item_params(
        *,
        fields: Sequence[str] | None,
        include_name: bool | None,
        join_subresources: Sequence[str] | None,
        params: Mapping[str, Any] | None,
    ) -> dict[str, Any] | None:
        query: dict[str, Any] = dict(params or {})
        if fields:
            query["fields"] = _join(fields)
        if include_name:
            query["include_name"] = "true"
        if join_subresources:
            query["join_subresources"] = _join(join_subresources)
        return query or None

    @staticmethod
    def body(obj: Any) -> Any:
        if isinstance(obj, AviModel | Mapping):
            return _jsonable(obj)
        raise TypeError(f"expected a model or a mapping, got {type(obj).__name__}")

    def uuid_for_update(self, obj: Any, uuid: str | None) -> str:
        if uuid:
            return uuid
        found = (
            obj.get("uuid") if isinstance(obj, Mapping) else getattr(obj, "uuid", None)
        )
        if not found and isinstance(obj, Mapping):
            found = obj.get("url")
        if not found and isinstance(obj, AviModel):
            found = getattr(obj, "url", None)
        if not isinstance(found, str) or not found:
            raise ValueError(
                "update needs the object's uuid: set obj.uuid or pass uuid="
            )
        return found

    def patch_body(
        self,
        *,
        add: Any,
        replace: Any,
        delete: Any,
        json_patch: Sequence[Mapping[str, Any]] | None,
    ) -> dict[str, Any]:
        given = {
            k: v
            for k, v in (("add", add), ("replace", replace), ("delete", delete))
            if v is not None
        }
        if json_patch is not None:
            given["json_patch"] = json_patch
        if len(given) != 1:
            raise ValueError(
                "patch takes exactly one of add=, replace=, delete= or json_patch="
                f" (got {len(given) or 'none'})"
            )
        ((op, value),) = given.items()
        if op == "json_patch":
            if isinstance(value, Mapping | str | bytes):
                raise TypeError("json_patch must be a sequence of operations")
            return {op: [_jsonable(v) for v in value]}
        return {op: self.body(value)}

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            request = response.request
            raise AviError(
                f"{request.method} {request.url}: HTTP {response.status_code} answer is not JSON",
                status=response.status_code,
                method=request.method,
                url=str(request.url),
                response=response,
            ) from exc

    def one(self, response: httpx.Response) -> M:
        return self.model.from_response(self._json(response))

    def page(self, response: httpx.Response) -> Page[M]:
        data = self._json(response)
        if isinstance(data, Mapping) and isinstance(data.get("results"), builtins.list):
            results = [self.model.from_response(item) for item in data["results"]]
            count = data.get("count")
            nxt = data.get("next")
            return Page(
                count=count if isinstance(count, int) else len(results),
                results=results,
                next=nxt if isinstance(nxt, str) and nxt else None,
                response=response,
            )
        # A singleton API (e.g. /cluster) answers with the object itself.
        return Page(
            count=1,
            results=[self.model.from_response(data)],
            next=None,
            response=response,
        )

    @staticmethod
    def first_uuid(response: httpx.Response, what: str) -> str:
        data = _ResourceCore._json(response)
        results = data.get("results") if isinstance(data, Mapping) else None
        if not results:
            raise NotFoundError(f"{what}: no such object", response=response)
        first = results[0]
        found = (
            first.get("uuid") or first.get("url")
            if isinstance(first, Mapping)
            else None
        )
        if not isinstance(found, str) or not found:
            raise AviError(
                f"{what}: the controller's answer has no uuid", response=response
            )
        return found

    def first(self, page: Page[M], what: str) -> M:
        if not page.results:
            raise NotFoundError(f"{what}: no such object", response=page.response)
        return page.results[0]

    @staticmethod
    def next_req(req: _Req, next_url: str, page_number: int) -> _Req:
        relative = _api_relative(next_url)
        if relative is None:
            params = dict(req.params or {})
            params["page"] = page_number
            return _replace(req, params=params)
        path, params = relative
        if path == req.path and params == req.params:
            raise AviError(
                f"GET {req.path}: the controller's next page is the same page"
            )
        return _replace(req, path=path, params=params)

    def created(self, response: httpx.Response, req: _Req) -> M | _Req:
        """The created object, or the GET that fetches it when the answer has no body."""
        if response.content.strip():
            return self.one(response)
        location = response.headers.get("Location")
        relative = _api_relative(location) if location else None
        if relative is None:
            raise AviError(
                f"POST {self.path}: HTTP {response.status_code} without a body or Location",
                status=response.status_code,
                response=response,
            )
        path, params = relative
        return _Req(
            "GET",
            path,
            params=params or None,
            version=req.version,
            tenant=req.tenant,
            tenant_uuid=req.tenant_uuid,
        )


class _ResourceBase(Generic[M]):
    _core: _ResourceCore[M]

    @property
    def model(self) -> type[M]:
        return self._core.model

    @property
    def path(self) -> str:
        """The collection's path under ``/api``, e.g. ``/image``."""
        return self._core.path

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self._core.model.__name__}, {self._core.path!r})"
        )


class Resource(_ResourceBase[M]):
    """The objects at one path of a controller, read and written as models ``M``."""

    def __init__(self, session: Session, model: type[M], path: str) -> None:
        self._session = session
        self._core = _ResourceCore(model, path)

    @property
    def session(self) -> Session:
        return self._session

    def _send(self, req: _Req) -> httpx.Response:
        return self._session.request(
            req.method,
            req.path,
            params=req.params,
            json=req.json,
            headers=req.headers,
            version=req.version,
            tenant=req.tenant,
            tenant_uuid=req.tenant_uuid,
            idempotent=req.idempotent,
            timeout=req.timeout,
        )

    def list(
        self,
        *,
        name: str | None = None,
        fields: Sequence[str] | None = None,
        include_name: bool | None = None,
        skip_default: bool | None = None,
        refers_to: str | None = None,
        referred_by: str | None = None,
        join_subresources: Sequence[str] | None = None,
        page: int | None = None,
        page_size: int | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> Page[M]:
        """One page of the collection (the controller's first page unless ``page=``)."""
        query = self._core.list_params(
            name=name,
            fields=fields,
            include_name=include_name,
            skip_default=skip_default,
            refers_to=refers_to,
            referred_by=referred_by,
            join_subresources=join_subresources,
            page=page,
            page_size=page_size,
            params=params,
        )
        req = _Req(
            "GET", self._core.path, query, None, None, version, tenant, tenant_uuid
        )
        return self._core.page(self._send(req))

    def iter(
        self,
        *,
        name: str | None = None,
        fields: Sequence[str] | None = None,
        include_name: bool | None = None,
        skip_default: bool | None = None,
        refers_to: str | None = None,
        referred_by: str | None = None,
        join_subresources: Sequence[str] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> Iterator[M]:
        """Every object of the collection, page by page, following the controller's ``next``."""
        query = self._core.list_params(
            name=name,
            fields=fields,
            include_name=include_name,
            skip_default=skip_default,
            refers_to=refers_to,
            referred_by=referred_by,
            join_subresources=join_subresources,
            page=None,
            page_size=page_size,
            params=params,
        )
        req = _Req(
            "GET", self._core.path, query, None, None, version, tenant, tenant_uuid
        )
        return self._pages(req)

    def _pages(self, req: _Req) -> Iterator[M]:
        number = 1
        while True:
            page = self._core.page(self._send(req))
            yield from page.results
            if page.next is None:
                return
            number += 1
            req = self._core.next_req(req, page.next, number)

    def get(
        self,
        uuid: str,
        *,
        fields: Sequence[str] | None = None,
        include_name: bool | None = None,
        join_subresources: Sequence[str] | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """The object with this uuid (or reference URL); :class:`NotFoundError` if none."""
        query = self._core.item_params(
            fields=fields,
            include_name=include_name,
            join_subresources=join_subresources,
            params=params,
        )
        path = self._core.item_path(uuid)
        req = _Req("GET", path, query, None, None, version, tenant, tenant_uuid)
        return self._core.one(self._send(req))

    def get_by_name(
        self,
        name: str,
        *,
        fields: Sequence[str] | None = None,
        include_name: bool | None = None,
        join_subresources: Sequence[str] | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """The first object named ``name``; :class:`NotFoundError` if none."""
        page = self.list(
            name=name,
            fields=fields,
            include_name=include_name,
            join_subresources=join_subresources,
            params=params,
            version=version,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
        )
        return self._core.first(page, f"{self._core.path} named {name!r}")

    def create(
        self,
        obj: M | Mapping[str, Any],
        *,
        uuid: str | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """POST a new object (``uuid=`` forces its uuid with a ``Slug`` header)."""
        headers = {"Slug": uuid} if uuid else None
        req = _Req(
            "POST",
            self._core.path,
            dict(params) if params else None,
            self._core.body(obj),
            headers,
            version,
            tenant,
            tenant_uuid,
        )
        result = self._core.created(self._send(req), req)
        if isinstance(result, _Req):
            return self._core.one(self._send(result))
        return result

    def update(
        self,
        obj: M | Mapping[str, Any],
        *,
        uuid: str | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """PUT (replace) the whole object; its uuid comes from ``uuid=`` or ``obj.uuid``."""
        path = self._core.item_path(self._core.uuid_for_update(obj, uuid))
        req = _Req(
            "PUT",
            path,
            dict(params) if params else None,
            self._core.body(obj),
            None,
            version,
            tenant,
            tenant_uuid,
        )
        return self._core.one(self._send(req))

    def patch(
        self,
        uuid: str,
        *,
        add: M | Mapping[str, Any] | None = None,
        replace: M | Mapping[str, Any] | None = None,
        delete: M | Mapping[str, Any] | None = None,
        json_patch: Sequence[Mapping[str, Any]] | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """Avi's PATCH: exactly one of ``add``, ``replace``, ``delete`` or ``json_patch``."""
        body = self._core.patch_body(
            add=add, replace=replace, delete=delete, json_patch=json_patch
        )
        path = self._core.item_path(uuid)
        query = dict(params) if params else None
        req = _Req("PATCH", path, query, body, None, version, tenant, tenant_uuid)
        return self._core.one(self._send(req))

    def delete(
        self,
        uuid: str,
        *,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> None:
        """DELETE the object (the controller answers 204)."""
        path = self._core.item_path(uuid)
        query = dict(params) if params else None
        req = _Req("DELETE", path, query, None, None, version, tenant, tenant_uuid)
        self._send(req)

    def delete_by_name(
        self,
        name: str,
        *,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> None:
        """DELETE the first object named ``name``; :class:`NotFoundError` if none."""
        query = {"name": name, "fields": "uuid"}
        req = _Req(
            "GET", self._core.path, query, None, None, version, tenant, tenant_uuid
        )
        uuid = self._core.first_uuid(
            self._send(req), f"{self._core.path} named {name!r}"
        )
        self.delete(
            uuid, params=params, version=version, tenant=tenant, tenant_uuid=tenant_uuid
        )

    def call(
        self,
        method: str,
        subpath: str,
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
        """Call a sub-resource, e.g. ``call("GET", f"{uuid}/runtime/")``; the raw answer."""
        return self._session.request(
            method,
            f"{self._core.path}/{subpath.lstrip('/')}" if subpath else self._core.path,
            params=params,
            json=_jsonable(json),
            headers=headers,
            version=version,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            idempotent=idempotent,
            timeout=timeout,
        )

    def operation(
        self,
        method: str,
        subpath: str,
        *,
        uuid: str | None = None,
        body: Any = None,
        options: CallOptions,
    ) -> Any:
        """An operation of the spec beyond CRUD (what generated methods call): its JSON answer,
        or None when the answer is empty. ``subpath`` is the spec's path below the collection.
        """
        response = self.call(
            method, _operation_path(subpath, uuid), json=body, **options
        )
        return _answer(response)

    def operation_as(
        self,
        result: type[R],
        method: str,
        subpath: str,
        *,
        uuid: str | None = None,
        body: Any = None,
        options: CallOptions,
    ) -> R:
        """:meth:`operation`, its answer read as ``result``."""
        answer = self.operation(method, subpath, uuid=uuid, body=body, options=options)
        return result.from_response(answer)


class AsyncResource(_ResourceBase[M]):
    """:class:`Resource` over an :class:`AsyncSession`: the same methods, awaitable."""

    def __init__(self, session: AsyncSession, model: type[M], path: str) -> None:
        self._session = session
        self._core = _ResourceCore(model, path)

    @property
    def session(self) -> AsyncSession:
        return self._session

    async def _send(self, req: _Req) -> httpx.Response:
        return await self._session.request(
            req.method,
            req.path,
            params=req.params,
            json=req.json,
            headers=req.headers,
            version=req.version,
            tenant=req.tenant,
            tenant_uuid=req.tenant_uuid,
            idempotent=req.idempotent,
            timeout=req.timeout,
        )

    async def list(
        self,
        *,
        name: str | None = None,
        fields: Sequence[str] | None = None,
        include_name: bool | None = None,
        skip_default: bool | None = None,
        refers_to: str | None = None,
        referred_by: str | None = None,
        join_subresources: Sequence[str] | None = None,
        page: int | None = None,
        page_size: int | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> Page[M]:
        """One page of the collection (the controller's first page unless ``page=``)."""
        query = self._core.list_params(
            name=name,
            fields=fields,
            include_name=include_name,
            skip_default=skip_default,
            refers_to=refers_to,
            referred_by=referred_by,
            join_subresources=join_subresources,
            page=page,
            page_size=page_size,
            params=params,
        )
        req = _Req(
            "GET", self._core.path, query, None, None, version, tenant, tenant_uuid
        )
        return self._core.page(await self._send(req))

    def iter(
        self,
        *,
        name: str | None = None,
        fields: Sequence[str] | None = None,
        include_name: bool | None = None,
        skip_default: bool | None = None,
        refers_to: str | None = None,
        referred_by: str | None = None,
        join_subresources: Sequence[str] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> AsyncIterator[M]:
        """Every object of the collection (``async for``), following the controller's ``next``."""
        query = self._core.list_params(
            name=name,
            fields=fields,
            include_name=include_name,
            skip_default=skip_default,
            refers_to=refers_to,
            referred_by=referred_by,
            join_subresources=join_subresources,
            page=None,
            page_size=page_size,
            params=params,
        )
        req = _Req(
            "GET", self._core.path, query, None, None, version, tenant, tenant_uuid
        )
        return self._pages(req)

    async def _pages(self, req: _Req) -> AsyncIterator[M]:
        number = 1
        while True:
            page = self._core.page(await self._send(req))
            for item in page.results:
                yield item
            if page.next is None:
                return
            number += 1
            req = self._core.next_req(req, page.next, number)

    async def get(
        self,
        uuid: str,
        *,
        fields: Sequence[str] | None = None,
        include_name: bool | None = None,
        join_subresources: Sequence[str] | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """The object with this uuid (or reference URL); :class:`NotFoundError` if none."""
        query = self._core.item_params(
            fields=fields,
            include_name=include_name,
            join_subresources=join_subresources,
            params=params,
        )
        path = self._core.item_path(uuid)
        req = _Req("GET", path, query, None, None, version, tenant, tenant_uuid)
        return self._core.one(await self._send(req))

    async def get_by_name(
        self,
        name: str,
        *,
        fields: Sequence[str] | None = None,
        include_name: bool | None = None,
        join_subresources: Sequence[str] | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """The first object named ``name``; :class:`NotFoundError` if none."""
        page = await self.list(
            name=name,
            fields=fields,
            include_name=include_name,
            join_subresources=join_subresources,
            params=params,
            version=version,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
        )
        return self._core.first(page, f"{self._core.path} named {name!r}")

    async def create(
        self,
        obj: M | Mapping[str, Any],
        *,
        uuid: str | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """POST a new object (``uuid=`` forces its uuid with a ``Slug`` header)."""
        headers = {"Slug": uuid} if uuid else None
        req = _Req(
            "POST",
            self._core.path,
            dict(params) if params else None,
            self._core.body(obj),
            headers,
            version,
            tenant,
            tenant_uuid,
        )
        result = self._core.created(await self._send(req), req)
        if isinstance(result, _Req):
            return self._core.one(await self._send(result))
        return result

    async def update(
        self,
        obj: M | Mapping[str, Any],
        *,
        uuid: str | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """PUT (replace) the whole object; its uuid comes from ``uuid=`` or ``obj.uuid``."""
        path = self._core.item_path(self._core.uuid_for_update(obj, uuid))
        req = _Req(
            "PUT",
            path,
            dict(params) if params else None,
            self._core.body(obj),
            None,
            version,
            tenant,
            tenant_uuid,
        )
        return self._core.one(await self._send(req))

    async def patch(
        self,
        uuid: str,
        *,
        add: M | Mapping[str, Any] | None = None,
        replace: M | Mapping[str, Any] | None = None,
        delete: M | Mapping[str, Any] | None = None,
        json_patch: Sequence[Mapping[str, Any]] | None = None,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> M:
        """Avi's PATCH: exactly one of ``add``, ``replace``, ``delete`` or ``json_patch``."""
        body = self._core.patch_body(
            add=add, replace=replace, delete=delete, json_patch=json_patch
        )
        path = self._core.item_path(uuid)
        query = dict(params) if params else None
        req = _Req("PATCH", path, query, body, None, version, tenant, tenant_uuid)
        return self._core.one(await self._send(req))

    async def delete(
        self,
        uuid: str,
        *,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> None:
        """DELETE the object (the controller answers 204)."""
        path = self._core.item_path(uuid)
        query = dict(params) if params else None
        req = _Req("DELETE", path, query, None, None, version, tenant, tenant_uuid)
        await self._send(req)

    async def delete_by_name(
        self,
        name: str,
        *,
        params: Mapping[str, str] | None = None,
        version: str | None = None,
        tenant: str | None = None,
        tenant_uuid: str | None = None,
    ) -> None:
        """DELETE the first object named ``name``; :class:`NotFoundError` if none."""
        query = {"name": name, "fields": "uuid"}
        req = _Req(
            "GET", self._core.path, query, None, None, version, tenant, tenant_uuid
        )
        uuid = self._core.first_uuid(
            await self._send(req), f"{self._core.path} named {name!r}"
        )
        await self.delete(
            uuid, params=params, version=version, tenant=tenant, tenant_uuid=tenant_uuid
        )

    async def call(
        self,
        method: str,
        subpath: str,
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
        """Call a sub-resource, e.g. ``call("GET", f"{uuid}/runtime/")``; the raw answer."""
        return await self._session.request(
            method,
            f"{self._core.path}/{subpath.lstrip('/')}" if subpath else self._core.path,
            params=params,
            json=_jsonable(json),
            headers=headers,
            version=version,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            idempotent=idempotent,
            timeout=timeout,
        )

    async def operation(
        self,
        method: str,
        subpath: str,
        *,
        uuid: str | None = None,
        body: Any = None,
        options: CallOptions,
    ) -> Any:
        """See :meth:`Resource.operation`."""
        response = await self.call(
            method, _operation_path(subpath, uuid), json=body, **options
        )
        return _answer(response)

    async def operation_as(
        self,
        result: type[R],
        method: str,
        subpath: str,
        *,
        uuid: str | None = None,
        body: Any = None,
        options: CallOptions,
    ) -> R:
        """See :meth:`Resource.operation_as`."""
        answer = await self.operation(
            method, subpath, uuid=uuid, body=body, options=options
        )
        return result.from_response(answer)
