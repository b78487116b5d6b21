"""What is worked out about regexes, kept between runs: Python ``re`` programs and the bounds of regex shapes.

The first check in a new process compiled some 300 regexes with ``re``: the packs' regexes its text meets and the
document's section and genre signs. On a 5 KB page that was 0.1 s of a 0.15 s check, paid again by every run of
the command line, because ``re``'s compiled patterns do not pickle (a pickled pattern is compiled again when it
is loaded). What ``re`` compiles a regex to does: a list of integers for its matching engine, with the regex's
flags and groups. This module keeps those programs in the cache folder, keyed by the interpreter's exact build,
and makes a pattern from a stored program in microseconds.

The programs are what ``re``'s own compiler hands to ``_sre.compile``, an interface of CPython's rather than a
public one, so every step is guarded: another interpreter or version, a program ``_sre`` refuses (it checks each
program it is given) or anything unexpected falls back to ``re.compile``. A stored program never changes what a
regex matches; it only saves compiling it.

The same store keeps what the matcher works out about a regex for a document's run lengths (its longest match and
backtracking bound, ``RegexShape.sizes``), which needs the regex parsed: another 20 ms of a first check.

The store is an SQLite file, read entry by entry: a one-file check needs a few hundred of the thousands of entries
a run over a whole corpus leaves, and reading the whole store (a pickle until this was measured) took 30–50 ms of
that check once a large run had filled it. A lookup costs about 10 µs. Entries are written at exit, in one
transaction; a store that is locked, damaged or not this user's own is passed over (it only ever saves time).
"""

from __future__ import annotations

import array
import contextlib
import importlib
import marshal
import os
import re
import sys
from typing import Any

__all__ = ["compile_regex", "keep", "open_store", "recall", "save_store", "stored_regex"]

_KIND = "programs"
# Entries kept. A store that outgrows this (rules edited over many runs, checks of many kinds of text) starts
# again from what the last run made.
_LIMIT = 20_000
_KEEP_STORES = 4  # store files kept, one per interpreter and engine version

# (flags with the regex's inline flags, code as bytes, groups, group index, group names)
Program = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

# ("re", pattern, flags) -> Program; other keys are the callers' (see keep). _stored holds what was read from the
# store file so far (a key it does not hold is looked up there on first need), _made what this process made.
_stored: dict[tuple[Any, ...], Any] = {}
_made: dict[tuple[Any, ...], Any] = {}
_opened = False
_db: Any = None  # the store file's connection, in the process that opened it (see _connection)
_db_pid = 0
_inherited: list[Any] = []  # connections a forked process found open: kept, never used nor closed there
_unusable_pid = 0  # the process that found the store file unusable: it does not try again


def _internals() -> tuple[Any, Any, Any] | None:
    """``re``'s parser and compiler and ``_sre``, when this interpreter has them as this module expects."""
    try:
        parser = importlib.import_module("re._parser")
        compiler = importlib.import_module("re._compiler")
        sre = importlib.import_module("_sre")
    except ImportError:  # pragma: no cover - not CPython
        return None
    if sys.implementation.name != "cpython" or array.array("I").itemsize != getattr(sre, "CODESIZE", None):
        return None  # pragma: no cover
    needed = (getattr(parser, "parse", None), getattr(compiler, "_code", None), getattr(sre, "compile", None))
    return (parser, compiler, sre) if all(callable(f) for f in needed) else None


_INTERNALS = _internals()


def compile_regex(pattern: str, flags: int = 0, tree: Any = None) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the stored program when there is one. With ``tree``, a parse tree
    of ``re``'s parser, the regex is that tree and ``pattern`` only names it (the key of its program)."""
    flags = int(flags)
    if _INTERNALS is None or not _opened:
        return _plain(pattern, flags, tree)
    stored = stored_regex(pattern, flags)
    if stored is not None:
        return stored
    try:
        compiled, program = _compile(pattern, flags, tree)
    except re.error:
        raise
    except Exception:  # pragma: no cover - internals not as expected
        return _plain(pattern, flags, tree)
    _made["re", pattern, flags] = program
    return compiled


def stored_regex(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """The regex ``pattern`` from its stored program, or None when none is stored (for a regex whose tree costs
    time to make: see ``compile_regex``'s ``tree``)."""
    key = ("re", pattern, int(flags))
    program = _read(key) if _opened else None
    if program is None:
        return None
    try:
        return _build(pattern, program)
    except Exception:  # a program this interpreter refuses: forgotten, to be made afresh
        del _stored[key]
        return None


def recall(key: tuple[Any, ...]) -> Any:
    """What was kept for ``key`` (in this process or an earlier run), or None."""
    value = _made.get(key)
    return _read(key) if value is None else value


def keep(key: tuple[Any, ...], value: Any) -> None:
    """Keep ``value`` (a picklable value of plain types) for ``key`` until the next run, when the store is open."""
    if _opened:
        _made[key] = value


def _plain(pattern: str, flags: int, tree: Any) -> re.Pattern[str]:
    if tree is None:
        return re.compile(pattern, flags)
    compiler = _INTERNALS[1] if _INTERNALS else importlib.import_module("re._compiler")
    compiled: re.Pattern[str] = compiler.compile(tree, flags)
    return compiled


def _compile(pattern: str, flags: int, tree: Any = None) -> tuple[re.Pattern[str], Program]:
    """What ``re._compiler.compile`` does, keeping the program it hands to ``_sre``."""
    parser, compiler, _ = _INTERNALS  # type: ignore[misc]
    if tree is None:
        tree = parser.parse(pattern, flags)
    code = compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    program: Program = (
        int(flags | tree.state.flags),
        array.array("I", code).tobytes(),
        tree.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return _build(pattern, program), program


def _build(pattern: str, program: Program) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = program
    words = array.array("I")
    words.frombytes(code)
    sre = _INTERNALS[2]  # type: ignore[index]
    compiled: re.Pattern[str] = sre.compile(pattern, flags, words.tolist(), groups, groupindex, indexgroup)
    return compiled


def _store_key() -> str:
    """The interpreter's exact build (the programs are its compiler's) and the engine's sources (the bounds are
    worked out by its code: a store made by another version is never read)."""
    import hashlib

    from .cache import engine_digest

    sre = _INTERNALS[2] if _INTERNALS else None
    parts = (sys.version, sys.implementation.cache_tag or "", str(getattr(sre, "MAGIC", "")))
    return hashlib.sha256("\0".join(parts).encode() + engine_digest()).hexdigest()[:32]


def _entry_key(key: tuple[Any, ...]) -> str:
    # repr of a tuple of str, int and tuples is the same for equal keys (marshal's is not: it marks shared objects)
    return repr(key)


def _connection() -> Any:
    """The store file's connection, opened on first need in this process (a connection must not cross a fork: a
    forked worker opens its own), or None when there is no store to read."""
    global _db, _db_pid, _unusable_pid
    if _db is not None:
        if _db_pid == os.getpid():
            return _db
        _inherited.append(_db)
        _db = None
    if _unusable_pid == os.getpid():
        return None
    db = _open()
    if db is None:
        _unusable_pid = os.getpid()
    else:
        _db, _db_pid = db, os.getpid()
    return db


def _open() -> Any:
    """The store file, checked to be this user's own and opened (made when missing, made again when damaged), or
    None."""
    try:
        import sqlite3

        from .cache import _folder, _trusted

        folder = _folder()
        path = folder / f"{_KIND}-{_store_key()}.sqlite"
        if not path.exists():
            with contextlib.suppress(OSError):  # another run pruning at the same time
                _prune(folder)
    except Exception:  # no cache folder, or not ours: the regexes are compiled as without a store
        return None
    for attempt in range(2):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)  # ours from the start
            try:
                _trusted(os.fstat(fd), "the regex store")
            finally:
                os.close(fd)
            db = sqlite3.connect(path, timeout=0.5, isolation_level=None, check_same_thread=False)
            # A cache: a write lost to a crash costs a compile; waiting for the disk on every run would cost more.
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID")
        except sqlite3.DatabaseError as exc:
            if attempt or isinstance(exc, sqlite3.OperationalError):  # locked: leave it to the run holding it
                return None
            path.unlink(missing_ok=True)  # damaged (a crash while writing): start a new store
            continue
        except Exception:
            return None
        return db
    return None


def _prune(folder: Any) -> None:
    """Before a new store is made (another interpreter or engine version): remove all but the newest few others, and
    the whole-file stores of earlier versions."""
    stores = sorted(folder.glob(f"{_KIND}-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [*stores[_KEEP_STORES - 1 :], *folder.glob(f"{_KIND}-*.pickle")]:
        old.unlink(missing_ok=True)


def _read(key: tuple[Any, ...]) -> Any:
    """The entry for ``key``: read before in this process, or from the store file, or None."""
    if key in _stored:
        return _stored[key]
    db = _connection()
    value = None
    if db is not None:
        try:
            row = db.execute("SELECT value FROM kept WHERE key = ?", (_entry_key(key),)).fetchone()
            value = marshal.loads(row[0]) if row else None
        except Exception:  # a damaged entry or file: as if it were not there
            value = None
    _stored[key] = value
    return value


def open_store() -> None:
    """Read stored programs from the cache folder from now on (entry by entry) and save the new ones at exit."""
    global _opened
    if _opened or _INTERNALS is None:
        return
    _opened = True
    import atexit

    atexit.register(save_store)


def save_store() -> None:
    """Write the entries made in this process to the store file (best effort): at exit, and in a forked worker when
    its work is done (``parallel``), through the worker's own connection."""
    if not _made:
        return
    db = _connection()
    if db is None:
        return
    # programs first: they cost the most to make again (see _LIMIT)
    made = sorted(_made.items(), key=lambda item: item[0][0] != "re")
    rows = [(_entry_key(key), marshal.dumps(value)) for key, value in made]
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            (count,) = db.execute("SELECT count(*) FROM kept").fetchone()
            if count + len(rows) > _LIMIT:
                db.execute("DELETE FROM kept")
                rows = rows[:_LIMIT]
            db.executemany("INSERT OR REPLACE INTO kept VALUES (?, ?)", rows)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    except Exception:  # locked by another run, disk full: this run's entries are made again next time
        return
    _stored.update(_made)
    _made.clear()
