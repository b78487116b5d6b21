"""Each file's check result kept on disk, so that a run over files it has checked before reads their results
instead of checking them again (as ruff and ESLint keep theirs).

A result is used only for the very same question: the same bytes of the file at the same path, checked by the
same engine and rule files (the compiled rules' cache key, which covers the package's own source), with the same
selection and severities, document kind, product type and product record, the same size limit and the same
extraction libraries. Anything else is a new key and the file is checked. A file that could not be checked (too
large, unreadable, timed out) is never stored, so its skip is reported on every run. Waivers from a waiver file
(which expire by date) are applied after the result is read; waivers written in the file are part of its bytes.

Entries are pickles, read with the same checks as the compiled rules (:mod:`.cache`): only from a folder and files
that belong to this user and that no one else can write, whose content hash matches. One folder per run key; the
newest few folders are kept, so that a change of rules or engine does not leave old results behind for ever.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

from .cache import _MAGIC, _folder, _installed, _load, _Untrusted
from .findings import Report

__all__ = ["ResultCache"]

_KEEP_RUNS = 4  # result folders kept (one per run key); older ones are removed when a new one is started
# Libraries that read files into text: another version may read the same bytes into other text.
_EXTRACTORS = ("charset_normalizer", "markdown_it", "docx", "pypdf")


class ResultCache:
    """The results of one kind of run (rules, engine, settings), one entry per file path and content."""

    def __init__(self, run_key: str) -> None:
        folder = _folder() / "results" / run_key
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _prune(folder.parent)
        self.folder = folder

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
        path = self.folder / f"{key}.pickle"
        try:
            value = _load(path)
        except FileNotFoundError:
            return None
        except Exception:  # damaged or foreign: check the file again
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        return value if isinstance(value, Report) else None

    def put(self, key: str, report: Report) -> None:
        """Store ``report`` for ``key``; a result that is not a whole check of the file is not stored."""
        if report.skipped:
            return
        # Written whole under a name of this process's own, then renamed: a reader sees the old entry or the new
        # one, never part of one (os.open, not tempfile: this runs once per file checked).
        tmp = self.folder / f"{key}.{os.getpid()}.tmp"
        try:
            payload = pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
            fd = os.open(tmp, flags, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, self.folder / f"{key}.pickle")
        except (OSError, pickle.PicklingError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _extractor(module: str) -> str:
    try:
        return _installed(module)
    except (ImportError, ValueError, OSError):  # not installed, or a namespace without files
        return f"{module}:-"


def _prune(parent: Path) -> None:
    """Keep the newest ``_KEEP_RUNS`` result folders."""
    with contextlib.suppress(OSError):
        runs = sorted((p for p in parent.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in runs[_KEEP_RUNS:]:
            shutil.rmtree(old, ignore_errors=True)
