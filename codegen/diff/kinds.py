"""The registry of change kinds: every change the diff reports, with its id, severity, direction.

One job: name and classify changes. Ids are stable (they are the public contract of the JSON
output and of ``--fail-on``); the comparison code in :mod:`codegen.diff.compare` only picks one
of these kinds, it never invents one.

Severity follows direction, as in oasdiff. A field is used in *requests* when a request body
reaches its definition and it is not read-only, in *responses* when a response reaches it
(definitions no operation reaches count as both). A change that shrinks what a field accepts
breaks requests; one that grows what it may return can break strict response consumers. Concepts
whose severity depends on this come as a pair or a quad of kinds, and the diff emits exactly one
of them per change, the most severe for the way the field is used:

* narrowed (fewer values valid): ``request-*`` (breaking) when the field is used in requests,
  else ``response-*`` (info);
* widened (more values possible): ``response-*`` (warning) when the field is used in responses,
  else ``request-*`` (info);
* changed both ways (e.g. a range shifted): as narrowed when used in requests, else as widened.

A missing constraint means "any value": a range, item limit or enum that appears is a narrowing,
one that disappears a widening. Discrete ``Allowed values are 0,1,2`` lists are enums of numbers
and use the enum kinds. Editions are compared only when both releases state them: 21.1.5 wrote
the edition sentence onto thousands of fields that had none, which is new documentation, not a
new restriction.

Two judgement calls: ``format-changed`` (formats that overlap without one holding the other,
as int32 and uint32, moved on about 1,000 fields in 30.2.1) is a warning rather than breaking,
since the values lost (negative ones) are ones Avi's counts, sizes and durations never take;
when the field's documented range holds the same values under both formats it is only
``format-changed-within-range`` (info). ``definition-removed`` is a warning: on the wire, what
used the definition is reported where it changed (a field removed, a type changed).

===============================  ========  =========  ==============================================
id                               severity  direction  meaning
===============================  ========  =========  ==============================================
object-added                     info      both       an API object (spec file) appeared
object-removed                   breaking  both       an API object disappeared
definition-added                 info      both       a named schema appeared
definition-removed               warning   both       a named schema disappeared
field-added                      info      both       an optional or read-only field appeared
request-required-field-added     breaking  request    a new field must be sent
field-removed                    breaking  both       a field disappeared
field-renamed                    breaking  both       a field was renamed
type-changed                     breaking  both       the JSON type or referenced schema changed
request-format-narrowed          breaking  request    the format accepts fewer values
response-format-narrowed         info      response   the format of a response-only field shrank
response-format-widened          warning   response   the format may return more values
request-format-widened           info      request    the format of a request-only field grew
format-changed                   warning   both       formats overlap, neither holds the other
                                                      (int32 to uint32)
format-changed-within-range      info      both       the format changed; the range keeps the same
                                                      values
request-required-added           breaking  request    a field became required
response-required-added          info      response   a response-only field became required
response-required-removed        warning   response   a field may be missing from responses
request-required-removed         info      request    a request-only field became optional
read-only-added                  breaking  request    a field can no longer be written
read-only-removed                info      request    a field can now be written
request-enum-value-removed       breaking  request    enum values are no longer accepted
response-enum-value-removed      info      response   a response-only enum lost values
response-enum-value-added        warning   response   responses may carry new enum values
request-enum-value-added         info      request    a request-only enum gained values
enum-introduced                  warning   request    a free field now lists its allowed values
enum-lifted                      warning   response   an enum field now takes any value
request-range-narrowed           breaking  request    the allowed range shrank (or appeared)
response-range-narrowed          info      response   the range of a response-only field shrank
response-range-widened           warning   response   the range grew (or disappeared)
request-range-widened            info      request    the range of a request-only field grew
request-special-value-removed    breaking  request    a special value is no longer accepted
response-special-value-removed   info      response   a response-only field lost a special value
response-special-value-added     warning   response   responses may carry a new special value
request-special-value-added      info      request    a request-only field gained a special value
special-value-meaning-changed    warning   both       a special value means something else
request-item-count-narrowed      breaking  request    min/max items allow fewer list sizes
response-item-count-narrowed     info      response   item limits of a response-only list shrank
response-item-count-widened      warning   response   lists may come with sizes not allowed before
request-item-count-widened       info      request    item limits of a request-only list grew
default-added                    info      request    a field gained a default
default-removed                  warning   request    a field lost its default
default-changed                  warning   request    an omitted field now gets another value
special-default-changed          warning   request    a per-edition default appeared, changed or
                                                      went
unit-changed                     breaking  both       the unit of the value changed
unit-added                       info      both       the unit is now documented
unit-removed                     info      both       the unit is no longer documented
ref-type-changed                 breaking  request    the field refers to another object type
ref-type-added                   warning   request    the field is now a reference to an object type
ref-type-removed                 info      both       the field is no longer a typed reference
field-deprecated                 warning   both       a field was deprecated
field-undeprecated               info      both       a deprecation was withdrawn
field-moved                      warning   both       a field was documented as moved elsewhere
edition-removed                  breaking  request    a field is no longer allowed in an edition
edition-added                    info      request    a field is now allowed in an edition
edition-values-narrowed          breaking  request    an edition allows fewer values
edition-values-widened           info      request    an edition allows more values
reboot-required-added            warning   request    changing the field requires an SE reboot
reboot-required-removed          info      request    changing the field no longer reboots
internal-use-added               warning   both       a field became internal use only
internal-use-removed             info      both       a field is no longer internal use only
zero-unlimited-added             warning   both       0 now means unlimited
zero-unlimited-removed           warning   both       0 no longer means unlimited
operation-added                  info      both       an operation appeared
operation-removed                breaking  both       an operation disappeared
parameter-added                  info      request    an optional parameter or header appeared
required-parameter-added         breaking  request    a new parameter or header must be sent
parameter-removed                warning   request    a parameter or header went away
parameter-required-added         breaking  request    a parameter or header became required
parameter-required-removed       info      request    a parameter or header became optional
parameter-type-changed           breaking  request    the type or format of a parameter changed
response-added                   info      response   a response status appeared
response-removed                 warning   response   a response status disappeared
response-type-changed            breaking  response   the schema of a response changed
python-class-added               info      both       a public class appeared
python-class-removed             breaking  both       a public class disappeared
python-attribute-added           info      both       a class attribute appeared
python-attribute-removed         breaking  both       a class attribute disappeared
python-annotation-changed        warning   both       the type annotation of an attribute changed
python-enum-member-added         info      both       an enum member appeared
python-enum-member-removed       breaking  both       an enum member disappeared
python-resource-added            info      both       a client resource appeared
python-resource-removed          breaking  both       a client resource disappeared
python-method-added              info      both       a public method appeared
python-method-removed            breaking  both       a public method disappeared
python-signature-changed         breaking  both       the signature of a method or resource changed
===============================  ========  =========  ==============================================

Parameters include headers (``X-Avi-Tenant`` ...): Swagger 2.0 declares both the same way, and the
change's path says where (``GET /image header:X-Avi-Version``). Wording-only changes (summaries,
the spelling of units, quoting of special values, the edition sentence) produce nothing: the diff
compares the parsed :class:`~codegen.ir.model.FieldDoc`, never description text.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "REGISTRY",
    "ChangeKind",
    "Direction",
    "Quad",
    "Severity",
    "kind",
]


class Severity(enum.StrEnum):
    INFO = "info"
    WARNING = "warning"
    BREAKING = "breaking"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for breaking: larger is worse."""
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.BREAKING: 2}


class Direction(enum.StrEnum):
    REQUEST = "request"
    RESPONSE = "response"
    BOTH = "both"


@dataclass(frozen=True)
class ChangeKind:
    """One kind of change: a stable id, how bad it is, and which way of use it breaks."""

    id: str
    severity: Severity
    direction: Direction
    meaning: str


_REGISTRY: dict[str, ChangeKind] = {}


def _k(id: str, severity: Severity, direction: Direction, meaning: str) -> ChangeKind:
    if id in _REGISTRY:  # pragma: no cover - a programming error caught at import
        raise ValueError(f"change kind {id!r} registered twice")
    k = ChangeKind(id, severity, direction, meaning)
    _REGISTRY[id] = k
    return k


@dataclass(frozen=True)
class Quad:
    """The four kinds of a constraint whose severity depends on direction of use."""

    request_narrowed: ChangeKind
    response_narrowed: ChangeKind
    response_widened: ChangeKind
    request_widened: ChangeKind


_B, _W, _I = Severity.BREAKING, Severity.WARNING, Severity.INFO
_REQ, _RESP, _BOTH = Direction.REQUEST, Direction.RESPONSE, Direction.BOTH


def _quad(narrowed: str, widened: str, meanings: tuple[str, str, str, str]) -> Quad:
    """``request-<narrowed>``/``response-<narrowed>`` and ``response-<widened>``/``request-...``."""
    return Quad(
        _k(f"request-{narrowed}", _B, _REQ, meanings[0]),
        _k(f"response-{narrowed}", _I, _RESP, meanings[1]),
        _k(f"response-{widened}", _W, _RESP, meanings[2]),
        _k(f"request-{widened}", _I, _REQ, meanings[3]),
    )


# --- objects, definitions, fields -----------------------------------------------------------
OBJECT_ADDED = _k("object-added", _I, _BOTH, "an API object (spec file) appeared")
OBJECT_REMOVED = _k("object-removed", _B, _BOTH, "an API object disappeared")
DEFINITION_ADDED = _k("definition-added", _I, _BOTH, "a named schema appeared")
DEFINITION_REMOVED = _k("definition-removed", _W, _BOTH, "a named schema disappeared")
FIELD_ADDED = _k("field-added", _I, _BOTH, "an optional or read-only field appeared")
REQUIRED_FIELD_ADDED = _k("request-required-field-added", _B, _REQ, "a new field must be sent")
FIELD_REMOVED = _k("field-removed", _B, _BOTH, "a field disappeared")
FIELD_RENAMED = _k("field-renamed", _B, _BOTH, "a field was renamed")

# --- types and formats ----------------------------------------------------------------------
TYPE_CHANGED = _k("type-changed", _B, _BOTH, "the JSON type or referenced schema changed")
FORMAT = Quad(
    _k("request-format-narrowed", _B, _REQ, "the format accepts fewer values"),
    _k("response-format-narrowed", _I, _RESP, "the format of a response-only field shrank"),
    _k("response-format-widened", _W, _RESP, "the format may return more values"),
    _k("request-format-widened", _I, _REQ, "the format of a request-only field grew"),
)
FORMAT_CHANGED = _k(
    "format-changed", _W, _BOTH, "formats overlap, neither holds the other (int32 to uint32)"
)
FORMAT_WITHIN_RANGE = _k(
    "format-changed-within-range", _I, _BOTH, "the format changed; the range keeps the same values"
)

# --- required, read-only --------------------------------------------------------------------
REQUIRED_ADDED = (
    _k("request-required-added", _B, _REQ, "a field became required"),
    _k("response-required-added", _I, _RESP, "a response-only field became required"),
)
REQUIRED_REMOVED = (
    _k("response-required-removed", _W, _RESP, "a field may be missing from responses"),
    _k("request-required-removed", _I, _REQ, "a request-only field became optional"),
)
READ_ONLY_ADDED = _k("read-only-added", _B, _REQ, "a field can no longer be written")
READ_ONLY_REMOVED = _k("read-only-removed", _I, _REQ, "a field can now be written")

# --- values ---------------------------------------------------------------------------------
ENUM = _quad(
    "enum-value-removed",
    "enum-value-added",
    (
        "enum values are no longer accepted",
        "a response-only enum lost values",
        "responses may carry new enum values",
        "a request-only enum gained values",
    ),
)
ENUM_INTRODUCED = _k("enum-introduced", _W, _REQ, "a free field now lists its allowed values")
ENUM_LIFTED = _k("enum-lifted", _W, _RESP, "an enum field now takes any value")
RANGE = _quad(
    "range-narrowed",
    "range-widened",
    (
        "the allowed range shrank (or appeared)",
        "the range of a response-only field shrank",
        "the range grew (or disappeared)",
        "the range of a request-only field grew",
    ),
)
SPECIAL = _quad(
    "special-value-removed",
    "special-value-added",
    (
        "a special value is no longer accepted",
        "a response-only field lost a special value",
        "responses may carry a new special value",
        "a request-only field gained a special value",
    ),
)
SPECIAL_MEANING = _k(
    "special-value-meaning-changed", _W, _BOTH, "a special value means something else"
)
ITEMS = _quad(
    "item-count-narrowed",
    "item-count-widened",
    (
        "min/max items allow fewer list sizes",
        "item limits of a response-only list shrank",
        "lists may come with sizes not allowed before",
        "item limits of a request-only list grew",
    ),
)

# --- defaults, units, references ------------------------------------------------------------
DEFAULT_ADDED = _k("default-added", _I, _REQ, "a field gained a default")
DEFAULT_REMOVED = _k("default-removed", _W, _REQ, "a field lost its default")
DEFAULT_CHANGED = _k("default-changed", _W, _REQ, "an omitted field now gets another value")
SPECIAL_DEFAULT_CHANGED = _k(
    "special-default-changed", _W, _REQ, "a per-edition default appeared, changed or went"
)
UNIT_CHANGED = _k("unit-changed", _B, _BOTH, "the unit of the value changed")
UNIT_ADDED = _k("unit-added", _I, _BOTH, "the unit is now documented")
UNIT_REMOVED = _k("unit-removed", _I, _BOTH, "the unit is no longer documented")
REF_TYPE_CHANGED = _k("ref-type-changed", _B, _REQ, "the field refers to another object type")
REF_TYPE_ADDED = _k("ref-type-added", _W, _REQ, "the field is now a reference to an object type")
REF_TYPE_REMOVED = _k("ref-type-removed", _I, _BOTH, "the field is no longer a typed reference")

# --- lifecycle, editions, flags -------------------------------------------------------------
DEPRECATED = _k("field-deprecated", _W, _BOTH, "a field was deprecated")
UNDEPRECATED = _k("field-undeprecated", _I, _BOTH, "a deprecation was withdrawn")
MOVED = _k("field-moved", _W, _BOTH, "a field was documented as moved elsewhere")
EDITION_REMOVED = _k("edition-removed", _B, _REQ, "a field is no longer allowed in an edition")
EDITION_ADDED = _k("edition-added", _I, _REQ, "a field is now allowed in an edition")
EDITION_NARROWED = _k("edition-values-narrowed", _B, _REQ, "an edition allows fewer values")
EDITION_WIDENED = _k("edition-values-widened", _I, _REQ, "an edition allows more values")
REBOOT_ADDED = _k("reboot-required-added", _W, _REQ, "changing the field requires an SE reboot")
REBOOT_REMOVED = _k("reboot-required-removed", _I, _REQ, "changing the field no longer reboots")
INTERNAL_ADDED = _k("internal-use-added", _W, _BOTH, "a field became internal use only")
INTERNAL_REMOVED = _k("internal-use-removed", _I, _BOTH, "a field is no longer internal use only")
ZERO_UNLIMITED_ADDED = _k("zero-unlimited-added", _W, _BOTH, "0 now means unlimited")
ZERO_UNLIMITED_REMOVED = _k("zero-unlimited-removed", _W, _BOTH, "0 no longer means unlimited")

# --- operations -----------------------------------------------------------------------------
OPERATION_ADDED = _k("operation-added", _I, _BOTH, "an operation appeared")
OPERATION_REMOVED = _k("operation-removed", _B, _BOTH, "an operation disappeared")
PARAMETER_ADDED = _k("parameter-added", _I, _REQ, "an optional parameter or header appeared")
REQUIRED_PARAMETER_ADDED = _k(
    "required-parameter-added", _B, _REQ, "a new parameter or header must be sent"
)
PARAMETER_REMOVED = _k("parameter-removed", _W, _REQ, "a parameter or header went away")
PARAMETER_REQUIRED_ADDED = _k(
    "parameter-required-added", _B, _REQ, "a parameter or header became required"
)
PARAMETER_REQUIRED_REMOVED = _k(
    "parameter-required-removed", _I, _REQ, "a parameter or header became optional"
)
PARAMETER_TYPE_CHANGED = _k(
    "parameter-type-changed", _B, _REQ, "the type or format of a parameter changed"
)
RESPONSE_ADDED = _k("response-added", _I, _RESP, "a response status appeared")
RESPONSE_REMOVED = _k("response-removed", _W, _RESP, "a response status disappeared")
RESPONSE_TYPE_CHANGED = _k("response-type-changed", _B, _RESP, "the schema of a response changed")

# --- the generated Python API ---------------------------------------------------------------
PY_CLASS_ADDED = _k("python-class-added", _I, _BOTH, "a public class appeared")
PY_CLASS_REMOVED = _k("python-class-removed", _B, _BOTH, "a public class disappeared")
PY_ATTRIBUTE_ADDED = _k("python-attribute-added", _I, _BOTH, "a class attribute appeared")
PY_ATTRIBUTE_REMOVED = _k("python-attribute-removed", _B, _BOTH, "a class attribute disappeared")
PY_ANNOTATION_CHANGED = _k(
    "python-annotation-changed", _W, _BOTH, "the type annotation of an attribute changed"
)
PY_ENUM_MEMBER_ADDED = _k("python-enum-member-added", _I, _BOTH, "an enum member appeared")
PY_ENUM_MEMBER_REMOVED = _k("python-enum-member-removed", _B, _BOTH, "an enum member disappeared")
PY_RESOURCE_ADDED = _k("python-resource-added", _I, _BOTH, "a client resource appeared")
PY_RESOURCE_REMOVED = _k("python-resource-removed", _B, _BOTH, "a client resource disappeared")
PY_METHOD_ADDED = _k("python-method-added", _I, _BOTH, "a public method appeared")
PY_METHOD_REMOVED = _k("python-method-removed", _B, _BOTH, "a public method disappeared")
PY_SIGNATURE_CHANGED = _k(
    "python-signature-changed", _B, _BOTH, "the signature of a method or resource changed"
)

#: Every change kind, by id, in registration order.
REGISTRY: Mapping[str, ChangeKind] = MappingProxyType(_REGISTRY)


def kind(id: str) -> ChangeKind:
    """The kind registered under ``id``; ``KeyError`` when there is none."""
    return REGISTRY[id]
