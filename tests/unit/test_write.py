"""``write_packages`` links the files a package already holds unchanged, and writes the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.render.write import compare, write_packages


@pytest.mark.parametrize("with_drift", [False, True])
def test_unchanged_files_are_kept_changed_ones_written(tmp_path: Path, with_drift: bool) -> None:
    """Whether the writer compares the bytes itself or is told what ``compare`` found."""
    out = tmp_path / "out"
    write_packages(out, {"pkg": {"a.py": b"A = 1\n", "sub/b.py": b"B = 1\n"}})
    before = (out / "pkg" / "a.py").stat()
    new = {"pkg": {"a.py": b"A = 1\n", "sub/b.py": b"B = 2\n", "c.py": b""}}
    write_packages(out, new, compare(out, new) if with_drift else None)
    after = (out / "pkg" / "a.py").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert after.st_nlink == 1  # the old tree is gone: nothing else shares the file
    assert (out / "pkg" / "sub" / "b.py").read_bytes() == b"B = 2\n"
    assert (out / "pkg" / "c.py").read_bytes() == b""
    assert sorted(p.name for p in out.iterdir()) == ["pkg"]  # no staging folder left


@pytest.mark.parametrize("with_drift", [False, True])
def test_a_symlink_in_the_package_is_replaced_not_followed(
    tmp_path: Path, with_drift: bool
) -> None:
    out = tmp_path / "out"
    write_packages(out, {"pkg": {"a.py": b"A = 1\n"}})
    outside = tmp_path / "outside.py"
    outside.write_bytes(b"A = 1\n")
    (out / "pkg" / "a.py").unlink()
    (out / "pkg" / "a.py").symlink_to(outside)
    new = {"pkg": {"a.py": b"A = 1\n"}}
    write_packages(out, new, compare(out, new) if with_drift else None)
    written = out / "pkg" / "a.py"
    assert not written.is_symlink()
    assert written.read_bytes() == b"A = 1\n"
    assert outside.stat().st_nlink == 1 and outside.read_bytes() == b"A = 1\n"
