"""Run by the hostile tests in a fresh interpreter: import a generated package, exercise it.

Usage: ``python -B -W error -I exercise.py OUT PACKAGE [--audit] < plan.json``.

Every module of the package is imported; every model is rebuilt and ``field_meta`` read for
each field (by attribute and by wire name); every resource of ``Client`` and ``AsyncClient``
is built. The plan's documents are then checked: ``valid`` ones are accepted and written back
unchanged, ``invalid`` ones refused, ``response`` ones read with ``from_response`` and written
back unchanged; ``meta`` compares ``field_meta`` attributes; ``defaults`` a field's default;
``descriptions`` a model's or a field's docstring. Prints a JSON summary; any failure is a
traceback and a non-zero exit.

The generator (``codegen``) must never be imported. With ``--audit``, an audit hook installed
before the package is imported fails the run if anything starts a process, opens a file for
writing, changes the file system or opens a connection.
"""

from __future__ import annotations

import asyncio
import enum
import importlib
import json
import os
import pkgutil
import sys
from functools import cached_property
from typing import Any

_FORBIDDEN_EVENTS = (
    "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "subprocess.Popen", "socket.connect", "socket.sendto", "os.remove", "os.rename",
    "os.mkdir", "os.rmdir", "os.truncate", "os.chmod", "os.symlink", "os.link", "shutil.",
    "ctypes.", "urllib.Request",
)  # fmt: skip
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
seen: list[str] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event.startswith(_FORBIDDEN_EVENTS):
        seen.append(f"{event} {args!r:.300}")
    elif event == "open" and len(args) >= 3:
        mode, flags = args[1], args[2]
        if (isinstance(mode, str) and set(mode) & set("wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        ):
            seen.append(f"{event} {args!r:.300}")


def aliases(cls: Any) -> list[tuple[str, str | None]]:
    return [(attr, info.alias) for attr, info in cls.model_fields.items()]


def main() -> None:
    out, package = sys.argv[1], sys.argv[2]
    plan: dict[str, Any] = json.loads(sys.stdin.read() or "{}")
    if "--audit" in sys.argv[3:]:
        sys.addaudithook(_audit)
    sys.path.insert(0, out)
    pkg = importlib.import_module(package)
    modules = [package]
    for info in pkgutil.walk_packages(pkg.__path__, package + "."):
        importlib.import_module(info.name)
        modules.append(info.name)
    models = importlib.import_module(package + ".models")
    runtime = importlib.import_module(package + "._runtime.models")
    from pydantic import BaseModel, ValidationError

    classes = enums = 0
    for name in models.__all__:
        cls = getattr(models, name)
        if not isinstance(cls, type) or not cls.__module__.startswith(package + ".models."):
            continue
        if issubclass(cls, BaseModel):
            cls.model_rebuild()
            for attr, info in cls.model_fields.items():
                wire = info.alias if info.alias is not None else attr
                assert runtime.field_meta(cls, attr).wire_name == wire, (name, attr)
                if wire not in cls.model_fields:  # else the attribute of that name wins
                    assert runtime.field_meta(cls, wire).wire_name == wire, (name, wire)
            wires = [a if a is not None else n for n, a in aliases(cls)]
            assert len(set(wires)) == len(wires), (name, wires)
            classes += 1
        elif issubclass(cls, enum.Enum):
            for member in cls:
                assert cls(member.value) is member, (name, member)
            assert not cls("value-no-release-has").is_known
            enums += 1

    resources = []
    for kind in ("Client", "AsyncClient"):
        client = getattr(pkg, kind)("https://127.0.0.1:9", username="u", password="p")
        for attr, value in vars(type(client)).items():
            if isinstance(value, cached_property):
                resources.append(f"{kind}.{attr}={repr(getattr(client, attr))}")
        if kind == "Client":
            client.close()
        else:
            asyncio.run(client.aclose())

    for model, doc in plan.get("valid", []):
        cls = getattr(models, model)
        made = cls.model_validate(doc)
        assert made.to_json_dict() == doc, (made.to_json_dict(), doc)
        assert cls.model_validate_json(json.dumps(doc)).to_json_dict() == doc
    for model, doc in plan.get("invalid", []):
        try:
            getattr(models, model).model_validate(doc)
        except ValidationError:
            continue
        raise AssertionError(f"{model} accepted {doc!r}")
    for model, doc in plan.get("response", []):
        read = getattr(models, model).from_response(doc)
        assert read.to_json_dict() == doc, (read.to_json_dict(), doc)
    for model, wire, expected in plan.get("meta", []):
        meta = runtime.field_meta(getattr(models, model), wire)
        got = {k: getattr(meta, k) for k in expected}
        got = json.loads(json.dumps(got))  # tuples as lists, as in the plan
        assert got == expected, (model, wire, got, expected)

    for model, attr, expected in plan.get("defaults", []):
        got = getattr(models, model).model_fields[attr].default
        assert got == expected, (model, attr, got, expected)
    for model, attr, expected in plan.get("descriptions", []):
        cls = getattr(models, model)
        got = cls.__doc__ if attr is None else cls.model_fields[attr].description
        assert got == expected, (model, attr, got, expected)

    assert not [m for m in sys.modules if m == "codegen" or m.startswith("codegen.")]
    assert not seen, seen
    summary = {"modules": modules, "classes": classes, "enums": enums, "resources": resources}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
