"""The 31.1.1 golden ``seed_example.json`` is the example body of the 31.1.1 documentation page
(``../shared/seed``), every placeholder replaced by a value of its documented type.

Its round trip and schema check run with the other goldens (test_goldens.py); this module checks
that it still shows exactly what the page shows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.golden.sources import SEED_GOLDEN, SEED_PAGE, load_json, shared_dir


def page_example(text: str) -> dict[str, Any]:
    """The full example body of the page: the second JSON object after the properties toggle."""
    start = text.index("Show optional properties")
    decoder = json.JSONDecoder()
    bodies: list[Any] = []
    pos = text.index("{", start)
    while len(bodies) < 2:
        body, end = decoder.raw_decode(text, pos)
        bodies.append(body)
        pos = end
    required, full = bodies
    assert set(required) <= set(full), "the required-only body is not part of the full one"
    assert isinstance(full, dict)
    return full


def page_shape(node: Any) -> Any:
    """The page's placeholders as type names ("string", 0, false, "number")."""
    if isinstance(node, dict):
        return {k: page_shape(v) for k, v in node.items()}
    if isinstance(node, list):
        return [page_shape(v) for v in node]
    if isinstance(node, bool):
        return "boolean"
    if isinstance(node, int):
        return "integer"
    if node == "number":
        return "number"
    return "string"


def value_shape(node: Any) -> Any:
    """The JSON types of a document's values, named as in :func:`page_shape`."""
    if isinstance(node, dict):
        return {k: value_shape(v) for k, v in node.items()}
    if isinstance(node, list):
        return [value_shape(v) for v in node]
    if isinstance(node, bool):
        return "boolean"
    if isinstance(node, int):
        return "integer"
    if isinstance(node, float):
        return "number"
    return "string"


def leaves(node: Any, path: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        return {
            k: v for key, child in node.items() for k, v in leaves(child, f"{path}.{key}").items()
        }
    if isinstance(node, list):
        return {
            k: v for i, child in enumerate(node) for k, v in leaves(child, f"{path}[{i}]").items()
        }
    return {path.lstrip("."): node}


@pytest.fixture(scope="module")
def page() -> dict[str, Any]:
    path = shared_dir() / SEED_PAGE
    if not path.is_file():
        pytest.skip(f"seed documentation page not found at {path} (set AVI_SHARED_DIR)")
    return page_example(Path(path).read_text(encoding="utf-8"))


def test_seed_example_has_the_page_structure(page: dict[str, Any]) -> None:
    golden = load_json(SEED_GOLDEN)
    want, got = leaves(page_shape(page)), leaves(value_shape(golden))
    assert sorted(want) == sorted(got), {
        "only on the page": sorted(set(want) - set(got)),
        "only in the golden": sorted(set(got) - set(want)),
    }
    wrong = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
    assert not wrong, f"(page type, golden type) differ: {wrong}"
    assert page_shape(page) == value_shape(golden)  # same keys, list lengths and order of lists


def test_seed_example_replaces_every_placeholder() -> None:
    """No placeholder is left: no "string"/"number" text, and numbers are not all zeros."""
    golden = leaves(load_json(SEED_GOLDEN))
    left = sorted(k for k, v in golden.items() if v in ("string", "number"))
    assert not left, f"placeholders left in {left}"
    numbers = [v for v in golden.values() if isinstance(v, int | float) and not isinstance(v, bool)]
    assert any(numbers), "every number is still the placeholder 0"
