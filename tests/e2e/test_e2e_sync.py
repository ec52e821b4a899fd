"""The generated sync ``Client`` against the mock controller over real HTTP on 127.0.0.1.

Every scenario drives the committed package (``generated/avi_v31_1_1``, and ``avi_v22_1_1`` for
version pinning) through a mock in strict-version mode, and checks both what the client returns
and what the mock saw (its ``stats`` counters and ``requests`` log).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pydantic import ValidationError

from codegen.mock import CSRF_FAILURE, MockController
from tests.e2e.support import (
    Release,
    api_requests,
    make_client,
    normalise,
    sample_document,
    serve,
    sleeps_of,
    without_server_fields,
)


def _names(n: int) -> list[str]:
    return [f"img-{i}" for i in range(n)]


def test_login_create_paginate_iterate_get(r31: Release, mock: MockController, client: Any) -> None:
    Image, ImageType = r31.models.Image, r31.models.ImageType
    made = [
        client.image.create(Image(name=name, type=ImageType.IMAGE_TYPE_SYSTEM, progress=i))
        for i, name in enumerate(_names(7))
    ]
    assert all(isinstance(m, Image) for m in made)
    assert [m.name for m in made] == _names(7)
    assert all(m.uuid and m.url and m.url.endswith(f"/api/image/{m.uuid}#{m.name}") for m in made)
    assert made[3].type is ImageType.IMAGE_TYPE_SYSTEM and made[3].progress == 3
    stats = mock.stats
    assert stats["logins"] == 1 and stats["POST /login"] == 1  # lazy login, once
    assert stats["POST /api/image"] == 7

    first = client.image.list(page_size=3)
    assert first.count == 7 and [i.name for i in first] == _names(3) and first.next
    middle = client.image.list(page=2, page_size=3)
    assert [i.name for i in middle] == _names(6)[3:] and middle.next
    last = client.image.list(page=3, page_size=3)
    assert [i.name for i in last] == ["img-6"] and last.next is None

    before = mock.stats["GET /api/image"]
    assert [i.name for i in client.image.iter(page_size=3)] == _names(7)
    assert mock.stats["GET /api/image"] - before == 3  # three pages, following ``next``
    queries = [r.query for r in api_requests(mock) if r.method == "GET"][-3:]
    assert queries == ["page_size=3", "page_size=3&page=2", "page_size=3&page=3"]

    got = client.image.get(made[2].uuid)
    assert isinstance(got, Image)
    assert (got.uuid, got.name, got.progress, got.type) == (
        made[2].uuid,
        "img-2",
        2,
        ImageType.IMAGE_TYPE_SYSTEM,
    )
    assert client.image.get(made[2].url).uuid == made[2].uuid  # a reference URL works too
    assert client.image.get_by_name("img-4").uuid == made[4].uuid
    with pytest.raises(r31.errors.NotFoundError):
        client.image.get_by_name("no-such-image")
    with pytest.raises(r31.errors.NotFoundError) as missing:
        client.image.get("image-00000000-0000-0000-0000-000000000000")
    assert missing.value.status == 404

    forced = client.image.create({"name": "forced"}, uuid="image-forced")
    assert forced.uuid == "image-forced"
    assert api_requests(mock)[-1].headers["slug"] == "image-forced"
    assert mock.stats["logins"] == 1


def test_delete_and_delete_by_name(r31: Release, mock: MockController, client: Any) -> None:
    a = client.image.create({"name": "a"})
    client.image.create({"name": "b"})
    assert client.image.delete(a.uuid) is None
    assert mock.stats[f"DELETE /api/image/{a.uuid}"] == 1
    with pytest.raises(r31.errors.NotFoundError):
        client.image.get(a.uuid)
    client.image.delete_by_name("b")
    assert [d["name"] for d in mock.stored("Image")] == []
    with pytest.raises(r31.errors.NotFoundError):
        client.image.delete_by_name("b")
    with pytest.raises(r31.errors.NotFoundError):
        client.image.delete(a.uuid)


@pytest.mark.parametrize("package", ["avi_v31_1_1", "avi_v22_1_1"])
def test_every_known_field_round_trips(package: str, request: pytest.FixtureRequest) -> None:
    """Create with every field of the release set, GET it back, modify, PUT, GET again.

    The mock drops fields a release does not know, so "keep what the controller sent" is checked
    field by field on the release's own fields instead (every one, nested ones included).
    """
    rel: Release = request.getfixturevalue("r31" if package.endswith("31_1_1") else "r22")
    with serve(rel, strict_fields=True) as mock:
        client = make_client(rel, mock)
        target = client.image.create({"name": "patch-target"})
        doc = sample_document(rel.models.Image, ref=target.url)
        doc["name"] = "everything"
        model = rel.models.Image.model_validate(doc)  # a valid request model of the release
        created = client.image.create(model)
        got = client.image.get(created.uuid)
        sent = normalise(model.to_json_dict())
        assert normalise(without_server_fields(got.to_json_dict())) == sent
        assert set(sent) == {
            (info.alias or name)
            for name, info in rel.models.Image.model_fields.items()
            if (info.alias or name) not in {"url", "uuid", "_last_modified", "tenant_ref"}
        }

        got.progress = 8
        got.migrations.se_min_cores = 3
        got.cloud_info_values[0].cloud_name = "changed"
        put = client.image.update(got)  # GET-modify-PUT, refs and read-only fields sent back
        assert put.progress == 8
        again = client.image.get(created.uuid)
        expected = {k: v for k, v in got.to_json_dict().items() if k != "_last_modified"}
        actual = {k: v for k, v in again.to_json_dict().items() if k != "_last_modified"}
        assert normalise(actual) == normalise(expected)
        assert again.last_modified != got.last_modified
        assert all(r.headers["x-avi-version"] == rel.release for r in api_requests(mock))
        client.close()


def test_patch_add_replace_delete(r31: Release, mock: MockController, client: Any) -> None:
    img = client.image.create(
        {"name": "p", "progress": 1, "cloud_info_values": [{"cloud_name": "c1"}]}
    )
    added = client.image.patch(img.uuid, add={"cloud_info_values": [{"cloud_name": "c2"}]})
    assert [c.cloud_name for c in added.cloud_info_values] == ["c1", "c2"]
    replaced = client.image.patch(img.uuid, replace={"progress": 50})
    assert replaced.progress == 50 and len(replaced.cloud_info_values) == 2
    deleted = client.image.patch(img.uuid, delete={"cloud_info_values": [{"cloud_name": "c1"}]})
    assert [c.cloud_name for c in deleted.cloud_info_values] == ["c2"]
    assert client.image.get(img.uuid).progress == 50
    bodies = [r.body for r in api_requests(mock) if r.method == "PATCH"]
    assert bodies[1] == b'{"replace":{"progress":50}}'
    with pytest.raises(ValueError, match="exactly one"):
        client.image.patch(img.uuid, add={"progress": 1}, replace={"progress": 2})


def test_session_expiry_logs_in_again_once(r31: Release, mock: MockController, client: Any) -> None:
    img = client.image.create({"name": "x"})
    assert mock.stats["logins"] == 1
    assert mock.expire_sessions() == 1
    assert client.image.get(img.uuid).name == "x"  # GET: 401, login, retry
    assert mock.stats["logins"] == 2
    assert mock.stats[f"GET /api/image/{img.uuid}"] == 2
    mock.expire_sessions()
    client.image.create({"name": "y"})  # a write: 401, login, retry with the new CSRF token
    assert mock.stats["logins"] == 3
    assert mock.stats["POST /api/image"] == 3
    assert sleeps_of(client) == []  # a re-login is not a backoff


def test_csrf_rejection_logs_in_again_and_retries(
    r31: Release, mock: MockController, client: Any
) -> None:
    client.image.list()
    mock.fail_next(1, status=401, body=CSRF_FAILURE, method="POST", path="/api/image")
    assert client.image.create({"name": "a"}).name == "a"
    assert (mock.stats["logins"], mock.stats["POST /api/image"]) == (2, 2)

    # A stale token for real: the mock's own CSRF check refuses it. The runtime has no public
    # way to set the token, so the session's stored state is replaced for this check.
    core = client.session._core
    core._auth = dataclasses.replace(core._auth, csrftoken="stale-token")
    assert client.image.create({"name": "b"}).name == "b"
    sent = [r for r in api_requests(mock) if r.method == "POST"][-2:]
    assert sent[0].headers["x-csrftoken"] == "stale-token"
    fresh = dict(p.split("=", 1) for p in sent[1].headers["cookie"].split("; "))
    assert sent[1].headers["x-csrftoken"] == fresh["csrftoken"] != "stale-token"
    assert mock.stats["logins"] == 3

    # Refused again after the one re-login: a typed AuthError, no loop.
    mock.fail_next(2, status=401, body=CSRF_FAILURE, method="POST", path="/api/image")
    with pytest.raises(r31.errors.AuthError, match="CSRF token missing or incorrect") as info:
        client.image.create({"name": "c"})
    assert info.value.status == 401
    assert mock.stats["logins"] == 4
    assert mock.stats["POST /api/image"] == 6
    assert [d["name"] for d in mock.stored("Image")] == ["a", "b"]


def test_503_retried_with_backoff_on_get_and_put(
    r31: Release, mock: MockController, client: Any
) -> None:
    img = client.image.create({"name": "r", "progress": 1})
    mock.fail_next(2, status=503, method="GET", path="/api/image")
    assert client.image.get(img.uuid).progress == 1
    assert mock.stats[f"GET /api/image/{img.uuid}"] == 3
    sleeps = sleeps_of(client)
    assert len(sleeps) == 2
    assert all(0.0 <= s <= 0.05 * 2**i for i, s in enumerate(sleeps))  # full jitter, doubling

    img.progress = 2
    mock.fail_next(2, status=503, method="PUT")
    assert client.image.update(img).progress == 2
    assert mock.stats[f"PUT /api/image/{img.uuid}"] == 3
    assert len(sleeps) == 4

    mock.fail_next(4, status=503, method="GET", path="/api/image")  # retries=3: 4 attempts
    with pytest.raises(r31.errors.ServerError) as info:
        client.image.list()
    assert info.value.status == 503
    assert mock.stats["GET /api/image"] == 4
    assert len(sleeps) == 7


def test_post_not_retried_unless_idempotent(
    r31: Release, mock: MockController, client: Any
) -> None:
    client.image.list()
    mock.fail_next(1, status=503, method="POST", path="/api/image")
    with pytest.raises(r31.errors.ServerError) as info:
        client.image.create({"name": "once"})
    assert info.value.status == 503
    assert mock.stats["POST /api/image"] == 1
    assert mock.stored("Image") == [] and sleeps_of(client) == []

    # ``create`` has no ``idempotent=``; the resource's raw ``call`` (and the session) have it.
    mock.fail_next(1, status=503, method="POST", path="/api/image")
    answer = client.image.call("POST", "", json={"name": "twice"}, idempotent=True)
    assert answer.status_code == 201
    assert mock.stats["POST /api/image"] == 3
    assert [d["name"] for d in mock.stored("Image")] == ["twice"]
    assert len(sleeps_of(client)) == 1


def test_timeouts(r31: Release, mock: MockController) -> None:
    with make_client(r31, mock, timeout=0.25, retries=0) as client:
        client.image.list()
        mock.delay_next(1, seconds=0.75, method="GET", path="/api/image")
        with pytest.raises(r31.errors.AviTimeoutError) as info:
            client.image.list()
        assert info.value.status is None and info.value.method == "GET"
    with make_client(r31, mock, timeout=0.25, retries=1) as client:
        mock.delay_next(1, seconds=0.75, method="GET", path="/api/image")
        assert client.image.list().count == 0  # a read timeout on a GET is retried
        assert len(sleeps_of(client)) == 1
    with make_client(r31, mock, timeout=5.0, retries=0) as client:  # per call
        mock.delay_next(1, seconds=0.75, method="GET", path="/api/image")
        with pytest.raises(r31.errors.AviTimeoutError):
            client.image.call("GET", "", timeout=0.25)


def test_dropped_connections(r31: Release, mock: MockController, client: Any) -> None:
    client.image.create({"name": "d"})
    mock.drop_next(1, method="GET", path="/api/image")
    assert client.image.list().count == 1
    assert mock.stats["GET /api/image"] == 2
    mock.drop_next(1, method="GET", path="/api/image", after_headers=True)
    assert client.image.get_by_name("d").name == "d"
    assert mock.stats["GET /api/image"] == 4
    assert len(sleeps_of(client)) == 2

    # A POST whose connection broke may have run: not repeated.
    mock.drop_next(1, method="POST", path="/api/image")
    with pytest.raises(r31.errors.AviConnectionError):
        client.image.create({"name": "lost"})
    assert mock.stats["POST /api/image"] == 2


def test_tenants_by_name_and_uuid(r31: Release, mock: MockController, client: Any) -> None:
    blue_uuid = mock.add_tenant("blue")
    with make_client(r31, mock, tenant="blue") as blue:
        made = blue.image.create({"name": "in-blue"})
        assert made.tenant_ref.endswith(f"/api/tenant/{blue_uuid}#blue")
    assert client.image.list().count == 0  # admin does not see it
    with pytest.raises(r31.errors.NotFoundError):
        client.image.get(made.uuid)
    assert client.image.get(made.uuid, tenant="blue").name == "in-blue"
    assert client.image.get(made.uuid, tenant_uuid=blue_uuid).name == "in-blue"
    with make_client(r31, mock, tenant_uuid=blue_uuid) as by_uuid:
        assert [i.name for i in by_uuid.image.iter()] == ["in-blue"]
        assert by_uuid.image.list(tenant="admin").count == 0  # per-call tenant wins
    with pytest.raises(ValueError, match="not both"):
        client.image.list(tenant="blue", tenant_uuid=blue_uuid)
    for r in api_requests(mock):  # one tenant header, never both
        assert ("x-avi-tenant" in r.headers) != ("x-avi-tenant-uuid" in r.headers)
    tenants = [
        (r.headers.get("x-avi-tenant"), r.headers.get("x-avi-tenant-uuid"))
        for r in api_requests(mock)
    ]
    assert tenants == [
        ("blue", None),
        ("admin", None),
        ("admin", None),
        ("blue", None),
        (None, blue_uuid),
        (None, blue_uuid),
        ("admin", None),
    ]
    with make_client(r31, mock, tenant="no-such-tenant") as lost:
        with pytest.raises(r31.errors.AviValidationError, match="no-such-tenant"):
            lost.image.list()


def test_version_pinned_and_overridden(r31: Release, mock: MockController, client: Any) -> None:
    client.image.list()
    client.image.list(version="22.1.1")
    client.image.create({"name": "v"}, version="22.1.1")
    client.image.list()
    versions = [r.headers["x-avi-version"] for r in api_requests(mock)]
    assert versions == ["31.1.1", "22.1.1", "22.1.1", "31.1.1"]
    with pytest.raises(r31.errors.InvalidVersionError, match="Invalid version") as info:
        client.image.list(version="99.9.9")
    assert isinstance(info.value, r31.errors.AviValidationError) and info.value.status == 400
    with make_client(r31, mock, version="22.1.1") as older:
        older.image.list()
        assert older.session.version == "22.1.1"
        assert api_requests(mock)[-1].headers["x-avi-version"] == "22.1.1"
    assert mock.stats["logins"] == 2


def test_release_pinning_across_packages(r31: Release, r22: Release) -> None:
    """Each package sends its own release; a 22.1.1 controller refuses what 22.1.1 lacks."""
    field = "fips_mode_transition_applicable"  # introduced in 30.1.1
    assert field in r31.models.Image.model_fields and field not in r22.models.Image.model_fields
    with serve(r22, strict_fields=True) as mock:
        with make_client(r22, mock) as old:
            old.image.create({"name": "old"})
            assert old.session.version == r22.release == "22.1.1"
        with make_client(r31, mock) as new:
            with pytest.raises(r31.errors.InvalidVersionError):
                new.image.list()  # the controller does not know 31.1.1
        assert {r.headers["x-avi-version"] for r in api_requests(mock)} == {"22.1.1", "31.1.1"}
    with serve(r22, strict_fields=True, known_releases=("31.1.1",)) as mock:
        with make_client(r31, mock) as new:
            new.image.create(r31.models.Image(name="defaults-not-sent"))  # exclude_unset
            with pytest.raises(r31.errors.AviValidationError, match=field):
                new.image.create(r31.models.Image(name="n", **{field: False}))
    with pytest.raises(ValidationError, match=field):  # the 22.1.1 model refuses it, unsent
        r22.models.Image.model_validate({"name": "n", field: False})


def test_logout_then_login_again(mock: MockController, client: Any) -> None:
    client.image.list()
    assert client.session.logged_in
    client.logout()
    assert not client.session.logged_in
    assert (mock.stats["logouts"], mock.stats["logins"]) == (1, 1)
    logout = next(r for r in mock.requests if r.path == "/logout")
    assert logout.headers["x-csrftoken"] and "avi-sessionid=" in logout.headers["cookie"]
    client.image.list()
    assert mock.stats["logins"] == 2
    client.logout()
    client.logout()  # no session: a no-op
    assert mock.stats["logouts"] == 2


def test_context_manager(r31: Release, mock: MockController) -> None:
    with make_client(r31, mock) as client:
        client.image.create({"name": "cm"})
        http = client.session.http_client
    assert http.is_closed
    assert (mock.stats["logins"], mock.stats["logouts"]) == (1, 1)
    with make_client(r31, mock) as unused:
        pass  # never logged in: nothing to log out of
    assert not unused.session.logged_in
    assert mock.stats["logouts"] == 1
    assert repr(unused).startswith("Client(base_url='http://127.0.0.1:")


def test_basic_auth_mode(r31: Release, mock: MockController) -> None:
    with make_client(r31, mock, basic_auth=True) as client:
        client.image.create({"name": "basic"})
        assert client.image.get_by_name("basic").name == "basic"
    assert mock.stats["logins"] == 0 and mock.stats["POST /login"] == 0
    for r in api_requests(mock):
        assert r.headers["authorization"].startswith("Basic ")
        assert "cookie" not in r.headers and "x-csrftoken" not in r.headers
