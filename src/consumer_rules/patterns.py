"""Turning a rule's phrases and regexes into what the matchers run, and proving regexes are linear-time.

Phrases are normalised exactly like the texts (so ``保證``, ``ＡＰＰ`` and ``保 本`` in a rule still meet the
text). Regexes keep their syntax: only their Chinese characters are folded to Simplified, and they run
case-insensitively; a regex that names a character normalisation removes (％, ，) can never match and is
refused with a hint.

A regex must be linear-time: no back-references, no look-around and no nested unbounded repeats such as
``(a+)+`` — the constructs that make a backtracking engine take exponential time. The structure is checked
here, engine-independently, and the regex must also compile in RE2, the automaton engine that runs it.
"""

from __future__ import annotations

import importlib
import re
from functools import cache, lru_cache
from typing import Any

from .backends.shape import RegexShape
from .model import PatternSpec, Tolerate, pattern_parts
from .normalize import _tables, normalize_phrase

try:
    import re2
except ImportError:  # pragma: no cover - the structural check still applies
    re2 = None

# Python's own regex parser gives the structure; its home moved in 3.11 (sre_parse is deprecated there).
try:
    sre_parse: Any = importlib.import_module("re._parser")
    sre_constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - Python 3.10
    sre_parse = importlib.import_module("sre_parse")
    sre_constants = importlib.import_module("sre_constants")

_SEPARATORS = "、,;，；。.:：\\s"
_SEPARATOR_SPLIT = re.compile(f"[{_SEPARATORS}]+")


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


_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})")


def fold_regex(source: str) -> str:
    """Fold the Chinese characters of a regex to Simplified; its syntax is left alone.

    ``\\uXXXX`` escapes become the characters themselves: Python's re knows them and RE2 does not.
    """
    source = _UNICODE_ESCAPE.sub(lambda m: m.group(1) + re.escape(chr(int(m.group(2), 16))), source)
    return source.translate(_han_folds())


@cache
def _han_folds() -> dict[int, str]:
    """The folding table's entries for Chinese characters alone (``str.translate`` runs the whole source in C;
    a loop over its characters took 0.4 s of every load of the built-in packs)."""
    return {
        code: folded for code, folded in _tables()[0].items() if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
    }


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
    if isinstance(pattern, PatternSpec) and pattern.vocabulary is not None:
        return (
            f"vocabulary '{pattern.vocabulary}' cannot stand here",
            "name a vocabulary in a rule's pattern lists; a pack's masks, framing and vocabularies list words",
        )
    source, is_regex = pattern_parts(pattern)
    return _check_regex(source) if is_regex else _check_phrase(source)


@lru_cache(maxsize=4096)
def _check_phrase(source: str) -> tuple[str, str | None] | None:
    if not normalize_phrase(source).strip():
        return (f"phrase {source!r} is empty once normalised", "a phrase needs visible characters")
    return None


@lru_cache(maxsize=4096)
def _check_regex(source: str) -> tuple[str, str | None] | None:
    # Parsed, not compiled: the parser raises every syntax error, and the matcher compiles each regex of a rule set
    # once when it is built (AutomatonMatcher.verify). Compiling here too cost a third of a cold build.
    folded = fold_regex(source)
    try:
        # The matcher's parse (kept with its shape), so the regex is parsed once for both.
        parsed = RegexShape.of(folded).parsed
    except re.error as folded_error:
        exc = folded_error
        try:  # the error's position in the source as written (a \uXXXX escape is one character once folded)
            sre_parse.parse(source)
        except re.error as source_error:
            exc = source_error
        hint = None
        if "\\p" in source or "\\P" in source:
            hint = "Unicode classes like \\p{Han} are not portable; write a range such as [\\u4e00-\\u9fff]"
        return (f"regex {source!r} does not compile: {exc}", hint)
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
    structural = _structure_problem(parsed)
    if structural:
        return (f"{structural[0]}: {source!r}", structural[1])
    if re2 is not None:
        from .backends.automaton import compiled_re2

        try:
            compiled_re2(folded)  # as the matcher will compile it, so the matcher reuses it
        except re2.error as exc:
            detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            if "too large" in detail:  # the syntax is fine: the matcher reports its memory budget, naming the rule
                return None
            return (
                f"regex {source!r} is not supported by RE2: {detail}",
                "use plain RE2 syntax: groups, classes, alternation and repeats",
            )
    # a regex whose shortest match has a character cannot match empty text; only the others are tried on it
    if parsed.getwidth()[0] == 0 and re.compile(folded).search(""):
        return (f"regex {source!r} can match empty text", "make at least one character mandatory")
    return None


_UNBOUNDED = sre_constants.MAXREPEAT
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)}


def _structure_problem(parsed: Any, inside_repeat: bool = False) -> tuple[str, str] | None:
    """The first construct that is not linear-time in a backtracking engine, with a hint; None if none."""
    for op, arg in parsed:
        if op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
            return (
                "regex uses a back-reference, which is not linear-time",
                "rewrite it without \\1, or list the variants as phrases",
            )
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            return (
                "regex uses look-ahead or look-behind, which is not supported",
                "use the rule's 'unless' guards (negated, inside, near) instead",
            )
        if op in _REPEATS:
            _low, high, body = arg
            repeats = high == _UNBOUNDED or high > 1
            if repeats and inside_repeat:
                return (
                    "regex nests one repeat inside another (like (a+)+), which can take exponential time",
                    "repeat the inner part only, e.g. (?:ab)+ instead of (?:a+b)+",
                )
            found = _structure_problem(body, inside_repeat or repeats)
            if found:
                return found
        elif op == sre_constants.SUBPATTERN:
            found = _structure_problem(arg[-1], inside_repeat)
            if found:
                return found
        elif op == sre_constants.BRANCH:
            for branch in arg[1]:
                found = _structure_problem(branch, inside_repeat)
                if found:
                    return found
        elif op == getattr(sre_constants, "ATOMIC_GROUP", None):
            found = _structure_problem(arg, inside_repeat)
            if found:
                return found
    return None


def required_literals(regex: str) -> tuple[str, ...] | None:
    """Literal pieces of which at least one occurs in every match of ``regex`` (lower-cased), or None.

    The matcher finds these with its phrase automaton and runs a regex only around the places where one of
    them occurs, so most regexes cost nothing on most documents (see :mod:`.backends.shape`).
    """
    return required_pieces(regex)[0]


def required_pieces(regex: str) -> tuple[tuple[str, ...] | None, tuple[tuple[str, ...], ...] | None]:
    """The anchor of ``regex`` (as :func:`required_literals`) and the other literal pieces every match holds,
    each a tuple of alternatives; (None, None) when the regex does not parse."""
    try:
        pieces = RegexShape.of(regex).pieces
    except (re.error, RecursionError):  # pragma: no cover - validated regexes parse
        return None, None
    return (pieces[0], pieces[1:]) if pieces else (None, ())
