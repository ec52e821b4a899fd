"""Fixtures for the controller emulator tests: a running mock and logged-in clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from avi_mock_models import RELEASE, SPECS, Login, MakeImage

from codegen.mock import MockController


@pytest.fixture
def mock() -> Iterator[MockController]:
    with MockController(SPECS, release=RELEASE, known_releases=("22.1.3",)) as controller:
        yield controller


@pytest.fixture
def login(mock: MockController) -> Iterator[Login]:
    """Make clients logged in to ``mock`` with the SDK's headers (closed after the test)."""
    clients: list[httpx.Client] = []

    def make(
        *, tenant: str | None = None, version: str | None = RELEASE, json_login: bool = False
    ) -> httpx.Client:
        client = httpx.Client(base_url=mock.url, timeout=5)
        clients.append(client)
        creds = {"username": "admin", "password": "admin"}
        rsp = client.post("/login", json=creds) if json_login else client.post("/login", data=creds)
        assert rsp.status_code == 200, rsp.text
        client.headers["X-CSRFToken"] = rsp.cookies["csrftoken"]
        client.headers["Referer"] = mock.url
        client.headers["Content-Type"] = "application/json"
        if version is not None:
            client.headers["X-Avi-Version"] = version
        if tenant is not None:
            client.headers["X-Avi-Tenant"] = tenant
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api(login: Login) -> httpx.Client:
    client: httpx.Client = login()
    return client


@pytest.fixture
def make_image(api: httpx.Client) -> MakeImage:
    """POST an image with ``api`` and return the 201 answer's body."""

    def make(name: str, client: httpx.Client | None = None, **fields: Any) -> dict[str, Any]:
        rsp = (client or api).post("/api/image", json={"name": name, **fields})
        assert rsp.status_code == 201, rsp.text
        body: dict[str, Any] = rsp.json()
        return body

    return make
