"""Diagnostics: errors and warnings as data, located by file and JSON pointer."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Level(enum.IntEnum):
    INFO = 10
    WARNING = 20
    ERROR = 30


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about an input: where it is and what is wrong with it."""

    file: str
    pointer: str
    level: Level
    code: str
    message: str
    line: int | None = None
    column: int | None = None

    def format(self) -> str:
        """``file:line:col#pointer: level: message [code]``, with control characters escaped
        (file names, pointers and messages come from the input)."""
        where = _printable(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.pointer:
            where += f"#{_printable(self.pointer)}"
        return f"{where}: {self.level.name.lower()}: {_printable(self.message)} [{self.code}]"


def _printable(text: str) -> str:
    """``text`` with every non-printable character written as an escape (``\\x1b``)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class DiagnosticError(Exception):
    """Raised by a stage that cannot go on; carries the diagnostics that stopped it."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("; ".join(d.format() for d in self.diagnostics))


def pointer_escape(token: str) -> str:
    """Escape one reference token for a JSON pointer (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """Build a JSON pointer from its reference tokens."""
    return "".join("/" + pointer_escape(str(t)) for t in tokens)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.level >= Level.ERROR for d in diagnostics)
