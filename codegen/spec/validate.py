"""Validate a normalised Swagger 2.0 document: located structural checks, then the validator.

The structural checks come first because openapi-spec-validator crashes on a dangling
``$ref`` instead of reporting it, and reports a wrong-type default without its location.

Shared parts
------------

openapi-spec-validator does two things: it validates the document against the Swagger 2.0
metaschema with jsonschema (most of its cost), then walks the operations: duplicate operation
ids, path parameters, and each response or body schema followed through its references, with
the JSON Schema meta-check and each default checked against the schema it sits in. Avi's files
repeat large pieces (definitions such as ``IpAddr`` in dozens of files of a release, and most
of them across releases; the same parameter lists and responses in every operation), so the
metaschema pass may leave out a *part* already known to be valid. The parts are

- a definition, ``/definitions/<name>``, which the metaschema validates as a ``schema``;
- the parameter list of a path item, ``/paths/<path>/parameters``, or of an operation,
  ``/paths/<path>/<method>/parameters`` (a ``parametersList``);
- the responses of an operation, ``/paths/<path>/<method>/responses`` (``responses``),

taken only under a path that starts with ``/`` and one of the seven operation keys (anywhere
else the metaschema does not descend, so a part there would look valid without having been
looked at). A part is identified by its kind and the sha256 of its canonical JSON (sorted keys),
not by its name or place; one that does not survive a JSON round trip unchanged (non-finite
numbers, keys that are not strings, YAML dates or pairs) is never shared.

The rule. A part is *proven clean* by a validator run that completed (structural checks passed,
no crash) with the part in place and reported nothing at or under its location. So is a
parameter (an item of a list validated in place); and a parameter list is proven clean when
each of its parameters is and no two of them are equal as ``uniqueItems`` compares them (we
compare them loosely, every number a float, so a doubt keeps the list in place). A document may
be validated with proven-clean parts replaced by stubs (``{}``, ``[]``,
``{"default": {"description": ""}}``) in a copy that only the metaschema pass sees; the
structural checks and the operation walk always read the whole document. Its diagnostics are
then those of the whole document, in the same order, because:

The metaschema pass runs on jsonschema-rs (a dependency of the project, which
openapi-spec-validator picks when it is installed), else on jsonschema (when an environment
variable chooses it). Sharing pays only with jsonschema: jsonschema-rs validates a whole
document in less time than finding its parts takes, so with it nothing is shared. What follows
holds for both.

1. Locality: the validator locates an error at the node where the failing keyword applies, and
   the ancestors of a part (the root, ``paths``, a path item, an operation, ``definitions``) use
   only keywords that read their keys (``type``, ``required``, ``properties``,
   ``patternProperties``, ``additionalProperties``), never ``allOf``, ``anyOf``, ``oneOf`` or
   ``not``. So every error that depends on a part's content is located at or under it, and no
   error elsewhere depends on it.
2. Context: the subschema applied at a part's location depends on its kind only (``definitions``
   has no ``patternProperties``: every name gets ``schema``; a ``parametersList`` is ``type:
   array`` with one ``items`` schema for every item, and ``uniqueItems``), so the same content
   gets the same errors wherever it stands: none, once proven.
3. A stub is valid where it stands and keys keep their order, so a stub adds no error and the
   other errors come in the same order. (That order is the validator's: jsonschema's
   ``additionalProperties`` reports in the order of a set of names, which follows the process's
   hash seed; the copy has the same names inserted in the same order.)
4. The metaschema does not follow the document's ``$ref`` (to it, a ``$ref`` is a string): no
   metaschema check of one definition reads another, so a stub cannot hide another part's
   error. The checks that do read a referenced definition (a default checked against an array
   of ``$ref``'d items, the properties an ``allOf`` requires, the meta-check of a response's
   schema) are the operation walk's, and it reads the unmodified document. (Like Swagger 2.0,
   the walk ignores the siblings of a ``$ref``, such as a default beside it.)
5. A crash (``RecursionError``, the validator's own failure) makes a run incomplete: it proves
   nothing.

``_parts_supported`` checks the backend, and the metaschema shape that 1-3 rely on, once,
against the installed validator; when it does not hold, nothing is shared and every document
is validated whole. The
batch logic (the first holder of a part validates it in place; what happens when its run finds
an error there, or stops short) is :func:`codegen.pipeline.check_files`, which builds on
:func:`parts`, :func:`plan_stubs` and :func:`proven`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from codegen.diagnostics import Diagnostic, Level, pointer

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


@dataclass(frozen=True)
class Verdict:
    """The errors of one validator run; ``complete`` when the structural checks passed and the
    validator ran to its end (only then can the run prove parts clean)."""

    diagnostics: tuple[Diagnostic, ...]
    complete: bool


@dataclass(frozen=True)
class Part:
    """A part of a document that the metaschema validates on its own (see the module
    docstring): where it is, its kind and the digest of kind and content.

    A parameter list also has the digests of its parameters (when all have one), and whether
    they are pairwise distinct as ``uniqueItems`` sees them: such a list is clean as soon as
    each of its parameters is.
    """

    where: tuple[str, ...]
    kind: str
    key: bytes
    items: tuple[bytes, ...] = ()
    distinct: bool = False

    @property
    def pointer(self) -> str:
        return pointer(*self.where)

    def settled(self, clean: Collection[bytes]) -> bool:
        """Whether ``clean`` proves this part clean."""
        if self.key in clean:
            return True
        return self.distinct and all(item in clean for item in self.items)


def validate(data: dict[str, Any], file: str) -> list[Diagnostic]:
    """Return the errors of a normalised document (empty when it is valid)."""
    return list(check(data, file).diagnostics)


def check(data: dict[str, Any], file: str, stubs: Sequence[Part] = ()) -> Verdict:
    """Validate a normalised document, the metaschema pass leaving out the ``stubs``.

    With no stubs this is the whole validation. Stubs must be parts of ``data`` proven clean
    (:func:`proven`): the verdict is then the same as without them.
    """
    found = tuple(_structure(data, file))
    if found:
        return Verdict(found, complete=False)
    from openapi_spec_validator import OpenAPIV2SpecValidator  # 0.25 s: loaded where it runs

    try:
        validator = OpenAPIV2SpecValidator(data)
        if stubs:
            substitute = _MetaschemaOn(_stubbed(data, stubs), validator.schema_validator)
            validator.schema_validator = substitute
        errors = list(validator.iter_errors())
    except RecursionError:
        too_deep = "schema nested too deeply to validate"
        return Verdict((Diagnostic(file, "", Level.ERROR, "too-deep", too_deep),), False)
    except Exception as exc:  # the validator's own failures become findings, not tracebacks
        message = _short(str(exc)) if str(exc) else type(exc).__name__
        failed = f"validator failed: {message}"
        return Verdict((Diagnostic(file, "", Level.ERROR, "invalid", failed),), False)
    out = []
    for err in errors:
        ptr = pointer(*err.absolute_path)
        # the compiled backend's messages go on with where in the metaschema it failed
        message = err.message.split("\n\nFailed validating ", 1)[0]
        out.append(Diagnostic(file, ptr, Level.ERROR, "invalid", _short(message)))
    return Verdict(tuple(out), complete=True)


class _MetaschemaOn:
    """The metaschema validator, made to validate ``document`` (the stubbed copy) whatever
    openapi-spec-validator hands it (the whole document); anything else is passed through."""

    def __init__(self, document: dict[str, Any], validator: Any) -> None:
        self._document = document
        self._validator = validator

    def iter_errors(self, instance: object) -> Iterator[Any]:
        # returns the generator itself: the validator runs at the same stack depth as without
        errors: Iterator[Any] = self._validator.iter_errors(self._document)
        return errors

    def __getattr__(self, name: str) -> Any:
        return getattr(self._validator, name)


# -- shared parts ------------------------------------------------------------------------------

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch")


def parts(data: dict[str, Any]) -> list[Part]:
    """The shareable parts of a normalised document, in document order (none when the
    installed validator's metaschema does not have the shape the sharing relies on)."""
    if not _parts_supported():
        return []
    found: list[tuple[str, tuple[str, ...], Any]] = []
    where: tuple[str, ...]
    definitions = data.get("definitions")
    if isinstance(definitions, dict):
        for name, schema in definitions.items():
            if isinstance(name, str) and isinstance(schema, dict):
                found.append(("definition", ("definitions", name), schema))
    paths = data.get("paths")
    if isinstance(paths, dict):
        for url, item in paths.items():
            if not (isinstance(url, str) and url.startswith("/") and isinstance(item, dict)):
                continue
            if isinstance(item.get("parameters"), list):
                where = ("paths", url, "parameters")
                found.append(("path-parameters", where, item["parameters"]))
            for method in _OPERATIONS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                if isinstance(op.get("parameters"), list):
                    where = ("paths", url, method, "parameters")
                    found.append(("operation-parameters", where, op["parameters"]))
                if isinstance(op.get("responses"), dict):
                    where = ("paths", url, method, "responses")
                    found.append(("responses", where, op["responses"]))
    out = []
    for kind, where, content in found:
        text = _canonical(content)
        if text is None:
            continue
        key = _digest(kind, text)
        if not kind.endswith("parameters"):
            out.append(Part(where, kind, key))
            continue
        texts = [_canonical(item) for item in content]
        if any(t is None for t in texts):
            out.append(Part(where, kind, key))
            continue
        items = tuple(_digest("parameter", t) for t in texts if t is not None)
        loose = {_loose(t) for t in texts if t is not None}
        distinct = None not in loose and len(loose) == len(texts)
        out.append(Part(where, kind, key, items, distinct))
    return out


def plan_stubs(
    documents: Sequence[Sequence[Part]],
    clean: Collection[bytes],
    tainted: Collection[bytes] = frozenset(),
) -> list[list[Part]]:
    """The parts each document (in this order) may stub: those ``clean`` proves clean, and
    those that an earlier document, or an earlier place in the same one, validates in place.

    The first holder of a part *owns* it: there it is validated in full. A part (or parameter)
    known to have errors (``tainted``) is owned by none: each of its holders validates it.
    """
    known = set(clean)  # and the keys owned so far
    out = []
    for found in documents:
        stubs = []
        for part in found:
            if part.settled(known):
                stubs.append(part)
                continue
            if part.key not in tainted:
                known.add(part.key)
            known.update(item for item in part.items if item not in tainted)
        out.append(stubs)
    return out


def proven(verdict: Verdict, in_place: Iterable[Part]) -> tuple[set[bytes], set[bytes]]:
    """What a run proves about the parts (and parameters of lists) it validated in place: the
    keys of those with no diagnostic at or under their location (clean) and of the others
    (tainted); nothing if the run did not complete."""
    clean: set[bytes] = set()
    tainted: set[bytes] = set()
    if not verdict.complete:
        return clean, tainted
    located: set[str] = set()  # every pointer with a diagnostic at or under it
    for diagnostic in verdict.diagnostics:
        ptr = diagnostic.pointer
        while ptr not in located:
            located.add(ptr)
            ptr = ptr[: max(ptr.rfind("/"), 0)]
    for part in in_place:
        where = part.pointer
        (tainted if where in located else clean).add(part.key)
        for i, item in enumerate(part.items):
            (tainted if f"{where}/{i}" in located else clean).add(item)
    return clean, tainted


def _canonical(content: Any) -> str | None:
    """The canonical JSON of a part (sorted keys); None when JSON cannot stand for it exactly
    (the round trip changes it), as then equal text need not mean equal verdicts."""
    try:
        text = json.dumps(content, sort_keys=True, allow_nan=False, separators=(",", ":"))
        if json.loads(text) != content:
            return None
    except (TypeError, ValueError, RecursionError):
        return None
    return text


def _digest(kind: str, text: str) -> bytes:
    return hashlib.sha256(f"{kind}\0{text}".encode()).digest()


def _loose(text: str) -> str | None:
    """Canonical JSON with every number a float (``-0.0`` as ``0.0``): values that
    ``uniqueItems`` finds equal (``1`` and ``1.0``) have the same loose text."""
    try:
        value = json.loads(text, parse_int=_number, parse_float=_number)
        return json.dumps(value, sort_keys=True, allow_nan=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        return None


def _number(text: str) -> float:
    return float(text) + 0.0


def _stub(kind: str) -> Any:
    if kind == "responses":
        return {"default": {"description": ""}}
    return [] if kind.endswith("parameters") else {}


def _stubbed(data: dict[str, Any], stubs: Iterable[Part]) -> dict[str, Any]:
    """A copy of ``data`` with each stub's part replaced (containers on the way copied, the
    rest shared), keys in their order."""
    meta = dict(data)
    copied: set[tuple[str, ...]] = set()
    for part in stubs:
        node = meta
        for depth in range(1, len(part.where)):
            token = part.where[depth - 1]
            if part.where[:depth] not in copied:
                node[token] = dict(node[token])
                copied.add(part.where[:depth])
            node = node[token]
        node[part.where[-1]] = _stub(part.kind)
    return meta


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/definitions/{name}"}


#: Keywords of a part's ancestors in the metaschema that read keys only, never values.
_KEY_KEYWORDS = frozenset(
    {"type", "required", "properties", "patternProperties", "additionalProperties"}
)
_ANNOTATIONS = frozenset({"$schema", "id", "title", "description", "definitions"})


@lru_cache(maxsize=1)
def _parts_supported() -> bool:
    """Whether the validator checks the metaschema with jsonschema (with which sharing pays),
    and the installed Swagger 2.0 metaschema has the shape that makes sharing parts exact
    (assumptions 1-3 of the module docstring)."""
    from openapi_spec_validator import OpenAPIV2SpecValidator
    from openapi_spec_validator.schemas import schema_v2

    try:
        from openapi_spec_validator.schemas.backend import get_validator_backend
    except ImportError:  # a version with jsonschema only
        pass
    else:
        if get_validator_backend() != "jsonschema":
            return False
    try:
        root = dict(schema_v2)
        defs = root["definitions"]
        ancestors = [root, defs["definitions"], defs["paths"], defs["pathItem"], defs["operation"]]
        if any(set(a) - _KEY_KEYWORDS - _ANNOTATIONS for a in ancestors):
            return False
        path_item = defs["pathItem"]["properties"]
        operation = defs["operation"]["properties"]
        expected = [
            (root["properties"]["definitions"], _ref("definitions")),
            (root["properties"]["paths"], _ref("paths")),
            (defs["definitions"].get("additionalProperties"), _ref("schema")),
            (defs["definitions"].get("properties", {}), {}),
            (defs["definitions"].get("patternProperties", {}), {}),
            (
                defs["paths"]["patternProperties"],
                {"^x-": _ref("vendorExtension"), "^/": _ref("pathItem")},
            ),
            (root["patternProperties"], {"^x-": _ref("vendorExtension")}),
            (defs["pathItem"]["patternProperties"], {"^x-": _ref("vendorExtension")}),
            (defs["operation"]["patternProperties"], {"^x-": _ref("vendorExtension")}),
            (path_item["parameters"], _ref("parametersList")),
            (operation["parameters"], _ref("parametersList")),
            (operation["responses"], _ref("responses")),
            *((path_item[method], _ref("operation")) for method in _OPERATIONS),
        ]
        if any(found != wanted for found, wanted in expected):
            return False
        # a list is valid when each item is and they are distinct (items is one schema for all)
        plist = defs["parametersList"]
        keywords = set(plist) - {"description", "additionalItems"}
        if keywords != {"type", "items", "uniqueItems"} or not isinstance(plist["items"], dict):
            return False
        if plist["type"] != "array" or plist["uniqueItems"] is not True:
            return False
        # every stub valid where it stands
        sample = {
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {
                    "parameters": _stub("path-parameters"),
                    **{
                        method: {
                            "parameters": _stub("operation-parameters"),
                            "responses": _stub("responses"),
                        }
                        for method in _OPERATIONS
                    },
                }
            },
            "definitions": {"A": _stub("definition")},
        }
        return not list(OpenAPIV2SpecValidator(sample).schema_validator.iter_errors(sample))
    except Exception:  # a metaschema of another shape: share nothing
        return False


def _short(message: str) -> str:
    """One line of at most 300 characters; characters that are not printable (spec text the
    validator quotes: newlines, terminal escape sequences) are written as escapes."""
    line = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in message
    )
    line = line or "invalid"
    return line if len(line) <= 300 else line[:297] + "..."


def _structure(data: dict[str, Any], file: str) -> Iterator[Diagnostic]:
    if data.get("swagger") != "2.0":
        yield Diagnostic(
            file,
            "/swagger",
            Level.ERROR,
            "not-swagger2",
            f"expected swagger '2.0', found {data.get('swagger')!r}",
        )
    yield from _skeleton(data, file)
    raw_definitions = data.get("definitions")
    definitions: dict[str, Any] = raw_definitions if isinstance(raw_definitions, dict) else {}
    for ptr, node in _walk(data):
        for key in node:
            if not isinstance(key, str):
                yield Diagnostic(
                    file,
                    ptr + pointer(str(key)),
                    Level.ERROR,
                    "bad-key",
                    f"key {key!r} is not a string but {type(key).__name__} (quote it in YAML)",
                )
        ref = node.get("$ref")
        if ref is not None:
            if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
                yield Diagnostic(
                    file,
                    ptr,
                    Level.ERROR,
                    "bad-ref",
                    f"unsupported $ref {ref!r} (expected #/definitions/<name>)",
                )
            elif (
                ref[len("#/definitions/") :].replace("~1", "/").replace("~0", "~")
                not in definitions
            ):
                yield Diagnostic(
                    file, ptr, Level.ERROR, "dangling-ref", f"$ref {ref!r} points to no definition"
                )
        if "default" in node and isinstance(node.get("type"), str):
            expected = _JSON_TYPES.get(node["type"])
            value = node["default"]
            wrong = expected is not None and (
                not isinstance(value, expected)
                or (node["type"] in ("integer", "number") and isinstance(value, bool))
            )
            if wrong:
                yield Diagnostic(
                    file,
                    ptr + "/default",
                    Level.ERROR,
                    "bad-default",
                    f"default {value!r} is not of type {node['type']}",
                )


def _skeleton(data: dict[str, Any], file: str) -> Iterator[Diagnostic]:
    """The containers of a Swagger document have the right JSON type (the validator crashes,
    without a location, on some that do not)."""

    def wrong(ptr: str, what: str) -> Diagnostic:
        return Diagnostic(file, ptr, Level.ERROR, "wrong-type", what)

    for key in ("info", "paths", "definitions", "parameters", "responses"):
        if key in data and not isinstance(data[key], dict):
            yield wrong(pointer(key), f"{key} must be an object")
    definitions = data.get("definitions")
    if isinstance(definitions, dict):
        for name, schema in definitions.items():
            if not isinstance(schema, dict):
                yield wrong(pointer("definitions", str(name)), "a definition must be an object")
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        where = pointer("paths", str(path))
        if not isinstance(item, dict):
            yield wrong(where, "a path item must be an object")
            continue
        yield from _parameters(item, where, wrong)
        for method in _OPERATIONS:
            if method not in item:
                continue
            op = item[method]
            if not isinstance(op, dict):
                yield wrong(f"{where}/{method}", "an operation must be an object")
                continue
            yield from _parameters(op, f"{where}/{method}", wrong)
            responses = op.get("responses")
            if "responses" in op and not isinstance(responses, dict):
                yield wrong(f"{where}/{method}/responses", "responses must be an object")
            elif isinstance(responses, dict):
                for status, response in responses.items():
                    if not isinstance(response, dict):
                        yield wrong(
                            f"{where}/{method}/responses{pointer(str(status))}",
                            "a response must be an object",
                        )


def _parameters(
    node: dict[str, Any], where: str, wrong: Callable[[str, str], Diagnostic]
) -> Iterator[Diagnostic]:
    if "parameters" not in node:
        return
    params = node["parameters"]
    if not isinstance(params, list):
        yield wrong(f"{where}/parameters", "parameters must be a list")
        return
    for i, param in enumerate(params):
        if not isinstance(param, dict):
            yield wrong(f"{where}/parameters/{i}", "a parameter must be an object")


def _walk(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object node of the document with its JSON pointer, iteratively (no recursion limit)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        ptr, node = stack.pop()
        if isinstance(node, dict):
            yield ptr, node
            for key, value in node.items():
                if isinstance(value, dict | list):
                    stack.append((ptr + pointer(str(key)), value))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, dict | list):
                    stack.append((f"{ptr}/{i}", value))
