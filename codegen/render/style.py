"""Lay out generated source the way black would, so that black has nothing to change.

Black formats a file in one pass when the pass changes nothing, and in two passes otherwise (the
second settles trailing commas), so source already in black's layout costs it half. Black stays
the formatter and sees every file; this module only saves it work, for the few statement shapes
that the templates and the model renderer write:

* a string literal in single quotes whose text has no quote or backslash gets double quotes;
* an ``import`` line that is too long is exploded, one name per line with a trailing comma;
* a ``def`` line that is too long is split at its parameters: all on one indented line when
  they fit, else one per line with a trailing comma;
* any other line that is too long and ends with a bracket pair (a call, or a tuple or list
  literal) is split there: a call like a ``def``, a literal always one item per line;
* an assignment that is too long, whose value has no brackets and fits on a line of its own,
  gets the value wrapped in parentheses.

A line of any other shape is left as it is, for black to lay out; docstrings and comments are
never touched. ``tests/unit/test_style.py`` checks the layouts against black itself.
"""

from __future__ import annotations

import re

#: Black's default line length, which the generated code uses.
LINE_LENGTH = 88

_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
_IMPORT = re.compile(r"^( *)from (\S+) import ([\w, ]+)$")
_SIMPLE_VALUE = re.compile(r"^(?:[\w.]+|-?\d[\w.+-]*|\"[^\"\\]*\"|'[^'\\]*')$")
_ASSIGNMENT = re.compile(r"^( *)(\w+(?:: [\w. |\[\],]+)?) = (.+)$")
_OPENING = "([{"
_CLOSING = ")]}"


def _double_quoted(match: re.Match[str]) -> str:
    text = match.group(0)
    if text[0] == "'" and '"' not in text and "\\" not in text:
        return f'"{text[1:-1]}"'
    return text


def _fits(line: str) -> bool:
    return len(line) <= LINE_LENGTH


def bracketed(
    head: str, items: list[str], tail: str, indent: str = "", explode: bool = False
) -> list[str]:
    """``head(items)tail`` laid out as black does: on one line when it fits; else, unless
    ``explode`` (collection literals and imports), the items on one indented line between the
    brackets; else one item per line with a trailing comma. ``head`` ends with the opening
    bracket and ``tail`` starts with the closing one."""
    inner = indent + "    "
    one = f"{indent}{head}{', '.join(items)}{tail}"
    if _fits(one):
        return [one]
    if not explode and items and _fits(inner + ", ".join(items)):
        return [f"{indent}{head}", inner + ", ".join(items), f"{indent}{tail}"]
    return [f"{indent}{head}", *(f"{inner}{item}," for item in items), f"{indent}{tail}"]


def _structure(code: str) -> list[tuple[int, str]] | None:
    """The brackets and commas of ``code`` outside strings, with their offsets; None if a
    string or a bracket does not close."""
    found: list[tuple[int, str]] = []
    depth = 0
    i = 0
    while i < len(code):
        char = code[i]
        if char in "\"'":
            match = _STRING.match(code, i)
            if match is None:
                return None
            i = match.end()
            continue
        if char in _OPENING or char in _CLOSING or char == ",":
            depth += (char in _OPENING) - (char in _CLOSING)
            if depth < 0:
                return None
            found.append((i, char))
        i += 1
    return None if depth else found


def _bracket_pairs(structure: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """The bracket pairs of a line's structure, as (open, close) offsets."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for offset, char in structure:
        if char in _OPENING:
            stack.append(offset)
        elif char in _CLOSING:
            pairs.append((stack.pop(), offset))
    return pairs


def _items(code: str, opening: int, closing: int, structure: list[tuple[int, str]]) -> list[str]:
    """The items between the brackets at ``opening`` and ``closing``: the text between the
    commas at their depth."""
    cuts = [opening]
    depth = 0
    for offset, char in structure:
        if opening < offset < closing:
            if char in _OPENING or char in _CLOSING:
                depth += 1 if char in _OPENING else -1
            elif depth == 0:
                cuts.append(offset)
    cuts.append(closing)
    items = [code[a + 1 : b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]
    return items[:-1] if items and not items[-1] else items


def _split_line(line: str) -> list[str] | None:
    """A too-long line in black's layout, for the shapes this module knows; else None."""
    found = _IMPORT.match(line)
    if found:
        indent, module, names = found.groups()
        items = [n.strip() for n in names.split(",")]
        return bracketed(f"from {module} import (", items, ")", indent, explode=True)
    indent = line[: len(line) - len(line.lstrip(" "))]
    code = line[len(indent) :]
    structure = _structure(code)
    if structure is None:
        return None
    return _split_assignment(line) or _split_brackets(indent, code, structure)


def _split_brackets(indent: str, code: str, structure: list[tuple[int, str]]) -> list[str] | None:
    pairs = _bracket_pairs(structure)
    if not pairs:
        return None
    is_def = code.startswith(("def ", "async def ")) and code.endswith(":")
    if is_def:
        opening, closing = min(pairs)  # black splits a def at its first bracket
    else:
        opening, closing = max(pairs, key=lambda p: p[1])  # and other lines at their last
        if any(o < opening < c for o, c in pairs):
            return None  # the last pair sits inside another: not a shape known here
    if not _fits(indent + code[: opening + 1]):
        return None
    items = _items(code, opening, closing, structure)
    if not items or not all(items) or any(not _fits(f"{indent}    {item},") for item in items):
        return None
    head, tail = code[: opening + 1], code[closing:]
    if is_def:
        if code[opening] != "(" or not _fits(indent + tail):
            return None
        if len(items) == 1 and not _fits(indent + head + items[0] + tail):
            items = [items[0] + ","]  # black gives a lone parameter a trailing comma
        return bracketed(head, items, tail, indent)
    if tail not in (")", "),", "]", "],") and not (code.startswith("class ") and tail == "):"):
        return None  # more after the bracket: black may split elsewhere
    is_call = code[opening] == "(" and (head[:-1][-1:].isalnum() or head[:-1][-1:] == "_")
    if not is_call and not head.endswith((" (", " [")):
        return None
    return bracketed(head, items, tail, indent, explode=not is_call)


def _split_assignment(line: str) -> list[str] | None:
    """``name[: annotation] = value`` with a value without brackets: the value in parentheses
    when that fits (a dotted name even when it does not fit its own line); else the
    annotation in parentheses when that fits."""
    found = _ASSIGNMENT.match(line)
    if not found:
        return None
    indent, target, value = found.groups()
    if not _SIMPLE_VALUE.match(value):
        return None
    head = f"{indent}{target} = ("
    body = f"{indent}    {value}"
    if _fits(head) and (_fits(body) or re.fullmatch(r"\w+(?:\.\w+)+", value)):
        return [head, body, f"{indent})"]
    name, _, annotation = target.partition(": ")
    lines = [f"{indent}{name}: (", f"{indent}    {annotation}", f"{indent}) = {value}"]
    if annotation and not _fits(head) and all(_fits(x) for x in lines):
        return lines
    return None


def prepare(source: str) -> str:
    """``source`` with the shapes listed in the module docstring laid out as black would."""
    out: list[str] = []
    in_string = False  # inside a triple-quoted string that spans lines
    for line in source.split("\n"):
        stripped = line.lstrip()
        quotes = line.count('"""') + line.count("'''")
        if in_string or stripped.startswith(('"""', "#")) or quotes:
            out.append(line)
            if quotes % 2:
                in_string = not in_string
            continue
        if "'" in line:
            line = _STRING.sub(_double_quoted, line)
        if not _fits(line):
            split = _split_line(line)
            if split is not None:
                out.extend(split)
                continue
        out.append(line)
    return "\n".join(out)
