"""Fuzzing the description grammar with mutated real sentences (random text and concatenations
of whole real sentences are fuzzed in ``tests/unit/test_grammar.py``).

Sentences come from the grammar tests and from every description of the bundled spec; each
example damages them the way hostile or broken specs do: characters inserted, deleted or
swapped, numbers made huge, negative or fractional, ranges turned around, separators doubled,
unicode digits, control and bidi characters. ``_parse`` (without the safety net of
``parse_description``) must return a :class:`FieldDoc`, the same one every time, whose summary
is normalised text and whose constraints are well formed. Building a field from the description
must only ever add diagnostics, never raise. Examples: ``AVI_FUZZ_EXAMPLES`` (default 50).
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from codegen.diagnostics import Level
from codegen.ir.build import build_document
from codegen.ir.grammar import _parse
from codegen.ir.model import FieldDoc
from tests.helpers import REPO, swagger
from tests.unit.test_grammar import REAL_SENTENCES


def _bundled_descriptions() -> list[str]:
    found: list[str] = []
    stack: list[Any] = [json.loads((REPO / "specs" / "31.1.1" / "Image.json").read_text())]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                found.append(node["description"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(set(found))


SENTENCES = sorted(set(REAL_SENTENCES) | set(_bundled_descriptions()))
NUMBER = re.compile(r"[0-9]+")
ODD_TEXT = st.sampled_from(
    ["", " ", ".", ". ", ",", "-", "--", "MAX", "MIN", "edition", "(", ")", "'", '"', "\\",
     "\x00", "\x1b[0m", "\u202e", "\u00a0", "\u0663", "\uff11", "9" * 60, "-0", "1e999", "nan",
     "Enum options - ", "Allowed values are ", "Special values are ", "Field introduced in ",
     "Unit is ", "Allowed in ", "Maximum of ", "Minimum of ", "Deprecated in 99.99.999"]
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SENTENCES))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["insert", "delete", "swap", "number", "reverse", "join"]))
        if kind == "number" and NUMBER.search(text):
            match = draw(st.sampled_from(list(NUMBER.finditer(text))))
            value = draw(
                st.one_of(
                    st.integers(min_value=-(10**45), max_value=10**45).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(str),
                    ODD_TEXT,
                )
            )
            text = text[: match.start()] + value + text[match.end() :]
        elif kind == "reverse":  # "5-1" for "1-5": a range turned around
            text = re.sub(r"(\d+)-(\d+)", r"\2-\1", text, count=1)
        elif kind == "join":
            text = (
                text
                + draw(st.sampled_from(["", " ", ". ", "."]))
                + draw(st.sampled_from(SENTENCES))
            )
        else:
            at = draw(st.integers(min_value=0, max_value=len(text)))
            if kind == "insert":
                text = text[:at] + draw(st.one_of(ODD_TEXT, st.text(max_size=5))) + text[at:]
            elif kind == "delete":
                text = text[:at] + text[at + draw(st.integers(1, 5)) :]
            elif at + 1 < len(text):
                text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    return text


def _well_formed(doc: FieldDoc) -> None:
    assert doc.summary == " ".join(doc.summary.split())
    assert len(set(doc.enum)) == len(doc.enum) and all(v.strip() == v and v for v in doc.enum)
    assert len(set(doc.allowed_values)) == len(doc.allowed_values)
    assert doc.min_items is None or doc.min_items >= 0
    assert doc.max_items is None or doc.max_items >= 0
    if doc.range is not None:
        assert all(v is None or isinstance(v, int | float) for v in (doc.range.low, doc.range.high))
    assert list(doc.introduced_in) == sorted(set(doc.introduced_in))


@given(mutated())
def test_mutated_sentences(text: str) -> None:
    doc = _parse(text)
    assert isinstance(doc, FieldDoc)
    assert _parse(text) == doc  # deterministic
    _well_formed(doc)


@given(st.lists(mutated(), min_size=1, max_size=4), st.sampled_from(["integer", "string", "array"]))
def test_mutated_descriptions_build(descriptions: list[str], kind: str) -> None:
    """Through build: constraints no value could meet are dropped with a warning."""
    props: dict[str, Any] = {}
    for i, text in enumerate(descriptions):
        schema: dict[str, Any] = {"type": kind, "description": text}
        if kind == "array":
            schema["items"] = {"type": "integer"}
        props[f"f{i}"] = schema
    data = swagger({"Thing": {"type": "object", "properties": props}})
    _obj, definitions, notes = build_document(data, "Thing.json", "Thing")
    assert not [n for n in notes if n.level >= Level.ERROR]
    for field in definitions["Thing"].fields:
        rng, doc = field.doc.range, field.doc
        if rng is not None and rng.low is not None and rng.high is not None:
            assert rng.low <= rng.high
        if doc.min_items is not None and doc.max_items is not None:
            assert doc.min_items <= doc.max_items
