"""Format generated Python with black, in-process."""

from __future__ import annotations

from codegen.diagnostics import Diagnostic, DiagnosticError, Level
from codegen.render.style import prepare


def format_python(source: str, where: str) -> str:
    """Black-format ``source``; a failure is a generator fault, reported as a diagnostic.

    The source is first laid out as black would (:func:`~codegen.render.style.prepare`), which
    lets black finish in one pass instead of two."""
    import black  # heavy: only when formatting
    from black.mode import TargetVersion

    try:
        return black.format_str(
            prepare(source), mode=black.Mode(target_versions={TargetVersion.PY311})
        )
    except Exception as exc:  # black raises several kinds; all mean the source is not Python
        message = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        raise DiagnosticError(
            [
                Diagnostic(
                    where,
                    "",
                    Level.ERROR,
                    "format-failed",
                    f"generated code did not format: {message}",
                )
            ]
        ) from None
