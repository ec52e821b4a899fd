"""Template overrides: a user folder replaces bundled templates by file name (jinja and model
templates alike, one file at a time); a broken one exits 2 with its file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from vendor_support import run, two_object_specs

from codegen.render.templates import BUNDLED
from codegen.render.write import read_tree
from tests.helpers import import_package

EXTRA_METHOD = '''
    def describe(self) -> str:
        """Where this resource lives (added by the user's template)."""
        return "{{ r.object_name }} at {{ r.path }}"
'''
ANCHOR = "        super().__init__(session, {{ r.model }}, PATH)\n"


def generate(specs: Path, out: Path, *extra: str | Path) -> tuple[int, str]:
    return run(
        "generate", "--specs", specs, "--out", out, "--release", "30.2.1", "--no-cache",
        "--package", "tpl_v{release_underscored}", *extra,
    )  # fmt: skip


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The specs (Image, Thing) and the package generated with the bundled templates."""
    root = tmp_path_factory.mktemp("tpl")
    specs = two_object_specs(root / "specs")
    code, out = generate(specs, root / "out")
    assert code == 0, out
    return specs, read_tree(root / "out/tpl_v30_2_1")


def override(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_resource_template_override_adds_a_method(
    tmp_path: Path, baseline: tuple[Path, dict[str, bytes]]
) -> None:
    specs, before = baseline
    bundled = (BUNDLED / "client/resource.py.jinja").read_text()
    assert bundled.count(ANCHOR) == 1
    override(
        tmp_path / "tpl", "client/resource.py.jinja", bundled.replace(ANCHOR, ANCHOR + EXTRA_METHOD)
    )
    code, out = generate(specs, tmp_path / "out", "--templates", tmp_path / "tpl")
    assert code == 0, out
    after = read_tree(tmp_path / "out/tpl_v30_2_1")
    changed = {p for p in after if after[p] != before[p]}
    assert changed == {"resources/image.py", "resources/thing.py", "manifest.json"}
    text = after["resources/image.py"].decode()
    assert text.count('return "Image at /image"') == 2  # sync and async classes
    # golden: the bundled output with the user's method inserted, nothing else
    method = EXTRA_METHOD.replace("{{ r.object_name }} at {{ r.path }}", "Image at /image")
    assert text.replace(method, "") == before["resources/image.py"].decode()
    package = import_package(tmp_path / "out", "tpl_v30_2_1")
    with package.Client("http://127.0.0.1:9", username="u", password="p") as client:
        assert client.image.describe() == "Image at /image"
        assert client.thing.describe() == "Thing at /thing"


def test_readme_template_override(tmp_path: Path, baseline: tuple[Path, dict[str, bytes]]) -> None:
    specs, before = baseline
    override(
        tmp_path / "tpl",
        "package/README.md.jinja",
        "# {{ ctx.package }} for Avi {{ ctx.release }}\n",
    )
    code, out = generate(specs, tmp_path / "out", "--templates", tmp_path / "tpl")
    assert code == 0, out
    after = read_tree(tmp_path / "out/tpl_v30_2_1")
    assert after["README.md"] == b"# tpl_v30_2_1 for Avi 30.2.1\n"
    assert {p for p in after if after[p] != before[p]} == {"README.md", "manifest.json"}


def test_one_model_template_overrides_without_losing_the_others(
    tmp_path: Path, baseline: tuple[Path, dict[str, bytes]]
) -> None:
    """Only BaseModel.jinja2 in the user's models/: the bundled Enum.jinja2 still applies
    (datamodel-code-generator alone would fall back to its own, not ours)."""
    specs, before = baseline
    bundled = (BUNDLED / "models/pydantic_v2/BaseModel.jinja2").read_text()
    override(
        tmp_path / "tpl",
        "models/pydantic_v2/BaseModel.jinja2",
        bundled.rstrip("\n") + "\n    # user template: {{ class_name }}\n",
    )
    code, out = generate(specs, tmp_path / "out", "--templates", tmp_path / "tpl")
    assert code == 0, out
    after = read_tree(tmp_path / "out/tpl_v30_2_1")
    text = after["models/image.py"].decode()
    assert "    # user template: Image\n" in text
    kept = "".join(line for line in text.splitlines(True) if "# user template" not in line)
    assert kept == before["models/image.py"].decode()
    assert {p for p in after if after[p] != before[p]} == {
        "models/image.py",
        "models/thing.py",
        "manifest.json",
    }


@pytest.mark.parametrize(
    ("name", "text", "line", "needle"),
    [
        ("client/resource.py.jinja", "# ok\n# ok\n{% for x in %}\n", 3, "template syntax"),
        ("package/README.md.jinja", "# fine\n{{ ctx.nope }}\n", 2, "template failed"),
        ("client/client.py.jinja", "{{ ctx.release }}\n{{ 1 // 0 }}\n", 2, "ZeroDivisionError"),
        ("models/pydantic_v2/BaseModel.jinja2", "class {{ x }}:\n{% if %}\n", 2, "syntax"),
    ],
)
def test_broken_template_exits_2_located(
    tmp_path: Path,
    baseline: tuple[Path, dict[str, bytes]],
    name: str,
    text: str,
    line: int,
    needle: str,
) -> None:
    specs, _ = baseline
    path = override(tmp_path / "tpl", name, text)
    code, out = generate(specs, tmp_path / "out", "--templates", tmp_path / "tpl")
    assert code == 2, out
    assert f"{path}:{line}: error: " in out and needle in out, out
    assert "Traceback" not in out
    assert not (tmp_path / "out").exists()


def test_an_edited_override_is_rendered_again_with_the_cache_on(tmp_path: Path) -> None:
    """The cache must not serve output of an earlier version of an override template (each run
    in its own process, as a user runs it; the cache is on)."""
    specs = two_object_specs(tmp_path / "specs")
    template = override(tmp_path / "tpl", "package/README.md.jinja", "")
    command = [
        sys.executable, "-m", "codegen", "generate", "--specs", str(specs), "--release", "30.2.1",
        "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "tpl"),
        "--cache", str(tmp_path / "cache"), "--quiet",
    ]  # fmt: skip
    readme = tmp_path / "out/avi_v30_2_1/README.md"
    for text in ("one", "two"):
        template.write_text("# " + text + " {{ ctx.package }}\n")
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert readme.read_text() == f"# {text} avi_v30_2_1\n"
