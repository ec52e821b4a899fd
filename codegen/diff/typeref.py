"""Views of an IR :class:`~codegen.ir.model.TypeRef` that the diff compares and prints.

One job: split a type into its *shape* (what JSON it is: kinds, item types, referenced schemas)
and its *leaf* (the scalar at the bottom, which carries the format), and write either as text.
"""

from __future__ import annotations

from dataclasses import replace

from codegen.ir.model import Kind, TypeRef

__all__ = ["leaf", "shape", "type_text"]


def shape(t: TypeRef) -> TypeRef:
    """``t`` with every format dropped: two types of one shape differ at most in format."""
    return replace(
        t,
        format=None,
        items=shape(t.items) if t.items is not None else None,
        values=shape(t.values) if t.values is not None else None,
    )


def leaf(t: TypeRef) -> TypeRef:
    """The innermost type: the items of an array, the values of a map, else ``t`` itself."""
    while True:
        inner = t.items if t.kind is Kind.ARRAY else t.values if t.kind is Kind.OBJECT else None
        if inner is None:
            return t
        t = inner


def type_text(t: TypeRef) -> str:
    """``integer(int32)``, ``array<string>``, ``map<integer>``, ``Image`` (a reference)."""
    if t.kind is Kind.REF:
        return t.ref or "ref"
    if t.kind is Kind.ARRAY:
        return f"array<{type_text(t.items) if t.items is not None else 'any'}>"
    if t.kind is Kind.OBJECT and t.values is not None:
        return f"map<{type_text(t.values)}>"
    text = t.kind.value
    return f"{text}({t.format})" if t.format else text
