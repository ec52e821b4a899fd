"""Build the client template's context from the IR: one resource per object, named from paths.

The specs carry no operationIds, so names come from paths: the collection ``/virtualservice``
gives ``client.virtualservice``; an operation on ``/virtualservice/{uuid}/runtime/detail/``
gives the method ``get_runtime_detail``. Standard CRUD lives in the runtime's ``Resource``;
everything else becomes a generated method. Paths stay verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen.diagnostics import Diagnostic, DiagnosticError, Level, pointer
from codegen.ir.model import Api, ApiObject, Kind, Operation, ParamIn
from codegen.render.layout import Layout
from codegen.render.naming import class_name, identifier, resource_name
from codegen.render.schema import clean_text

#: Attributes of the runtime's client and resource classes that a generated name must not hide.
_CLIENT_TAKEN = frozenset({"session", "release", "logout", "close", "login", "resource", "aclose"})
_RESOURCE_TAKEN = frozenset(
    {
        "list",
        "iter",
        "get",
        "get_by_name",
        "create",
        "update",
        "patch",
        "delete",
        "delete_by_name",
        "call",
        "model",
        "path",
        "session",
    }
)


@dataclass(frozen=True)
class OperationContext:
    """A generated method for an operation beyond the standard CRUD."""

    method_name: str
    http_method: str  # upper case
    subpath: str  # relative to the collection path, with "{uuid}" kept, e.g. "{uuid}/runtime/"
    subpath_literal: str  # the same as a Python string literal, safe to paste into code
    takes_uuid: bool
    body_model: str | None  # model class of the body, or None for no body / free-form
    has_body: bool
    result_model: str | None  # model class parsed from the answer, or None (raw JSON)
    summary: str  # one line for the docstring: "GET /virtualservice/{uuid}/runtime/" (escaped)


@dataclass(frozen=True)
class ResourceContext:
    """One object's resource classes (sync and async), in ``resources/<module>.py``."""

    module: str  # resource module, e.g. "image"
    imports: tuple[tuple[str, str], ...]  # (models module, class) pairs the module imports
    object_name: str  # the API object, e.g. "Image"
    attr: str  # client attribute, e.g. "image"
    class_name: str  # e.g. "ImageResource" (the async one is "Async" + class_name)
    model: str  # model class, e.g. "Image"
    path: str  # collection path, verbatim, e.g. "/image"
    path_literal: str  # the same as a Python string literal
    doc: str  # docstring text, escaped
    operations: tuple[OperationContext, ...]


@dataclass(frozen=True)
class ClientContext:
    """Everything ``templates/client/client.py.jinja`` receives."""

    release: str
    resources: tuple[ResourceContext, ...]


def _doc_text(text: str) -> str:
    """Text that is safe between triple double quotes."""
    return clean_text(text).replace("\\", "\\\\").replace('"', '\\"')


def _collection(obj: ApiObject) -> str | None:
    if obj.collection_path:
        return obj.collection_path
    for op in obj.operations:
        first = op.path.strip("/").split("/")[0]
        if first:
            return "/" + first
    return None


def _under(path: str, base: str) -> bool:
    """Whether ``path`` is the collection ``base`` or below it (Avi files carry other objects'
    operations too: ``Alert.json`` also describes ``/virtualservice``)."""
    return path == base or path.startswith(base.rstrip("/") + "/")


def _standard(op: Operation, base: str) -> bool:
    if op.path == base:
        return op.method in ("get", "post")
    if op.path in (base + "/{uuid}", base + "/{uuid}/"):
        return op.method in ("get", "put", "patch", "delete")
    return False


def _method_name(op: Operation, base: str, taken: set[str]) -> str:
    rest = op.path[len(base) :] if op.path.startswith(base) else op.path
    words = [w for w in rest.split("/") if w and w != "{uuid}"]
    stem = identifier("_".join([op.method, *words]), fallback="op")
    name = stem if stem not in _RESOURCE_TAKEN else stem + "_"
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _model_of(api: Api, ref: str | None) -> str | None:
    return class_name(ref) if ref and ref in api.definitions else None


def client_context(api: Api, layout: Layout) -> ClientContext:
    resources: list[ResourceContext] = []
    attrs: set[str] = set()
    for obj in api.objects.values():
        base = _collection(obj)
        model = _model_of(api, obj.definition)
        if base is None or model is None:
            continue
        attr = resource_name(base)
        if attr in attrs or attr in _CLIENT_TAKEN:
            attr = identifier(obj.name.lower())
        while attr in attrs or attr in _CLIENT_TAKEN:
            attr += "_"
        attrs.add(attr)
        used_models = {model}
        taken: set[str] = set()
        ops = []
        for op in sorted(obj.operations, key=lambda o: (o.path, o.method)):
            if _standard(op, base) or not _under(op.path, base):
                continue  # CRUD is the runtime's; other objects' paths are theirs
            body = op.body
            body_model = (
                _model_of(api, body.type.ref) if body and body.type.kind is Kind.REF else None
            )
            ok = op.success()
            result = _model_of(api, ok.schema.ref) if ok and ok.schema else None
            for m in (body_model, result):
                if m:
                    used_models.add(m)
            rest = op.path[len(base) :] if op.path.startswith(base) else op.path
            ops.append(
                OperationContext(
                    method_name=_method_name(op, base, taken),
                    http_method=op.method.upper(),
                    subpath=rest.lstrip("/"),
                    subpath_literal=repr(rest.lstrip("/")),
                    takes_uuid="{uuid}" in op.path
                    or any(p.name == "uuid" for p in op.params_in(ParamIn.PATH)),
                    body_model=body_model,
                    has_body=body is not None,
                    result_model=result,
                    summary=_doc_text(f"{op.method.upper()} {op.path}"),
                )
            )
        resource_class = f"{class_name(obj.name)}Resource"
        clash = sorted(used_models & {resource_class, "Async" + resource_class})
        if clash:
            raise DiagnosticError(
                [
                    Diagnostic(
                        obj.source,
                        pointer("definitions", layout.definition_of.get(clash[0], clash[0])),
                        Level.ERROR,
                        "name-collision",
                        f"model class {clash[0]} has the name of the resource class of "
                        f"object {obj.name}; rename the definition",
                    )
                ]
            )
        resources.append(
            ResourceContext(
                module=layout.object_module[obj.name],
                imports=tuple(sorted((layout.module_of[m], m) for m in used_models)),
                object_name=obj.name,
                attr=attr,
                class_name=resource_class,
                model=model,
                path=base,
                path_literal=repr(base),
                doc=_doc_text(f"{obj.name} objects at {base}."),
                operations=tuple(ops),
            )
        )
    return ClientContext(
        release=str(api.release),
        resources=tuple(sorted(resources, key=lambda r: r.attr)),
    )
