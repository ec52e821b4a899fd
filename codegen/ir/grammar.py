"""Parse the generated sentences of an Avi property description into a :class:`FieldDoc`.

One job: ``parse_description(text)`` reads the sentence families that Avi's spec generator
writes into every ``description`` (introduced-in, deprecation, ranges, special values, enums,
units, references, editions, special defaults, item counts, reboot and internal-use flags) and
returns what they mean. Every sentence it does not recognise stays, in order, in ``summary``.

Rules that hold for every family:

* Sentences are split only at a period followed by whitespace, never at the dot of a number
  (``-90.0-+90.0``) or of a glued sentence (``pool.A priority``); unknown sentences are re-joined
  with single spaces, so the summary is the text minus the recognised sentences, with its
  whitespace normalised.
* A sentence counts as recognised only when the whole of it parses (introduced-in is the one
  exception: tokens that are not releases are ignored). Otherwise it stays verbatim in the
  summary and contributes nothing, so nothing is ever half-understood or lost. Known cases left
  in the summary by this rule: ``Special values are MAX - Passthrough.`` (``SpecialValue.value``
  is numeric) and free text such as ``Requires reboot.`` or ``Default 0 => Unlimited.``.
* A single-valued family (range, unit, enum, reference, ...) given twice keeps the first value;
  a later sentence that says the same is dropped, one that says something else stays in the
  summary. Units are the exception: the generated upper-case unit wins over a human one
  (``Unit is minutes. ... Unit is MIN.`` gives ``MIN``, both sentences removed).
* Results are canonical: equal meaning in different wordings gives equal values (sorted,
  de-duplicated tuples), so a diff between releases sees only real changes.

The function is pure, deterministic, cached, and never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from codegen.ir.model import EditionRule, FieldDoc, Range, SpecialDefault, SpecialValue
from codegen.ir.release import Release, ReleaseError

__all__ = ["parse_description"]

_I = re.IGNORECASE

# Numbers are bounded in length: int() refuses texts longer than 4,300 digits.
_NUM = r"[-+]?[0-9]{1,40}(?:\.[0-9]{1,40})?"
_VERSION = r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}"
_VERSION_RE = re.compile(_VERSION)
_VERSION_LIST = rf"{_VERSION}(?:\s*,\s*{_VERSION})*"

# Which family a sentence belongs to, from its first words. A match only routes the sentence to
# its family's parser, which decides whether the whole sentence is understood.
_FAMILY = re.compile(
    r"""
     (?P<intro>field\s+introduced\s+in\b)
    |(?P<dep>(?:field\s+)?deprecated\b|\(deprecated\))
    |(?P<moved>\(?this\s+field\s+has\s+been\s+moved\s+to\b)
    |(?P<allowed>allowed\s+values\s+are\b)
    |(?P<special>special\s+values\s+are\b)
    |(?P<enum>enum\s+options\b)
    |(?P<unit>units?\b)
    |(?P<ref>it\s+is\s+a\s+reference\s+to\s+an\s+object\s+of\s+type\b)
    |(?P<edition>allowed\s+(?:in|with)\b)
    |(?P<spdef>special\s+default\s+for\b)
    |(?P<items>(?:maximum|minimum)\s+of\b)
    |(?P<reboot>requires\s+se\s+reboot\b)
    |(?P<internal>(?:for\s+)?internal\s+(?:use\s+)?only\b|\(internal[-\s]use\))
    |(?P<unlimited>(?:'0'|"0"|0|zero)\s+means\s+unlimited\b)
    """,
    _I | re.VERBOSE,
)

# A family sentence glued to the previous one without a space: "threads.Requires SE Reboot."
_GLUED_AFTER_DOT = re.compile(
    r"(?<=\.)(?=(?:Field introduced in|Field deprecated in|Deprecated in|Allowed values are"
    r"|Special values are|Enum options|Unit is|Units\(|It is a reference to|Allowed in"
    r"|Allowed with any value|Special default for|Maximum of|Minimum of|Requires SE [Rr]eboot"
    r"|Internal use only)\b)"
)
# "requestsDeprecated in 21.1.1." : the generator forgot the period and the space.
_GLUED_DEPRECATED = re.compile(
    rf"(?P<pre>.*?)\s*Deprecated\s+(?:in|from)\s+(?P<v>{_VERSION_LIST})\.?", re.DOTALL
)
# "Don't use IP encapRequires SE Reboot."
_GLUED_REBOOT = re.compile(r"(?P<pre>.*?)\s*Requires\s+SE\s+[Rr]eboot\.?", re.DOTALL)
# "... IP header Note This field has been moved to se_group properties 20.1.3 onwards. 0 ..."
_MOVED_ANYWHERE = re.compile(
    r"(?:\bnote\b\s*)?\(?this\s+field\s+has\s+been\s+moved\s+to\s+(?P<x>.{1,300}?)\s+onwards\.?\)?\.?",
    _I | re.DOTALL,
)

_INTRO = re.compile(r"field\s+introduced\s+in\s*", _I)
_DEP_PLAIN = re.compile(r"(?:field\s+)?deprecated\.?|\(deprecated\)\.?", _I)
_DEP_IN = re.compile(
    rf"(?:field\s+)?deprecated\s+(?:in|from|since)\s+(?P<v>{_VERSION_LIST})"
    r"(?:\.|[,;:]?\s+(?P<rest>.+))?",
    _I | re.DOTALL,
)
_DEP_REST = re.compile(r"(?:\(deprecated\)|deprecated\s*[-:])\s*(?P<rest>.+)", _I | re.DOTALL)
_MOVED = re.compile(
    r"\(?this\s+field\s+has\s+been\s+moved\s+to\s+(?P<x>.+?)\s+onwards\.?\)?\.?", _I | re.DOTALL
)
_ALLOWED = re.compile(r"allowed\s+values\s+are\s+", _I)
_RANGE = re.compile(rf"(?P<lo>{_NUM}|min)\s*-\s*(?P<hi>{_NUM}|max)", _I)
_DISCRETE = re.compile(rf"{_NUM}(?:\s*,\s*{_NUM})*")
_NUM_RE = re.compile(_NUM)
_SPECIAL = re.compile(r"special\s+values\s+are\s+", _I)
_SPECIAL_SPLIT = re.compile(rf",\s*(?={_NUM}\s*-)")
_SPECIAL_ITEM = re.compile(rf"(?P<v>{_NUM})\s*-\s*(?P<m>.*)", re.DOTALL)
_ENUM_PREFIX = re.compile(r"enum\s+options\s*-\s*", _I)
_UNIT = re.compile(r"unit\s+is\s+(?P<u>[^\s.]+)\.?|units\(\s*(?P<u2>[^()]+?)\s*\)\.?", _I)
_REF = re.compile(
    r"it\s+is\s+a\s+reference\s+to\s+an\s+object\s+of\s+type\s+(?P<t>[A-Za-z_][A-Za-z0-9_]*)\.?",
    _I,
)
_MAX_ITEMS = re.compile(r"maximum\s+of\s+(?P<n>[0-9]{1,9})\s+items?\s+allowed\.?", _I)
_MIN_ITEMS = re.compile(r"minimum\s+of\s+(?P<n>[0-9]{1,9})\s+items?\s+required\.?", _I)
_REBOOT = re.compile(r"requires\s+se\s+reboot\.?", _I)
_INTERNAL = re.compile(r"(?:for\s+)?internal\s+(?:use\s+)?only\.?", _I)
_INTERNAL_PREFIX = re.compile(r"\(internal[-\s]use\)\s*(?P<rest>.*)", _I | re.DOTALL)
_UNLIMITED = re.compile(r"(?:'0'|\"0\"|0|zero)\s+means\s+unlimited\.?", _I)

# --- editions -------------------------------------------------------------------------------
#
# Wordings seen (all with the same structure: a comma-separated list of editions, each with an
# optional qualifier, closed by one "edition"):
#   Allowed in Enterprise edition with any value, Essentials, Basic, Enterprise with Cloud
#       Services edition.                                          (21.1.5 .. 30.2.1)
#   Allowed with any value in Enterprise, Essentials, Basic, Enterprise with Cloud Services
#       edition.                                                   (31.1.1 documentation)
#   Allowed in Enterprise edition with any value, Essentials edition with any value, ...
#   Allowed in Enterprise with any value edition, Essentials edition, Basic edition, ...
#   Allowed in Enterprise edition with any value, Essentials edition(Allowed values- false), ...
#   Allowed in Enterprise edition only with addon license, ...
#   Allowed in Basic edition, Essentials edition, Enterprise edition.         (20.1.3 .. 21.1.4)
#   Allowed in Basic(Allowed values- false) edition, Essentials(Allowed values- false) edition,
#       Enterprise edition.
#
# Normalisation rule: an edition that is listed is allowed; it allows ANY value unless it
# carries an "(Allowed values- ...)" list. "with any value" therefore adds nothing, and an edition
# listed bare ("Essentials, Basic") has any_value=True. The corpus fixes this reading: the same
# Image fields say "Allowed in Enterprise edition with any value, Essentials, Basic, Enterprise
# with Cloud Services edition." in 30.2.1 and "Allowed with any value in Enterprise, Essentials,
# Basic, Enterprise with Cloud Services edition." in 31.1.1; and SupportedMigrations.* said
# "Allowed in Basic edition, Essentials edition, Enterprise edition." in 21.1.4 and "... Essentials
# edition with any value, Basic edition with any value, ..." in 21.1.5 (which adds the then-new
# "Enterprise with Cloud Services" edition: that addition is a real change, the rest is not).
# An edition not listed is not allowed. "only with addon license" is kept as the rule's note
# (any_value stays True: the licence gates the field, not its values).

_EDITION_NAMES = {
    "enterprise with cloud services": "Enterprise with Cloud Services",
    "enterprise": "Enterprise",
    "essentials": "Essentials",
    "basic": "Basic",
}
_ED_NAME = r"enterprise\s+with\s+cloud\s+services|enterprise|essentials|basic"
_EDITION_PREFIX = re.compile(r"allowed\s+(?:with\s+any\s+value\s+)?in\s+", _I)
_EDITION_SUFFIX = re.compile(r"\s+edition\Z", _I)
# One comma-separated item; commas inside "(Allowed values- a,b)" do not split.
_ED_ITEM = re.compile(r"(?:[^,(]|\([^)]*\)?)+")
_ED_ITEM_NAME = re.compile(rf"\s*(?P<n>{_ED_NAME})\b", _I)
_ED_MOD = re.compile(
    r"\s*(?:(?P<ed>edition)\b|(?P<any>with\s+any\s+value)\b"
    r"|\(\s*allowed\s+values\s*-\s*(?P<av>[^)]*)\)"
    r"|(?P<note>only\s+with\s+[^,()]*?license)\b)",
    _I,
)
_SPDEF_PREFIX = re.compile(r"special\s+default\s+for\s+", _I)
_SPDEF_SPLIT = re.compile(rf",\s*(?=(?:{_ED_NAME})(?:\s+edition)?\s+is\s)", _I)
_SPDEF_ITEM = re.compile(rf"(?P<n>{_ED_NAME})(?:\s+edition)?\s+is\s+(?P<v>.+)", _I | re.DOTALL)

_MAX_DEPTH = 4


def _edition_name(text: str) -> str:
    return _EDITION_NAMES[" ".join(text.lower().split())]


def _number(text: str) -> int | float | None:
    """``"5"`` -> 5, ``"+90.0"`` -> 90.0, ``MAX``/``MIN`` -> None (an open end)."""
    if text.upper() in ("MAX", "MIN"):
        return None
    return float(text) if "." in text else int(text)


@lru_cache(maxsize=1024)
def _releases(text: str) -> tuple[Release, ...]:
    """The releases of a comma-separated list, ignoring tokens that are not releases."""
    out: list[Release] = []
    for token in text.split(","):
        token = token.strip()
        if _VERSION_RE.fullmatch(token):
            try:
                out.append(Release.parse(token))
            except ReleaseError:  # pragma: no cover - the pattern above is stricter
                continue
    return tuple(out)


def _body(s: str, prefix: re.Pattern[str]) -> str | None:
    """The text after ``prefix`` (matched at the start) without one final period."""
    m = prefix.match(s)
    if m is None:
        return None
    body = s[m.end() :]
    return body[:-1] if body.endswith(".") else body


def _strip_meaning(text: str) -> str:
    text = text.strip().rstrip(".").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    return text


class _Acc:
    """What has been read so far from one description."""

    __slots__ = (
        "pieces",
        "enum",
        "range",
        "allowed_values",
        "special",
        "units",
        "introduced",
        "deprecated",
        "deprecated_in",
        "moved_to",
        "ref_type",
        "editions",
        "special_defaults",
        "min_items",
        "max_items",
        "reboot",
        "internal",
        "unlimited",
    )

    def __init__(self) -> None:
        self.pieces: list[str] = []  # summary pieces; "" marks a piece dropped later
        self.enum: tuple[str, ...] | None = None
        self.range: Range | None = None
        self.allowed_values: tuple[int | float, ...] | None = None
        self.special: dict[tuple[int | float, str], SpecialValue] = {}
        self.units: list[tuple[int, str]] = []  # (index in pieces, unit)
        self.introduced: set[Release] = set()
        self.deprecated = False
        self.deprecated_in: Release | None = None
        self.moved_to: str | None = None
        self.ref_type: str | None = None
        self.editions: set[EditionRule] = set()
        self.special_defaults: set[SpecialDefault] = set()
        self.min_items: int | None = None
        self.max_items: int | None = None
        self.reboot = False
        self.internal = False
        self.unlimited = False

    # -- sentence dispatch -------------------------------------------------------------------

    def sentence(self, s: str, depth: int = 0) -> None:
        s = s.strip()
        if not s:
            return
        rest: str | None = None
        m = _FAMILY.match(s)
        if m is not None and m.lastgroup is not None:
            rest = _HANDLERS[m.lastgroup](self, s)
        if rest is None:
            rest = self._glued(s, depth)
        if rest is None:
            self.pieces.append(s)
        elif rest and depth < _MAX_DEPTH and len(rest) < len(s):
            self.sentence(rest, depth + 1)
        elif rest:
            self.pieces.append(rest)

    def _glued(self, s: str, depth: int) -> str | None:
        """A family sentence stuck inside an unknown one; returns what is left, or None."""
        if depth >= _MAX_DEPTH:
            return None
        m = _GLUED_AFTER_DOT.search(s)
        if m is not None and m.start() > 0:
            head, tail = s[: m.start()], s[m.start() :]
            self.sentence(head, depth + 1)
            self.sentence(tail, depth + 1)
            return ""
        if "moved to" in s or "Moved to" in s:
            mm = _MOVED_ANYWHERE.search(s)
            if mm is not None and self._set_moved(mm.group("x")):
                return f"{s[: mm.start()].strip()} {s[mm.end() :].strip()}".strip()
        if "Deprecated" in s:
            md = _GLUED_DEPRECATED.fullmatch(s)
            if md is not None and self._set_deprecated(md.group("v")):
                return md.group("pre").strip()
        if "Requires SE" in s:
            mr = _GLUED_REBOOT.fullmatch(s)
            if mr is not None:
                self.reboot = True
                return mr.group("pre").strip()
        return None

    # -- family parsers: return None when not understood, else the text left over ------------

    def intro(self, s: str) -> str | None:
        body = _body(s, _INTRO)
        if body is None:
            return None
        found = _releases(body)
        if not found:
            return None
        self.introduced.update(found)
        return ""

    def dep(self, s: str) -> str | None:
        if _DEP_PLAIN.fullmatch(s):
            self.deprecated = True
            return ""
        m = _DEP_IN.fullmatch(s)
        if m is not None:
            if not self._set_deprecated(m.group("v")):
                return None
            return (m.group("rest") or "").strip()
        m = _DEP_REST.fullmatch(s)
        if m is not None:
            self.deprecated = True
            return m.group("rest").strip()
        return None

    def _set_deprecated(self, versions: str) -> bool:
        found = _releases(versions)
        if not found:
            return False
        first = min(found)
        if self.deprecated_in is not None and self.deprecated_in != first:
            return False
        self.deprecated = True
        self.deprecated_in = first
        return True

    def moved(self, s: str) -> str | None:
        m = _MOVED.fullmatch(s)
        if m is None or not self._set_moved(m.group("x")):
            return None
        return ""

    def _set_moved(self, text: str) -> bool:
        text = text.strip()
        if not text or (self.moved_to is not None and self.moved_to != text):
            return False
        self.moved_to = text
        return True

    def allowed(self, s: str) -> str | None:
        body = _body(s, _ALLOWED)
        if body is None:
            return None
        body = body.strip()
        r = _RANGE.fullmatch(body)
        if r is not None:
            new = Range(_number(r.group("lo")), _number(r.group("hi")))
            if self.range is not None and self.range != new:
                return None
            self.range = new
            return ""
        if _DISCRETE.fullmatch(body):
            values: list[int | float] = []
            for token in _NUM_RE.findall(body):
                value = _number(token)
                if value is not None and value not in values:
                    values.append(value)
            found = tuple(values)
            if self.allowed_values is not None and self.allowed_values != found:
                return None
            self.allowed_values = found
            return ""
        return None

    def special_values(self, s: str) -> str | None:
        body = _body(s, _SPECIAL)
        if body is None:
            return None
        parsed: list[SpecialValue] = []
        for part in _SPECIAL_SPLIT.split(body.strip()):
            item = _SPECIAL_ITEM.fullmatch(part.strip())
            if item is None:
                return None
            value = _number(item.group("v"))
            meaning = _strip_meaning(item.group("m"))
            if value is None or not meaning:
                return None
            parsed.append(SpecialValue(value, meaning))
        for sv in parsed:
            self.special[(sv.value, sv.meaning)] = sv
        return ""

    def enum_options(self, s: str) -> str | None:
        body = _body(s, _ENUM_PREFIX)
        if body is None:
            return None
        values = tuple(dict.fromkeys(v for v in (t.strip() for t in body.split(",")) if v))
        if not values or (self.enum is not None and self.enum != values):
            return None
        self.enum = values
        return ""

    def unit(self, s: str) -> str | None:
        m = _UNIT.fullmatch(s)
        if m is None:
            return None
        # The choice between several unit sentences is made in finish(); keep the sentence
        # as a piece for now so that an incompatible one can stay in the summary.
        self.units.append((len(self.pieces), (m.group("u") or m.group("u2")).strip()))
        self.pieces.append(s)
        return ""

    def ref(self, s: str) -> str | None:
        m = _REF.fullmatch(s)
        if m is None:
            return None
        t = m.group("t")
        if self.ref_type is not None and self.ref_type != t:
            return None
        self.ref_type = t
        return ""

    def edition(self, s: str) -> str | None:
        rules = _edition_rules(s)
        if rules is None:
            return None
        self.editions.update(rules)
        return ""

    def spdef(self, s: str) -> str | None:
        body = _body(s, _SPDEF_PREFIX)
        if body is None:
            return None
        found: list[SpecialDefault] = []
        for part in _SPDEF_SPLIT.split(body):
            item = _SPDEF_ITEM.fullmatch(part.strip())
            if item is None:
                return None
            value = item.group("v").strip()
            if not value:
                return None
            found.append(SpecialDefault(_edition_name(item.group("n")), value))
        self.special_defaults.update(found)
        return ""

    def items(self, s: str) -> str | None:
        m = _MAX_ITEMS.fullmatch(s)
        if m is not None:
            n = int(m.group("n"))
            if self.max_items is not None and self.max_items != n:
                return None
            self.max_items = n
            return ""
        m = _MIN_ITEMS.fullmatch(s)
        if m is not None:
            n = int(m.group("n"))
            if self.min_items is not None and self.min_items != n:
                return None
            self.min_items = n
            return ""
        return None

    def reboot_flag(self, s: str) -> str | None:
        if _REBOOT.fullmatch(s) is None:
            return None
        self.reboot = True
        return ""

    def internal_flag(self, s: str) -> str | None:
        if _INTERNAL.fullmatch(s) is not None:
            self.internal = True
            return ""
        m = _INTERNAL_PREFIX.fullmatch(s)
        if m is not None:
            self.internal = True
            return m.group("rest").strip()
        return None

    def unlimited_flag(self, s: str) -> str | None:
        if _UNLIMITED.fullmatch(s) is None:
            return None
        self.unlimited = True
        return ""

    # -- result ------------------------------------------------------------------------------

    def _choose_unit(self) -> str | None:
        if not self.units:
            return None
        # The generator writes units in upper case; a human "Unit is minutes." loses to it.
        chosen = next((u for _, u in self.units if u == u.upper()), self.units[0][1])
        key = chosen.upper()
        for index, unit in self.units:
            other = unit.upper()
            if other.startswith(key) or key.startswith(other):
                self.pieces[index] = ""
        return chosen

    def finish(self) -> FieldDoc:
        unit = self._choose_unit()
        return FieldDoc(
            summary=" ".join(p for p in self.pieces if p),
            enum=self.enum or (),
            range=self.range,
            allowed_values=self.allowed_values or (),
            special_values=tuple(
                sorted(self.special.values(), key=lambda sv: (sv.value, sv.meaning))
            ),
            unit=unit,
            introduced_in=tuple(sorted(self.introduced)),
            deprecated=self.deprecated,
            deprecated_in=self.deprecated_in,
            moved_to=self.moved_to,
            ref_type=self.ref_type,
            editions=tuple(sorted(self.editions, key=_edition_key)),
            special_defaults=tuple(
                sorted(self.special_defaults, key=lambda d: (d.edition, d.value))
            ),
            min_items=self.min_items,
            max_items=self.max_items,
            requires_se_reboot=self.reboot,
            internal_use_only=self.internal,
            zero_means_unlimited=self.unlimited,
        )


def _edition_key(rule: EditionRule) -> tuple[str, bool, tuple[str, ...], str]:
    return (rule.edition, not rule.any_value, rule.allowed_values, rule.note or "")


@lru_cache(maxsize=1024)
def _edition_rules(s: str) -> tuple[EditionRule, ...] | None:
    """The rules of one ``Allowed in ... edition.`` sentence, or None if any item is unknown.

    Cached: a whole release uses a few hundred distinct edition sentences ~100,000 times.
    """
    body = _body(s, _EDITION_PREFIX)
    if body is None:
        return None
    suffix = _EDITION_SUFFIX.search(body)
    if suffix is not None:
        body = body[: suffix.start()]
    items = body.split(",") if "(" not in body else _ED_ITEM.findall(body)
    rules: list[EditionRule] = []
    for item in items:
        if not item or item.isspace():
            continue
        rule = _edition_rule(item)
        if rule is None:
            return None
        rules.append(rule)
    return tuple(rules) if rules else None


def _edition_rule(item: str) -> EditionRule | None:
    """One item of an edition list, e.g. ``Essentials edition(Allowed values- false)``."""
    m = _ED_ITEM_NAME.match(item)
    if m is None:
        return None
    allowed: tuple[str, ...] | None = None
    note: str | None = None
    pos = m.end()
    while pos < len(item):
        if item[pos:].isspace():
            break
        mod = _ED_MOD.match(item, pos)
        if mod is None or mod.end() == pos:
            return None
        if mod.group("av") is not None:
            values = {v.strip() for v in mod.group("av").split(",")}
            values.discard("")
            allowed = tuple(sorted(values))
        elif mod.group("note") is not None:
            note = " ".join(mod.group("note").split())
        pos = mod.end()
    return EditionRule(
        edition=_edition_name(m.group("n")),
        any_value=allowed is None,
        allowed_values=allowed or (),
        note=note,
    )


_HANDLERS: dict[str, Callable[[_Acc, str], str | None]] = {
    "intro": _Acc.intro,
    "dep": _Acc.dep,
    "moved": _Acc.moved,
    "allowed": _Acc.allowed,
    "special": _Acc.special_values,
    "enum": _Acc.enum_options,
    "unit": _Acc.unit,
    "ref": _Acc.ref,
    "edition": _Acc.edition,
    "spdef": _Acc.spdef,
    "items": _Acc.items,
    "reboot": _Acc.reboot_flag,
    "internal": _Acc.internal_flag,
    "unlimited": _Acc.unlimited_flag,
}


def _parse(text: str) -> FieldDoc:
    acc = _Acc()
    normalised = " ".join(text.split())
    parts = normalised.split(". ")
    last = len(parts) - 1
    for i, part in enumerate(parts):
        acc.sentence(part if i == last else part + ".")
    return acc.finish()


@lru_cache(maxsize=32768)
def parse_description(text: str) -> FieldDoc:
    """Parse one property description into a :class:`FieldDoc`. Never raises."""
    try:
        return _parse(text)
    except Exception:  # a safety net only; the fuzz tests call _parse directly
        try:
            return FieldDoc(summary=" ".join(str(text).split()))
        except Exception:
            return FieldDoc()
