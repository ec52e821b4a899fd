"""Hostile specs through ``avi-codegen generate``: each case either generates correct code or
fails with exit code 2 and located one-line messages; never a traceback, never a hang.

The small cases are files under ``cases/<case>/`` (copied as the spec folder of one release);
the big ones (20 MB, 200 levels, a 5,000-character enum option, a 64 MB file) are built here.
Every case runs the command line in a fresh interpreter with a time bound (``support.py``).
A case that generates is then checked: every Python file is black-formatted and contains only
visible characters, and the package is imported and exercised in another fresh interpreter
(``exercise.py``): every module imported, every model rebuilt with its metadata readable,
every client resource built, the case's documents validated and written back unchanged.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from codegen.ir.grammar import parse_description
from codegen.render.naming import MODEL_ATTRIBUTES
from codegen.render.schema import clean_text
from tests.helpers import api_response, crud_paths, swagger
from tests.hostile.support import (
    CASES,
    PACKAGE,
    assert_black,
    exercise,
    generate,
    python_files,
    write_files,
)

Files = dict[str, bytes]


@dataclass(frozen=True)
class Case:
    """One hostile input and what must come of it.

    ``errors``/``warnings``: patterns that some diagnostic line must match (the spec folder's
    path is removed first, so a line reads ``Thing.json:3:25: error: ... [code]``). A case with
    ``errors`` must exit 2 and write nothing; any other must exit 0 and pass ``plan`` (see
    ``exercise.py``).
    """

    name: str
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    plan: dict[str, Any] = field(default_factory=dict)
    build: Callable[[], Files] | None = None  # else the files of cases/<name>/
    black: bool = True
    #: generated methods expected in each resource class of resources/thing.py
    operations: int | None = None
    #: docstrings expected in models/: (class, field or None for the class) -> text
    descriptions: dict[tuple[str, str | None], str | None] = field(default_factory=dict)

    def files(self) -> Files:
        if self.build is not None:
            return self.build()
        folder = CASES / self.name
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _thing(props: dict[str, Any], defs: dict[str, Any] | None = None) -> dict[str, Any]:
    schema = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
    schema["properties"].update(props)
    all_defs = {"Thing": schema, "ThingApiResponse": api_response("Thing"), **(defs or {})}
    return swagger(all_defs, crud_paths("/thing", "Thing"))


def _json(doc: dict[str, Any]) -> Files:
    return {"Thing.json": json.dumps(doc).encode()}


# -- the big cases, built here -------------------------------------------------------------


def _huge_integer() -> Files:
    return {"Thing.json": b'{"swagger": "2.0",\n "x-n": ' + b"7" * 5000 + b"}"}


def _not_utf8() -> Files:
    return {"Thing.json": b'{"swagger": "2.0", "info": {"title": "caf\xe9"}}'}


def _too_large() -> Files:
    return {"Thing.json": b""}  # made sparse past the limit by the test (no 64 MB written)


def _deep_arrays() -> Files:
    node: dict[str, Any] = {"type": "string"}
    for _ in range(200):
        node = {"type": "array", "items": node}
    return _json(_thing({"deep": node}))


def _deep_json() -> Files:
    doc = _thing({})
    text = json.dumps(doc)[:-1] + ', "x-deep": ' + "[" * 900 + "]" * 900 + "}"
    return {"Thing.json": text.encode()}


def _deep_definitions(depth: int) -> Callable[[], Files]:
    def build() -> Files:
        defs = {
            f"Level{i}": {
                "type": "object",
                "properties": {
                    "n": {"type": "integer"},
                    **({"next": {"$ref": f"#/definitions/Level{i + 1}"}} if i + 1 < depth else {}),
                },
            }
            for i in range(depth)
        }
        return _json(_thing({"deep": {"$ref": "#/definitions/Level0"}}, defs))

    return build


def _deep_document(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"n": depth - 1}
    for i in reversed(range(depth - 1)):
        node = {"n": i, "next": node}
    return {"name": "deep", "deep": node}


LONG_OPTION = "L" * 4990 + "-long"


def _long_enum() -> Files:
    options = ["SHORT", LONG_OPTION, "X" * 5000]
    return _json(
        _thing(
            {
                "kind": {
                    "type": "string",
                    "description": "Enum options - " + ", ".join(options) + ".",
                }
            }
        )
    )


BIG = 20 * 1024 * 1024


def _spec_20mb() -> Files:
    """20 MB of descriptions over 20 fields: loaded, validated, parsed by the description
    grammar and written into docstrings."""
    chunk = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * (BIG // 20 // 57 + 1)
    props = {f"f{i:02d}": {"type": "string", "description": chunk} for i in range(20)}
    blob = json.dumps(_thing(props)).encode()
    assert len(blob) >= BIG
    return {"Thing.json": blob}


# -- the plans of the cases that generate -----------------------------------------------------


def _case_thing(case: str) -> dict[str, Any]:
    """The ``Thing`` definition of the case folder ``case``."""
    doc = json.loads((CASES / case / "Thing.json").read_text("utf-8"))
    thing: dict[str, Any] = doc["definitions"]["Thing"]
    return thing


FIELD_NAMES = _case_thing("field_names")["properties"]
DEFINITION_NAMES = _case_thing("definition_names")["properties"]
DESCRIPTIONS = _case_thing("descriptions")
#: the options of ``enums``' field ``kind``: its list once duplicates ("A", "A") are dropped
ENUM_OPTIONS = [
    "A", "a", "None", "True", "class", "mro", "name", "value", "is_known", "_missing_",
    "__init__", "__class__", "a-b", "1x", "a.b", "with space", "naïve", "名前", "_", "__", "1",
    "-1", "0.5", "null", "upper", "format", "split", "{{x}}", '"q"', "'s'", "back\\slash", "#",
]  # fmt: skip


def _field_names_doc() -> dict[str, Any]:
    doc = {name: f"value of {name!r}" for name in FIELD_NAMES if name != "kind"}
    return {**doc, "name": "n", "kind": "B"}


def _description_checks() -> dict[tuple[str, str | None], str | None]:
    """What is lost of a description: control characters and runs of white space, only."""
    checks: dict[tuple[str, str | None], str | None] = {
        ("Thing", None): clean_text(DESCRIPTIONS["description"])
    }
    for name, prop in DESCRIPTIONS["properties"].items():
        if name != "name":
            checks[("Thing", name)] = clean_text(prop["description"]) or None
    return checks


def err(where: str, message: str, code: str) -> str:
    """The pattern of one error line; ``…`` in ``message`` stands for any text."""
    return _line(where, "error", message, code)


def warn(where: str, message: str, code: str) -> str:
    return _line(where, "warning", message, code)


def _line(where: str, level: str, message: str, code: str) -> str:
    text = re.escape(message).replace(re.escape("…"), ".*")
    return f"^{re.escape(where)}: {level}: {text} \\[{code}\\]$"


T = "Thing.json"
Y = "Thing.yaml"
PROPS = "Thing.json#/definitions/Thing/properties"
TWICE = "given more than once in the same object: the last one is used"
TAG = "tag:yaml.org,2002:python/object/apply:os.system"

CASES_TABLE = [
    # unreadable files: exit 2, line and column (or the file, when the file is the problem)
    Case(
        "malformed_json",
        errors=(err(f"{T}:3:25", "malformed JSON: Expecting ',' delimiter", "json-syntax"),),
    ),
    Case(
        "malformed_yaml",
        errors=(
            err(f"{Y}:5:6", "malformed YAML: expected ',' or ']', but got ':'", "yaml-syntax"),
        ),
    ),
    Case("empty_file", errors=(err(f"{T}:1:1", "malformed JSON: Expecting value", "json-syntax"),)),
    Case(
        "top_level_list",
        errors=(err(T, "top level is list, expected a Swagger object", "not-an-object"),),
    ),
    Case(
        "top_level_scalar",
        errors=(err(Y, "top level is str, expected a Swagger object", "not-an-object"),),
    ),
    Case(
        "huge_integer",
        build=_huge_integer,
        errors=(
            err(f"{T}:2:9", "unreadable number: Exceeds the limit (4300 digits)…", "json-number"),
        ),
    ),
    Case(
        "not_utf8",
        build=_not_utf8,
        errors=(err(f"{T}:1:42", "not UTF-8 text (byte 41)", "not-utf8"),),
    ),
    Case(
        "too_large",
        build=_too_large,
        errors=(err(T, "file is 67108865 bytes, more than 67108864", "too-large"),),
    ),
    Case(
        "not_swagger2",
        errors=(err(f"{T}#/swagger", "expected swagger '2.0', found None", "not-swagger2"),),
    ),
    # wrong types, located by JSON pointer
    Case(
        "wrong_containers",
        errors=(
            err(f"{T}#/paths/~1thing/get/parameters", "parameters must be a list", "wrong-type"),
            err(
                f"{T}#/paths/~1thing~1{{uuid}}/delete/responses",
                "responses must be an object",
                "wrong-type",
            ),
            err(f"{T}#/definitions/Broken", "a definition must be an object", "wrong-type"),
        ),
    ),
    Case(
        "wrong_schema_types",
        errors=(
            # worded by jsonschema-rs, the metaschema backend the project installs
            err(f"{T}#/definitions/Thing/required", '"name" is not of type "array"', "invalid"),
            err(f"{PROPS}/count/type", "5 is not valid …", "invalid"),
            err(f"{PROPS}/label", '"string" is not of type "object"', "invalid"),
            err(f"{PROPS}/note/description", '7 is not of type "string"', "invalid"),
        ),
    ),
    Case(
        "bad_defaults",
        errors=(
            err(f"{PROPS}/count/default", "default 'five' is not of type integer", "bad-default"),
            err(f"{PROPS}/enabled/default", "default 'yes' is not of type boolean", "bad-default"),
            err(f"{PROPS}/label/default", "default 5 is not of type string", "bad-default"),
            err(f"{PROPS}/ratio/default", "default True is not of type number", "bad-default"),
            err(f"{PROPS}/ports/default", "default {'a': 1} is not of type array", "bad-default"),
        ),
    ),
    # references: dangling and remote ones refused (never fetched); cycles and self references fine
    Case(
        "dangling_ref",
        errors=(
            err(
                f"{PROPS}/other",
                "$ref '#/definitions/Nowhere' points to no definition",
                "dangling-ref",
            ),
        ),
    ),
    Case(
        "remote_ref",
        errors=(
            err(
                f"{PROPS}/other",
                "unsupported $ref 'https://example.invalid/evil.json#/definitions/X' …",
                "bad-ref",
            ),
        ),
    ),
    Case(
        "cyclic_ref",
        plan={
            "valid": [
                ["Thing", {"name": "n", "a": {"n": 1, "b": {"a": {"b": {"items": [{"n": 2}]}}}}}]
            ],
            "invalid": [["Thing", {"name": "n", "a": {"b": {"a": {"n": "one"}}}}]],
            "response": [["Thing", {"name": "n", "a": {"b": {"new": [1]}}}]],
        },
    ),
    Case(
        "self_ref",
        plan={
            "valid": [
                [
                    "Thing",
                    {
                        "name": "a",
                        "parent": {"name": "b", "parent": {"name": "c"}},
                        "children": [{"name": "d", "children": []}],
                    },
                ]
            ],
            "invalid": [["Thing", {"name": "a", "parent": {"parent": {"name": 1}}}]],
        },
    ),
    # duplicate keys: the last one wins, with a located warning (JSON pointer; YAML line:column)
    Case(
        "duplicate_keys_json",
        warnings=(
            warn(f"{T}#/definitions/Thing", f"key 'Thing' {TWICE}", "duplicate-key"),
            warn(f"{PROPS}/size", f"key 'size' {TWICE}", "duplicate-key"),
            warn(f"{T}#/paths/~1thing", f"key '/thing' {TWICE}", "duplicate-key"),
            warn(f"{T}#/paths/~1thing/post", f"key 'post' {TWICE}", "duplicate-key"),
        ),
        plan={
            "valid": [["Thing", {"name": "n", "size": 5}]],
            "invalid": [
                ["Thing", {"name": "n", "size": "5"}],
                ["Thing", {"name": "n", "lost": "x"}],
            ],
        },
    ),
    Case(
        "duplicate_keys_yaml",
        warnings=(
            warn(f"{Y}:9:3", f"key 'Thing' {TWICE}", "duplicate-key"),
            warn(f"{Y}:15:7", f"key 'size' {TWICE}", "duplicate-key"),
        ),
        plan={
            "valid": [["Thing", {"name": "n", "size": 5}]],
            "invalid": [
                ["Thing", {"name": "n", "size": "5"}],
                ["Thing", {"name": "n", "lost": "x"}],
            ],
        },
    ),
    # YAML attacks: no object built from a tag, no alias bomb, no recursive structure
    Case(
        "yaml_python_tag",
        errors=(
            err(
                f"{Y}:4:9",
                f"malformed YAML: could not determine a constructor for the tag '{TAG}'",
                "yaml-syntax",
            ),
        ),
    ),
    Case(
        "yaml_billion_laughs",
        errors=(err(Y, "YAML aliases expand to more than 5000000 nodes", "too-large"),),
    ),
    Case(
        "yaml_recursive_alias",
        errors=(err(f"{Y}:4:9", "a YAML alias refers to a node that contains it", "yaml-alias"),),
    ),
    Case(
        "yaml_non_string_keys",
        errors=(
            err(
                "Thing.yaml#/definitions/Thing/properties/1",
                "key 1 is not a string but int (quote it in YAML)",
                "bad-key",
            ),
            err(
                "Thing.yaml#/definitions/Thing/properties/None",
                "key None is not a string but NoneType …",
                "bad-key",
            ),
        ),
    ),
    # constraints no value meets are dropped with a warning (else every value is refused)
    Case(
        "absurd_ranges",
        warnings=(
            warn(
                f"{PROPS}/num/description",
                "allowed values 5-1 admit no value: range ignored",
                "empty-range",
            ),
            warn(
                f"{PROPS}/ports/description",
                "at least 5 and at most 2 items admit no value: item limits ignored",
                "empty-range",
            ),
        ),
        plan={
            "valid": [
                ["Thing", {"name": "n", "num": 3, "ports": [1, 2, 3], "huge": 10**39, "tiny": 0.25}]
            ],
            "invalid": [
                ["Thing", {"name": "n", "huge": 0}],
                ["Thing", {"name": "n", "tiny": 0.75}],
            ],
            "meta": [
                ["Thing", "num", {"range": None, "unit": "SEC"}],
                ["Thing", "ports", {"min_items": None, "max_items": None}],
            ],
        },
    ),
    # names: keywords, builtins, dunders, non-identifiers, unicode (NFKC), empty, runtime names
    Case(
        "field_names",
        plan={
            "valid": [["Thing", _field_names_doc()]],
            "response": [["Thing", {"name": "n", "from_response": "x", "brand_new": {"a": 1}}]],
            "meta": [
                ["Thing", name, {"wire_name": name}]
                for name in ("ﬁeld", "ｃｌａｓｓ", "", "a-b", "a_b", *sorted(MODEL_ATTRIBUTES))
            ],
        },
    ),
    Case(
        "definition_names",
        plan={
            "valid": [
                [
                    "Thing",
                    {
                        "name": "n",
                        **{f: {"name": f, "kind": "Q"} for f in DEFINITION_NAMES if f != "name"},
                    },
                ]
            ],
            "invalid": [["Thing", {"name": "n", "f0": {"kind": "R"}}]],
        },
    ),
    # operation paths that sanitise alike, or to names the runtime's Resource uses: one
    # method each (a repeated ``def`` would silently drop an operation)
    Case("operation_names", operations=23, plan={"valid": [["Thing", {"name": "n"}]]}),
    Case(
        "name_collision",
        errors=(
            err(
                f"{T}#/definitions/Foo",
                "definitions 'Foo', 'foo' would all be class Foo",
                "name-collision",
            ),
        ),
    ),
    Case(
        "resource_name_collision",
        errors=(
            err(
                f"{T}#/definitions/ThingResource",
                "model class ThingResource has the name of the resource class of object Thing; "
                "rename the definition",
                "name-collision",
            ),
        ),
    ),
    # text: quotes, backslashes, jinja, '#', newlines, NUL, controls, bidi: docstrings only
    Case(
        "descriptions",
        plan={
            "valid": [["Thing", {"name": "n", "quotes": '"""'}]],
            "defaults": [
                [
                    "Thing",
                    "invisible_default",
                    DESCRIPTIONS["properties"]["invisible_default"]["default"],
                ]
            ],
        },
        descriptions=_description_checks(),
    ),
    # enum options: not identifiers, duplicates, empty, keywords, one value, 5,000 characters
    Case(
        "enums",
        plan={
            "valid": [["Thing", {"name": "n", "kind": option}] for option in ENUM_OPTIONS]
            + [
                [
                    "Thing",
                    {
                        "name": "n",
                        "blanks": "B",
                        "single": "ONLY",
                        "kinds": ["Y", "X"],
                        "number": 3,
                    },
                ]
            ],
            "invalid": [
                ["Thing", {"name": "n", "kind": "b"}],
                ["Thing", {"name": "n", "blanks": ""}],
                ["Thing", {"name": "n", "single": "OTHER"}],
            ],
            "response": [
                ["Thing", {"name": "n", "kind": "FROM_A_NEWER_RELEASE", "single": "OTHER"}]
            ],
        },
    ),
    Case(
        "enum_5000_characters",
        build=_long_enum,
        plan={
            "valid": [
                ["Thing", {"name": "n", "kind": LONG_OPTION}],
                ["Thing", {"name": "n", "kind": "X" * 5000}],
            ],
            "invalid": [["Thing", {"name": "n", "kind": LONG_OPTION[:-1]}]],
        },
    ),
    # depth and size
    Case(
        "deep_arrays",
        build=_deep_arrays,
        errors=(err(f"{PROPS}/deep" + "/items" * 97, "nested more than 100 levels", "too-deep"),),
    ),
    Case(
        "deep_json",
        build=_deep_json,
        errors=(err(f"{T}#/x-deep" + "/0" * 100, "nested more than 100 levels", "too-deep"),),
    ),
    Case(
        "deep_definitions_200",
        build=_deep_definitions(200),
        errors=(
            err(
                f"{T}#/definitions/ThingApiResponse",
                "definitions nested 202 levels deep (ThingApiResponse > Thing > Level0 > "
                "Level1 > ...); generated models hold at most 64",
                "too-deep",
            ),
        ),
    ),
    Case(
        "deep_definitions_60",
        build=_deep_definitions(60),
        plan={"valid": [["Thing", _deep_document(60)]]},
    ),
    Case(
        "spec_20mb",
        build=_spec_20mb,
        black=False,
        plan={"valid": [["Thing", {"name": "big", "f00": "x"}]]},
    ),
    # one bad file among good ones stops everything
    Case(
        "bad_among_good",
        errors=(err(f"{T}:1:30", "malformed JSON: Expecting value", "json-syntax"),),
    ),
]


def test_every_case_folder_is_in_the_table() -> None:
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders <= {c.name for c in CASES_TABLE}


def test_enum_case_options_are_the_tables() -> None:
    description = _case_thing("enums")["properties"]["kind"]["description"]
    assert parse_description(description).enum == tuple(ENUM_OPTIONS)


def test_model_attributes_are_the_runtime_ones() -> None:
    """The naming authority renames fields that would hide what the runtime's model base adds."""
    from pydantic import BaseModel

    from codegen.runtime.models import AviModel

    added = {n for n in dir(AviModel) if not n.startswith("_")} - set(dir(BaseModel))
    assert added == set(MODEL_ATTRIBUTES)


#: Errors about a whole file (its size, its top level), located by the file alone.
FILE_LEVEL = {"not-an-object", "too-large"}


def _lines(run_stderr: str, folder: Path) -> list[str]:
    prefix = str(folder) + "/"
    return [line.replace(prefix, "") for line in run_stderr.splitlines()]


@pytest.mark.parametrize("case", CASES_TABLE, ids=lambda c: c.name)
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    folder = write_files(specs, case.files())
    if case.name == "too_large":
        with open(folder / "Thing.json", "r+b") as sparse:
            sparse.truncate(64 * 1024 * 1024 + 1)
    run = generate(specs, out)
    diagnostics = run.diagnostics()  # fails on any line that is not a diagnostic
    lines = _lines(run.stderr, folder)
    for pattern in (*case.errors, *case.warnings):
        assert any(re.search(pattern, line) for line in lines), (pattern, lines)
    if case.errors:
        assert run.code == 2, run.stderr
        assert not out.exists() or not any(out.iterdir())
        errors = [d for d in diagnostics if d["level"] == "error"]
        assert all(d["file"].startswith(str(folder)) for d in errors), lines  # the spec file
        assert any(d["line"] or d["ptr"] for d in errors) or all(
            d["code"] in FILE_LEVEL for d in errors
        ), lines
        return
    assert run.code == 0, run.stderr
    assert not [d for d in diagnostics if d["level"] == "error"]
    assert sorted(p.name for p in out.iterdir()) == [PACKAGE]  # no temporary folder left
    package = out / PACKAGE
    for path in python_files(package):
        text = path.read_text("utf-8")
        invisible = {c for c in text if not (c.isprintable() or c == "\n")}
        assert not invisible, (path, invisible)
    if case.black:
        assert_black(package)
    summary = exercise(out, case.plan)
    assert summary["classes"] >= 1
    if case.descriptions:
        _check_docstrings(package / "models", case.descriptions)
    if case.operations is not None:
        _check_methods(package / "resources" / "thing.py", case.operations)


def _check_methods(path: Path, count: int) -> None:
    classes = [n for n in ast.parse(path.read_text("utf-8")).body if isinstance(n, ast.ClassDef)]
    assert len(classes) == 2
    for cls in classes:
        names = [
            f.name
            for f in cls.body
            if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and f.name != "__init__"
        ]
        assert len(names) == len(set(names)) == count, (cls.name, sorted(names))


def _check_docstrings(models: Path, expected: dict[tuple[str, str | None], str | None]) -> None:
    """Docstrings of classes and fields (the string after a field) read from the source."""
    found: dict[tuple[str, str | None], str | None] = {}
    for path in models.glob("*.py"):
        for node in ast.parse(path.read_text("utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            found[(node.name, None)] = ast.get_docstring(node, clean=False)
            body = node.body
            for stmt, after in zip(body, [*body[1:], None], strict=True):
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    doc = None
                    if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                        doc = after.value.value
                    found[(node.name, stmt.target.id)] = doc
    for key, text in expected.items():
        assert found.get(key, "<missing>") == text, (key, found.get(key), text)


def test_renderer_failures_are_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the model renderer raises, or a class it renames, becomes a diagnostic (the
    command line prints it and exits 2) rather than a traceback."""
    from codegen.diagnostics import DiagnosticError
    from codegen.render import models
    from codegen.render.templates import BUNDLED

    schemas = {"m.Thing": {"type": "object", "properties": {"x": {"type": "string"}}}}
    monkeypatch.setattr(models, "_generate", lambda *a: (_ for _ in ()).throw(KeyError("boom")))
    with pytest.raises(DiagnosticError, match="model renderer failed: 'boom'"):
        models.render_module("m", schemas, {}, BUNDLED / "models")
    monkeypatch.setattr(models, "_generate", lambda *a: {("m.py",): "class Other: pass\n"})
    with pytest.raises(DiagnosticError, match="class Thing was renamed by the model renderer"):
        models.render_module("m", schemas, {}, BUNDLED / "models")
