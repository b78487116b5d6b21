"""Reading inputs: files and folders to check, decoded to text, with the document kind guessed.

Offsets in findings are code points into the decoded text returned here, so what a user opens in an
editor and what a finding points at agree.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Larger inputs are skipped with a message: marketing copy is never this big, and a check must not stall."""

_SNIFF = 8192


@dataclass(frozen=True)
class Source:
    """A decoded input ready to check."""

    path: str
    text: str
    encoding: str


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """Decode ``raw`` and name the encoding; raise :class:`InputError` for binary or undecodable data."""
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", path), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", path), "utf-16"
    if b"\x00" in raw[:_SNIFF]:
        raise InputError(path, "looks like a binary file (it contains NUL bytes); skipped")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"cannot be decoded as UTF-8 or GB18030 (byte {exc.start}); skipped") from None
    return text, "gb18030"


def _strict(raw: bytes, encoding: str, path: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not valid {encoding} (byte {exc.start}); skipped") from None


def read_source(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> Source:
    display = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(display, f"is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB limit; skipped")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(display, f"cannot be read: {exc.strerror or exc}") from None
    text, encoding = decode(raw, display)
    return Source(display, text, encoding)


def iter_paths(target: Path) -> Iterator[Path]:
    """Files to check under ``target``: the file itself, or supported files in a folder, recursively.

    Hidden folders are skipped and symlinked folders are followed at most once, so a link loop ends.
    """
    if not target.is_dir():
        yield target
        return
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(target, followlinks=True):
        st = os.stat(root)
        key = (st.st_dev, st.st_ino)
        if key in seen:
            dirs[:] = []
            continue
        seen.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(TEXT_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


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
