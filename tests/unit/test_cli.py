"""The command line: exit codes, located one-line errors, no tracebacks, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from codegen.cli import main
from codegen.render.write import read_tree
from tests.helpers import REPO, api_response, crud_paths, swagger, write_spec


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def good_specs(folder: Path) -> Path:
    thing = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
    doc = swagger(
        {"Thing": thing, "ThingApiResponse": api_response("Thing")}, crud_paths("/thing", "Thing")
    )
    write_spec(folder, "30.2.1", "Thing", doc)
    return folder


def test_validate_ok_and_strict(tmp_path: Path) -> None:
    code, out = run("validate", str(REPO / "specs/31.1.1"))
    assert code == 0 and "1 files: 0 errors" in out
    code, out = run("validate", "--strict", str(REPO / "specs/31.1.1/Image.json"))
    assert code == 1 and "unsigned-format" in out


def test_validate_findings_and_unreadable(tmp_path: Path) -> None:
    bad = tmp_path / "Bad.json"
    bad.write_text(
        json.dumps(
            swagger({"A": {"type": "object", "properties": {"b": {"$ref": "#/definitions/Z"}}}})
        )
    )
    code, out = run("validate", str(bad))
    assert code == 1 and f"{bad}#/definitions/A/properties/b: error:" in out
    broken = tmp_path / "Broken.json"
    broken.write_text("{")
    code, out = run("validate", str(broken))
    assert code == 2 and f"{broken}:1:2: error: malformed JSON" in out
    code, out = run("validate", str(tmp_path / "nope.json"))
    assert code == 2 and "no such file" in out


def test_generate_check_and_drift(tmp_path: Path) -> None:
    specs = good_specs(tmp_path / "specs")
    out = tmp_path / "out"
    code, text = run("generate", "--specs", str(specs), "--out", str(out), "--release", "30.2.1")
    assert code == 0 and "wrote 1 packages" in text
    code, text = run(
        "generate", "--specs", str(specs), "--out", str(out), "--release", "30.2.1", "--check"
    )
    assert code == 0 and "up to date" in text
    (out / "avi_v30_2_1/models/thing.py").write_text("# edited\n")
    code, text = run(
        "generate", "--specs", str(specs), "--out", str(out), "--release", "30.2.1", "--check"
    )
    assert code == 1 and "changed:" in text and "models/thing.py" in text


def test_bad_spec_fails_cleanly_and_keeps_previous_output(tmp_path: Path) -> None:
    specs = good_specs(tmp_path / "specs")
    out = tmp_path / "out"
    assert run("generate", "--specs", str(specs), "--out", str(out))[0] == 0
    before = read_tree(out)
    (specs / "30.2.1" / "Other.json").write_text('{"swagger": "2.0", "paths": [}')
    code, text = run("generate", "--specs", str(specs), "--out", str(out))
    assert code == 2 and "Other.json:1:30: error: malformed JSON" in text
    assert "Traceback" not in text
    assert read_tree(out) == before
    assert all(p.name.startswith("avi_v") for p in out.iterdir())  # no temporary files left


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("generate", "--release", "30.2")[0] == 2
    assert run("generate", "--specs", str(tmp_path / "none"))[0] == 2
    assert run("generate", "--specs", str(good_specs(tmp_path)), "--release", "31.1.1")[0] == 2


def test_python_m_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "avi-codegen" in result.stdout
