"""The ``avi-codegen`` command line: wiring of the stages, printing, exit codes.

Exit codes: 0 ok, 1 findings (validation errors, drift with ``--check``), 2 usage errors or
input that cannot be read or used. Bad input never produces a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from codegen import __version__
from codegen.console import echo_diagnostics, guard
from codegen.diagnostics import Diagnostic, DiagnosticError, Level, has_errors

if TYPE_CHECKING:
    from codegen.render.write import Drift


def _releases(values: Sequence[str]) -> list[Any]:
    from codegen.ir.release import Release, ReleaseError

    out = []
    for v in values:
        try:
            out.append(Release.parse(v))
        except ReleaseError as exc:
            raise click.BadParameter(str(exc), param_hint="--release") from None
    return out


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _status(message: str, enabled: bool) -> AbstractContextManager[Any]:
    """A rich spinner on stderr while a stage runs, when enabled (a terminal)."""
    if not enabled:
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(message)


def _package_names(apis: Sequence[Any], pattern: str | None) -> dict[str, str]:
    """Default package name -> the name ``pattern`` gives (usage error when unusable)."""
    from codegen.config import package_for
    from codegen.render.package import package_name

    names: dict[str, str] = {}
    for api in apis:
        try:
            name = package_for(pattern, api.release) if pattern else package_name(api)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--package") from None
        if name in names.values():
            raise click.BadParameter(
                f"{pattern!r} gives several releases the same name {name!r}",
                param_hint="--package",
            )
        names[package_name(api)] = name
    return names


def _render_with_progress(
    apis: Sequence[Any],
    templates: Path | None,
    cache: Any,
    names: dict[str, str],
    helper: Any,
    planned: Sequence[Any],
) -> dict[str, dict[str, bytes]]:
    """Render package by package under a rich progress bar on stderr. Jobs that several
    packages share are done once (an in-memory layer over the cache, even with --no-cache)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from codegen.cache import Cache
    from codegen.render.package import package_name, render_packages

    class Memory(Cache):
        def __init__(self, inner: Cache) -> None:
            super().__init__(None)
            self.inner, self.blobs = inner, dict[str, bytes]()

        def get(self, key: str) -> bytes | None:
            return self.blobs[key] if key in self.blobs else self.inner.get(key)

        def put(self, key: str, blob: bytes) -> None:
            self.blobs[key] = blob
            self.inner.put(key, blob)

    memory = Memory(cache)
    packages: dict[str, dict[str, bytes]] = {}
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("rendering", total=len(apis))
        for api in apis:
            bar.update(task, description=f"rendering {names[package_name(api)]}")
            packages.update(render_packages([api], templates, memory, names, helper, planned))
            bar.advance(task)
        bar.update(task, description="rendered")
    return packages


def _cache_and_verbosity(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every rendering command shares: --cache, --no-cache, -v, -q."""
    for option in reversed(
        (
            click.option(
                "--cache",
                "cache_dir",
                type=click.Path(path_type=Path, file_okay=False),
                default=None,
                help="Cache folder (default $AVI_CODEGEN_CACHE or ~/.cache/avi-codegen).",
            ),
            click.option("--no-cache", is_flag=True, help="Render and format every file again."),
            click.option("-v", "--verbose", is_flag=True, help="Show every warning."),
            click.option("-q", "--quiet", is_flag=True, help="Show errors only."),
        )
    ):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="avi-codegen")
def main() -> None:
    """Generate typed Python SDKs from Avi controller API specs, one package per release."""


def run() -> None:
    """The command line as a program (``avi-codegen``, ``python -m codegen``): :func:`main`,
    then the process ends at once, its output flushed, instead of freeing its heap object by
    object (about 0.35 s after generating a whole release). Everything it writes is closed
    by then; an unexpected error still ends the usual way, with its traceback."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, a closed stream
            pass
    os._exit(code)


def _exit_on_drift(out: Path, drift: Drift, command: str) -> None:
    """For ``--check``: list what writing would add, change or remove; exit 1 if anything."""
    for label, paths in (
        ("added", drift.added),
        ("changed", drift.changed),
        ("removed", drift.removed),
    ):
        for path in paths:
            click.echo(f"{label}: {out / path}")
    if not drift.clean:
        click.echo(f"{out} is out of date: run avi-codegen {command}", err=True)
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (normalised quirks) as errors.")
@click.option("-v", "--verbose", is_flag=True, help="Show every warning.")
@click.option("-q", "--quiet", is_flag=True, help="Show errors only.")
@guard
def validate(paths: tuple[Path, ...], strict: bool, verbose: bool, quiet: bool) -> None:
    """Validate spec files or release folders."""
    from codegen.pipeline import check_files, spec_files

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
    for checked in check_files(files):
        diagnostics.extend(checked.diagnostics)
        unreadable |= not checked.sha256
    echo_diagnostics(diagnostics, verbose=verbose, quiet=quiet)
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
    default=None,
    help="Folder of release folders (<release>/<Object>.json). [default: config, else specs]",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder that receives one package per release. [default: config, else generated]",
)
@click.option("--release", "releases", multiple=True, help="Release to generate (repeatable).")
@click.option(
    "--package",
    "package",
    default=None,
    help="Package name pattern: {major} {minor} {patch} {release_underscored}. "
    "[default: config, else avi_v{release_underscored}]",
)
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
@_cache_and_verbosity
@guard
def generate(
    specs: Path | None,
    out: Path | None,
    releases: tuple[str, ...],
    package: str | None,
    objects: tuple[str, ...],
    templates: Path | None,
    check: bool,
    cache_dir: Path | None,
    no_cache: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Generate one package per release into --out (default: every release in the catalog).

    Defaults come from [tool.avi-codegen] in ./pyproject.toml when it has them.
    """
    from codegen.cache import Cache, default_cache_dir, fingerprint
    from codegen.config import load_config
    from codegen.ir.model import Api
    from codegen.parallel import Helper
    from codegen.pipeline import build_apis, generation_key, load_memo, store_memo
    from codegen.render.package import (
        PackagePlan,
        package_name,
        plan_package,
        render_packages,
        warm_up,
    )
    from codegen.render.templates import Templates
    from codegen.render.write import compare, write_packages

    config = load_config()
    specs = specs or config.specs or Path("specs")
    out = out or config.out or Path("generated")
    releases = releases or config.releases
    objects = objects or config.objects
    templates = templates or config.templates
    cache_dir = cache_dir or config.cache
    if templates is not None and not templates.is_dir():
        raise click.BadParameter(f"{templates} is not a folder", param_hint="--templates")
    cache = Cache(None if no_cache else (cache_dir or default_cache_dir()))
    progress = not quiet and _stderr_is_terminal()
    overrides = fingerprint((templates,), ()) if templates is not None else ""
    key = generation_key(
        specs, _releases(releases), objects, [overrides, package or config.package or ""]
    )
    memo = load_memo(cache, key)
    if memo is not None:
        packages, diagnostics, lines = memo
        echo_diagnostics(diagnostics, verbose=verbose, quiet=quiet)
    else:
        with Helper() as helper:
            planned: list[PackagePlan] = []
            plan_templates = Templates(templates)

            def warm() -> None:
                """While the specs are validated, load the renderer where the rendering will
                happen: in the helper when it validates (a few files changed, so a few
                modules to render), else here."""
                if helper.started:
                    helper.submit(warm_up)
                else:
                    warm_up()

            def plan_ahead(api: Api) -> None:
                """Plan the package of the API built ahead while the specs are validated."""
                try:
                    name = _package_names([api], package or config.package)[package_name(api)]
                    planned.append(plan_package(api, plan_templates, templates, name))
                except Exception:  # built from files not yet validated: anything may break
                    pass  # (planned again once they are valid, and then reported)

            with _status("reading the specs", progress):
                apis, diagnostics = build_apis(
                    specs, _releases(releases), objects, cache, warm, helper, plan_ahead
                )
            echo_diagnostics(diagnostics, verbose=verbose, quiet=quiet)
            if has_errors(diagnostics):
                click.echo(
                    "generation stopped: the specs have errors; nothing was written", err=True
                )
                sys.exit(2)
            wanted = _package_names(apis, package or config.package)
            if progress and len(apis) > 1:
                packages = _render_with_progress(apis, templates, cache, wanted, helper, planned)
            else:
                packages = render_packages(apis, templates, cache, wanted, helper, planned)
        lines = [
            f"{wanted[package_name(api)]}: {len(api.objects)} objects, "
            f"{len(api.definitions)} definitions "
            f"({f'projected from {api.projected_from}' if api.projected_from else 'from spec'})"
            for api in apis
        ]
        store_memo(cache, key, packages, diagnostics, lines)
    if not quiet:
        for line in lines:
            click.echo(line)
    drift = compare(out, packages)
    if check:
        _exit_on_drift(out, drift, "generate")
        if not quiet:
            click.echo(f"{out} is up to date ({len(packages)} packages)")
        return
    changed = {
        n: files
        for n, files in packages.items()
        if any(path.startswith(n + "/") for path in (*drift.added, *drift.changed, *drift.removed))
    }
    write_packages(out, changed, drift)
    if not quiet:
        click.echo(
            f"wrote {len(changed)} packages to {out} ({len(packages) - len(changed)} unchanged)"
        )


@main.command("import-specs")
@click.argument("src", type=click.Path(path_type=Path))
@click.option("--release", required=True, help="The release the files describe, e.g. 22.1.1.")
@click.option(
    "--specs",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of release folders to import into. [default: config, else specs]",
)
@click.option("--force", is_flag=True, help="Replace the release folder if it exists.")
@click.option("-q", "--quiet", is_flag=True, help="Show errors only.")
@guard
def import_specs(src: Path, release: str, specs: Path | None, force: bool, quiet: bool) -> None:
    """Copy a folder of Avi spec files (*.json, *.yaml, *.yml) into <specs>/<release>/.

    Every file must load (else nothing is copied); files whose info.version is another
    release are listed as warnings. The copy is atomic.
    """
    from codegen.config import load_config
    from codegen.vendor.specs import import_specs as copy_specs

    (wanted,) = _releases([release])
    done = copy_specs(src, wanted, specs or load_config().specs or Path("specs"), force=force)
    echo_diagnostics(done.diagnostics, verbose=True, quiet=quiet)
    if not quiet:
        others = len(done.other_versions)
        note = f"; {others} carry another info.version (listed above)" if others else ""
        verb = "replaced" if done.replaced else "wrote"
        click.echo(f"{verb} {done.target}: {len(done.files)} spec files{note}")


@main.command()
@click.option(
    "--release", default=None, help="The release to vendor. [default: the config's only release]"
)
@click.option(
    "--package",
    "package",
    default=None,
    help="Import name of the vendored package, e.g. acme_avi (a pattern like generate's "
    "works too). [default: the config's package]",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Project folder to write: pyproject.toml, README.md, <package>/.",
)
@click.option(
    "--specs",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of release folders. [default: config, else specs]",
)
@click.option("--object", "objects", multiple=True, help="Only this API object (repeatable).")
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of templates that override the bundled ones by file name.",
)
@click.option(
    "--post",
    type=click.IntRange(0),
    default=None,
    help="Version <release>.post<N> instead of <release> (a rebuild of the same release).",
)
@click.option(
    "--force", is_flag=True, help="Replace files in --out that avi-codegen did not write."
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 listing files that would change."
)
@_cache_and_verbosity
@guard
def vendor(
    release: str | None,
    package: str | None,
    out: Path,
    specs: Path | None,
    objects: tuple[str, ...],
    templates: Path | None,
    post: int | None,
    force: bool,
    check: bool,
    cache_dir: Path | None,
    no_cache: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Write one release's package, renamed, as an installable project into --out."""
    from codegen.cache import Cache, default_cache_dir
    from codegen.config import load_config, package_for
    from codegen.pipeline import build_apis
    from codegen.render.package import package_name, render_packages
    from codegen.render.templates import Templates
    from codegen.vendor.project import (
        check_destination,
        project_context,
        project_drift,
        render_project,
        write_project,
    )

    config = load_config()
    if release is None:
        if len(config.releases) != 1:
            raise click.UsageError("--release is required (or one release in the config)")
        release = config.releases[0]
    (wanted,) = _releases([release])
    pattern = package or config.package
    if pattern is None:
        raise click.UsageError("--package is required (or a package pattern in the config)")
    try:
        name = package_for(pattern, wanted)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--package") from None
    objects = objects or config.objects
    templates = templates or config.templates
    if templates is not None and not templates.is_dir():
        raise click.BadParameter(f"{templates} is not a folder", param_hint="--templates")
    if not check:
        check_destination(out, name, force=force)
    cache = Cache(None if no_cache else (cache_dir or config.cache or default_cache_dir()))
    apis, diagnostics = build_apis(specs or config.specs or Path("specs"), [wanted], objects, cache)
    echo_diagnostics(diagnostics, verbose=verbose, quiet=quiet)
    if has_errors(diagnostics) or len(apis) != 1:
        click.echo("vendoring stopped: the specs have errors; nothing was written", err=True)
        sys.exit(2)
    (api,) = apis
    tree = render_packages(apis, templates, cache, {package_name(api): name})[name]
    ctx = project_context(api, name, tree, post=post, objects=objects)
    top = render_project(Templates(templates), ctx)
    if check:
        _exit_on_drift(out, project_drift(out, name, tree, top), "vendor")
        if not quiet:
            click.echo(f"{out} is up to date ({ctx.distribution} {ctx.version})")
        return
    changed = write_project(out, name, tree, top)
    if not quiet:
        origin = f"projected from {api.projected_from}" if api.projected_from else "from spec"
        click.echo(
            f"{ctx.distribution} {ctx.version} (package {name}, {len(api.objects)} objects, "
            f"{origin}) in {out}: {len(changed)} files changed"
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
@guard
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
        echo_diagnostics(diagnostics, verbose=False, quiet=True)
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


@main.command()
@click.option("--release", required=True, help="The release to export, e.g. 30.2.1.")
@click.option("--specs", type=click.Path(path_type=Path), default=Path("specs"), show_default=True)
@click.option("--object", "objects", multiple=True, help="Only this API object (repeatable).")
@click.option(
    "--format", "fmt", type=click.Choice(["openapi3"]), default="openapi3", show_default=True
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write (default: standard output).",
)
@guard
def export(release: str, specs: Path, objects: tuple[str, ...], fmt: str, out: Path | None) -> None:
    """Export a release as OpenAPI 3.1, with the description grammar as real keywords."""
    import json
    import os
    import tempfile

    from codegen.pipeline import build_apis
    from codegen.render.openapi import openapi3

    apis, diagnostics = build_apis(specs, _releases([release]), objects)
    echo_diagnostics(diagnostics, verbose=False, quiet=True)
    if has_errors(diagnostics) or not apis:
        sys.exit(2)
    text = json.dumps(openapi3(apis[0]), indent=2, sort_keys=False) + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".avi-codegen-")
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, out)


def _register() -> None:
    from codegen.diff.command import changelog_command, diff_command

    main.add_command(diff_command)
    main.add_command(changelog_command)


_register()
