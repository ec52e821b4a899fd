"""Release numbers, lines, ordering and the introduced-in rule with backports."""

from __future__ import annotations

import pytest

from codegen.ir.release import KNOWN_RELEASES, Release, ReleaseError, exists_in

R = Release.parse


def test_parse_order_and_line() -> None:
    assert R("18.2.10") > R("18.2.9")
    assert R("20.1.1") > R("18.2.12")
    assert R("18.2.10").line == (18, 2) and R("18.2.10").line_name == "18.2"
    assert str(R("30.2.1")) == "30.2.1" and R("30.2.1").package_suffix == "30_2_1"


@pytest.mark.parametrize("text", ["", "30.2", "30.2.1.4", "v30.2.1", "30.2.x", "1" * 10])
def test_bad_release(text: str) -> None:
    with pytest.raises(ReleaseError):
        R(text)


def test_backports_follow_lines() -> None:
    intro = (R("18.2.10"), R("20.1.1"))
    assert not exists_in(intro, R("18.2.9"))
    assert exists_in(intro, R("18.2.10"))
    assert exists_in(intro, R("20.1.1"))
    assert exists_in(intro, R("21.1.1"))
    assert exists_in((R("21.1.3"),), R("30.2.1"))
    assert not exists_in((R("21.1.3"),), R("21.1.2"))
    assert not exists_in((R("21.1.3"),), R("20.1.9"))
    assert exists_in((), R("18.2.6"))


def test_catalog_is_sorted_and_spans_the_bundled_range() -> None:
    assert list(KNOWN_RELEASES) == sorted(KNOWN_RELEASES)
    assert KNOWN_RELEASES[0] == R("18.2.6") and KNOWN_RELEASES[-1] == R("31.1.1")
