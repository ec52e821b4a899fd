"""Work in other processes: the pool map both stages use, and the helper process that takes a
run's small pieces of work (one changed file's validation, then its modules to render)."""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import pytest

from codegen import pipeline
from codegen.cache import Cache
from codegen.ir.release import Release
from codegen.parallel import Helper, process_map
from codegen.pipeline import build_release, spec_files
from codegen.render.package import render_packages
from tests.helpers import api_response, crud_paths, swagger, write_spec

_state: list[int] = []
R = TypeVar("R")


def _square(n: int) -> int:
    return n * n


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n


def _remember(n: int) -> tuple[int, list[int]]:
    """In a worker: its pid, and everything it was given so far (kept between calls)."""
    _state.append(n)
    return os.getpid(), list(_state)


def test_process_map_gives_results_in_order_and_closes_its_pool() -> None:
    results = process_map(_square, list(range(20)), workers=2, chunksize=3)
    assert list(results) == [n * n for n in range(20)]
    assert gc.get_freeze_count() == 0  # the parent's heap is handed back to the collector


def test_process_map_closed_early_or_failing_closes_its_pool() -> None:
    with process_map(_square, list(range(20)), workers=2) as results:
        assert next(results) == 0
    assert gc.get_freeze_count() == 0
    failing = process_map(_fail_on_three, [1, 2, 3, 4], workers=2)
    with pytest.raises(ValueError, match="three"):
        list(failing)
    assert gc.get_freeze_count() == 0


def test_the_helper_is_one_process_that_keeps_its_state() -> None:
    _state.clear()
    with Helper() as helper:
        assert not helper.started
        first = helper.submit(_remember, 1).result()
        assert helper.started
        second = helper.submit(_remember, 2).result()
    assert not helper.started
    assert first[0] == second[0] != os.getpid()
    assert second[1] == [1, 2] and _state == []  # its own memory, not the parent's
    helper.close()  # closing again does nothing


def _docs(folder: Path) -> list[Path]:
    for name in ("Pool", "Vip"):
        definitions = {
            name: {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "kind": {"type": "string", "description": "Enum options - A, B."},
                },
            },
            f"{name}ApiResponse": api_response(name),
        }
        write_spec(folder, "30.2.1", name, swagger(definitions, crud_paths(f"/{name}", name)))
    files, _ = spec_files(folder / "30.2.1")
    return files


def test_a_changed_file_is_validated_by_the_helper_beside_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jsonschema_backend: None
) -> None:
    # (with jsonschema, which shares parts: those the helper proves clean come back)
    files = _docs(tmp_path)
    bad = json.loads(files[1].read_text())
    bad["definitions"]["Vip"]["properties"]["name"]["minLength"] = -1
    files[1].write_text(json.dumps(bad))
    alone = [pipeline.check_file(p, Cache(None)).diagnostics for p in files]
    assert alone[0] == () and alone[1]
    cache = Cache(tmp_path / "cache")
    pipeline.check_files(files[:1], cache)  # the other file's verdict is known
    clean: set[bytes] = set()
    seen: list[int] = []
    with Helper() as helper:
        checked = pipeline.check_files(
            files, cache, clean, lambda loaded: seen.append(len(loaded)), helper
        )
        assert helper.started  # and still open: the caller's
        assert helper.submit(_square, 4).result() == 16
    assert seen == [2]
    assert [c.diagnostics for c in checked] == alone
    assert checked[0].data is not None and checked[1].data is None
    assert clean  # the parts the helper proved clean came back
    # without a helper, the call uses one of its own, and closes it
    made: list[Helper] = []

    class Own(Helper):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(pipeline, "Helper", Own)
    other = Cache(tmp_path / "other")
    pipeline.check_files(files[:1], other, None, seen.append)
    assert made == []  # no file beside it to build meanwhile: validated here
    again = pipeline.check_files(files, other, None, seen.append)
    assert [c.diagnostics for c in again] == alone
    assert len(made) == 1 and not made[0].started


def test_modules_rendered_by_the_helper_are_as_rendered_here(tmp_path: Path) -> None:
    files = _docs(tmp_path)
    api, diagnostics = build_release(Release.parse("30.2.1"), files)
    assert api is not None, diagnostics
    here = render_packages([api])
    given: list[str] = []

    class Spied(Helper):
        def submit(self, fn: Callable[..., R], *args: object) -> Future[R]:
            given.append(fn.__name__)
            return super().submit(fn, *args)

    with Spied() as helper:
        there = render_packages([api], None, None, None, helper)
        assert given == []  # not started: the work is done here
        helper.submit(_square, 1).result()  # started, as by the spec stage
        again = render_packages([api], None, None, None, helper)
    assert there == again == here
    assert given[0] == "_square" and set(given[1:]) == {"run_task"}
