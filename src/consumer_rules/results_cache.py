"""Each file's check result kept on disk, so that a run over files it has checked before reads their results
instead of checking them again (as ruff and ESLint keep theirs).

A result is used only for the very same question: the same bytes of the file at the same path, checked by the
same engine and rule files (the compiled rules' cache key, which covers the package's own source), with the same
selection and severities, document kind, product type and product record, the same size limit and the same
extraction libraries. Anything else is a new key and the file is checked. A file that could not be checked (too
large, unreadable, timed out) is never stored, so its skip is reported on every run. Waivers from a waiver file
(which expire by date) are applied after the result is read; waivers written in the file are part of its bytes.

The results of one kind of run (one run key) are rows of one SQLite database, not one file each: creating a file
per result cost about a third of a first run over 5,000 small files on this project's machine, and a row costs
almost nothing. Each process opens its own connection (worker processes fork); the write-ahead log lets them
write in turn without a lock held for a whole run. Entries are pickles, read with the same checks as the
compiled rules (:mod:`.cache`): only from a folder and a database file that belong to this user and that no one
else can write, and only when the content hash written before the payload matches. The newest few databases are
kept, so that a change of rules or engine does not leave old results behind for ever.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import Any

from .cache import _MAGIC, _folder, _installed, _trusted, _Untrusted
from .findings import Report

__all__ = ["ResultCache"]

_KEEP_RUNS = 4  # result databases kept (one per run key); older ones are removed when a new one is started
# Libraries that read files into text: another version may read the same bytes into other text.
_EXTRACTORS = ("charset_normalizer", "markdown_it", "docx", "pypdf")
_SUFFIX = ".sqlite3"
_BUSY_SECONDS = 10.0  # how long a write waits for another process's write to finish
_TABLE = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)"


class ResultCache:
    """The results of one kind of run (rules, engine, settings), one row per file path and content."""

    def __init__(self, run_key: str) -> None:
        parent = _folder() / "results"
        parent.mkdir(mode=0o700, exist_ok=True)
        _trusted(os.stat(parent), "the results folder")
        self.path = parent / f"{run_key}{_SUFFIX}"
        try:
            self._check_file()
        except FileNotFoundError:
            self._create(parent)
        except _Untrusted:
            st = os.lstat(self.path)
            if not stat.S_ISREG(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                raise
            _remove(self.path)  # ours, but others could have written it: nothing in it is read
            self._create(parent)
        self._db: sqlite3.Connection | None = None
        self._pid = 0  # the process the connection belongs to: a forked worker opens its own
        self._broken = False  # a database error: the rest of this process's run neither reads nor writes

    def __getstate__(self) -> dict[str, Any]:  # a spawned worker gets the path, not the parent's connection
        return {**self.__dict__, "_db": None, "_pid": 0}

    @classmethod
    def for_run(cls, rules_key: str, settings: tuple[Any, ...]) -> ResultCache | None:
        """The cache for a run whose compiled rules have the cache key ``rules_key`` (empty: rules built
        otherwise, so nothing names them and nothing is cached) and whose other ``settings`` (the product record,
        the size limit) are given as plain values; None when the cache folder cannot be used."""
        if not rules_key:
            return None
        digest = hashlib.sha256()
        for part in (rules_key, *map(repr, settings), *(_extractor(name) for name in _EXTRACTORS)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        try:
            return cls(digest.hexdigest()[:32])
        except (OSError, _Untrusted):
            return None

    def key(self, path: str, view: str, raw: bytes) -> str:
        """The entry for file ``path`` holding ``raw``, checked as ``view`` says (selection, severities, kind and
        product type, which per-path settings may change file by file)."""
        digest = hashlib.sha256()
        digest.update(path.encode("utf-8", "surrogatepass") + b"\0" + view.encode("utf-8") + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, key: str) -> Report | None:
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None  # busy longer than the wait: this file is checked
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None:
            return None
        data = bytes(row[0])
        digest, payload = data[len(_MAGIC) : len(_MAGIC) + 32], data[len(_MAGIC) + 32 :]
        if not data.startswith(_MAGIC) or hashlib.sha256(payload).digest() != digest:
            return None  # damaged: check the file again (its new result replaces the row)
        try:
            value = pickle.loads(payload)
        except Exception:
            return None
        return value if isinstance(value, Report) else None

    def put(self, key: str, report: Report) -> None:
        """Store ``report`` for ``key``; a result that is not a whole check of the file is not stored."""
        if report.skipped:
            return
        db = self._connection()
        if db is None:
            return
        try:
            payload = pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # this one result is not kept; the file is checked again next time
        try:
            value = _MAGIC + hashlib.sha256(payload).digest() + payload
            db.execute("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", (key, value))
        except sqlite3.OperationalError:
            return  # busy longer than the wait, or not writable: this result is not kept
        except sqlite3.Error as exc:
            self._fail(exc)

    def _create(self, parent: Path) -> None:
        """The database file, created closed to others before SQLite opens it (its logs take the same mode), with
        its table and in WAL mode (kept in the file): set here, once, and not by worker processes racing to set it
        (a change of journal mode does not wait for another connection, so the loser would keep nothing)."""
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.close(fd)
        try:
            with contextlib.closing(sqlite3.connect(self.path, timeout=_BUSY_SECONDS)) as db:
                # WAL: writers append to one log instead of creating a journal file per write
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_TABLE)
        except sqlite3.Error:
            _remove(self.path)
            raise OSError("the results database cannot be made") from None
        _prune(parent, keep=self.path)

    def _connection(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._db is not None and self._pid == os.getpid():
            return self._db
        try:
            self._check_file()  # each process, before it reads anything someone could have put there
        except (OSError, _Untrusted):
            self._broken = True
            return None
        try:
            # autocommit: each row is its own short write, so no process holds the write lock for long
            db = self._db = sqlite3.connect(
                self.path, timeout=_BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            # the results are a cache: a row lost to a power cut only means the file is checked again
            db.execute("PRAGMA synchronous=OFF")
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        self._pid = os.getpid()
        return db

    def _check_file(self) -> None:
        st = os.lstat(self.path)
        if not stat.S_ISREG(st.st_mode):
            raise _Untrusted("the results database is not a regular file")
        _trusted(st, "the results database")

    def _fail(self, exc: sqlite3.Error) -> None:
        """Stop using the database in this process (a cache failure only ever costs time). One that SQLite cannot
        read (not a database, damaged) is removed, so that the next run starts a new one; one that is only busy
        (another run holding it longer than the wait) or unwritable is left to the others using it."""
        self._broken = True
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()
        if not isinstance(exc, sqlite3.OperationalError):
            _remove(self.path)


def _extractor(module: str) -> str:
    try:
        return _installed(module)
    except (ImportError, ValueError, OSError):  # not installed, or a namespace without files
        return f"{module}:-"


def _prune(parent: Path, keep: Path) -> None:
    """Keep the newest ``_KEEP_RUNS`` result databases (``keep``, just created, among them), with their logs;
    folders left by earlier versions (one file per result) go too."""
    with contextlib.suppress(OSError):
        for old in [p for p in parent.iterdir() if p.is_dir()]:
            shutil.rmtree(old, ignore_errors=True)
        runs = sorted(parent.glob(f"*{_SUFFIX}"), key=lambda p: (p == keep, p.stat().st_mtime), reverse=True)
        for old in runs[_KEEP_RUNS:]:
            _remove(old)


def _remove(database: Path) -> None:
    """A results database and its logs."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(f"{database}{suffix}")
