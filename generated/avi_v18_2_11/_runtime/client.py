"""The base classes of a generated package's clients: own a session, hand out resources.

:class:`BaseClient` owns a :class:`Session`, :class:`AsyncBaseClient` an
:class:`AsyncSession`. A generated package subclasses them, sets ``release`` (the Avi
release its models come from, sent as ``X-Avi-Version`` unless ``version=`` says otherwise)
and adds one cached property per object type::

    from functools import cached_property

    from ._runtime.client import BaseClient
    from ._runtime.resources import Resource
    from .models import Image


    class Client(BaseClient):
        release = "30.2.1"

        @cached_property
        def image(self) -> Resource[Image]:
            return self.resource(Image, "/image")


    with Client("https://10.0.0.1", username="admin", password="...") as avi:
        for image in avi.image.iter():
            print(image.name)

The public names of the base classes (``session``, ``resource``, ``logout``, ``close``,
``aclose``, ``release``) are taken; generated attributes must not reuse them.

``AsyncBaseClient`` works the same with ``AsyncResource`` (``async with``,
``await avi.image.get(...)``, ``async for ... in avi.image.iter()``). ``cached_property``
needs no annotation beyond the getter's return type to pass ``mypy --strict``.
"""

from __future__ import annotations

import ssl
from types import TracebackType
from typing import ClassVar, Self, TypeVar

import httpx

from .models import AviModel
from .resources import AsyncResource, Resource
from .session import AsyncSession, Session, TimeoutTypes

__all__ = ["AsyncBaseClient", "BaseClient"]

M = TypeVar("M", bound=AviModel)


def _pick_version(cls: type[object], release: str, version: str | None) -> str:
    chosen = version or release
    if not chosen:
        raise ValueError(
            f"{cls.__name__} has no release; pass version= (e.g. '30.2.1') or set "
            "the class attribute release"
        )
    return chosen


class BaseClient:
    """A synchronous client of one controller; subclasses add one property per object type."""

    #: The Avi release the generated package was made for (set by the generated subclass).
    release: ClassVar[str] = ""

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
        version: str | None = None,
        timeout: TimeoutTypes = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        verify: bool | str | ssl.SSLContext = True,
        http_client: httpx.Client | None = None,
        user_agent: str | None = None,
    ) -> None:
        self._session = Session(
            base_url,
            username=username,
            password=password,
            token=token,
            basic_auth=basic_auth,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            version=_pick_version(type(self), self.release, version),
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            verify=verify,
            http_client=http_client,
            user_agent=user_agent,
        )

    @property
    def session(self) -> Session:
        return self._session

    def resource(self, model: type[M], path: str) -> Resource[M]:
        """A resource for ``model`` at ``path`` (as the spec writes it, e.g. ``/image``)."""
        return Resource(self._session, model, path)

    def logout(self) -> None:
        self._session.logout()

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._session.__exit__(exc_type, exc, tb)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._session._core.describe()})"


class AsyncBaseClient:
    """An asyncio client of one controller; subclasses add one property per object type."""

    #: The Avi release the generated package was made for (set by the generated subclass).
    release: ClassVar[str] = ""

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
        version: str | None = None,
        timeout: TimeoutTypes = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        verify: bool | str | ssl.SSLContext = True,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str | None = None,
    ) -> None:
        self._session = AsyncSession(
            base_url,
            username=username,
            password=password,
            token=token,
            basic_auth=basic_auth,
            tenant=tenant,
            tenant_uuid=tenant_uuid,
            version=_pick_version(type(self), self.release, version),
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            verify=verify,
            http_client=http_client,
            user_agent=user_agent,
        )

    @property
    def session(self) -> AsyncSession:
        return self._session

    def resource(self, model: type[M], path: str) -> AsyncResource[M]:
        """A resource for ``model`` at ``path`` (as the spec writes it, e.g. ``/image``)."""
        return AsyncResource(self._session, model, path)

    async def logout(self) -> None:
        await self._session.logout()

    async def close(self) -> None:
        await self._session.close()

    aclose = close

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._session.__aexit__(exc_type, exc, tb)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._session._core.describe()})"
