"""Reading inputs: which files to check, how they are encoded, and their visible text.

Offsets in findings are code points into the decoded source, so what a user opens in an editor and what a
finding points at agree (see extract/ for how Markdown and HTML keep that true).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .extract import Extracted

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                 ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}  # fmt: skip
MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Larger inputs are skipped with a message: marketing copy is never this big, and a check must not stall."""

_SNIFF = 8192
_CANDIDATES = ["gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be"]


@dataclass(frozen=True)
class Source:
    """A decoded input, ready to check."""

    path: str
    extracted: Extracted
    encoding: str | None  # None for Word and PDF, which carry their own


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """Decode ``raw`` and name the encoding; raise :class:`InputError` for binary or undecodable data."""
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", path), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", path), "utf-16"
    if b"\x00" in raw[:_SNIFF]:
        raise InputError(path, "looks like a binary file (it contains NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(raw, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise InputError(path, "is neither UTF-8, UTF-16, GB18030/GBK nor Big5 text")
    return str(best), best.encoding


def _strict(raw: bytes, encoding: str, path: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not valid {encoding} (byte {exc.start})") from None


def extract(raw: bytes, path: str, fmt: str) -> Source:
    """Decode and read ``raw`` as ``fmt`` (text, markdown, html, docx, pdf)."""
    if fmt in ("docx", "pdf"):
        try:
            if fmt == "docx":
                from .extract.docx import extract_docx

                return Source(path, extract_docx(raw), None)
            from .extract.pdf import extract_pdf

            return Source(path, extract_pdf(raw), None)
        except Exception as exc:
            raise InputError(path, f"cannot be read as {fmt.upper()} ({type(exc).__name__}: {exc})") from None
    text, encoding = decode(raw, path)
    if fmt == "markdown":
        from .extract.markdown import extract_markdown

        return Source(path, extract_markdown(text), encoding)
    if fmt == "html":
        from .extract.html import extract_html

        return Source(path, extract_html(text), encoding)
    from .extract.plain import extract_plain

    return Source(path, extract_plain(text), encoding)


def format_of(path: Path) -> str:
    return TEXT_SUFFIXES.get(path.suffix.lower(), "text")


def read_source(path: Path, max_bytes: int = MAX_INPUT_BYTES, fmt: str | None = None) -> Source:
    """Read and decode one file. Only regular files are opened (a FIFO would block, a device never end), and
    never more than ``max_bytes`` are read, whatever the file system says its size is."""
    display = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(display, f"cannot be read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(display, f"is not a regular file ({_file_type(st.st_mode)}); only regular files are read")
        if st.st_size > max_bytes:
            raise InputError(display, f"is {st.st_size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB limit")
        raw = read_bounded(fd, max_bytes)
    except OSError as exc:
        raise InputError(display, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if raw is None:
        raise InputError(display, f"grew beyond the {max_bytes / 1e6:.0f} MB limit while it was read")
    return extract(raw, display, fmt or format_of(path))


def read_bounded(fd: int, max_bytes: int) -> bytes | None:
    """At most ``max_bytes`` from ``fd``; None when there is more."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            return None


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def compile_globs(patterns: Sequence[str], origin: str, numbered: bool = False) -> Any:
    """A gitignore-style matcher for ``patterns``; a :class:`UsageError` naming ``origin`` (and the line, for a
    file) when one is not a valid pattern."""
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(patterns)
    except Exception:
        pass
    for i, pattern in enumerate(patterns):
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception as exc:
            where = f"{origin}:{i + 1}" if numbered else origin
            raise UsageError(f"{where}: invalid pattern {pattern!r}: {exc}") from None
    raise UsageError(f"{origin}: invalid patterns")  # pragma: no cover - every pattern is valid on its own


def globs_match(spec: Any, path: str) -> bool:
    """``spec.match_file(path)`` for any file name, also one that is not valid UTF-8 (its undecodable bytes are
    read as U+FFFD, as the matcher needs valid Unicode)."""
    try:
        return bool(spec.match_file(path))
    except UnicodeEncodeError:
        return bool(spec.match_file(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")))


SkipFn = Callable[[str, str], None]


def iter_paths(
    target: Path,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    gitignore: bool = True,
    *,
    follow_symlinks: bool = False,
    on_skip: SkipFn | None = None,
) -> Iterator[Path]:
    """Files to check under ``target``: the file itself, or the supported files in a folder, recursively.

    Hidden folders are skipped, .gitignore files are respected, ``include``/``exclude`` are glob patterns
    (gitignore syntax) relative to ``target``. Symbolic links are followed only while they stay inside
    ``target`` (anywhere with ``follow_symlinks``), each folder is visited once, so a link loop ends, and only
    regular files are yielded. What is passed over for those reasons, and folders that cannot be read, are
    reported to ``on_skip(path, reason)``.
    """
    skip: SkipFn = on_skip or (lambda path, reason: None)
    if not target.is_dir():
        yield target
        return
    includes = compile_globs(include, "--include") if include else None
    excludes = compile_globs(exclude, "--exclude")
    ignores: list[tuple[Path, Any]] = []
    seen: set[tuple[int, int]] = set()
    root_real = os.path.realpath(target)

    def outside(path: Path) -> bool:
        real = os.path.realpath(path)
        return not (real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep))

    def unreadable(exc: OSError) -> None:
        skip(str(exc.filename), f"cannot be read: {exc.strerror or exc}")

    for root, dirs, files in os.walk(target, followlinks=True, onerror=unreadable):
        here = Path(root)
        try:
            st = os.stat(root)
        except OSError as exc:
            unreadable(exc)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        if gitignore and (here / ".gitignore").is_file():
            try:
                lines = (here / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError as exc:
                skip(str(here / ".gitignore"), f"cannot be read: {exc.strerror or exc}; its patterns were not applied")
            else:
                ignores.append((here, compile_globs(lines, str(here / ".gitignore"), numbered=True)))

        def ignored(path: Path, is_dir: bool) -> bool:
            rel = path.relative_to(target).as_posix() + ("/" if is_dir else "")
            if globs_match(excludes, rel):
                return True
            for base, spec in ignores:
                if base in path.parents and globs_match(
                    spec, path.relative_to(base).as_posix() + ("/" if is_dir else "")
                ):
                    return True
            return False

        kept = []
        for d in sorted(dirs):
            if d.startswith(".") or ignored(here / d, True):
                continue
            if not follow_symlinks and os.path.islink(here / d) and outside(here / d):
                skip(str(here / d), _LINK_OUTSIDE)
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES or ignored(path, False):
                continue
            if includes is not None and not globs_match(includes, path.relative_to(target).as_posix()):
                continue
            if os.path.islink(path):
                if not os.path.exists(path):
                    skip(str(path), "is a broken symbolic link")
                    continue
                if not follow_symlinks and outside(path):
                    skip(str(path), _LINK_OUTSIDE)
                    continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                skip(str(path), f"cannot be read: {exc.strerror or exc}")
                continue
            if not stat.S_ISREG(mode):
                skip(str(path), f"is not a regular file ({_file_type(mode)}); only regular files are read")
                continue
            yield path


_LINK_OUTSIDE = "is a symbolic link to outside the folder being checked; not followed (use --follow-symlinks)"


_PRIVACY = re.compile(
    r"隐私政策|隐私权政策|隐私保护政策|个人信息保护政策|个人信息处理规则|隐私保护指引|个人信息授权书|privacy policy"
)
_TERMS = re.compile(
    r"(?:服务|用户|会员|注册|借款|贷款|信用卡|领用|购买|产品|保险|理财|基金)(?:协议|合同|条款|章程)|协议条款|格式条款"
)
_PRIVACY_HINTS = ("隐私", "个人信息", "privacy")
_TERMS_HINTS = ("协议", "合同", "条款", "章程")


def detect_kind(text: str) -> str:
    """Guess the document kind from its opening: privacy notice, terms, or (by default) marketing."""
    head = text[:400]
    # Cheap substring tests first: the regexes only run on the few openings that could match.
    if any(h in head for h in _PRIVACY_HINTS) and _PRIVACY.search(head):
        return "privacy"
    if any(h in head for h in _TERMS_HINTS) and _TERMS.search(head):
        return "terms"
    return "marketing"
