"""Run one function over many items in worker processes, results in input order, as they finish.

The object the function needs (a rule set, a runner) is shipped once per worker — inherited when processes
fork, pickled once per worker otherwise — never once per item. Results stream: the first result is yielded
as soon as the first item is done, and only a bounded number of items are in flight at any time.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_SHARED: Any = None
_FUNC: Any = None


def cpu_count() -> int:
    """CPUs this process may use (the affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _init(func: Callable[[Any, Any], Any], shared: Any) -> None:
    global _FUNC, _SHARED
    _FUNC, _SHARED = func, shared


def _call(item: Any) -> Any:
    return _FUNC(_SHARED, item)


def ordered_map(
    func: Callable[[Any, T], R],
    shared: Any,
    items: Iterable[T],
    jobs: int | None = None,
    chunksize: int = 8,
    warm: Callable[[], None] | None = None,
) -> Iterator[R]:
    """``func(shared, item)`` for every item, in input order; ``jobs`` processes (None: one per CPU, 1: none).

    ``func`` must be a module-level function; ``shared`` is sent to each worker once. ``warm``, when the
    workers are forked, is called first: what it builds in ``shared`` is then inherited, not built again in
    every worker."""
    workers = cpu_count() if jobs is None else jobs
    if workers < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if workers == 1:
        for item in items:
            yield func(shared, item)
        return
    # fork shares the compiled rules with the workers for free; elsewhere they are pickled once per worker.
    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    forked = context.get_start_method() == "fork"
    if forked:
        if warm is not None:
            warm()
        # What the workers inherit is never garbage; left to the collector, its passes in each worker would
        # walk it all again and copy the pages they touch.
        gc.freeze()
    try:
        with context.Pool(workers, initializer=_init, initargs=(func, shared)) as pool:
            yield from pool.imap(_call, items, chunksize)
    finally:
        if forked:
            gc.unfreeze()
