"""The generated ``AsyncClient`` against the mock controller: the core scenario, and one shared
re-login for 100 concurrent requests after the session expired."""

from __future__ import annotations

import asyncio

import pytest

from codegen.mock import CSRF_FAILURE, MockController
from tests.e2e.support import Release, api_requests, make_async_client, serve, sleeps_of


def test_async_core_scenario(r31: Release, mock: MockController) -> None:
    Image, errors = r31.models.Image, r31.errors
    blue_uuid = mock.add_tenant("blue")

    async def scenario() -> None:
        async with make_async_client(r31, mock) as client:
            made = [await client.image.create(Image(name=f"a-{i}", progress=i)) for i in range(7)]
            assert all(isinstance(m, Image) for m in made)
            assert mock.stats["logins"] == 1

            page = await client.image.list(page_size=3)
            assert (page.count, len(page), bool(page.next)) == (7, 3, True)
            last = await client.image.list(page=3, page_size=3)
            assert [i.name for i in last] == ["a-6"] and last.next is None
            before = mock.stats["GET /api/image"]
            assert [i.name async for i in client.image.iter(page_size=3)] == [
                f"a-{i}" for i in range(7)
            ]
            assert mock.stats["GET /api/image"] - before == 3

            got = await client.image.get(made[1].uuid)
            assert (got.name, got.progress) == ("a-1", 1)
            assert (await client.image.get_by_name("a-5")).uuid == made[5].uuid
            got.progress = 99
            assert (await client.image.update(got)).progress == 99
            patched = await client.image.patch(got.uuid, add={"cloud_info_values": [{}]})
            assert patched.cloud_info_values is not None and len(patched.cloud_info_values) == 1
            await client.image.delete(made[0].uuid)
            await client.image.delete_by_name("a-2")
            with pytest.raises(errors.NotFoundError):
                await client.image.get(made[0].uuid)

            mock.expire_sessions()  # transparent re-login
            assert (await client.image.get(made[1].uuid)).progress == 99
            assert mock.stats["logins"] == 2

            mock.fail_next(1, status=401, body=CSRF_FAILURE, method="PUT")
            assert (await client.image.update(got)).progress == 99
            assert mock.stats["logins"] == 3

            mock.fail_next(2, status=503, method="GET", path="/api/image")  # retried, backoff
            assert (await client.image.list()).count == 5
            assert len(sleeps_of(client)) == 2

            mock.fail_next(1, status=503, method="POST", path="/api/image")  # not retried
            posts = mock.stats["POST /api/image"]
            with pytest.raises(errors.ServerError):
                await client.image.create({"name": "no-retry"})
            assert mock.stats["POST /api/image"] == posts + 1
            mock.fail_next(1, status=503, method="POST", path="/api/image")
            created = await client.image.call("POST", "", json={"name": "idem"}, idempotent=True)
            assert created.status_code == 201

            mock.drop_next(1, method="GET", path="/api/image")
            assert (await client.image.list()).count == 6

            mock.delay_next(1, seconds=0.75, method="GET", path="/api/image")
            with pytest.raises(errors.AviTimeoutError):
                await client.image.call("GET", "", timeout=0.25, idempotent=False)

            assert (await client.image.list(tenant="blue")).count == 0
            await client.image.create({"name": "b"}, tenant_uuid=blue_uuid)
            assert [i.name async for i in client.image.iter(tenant="blue")] == ["b"]

            await client.image.list(version="22.1.1")
            assert api_requests(mock)[-1].headers["x-avi-version"] == "22.1.1"
            with pytest.raises(errors.InvalidVersionError):
                await client.image.list(version="99.9.9")

            await client.logout()
            assert mock.stats["logouts"] == 1
            await client.image.list()
            assert mock.stats["logins"] == 4
        assert client.session.http_client.is_closed
        assert mock.stats["logouts"] == 2  # by the context manager

    asyncio.run(scenario())
    versions = {r.headers["x-avi-version"] for r in api_requests(mock)}
    assert versions == {"31.1.1", "22.1.1", "99.9.9"}


def test_100_concurrent_requests_share_one_login(r31: Release, mock: MockController) -> None:
    async def scenario() -> None:
        async with make_async_client(r31, mock) as client:
            img = await client.image.create({"name": "shared"})
            assert mock.stats["logins"] == 1
            mock.expire_sessions()
            mock.reset_stats()
            results = await asyncio.gather(*(client.image.get(img.uuid) for _ in range(100)))
            assert {r.uuid for r in results} == {img.uuid}
            stats = mock.stats
            assert stats["logins"] == 1  # exactly one new login for all of them
            assert stats["POST /login"] == 1
            assert 100 < stats[f"GET /api/image/{img.uuid}"] <= 200
            assert sleeps_of(client) == []

    asyncio.run(scenario())


def test_async_release_pinning(r22: Release) -> None:
    async def scenario(mock: MockController) -> None:
        async with make_async_client(r22, mock) as client:
            await client.image.create({"name": "old"})
            assert [i.name async for i in client.image.iter()] == ["old"]

    with serve(r22, strict_fields=True) as mock:
        asyncio.run(scenario(mock))
        assert {r.headers["x-avi-version"] for r in api_requests(mock)} == {"22.1.1"}
