"""Hypothesis strategies built from the IR: documents that a release's spec allows.

They are independent of the schema renderer, so a test can check a generated document against
both the model and the documented JSON Schema: each must accept what the IR allows.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from codegen.ir.model import Api, Field, Kind, TypeRef

FORMAT_BOUNDS: dict[str, tuple[int, int]] = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}
#: At most this many items in an array without a documented maximum (keeps documents small).
MAX_ITEMS = 2

Strategy = st.SearchStrategy[Any]


class IRStrategies:
    """One strategy per definition of ``api``, built lazily (recursion goes through deferred)."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self._definitions: dict[str, Strategy] = {}

    def definition(self, name: str) -> Strategy:
        if name not in self._definitions:
            self._definitions[name] = st.deferred(lambda: self._build(name))
        return self._definitions[name]

    def _build(self, name: str) -> Strategy:
        d = self.api.definitions[name]
        required = {f.name: self.field(f) for f in d.fields if f.required}
        optional = {f.name: self.field(f) for f in d.fields if not f.required}
        return st.fixed_dictionaries(required, optional=optional)

    def field(self, f: Field) -> Strategy:
        t = f.type
        if t.kind is Kind.ARRAY:
            low = f.doc.min_items or 0
            high = f.doc.max_items if f.doc.max_items is not None else max(low, MAX_ITEMS)
            item = self.value(f, t.items or TypeRef(Kind.ANY))
            return st.lists(item, min_size=low, max_size=min(high, low + MAX_ITEMS))
        return self.value(f, t)

    def value(self, f: Field, t: TypeRef) -> Strategy:
        if t.kind is Kind.REF and t.ref is not None:
            return self.definition(t.ref)
        if t.kind is Kind.STRING:
            return st.sampled_from(f.doc.enum) if f.doc.enum else st.text(max_size=12)
        if t.kind is Kind.BOOLEAN:
            return st.booleans()
        if t.kind in (Kind.INTEGER, Kind.NUMBER):
            return self.number(f, t)
        if t.kind is Kind.ARRAY:
            return st.lists(self.value(f, t.items or TypeRef(Kind.ANY)), max_size=MAX_ITEMS)
        if t.kind is Kind.OBJECT:
            values = self.value(f, t.values) if t.values is not None else json_values()
            return st.dictionaries(st.text(max_size=6), values, max_size=MAX_ITEMS)
        return json_values()

    def number(self, f: Field, t: TypeRef) -> Strategy:
        doc = f.doc
        specials = [s.value for s in doc.special_values]
        if doc.allowed_values:
            return st.sampled_from(sorted({*doc.allowed_values, *specials}))
        low: int | float | None = None
        high: int | float | None = None
        if t.kind is Kind.INTEGER and t.format in FORMAT_BOUNDS:
            low, high = FORMAT_BOUNDS[t.format]
        if doc.range is not None:
            low = doc.range.low if doc.range.low is not None else low
            high = doc.range.high if doc.range.high is not None else high
        if t.kind is Kind.INTEGER:
            main: Strategy = st.integers(
                None if low is None else math.ceil(low), None if high is None else math.floor(high)
            )
        else:
            main = st.floats(low, high, allow_nan=False, allow_infinity=False) | st.integers(
                None if low is None else math.ceil(low), None if high is None else math.floor(high)
            )
        return main | st.sampled_from(specials) if specials else main


def json_values() -> Strategy:
    return st.none() | st.booleans() | st.integers() | st.text(max_size=6)
