"""Base classes of generated models: open enums and release-aware validation.

The rule is "checked when sent, tolerant when read":

* Building a model (``Image(...)``, ``Image.model_validate(doc)``) checks what the release's
  spec says: enum members, ranges with their special values, integer format bounds, item
  limits, and fields the release does not have.
* Reading a controller's answer (``Image.from_response(doc)``, or any validation with the
  :data:`RESPONSE` context) accepts unknown enum values and fields from a newer controller and
  keeps them, so a GET-modify-PUT writes back everything it read.

How the checks run: pydantic validates the types; then each model instance runs one
``after`` validator that returns at once for a response, and otherwise tests its own fields
against a plan made once per class (a few comparisons each). Only when something looks wrong
does the slow path build the errors. A model whose fields failed pydantic's own validation
runs no ``after`` validator; ``model_validate``, ``model_validate_json``,
``model_validate_strings`` and ``Model(...)`` then add the spec problems of such models (for
instance unknown fields next to a wrong nested value) before raising, so one error lists
everything at once, as before.
"""

from __future__ import annotations

import enum
import math
import sys
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
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
    return (type(context) is dict or isinstance(context, Mapping)) and bool(
        context.get("avi_response")
    )


def _ignores_unknown(context: Any) -> bool:
    return (type(context) is dict or isinstance(context, Mapping)) and bool(
        context.get("avi_ignore_unknown")
    )


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
        return type(self)._value2member_map_.get(self._value_) is self

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
        if isinstance(raw, str):
            import json  # only here: the first check of a class, not at import

            parsed = json.loads(raw)
        else:
            parsed = {}
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


class _Check:
    """What the spec says about one field's values (see :func:`_check_value`)."""

    __slots__ = (
        "attr",
        "wire",
        "low",
        "high",
        "allowed",
        "special",
        "min_items",
        "max_items",
        "numeric",
        "enum",
    )

    def __init__(
        self,
        attr: str,
        wire: str,
        low: float | None,
        high: float | None,
        allowed: frozenset[float],
        special: frozenset[float],
        min_items: int | None,
        max_items: int | None,
        enum: type[AviEnum] | None,
    ) -> None:
        self.attr = attr
        self.wire = wire
        self.low = low
        self.high = high
        self.allowed = allowed
        self.special = special
        self.min_items = min_items
        self.max_items = max_items
        self.numeric = low is not None or high is not None or bool(allowed)
        self.enum = enum


# How the fast path tests one value (see _fine_item): any value that is not an AviEnum; a
# number in [a, b]; a number in the set a; a known member of the AviEnum class b (a: its value
# map).
_ANY, _NUM, _ALLOWED, _ENUM = 0, 1, 2, 3
_MOST = sys.maxsize


class _Plan:
    """A model class's checks, made on its first validation and kept in :data:`_PLANS`.

    For the fast path (:func:`_fine`): ``nums`` holds (attribute, low, high) of the numbers in
    a range, ``enums`` (attribute, AviEnum class, its value map), both without item limits;
    ``others`` (attribute, kind, a, b, least items, most items) for the rest.
    """

    __slots__ = ("checks", "nums", "enums", "others", "fast")

    def __init__(self, checks: tuple[_Check, ...]) -> None:
        self.checks = checks
        nums: list[tuple[str, float, float]] = []
        enums: list[tuple[str, type[AviEnum], Mapping[str, Any]]] = []
        others: list[tuple[str, int, Any, Any, int, int]] = []
        for check in checks:
            limits = check.min_items is not None or check.max_items is not None
            a: Any = None
            b: Any = None
            if check.enum is not None:
                kind, a, b = _ENUM, check.enum._value2member_map_, check.enum
                if not limits:
                    enums.append((check.attr, b, a))
                    continue
            elif check.allowed:
                kind, a = _ALLOWED, check.allowed
            elif check.numeric:
                kind = _NUM
                a = -math.inf if check.low is None else check.low
                b = math.inf if check.high is None else check.high
                if not limits:
                    nums.append((check.attr, a, b))
                    continue
            else:
                kind = _ANY
            least = check.min_items if check.min_items is not None else 0
            most = check.max_items if check.max_items is not None else _MOST
            others.append((check.attr, kind, a, b, least, most))
        self.nums, self.enums, self.others = tuple(nums), tuple(enums), tuple(others)
        self.fast = bool(checks)


#: The plan of each model class that was validated (classes live as long as their module).
_PLANS: dict[type[BaseModel], _Plan] = {}


def _enum_in(annotation: Any) -> type[AviEnum] | None:
    """The AviEnum class inside a field's annotation (``X | None``, ``list[X]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, AviEnum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_in(arg)
        if found is not None:
            return found
    return None


def _plan(model: type[AviModel]) -> _Plan:
    cached = _PLANS.get(model)
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
        enum_cls = _enum_in(info.annotation)
        if (
            low is not None
            or high is not None
            or allowed
            or "x-avi-min-items" in x
            or "x-avi-max-items" in x
            or x.get("x-avi-enum")
            or enum_cls is not None
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
                    enum=enum_cls,
                )
            )
    plan = _Plan(tuple(checks))
    _PLANS[model] = plan
    return plan


def _fine(plan: _Plan, values: dict[str, Any]) -> bool:
    """Whether the field values surely pass every check (else :func:`_check_value` decides).

    Numbers outside the bounds may still be special values; anything unusual goes the slow way.
    """
    for attr, low, high in plan.nums:
        value = values.get(attr)
        if value is None:
            continue
        if type(value) is int:
            if low <= value <= high:
                continue
            return False
        if not _fine_value(_NUM, low, high, 0, _MOST, value):
            return False
    for attr, enum_cls, members in plan.enums:
        value = values.get(attr)
        if value is None or (
            type(value) is enum_cls and members.get(value._value_) is value
        ):
            continue
        if not _fine_value(_ENUM, members, enum_cls, 0, _MOST, value):
            return False
    for attr, kind, a, b, least, most in plan.others:
        value = values.get(attr)
        if value is not None and not _fine_value(kind, a, b, least, most, value):
            return False
    return True


def _fine_value(kind: int, a: Any, b: Any, least: int, most: int, value: Any) -> bool:
    if type(value) is list:
        return least <= len(value) <= most and all(
            _fine_item(kind, a, b, item) for item in value
        )
    return _fine_item(kind, a, b, value)


def _fine_item(kind: int, a: Any, b: Any, item: Any) -> bool:
    t = type(item)
    if kind == _ENUM:
        return t is b and a.get(item._value_) is item
    if kind == _NUM:
        return (t is int or (t is float and math.isfinite(item))) and a <= item <= b
    if kind == _ALLOWED:
        return (t is int or t is float) and item in a
    return t is not list and not isinstance(item, AviEnum)


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

    def __init__(self, /, **data: Any) -> None:
        """Build a request model: as pydantic's, with every problem in one error."""
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _combined(type(self), data, exc, None) or exc from None

    # Nested models are still built by pydantic-core directly, not through this __init__.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(
        cls, obj: Any, *, context: Any | None = None, **options: Any
    ) -> Self:
        """As pydantic's; a request's error lists the spec problems of every model."""
        try:
            return super().model_validate(obj, context=context, **options)
        except ValidationError as exc:
            raise _combined(cls, obj, exc, context) or exc from None

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        context: Any | None = None,
        **options: Any,
    ) -> Self:
        try:
            return super().model_validate_json(json_data, context=context, **options)
        except ValidationError as exc:
            raise _combined(cls, json_data, exc, context, parse=True) or exc from None

    @classmethod
    def model_validate_strings(
        cls, obj: Any, *, context: Any | None = None, **options: Any
    ) -> Self:
        try:
            return super().model_validate_strings(obj, context=context, **options)
        except ValidationError as exc:
            raise _combined(cls, obj, exc, context) or exc from None

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

    @model_validator(mode="after")
    def _avi_check(self, info: ValidationInfo) -> Self:
        # Runs for every model instance built: keep the common case to a few operations.
        context = info.context
        if context is not None and is_response(context):
            return self
        plan = _PLANS.get(type(self)) or _plan(type(self))
        if (plan.fast and not _fine(plan, self.__dict__)) or self.__pydantic_extra__:
            ignore_unknown = context is not None and _ignores_unknown(context)
            problems = self.avi_problems(ignore_unknown=ignore_unknown)
            if problems:
                raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self

    def avi_problems(self, *, ignore_unknown: bool = False) -> list[InitErrorDetails]:
        """What in this model (not in nested models) breaks its release's spec."""
        cls = type(self)
        errors: list[InitErrorDetails] = []
        extra = self.__pydantic_extra__ or {}
        for key in () if ignore_unknown else extra:
            errors.append(_unknown(cls, key, extra[key]))
        for check in _plan(cls).checks:
            errors.extend(_check_value(cls, check, getattr(self, check.attr)))
        return errors


def _release(cls: type[AviModel]) -> str:
    return f"Avi {cls.avi_release}" if cls.avi_release else "this release"


def _unknown(cls: type[AviModel], key: str, value: Any) -> InitErrorDetails:
    message = f"{key!r} is not a field of {cls.__name__} in {_release(cls)}"
    return _error("avi_unknown_field", message, (key,), value)


def _combined(
    cls: type[AviModel],
    data: Any,
    exc: ValidationError,
    context: Any,
    *,
    parse: bool = False,
) -> ValidationError | None:
    """``exc`` with the spec problems of the models whose checks did not run, if any.

    A model whose own fields failed validation runs no ``after`` validator: its unknown
    fields, enum values and ranges are checked here on the raw input (``parse``: JSON text),
    skipping the keys that already have an error. None if there is nothing to add.
    """
    if is_response(context):
        return None
    if parse:
        import json

        try:
            data = json.loads(data)
        except ValueError:
            return None
    errors = _details(exc)
    combined = _with_own(cls, data, errors, _ignores_unknown(context))
    if len(combined) == len(errors):
        return None
    input_type: Any = "json" if parse else "python"
    try:
        return ValidationError.from_exception_data(exc.title, combined, input_type)
    except (
        KeyError,
        TypeError,
        ValueError,
    ):  # an error type pydantic cannot raise again
        return None


def _with_own(
    cls: type[AviModel], data: Any, errors: list[InitErrorDetails], ignore: bool
) -> list[InitErrorDetails]:
    """``errors`` (found in ``data``, a ``cls``) led by the model's own raw problems, and so
    on down the nested models that have errors."""
    if not isinstance(data, Mapping):
        return errors
    failed = {e["loc"][0] for e in errors if e["loc"]}
    out = _raw_problems(cls, data, ignore, failed)
    fields: dict[str, FieldInfo] = {}
    for attr, info in cls.model_fields.items():
        fields[attr] = info
        fields[_wire(attr, info)] = info
    for key, group in _by_first(errors):
        field = fields.get(key) if isinstance(key, str) else None
        if field is None or key not in data:
            out.extend(group)
            continue
        out.extend(_inside(key, group, field.annotation, data[key], ignore))
    return out


def _within(
    annotation: Any, value: Any, errors: list[InitErrorDetails], ignore: bool
) -> list[InitErrorDetails]:
    """``errors`` (locations relative to ``value``) with the own problems of the AviModels of
    ``annotation`` inside ``value`` (one model, or a list or dict of them)."""
    annotation = _bare(annotation)
    if isinstance(annotation, type) and issubclass(annotation, AviModel):
        return _with_own(annotation, value, errors, ignore)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and len(args) == 1 and isinstance(value, list):
        items: Mapping[Any, Any] = dict(enumerate(value))
        inner = args[0]
    elif origin is dict and len(args) == 2 and isinstance(value, Mapping):
        items, inner = value, args[1]
    else:
        return errors
    out: list[InitErrorDetails] = []
    for key, group in _by_first(errors):
        if key is None or key not in items:
            out.extend(group)
            continue
        out.extend(_inside(key, group, inner, items[key], ignore))
    return out


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` and ``| None``."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin is typing.Union or origin is types.UnionType:
            options = [a for a in args if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _by_first(
    errors: list[InitErrorDetails],
) -> Iterator[tuple[Any, list[InitErrorDetails]]]:
    """The errors grouped by the first step of their location (None: no location), in the
    order of first appearance."""
    groups: dict[Any, list[InitErrorDetails]] = {}
    for e in errors:
        groups.setdefault(e["loc"][0] if e["loc"] else None, []).append(e)
    yield from groups.items()


def _inside(
    key: str | int,
    errors: list[InitErrorDetails],
    annotation: Any,
    value: Any,
    ignore: bool,
) -> list[InitErrorDetails]:
    """:func:`_within` on the errors under ``key``, their locations made relative to it."""
    inner = [_at(e, tuple(e["loc"])[1:]) for e in errors]
    return [_at(e, (key, *e["loc"])) for e in _within(annotation, value, inner, ignore)]


def _at(error: InitErrorDetails, loc: tuple[str | int, ...]) -> InitErrorDetails:
    moved = InitErrorDetails(type=error["type"], loc=loc, input=error["input"])
    if "ctx" in error:
        moved["ctx"] = error["ctx"]
    return moved


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
    by_attr = {check.attr: check for check in _plan(cls).checks}
    for key, value in data.items():
        check = by_attr.get(known.get(key, ""))
        if check is not None and key not in failed and check.wire not in failed:
            errors.extend(_check_value(cls, check, value))
    return errors


def _details(exc: ValidationError) -> list[InitErrorDetails]:
    """The errors of ``exc`` in a form that can be raised again (a custom error type, ours or
    a validator's, keeps its message)."""
    from pydantic_core.core_schema import ErrorType

    builtin = typing.get_args(ErrorType)
    out: list[InitErrorDetails] = []
    for e in exc.errors():
        kind: Any = e["type"]
        custom = kind not in builtin
        if custom:
            kind = PydanticCustomError(kind, e["msg"])
        detail = InitErrorDetails(type=kind, loc=e["loc"], input=e.get("input"))
        if "ctx" in e and not custom:
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
