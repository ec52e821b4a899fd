"""The runtime is copied verbatim into generated packages: check it stands alone."""

from __future__ import annotations

import ast
import importlib
import shutil
import sys
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[3] / "codegen" / "runtime"
ALLOWED = {"httpx", "pydantic", "pydantic_core"}


@pytest.mark.parametrize("path", sorted(RUNTIME.glob("*.py")), ids=lambda p: p.name)
def test_imports_are_relative_stdlib_httpx_or_pydantic(path: Path) -> None:
    tree = ast.parse(path.read_text())
    assert ast.get_docstring(tree), f"{path.name} needs a module docstring"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top != "codegen", f"{path.name} imports the generator"
            assert top in ALLOWED or top in sys.stdlib_module_names, f"{path.name}: {name}"


def test_runtime_works_as_a_copied_subpackage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "avi_v99_runtime_copy"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copytree(RUNTIME, package / "_runtime", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        client = importlib.import_module("avi_v99_runtime_copy._runtime.client")
        errors = importlib.import_module("avi_v99_runtime_copy._runtime.errors")
        assert client.BaseClient.__module__ == "avi_v99_runtime_copy._runtime.client"
        assert issubclass(errors.NotFoundError, errors.AviError)
    finally:
        for name in [n for n in sys.modules if n.startswith("avi_v99_runtime_copy")]:
            del sys.modules[name]
