"""Locate and load the jinja templates: the bundled ones, overridden by a user folder by name.

A user folder overrides any bundled template by its path relative to ``templates/``
(``client/resource.py.jinja``, ``package/README.md.jinja``, ``models/pydantic_v2/BaseModel.jinja2``
...); templates it does not hold come from the bundled folder. The models templates are read by
datamodel-code-generator from one folder, which falls back to that tool's own templates rather
than ours, so when the user folder has a ``models/`` folder the two are merged into a folder
named by its content (see :meth:`Templates.models_dir`).

A template that does not parse, or fails while rendering, is reported as a located
:class:`~codegen.diagnostics.DiagnosticError` (file and line), never a traceback.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

import jinja2

from codegen.diagnostics import Diagnostic, DiagnosticError, Level

#: The bundled templates: ``templates/`` beside the ``codegen`` package.
BUNDLED = Path(__file__).resolve().parent.parent.parent / "templates"

_TEMPLATE_SUFFIXES = (".jinja", ".jinja2")


def _error(file: str, code: str, message: str, line: int | None = None) -> DiagnosticError:
    return DiagnosticError([Diagnostic(file, "", Level.ERROR, code, message, line)])


def _template_frame(tb: TracebackType | None, folders: list[Path]) -> tuple[str, int] | None:
    """The innermost traceback frame that is a template line (jinja rewrites them so)."""
    roots = [str(f.resolve()) for f in folders]
    found: tuple[str, int] | None = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(_TEMPLATE_SUFFIXES) or any(filename.startswith(r) for r in roots):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def format_docstring(text: str, indent: int = 0, *, use_single_line_docstring: bool = False) -> str:
    """``text`` (clean: see :func:`~codegen.render.schema.clean_text`) as a docstring literal,
    the filter of that name the model templates use: one line when it has no line break and
    that is asked for, else its lines indented by ``indent``."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    if use_single_line_docstring and "\n" not in body:
        return f'"""{body}"""'
    pad = " " * indent
    lines = "\n".join(pad + line if line else "" for line in body.split("\n"))
    return f'"""\n{lines}\n{pad}"""'


class Templates:
    """The template folders of one run: an optional override folder, then the bundled one."""

    def __init__(self, override: Path | None = None) -> None:
        self.override = override
        self.folders = [p for p in (override, BUNDLED) if p is not None]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.folders]),
            autoescape=False,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=False,
        )
        self.env.filters["format_docstring"] = format_docstring
        self._models_dir: Path | None = None

    def render(self, name: str, **context: object) -> str:
        """Render the template ``name``; a broken template raises a located DiagnosticError."""
        try:
            template = self.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise _error(
                exc.filename or name,
                "template-syntax",
                f"template syntax: {exc.message}",
                exc.lineno,
            ) from None
        except jinja2.TemplateNotFound:
            where = ", ".join(str(f) for f in self.folders)
            raise _error(name, "template-missing", f"no such template in {where}") from None
        try:
            return template.render(**context)
        except DiagnosticError:
            raise
        except Exception as exc:  # a user's template may fail in any way while rendering
            located = _template_frame(exc.__traceback__, self.folders)
            file, line = located if located else (template.filename or name, None)
            message = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{exc!r}"
            raise _error(file, "template-error", f"template failed: {message}", line) from None

    def check_syntax(self, folder: Path) -> None:
        """Parse every template under ``folder``; the first that does not parse is reported."""
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix not in _TEMPLATE_SUFFIXES:
                continue
            try:
                source = path.read_text(encoding="utf-8")
                self.env.parse(source, path.name, str(path))
            except jinja2.TemplateSyntaxError as exc:
                raise _error(
                    str(path), "template-syntax", f"template syntax: {exc.message}", exc.lineno
                ) from None
            except (OSError, UnicodeDecodeError) as exc:
                raise _error(str(path), "template-unreadable", f"cannot read: {exc}") from None

    def models_dir(self) -> Path:
        """The model template folder datamodel-code-generator reads.

        The bundled ``models/`` when the override has none; else both merged (override wins by
        file name) into ``<tmp>/avi-codegen-models-<content hash>``, written once and reused, so
        the folder, like the cache keys that include it, changes only with the templates.
        """
        if self._models_dir is not None:
            return self._models_dir
        bundled = BUNDLED / "models"
        user = self.override / "models" if self.override is not None else None
        if user is None or not user.is_dir():
            self._models_dir = bundled
            return bundled
        self.check_syntax(user)
        merged: dict[str, bytes] = {}
        for folder in (bundled, user):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    merged[path.relative_to(folder).as_posix()] = path.read_bytes()
        digest = hashlib.sha256()
        for rel, blob in sorted(merged.items()):
            digest.update(rel.encode() + b"\0" + hashlib.sha256(blob).digest())
        target = Path(tempfile.gettempdir()) / f"avi-codegen-models-{digest.hexdigest()[:24]}"
        if not target.is_dir():
            staging = Path(tempfile.mkdtemp(prefix=".avi-codegen-models-", dir=target.parent))
            try:
                for rel, blob in merged.items():
                    (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                    (staging / rel).write_bytes(blob)
                os.replace(staging, target)
            except OSError:
                if not target.is_dir():  # not a concurrent run that wrote it first
                    raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        self._models_dir = target
        return target
