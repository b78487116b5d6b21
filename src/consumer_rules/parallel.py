"""Run one function over many items in worker processes, results in input order, as they finish.

The object the function needs (a rule set, a runner) is shipped once per worker — inherited when processes
fork, pickled once per worker otherwise — never once per item. Results stream: the first result is yielded
as soon as the first item is done, and only a bounded number of items are in flight at any time.

Where processes fork (Linux), the pool is this module's own: each worker has a pipe for its tasks (chunks of
items) and one for its results, and the calling thread alone hands out chunks and reads results, with no
helper thread. ``multiprocessing.Pool`` keeps three helper threads in the calling process, and the one that
watches the workers wakes whenever a result is waiting to be read, so it spins while results come in and
competes for the processor and the interpreter lock with the thread reading them (measured: about 0.7 s of
processor time over 5,000 files, beside 0.1 s for reading the results themselves). Elsewhere (spawned
processes) ``multiprocessing.Pool`` is used.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import selectors
import struct
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_SHARED: Any = None
_FUNC: Any = None

_HEADER = struct.Struct("!Q")  # the length of each message on a pipe
_AHEAD = 2  # chunks handed to a worker before its first is done, so that it never waits for the next
_WINDOW = 16  # chunks per worker that may be out (in flight, or done and waiting for an earlier one)


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
) -> Iterator[R]:
    """``func(shared, item)`` for every item, in input order; ``jobs`` processes (None: one per CPU, 1: none).

    ``func`` must be a module-level function; ``shared`` is sent to each worker once. What ``shared`` builds
    on first use (a rule set's regex plans) each worker builds as its items need it, all at the same time.
    An exception raised by ``func`` is raised here, at its item's place in the order, after the
    results of the items before it; a worker that dies is an error naming the first item it held."""
    workers = cpu_count() if jobs is None else jobs
    if workers < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, got {chunksize}")
    if workers == 1:
        for item in items:
            yield func(shared, item)
        return
    if not sys.platform.startswith("linux"):  # pragma: no cover - spawned processes: the rule set is pickled
        context = multiprocessing.get_context()
        with context.Pool(workers, initializer=_init, initargs=(func, shared)) as pool:
            yield from pool.imap(_call, items, chunksize)
        return
    # What the workers inherit is never garbage; left to the collector, its passes in each worker would walk
    # it all again and copy the pages they touch.
    gc.freeze()
    try:
        yield from _forked_map(func, shared, iter(items), workers, chunksize)
    finally:
        gc.unfreeze()


class _Worker:
    """One forked worker as the parent sees it: its process, the parent's ends of its two pipes, the bytes
    still to write to it and read from it, and the chunks it holds (their numbers, first one first)."""

    def __init__(self, process: Any, tasks: int, results: int) -> None:
        self.process, self.tasks, self.results = process, tasks, results
        self.outgoing = bytearray()
        self.incoming = bytearray()
        self.held: list[int] = []
        self.dead = False


def _forked_map(
    func: Callable[[Any, Any], Any], shared: Any, items: Iterator[Any], workers: int, chunksize: int
) -> Iterator[Any]:
    context = multiprocessing.get_context("fork")
    pool: list[_Worker] = []
    selector = selectors.DefaultSelector()
    chunks: dict[int, list[Any]] = {}  # number -> items, for the error naming a lost chunk's first item
    done: dict[int, tuple[list[Any], BaseException | None]] = {}  # finished chunks not yet yielded
    handed = 0  # chunks handed out so far
    yielded = 0  # chunks yielded so far
    exhausted = False
    try:
        for _ in range(workers):
            task_read, task_write = os.pipe()
            result_read, result_write = os.pipe()
            # A worker closes the parent's ends of the pipes of the workers before it, so that a worker's death
            # closes its result pipe (the parent reads the end of it) and nothing else holds it open.
            inherited = [fd for w in pool for fd in (w.tasks, w.results)] + [task_write, result_read]
            process = context.Process(
                target=_work, args=(func, shared, task_read, result_write, inherited), daemon=True
            )
            process.start()
            os.close(task_read)
            os.close(result_write)
            os.set_blocking(task_write, False)
            os.set_blocking(result_read, False)
            worker = _Worker(process, task_write, result_read)
            pool.append(worker)
            selector.register(result_read, selectors.EVENT_READ, worker)

        def hand_out(worker: _Worker) -> None:
            nonlocal handed, exhausted
            if worker.dead:
                return
            while not exhausted and len(worker.held) < _AHEAD and handed - yielded < _WINDOW * workers:
                chunk = list(islice(items, chunksize))
                if not chunk:
                    exhausted = True
                    break
                chunks[handed] = chunk
                worker.held.append(handed)
                _frame(worker.outgoing, (handed, chunk))
                handed += 1
            if worker.outgoing:
                _write_some(worker)
            _want_write(selector, worker)

        while True:
            while yielded in done:
                results, error = done.pop(yielded)
                del chunks[yielded]
                yielded += 1
                yield from results
                if error is not None:
                    raise error
            for worker in pool:  # a chunk done or yielded may have let the window move on
                hand_out(worker)
            if exhausted and yielded == handed:
                break
            if all(worker.dead for worker in pool):  # nothing left to run what is still to come
                raise RuntimeError("every worker process stopped")
            for key, _ in selector.select():
                worker = key.data
                if key.fd == worker.tasks:
                    _write_some(worker)
                    _want_write(selector, worker)
                    continue
                finished, death = _read_some(worker, chunks)
                for number, results, error in finished:
                    worker.held.remove(number)
                    done[number] = (results, error)
                if death is not None:
                    # Raised at the place of the first chunk it held, after the chunks before it (which other
                    # workers may still be sending): the death seen first is not always the first in the order.
                    worker.dead = True
                    for fd in (worker.tasks, worker.results):
                        if fd in selector.get_map():
                            selector.unregister(fd)
                    if not worker.held:
                        raise death
                    done[worker.held[0]] = ([], death)
        for worker in pool:  # the end of its task pipe tells a worker to stop
            os.close(worker.tasks)
            worker.tasks = -1
    finally:
        selector.close()
        for worker in pool:
            if worker.tasks != -1:  # stopped early (an error, or the caller stopped reading): no more work
                worker.process.terminate()
        for worker in pool:
            worker.process.join()
            for fd in (worker.tasks, worker.results):
                if fd != -1:
                    os.close(fd)


def _frame(buffer: bytearray, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    buffer += _HEADER.pack(len(data))
    buffer += data


def _want_write(selector: selectors.BaseSelector, worker: _Worker) -> None:
    """Watch the worker's task pipe while there is something to write to it, and only then."""
    registered = worker.tasks in selector.get_map()
    if worker.outgoing and not registered:
        selector.register(worker.tasks, selectors.EVENT_WRITE, worker)
    elif not worker.outgoing and registered:
        selector.unregister(worker.tasks)


def _write_some(worker: _Worker) -> None:
    try:
        written = os.write(worker.tasks, worker.outgoing)
    except BlockingIOError:
        return
    except BrokenPipeError:  # the worker is gone; its result pipe says so
        worker.outgoing.clear()
        return
    del worker.outgoing[:written]


def _read_some(
    worker: _Worker, chunks: dict[int, list[Any]]
) -> tuple[list[tuple[int, list[Any], BaseException | None]], RuntimeError | None]:
    """The chunks the worker finished, from what its result pipe holds now, and the error to raise when the pipe
    closed before the worker was told to stop (it died)."""
    try:
        data = os.read(worker.results, 1 << 20)
    except BlockingIOError:
        return [], None
    if not data:  # the pipe closed: the worker died
        worker.process.join(5)
        code = worker.process.exitcode
        if worker.held:
            first = chunks[worker.held[0]][0]
            return [], RuntimeError(f"a worker process stopped (exit status {code}) while checking {first!r}")
        return [], RuntimeError(f"a worker process stopped (exit status {code})")
    worker.incoming += data
    finished = []
    while len(worker.incoming) >= _HEADER.size:
        (size,) = _HEADER.unpack_from(worker.incoming)
        if len(worker.incoming) < _HEADER.size + size:
            break
        message = pickle.loads(memoryview(worker.incoming)[_HEADER.size : _HEADER.size + size])
        del worker.incoming[: _HEADER.size + size]
        finished.append(message)
    return finished, None


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts = []
    while size:
        part = os.read(fd, size)
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _work(func: Callable[[Any, Any], Any], shared: Any, tasks: int, results: int, inherited: list[int]) -> None:
    """A worker: read a chunk, check its items, send back their results (and the exception that stopped it,
    if one did), until the parent closes the task pipe."""
    for fd in inherited:
        os.close(fd)
    while True:
        header = _read_exactly(tasks, _HEADER.size)
        data = None if header is None else _read_exactly(tasks, _HEADER.unpack(header)[0])
        if data is None:
            # The work is done: keep the regex programs this worker compiled for the next run (a forked process
            # runs no exit handlers, and without this a run over a folder left the store as it found it).
            from .regex_store import save_store

            save_store()
            return
        number, chunk = pickle.loads(data)
        done: list[Any] = []
        error: BaseException | None = None
        try:
            for item in chunk:
                done.append(func(shared, item))
        except Exception as exc:  # raised in the parent, at this item's place
            error = exc
        message = bytearray()
        try:
            _frame(message, (number, done, error))
        except Exception:  # an exception that does not pickle: its text
            _frame(message, (number, done, RuntimeError(f"{type(error).__name__}: {error}")))
        view = memoryview(message)
        while view:
            view = view[os.write(results, view) :]
