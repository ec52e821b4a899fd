"""The ``diff`` and ``changelog`` commands: formats, ``--fail-on``, exit 2 on unusable input."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from diff_support import FIXTURES, case_files

from codegen.diff import command
from codegen.diff.command import changelog_command, diff_command


def run_diff(*args: str) -> Result:
    return CliRunner().invoke(diff_command, list(args))


def run_changelog(*args: str) -> Result:
    return CliRunner().invoke(changelog_command, list(args))


def files(case: str) -> list[str]:
    return [str(p) for p in case_files(case)]


def specs_folder(tmp_path: Path) -> Path:
    """A --specs folder: Pool in 30.1.1 (fields_base) and 30.2.1 (fields_revision)."""
    specs = tmp_path / "specs"
    for release, path in zip(("30.1.1", "30.2.1"), case_files("fields"), strict=True):
        (specs / release).mkdir(parents=True)
        shutil.copy(path, specs / release / "Pool.json")
    return specs


def test_commands_are_named_for_the_lead_to_register() -> None:
    assert diff_command.name == "diff" and changelog_command.name == "changelog"


def test_text_is_plain_when_not_a_terminal() -> None:
    result = run_diff(*files("fields"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert "7 changes: 2 breaking, 1 warning, 4 info" in out.splitlines()[0]
    # grouped by object, then by severity (worst first); other definitions last
    assert textwrap.dedent("""
        fields_revision
          breaking
            Pool.old_flag: field removed [field-removed]
            Pool.tier: required field added [request-required-field-added]
          info
            HealthMonitor: definition added (1 field) [definition-added]
            Pool.monitor: field added [field-added]
            Pool.new_option: field added [field-added]
            Pool.url: field added [field-added]
        (other definitions)
          warning
            Legacy: definition removed [definition-removed]
    """) in out
    summary = out[out.index("Summary by kind"):].splitlines()
    assert summary[1].split() == ["definition-added", "1", "info", "both"]
    assert len(summary) == 6


def test_text_is_coloured_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(command, "_is_terminal", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = run_diff(*files("fields"))
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout and "field-removed" in result.stdout


def test_markdown() -> None:
    result = run_diff("--format", "markdown", *files("types"))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# API changes: ")
    assert "\n### Breaking\n" in out and "\n## Summary\n" in out
    assert "| `type-changed` | breaking | both | 3 |" in out
    # markup in messages is escaped, code spans are not
    assert "array\\<string>" in out and "`Pool.tags`" in out


def test_json_is_complete_and_stable() -> None:
    first = run_diff("--format", "json", *files("enums"))
    second = run_diff("--format", "json", *files("enums"))
    assert first.exit_code == 0 and first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert set(data) == {"old", "new", "changes", "summary", "severities"}
    change = data["changes"][0]
    assert list(change) == ["id", "severity", "direction", "object", "definition", "path",
                            "old", "new", "message"]
    assert data["summary"]["response-enum-value-added"] == 3
    assert sum(data["summary"].values()) == len(data["changes"]) == 9
    assert data["severities"] == {"breaking": 2, "warning": 5, "info": 2}


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        ("fields", "breaking", 1),
        ("fields", "warning", 1),
        ("lifecycle", "breaking", 0),  # warnings and info only
        ("lifecycle", "warning", 1),
        ("wording", "warning", 0),
        ("wording", "breaking", 0),
    ],
)
def test_fail_on(case: str, fail_on: str, code: int) -> None:
    result = run_diff("--fail-on", fail_on, *files(case))
    assert result.exit_code == code, result.output


def test_no_fail_on_means_exit_0_even_when_breaking() -> None:
    assert run_diff("--format", "json", *files("fields")).exit_code == 0


def _one_clean_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_missing_file_exits_2_with_one_line(tmp_path: Path) -> None:
    line = _one_clean_line(run_diff(str(tmp_path / "Nope.json"), files("fields")[1]))
    assert "Nope.json" in line and "no such file or folder" in line


def test_unknown_release_exits_2(tmp_path: Path) -> None:
    specs = specs_folder(tmp_path)
    line = _one_clean_line(run_diff("--specs", str(specs), "30.1.1", "22.1.1"))
    assert "unknown release 22.1.1" in line


def test_unreadable_and_invalid_specs_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "Bad.json"
    bad.write_text("{ not json")
    assert "error:" in _one_clean_line(run_diff(str(bad), files("fields")[1]))
    invalid = tmp_path / "Invalid.json"
    invalid.write_text(json.dumps({"swagger": "2.0", "paths": {}}))
    assert "error:" in _one_clean_line(run_diff(str(invalid), files("fields")[1]))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no spec files" in _one_clean_line(run_diff(str(empty), files("fields")[1]))


def test_release_numbers_folders_and_object_filter(tmp_path: Path) -> None:
    specs = specs_folder(tmp_path)
    by_number = run_diff("--specs", str(specs), "--format", "json", "30.1.1", "30.2.1")
    by_folder = run_diff("--format", "json", str(specs / "30.1.1"), str(specs / "30.2.1"))
    assert by_number.exit_code == by_folder.exit_code == 0
    a, b = json.loads(by_number.stdout), json.loads(by_folder.stdout)
    assert (a["old"], a["new"]) == ("30.1.1", "30.2.1")
    assert a["changes"] == b["changes"] and len(a["changes"]) == 7
    assert {c["object"] for c in a["changes"]} == {"Pool", ""}
    filtered = run_diff("--specs", str(specs), "--object", "Pool", "30.1.1", "30.2.1")
    assert filtered.exit_code == 0
    missing = run_diff("--specs", str(specs), "--object", "Vip", "30.1.1", "30.2.1")
    assert "no object 'Vip' in 30.1.1 or 30.2.1" in _one_clean_line(missing)
    # an object one side lacks is added (or removed)
    (specs / "30.2.1" / "Vip.json").write_text((FIXTURES / "objects_base" / "Vip.json").read_text())
    added = run_diff("--specs", str(specs), "--object", "Vip", "--format", "json",
                     "30.1.1", "30.2.1")
    assert added.exit_code == 0, added.output
    assert [c["id"] for c in json.loads(added.stdout)["changes"]][:1] == ["object-added"]
    none = run_changelog("--specs", str(specs), "--from", "30.1.1", "--to", "30.2.1",
                         "--object", "Nothing")
    assert "no object 'Nothing' in releases 30.1.1 to 30.2.1" in _one_clean_line(none)


def test_python_packages(tmp_path: Path) -> None:
    for name, member in (("old", "MODE_A"), ("new", "MODE_B")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "models.py").write_text(textwrap.dedent(f"""
            class PoolMode(Enum):
                {member} = "{member}"
        """))
    result = run_diff("--python", "--format", "json", str(tmp_path / "old"), str(tmp_path / "new"))
    assert result.exit_code == 0, result.output
    ids = [c["id"] for c in json.loads(result.stdout)["changes"]]
    assert ids == ["python-enum-member-removed", "python-enum-member-added"]
    failing = run_diff("--python", "--fail-on", "breaking", str(tmp_path / "old"),
                       str(tmp_path / "new"))
    assert failing.exit_code == 1
    missing = run_diff("--python", str(tmp_path / "old"), str(tmp_path / "nope"))
    assert "no such package folder" in _one_clean_line(missing)
    mixed = run_diff("--python", "--object", "Pool", str(tmp_path / "old"), str(tmp_path / "new"))
    assert mixed.exit_code == 2 and "--object" in mixed.stderr


def test_changelog_formats(tmp_path: Path) -> None:
    specs = specs_folder(tmp_path)
    args = ["--specs", str(specs), "--from", "30.1.1", "--to", "30.2.1"]
    text = run_changelog(*args)
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Changelog 30.1.1 -> 30.2.1: 1 releases, 7 changes")
    assert "30.2.1 (compared with 30.1.1: first release of 30.2" in text.stdout
    markdown = run_changelog(*args, "--format", "markdown")
    assert "\n## 30.2.1\n" in markdown.stdout and "_Compared with 30.1.1" in markdown.stdout
    data = json.loads(run_changelog(*args, "--format", "json", "--object", "Pool").stdout)
    assert data["objects"] == ["Pool"]
    [step] = data["releases"]
    assert (step["release"], step["base"], step["rule"]) == ("30.2.1", "30.1.1", "branch-point")
    assert len(step["changes"]) == 7 and data["summary"] == step["summary"]
    assert run_changelog(*args, "--fail-on", "breaking").exit_code == 1


def test_changelog_errors(tmp_path: Path) -> None:
    specs = specs_folder(tmp_path)
    unknown = run_changelog("--specs", str(specs), "--from", "20.1.1", "--to", "30.2.1")
    assert "unknown release 20.1.1" in _one_clean_line(unknown)
    backwards = run_changelog("--specs", str(specs), "--from", "30.2.1", "--to", "30.1.1")
    assert "newer than --to" in _one_clean_line(backwards)
    nonsense = run_changelog("--specs", str(specs), "--from", "latest", "--to", "30.1.1")
    assert nonsense.exit_code == 2 and "not an Avi release number" in nonsense.stderr
    nowhere = run_changelog("--specs", str(tmp_path / "nowhere"), "--from", "30.1.1",
                            "--to", "30.2.1")
    assert "does not exist" in _one_clean_line(nowhere)


def test_fixture_folder_is_where_the_tests_say() -> None:
    assert (FIXTURES / "objects_base" / "Pool.json").is_file()
