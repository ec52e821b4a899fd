"""The one naming authority: Python names for spec names (classes, enums, attributes, params).

Names are a pure function of the IR, never numbered: a collision is resolved by a fixed suffix
and, failing that, reported.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Collection, Iterable
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9A-Za-z_]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

#: Names a generated module uses itself (models, resources, client, ``models/__init__``), and
#: the capitalised keywords; a class name equal to one is renamed.
RESERVED = frozenset(
    {
        "Any",
        "Annotated",
        "Field",
        "Literal",
        "ClassVar",
        "Optional",
        "AviModel",
        "AviEnum",
        "Model",
        "Enum",
        "StrEnum",
        "BaseModel",
        "RootModel",
        "Client",
        "AsyncClient",
        "BaseClient",
        "AsyncBaseClient",
        # keywords that pascal() can produce ("none" -> "None")
        "None",
        "True",
        "False",
        # what models modules import from pydantic for the types of fields
        "Strict",
        "StrictStr",
        "StrictInt",
        "StrictBool",
        "StrictFloat",
        "StrictBytes",
        "AwareDatetime",
        "NaiveDatetime",
        "AnyUrl",
        "EmailStr",
        "SecretStr",
        "Base64Str",
        "Base64Bytes",
        "UUID",
        "Decimal",
        "IPv4Address",
        "IPv6Address",
        "IPvAnyAddress",
        "Json",
        # what resource modules define or import
        "PATH",
        "Resource",
        "AsyncResource",
        "Session",
        "AsyncSession",
        "Mapping",
    }
)

#: Attributes the runtime's model base (``AviModel`` and the release's ``Model``) adds to
#: pydantic's; a field of that name gets another attribute name (its wire name is kept as the
#: alias). The renderer keeps fields off pydantic's own attributes itself.
MODEL_ATTRIBUTES = frozenset(
    {"avi_release", "from_response", "from_response_json", "to_json_dict", "avi_problems"}
)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def identifier(text: str, *, fallback: str = "field") -> str:
    """A valid, non-keyword Python identifier in snake case for ``text``."""
    word = _NON_WORD.sub("_", _ascii(text)).strip("_")
    word = re.sub(r"_+", "_", word)
    if not word:
        word = fallback
    if word[0].isdigit():
        word = f"{fallback}_{word}"
    if keyword.iskeyword(word) or keyword.issoftkeyword(word) or word in dir(builtins):
        word += "_"
    return word


def field_overrides(wire_names: Iterable[str], avoid: Collection[str] = ()) -> dict[str, str]:
    """Attribute names for the fields of one class that the renderer would name wrongly.

    Three cases: a field named like an attribute of the runtime's model base
    (:data:`MODEL_ATTRIBUTES`), which would hide it; a name that is an identifier only before
    Python's NFKC normalisation of identifiers (``ﬁeld`` is read as ``field``), which would
    lose the wire name; and a name whose sanitised form is another field's own name (``a-b``
    beside ``a_b``), which would take that field's attribute. Each gets an ASCII identifier
    that no other field of the class can take (``avoid``: more names to stay off, e.g.
    pydantic's). Other fields are left to the renderer, which aliases what is not an
    identifier.
    """
    names = list(wire_names)
    # Stay off every name the renderer might give another field (over-approximated).
    taken = set(avoid) | MODEL_ATTRIBUTES
    for n in names:
        taken |= {n, identifier(n)}
        for form in {n, unicodedata.normalize("NFKC", n)}:
            plain = _NON_WORD.sub("_", form)
            for v in {plain, plain.lstrip("_"), plain.strip("_")}:
                taken |= {v, v + "_", "field" + v, "field_" + v, "field_" + v + "_"}
    keep = {n for n in names if n.isidentifier() and not n.startswith("_")}
    out: dict[str, str] = {}
    for name in names:
        plain = _NON_WORD.sub("_", name)
        steals = name not in keep and bool(
            {plain, plain.lstrip("_"), identifier(name)} & (keep - {name})
        )
        if (
            not steals
            and name not in MODEL_ATTRIBUTES
            and unicodedata.normalize("NFKC", name) == name
        ):
            continue
        candidate = identifier(name)
        while candidate in taken:
            candidate += "_"
        taken.add(candidate)
        out[name] = candidate
    return out


def snake(text: str) -> str:
    """``VirtualService`` -> ``virtual_service``; ``name.contains`` -> ``name_contains``."""
    return identifier(_CAMEL_BOUNDARY.sub("_", _ascii(text)).lower())


def pascal(text: str) -> str:
    """``cloud_info_values`` -> ``CloudInfoValues``; keeps existing capitals."""
    parts = [p for p in _NON_WORD.split(_ascii(text).replace("_", " ")) for p in p.split()]
    word = "".join(p[:1].upper() + p[1:] for p in parts)
    if not word:
        word = "Unnamed"
    if word[0].isdigit():
        word = "N" + word
    return word


@lru_cache(maxsize=65536)
def class_name(definition: str) -> str:
    """The model class for a definition name (Avi names are already PascalCase)."""
    name = pascal(definition)
    return name + "Model" if name in RESERVED else name


def enum_name(definition: str, field: str, taken: set[str]) -> str:
    """The enum class of ``definition.field``: ``ImageType``; ``...Enum`` if that name is taken."""
    base = class_name(definition) + pascal(field)
    for candidate in (base, base + "Enum", base + "Values"):
        if candidate not in taken and candidate not in RESERVED:
            return candidate
    raise ValueError(f"no free enum class name for {definition}.{field}")


_MEMBER_NON_WORD = re.compile(r"[^0-9A-Za-z_]")
#: Names an enum member cannot take: the runtime enum's own attributes and ``mro``.
_MEMBER_RESERVED = frozenset({"mro", "is_known"})


@lru_cache(maxsize=4096)
def enum_members(values: tuple[str, ...]) -> tuple[str, ...]:
    """The member names of an enum class with ``values``, in order.

    An Avi value is almost always an identifier already and keeps its spelling. Otherwise, as
    datamodel-code-generator names members (so names do not change with who renders them): a
    leading ``#`` is dropped, each character that is not a word character becomes ``_``, a
    leading digit or underscore gets ``field`` before it, a keyword or reserved name ``_``
    after it, and a name an earlier member took is numbered ``_1``, ``_2``...
    """
    out: list[str] = []
    taken: set[str] = set()
    for value in values:
        name = _MEMBER_NON_WORD.sub("_", _ascii(value.removeprefix("#"))) or "_"
        if name[0].isdigit():
            name = "field_" + name
        elif name[0] == "_":
            name = "field" + name
        if keyword.iskeyword(name) or name in _MEMBER_RESERVED:
            name += "_"
        member, count = name, 1
        while member in taken:
            member, count = f"{name}_{count}", count + 1
        taken.add(member)
        out.append(member)
    return tuple(out)


def resource_name(path: str) -> str:
    """The client attribute for a collection path: ``/virtualservice`` -> ``virtualservice``."""
    return snake(path.strip("/").split("/")[0] or "root")


def module_name(release_suffix: str) -> str:
    return f"avi_v{release_suffix}"
