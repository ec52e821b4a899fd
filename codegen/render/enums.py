"""Render enum modules from the enum template alone.

An enum class is a name, a docstring and its members: the model renderer has nothing to add,
and is slow at it (its per-member bookkeeping made enum classes a large part of its time). So
the modules that hold only enums (see :mod:`codegen.render.layout`) are written here, each
class by the same ``models/Enum.jinja2`` a user may override, and formatted by black like
every other file. Member names come from :func:`~codegen.render.naming.enum_members`, which
the model modules' enum stubs carry too, so a default ``= ImageType.IMAGE_TYPE_SE`` names a
member that exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen.render.layout import Layout
from codegen.render.models import HEADER
from codegen.render.naming import enum_members
from codegen.render.schema import clean_text, enum_schema
from codegen.render.templates import Templates


@dataclass(frozen=True)
class Member:
    """What ``models/Enum.jinja2`` reads of a member: its name and its value as source."""

    name: str
    default: str


def _literal(value: str) -> str:
    """``value`` as source: its ``repr`` (every invisible character escaped), in the double
    quotes black prefers when that needs no more escapes."""
    text = repr(value)
    return f'"{text[1:-1]}"' if text[0] == "'" and '"' not in value else text


def enum_module_source(layout: Layout, classes: list[str], templates: Templates) -> str:
    """The source (not yet formatted) of a models module that holds the enums ``classes``."""
    parts = [HEADER, "", "from ._base import Enum"]
    for cls in sorted(classes):
        enum = layout.enums[cls]
        members = [
            Member(name, _literal(value))
            for name, value in zip(enum_members(enum.values), enum.values, strict=True)
        ]
        body = templates.render(
            "models/Enum.jinja2",
            class_name=cls,
            base_class="Enum",
            description=clean_text(enum_schema(enum)["description"]),
            fields=members,
        )
        parts += ["", "", body.strip("\n")]
    return "\n".join(parts) + "\n"
