"""``avi-codegen vendor``: one release as an installable project under the user's name."""

from __future__ import annotations

import json
import re
import tomllib
from importlib.metadata import requires
from pathlib import Path

import pytest
from vendor_support import BUNDLED_SPECS, foreign_imports, imported_modules, run

from codegen.render.write import read_tree
from codegen.vendor.project import DEPENDENCIES, distribution_name, project_version


def vendor(out: Path, *extra: str | Path, package: str = "acme_avi") -> str:
    code, text = run(
        "vendor",
        "--release",
        "31.1.1",
        "--package",
        package,
        "--out",
        out,
        "--specs",
        BUNDLED_SPECS,
        "--no-cache",
        "-q",
        *extra,
    )
    assert code == 0, text
    return text


@pytest.fixture(scope="module")
def vendored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vendored") / "acme-avi"
    vendor(out)
    return out


def test_project_layout_and_metadata(vendored: Path) -> None:
    names = sorted(p.name for p in vendored.iterdir())
    assert names == ["README.md", "acme_avi", "pyproject.toml"]
    package = vendored / "acme_avi"
    for rel in ("py.typed", "manifest.json", "__init__.py", "_runtime/session.py", "client.py"):
        assert (package / rel).is_file(), rel
    project = tomllib.loads((vendored / "pyproject.toml").read_text())
    assert project["project"]["name"] == "acme-avi"
    assert project["project"]["version"] == "31.1.1"
    assert project["project"]["dependencies"] == list(DEPENDENCIES)
    assert project["project"]["requires-python"] == ">=3.11"
    assert project["build-system"]["build-backend"] == "setuptools.build_meta"
    data = project["tool"]["setuptools"]["package-data"]["acme_avi"]
    assert set(data) == {"py.typed", "manifest.json", "README.md"}
    manifest = json.loads((package / "manifest.json").read_text())
    assert manifest["package"] == "acme_avi" and manifest["release"] == "31.1.1"
    readme = (vendored / "README.md").read_text()
    sha = manifest["specs"][0]["sha256"]
    assert f"| Image.json | `{sha}` |" in readme
    assert "from acme_avi import Client" in readme and "client.image.iter()" in readme
    assert "avi-codegen vendor --release 31.1.1 --package acme_avi" in readme


def test_dependencies_are_the_generators_own_runtime_pins() -> None:
    """The vendored project asks for what the generator itself is tested with."""
    ours = {
        re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0]: r.replace(" ", "")
        for r in requires("avi-codegen") or []
        if "extra ==" not in r
    }
    for dep in DEPENDENCIES:
        name = re.split(r"[<>=]", dep, maxsplit=1)[0]
        assert name in ours and set(ours[name][len(name) :].split(",")) == set(
            dep[len(name) :].split(",")
        ), (dep, ours.get(name))


def test_nothing_in_the_output_imports_the_generator(vendored: Path) -> None:
    modules = imported_modules(vendored / "acme_avi")
    assert modules and not any("codegen" in names for names in modules.values())
    assert foreign_imports(vendored / "acme_avi") == {}


def test_renaming_touches_only_readme_and_manifest(vendored: Path, tmp_path: Path) -> None:
    code, out = run(
        "generate",
        "--release",
        "31.1.1",
        "--specs",
        BUNDLED_SPECS,
        "--out",
        tmp_path,
        "--no-cache",
    )
    assert code == 0, out
    default = read_tree(tmp_path / "avi_v31_1_1")
    renamed = read_tree(vendored / "acme_avi")
    assert default.keys() == renamed.keys()
    differ = {p for p in default if default[p] != renamed[p]}
    assert differ == {"README.md", "manifest.json"}
    assert b"avi_v31_1_1" not in renamed["README.md"]


def test_versions_and_names() -> None:
    assert project_version("31.1.1") == "31.1.1"
    assert project_version("31.1.1", 2) == "31.1.1.post2"
    assert distribution_name("Acme_Avi_sdk") == "acme-avi-sdk"


def test_post_release_and_check(tmp_path: Path) -> None:
    out = tmp_path / "p"
    vendor(out, "--post", "3")
    assert 'version = "31.1.1.post3"' in (out / "pyproject.toml").read_text()
    code, text = run(
        "vendor", "--release", "31.1.1", "--package", "acme_avi", "--out", out,
        "--specs", BUNDLED_SPECS, "--post", "3", "--check", "--no-cache",
    )  # fmt: skip
    assert code == 0 and "is up to date (acme-avi 31.1.1.post3)" in text
    (out / "acme_avi/client.py").write_text("# edited\n")
    (out / "acme_avi/stray.py").write_text("")
    code, text = run(
        "vendor", "--release", "31.1.1", "--package", "acme_avi", "--out", out,
        "--specs", BUNDLED_SPECS, "--check", "--no-cache",
    )  # fmt: skip
    assert code == 1
    assert f"changed: {out / 'acme_avi/client.py'}" in text
    assert f"changed: {out / 'pyproject.toml'}" in text  # the version
    assert f"removed: {out / 'acme_avi/stray.py'}" in text
    vendor(out)
    assert not (out / "acme_avi/stray.py").exists()
    assert 'version = "31.1.1"' in (out / "pyproject.toml").read_text()


def test_projected_release(tmp_path: Path) -> None:
    code, text = run(
        "vendor", "--release", "30.2.1", "--package", "old_avi", "--out", tmp_path,
        "--specs", BUNDLED_SPECS, "--no-cache",
    )  # fmt: skip
    assert code == 0 and "projected from 31.1.1" in text
    assert "projected from the 31.1.1 specs onto 30.2.1" in (tmp_path / "README.md").read_text()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("1bad", "not a Python identifier"),
        ("my-avi", "not a Python identifier"),
        ("class", "not a Python identifier"),
        ("json", "standard library"),
    ],
)
def test_bad_package_names_exit_2(tmp_path: Path, name: str, why: str) -> None:
    code, text = run(
        "vendor", "--release", "31.1.1", "--package", name, "--out", tmp_path / "x",
        "--specs", BUNDLED_SPECS,
    )  # fmt: skip
    assert code == 2 and why in text and "--package" in text
    assert not (tmp_path / "x").exists()


def test_foreign_files_are_kept_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'mine'\n")
    (tmp_path / "LICENSE").write_text("mine\n")
    args = (
        "vendor",
        "--release",
        "31.1.1",
        "--package",
        "acme_avi",
        "--out",
        tmp_path,
        "--no-cache",
    )
    code, text = run(*args, "--specs", BUNDLED_SPECS)
    assert code == 2 and "pyproject.toml already here and not written by avi-codegen" in text
    assert (tmp_path / "pyproject.toml").read_text() == "[project]\nname = 'mine'\n"
    assert not (tmp_path / "acme_avi").exists()
    code, text = run(*args, "--specs", BUNDLED_SPECS, "--force", "-q")
    assert code == 0 and text == ""
    assert 'name = "acme-avi"' in (tmp_path / "pyproject.toml").read_text()
    assert (tmp_path / "LICENSE").read_text() == "mine\n"  # files it does not write: untouched
    code, text = run(*args, "--specs", BUNDLED_SPECS)  # its own output: no --force needed
    assert code == 0 and "0 files changed" in text
