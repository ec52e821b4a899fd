"""Measurements that run inside a fresh interpreter; each prints one JSON object.

    probe.py import-ours <package>       import the package; then first use of Image
    probe.py import-dcg <module>         import datamodel-codegen's models module; first use
    probe.py import-opc <package>        import openapi-python-client's <package>.models; first use
    probe.py import-floor                import pydantic, then build and use one small model
    probe.py roundtrip <kind> <name> <document> <repeats>
                                         Image round trip vs json.loads + json.dumps

Run with PYTHONPATH set to the folder that holds the generated code. Nothing heavy is imported
before the clock starts.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from typing import Any


def _image_class(kind: str, name: str) -> Any:
    if kind == "ours":
        return importlib.import_module(f"{name}.models").Image
    if kind == "dcg":
        return importlib.import_module(name).Image
    return importlib.import_module(f"{name}.models").Image


def import_ours(package: str) -> dict[str, float]:
    t0 = time.perf_counter()
    importlib.import_module(package)
    t1 = time.perf_counter()
    image = importlib.import_module(f"{package}.models").Image
    image.model_validate({"name": "x"})
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "first_use_s": t2 - t1}


def import_dcg(module: str) -> dict[str, float]:
    t0 = time.perf_counter()
    models = importlib.import_module(module)
    t1 = time.perf_counter()
    models.Image.model_validate({"name": "x"})
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "first_use_s": t2 - t1}


def import_opc(package: str) -> dict[str, float]:
    t0 = time.perf_counter()
    models = importlib.import_module(f"{package}.models")
    t1 = time.perf_counter()
    models.Image.from_dict({"name": "x"})
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "first_use_s": t2 - t1}


def import_floor() -> dict[str, float]:
    """The floor under any first use: importing pydantic and building one small model."""
    t0 = time.perf_counter()
    pydantic = importlib.import_module("pydantic")
    t1 = time.perf_counter()

    class Small(pydantic.BaseModel):  # type: ignore[name-defined,misc]
        name: str

    Small.model_validate({"name": "x"})
    t2 = time.perf_counter()
    return {"import_s": t1 - t0, "first_use_s": t2 - t1}


def _interleaved(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Medians over ``repeats`` of the time of one call of each, their loops alternating so
    that a change of machine speed hits both alike."""
    import timeit
    from statistics import median

    timers = [timeit.Timer(first), timeit.Timer(second)]
    numbers = [timer.autorange()[0] for timer in timers]
    times: list[list[float]] = [[], []]
    for _ in range(repeats):
        for i, timer in enumerate(timers):
            times[i].append(timer.timeit(numbers[i]) / numbers[i])
    return median(times[0]), median(times[1])


def roundtrip(kind: str, name: str, document: str, repeats: int) -> dict[str, Any]:
    import json

    with open(document, "rb") as handle:
        blob = handle.read()
    image = _image_class(kind, name)

    def model() -> object:
        if kind == "opc":
            return json.dumps(image.from_dict(json.loads(blob)).to_dict())
        m = image.model_validate_json(blob)
        return m.model_dump_json(by_alias=True, exclude_unset=True)

    def floor() -> object:
        return json.dumps(json.loads(blob))

    lossless = json.loads(model()) == json.loads(blob)  # type: ignore[arg-type]
    model_s, floor_s = _interleaved(model, floor, repeats)
    return {"bytes": len(blob), "model_s": model_s, "floor_s": floor_s, "lossless": lossless}


def main(argv: list[str]) -> int:
    command, *args = argv
    result: dict[str, Any]
    if command == "import-ours":
        result = import_ours(args[0])
    elif command == "import-dcg":
        result = import_dcg(args[0])
    elif command == "import-opc":
        result = import_opc(args[0])
    elif command == "import-floor":
        result = import_floor()
    elif command == "roundtrip":
        result = roundtrip(args[0], args[1], args[2], int(args[3]))
    else:
        print(f"unknown probe {command!r}", file=sys.stderr)
        return 2
    import json  # only now: the measurements ran without it imported beforehand

    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
