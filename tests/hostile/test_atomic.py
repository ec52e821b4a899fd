"""Atomic output: nothing half-written, nothing lost, nothing left behind.

* A run that stops on a bad spec among good ones, for one release or several, leaves the
  previous ``--out`` byte for byte as it was.
* A write that fails at any step of the package swaps (an ``OSError``, or ``KeyboardInterrupt``
  as Ctrl-C raises it) rolls every package back, byte for byte; if the rollback fails too, the
  staging folder holding the old trees is kept rather than deleted.
* A process killed (``SIGKILL``) at any step of the swaps leaves every package whole, either
  its old tree or its new one, never mixed; the next run cleans up after it (and, where the
  file system cannot exchange two folders in one step, first puts back a package the killed
  run had moved aside).
* A successful run leaves no ``.avi-codegen-*`` folder in ``--out``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from codegen.render import write
from codegen.render.write import STAGING_PREFIX, read_tree, write_packages
from tests.helpers import REPO, api_response, crud_paths, swagger, write_spec
from tests.hostile.support import generate, run_cli

OLD = {
    "pkg_a": {"__init__.py": b"A = 'old'\n", "models/a.py": b"# old a\n"},
    "pkg_b": {"__init__.py": b"B = 'old'\n", "gone.py": b"# only in the old tree\n"},
    "pkg_c": {"__init__.py": b"C = 'old'\n"},
}
NEW = {
    "pkg_a": {"__init__.py": b"A = 'new'\n", "models/a.py": b"# new a\n", "extra.py": b"\n"},
    "pkg_b": {"__init__.py": b"B = 'new'\n"},
    "pkg_c": {"__init__.py": b"C = 'new'\n", "sub/deep/x.py": b"x = 1\n"},
    "pkg_d": {"__init__.py": b"D = 'new, no old tree'\n"},
}
#: Swap steps while writing NEW over OLD: one exchange per replaced package and one rename for
#: the new one; or, where exchanging is not possible, two renames per replaced package.
SWAP_STEPS = {"exchange": 4, "two-renames": 7}
STEPS = [
    pytest.param(mode, n, id=f"{mode}-{n}")
    for mode, last in SWAP_STEPS.items()
    for n in range(1, last + 1)
]


def _tree(out: Path) -> dict[str, bytes]:
    """Everything under ``out``, hidden folders included."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def _flat(packages: dict[str, dict[str, bytes]]) -> dict[str, bytes]:
    return {f"{name}/{rel}": blob for name, tree in packages.items() for rel, blob in tree.items()}


def _staging(out: Path) -> list[Path]:
    return sorted(out.glob(STAGING_PREFIX + "*"))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    write_packages(folder, OLD)
    assert _tree(folder) == _flat(OLD)
    return folder


class FailAt:
    """Stand-ins for the swap primitives that fail at the n-th swap step, before or after
    doing it."""

    def __init__(self, n: int, error: BaseException, mode: str, after: bool = False) -> None:
        self.n, self.error, self.mode, self.after, self.calls = n, error, mode, after, 0
        self.real_replace = os.replace
        self.real_exchange = write._exchange

    def replace(self, src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
        self.calls += 1
        if self.calls == self.n and not self.after:
            raise self.error
        self.real_replace(src, dst)
        if self.calls == self.n:
            raise self.error

    def exchange(self, a: Path, b: Path) -> bool:
        if self.mode != "exchange":
            return False
        self.calls += 1
        if self.calls == self.n and not self.after:
            raise self.error
        done = self.real_exchange(a, b)
        assert done, "this file system cannot exchange: the exchange cases do not apply"
        if self.calls == self.n:
            raise self.error
        return done


def _patch(monkeypatch: pytest.MonkeyPatch, fail: FailAt) -> None:
    monkeypatch.setattr(write.os, "replace", fail.replace)
    monkeypatch.setattr(write, "_exchange", fail.exchange)


@pytest.mark.parametrize("after", [False, True], ids=["before-step", "after-step"])
@pytest.mark.parametrize("error", [OSError(28, "No space left"), KeyboardInterrupt()])
@pytest.mark.parametrize(("mode", "step"), STEPS)
def test_failed_swap_rolls_back(
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    step: int,
    error: BaseException,
    after: bool,
) -> None:
    fail = FailAt(step, error, mode, after)
    _patch(monkeypatch, fail)
    with pytest.raises(type(error)):
        write_packages(out, NEW)
    assert _tree(out) == _flat(OLD)  # byte for byte, and no staging folder left


@pytest.mark.parametrize("mode", sorted(SWAP_STEPS))
def test_swap_steps_counted_right(out: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    fail = FailAt(0, OSError(), mode)
    _patch(monkeypatch, fail)
    write_packages(out, NEW)
    assert fail.calls == SWAP_STEPS[mode] and _tree(out) == _flat(NEW)


def test_failed_rollback_keeps_the_old_trees(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The swap of pkg_b fails, and so does putting it back: nothing may be deleted."""
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    real = os.replace
    calls: list[str] = []

    def replace(src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
        calls.append(Path(dst).name)
        if len(calls) in (4, 5):  # pkg_b's new tree into place; then the rollback's first step
            raise OSError(5, "I/O error")
        real(src, dst)

    monkeypatch.setattr(write.os, "replace", replace)
    with pytest.raises(OSError):
        write_packages(out, NEW)
    monkeypatch.setattr(write.os, "replace", real)
    (staging,) = _staging(out)
    kept = {**_tree(out)}
    for name, tree in OLD.items():  # each old tree is in place or kept in the staging folder
        places = [out / name, staging / "old" / name]
        assert any(read_tree(p) == tree for p in places), (name, sorted(kept))


KILLER = textwrap.dedent(
    """
    import json, os, signal, sys
    from pathlib import Path
    from codegen.render import write

    out, step, trees, exchange_mode = Path(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:5]
    packages = {
        name: {rel: blob.encode() for rel, blob in tree.items()}
        for name, tree in json.loads(trees).items()
    }
    calls = 0
    real_replace, real_exchange = os.replace, write._exchange

    def step_once():
        global calls
        calls += 1
        if calls == step:
            os.kill(os.getpid(), signal.SIGKILL)

    def replace(src, dst):
        step_once()
        real_replace(src, dst)

    def exchange(a, b):
        if exchange_mode != "exchange":
            return False
        step_once()
        return real_exchange(a, b)

    write.os.replace = replace
    write._exchange = exchange
    write.write_packages(out, packages)
    """
)


def _as_json(packages: dict[str, dict[str, bytes]]) -> str:
    return json.dumps({n: {r: b.decode() for r, b in t.items()} for n, t in packages.items()})


@pytest.mark.parametrize(("mode", "step"), STEPS)
def test_killed_write_loses_nothing(out: Path, mode: str, step: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(out), str(step), _as_json(NEW), mode],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert _staging(out)  # what the killed run left
    if mode == "two-renames":
        # killed between the two renames, a package is aside in the staging folder until the
        # next run puts it back (exchanging leaves no such moment)
        write._recover_stale(out)
        assert not _staging(out)
    for name in NEW:
        now = read_tree(out / name)
        assert now in (OLD.get(name, {}), NEW[name]), name  # whole: old or new, never mixed
    write_packages(out, NEW)  # the next run
    assert _tree(out) == _flat(NEW)  # cleaned up: no staging folder


def test_a_live_runs_staging_folder_is_left_alone(out: Path) -> None:
    live = out / f"{STAGING_PREFIX}{os.getpid()}-running"
    (live / "new").mkdir(parents=True)
    write_packages(out, NEW)
    assert live.is_dir()
    shutil.rmtree(live)
    assert _tree(out) == _flat(NEW)


# -- the command line --------------------------------------------------------------------------


def _spec(name: str) -> dict[str, object]:
    thing = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
    return swagger(
        {name: thing, f"{name}ApiResponse": api_response(name)},
        crud_paths(f"/{name.lower()}", name),
    )


@pytest.fixture
def specs(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "specs"
    for release in ("30.2.1", "31.1.1"):
        write_spec(folder, release, "Thing", _spec("Thing"))
        write_spec(folder, release, "Other", _spec("Other"))
    yield folder


def test_cli_bad_spec_among_good_ones_keeps_previous_output(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    releases = ("--release", "30.2.1", "--release", "31.1.1")
    first = run_cli("generate", "--specs", str(specs), "--out", str(out), *releases, "--no-cache")
    assert first.code == 0, first.stderr
    before = _tree(out)
    assert sorted(p.name for p in out.iterdir()) == ["avi_v30_2_1", "avi_v31_1_1"]

    # every file changes, and one file of the second release is broken
    for release in ("30.2.1", "31.1.1"):
        doc = _spec("Thing")
        doc["definitions"]["Thing"]["properties"]["added"] = {"type": "integer"}  # type: ignore[index]
        write_spec(specs, release, "Thing", doc)
    (specs / "31.1.1" / "Other.json").write_text('{"swagger": "2.0", "definitions": {"A": }}')
    run = run_cli("generate", "--specs", str(specs), "--out", str(out), *releases, "--no-cache")
    assert run.code == 2 and "Other.json:1:41: error: malformed JSON" in run.stderr
    assert _tree(out) == before

    # fixed: both packages are replaced, nothing is left behind
    write_spec(specs, "31.1.1", "Other", _spec("Other"))
    run = run_cli("generate", "--specs", str(specs), "--out", str(out), *releases, "--no-cache")
    assert run.code == 0, run.stderr
    after = _tree(out)
    assert after != before and not _staging(out)
    assert set(after) == set(before) and all(k.startswith("avi_v") for k in after)


def test_cli_success_leaves_no_temporary_files(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(specs, out).code == 0
    assert generate(specs, out).code == 0  # unchanged: nothing rewritten
    assert [p.name for p in out.iterdir()] == ["avi_v30_2_1"]
