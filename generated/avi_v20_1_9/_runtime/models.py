"""Base classes of generated models: open enums and release-aware validation.

The rule is "checked when sent, tolerant when read":

* Building a model (``Image(...)``, ``Image.model_validate(doc)``) checks what the release's
  spec says: enum members, ranges with their special values, integer format bounds, item
  limits, and fields the release does not have.
* Reading a controller's answer (``Image.from_response(doc)``, or any validation with the
  :data:`RESPONSE` context) accepts unknown enum values and fields from a newer controller and
  keeps them, so a GET-modify-PUT writes back everything it read.
"""

from __future__ import annotations

import enum
import json
import math
import sys
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import InitErrorDetails, PydanticCustomError

#: Validation context that marks data coming back from a controller.
RESPONSE: Mapping[str, Any] = {"avi_response": True}
#: Validation context that checks a request but drops no error for unknown fields (they are
#: kept); a real controller ignores fields it does not know.
IGNORE_UNKNOWN: Mapping[str, Any] = {"avi_ignore_unknown": True}

_FORMAT_BOUNDS: Mapping[str, tuple[int, int]] = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}


def is_response(context: Any) -> bool:
    return isinstance(context, Mapping) and bool(context.get("avi_response"))


class AviEnum(str, enum.Enum):  # noqa: UP042 (pseudo-members need the plain str mixin)
    """An enum that can hold values its release does not list (from a newer controller).

    ``ImageType("NEW_VALUE")`` gives a member that is not one of the class's listed members;
    ``is_known`` tells them apart. Models accept unknown members only when reading a response.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        cache: dict[str, Any] = cls.__dict__.get("_avi_unknown_", None) or {}
        if "_avi_unknown_" not in cls.__dict__:
            type.__setattr__(cls, "_avi_unknown_", cache)
        member = cache.get(value)
        if member is None:
            member = str.__new__(cls, value)
            member._name_ = value
            member._value_ = value
            cache[value] = member
        return member

    @property
    def is_known(self) -> bool:
        return self._name_ in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class FieldMeta:
    """What the release's spec says about a field beyond its type (parsed from its description)."""

    wire_name: str
    introduced_in: tuple[str, ...] = ()
    deprecated: str | bool = False
    unit: str | None = None
    ref_type: str | None = None
    editions: tuple[str, ...] = ()
    read_only: bool = False
    range: tuple[int | float | None, int | float | None] | None = None
    allowed_values: tuple[int | float, ...] = ()
    special_values: Mapping[str, str] | None = None
    format: str | None = None
    min_items: int | None = None
    max_items: int | None = None


def _module_meta(model: type[BaseModel]) -> Mapping[str, Any]:
    """The ``__avi_meta__`` table of the model's module, parsed once.

    A generated models module ends with ``__avi_meta__``: a JSON text mapping each class name
    to ``{wire field name: {"x-avi-...": value}}``.
    """
    module = sys.modules.get(model.__module__)
    if module is None:
        return {}
    parsed = module.__dict__.get("__avi_meta_parsed__")
    if parsed is None:
        raw = module.__dict__.get("__avi_meta__")
        parsed = json.loads(raw) if isinstance(raw, str) else {}
        module.__dict__["__avi_meta_parsed__"] = parsed
    return parsed if isinstance(parsed, Mapping) else {}


def avi_fields(model: type[BaseModel]) -> Mapping[str, Mapping[str, Any]]:
    """The spec's metadata of every field of ``model``, by wire name (``x-avi-*`` keys).

    Generated models keep it in their module's ``__avi_meta__``; a hand-written model may give
    the same keys in a field's ``json_schema_extra``.
    """
    _complete(model)
    found = _module_meta(model).get(model.__name__)
    table: dict[str, Mapping[str, Any]] = (
        dict(found) if isinstance(found, Mapping) else {}
    )
    for attr, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, Mapping) and _wire(attr, info) not in table:
            table[_wire(attr, info)] = extra
    return table


def _wire(attr: str, info: FieldInfo) -> str:
    """A field's wire name: its alias, which may be any string (even empty), else its name."""
    return info.alias if info.alias is not None else attr


def _complete(model: type[BaseModel]) -> None:
    """Resolve the model's forward references (a field's alias is unknown until then)."""
    if not model.__pydantic_complete__:
        model.model_rebuild(raise_errors=False)


def field_meta(model: type[BaseModel], name: str) -> FieldMeta:
    """The spec's metadata of ``model``'s field ``name`` (attribute or wire name)."""
    _complete(model)
    fields = model.model_fields
    info = fields.get(name)
    if info is None:
        for attr, candidate in fields.items():
            if candidate.alias == name:
                name, info = attr, candidate
                break
    if info is None:
        raise KeyError(f"{model.__name__} has no field {name!r}")
    x = avi_fields(model).get(_wire(name, info), {})
    rng = x.get("x-avi-range")
    special = x.get("x-avi-special-values")
    return FieldMeta(
        wire_name=_wire(name, info),
        introduced_in=tuple(x.get("x-avi-introduced-in", ())),
        deprecated=x.get("x-avi-deprecated", False),
        unit=x.get("x-avi-unit"),
        ref_type=x.get("x-avi-ref-type"),
        editions=tuple(x.get("x-avi-editions", ())),
        read_only=bool(x.get("x-avi-read-only", False)),
        range=(rng[0], rng[1]) if rng else None,
        allowed_values=tuple(x.get("x-avi-allowed-values", ())),
        special_values={str(v): str(m) for v, m in special} if special else None,
        format=x.get("x-avi-format"),
        min_items=x.get("x-avi-min-items"),
        max_items=x.get("x-avi-max-items"),
    )


@dataclass(frozen=True)
class _Check:
    attr: str
    wire: str
    low: float | None
    high: float | None
    allowed: frozenset[float]
    special: frozenset[float]
    min_items: int | None
    max_items: int | None
    numeric: bool
    enum: type[AviEnum] | None


def _enum_in(annotation: Any) -> type[AviEnum] | None:
    """The AviEnum class inside a field's annotation (``X | None``, ``list[X]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, AviEnum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_in(arg)
        if found is not None:
            return found
    return None


def _plan(model: type[AviModel]) -> tuple[_Check, ...]:
    cached: tuple[_Check, ...] | None = model.__dict__.get("_avi_plan_")
    if cached is not None:
        return cached
    if not model.__pydantic_complete__:
        # A model first validated inside another one keeps placeholder fields until rebuilt.
        model.model_rebuild(raise_errors=False)
    checks = []
    meta = avi_fields(model)
    for attr, info in model.model_fields.items():
        x = meta.get(_wire(attr, info), {})
        rng = x.get("x-avi-range")
        bounds = _FORMAT_BOUNDS.get(x.get("x-avi-format") or "")
        low = high = None
        if bounds:
            low, high = bounds
        if rng:
            low = rng[0] if rng[0] is not None else low
            high = rng[1] if rng[1] is not None else high
        allowed = frozenset(x.get("x-avi-allowed-values", ()))
        special = frozenset(v for v, _ in x.get("x-avi-special-values", ()))
        numeric = low is not None or high is not None or bool(allowed)
        if (
            numeric
            or "x-avi-min-items" in x
            or "x-avi-max-items" in x
            or x.get("x-avi-enum")
            or _enum_in(info.annotation) is not None
        ):
            checks.append(
                _Check(
                    attr=attr,
                    wire=_wire(attr, info),
                    low=low,
                    high=high,
                    allowed=allowed,
                    special=special,
                    min_items=x.get("x-avi-min-items"),
                    max_items=x.get("x-avi-max-items"),
                    numeric=numeric,
                    enum=_enum_in(info.annotation),
                )
            )
    plan = tuple(checks)
    type.__setattr__(model, "_avi_plan_", plan)
    return plan


def _scalars(value: Any) -> Iterator[tuple[tuple[int, ...], Any]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            for loc, inner in _scalars(item):
                yield (i, *loc), inner
    else:
        yield (), value


def _error(
    kind: str, message: str, loc: tuple[str | int, ...], value: Any
) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(kind, message), loc=loc, input=value
    )


class AviModel(BaseModel):
    """Base of every generated model."""

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        allow_inf_nan=False,
    )

    #: The Avi release whose spec the model was generated from (set by the generated package).
    avi_release: ClassVar[str] = ""

    @classmethod
    def from_response(cls, data: Any) -> Self:
        """Read data that a controller sent: unknown enum values and fields are kept."""
        return cls.model_validate(data, context=RESPONSE)

    @classmethod
    def from_response_json(cls, data: str | bytes) -> Self:
        return cls.model_validate_json(data, context=RESPONSE)

    def to_json_dict(self) -> dict[str, Any]:
        """The wire form: JSON types, wire names, only the fields that were set."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    @model_validator(mode="wrap")
    @classmethod
    def _avi_check(
        cls, data: Any, handler: ModelWrapValidatorHandler[Self], info: ValidationInfo
    ) -> Self:
        if is_response(info.context):
            return handler(data)
        ignore_unknown = isinstance(info.context, Mapping) and bool(
            info.context.get("avi_ignore_unknown")
        )
        try:
            result = handler(data)
        except ValidationError as exc:
            # Report this model's own problems with the nested ones, not only the deepest.
            failed = {e["loc"][0] for e in exc.errors() if e["loc"]}
            own = _raw_problems(cls, data, ignore_unknown, failed)
            if not own:
                raise
            raise ValidationError.from_exception_data(
                cls.__name__, [*own, *_details(exc)]
            ) from None
        problems = result.avi_problems(ignore_unknown=ignore_unknown)
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return result

    def avi_problems(self, *, ignore_unknown: bool = False) -> list[InitErrorDetails]:
        """What in this model (not in nested models) breaks its release's spec."""
        cls = type(self)
        errors: list[InitErrorDetails] = []
        extra = self.__pydantic_extra__ or {}
        for key in () if ignore_unknown else extra:
            errors.append(_unknown(cls, key, extra[key]))
        for check in _plan(cls):
            errors.extend(_check_value(cls, check, getattr(self, check.attr)))
        return errors


def _release(cls: type[AviModel]) -> str:
    return f"Avi {cls.avi_release}" if cls.avi_release else "this release"


def _unknown(cls: type[AviModel], key: str, value: Any) -> InitErrorDetails:
    message = f"{key!r} is not a field of {cls.__name__} in {_release(cls)}"
    return _error("avi_unknown_field", message, (key,), value)


def _raw_problems(
    cls: type[AviModel], data: Any, ignore_unknown: bool, failed: set[str | int]
) -> list[InitErrorDetails]:
    """This model's checks on raw input that failed validation elsewhere."""
    if not isinstance(data, Mapping):
        return []
    known: dict[str, str] = {}
    for attr, info in cls.model_fields.items():
        known[attr] = attr
        known[_wire(attr, info)] = attr
    errors = [
        _unknown(cls, key, value)
        for key, value in data.items()
        if not ignore_unknown and key not in known and key not in failed
    ]
    by_attr = {check.attr: check for check in _plan(cls)}
    for key, value in data.items():
        check = by_attr.get(known.get(key, ""))
        if check is not None and key not in failed and check.wire not in failed:
            errors.extend(_check_value(cls, check, value))
    return errors


def _details(exc: ValidationError) -> list[InitErrorDetails]:
    """The errors of ``exc`` in a form that can be raised again."""
    out: list[InitErrorDetails] = []
    for e in exc.errors():
        kind: Any = e["type"]
        if kind.startswith("avi_"):
            kind = PydanticCustomError(kind, e["msg"])
        detail = InitErrorDetails(type=kind, loc=e["loc"], input=e.get("input"))
        if "ctx" in e:
            detail["ctx"] = e["ctx"]
        out.append(detail)
    return out


def _check_value(
    cls: type[AviModel], check: _Check, value: Any
) -> list[InitErrorDetails]:
    """Item limits, enum membership and ranges of one field's value (raw or validated)."""
    errors: list[InitErrorDetails] = []
    if value is None:
        return errors
    if isinstance(value, list):
        if check.min_items is not None and len(value) < check.min_items:
            message = f"{check.wire} needs at least {check.min_items} items"
            errors.append(_error("avi_min_items", message, (check.wire,), value))
        if check.max_items is not None and len(value) > check.max_items:
            message = f"{check.wire} allows at most {check.max_items} items"
            errors.append(_error("avi_max_items", message, (check.wire,), value))
    for loc, item in _scalars(value):
        where: tuple[str | int, ...] = (check.wire, *loc)
        enum_cls = type(item) if isinstance(item, AviEnum) else check.enum
        if enum_cls is not None and isinstance(item, str):
            if isinstance(item, AviEnum):
                known = item.is_known
            else:
                known = item in enum_cls._value2member_map_
            if not known:
                names = ", ".join(m.value for m in enum_cls)
                if len(names) > 200:
                    names = names[:200] + "..."
                message = (
                    f"{str(item)!r} is not a value of {enum_cls.__name__} in "
                    f"{_release(cls)} (expected one of {names})"
                )
                errors.append(_error("avi_enum", message, where, str(item)))
        elif (
            check.numeric
            and isinstance(item, int | float)
            and not isinstance(item, bool)
        ):
            if item in check.special:
                continue
            if isinstance(item, float) and not math.isfinite(item):
                bad = True
            elif check.allowed:
                bad = item not in check.allowed
            else:
                bad = (check.low is not None and item < check.low) or (
                    check.high is not None and item > check.high
                )
            if bad:
                message = (
                    f"{check.wire}={item!r} is outside what {_release(cls)} allows "
                    f"({_describe(check)})"
                )
                errors.append(_error("avi_range", message, where, item))
    return errors


def _describe(check: _Check) -> str:
    if check.allowed:
        text = "one of " + ", ".join(_num(v) for v in sorted(check.allowed))
    else:
        low = _num(check.low) if check.low is not None else "-inf"
        high = _num(check.high) if check.high is not None else "+inf"
        text = f"{low} to {high}"
    if check.special:
        text += "; special values " + ", ".join(_num(v) for v in sorted(check.special))
    return text


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
