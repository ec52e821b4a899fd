"""Compare the public Python API of two generated packages, read with ``ast`` (never imported).

One job: list what a user of the generated SDK would notice between two package folders
(``generated/avi_v22_1_1`` and ``generated/avi_v30_2_1``):

* public classes of every public module (modules and names starting with ``_`` are private:
  the copied ``_runtime`` is the same in every package);
* model attributes (annotated class attributes) and their annotations; for
  ``Annotated[T, Field(...)]`` the annotation compared is ``T``, since the metadata repeats what
  the spec diff already reports;
* enum members (classes deriving from a ``...Enum`` base);
* client resources (properties whose return annotation names a ``...Resource``) and public
  methods, with their signatures.

Changes are reported with ``object`` = module, ``definition`` = class, ``path`` = member.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from codegen.diagnostics import Diagnostic, DiagnosticError, Level
from codegen.diff import kinds as k
from codegen.diff.change import Change, sort_changes
from codegen.diff.kinds import ChangeKind

__all__ = ["Member", "PyClass", "diff_packages", "read_package"]

_PROPERTY_DECORATORS = {"property", "cached_property", "functools.cached_property"}


@dataclass(frozen=True)
class Member:
    """One public member of a class: what it is and its annotation, signature or value."""

    role: str  # "attribute", "enum-member", "resource", "method"
    text: str


@dataclass(frozen=True)
class PyClass:
    module: str
    name: str
    is_enum: bool
    members: dict[str, Member]


def _public(name: str) -> bool:
    return not name.startswith("_")


def _annotation(node: ast.expr) -> str:
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name | ast.Attribute)
        and ast.unparse(node.value).rsplit(".", 1)[-1] == "Annotated"
        and isinstance(node.slice, ast.Tuple)
        and node.slice.elts
    ):
        return ast.unparse(node.slice.elts[0])
    return ast.unparse(node)


def _signature(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    prefix = "async " if isinstance(fn, ast.AsyncFunctionDef) else ""
    returns = f" -> {ast.unparse(fn.returns)}" if fn.returns is not None else ""
    return f"{prefix}({ast.unparse(fn.args)}){returns}"


def _is_enum(cls: ast.ClassDef) -> bool:
    return any(ast.unparse(b).rsplit(".", 1)[-1].endswith("Enum") for b in cls.bases)


def _members(cls: ast.ClassDef, is_enum: bool) -> dict[str, Member]:
    out: dict[str, Member] = {}
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if _public(node.target.id):
                out[node.target.id] = Member("attribute", _annotation(node.annotation))
        elif isinstance(node, ast.Assign) and is_enum:
            for target in node.targets:
                if isinstance(target, ast.Name) and _public(target.id):
                    out[target.id] = Member("enum-member", ast.unparse(node.value))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not _public(node.name) and node.name != "__init__":
                continue
            decorators = {ast.unparse(d) for d in node.decorator_list}
            returns = ast.unparse(node.returns) if node.returns is not None else ""
            if decorators & _PROPERTY_DECORATORS:
                role = "resource" if returns.endswith("Resource") else "attribute"
                out[node.name] = Member(role, returns)
            else:
                out[node.name] = Member("method", _signature(node))
    return out


def _module_name(root: Path, path: Path) -> str | None:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if any(not _public(p) for p in parts):
        return None
    return ".".join(parts) or "__init__"


def read_package(folder: Path) -> dict[str, PyClass]:
    """The public classes of a generated package folder, keyed ``module.Class``."""
    if not folder.is_dir():
        raise DiagnosticError(
            [Diagnostic(str(folder), "", Level.ERROR, "not-found", "no such package folder")]
        )
    sources = sorted(folder.rglob("*.py"))
    if not sources:
        raise DiagnosticError(
            [
                Diagnostic(
                    str(folder), "", Level.ERROR, "no-python", "no Python modules in this folder"
                )
            ]
        )
    out: dict[str, PyClass] = {}
    for path in sources:
        module = _module_name(folder, path)
        if module is None:
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (SyntaxError, UnicodeDecodeError, OSError) as exc:
            raise DiagnosticError(
                [
                    Diagnostic(
                        str(path), "", Level.ERROR, "unreadable-python", f"cannot parse: {exc}"
                    )
                ]
            ) from None
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and _public(node.name):
                enum = _is_enum(node)
                out[f"{module}.{node.name}"] = PyClass(
                    module, node.name, enum, _members(node, enum)
                )
    return out


_ADDED: dict[str, ChangeKind] = {
    "attribute": k.PY_ATTRIBUTE_ADDED,
    "enum-member": k.PY_ENUM_MEMBER_ADDED,
    "resource": k.PY_RESOURCE_ADDED,
    "method": k.PY_METHOD_ADDED,
}
_REMOVED: dict[str, ChangeKind] = {
    "attribute": k.PY_ATTRIBUTE_REMOVED,
    "enum-member": k.PY_ENUM_MEMBER_REMOVED,
    "resource": k.PY_RESOURCE_REMOVED,
    "method": k.PY_METHOD_REMOVED,
}


def _compare_members(out: list[Change], a: PyClass, b: PyClass) -> None:
    def add(kind: ChangeKind, name: str, old: str | None, new: str | None, message: str) -> None:
        out.append(Change(kind, b.module, b.name, name, old, new, message))

    for name in sorted(set(a.members) | set(b.members)):
        x, y = a.members.get(name), b.members.get(name)
        if x is None and y is not None:
            add(_ADDED[y.role], name, None, y.text, f"{y.role} added")
        elif y is None and x is not None:
            add(_REMOVED[x.role], name, x.text, None, f"{x.role} removed")
        elif x is not None and y is not None and x != y:
            if x.role != y.role:
                add(_REMOVED[x.role], name, x.text, None, f"{x.role} removed")
                add(_ADDED[y.role], name, None, y.text, f"{y.role} added")
            elif x.role == "attribute":
                add(
                    k.PY_ANNOTATION_CHANGED,
                    name,
                    x.text,
                    y.text,
                    f"annotation {x.text} -> {y.text}",
                )
            elif x.role in ("method", "resource"):
                add(k.PY_SIGNATURE_CHANGED, name, x.text, y.text, f"signature {x.text} -> {y.text}")
            # an enum member whose value changed keeps its name: nothing a user types changes


def diff_packages(old: Path, new: Path) -> list[Change]:
    """Every change in the public Python API from package folder ``old`` to ``new``."""
    a, b = read_package(old), read_package(new)
    out: list[Change] = []
    for key in sorted(set(a) | set(b)):
        x, y = a.get(key), b.get(key)
        if x is None and y is not None:
            out.append(Change(k.PY_CLASS_ADDED, y.module, y.name, "", None, key, "class added"))
        elif y is None and x is not None:
            out.append(Change(k.PY_CLASS_REMOVED, x.module, x.name, "", key, None, "class removed"))
        elif x is not None and y is not None:
            _compare_members(out, x, y)
    return sort_changes(out)
