"""What the emulator knows about the objects it serves, read from a generated package's models.

A generated package exposes ``__avi_objects__`` (object name -> (collection path, model class
name in ``<pkg>.models``)) and ``__avi_release__``. :func:`objects_from_package` turns that
registry into :class:`ObjectSpec` entries.

The models come from the served package's own copy of the runtime (``<pkg>._runtime``), not
from :mod:`codegen.runtime`, so this module reads field metadata straight from pydantic's
``FieldInfo.json_schema_extra`` (``x-avi-ref-type``) and never imports the generator's runtime.
"""

from __future__ import annotations

import enum
import functools
import importlib
import json
import sys
import threading
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

#: Fields the controller owns: taken from the server, never from a request body.
SERVER_FIELDS = frozenset({"uuid", "url", "_last_modified"})
#: Fields the ``fields=`` filter always returns.
ALWAYS_FIELDS = ("url", "uuid", "name")

_MISSING: Any = object()


@dataclass(frozen=True)
class ObjectSpec:
    """One top-level object of a release: ``Image`` served at ``/api/image``."""

    #: The object's name in the spec (``Image``, ``VirtualService``).
    name: str
    #: The collection path verbatim from the spec, without ``/api`` (``/image``).
    path: str
    #: The generated model class (a subclass of the served package's ``AviModel``).
    model: type[BaseModel]

    @property
    def segment(self) -> str:
        """The path without its leading slash, as it appears in refs (``image``)."""
        return self.path.strip("/")

    @property
    def uuid_prefix(self) -> str:
        """The prefix of the uuids the emulator makes (``image``)."""
        return self.name.lower()


def objects_from_package(module: types.ModuleType | str) -> dict[str, ObjectSpec]:
    """The objects of a generated package, from its ``__avi_objects__`` registry.

    ``module`` is the package (or its import name); its ``models`` submodule must define every
    class the registry names.
    """
    pkg = importlib.import_module(module) if isinstance(module, str) else module
    registry = getattr(pkg, "__avi_objects__", None)
    if not isinstance(registry, Mapping):
        raise ValueError(f"{pkg.__name__} has no __avi_objects__ registry")
    models = importlib.import_module(f"{pkg.__name__}.models")
    specs: dict[str, ObjectSpec] = {}
    for name, entry in registry.items():
        path, class_name = entry
        model = getattr(models, class_name, None)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise ValueError(f"{pkg.__name__}.models has no model class {class_name!r} ({name})")
        specs[str(name)] = ObjectSpec(name=str(name), path=normalize_path(str(path)), model=model)
    return specs


def package_release(module: types.ModuleType | str) -> str:
    """The release a generated package was made for (its ``__avi_release__``)."""
    pkg = importlib.import_module(module) if isinstance(module, str) else module
    release = getattr(pkg, "__avi_release__", None)
    if not isinstance(release, str) or not release:
        raise ValueError(f"{pkg.__name__} has no __avi_release__")
    return release


def normalize_path(path: str) -> str:
    """``image/`` and ``/api/image`` both become ``/image``."""
    path = "/" + path.strip("/")
    if path.startswith("/api/"):
        path = path[4:]
    return path


# --- per-model plans -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldPlan:
    """What the emulator needs to know about one field of a model."""

    wire: str
    #: The object type the field refers to (``x-avi-ref-type``), for ref fields.
    ref_type: str | None
    #: The nested model, for fields holding a model or a list/dict of models.
    submodel: type[BaseModel] | None
    #: The field's default in JSON form, or ``_MISSING`` when it has none.
    default: Any
    #: Whether the field is a map (``dict[str, Model]``) of nested models.
    is_map: bool = False


_plans: dict[type[BaseModel], dict[str, FieldPlan]] = {}
_plans_lock = threading.Lock()


def _wire(attr: str, info: Any) -> str:
    """A field's wire name: its (serialization) alias, which may be empty, else its name."""
    for alias in (info.serialization_alias, info.alias):
        if alias is not None:
            return str(alias)
    return attr


def _extra(model: type[BaseModel], info: Any, wire: str) -> Mapping[str, Any]:
    """A field's ``x-avi`` metadata: ``json_schema_extra``, else the module's ``__avi_meta__``.

    Generated models modules end with ``__avi_meta__``, a JSON text mapping each class name to
    ``{wire name: {"x-avi-...": value}}`` (the generated runtime's ``avi_fields`` reads it).
    """
    extra = getattr(info, "json_schema_extra", None)
    if isinstance(extra, Mapping):
        return extra
    module = sys.modules.get(model.__module__)
    raw = getattr(module, "__avi_meta__", None) if module is not None else None
    if not isinstance(raw, str):
        return {}
    table = _meta_tables.get(raw)
    if table is None:
        parsed = json.loads(raw)
        table = parsed if isinstance(parsed, dict) else {}
        _meta_tables[raw] = table
    found = table.get(model.__name__, {}).get(wire, {})
    return found if isinstance(found, Mapping) else {}


_meta_tables: dict[str, dict[str, Any]] = {}


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _is_map(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (dict, Mapping):
        return True
    return any(_is_map(arg) for arg in typing.get_args(annotation))


def _json_default(model: type[BaseModel], attr: str) -> Any:
    info = model.model_fields[attr]
    if info.is_required():
        return _MISSING
    try:
        value = info.get_default(call_default_factory=True, validated_data={})
    except Exception:  # a default factory that needs data: no comparable default
        return _MISSING
    if value is None:
        return _MISSING
    try:
        return _to_json(value)
    except Exception:
        return _MISSING


def _to_json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    return value


def plan(model: type[BaseModel]) -> dict[str, FieldPlan]:
    """The fields of ``model`` by wire name (cached)."""
    cached = _plans.get(model)
    if cached is not None:
        return cached
    fields: dict[str, FieldPlan] = {}
    for attr, info in model.model_fields.items():
        wire = _wire(attr, info)
        ref_type = _extra(model, info, wire).get("x-avi-ref-type")
        subs = list(dict.fromkeys(_models_in(info.annotation)))
        fields[wire] = FieldPlan(
            wire=wire,
            ref_type=str(ref_type) if ref_type else None,
            submodel=subs[0] if len(subs) == 1 else None,
            default=_json_default(model, attr),
            is_map=len(subs) == 1 and _is_map(info.annotation),
        )
    with _plans_lock:
        _plans[model] = fields
    return fields


# --- walking documents -----------------------------------------------------------------------

#: ``fn(ref_type, value, where)`` returns the new value of a ref.
RefMapper = Callable[[str, str, str], str]


def map_refs(doc: Any, model: type[BaseModel], fn: RefMapper, where: str = "") -> Any:
    """A copy of ``doc`` (a wire-form dict of ``model``) with every ref string mapped by ``fn``.

    ``tenant_ref`` is treated as a ref to a tenant even where the model lacks the metadata.
    """
    if not isinstance(doc, dict):
        return doc
    fields = plan(model)
    out: dict[str, Any] = {}
    for key, value in doc.items():
        fp = fields.get(key)
        path = f"{where}.{key}" if where else key
        ref_type = fp.ref_type if fp else None
        if ref_type is None and key == "tenant_ref":
            ref_type = "Tenant"
        if ref_type is not None:
            out[key] = _map_values(value, functools.partial(_apply_ref, fn, ref_type), path)
        elif fp is not None and fp.submodel is not None:
            nested = functools.partial(_apply_nested, fp.submodel, fn)
            out[key] = _map_nested(value, nested, path, fp.is_map)
        else:
            out[key] = value
    return out


def _apply_ref(fn: RefMapper, ref_type: str, value: str, where: str) -> str:
    return fn(ref_type, value, where)


def _apply_nested(model: type[BaseModel], fn: RefMapper, value: Any, where: str) -> Any:
    return map_refs(value, model, fn, where)


def _map_values(value: Any, fn: Callable[[str, str], str], path: str) -> Any:
    if isinstance(value, str):
        return fn(value, path)
    if isinstance(value, list):
        return [_map_values(v, fn, f"{path}.{i}") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _map_values(v, fn, f"{path}.{k}") for k, v in value.items()}
    return value


def _map_nested(value: Any, fn: Callable[[Any, str], Any], path: str, is_map: bool) -> Any:
    if isinstance(value, list):
        return [_map_nested(v, fn, f"{path}.{i}", is_map) for i, v in enumerate(value)]
    if isinstance(value, dict):
        if is_map:
            return {k: _map_nested(v, fn, f"{path}.{k}", False) for k, v in value.items()}
        return fn(value, path)
    return value


def collect_refs(doc: Any, model: type[BaseModel]) -> list[str]:
    """Every ref string in ``doc``."""
    found: list[str] = []

    def grab(_type: str, value: str, _where: str) -> str:
        found.append(value)
        return value

    map_refs(doc, model, grab)
    return found


def strip_extras(model: BaseModel, dumped: dict[str, Any]) -> dict[str, Any]:
    """Remove, in place, the unknown fields of ``model`` and its nested models from its dump."""
    for key in model.__pydantic_extra__ or ():
        dumped.pop(key, None)
    for attr, info in type(model).model_fields.items():
        wire = _wire(attr, info)
        if wire in dumped:
            _strip_value(getattr(model, attr), dumped[wire])
    return dumped


def _strip_value(value: Any, dumped: Any) -> None:
    if isinstance(value, BaseModel) and isinstance(dumped, dict):
        strip_extras(value, dumped)
    elif isinstance(value, list | tuple) and isinstance(dumped, list):
        for item, out in zip(value, dumped, strict=False):
            _strip_value(item, out)
    elif isinstance(value, dict) and isinstance(dumped, dict):
        for key, item in value.items():
            if key in dumped:
                _strip_value(item, dumped[key])


def strip_defaults(doc: dict[str, Any], model: type[BaseModel], keep: frozenset[str]) -> None:
    """Remove, in place, the fields of ``doc`` equal to the model's defaults (``skip_default``)."""
    fields = plan(model)
    for key in list(doc):
        if key in keep:
            continue
        fp = fields.get(key)
        if fp is None:
            continue
        value = doc[key]
        if fp.default is not _MISSING and value == fp.default:
            del doc[key]
        elif fp.submodel is not None:
            sub = fp.submodel
            if isinstance(value, dict):
                strip_defaults(value, sub, frozenset())
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        strip_defaults(item, sub, frozenset())
