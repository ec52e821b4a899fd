"""Helpers of the diff tests: the fixture pairs, and changes as short comparable tuples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from codegen.diff.change import Change
from codegen.diff.compare import diff_apis
from codegen.diff.inputs import align_single_files, load_side

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "diff"
NO_SPECS = FIXTURES / "no-such-specs-folder"

#: (kind id, Definition.field or operation locator, old, new)
Row = tuple[str, str, Any, Any]


def case_files(case: str) -> tuple[Path, Path]:
    return FIXTURES / f"{case}_base.json", FIXTURES / f"{case}_revision.json"


def diff_case(case: str) -> list[Change]:
    """The changes between ``<case>_base.json`` and ``<case>_revision.json``."""
    base, revision = case_files(case)
    old, new = load_side(str(base), NO_SPECS), load_side(str(revision), NO_SPECS)
    return diff_apis(*align_single_files(old, new))


def rows(changes: list[Change]) -> list[Row]:
    return [(c.id, c.location, c.old, c.new) for c in changes]


def cases() -> list[str]:
    return sorted(p.name[: -len("_base.json")] for p in FIXTURES.glob("*_base.json"))
