"""Fixtures of the end-to-end suite: generated packages, a running mock, a client of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from codegen.mock import MockController
from tests.e2e.support import Release, load_release, make_client, serve

NEWEST = "avi_v31_1_1"
OLDER = "avi_v22_1_1"


@pytest.fixture(scope="session")
def r31() -> Release:
    return load_release(NEWEST)


@pytest.fixture(scope="session")
def r22() -> Release:
    return load_release(OLDER)


@pytest.fixture
def mock(r31: Release) -> Iterator[MockController]:
    """The 31.1.1 mock, strict about X-Avi-Version, also accepting 22.1.1 (for overrides)."""
    with serve(r31, known_releases=("22.1.1",)) as controller:
        yield controller


@pytest.fixture
def client(r31: Release, mock: MockController) -> Iterator[Any]:
    """A 31.1.1 sync client of ``mock`` (sleeps recorded, not slept)."""
    avi = make_client(r31, mock)
    yield avi
    avi.close()
