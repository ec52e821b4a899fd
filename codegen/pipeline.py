"""The stages chained: spec folders in, one IR per release out (real or projected).

Used by the command line; each function returns diagnostics as data and raises nothing for bad
input.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from codegen.cache import CODEGEN, Cache, fingerprint, key_of
from codegen.diagnostics import Diagnostic, DiagnosticError, Level, has_errors
from codegen.ir.assemble import BuiltDocument, assemble, project
from codegen.ir.build import build_document
from codegen.ir.model import Api, SpecSource
from codegen.ir.release import KNOWN_RELEASES, Release, ReleaseError
from codegen.parallel import Helper, process_map
from codegen.spec.load import load_document
from codegen.spec.normalize import normalize
from codegen.spec.validate import Part, Verdict, check, parts, plan_stubs, proven

SPEC_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Checked:
    """One spec file loaded, normalised and validated; ``data`` is None when it failed."""

    path: Path
    sha256: str
    data: dict[str, object] | None
    diagnostics: tuple[Diagnostic, ...]


def _validation_salt() -> str:
    tools = ("openapi-spec-validator", "jsonschema-rs", "pyyaml")
    return fingerprint((CODEGEN / "spec",), tools) + _backend()


def _backend() -> str:
    """The validator's choice of metaschema backend, which its messages depend on: by default
    jsonschema-rs when installed, else jsonschema; an environment variable may choose."""
    return os.environ.get("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "")


def _load(path: Path, cache: Cache) -> tuple[Checked, str | None]:
    """Load and normalise ``path``; the verdict too when the cache has it (else its key)."""
    try:
        doc = load_document(path)
    except DiagnosticError as exc:
        return Checked(path, "", None, exc.diagnostics), None
    data, warnings = normalize(doc)
    key = key_of(_validation_salt(), "validate", doc.sha256)
    blob = cache.get(key)
    if blob is None:
        return Checked(path, doc.sha256, data, tuple(warnings)), key
    errors = [
        Diagnostic(file=str(path), **{**row, "level": Level(row["level"])})
        for row in json.loads(blob)
    ]
    return Checked(path, doc.sha256, None if errors else data, (*warnings, *errors)), None


def _check(job: tuple[dict[str, Any], str, list[Part]]) -> Verdict:
    return check(*job)


def _workers(files: int) -> int:
    return min(files // 4, os.cpu_count() or 1)


def _run(jobs: Sequence[tuple[dict[str, Any], str, list[Part]]]) -> Iterator[Verdict]:
    """Validate documents (each with its stubs), in parallel across cores when there are many
    (then under way before the first verdict is asked for)."""
    workers = _workers(len(jobs))
    if workers <= 1:
        return map(_check, jobs)
    return process_map(_check, jobs, workers, chunksize=2)


def check_files(
    paths: Sequence[Path],
    cache: Cache | None = None,
    clean: set[bytes] | None = None,
    meanwhile: Callable[[list[Checked]], None] | None = None,
    helper: Helper | None = None,
) -> list[Checked]:
    """Load, normalise and validate files; verdicts are cached by file content, and the
    files the cache does not know are validated in parallel across cores.

    A part shared by several files (a definition, a parameter list, an operation's responses)
    goes through the metaschema once (see :mod:`codegen.spec.validate`): the first file that
    holds it validates it in place, the others with a stub. A file whose stubbed part is not
    proven clean after all is validated again (rare): with the part in place if its owner
    found an error in it, else (the owner's run stopped short, e.g. on a structural error)
    leaving it to a new owner among the files validated again; a third run, if needed, leaves
    out proven parts only. Every verdict is the file's own whole verdict, as if it were
    validated alone. ``clean``, the keys of the parts proven clean, may be shared by the calls
    of one run (it only grows); by default it lasts one call. ``meanwhile`` is called while
    the workers validate, with the files loaded (those without a verdict yet may hold invalid
    ``data``). When there are too few files to validate to share among workers, and others
    (already validated) beside them, as when one file of a release changed, they are all
    validated in one worker process while ``meanwhile`` runs here: ``helper``, or one of this
    call's.
    """
    cache = cache or Cache(None)
    clean = set() if clean is None else clean
    loaded = [_load(p, cache) for p in paths]
    out = [checked for checked, _ in loaded]
    todo = [i for i, (checked, key) in enumerate(loaded) if key is not None]
    docs = [loaded[i][0].data or {} for i in todo]
    files = [str(loaded[i][0].path) for i in todo]
    if len(todo) >= _PROOF_FROM_CACHE_MIN:
        for checked, key in loaded:
            if key is None and checked.data is not None:  # a cached verdict without errors
                clean.update(part.key for part in parts(checked.data))
    if not todo:
        verdicts: list[Verdict] = []
        if meanwhile is not None:
            meanwhile(out)
    elif meanwhile is not None and _workers(len(todo)) <= 1 and len(out) > len(todo):
        with nullcontext(helper) if helper is not None else Helper() as apart:
            validated = apart.submit(_validate_apart, (docs, files, clean))
            meanwhile(out)
            verdicts, proven_clean = validated.result()
        clean |= proven_clean
    else:
        verdicts = _validate(
            docs, files, clean, None if meanwhile is None else lambda: meanwhile(out)
        )
    for i, verdict in zip(todo, verdicts, strict=True):
        checked, key = loaded[i]
        assert key is not None
        errors = verdict.diagnostics
        rows = [{k: v for k, v in asdict(d).items() if k != "file"} for d in errors]
        cache.put(key, json.dumps(rows).encode())
        out[i] = Checked(
            checked.path,
            checked.sha256,
            None if errors else checked.data,
            (*checked.diagnostics, *errors),
        )
    return out


def _validate(
    docs: list[dict[str, Any]],
    files: list[str],
    clean: set[bytes],
    started: Callable[[], None] | None = None,
) -> list[Verdict]:
    """The verdicts of ``docs`` (see :func:`check_files`), adding to ``clean`` the parts their
    runs prove clean; ``started`` is called once the first runs are under way."""
    found = [parts(doc) for doc in docs]
    stubs = plan_stubs(found, clean)
    tainted: set[bytes] = set()  # parts with an error where they were validated in place
    verdicts: dict[int, Verdict] = {}
    pending = list(range(len(docs)))
    for attempt in range(3):
        ran = _run([(docs[j], files[j], stubs[j]) for j in pending])
        if attempt == 0 and started is not None:
            started()
        for j, verdict in zip(pending, ran, strict=True):
            verdicts[j] = verdict
            ok, bad = proven(verdict, _in_place(found[j], stubs[j]))
            clean |= ok
            tainted |= bad
        # a verdict is final once every part its file left out is proven clean
        pending = [j for j in pending if not all(p.settled(clean) for p in stubs[j])]
        if not pending:
            break
        # Again, leaving out proven parts only; except, the first time, that files whose run
        # completed share the parts whose owner's run did not (tainted ones: in every holder).
        owners = [j for j in pending if verdicts[j].complete] if attempt == 0 else []
        shared = plan_stubs([found[j] for j in owners], clean, tainted)
        replanned = dict(zip(owners, shared, strict=True))
        for j in pending:
            stubs[j] = replanned[j] if j in replanned else [p for p in stubs[j] if p.settled(clean)]
    assert not pending, "the last run leaves out proven parts only"
    return [verdicts[j] for j in range(len(docs))]


def _validate_apart(
    job: tuple[list[dict[str, Any]], list[str], set[bytes]],
) -> tuple[list[Verdict], set[bytes]]:
    """:func:`_validate` in a worker process: the verdicts and the parts newly proven clean."""
    docs, files, clean = job
    before = set(clean)
    verdicts = _validate(docs, files, clean)
    return verdicts, clean - before


#: Cached files prove their parts clean only for a call with at least this many files to
#: validate: finding a file's parts costs about what validating one small file saves (one
#: changed file of a release is validated whole rather than its 163 neighbours hashed).
_PROOF_FROM_CACHE_MIN = 4


def _in_place(held: Sequence[Part], left_out: Sequence[Part]) -> list[Part]:
    """The parts of ``held`` that are not stubbed."""
    stubbed = {id(part) for part in left_out}
    return [part for part in held if id(part) not in stubbed]


def check_file(path: Path, cache: Cache | None = None) -> Checked:
    """Load, normalise and validate one file."""
    return check_files([path], cache)[0]


def spec_files(folder: Path) -> tuple[list[Path], list[Diagnostic]]:
    """The spec files of a release folder, one per object (JSON preferred over a YAML twin)."""
    by_stem: dict[str, Path] = {}
    notes: list[Diagnostic] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SPEC_SUFFIXES:
            continue
        other = by_stem.get(path.stem)
        if other is not None:
            keep = other if other.suffix == ".json" else path
            drop = path if keep is other else other
            notes.append(
                Diagnostic(
                    str(drop),
                    "",
                    Level.WARNING,
                    "twin",
                    f"ignored: {keep.name} describes the same object",
                )
            )
            by_stem[path.stem] = keep
        else:
            by_stem[path.stem] = path
    return [by_stem[s] for s in sorted(by_stem)], notes


def discover(specs: Path) -> tuple[dict[Release, Path], list[Diagnostic]]:
    """The release folders under ``specs`` (folders whose name is a release number)."""
    if not specs.is_dir():
        raise DiagnosticError(
            [Diagnostic(str(specs), "", Level.ERROR, "no-specs", "spec folder does not exist")]
        )
    found: dict[Release, Path] = {}
    notes: list[Diagnostic] = []
    for child in sorted(specs.iterdir()):
        if not child.is_dir():
            continue
        try:
            found[Release.parse(child.name)] = child
        except ReleaseError:
            if not child.name.startswith("."):
                notes.append(
                    Diagnostic(
                        str(child), "", Level.INFO, "not-a-release", "ignored: not a release folder"
                    )
                )
    return dict(sorted(found.items())), notes


def build_release(
    release: Release,
    files: Iterable[Path],
    objects: Sequence[str] = (),
    cache: Cache | None = None,
    clean: set[bytes] | None = None,
    meanwhile: Callable[[], None] | None = None,
    helper: Helper | None = None,
    ahead: Callable[[Api], None] | None = None,
) -> tuple[Api | None, list[Diagnostic]]:
    """Load, validate and build the IR of one release from its spec files (``clean`` and
    ``helper``: see :func:`check_files`).

    While the files are validated, ``meanwhile`` is called first, then the IR is built from
    the files as loaded, and ``ahead`` is called with the API they make (when they make one):
    if the files turn out valid, the API returned is that same object, so work done on it
    meanwhile (planning its package) stands.
    """
    wanted = {o.lower() for o in objects}
    files = [f for f in files if not wanted or f.stem.lower() in wanted]
    diagnostics: list[Diagnostic] = []
    if wanted:
        missing = wanted - {f.stem.lower() for f in files}
        for name in sorted(missing):
            diagnostics.append(
                Diagnostic(
                    str(release),
                    "",
                    Level.ERROR,
                    "no-object",
                    f"release {release} has no object {name!r}",
                )
            )
    early: dict[Path, tuple[BuiltDocument, list[Diagnostic]]] = {}  # with the build's notes
    built_ahead: list[tuple[Api, list[Diagnostic]]] = []  # the API built ahead, and its notes

    def build_early(loaded: list[Checked]) -> None:
        """Build the IR while the files are validated: of a file found invalid it is dropped,
        and a file whose build fails here is built again, and fails, once found valid."""
        if meanwhile is not None:
            meanwhile()
        for checked in loaded:
            if checked.data is not None:
                try:
                    obj, definitions, notes = build_document(
                        checked.data, str(checked.path), checked.path.stem
                    )
                except Exception:  # invalid data may break the build in any way
                    continue
                source = SpecSource(str(checked.path), checked.sha256)
                early[checked.path] = BuiltDocument(obj, definitions, source), notes
        if not has_errors(diagnostics) and all(c.path in early for c in loaded):
            try:
                api, notes = assemble(release, [early[c.path][0] for c in loaded])
            except Exception:  # as above
                pass
            else:
                if not has_errors(notes):
                    built_ahead.append((api, notes))
                    if ahead is not None:
                        ahead(api)

    built = []
    for checked in check_files(files, cache, clean, build_early, helper):
        path = checked.path
        diagnostics.extend(checked.diagnostics)
        if checked.data is None:
            continue
        if path in early:
            document, notes = early[path]
            diagnostics.extend(notes)
            built.append(document)
            continue
        built_ahead.clear()  # not the documents it was built from
        obj, definitions, notes = build_document(checked.data, str(path), path.stem)
        diagnostics.extend(notes)
        built.append(BuiltDocument(obj, definitions, SpecSource(str(path), checked.sha256)))
    if has_errors(diagnostics):
        return None, diagnostics
    # built ahead: from every file, each now found valid, in the same order
    api, notes = built_ahead[0] if built_ahead else assemble(release, built)
    diagnostics.extend(notes)
    return (None if has_errors(notes) else api), diagnostics


def plan(
    available: Iterable[Release], requested: Sequence[Release]
) -> list[tuple[Release, Release]]:
    """Pairs (release to generate, release whose spec it comes from).

    A release with its own folder comes from it. One without is projected from the nearest
    newer release that has a folder. With nothing requested: every folder, plus every catalog
    release that some newer folder can be projected onto.
    """
    real = sorted(set(available))
    targets = (
        sorted(set(requested))
        if requested
        else sorted(set(real) | {r for r in KNOWN_RELEASES if real and r < real[-1]})
    )
    out = []
    for target in targets:
        if target in real:
            out.append((target, target))
            continue
        newer = [r for r in real if r > target]
        if not newer:
            raise DiagnosticError(
                [
                    Diagnostic(
                        str(target),
                        "",
                        Level.ERROR,
                        "no-source",
                        f"no spec folder for {target} and none newer to project it from",
                    )
                ]
            )
        out.append((target, newer[0]))
    return out


def build_apis(
    specs: Path,
    requested: Sequence[Release] = (),
    objects: Sequence[str] = (),
    cache: Cache | None = None,
    meanwhile: Callable[[], None] | None = None,
    helper: Helper | None = None,
    ahead: Callable[[Api], None] | None = None,
) -> tuple[list[Api], list[Diagnostic]]:
    """The IR of every release to generate, real or projected (``meanwhile``, ``helper`` and
    ``ahead``: see :func:`build_release`)."""
    folders, diagnostics = discover(specs)
    if not folders:
        raise DiagnosticError(
            [
                Diagnostic(
                    str(specs),
                    "",
                    Level.ERROR,
                    "no-specs",
                    "no release folders (e.g. 30.2.1/) here",
                )
            ]
        )
    pairs = plan(folders, requested)
    sources: dict[Release, Api | None] = {}
    apis: list[Api] = []
    clean: set[bytes] = set()  # spec parts proven valid: shared by the releases' validation
    for target, source in pairs:
        if source not in sources:
            files, notes = spec_files(folders[source])
            diagnostics.extend(notes)
            sources[source], found = build_release(
                source, files, objects, cache, clean, meanwhile, helper, ahead
            )
            diagnostics.extend(found)
        api = sources[source]
        if api is None:
            continue
        apis.append(api if target == source else project(api, target))
    return apis, diagnostics


def generation_key(
    specs: Path,
    requested: Sequence[Release],
    objects: Sequence[str],
    extra: Sequence[str],
) -> str | None:
    """A key for a whole ``generate`` run: the spec files it reads (by content), what was
    asked, and the generator itself; None when the specs cannot be listed."""
    try:
        folders, _ = discover(specs)
        pairs = plan(folders, requested)
    except DiagnosticError:
        return None
    wanted = {o.lower() for o in objects}
    inputs: list[Any] = [[str(r) for r in requested], sorted(wanted), list(extra)]
    for target, source in pairs:
        files, _ = spec_files(folders[source])
        digests = [
            (f.name, hashlib.sha256(f.read_bytes()).hexdigest())
            for f in files
            if not wanted or f.stem.lower() in wanted
        ]
        inputs.append([str(target), str(source), digests])
    salt = fingerprint((CODEGEN, CODEGEN.parent / "templates"), _TOOLS) + _backend()
    return key_of(salt, "generate", inputs)


_TOOLS = (
    "datamodel-code-generator",
    "black",
    "pydantic",
    "jinja2",
    "openapi-spec-validator",
    "jsonschema-rs",
)


def load_memo(
    cache: Cache, key: str | None
) -> tuple[dict[str, dict[str, bytes]], list[Diagnostic], list[str]] | None:
    """A whole run's packages, diagnostics and summary lines, if the cache has them all."""
    blob = cache.get(key) if key else None
    if blob is None:
        return None
    memo = json.loads(blob)
    packages: dict[str, dict[str, bytes]] = {}
    for name, files in memo["packages"].items():
        packages[name] = {}
        for rel, digest in files.items():
            content = cache.get(digest)
            if content is None or hashlib.sha256(content).hexdigest() != digest:
                if content is not None:
                    cache.discard(digest)  # damaged: the next store writes it again
                return None
            packages[name][rel] = content
    diagnostics = [Diagnostic(**{**d, "level": Level(d["level"])}) for d in memo["diagnostics"]]
    return packages, diagnostics, list(memo["lines"])


def store_memo(
    cache: Cache,
    key: str | None,
    packages: dict[str, dict[str, bytes]],
    diagnostics: Sequence[Diagnostic],
    lines: Sequence[str],
) -> None:
    """Remember a whole run, its files stored by their sha256."""
    if key is None or cache.folder is None:
        return
    index: dict[str, dict[str, str]] = {}
    for name, files in packages.items():
        index[name] = {}
        for rel, content in files.items():
            digest = hashlib.sha256(content).hexdigest()
            if not cache.has(digest):  # stored by content: one there is the same
                cache.put(digest, content)
            index[name][rel] = digest
    memo = {
        "packages": index,
        "diagnostics": [asdict(d) for d in diagnostics],
        "lines": list(lines),
    }
    cache.put(key, json.dumps(memo).encode())
