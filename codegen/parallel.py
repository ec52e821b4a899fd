"""Map a function over items in worker processes: the one pool recipe both stages use."""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Generic, Self, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _context() -> multiprocessing.context.BaseContext:
    """Workers are forked where the platform allows: they start at once, with the parent's
    imports and data."""
    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


class _Closing:
    """Closed at the end of a ``with`` block."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class Results(_Closing, Generic[R]):
    """The results of :func:`process_map`, in order as they come; the pool closes when they
    are all read, or when this is closed (also as a context manager) before that."""

    def __init__(self, pool: ProcessPoolExecutor, results: Iterator[R]) -> None:
        self._pool: ProcessPoolExecutor | None = pool
        self._results = results

    def __iter__(self) -> Results[R]:
        return self

    def __next__(self) -> R:
        try:
            return next(self._results)
        except BaseException:  # the end, or a worker's error: either way the pool is done
            self.close()
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            gc.unfreeze()


def process_map(
    fn: Callable[[T], R], items: Sequence[T], workers: int, chunksize: int = 1
) -> Results[R]:
    """``map(fn, items)`` over ``workers`` processes.

    The work starts at once (the caller may do its own meanwhile), in forked workers where the
    platform allows. What the parent holds is frozen out of the garbage collector first: the
    workers' collections then skip the parent's whole heap (the IR, the loaded specs), which
    they never free, instead of walking it on every full collection and copying its pages as
    they touch them.
    """
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        results = pool.map(fn, items, chunksize=chunksize)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        raise
    return Results(pool, results)


class Helper(_Closing):
    """One worker process kept for a whole run, forked when first given work: what it is given
    runs in order, beside the parent, and it keeps what it loaded (imports, warm caches) from
    one piece of work to the next. For work too small to share among a pool's workers (one
    changed spec file, then its one module to render)."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def submit(self, fn: Callable[..., R], *args: object) -> Future[R]:
        if self._pool is None:
            # the worker's collections skip what it inherits (see process_map)
            self._pool = ProcessPoolExecutor(1, _context(), initializer=gc.freeze)
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
