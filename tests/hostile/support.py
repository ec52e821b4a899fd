"""Helpers of the hostile-input suite: run the command line in a subprocess with a time bound,
read its diagnostics, check the generated code (black, import and exercise in a subprocess)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
RELEASE = "30.2.1"
PACKAGE = "avi_v30_2_1"
#: Upper bound of one command-line run, in seconds: a case that takes longer hangs.
TIME_BOUND = 60

#: One diagnostic line: ``file[:line[:col]][#pointer]: level: message [code]``.
DIAGNOSTIC = re.compile(
    r"^(?P<file>[^\n#]+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?(?:#(?P<ptr>\S*))?: "
    r"(?P<level>error|warning|info): (?P<message>.+) \[(?P<code>[a-z0-9-]+)\]$"
)
_OTHER_LINES = (
    re.compile(r"^generation stopped: the specs have errors; nothing was written$"),
    re.compile(r"^  \.\.\. and \d+ more like this \(--verbose shows all\)$"),
    re.compile(r"^warning: \d+ x \[[a-z0-9-]+\] in \d+ files, e\.g\. .+$"),  # a summary
)


@dataclass(frozen=True)
class Run:
    """One finished command-line run."""

    code: int
    stdout: str
    stderr: str

    def diagnostics(self) -> list[re.Match[str]]:
        """The diagnostic lines of stderr; fails on any other line (e.g. a traceback)."""
        found = []
        for line in self.stderr.splitlines():
            if not line.strip():
                continue
            match = DIAGNOSTIC.match(line)
            if match is None:
                assert any(p.match(line) for p in _OTHER_LINES), f"unexpected stderr line: {line!r}"
                continue
            found.append(match)
        return found


def run_cli(*args: str, cwd: Path | None = None, timeout: float = TIME_BOUND) -> Run:
    """``avi-codegen ARGS`` in a fresh interpreter; a run past ``timeout`` fails the test."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "codegen", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd,
            env=env,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"avi-codegen {' '.join(args)} ran over {timeout} s") from exc
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def generate(specs: Path, out: Path, *extra: str) -> Run:
    return run_cli(
        "generate", "--specs", str(specs), "--out", str(out), "--release", RELEASE,
        "--no-cache", *extra,
    )  # fmt: skip


def write_files(specs: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` (name -> bytes) as the spec files of release :data:`RELEASE`."""
    folder = specs / RELEASE
    folder.mkdir(parents=True, exist_ok=True)
    for name, blob in files.items():
        (folder / name).write_bytes(blob)
    return folder


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def assert_black(root: Path, skip_larger_than: int = 2_000_000) -> None:
    """Every generated Python file is already black-formatted (default line length)."""
    import black
    from black.mode import TargetVersion

    mode = black.Mode(target_versions={TargetVersion.PY311})
    for path in python_files(root):
        source = path.read_text(encoding="utf-8")
        if len(source) > skip_larger_than:
            continue
        assert black.format_str(source, mode=mode) == source, f"{path} is not black-formatted"


def exercise(
    out: Path, plan: dict[str, Any] | None = None, package: str = PACKAGE, audit: bool = False
) -> Any:
    """Import and exercise the package in a fresh interpreter (see ``exercise.py``); with
    ``audit``, under an audit hook that fails on any process, file write or connection."""
    script = [str(HERE / "exercise.py"), str(out), package, *(["--audit"] if audit else [])]
    try:
        done = subprocess.run(
            [sys.executable, "-B", "-W", "error", "-I", *script],
            input=json.dumps(plan or {}),
            capture_output=True,
            text=True,
            timeout=TIME_BOUND,
            cwd=out,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"exercising {package} ran over {TIME_BOUND} s") from exc
    assert done.returncode == 0, done.stderr[-5000:]
    return json.loads(done.stdout.splitlines()[-1])
