"""On-disk cache of compiled rule sets, keyed by the exact bytes of every rule file.

Loading and validating YAML costs far more than checking one small file, and CI or a pre-commit hook checks
small files. A cache hit loads the pickled rule set (its matcher is rebuilt from the pattern table in
milliseconds) and never imports pydantic. The key covers every rule file's path and content, the
package version and source, the matcher backend and its version, and the Python and platform, so a stale
entry is never used; a corrupt entry is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import sys
import tempfile
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
    for part in (__version__, backend, _backend_version(backend), sys.version, platform.machine(), platform.system()):
        digest.update(part.encode() + b"\0")
    # The engine's own code: a changed compiled structure must never meet an old pickle (during development the
    # version does not move). Hashing the package's sources costs about a millisecond.
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    for folder in folders:
        digest.update(str(folder.resolve()).encode() + b"\0")
        for path in sorted(folder.glob("*.yaml")):
            digest.update(path.name.encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _backend_version(backend: str) -> str:
    import ahocorasick_rs

    parts = [str(getattr(ahocorasick_rs, "__version__", "?"))]
    if backend == "re2":
        from importlib.metadata import PackageNotFoundError, version

        try:
            parts.append(version("google-re2"))
        except PackageNotFoundError:  # pragma: no cover
            parts.append("?")
    return "/".join(parts)


def cached(key: str, build: Callable[[], T], enabled: bool = True) -> T:
    """Return the cached value for ``key``, or build it and store it (best effort: failures only cost time)."""
    if not enabled:
        return build()
    path = cache_dir() / f"rules-{key}.pickle"
    try:
        with path.open("rb") as fh:
            value: T = pickle.load(fh)
        return value
    except FileNotFoundError:
        pass
    except Exception:
        path.unlink(missing_ok=True)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
        _prune(path.parent)
    except OSError:
        pass
    return value


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        old.unlink(missing_ok=True)
