"""The IR: the Avi API of one release as plain, typed, immutable data.

Everything downstream (models, client, diff, export) reads these classes and never the raw
Swagger dictionaries. The description grammar is already parsed into :class:`FieldDoc`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from codegen.ir.release import Release

#: A JSON value as loaded from a spec (defaults, special defaults).
JsonValue = Any


class Kind(enum.StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    ARRAY = "array"
    OBJECT = "object"  # a free-form object or a map (``values`` set)
    REF = "ref"  # a named definition
    ANY = "any"


@dataclass(frozen=True)
class TypeRef:
    """The type of a field, parameter or body."""

    kind: Kind
    format: str | None = None  # int32, int64, uint32, uint64, float, double, ...
    items: TypeRef | None = None  # for ARRAY
    ref: str | None = None  # definition name, for REF
    values: TypeRef | None = None  # for OBJECT maps (additionalProperties)

    def refs(self) -> set[str]:
        """Every definition name this type mentions."""
        out = {self.ref} if self.ref else set()
        for inner in (self.items, self.values):
            if inner is not None:
                out |= inner.refs()
        return out


@dataclass(frozen=True)
class Range:
    """``Allowed values are LO-HI``; ``None`` stands for an open end (``MAX``)."""

    low: int | float | None
    high: int | float | None


@dataclass(frozen=True)
class SpecialValue:
    """``Special values are 0 - 'Disabled'``: a value allowed outside the range, and its meaning."""

    value: int | float
    meaning: str


@dataclass(frozen=True)
class EditionRule:
    """One edition of an ``Allowed in ... edition`` sentence.

    ``any_value`` is true when the edition allows every value; otherwise ``allowed_values`` lists
    what the edition allows (empty when the sentence gives no list).
    """

    edition: str
    any_value: bool
    allowed_values: tuple[str, ...] = ()
    note: str | None = None  # e.g. "only with addon license"


@dataclass(frozen=True)
class SpecialDefault:
    """``Special default for <edition> is X``."""

    edition: str
    value: str


@dataclass(frozen=True)
class FieldDoc:
    """What a description says, parsed; ``summary`` keeps sentences the grammar does not know."""

    summary: str = ""
    enum: tuple[str, ...] = ()
    range: Range | None = None
    allowed_values: tuple[int | float, ...] = ()
    special_values: tuple[SpecialValue, ...] = ()
    unit: str | None = None
    introduced_in: tuple[Release, ...] = ()
    deprecated: bool = False
    deprecated_in: Release | None = None
    moved_to: str | None = None  # "(This field has been moved to X V onwards)"
    ref_type: str | None = None
    editions: tuple[EditionRule, ...] = ()
    special_defaults: tuple[SpecialDefault, ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    requires_se_reboot: bool = False
    internal_use_only: bool = False
    zero_means_unlimited: bool = False


@dataclass(frozen=True)
class Field:
    """A property of a definition. ``name`` is the wire name, exactly as the spec spells it."""

    name: str
    type: TypeRef
    required: bool = False
    read_only: bool = False
    has_default: bool = False
    default: JsonValue = None
    description: str = ""
    doc: FieldDoc = FieldDoc()


@dataclass(frozen=True)
class Definition:
    """A named object schema (``definitions/<name>``)."""

    name: str
    fields: tuple[Field, ...]
    description: str = ""
    source: str = ""  # the spec file it was read from

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


class ParamIn(enum.StrEnum):
    QUERY = "query"
    HEADER = "header"
    PATH = "path"
    BODY = "body"
    FORM = "formData"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: ParamIn
    type: TypeRef
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Response:
    status: str
    description: str = ""
    schema: TypeRef | None = None


@dataclass(frozen=True)
class Operation:
    """One HTTP operation; ``path`` is verbatim (trailing slashes and odd segments kept)."""

    method: str  # lower case: get, post, put, patch, delete
    path: str
    parameters: tuple[Parameter, ...] = ()
    responses: tuple[Response, ...] = ()
    description: str = ""

    @property
    def body(self) -> Parameter | None:
        for p in self.parameters:
            if p.location is ParamIn.BODY:
                return p
        return None

    def params_in(self, location: ParamIn) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location is location)

    def success(self) -> Response | None:
        for r in sorted(self.responses, key=lambda r: r.status):
            if r.status.startswith("2"):
                return r
        return None


@dataclass(frozen=True)
class ApiObject:
    """One API object: one spec file, its root definition and its operations."""

    name: str  # file stem, e.g. "Image"
    definition: str | None  # root definition name, e.g. "Image"
    collection_path: str | None  # e.g. "/image"
    operations: tuple[Operation, ...] = ()
    source: str = ""  # spec file name
    info_version: str = ""  # the file's info.version (stale on frozen files)
    title: str = ""


@dataclass(frozen=True)
class SpecSource:
    """Provenance of one spec file that went into an IR."""

    file: str
    sha256: str


@dataclass(frozen=True)
class Api:
    """The IR of one release: its objects and every definition they reach, sorted by name."""

    release: Release
    objects: Mapping[str, ApiObject]
    definitions: Mapping[str, Definition]
    sources: tuple[SpecSource, ...] = ()
    projected_from: Release | None = None
    extra: Mapping[str, JsonValue] = field(default_factory=dict)
