"""The committed ``generated/`` is the golden record of the bundled spec.

A fresh generation equals it file by file; ``avi-codegen generate --check`` agrees (exit 0) and
notices a changed byte in a copy (exit 1, naming the file); generating twice gives the same
bytes; ``mypy --strict`` and ruff pass on it.

The command-line runs and the type check are slow, so they all start together as subprocesses
when the first test of this module needs them, and each test waits for its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from codegen.render.write import read_tree
from tests.golden.conftest import Generated
from tests.golden.sources import REPO, Group

COMMITTED = REPO / "generated"
BUNDLED = Group("bundled", "Image")
#: Lint rules for generated code: pycodestyle errors and warnings, and pyflakes. E501 is left
#: out: docstrings carry the spec's descriptions verbatim (some over 400 characters) and black
#: does not wrap strings. Import order (I) is datamodel-code-generator's, not isort's.
RUFF = [
    "--select",
    "E,F,W",
    "--ignore",
    "E501",
    "--line-length",
    "200",
    "--output-format",
    "concise",
]


@dataclass
class Run:
    args: list[str]
    process: subprocess.Popen[str]
    _result: tuple[int, str] | None = None

    def result(self) -> tuple[int, str]:
        """(exit code, stdout + stderr), once the process ends."""
        if self._result is None:
            out, _ = self.process.communicate(timeout=600)
            self._result = (self.process.returncode, out)
        return self._result


def packages() -> list[str]:
    return sorted(p.name for p in COMMITTED.glob("avi_v*") if (p / "__init__.py").exists())


def changed_file() -> str:
    """The generated file whose byte the copy changes: the newest package's first module."""
    newest = max(
        packages(), key=lambda n: tuple(int(x) for x in n.removeprefix("avi_v").split("_"))
    )
    files = sorted(
        p.relative_to(COMMITTED).as_posix()
        for p in (COMMITTED / newest).rglob("*.py")
        if "_runtime" not in p.parts and "__pycache__" not in p.parts
    )
    return files[0]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    if not packages():
        pytest.fail(f"no packages in {COMMITTED}: run `avi-codegen generate` and commit them")
    tmp = tmp_path_factory.mktemp("record")
    copy = tmp / "copy"
    shutil.copytree(COMMITTED, copy, ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    target = copy / changed_file()
    blob = bytearray(target.read_bytes())
    blob[-2] ^= 0x01  # one byte of the last line
    target.write_bytes(bytes(blob))
    cli = [sys.executable, "-m", "codegen", "generate"]
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull]
    commands = {
        "check": (cli + ["--check"], REPO),
        "check_copy": (cli + ["--check", "--out", str(copy)], REPO),
        "again": (cli + ["--out", str(tmp / "again")], REPO),
        "mypy": (mypy + [a for p in packages() for a in ("-p", p)], COMMITTED),
        "ruff": ([sys.executable, "-m", "ruff", "check", "--no-cache", *RUFF, "."], COMMITTED),
    }
    env = {**os.environ, "MYPYPATH": str(COMMITTED)}
    started = {
        name: Run(
            args,
            subprocess.Popen(
                args, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            ),
        )
        for name, (args, cwd) in commands.items()
    }
    yield started
    for run in started.values():
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()


def _diff(fresh: dict[str, bytes], committed: dict[str, bytes]) -> list[str]:
    """Every file that differs, labelled."""
    out = []
    for name in sorted(set(fresh) | set(committed)):
        if name not in committed:
            out.append(f"only in the fresh generation: {name}")
        elif name not in fresh:
            out.append(f"only in the committed tree: {name}")
        elif fresh[name] != committed[name]:
            out.append(f"differs: {name}")
    return out


def test_fresh_generation_matches_committed(generated: Callable[[Group], Generated]) -> None:
    fresh = read_tree(generated(BUNDLED).out)
    differing = _diff(fresh, read_tree(COMMITTED))
    assert not differing, "generated/ is out of date (run avi-codegen generate):\n" + "\n".join(
        differing
    )


def test_check_passes_on_committed_tree(runs: dict[str, Run]) -> None:
    code, out = runs["check"].result()
    assert code == 0, out
    assert "up to date" in out


def test_check_reports_a_changed_byte_in_a_copy(runs: dict[str, Run]) -> None:
    code, out = runs["check_copy"].result()
    assert code == 1, out
    changed = changed_file()
    assert changed in out, out
    named = [
        line for line in out.splitlines() if line.startswith(("added:", "changed:", "removed:"))
    ]
    others = [line for line in named if changed not in line]
    assert not others, f"--check named files that did not change: {others}"


def test_generating_twice_gives_the_same_bytes(
    runs: dict[str, Run], generated: Callable[[Group], Generated]
) -> None:
    code, out = runs["again"].result()
    assert code == 0, out
    again = Path(runs["again"].args[-1])  # the --out folder
    differing = _diff(read_tree(again), read_tree(generated(BUNDLED).out))
    assert not differing, "two generations differ:\n" + "\n".join(differing)


def test_generated_code_passes_mypy_strict(runs: dict[str, Run]) -> None:
    code, out = runs["mypy"].result()
    assert code == 0, out


def test_generated_code_passes_ruff(runs: dict[str, Run]) -> None:
    code, out = runs["ruff"].result()
    assert code == 0, out
