"""No injection: spec text reaches generated code only as data.

A spec puts canary payloads (a marker, then a Python break-out, a jinja expression, quotes,
backslashes, control and bidi characters) in every string a spec controls: the file name
(object name), definition and field names, descriptions, enum options, string defaults, units,
collection and operation paths, parameter names, operation and response descriptions, the info
block. Then:

* every generated module tokenizes, and the marker appears only inside string literals
  (docstrings included), comments, or ASCII identifiers the naming authority made;
* the modules hold no name the payloads try to reach (``os``, ``system``, ``__globals__``...),
  import only from an allowed list, and run no module-level call but ``model_rebuild``;
* jinja never evaluated the payload (it is there verbatim, and no globals were printed);
* importing and exercising the package (every module, every model and its metadata, a document
  full of payloads validated and written back, every resource of both clients) in a fresh
  interpreter under an audit hook runs no process, opens no file for writing and connects
  nowhere; and the canary file the payloads try to create never exists.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path
from typing import Any

from codegen.ir.grammar import parse_description
from codegen.render.models import visible_literals
from codegen.render.package import runtime_files
from tests.helpers import api_response, crud_paths, swagger
from tests.hostile.support import PACKAGE, exercise, generate, python_files, write_files

MARK = "ZQXCANARY"
#: Only in ``_runtime`` (copied verbatim, compared byte for byte) may these names appear.
FORBIDDEN_NAMES = {"os", "system", "subprocess", "touch", "eval", "exec", "__import__"}
FORBIDDEN_NAMES |= {"__globals__", "__builtins__", "compile", "open", "CANARY"}
ALLOWED_IMPORTS = re.compile(
    r"^(__future__|typing|collections\.abc|functools|importlib|urllib\.parse|enum|pydantic"
    r"|\._base|\.\._runtime\.\w+|\._runtime\.\w+|\.models\.\w+|\.\.models\.\w+|\.resources\.\w+"
    r"|\.client|\.\w+|\.)$"
)
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def payloads(canary: Path) -> list[str]:
    """Text that breaks out of a literal, a docstring, a comment or a template if it can."""
    return [
        f'{MARK}"); import os; os.system("touch {canary}") #',
        f"{MARK}'); import os; os.system('touch {canary}') #",
        f'{MARK}"""; import os; os.system("touch {canary}"); """',
        f"{MARK}{{{{ self.__init__.__globals__ }}}}{{% for x in (1,) %}}{{{{ x }}}}{{% endfor %}}",
        f"{MARK}\\\\\\ \\N{{BULLET}} \\x41 {{0}} %s # \x00 \x1b[31m \u202e\u2066 end",
        f"{MARK}\n# newline\r\nimport os\nos.system('touch {canary}')\n",
    ]


def _enum_text(p: list[str]) -> str:
    return "Enum options - " + ", ".join(x.replace(",", ";") for x in p) + "."


def hostile_spec(canary: Path) -> tuple[str, dict[str, Any]]:
    """A file name and a spec with a payload in every string-ish place."""
    p = payloads(canary)
    no_slash = [x.replace("/", "|") for x in p]  # names that become JSON pointer tokens
    root = f"Thing{no_slash[0]}"
    enum_text = _enum_text(p)
    props: dict[str, Any] = {
        "name": {"type": "string", "description": p[0]},
        "kind": {"type": "string", "description": enum_text, "default": p[3].split(",")[0]},
        "unit": {"type": "integer", "description": f"Unit is {MARK}\"');x. {p[1]}"},
        "other": {"$ref": f"#/definitions/{no_slash[2]}"},
        "tags": {"type": "array", "items": {"type": "string"}, "description": enum_text},
    }
    for i, x in enumerate(p):
        props[f"field{i}{x}"] = {"type": "string", "description": x, "default": x}
    fields = {x: {"type": "string", "description": y} for x, y in zip(p, p[1:], strict=False)}
    other = {"type": "object", "description": p[4], "properties": fields}
    definitions = {
        root: {"type": "object", "required": ["name"], "properties": props, "description": p[5]},
        f"{root}ApiResponse": api_response(root),
        no_slash[2]: other,
    }
    collection = f"/thing{p[0]}"
    paths = crud_paths(collection, root)
    uuid = {"name": "uuid", "in": "path", "type": "string", "required": True}
    ref = {"$ref": f"#/definitions/{root}"}
    for x in p:
        segment = x.replace("{", "(").replace("}", ")")  # braces are path templates
        paths[f"{collection}/{{uuid}}/{segment}"] = {
            "post": {
                "summary": x,
                "description": x,
                "parameters": [
                    uuid,
                    {"name": x, "in": "query", "type": "string", "description": x},
                    {"name": "body", "in": "body", "schema": ref},
                ],
                "responses": {"200": {"description": x, "schema": ref}},
            }
        }
    doc = swagger(definitions, paths)
    doc["info"] = {"title": p[0], "version": p[1], "description": p[3]}
    return f"{no_slash[0]}.json", doc


def _check_tokens(path: Path, source: str) -> None:
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.STRING, tokenize.COMMENT):
            continue
        if MARK in tok.string:
            assert tok.type == tokenize.NAME and IDENTIFIER.match(tok.string), (path, tok)
        if tok.type == tokenize.NAME:
            assert tok.string not in FORBIDDEN_NAMES, (path, tok)


def _check_tree(path: Path, source: str) -> None:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
            assert all(ALLOWED_IMPORTS.match(n) for n in names), (path, names)
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            assert ALLOWED_IMPORTS.match(module), (path, module)
    for stmt in tree.body:  # what runs at import: definitions, imports, assignments of data
        if isinstance(stmt, ast.Expr):
            value = stmt.value
            if isinstance(value, ast.Constant):
                continue  # a docstring
            assert (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr == "model_rebuild"
                and not value.args
            ), (path, ast.unparse(stmt))
        else:
            allowed = (
                ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef,
                ast.Assign, ast.AnnAssign, ast.If,
            )  # fmt: skip
            assert isinstance(stmt, allowed), (path, ast.unparse(stmt))
            if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
                calls = [n for n in ast.walk(stmt.value) if isinstance(n, ast.Call)]
                assert not calls, (path, ast.unparse(stmt))
            if isinstance(stmt, ast.If):  # only ``if TYPE_CHECKING:`` imports
                assert ast.unparse(stmt.test) == "TYPE_CHECKING", (path, ast.unparse(stmt))
                assert all(isinstance(s, ast.ImportFrom | ast.Pass) for s in stmt.body)


def test_spec_text_is_only_data(tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    name, doc = hostile_spec(canary)
    specs, out = tmp_path / "specs", tmp_path / "out"
    write_files(specs, {name: json.dumps(doc).encode()})
    run = generate(specs, out)
    assert run.code == 0, run.stderr
    assert not canary.exists()
    package = out / PACKAGE

    runtime = {f"_runtime/{k.split('/', 1)[1]}": v for k, v in runtime_files().items()}
    texts = []
    for path in python_files(package):
        rel = path.relative_to(package).as_posix()
        if rel.startswith("_runtime/"):
            assert path.read_bytes() == runtime[rel], rel  # verbatim, spec-independent
            continue
        source = path.read_text("utf-8")
        texts.append(source)
        _check_tokens(path, source)
        _check_tree(path, source)
    everything = "\n".join(texts)
    assert everything.count(MARK) > 50  # the payloads did reach the code, as data
    # jinja saw the payload as text: printed verbatim, never evaluated
    assert "{{ self.__init__.__globals__ }}" in everything
    assert "<built-in" not in everything and "<function" not in everything
    assert "__builtins__" not in everything

    p = payloads(canary)
    models = json.loads((package / "manifest.json").read_text())["objects"]
    assert len(models) == 1
    root_class = _root_class(package)
    options = parse_description(_enum_text(p)).enum  # the payloads, white space normalised
    assert len(options) == len(p) and "{{ self.__init__.__globals__ }}" in options[3]
    document = {"name": p[0], "kind": options[3], "tags": [options[0], options[5]], "unit": 5}
    document.update({f"field{i}{x}": x for i, x in enumerate(p)})
    document["other"] = {x: x for x in p[:-1]}
    plan = {
        "valid": [[root_class, document]],
        "response": [[root_class, {**document, "kind": f"{MARK} unknown", p[2]: p[2]}]],
        "invalid": [[root_class, {**document, "kind": f"{MARK} unknown"}]],
        "meta": [[root_class, f"field0{p[0]}", {"wire_name": f"field0{p[0]}"}]],
    }
    summary = exercise(out, plan, audit=True)
    assert len(summary["resources"]) == 2
    assert not canary.exists() and not (out / "CANARY").exists()


def _root_class(package: Path) -> str:
    objects = ast.literal_eval(
        next(
            ast.unparse(s.value)
            for s in ast.parse((package / "__init__.py").read_text()).body
            if isinstance(s, ast.AnnAssign) and ast.unparse(s.target) == "__avi_objects__"
        )
    )
    ((_, model),) = objects.values()
    assert IDENTIFIER.match(model) and model.startswith("Thing" + MARK)
    return str(model)


def test_invisible_characters_in_literals_are_escaped() -> None:
    """What the model renderer writes raw (controls, line separators, bidi, zero-width) comes
    out as escapes: the same values, source that shows what it holds."""
    raw = "\x0c\u2028\x1c\x85\x01\x1b[0m\u202e\u2066\u200b\ufeff\x7f"
    source = (
        f'a = "x{raw}y"\n'
        f"b = '''z{raw}\n{raw}'''  # note{raw}\n"
        "class C:\n"
        f'    """doc{raw}"""\n'
        f"    d: str = 'p' + \"{raw}\"\n"
    )
    out = visible_literals(source)
    assert all(c.isprintable() or c == "\n" for c in out), repr(out)
    constants = [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant)]
    assert [n.value for n in ast.walk(ast.parse(out)) if isinstance(n, ast.Constant)] == constants
    assert "# note[0m" in out  # a comment loses the invisible characters only
