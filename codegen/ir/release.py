"""Avi release numbers, release lines, and the catalog of known releases.

A release such as ``18.2.10`` belongs to the line ``18.2``. Release order is version order,
which is not time order: 18.2.10 shipped after 20.1.1, as a backport line. The rules for
"does a field introduced in V1, V2 exist in release R" live here, in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_RELEASE_RE = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")


class ReleaseError(ValueError):
    """A text that is not an Avi release number."""


@dataclass(frozen=True, order=True)
class Release:
    """An Avi controller release, ordered by version number."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Release:
        match = _RELEASE_RE.match(text.strip())
        if match is None:
            raise ReleaseError(f"{text!r} is not an Avi release number (expected e.g. 30.2.1)")
        return cls(int(match.group(1)), int(match.group(2)), int(match.group(3)))

    @property
    def line(self) -> tuple[int, int]:
        """The release line, e.g. (18, 2) for 18.2.10."""
        return (self.major, self.minor)

    @property
    def line_name(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def package_suffix(self) -> str:
        """The suffix of a generated package name: ``30_2_1`` for 30.2.1."""
        return f"{self.major}_{self.minor}_{self.patch}"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def exists_in(introduced: Iterable[Release], release: Release) -> bool:
    """Whether something introduced in ``introduced`` (one entry per line) exists in ``release``.

    A field introduced in ``18.2.10, 20.1.1`` exists from 18.2.10 on the 18.2 line, from 20.1.1
    on the 20.1 line, and on every later line. With no introduced-in data it always exists.
    """
    intros = tuple(introduced)
    if not intros:
        return True
    same_line = [i for i in intros if i.line == release.line]
    if same_line:
        return release >= min(same_line)
    return any(i.line < release.line for i in intros)


#: Releases whose specs Avi publishes and that this project knows how to name, in version order.
#: The bundled spec (31.1.1) is projected onto each of them when no real spec is given.
KNOWN_RELEASES: tuple[Release, ...] = tuple(
    Release.parse(r)
    for r in (
        "18.2.6 18.2.7 18.2.8 18.2.9 18.2.10 18.2.11 18.2.12 "
        "20.1.1 20.1.2 20.1.3 20.1.4 20.1.6 20.1.7 20.1.8 20.1.9 "
        "21.1.1 21.1.2 21.1.3 21.1.4 21.1.5 21.1.6 21.1.7 "
        "22.1.1 22.1.2 22.1.3 22.1.4 22.1.5 22.1.6 "
        "30.1.1 30.1.2 30.2.1 31.1.1"
    ).split()
)
