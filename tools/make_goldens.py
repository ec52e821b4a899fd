"""Write the golden documents of tests/golden/data/ from the IR of every release (seeded).

For each group of ``tests.golden.sources`` (the bundled spec projected onto every catalog
release; the real Image and JWTProfile specs of ``../shared/avi-specs`` when present) and each
release, it walks the IR and writes:

* ``<Object>.min.json``, ``<Object>.mid.json``, ``<Object>.max.json``: one document each, with
  every field of the object and of every definition it reaches (arrays hold at least one item).
  ``min`` takes range and format low bounds, the first enum member, ``false``, empty free text
  and the fewest items; ``max`` the high bounds, the last member, ``true``, non-ASCII text and
  the most items; ``mid`` the middle member, the documented default, a special value and
  mid-range numbers. Strings are realistic (``*_ref`` fields of a known type hold a reference
  URI with ``#name``), read-only fields are included.
* ``<Object>.negative.json``: small documents that break the release's documented schema in one
  place each (wrong type, enum member the release lacks, number out of range or format,
  too many or too few items, missing required field, a field of a newer release), with the
  error location and type the models must report and whether the JSON Schema can tell.

Values come from a ``random.Random`` seeded with the group, release, object and variant, so a
run is deterministic. The output is frozen once written: the tests read it and never regenerate
it. ``--check`` writes nothing and exits 1 listing what a run would change.

    .venv/bin/python tools/make_goldens.py [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from codegen.ir.model import Api, Field, Kind, TypeRef  # noqa: E402
from tests.golden.sources import (  # noqa: E402
    DATA,
    VARIANTS,
    Group,
    dump_json,
    groups,
    negative_file,
)

Variant = Literal["min", "mid", "max"]
Loc = tuple[str | int, ...]

HOST = "https://10.10.10.10"
FORMAT_BOUNDS: dict[str, tuple[int, int]] = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}
#: Free-text fields: empty in ``min``, non-ASCII with escapes in ``max``.
FREE_TEXT = {"message", "reason", "description"}


def seeded(*parts: str) -> random.Random:
    digest = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return random.Random(int(digest[:16], 16))


def base_type(t: TypeRef) -> TypeRef:
    return t.items if t.kind is Kind.ARRAY and t.items is not None else t


def bounds(f: Field) -> tuple[int | float | None, int | float | None]:
    """The documented low and high of a numeric field (range over format bounds)."""
    low: int | float | None = None
    high: int | float | None = None
    fmt = base_type(f.type).format or ""
    if base_type(f.type).kind is Kind.INTEGER and fmt in FORMAT_BOUNDS:
        low, high = FORMAT_BOUNDS[fmt]
    rng = f.doc.range
    if rng is not None:
        low = rng.low if rng.low is not None else low
        high = rng.high if rng.high is not None else high
    return low, high


def pick(members: Sequence[Any], variant: Variant, index: int = 0) -> Any:
    """First, middle or last member (``index`` shifts it for the items of an array)."""
    position = {"min": 0, "mid": len(members) // 2, "max": len(members) - 1}[variant]
    step = -index if variant == "max" else index
    return members[(position + step) % len(members)]


class Builder:
    """Builds one golden document of a release by walking its IR."""

    def __init__(self, api: Api, root: str, variant: Variant, rng: random.Random) -> None:
        self.api = api
        self.root = root
        self.variant = variant
        self.rng = rng
        self.release = str(api.release)
        self.root_uuid = self.ref_uuid(root)

    # -- strings -------------------------------------------------------------------------

    def ref_uuid(self, obj_type: str) -> str:
        return f"{obj_type.lower()}-{uuid.UUID(int=self.rng.getrandbits(128), version=4)}"

    def ref_uri(self, obj_type: str) -> str:
        if obj_type == "Tenant":
            name = "admin"
        else:
            patch = f"{self.rng.randrange(1, 10)}p{self.rng.randrange(1, 10)}"
            name = f"{obj_type.lower()}-{self.release}-{patch}"
        return f"{HOST}/api/{obj_type.lower()}/{self.ref_uuid(obj_type)}#{name}"

    def text(self, dname: str, f: Field, index: int, siblings: dict[str, Any]) -> str:
        """A realistic string for ``dname.f`` (free text follows the variant)."""
        name, rng, release = f.name, self.rng, self.release
        if f.doc.ref_type:
            return self.ref_uri(f.doc.ref_type)
        if name in FREE_TEXT:
            return {
                "min": "",
                "mid": f"{name.replace('_', ' ')} of task {index + 1}",
                "max": 'Übertragung läuft — 50 % \u2713 "quoted"\n\tsecond line',
            }[self.variant]
        if dname == self.root and name == "uuid":
            return self.root_uuid
        if dname == self.root and name == "url":
            return f"{HOST}/api/{self.root.lower()}/{self.root_uuid}"
        if name == "name":
            return (
                f"controller-{release}-{rng.randrange(1000, 9999)}.pkg"
                if dname == "Image"
                else f"{dname.lower()}-{rng.randrange(100, 999)}"
            )
        if name == "addr":
            kind = siblings.get("type", "V4")
            return {
                "V6": f"fd00::{rng.randrange(1, 0xFFFF):x}",
                "DNS": f"node{rng.randrange(1, 9)}.avi.example.com",
            }.get(kind, f"10.10.{rng.randrange(0, 255)}.{rng.randrange(1, 254)}")
        if name == "_last_modified":
            return str(1_700_000_000_000_000 + rng.randrange(10**12))
        if name.endswith("_time") or name == "date":
            return (
                f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} "
                f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
            )
        if name in ("version", "api_version", "min_version", "min_supported_api_version"):
            return release if name in ("version", "api_version") else "18.2.6"
        if name.endswith("patch_version"):
            return f"{release}-{rng.randrange(1, 9)}p{rng.randrange(1, 9)}"
        if name.endswith("patch_name"):
            return f"{name.split('_')[0]}_patch-{release}-{rng.randrange(1, 9)}p1.pkg"
        if name == "hash":
            return f"{rng.getrandbits(128):032x}"
        if name == "path":
            return f"/host/pkgs/{release}/{rng.choice(['controller', 'se'])}.pkg"
        if dname == "JWSKey" and name == "key":
            return f"{rng.getrandbits(256):064x}"
        if name.endswith("_ref"):
            return f"registry.avi.example.com/avi/controller:{release}"
        known = {
            "product": "controller",
            "product_name": "NSX Advanced Load Balancer",
            "tag": f"release-{release}",
            "patch_type": rng.choice(["PATCH_TYPE_CONTROLLER", "PATCH_TYPE_SE"]),
            "cloud_name": "Default-Cloud",
            "key": rng.choice(["region", "availability_zone", "vpc_id"]),
            "task_name": rng.choice(["ImageUpload", "ImageVerify", "ImageExtract"]),
            "status": rng.choice(["SUCCESS", "FAILED", "IN_PROGRESS"]),
            "sub_tasks": rng.choice(["verify_checksum", "extract_package", "copy_to_nodes"]),
            "controller_min_docker_version": "1.6.1",
            "kid": f"key-{rng.randrange(1, 99)}",
            "next": f"{HOST}/api/{self.root.lower()}?page=2",
        }
        if name in known:
            return known[name]
        return f"{name.replace('_', '-')}-{rng.randrange(1000, 9999)}"

    # -- values --------------------------------------------------------------------------

    def number(self, f: Field, t: TypeRef) -> int | float:
        doc, variant = f.doc, self.variant
        if doc.allowed_values:
            value: int | float = pick(sorted(doc.allowed_values), variant)
            return value
        low, high = bounds(f)
        integral = t.kind is Kind.INTEGER
        if variant == "mid":
            if doc.special_values:
                return doc.special_values[0].value
            if (
                f.has_default
                and isinstance(f.default, int | float)
                and not isinstance(f.default, bool)
            ):
                return f.default
            if low is not None and high is not None:
                return (low + high) // 2 if integral else (low + high) / 2
            return self.rng.randrange(1, 64) if integral else self.rng.randrange(1, 64) + 0.5
        edge = low if variant == "min" else high
        if edge is not None:
            return edge if integral else float(edge)
        if integral:
            return -(2**53) if variant == "min" else 2**53
        return -1.5e6 if variant == "min" else 1.25e6

    def scalar(self, dname: str, f: Field, t: TypeRef, index: int, siblings: dict[str, Any]) -> Any:
        if t.kind is Kind.STRING:
            if f.doc.enum:
                return pick(f.doc.enum, self.variant, index)
            if self.variant == "mid" and f.has_default and isinstance(f.default, str):
                return f.default
            return self.text(dname, f, index, siblings)
        if t.kind in (Kind.INTEGER, Kind.NUMBER):
            return self.number(f, t)
        if t.kind is Kind.BOOLEAN:
            if self.variant == "mid":
                return f.default if f.has_default else self.rng.random() < 0.5
            return self.variant == "max"
        if t.kind is Kind.OBJECT:
            inner = t.values or TypeRef(Kind.STRING)
            return {"key": self.value(dname, f, inner, 0, {}, ())}
        return {"any": ["value", 1, True]}

    def count(self, f: Field) -> int:
        """Items of an array: the fewest (at least one), or the most in ``max`` (two scalars,
        or one object when unlimited, to keep the document small)."""
        low = max(1, f.doc.min_items or 0)
        if self.variant != "max":
            return low
        if f.doc.max_items is not None:
            return max(low, f.doc.max_items)
        return max(low, 1 if base_type(f.type).kind is Kind.REF else 2)

    def value(
        self,
        dname: str,
        f: Field,
        t: TypeRef,
        index: int,
        siblings: dict[str, Any],
        stack: tuple[str, ...],
    ) -> Any:
        if t.kind is Kind.REF and t.ref is not None:
            return self.definition(t.ref, stack)
        if t.kind is Kind.ARRAY and t.items is not None:
            return [self.value(dname, f, t.items, i, siblings, stack) for i in range(self.count(f))]
        return self.scalar(dname, f, t, index, siblings)

    def definition(
        self, dname: str, stack: tuple[str, ...] = (), required_only: bool = False
    ) -> dict[str, Any]:
        d = self.api.definitions[dname]
        out: dict[str, Any] = {}
        # Enums first, so that a string can follow its sibling (IpAddr.addr after type).
        order = sorted(d.fields, key=lambda f: (not f.doc.enum, f.name))
        for f in order:
            if required_only and not f.required:
                continue
            if (f.type.refs() & {*stack, dname}) and not f.required:
                continue  # a recursive definition ends where the recursion would start
            out[f.name] = self.value(dname, f, f.type, 0, out, (*stack, dname))
        return out


# --- negative cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A field reachable from the root: the definitions on the way and the field."""

    path: tuple[tuple[str, Field], ...]  # (definition, field) per step, root first

    @property
    def field(self) -> Field:
        return self.path[-1][1]

    @property
    def definition(self) -> str:
        return self.path[-1][0]

    def loc(self) -> Loc:
        out: list[str | int] = []
        for i, (_, f) in enumerate(self.path):
            out.append(f.name)
            if i < len(self.path) - 1 and f.type.kind is Kind.ARRAY:
                out.append(0)
        return tuple(out)


def sites(api: Api, root: str) -> Iterator[Site]:
    """Every field reachable from ``root``, breadth first, each definition once."""
    seen = {root}
    queue: list[tuple[str, tuple[tuple[str, Field], ...]]] = [(root, ())]
    while queue:
        dname, prefix = queue.pop(0)
        for f in sorted(api.definitions[dname].fields, key=lambda f: f.name):
            site = Site((*prefix, (dname, f)))
            yield site
            ref = base_type(f.type).ref
            if base_type(f.type).kind is Kind.REF and ref and ref not in seen:
                seen.add(ref)
                queue.append((ref, site.path))


class Negatives:
    """The negative cases of one release of a group."""

    def __init__(self, group: Group, api: Api, apis: Sequence[Api]) -> None:
        self.group = group
        self.api = api
        self.newer = [a for a in apis if a.release > api.release]
        self.newest = apis[-1]
        self.root = group.obj
        self.builder = Builder(api, self.root, "min", seeded(group.key, str(api.release), "neg"))
        self.sites = list(sites(api, self.root))

    def minimal(self, dname: str) -> dict[str, Any]:
        return self.builder.definition(dname, required_only=True)

    def place(self, site: Site, value: Any) -> dict[str, Any]:
        """A minimal valid document with ``value`` at ``site``."""
        doc = self.minimal(self.root)
        node = doc
        for i, (_, f) in enumerate(site.path):
            if i == len(site.path) - 1:
                node[f.name] = value
                break
            ref = base_type(f.type).ref
            assert ref is not None
            child = self.minimal(ref)
            node[f.name] = [child] if f.type.kind is Kind.ARRAY else child
            node = child
        return doc

    def case(
        self, name: str, doc: dict[str, Any], loc: Loc, kind: str, schema: str = "reject"
    ) -> dict[str, Any]:
        return {
            "case": name,
            "doc": doc,
            "errors": [{"loc": list(loc), "type": kind}],
            "schema": schema,
        }

    def first(self, test: Any) -> Site | None:
        return next((s for s in self.sites if test(s)), None)

    def all(self) -> list[dict[str, Any]]:
        cases: list[dict[str, Any]] = []
        root_def = self.api.definitions[self.root]
        for f in sorted(root_def.fields, key=lambda f: f.name):
            if f.required:
                doc = self.minimal(self.root)
                del doc[f.name]
                cases.append(self.case(f"missing_required:{f.name}", doc, (f.name,), "missing"))
        cases += self.wrong_types() + self.enums() + self.numbers() + self.items()
        cases += self.unknown_fields()
        return cases

    def wrong_types(self) -> list[dict[str, Any]]:
        wrong = {
            Kind.STRING: (42, "string_type"),
            Kind.INTEGER: ("42", "int_type"),
            Kind.NUMBER: ("4.5", "float_type"),
            Kind.BOOLEAN: ("true", "bool_type"),
        }
        out = []
        for kind, (value, error) in wrong.items():
            site = self.first(
                lambda s, k=kind: (
                    s.field.type.kind is k and not s.field.doc.enum and not s.field.read_only
                )
            )
            if site is not None:
                out.append(
                    self.case(
                        f"wrong_type:{'.'.join(map(str, site.loc()))}",
                        self.place(site, value),
                        site.loc(),
                        error,
                    )
                )
        return out

    def enums(self) -> list[dict[str, Any]]:
        out = []
        enum_sites = [s for s in self.sites if s.field.doc.enum]
        for site in enum_sites:
            later = self.newer_members(site)
            if later:
                out.append(self.enum_case("enum_of_a_newer_release", site, later[0]))
                break
        if enum_sites:
            site = enum_sites[0]
            members = site.field.doc.enum
            prefix = members[0].rsplit("_", 1)[0] + "_" if "_" in members[0] else ""
            bogus = f"{prefix}NOT_IN_{str(self.api.release).replace('.', '_')}"
            out.append(self.enum_case("enum_unknown", site, bogus))
        return out

    def newer_members(self, site: Site) -> list[str]:
        have = set(site.field.doc.enum)
        for api in self.newer:
            d = api.definitions.get(site.definition)
            f = d.field(site.field.name) if d else None
            if f is not None:
                extra = [m for m in f.doc.enum if m not in have]
                if extra:
                    return extra
        return []

    def enum_case(self, name: str, site: Site, member: str) -> dict[str, Any]:
        array = site.field.type.kind is Kind.ARRAY
        value: Any = [member] if array else member
        loc = (*site.loc(), 0) if array else site.loc()
        label = f"{name}:{'.'.join(map(str, site.loc()))}={member}"
        return self.case(label, self.place(site, value), loc, "avi_enum")

    def numbers(self) -> list[dict[str, Any]]:
        out = []

        def numeric(s: Site) -> bool:
            t = base_type(s.field.type)
            return t.kind in (Kind.INTEGER, Kind.NUMBER)

        ranged = self.first(lambda s: numeric(s) and s.field.doc.range is not None)
        if ranged is not None:
            out += self.outside(ranged, "range")
        allowed = self.first(lambda s: numeric(s) and bool(s.field.doc.allowed_values))
        if allowed is not None:
            bad = max(allowed.field.doc.allowed_values) + 1
            out.append(self.number_case("not_allowed", allowed, bad))
        for fmt in FORMAT_BOUNDS:
            site = self.first(
                lambda s, fmt=fmt: (
                    numeric(s)
                    and base_type(s.field.type).format == fmt
                    and s.field.doc.range is None
                    and not s.field.doc.allowed_values
                )
            )
            if site is not None:
                out += self.outside(site, f"format_{fmt}")
        return out

    def outside(self, site: Site, label: str) -> list[dict[str, Any]]:
        out = []
        low, high = bounds(site.field)
        special = {s.value for s in site.field.doc.special_values}
        step = 1 if base_type(site.field.type).kind is Kind.INTEGER else 0.5
        if low is not None:
            value = low - step
            while value in special:
                value -= step
            out.append(self.number_case(f"{label}_low", site, value))
        if high is not None:
            value = high + step
            while value in special:
                value += step
            out.append(self.number_case(f"{label}_high", site, value))
        return out

    def number_case(self, name: str, site: Site, value: int | float) -> dict[str, Any]:
        array = site.field.type.kind is Kind.ARRAY
        loc = (*site.loc(), 0) if array else site.loc()
        label = f"{name}:{'.'.join(map(str, site.loc()))}={value}"
        return self.case(label, self.place(site, [value] if array else value), loc, "avi_range")

    def items(self) -> list[dict[str, Any]]:
        out = []
        for attr, label, kind in (
            ("max_items", "too_many_items", "avi_max_items"),
            ("min_items", "too_few_items", "avi_min_items"),
        ):
            site = self.first(
                lambda s, attr=attr: (
                    s.field.type.kind is Kind.ARRAY and (getattr(s.field.doc, attr) or 0) > 0
                )
            )
            if site is None:
                continue
            limit: int = getattr(site.field.doc, attr)
            n = limit + 1 if attr == "max_items" else limit - 1
            full = self.builder.value(site.definition, site.field, site.field.type, 0, {}, ())
            item = full[0]
            doc = self.place(site, [item] * n)
            out.append(
                self.case(f"{label}:{'.'.join(map(str, site.loc()))}={n}", doc, site.loc(), kind)
            )
        return out

    def unknown_fields(self) -> list[dict[str, Any]]:
        out = []
        release = str(self.api.release)
        newest = Builder(self.newest, self.root, "min", seeded(self.group.key, release, "new"))
        root_def = self.api.definitions[self.root]
        newer_root = self.newest.definitions.get(self.root)
        extra = sorted(
            f.name
            for f in (newer_root.fields if newer_root else ())
            if root_def.field(f.name) is None
        )
        if extra:
            assert newer_root is not None
            f = newer_root.field(extra[0])
            assert f is not None
            value = newest.value(self.root, f, f.type, 0, {}, ())
            name = extra[0]
        else:
            name, value = "field_of_a_newer_release", "value"
        doc = self.minimal(self.root)
        doc[name] = value
        out.append(self.case(f"unknown_field:{name}", doc, (name,), "avi_unknown_field", "accept"))
        for site in self.sites:
            if base_type(site.field.type).kind is not Kind.REF:
                continue
            ref = base_type(site.field.type).ref
            assert ref is not None
            mine = self.api.definitions[ref]
            theirs = self.newest.definitions.get(ref)
            missing = sorted(
                f.name for f in (theirs.fields if theirs else ()) if mine.field(f.name) is None
            )
            if not missing:
                continue
            assert theirs is not None
            f = theirs.field(missing[0])
            assert f is not None
            inner = self.minimal(ref)
            inner[f.name] = newest.value(ref, f, f.type, 0, {}, ())
            array = site.field.type.kind is Kind.ARRAY
            doc = self.place(site, [inner] if array else inner)
            loc = (*site.loc(), *((0,) if array else ()), f.name)
            out.append(
                self.case(
                    f"unknown_field:{'.'.join(map(str, loc))}",
                    doc,
                    loc,
                    "avi_unknown_field",
                    "accept",
                )
            )
            break
        return out


# --- the run ---------------------------------------------------------------------------------


def goldens(group: Group) -> dict[Path, str]:
    """Every file the group's goldens consist of, with its text."""
    apis = group.apis()
    files: dict[Path, str] = {}
    for api in apis:
        release = str(api.release)
        folder = group.golden_dir(release)
        for variant in VARIANTS:
            rng = seeded(group.key, release, group.obj, variant)
            builder = Builder(api, group.obj, cast(Variant, variant), rng)
            doc = builder.definition(group.obj)
            files[folder / f"{group.obj}.{variant}.json"] = dump_json(doc)
        negatives = {
            "model": group.obj,
            "release": release,
            "source": group.source,
            "cases": Negatives(group, api, apis).all(),
        }
        files[negative_file(group, release)] = dump_json(negatives)
    return files


def owned(group: Group) -> set[Path]:
    """The files on disk that the group's goldens own (to find stale ones)."""
    pattern = f"*/{group.source}/{group.obj}.*.json"
    return set(DATA.glob(pattern))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 listing what would change"
    )
    args = parser.parse_args(argv)
    present = groups()
    if not any(g.source == "avi-specs" for g in present):
        print("note: ../shared/avi-specs not found; only the bundled goldens are handled")
    changed: list[str] = []
    for group in present:
        files = goldens(group)
        stale = owned(group) - set(files)
        for path, text in sorted(files.items()):
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != text:
                changed.append(
                    f"{'added' if current is None else 'changed'}: {path.relative_to(REPO)}"
                )
                if not args.check:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
        for path in sorted(stale):
            changed.append(f"removed: {path.relative_to(REPO)}")
            if not args.check:
                path.unlink()
        print(f"{group.key}: {len(group.apis())} releases, {len(files)} files")
    for line in changed:
        print(line)
    if args.check:
        if changed:
            print(f"{len(changed)} golden files are out of date: run tools/make_goldens.py")
            return 1
        print("goldens are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
