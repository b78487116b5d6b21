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
"""

from __future__ import annotations

import array
import importlib
import re
import sys
from typing import Any

__all__ = ["compile_regex", "keep", "open_store", "recall", "save_store", "stored_regex"]

_KIND = "programs"
# Entries kept. Every run reads the whole store (about 3 ms a thousand entries), so a store that outgrows this
# (rules edited over many runs, checks of many kinds of text) starts again from what the last run made, its
# programs first.
_LIMIT = 10_000

# (flags with the regex's inline flags, code as bytes, groups, group index, group names)
Program = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

# ("re", pattern, flags) -> Program; other keys are the callers' (see keep)
_stored: dict[tuple[Any, ...], Any] = {}
_made: dict[tuple[Any, ...], Any] = {}
_opened = False


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
    program = _stored.get(key) if _opened else None
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
    return _stored.get(key) if value is None else value


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


def open_store() -> None:
    """Read the stored programs from the cache folder (once per process) and save the new ones at exit."""
    global _opened
    if _opened or _INTERNALS is None:
        return
    _opened = True
    from .cache import read_entry

    stored = read_entry(_KIND, _store_key())
    if isinstance(stored, dict):
        _stored.update(stored)
    import atexit

    atexit.register(save_store)


# Writing the store costs about 4 µs an entry and each entry made spares the next run about 0.3 ms (a compile, a
# parse): a run that made fewer than one entry in this many of the store leaves it as it is.
_WORTH_WRITING = 75


def save_store() -> None:
    """Write the programs made in this process since the store was read, with those read (best effort), when they
    spare the next run more than the writing costs this one."""
    if not _made or len(_made) * _WORTH_WRITING < len(_stored) + len(_made):
        return
    from .cache import write_entry

    if len(_stored) + len(_made) <= _LIMIT:
        merged = {**_stored, **_made}
    else:
        merged = dict(sorted(_made.items(), key=lambda item: item[0][0] != "re")[:_LIMIT])
    write_entry(_KIND, _store_key(), merged)
    _stored.update(_made)
    _made.clear()
