"""Enum modules: written from the enum template alone, with the member names the model renderer
would give, and the literals and docstrings it writes reading as their values."""

from __future__ import annotations

import ast
import json
import keyword
import warnings
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.render.enums import enum_module_source
from codegen.render.format import format_python
from codegen.render.layout import EnumClass, Layout
from codegen.render.naming import enum_members
from codegen.render.schema import clean_text
from codegen.render.style import prepare
from codegen.render.templates import Templates, format_docstring
from tests.helpers import api_response, crud_paths, generate, import_package, swagger, write_spec


def renderer_member_names(values: list[str]) -> list[str]:
    """The member names datamodel-code-generator gives an enum of ``values``."""
    from datamodel_code_generator import InputFileType, generate
    from datamodel_code_generator.format import PythonVersion

    view = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "0"},
        "paths": {},
        "components": {"schemas": {"E": {"type": "string", "enum": values}}},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its notices about future defaults
        source = generate(
            json.dumps(view),
            input_file_type=InputFileType.OpenAPI,
            target_python_version=PythonVersion.PY_311,
        )
    assert isinstance(source, str)
    (cls,) = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == "E"]
    return [
        node.targets[0].id
        for node in cls.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    ]


# ASCII values as Avi might write them: words, digits, punctuation, keywords, prefixes.
VALUES = st.lists(
    st.one_of(
        st.text(alphabet="abAB09_-. #/", min_size=1, max_size=6),
        st.sampled_from([*keyword.kwlist, "mro", "#x", "_x", "1x", "a-b", "a_b", "a_b_1"]),
    ),
    min_size=1,
    max_size=6,
    unique=True,
)


@settings(max_examples=60, deadline=None)
@given(VALUES)
def test_member_names_are_the_model_renderers(values: list[str]) -> None:
    assert list(enum_members(tuple(values))) == renderer_member_names(values)


def test_member_names_stay_off_the_runtime_enum() -> None:
    """``is_known`` is the runtime enum's own property: a member of that name would hide it."""
    assert enum_members(("is_known", "is_known_")) == ("is_known_", "is_known__1")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=4, unique=True))
def test_an_enum_module_is_in_black_layout_and_reads_as_its_values(values: list[str]) -> None:
    """Quotes, backslashes, control and bidi characters: each value reads as itself, every
    line is visible text, and the module (short lines) is already as black writes it."""
    layout = Layout(
        module_of={"Odd": "thing_enums"},
        enums={"Odd": EnumClass("Odd", tuple(values), (("Thing", "odd"),))},
    )
    raw = enum_module_source(layout, ["Odd"], Templates())
    formatted = format_python(raw, "thing_enums")
    if not any('"' in v and "'" in v for v in values):  # black's own choice of quotes then
        assert prepare(raw) == formatted
    assert all(line.isprintable() for line in formatted.splitlines())
    (cls,) = [n for n in ast.parse(formatted).body if isinstance(n, ast.ClassDef)]
    assigned = [n.value for n in cls.body if isinstance(n, ast.Assign)]
    assert [ast.literal_eval(v) for v in assigned] == values


@given(st.text().map(clean_text))
def test_a_docstring_reads_as_its_text(text: str) -> None:
    source = format_docstring(text, 4, use_single_line_docstring=True)
    assert ast.literal_eval(source) == text


def test_a_multi_line_docstring_is_indented() -> None:
    source = format_docstring('One "two"\n\nthree\\', 4)
    assert source == '"""\n    One \\"two\\"\n\n    three\\\\\n    """'
    assert ast.literal_eval(source) == '\n    One "two"\n\n    three\\\n    '


OPTIONS = "Enum options - a-b, a_b, 1X, class, mro, #h."
THING: dict[str, Any] = {
    "type": "object",
    "properties": {
        "uuid": {"type": "string"},
        "mode": {"type": "string", "default": "a_b", "description": f"Mode. {OPTIONS}"},
        "modes": {
            "type": "array",
            "items": {"type": "string"},
            "default": ["1X", "#h"],
            "description": f"Modes. {OPTIONS}",
        },
        "shared": {"type": "string", "description": "Shared. Enum options - ON, OFF."},
    },
}
OTHER: dict[str, Any] = {
    "type": "object",
    "properties": {
        "uuid": {"type": "string"},
        "shared": {"type": "string", "description": "Shared. Enum options - ON, OFF."},
    },
}


def test_enum_modules(tmp_path: Path) -> None:
    """Enums live apart from models: one module's in ``<module>_enums``, shared ones in
    ``enum_<class>``; a default names the member the enum module defines, however the value
    had to be spelled."""
    specs = tmp_path / "specs"
    for name, definition in (("Thing", THING), ("Other", OTHER)):
        definitions = {name: definition, f"{name}ApiResponse": api_response(name)}
        write_spec(
            specs, "30.2.1", name, swagger(definitions, crud_paths(f"/{name.lower()}", name))
        )
    (package,) = generate(specs, tmp_path / "out", ["30.2.1"])
    models = tmp_path / "out" / package / "models"
    classes = {
        path.stem: [n.name for n in ast.parse(path.read_text()).body if isinstance(n, ast.ClassDef)]
        for path in models.glob("*.py")
    }
    assert classes["thing"] == ["Thing", "ThingApiResponse"]
    assert classes["thing_enums"] == ["ThingMode"]  # both fields: one class, an alias
    assert classes["enum_other_shared"] == ["OtherShared"]
    pkg = import_package(tmp_path / "out", package)
    mode = pkg.models.ThingMode
    assert [m.name for m in mode] == ["a_b", "a_b_1", "field_1X", "class_", "mro_", "h"]
    thing = pkg.models.Thing()
    assert thing.mode is mode.a_b_1 and thing.mode.value == "a_b"
    assert thing.modes == [mode.field_1X, mode.h]
    assert pkg.models.ThingModes is mode
    assert pkg.models.Other(shared="ON").shared is pkg.models.ThingShared.ON
