"""A tiny hand-written release for the emulator tests, shaped like generated models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import httpx
from pydantic import Field

from codegen.mock import ObjectSpec
from codegen.runtime.models import AviEnum, AviModel

RELEASE = "30.2.1"


class ImageType(AviEnum):
    IMAGE_TYPE_SYSTEM = "IMAGE_TYPE_SYSTEM"
    IMAGE_TYPE_PATCH = "IMAGE_TYPE_PATCH"


class ImageTag(AviModel):
    avi_release = RELEASE
    key: str
    value: str | None = None
    weight: Annotated[int | None, Field(json_schema_extra={"x-avi-range": [1, 10]})] = None


class Image(AviModel):
    avi_release = RELEASE
    name: str
    uuid: str | None = None
    url: str | None = None
    tenant_ref: str | None = None
    type: Annotated[ImageType | None, Field(json_schema_extra={"x-avi-enum": True})] = None
    progress: Annotated[int | None, Field(json_schema_extra={"x-avi-range": [0, 100]})] = None
    controller_patch_ref: Annotated[
        str | None, Field(json_schema_extra={"x-avi-ref-type": "Image"})
    ] = None
    enabled: bool | None = True
    labels: list[str] | None = None
    tags: list[ImageTag] | None = None
    last_modified: str | None = Field(default=None, alias="_last_modified")


class Pool(AviModel):
    avi_release = RELEASE
    name: str
    uuid: str | None = None
    url: str | None = None
    tenant_ref: str | None = None
    image_refs: Annotated[
        list[str] | None, Field(json_schema_extra={"x-avi-ref-type": "Image"})
    ] = None
    description: str | None = None


SPECS = {
    "Image": ObjectSpec("Image", "/image", Image),
    "Pool": ObjectSpec("Pool", "/pool", Pool),
}


Login = Callable[..., httpx.Client]
MakeImage = Callable[..., dict[str, Any]]


class Tenant(AviModel):
    avi_release = RELEASE
    name: str
    uuid: str | None = None
    url: str | None = None
    description: str | None = None
    local: bool | None = True


SPECS_WITH_TENANT = {**SPECS, "Tenant": ObjectSpec("Tenant", "/tenant", Tenant)}
