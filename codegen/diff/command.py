"""The ``diff`` and ``changelog`` commands: read the inputs, run the diff, print, pick the exit.

One job: command-line wiring. ``codegen.cli`` registers :data:`diff_command` and
:data:`changelog_command` on its group. Exit codes: 0 done, 1 a change at or above
``--fail-on`` exists, 2 an input cannot be read or used (one line on stderr, never a traceback).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from codegen.console import guard
from codegen.diff import report
from codegen.diff.change import Change, fails
from codegen.diff.kinds import Severity

__all__ = ["changelog_command", "diff_command"]

_FORMATS = click.Choice(["text", "markdown", "json"])
_SPECS_HELP = "Folder of release folders (<release>/<Object>.json) for release numbers."


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _print_lines(lines: Sequence[report.Line]) -> None:
    """Coloured with rich on a terminal, plain text otherwise."""
    if _is_terminal():
        from rich.console import Console
        from rich.text import Text

        console = Console(highlight=False, soft_wrap=True)
        for line in lines:
            console.print(Text(line.text, style=line.style or ""))
        return
    click.echo("\n".join(line.text for line in lines))


def _finish(changes: Sequence[Change], fail_on: str | None) -> None:
    if fails(changes, Severity(fail_on) if fail_on else None):
        sys.exit(1)


_specs_option = click.option(
    "--specs",
    type=click.Path(path_type=Path),
    default=Path("specs"),
    show_default=True,
    help=_SPECS_HELP,
)

_fail_on_option = click.option(
    "--fail-on",
    type=click.Choice(["breaking", "warning"]),
    default=None,
    help="Exit 1 when a change of this severity or worse exists.",
)


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--object", "objects", multiple=True, help="Only this API object (repeatable).")
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True)
@_fail_on_option
@_specs_option
@click.option(
    "--python",
    "python",
    is_flag=True,
    help="OLD and NEW are generated package folders: compare their public Python API.",
)
@guard
def diff_command(
    old: str,
    new: str,
    objects: tuple[str, ...],
    fmt: str,
    fail_on: str | None,
    specs: Path,
    python: bool,
) -> None:
    """Compare two API versions: spec files, release folders, or release numbers in --specs."""
    if python:
        if objects:
            raise click.UsageError("--object does not apply with --python")
        from codegen.diff.pyapi import diff_packages

        changes = diff_packages(Path(old), Path(new))
        old_label, new_label = old, new
    else:
        from codegen.diff.compare import diff_apis
        from codegen.diff.inputs import align_single_files, check_objects, load_side

        a, b = load_side(old, specs, objects), load_side(new, specs, objects)
        check_objects(objects, [a.api, b.api], f"{old} or {new}")
        changes = diff_apis(*align_single_files(a, b))
        old_label = f"{old} ({a.api.release})" if old != str(a.api.release) else old
        new_label = f"{new} ({b.api.release})" if new != str(b.api.release) else new
    if fmt == "json":
        click.echo(report.diff_json(old_label, new_label, changes), nl=False)
    elif fmt == "markdown":
        click.echo(report.diff_markdown(old_label, new_label, changes), nl=False)
    else:
        _print_lines(report.diff_lines(old_label, new_label, changes))
    _finish(changes, fail_on)


def _release(text: str, option: str) -> Any:
    from codegen.ir.release import Release, ReleaseError

    try:
        return Release.parse(text)
    except ReleaseError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


@click.command("changelog")
@click.option("--from", "first", required=True, help="The release to start from (excluded).")
@click.option("--to", "last", required=True, help="The last release (included).")
@_specs_option
@click.option("--object", "objects", multiple=True, help="Only this API object (repeatable).")
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True)
@_fail_on_option
@guard
def changelog_command(
    first: str,
    last: str,
    specs: Path,
    objects: tuple[str, ...],
    fmt: str,
    fail_on: str | None,
) -> None:
    """Changes release by release from --from to --to, over the release folders in --specs.

    Each release is compared with the previous release of its line; the first release of a
    line with the branch point of its line on the previous line (see codegen.diff.history).
    """
    from codegen.diff.history import changelog
    from codegen.diff.inputs import check_objects, load_release
    from codegen.ir.model import Api
    from codegen.ir.release import Release
    from codegen.pipeline import discover

    start, end = _release(first, "--from"), _release(last, "--to")
    folders, _notes = discover(specs)
    cache: dict[Release, Api] = {}

    def api_of(release: Release) -> Api:
        if release not in cache:
            cache[release] = load_release(release, specs, objects)
        return cache[release]

    steps = changelog(start, end, list(folders), api_of)
    check_objects(objects, list(cache.values()), f"releases {start} to {end}")
    changes = [c for s in steps for c in s.changes]
    scope = f" ({', '.join(sorted(objects))})" if objects else ""
    title = f"Changelog {start} -> {end}{scope}"
    if fmt == "json":
        click.echo(report.changelog_json(str(start), str(end), objects, steps), nl=False)
    elif fmt == "markdown":
        click.echo(report.changelog_markdown(title, steps), nl=False)
    else:
        _print_lines(report.changelog_lines(title, steps))
    _finish(changes, fail_on)
