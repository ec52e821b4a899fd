"""The ``avi-codegen`` command line: wiring of the stages, printing, exit codes.

Exit codes: 0 ok, 1 findings (validation errors, drift with ``--check``), 2 usage errors or
input that cannot be read or used. Bad input never produces a traceback.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from codegen import __version__
from codegen.diagnostics import Diagnostic, DiagnosticError, Level, has_errors

F = TypeVar("F", bound=Callable[..., Any])


def _echo_diagnostics(diagnostics: Iterable[Diagnostic], *, verbose: bool, quiet: bool) -> None:
    """Errors always; warnings grouped by file and kind unless verbose; nothing else if quiet."""
    groups: dict[tuple[str, str, Level], list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        groups[(d.file, d.code, d.level)].append(d)
    for (_file, _code, level), items in sorted(
        groups.items(), key=lambda kv: (-kv[0][2], kv[0][:2])
    ):
        if level < Level.ERROR and quiet:
            continue
        if level < Level.WARNING and not verbose:
            continue
        shown = items if verbose or level >= Level.ERROR or len(items) <= 3 else items[:2]
        for d in shown:
            click.echo(d.format(), err=True)
        if len(shown) < len(items):
            click.echo(
                f"  ... and {len(items) - len(shown)} more like this (--verbose shows all)",
                err=True,
            )


def _guard(func: F) -> F:
    """Turn a DiagnosticError into its messages and exit code 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DiagnosticError as exc:
            _echo_diagnostics(exc.diagnostics, verbose=True, quiet=False)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _releases(values: Sequence[str]) -> list[Any]:
    from codegen.ir.release import Release, ReleaseError

    out = []
    for v in values:
        try:
            out.append(Release.parse(v))
        except ReleaseError as exc:
            raise click.BadParameter(str(exc), param_hint="--release") from None
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="avi-codegen")
def main() -> None:
    """Generate typed Python SDKs from Avi controller API specs, one package per release."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (normalised quirks) as errors.")
@click.option("-v", "--verbose", is_flag=True, help="Show every warning.")
@click.option("-q", "--quiet", is_flag=True, help="Show errors only.")
@_guard
def validate(paths: tuple[Path, ...], strict: bool, verbose: bool, quiet: bool) -> None:
    """Validate spec files or release folders."""
    from codegen.pipeline import check_file, spec_files

    files: list[Path] = []
    diagnostics: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            found, notes = spec_files(path)
            diagnostics.extend(notes)
            if not found:
                raise DiagnosticError(
                    [
                        Diagnostic(
                            str(path), "", Level.ERROR, "no-specs", "no spec files in this folder"
                        )
                    ]
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise DiagnosticError(
                [Diagnostic(str(path), "", Level.ERROR, "not-found", "no such file or folder")]
            )
    unreadable = False
    for path in files:
        checked = check_file(path)
        diagnostics.extend(checked.diagnostics)
        unreadable |= not checked.sha256
    _echo_diagnostics(diagnostics, verbose=verbose, quiet=quiet)
    errors = sum(d.level >= Level.ERROR for d in diagnostics)
    warnings = sum(d.level == Level.WARNING for d in diagnostics)
    if not quiet:
        click.echo(f"{len(files)} files: {errors} errors, {warnings} warnings")
    if unreadable:
        sys.exit(2)
    if errors or (strict and warnings):
        sys.exit(1)


@main.command()
@click.option(
    "--specs",
    type=click.Path(path_type=Path),
    default=Path("specs"),
    show_default=True,
    help="Folder of release folders (<release>/<Object>.json).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("generated"),
    show_default=True,
    help="Folder that receives one package per release.",
)
@click.option("--release", "releases", multiple=True, help="Release to generate (repeatable).")
@click.option("--object", "objects", multiple=True, help="Only this API object (repeatable).")
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of templates that override the bundled ones by file name.",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 listing files that would change."
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Cache folder (default $AVI_CODEGEN_CACHE or ~/.cache/avi-codegen).",
)
@click.option("--no-cache", is_flag=True, help="Render and format every file again.")
@click.option("-v", "--verbose", is_flag=True, help="Show every warning.")
@click.option("-q", "--quiet", is_flag=True, help="Show errors only.")
@_guard
def generate(
    specs: Path,
    out: Path,
    releases: tuple[str, ...],
    objects: tuple[str, ...],
    templates: Path | None,
    check: bool,
    cache_dir: Path | None,
    no_cache: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Generate one package per release into --out (default: every release in the catalog)."""
    from codegen.cache import Cache, default_cache_dir
    from codegen.pipeline import build_apis
    from codegen.render.package import package_name, render_packages
    from codegen.render.write import compare, write_packages

    if templates is not None and not templates.is_dir():
        raise click.BadParameter("not a folder", param_hint="--templates")
    cache = Cache(None if no_cache else (cache_dir or default_cache_dir()))
    apis, diagnostics = build_apis(specs, _releases(releases), objects, cache)
    _echo_diagnostics(diagnostics, verbose=verbose, quiet=quiet)
    if has_errors(diagnostics):
        click.echo("generation stopped: the specs have errors; nothing was written", err=True)
        sys.exit(2)
    packages = render_packages(apis, templates, cache)
    for api in apis:
        if not quiet:
            origin = f"projected from {api.projected_from}" if api.projected_from else "from spec"
            click.echo(
                f"{package_name(api)}: {len(api.objects)} objects, "
                f"{len(api.definitions)} definitions ({origin})"
            )
    drift = compare(out, packages)
    if check:
        for label, names in (
            ("added", drift.added),
            ("changed", drift.changed),
            ("removed", drift.removed),
        ):
            for name in names:
                click.echo(f"{label}: {out / name}")
        if not drift.clean:
            click.echo(f"{out} is out of date: run avi-codegen generate", err=True)
            sys.exit(1)
        if not quiet:
            click.echo(f"{out} is up to date ({len(packages)} packages)")
        return
    changed = {
        n: files
        for n, files in packages.items()
        if any(path.startswith(n + "/") for path in (*drift.added, *drift.changed, *drift.removed))
    }
    write_packages(out, changed)
    if not quiet:
        click.echo(
            f"wrote {len(changed)} packages to {out} ({len(packages) - len(changed)} unchanged)"
        )


@main.command()
@click.option("--release", required=True, help="The release to emulate, e.g. 30.2.1.")
@click.option("--port", type=click.IntRange(0, 65535), default=8443, show_default=True)
@click.option(
    "--packages",
    type=click.Path(path_type=Path),
    default=Path("generated"),
    show_default=True,
    help="Folder holding the generated package of the release.",
)
@click.option(
    "--specs",
    type=click.Path(path_type=Path),
    default=Path("specs"),
    show_default=True,
    help="Used to generate the package (in a temporary folder) when --packages lacks it.",
)
@click.option("--username", default="admin", show_default=True)
@click.option("--password", default="admin", show_default=True)
@click.option("--strict-version", is_flag=True, help="Require X-Avi-Version on every call.")
@click.option("--strict-fields", is_flag=True, help="Reject fields the release does not have.")
@_guard
def mock(
    release: str,
    port: int,
    packages: Path,
    specs: Path,
    username: str,
    password: str,
    strict_version: bool,
    strict_fields: bool,
) -> None:
    """Serve an in-memory Avi controller of one release on 127.0.0.1 (Ctrl-C stops it)."""
    import importlib
    import tempfile

    from codegen.ir.release import KNOWN_RELEASES
    from codegen.mock import MockController, serve
    from codegen.pipeline import build_apis
    from codegen.render.package import package_name, render_packages
    from codegen.render.write import write_packages

    (wanted,) = _releases([release])
    name = f"avi_v{wanted.package_suffix}"
    folder = packages
    if not (packages / name / "__init__.py").is_file():
        apis, diagnostics = build_apis(specs, [wanted])
        _echo_diagnostics(diagnostics, verbose=False, quiet=True)
        if has_errors(diagnostics) or not apis:
            sys.exit(2)
        folder = Path(tempfile.mkdtemp(prefix="avi-codegen-mock-"))
        write_packages(folder, render_packages(apis))
        assert package_name(apis[0]) == name
    sys.path.insert(0, str(folder.resolve()))
    module = importlib.import_module(name)
    controller = MockController.from_package(
        module,
        username=username,
        password=password,
        strict_version=strict_version,
        strict_fields=strict_fields,
        known_releases=[str(r) for r in KNOWN_RELEASES],
    )
    serve(controller, port)


def _register() -> None:
    from codegen.diff.command import changelog_command, diff_command

    main.add_command(diff_command)
    main.add_command(changelog_command)


_register()
