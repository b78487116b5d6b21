"""Turning a rule's phrases and regexes into what the matchers run, and proving regexes are linear-time.

Phrases are normalised exactly like the texts (so ``保證``, ``ＡＰＰ`` and ``保 本`` in a rule still meet the
text). Regexes keep their syntax: only their Chinese characters are folded to Simplified, and they run
case-insensitively; a regex that names a character normalisation removes (％, ，) can never match and is
refused with a hint.

A regex must compile in Hyperscan and RE2. Both are automata engines: neither supports back-references or
look-around, which is exactly the set of constructs that make a regex super-linear in a backtracking engine.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .backends.flags import HS_FLAGS_REGEX
from .model import PatternSpec, Tolerate, pattern_parts
from .normalize import _tables, normalize_phrase

try:
    import hyperscan
except ImportError:  # pragma: no cover - exercised on platforms without a wheel
    hyperscan = None  # type: ignore[assignment]
try:
    import re2
except ImportError:  # pragma: no cover
    re2 = None

_SEPARATORS = "、,;，；。.:：\\s"
_SEPARATOR_SPLIT = re.compile(f"[{_SEPARATORS}]+")

_HS_HINTS = {
    "Back-references": (
        "regex uses a back-reference, which is not linear-time",
        "rewrite it without \\1, or list the variants as phrases",
    ),
    "Zero-width assertions": (
        "regex uses look-ahead or look-behind, which is not supported",
        "use the rule's 'unless' guards (negated, inside, near) instead",
    ),
    "matches empty buffer": ("regex can match empty text", "make at least one character mandatory"),
    "too large": ("regex is too large to compile", "narrow bounded repeats such as .{0,5000}"),
}


def engine_regex(pattern: str | PatternSpec, tolerate: Tolerate | None = None) -> tuple[str, bool]:
    """Regex source for the matchers and whether it is a plain literal (``literal`` text if so)."""
    source, is_regex = pattern_parts(pattern)
    if is_regex:
        return fold_regex(source), False
    phrase = normalize_phrase(source)
    if tolerate is None:
        return re.escape(phrase), True
    return tolerant_regex(phrase, tolerate), False


def literal_text(pattern: str | PatternSpec) -> str | None:
    source, is_regex = pattern_parts(pattern)
    return None if is_regex else normalize_phrase(source)


def fold_regex(source: str) -> str:
    """Fold the Chinese characters of a regex to Simplified; its syntax is left alone."""
    table = _tables()[0]
    return "".join(
        table.get(ord(ch), ch) if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" else ch for ch in source
    )


def tolerant_regex(phrase: str, tolerate: Tolerate) -> str:
    """A regex for an accepted phrasing that forgives separators and listed character variants."""
    variants = {normalize_phrase(k): [normalize_phrase(v) for v in vs] for k, vs in tolerate.variants.items()}

    def part_regex(part: str) -> str:
        out = []
        for ch in part:
            if ch in variants:
                out.append("(?:" + "|".join(re.escape(v) for v in [ch, *variants[ch]]) + ")")
            else:
                out.append(re.escape(ch))
        return "".join(out)

    if not tolerate.punctuation:
        return part_regex(phrase)
    parts = [p for p in _SEPARATOR_SPLIT.split(phrase) if p]
    return f"[{_SEPARATORS}]{{0,3}}".join(part_regex(p) for p in parts)


def check_pattern(pattern: str | PatternSpec) -> tuple[str, str | None] | None:
    """Return (message, hint) when the pattern cannot be used, else None."""
    source, is_regex = pattern_parts(pattern)
    return _check_regex(source) if is_regex else _check_phrase(source)


@lru_cache(maxsize=4096)
def _check_phrase(source: str) -> tuple[str, str | None] | None:
    if not normalize_phrase(source).strip():
        return (f"phrase {source!r} is empty once normalised", "a phrase needs visible characters")
    return None


@lru_cache(maxsize=4096)
def _check_regex(source: str) -> tuple[str, str | None] | None:
    try:
        re.compile(source)
    except re.error as exc:
        return (f"regex {source!r} does not compile: {exc}", None)
    table = _tables()[0]
    stray = sorted(
        {
            ch
            for ch in source
            if ord(ch) in table
            and not ("\u3400" <= ch <= "\u9fff")
            and not ("a" <= table[ord(ch)] <= "z" and ch.isascii())
        }
    )
    if stray:
        shown = ", ".join(f"'{ch}' -> '{table[ord(ch)]}'" for ch in stray)
        return (
            f"regex {source!r} contains characters that never occur in the normalised text",
            f"texts are matched after normalisation; write {shown}",
        )
    folded = fold_regex(source)
    if hyperscan is not None:
        try:
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            db.compile(expressions=[folded.encode()], ids=[0], elements=1, flags=[HS_FLAGS_REGEX])
        except hyperscan.error as exc:
            text = str(exc.args[0] if exc.args else exc)
            for needle, (message, hint) in _HS_HINTS.items():
                if needle in text:
                    return (f"{message}: {source!r}", hint)
            return (f"regex {source!r} is not supported by the matcher: {text}", None)
    if re2 is not None:
        options = re2.Options()
        options.log_errors = False
        try:
            re2.compile(folded, options)
        except re2.error as exc:
            detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            return (
                f"regex {source!r} is not linear-time safe (RE2 refuses it: {detail})",
                "drop back-references and look-around; use 'unless' guards instead",
            )
    if re.compile(folded).search(""):
        return (f"regex {source!r} can match empty text", "make at least one character mandatory")
    return None
