"""``avi-codegen import-specs``: checked, atomic copies of spec folders into ``<specs>/<release>``.

The last tests import the real 22.1.1 folder (from ``../shared/avi-specs``, skipped without it)
and generate its whole-API package once for the module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from vendor_support import image_doc, run, thing_doc, with_version

from tests.helpers import avi_specs


def source_folder(folder: Path) -> Path:
    """Image.json (says 30.2.1), Thing.yaml (says 22.1.1), a README that is not a spec."""
    folder.mkdir(parents=True)
    (folder / "Image.json").write_text(json.dumps(image_doc(), indent=2))
    (folder / "Thing.yaml").write_text(yaml.safe_dump(with_version(thing_doc(), "22.1.1")))
    (folder / "README.txt").write_text("not a spec\n")
    return folder


def test_import_copies_spec_files_and_lists_other_versions(tmp_path: Path) -> None:
    src = source_folder(tmp_path / "src")
    specs = tmp_path / "specs"
    code, out = run("import-specs", src, "--release", "22.1.1", "--specs", specs)
    assert code == 0, out
    assert sorted(p.name for p in (specs / "22.1.1").iterdir()) == ["Image.json", "Thing.yaml"]
    assert (specs / "22.1.1/Image.json").read_bytes() == (src / "Image.json").read_bytes()
    assert f"{src / 'Image.json'}#/info/version: warning: info.version is 30.2.1" in out
    assert "Thing.yaml" not in out.split("wrote")[0]  # its version matches: no warning
    assert "2 spec files; 1 carry another info.version" in out
    assert [p.name for p in specs.iterdir()] == ["22.1.1"]  # no temporary folder left
    code, out = run("validate", specs / "22.1.1")
    assert code == 0, out


def test_existing_release_is_kept_unless_forced(tmp_path: Path) -> None:
    src = source_folder(tmp_path / "src")
    specs = tmp_path / "specs"
    (specs / "22.1.1").mkdir(parents=True)
    (specs / "22.1.1" / "Old.json").write_text("{}")
    code, out = run("import-specs", src, "--release", "22.1.1", "--specs", specs)
    assert code == 2 and "already has a spec folder; use --force" in out
    assert "Traceback" not in out
    assert [p.name for p in (specs / "22.1.1").iterdir()] == ["Old.json"]
    code, out = run("import-specs", src, "--release", "22.1.1", "--specs", specs, "--force")
    assert code == 0 and "replaced" in out
    assert sorted(p.name for p in (specs / "22.1.1").iterdir()) == ["Image.json", "Thing.yaml"]
    assert [p.name for p in specs.iterdir()] == ["22.1.1"]


def test_unreadable_file_stops_the_import_with_a_located_message(tmp_path: Path) -> None:
    src = source_folder(tmp_path / "src")
    (src / "Broken.json").write_text('{"swagger": "2.0",\n "paths": [}')
    (src / "Bad.yaml").write_text("a: [1,\n")
    specs = tmp_path / "specs"
    code, out = run("import-specs", src, "--release", "22.1.1", "--specs", specs)
    assert code == 2
    assert f"{src / 'Broken.json'}:2:12: error: malformed JSON" in out
    assert f"{src / 'Bad.yaml'}:" in out and "malformed YAML" in out
    assert "Traceback" not in out
    assert not (specs / "22.1.1").exists()
    assert not specs.exists() or not any(specs.iterdir())


def test_usage_errors(tmp_path: Path) -> None:
    src = source_folder(tmp_path / "src")
    assert run("import-specs", src, "--release", "22.1")[0] == 2
    code, out = run("import-specs", tmp_path / "none", "--release", "22.1.1")
    assert code == 2 and "not a folder" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = run("import-specs", empty, "--release", "22.1.1", "--specs", tmp_path / "s")
    assert code == 2 and "no spec files" in out


def test_import_specs_uses_the_config_specs_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = source_folder(tmp_path / "src")
    (tmp_path / "pyproject.toml").write_text('[tool.avi-codegen]\nspecs = "api-specs"\n')
    monkeypatch.chdir(tmp_path)
    code, out = run("import-specs", "src", "--release", "22.1.1", "-q")
    assert code == 0 and out == ""
    assert (tmp_path / "api-specs/22.1.1/Image.json").is_file()
    assert src.is_dir()


# -- the real 22.1.1 folder, imported then generated (once for the module) -------------------


@pytest.fixture(scope="module")
def imported_22(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A copy of the shared 22.1.1 folder, imported and generated: (out, import output,
    generate output)."""
    root = tmp_path_factory.mktemp("import22")
    src = root / "downloaded"
    shutil.copytree(avi_specs() / "22.1.1", src)
    specs = root / "specs"
    code, imported = run("import-specs", src, "--release", "22.1.1", "--specs", specs)
    assert code == 0, imported
    out = root / "generated"
    code, generated = run(
        "generate", "--release", "22.1.1", "--specs", specs, "--out", out, "--quiet"
    )
    assert code == 0, generated
    return out, imported, generated


@pytest.mark.slow
def test_real_release_import_lists_frozen_files(imported_22: tuple[Path, str, str]) -> None:
    out, imported, _ = imported_22
    assert "Cluster.json#/info/version: warning: info.version is 20.1.2, not 22.1.1" in imported
    assert "wrote" in imported and "159 spec files" in imported


@pytest.mark.slow
def test_real_release_generates_an_importable_whole_api_package(
    imported_22: tuple[Path, str, str],
) -> None:
    out, _, generated = imported_22
    assert generated == ""  # --quiet
    manifest = json.loads((out / "avi_v22_1_1/manifest.json").read_text())
    assert manifest["release"] == "22.1.1" and len(manifest["specs"]) == 159
    script = (
        "import avi_v22_1_1 as pkg\n"
        "from avi_v22_1_1.models import VirtualService\n"
        "assert pkg.__avi_release__ == '22.1.1'\n"
        "assert 'services' in VirtualService.model_fields\n"
        "client = pkg.Client('http://127.0.0.1:9', username='u', password='p')\n"
        "assert type(client).virtualservice is not None\n"
        "print(type(client.virtualservice).__name__, VirtualService.__module__)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=out,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    resource, module = result.stdout.split()
    assert resource == "VirtualServiceResource" and module.startswith("avi_v22_1_1.models.")
