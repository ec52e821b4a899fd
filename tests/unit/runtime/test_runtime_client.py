"""BaseClient / AsyncBaseClient and the subclass pattern generated packages use."""

from __future__ import annotations

import asyncio
from functools import cached_property

import pytest
from runtime_fake_controller import PASSWORD, USER, FakeController

from codegen.runtime.client import AsyncBaseClient, BaseClient
from codegen.runtime.models import AviModel
from codegen.runtime.resources import AsyncResource, Resource

BASE = "http://127.0.0.1:8080"


class Image(AviModel):
    name: str
    uuid: str | None = None
    url: str | None = None


class Client(BaseClient):
    release = "30.2.1"

    @cached_property
    def image(self) -> Resource[Image]:
        return self.resource(Image, "/image")


class AsyncClient(AsyncBaseClient):
    release = "30.2.1"

    @cached_property
    def image(self) -> AsyncResource[Image]:
        return self.resource(Image, "/image")


def test_generated_subclass_pattern() -> None:
    fake = FakeController()
    fake.add("image", name="a")
    with Client(BASE, username=USER, password=PASSWORD, http_client=fake.client()) as avi:
        assert avi.image is avi.image  # cached
        assert avi.image.session is avi.session
        names: list[str] = [i.name for i in avi.image.iter()]
        assert names == ["a"]
        assert avi.session.version == "30.2.1"
    assert fake.api_requests[0].headers["x-avi-version"] == "30.2.1"
    assert fake.logouts == 1


def test_version_overrides_release() -> None:
    fake = FakeController()
    avi = Client(
        BASE, username=USER, password=PASSWORD, version="22.1.3", http_client=fake.client()
    )
    avi.image.list()
    assert fake.api_requests[0].headers["x-avi-version"] == "22.1.3"
    avi.logout()
    avi.close()
    assert fake.logouts == 1


def test_version_required_without_release() -> None:
    with pytest.raises(ValueError, match="release"):
        BaseClient(BASE, username=USER, password=PASSWORD)
    client = BaseClient(BASE, username=USER, password=PASSWORD, version="30.2.1")
    assert client.session.version == "30.2.1"
    client.close()


def test_defaults_passed_to_session() -> None:
    avi = Client(BASE, username=USER, password=PASSWORD, tenant_uuid="t-1")
    assert avi.session.tenant_uuid == "t-1"
    assert avi.session._core.timeout == 60.0
    assert avi.session._core.retries == 3
    avi.close()
    assert avi.session.http_client.is_closed


def test_repr_has_no_secrets() -> None:
    avi = Client(BASE, username=USER, password=PASSWORD)
    assert repr(avi) == (
        f"Client(base_url='{BASE}', user='admin', tenant='admin', version='30.2.1')"
    )
    basic = Client(BASE, username=USER, password=PASSWORD, basic_auth=True)
    assert PASSWORD not in repr(basic)
    avi.close()
    basic.close()


def test_async_client() -> None:
    fake = FakeController()
    fake.add("image", name="a")

    async def main() -> None:
        async with AsyncClient(
            BASE, username=USER, password=PASSWORD, http_client=fake.async_client()
        ) as avi:
            got = await avi.image.get_by_name("a")
            assert got.name == "a"
            assert [i.name async for i in avi.image.iter()] == ["a"]
            assert PASSWORD not in repr(avi)

    asyncio.run(main())
    assert fake.logouts == 1
