"""Map a function over items in worker processes: the one pool recipe both stages use."""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def process_map(
    fn: Callable[[T], R], items: Sequence[T], workers: int, chunksize: int = 1
) -> Iterator[R]:
    """``map(fn, items)`` over ``workers`` processes, results in order as they come.

    The work starts at once (the caller may do its own meanwhile) and the pool closes when the
    results are all read. Workers are forked where the platform allows (they start at once,
    with the parent's imports and data). What the parent holds is frozen out of the garbage
    collector first: the workers' collections then skip the parent's whole heap (the IR, the
    loaded specs), which they never free, instead of walking it on every full collection and
    copying its pages as they touch them.
    """
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        results = pool.map(fn, items, chunksize=chunksize)
    except BaseException:
        _close(pool)
        raise
    return _drain(pool, results)


def _drain(pool: Executor, results: Iterator[R]) -> Iterator[R]:
    try:
        yield from results
    finally:
        _close(pool)


def _close(pool: Executor) -> None:
    pool.shutdown(wait=True, cancel_futures=True)
    gc.unfreeze()
