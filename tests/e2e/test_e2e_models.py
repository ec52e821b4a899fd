"""Models end to end: typed answers, client-side checks of request models, and the
controller's (mock's) checks of raw mappings, surfacing as typed errors naming the field."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import ValidationError

from codegen.mock import MockController
from tests.e2e.support import Release, make_async_client


def test_answers_are_typed_models(r31: Release, mock: MockController, client: Any) -> None:
    m = r31.models
    made = client.image.create(
        {
            "name": "typed",
            "type": "IMAGE_TYPE_PATCH",
            "img_state": {
                "state": "IMAGE_FSM_COMPLETED",
                "last_changed_time": {"secs": 1, "usecs": 2},
            },
        }
    )
    assert isinstance(made, m.Image)
    assert made.type is m.ImageType.IMAGE_TYPE_PATCH and made.type.is_known
    assert isinstance(made.img_state, m.ImageUploadOpsStatus)
    assert made.img_state.state is m.ImageUploadOpsStatusState.IMAGE_FSM_COMPLETED
    assert isinstance(made.img_state.last_changed_time, m.TimeStamp)
    assert made.fips_mode_transition_applicable is True  # a default the controller filled in
    page = client.image.list()
    assert all(isinstance(i, m.Image) for i in page.results)
    assert isinstance(client.image.get_by_name("typed"), m.Image)


def test_bad_enum_in_a_request_model_never_leaves_the_client(
    r31: Release, mock: MockController, client: Any
) -> None:
    Image = r31.models.Image
    with pytest.raises(ValidationError, match="IMAGE_TYPE_BOGUS") as info:
        client.image.create(Image(name="x", type="IMAGE_TYPE_BOGUS"))
    assert info.value.errors()[0]["loc"] == ("type",)
    with pytest.raises(ValidationError, match="progress"):
        Image(name="x", progress=101)  # outside 0-100
    with pytest.raises(ValidationError, match="not_a_field"):
        Image.model_validate({"name": "x", "not_a_field": 1})
    assert mock.stats["requests"] == 0  # nothing was sent, not even a login


@pytest.mark.parametrize(
    ("body", "field", "value"),
    [
        ({"name": "x", "type": "IMAGE_TYPE_BOGUS"}, "type", "IMAGE_TYPE_BOGUS"),
        ({"name": "x", "progress": 101}, "progress", "101"),
        ({"name": "x", "img_state": {"state": "NOPE"}}, "img_state.state", "NOPE"),
        ({"name": "x", "progress": "ten"}, "progress", "valid integer"),
    ],
)
def test_raw_mapping_rejected_by_the_controller(
    r31: Release, mock: MockController, client: Any, body: dict[str, Any], field: str, value: str
) -> None:
    with pytest.raises(r31.errors.AviValidationError) as info:
        client.image.create(body)
    error = info.value
    assert error.status == 400 and error.method == "POST"
    assert f"{field}:" in str(error) and value in str(error)
    assert error.json["error"].startswith("Invalid Image object:")
    assert mock.stats["POST /api/image"] == 1 and mock.stored("Image") == []


def test_assignment_is_checked_only_by_the_controller(
    r31: Release, mock: MockController, client: Any
) -> None:
    """Models do not validate assignment: a bad value set on a read model is sent as is, and
    only the controller's 400 catches it (documented in the e2e report)."""
    img = client.image.create({"name": "assign"})
    img.type = "IMAGE_TYPE_BOGUS"
    with (
        pytest.warns(UserWarning, match="Expected `enum`"),  # pydantic's serializer notices
        pytest.raises(r31.errors.AviValidationError, match="type"),
    ):
        client.image.update(img)
    assert mock.stats[f"PUT /api/image/{img.uuid}"] == 1


def test_async_models(r31: Release, mock: MockController) -> None:
    async def scenario() -> None:
        async with make_async_client(r31, mock) as client:
            with pytest.raises(ValidationError):
                await client.image.create(r31.models.Image(name="x", type="NOPE"))
            assert mock.stats["requests"] == 0
            with pytest.raises(r31.errors.AviValidationError, match="type"):
                await client.image.create({"name": "x", "type": "NOPE"})
            made = await client.image.create(r31.models.Image(name="ok", progress=5))
            assert isinstance(made, r31.models.Image) and made.progress == 5

    asyncio.run(scenario())
