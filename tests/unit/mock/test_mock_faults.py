"""Injected faults, statistics and the ``/mock/`` endpoints of the emulator."""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from avi_mock_models import RELEASE, SPECS, Login, MakeImage

from codegen.mock import Fault, MockController


def test_fail_next_n_with_status_and_body(mock: MockController, api: httpx.Client) -> None:
    mock.fail_next(2, status=503, method="POST", path="/api/image")
    assert api.get("/api/image").status_code == 200  # not matching: untouched
    for _ in range(2):
        rsp = api.post("/api/image", json={"name": "x"})
        assert rsp.status_code == 503
        assert rsp.json() == {"error": "Injected failure"}
    assert api.post("/api/image", json={"name": "x"}).status_code == 201
    assert mock.stats["POST /api/image"] == 3
    mock.fail_next(status=500, body="plain")
    rsp = api.get("/api/image")
    assert (rsp.status_code, rsp.text) == (500, "plain")


def test_fail_after_keeps_the_effect(mock: MockController, api: httpx.Client) -> None:
    mock.fail_next(status=502, method="POST", after=True)
    assert api.post("/api/image", json={"name": "x"}).status_code == 502
    assert [d["name"] for d in mock.stored("Image")] == ["x"]


def test_delay(mock: MockController, api: httpx.Client) -> None:
    mock.delay_next(1, seconds=0.3, method="GET")
    start = time.monotonic()
    assert api.get("/api/image").status_code == 200
    assert time.monotonic() - start >= 0.3
    start = time.monotonic()
    api.get("/api/image")
    assert time.monotonic() - start < 0.2
    mock.delay_next(seconds=1.0)
    with pytest.raises(httpx.ReadTimeout):
        api.get("/api/image", timeout=0.2)


def test_drop_connection(mock: MockController, api: httpx.Client) -> None:
    mock.drop_next(1, method="POST")
    with pytest.raises(httpx.TransportError):
        api.post("/api/image", json={"name": "lost"})
    assert mock.stored("Image") == []  # dropped before handling
    mock.drop_next(1, method="POST", after=True)
    with pytest.raises(httpx.TransportError):
        api.post("/api/image", json={"name": "kept"})
    assert [d["name"] for d in mock.stored("Image")] == ["kept"]
    assert api.get("/api/image").json()["count"] == 1  # the client reconnects


def test_drop_after_headers(mock: MockController, api: httpx.Client) -> None:
    mock.drop_next(1, method="GET", after_headers=True)
    with pytest.raises(httpx.TransportError):
        api.get("/api/image").read()
    assert api.get("/api/image").status_code == 200


def test_stats_count_requests_and_logins(
    mock: MockController, login: Login, make_image: MakeImage
) -> None:
    make_image("a")
    login()
    stats = mock.stats
    assert stats["POST /api/image"] == 1
    assert stats["logins"] == 2 and stats["POST /login"] == 2
    assert stats["GET /api/image"] == 0
    recorded = mock.requests
    posts = [r for r in recorded if r.path == "/api/image"]
    assert posts[0].headers["x-avi-version"] == RELEASE and b'"a"' in posts[0].body
    mock.reset_stats()
    assert mock.stats["POST /api/image"] == 0


def test_mock_endpoints(mock: MockController, api: httpx.Client, make_image: MakeImage) -> None:
    with httpx.Client(base_url=mock.url) as ctl:
        rsp = ctl.post(
            "/mock/faults", json={"kind": "fail", "status": 503, "count": 1, "method": "GET"}
        )
        assert rsp.status_code == 201
        assert ctl.get("/mock/faults").json()["faults"][0]["status"] == 503
        assert api.get("/api/image").status_code == 503
        assert ctl.get("/mock/faults").json()["faults"] == []
        assert ctl.post("/mock/faults", json={"kind": "explode"}).status_code == 400
        assert (
            ctl.post(
                "/mock/faults", json=[{"kind": "delay", "seconds": 0.01}, {"kind": "drop"}]
            ).status_code
            == 201
        )
        assert ctl.delete("/mock/faults").status_code == 200
        assert mock.pending_faults() == []

        assert ctl.get("/mock/stats").json()["GET /api/image"] == 1
        assert ctl.post("/mock/expire-sessions").json() == {"expired": 1}
        assert api.get("/api/image").status_code == 401

        token = ctl.post("/mock/tokens").json()["token"]
        assert ctl.post("/login", data={"username": "admin", "token": token}).status_code == 200
        assert ctl.post("/mock/tenants", json={"name": "red"}).status_code == 201
        names = [t["name"] for t in ctl.get("/mock/tenants").json()["tenants"]]
        assert names == ["admin", "red"]
        assert ctl.get("/mock/requests").json()["requests"][0]["path"] == "/login"
        assert ctl.get("/mock/info").json()["release"] == RELEASE

        mock.create("Image", {"name": "seed"})
        assert ctl.post("/mock/reset").status_code == 200
        assert mock.stored("Image") == [] and mock.stats["requests"] == 0
        assert ctl.get("/mock/nothing").status_code == 404
        assert ctl.put("/mock/reset").status_code == 405


def test_fault_validation() -> None:
    with pytest.raises(ValueError):
        Fault("fail", count=0)
    with pytest.raises(ValueError):
        Fault.from_json({"kind": "fail", "bogus": 1})
    assert Fault.from_json({"kind": "drop", "method": "post"}).method == "POST"


def _raw(mock: MockController, data: bytes) -> bytes:
    host, port = mock.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=2) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    return answer


def test_garbage_on_the_wire_gets_json_400(mock: MockController) -> None:
    answer = _raw(mock, b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    assert b'{"error"' in answer
    assert b'{"error"' in _raw(mock, b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")
    with httpx.Client(base_url=mock.url) as client:  # the server is still alive
        assert client.get("/api/cluster/status").status_code == 200


def test_keep_alive_is_fast_and_stop_closes_connections() -> None:
    mock = MockController(SPECS, release=RELEASE)
    url = mock.start()
    with httpx.Client(base_url=url) as client:
        client.get("/api/initial-data")
        start = time.monotonic()
        for _ in range(20):
            assert client.get("/api/initial-data").status_code == 200
        assert time.monotonic() - start < 0.5  # no 40 ms Nagle stall per request
        mock.stop()
        with pytest.raises(httpx.TransportError):
            client.get("/api/initial-data")
    mock.stop()  # idempotent
