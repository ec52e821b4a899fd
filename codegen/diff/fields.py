"""Compare two versions of one field: type, format, flags and every parsed constraint.

One job: turn the differences between two :class:`~codegen.ir.model.Field` values into changes.
Only meaning is compared: the type, ``required``, ``readOnly``, ``default`` and the parsed
:class:`~codegen.ir.model.FieldDoc`. The summary (free text) and the introduced-in list (it grows
over releases for an unchanged field) are never compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from codegen.diff import kinds as k
from codegen.diff.change import Change
from codegen.diff.domains import (
    Relation,
    compare,
    format_interval,
    format_relation,
    items_interval,
    range_interval,
    relation,
    set_relation,
)
from codegen.diff.kinds import ChangeKind, Quad
from codegen.diff.typeref import leaf, shape, type_text
from codegen.diff.usage import Use
from codegen.ir.model import EditionRule, Field, FieldDoc, Range, SpecialValue

__all__ = ["Site", "compare_field", "preview"]

_PREVIEW = 6


def preview(values: Sequence[Any], limit: int = _PREVIEW) -> str:
    """``A, B, C and 12 more``."""
    shown = ", ".join(str(v) for v in values[:limit])
    more = len(values) - limit
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass
class Site:
    """Where changes are being found (object, definition, path), the field's use, the output."""

    object: str
    definition: str
    path: str
    use: Use
    out: list[Change] = field(default_factory=list)

    def add(self, kind: ChangeKind, old: Any, new: Any, message: str) -> None:
        self.out.append(Change(kind, self.object, self.definition, self.path, old, new, message))

    def narrowed(self, quad: Quad, old: Any, new: Any, message: str) -> None:
        kind = quad.request_narrowed if Use.REQUEST in self.use else quad.response_narrowed
        self.add(kind, old, new, message)

    def widened(self, quad: Quad, old: Any, new: Any, message: str) -> None:
        kind = quad.response_widened if Use.RESPONSE in self.use else quad.request_widened
        self.add(kind, old, new, message)

    def by_relation(self, rel: Relation, quad: Quad, old: Any, new: Any, message: str) -> None:
        """Narrowed, or changed both ways in a request field: narrowed; else widened."""
        if rel is Relation.EQUAL:
            return
        if rel is Relation.NARROWED or (rel is Relation.CHANGED and Use.REQUEST in self.use):
            self.narrowed(quad, old, new, message)
        else:
            self.widened(quad, old, new, message)


def compare_field(site: Site, old: Field, new: Field) -> None:
    """Every change from ``old`` to ``new`` (the same field, maybe renamed) into ``site``."""
    _type(site, old, new)
    _flags(site, old, new)
    _values(site, old.doc.enum, new.doc.enum, "enum value")
    _values(site, old.doc.allowed_values, new.doc.allowed_values, "allowed value")
    _range(site, old.doc.range, new.doc.range)
    _special(site, old.doc.special_values, new.doc.special_values)
    items_old = items_interval(old.doc.min_items, old.doc.max_items)
    items_new = items_interval(new.doc.min_items, new.doc.max_items)
    site.by_relation(
        compare(items_old, items_new),
        k.ITEMS,
        _items(old.doc),
        _items(new.doc),
        f"item count {items_old.text()} -> {items_new.text()}",
    )
    _default(site, old, new)
    _special_defaults(site, old.doc, new.doc)
    _unit(site, old.doc.unit, new.doc.unit)
    _ref_type(site, old.doc.ref_type, new.doc.ref_type)
    _lifecycle(site, old.doc, new.doc)
    _editions(site, old.doc.editions, new.doc.editions)
    _doc_flags(site, old.doc, new.doc)


# --- type and format ------------------------------------------------------------------------


def _type(site: Site, old: Field, new: Field) -> None:
    if shape(old.type) != shape(new.type):
        ta, tb = type_text(old.type), type_text(new.type)
        site.add(k.TYPE_CHANGED, ta, tb, f"type {ta} -> {tb}")
        return
    lo, ln = leaf(old.type), leaf(new.type)
    if lo.format == ln.format:
        return
    where = "" if lo is old.type else "items: "
    a, b = lo.format, ln.format
    text = f"{where}format {a or 'none'} -> {b or 'none'}"
    rel = format_relation(ln.kind, a, b)
    fo, fn = format_interval(ln.kind, a), format_interval(ln.kind, b)
    if fo is not None and fn is not None and new.doc.range is not None:
        # What the format change does to the values the field documents: its range and the
        # special values outside it.
        documented = range_interval(new.doc.range)
        specials = {sv.value for sv in new.doc.special_values}
        eo, en = fo & documented, fn & documented
        so, sn = {v for v in specials if fo.has(v)}, {v for v in specials if fn.has(v)}
        rel = relation(eo.contains(en) and sn <= so, en.contains(eo) and so <= sn)
        if rel is Relation.EQUAL:
            site.add(
                k.FORMAT_WITHIN_RANGE,
                a,
                b,
                f"{text}: the range {documented.text()} holds the same values in both",
            )
            return
    if rel is Relation.CHANGED:
        site.add(k.FORMAT_CHANGED, a, b, f"{text}: neither holds every value of the other")
    elif rel is Relation.NARROWED:
        site.narrowed(k.FORMAT, a, b, f"{text}: holds fewer values")
    elif rel is Relation.WIDENED:
        site.widened(k.FORMAT, a, b, f"{text}: may hold more values")


# --- required, read-only, default -----------------------------------------------------------


def _flags(site: Site, old: Field, new: Field) -> None:
    if new.required and not old.required:
        kind = k.REQUIRED_ADDED[0] if Use.REQUEST in site.use else k.REQUIRED_ADDED[1]
        site.add(kind, False, True, "became required")
    elif old.required and not new.required:
        kind = k.REQUIRED_REMOVED[0] if Use.RESPONSE in site.use else k.REQUIRED_REMOVED[1]
        site.add(kind, True, False, "no longer required")
    if new.read_only and not old.read_only:
        site.add(k.READ_ONLY_ADDED, False, True, "became read-only")
    elif old.read_only and not new.read_only:
        site.add(k.READ_ONLY_REMOVED, True, False, "no longer read-only")


def same_json(a: Any, b: Any) -> bool:
    """JSON equality where 10 equals 10.0 but never ``true`` (bools are not numbers)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[key], b[key]) for key in a)
    return type(a) is type(b) and bool(a == b)


def _json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _default(site: Site, old: Field, new: Field) -> None:
    if new.has_default and not old.has_default:
        site.add(k.DEFAULT_ADDED, None, new.default, f"default {_json_text(new.default)} added")
    elif old.has_default and not new.has_default:
        site.add(k.DEFAULT_REMOVED, old.default, None, f"default {_json_text(old.default)} removed")
    elif old.has_default and not same_json(old.default, new.default):
        site.add(
            k.DEFAULT_CHANGED,
            old.default,
            new.default,
            f"default {_json_text(old.default)} -> {_json_text(new.default)}",
        )


# --- value constraints ----------------------------------------------------------------------


def _sorted(values: Iterable[Any]) -> list[Any]:
    return sorted(values, key=lambda v: (isinstance(v, str), v))


def _plural(n: int, noun: str) -> str:
    """``1 enum value``, ``3 enum values``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _values(site: Site, old: Sequence[Any], new: Sequence[Any], noun: str) -> None:
    """Enum options, or a discrete ``Allowed values are A,B`` list (an enum of numbers)."""
    if set_relation(old, new) is Relation.EQUAL:
        return
    if not old:
        values = _sorted(set(new))
        site.add(k.ENUM_INTRODUCED, None, values, f"{noun}s introduced: {preview(values)}")
        return
    if not new:
        values = _sorted(set(old))
        site.add(k.ENUM_LIFTED, values, None, f"{noun}s lifted (were {preview(values)})")
        return
    removed = _sorted(set(old) - set(new))
    added = _sorted(set(new) - set(old))
    if removed:
        site.narrowed(
            k.ENUM, removed, None, f"{_plural(len(removed), noun)} removed: {preview(removed)}"
        )
    if added:
        site.widened(k.ENUM, None, added, f"{_plural(len(added), noun)} added: {preview(added)}")


def _range_json(r: Range | None) -> str | None:
    return None if r is None else range_interval(r).text()


def _range(site: Site, old: Range | None, new: Range | None) -> None:
    rel = compare(range_interval(old), range_interval(new))
    a, b = _range_json(old), _range_json(new)
    site.by_relation(rel, k.RANGE, a, b, f"range {a or 'none'} -> {b or 'none'}")


def _meaning(text: str) -> str:
    return " ".join(text.strip(" '\".").casefold().split())


def _special_json(value: int | float, meanings: Iterable[str]) -> dict[str, Any]:
    return {"value": value, "meaning": " / ".join(sorted(meanings))}


def _special(site: Site, old: Sequence[SpecialValue], new: Sequence[SpecialValue]) -> None:
    def group(values: Sequence[SpecialValue]) -> dict[int | float, dict[str, str]]:
        out: dict[int | float, dict[str, str]] = {}
        for sv in values:
            out.setdefault(sv.value, {})[_meaning(sv.meaning)] = sv.meaning
        return out

    go, gn = group(old), group(new)
    removed = sorted(set(go) - set(gn))
    added = sorted(set(gn) - set(go))
    if removed:
        site.narrowed(
            k.SPECIAL,
            [_special_json(v, go[v].values()) for v in removed],
            None,
            f"special values removed: {preview(removed)}",
        )
    if added:
        site.widened(
            k.SPECIAL,
            None,
            [_special_json(v, gn[v].values()) for v in added],
            f"special values added: {preview(added)}",
        )
    for v in sorted(set(go) & set(gn)):
        if set(go[v]) != set(gn[v]):
            a, b = _special_json(v, go[v].values()), _special_json(v, gn[v].values())
            site.add(
                k.SPECIAL_MEANING,
                a,
                b,
                f"special value {v} means {b['meaning']!r} (was {a['meaning']!r})",
            )


def _items(doc: FieldDoc) -> dict[str, int] | None:
    out = {}
    if doc.min_items is not None:
        out["min_items"] = doc.min_items
    if doc.max_items is not None:
        out["max_items"] = doc.max_items
    return out or None


def _special_defaults(site: Site, old: FieldDoc, new: FieldDoc) -> None:
    def table(doc: FieldDoc) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for d in doc.special_defaults:
            out.setdefault(d.edition, {})[_meaning(d.value)] = d.value
        return out

    def text(values: dict[str, str] | None) -> str | None:
        return " / ".join(values[key] for key in sorted(values)) if values else None

    to, tn = table(old), table(new)
    for edition in sorted(set(to) | set(tn)):
        a, b = to.get(edition), tn.get(edition)
        if set(a or ()) != set(b or ()):
            ta, tb = text(a), text(b)
            site.add(
                k.SPECIAL_DEFAULT_CHANGED,
                ta,
                tb,
                f"special default for {edition}: {ta or 'none'} -> {tb or 'none'}",
            )


# --- units, references, lifecycle -----------------------------------------------------------


def _unit(site: Site, old: str | None, new: str | None) -> None:
    a = old.strip().upper() if old else None
    b = new.strip().upper() if new else None
    if a == b:
        return
    if a is None:
        site.add(k.UNIT_ADDED, None, b, f"unit {b} documented")
    elif b is None:
        site.add(k.UNIT_REMOVED, a, None, f"unit {a} no longer documented")
    else:
        site.add(k.UNIT_CHANGED, a, b, f"unit {a} -> {b}")


def _ref_type(site: Site, old: str | None, new: str | None) -> None:
    if old == new:
        return
    if old is None:
        site.add(k.REF_TYPE_ADDED, None, new, f"now a reference to an object of type {new}")
    elif new is None:
        site.add(k.REF_TYPE_REMOVED, old, None, f"no longer a reference to {old}")
    else:
        site.add(k.REF_TYPE_CHANGED, old, new, f"refers to {new} objects (was {old})")


def _lifecycle(site: Site, old: FieldDoc, new: FieldDoc) -> None:
    if new.deprecated and not old.deprecated:
        when = str(new.deprecated_in) if new.deprecated_in else None
        site.add(
            k.DEPRECATED, None, when or True, f"deprecated in {when}" if when else "deprecated"
        )
    elif old.deprecated and not new.deprecated:
        site.add(
            k.UNDEPRECATED,
            str(old.deprecated_in) if old.deprecated_in else True,
            None,
            "no longer deprecated",
        )
    a = _meaning(old.moved_to) if old.moved_to else None
    b = _meaning(new.moved_to) if new.moved_to else None
    if b is not None and a != b:
        site.add(k.MOVED, old.moved_to, new.moved_to, f"moved to {new.moved_to}")


def _doc_flags(site: Site, old: FieldDoc, new: FieldDoc) -> None:
    pairs = (
        (
            old.requires_se_reboot,
            new.requires_se_reboot,
            k.REBOOT_ADDED,
            k.REBOOT_REMOVED,
            "changing it requires an SE reboot",
        ),
        (
            old.internal_use_only,
            new.internal_use_only,
            k.INTERNAL_ADDED,
            k.INTERNAL_REMOVED,
            "internal use only",
        ),
        (
            old.zero_means_unlimited,
            new.zero_means_unlimited,
            k.ZERO_UNLIMITED_ADDED,
            k.ZERO_UNLIMITED_REMOVED,
            "0 means unlimited",
        ),
    )
    for a, b, added, removed, text in pairs:
        if b and not a:
            site.add(added, False, True, f"now: {text}")
        elif a and not b:
            site.add(removed, True, False, f"no longer: {text}")


# --- editions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _EditionTerms:
    values: frozenset[str] | None  # None: any value
    note: str | None

    def text(self) -> str:
        out = "any value" if self.values is None else "values " + ", ".join(sorted(self.values))
        return f"{out} ({self.note})" if self.note else out


def _edition_terms(rules: Iterable[EditionRule]) -> dict[str, _EditionTerms]:
    grouped: dict[str, list[EditionRule]] = {}
    for rule in rules:
        grouped.setdefault(rule.edition, []).append(rule)
    out = {}
    for edition, group in grouped.items():
        values: frozenset[str] | None = None
        if not any(r.any_value for r in group):
            values = frozenset(v for r in group for v in r.allowed_values)
        notes = sorted({" ".join(r.note.casefold().split()) for r in group if r.note})
        out[edition] = _EditionTerms(values, "; ".join(notes) or None)
    return out


def _editions(site: Site, old: Sequence[EditionRule], new: Sequence[EditionRule]) -> None:
    """Compared only when both releases state the editions (see the registry's docstring)."""
    if not old or not new:
        return
    to, tn = _edition_terms(old), _edition_terms(new)
    for edition in sorted(set(to) - set(tn)):
        site.add(k.EDITION_REMOVED, edition, None, f"no longer allowed in the {edition} edition")
    for edition in sorted(set(tn) - set(to)):
        site.add(k.EDITION_ADDED, None, edition, f"now allowed in the {edition} edition")
    for edition in sorted(set(to) & set(tn)):
        a, b = to[edition], tn[edition]
        if a == b:
            continue
        if a.values is None or b.values is None:
            rel = (
                Relation.EQUAL
                if a.values == b.values
                else (Relation.NARROWED if a.values is None else Relation.WIDENED)
            )
        else:
            rel = set_relation(a.values, b.values)
        narrower = rel in (Relation.NARROWED, Relation.CHANGED) or (
            b.note is not None and a.note != b.note
        )
        kind = k.EDITION_NARROWED if narrower else k.EDITION_WIDENED
        site.add(kind, a.text(), b.text(), f"in the {edition} edition: {a.text()} -> {b.text()}")
