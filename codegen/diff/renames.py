"""Likely renames: a field removed and one added in the same definition that are otherwise equal.

One job: pair removed fields with added ones. A pair is reported as one rename (instead of a
removal and an addition) when, in the same definition between the same two releases:

* both fields have the same type, formats included;
* both have the same, non-empty summary (the free text of the description, once the grammar has
  taken out every sentence it understands), compared with the field's own name blanked out and
  with case, spacing and a final period ignored;
* the pair is unambiguous: no other removed or added field of that definition matches either.

What else differs between the two (``controller_patch_uuid`` became ``controller_patch_ref`` and
gained "It is a reference to an object of type Image") is then compared as for any field.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from codegen.ir.model import Field, TypeRef

__all__ = ["find_renames"]


def _key(f: Field) -> tuple[TypeRef, str] | None:
    text = f.doc.summary
    for name in {f.name, f.name.replace("_", " ")}:
        text = re.sub(rf"\b{re.escape(name)}\b", "\0", text, flags=re.IGNORECASE)
    text = " ".join(text.casefold().split()).rstrip(".")
    if not text.strip("\0 "):
        return None
    return (f.type, text)


def find_renames(removed: Sequence[Field], added: Sequence[Field]) -> list[tuple[Field, Field]]:
    """The unambiguous (old, new) rename pairs among ``removed`` and ``added``, by old name."""
    olds: dict[tuple[TypeRef, str], list[Field]] = defaultdict(list)
    news: dict[tuple[TypeRef, str], list[Field]] = defaultdict(list)
    for f in removed:
        key = _key(f)
        if key is not None:
            olds[key].append(f)
    for f in added:
        key = _key(f)
        if key is not None:
            news[key].append(f)
    pairs = [
        (olds[key][0], news[key][0])
        for key in olds
        if len(olds[key]) == 1 and len(news.get(key, ())) == 1
    ]
    return sorted(pairs, key=lambda p: p[0].name)
