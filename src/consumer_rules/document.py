"""Reading inputs: which files to check, how they are encoded, and their visible text.

Offsets in findings are code points into the decoded source, so what a user opens in an editor and what a
finding points at agree (see extract/ for how Markdown and HTML keep that true).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
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
    display = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(display, f"is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(display, f"cannot be read: {exc.strerror or exc}") from None
    return extract(raw, display, fmt or format_of(path))


def iter_paths(
    target: Path, include: Sequence[str] = (), exclude: Sequence[str] = (), gitignore: bool = True
) -> Iterator[Path]:
    """Files to check under ``target``: the file itself, or the supported files in a folder, recursively.

    Hidden folders are skipped, .gitignore files are respected, ``include``/``exclude`` are glob patterns
    (gitignore syntax) relative to ``target``, and symlinked folders are followed at most once, so a link
    loop ends.
    """
    if not target.is_dir():
        yield target
        return
    import pathspec

    includes = pathspec.GitIgnoreSpec.from_lines(include) if include else None
    excludes = pathspec.GitIgnoreSpec.from_lines(exclude)
    ignores: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(target, followlinks=True):
        here = Path(root)
        st = os.stat(root)
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        if gitignore and (here / ".gitignore").is_file():
            lines = (here / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
            ignores.append((here, pathspec.GitIgnoreSpec.from_lines(lines)))

        def ignored(path: Path, is_dir: bool) -> bool:
            rel = path.relative_to(target).as_posix() + ("/" if is_dir else "")
            if excludes.match_file(rel):
                return True
            for base, spec in ignores:
                if base in path.parents and spec.match_file(
                    path.relative_to(base).as_posix() + ("/" if is_dir else "")
                ):
                    return True
            return False

        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not ignored(here / d, True))
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES or ignored(path, False):
                continue
            if includes is not None and not includes.match_file(path.relative_to(target).as_posix()):
                continue
            yield path


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
