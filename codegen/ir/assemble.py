"""Assemble the IR of a release from its object files, and project an IR onto an older release.

Avi repeats every referenced definition in every file. Identical copies are merged; copies that
differ are reported and resolved by one deterministic rule: prefer the copy from a file whose
``info.version`` is the release itself (Avi ships some files frozen at an old release), then the
copy shared by the most files, then the copy from the first file by name. Names are never
numbered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace

from codegen.diagnostics import Diagnostic, Level, pointer
from codegen.ir.model import Api, ApiObject, Definition, SpecSource
from codegen.ir.release import Release, exists_in


@dataclass(frozen=True)
class BuiltDocument:
    """One spec file built into IR pieces."""

    object: ApiObject
    definitions: Mapping[str, Definition]
    source: SpecSource


def _shape(d: Definition) -> Hashable:
    """What two copies of a definition must share to be the same: their fields (as text when
    a default is a list, which does not hash)."""
    try:
        hash(d.fields)
    except TypeError:
        return repr(d.fields)
    return d.fields


def assemble(release: Release, docs: Iterable[BuiltDocument]) -> tuple[Api, list[Diagnostic]]:
    docs = sorted(docs, key=lambda d: d.source.file)
    diagnostics: list[Diagnostic] = []
    objects: dict[str, ApiObject] = {}
    copies: dict[str, list[tuple[BuiltDocument, Definition]]] = defaultdict(list)
    for doc in docs:
        if doc.object.name in objects:
            diagnostics.append(
                Diagnostic(
                    doc.source.file,
                    "",
                    Level.ERROR,
                    "duplicate-object",
                    f"object {doc.object.name!r} is defined by two files",
                )
            )
            continue
        objects[doc.object.name] = doc.object
        for name, definition in doc.definitions.items():
            copies[name].append((doc, definition))
    definitions: dict[str, Definition] = {}
    for name in sorted(copies):
        variants = copies[name]
        shapes: dict[Hashable, list[tuple[BuiltDocument, Definition]]] = defaultdict(list)
        for doc, definition in variants:
            shapes[_shape(definition)].append((doc, definition))
        if len(shapes) == 1:
            definitions[name] = variants[0][1]
            continue

        def rank(
            item: tuple[Hashable, list[tuple[BuiltDocument, Definition]]],
        ) -> tuple[int, int, str]:
            holders = item[1]
            current = any(d.object.info_version == str(release) for d, _ in holders)
            return (0 if current else 1, -len(holders), holders[0][0].source.file)

        ranked = sorted(shapes.items(), key=rank)
        chosen = ranked[0][1][0][1]
        definitions[name] = chosen
        for _shape_key, holders in ranked[1:]:
            other = holders[0][1]
            files = ", ".join(sorted({d.source.file.rsplit("/", 1)[-1] for d, _ in holders}))
            diagnostics.append(
                Diagnostic(
                    chosen.source,
                    pointer("definitions", name),
                    Level.WARNING,
                    "definition-conflict",
                    f"{name} differs in {files} ({_difference(chosen, other)}); "
                    f"kept the copy of {chosen.source.rsplit('/', 1)[-1]}",
                )
            )
    api = Api(
        release=release,
        objects=dict(sorted(objects.items())),
        definitions=definitions,
        sources=tuple(doc.source for doc in docs),
    )
    return api, diagnostics


def _difference(a: Definition, b: Definition) -> str:
    fa = {f.name: f for f in a.fields}
    fb = {f.name: f for f in b.fields}
    parts = []
    only_a = sorted(set(fa) - set(fb))
    only_b = sorted(set(fb) - set(fa))
    changed = sorted(n for n in set(fa) & set(fb) if fa[n] != fb[n])
    if only_a:
        parts.append(
            "kept copy only: " + ", ".join(only_a[:5]) + ("..." if len(only_a) > 5 else "")
        )
    if only_b:
        parts.append(
            "other copy only: " + ", ".join(only_b[:5]) + ("..." if len(only_b) > 5 else "")
        )
    if changed:
        parts.append("differing: " + ", ".join(changed[:5]) + ("..." if len(changed) > 5 else ""))
    return "; ".join(parts) or "field order"


def reachable(api: Api, roots: Iterable[str]) -> set[str]:
    """Definition names reachable from ``roots``."""
    seen: set[str] = set()
    stack = [r for r in roots if r in api.definitions]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        for f in api.definitions[name].fields:
            stack.extend(r for r in f.type.refs() if r in api.definitions and r not in seen)
    return seen


def object_roots(api: Api, objects: Iterable[ApiObject]) -> set[str]:
    """Every definition an object's operations mention."""
    roots: set[str] = set()
    for obj in objects:
        if obj.definition:
            roots.add(obj.definition)
        for op in obj.operations:
            for p in op.parameters:
                roots |= p.type.refs()
            for r in op.responses:
                if r.schema is not None:
                    roots |= r.schema.refs()
    return roots


def project(api: Api, release: Release) -> Api:
    """The IR of an older ``release``, from ``api``'s introduced-in data.

    Fields introduced after ``release`` (on its line, with backports) are dropped, and then the
    definitions no longer reachable. What a projection cannot know (removed fields, enum values
    added later) stays as in the newer spec; a real spec of ``release`` always wins.
    """
    definitions = {
        name: replace(
            d, fields=tuple(f for f in d.fields if exists_in(f.doc.introduced_in, release))
        )
        for name, d in api.definitions.items()
    }
    projected = replace(api, release=release, definitions=definitions, projected_from=api.release)
    keep = reachable(projected, object_roots(projected, projected.objects.values()))
    return replace(projected, definitions={k: v for k, v in definitions.items() if k in keep})
