"""The one naming authority: Python names for spec names (classes, enums, attributes, params).

Names are a pure function of the IR, never numbered: a collision is resolved by a fixed suffix
and, failing that, reported.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9A-Za-z_]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

#: Names a generated module uses itself; a spec name equal to one is renamed.
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
        "BaseModel",
        "RootModel",
        "Client",
        "AsyncClient",
    }
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


def resource_name(path: str) -> str:
    """The client attribute for a collection path: ``/virtualservice`` -> ``virtualservice``."""
    return snake(path.strip("/").split("/")[0] or "root")


def module_name(release_suffix: str) -> str:
    return f"avi_v{release_suffix}"
