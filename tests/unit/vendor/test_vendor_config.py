"""``[tool.avi-codegen]`` in ./pyproject.toml: defaults for generate and vendor, flags win,
relative paths are relative to the file's folder, bad tables exit 2 naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from vendor_support import run, two_object_specs

from codegen.config import Config, load_config, package_for
from codegen.diagnostics import DiagnosticError
from codegen.ir.release import Release

TABLE = """\
[project]
name = "my-tooling"

[tool.avi-codegen]
specs = "api/specs"
out = "sdk"
releases = ["30.2.1"]
package = "acme_{major}_{minor}_{patch}"
objects = ["Image"]
cache = ".avi-cache"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's repository with specs (Image, Thing) and the table above; the current dir."""
    two_object_specs(tmp_path / "api/specs")
    (tmp_path / "pyproject.toml").write_text(TABLE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_load_config_reads_the_table_relative_to_its_folder(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()
    (tmp_path / "pyproject.toml").write_text(
        TABLE.replace('".avi-cache"', '"/abs/c"') + 'templates = "tpl"\n'
    )
    config = load_config(tmp_path)
    assert config.source == tmp_path / "pyproject.toml"
    assert config.specs == tmp_path / "api/specs" and config.out == tmp_path / "sdk"
    assert config.templates == tmp_path / "tpl" and config.cache == Path("/abs/c")
    assert config.releases == ("30.2.1",) and config.objects == ("Image",)
    assert config.package == "acme_{major}_{minor}_{patch}"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(tmp_path) == Config(source=tmp_path / "pyproject.toml")


def test_package_patterns() -> None:
    r = Release(30, 2, 1)
    assert package_for("avi_v{release_underscored}", r) == "avi_v30_2_1"
    assert package_for("acme{major}{minor}", r) == "acme302"
    assert package_for("fixed_name", r) == "fixed_name"
    for bad, why in [
        ("acme_{release}", "unknown placeholder {release}"),
        ("{major}_acme", "not a Python identifier"),
        ("acme-{patch}", "not a Python identifier"),
        ("acme_{", "not a usable pattern"),
        ("json", "standard library"),
        ("class", "not a Python identifier"),
    ]:
        with pytest.raises(ValueError, match=why.replace("{", r"\{").replace("}", r"\}")):
            package_for(bad, r)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('specs = "s"\nspecz = "t"\n', "specz: unknown key"),
        ("specs = 3\n", "specs: expected a path (a string), got 3"),
        ('releases = "30.2.1"\n', "releases: expected a list of strings"),
        ('releases = ["30.2"]\n', "releases: '30.2' is not an Avi release number"),
        ("objects = [1]\n", "objects: expected a list of strings"),
        ('package = "acme_{release}"\n', "package: unknown placeholder {release}"),
        ('package = "9acme"\n', "package: '9acme' is not a Python identifier"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, body: str, needle: str) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.avi-codegen]\n' + body)
    with pytest.raises(DiagnosticError) as caught:
        load_config(tmp_path)
    (diagnostic,) = caught.value.diagnostics
    assert needle in diagnostic.message and "[tool.avi-codegen]" in diagnostic.message
    key = needle.split(":")[0]
    line = 5 + body.splitlines().index(next(x for x in body.splitlines() if x.startswith(key)))
    assert diagnostic.line == line


def test_bad_config_exits_2_without_a_traceback(project: Path) -> None:
    (project / "pyproject.toml").write_text(TABLE + "releasez = []\n")
    code, out = run("generate")
    assert code == 2 and "pyproject.toml:11: error: [tool.avi-codegen] releasez: unknown key" in out
    assert "Traceback" not in out
    (project / "pyproject.toml").write_text(TABLE + "oops = \n")
    code, out = run("generate")
    assert code == 2 and "pyproject.toml:11:8: error: not TOML" in out
    code, out = run("vendor", "--out", "v")
    assert code == 2 and "not TOML" in out


def test_generate_uses_the_config(project: Path) -> None:
    code, out = run("generate")
    assert code == 0, out
    assert "acme_30_2_1: 1 objects" in out  # objects = ["Image"]
    assert any((project / ".avi-cache").iterdir())  # cache = ".avi-cache"
    assert sorted(p.name for p in (project / "sdk").iterdir()) == ["acme_30_2_1"]
    package = project / "sdk/acme_30_2_1"
    assert '"package": "acme_30_2_1"' in (package / "manifest.json").read_text()
    assert (package / "README.md").read_text().startswith("# acme_30_2_1\n")
    assert (package / "models/image.py").is_file() and not (package / "models/thing.py").exists()
    code, out = run("generate", "--check")
    assert code == 0 and "up to date" in out


def test_flags_take_precedence_over_the_config(project: Path) -> None:
    (project / "other").mkdir()
    two_object_specs(project / "other", release="22.1.1")
    code, out = run(
        "generate",
        "--specs",
        "other",
        "--out",
        "elsewhere",
        "--release",
        "22.1.1",
        "--object",
        "Thing",
        "--package",
        "mine_{release_underscored}",
    )
    assert code == 0, out
    assert not (project / "sdk").exists()
    package = project / "elsewhere/mine_22_1_1"
    assert (package / "models/thing.py").is_file() and not (package / "models/image.py").exists()
    code, out = run("generate", "--package", "avi_v{release_underscored}")
    assert code == 0 and (project / "sdk/avi_v30_2_1/__init__.py").is_file()


def test_a_fixed_package_name_for_several_releases_is_refused(project: Path) -> None:
    code, out = run("generate", "--release", "30.2.1", "--release", "22.1.1", "--package", "one")
    assert code == 2 and "the same name 'one'" in out


def test_vendor_uses_the_config_pattern_and_single_release(project: Path) -> None:
    code, out = run("vendor", "--out", "vendored")
    assert code == 0, out
    assert (project / "vendored/acme_30_2_1/manifest.json").is_file()
    assert 'name = "acme-30-2-1"' in (project / "vendored/pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(TABLE.replace('["30.2.1"]', '["30.2.1", "22.1.1"]'))
    code, out = run("vendor", "--out", "vendored2")
    assert code == 2 and "--release is required" in out
    (project / "pyproject.toml").write_text("")
    code, out = run("vendor", "--out", "v3", "--release", "30.2.1", "--specs", "api/specs")
    assert code == 2 and "--package is required" in out
