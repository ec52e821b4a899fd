"""Objects in the emulator: CRUD answers, validation, refs, lists, filters and PATCH."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from avi_mock_models import RELEASE, SPECS, MakeImage

from codegen.mock import MockController


def test_post_answers_201_with_location_and_server_fields(
    mock: MockController, api: httpx.Client
) -> None:
    rsp = api.post("/api/image", json={"name": "one", "type": "IMAGE_TYPE_SYSTEM"})
    assert rsp.status_code == 201
    body = rsp.json()
    assert body["uuid"].startswith("image-")
    assert rsp.headers["Location"] == f"{mock.url}/api/image/{body['uuid']}"
    assert body["url"] == f"{mock.url}/api/image/{body['uuid']}#one"
    assert body["tenant_ref"] == f"{mock.url}/api/tenant/admin#admin"
    assert body["_last_modified"].isdigit() and len(body["_last_modified"]) == 16
    assert body["enabled"] is True  # defaults filled in
    got = api.get(f"/api/image/{body['uuid']}").json()
    assert got["url"] == f"{mock.url}/api/image/{body['uuid']}"  # no #name without include_name
    assert got["tenant_ref"] == f"{mock.url}/api/tenant/admin"


def test_slug_forces_uuid_and_duplicates_conflict(api: httpx.Client) -> None:
    rsp = api.post("/api/image", json={"name": "a"}, headers={"Slug": "image-fixed"})
    assert rsp.json()["uuid"] == "image-fixed"
    assert (
        api.post("/api/image", json={"name": "b"}, headers={"Slug": "image-fixed"}).status_code
        == 409
    )
    dup = api.post("/api/image", json={"name": "a"})
    assert dup.status_code == 409
    assert "already exist" in dup.json()["error"]


def test_put_replaces_and_accepts_read_only_fields(
    api: httpx.Client, make_image: MakeImage
) -> None:
    created = make_image("img", progress=10, labels=["x"])
    doc = api.get(f"/api/image/{created['uuid']}").json()
    doc.pop("labels")
    doc["progress"] = 20
    rsp = api.put(f"/api/image/{created['uuid']}", json=doc)
    assert rsp.status_code == 200
    body = rsp.json()
    assert body["progress"] == 20 and "labels" not in body
    assert body["uuid"] == created["uuid"]
    assert int(body["_last_modified"]) > int(created["_last_modified"])
    assert body["url"].endswith("#img")


def test_delete_answers_204_and_missing_objects_404(
    api: httpx.Client, make_image: MakeImage
) -> None:
    created = make_image("gone")
    rsp = api.delete(f"/api/image/{created['uuid']}")
    assert rsp.status_code == 204
    assert rsp.content == b""
    assert rsp.headers["Content-Type"] == "application/json"
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        rsp = api.request(method, f"/api/image/{created['uuid']}", json={"name": "x"})
        assert rsp.status_code == 404, method
    assert api.get("/api/nothing").status_code == 404
    assert api.get("/api/image/a/b").status_code == 404


def test_validation_errors_name_the_field(mock: MockController, api: httpx.Client) -> None:
    cases = {
        "type": {"name": "x", "type": "IMAGE_TYPE_FUTURE"},
        "progress": {"name": "x", "progress": 150},
        "name": {"name": 5},
        "tags.0.weight": {"name": "x", "tags": [{"key": "k", "weight": 11}]},
    }
    for field, body in cases.items():
        rsp = api.post("/api/image", json=body)
        assert rsp.status_code == 400, field
        assert f"{field}:" in rsp.json()["error"], rsp.text
    assert "IMAGE_TYPE_SYSTEM" in api.post("/api/image", json=cases["type"]).json()["error"]
    assert api.post("/api/image", json={"type": "IMAGE_TYPE_SYSTEM"}).status_code == 400
    assert mock.stored("Image") == []


def test_unknown_fields_dropped_by_default(mock: MockController, api: httpx.Client) -> None:
    rsp = api.post("/api/image", json={"name": "x", "newer": 1, "tags": [{"key": "k", "z": 2}]})
    assert rsp.status_code == 201
    body = rsp.json()
    assert "newer" not in body and body["tags"] == [{"key": "k"}]
    assert "newer" not in mock.stored("Image")[0]


def test_strict_fields_rejects_unknown() -> None:
    with MockController(SPECS, release=RELEASE, strict_fields=True) as mock:
        with httpx.Client(base_url=mock.url, headers={"X-Avi-Version": RELEASE}) as client:
            csrf = client.post("/login", data={"username": "admin", "password": "admin"}).cookies[
                "csrftoken"
            ]
            client.headers["X-CSRFToken"] = csrf
            rsp = client.post("/api/image", json={"name": "x", "newer": 1})
            assert rsp.status_code == 400
            assert "newer" in rsp.json()["error"]
            created = client.post("/api/image", json={"name": "x"}).json()
            # what was read may be written back: url, uuid and _last_modified are allowed
            assert client.put(f"/api/image/{created['uuid']}", json=created).status_code == 200


def test_bad_bodies_get_json_400(api: httpx.Client, make_image: MakeImage) -> None:
    for content, ctype in (
        (b"{bad", "application/json"),
        (b"", "application/json"),
        (b"[1]", "application/json"),
        (b"name=x", "text/plain"),
        (b'{"name": NaN}', "application/json"),
    ):
        rsp = api.post("/api/image", content=content, headers={"Content-Type": ctype})
        assert rsp.status_code == 400, content
        assert "error" in rsp.json()
    created = make_image("still-alive")
    assert api.get(f"/api/image/{created['uuid']}").status_code == 200
    assert api.get("/api/image?page=0").status_code == 400
    assert api.get("/api/image?page_size=x").status_code == 400


def test_refs_accept_url_name_and_query_forms(
    mock: MockController, api: httpx.Client, make_image: MakeImage
) -> None:
    base = make_image("base")
    uuid = base["uuid"]
    for ref in (
        f"https://10.0.0.1/api/image/{uuid}",
        f"{mock.url}/api/image/{uuid}#base",
        "/api/image?name=base",
        "https://h/api/image/?name=base",
    ):
        rsp = api.post("/api/image", json={"name": "p", "controller_patch_ref": ref})
        assert rsp.status_code == 201, (ref, rsp.text)
        assert rsp.json()["controller_patch_ref"] == f"{mock.url}/api/image/{uuid}#base"
        plain = api.get(f"/api/image/{rsp.json()['uuid']}").json()
        assert plain["controller_patch_ref"] == f"{mock.url}/api/image/{uuid}"
        named = api.get(f"/api/image/{rsp.json()['uuid']}?include_name=").json()
        assert named["controller_patch_ref"].endswith("#base")
        api.delete(f"/api/image/{rsp.json()['uuid']}")
    for bad in ("/api/image?name=missing", "base", "/api/pool/pool-1"):
        rsp = api.post("/api/image", json={"name": "p", "controller_patch_ref": bad})
        assert rsp.status_code == 400, bad
        assert "controller_patch_ref" in rsp.json()["error"]


def test_pagination_three_pages(api: httpx.Client, make_image: MakeImage) -> None:
    for i in range(7):
        make_image(f"img-{i}")
    names: list[str] = []
    url: str | None = "/api/image?page_size=3&fields=name"
    pages = 0
    while url:
        body = api.get(url).json()
        assert body["count"] == 7
        names += [r["name"] for r in body["results"]]
        url = body.get("next")
        pages += 1
        if url:
            assert "page_size=3" in url and "fields=name" in url
    assert pages == 3
    assert names == [f"img-{i}" for i in range(7)]
    assert api.get("/api/image?page=9&page_size=3").json()["results"] == []
    default = api.get("/api/image").json()
    assert len(default["results"]) == 7 and "next" not in default


def test_default_and_capped_page_size(mock: MockController, api: httpx.Client) -> None:
    for i in range(30):
        mock.create("Image", {"name": f"n{i}"})
    assert len(api.get("/api/image").json()["results"]) == 25
    mock.max_page_size = 10
    body = api.get("/api/image?page_size=500").json()
    assert len(body["results"]) == 10 and "next" in body


def test_filters(mock: MockController, api: httpx.Client, make_image: MakeImage) -> None:
    alpha = make_image("alpha", type="IMAGE_TYPE_SYSTEM", progress=5)
    beta = make_image("beta", type="IMAGE_TYPE_PATCH", controller_patch_ref=alpha["url"])
    make_image("alphabet")

    def names(query: str) -> list[str]:
        rsp = api.get(f"/api/image?{query}")
        assert rsp.status_code == 200, rsp.text
        return [r["name"] for r in rsp.json()["results"]]

    assert names("name=alpha") == ["alpha"]
    assert names("name.contains=pha") == ["alpha", "alphabet"]
    assert names("name.icontains=HABE") == ["alphabet"]
    assert names("type=IMAGE_TYPE_PATCH") == ["beta"]
    assert names("enabled=true") == ["alpha", "beta", "alphabet"]
    assert names(f"controller_patch_ref={alpha['uuid']}") == ["beta"]
    assert names(f"refers_to=image:{alpha['uuid']}") == ["beta"]
    assert names(f"referred_by=image:{beta['uuid']}") == ["alpha"]
    assert names("sort=-name") == ["beta", "alphabet", "alpha"]
    assert names("unknown_param=1") == ["alpha", "beta", "alphabet"]
    assert api.get("/api/image?refers_to=nocolon").status_code == 400

    only = api.get("/api/image?name=alpha&fields=progress").json()["results"][0]
    assert set(only) == {"url", "uuid", "name", "progress"}
    lean = api.get("/api/image?name=alpha&skip_default=true").json()["results"][0]
    assert "enabled" not in lean and lean["progress"] == 5 and "uuid" in lean
    full = api.get("/api/image?name=alpha").json()["results"][0]
    assert full["enabled"] is True
    named = api.get("/api/image?name=beta&include_name=true").json()["results"][0]
    assert named["controller_patch_ref"].endswith("#alpha")


def test_list_refs_across_types(api: httpx.Client, make_image: MakeImage) -> None:
    one, two = make_image("one"), make_image("two")
    rsp = api.post(
        "/api/pool", json={"name": "p", "image_refs": [one["url"], "/api/image?name=two"]}
    )
    assert rsp.status_code == 201, rsp.text
    pool = rsp.json()
    assert [r.rsplit("#", 1)[1] for r in pool["image_refs"]] == ["one", "two"]
    assert [
        p["name"] for p in api.get(f"/api/pool?refers_to=image:{two['uuid']}").json()["results"]
    ] == ["p"]
    refd = api.get(f"/api/image?referred_by=pool:{pool['uuid']}").json()["results"]
    assert [r["name"] for r in refd] == ["one", "two"]
    assert (
        api.post("/api/pool", json={"name": "q", "image_refs": ["/api/pool/x"]}).status_code == 400
    )


def test_patch_add_replace_delete(api: httpx.Client, make_image: MakeImage) -> None:
    created = make_image("p", labels=["a"], tags=[{"key": "k1"}, {"key": "k2", "value": "v"}])
    path = f"/api/image/{created['uuid']}"
    rsp = api.patch(path, json={"add": {"labels": ["b", "c"], "tags": [{"key": "k3"}]}})
    assert rsp.status_code == 200, rsp.text
    assert rsp.json()["labels"] == ["a", "b", "c"]
    assert [t["key"] for t in rsp.json()["tags"]] == ["k1", "k2", "k3"]
    rsp = api.patch(path, json={"replace": {"labels": ["z"], "progress": 50}})
    assert rsp.json()["labels"] == ["z"] and rsp.json()["progress"] == 50
    rsp = api.patch(path, json={"delete": {"tags": [{"key": "k2"}], "progress": 50}})
    body = rsp.json()
    assert [t["key"] for t in body["tags"]] == ["k1", "k3"] and "progress" not in body
    rsp = api.patch(
        path,
        json={
            "json_patch": [
                {"op": "add", "path": "/labels/-", "value": "y"},
                {"op": "add", "path": "/tags/0/value", "value": "set"},
                {"op": "test", "path": "/name", "value": "p"},
            ]
        },
    )
    assert rsp.status_code == 200, rsp.text
    assert rsp.json()["labels"] == ["z", "y"] and rsp.json()["tags"][0]["value"] == "set"
    bad: dict[str, Any]
    for bad in (
        {"replace": {"progress": 101}},
        {"delete": {"name": None}},
        {"oops": {}},
        {"json_patch": [{"op": "remove", "path": "/missing"}]},
        {"add": [1]},
    ):
        rsp = api.patch(path, json=bad)
        assert rsp.status_code == 400, bad
        assert "error" in rsp.json()


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_collection_methods_not_allowed(api: httpx.Client, method: str) -> None:
    assert api.request(method, "/api/image", json={}).status_code == 405


def test_tenant_ref_by_name_is_accepted(api: httpx.Client) -> None:
    # SPECS has no Tenant object: tenant refs by name resolve through the tenant registry.
    rsp = api.post("/api/image", json={"name": "t", "tenant_ref": "/api/tenant?name=admin"})
    assert rsp.status_code == 201
