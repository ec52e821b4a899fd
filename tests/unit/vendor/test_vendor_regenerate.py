"""Regeneration is a pure function of its inputs: unchanged inputs give the same bytes, and a
change to one spec file changes only the files that come from it (and the manifest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vendor_support import image_doc, run, two_object_specs

import codegen.cli
from codegen.render.write import read_tree
from tests.helpers import write_spec


def generate(specs: Path, out: Path, *extra: str) -> str:
    code, text = run("generate", "--specs", specs, "--out", out, "--no-cache", *extra)
    assert code == 0, text
    return text


def test_unchanged_inputs_regenerate_byte_identical(tmp_path: Path) -> None:
    specs = two_object_specs(tmp_path / "specs")
    generate(specs, tmp_path / "a", "--release", "30.2.1")
    generate(specs, tmp_path / "b", "--release", "30.2.1")
    first = read_tree(tmp_path / "a")
    assert first == read_tree(tmp_path / "b")
    text = generate(specs, tmp_path / "a", "--release", "30.2.1")
    assert "wrote 0 packages" in text and "(1 unchanged)" in text
    assert read_tree(tmp_path / "a") == first
    code, text = run(
        "generate", "--specs", specs, "--out", tmp_path / "a", "--release", "30.2.1", "--check"
    )
    assert code == 0 and "up to date" in text


def test_one_changed_spec_changes_only_its_files(tmp_path: Path) -> None:
    specs = two_object_specs(tmp_path / "specs")
    out = tmp_path / "out"
    generate(specs, out, "--release", "30.2.1")
    before = read_tree(out)
    write_spec(specs, "30.2.1", "Image", image_doc(description="An image, described anew."))
    code, text = run("generate", "--specs", specs, "--out", out, "--release", "30.2.1", "--check")
    assert code == 1
    generate(specs, out, "--release", "30.2.1")
    after = read_tree(out)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed == {"avi_v30_2_1/models/image.py", "avi_v30_2_1/manifest.json"}
    assert b"described anew" in after["avi_v30_2_1/models/image.py"]
    new = json.loads(after["avi_v30_2_1/manifest.json"])["specs"]
    old = json.loads(before["avi_v30_2_1/manifest.json"])["specs"]
    same = {s["file"]: s["sha256"] == o["sha256"] for s, o in zip(new, old, strict=True)}
    assert same == {"Image.json": False, "Thing.json": True}


def test_progress_bar_output_is_the_same_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal several releases render under a progress bar, package by package; the
    files are the same as those of the one-call path."""
    specs = two_object_specs(tmp_path / "specs")
    releases = ("--release", "30.2.1", "--release", "30.1.1", "--release", "22.1.1")
    generate(specs, tmp_path / "plain", *releases)
    monkeypatch.setattr(codegen.cli, "_stderr_is_terminal", lambda: True)
    text = generate(specs, tmp_path / "bar", *releases)
    assert "rendered" in text and "3/3" in text  # the bar, written to (captured) stderr
    assert read_tree(tmp_path / "bar") == read_tree(tmp_path / "plain")
    code, text = run("generate", "--specs", specs, "--out", tmp_path / "q", "-q", *releases)
    assert code == 0 and text == ""  # --quiet: no bar, no lines
