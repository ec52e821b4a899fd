"""The two PATCH dialects an Avi controller accepts.

* ``{"add": {...}}``, ``{"replace": {...}}``, ``{"delete": {...}}``: add appends to lists (and
  merges into nested objects, setting other fields), replace sets the given fields, delete
  removes the given list entries (an entry given as a partial object removes the entries it
  matches) or, for a non-list field, the field itself.
* ``{"json_patch": [...]}``: RFC 6902 operations (add, remove, replace, move, copy, test).

Both work on a copy of the stored wire document; the result is validated again by the caller.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

AVI_OPS = ("add", "replace", "delete")


class PatchError(ValueError):
    """The PATCH body cannot be applied (answered with 400)."""


def apply_patch(doc: dict[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """A patched copy of ``doc``."""
    unknown = [k for k in body if k not in (*AVI_OPS, "json_patch")]
    if unknown or not body:
        raise PatchError(
            'PATCH body must be {"add"|"replace"|"delete": {...}} or '
            f'{{"json_patch": [...]}}; got keys {sorted(body)}'
        )
    out = copy.deepcopy(doc)
    if "json_patch" in body:
        if len(body) > 1:
            raise PatchError("json_patch cannot be combined with add, replace or delete")
        return apply_json_patch(out, body["json_patch"])
    for op in AVI_OPS:
        if op not in body:
            continue
        fragment = body[op]
        if not isinstance(fragment, dict):
            raise PatchError(f"PATCH {op!r} takes an object, not {type(fragment).__name__}")
        if op == "add":
            _add(out, fragment)
        elif op == "replace":
            for key, value in fragment.items():
                out[key] = copy.deepcopy(value)
        else:
            _delete(out, fragment)
    return out


def _add(target: dict[str, Any], fragment: Mapping[str, Any]) -> None:
    for key, value in fragment.items():
        current = target.get(key)
        if isinstance(current, list):
            items = value if isinstance(value, list) else [value]
            current.extend(copy.deepcopy(items))
        elif isinstance(current, dict) and isinstance(value, dict):
            _add(current, value)
        else:
            target[key] = copy.deepcopy(value)


def _matches(entry: Any, pattern: Any) -> bool:
    if isinstance(entry, dict) and isinstance(pattern, dict):
        return all(k in entry and _matches(entry[k], v) for k, v in pattern.items())
    return bool(entry == pattern)


def _delete(target: dict[str, Any], fragment: Mapping[str, Any]) -> None:
    for key, value in fragment.items():
        if key not in target:
            continue
        current = target[key]
        if isinstance(current, list) and value not in (None, []):
            patterns = value if isinstance(value, list) else [value]
            target[key] = [e for e in current if not any(_matches(e, p) for p in patterns)]
        elif isinstance(current, dict) and isinstance(value, dict) and value:
            _delete(current, value)
        else:
            del target[key]


# --- RFC 6902 ----------------------------------------------------------------------------------


def _tokens(pointer: Any) -> list[str]:
    if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
        raise PatchError(f"invalid JSON pointer {pointer!r}")
    if pointer == "":
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _index(container: list[Any], token: str, *, for_insert: bool) -> int:
    if for_insert and token == "-":
        return len(container)
    if not token.isdigit() or (len(token) > 1 and token.startswith("0")):
        raise PatchError(f"invalid list index {token!r}")
    index = int(token)
    limit = len(container) if for_insert else len(container) - 1
    if index > limit:
        raise PatchError(f"list index {index} out of range")
    return index


def _parent(doc: Any, tokens: list[str]) -> Any:
    node = doc
    for token in tokens[:-1]:
        if isinstance(node, dict):
            if token not in node:
                raise PatchError(f"path element {token!r} not found")
            node = node[token]
        elif isinstance(node, list):
            node = node[_index(node, token, for_insert=False)]
        else:
            raise PatchError(f"path element {token!r} is not inside an object or list")
    return node


def _get(doc: Any, tokens: list[str]) -> Any:
    if not tokens:
        return doc
    parent = _parent(doc, tokens)
    last = tokens[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"path element {last!r} not found")
        return parent[last]
    if isinstance(parent, list):
        return parent[_index(parent, last, for_insert=False)]
    raise PatchError(f"path element {last!r} is not inside an object or list")


def _put(doc: Any, tokens: list[str], value: Any, *, insert: bool) -> Any:
    if not tokens:
        return value
    parent = _parent(doc, tokens)
    last = tokens[-1]
    if isinstance(parent, dict):
        if not insert and last not in parent:
            raise PatchError(f"path element {last!r} not found")
        parent[last] = value
    elif isinstance(parent, list):
        index = _index(parent, last, for_insert=insert)
        if insert:
            parent.insert(index, value)
        else:
            parent[index] = value
    else:
        raise PatchError(f"path element {last!r} is not inside an object or list")
    return doc


def _remove(doc: Any, tokens: list[str]) -> Any:
    if not tokens:
        raise PatchError("cannot remove the whole document")
    parent = _parent(doc, tokens)
    last = tokens[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"path element {last!r} not found")
        return parent.pop(last)
    if isinstance(parent, list):
        return parent.pop(_index(parent, last, for_insert=False))
    raise PatchError(f"path element {last!r} is not inside an object or list")


def apply_json_patch(doc: dict[str, Any], operations: Any) -> dict[str, Any]:
    """Apply RFC 6902 ``operations`` to ``doc`` (modified in place and returned)."""
    if not isinstance(operations, list):
        raise PatchError("json_patch takes a list of operations")
    result: Any = doc
    for number, op in enumerate(operations):
        if not isinstance(op, dict) or "op" not in op or "path" not in op:
            raise PatchError(f"json_patch operation {number} needs 'op' and 'path'")
        kind = op["op"]
        tokens = _tokens(op["path"])
        if kind in ("add", "replace", "test") and "value" not in op:
            raise PatchError(f"json_patch operation {number} ({kind}) needs 'value'")
        if kind == "add":
            result = _put(result, tokens, copy.deepcopy(op["value"]), insert=True)
        elif kind == "replace":
            result = _put(result, tokens, copy.deepcopy(op["value"]), insert=False)
        elif kind == "remove":
            _remove(result, tokens)
        elif kind in ("move", "copy"):
            source = _tokens(op.get("from"))
            if kind == "move":
                value = _remove(result, source)
            else:
                value = copy.deepcopy(_get(result, source))
            result = _put(result, tokens, value, insert=True)
        elif kind == "test":
            if _get(result, tokens) != op["value"]:
                raise PatchError(f"json_patch test failed at {op['path']!r}")
        else:
            raise PatchError(f"unknown json_patch operation {kind!r}")
    if not isinstance(result, dict):
        raise PatchError("json_patch must leave an object")
    return result
