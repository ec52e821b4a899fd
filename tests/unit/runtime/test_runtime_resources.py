"""Resource and AsyncResource against the fake controller."""

from __future__ import annotations

import asyncio
import inspect
import json
from typing import Any

import httpx
import pytest
from runtime_fake_controller import PASSWORD, PUBLIC_HOST, USER, FakeController

from codegen.runtime.errors import NotFoundError
from codegen.runtime.models import AviModel
from codegen.runtime.resources import AsyncResource, Page, Resource, slug_of
from codegen.runtime.session import AsyncSession, Session

BASE = "http://127.0.0.1:8080"


class Image(AviModel):
    name: str
    uuid: str | None = None
    url: str | None = None
    tags: list[str] | None = None
    size: int | None = None


@pytest.fixture
def fake() -> FakeController:
    return FakeController()


def images(fake: FakeController, **kw: Any) -> Resource[Image]:
    session = Session(
        BASE,
        username=USER,
        password=PASSWORD,
        version="30.2.1",
        http_client=fake.client(),
        **kw,
    )
    return Resource(session, Image, "/image")


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


def test_list_one_page_and_query_encoding(fake: FakeController) -> None:
    for i in range(3):
        fake.add("image", name=f"img-{i}", size=i)
    res = images(fake)
    page = res.list(
        fields=["name", "size"],
        include_name=True,
        skip_default=True,
        refers_to="pool:pool-1",
        referred_by="virtualservice:vs-1",
        join_subresources=["runtime", "config"],
        page=1,
        page_size=2,
        params={"sort": "name"},
    )
    assert isinstance(page, Page)
    assert page.count == 3
    assert len(page) == 2
    assert [i.name for i in page] == ["img-0", "img-1"]
    assert page.next is not None and page.next.startswith(PUBLIC_HOST)
    assert page.response.status_code == 200
    assert all(isinstance(i, Image) for i in page.results)
    assert page.results[0].url is not None and page.results[0].url.endswith("#img-0")
    params = dict(fake.api_requests[-1].url.params)
    assert params == {
        "sort": "name",
        "fields": "name,size",
        "include_name": "true",
        "skip_default": "true",
        "refers_to": "pool:pool-1",
        "referred_by": "virtualservice:vs-1",
        "join_subresources": "runtime,config",
        "page": "1",
        "page_size": "2",
    }
    res.list(include_name=False, skip_default=False)
    assert dict(fake.api_requests[-1].url.params) == {"skip_default": "false"}


def test_iter_follows_next_over_three_pages(fake: FakeController) -> None:
    for i in range(7):
        fake.add("image", name=f"img-{i}")
    res = images(fake, tenant="blue")
    names = [i.name for i in res.iter(page_size=3, version="22.1.3", tenant_uuid="t-9")]
    assert names == [f"img-{i}" for i in range(7)]
    pages = fake.api_requests
    assert len(pages) == 3
    assert [r.url.params.get("page") for r in pages] == [None, "2", "3"]
    for request in pages:
        assert request.url.host == "127.0.0.1"  # not the host in `next`
        assert request.url.params["page_size"] == "3"
        assert request.headers["x-avi-version"] == "22.1.3"
        assert request.headers["x-avi-tenant-uuid"] == "t-9"
        assert "x-avi-tenant" not in request.headers


def test_iter_default_page_size_is_100(fake: FakeController) -> None:
    fake.add("image", name="a")
    assert [i.name for i in images(fake).iter()] == ["a"]
    assert fake.api_requests[0].url.params["page_size"] == "100"


def test_page_size_over_200_is_refused(fake: FakeController) -> None:
    res = images(fake)
    with pytest.raises(ValueError, match="200"):
        res.iter(page_size=201)  # refused at once, before iterating
    with pytest.raises(ValueError):
        res.list(page_size=500)
    with pytest.raises(ValueError):
        res.list(params={"page_size": "300"})
    with pytest.raises(ValueError):
        res.list(page_size=0)
    assert fake.requests == []
    res.list(page_size=200)


def test_get_and_get_by_name(fake: FakeController) -> None:
    obj = fake.add("image", name="web", size=3)
    res = images(fake)
    got = res.get(obj["uuid"], fields=["name"], include_name=True)
    assert got.name == "web" and got.uuid == obj["uuid"]
    assert fake.api_requests[-1].url.path == f"/api/image/{obj['uuid']}"
    assert dict(fake.api_requests[-1].url.params) == {"fields": "name", "include_name": "true"}
    assert res.get(obj["url"] + "#web").size == 3  # a reference URL works as a uuid
    found = res.get_by_name("web")
    assert found.uuid == obj["uuid"]
    assert fake.api_requests[-1].url.params["name"] == "web"


def test_get_missing_and_get_by_name_missing(fake: FakeController) -> None:
    res = images(fake)
    with pytest.raises(NotFoundError) as info:
        res.get("image-nope")
    assert info.value.status == 404
    with pytest.raises(NotFoundError, match="'ghost'"):
        res.get_by_name("ghost")


def test_create_accepts_201_with_location_and_models_or_mappings(fake: FakeController) -> None:
    res = images(fake)
    created = res.create(Image(name="a", tags=["x"]))
    assert created.name == "a" and created.uuid is not None
    assert body_of(fake.api_requests[-1]) == {"name": "a", "tags": ["x"]}
    assert fake.api_requests[-1].method == "POST"
    created = res.create({"name": "b", "size": 2}, uuid="image-forced")
    assert created.uuid == "image-forced"
    assert fake.api_requests[-1].headers["slug"] == "image-forced"


def test_create_accepts_200_and_empty_201(fake: FakeController) -> None:
    res = images(fake)
    fake.inject((200, {}, {"name": "c", "uuid": "image-c"}), method="POST", path="/api/")
    assert res.create({"name": "c"}).uuid == "image-c"
    obj = fake.add("image", name="d")
    fake.inject(httpx.Response(201, headers={"Location": obj["url"]}), method="POST", path="/api/")
    created = res.create({"name": "d"}, version="22.1.3")
    assert created.uuid == obj["uuid"]
    follow_up = fake.api_requests[-1]
    assert follow_up.method == "GET" and follow_up.url.path == f"/api/image/{obj['uuid']}"
    assert follow_up.url.host == "127.0.0.1"
    assert follow_up.headers["x-avi-version"] == "22.1.3"


def test_update_puts_whole_object(fake: FakeController) -> None:
    obj = fake.add("image", name="old", size=1)
    res = images(fake)
    current = res.get(obj["uuid"])
    current.name = "new"
    updated = res.update(current)
    assert updated.name == "new"
    request = fake.api_requests[-1]
    assert request.method == "PUT" and request.url.path == f"/api/image/{obj['uuid']}"
    assert body_of(request)["name"] == "new"
    res.update({"name": "newer"}, uuid=obj["uuid"])
    assert fake.objects["image"][obj["uuid"]]["name"] == "newer"
    with pytest.raises(ValueError, match="uuid"):
        res.update(Image(name="no-uuid"))


def test_patch_body_shapes(fake: FakeController) -> None:
    obj = fake.add("image", name="p", tags=["a"], size=1)
    res = images(fake)
    uuid = obj["uuid"]
    assert res.patch(uuid, add={"tags": ["b"]}).tags == ["a", "b"]
    assert body_of(fake.api_requests[-1]) == {"add": {"tags": ["b"]}}
    assert res.patch(uuid, replace=Image(name="q")).name == "q"
    assert body_of(fake.api_requests[-1]) == {"replace": {"name": "q"}}
    assert res.patch(uuid, delete={"tags": ["a"]}).tags == ["b"]
    assert body_of(fake.api_requests[-1]) == {"delete": {"tags": ["a"]}}
    ops = [{"op": "replace", "path": "/size", "value": 9}]
    assert res.patch(uuid, json_patch=ops).size == 9
    assert body_of(fake.api_requests[-1]) == {"json_patch": ops}
    assert all(r.method == "PATCH" for r in fake.api_requests)
    sent = len(fake.api_requests)
    with pytest.raises(ValueError, match="none"):
        res.patch(uuid)
    with pytest.raises(ValueError, match="2"):
        res.patch(uuid, add={"tags": ["c"]}, replace={"name": "r"})
    assert len(fake.api_requests) == sent


def test_delete_and_delete_by_name(fake: FakeController) -> None:
    a = fake.add("image", name="a")
    fake.add("image", name="b")
    res = images(fake)
    res.delete(a["uuid"])
    assert fake.api_requests[-1].method == "DELETE"
    res.delete_by_name("b")
    assert fake.objects["image"] == {}
    with pytest.raises(NotFoundError):
        res.delete_by_name("b")
    with pytest.raises(NotFoundError):
        res.delete(a["uuid"])


def test_call_sub_resource(fake: FakeController) -> None:
    obj = fake.add("image", name="a")
    res = images(fake)
    response = res.call("GET", f"{obj['uuid']}/runtime/", params={"detail": True})
    assert response.json() == {"sub": ["runtime"], "method": "GET"}
    assert fake.api_requests[-1].url.path == f"/api/image/{obj['uuid']}/runtime/"
    assert fake.api_requests[-1].url.params["detail"] == "true"
    res.call("POST", f"{obj['uuid']}/flush", json={"x": Image(name="n")})
    assert body_of(fake.api_requests[-1]) == {"x": {"name": "n"}}


def test_slug_of() -> None:
    assert slug_of("pool-1") == "pool-1"
    assert slug_of("pool-1#web") == "pool-1"
    assert slug_of("https://h/api/pool/pool-1#web") == "pool-1"
    with pytest.raises(ValueError):
        slug_of("#web")


def test_read_is_tolerant_of_newer_controllers(fake: FakeController) -> None:
    fake.add("image", name="n", new_field_from_newer_release={"x": 1})
    got = images(fake).get_by_name("n")
    assert got.to_json_dict()["new_field_from_newer_release"] == {"x": 1}


def test_async_resource_mirrors_resource() -> None:
    for name, member in inspect.getmembers(Resource, inspect.isfunction):
        if name.startswith("_"):
            continue
        other = getattr(AsyncResource, name)
        assert list(inspect.signature(member).parameters) == list(
            inspect.signature(other).parameters
        ), name
        assert inspect.iscoroutinefunction(other) == (name != "iter"), name
    assert not inspect.isasyncgenfunction(AsyncResource.iter)  # checks eagerly, then iterates


def test_async_resource_end_to_end(fake: FakeController) -> None:
    for i in range(5):
        fake.add("image", name=f"img-{i}")

    async def main() -> None:
        session = AsyncSession(
            BASE,
            username=USER,
            password=PASSWORD,
            version="30.2.1",
            http_client=fake.async_client(),
        )
        res = AsyncResource(session, Image, "/image")
        names = [i.name async for i in res.iter(page_size=2, tenant="t")]
        assert names == [f"img-{i}" for i in range(5)]
        with pytest.raises(ValueError):
            res.iter(page_size=201)
        page = await res.list(page_size=2)
        assert page.count == 5 and page.next is not None
        created = await res.create(Image(name="new"))
        assert created.uuid is not None
        got = await res.get(created.uuid)
        assert got.name == "new"
        assert (await res.get_by_name("new")).uuid == created.uuid
        patched = await res.patch(created.uuid, replace={"size": 4})
        assert patched.size == 4
        got.size = 5
        assert (await res.update(got)).size == 5
        response = await res.call("GET", f"{created.uuid}/runtime")
        assert response.status_code == 200
        await res.delete(created.uuid)
        with pytest.raises(NotFoundError):
            await res.get_by_name("new")
        await res.delete_by_name("img-0")
        with pytest.raises(ValueError):
            await res.patch("x")
        await session.close()

    asyncio.run(main())
    assert len(fake.logins) == 1
    assert [r.url.params.get("page") for r in fake.api_requests[:3]] == [None, "2", "3"]
