"""Where each definition of an IR is used: in requests, in responses, and by which objects.

One job: answer "which way does this field travel" (it picks the severity of a change) and
"which object does this definition belong to" (it groups the reports).

* A definition is used in requests when an operation's body parameter reaches it, in responses
  when a response schema reaches it (through fields, arrays and maps). A definition no operation
  reaches counts as used both ways: nothing proves otherwise.
* A read-only field travels in responses only, whatever its definition.
* A definition belongs to the object of the same name when that object reaches it; else to the
  object whose root definition it is, or to the one object that reaches it; a definition
  several objects reach (``IpAddr``) belongs to none ("").
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping

from codegen.ir.assemble import reachable
from codegen.ir.model import Api, Field, ParamIn, TypeRef

__all__ = ["Use", "definition_use", "field_use", "owners"]


class Use(enum.Flag):
    NONE = 0
    REQUEST = enum.auto()
    RESPONSE = enum.auto()
    BOTH = REQUEST | RESPONSE


def _refs(types: Iterable[TypeRef | None]) -> set[str]:
    out: set[str] = set()
    for t in types:
        if t is not None:
            out |= t.refs()
    return out


def definition_use(api: Api) -> dict[str, Use]:
    """Which way every definition of ``api`` is used."""
    request_roots: set[str] = set()
    response_roots: set[str] = set()
    for obj in api.objects.values():
        for op in obj.operations:
            request_roots |= _refs(p.type for p in op.parameters if p.location is ParamIn.BODY)
            response_roots |= _refs(r.schema for r in op.responses)
    in_request = reachable(api, request_roots)
    in_response = reachable(api, response_roots)
    out: dict[str, Use] = {}
    for name in api.definitions:
        use = Use.NONE
        if name in in_request:
            use |= Use.REQUEST
        if name in in_response:
            use |= Use.RESPONSE
        out[name] = use or Use.BOTH
    return out


def field_use(definition: Use, field: Field) -> Use:
    """Which way ``field`` travels, given its definition's use."""
    return Use.RESPONSE if field.read_only else definition


def owners(apis: Iterable[Api]) -> dict[str, str]:
    """The object each definition of ``apis`` belongs to ("" when shared or unreached)."""
    roots: dict[str, set[str]] = defaultdict(set)
    reached: dict[str, set[str]] = defaultdict(set)
    names: set[str] = set()
    for api in apis:
        names |= set(api.definitions)
        for obj in api.objects.values():
            start: set[str] = {obj.definition} if obj.definition else set()
            for op in obj.operations:
                start |= _refs(p.type for p in op.parameters)
                start |= _refs(r.schema for r in op.responses)
            if obj.definition:
                roots[obj.definition].add(obj.name)
            for name in reachable(api, start):
                reached[name].add(obj.name)
    return {name: _owner(name, roots.get(name), reached.get(name)) for name in sorted(names)}


def _owner(name: str, roots: set[str] | None, reached: set[str] | None) -> str:
    if name in (roots or ()) or name in (reached or ()):
        return name  # the object of the same name (``ServiceEngineGroup``, not its inventory)
    for candidates in (roots, reached):
        if candidates and len(candidates) == 1:
            return next(iter(candidates))
    return ""


def merged_use(uses: Iterable[Mapping[str, Use]], name: str) -> Use:
    """The union of a definition's use over several IRs (both ways when none knows it)."""
    out = Use.NONE
    for use in uses:
        out |= use.get(name, Use.NONE)
    return out or Use.BOTH
