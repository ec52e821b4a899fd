"""``codegen.render.style``: the layouts it writes are black's, and it never changes meaning."""

from __future__ import annotations

import ast
import keyword
from pathlib import Path

import black
import pytest
from black.mode import TargetVersion
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.ir.release import Release
from codegen.pipeline import build_release, spec_files
from codegen.render.models import render_module
from codegen.render.package import plan_package
from codegen.render.style import bracketed, prepare
from codegen.render.templates import Templates

MODE = black.Mode(target_versions={TargetVersion.PY311})
ROOT = Path(__file__).resolve().parents[2]


def black_format(source: str) -> str:
    return black.format_str(source, mode=MODE)


def assert_black_layout(source: str) -> None:
    """``prepare`` keeps the meaning, gives what black gives, and black changes nothing."""
    prepared = prepare(source)
    assert ast.dump(ast.parse(prepared)) == ast.dump(ast.parse(source))
    assert prepared == black_format(source)
    assert black_format(prepared) == prepared


names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,44}", fullmatch=True).filter(
    lambda n: not keyword.iskeyword(n) and not keyword.issoftkeyword(n)
)
texts = st.from_regex(r"[A-Za-z0-9_/{}. -]{0,70}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(names, min_size=1, max_size=4, unique=True), names, st.booleans())
def test_imports(imported: list[str], module: str, nested: bool) -> None:
    line = f"from .{module} import {', '.join(imported)}"
    if nested:
        source = f"from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    {line}\n"
    else:
        source = line + "\n"
    assert_black_layout(source)


@settings(max_examples=150, deadline=None)
@given(names, st.booleans(), st.booleans(), names, st.booleans(), texts)
def test_methods(
    method: str, uuid: bool, body: bool, result: str, is_async: bool, path: str
) -> None:
    params = ["self"] + (["uuid: str"] if uuid else [])
    params += [f"body: {result} | Mapping[str, Any] | None = None"] if body else []
    params.append("**options: Unpack[CallOptions]")
    args = [result, '"GET"', repr(path)] + (["uuid=uuid"] if uuid else [])
    args += (["body=body"] if body else []) + ["options=options"]
    df, aw = ("async def", "await ") if is_async else ("def", "")
    source = (
        "class R(Resource[M]):\n"
        f"    {df} {method}({', '.join(params)}) -> {result}:\n"
        '        """Call it."""\n'
        f"        return {aw}self.operation_as({', '.join(args)})\n"
    )
    assert_black_layout(source)


@settings(max_examples=100, deadline=None)
@given(names)
def test_lone_parameter(attr: str) -> None:
    source = f"class C:\n    def {attr}(self) -> Async{attr}Resource:\n        return 1\n"
    assert_black_layout(source)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(names, texts, names), min_size=1, max_size=5))
def test_dict_entries(entries: list[tuple[str, str, str]]) -> None:
    lines = [f"    {k!r}: ({p!r}, {m!r})," for k, p, m in entries]
    source = "OBJECTS: dict[str, tuple[str, str]] = {\n" + "\n".join(lines) + "\n}\n"
    assert_black_layout(source)


@settings(max_examples=150, deadline=None)
@given(names, names, st.sampled_from(["None", "0", "'text'", "'it is'"]), st.booleans())
def test_annotated_fields(field: str, enum: str, value: str, dotted: bool) -> None:
    default = f"{enum}.{field.upper()}" if dotted else value
    source = f"class M(Model):\n    {field}: {enum} | None = {default}\n"
    assert_black_layout(source)


@settings(max_examples=100, deadline=None)
@given(names, names)
def test_list_fields(field: str, item: str) -> None:
    assert_black_layout(f"class M(Model):\n    {field}: list[{item}] | None = None\n")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(names, texts), min_size=1, max_size=5))
def test_enum_members(members: list[tuple[str, str]]) -> None:
    lines = [f"    {name.upper()} = {value!r}" for name, value in members]
    source = 'class E(Enum):\n    """Values of M.e."""\n\n' + "\n".join(lines) + "\n"
    assert_black_layout(source)


@settings(max_examples=100, deadline=None)
@given(names, names)
def test_class_lines(name: str, model: str) -> None:
    assert_black_layout(f"class Async{name}Resource(AsyncResource[{model}]):\n    pass\n")


def test_strings_with_quotes_docstrings_and_comments_are_kept() -> None:
    source = (
        "# it's 'quoted'\n"
        "A = 'plain'\n"
        "B = 'has \"double\"'\n"
        "C = \"it's\"\n"
        "D = 'back\\\\slash'\n"
        "E = \"a 'b' c\"\n"
        "def f() -> None:\n"
        '    """Don\'t touch \'this\'."""\n'
        "    x = '''multi\n"
        "'line'\n"
        "'''\n"
    )
    prepared = prepare(source)
    assert ast.dump(ast.parse(prepared)) == ast.dump(ast.parse(source))
    assert "A = \"plain\"" in prepared
    assert "B = 'has \"double\"'" in prepared
    assert "# it's 'quoted'" in prepared
    assert "\"\"\"Don't touch 'this'.\"\"\"" in prepared
    assert "'line'" in prepared


def test_bracketed_forms() -> None:
    short = bracketed("f(", ["a", "b"], ")")
    assert short == ["f(a, b)"]
    hugged = bracketed("call_something(", ["x" * 40, "y" * 40], ")")
    assert hugged == ["call_something(", "    " + "x" * 40 + ", " + "y" * 40, ")"]
    exploded = bracketed("v = (", ["x" * 45, "y" * 45], ")", explode=True)
    assert exploded == ["v = (", "    " + "x" * 45 + ",", "    " + "y" * 45 + ",", ")"]


def test_bundled_release_renders_in_black_layout() -> None:
    """Every file of the bundled release's package, as rendered, is already in black's
    layout after ``prepare`` (black then formats it in one pass), and black agrees."""
    release = Release.parse("31.1.1")
    files, _ = spec_files(ROOT / "specs" / "31.1.1")
    api, diagnostics = build_release(release, files)
    assert api is not None, diagnostics
    templates = Templates()
    plan = plan_package(api, templates)
    unstable = []
    for rel, job in plan.jobs.items():
        if job.kind == "models":
            module, schemas, meta, template_dir = job.payload
            source = render_module(module, schemas, meta, Path(template_dir))
        else:
            source = job.payload
        prepared = prepare(source)
        if black_format(prepared) != prepared:
            unstable.append(rel)
    assert unstable == []


@pytest.mark.parametrize("line_length_case", ["x" * 100, "y = " + "z" * 90])
def test_unknown_shapes_are_left_to_black(line_length_case: str) -> None:
    source = line_length_case + "\n"
    assert prepare(source) == source
