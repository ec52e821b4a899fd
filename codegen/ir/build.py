"""Build the IR of one spec document (one Avi object file) from its normalised dictionary.

This is the only place that reads Swagger dictionaries; what it cannot understand becomes a
located diagnostic, never an exception.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from codegen.diagnostics import Diagnostic, Level, pointer
from codegen.ir.grammar import parse_description
from codegen.ir.model import (
    ApiObject,
    Definition,
    Field,
    FieldDoc,
    Kind,
    Operation,
    Parameter,
    ParamIn,
    Response,
    TypeRef,
)

_METHODS = ("get", "post", "put", "patch", "delete")
_REF_PREFIX = "#/definitions/"
_MAX_DEPTH = 64


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def warn(self, ptr: str, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, ptr, Level.WARNING, code, message))

    def error(self, ptr: str, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, ptr, Level.ERROR, code, message))

    def type_of(self, node: Any, ptr: str, depth: int = 0) -> TypeRef:
        if not isinstance(node, dict):
            self.error(ptr, "bad-schema", "schema is not an object")
            return TypeRef(Kind.ANY)
        if depth > _MAX_DEPTH:
            self.error(ptr, "too-deep", f"schema nested more than {_MAX_DEPTH} levels")
            return TypeRef(Kind.ANY)
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
            return TypeRef(
                Kind.REF, ref=ref[len(_REF_PREFIX) :].replace("~1", "/").replace("~0", "~")
            )
        kind = node.get("type")
        fmt = node.get("format") if isinstance(node.get("format"), str) else None
        if kind == "array":
            items = node.get("items")
            if items is None:
                self.warn(ptr, "array-no-items", "array without items: items read as any")
                return TypeRef(Kind.ARRAY, items=TypeRef(Kind.ANY))
            return TypeRef(Kind.ARRAY, items=self.type_of(items, ptr + "/items", depth + 1))
        if kind == "object" or (
            kind is None and ("properties" in node or "additionalProperties" in node)
        ):
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                values = self.type_of(extra, ptr + "/additionalProperties", depth + 1)
                return TypeRef(Kind.OBJECT, values=values)
            if node.get("properties"):
                self.warn(ptr, "inline-object", "inline object schema read as a free-form object")
            return TypeRef(Kind.OBJECT)
        if kind in ("string", "integer", "number", "boolean"):
            return TypeRef(Kind(kind), format=fmt)
        if kind is None:
            return TypeRef(Kind.ANY)
        self.error(ptr, "bad-type", f"unknown type {kind!r}")
        return TypeRef(Kind.ANY)

    def definition(self, name: str, node: Any) -> Definition | None:
        ptr = pointer("definitions", name)
        if not isinstance(node, dict):
            self.error(ptr, "bad-schema", "definition is not an object")
            return None
        props = node.get("properties") or {}
        if not isinstance(props, dict):
            self.error(ptr + "/properties", "bad-schema", "properties is not an object")
            props = {}
        required_raw = node.get("required") or []
        required = (
            {r for r in required_raw if isinstance(r, str)}
            if isinstance(required_raw, list)
            else set()
        )
        for missing in sorted(required - set(props)):
            self.warn(
                ptr + "/required",
                "required-unknown",
                f"required field {missing!r} is not a property",
            )
        fields = []
        for prop_name, prop in props.items():
            fptr = f"{ptr}/properties{pointer(str(prop_name))}"
            if not isinstance(prop_name, str):
                self.error(fptr, "bad-key", "property name is not a string")
                continue
            if not isinstance(prop, dict):
                self.error(fptr, "bad-schema", "property schema is not an object")
                continue
            description = prop.get("description")
            description = description if isinstance(description, str) else ""
            fields.append(
                Field(
                    name=prop_name,
                    type=self.type_of(prop, fptr),
                    required=prop_name in required,
                    read_only=prop.get("readOnly") is True,
                    has_default="default" in prop,
                    default=prop.get("default"),
                    description=description,
                    doc=self.field_doc(description, fptr),
                )
            )
        description = node.get("description")
        return Definition(
            name=name,
            fields=tuple(fields),
            description=description if isinstance(description, str) else "",
            source=self.file,
        )

    def field_doc(self, description: str, ptr: str) -> FieldDoc:
        """The parsed description, without constraints that no value could meet."""
        doc = parse_description(description)
        rng = doc.range
        if rng is not None and rng.low is not None and rng.high is not None and rng.low > rng.high:
            self.warn(
                ptr + "/description",
                "empty-range",
                f"allowed values {rng.low}-{rng.high} admit no value: range ignored",
            )
            doc = replace(doc, range=None)
        if (
            doc.min_items is not None
            and doc.max_items is not None
            and doc.min_items > doc.max_items
        ):
            self.warn(
                ptr + "/description",
                "empty-range",
                f"at least {doc.min_items} and at most {doc.max_items} items admit no value: "
                "item limits ignored",
            )
            doc = replace(doc, min_items=None, max_items=None)
        return doc

    def operation(self, path: str, method: str, node: Any, shared: list[Any]) -> Operation | None:
        ptr = pointer("paths", path, method)
        if not isinstance(node, dict):
            self.error(ptr, "bad-operation", "operation is not an object")
            return None
        params = []
        seen: set[tuple[str, str]] = set()
        own = node.get("parameters")
        raw_params = [*shared, *(own if isinstance(own, list) else [])]
        for i, p in enumerate(raw_params):
            pptr = f"{ptr}/parameters/{i}"
            if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                self.error(pptr, "bad-parameter", "parameter without a name")
                continue
            try:
                location = ParamIn(str(p.get("in")))
            except ValueError:
                self.error(pptr, "bad-parameter", f"unknown parameter location {p.get('in')!r}")
                continue
            key = (p["name"], location.value)
            if key in seen:
                self.warn(pptr, "duplicate-parameter", f"parameter {p['name']!r} given twice")
                continue
            seen.add(key)
            schema = p.get("schema") if location is ParamIn.BODY else p
            desc = p.get("description")
            params.append(
                Parameter(
                    name=p["name"],
                    location=location,
                    type=self.type_of(schema, pptr),
                    required=p.get("required") is True,
                    description=desc if isinstance(desc, str) else "",
                )
            )
        responses = []
        raw_responses = node.get("responses") or {}
        if isinstance(raw_responses, dict):
            for status, r in raw_responses.items():
                if not isinstance(r, dict):
                    continue
                schema = r.get("schema")
                rptr = f"{ptr}/responses/{status}/schema"
                desc = r.get("description")
                responses.append(
                    Response(
                        status=str(status),
                        description=desc if isinstance(desc, str) else "",
                        schema=self.type_of(schema, rptr) if schema is not None else None,
                    )
                )
        desc = node.get("description") or node.get("summary")
        return Operation(
            method=method,
            path=path,
            parameters=tuple(params),
            responses=tuple(sorted(responses, key=lambda r: r.status)),
            description=desc if isinstance(desc, str) else "",
        )


def _object_name(file_stem: str) -> str:
    return file_stem


def build_document(
    data: dict[str, Any], file: str, stem: str
) -> tuple[ApiObject, dict[str, Definition], list[Diagnostic]]:
    """Build the object of one spec file and the definitions it carries."""
    b = _Builder(file)
    definitions: dict[str, Definition] = {}
    raw_defs = data.get("definitions") or {}
    if isinstance(raw_defs, dict):
        for name in sorted(raw_defs, key=str):
            if not isinstance(name, str):
                b.error(
                    pointer("definitions", str(name)), "bad-key", "definition name is not a string"
                )
                continue
            d = b.definition(name, raw_defs[name])
            if d is not None:
                definitions[name] = d
    operations: list[Operation] = []
    raw_paths = data.get("paths") or {}
    if isinstance(raw_paths, dict):
        for path in sorted(raw_paths, key=str):
            if not isinstance(path, str):
                b.error(pointer("paths", str(path)), "bad-key", "path is not a string")
                continue
            item = raw_paths[path]
            if not isinstance(item, dict):
                b.error(pointer("paths", path), "bad-path", "path item is not an object")
                continue
            raw_shared = item.get("parameters")
            shared = raw_shared if isinstance(raw_shared, list) else []
            for method in _METHODS:
                if method in item:
                    op = b.operation(path, method, item[method], shared)
                    if op is not None:
                        operations.append(op)
    collection, root = _root(operations, definitions, stem)
    raw_info = data.get("info")
    info: dict[str, Any] = raw_info if isinstance(raw_info, dict) else {}
    obj = ApiObject(
        name=_object_name(stem),
        definition=root,
        collection_path=collection,
        operations=tuple(operations),
        source=file,
        info_version=str(info.get("version", "")),
        title=str(info.get("title", "")),
    )
    return obj, definitions, b.diagnostics


def _root(
    operations: list[Operation], definitions: dict[str, Definition], stem: str
) -> tuple[str | None, str | None]:
    """The collection path (``GET`` returning ``<X>ApiResponse`` or ``POST`` taking X) and X.

    Avi's files also carry other objects' operations (``Alert.json`` has ``/virtualservice``),
    so the candidate whose definition is named like the file wins; then the one whose path is
    named like it; then the first.
    """
    candidates: list[tuple[str, str]] = []
    for op in operations:
        if op.method == "post" and "{" not in op.path and op.body is not None and op.body.type.ref:
            candidates.append((op.path, op.body.type.ref))
    for op in operations:
        ok = op.success()
        if op.method == "get" and "{" not in op.path and ok and ok.schema and ok.schema.ref:
            wrapper = definitions.get(ok.schema.ref)
            results = wrapper.field("results") if wrapper else None
            if results and results.type.items and results.type.items.ref:
                candidates.append((op.path, results.type.items.ref))
    for path, ref in candidates:
        if ref.lower() == stem.lower():
            return path, ref
    for path, ref in candidates:
        if path.strip("/").replace("-", "").lower() == stem.lower():
            return path, ref
    if candidates:
        return candidates[0]
    return None, stem if stem in definitions else None
