"""The diff on the real specs of ../shared/avi-specs: Image's history, and two whole releases.

The Image changelog over every release (18.2.6 to 30.2.1) is checked against the history that
docs/AVI-SPECS.md tells, and against a golden record, ``tests/fixtures/diff/image_changelog.md``.
After a deliberate change, regenerate it and review the diff:

    AVI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/corpus/test_diff_corpus.py

The specs are read from ``$AVI_SHARED_DIR/avi-specs`` (default ``<repo>/../shared``); the tests
skip, saying so, when they are absent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from codegen.diff import inputs
from codegen.diff.change import Change, summary
from codegen.diff.command import diff_command
from codegen.diff.compare import diff_apis
from codegen.diff.history import Step, changelog
from codegen.diff.inputs import Side, load_release
from codegen.diff.report import changelog_markdown, diff_json
from codegen.ir.model import Api
from codegen.ir.release import Release
from codegen.pipeline import build_release, discover

REPO = Path(__file__).resolve().parents[2]
R = Release.parse
GOLDEN = REPO / "tests" / "fixtures" / "diff" / "image_changelog.md"
SIX = {"controller_min_cores", "controller_min_memory", "controller_min_total_disk",
       "se_min_cores", "se_min_memory", "se_min_total_disk"}


def avi_specs() -> Path:
    """``$AVI_SHARED_DIR/avi-specs`` (default ``<repo>/../shared``); skips when absent."""
    shared = Path(os.environ.get("AVI_SHARED_DIR") or REPO.parent / "shared")
    path = shared / "avi-specs"
    if not path.is_dir():
        pytest.skip(f"the real Avi specs are not at {path} (set AVI_SHARED_DIR)")
    return path


# --- Image, release by release --------------------------------------------------------------


@pytest.fixture(scope="module")
def image_apis() -> tuple[list[Release], Callable[[Release], Api]]:
    folders, _ = discover(avi_specs())
    cache: dict[Release, Api] = {}

    def api_of(release: Release) -> Api:
        if release not in cache:
            api, diagnostics = build_release(release, [folders[release] / "Image.json"])
            assert api is not None, [d.format() for d in diagnostics]
            cache[release] = api
        return cache[release]

    return list(folders), api_of


@pytest.fixture(scope="module")
def history(image_apis: tuple[list[Release], Callable[[Release], Api]]) -> dict[str, Step]:
    releases, api_of = image_apis
    assert str(releases[0]) == "18.2.6" and str(releases[-1]) == "30.2.1"
    steps = changelog(releases[0], releases[-1], releases, api_of)
    return {str(s.release): s for s in steps}


def changes_in(history: dict[str, Step], release: str) -> list[tuple[str, str, object, object]]:
    return [(c.id, c.location, c.old, c.new) for c in history[release].changes]


def everything(history: dict[str, Step]) -> list[tuple[str, Change]]:
    return [(r, c) for r, s in history.items() for c in s.changes]


def test_every_release_is_compared_with_the_right_base(history: dict[str, Step]) -> None:
    bases = {r: str(s.base) for r, s in history.items() if s.rule == "branch-point"}
    # 18.2.10-18.2.12 and 22.1.6 shipped after the next line began: never a base
    assert bases == {"20.1.1": "18.2.9", "21.1.1": "20.1.9", "22.1.1": "21.1.7",
                     "30.1.1": "22.1.5", "30.2.1": "30.1.2"}
    for step in history.values():
        if step.rule == "same-line":
            assert step.base is not None and step.base.line == step.release.line
    assert len(history) == 30


def test_patch_uuids_became_refs_in_21_1_4_as_renames(history: dict[str, Step]) -> None:
    got = changes_in(history, "21.1.4")
    for name in ("controller_patch", "se_patch"):
        assert ("field-renamed", f"Image.{name}_ref", f"{name}_uuid", f"{name}_ref") in got
        assert ("ref-type-added", f"Image.{name}_ref", None, "Image") in got
    assert not [c for c in got if c[0] in ("field-added", "field-removed")
                and c[1].startswith("Image.")]


def test_status_deprecated_in_21_1_3_and_removed_in_22_1_1(history: dict[str, Step]) -> None:
    assert ("field-deprecated", "Image.status", None, "21.1.3") in changes_in(history, "21.1.3")
    assert ("field-removed", "Image.status", "string", None) in changes_in(history, "22.1.1")
    removed = [(r, c.location) for r, c in everything(history) if c.id == "field-removed"]
    assert removed == [("22.1.1", "Image.status")]


def test_supported_migrations_backport_is_never_a_removal(history: dict[str, Step]) -> None:
    """In 18.2.10-18.2.12, missing in 20.1.1, back in 20.1.2: 20.1.1 is compared with 18.2.9."""

    def added(release: str) -> set[str]:
        return {c.path for c in history[release].changes
                if c.id == "field-added" and c.definition == "SupportedMigrations"}

    assert added("18.2.10") == SIX
    assert added("20.1.2") == SIX
    assert not [c for c in history["20.1.1"].changes if c.definition == "SupportedMigrations"]
    assert not [c for _, c in everything(history)
                if c.definition == "SupportedMigrations" and c.path in SIX
                and c.id in ("field-removed", "field-renamed")]


def test_three_int32_fields_became_uint32_in_30_2_1(history: dict[str, Step]) -> None:
    formats = {(c.location, c.old, c.new): c.id for c in history["30.2.1"].changes
               if "format" in c.id}
    assert formats == {
        ("Image.duration", "int32", "uint32"): "format-changed",
        ("ImageEvent.duration", "int32", "uint32"): "format-changed",
        # documented as 0-100: the same values under both formats
        ("Image.progress", "int32", "uint32"): "format-changed-within-range",
    }


def test_the_status_error_codes_grow(
    history: dict[str, Step], image_apis: tuple[list[Release], Callable[[Release], Api]]
) -> None:
    _, api_of = image_apis
    first = api_of(R("18.2.6")).definitions["Image"].field("status")
    last = api_of(R("30.2.1")).definitions["ImageEvent"].field("status")
    assert first is not None and last is not None
    assert (len(first.doc.enum), len(last.doc.enum)) == (524, 948)
    growth = [(r, len(c.new)) for r, c in everything(history)
              if c.id == "response-enum-value-added" and c.location == "Image.status"]
    assert len(growth) >= 15 and all(n > 0 for _, n in growth)
    assert ("21.1.5", 1) in growth
    # every step's values are the difference of the two specs
    for release, step in history.items():
        for c in step.changes:
            if c.location == "Image.status" and c.id == "response-enum-value-added":
                assert step.base is not None
                old = api_of(step.base).definitions["Image"].field("status")
                new = api_of(step.release).definitions["Image"].field("status")
                assert old is not None and new is not None
                assert c.new == sorted(set(new.doc.enum) - set(old.doc.enum)), release


def test_edition_rewording_in_21_1_5_means_nothing(history: dict[str, Step]) -> None:
    """21.1.5 rewrote (or first wrote) the edition sentence of every Image field; the only
    change of meaning is the new "Enterprise with Cloud Services" edition on the six fields that
    listed their editions (Basic, Essentials, Enterprise) in 21.1.4."""
    got = changes_in(history, "21.1.5")
    editions = [c for c in got if c[0].startswith("edition")]
    assert sorted(editions) == sorted(
        ("edition-added", f"SupportedMigrations.{f}", None, "Enterprise with Cloud Services")
        for f in SIX)
    others = [c for c in got if not c[0].startswith("edition")]
    assert [(c[0], c[1]) for c in others] == [
        ("response-enum-value-added", "Image.status"),
        ("response-enum-value-added", "ImageEvent.status"),
    ]


def test_the_image_operations_never_change(history: dict[str, Step]) -> None:
    prefixes = ("operation", "parameter", "required-parameter", "response-added",
                "response-removed", "response-type", "object")
    assert not [c for _, c in everything(history) if c.id.startswith(prefixes)]


def test_golden_image_changelog(history: dict[str, Step]) -> None:
    text = changelog_markdown("Changelog 18.2.6 -> 30.2.1 (Image)", list(history.values()))
    if os.environ.get("AVI_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.is_file(), "no golden record: run with AVI_UPDATE_GOLDEN=1"
    assert text == GOLDEN.read_text(encoding="utf-8")


# --- two whole releases -------------------------------------------------------------------


@pytest.fixture(scope="module")
def whole() -> tuple[Api, Api]:
    """22.1.1 and 30.2.1 with every object, each built once for the module (~20 s)."""
    root = avi_specs()
    return load_release(R("22.1.1"), root), load_release(R("30.2.1"), root)


@pytest.fixture()
def cli(whole: tuple[Api, Api], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """The ``diff`` command, reading the module's IRs instead of building them again."""
    built = {"22.1.1": whole[0], "30.2.1": whole[1]}

    def load_side(text: str, specs: Path, objects: Sequence[str] = ()) -> Side:
        return Side(built[text], text, False)

    monkeypatch.setattr(inputs, "load_side", load_side)

    def run(*args: str) -> Result:
        return CliRunner().invoke(diff_command, [*args, "22.1.1", "30.2.1"])

    return run


def test_whole_release_diff(whole: tuple[Api, Api], cli: Callable[..., Result]) -> None:
    old, new = whole
    assert len(old.objects) == 159 and len(new.objects) == 164
    changes = diff_apis(old, new)
    counts = summary(changes)
    assert sum(counts.values()) == len(changes) > 1000
    added = sorted(c.object for c in changes if c.id == "object-added")
    assert added == ["ALBServicesFileDownload", "CSRFPolicy", "ServiceAuthProfile",
                     "SystemReport", "TenantSystemConfiguration"]
    assert "object-removed" not in counts
    uint = [c for c in changes if (c.old, c.new) == ("int32", "uint32")]
    assert len(uint) > 900  # "30.2.1 moved about 1,000 int32 properties to uint32"
    assert {c.id for c in uint} <= {"format-changed", "format-changed-within-range",
                                    "response-format-widened", "request-format-narrowed"}
    # every object of both releases was compared: each one with a change is reported
    objects = {c.object for c in changes} - {""}
    assert objects <= set(old.objects) | set(new.objects) and len(objects) > 100
    # the command's text report ends with the summary: one line per kind, with its count
    result = cli()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    tail = lines[next(i for i, t in enumerate(lines) if t.startswith("Summary by kind")) + 1:]
    assert [(t.split()[0], int(t.split()[1])) for t in tail] == list(counts.items())


def test_whole_release_json_is_stable(whole: tuple[Api, Api], cli: Callable[..., Result]) -> None:
    first, second = cli("--format", "json"), cli("--format", "json")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert first.stdout == diff_json("22.1.1", "30.2.1", diff_apis(*whole))
    data = json.loads(first.stdout)
    assert data["summary"] == summary(diff_apis(*whole))
    assert cli("--fail-on", "breaking").exit_code == 1
