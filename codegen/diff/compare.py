"""Compare two IRs: objects, operations, parameters, responses, definitions and fields.

One job: walk two :class:`~codegen.ir.model.Api` values side by side and list the changes, in
canonical order. Objects are matched by name, operations by method and path (verbatim),
parameters by location and name (the body by location only), responses by status, definitions
and fields by name; fields that look renamed are paired first (:mod:`codegen.diff.renames`).
What is new is reported once, at its top: an added object does not also list its operations,
an added definition does not list its fields.
"""

from __future__ import annotations

from collections.abc import Mapping

from codegen.diff import kinds as k
from codegen.diff.change import Change, sort_changes
from codegen.diff.fields import Site, compare_field
from codegen.diff.renames import find_renames
from codegen.diff.typeref import type_text
from codegen.diff.usage import Use, definition_use, field_use, owners
from codegen.ir.model import Api, ApiObject, Definition, Operation, Parameter, ParamIn, TypeRef

__all__ = ["diff_apis"]


def diff_apis(old: Api, new: Api) -> list[Change]:
    """Every change from ``old`` to ``new``, sorted."""
    out: list[Change] = []
    for name in sorted(set(old.objects) | set(new.objects)):
        _object(out, name, old.objects.get(name), new.objects.get(name))
    owner = owners([old, new])
    uses = (definition_use(old), definition_use(new))
    for name in sorted(set(old.definitions) | set(new.definitions)):
        _definition(
            out,
            owner.get(name, ""),
            uses,
            name,
            old.definitions.get(name),
            new.definitions.get(name),
        )
    return sort_changes(out)


# --- objects and operations -----------------------------------------------------------------


def _object(out: list[Change], name: str, a: ApiObject | None, b: ApiObject | None) -> None:
    if a is None and b is not None:
        where = f" at {b.collection_path}" if b.collection_path else ""
        out.append(Change(k.OBJECT_ADDED, name, "", "", None, name, f"object {name} added{where}"))
        return
    if b is None and a is not None:
        out.append(Change(k.OBJECT_REMOVED, name, "", "", name, None, f"object {name} removed"))
        return
    assert a is not None and b is not None
    ops_a = {(op.method, op.path): op for op in a.operations}
    ops_b = {(op.method, op.path): op for op in b.operations}
    for key in sorted(set(ops_a) | set(ops_b)):
        where = f"{key[0].upper()} {key[1]}"
        oa, ob = ops_a.get(key), ops_b.get(key)
        if oa is None:
            out.append(Change(k.OPERATION_ADDED, name, "", where, None, where, "operation added"))
        elif ob is None:
            out.append(
                Change(k.OPERATION_REMOVED, name, "", where, where, None, "operation removed")
            )
        else:
            _parameters(out, name, where, oa, ob)
            _responses(out, name, where, oa, ob)


def _param_key(p: Parameter) -> tuple[str, str]:
    return (p.location.value, "" if p.location is ParamIn.BODY else p.name)


def _param_where(op: str, key: tuple[str, str]) -> str:
    return f"{op} {key[0]}" if key[0] == ParamIn.BODY.value else f"{op} {key[0]}:{key[1]}"


def _parameters(out: list[Change], obj: str, op: str, a: Operation, b: Operation) -> None:
    pa = {_param_key(p): p for p in a.parameters}
    pb = {_param_key(p): p for p in b.parameters}
    for key in sorted(set(pa) | set(pb)):
        site = Site(obj, "", _param_where(op, key), Use.REQUEST, out)
        x, y = pa.get(key), pb.get(key)
        if x is None and y is not None:
            kind = k.REQUIRED_PARAMETER_ADDED if y.required else k.PARAMETER_ADDED
            what = "required " if y.required else ""
            site.add(kind, None, type_text(y.type), f"{what}{key[0]} parameter added")
        elif y is None and x is not None:
            site.add(k.PARAMETER_REMOVED, type_text(x.type), None, f"{key[0]} parameter removed")
        elif x is not None and y is not None:
            if y.required and not x.required:
                site.add(k.PARAMETER_REQUIRED_ADDED, False, True, "became required")
            elif x.required and not y.required:
                site.add(k.PARAMETER_REQUIRED_REMOVED, True, False, "no longer required")
            if x.type != y.type:
                ta, tb = type_text(x.type), type_text(y.type)
                site.add(k.PARAMETER_TYPE_CHANGED, ta, tb, f"type {ta} -> {tb}")


def _schema_text(t: TypeRef | None) -> str | None:
    return None if t is None else type_text(t)


def _responses(out: list[Change], obj: str, op: str, a: Operation, b: Operation) -> None:
    ra = {r.status: r for r in a.responses}
    rb = {r.status: r for r in b.responses}
    for status in sorted(set(ra) | set(rb)):
        site = Site(obj, "", f"{op} response:{status}", Use.RESPONSE, out)
        x, y = ra.get(status), rb.get(status)
        if x is None and y is not None:
            site.add(k.RESPONSE_ADDED, None, _schema_text(y.schema), f"response {status} added")
        elif y is None and x is not None:
            site.add(k.RESPONSE_REMOVED, _schema_text(x.schema), None, f"response {status} removed")
        elif x is not None and y is not None and x.schema != y.schema:
            ta, tb = _schema_text(x.schema), _schema_text(y.schema)
            site.add(
                k.RESPONSE_TYPE_CHANGED,
                ta,
                tb,
                f"response {status} schema {ta or 'none'} -> {tb or 'none'}",
            )


# --- definitions and fields -----------------------------------------------------------------


def _definition(
    out: list[Change],
    obj: str,
    uses: tuple[Mapping[str, Use], Mapping[str, Use]],
    name: str,
    a: Definition | None,
    b: Definition | None,
) -> None:
    if a is None and b is not None:
        count = f"{len(b.fields)} field" + ("" if len(b.fields) == 1 else "s")
        out.append(
            Change(k.DEFINITION_ADDED, obj, name, "", None, name, f"definition added ({count})")
        )
        return
    if b is None and a is not None:
        out.append(Change(k.DEFINITION_REMOVED, obj, name, "", name, None, "definition removed"))
        return
    assert a is not None and b is not None
    use_a, use_b = uses[0].get(name, Use.BOTH), uses[1].get(name, Use.BOTH)
    fa = {f.name: f for f in a.fields}
    fb = {f.name: f for f in b.fields}
    removed = [fa[n] for n in sorted(set(fa) - set(fb))]
    added = [fb[n] for n in sorted(set(fb) - set(fa))]
    renames = find_renames(removed, added)
    renamed = {x.name for x, _ in renames} | {y.name for _, y in renames}
    for f in removed:
        if f.name in renamed:
            continue
        note = ""
        if f.doc.deprecated:
            note = (
                f" (deprecated in {f.doc.deprecated_in})"
                if f.doc.deprecated_in
                else (" (was deprecated)")
            )
        out.append(
            Change(
                k.FIELD_REMOVED, obj, name, f.name, type_text(f.type), None, f"field removed{note}"
            )
        )
    for f in added:
        if f.name in renamed:
            continue
        use = field_use(use_b, f)
        must = f.required and not f.read_only and Use.REQUEST in use
        kind = k.REQUIRED_FIELD_ADDED if must else k.FIELD_ADDED
        out.append(
            Change(
                kind,
                obj,
                name,
                f.name,
                None,
                type_text(f.type),
                "required field added" if must else "field added",
            )
        )
    for x, y in renames:
        out.append(
            Change(k.FIELD_RENAMED, obj, name, y.name, x.name, y.name, f"renamed from {x.name}")
        )
        site = Site(obj, name, y.name, field_use(use_a, x) | field_use(use_b, y), out)
        compare_field(site, x, y)
    for field_name in sorted(set(fa) & set(fb)):
        x, y = fa[field_name], fb[field_name]
        if x == y:
            continue
        site = Site(obj, name, field_name, field_use(use_a, x) | field_use(use_b, y), out)
        compare_field(site, x, y)
