"""Write a diff or a changelog as terminal text, Markdown release notes, or JSON.

One job: presentation. Every function is pure and returns text (or styled lines for the
terminal); the order is the canonical order of :func:`codegen.diff.change.sort_changes`, grouped
by object and then by severity (worst first), so the same changes always give the same bytes.
Definitions that belong to no single object (shared by several, or reached by none) are grouped
last, under "(other definitions)".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from codegen.diff.change import SEVERITIES, Change, by_severity, sort_changes, summary
from codegen.diff.history import Step
from codegen.diff.kinds import REGISTRY, Severity

__all__ = [
    "Line",
    "changelog_json",
    "changelog_lines",
    "changelog_markdown",
    "diff_json",
    "diff_lines",
    "diff_markdown",
]

SHARED = "(other definitions)"
_STYLE = {Severity.BREAKING: "bold red", Severity.WARNING: "yellow", Severity.INFO: "green"}


@dataclass(frozen=True)
class Line:
    """One line of terminal output and its rich style (None: plain)."""

    text: str
    style: str | None = None


def _groups(changes: Iterable[Change]) -> list[tuple[str, list[tuple[Severity, list[Change]]]]]:
    """(object, [(severity, changes)]) with shared definitions last."""
    by_object: dict[str, list[Change]] = {}
    for c in sort_changes(changes):
        by_object.setdefault(c.object, []).append(c)
    out = []
    for obj in sorted(by_object, key=lambda o: (o == "", o)):
        items = by_object[obj]
        out.append(
            (
                obj or SHARED,
                [
                    (s, [c for c in items if c.severity is s])
                    for s in SEVERITIES
                    if any(c.severity is s for c in items)
                ],
            )
        )
    return out


def _counts_text(changes: Sequence[Change]) -> str:
    counts = by_severity(changes)
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} {noun}: " + ", ".join(f"{n} {s}" for s, n in counts.items())


# --- terminal text --------------------------------------------------------------------------


def _change_lines(changes: Sequence[Change], indent: str) -> list[Line]:
    lines = []
    for obj, groups in _groups(changes):
        lines.append(Line(f"{indent}{obj}", "bold"))
        for severity, items in groups:
            lines.append(Line(f"{indent}  {severity.value}", _STYLE[severity]))
            for c in items:
                lines.append(Line(f"{indent}    {c.location}: {c.message} [{c.id}]"))
    return lines


def _summary_lines(changes: Sequence[Change]) -> list[Line]:
    counts = summary(changes)
    if not counts:
        return [Line("Summary: no changes", "bold")]
    width = max(len(k) for k in counts)
    lines = [Line(f"Summary by kind ({_counts_text(changes)}):", "bold")]
    for kind_id, n in counts.items():
        kind = REGISTRY[kind_id]
        lines.append(
            Line(
                f"  {kind_id:<{width}}  {n:>6}  {kind.severity.value:<8}  {kind.direction.value}",
                _STYLE[kind.severity],
            )
        )
    return lines


def diff_lines(old: str, new: str, changes: Sequence[Change]) -> list[Line]:
    head = f"{old} -> {new}: " + (_counts_text(changes) if changes else "no changes")
    lines = [Line(head, "bold"), Line("")]
    if changes:
        lines += _change_lines(changes, "")
        lines.append(Line(""))
    return lines + _summary_lines(changes)


def changelog_lines(title: str, steps: Sequence[Step]) -> list[Line]:
    everything = [c for s in steps for c in s.changes]
    lines = [
        Line(
            f"{title}: {len(steps)} releases, "
            + (_counts_text(everything) if everything else "no changes"),
            "bold",
        )
    ]
    for step in steps:
        lines.append(Line(""))
        against = f"compared with {step.base}" if step.base else "nothing to compare with"
        head = f"{step.release} ({against}: {step.reason})"
        if not step.changes:
            lines.append(Line(f"{head}: no changes", "bold"))
            continue
        lines.append(Line(f"{head}: {_counts_text(step.changes)}", "bold"))
        lines += _change_lines(step.changes, "  ")
    lines.append(Line(""))
    return lines + _summary_lines(everything)


# --- markdown -------------------------------------------------------------------------------

# Markup that would change the meaning of a message: backslash, code, emphasis, HTML, links,
# table cells, and an underscore at the edge of a word (inside a word CommonMark ignores it).
_MD_SPECIAL = re.compile(r"([\\`*<\[\]|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_changes(changes: Sequence[Change], level: str) -> list[str]:
    out = []
    for obj, groups in _groups(changes):
        out += [f"{level} {_md(obj)}", ""]
        for severity, items in groups:
            out += [f"{level}# {severity.value.capitalize()}", ""]
            out += [f"- `{c.location}`: {_md(c.message)} (`{c.id}`)" for c in items]
            out.append("")
    return out


def _md_summary(changes: Sequence[Change], level: str) -> list[str]:
    counts = summary(changes)
    out = [f"{level} Summary", ""]
    if not counts:
        return out + ["No changes.", ""]
    out += ["| Kind | Severity | Direction | Count |", "|---|---|---|---:|"]
    for kind_id, n in counts.items():
        kind = REGISTRY[kind_id]
        out.append(f"| `{kind_id}` | {kind.severity.value} | {kind.direction.value} | {n} |")
    return out + [""]


def diff_markdown(old: str, new: str, changes: Sequence[Change]) -> str:
    out = [f"# API changes: {_md(old)} → {_md(new)}", ""]
    out += [(_counts_text(changes) if changes else "No changes") + ".", ""]
    out += _md_changes(changes, "##")
    out += _md_summary(changes, "##")
    return "\n".join(out).rstrip("\n") + "\n"


def changelog_markdown(title: str, steps: Sequence[Step]) -> str:
    everything = [c for s in steps for c in s.changes]
    out = [f"# {_md(title)}", ""]
    for step in steps:
        out += [f"## {step.release}", ""]
        against = f"Compared with {step.base}" if step.base else "Nothing to compare with"
        out += [f"_{against}: {_md(step.reason)}._", ""]
        if not step.changes:
            out += ["No changes.", ""]
            continue
        out += [_counts_text(step.changes) + ".", ""]
        out += _md_changes(step.changes, "###")
    out += _md_summary(everything, "##")
    return "\n".join(out).rstrip("\n") + "\n"


# --- json -----------------------------------------------------------------------------------


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _changes_json(changes: Sequence[Change]) -> dict[str, Any]:
    return {
        "changes": [c.to_json() for c in sort_changes(changes)],
        "summary": summary(changes),
        "severities": by_severity(changes),
    }


def diff_json(old: str, new: str, changes: Sequence[Change]) -> str:
    return _dump({"old": old, "new": new, **_changes_json(changes)})


def changelog_json(first: str, last: str, objects: Sequence[str], steps: Sequence[Step]) -> str:
    everything = [c for s in steps for c in s.changes]
    return _dump(
        {
            "from": first,
            "to": last,
            "objects": sorted(objects),
            "releases": [
                {
                    "release": str(s.release),
                    "base": str(s.base) if s.base else None,
                    "rule": s.rule,
                    "reason": s.reason,
                    **_changes_json(s.changes),
                }
                for s in steps
            ],
            "summary": summary(everything),
            "severities": by_severity(everything),
        }
    )
