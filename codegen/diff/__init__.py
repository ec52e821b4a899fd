"""The diff stage: IR against IR, as changes with a kind, a severity and a direction.

``diff_apis(old, new)`` compares two IRs (never raw Swagger, never description text);
``changelog`` runs it release by release with the line-aware rule of :mod:`.history`;
``diff_packages`` compares the public Python API of two generated packages. Every change kind is
registered in :mod:`.kinds`; :mod:`.report` writes text, Markdown and JSON; :mod:`.command`
holds the ``diff`` and ``changelog`` commands.
"""

from codegen.diff.change import Change, sort_changes, summary
from codegen.diff.compare import diff_apis
from codegen.diff.history import Step, changelog
from codegen.diff.kinds import REGISTRY, ChangeKind, Direction, Severity
from codegen.diff.pyapi import diff_packages

__all__ = [
    "REGISTRY",
    "Change",
    "ChangeKind",
    "Direction",
    "Severity",
    "Step",
    "changelog",
    "diff_apis",
    "diff_packages",
    "sort_changes",
    "summary",
]
