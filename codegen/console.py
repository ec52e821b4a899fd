"""Console output shared by the commands: diagnostics printed, bad input turned into exit 2.

Exit codes of every command: 0 ok, 1 findings, 2 usage errors or input that cannot be read or
used. Bad input never produces a traceback.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

import click

from codegen.diagnostics import Diagnostic, DiagnosticError, Level

F = TypeVar("F", bound=Callable[..., Any])


#: Quirks Avi's files carry by the hundred: summarised in one line each unless --verbose.
_ROUTINE = frozenset({"avi-comment", "unsigned-format", "array-format", "yaml-int-status"})


def echo_diagnostics(diagnostics: Iterable[Diagnostic], *, verbose: bool, quiet: bool) -> None:
    """Errors always, each on its line; warnings too, except that the routine quirks of Avi's
    files are counted in one line per kind unless verbose; only errors when quiet."""
    routine: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in sorted(diagnostics, key=lambda d: (-d.level, d.file, d.pointer)):
        if d.level < Level.ERROR and (quiet or (d.level < Level.WARNING and not verbose)):
            continue
        if d.level < Level.ERROR and d.code in _ROUTINE and not verbose:
            routine[d.code].append(d)
            continue
        click.echo(d.format(), err=True)
    for code, items in sorted(routine.items()):
        files = len({d.file for d in items})
        click.echo(
            f"warning: {len(items)} x [{code}] in {files} files, e.g. {items[0].format()} "
            "(--verbose lists them)",
            err=True,
        )


def guard(func: F) -> F:
    """Turn a DiagnosticError into its messages and exit code 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DiagnosticError as exc:
            echo_diagnostics(exc.diagnostics, verbose=True, quiet=False)
            sys.exit(2)
        except OSError as exc:  # a file that vanished or cannot be read mid-way
            click.echo(f"error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
