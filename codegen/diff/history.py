"""A changelog over a range of releases, aware that release order is not time order.

One job: decide what each release is compared with, and run the diff release by release.

Avi maintains several release lines at once: 18.2.10 to 18.2.12 shipped after 20.1.1, so
diffing in plain version order (18.2.12 then 20.1.1) would report every backport as removed in
20.1.1 and added again later. The rule, for every release R with a folder in the range
(``--from`` excluded, it is the starting point), in version order:

1. **Same line.** When an older release of R's line has a folder, R is compared with the newest
   of them (20.1.6 with 20.1.4 when 20.1.5 is absent).
2. **First of a line.** Otherwise R opens its line, and is compared with the *branch point* of
   its line on the previous line P (the newest older line with a folder): the newest release of
   P that is not a backport. A release B of P is a backport when something B brought (a
   definition, field, enum value or operation that B has and its predecessor on P has not) is
   missing from R but present in a later release of R's line or of a later line: the newer
   line got it after R, so B shipped after R branched off. Every release of P after a backport
   is after the branch too. Without backports the branch point is the newest release of P (the
   oldest release of P with a folder has no predecessor to judge it by, so it is never one).
3. A release with no older release of its line and no older line has nothing to compare with.

For Image this gives: 20.1.1 is compared with 18.2.9 (18.2.10 brought the six
``SupportedMigrations`` fields that 20.1.1 lacks and 20.1.2 has), so those fields are added in
18.2.10 on the 18.2 line and in 20.1.2 on the 20.1 line, never removed; 30.1.1 is compared with
22.1.5 (the ``ImageEvent.status`` values 22.1.6 brought come back in 30.2.1).

The evidence is the specs themselves, not the introduced-in sentences: those name 18.2.8 beside
20.1.1 for fields 18.2.8 had well before 20.1 shipped, and are sometimes false. Bases and
evidence may lie outside the range: every release folder of ``--specs`` may be built (each once)
so that a release's base does not depend on the range asked for. The evidence comes from the IRs
being compared, so a changelog of one object (``--object Image``) reads that object only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from codegen.diagnostics import Diagnostic, DiagnosticError, Level
from codegen.diff.change import Change
from codegen.diff.compare import diff_apis
from codegen.ir.model import Api
from codegen.ir.release import Release

__all__ = ["Step", "backports", "choose_base", "changelog", "inventory"]


@dataclass(frozen=True)
class Step:
    """One release of a changelog: what it is compared with, why, and the changes."""

    release: Release
    base: Release | None
    rule: str  # "same-line", "branch-point", "no-base"
    reason: str
    changes: tuple[Change, ...]


Item = tuple[str, ...]


def inventory(api: Api) -> frozenset[Item]:
    """What a release has: definitions, fields, enum values and operations, as plain tuples."""
    out: set[Item] = set()
    for d in api.definitions.values():
        out.add(("definition", d.name))
        for f in d.fields:
            out.add(("field", d.name, f.name))
            out.update(("enum", d.name, f.name, v) for v in f.doc.enum)
    for obj in api.objects.values():
        out.update(("operation", obj.name, op.method, op.path) for op in obj.operations)
    return frozenset(out)


_RANK = {"field": 0, "definition": 1, "operation": 2, "enum": 3}


def _item_rank(item: Item) -> tuple[int, Item]:
    return (_RANK.get(item[0], 9), item)


def _item_text(item: Item) -> str:
    kind, rest = item[0], item[1:]
    if kind == "field":
        return f"{rest[0]}.{rest[1]}"
    if kind == "enum":
        return f"{rest[0]}.{rest[1]} value {rest[2]}"
    if kind == "operation":
        return f"{rest[1].upper()} {rest[2]}"
    return rest[0]


def backports(
    release: Release,
    candidate: Release,
    predecessor: Release,
    later: Sequence[Release],
    inventory_of: Callable[[Release], frozenset[Item]],
) -> set[Item]:
    """What ``candidate`` brought (over ``predecessor``) that ``release`` lacks and ``later``
    releases have: non-empty when ``candidate`` shipped after ``release``'s line branched off."""
    missing = (inventory_of(candidate) - inventory_of(predecessor)) - inventory_of(release)
    found: set[Item] = set()
    for r in later:
        if not missing:
            break
        hits = missing & inventory_of(r)
        found |= hits
        missing -= hits
    return found


def choose_base(
    release: Release, available: Sequence[Release], api_of: Callable[[Release], Api]
) -> tuple[Release | None, str, str]:
    """(base, rule, reason) for ``release`` among the ``available`` releases (see above)."""
    known = sorted(set(available))
    older = [r for r in known if r < release]
    same_line = [r for r in older if r.line == release.line]
    if same_line:
        return same_line[-1], "same-line", f"previous release of the {release.line_name} line"
    lines = sorted({r.line for r in older})
    if not lines:
        return None, "no-base", "no older release to compare with"
    previous = lines[-1]
    candidates = [r for r in older if r.line == previous]
    line_name = f"{previous[0]}.{previous[1]}"
    later = [r for r in known if r > release and r.line >= release.line]
    cache: dict[Release, frozenset[Item]] = {}

    def inventory_of(r: Release) -> frozenset[Item]:
        if r not in cache:
            cache[r] = inventory(api_of(r))
        return cache[r]

    for before, candidate in zip(candidates, candidates[1:], strict=False):
        found = backports(release, candidate, before, later, inventory_of)
        if found:
            example = _item_text(min(found, key=_item_rank))
            return (
                before,
                "branch-point",
                (
                    f"first release of {release.line_name}: branch point on {line_name}; "
                    f"{candidate} and later carry backports (e.g. {example}, which the "
                    f"{release.line_name} line got after {release})"
                ),
            )
    return (
        candidates[-1],
        "branch-point",
        (f"first release of {release.line_name}: newest release of {line_name}, no backports"),
    )


def changelog(
    first: Release,
    last: Release,
    available: Sequence[Release],
    api_of: Callable[[Release], Api],
) -> list[Step]:
    """The steps from ``first`` (excluded) to ``last`` (included), in version order.

    ``api_of`` builds (and should cache) the IR of a release; it is called for the releases of
    the range, their bases, and, to find a branch point, any release of ``available``.
    """
    known = sorted(set(available))
    for r in (first, last):
        if r not in known:
            raise DiagnosticError(
                [
                    Diagnostic(
                        str(r),
                        "",
                        Level.ERROR,
                        "unknown-release",
                        f"unknown release {r}: no folder for it",
                    )
                ]
            )
    if last < first:
        raise DiagnosticError(
            [
                Diagnostic(
                    f"{first}..{last}",
                    "",
                    Level.ERROR,
                    "bad-range",
                    f"--from {first} is newer than --to {last}",
                )
            ]
        )
    steps = []
    for release in (r for r in known if first < r <= last):
        base, rule, reason = choose_base(release, known, api_of)
        changes = () if base is None else tuple(diff_apis(api_of(base), api_of(release)))
        steps.append(Step(release, base, rule, reason, changes))
    return steps
