"""The IR as an OpenAPI 3.1 ``components/schemas`` view, in two flavours.

* ``codegen``: what datamodel-code-generator renders. Enums are named schemas; the description
  grammar's constraints travel as ``x-avi-*`` keys that the runtime enforces on requests only
  (so a newer controller's answer still parses).
* ``documented``: the release's documented schema with the grammar turned into real keywords
  (``enum``, ``minimum``, ``maximum``, ``minItems``, ``maxItems``, ``readOnly``, ``deprecated``);
  used to validate dumps in the golden tests and for the OpenAPI export.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

from codegen.ir.model import Api, Definition, Field, FieldDoc, Kind, TypeRef
from codegen.render.layout import EnumClass, Layout, plan_layout
from codegen.render.naming import class_name, enum_members

Flavour = Literal["codegen", "documented"]
REF_PREFIX = "#/components/schemas/"
#: Control characters, invisible format characters and the bidirectional controls that can
#: make source read differently from how it runs ("Trojan Source"): none belongs in a docstring.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb]"
)

FORMAT_BOUNDS: dict[str, tuple[int, int]] = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}

#: The ``x-avi-*`` keys of a field's metadata (``field_meta``).
X_AVI_KEYS = frozenset(
    {
        "x-avi-introduced-in",
        "x-avi-deprecated",
        "x-avi-unit",
        "x-avi-ref-type",
        "x-avi-editions",
        "x-avi-read-only",
        "x-avi-range",
        "x-avi-allowed-values",
        "x-avi-special-values",
        "x-avi-format",
        "x-avi-min-items",
        "x-avi-max-items",
        "x-avi-enum",
        "x-avi-moved-to",
    }
)


def clean_text(text: str) -> str:
    """A description fit for a docstring: no control, invisible or bidi control characters,
    normalised spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


Key = Callable[[str], str]


def _plain(name: str) -> str:
    return name


def _type(t: TypeRef, key: Key) -> dict[str, Any]:
    if t.kind is Kind.REF and t.ref is not None:
        return {"$ref": REF_PREFIX + key(class_name(t.ref))}
    if t.kind is Kind.ARRAY:
        return {"type": "array", "items": _type(t.items, key) if t.items else {}}
    if t.kind is Kind.OBJECT:
        out: dict[str, Any] = {"type": "object"}
        if t.values is not None:
            out["additionalProperties"] = _type(t.values, key)
        return out
    if t.kind is Kind.ANY:
        return {}
    out = {"type": t.kind.value}
    if t.format and t.kind is not Kind.INTEGER:
        out["format"] = t.format
    elif t.format in ("int32", "int64"):
        out["format"] = t.format
    return out


def _meta(f: Field, doc: FieldDoc) -> dict[str, Any]:
    """The grammar's facts that are not constraints, as ``x-avi-*`` extensions."""
    x: dict[str, Any] = {}
    if doc.introduced_in:
        x["x-avi-introduced-in"] = [str(r) for r in doc.introduced_in]
    if doc.deprecated:
        x["x-avi-deprecated"] = str(doc.deprecated_in) if doc.deprecated_in else True
    if doc.moved_to:
        x["x-avi-moved-to"] = doc.moved_to
    if doc.unit:
        x["x-avi-unit"] = doc.unit
    if doc.ref_type:
        x["x-avi-ref-type"] = doc.ref_type
    if doc.editions:
        x["x-avi-editions"] = [
            e.edition
            + ("" if e.any_value or not e.allowed_values else f"({', '.join(e.allowed_values)})")
            for e in doc.editions
        ]
    return x


def _scalar_format(t: TypeRef) -> str | None:
    base = t.items if t.kind is Kind.ARRAY and t.items else t
    return base.format if base.kind is Kind.INTEGER else None


def field_meta(dname: str, f: Field, layout: Layout) -> dict[str, Any]:
    """Every ``x-avi-*`` fact of a field: what the generated runtime reads and enforces."""
    doc = f.doc
    x = _meta(f, doc)
    fmt = _scalar_format(f.type)
    if f.read_only:
        x["x-avi-read-only"] = True
    if (dname, f.name) in layout.enum_of:
        x["x-avi-enum"] = True
    if _numeric(f):
        if fmt in FORMAT_BOUNDS:
            x["x-avi-format"] = fmt
        if doc.range is not None:
            x["x-avi-range"] = [doc.range.low, doc.range.high]
        if doc.allowed_values:
            x["x-avi-allowed-values"] = list(doc.allowed_values)
        if doc.special_values and (doc.range is not None or doc.allowed_values or fmt):
            x["x-avi-special-values"] = [[s.value, s.meaning] for s in doc.special_values]
    if f.type.kind is Kind.ARRAY:
        if doc.min_items is not None:
            x["x-avi-min-items"] = doc.min_items
        if doc.max_items is not None:
            x["x-avi-max-items"] = doc.max_items
    return dict(sorted(x.items()))


def _numeric(f: Field) -> bool:
    base = f.type.items if f.type.kind is Kind.ARRAY and f.type.items else f.type
    return base.kind in (Kind.INTEGER, Kind.NUMBER)


def field_schema(
    dname: str, f: Field, layout: Layout, flavour: Flavour, key: Key = _plain
) -> dict[str, Any]:
    doc = f.doc
    schema = _type(f.type, key)
    enum_cls = layout.enum_of.get((dname, f.name))
    if enum_cls is not None:
        ref = {"$ref": REF_PREFIX + key(enum_cls)}
        if f.type.kind is Kind.ARRAY:
            schema["items"] = ref
        else:
            schema = dict(ref)
    description = clean_text(f.description)
    if description:
        schema["description"] = description
    if f.has_default and f.default is not None:
        schema["default"] = f.default
    if flavour == "codegen":
        return schema
    x = _meta(f, doc)
    fmt = _scalar_format(f.type)
    numeric = _numeric(f)
    # documented flavour
    if f.read_only:
        schema["readOnly"] = True
    if doc.deprecated:
        schema["deprecated"] = True
    if numeric:
        target = schema["items"] if f.type.kind is Kind.ARRAY else schema
        base = f.type.items if f.type.kind is Kind.ARRAY and f.type.items else f.type
        constrained = _numeric_keywords(doc, fmt, base.kind)
        if constrained is not None:
            if f.type.kind is Kind.ARRAY:
                schema["items"] = (
                    {**target, **constrained} if "anyOf" not in constrained else constrained
                )
            else:
                if "anyOf" in constrained:
                    for keyword in ("type", "format"):
                        schema.pop(keyword, None)
                schema.update(constrained)
    if f.type.kind is Kind.ARRAY:
        if doc.min_items is not None:
            schema["minItems"] = doc.min_items
        if doc.max_items is not None:
            schema["maxItems"] = doc.max_items
    schema.update(sorted(x.items()))
    return schema


def _numeric_keywords(doc: FieldDoc, fmt: str | None, kind_of: Kind) -> dict[str, Any] | None:
    low: int | float | None = None
    high: int | float | None = None
    if fmt in FORMAT_BOUNDS:
        low, high = FORMAT_BOUNDS[fmt]
    if doc.range is not None:
        low = doc.range.low if doc.range.low is not None else low
        high = doc.range.high if doc.range.high is not None else high
    kind = "integer" if kind_of is Kind.INTEGER else "number"
    main: dict[str, Any] = {"type": kind}
    if doc.allowed_values:
        main["enum"] = list(doc.allowed_values)
    else:
        if low is not None:
            main["minimum"] = low
        if high is not None:
            main["maximum"] = high
    if len(main) == 1:
        return None
    if doc.special_values:
        return {"anyOf": [main, {"enum": [s.value for s in doc.special_values]}]}
    return main


def definition_schema(
    d: Definition, layout: Layout, flavour: Flavour, key: Key = _plain
) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    description = clean_text(d.description)
    if description:
        out["description"] = description
    out["properties"] = {f.name: field_schema(d.name, f, layout, flavour, key) for f in d.fields}
    required = [f.name for f in d.fields if f.required]
    if required:
        out["required"] = required
    if flavour == "documented":
        out["additionalProperties"] = True
    return out


def enum_schema(enum: EnumClass) -> dict[str, Any]:
    users = ", ".join(f"{d}.{f}" for d, f in enum.users[:3]) + (
        "..." if len(enum.users) > 3 else ""
    )
    return {
        "type": "string",
        "enum": list(enum.values),
        "description": f"Values of {users}.",
        "x-extensible-enum": True,  # open: a newer controller may send values this one lacks
    }


def components(api: Api, flavour: Flavour, layout: Layout | None = None) -> dict[str, Any]:
    """``components/schemas``: every definition of ``api`` and every enum class they use."""
    layout = layout or plan_layout(api)
    schemas: dict[str, Any] = {}
    for dname in sorted(api.definitions):
        schemas[class_name(dname)] = definition_schema(api.definitions[dname], layout, flavour)
    for name, enum in layout.enums.items():
        schemas[name] = enum_schema(enum)
    return dict(sorted(schemas.items()))


def module_components(
    api: Api, layout: Layout, module: str, classes: list[str] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The codegen view of one models module, and the ``x-avi`` metadata of its classes.

    The view holds the module's classes in full and what they use from other modules as stubs.

    Keys are ``<module>.<Class>`` so that the renderer writes imports between modules; a stub
    (an empty object, or a one-value enum) stands for a class that another module renders.
    """

    def key(cls: str) -> str:
        return f"{layout.module_of[cls]}.{cls}"

    own = [c for c, m in layout.module_of.items() if m == module] if classes is None else classes
    schemas: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    for cls in sorted(own):
        if cls in layout.enums:
            schemas[key(cls)] = enum_schema(layout.enums[cls])
            continue
        definition = api.definitions[layout.definition_of[cls]]
        schemas[key(cls)] = definition_schema(definition, layout, "codegen", key)
        fields = {f.name: field_meta(definition.name, f, layout) for f in definition.fields}
        meta[cls] = {name: x for name, x in fields.items() if x}
    stubs: dict[str, Any] = {}
    defaults = _enum_defaults(schemas)
    for schema in schemas.values():
        for ref in _refs(schema):
            cls = ref.rsplit(".", 1)[-1]
            if layout.module_of[cls] != module:
                stubs[ref] = {"type": "object"}
                if cls in layout.enums:
                    # An enum stub keeps the values this module's defaults name (a default
                    # is written as a member), else its first: the rest is not rendered here.
                    # Its member names go along: they are the enum module's, whatever
                    # the values kept (see :func:`~codegen.render.naming.enum_members`).
                    enum = layout.enums[cls]
                    stub = enum_schema(enum)
                    used = defaults.get(ref, set())
                    named = dict(zip(enum.values, enum_members(enum.values), strict=True))
                    stub["enum"] = [v for v in stub["enum"] if v in used] or stub["enum"][:1]
                    stub["x-enum-varnames"] = [named[v] for v in stub["enum"]]
                    stubs[ref] = stub
    # Enums first: a default that names an enum member is evaluated when the class is made.
    order = sorted(schemas, key=lambda k: (k.rsplit(".", 1)[-1] not in layout.enums, k))
    return {**dict(sorted(stubs.items())), **{k: schemas[k] for k in order}}, meta


def _enum_defaults(schemas: dict[str, Any]) -> dict[str, set[Any]]:
    """The default values of the properties that refer to each enum (directly or by items)."""
    out: dict[str, set[Any]] = {}
    for schema in schemas.values():
        for prop in (schema.get("properties") or {}).values():
            if "default" not in prop:
                continue
            target = prop.get("items", prop)
            ref = target.get("$ref") if isinstance(target, dict) else None
            if isinstance(ref, str) and ref.startswith(REF_PREFIX):
                value = prop["default"]
                values = value if isinstance(value, list) else [value]
                out.setdefault(ref[len(REF_PREFIX) :], set()).update(
                    v for v in values if isinstance(v, str)
                )
    return out


def _refs(node: Any) -> set[str]:
    out: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PREFIX):
                out.add(ref[len(REF_PREFIX) :])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out
