"""On-disk cache of compiled rule sets, keyed by the exact bytes of every rule file (and, each under its own
prefix, of the normalisation maps, keyed by Python's Unicode tables and OpenCC; ``re`` programs are kept beside
them in an SQLite file, see ``regex_store``).

Loading and validating YAML costs far more than checking one small file, and CI or a pre-commit hook checks
small files. A cache hit loads the pickled rule set (its matcher is rebuilt from the pattern table in
milliseconds, and the shapes of its regexes are stored with it) and never imports pydantic. The key covers
every rule file's path and content, the package version and source, the matcher backend and its version, and
the Python and platform, so a stale entry (a stored regex shape included) is never used; a corrupt entry is
ignored and rebuilt.

A pickle can run code when it is loaded, so an entry is unpickled only when the folder and the file belong
to this user and no one else can write them, and the file's content hash (written before the payload)
matches. Anything else is rebuilt: a cache failure only ever costs time.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from . import __version__

T = TypeVar("T")
_KEEP = 16  # newest entries kept; older ones are removed when a new one is written


def cache_dir() -> Path:
    env = os.environ.get("CONSUMER_RULES_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "consumer-rules"


def cache_key(folders: Sequence[Path], backend: str) -> str:
    digest = hashlib.sha256()
    for part in (__version__, backend, _backend_version(backend), sys.version, *_machine()):
        digest.update(part.encode() + b"\0")
    # The engine's own code: a changed compiled structure must never meet an old pickle (during development the
    # version does not move).
    digest.update(engine_digest())
    # A pack loaded alone may borrow the built-in packs' vocabularies (loader.LoadResult), so their manifests count.
    from .discovery import PACK_FILE, builtin_packs_dir

    for manifest in sorted(builtin_packs_dir().glob(f"*/{PACK_FILE}")):
        digest.update(hashlib.sha256(manifest.read_bytes()).digest())
    for folder in folders:
        digest.update(str(folder.resolve()).encode() + b"\0")
        for path in sorted(folder.glob("*.yaml")):
            digest.update(path.name.encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


@functools.lru_cache(maxsize=1)
def engine_digest() -> bytes:
    """A digest of the package's own sources (about a millisecond), for entries whose meaning the code decides."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    return digest.digest()


def _machine() -> tuple[str, str]:
    """``platform.machine()`` and ``platform.system()``, without importing ``platform`` where ``os.uname`` gives
    them (the same values there)."""
    if hasattr(os, "uname"):
        uname = os.uname()
        return uname.machine, uname.sysname
    import platform  # pragma: no cover - Windows

    return platform.machine(), platform.system()  # pragma: no cover


def _backend_version(backend: str) -> str:
    """What identifies the installed matcher libraries: every file directly in their package folders (name, size,
    modification time), so that reinstalling or upgrading either one changes the key. Read from the file system,
    not with ``importlib.metadata``, whose import alone cost more than loading the cached rules' patterns."""
    parts = [_installed("ahocorasick_rs")]
    if backend == "re2":
        parts.append(_installed("re2"))
    return "/".join(parts)


def _installed(module: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(module)  # finds the module without importing it
    origin = spec.origin if spec is not None else None
    if not origin:  # pragma: no cover - not installed
        return f"{module}:?"
    folder = os.path.dirname(origin)
    parts = [module, folder]
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_file():
                st = entry.stat()
                parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


_MAGIC = b"consumer-rules cache 1\n"


class _Untrusted(Exception):
    """The cache folder or entry is not safe to read (someone else could have written it)."""


def _trusted(st: os.stat_result, what: str) -> None:
    """Owned by this user and writable by no one else (where the platform has owners)."""
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise _Untrusted(f"{what} belongs to another user")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise _Untrusted(f"{what} is writable by others")


def _folder() -> Path:
    folder = cache_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = os.stat(folder)
    if not stat.S_ISDIR(st.st_mode):
        raise _Untrusted("the cache location is not a folder")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and (not hasattr(os, "getuid") or st.st_uid == os.getuid()):
        os.chmod(folder, stat.S_IMODE(st.st_mode) & ~(stat.S_IWGRP | stat.S_IWOTH))  # ours: close it
        st = os.stat(folder)
    _trusted(st, "the cache folder")
    return folder


def _load(path: Path) -> object:
    """The value stored at ``path``, after checking the file (regular, ours, not writable by others) and the
    content hash written before the payload: nothing is unpickled that this user did not write whole."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise _Untrusted("the cache entry is not a regular file")
        _trusted(st, "the cache entry")
        data = fh.read()
    if not data.startswith(_MAGIC):
        raise _Untrusted("not a cache entry")
    digest, payload = data[len(_MAGIC) : len(_MAGIC) + 32], data[len(_MAGIC) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        raise _Untrusted("the cache entry is damaged")
    # Unpickling a rule set creates some 100,000 objects, none of them garbage: without this, the collector runs
    # over the growing heap again and again while they are made.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    finally:
        if enabled:
            gc.enable()


_MISSING = object()  # read_entry's answer when nothing can be read, told apart from a stored None


def cached(key: str, build: Callable[[], T], enabled: bool = True, kind: str = "rules") -> T:
    """Return the cached value for ``key``, or build it and store it. The cache is best effort: a missing,
    damaged, foreign or unwritable entry or folder only costs the time to build the value again. ``kind``
    names the entry's family (its file prefix), and each family keeps its own newest entries."""
    if not enabled:
        return build()
    stored = read_entry(kind, key, _MISSING)
    if stored is not _MISSING:
        return stored  # type: ignore[return-value]
    value = build()
    write_entry(kind, key, value)
    return value


def read_entry(kind: str, key: str, default: object = None) -> object:
    """The value stored for ``key`` in the family ``kind``, or ``default`` when there is none that can be trusted
    (a damaged or foreign entry is removed)."""
    try:
        path = _folder() / f"{kind}-{key}.pickle"
    except (OSError, _Untrusted):
        return default
    try:
        return _load(path)
    except FileNotFoundError:
        pass
    except Exception:
        with contextlib.suppress(OSError):
            path.unlink()
    return default


def write_entry(kind: str, key: str, value: object) -> None:
    """Store ``value`` for ``key`` in the family ``kind`` (best effort: a failure only costs a rebuild later)."""
    try:
        folder = _folder()
    except (OSError, _Untrusted):
        return
    path = folder / f"{kind}-{key}.pickle"
    try:
        import tempfile  # only when writing an entry: a warm run does not need it

        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as tmp:  # mode 0600
            tmp.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp.name, path)
        _prune(folder, kind)
    except (OSError, pickle.PicklingError):
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp.name)


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
